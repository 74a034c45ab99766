//! Running commands: echo them, and turn failures into messages that say what failed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Shell-like rendering of a command, for the log.
pub fn display(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        s.push(' ');
        if a.contains(' ') {
            s.push_str(&format!("'{a}'"));
        } else {
            s.push_str(&a);
        }
    }
    s
}

pub trait CommandExt {
    /// Runs with inherited output; an error names the command and its exit status.
    fn status_ok(&mut self) -> Result<(), String>;
    /// Runs quietly and returns stdout when it succeeds (for version probes).
    fn output_ok(&mut self) -> Option<String>;
    /// Runs with stdout passed through line by line, counting cargo/libtest result lines.
    fn run_counting_tests(&mut self) -> (bool, TestCounts);
}

/// Tests passed and failed, summed over the `test result:` lines of a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TestCounts {
    pub passed: u64,
    pub failed: u64,
}

impl CommandExt for Command {
    fn status_ok(&mut self) -> Result<(), String> {
        println!("$ {}", display(self));
        let status = self
            .status()
            .map_err(|e| format!("could not start `{}`: {e}", display(self)))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", display(self)))
        }
    }

    fn output_ok(&mut self) -> Option<String> {
        let out = self.stderr(Stdio::null()).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn run_counting_tests(&mut self) -> (bool, TestCounts) {
        println!("$ {}", display(self));
        let mut child = match self.stdout(Stdio::piped()).spawn() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("could not start `{}`: {e}", display(self));
                return (false, TestCounts::default());
            }
        };
        let mut counts = TestCounts::default();
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                println!("{line}");
                if let Some(c) = parse_test_result(&line) {
                    counts.passed += c.passed;
                    counts.failed += c.failed;
                }
            }
        }
        let ok = child.wait().is_ok_and(|s| s.success());
        (ok, counts)
    }
}

/// Reads `test result: ok. 12 passed; 0 failed; …` (libtest and wasm-bindgen-test-runner).
pub fn parse_test_result(line: &str) -> Option<TestCounts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let number_before = |word: &str| -> Option<u64> {
        rest.split(';').map(str::trim).find_map(|part| {
            let part = part.rsplit(". ").next().unwrap_or(part);
            part.strip_suffix(word)?.trim().parse().ok()
        })
    };
    Some(TestCounts {
        passed: number_before("passed")?,
        failed: number_before("failed")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_result_lines() {
        let line = "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(
            parse_test_result(line),
            Some(TestCounts {
                passed: 12,
                failed: 0
            })
        );
        let line = "test result: FAILED. 3 passed; 2 failed; 0 ignored";
        assert_eq!(
            parse_test_result(line),
            Some(TestCounts {
                passed: 3,
                failed: 2
            })
        );
        assert_eq!(parse_test_result("running 3 tests"), None);
    }

    #[test]
    fn displays_commands_with_quoted_spaces() {
        let mut cmd = Command::new("cargo");
        cmd.args(["test", "a b"]);
        assert_eq!(display(&cmd), "cargo test 'a b'");
    }
}
