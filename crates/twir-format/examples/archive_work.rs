//! One pass over a folder of issues, for instruction counts under callgrind:
//! `archive_work twir DIR` parses and writes each file; `archive_work cmark DIR` runs
//! pulldown-cmark's plain parse. `cargo xtask`-free and deterministic, unlike wall time.

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let dir = args.next().expect("usage: archive_work twir|cmark DIR");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).expect("folder").flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path()) {
            texts.push(t);
        }
    }
    let mut n = 0usize;
    for t in &texts {
        n += match mode.as_str() {
            "twir" => twir_format::write(&twir_format::parse(t).issue).len(),
            "cmark" => pulldown_cmark::Parser::new(t).count(),
            "read" => t.len(),
            other => panic!("unknown mode {other}"),
        };
    }
    println!("{mode}: {} files, {n}", texts.len());
}
