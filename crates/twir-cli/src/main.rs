//! `twir`: the format core of twir-editor on the command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use twir_format::{parse, preview_html, stats, write, BlockKind, EntryValue, Section, Stats};

#[derive(Parser)]
#[command(
    name = "twir",
    version,
    about = "Parse, check and write This Week in Rust issues"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and write each file; report the files that do not come back identical.
    Roundtrip {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show the typed model of a file (serde JSON with --json).
    Parse {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Count typed and raw entries.
    Stats {
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the HTML that the editor's preview shows for a file.
    Preview { file: PathBuf },
}

/// Reads a file as UTF-8 text, with a one-line message naming the file on failure.
fn read(path: &Path) -> Result<String, String> {
    if path.is_dir() {
        return Err(format!(
            "{}: is a directory, not an issue file",
            path.display()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not valid UTF-8 (first bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Roundtrip { files } => roundtrip(&files),
        Command::Parse { file, json } => parse_cmd(&file, json),
        Command::Stats { json, files } => stats_cmd(&files, json),
        Command::Preview { file } => match read(&file) {
            Ok(text) => {
                print!("{}", preview_html(&parse(&text).issue));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("twir: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

fn roundtrip(files: &[PathBuf]) -> ExitCode {
    let mut same = 0;
    for f in files {
        let text = match read(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("twir: {e}");
                continue;
            }
        };
        let out = write(&parse(&text).issue);
        if out == text {
            same += 1;
        } else {
            let (n, a, b) = first_difference(&text, &out);
            println!(
                "{}: differs at line {n}: read {a:?}, wrote {b:?}",
                f.display()
            );
        }
    }
    println!("roundtrip: {same}/{} identical", files.len());
    if same == files.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn first_difference<'a>(a: &'a str, b: &'a str) -> (usize, &'a str, &'a str) {
    let mut la = a.split_inclusive('\n');
    let mut lb = b.split_inclusive('\n');
    let mut n = 1;
    loop {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (x, y) => return (n, x.unwrap_or("<end>"), y.unwrap_or("<end>")),
        }
    }
}

fn parse_cmd(file: &Path, json: bool) -> ExitCode {
    let text = match read(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("twir: {e}");
            return ExitCode::FAILURE;
        }
    };
    let parsed = parse(&text);
    if json {
        match serde_json::to_string_pretty(&parsed) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("twir: cannot encode JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    let issue = &parsed.issue;
    for f in &issue.front_matter.fields {
        println!("{}: {}", f.key, f.value);
    }
    for s in &issue.sections {
        outline(s, 0);
    }
    for d in &parsed.diagnostics {
        println!(
            "{}:{}: note[{}]: {}",
            file.display(),
            d.line,
            d.code,
            d.message
        );
    }
    ExitCode::SUCCESS
}

fn outline(s: &Section, depth: usize) {
    let mut typed = 0;
    let mut raw = 0;
    let mut other = Vec::new();
    for b in &s.blocks {
        match &b.kind {
            BlockKind::List { entries } => {
                for e in entries {
                    match e.value {
                        EntryValue::Raw(_) => raw += 1,
                        _ => typed += 1,
                    }
                }
            }
            BlockKind::Blank { .. } | BlockKind::Text { .. } | BlockKind::Comment { .. } => {}
            k => other.push(block_name(k)),
        }
    }
    let mut line = format!(
        "{}{} {} [{:?}]",
        "  ".repeat(depth),
        "#".repeat(s.level.into()),
        s.title(),
        s.kind
    );
    if typed + raw > 0 {
        line.push_str(&format!(" entries: {typed} typed, {raw} raw"));
    }
    if !other.is_empty() {
        line.push_str(&format!(" blocks: {}", other.join(", ")));
    }
    println!("{line}");
    for c in &s.children {
        outline(c, depth + 1);
    }
}

fn block_name(k: &BlockKind) -> &'static str {
    match k {
        BlockKind::Blank { .. } => "blank",
        BlockKind::Text { .. } => "text",
        BlockKind::Comment { .. } => "comment",
        BlockKind::Raw { .. } => "raw",
        BlockKind::List { .. } => "list",
        BlockKind::LinkDef { .. } => "link-def",
        BlockKind::MergedCount { .. } => "merged-count",
        BlockKind::EventsWindow { .. } => "events-window",
        BlockKind::CrateOfTheWeek { .. } => "crate-of-the-week",
        BlockKind::Thanks { .. } => "thanks",
        BlockKind::Quote { .. } => "quote",
        BlockKind::Attribution { .. } => "attribution",
        BlockKind::TriageBy { .. } => "triage-by",
        BlockKind::RevisionRange { .. } => "revision-range",
        BlockKind::FullReport { .. } => "full-report",
        BlockKind::EditorsLine { .. } => "editors-line",
        BlockKind::Discuss { .. } => "discuss",
    }
}

fn stats_cmd(files: &[PathBuf], json: bool) -> ExitCode {
    let mut total = Stats::default();
    let mut failed = false;
    for f in files {
        match read(f) {
            Ok(text) => total.merge(&stats(&parse(&text).issue)),
            Err(e) => {
                eprintln!("twir: {e}");
                failed = true;
            }
        }
    }
    if json {
        println!(
            "{}",
            serde_json::to_string(&total).expect("plain counts always encode")
        );
    } else {
        println!("files: {}", total.files);
        for (name, c) in [
            ("links", total.links),
            ("events", total.events),
            ("entries", total.entries),
        ] {
            println!(
                "{name}: {} typed, {} raw ({:.2} % typed)",
                c.typed,
                c.raw,
                c.percent()
            );
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
