//! `twir`: the format core of twir-editor on the command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use twir_format::{
    check, merge, parse, preview_html, stats, write, BlockKind, Context, Date, Diagnostic,
    EntryValue, Mode, PastIssue, Section, Severity, Stats,
};

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
    /// Merge two drafts that both changed BASE, by the issue's structure: prints the merged
    /// file; exit 1 when conflicts remain (the output then has git-style conflict markers
    /// around exactly the conflicting entries or lines), 2 on bad arguments or files.
    Merge {
        /// Act as git's merge driver (`merge --git-driver %O %A %B %P`): write the result
        /// into OURS instead of printing it.
        #[arg(long)]
        git_driver: bool,
        /// Print the conflicts as JSON (`{"clean": …, "conflicts": [{target, base, ours,
        /// theirs}]}`) instead of the merged file.
        #[arg(long)]
        json: bool,
        /// The common ancestor.
        base: PathBuf,
        /// Our side (git's %A: the driver writes the result here).
        ours: PathBuf,
        /// Their side.
        theirs: PathBuf,
        /// The file's path in the repository (git's %P), for messages.
        path: Option<PathBuf>,
    },
    /// Check issues against the newsletter's rules (rustc-style output; exit 1 on errors).
    Check {
        /// The newsletter's `content/` folder: the 24 issues before each file are searched
        /// for duplicate links.
        #[arg(long, value_name = "DIR")]
        history: Option<PathBuf>,
        /// Apply the contributor rules (no links under Project/Tooling Updates).
        #[arg(long)]
        contributor: bool,
        /// Today's date for date rules (default: the system clock).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Apply the quick fixes and write the files back.
        #[arg(long)]
        fix: bool,
        /// Also print notes (entries kept as raw text).
        #[arg(long)]
        notes: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
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
        Command::Check {
            history,
            contributor,
            today,
            format,
            fix,
            notes,
            files,
        } => {
            let today = match today {
                Some(t) => match Date::parse(&t) {
                    Some(d) => d,
                    None => {
                        eprintln!("twir: --today {t:?} is not a date in the form YYYY-MM-DD");
                        return ExitCode::from(2);
                    }
                },
                None => system_today(),
            };
            let opts = CheckOpts {
                mode: if contributor {
                    Mode::Contributor
                } else {
                    Mode::Editor
                },
                today,
                format,
                fix,
                notes,
            };
            check_cmd(&files, history.as_deref(), &opts)
        }
        Command::Merge {
            git_driver,
            json,
            base,
            ours,
            theirs,
            path,
        } => merge_cmd(&[base, ours, theirs], path.as_deref(), git_driver, json),
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

/// `twir merge`: exit 0 clean, 1 with conflicts, 2 when a file cannot be read or written.
fn merge_cmd(files: &[PathBuf; 3], path: Option<&Path>, git_driver: bool, json: bool) -> ExitCode {
    let mut texts = Vec::with_capacity(3);
    for f in files {
        match read(f) {
            Ok(t) => texts.push(t),
            Err(e) => {
                eprintln!("twir: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let merged = merge(&texts[0], &texts[1], &texts[2]);
    let out = merged.text_with_markers();
    if git_driver {
        if let Err(e) = std::fs::write(&files[1], &out) {
            eprintln!("twir: {}: cannot write: {e}", files[1].display());
            return ExitCode::from(2);
        }
    }
    if json {
        let report = serde_json::json!({
            "clean": merged.is_clean(),
            "conflicts": merged.conflicts,
        });
        match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("twir: cannot encode JSON: {e}");
                return ExitCode::from(2);
            }
        }
    } else if !git_driver {
        print!("{out}");
    }
    if merged.is_clean() {
        return ExitCode::SUCCESS;
    }
    let name = path.unwrap_or(&files[1]).display();
    let n = merged.conflicts.len();
    eprintln!(
        "twir: {name}: {n} conflict{}",
        if n == 1 { "" } else { "s" }
    );
    for c in &merged.conflicts {
        eprintln!("  {}", c.target);
    }
    ExitCode::FAILURE
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
            k => other.push(k.name()),
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

/// Today from the system clock (the CLI is the imperative shell; the core takes dates in).
fn system_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch((secs / 86_400) as i64)
        .unwrap_or_else(|| Date::parse("1970-01-01").expect("the epoch is a date"))
}

struct CheckOpts {
    mode: Mode,
    today: Date,
    format: Format,
    fix: bool,
    notes: bool,
}

fn load_history(dir: &Path) -> Result<Vec<PastIssue>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read the history folder: {e}", dir.display()))?;
    let mut out = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.is_file() {
            if let Ok(text) = std::fs::read_to_string(&p) {
                out.push(PastIssue::from_text(&text));
            }
        }
    }
    Ok(out)
}

fn check_cmd(files: &[PathBuf], history: Option<&Path>, o: &CheckOpts) -> ExitCode {
    let history = match history.map(load_history).transpose() {
        Ok(h) => h.unwrap_or_default(),
        Err(e) => {
            eprintln!("twir: {e}");
            return ExitCode::from(2);
        }
    };
    let mut counts = [0usize; 3];
    let mut failed = false;
    let mut json = Vec::new();
    for f in files {
        let text = match read(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("twir: {e}");
                failed = true;
                continue;
            }
        };
        let ctx = Context {
            today: Some(o.today),
            mode: o.mode,
            history: history.clone(),
            file_name: f.file_name().map(|n| n.to_string_lossy().into_owned()),
        };
        let mut issue = parse(&text).issue;
        let mut diags = check(&issue, &ctx);
        if o.fix {
            let mut fixed = 0;
            // A fix can reveal or resolve others: apply, re-check, a few rounds at most.
            for _ in 0..5 {
                let fixes: Vec<_> = diags.iter().filter_map(|d| d.fix.clone()).collect();
                if fixes.is_empty() {
                    break;
                }
                for fx in &fixes {
                    fixed += usize::from(issue.apply_fix(fx));
                }
                diags = check(&issue, &ctx);
            }
            if fixed > 0 {
                if let Err(e) = std::fs::write(f, write(&issue)) {
                    eprintln!("twir: {}: cannot write the fixed file: {e}", f.display());
                    failed = true;
                } else {
                    eprintln!("{}: applied {fixed} fixes", f.display());
                }
            }
        }
        for d in &diags {
            counts[match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Note => 2,
            }] += 1;
        }
        match o.format {
            Format::Human => print_human(f, &diags, o.notes),
            Format::Json => json.push(serde_json::json!({
                "file": f.display().to_string(),
                "diagnostics": diags,
            })),
        }
    }
    match o.format {
        Format::Json => println!(
            "{}",
            serde_json::json!({
                "files": json,
                "errors": counts[0],
                "warnings": counts[1],
                "notes": counts[2],
            })
        ),
        Format::Human => println!(
            "check: {} errors, {} warnings, {} notes in {} files",
            counts[0],
            counts[1],
            counts[2],
            files.len()
        ),
    }
    if failed || counts[0] > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_human(file: &Path, diags: &[Diagnostic], notes: bool) {
    for d in diags {
        if d.severity == Severity::Note && !notes {
            continue;
        }
        println!(
            "{}:{}:{}: {}[{}]: {}",
            file.display(),
            d.line,
            d.col,
            d.severity,
            d.code,
            d.message
        );
        if let Some(fx) = &d.fix {
            println!("    = fix: {} (twir check --fix)", fx.label);
        }
    }
}
