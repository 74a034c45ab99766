//! `twir-bench`: times the release build in headless Chromium (run by `cargo xtask bench`).
//!
//! Reports median and p95, never asserts: timings depend on the machine.
//! - navigation → first usable editor: the app's `performance.mark` after mounting, which is
//!   measured from the navigation's start by the browser itself; **cold** (no service worker,
//!   empty caches: a first visit) and **warm** (the service worker installed: a return visit);
//! - opening the issue through the file picker: from the input's `change` to the first task
//!   after the opened issue's forms are on screen, layout included; until the preview shows
//!   it (a frame later); until every entry row is drawn (a long issue's lists add their last
//!   rows over a few frames);
//! - keystroke → preview updated: from dispatching an `input` event on a link title's field
//!   (the middle one of the issue) to the first task after the preview's DOM changed, layout
//!   included;
//! - markdown-it rendering the whole issue text in the same page before each keystroke, for
//!   comparison: the ratios are taken run by run, so both sides see the same machine load.
//!
//! `--cpu-throttle N` slows the page's CPU N times (CDP `Emulation.setCPUThrottlingRate`);
//! `--network slow-4g` emulates DevTools' Slow 4G for the page (CDP
//! `Network.emulateNetworkConditions`) and, because that emulation does not reach the service
//! worker's own requests, gives the static server the same latency and rate during the warm
//! runs (when the page's only network request is the worker's). The server sends gzip, as
//! static hosts do. `--stress` also measures a
//! generated issue of 600 community links and 400 events (`twir_e2e::stress`). `--profile`
//! samples the CPU during each issue's last open and its timed keystrokes and prints the
//! functions with the most self time (named in the wasm only when its name section is kept: see `twir_e2e::profile`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use twir_e2e::fantoccini::Locator;
use twir_e2e::{set_site_gzip, set_site_slow, NetworkConditions, Session, SlowLink};

struct Args {
    dist: PathBuf,
    file: PathBuf,
    runs: usize,
    markdown_it: PathBuf,
    cpu_throttle: f64,
    network: Option<(String, NetworkConditions)>,
    stress: bool,
    profile: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut dist = None;
    let mut file = None;
    let mut runs = 50;
    let mut markdown_it = None;
    let mut cpu_throttle = 1.0;
    let mut network = None;
    let mut stress = false;
    let mut profile = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--dist" => dist = Some(PathBuf::from(value()?)),
            "--file" => file = Some(PathBuf::from(value()?)),
            "--runs" => {
                runs = value()?
                    .parse()
                    .map_err(|e| format!("--runs needs a number: {e}"))?;
            }
            "--markdown-it" => markdown_it = Some(PathBuf::from(value()?)),
            "--cpu-throttle" => {
                cpu_throttle =
                    value()?.parse::<f64>().ok().filter(|r| *r >= 1.0).ok_or(
                        "--cpu-throttle needs a rate of at least 1 (4 = four times slower)",
                    )?;
            }
            "--network" => {
                let name = value()?;
                let conditions = NetworkConditions::named(&name).ok_or(format!(
                    "--network {name}: known are slow-4g, offline, none"
                ))?;
                network = Some((name, conditions));
            }
            "--stress" => stress = true,
            "--profile" => profile = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        dist: dist.ok_or("--dist is required")?,
        file: file.ok_or("--file is required")?,
        runs: runs.max(1),
        markdown_it: markdown_it.ok_or("--markdown-it is required")?,
        cpu_throttle,
        network,
        stress,
        profile,
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("twir-bench: {e}");
        std::process::exit(1);
    }
}

const WARM_UP: usize = 5;
/// Each open is a new draft in the page's storage: a few suffice for the figure.
const OPEN_RUNS: usize = 5;
/// `--profile`: CPU samples every 100 µs, and the functions printed.
const PROFILE_INTERVAL_US: u32 = 100;
const PROFILE_TOP: usize = 25;

async fn run() -> Result<(), String> {
    let args = parse_args()?;
    let markdown_it = std::fs::read_to_string(&args.markdown_it)
        .map_err(|e| format!("cannot read {}: {e}", args.markdown_it.display()))?;
    let stress_file = if args.stress {
        let path = std::env::temp_dir().join(format!(
            "twir-bench-stress-{}-links-{}-events.md",
            twir_e2e::stress::LINKS,
            twir_e2e::stress::EVENTS
        ));
        std::fs::write(&path, twir_e2e::stress::issue())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Some(path)
    } else {
        None
    };
    let s = Session::start_with(&args.dist).await?;
    // Compressed, as any static host sends the build: what a slow network carries.
    set_site_gzip(&s.base_url, true);
    s.cdp("Network.enable", json!({})).await?;
    if args.cpu_throttle > 1.0 {
        s.throttle_cpu(args.cpu_throttle).await?;
    }
    if let Some((_, conditions)) = args.network {
        s.emulate_network(conditions).await?;
    }

    let cold = navigation(&s, &args, false).await?;
    let warm = navigation(&s, &args, true).await?;
    let issue = measure_issue(&s, &args.file, &markdown_it, args.runs, args.profile).await?;
    let stress = match &stress_file {
        Some(path) => Some(measure_issue(&s, path, &markdown_it, args.runs, args.profile).await?),
        None => None,
    };

    s.close().await?;
    // Give ChromeDriver a moment to end the browser before it is killed.
    tokio::time::sleep(Duration::from_millis(100)).await;
    if let Some(path) = stress_file {
        let _ = std::fs::remove_file(path);
    }

    let conditions = format!(
        "CPU {}, network {}",
        if args.cpu_throttle > 1.0 {
            format!("{}× slower", args.cpu_throttle)
        } else {
            "unthrottled".into()
        },
        args.network
            .as_ref()
            .map_or("unthrottled", |(n, _)| n.as_str())
    );
    println!(
        "bench: {}, {} timed runs each after warm-up, headless Chromium",
        conditions, args.runs
    );
    Stats::of(cold).print("navigation → first usable editor, cold");
    Stats::of(warm).print("navigation → first usable editor, warm (SW)");
    issue.print();
    if let Some(stress) = stress {
        stress.print();
        let (a, b) = (Stats::of(stress.keystroke), Stats::of(issue.keystroke));
        println!(
            "stress / {} keystroke: {:.2} (median), {:.2} (p95)",
            issue.name,
            a.median / b.median.max(0.001),
            a.p95 / b.p95.max(0.001)
        );
    }
    Ok(())
}

/// Navigation → first usable editor, `runs` times after warm-up: cold (caches and service
/// worker cleared before each) or warm (the service worker installed once, then kept).
async fn navigation(s: &Session, args: &Args, warm: bool) -> Result<Vec<f64>, String> {
    let origin = s.base_url.trim_end_matches('/').to_string();
    if warm {
        install_worker(s, &origin).await?;
        if let Some((_, c)) = args.network {
            set_site_slow(
                &s.base_url,
                Some(SlowLink {
                    latency: Duration::from_secs_f64(c.latency_ms / 1000.0),
                    bytes_per_sec: c.download,
                }),
            );
        }
    }
    let mut times = Vec::new();
    for i in 0..WARM_UP + args.runs {
        if !warm {
            goto(s, "about:blank").await?;
            s.cdp(
                "Storage.clearDataForOrigin",
                json!({ "origin": origin, "storageTypes": "service_workers,cache_storage" }),
            )
            .await?;
            s.cdp("Network.clearBrowserCache", json!({})).await?;
        }
        goto(s, &s.base_url).await?;
        let ms = s
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 const poll = () => {\
                   const m = performance.getEntriesByName(arguments[0]);\
                   if (m.length) done(m[0].startTime); else setTimeout(poll, 5);\
                 };\
                 poll();",
                vec![json!("twir-editor-ready")],
            )
            .await
            .map_err(|e| format!("the editor never became ready: {e}"))?;
        if i >= WARM_UP {
            times.push(number(&ms)?);
        }
    }
    set_site_slow(&s.base_url, None);
    Ok(times)
}

/// A clean install of the service worker, waited for until it controls the page. A worker
/// whose registration was cleared mid-install by a cold run can be left stuck: start over a
/// few times before giving up (readiness, not timing).
async fn install_worker(s: &Session, origin: &str) -> Result<(), String> {
    let mut last = String::new();
    for _ in 0..3 {
        goto(s, "about:blank").await?;
        s.cdp(
            "Storage.clearDataForOrigin",
            json!({ "origin": origin, "storageTypes": "service_workers,cache_storage" }),
        )
        .await?;
        goto(s, &s.base_url).await?;
        let controlled = wait(
            s,
            "the service worker to control the page",
            "return !!navigator.serviceWorker.controller \
               && navigator.serviceWorker.controller.state === 'activated';",
        )
        .await;
        match controlled {
            Ok(()) => return Ok(()),
            Err(e) => {
                let state = s
                    .client
                    .execute_async(
                        "const done = arguments[arguments.length - 1];\
                         navigator.serviceWorker.getRegistration().then(r => done(r ? {\
                           installing: r.installing && r.installing.state,\
                           waiting: r.waiting && r.waiting.state,\
                           active: r.active && r.active.state } : 'no registration'));",
                        vec![],
                    )
                    .await
                    .map_or_else(|e| e.to_string(), |v| v.to_string());
                last = format!("{e} (registration: {state})");
                eprintln!("twir-bench: {last}; installing again");
            }
        }
    }
    Err(last)
}

async fn goto(s: &Session, url: &str) -> Result<(), String> {
    s.client
        .goto(url)
        .await
        .map_err(|e| format!("cannot load {url}: {e}"))
}

/// Like [`Session::wait_until`], up to a minute: installing over a slow network takes long.
async fn wait(s: &Session, what: &str, script: &str) -> Result<(), String> {
    for _ in 0..600 {
        if s.js(script, vec![]).await? == Value::Bool(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("gave up after a minute waiting for {what}"))
}

/// The figures of one issue file.
struct IssueFigures {
    name: String,
    kib: f64,
    open: Vec<f64>,
    /// Until the preview shows the issue (it renders a frame after the forms).
    preview: Vec<f64>,
    /// Until every row of every list is drawn (long lists fill over a few frames).
    drawn: Vec<f64>,
    keystroke: Vec<f64>,
    /// Input handler, first preview DOM change, that change laid out, next task.
    phases: [Vec<f64>; 6],
    md_render: Vec<f64>,
    md_dom: Vec<f64>,
    /// Self time per function during the last open, when profiled.
    open_profile: Vec<twir_e2e::profile::SelfTime>,
    /// The same over the timed keystrokes (markdown-it's renders between them included).
    keystroke_profile: Vec<twir_e2e::profile::SelfTime>,
}

impl IssueFigures {
    fn print(&self) {
        println!("— {} ({:.1} KiB)", self.name, self.kib);
        Stats::of(self.open.clone()).print(&format!(
            "opening it (file picker → on screen), {} runs",
            self.open.len()
        ));
        Stats::of(self.preview.clone()).print("  until: the preview shows it");
        Stats::of(self.drawn.clone()).print("  until: every entry row drawn");
        if !self.open_profile.is_empty() {
            println!("  self time during the last open (CPU profile), top {PROFILE_TOP}:");
            for t in self.open_profile.iter().take(PROFILE_TOP) {
                println!("    {:>8.2} ms  {}", t.ms, t.name);
            }
        }
        let ratio = |a: &[f64]| {
            Stats::of(
                a.iter()
                    .zip(&self.md_render)
                    .map(|(k, m)| k / m.max(0.001))
                    .collect(),
            )
        };
        let (ratio_key, ratio_laid) = (ratio(&self.keystroke), ratio(&self.phases[3]));
        Stats::of(self.keystroke.clone()).print("keystroke → preview updated");
        let [handler, freed, mutated, laid, settled, painted] = &self.phases;
        Stats::of(handler.clone()).print("  of which: input handler (join, parse, set)");
        Stats::of(freed.clone()).print("  until: the task after the keystroke's");
        Stats::of(mutated.clone()).print("  until: first preview DOM change");
        Stats::of(laid.clone()).print("  until: that change laid out");
        Stats::of(settled.clone()).print("  until: next task (a frame may render first)");
        Stats::of(painted.clone()).print("  until: its frame rendered (task after rAF)");
        if !self.keystroke_profile.is_empty() {
            println!(
                "  self time over the {} timed keystrokes and markdown-it renders, top {PROFILE_TOP}:",
                self.keystroke.len()
            );
            for t in self.keystroke_profile.iter().take(PROFILE_TOP) {
                println!("    {:>8.2} ms  {}", t.ms, t.name);
            }
        }
        Stats::of(self.md_render.clone()).print("markdown-it render (whole issue)");
        Stats::of(self.md_dom.clone()).print("markdown-it render + innerHTML (detached)");
        println!(
            "ratio keystroke / markdown-it render, run by run: {:.2} (median), {:.2} (p95); \
             laid out / markdown-it: {:.2} (median), {:.2} (p95)",
            ratio_key.median, ratio_key.p95, ratio_laid.median, ratio_laid.p95
        );
    }
}

/// Opens `path` through the file picker [`OPEN_RUNS`] times, then times keystrokes in it
/// against markdown-it rendering its text.
async fn measure_issue(
    s: &Session,
    path: &Path,
    markdown_it: &str,
    runs: usize,
    profile: bool,
) -> Result<IssueFigures, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // Each open in a fresh page with empty storage (the built-in sample on screen): opening
    // the issue already on screen again would reuse its rows (keyed by the model's ids), and
    // every open keeps the previous draft, so storage would grow from run to run.
    let mut open = Vec::new();
    let mut preview = Vec::new();
    let mut drawn = Vec::new();
    let mut open_profile = Vec::new();
    for run in 0..OPEN_RUNS {
        goto(s, "about:blank").await?;
        s.cdp(
            "Storage.clearDataForOrigin",
            json!({ "origin": s.base_url.trim_end_matches('/'), "storageTypes": "local_storage" }),
        )
        .await?;
        goto(s, &s.base_url).await?;
        wait(
            s,
            "the editor",
            "return performance.getEntriesByName('twir-editor-ready').length > 0;",
        )
        .await?;
        let profiled = profile && run + 1 == OPEN_RUNS;
        if profiled {
            s.start_profile(PROFILE_INTERVAL_US).await?;
        }
        let (opened, preview_shown, all_drawn) = open_file(s, path).await?;
        open.push(opened);
        preview.push(preview_shown);
        drawn.push(all_drawn);
        if profiled {
            open_profile = twir_e2e::profile::self_times(&s.stop_profile().await?)?;
        }
    }
    // A link title in the middle of the issue's forms, its row opened (rows show one closed
    // line until clicked) and scrolled into view as it would be while someone types in it.
    s.js(
        "const all = [...document.querySelectorAll('.forms .f-entry .f-s-title')];\
         const t = all[Math.floor(all.length / 2)];\
         t.closest('.f-entry').id = 'bench-row';\
         t.click();",
        vec![],
    )
    .await?;
    wait(
        s,
        "the opened row's title field",
        "return !!document.querySelector('#bench-row .f-title input');",
    )
    .await?;
    let target = s
        .js(
            "const t = document.querySelector('#bench-row .f-title input');\
             if (!t.id) t.id = 'bench-target';\
             t.scrollIntoView();\
             return t.id;",
            vec![],
        )
        .await?;

    // markdown-it on the same text in the same page, for comparison. The library is passed as
    // the script itself, so the page's CSP (no eval) does not apply to loading it. One render
    // follows each keystroke, so that both see the same machine load: the ratio of each pair
    // is steadier than either time on a shared machine.
    s.js(
        &format!(
            "{markdown_it}\n;\
             window.__twirMd = globalThis.markdownit();\
             window.__twirText = arguments[0];\
             return true;"
        ),
        vec![json!(text)],
    )
    .await?;
    let (mut md_render, mut md_dom) = (Vec::new(), Vec::new());

    // Keystroke → preview updated: alternately insert and delete one character in the middle
    // of the field, so the text stays the same size.
    let mut keystroke = Vec::new();
    let mut phases = [
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    ];
    let mut keystroke_profile = Vec::new();
    for i in 0..2 * WARM_UP + runs {
        if profile && i == 2 * WARM_UP {
            s.start_profile(PROFILE_INTERVAL_US).await?;
        }
        // The markdown-it render first; the keystroke then waits 20 ms, so that a frame the
        // render delayed is painted before the keystroke starts, not inside its measurement.
        let md = s
            .js(
                "const t0 = performance.now();\
                 const html = window.__twirMd.render(window.__twirText);\
                 const t1 = performance.now();\
                 document.createElement('div').innerHTML = html;\
                 const t2 = performance.now();\
                 return [t1 - t0, t2 - t0];",
                vec![],
            )
            .await?;
        let md = numbers(&md)?;
        let ms = s
            .client
            .execute_async(KEYSTROKE, vec![target.clone(), json!(i % 2 == 0)])
            .await
            .map_err(|e| format!("keystroke run failed: {e}"))?;
        let ms = numbers(&ms)?;
        if ms[0] < 0.0 {
            return Err("the preview did not change after a keystroke within 10 s".into());
        }
        if i >= 2 * WARM_UP {
            keystroke.push(ms[0]);
            for (k, phase) in phases.iter_mut().enumerate() {
                phase.push(ms[k + 1]);
            }
            md_render.push(md[0]);
            md_dom.push(md[1]);
        }
    }
    if profile {
        keystroke_profile = twir_e2e::profile::self_times(&s.stop_profile().await?)?;
    }
    Ok(IssueFigures {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kib: text.len() as f64 / 1024.0,
        open,
        preview,
        drawn,
        keystroke,
        phases,
        md_render,
        md_dom,
        open_profile,
        keystroke_profile,
    })
}

/// One keystroke in the field `arguments[0]` (insert when `arguments[1]`, else delete), timed
/// in phases: `[total, handler, the next task after the keystroke's (the page free again),
/// first preview DOM change, laid out, next task, the frame showing the change rendered (the
/// first task after its animation frame)]`, or `[-1]`.
const KEYSTROKE: &str = "const [id, insert, done] = arguments;\
     setTimeout(() => {\
     const t = document.getElementById(id);\
     const p = document.getElementById('preview-content');\
     let at = t.value.indexOf('\\n', Math.floor(t.value.length / 2));\
     if (at < 0) at = t.value.length;\
     let t0 = 0, handler = 0, freed = -1, mutated = 0, laid = 0, settled = -1, painted = -1;\
     const give_up = setTimeout(() => { obs.disconnect(); done([-1]); }, 10000);\
     const obs = new MutationObserver(() => {\
       mutated = performance.now();\
       obs.disconnect();\
       void t.scrollHeight; void p.offsetHeight;\
       laid = performance.now();\
       let end = -1;\
       const finish = () => {\
         if (end < 0 || painted < 0 || freed < 0) return;\
         clearTimeout(give_up);\
         done([end - t0, handler - t0, freed - t0, mutated - t0, laid - t0, settled - t0, painted - t0]);\
       };\
       const ch = new MessageChannel();\
       ch.port1.onmessage = () => {\
         settled = performance.now();\
         void t.scrollHeight; void p.offsetHeight;\
         end = performance.now();\
         finish();\
       };\
       ch.port2.postMessage(0);\
       requestAnimationFrame(() => {\
         const after = new MessageChannel();\
         after.port1.onmessage = () => { painted = performance.now(); finish(); };\
         after.port2.postMessage(0);\
       });\
     });\
     obs.observe(p, { childList: true, subtree: true, characterData: true, attributes: true });\
     t.value = insert ? t.value.slice(0, at) + 'x' + t.value.slice(at)\
                      : t.value.slice(0, at - 1) + t.value.slice(at);\
     t0 = performance.now();\
     t.dispatchEvent(new Event('input', { bubbles: true }));\
     handler = performance.now();\
     const free = new MessageChannel();\
     free.port1.onmessage = () => { freed = performance.now(); };\
     free.port2.postMessage(0);\
     }, 20);";

/// Opens `path` through the Open dialog's file picker, as an editor would, and returns the
/// time from the input's `change` to the first task after the dialog closed on the opened
/// issue (the app opens, renders and closes the dialog in one go), with layout forced; and
/// the times until the preview shows it (a frame later) and until a long issue's lists have
/// drawn every row (no `.f-pending` left) and the preview is shown.
async fn open_file(s: &Session, path: &Path) -> Result<(f64, f64, f64), String> {
    s.client
        .find(Locator::Css("#open-button"))
        .await
        .map_err(|e| format!("no Open button: {e}"))?
        .click()
        .await
        .map_err(|e| format!("cannot click Open: {e}"))?;
    s.js(
        "window.__twirOpened = null; window.__twirPreview = null; window.__twirDrawn = null;\
         document.addEventListener('change', () => {\
           const t0 = performance.now();\
           const pobs = new MutationObserver(() => {\
             pobs.disconnect();\
             const c = new MessageChannel();\
             c.port1.onmessage = () => {\
               void document.body.offsetHeight;\
               window.__twirPreview = performance.now() - t0;\
             };\
             c.port2.postMessage(0);\
           });\
           pobs.observe(document.getElementById('preview-content'),\
             { childList: true, subtree: true, characterData: true });\
           const obs = new MutationObserver(() => {\
             if (document.querySelector('.io-dialog')) return;\
             obs.disconnect();\
             const ch = new MessageChannel();\
             ch.port1.onmessage = () => {\
               void document.body.offsetHeight;\
               window.__twirOpened = performance.now() - t0;\
               const drawn = () => {\
                 if (document.querySelector('.f-pending') || window.__twirPreview === null)\
                   return setTimeout(drawn, 0);\
                 void document.body.offsetHeight;\
                 window.__twirDrawn = performance.now() - t0;\
               };\
               drawn();\
             };\
             ch.port2.postMessage(0);\
           });\
           obs.observe(document.body, { childList: true, subtree: true });\
         }, { capture: true, once: true });\
         return true;",
        vec![],
    )
    .await?;
    let input = s
        .client
        .find(Locator::Css("#open-file"))
        .await
        .map_err(|e| format!("no file input: {e}"))?;
    input
        .send_keys(&path.to_string_lossy())
        .await
        .map_err(|e| format!("cannot choose the file: {e}"))?;
    wait(
        s,
        "the issue to open and every row to be drawn",
        "return typeof window.__twirDrawn === 'number';",
    )
    .await?;
    let opened = number(&s.js("return window.__twirOpened;", vec![]).await?)?;
    let preview = number(&s.js("return window.__twirPreview;", vec![]).await?)?;
    let drawn = number(&s.js("return window.__twirDrawn;", vec![]).await?)?;
    Ok((opened, preview, drawn))
}

fn number(v: &Value) -> Result<f64, String> {
    v.as_f64()
        .ok_or_else(|| format!("expected a number, got {v}"))
}

fn numbers(v: &Value) -> Result<Vec<f64>, String> {
    v.as_array()
        .ok_or_else(|| format!("expected a list, got {v}"))?
        .iter()
        .map(number)
        .collect()
}

struct Stats {
    median: f64,
    p95: f64,
}

impl Stats {
    /// Median and nearest-rank 95th percentile.
    fn of(mut v: Vec<f64>) -> Stats {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        let rank = ((0.95 * n as f64).ceil() as usize).clamp(1, n);
        Stats {
            median,
            p95: v[rank - 1],
        }
    }

    fn print(&self, label: &str) {
        println!(
            "{label:<44} median {:>8.2} ms   p95 {:>8.2} ms",
            self.median, self.p95
        );
    }
}
