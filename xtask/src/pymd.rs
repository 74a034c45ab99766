//! `cargo xtask pymd`: the site's renderer (Python-Markdown with the site's extensions, run by
//! `tools/pymd/render.py`) as the reference the preview is compared with.
//!
//! The pinned packages of `tools/pymd/requirements.txt` are installed from PyPI into a venv
//! under the target folder (`target/pymd-venv`), which is reused while it has exactly those
//! versions. `tests/pymd_parity.rs` finds it there (or at `$TWIR_PYMD_VENV`) when it renders
//! the archive named by `TWIR_ARCHIVE` at test time.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run::CommandExt;

/// Where the venv lives: `$TWIR_PYMD_VENV`, else `pymd-venv` in the target folder.
fn venv_dir(root: &Path) -> PathBuf {
    if let Some(v) = std::env::var_os("TWIR_PYMD_VENV") {
        return PathBuf::from(v);
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    target.join("pymd-venv")
}

/// `name==version` lines of a requirements file.
fn pins(requirements: &str) -> Vec<(String, String)> {
    requirements
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once("=="))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_string()))
        .collect()
}

/// Ok with the versions when the venv's Python has exactly the pinned packages.
fn check_venv(python: &Path, want: &[(String, String)]) -> Result<String, String> {
    if !python.exists() {
        return Err(format!("no venv at {}", python.display()));
    }
    // Each pinned package must report its version as `__version__` (markdown, pygments do).
    let names: Vec<&str> = want.iter().map(|(n, _)| n.as_str()).collect();
    let script = format!(
        "import importlib\nfor n in {names:?}:\n    print(n, importlib.import_module(n).__version__)"
    );
    let out = Command::new(python)
        .args(["-c", &script])
        .output_ok()
        .ok_or("the venv's packages do not import")?;
    let have: Vec<(String, String)> = out
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .collect();
    if have == want {
        let list: Vec<String> = have.iter().map(|(n, v)| format!("{n} {v}")).collect();
        Ok(list.join(", "))
    } else {
        Err(format!("the venv has {have:?}, not {want:?}"))
    }
}

/// Creates or renews the venv when it lacks the pinned versions; returns its Python.
pub fn ensure_venv() -> Result<PathBuf, String> {
    let root = crate::root();
    let requirements = root.join("tools/pymd/requirements.txt");
    let text = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let want = pins(&text);
    let venv = venv_dir(&root);
    let python = venv.join("bin/python");
    match check_venv(&python, &want) {
        Ok(versions) => {
            println!("[pymd] venv ok: {} ({versions})", venv.display());
            return Ok(python);
        }
        Err(why) => println!("[pymd] {why}; installing (usually 10 s)…"),
    }
    if !python.exists() {
        Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status_ok()
            .map_err(|e| format!("{e} (python3 with its venv module is needed)"))?;
    }
    Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements)
        .status_ok()?;
    let versions = check_venv(&python, &want)?;
    println!("[pymd] venv installed: {} ({versions})", venv.display());
    Ok(python)
}

/// `cargo xtask pymd …`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut setup_only = false;
    let mut out = None;
    let mut inputs = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--setup" => setup_only = true,
            "--out" => out = Some(it.next().ok_or("--out needs a folder")?.clone()),
            f if !f.starts_with('-') => inputs.push(f.to_string()),
            other => return Err(format!("unknown pymd option `{other}`")),
        }
    }
    let python = ensure_venv()?;
    if setup_only {
        return Ok(());
    }
    let root = crate::root();
    if inputs.is_empty() {
        // The fixtures of `tests/pymd_parity.rs`: the own corpus as the site renders it.
        let crate_dir = root.join("crates/twir-format/tests");
        inputs.push(crate_dir.join("corpus").display().to_string());
        out.get_or_insert_with(|| crate_dir.join("pymd").display().to_string());
    }
    let mut cmd = Command::new(&python);
    cmd.arg(root.join("tools/pymd/render.py")).args(&inputs);
    if let Some(out) = out {
        cmd.args(["--out", &out]);
    }
    cmd.status_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_read_from_the_requirements() {
        let text = "# comment\nmarkdown==3.7\n\npygments == 2.18.0\n";
        assert_eq!(
            pins(text),
            vec![
                ("markdown".to_string(), "3.7".to_string()),
                ("pygments".to_string(), "2.18.0".to_string())
            ]
        );
        let real = std::fs::read_to_string(crate::root().join("tools/pymd/requirements.txt"))
            .expect("tools/pymd/requirements.txt");
        assert!(pins(&real)
            .iter()
            .any(|(n, v)| n == "markdown" && v == "3.7"));
    }
}
