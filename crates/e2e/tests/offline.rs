//! Offline and installable: after one visit the app loads, edits, autosaves and exports with
//! the network gone, GitHub's actions say they need it, the manifest makes it installable; and
//! a new deploy waits for the person's "reload" instead of replacing the page under them.
//!
//! "Offline" is both the page's network emulation (CDP) and the static server taken down:
//! the emulation does not reach the service worker's own requests, so without the outage the
//! worker would still fetch from the server (see `twir_e2e::set_site_down`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use twir_e2e::{serve_from, set_site_down, NetworkConditions, Session};

/// The text area of the introduction's prose (a Text block in the forms).
const INTRO_TEXT: &str = "#form-intro .f-text textarea";

/// A fresh, empty folder for one test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("twir-e2e-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Waits until the service worker controls the page: it has installed (the whole build is in
/// its cache) and taken over.
async fn wait_controlled(s: &Session) {
    s.wait_until(
        "the service worker to control the page",
        "return !!navigator.serviceWorker.controller \
           && navigator.serviceWorker.controller.state === 'activated';",
    )
    .await
    .unwrap();
}

async fn reload(s: &Session) {
    s.client.refresh().await.unwrap();
    s.wait_app().await;
}

/// Whether the introduction's text holds `text`.
async fn intro_holds(s: &Session, text: &str) -> bool {
    s.js(
        "const t = document.querySelector(arguments[0]); return !!t && t.value.includes(arguments[1]);",
        vec![json!(INTRO_TEXT), json!(text)],
    )
    .await
    .unwrap()
        == Value::Bool(true)
}

/// The names of the Cache Storage caches of this origin.
async fn cache_names(s: &Session) -> Vec<String> {
    let v = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; caches.keys().then(done, () => done([]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// Cuts the page and its service worker off the network, or gives it back.
async fn set_offline(s: &Session, offline: bool) {
    let conditions = if offline {
        NetworkConditions::OFFLINE
    } else {
        NetworkConditions::ONLINE
    };
    s.emulate_network(conditions).await.unwrap();
    set_site_down(&s.base_url, offline);
}

/// Waits for a finished download named `name` in `dir` and returns its text.
async fn downloaded(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    // Readiness, not a timing assertion: a slow machine only takes longer.
    for _ in 0..400 {
        if path.is_file() && !dir.join(format!("{name}.crdownload")).exists() {
            if let Ok(text) = std::fs::read_to_string(&path) {
                if !text.is_empty() {
                    return text;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no download {name} in {}", dir.display());
}

#[tokio::test]
async fn after_one_visit_the_app_loads_edits_saves_and_exports_offline() {
    let downloads = temp_dir("offline-download");
    let s = Session::opened_with("", Some(&downloads)).await;
    wait_controlled(&s).await;

    // Installable: the manifest parses and Chromium has no objection to installing the app.
    let manifest = s.cdp("Page.getAppManifest", json!({})).await.unwrap();
    assert_eq!(manifest["errors"], json!([]), "{manifest}");
    let installable = s
        .cdp("Page.getInstallabilityErrors", json!({}))
        .await
        .unwrap();
    assert_eq!(
        installable["installabilityErrors"],
        json!([]),
        "{installable}"
    );

    set_offline(&s, true).await;
    let before = s.app_requests().len();
    reload(&s).await;
    // The page came from the worker's copy: the server answered nothing, and was asked at
    // most for the page itself (the worker's network-first attempt) and for sw.js (the
    // browser's update check), never for a file of the build.
    let asked: Vec<String> = s.app_requests()[before..]
        .iter()
        .map(twir_e2e::Recorded::line)
        .collect();
    assert!(
        asked.iter().all(|r| r == "GET /" || r == "GET /sw.js"),
        "{asked:?}"
    );

    // Edit, autosave, reload offline again: the edit is there.
    let marker = "offline-edit-marker";
    s.type_into(INTRO_TEXT, &format!(" {marker}")).await;
    s.wait_saved().await;
    reload(&s).await;
    s.wait_until(
        "the edit to be back after an offline reload",
        &format!(
            "const t = document.querySelector({}); return !!t && t.value.includes({});",
            json!(INTRO_TEXT),
            json!(marker)
        ),
    )
    .await
    .unwrap();

    // Export to a file still works: it never needed the network.
    s.click("#export-button").await;
    let name = s.text_containing("#export-name", ".md").await;
    s.click("#export-download").await;
    assert!(downloaded(&downloads, &name).await.contains(marker));
    s.click(".io-dialog .io-close").await;

    // GitHub's actions say they need the network, in their own words.
    s.click("#open-button").await;
    s.click("#list-drafts").await;
    let msg = s.text_containing("#github-status", "Could not reach").await;
    assert!(msg.contains("offline"), "{msg}");

    // No request ever went to GitHub through the worker's cache: only this origin's files are
    // cached.
    let cached = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             (async () => { const urls = [];\
               for (const n of await caches.keys()) {\
                 for (const r of await (await caches.open(n)).keys()) urls.push(r.url); }\
               return urls; })().then(done);",
            vec![],
        )
        .await
        .unwrap();
    let cached: Vec<String> = serde_json::from_value(cached).unwrap();
    assert!(
        !cached.is_empty() && cached.iter().all(|u| u.starts_with(&s.base_url)),
        "{cached:?}"
    );
    s.close().await.unwrap();
    let _ = std::fs::remove_dir_all(downloads);
}

#[tokio::test]
async fn a_new_deploy_waits_for_the_reload_button() {
    let dist = twir_e2e::dist_dir().unwrap();
    let s = Session::start_with(&dist).await.unwrap();
    s.open_app().await.unwrap();
    wait_controlled(&s).await;
    let first_caches = cache_names(&s).await;
    assert_eq!(first_caches.len(), 1, "{first_caches:?}");

    // Someone is typing when the next version is deployed.
    let marker = "typed-before-the-deploy";
    s.type_into(INTRO_TEXT, &format!(" {marker}")).await;
    let next = next_build(&dist, "next-build");
    serve_from(&s.base_url, &next);
    // What the page does every hour (and the browser on every visit).
    s.client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => done(true), e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    let banner = s
        .text_containing("#update-banner", "A new version is ready")
        .await;
    assert_eq!(banner, "A new version is ready — reload");
    // Nothing was swapped under the typing: the same page, its text, and the old worker still
    // in charge (activating the new one would have deleted the old cache).
    assert!(intro_holds(&s, marker).await);
    assert!(!build_marker(&s).await);
    let waiting = cache_names(&s).await;
    assert!(
        waiting.len() == 2 && waiting.contains(&first_caches[0]),
        "{waiting:?}"
    );
    s.wait_saved().await;

    s.click("#update-banner button").await;
    s.wait_until(
        "the page to reload into the new version",
        "return !!document.querySelector('meta[name=\"twir-e2e-build\"]');",
    )
    .await
    .unwrap();
    s.wait_app().await;
    wait_controlled(&s).await;
    assert!(
        intro_holds(&s, marker).await,
        "the draft survived the reload"
    );
    // The new worker took over and removed the old copy.
    let caches = cache_names(&s).await;
    assert_eq!(caches.len(), 1, "{caches:?}");
    assert_ne!(caches, first_caches);
    assert!(caches[0].ends_with("-next"), "{caches:?}");
    assert!(s.text_of("#update-banner").await.is_none());
    s.close().await.unwrap();
    let _ = std::fs::remove_dir_all(next);
}

/// A copy of `dist` as the next deploy: another worker version, and a page that says which
/// build it is.
fn next_build(dist: &Path, test: &str) -> PathBuf {
    let next = temp_dir(test);
    for entry in walk(dist) {
        let to = next.join(entry.strip_prefix(dist).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    let sw = std::fs::read_to_string(next.join("sw.js")).unwrap();
    let (head, rest) = sw
        .split_once("const VERSION = \"")
        .expect("the built sw.js has its version");
    let (version, tail) = rest.split_once('"').unwrap();
    assert_ne!(version, "dev", "the build filled in the version");
    let sw = format!("{head}const VERSION = \"{version}-next\"{tail}");
    std::fs::write(next.join("sw.js"), sw).unwrap();
    let index = std::fs::read_to_string(next.join("index.html")).unwrap();
    let index = index.replacen(
        "<title>",
        "<meta name=\"twir-e2e-build\" content=\"next\"><title>",
        1,
    );
    std::fs::write(next.join("index.html"), index).unwrap();
    next
}

async fn build_marker(s: &Session) -> bool {
    s.js(
        "return !!document.querySelector('meta[name=\"twir-e2e-build\"]');",
        vec![],
    )
    .await
    .unwrap()
        == Value::Bool(true)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
