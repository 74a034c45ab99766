//! Parse + write of the whole archive against pulldown-cmark's plain parse of the same text.
//! The archive comes from `TWIR_ARCHIVE`; without it the project's own corpus is used.
//! Report the ratio of the two medians; nothing here asserts a time.

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<String> {
    let dir = std::env::var("TWIR_ARCHIVE").ok().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"),
        PathBuf::from,
    );
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("archive");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("twir_format parse+write", |b| {
        b.iter(|| {
            for t in &texts {
                let p = twir_format::parse(black_box(t));
                black_box(twir_format::write(&p.issue));
            }
        });
    });
    g.bench_function("pulldown-cmark parse", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(pulldown_cmark::Parser::new(black_box(t)).count());
            }
        });
    });
    g.finish();

    // One edit's worth of work on the largest issue: check (as the app runs it per edit).
    let largest = texts
        .iter()
        .max_by_key(|t| t.len())
        .cloned()
        .unwrap_or_default();
    let issue = twir_format::parse(&largest).issue;
    let ctx = twir_format::Context {
        today: twir_format::Date::parse("2026-01-01"),
        ..Default::default()
    };
    let mut g = c.benchmark_group("largest issue");
    g.bench_function("check", |b| {
        b.iter(|| black_box(twir_format::check(black_box(&issue), &ctx)));
    });
    g.bench_function("write", |b| {
        b.iter(|| black_box(twir_format::write(black_box(&issue))));
    });
    g.bench_function("parse", |b| {
        b.iter(|| black_box(twir_format::parse(black_box(&largest))));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
