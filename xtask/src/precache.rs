//! `cargo xtask precache`: Trunk's post_build hook (Trunk.toml). Writes into the staged
//! `sw.js` the files its offline copy holds (every file of the build but the worker itself,
//! `index.html` as `./`) and a version derived from their names and contents, so a deploy that
//! changes any file is a new worker, and one that changes nothing is not.

use std::path::{Path, PathBuf};

/// The lines of `assets/sw.js` that the build fills in.
const VERSION_MARK: &str = "const VERSION = \"dev\";";
const PRECACHE_MARK: &str = "const PRECACHE = [];";

pub fn run() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR").ok_or(
        "precache is Trunk's post_build hook (Trunk.toml): TRUNK_STAGING_DIR names the build",
    )?;
    let dir = PathBuf::from(staging);
    let files = write_worker(&dir)?;
    println!("precache: sw.js holds {files} files of {}", dir.display());
    Ok(())
}

/// Fills in `dir/sw.js`; returns how many files it lists.
pub fn write_worker(dir: &Path) -> Result<usize, String> {
    let sw = dir.join("sw.js");
    let source =
        std::fs::read_to_string(&sw).map_err(|e| format!("cannot read {}: {e}", sw.display()))?;
    let mut names = Vec::new();
    collect(dir, dir, &mut names)?;
    names.retain(|n| n != "sw.js");
    names.sort();
    let mut hash = Fnv::default();
    let mut urls = Vec::new();
    for name in &names {
        let bytes =
            std::fs::read(dir.join(name)).map_err(|e| format!("cannot read {name}: {e}"))?;
        hash.write(name.as_bytes());
        hash.write(&[0]);
        hash.write(&bytes);
        hash.write(&[0]);
        urls.push(url_of(name)?);
    }
    let filled = fill(&source, &format!("{:016x}", hash.0), &urls)?;
    std::fs::write(&sw, filled).map_err(|e| format!("cannot write {}: {e}", sw.display()))?;
    Ok(urls.len())
}

/// `source` with the version and the list written over the marked lines (each exactly once).
fn fill(source: &str, version: &str, urls: &[String]) -> Result<String, String> {
    for mark in [VERSION_MARK, PRECACHE_MARK] {
        if source.matches(mark).count() != 1 {
            return Err(format!(
                "sw.js must contain the line `{mark}` exactly once (the build fills it in)"
            ));
        }
    }
    let list: Vec<String> = urls.iter().map(|u| format!("\"{u}\"")).collect();
    Ok(source
        .replacen(VERSION_MARK, &format!("const VERSION = \"{version}\";"), 1)
        .replacen(
            PRECACHE_MARK,
            &format!("const PRECACHE = [{}];", list.join(", ")),
            1,
        ))
}

/// A file's URL relative to the worker; only names that need no escaping in a URL or a JS
/// string (Trunk's hashed names and the assets are all of that kind).
fn url_of(name: &str) -> Result<String, String> {
    if name == "index.html" {
        return Ok("./".into());
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-/".contains(c);
    if !name.chars().all(plain) {
        return Err(format!(
            "{name}: the offline copy lists only plain file names (letters, digits, . _ - /)"
        ));
    }
    Ok(format!("./{name}"))
}

/// Every file under `dir`, as `/`-separated paths relative to `root`.
fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

/// FNV-1a, 64 bits: stable across Rust versions and machines, unlike std's hasher; this is a
/// version tag, not a defence against anyone.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(tag: &str, wasm: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-precache-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>app</p>").unwrap();
        std::fs::write(dir.join("app-1a2b_bg.wasm"), wasm).unwrap();
        std::fs::write(dir.join("icons/icon-192.png"), [137u8, 80]).unwrap();
        let sw = format!("{VERSION_MARK}\n{PRECACHE_MARK}\nconst CACHE = VERSION;\n");
        std::fs::write(dir.join("sw.js"), sw).unwrap();
        dir
    }

    fn version(sw: &str) -> &str {
        sw.lines().next().unwrap()
    }

    #[test]
    fn the_worker_lists_every_other_file_and_its_version_follows_their_contents() {
        let a = build("a", b"\0asm-1");
        assert_eq!(write_worker(&a).unwrap(), 3);
        let sw = std::fs::read_to_string(a.join("sw.js")).unwrap();
        assert!(
            sw.contains(
                "const PRECACHE = [\"./app-1a2b_bg.wasm\", \"./icons/icon-192.png\", \"./\"];"
            ),
            "{sw}"
        );
        assert!(!version(&sw).contains("dev") && sw.ends_with("const CACHE = VERSION;\n"));

        // The same files give the same version; one changed byte another.
        let same = build("same", b"\0asm-1");
        write_worker(&same).unwrap();
        let changed = build("changed", b"\0asm-2");
        write_worker(&changed).unwrap();
        let read = |d: &Path| std::fs::read_to_string(d.join("sw.js")).unwrap();
        assert_eq!(version(&read(&same)), version(&sw));
        assert_ne!(version(&read(&changed)), version(&sw));
        for d in [a, same, changed] {
            std::fs::remove_dir_all(d).unwrap();
        }
    }

    #[test]
    fn a_worker_without_its_marks_or_an_odd_file_name_is_refused() {
        let missing = fill("const VERSION = \"1\";\nconst PRECACHE = [];", "2", &[]);
        assert!(missing.unwrap_err().contains(VERSION_MARK));
        let twice = format!("{VERSION_MARK}\n{PRECACHE_MARK}\n{PRECACHE_MARK}");
        assert!(fill(&twice, "2", &[]).is_err());
        assert!(url_of("a b.js").is_err() && url_of("x\".js").is_err());
        assert_eq!(url_of("index.html").unwrap(), "./");
        assert_eq!(
            url_of("icons/icon-512.png").unwrap(),
            "./icons/icon-512.png"
        );
    }
}
