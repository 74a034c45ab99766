//! `cargo xtask`: the project's only entry points for building, serving, testing and measuring.
//!
//! Every command first installs what it needs (pinned versions, nothing by hand), checking
//! what is already there so that a warm machine skips each step in a fraction of a second.

mod dist;
mod precache;
mod pymd;
mod run;
mod sizes;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use run::CommandExt;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N]           install the tools, build and serve the app on 127.0.0.1
  test                       install the tools and browser, then run every check and test
  dist                       release build into dist/ and a table of file sizes
  bench [FILE] [--runs N] [--cpu-throttle N] [--network slow-4g] [--stress] [--profile]
                             time the release build in headless Chromium (FILE, or the
                             largest issue in $TWIR_ARCHIVE), optionally on a slowed CPU or
                             network, and a generated stress issue beside it; --profile
                             prints where each issue's last open spends the CPU
  precache                   Trunk's post_build hook: the offline copy's file list in sw.js
  setup [--browser]          only install the tools (and Chromium + ChromeDriver)
  pymd [--setup] [FILE|DIR…] [--out DIR]
                             render issues as the site does (Python-Markdown in
                             target/pymd-venv); no FILE renews the own corpus's fixtures;
                             --setup only installs the venv
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let rest = &args[1..];
    let result = match command.as_str() {
        "serve" => serve(rest),
        "test" => test::run_all(),
        "dist" => dist::run(),
        "bench" => bench(rest),
        "precache" => precache::run(),
        "setup" => tools::Tools::ensure(rest.iter().any(|a| a == "--browser")).map(|_| ()),
        "pymd" => pymd::run(rest),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the workspace root, one level above this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the repository root")
        .to_path_buf()
}

fn serve(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => "8080".to_string(),
        [flag, port] if flag == "--port" => port.clone(),
        _ => return Err(format!("serve takes only `--port N`\n\n{USAGE}")),
    };
    let tools = tools::Tools::ensure(false)?;
    println!("Serving on http://127.0.0.1:{port}/ (rebuilds on change; reload the page by hand)");
    tools.trunk(&["serve", "--port", &port]).status_ok()
}

/// A copy of `dist/` whose wasm keeps its function names, for `bench --profile`: the same
/// wasm-opt passes over wasm-bindgen's output with `-g`, under the built file's name (the
/// copy's `index.html` drops the integrity hashes, which no longer match).
fn profile_dist(root: &Path) -> Result<PathBuf, String> {
    let dist = root.join("dist");
    let out = root.join("target/tmp/dist-profile");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let bindgen = root.join("target/wasm-bindgen/release/twir-editor_bg.wasm");
    let entries = std::fs::read_dir(&dist).map_err(|e| format!("cannot read dist/: {e}"))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let to = out.join(&name);
        if name.ends_with("_bg.wasm") {
            Command::new(root.join("node_modules/.bin/wasm-opt"))
                .args(["-Oz", "--low-memory-unused", "-g"])
                .arg(&bindgen)
                .arg("-o")
                .arg(&to)
                .status_ok()?;
        } else if name == "index.html" {
            let html = std::fs::read_to_string(entry.path())
                .map_err(|e| format!("cannot read dist/index.html: {e}"))?;
            std::fs::write(&to, strip_integrity(&html))
                .map_err(|e| format!("cannot write {}: {e}", to.display()))?;
        } else if entry.path().is_file() {
            std::fs::copy(entry.path(), &to).map_err(|e| format!("cannot copy {name}: {e}"))?;
        }
    }
    Ok(out)
}

/// `html` without its `integrity="…"` attributes.
fn strip_integrity(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" integrity=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " integrity=\"".len()..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

fn bench(args: &[String]) -> Result<(), String> {
    let mut file = None;
    let mut runs = "50".to_string();
    // Passed on to twir-bench as they are; it checks the values.
    let mut pass = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().ok_or("--runs needs a number")?.clone(),
            "--cpu-throttle" | "--network" => {
                let value = it.next().ok_or(format!("{a} needs a value"))?;
                pass.extend([a.clone(), value.clone()]);
            }
            "--stress" | "--profile" => pass.push(a.clone()),
            f if !f.starts_with('-') => file = Some(PathBuf::from(f)),
            other => return Err(format!("unknown bench option `{other}`")),
        }
    }
    let file = match file {
        Some(f) => f,
        None => {
            let archive = std::env::var_os("TWIR_ARCHIVE").ok_or(
                "bench needs an issue: pass a file, or set TWIR_ARCHIVE to the archive folder",
            )?;
            largest_file(Path::new(&archive))?
        }
    };
    let tools = tools::Tools::ensure(true)?;
    tools.trunk(&["build", "--release"]).status_ok()?;
    let root = root();
    let dist = if pass.iter().any(|a| a == "--profile") {
        profile_dist(&root)?
    } else {
        root.join("dist")
    };
    let file =
        std::fs::canonicalize(&file).map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    tools
        .cargo(&[
            "run",
            "--quiet",
            "-p",
            "twir-e2e",
            "--bin",
            "twir-bench",
            "--",
        ])
        .arg("--dist")
        .arg(dist)
        .arg("--file")
        .arg(&file)
        .arg("--runs")
        .arg(&runs)
        .arg("--markdown-it")
        .arg(root.join("node_modules/markdown-it/dist/browser/markdown-it.umd.min.js"))
        .args(&pass)
        .status_ok()
}

/// `path` itself when it is a file, else the largest file in the folder `path`.
fn largest_file(path: &Path) -> Result<PathBuf, String> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    let entries =
        std::fs::read_dir(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    entries
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.metadata().ok()?, e.path())))
        .filter(|(m, _)| m.is_file())
        // Ties go to the later name, so the choice does not depend on directory order.
        .max_by_key(|(m, p)| (m.len(), p.clone()))
        .map(|(_, p)| p)
        .ok_or_else(|| format!("no files in {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_file_picks_the_biggest_and_accepts_a_file() {
        let dir = std::env::temp_dir().join(format!("xtask-largest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.md"), "small").unwrap();
        std::fs::write(dir.join("b.md"), "the biggest one").unwrap();
        std::fs::write(dir.join("c.md"), "medium").unwrap();
        assert_eq!(largest_file(&dir).unwrap(), dir.join("b.md"));
        assert_eq!(largest_file(&dir.join("c.md")).unwrap(), dir.join("c.md"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_profiled_copy_drops_every_integrity_hash_and_nothing_else() {
        let html = "<link rel=\"stylesheet\" href=\"/a.css\" integrity=\"sha384-x\"/>\
                    <link rel=\"preload\" href=\"/b.wasm\" integrity=\"sha384-y\" as=\"fetch\">";
        assert_eq!(
            strip_integrity(html),
            "<link rel=\"stylesheet\" href=\"/a.css\"/><link rel=\"preload\" href=\"/b.wasm\" as=\"fetch\">"
        );
        assert_eq!(strip_integrity("<p>no hash</p>"), "<p>no hash</p>");
    }
}
