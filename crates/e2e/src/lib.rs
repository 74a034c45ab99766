//! The harness for driving the release build of twir-editor in headless Chromium.
//!
//! [`Session::start`] serves `dist/` from a small static server on 127.0.0.1, starts
//! ChromeDriver on a free port and opens a WebDriver session with the browser log enabled.
//! Used by the end-to-end tests (`tests/`) and by `twir-bench` (`cargo xtask bench`).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

pub use fantoccini;

mod cdp;
pub mod github;
mod page;
pub mod profile;
pub mod stress;
pub mod wire;

pub use cdp::NetworkConditions;
pub use wire::Recorded;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/e2e is two levels below the root")
        .to_path_buf()
}

/// The release build to test: `$TWIR_DIST`, else `dist/` at the root.
pub fn dist_dir() -> Result<PathBuf, String> {
    let dist = std::env::var_os("TWIR_DIST").map_or_else(|| root().join("dist"), PathBuf::from);
    if dist.join("index.html").is_file() {
        Ok(dist)
    } else {
        Err(format!(
            "no release build in {}: run `cargo xtask test` (or `cargo xtask dist` first)",
            dist.display()
        ))
    }
}

/// Which Content-Security-Policy the static server gives the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csp {
    /// `index.html` exactly as built: the production policy.
    Production,
    /// The test-only policy: the production one with `http://127.0.0.1:*` added to
    /// `connect-src`, so the app may reach the local GitHub stand-in. Production never allows
    /// a local address.
    LocalApis,
}

/// Serves the files of `dir` on 127.0.0.1 and returns the base URL (`http://127.0.0.1:N/`).
///
/// One thread per connection, `Connection: close`, `Cache-Control: no-store` (every
/// navigation loads everything again). The server lives as long as the process; every request
/// it gets is recorded ([`served_requests`]). A test may take it down ([`set_site_down`]) or
/// give it another folder ([`serve_from`]) by the address it was given.
pub fn serve_dir(dir: &Path, csp: Csp) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let base = format!("http://{addr}/");
    let site = Arc::new(Site {
        dir: Mutex::new(dir.to_path_buf()),
        down: AtomicBool::new(false),
        slow: Mutex::new(None),
        gzip: AtomicBool::new(false),
        gzipped: Mutex::default(),
        log: Mutex::default(),
    });
    if let Ok(mut sites) = sites().lock() {
        sites.insert(base.clone(), site.clone());
    }
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = site.clone();
            std::thread::spawn(move || {
                // A client that hangs up early is not an error worth reporting.
                let _ = respond(&site, csp, stream);
            });
        }
    });
    Ok(base)
}

/// One static server's state, shared by its connection threads.
struct Site {
    dir: Mutex<PathBuf>,
    /// While set, every request is recorded and then dropped unanswered.
    down: AtomicBool,
    /// A slow link: each answer starts after the delay and its body is sent at the rate.
    slow: Mutex<Option<SlowLink>>,
    /// While set, bodies go out gzip-compressed to clients that accept it, as static hosts
    /// send them; compressed once per file.
    gzip: AtomicBool,
    gzipped: Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>,
    log: Mutex<Vec<Recorded>>,
}

/// A slow link on the server's side, for requests the page's network emulation does not reach
/// (a service worker's): each answer waits `latency`, then trickles at `bytes_per_sec`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlowLink {
    pub latency: Duration,
    pub bytes_per_sec: f64,
}

/// The static servers, by base URL. Global so that `serve_dir` keeps its signature: a test
/// asks by the address it was given.
fn sites() -> &'static Mutex<HashMap<String, Arc<Site>>> {
    static SITES: OnceLock<Mutex<HashMap<String, Arc<Site>>>> = OnceLock::new();
    SITES.get_or_init(Mutex::default)
}

fn site(base_url: &str) -> Option<Arc<Site>> {
    sites().lock().ok().and_then(|s| s.get(base_url).cloned())
}

/// Every request the static server at `base_url` (as [`serve_dir`] returned it) has received,
/// whole: for asserting that a token never reached the app's own origin.
pub fn served_requests(base_url: &str) -> Vec<Recorded> {
    site(base_url)
        .and_then(|s| s.log.lock().ok().map(|l| l.clone()))
        .unwrap_or_default()
}

/// Takes the static server at `base_url` down (`true`: it still accepts connections, records
/// each request and closes the connection without a byte of answer, which the browser reports
/// as a network error, like a lost connection) or back up. For offline tests: it cuts the
/// service worker off too, which the page's network emulation does not reach.
pub fn set_site_down(base_url: &str, down: bool) {
    if let Some(site) = site(base_url) {
        site.down.store(down, Ordering::SeqCst);
    }
}

/// Answers every request of the static server at `base_url` over `link` (`None`: at once).
pub fn set_site_slow(base_url: &str, link: Option<SlowLink>) {
    if let Some(site) = site(base_url) {
        if let Ok(mut slow) = site.slow.lock() {
            *slow = link;
        }
    }
}

/// Makes the static server at `base_url` send gzip-compressed bodies to clients that accept
/// them (`true`), as static hosts do, or plain ones.
pub fn set_site_gzip(base_url: &str, on: bool) {
    if let Some(site) = site(base_url) {
        site.gzip.store(on, Ordering::SeqCst);
    }
}

/// Serves `dir` at `base_url` from now on: a new deploy at the same origin.
pub fn serve_from(base_url: &str, dir: &Path) {
    if let Some(site) = site(base_url) {
        if let Ok(mut d) = site.dir.lock() {
            *d = dir.to_path_buf();
        }
    }
}

/// `index.html` with the test-only policy (see [`Csp::LocalApis`]).
pub fn with_local_apis(html: &str) -> String {
    html.replacen(
        "connect-src 'self'",
        "connect-src 'self' http://127.0.0.1:*",
        1,
    )
}

fn respond(site: &Site, csp: Csp, mut stream: TcpStream) -> std::io::Result<()> {
    let request = wire::read_request(&stream)?;
    if let Ok(mut log) = site.log.lock() {
        log.push(request.clone());
    }
    if site.down.load(Ordering::SeqCst) {
        return stream.shutdown(std::net::Shutdown::Both);
    }
    let dir = site.dir.lock().map(|d| d.clone()).unwrap_or_default();
    let (method, path) = (request.method.as_str(), request.path());
    let file = resolve(&dir, path);
    let (status, body, content_type) = match (method, &file) {
        ("GET" | "HEAD", Some(f)) => match std::fs::read(f) {
            Ok(bytes) if csp == Csp::LocalApis && f.extension().is_some_and(|e| e == "html") => {
                let html = with_local_apis(&String::from_utf8_lossy(&bytes));
                ("200 OK", html.into_bytes(), content_type(f))
            }
            Ok(bytes) => ("200 OK", bytes, content_type(f)),
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        },
        ("GET" | "HEAD", None) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        _ => (
            "405 Method Not Allowed",
            b"method not allowed".to_vec(),
            "text/plain",
        ),
    };
    let gzip = site.gzip.load(Ordering::SeqCst)
        && status.starts_with("200")
        && content_type != "image/png"
        && request
            .header("accept-encoding")
            .is_some_and(|a| a.contains("gzip"));
    let (body, encoding) = match &file {
        Some(f) if gzip => (site.gzip_of(f, &body)?, "Content-Encoding: gzip\r\n"),
        _ => (Arc::new(body), ""),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         {encoding}Vary: Accept-Encoding\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let slow = site.slow.lock().ok().and_then(|s| *s);
    if let Some(link) = slow {
        std::thread::sleep(link.latency);
    }
    stream.write_all(head.as_bytes())?;
    if method == "HEAD" {
        return stream.flush();
    }
    match slow {
        Some(link) if link.bytes_per_sec > 0.0 => {
            for chunk in body.chunks(8 * 1024) {
                stream.write_all(chunk)?;
                stream.flush()?;
                let secs = chunk.len() as f64 / link.bytes_per_sec;
                std::thread::sleep(Duration::from_secs_f64(secs));
            }
        }
        _ => stream.write_all(&body)?,
    }
    stream.flush()
}

impl Site {
    /// `body` (the contents of `file`) gzip-compressed, once per file.
    fn gzip_of(&self, file: &Path, body: &[u8]) -> std::io::Result<Arc<Vec<u8>>> {
        if let Some(done) = self.gzipped.lock().ok().and_then(|g| g.get(file).cloned()) {
            return Ok(done);
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(body)?;
        let done = Arc::new(encoder.finish()?);
        if let Ok(mut g) = self.gzipped.lock() {
            g.insert(file.to_path_buf(), done.clone());
        }
        Ok(done)
    }
}

/// The file for a URL path, refusing anything that would leave `dir`.
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = Path::new(url_path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let path = dir.join(rel);
    let path = if path.is_dir() {
        path.join("index.html")
    } else {
        path
    };
    path.is_file().then_some(path)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        // Needed for `WebAssembly.instantiateStreaming`.
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// A running ChromeDriver; killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    /// Starts `$CHROMEDRIVER` (else `chromedriver` on PATH) on a free port and waits until it
    /// accepts connections.
    pub fn start() -> Result<Driver, String> {
        let program = std::env::var_os("CHROMEDRIVER").unwrap_or_else(|| "chromedriver".into());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {}: {e} (install it with `cargo xtask setup --browser`)",
                    program.to_string_lossy()
                )
            })?;
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        // Readiness, not a timing assertion: give a slow machine up to 20 s to start it.
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(driver);
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("chromedriver exited at start ({status})"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("chromedriver did not open its port within 20 s".into())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The browser's capabilities: webdriver.json's flags (shared with wasm-bindgen-test), plus
/// headless mode, a desktop-sized window and the browser log.
pub fn capabilities() -> Result<serde_json::Map<String, Value>, String> {
    let path = root().join("webdriver.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut caps: serde_json::Map<String, Value> = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a JSON object: {e}", path.display()))?;
    let options = caps
        .entry("goog:chromeOptions")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or("goog:chromeOptions must be an object")?;
    let args = options
        .entry("args")
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .ok_or("goog:chromeOptions.args must be an array")?;
    args.push(json!("--headless=new"));
    args.push(json!("--window-size=1280,900"));
    if let Some(bin) = std::env::var_os("CHROME_BIN") {
        options.insert("binary".into(), json!(bin.to_string_lossy()));
    }
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    Ok(caps)
}

/// A browser with the app's release build: keep it alive while using `client`.
pub struct Session {
    pub client: Client,
    /// `http://127.0.0.1:N/`, the app's index page.
    pub base_url: String,
    _driver: Driver,
}

impl Session {
    /// A session on the build in [`dist_dir`].
    pub async fn start() -> Result<Session, String> {
        Session::start_with(&dist_dir()?).await
    }

    /// A session on the build in `dist`.
    pub async fn start_with(dist: &Path) -> Result<Session, String> {
        Session::start_with_caps(dist, capabilities()?, Csp::Production).await
    }

    /// A session on [`dist_dir`] under `csp`, whose downloads (with `Some(dir)`) are saved
    /// into `dir` without asking.
    pub async fn start_for_test(downloads: Option<&Path>, csp: Csp) -> Result<Session, String> {
        let mut caps = capabilities()?;
        if let Some(dir) = downloads {
            caps["goog:chromeOptions"]["prefs"] = json!({
                "download.default_directory": dir.to_string_lossy(),
                "download.prompt_for_download": false,
            });
        }
        Session::start_with_caps(&dist_dir()?, caps, csp).await
    }

    /// A session on the build in `dist` with these capabilities, under `csp`.
    pub async fn start_with_caps(
        dist: &Path,
        caps: serde_json::Map<String, Value>,
        csp: Csp,
    ) -> Result<Session, String> {
        let base_url =
            serve_dir(dist, csp).map_err(|e| format!("cannot serve {}: {e}", dist.display()))?;
        let driver = Driver::start()?;
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .map_err(|e| format!("cannot open a browser session: {e}"))?;
        Ok(Session {
            client,
            base_url,
            _driver: driver,
        })
    }

    /// Loads the app and waits until its editor is there.
    pub async fn open_app(&self) -> Result<(), String> {
        self.open_app_with("").await
    }

    /// Loads the app with a query string (`?github_api=…`) and waits until its editor is there.
    pub async fn open_app_with(&self, query: &str) -> Result<(), String> {
        let url = format!("{}{query}", self.base_url);
        self.client
            .goto(&url)
            .await
            .map_err(|e| format!("cannot load {url}: {e}"))?;
        self.wait_until(
            "the editor to appear",
            "return document.querySelectorAll('.forms .form-section, textarea.piece-source').length > 1;",
        )
        .await
    }

    /// Runs `script` until it returns `true`, up to 20 s (a readiness limit, not a timing
    /// assertion: a slow machine only takes longer).
    pub async fn wait_until(&self, what: &str, script: &str) -> Result<(), String> {
        for _ in 0..400 {
            let v = self
                .client
                .execute(script, vec![])
                .await
                .map_err(|e| format!("waiting for {what}: {e}"))?;
            if v == Value::Bool(true) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!("gave up after 20 s waiting for {what}"))
    }

    /// Runs `script` with `args` and returns its result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// The browser's console messages since the last call (ChromeDriver's log endpoint).
    pub async fn browser_log(&self) -> Result<Vec<LogEntry>, String> {
        let v = self
            .client
            .issue_cmd(GetBrowserLog)
            .await
            .map_err(|e| format!("cannot read the browser log: {e}"))?;
        let entries = v.as_array().ok_or("the browser log is not a list")?;
        Ok(entries
            .iter()
            .map(|e| LogEntry {
                level: e["level"].as_str().unwrap_or("").to_string(),
                message: e["message"].as_str().unwrap_or("").to_string(),
            })
            .collect())
    }

    /// Every request the app's own origin (the static server) has received so far, whole.
    pub fn app_requests(&self) -> Vec<Recorded> {
        served_requests(&self.base_url)
    }

    /// Ends the browser session (the driver stops on drop).
    pub async fn close(self) -> Result<(), String> {
        self.client
            .close()
            .await
            .map_err(|e| format!("cannot close the session: {e}"))
    }
}

/// One console message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO`, …
    pub level: String,
    pub message: String,
}

/// ChromeDriver's (non-W3C) `POST /session/{id}/se/log` for `{"type": "browser"}`.
#[derive(Debug)]
struct GetBrowserLog;

impl WebDriverCompatibleCommand for GetBrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// Reads a whole HTTP response from `url` (for the local servers' own tests).
pub fn http_get(url: &str) -> std::io::Result<String> {
    http_request("GET", url, &[], b"")
}

/// Sends `method` to `url` with `headers` and `body` (with its `Content-Length` when not empty)
/// and reads the whole response, status line to body, as text.
pub fn http_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<String> {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut s = TcpStream::connect(host)?;
    let mut head = format!("{method} /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    s.write_all(body)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_server_serves_files_with_types_and_refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("twir-e2e-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.join("app.wasm"), [0u8, 97, 115, 109]).unwrap();
        let base = serve_dir(&dir, Csp::Production).unwrap();

        let index = http_get(&base).unwrap();
        assert!(index.starts_with("HTTP/1.1 200"), "{index}");
        assert!(index.contains("text/html") && index.ends_with("<p>hi</p>"));
        let wasm = http_get(&format!("{base}app.wasm")).unwrap();
        assert!(wasm.contains("Content-Type: application/wasm"), "{wasm}");
        let escape = http_get(&format!("{base}../etc/passwd")).unwrap();
        assert!(escape.starts_with("HTTP/1.1 404"), "{escape}");
        // Every request is kept whole, headers included.
        let sent = http_request("GET", &base, &[("X-Probe", "p-1")], b"").unwrap();
        assert!(sent.starts_with("HTTP/1.1 200"), "{sent}");
        let seen = served_requests(&base);
        assert_eq!(seen.len(), 4);
        assert_eq!(seen[2].line(), "GET /../etc/passwd");
        assert_eq!(seen[3].header("x-probe"), Some("p-1"));
        assert!(seen[3].mentions("p-1") && !seen[0].mentions("p-1"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_site_can_go_down_and_come_back_with_another_folder() {
        let tmp = std::env::temp_dir();
        let (one, two) = (
            tmp.join(format!("twir-e2e-site1-{}", std::process::id())),
            tmp.join(format!("twir-e2e-site2-{}", std::process::id())),
        );
        for (dir, text) in [(&one, "one"), (&two, "two")] {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join("index.html"), text).unwrap();
        }
        let base = serve_dir(&one, Csp::Production).unwrap();
        assert!(http_get(&base).unwrap().ends_with("one"));
        // Down: the request arrives (and is recorded) but nothing is answered.
        set_site_down(&base, true);
        assert_eq!(http_get(&base).unwrap(), "");
        assert_eq!(served_requests(&base).len(), 2);
        serve_from(&base, &two);
        set_site_down(&base, false);
        assert!(http_get(&base).unwrap().ends_with("two"));
        // gzip only when switched on and accepted.
        let accept = [("Accept-Encoding", "gzip, br")];
        let plain = http_request("GET", &base, &accept, b"").unwrap();
        assert!(!plain.contains("Content-Encoding"), "{plain}");
        set_site_gzip(&base, true);
        let zipped = http_request("GET", &base, &accept, b"").unwrap();
        assert!(zipped.contains("Content-Encoding: gzip\r\n"), "{zipped}");
        assert!(!http_get(&base).unwrap().contains("Content-Encoding"));
        for dir in [one, two] {
            std::fs::remove_dir_all(dir).unwrap();
        }
    }

    #[test]
    fn only_the_test_policy_lets_the_page_reach_a_local_address() {
        let dir = std::env::temp_dir().join(format!("twir-e2e-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; \
                    connect-src 'self' https://api.github.com\">";
        std::fs::write(dir.join("index.html"), page).unwrap();
        let production = http_get(&serve_dir(&dir, Csp::Production).unwrap()).unwrap();
        assert!(production.ends_with(page), "{production}");
        let test = http_get(&serve_dir(&dir, Csp::LocalApis).unwrap()).unwrap();
        assert!(
            test.contains("connect-src 'self' http://127.0.0.1:* https://api.github.com"),
            "{test}"
        );
        // The built page itself never allows a local address.
        let built = std::fs::read_to_string(root().join("index.html")).unwrap();
        assert!(
            !built.contains("127.0.0.1:*"),
            "index.html allows a local address"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn capabilities_keep_webdriver_json_flags_and_add_headless_and_logging() {
        let caps = capabilities().unwrap();
        let args = caps["goog:chromeOptions"]["args"].as_array().unwrap();
        assert!(args.contains(&json!("--no-sandbox")));
        assert!(args.contains(&json!("--headless=new")));
        assert_eq!(caps["goog:loggingPrefs"]["browser"], "ALL");
    }
}
