//! Merging the largest draft: the case of `TWIR_MERGES` (or, unset, of the committed merge
//! fixtures) whose three files are the largest, against parsing those three files. Report the
//! merge's median and its ratio to the parse; nothing here asserts a time (goal: ≤ 2 ms).

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn largest_case() -> [String; 3] {
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
        let case = [b, o, t];
        if best.as_ref().is_none_or(|x| size(&case) > size(x)) {
            best = Some(case);
        }
    }
    best.expect("a merge case")
}

fn bench(c: &mut Criterion) {
    let [b, o, t] = largest_case();
    println!(
        "largest merge case: {} + {} + {} bytes",
        b.len(),
        o.len(),
        t.len()
    );
    let mut g = c.benchmark_group("merge");
    g.bench_function("merge (largest case)", |bench| {
        bench.iter(|| {
            black_box(twir_format::merge(
                black_box(&b),
                black_box(&o),
                black_box(&t),
            ))
        });
    });
    g.bench_function("parse the three files", |bench| {
        bench.iter(|| {
            for s in [&b, &o, &t] {
                black_box(twir_format::parse(black_box(s)));
            }
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
