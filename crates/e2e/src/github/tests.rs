//! The stand-in's own tests, over HTTP like the app.

use super::*;
use crate::http_get;

#[test]
fn stand_in_lists_serves_refuses_and_limits() {
    let s = StandIn::start(&fixtures()).unwrap();
    let list = http_get(&format!(
        "{}/api/repos/rust-lang/this-week-in-rust/contents/draft?ref=main",
        s.base
    ))
    .unwrap();
    assert!(list.starts_with("HTTP/1.1 200"), "{list}");
    assert!(list.contains(r#""name":"2027-04-21-this-week-in-rust.md""#));
    assert!(list.contains("Access-Control-Allow-Origin: *"));
    let raw = http_get(&format!(
        "{}/raw/rust-lang/this-week-in-rust/main/draft/2027-04-21-this-week-in-rust.md",
        s.base
    ))
    .unwrap();
    assert!(raw.contains("Title: This Week in Rust 700"));
    let missing = http_get(&format!("{}/raw/o/r/main/content/nope.md", s.base)).unwrap();
    assert!(missing.starts_with("HTTP/1.1 404"));
    let escape = http_get(&format!("{}/raw/o/r/main/../Cargo.toml", s.base)).unwrap();
    assert!(escape.starts_with("HTTP/1.1 404"));
    s.set_rate_limited(true);
    let limited = http_get(&format!("{}/api/repos/o/r/contents/draft", s.base)).unwrap();
    assert!(limited.starts_with("HTTP/1.1 403") && limited.contains("x-ratelimit-remaining: 0"));
    assert_eq!(s.requests().len(), 5);
}
