//! `twir-bench`: times the release build in headless Chromium (run by `cargo xtask bench`).
//!
//! Reports median and p95, never asserts: timings depend on the machine.
//! - navigation → first usable editor: the app's `performance.mark` after mounting, which is
//!   measured from the navigation's start by the browser itself;
//! - keystroke → preview updated: from dispatching an `input` event on a link title's field
//!   (the middle one of the issue) to the first task after the preview's DOM changed, layout included;
//! - markdown-it rendering the whole issue text in the same page before each keystroke, for
//!   comparison: the ratios are taken run by run, so both sides see the same machine load.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};
use twir_e2e::Session;

struct Args {
    dist: PathBuf,
    file: PathBuf,
    runs: usize,
    markdown_it: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut dist = None;
    let mut file = None;
    let mut runs = 50;
    let mut markdown_it = None;
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
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        dist: dist.ok_or("--dist is required")?,
        file: file.ok_or("--file is required")?,
        runs: runs.max(1),
        markdown_it: markdown_it.ok_or("--markdown-it is required")?,
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

async fn run() -> Result<(), String> {
    let args = parse_args()?;
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let markdown_it = std::fs::read_to_string(&args.markdown_it)
        .map_err(|e| format!("cannot read {}: {e}", args.markdown_it.display()))?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let s = Session::start_with(&args.dist).await?;

    // Navigation → first usable editor.
    let mut navigation = Vec::new();
    for i in 0..WARM_UP + args.runs {
        s.client
            .goto(&s.base_url)
            .await
            .map_err(|e| format!("cannot load the app: {e}"))?;
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
            navigation.push(number(&ms)?);
        }
    }

    // Open the issue through the file picker, as an editor would (in the Open dialog).
    s.client
        .find(twir_e2e::fantoccini::Locator::Css("#open-button"))
        .await
        .map_err(|e| format!("no Open button: {e}"))?
        .click()
        .await
        .map_err(|e| format!("cannot click Open: {e}"))?;
    let input = s
        .client
        .find(twir_e2e::fantoccini::Locator::Css("#open-file"))
        .await
        .map_err(|e| format!("no file input: {e}"))?;
    input
        .send_keys(&args.file.to_string_lossy())
        .await
        .map_err(|e| format!("cannot choose the file: {e}"))?;
    s.wait_until(
        "the issue to open",
        &format!(
            "return document.querySelector('.draft-name').value === {};",
            json!(file_name)
        ),
    )
    .await?;
    // A link title in the middle of the forms, scrolled into view as it would be
    // while someone types in it.
    let target = s
        .js(
            "const all = [...document.querySelectorAll('.forms .f-title input')];\
             const t = all[Math.floor(all.length / 2)];\
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
    // of the largest section, so the text stays the same size.
    let mut keystroke = Vec::new();
    let mut phases = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for i in 0..2 * WARM_UP + args.runs {
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
            .execute_async(
                "const [id, insert, done] = arguments;\
                 setTimeout(() => {\
                 const t = document.getElementById(id);\
                 const p = document.getElementById('preview-content');\
                 let at = t.value.indexOf('\\n', Math.floor(t.value.length / 2));\
                 if (at < 0) at = t.value.length;\
                 let t0 = 0, handler = 0, mutated = 0, laid = 0;\
                 const give_up = setTimeout(() => { obs.disconnect(); done([-1]); }, 10000);\
                 const obs = new MutationObserver(() => {\
                   mutated = performance.now();\
                   obs.disconnect();\
                   void t.scrollHeight; void p.offsetHeight;\
                   laid = performance.now();\
                   const ch = new MessageChannel();\
                   ch.port1.onmessage = () => {\
                     const settled = performance.now();\
                     void t.scrollHeight; void p.offsetHeight;\
                     const end = performance.now();\
                     clearTimeout(give_up);\
                     done([end - t0, handler - t0, mutated - t0, laid - t0, settled - t0]);\
                   };\
                   ch.port2.postMessage(0);\
                 });\
                 obs.observe(p, { childList: true, subtree: true, characterData: true, attributes: true });\
                 t.value = insert ? t.value.slice(0, at) + 'x' + t.value.slice(at)\
                                  : t.value.slice(0, at - 1) + t.value.slice(at);\
                 t0 = performance.now();\
                 t.dispatchEvent(new Event('input', { bubbles: true }));\
                 handler = performance.now();\
                 }, 20);",
                vec![target.clone(), json!(i % 2 == 0)],
            )
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

    s.close().await?;
    // Give ChromeDriver a moment to end the browser before it is killed.
    tokio::time::sleep(Duration::from_millis(100)).await;

    println!(
        "bench: {} ({:.1} KiB), {} timed runs each after warm-up, headless Chromium",
        args.file.display(),
        text.len() as f64 / 1024.0,
        args.runs
    );
    let ratio = |a: &[f64]| {
        Stats::of(
            a.iter()
                .zip(&md_render)
                .map(|(k, m)| k / m.max(0.001))
                .collect(),
        )
    };
    let (ratio_key, ratio_laid) = (ratio(&keystroke), ratio(&phases[2]));
    let nav = Stats::of(navigation);
    let key = Stats::of(keystroke);
    let mdr = Stats::of(md_render);
    let mdd = Stats::of(md_dom);
    nav.print("navigation → first usable editor");
    key.print("keystroke → preview updated");
    let [handler, mutated, laid, settled] = phases;
    Stats::of(handler).print("  of which: input handler (join, parse, set)");
    Stats::of(mutated).print("  until: first preview DOM change");
    Stats::of(laid).print("  until: that change laid out");
    Stats::of(settled).print("  until: next task (a frame may render first)");
    mdr.print("markdown-it render (whole issue)");
    mdd.print("markdown-it render + innerHTML (detached)");
    println!(
        "ratio keystroke / markdown-it render, run by run: {:.2} (median), {:.2} (p95); \
         laid out / markdown-it: {:.2} (median), {:.2} (p95)",
        ratio_key.median, ratio_key.p95, ratio_laid.median, ratio_laid.p95
    );
    Ok(())
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
