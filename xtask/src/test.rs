//! `cargo xtask test`: every check and test, in stages, with one summary line per stage.
//!
//! Stages run on after a failure (a formatting slip should not hide a failing test); only the
//! end-to-end stage waits for the release build it tests. The last line is
//! `N passed, N failed`: tests counted from the runners' result lines, and each stage that runs
//! no tests of its own (fmt, clippy, build, size) counted as one check.

use std::process::Command;
use std::time::Instant;

use crate::run::{CommandExt, TestCounts};
use crate::tools::Tools;

enum Outcome {
    Ok,
    Failed,
    Skipped(&'static str),
}

struct Stage {
    name: &'static str,
    outcome: Outcome,
    secs: f64,
}

#[derive(Default)]
struct Report {
    stages: Vec<Stage>,
    passed: u64,
    failed: u64,
}

impl Report {
    /// A stage that checks something without running tests: it counts as one check.
    fn check(&mut self, name: &'static str, mut cmd: Command) -> bool {
        self.check_with(name, || cmd.status_ok())
    }

    /// A stage that runs tests: their counts go into the total.
    fn tests(&mut self, name: &'static str, mut cmd: Command) -> bool {
        banner(name);
        let start = Instant::now();
        let (ok, TestCounts { passed, failed }) = cmd.run_counting_tests();
        self.passed += passed;
        self.failed += failed;
        if !ok && failed == 0 {
            // It failed before reporting any test (a compile error, a crashed runner).
            self.failed += 1;
        }
        if ok && passed == 0 {
            // A test stage that ran nothing has not shown anything works.
            eprintln!("stage {name}: ran no tests");
            self.failed += 1;
            self.push(name, false, start);
            return false;
        }
        self.push(name, ok, start);
        ok
    }

    /// A check done here rather than by a command: Err is its message.
    fn check_with(&mut self, name: &'static str, f: impl FnOnce() -> Result<(), String>) -> bool {
        banner(name);
        let start = Instant::now();
        let ok = f().map_err(|e| eprintln!("{e}")).is_ok();
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        self.push(name, ok, start);
        ok
    }

    fn skip(&mut self, name: &'static str, why: &'static str) {
        self.stages.push(Stage {
            name,
            outcome: Outcome::Skipped(why),
            secs: 0.0,
        });
        self.failed += 1;
    }

    fn push(&mut self, name: &'static str, ok: bool, start: Instant) {
        self.stages.push(Stage {
            name,
            outcome: if ok { Outcome::Ok } else { Outcome::Failed },
            secs: start.elapsed().as_secs_f64(),
        });
    }
}

fn banner(name: &str) {
    println!("\n==== stage {name} ====");
}

pub fn run_all() -> Result<(), String> {
    let setup_start = Instant::now();
    let tools = Tools::ensure(true)?;
    let setup_secs = setup_start.elapsed().as_secs_f64();
    let mut r = Report::default();

    r.check("fmt", tools.cargo(&["fmt", "--all", "--", "--check"]));
    // The app is checked for the target it runs on; natively it would only compile Leptos twice.
    r.check(
        "clippy",
        tools.cargo(&[
            "clippy",
            "--workspace",
            "--exclude",
            "twir-editor",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    r.check(
        "clippy-wasm",
        tools.cargo(&[
            "clippy",
            "-p",
            "twir-editor",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    for (var, what) in [
        (
            "TWIR_ARCHIVE",
            "the archive tests run on the project's own corpus",
        ),
        (
            "TWIR_MERGES",
            "the merge tests run on the project's own cases",
        ),
    ] {
        if std::env::var_os(var).is_none() {
            println!("note: {var} is not set, so {what} (set it to widen them to real data)");
        }
    }
    // The site's renderer (Python-Markdown, pinned) for the archive's parity test.
    if std::env::var_os("TWIR_ARCHIVE").is_some() {
        r.check_with("pymd-setup", || crate::pymd::ensure_venv().map(|_| ()));
    }
    r.tests(
        "native",
        tools.cargo(&[
            "test",
            "--workspace",
            "--exclude",
            "twir-editor",
            "--exclude",
            "twir-e2e",
            "--",
            // The corpus tests say which corpus ran and how many files (and the merge
            // figures): shown even when they pass.
            "--show-output",
        ]),
    );
    // The app's pure logic (undo history, Markdown pieces, record ids) runs natively too.
    r.tests(
        "app-native",
        tools.cargo(&["test", "-p", "twir-editor", "--lib"]),
    );
    r.tests(
        "wasm",
        tools.cargo(&[
            "test",
            "-p",
            "twir-editor",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    );
    let built = r.check("build", tools.trunk(&["build", "--release"]));
    if built {
        r.check_with("size", || {
            let rows = crate::dist::sizes(&crate::root().join("dist"))?;
            let gzip = crate::dist::total_gzip(&rows);
            print!("{}", crate::dist::table(&rows));
            println!("{}", crate::dist::goal(gzip));
            crate::dist::print_breakdown(&rows);
            crate::dist::guard(gzip)
        });
        let mut e2e = tools.cargo(&["test", "-p", "twir-e2e", "--", "--test-threads=1"]);
        e2e.env("TWIR_DIST", crate::root().join("dist"));
        r.tests("e2e", e2e);
    } else {
        r.skip("e2e", "the release build failed");
    }

    println!("\nsetup: {setup_secs:.1} s");
    for s in &r.stages {
        match s.outcome {
            Outcome::Ok => println!("stage {}: ok ({:.1} s)", s.name, s.secs),
            Outcome::Failed => println!("stage {}: FAILED ({:.1} s)", s.name, s.secs),
            Outcome::Skipped(why) => println!("stage {}: skipped ({why})", s.name),
        }
    }
    println!("{} passed, {} failed", r.passed, r.failed);
    if r.failed == 0 {
        Ok(())
    } else {
        // The summary above is the message; exit non-zero without repeating it.
        std::process::exit(1)
    }
}
