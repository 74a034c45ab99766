//! Merging the largest draft: the case of `TWIR_MERGES` (or, unset, of the committed merge
//! fixtures) whose three files are the largest, against parsing those three files; and the
//! same for the largest case whose line merge conflicts (the structural merge's whole path:
//! the largest case overall may merge cleanly line by line, which is the quick path). Report
//! each merge's median and its ratio to the parse; nothing here asserts a time (goal: ≤ 2 ms).
//! The merged issue is parsed only when asked for (the command line writes the text): "merge
//! and its issue" measures both.

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// The largest case; `conflicting`: among those whose line merge conflicts.
fn largest_case(conflicting: bool) -> Option<[String; 3]> {
    let dir = std::env::var("TWIR_MERGES").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merges"),
        PathBuf::from,
    );
    let mut best: Option<[String; 3]> = None;
    for e in std::fs::read_dir(&dir)
        .expect("merge corpus folder")
        .flatten()
    {
        let read = |f: &str| std::fs::read_to_string(e.path().join(f)).ok();
        let (Some(b), Some(o), Some(t)) = (read("base.md"), read("ours.md"), read("theirs.md"))
        else {
            continue;
        };
        let size = |c: &[String; 3]| c.iter().map(String::len).sum::<usize>();
        if conflicting && twir_format::merge_lines(&b, &o, &t).is_clean() {
            continue;
        }
        let case = [b, o, t];
        if best.as_ref().is_none_or(|x| size(&case) > size(x)) {
            best = Some(case);
        }
    }
    best
}

fn bench(c: &mut Criterion) {
    let cases = [
        ("largest case", largest_case(false)),
        ("largest conflicting case", largest_case(true)),
    ];
    let mut g = c.benchmark_group("merge");
    for (name, case) in cases {
        let Some([b, o, t]) = case else {
            continue;
        };
        println!("{name}: {} + {} + {} bytes", b.len(), o.len(), t.len());
        g.bench_function(format!("merge ({name})"), |bench| {
            bench.iter(|| {
                black_box(twir_format::merge(
                    black_box(&b),
                    black_box(&o),
                    black_box(&t),
                ))
            });
        });
        g.bench_function(format!("merge and its issue ({name})"), |bench| {
            bench.iter(|| {
                let m = twir_format::merge(black_box(&b), black_box(&o), black_box(&t));
                black_box(m.issue().sections.len())
            });
        });
        g.bench_function(format!("parse the three files ({name})"), |bench| {
            bench.iter(|| {
                for s in [&b, &o, &t] {
                    black_box(twir_format::parse(black_box(s)));
                }
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
