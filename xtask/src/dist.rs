//! `cargo xtask dist`: the release build, and what a first visit downloads.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::run::CommandExt;
use crate::tools::Tools;

pub fn run() -> Result<(), String> {
    let tools = Tools::ensure(false)?;
    tools.trunk(&["build", "--release"]).status_ok()?;
    let dist = crate::root().join("dist");
    let rows = sizes(&dist)?;
    print!("{}", table(&rows));
    Ok(())
}

/// Raw, gzip and brotli sizes of one file, in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Every file under `dist`, sorted by name. Everything Trunk writes there is loaded on a first
/// visit (HTML, loader, JS glue, wasm, CSS, icon), so the total is the first-visit cost.
pub fn sizes(dist: &Path) -> Result<Vec<Row>, String> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.sort();
    let mut rows = Vec::new();
    for path in files {
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        rows.push(Row {
            name,
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes),
            brotli: brotli_len(&bytes),
        });
    }
    if rows.is_empty() {
        return Err(format!(
            "{} is empty: the build wrote nothing",
            dist.display()
        ));
    }
    Ok(rows)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// gzip at level 9, as a static host that precompresses would serve it.
pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len() as u64
}

/// brotli at quality 11 with a 4 MiB window.
pub fn brotli_len(bytes: &[u8]) -> u64 {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        w.write_all(bytes).expect("writing to memory");
    }
    out.len() as u64
}

pub fn table(rows: &[Row]) -> String {
    let width = rows
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(0)
        .max("total".len());
    let mut s = format!(
        "{:<width$}  {:>10}  {:>10}  {:>10}\n",
        "file", "raw", "gzip", "brotli"
    );
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for r in rows {
        s.push_str(&format!(
            "{:<width$}  {:>10}  {:>10}  {:>10}\n",
            r.name,
            kib(r.raw),
            kib(r.gzip),
            kib(r.brotli)
        ));
        raw += r.raw;
        gz += r.gzip;
        br += r.brotli;
    }
    s.push_str(&format!(
        "{:<width$}  {:>10}  {:>10}  {:>10}\n",
        "total",
        kib(raw),
        kib(gz),
        kib(br)
    ));
    s.push_str(&format!(
        "first visit downloads {} gzip ({gz} bytes)\n",
        kib(gz)
    ));
    s
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_sizes_shrink_repetitive_text() {
        let text = "This Week in Rust ".repeat(500);
        let raw = text.len() as u64;
        assert!(gzip_len(text.as_bytes()) < raw / 10);
        assert!(brotli_len(text.as_bytes()) < raw / 10);
    }

    #[test]
    fn table_lists_each_file_and_the_total() {
        let rows = vec![
            Row {
                name: "a.wasm".into(),
                raw: 2048,
                gzip: 1024,
                brotli: 512,
            },
            Row {
                name: "index.html".into(),
                raw: 1024,
                gzip: 512,
                brotli: 512,
            },
        ];
        let t = table(&rows);
        assert!(t.contains("a.wasm"));
        assert!(t.lines().any(|l| l.starts_with("total")
            && l.contains("3.0 KiB")
            && l.contains("1.5 KiB")
            && l.contains("1.0 KiB")));
        assert!(t.ends_with("first visit downloads 1.5 KiB gzip (1536 bytes)\n"));
    }
}
