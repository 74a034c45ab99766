//! Installing the pinned tools. Each step checks presence and exact version first, so on a
//! warm machine the whole set-up takes well under a second.
//!
//! Only package registries are reachable on the project's machines (crates.io, npm, Debian),
//! so nothing here downloads a prebuilt binary, and Trunk runs offline with every tool on PATH.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::run::CommandExt;

/// Trunk 0.22 needs a newer rustc than the project's; `--locked` keeps its own deps buildable.
pub const TRUNK_VERSION: &str = "0.21.14";
/// `node_modules/.bin/wasm-opt` from npm `binaryen`; Trunk.toml refuses any other version.
pub const WASM_OPT_VERSION: &str = "132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The environment in which the project's commands run once the tools are installed.
pub struct Tools {
    root: PathBuf,
    path: OsString,
    chromedriver: Option<PathBuf>,
}

struct Progress {
    step: usize,
    total: usize,
}

impl Progress {
    /// Runs one set-up step: `check` says whether it is already done (with a detail for the
    /// log), `install` does it. `usual` is how long the install usually takes on 2 cores.
    fn step(
        &mut self,
        what: &str,
        usual: &str,
        check: impl Fn() -> Result<String, String>,
        install: impl FnOnce() -> Result<(), String>,
    ) -> Result<(), String> {
        self.step += 1;
        let label = format!("[setup {}/{}] {what}", self.step, self.total);
        let start = Instant::now();
        match check() {
            Ok(detail) => {
                println!("{label}: ok, {detail} ({:.1} s)", secs(start));
                return Ok(());
            }
            Err(why) => println!("{label}: {why}; installing (usually {usual})…"),
        }
        install()?;
        match check() {
            Ok(detail) => {
                println!("{label}: installed, {detail} ({:.1} s)", secs(start));
                Ok(())
            }
            Err(why) => Err(format!("{what}: still not usable after installing: {why}")),
        }
    }
}

fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}

impl Tools {
    /// Installs what `serve` and `dist` need, plus Chromium and ChromeDriver when `browser`.
    pub fn ensure(browser: bool) -> Result<Tools, String> {
        let root = crate::root();
        let mut tools = Tools {
            path: search_path(&root),
            root,
            chromedriver: None,
        };
        check_rust_version(&tools.root)?;
        let mut p = Progress {
            step: 0,
            total: if browser { 6 } else { 5 },
        };

        p.step(
            "Rust target wasm32-unknown-unknown",
            "~20 s",
            || {
                let out = Command::new("rustup")
                    .args(["target", "list", "--installed"])
                    .output_ok()
                    .ok_or("rustup is not available (install Rust with rustup first)")?;
                if out.lines().any(|l| l.trim() == WASM_TARGET) {
                    Ok("installed".into())
                } else {
                    Err("not installed".into())
                }
            },
            || {
                Command::new("rustup")
                    .args(["target", "add", WASM_TARGET])
                    .status_ok()
            },
        )?;

        let bindgen = wasm_bindgen_version(&tools.root)?;
        p.step(
            &format!("wasm-bindgen-cli {bindgen} (the version in Cargo.lock)"),
            "~3.5 min",
            || {
                let main = tools.version_of("wasm-bindgen", &["--version"]);
                let runner = tools.version_of("wasm-bindgen-test-runner", &["--version"]);
                match (main, runner) {
                    (Some(m), Some(r)) if m.contains(&bindgen) && r.contains(&bindgen) => {
                        Ok(m.trim().to_string())
                    }
                    (Some(m), _) => Err(format!("found {}", m.trim())),
                    (None, _) => Err("not installed".into()),
                }
            },
            // Not `--locked`: its lock file names a crate version the registry no longer has.
            || {
                tools
                    .cargo(&["install", "wasm-bindgen-cli", "--version", &bindgen])
                    .status_ok()
            },
        )?;

        p.step(
            &format!("Trunk {TRUNK_VERSION}"),
            "~14 min",
            || match tools.version_of("trunk", &["--version"]) {
                Some(v) if v.split_whitespace().nth(1) == Some(TRUNK_VERSION) => {
                    Ok(v.trim().to_string())
                }
                Some(v) => Err(format!("found {}", v.trim())),
                None => Err("not installed".into()),
            },
            || {
                tools
                    .cargo(&["install", "--locked", "trunk", "--version", TRUNK_VERSION])
                    .status_ok()
            },
        )?;

        p.step(
            &format!("npm tools (wasm-opt {WASM_OPT_VERSION}, markdown-it, axe-core)"),
            "~5 s",
            || {
                let v = tools
                    .version_of("wasm-opt", &["--version"])
                    .filter(|v| v.contains(&format!("version {WASM_OPT_VERSION}")))
                    .ok_or("wasm-opt from npm is missing")?;
                for pkg in ["markdown-it", "axe-core"] {
                    if !tools.root.join("node_modules").join(pkg).is_dir() {
                        return Err(format!("npm package {pkg} is missing"));
                    }
                }
                Ok(v.trim().to_string())
            },
            || {
                if tools.version_of("npm", &["--version"]).is_none() {
                    apt_install(&["nodejs", "npm"], "Node.js and npm")?;
                }
                tools
                    .command("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(&tools.root)
                    .status_ok()
            },
        )?;

        if browser {
            p.step(
                "Chromium and ChromeDriver",
                "~70 s",
                || {
                    let chromium = ["chromium", "chromium-browser", "google-chrome"]
                        .iter()
                        .find_map(|b| tools.version_of(b, &["--version"]))
                        .ok_or("Chromium is not installed")?;
                    let driver = tools
                        .chromedriver_path()
                        .ok_or("ChromeDriver is not installed")?;
                    let dv = Command::new(&driver)
                        .arg("--version")
                        .output_ok()
                        .ok_or("chromedriver --version failed")?;
                    Ok(format!(
                        "{} / {}",
                        first_line_with_digit(&chromium),
                        first_line_with_digit(&dv)
                    ))
                },
                || {
                    apt_install(
                        &["chromium", "chromium-driver"],
                        "Chromium and ChromeDriver",
                    )
                },
            )?;
            tools.chromedriver = tools.chromedriver_path();
        }

        // Trunk builds with `cargo --offline` (Trunk.toml), so every crate must be local first.
        let start = Instant::now();
        let step = p.total;
        println!("[setup {step}/{step}] crates for offline builds: cargo fetch…");
        tools.cargo(&["fetch", "--quiet"]).status_ok()?;
        println!(
            "[setup {step}/{step}] crates for offline builds: ok ({:.1} s)",
            secs(start)
        );
        Ok(tools)
    }

    /// A command run with the project's PATH (npm's `.bin` and cargo's `bin` first).
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.which(program).unwrap_or_else(|| program.into()));
        cmd.env("PATH", &self.path).current_dir(&self.root);
        if let Some(driver) = &self.chromedriver {
            // wasm-bindgen-test-runner and the e2e tests use this driver, whatever else is
            // installed.
            cmd.env("CHROMEDRIVER", driver);
        }
        cmd.env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            self.root.join("webdriver.json"),
        );
        cmd
    }

    pub fn cargo(&self, args: &[&str]) -> Command {
        let mut cmd = self.command(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.args(args);
        cmd
    }

    /// `trunk …`, never asking a registry for a newer Trunk.
    pub fn trunk(&self, args: &[&str]) -> Command {
        let mut cmd = self.command("trunk");
        cmd.arg("--skip-version-check").args(args);
        cmd
    }

    fn which(&self, program: &str) -> Option<PathBuf> {
        if program.contains('/') {
            return Some(program.into());
        }
        std::env::split_paths(&self.path)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    }

    fn version_of(&self, program: &str, args: &[&str]) -> Option<String> {
        Command::new(self.which(program)?)
            .args(args)
            .env("PATH", &self.path)
            .output_ok()
    }

    fn chromedriver_path(&self) -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("CHROMEDRIVER").map(PathBuf::from) {
            return p.is_file().then_some(p);
        }
        self.which("chromedriver")
    }
}

/// PATH with the project's npm tools and cargo's install folder first, so tools installed a
/// moment ago are found even when the shell's PATH lacks `~/.cargo/bin`.
fn search_path(root: &Path) -> OsString {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|h| h.join("bin"));
    let mut dirs = vec![root.join("node_modules/.bin")];
    dirs.extend(cargo_bin);
    dirs.extend(
        std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths),
    );
    std::env::join_paths(dirs).unwrap_or_default()
}

/// The version of the `wasm-bindgen` crate in Cargo.lock: Trunk needs exactly this CLI.
pub fn wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock_path = root.join("Cargo.lock");
    if !lock_path.is_file() {
        // A fresh checkout without a lock file: let cargo resolve one.
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["generate-lockfile"])
            .current_dir(root)
            .status_ok()?;
    }
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    version_in_lock(&lock, "wasm-bindgen")
        .ok_or_else(|| format!("no wasm-bindgen package in {}", lock_path.display()))
}

fn version_in_lock(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let v = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(v.trim_end_matches('"').to_string());
        }
    }
    None
}

/// `Chromium 156.0.8078.108` out of a `--version` output (which may have noise around it).
fn first_line_with_digit(s: &str) -> String {
    let line = s
        .lines()
        .find(|l| l.chars().any(|c| c.is_ascii_digit()))
        .unwrap_or("");
    line.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Installs Debian packages, or says what to install on another system.
fn apt_install(packages: &[&str], what: &str) -> Result<(), String> {
    let on_debian = Path::new("/etc/debian_version").exists();
    let have_apt = Command::new("apt-get")
        .arg("--version")
        .output_ok()
        .is_some();
    if !(on_debian && have_apt) {
        return Err(format!(
            "{what} missing and this is not a Debian-like system: install {what} yourself \
             (Chromium or Chrome plus the ChromeDriver of the same major version, on PATH or \
             named by $CHROMEDRIVER), then run the command again"
        ));
    }
    let root = Command::new("id")
        .arg("-u")
        .output_ok()
        .is_some_and(|u| u.trim() == "0");
    if !root {
        return Err(format!(
            "{what} missing: run `sudo apt-get update && sudo apt-get install -y {}` and then \
             this command again",
            packages.join(" ")
        ));
    }
    Command::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status_ok()?;
    Command::new("apt-get")
        .args(["install", "-y"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_version_from_a_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen-shared\"\nversion = \"0.1.0\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            version_in_lock(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(version_in_lock(lock, "trunk"), None);
    }

    #[test]
    fn the_projects_lock_pins_wasm_bindgen_exactly_as_cargo_toml_does() {
        let root = crate::root();
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        let locked = wasm_bindgen_version(&root).unwrap();
        assert!(
            manifest.contains(&format!("wasm-bindgen = \"={locked}\"")),
            "Cargo.toml must pin wasm-bindgen = \"={locked}\" (the version in Cargo.lock)"
        );
    }
}

/// The minimum Rust version, stated once (`rust-version` under `[workspace.package]` in the
/// root Cargo.toml) and inherited by every crate; a machine with an older rustc gets a clear
/// message here instead of an obscure compile error later.
fn check_rust_version(root: &Path) -> Result<(), String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let wanted = workspace_rust_version(&manifest)
        .ok_or("Cargo.toml has no `rust-version` under [workspace.package]")?;
    let out = Command::new("rustc")
        .arg("--version")
        .output_ok()
        .ok_or("rustc is not available (install Rust with rustup first)")?;
    let have = out.split_whitespace().nth(1).unwrap_or("").to_string();
    if version_at_least(&have, &wanted) {
        println!("[setup] rustc {have}: ok (the project needs {wanted} or newer)");
        Ok(())
    } else {
        Err(format!(
            "rustc {have} is older than the project's minimum Rust {wanted} \
             (`rust-version` in Cargo.toml): update it with `rustup update stable`"
        ))
    }
}

/// `rust-version = "X.Y"` of the `[workspace.package]` table.
fn workspace_rust_version(manifest: &str) -> Option<String> {
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[workspace.package]";
        } else if in_table {
            if let Some(v) = line.strip_prefix("rust-version") {
                let v = v.trim_start().strip_prefix('=')?.trim().trim_matches('"');
                return Some(v.to_string());
            }
        }
    }
    None
}

/// Whether dotted version `have` (e.g. `1.95.0`, `1.96.0-nightly`) is at least `wanted`.
fn version_at_least(have: &str, wanted: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> {
        v.split(['-', '+'])
            .next()
            .unwrap_or("")
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    };
    let (h, w) = (parts(have), parts(wanted));
    (0..3)
        .map(|i| h.get(i).copied().unwrap_or(0))
        .cmp((0..3).map(|i| w.get(i).copied().unwrap_or(0)))
        != std::cmp::Ordering::Less
}

#[cfg(test)]
mod rust_version_tests {
    use super::*;

    #[test]
    fn the_minimum_is_read_from_the_workspace_table_only() {
        let m = "[package]\nrust-version = \"1.10\"\n[workspace.package]\nedition = \"2021\"\nrust-version = \"1.88\"\n";
        assert_eq!(workspace_rust_version(m).as_deref(), Some("1.88"));
        assert_eq!(
            workspace_rust_version("[package]\nrust-version = \"1.88\"\n"),
            None
        );
    }

    #[test]
    fn versions_compare_by_number_not_text() {
        assert!(version_at_least("1.95.0", "1.88"));
        assert!(version_at_least("1.88.0", "1.88"));
        assert!(version_at_least("1.100.0-nightly", "1.88"));
        assert!(!version_at_least("1.87.1", "1.88"));
        assert!(!version_at_least("1.9.0", "1.88"));
    }

    #[test]
    fn every_crate_inherits_the_minimum() {
        let root = crate::root();
        for manifest in [
            "Cargo.toml",
            "crates/twir-format/Cargo.toml",
            "crates/twir-cli/Cargo.toml",
            "crates/e2e/Cargo.toml",
            "xtask/Cargo.toml",
        ] {
            let text = std::fs::read_to_string(root.join(manifest)).unwrap();
            assert!(
                text.contains("rust-version.workspace = true"),
                "{manifest} does not inherit rust-version"
            );
        }
    }
}
