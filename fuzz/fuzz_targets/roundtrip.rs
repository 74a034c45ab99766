//! Any UTF-8 input parses, writes back identically, and survives check and preview.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = twir_format::parse(text);
    assert_eq!(twir_format::write(&parsed.issue), text);
    let ctx = twir_format::Context {
        today: twir_format::Date::parse("2026-01-01"),
        ..Default::default()
    };
    let _ = twir_format::check(&parsed.issue, &ctx);
    let _ = twir_format::preview_html(&parsed.issue);
    let next = twir_format::next_issue(&parsed.issue);
    let _ = twir_format::write(&next);
});
