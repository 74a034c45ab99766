//! A local stand-in for the GitHub endpoints the app reads, serving the project's own fixtures
//! (`crates/e2e/fixtures/github/`), never copies of real issues.
//!
//! Paths mirror GitHub's, under a prefix per host:
//! - `/api/repos/{owner}/{repo}/contents/{dir}` — the contents API's folder listing (JSON);
//! - `/raw/{owner}/{repo}/{branch}/{path}` — a file's text;
//! - `/web/...` — any web page (new file, edit): a small HTML page, so a test can follow a link.
//!
//! Every request is logged ([`StandIn::requests`]); [`StandIn::set_rate_limited`] makes the API
//! answer like an exhausted unauthenticated limit; [`offline_base`] gives an address where
//! nothing listens. Answers carry CORS headers for the requesting page's origin.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The fixtures the stand-in serves by default.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/github")
}

/// A running stand-in; it lives as long as the process (one thread per connection).
#[derive(Clone)]
pub struct StandIn {
    /// `http://127.0.0.1:N`
    pub base: String,
    log: Arc<Mutex<Vec<String>>>,
    rate_limited: Arc<AtomicBool>,
}

impl StandIn {
    /// Serves `root` (holding `draft/` and `content/`).
    pub fn start(root: &Path) -> std::io::Result<StandIn> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let base = format!("http://{}", listener.local_addr()?);
        let stand_in = StandIn {
            base,
            log: Arc::default(),
            rate_limited: Arc::default(),
        };
        let root = root.to_path_buf();
        let shared = stand_in.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, shared) = (root.clone(), shared.clone());
                std::thread::spawn(move || {
                    let _ = shared.respond(&root, stream);
                });
            }
        });
        Ok(stand_in)
    }

    /// The app's query string pointing every GitHub base at this stand-in.
    pub fn query(&self) -> String {
        query_for(&self.base)
    }

    /// `METHOD /path?query` of every request so far.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// From now on the API answers 403 with `x-ratelimit-remaining: 0` (raw files still work,
    /// as on GitHub, where they do not count against the API's limit).
    pub fn set_rate_limited(&self, on: bool) {
        self.rate_limited.store(on, Ordering::SeqCst);
    }

    fn respond(&self, root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        let mut origin = None;
        let mut line = String::new();
        while reader.read_line(&mut line)? > 2 {
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("origin") {
                    origin = Some(v.trim().to_string());
                }
            }
            line.clear();
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        if let Ok(mut log) = self.log.lock() {
            log.push(format!("{method} {target}"));
        }
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let mut extra = String::new();
        let (status, body, content_type): (&str, Vec<u8>, &str) = if method == "OPTIONS" {
            ("204 No Content", Vec::new(), "text/plain")
        } else if let Some(rest) = path.strip_prefix("/api/repos/") {
            if self.rate_limited.load(Ordering::SeqCst) {
                extra.push_str("x-ratelimit-limit: 60\r\nx-ratelimit-remaining: 0\r\nx-ratelimit-reset: 1800000000\r\n");
                (
                    "403 Forbidden",
                    br#"{"message":"API rate limit exceeded (stand-in)"}"#.to_vec(),
                    "application/json",
                )
            } else {
                listing(root, rest)
            }
        } else if let Some(rest) = path.strip_prefix("/raw/") {
            // owner/repo/branch/path…
            let file = rest.splitn(4, '/').nth(3).and_then(|p| resolve(root, p));
            match file.and_then(|f| std::fs::read(f).ok()) {
                Some(bytes) => ("200 OK", bytes, "text/plain; charset=utf-8"),
                None => ("404 Not Found", b"404: Not Found".to_vec(), "text/plain"),
            }
        } else if path.starts_with("/web/") {
            (
                "200 OK",
                b"<!DOCTYPE html><title>GitHub stand-in</title><p>stand-in page</p>".to_vec(),
                "text/html; charset=utf-8",
            )
        } else {
            ("404 Not Found", b"not found".to_vec(), "text/plain")
        };
        let allow = origin.unwrap_or_else(|| "*".into());
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Access-Control-Allow-Origin: {allow}\r\nVary: Origin\r\n\
             Access-Control-Expose-Headers: x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset\r\n\
             {extra}Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes())?;
        if method != "HEAD" {
            stream.write_all(&body)?;
        }
        stream.flush()
    }
}

/// The query string pointing the app's GitHub bases at `base`.
pub fn query_for(base: &str) -> String {
    format!("?github_api={base}/api&github_raw={base}/raw&github_web={base}/web")
}

/// An address where nothing listens (a port bound and released), for "offline".
pub fn offline_base() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9);
    format!("http://127.0.0.1:{port}")
}

/// The contents API's answer for `owner/repo/contents/dir`.
fn listing(root: &Path, rest: &str) -> (&'static str, Vec<u8>, &'static str) {
    let not_found = (
        "404 Not Found",
        br#"{"message":"Not Found"}"#.to_vec(),
        "application/json",
    );
    let Some(dir) = rest.splitn(4, '/').nth(3) else {
        return not_found;
    };
    let Some(path) = resolve(root, dir).filter(|p| p.is_dir()) else {
        return not_found;
    };
    let mut names: Vec<String> = std::fs::read_dir(path)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let items: Vec<serde_json::Value> = names
        .iter()
        .map(|n| serde_json::json!({ "name": n, "path": format!("{dir}/{n}"), "type": "file" }))
        .collect();
    (
        "200 OK",
        serde_json::to_vec(&items).unwrap_or_default(),
        "application/json; charset=utf-8",
    )
}

/// A path under `root`, refusing anything that would leave it.
fn resolve(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel.trim_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let p = root.join(rel);
    p.exists().then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http_get;

    #[test]
    fn stand_in_lists_serves_refuses_and_limits() {
        let s = StandIn::start(&fixtures()).unwrap();
        let list = http_get(&format!(
            "{}/api/repos/rust-lang/this-week-in-rust/contents/draft?ref=main",
            s.base
        ))
        .unwrap();
        assert!(list.starts_with("HTTP/1.1 200"), "{list}");
        assert!(list.contains(r#""name":"2027-04-21-this-week-in-rust.md""#));
        assert!(list.contains("Access-Control-Allow-Origin: *"));
        let raw = http_get(&format!(
            "{}/raw/rust-lang/this-week-in-rust/main/draft/2027-04-21-this-week-in-rust.md",
            s.base
        ))
        .unwrap();
        assert!(raw.contains("Title: This Week in Rust 700"));
        let missing = http_get(&format!("{}/raw/o/r/main/content/nope.md", s.base)).unwrap();
        assert!(missing.starts_with("HTTP/1.1 404"));
        let escape = http_get(&format!("{}/raw/o/r/main/../Cargo.toml", s.base)).unwrap();
        assert!(escape.starts_with("HTTP/1.1 404"));
        s.set_rate_limited(true);
        let limited = http_get(&format!("{}/api/repos/o/r/contents/draft", s.base)).unwrap();
        assert!(
            limited.starts_with("HTTP/1.1 403") && limited.contains("x-ratelimit-remaining: 0")
        );
        assert_eq!(s.requests().len(), 5);
    }
}
