//! The stand-in's own tests, over HTTP like the app: reading, signing in, limits and the
//! request log here; forks, refs, commits and pull requests in `writes.rs`.

mod writes;

use base64::Engine;
use serde_json::{json, Value};

use super::*;
use crate::{http_get, http_request};

const DRAFT: &str = "draft/2027-04-21-this-week-in-rust.md";
const FORK: &str = "ferris/this-week-in-rust";

/// One parsed answer.
struct Res {
    status: u16,
    headers: Vec<(String, String)>,
    json: Value,
}

impl Res {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn parse(raw: &str) -> Res {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Res {
        status,
        headers,
        json: serde_json::from_str(body).unwrap_or(Value::Null),
    }
}

/// `method` on `{base}/api{path}` as the holder of `token`, with a JSON body.
fn call(s: &StandIn, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Res {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Accept", "application/vnd.github+json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a));
    }
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    if !body.is_empty() {
        headers.push(("Content-Type", "application/json"));
    }
    let url = format!("{}/api{path}", s.base);
    parse(&http_request(method, &url, &headers, body.as_bytes()).unwrap())
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A stand-in with a contributor (`ferris`, `tok-c`) and an editor (`editor`, `tok-e`).
fn stand_in() -> StandIn {
    let s = StandIn::start(&fixtures()).unwrap();
    s.add_user("ferris", "tok-c", &["public_repo", "read:user"], false);
    s.add_user("editor", "tok-e", &["repo"], true);
    s
}

/// `ferris`'s fork, ready.
fn forked(s: &StandIn) {
    s.set_fork_delay(0);
    let made = call(
        s,
        "POST",
        &format!("/repos/{UPSTREAM}/forks"),
        Some("tok-c"),
        None,
    );
    assert_eq!(made.status, 202);
}

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

#[test]
fn the_user_and_the_token_scopes_or_401() {
    let s = stand_in();
    let me = call(&s, "GET", "/user", Some("tok-c"), None);
    assert_eq!(me.status, 200);
    assert_eq!(me.json["login"], "ferris");
    assert!(me.json["id"].is_u64() && me.json["avatar_url"].is_string());
    assert!(me.json["html_url"]
        .as_str()
        .unwrap()
        .ends_with("/web/ferris"));
    assert_eq!(me.header("X-OAuth-Scopes"), Some("public_repo, read:user"));
    assert_eq!(me.header("X-Accepted-OAuth-Scopes"), Some(""));
    assert!(me
        .header("Access-Control-Expose-Headers")
        .unwrap()
        .contains("X-OAuth-Scopes"));
    // GitHub's older scheme names the token too.
    let url = format!("{}/api/user", s.base);
    let old = parse(&http_request("GET", &url, &[("Authorization", "token tok-e")], b"").unwrap());
    assert_eq!(old.json["login"], "editor");

    let bad = call(&s, "GET", "/user", Some("nope"), None);
    assert_eq!(bad.status, 401);
    assert_eq!(bad.json["message"], "Bad credentials");
    assert!(bad.json["documentation_url"]
        .as_str()
        .unwrap()
        .starts_with("https://docs.github.com/"));
    // A bad token is refused even where no token is needed.
    let read = call(&s, "GET", &format!("/repos/{UPSTREAM}"), Some("nope"), None);
    assert_eq!(read.status, 401);
    let basic = parse(&http_request("GET", &url, &[("Authorization", "Basic Zm9v")], b"").unwrap());
    assert_eq!(basic.status, 401);
    s.expire_token("tok-c");
    assert_eq!(call(&s, "GET", "/user", Some("tok-c"), None).status, 401);
    let anonymous = call(&s, "GET", "/user", None, None);
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.json["message"], "Requires authentication");

    // The preflight lets a page send the token.
    let pre =
        parse(&http_request("OPTIONS", &url, &[("Origin", "http://127.0.0.1:1")], b"").unwrap());
    assert_eq!(pre.status, 204);
    assert_eq!(
        pre.header("Access-Control-Allow-Origin"),
        Some("http://127.0.0.1:1")
    );
    assert_eq!(
        pre.header("Access-Control-Allow-Methods"),
        Some("GET, POST, PUT, PATCH, DELETE")
    );
    let allowed = pre.header("Access-Control-Allow-Headers").unwrap();
    for h in [
        "Authorization",
        "Content-Type",
        "Accept",
        "X-GitHub-Api-Version",
    ] {
        assert!(allowed.contains(h), "{allowed}");
    }
}

#[test]
fn repositories_say_what_the_user_may_do() {
    let s = stand_in();
    let anonymous = call(&s, "GET", &format!("/repos/{UPSTREAM}"), None, None);
    assert_eq!(anonymous.status, 200);
    assert_eq!(anonymous.json["full_name"], UPSTREAM);
    assert_eq!(anonymous.json["default_branch"], "main");
    assert_eq!(anonymous.json["owner"]["login"], "rust-lang");
    assert_eq!(anonymous.json["fork"], false);
    assert!(anonymous.json.get("permissions").is_none());
    let contributor = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}"),
        Some("tok-c"),
        None,
    );
    assert_eq!(contributor.json["permissions"]["push"], false);
    assert_eq!(contributor.json["permissions"]["pull"], true);
    let editor = call(
        &s,
        "GET",
        &format!("/repos/{UPSTREAM}"),
        Some("tok-e"),
        None,
    );
    assert_eq!(editor.json["permissions"]["push"], true);
    assert_eq!(editor.json["permissions"]["admin"], false);
    assert_eq!(
        call(&s, "GET", "/repos/nobody/nothing", None, None).status,
        404
    );
}

#[test]
fn rate_limit_headers_count_down_and_run_out() {
    let s = stand_in();
    let first = call(&s, "GET", &format!("/repos/{UPSTREAM}"), None, None);
    assert_eq!(first.header("x-ratelimit-limit"), Some("60"));
    assert_eq!(first.header("x-ratelimit-remaining"), Some("59"));
    assert_eq!(first.header("x-ratelimit-used"), Some("1"));
    assert_eq!(first.header("x-ratelimit-resource"), Some("core"));
    let reset: u64 = first.header("x-ratelimit-reset").unwrap().parse().unwrap();
    assert!(reset > 1_700_000_000);
    let second = call(&s, "GET", &format!("/repos/{UPSTREAM}"), None, None);
    assert_eq!(second.header("x-ratelimit-remaining"), Some("58"));
    // Raw files do not count; a signed-in user has a limit of their own.
    http_get(&format!("{}/raw/{UPSTREAM}/main/{DRAFT}", s.base)).unwrap();
    let signed_in = call(&s, "GET", "/user", Some("tok-c"), None);
    assert_eq!(signed_in.header("x-ratelimit-limit"), Some("5000"));
    assert_eq!(signed_in.header("x-ratelimit-remaining"), Some("4999"));
    assert_eq!(
        call(&s, "GET", &format!("/repos/{UPSTREAM}"), None, None).header("x-ratelimit-remaining"),
        Some("57")
    );

    s.set_rate_remaining(None, 0);
    let out = call(&s, "GET", &format!("/repos/{UPSTREAM}"), None, None);
    assert_eq!(out.status, 403);
    assert_eq!(out.header("x-ratelimit-remaining"), Some("0"));
    assert!(out.json["message"]
        .as_str()
        .unwrap()
        .starts_with("API rate limit exceeded for "));
    assert_eq!(call(&s, "GET", "/user", Some("tok-c"), None).status, 200);
    s.set_rate_limit_status(429);
    s.set_rate_limited(true);
    let limited = call(&s, "GET", "/user", Some("tok-c"), None);
    assert_eq!(limited.status, 429);
    assert!(limited.json["message"]
        .as_str()
        .unwrap()
        .contains("user ID"));
}

#[test]
fn every_request_is_recorded_with_headers_and_body() {
    let s = stand_in();
    let body = json!({"message": "m", "content": b64(b"x\n")});
    call(
        &s,
        "PUT",
        &format!("/repos/{UPSTREAM}/contents/draft/x.md"),
        Some("tok-e"),
        Some(body),
    );
    http_get(&format!("{}/raw/{UPSTREAM}/main/draft/x.md", s.base)).unwrap();
    let all = s.requests_full();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0].line(),
        format!("PUT /api/repos/{UPSTREAM}/contents/draft/x.md")
    );
    assert_eq!(all[0].header("authorization"), Some("Bearer tok-e"));
    assert_eq!(all[0].header("content-type"), Some("application/json"));
    assert!(String::from_utf8_lossy(&all[0].body).contains("\"message\":\"m\""));
    // The token went only where it should.
    assert!(!all[1].mentions("tok-e"));
    assert_eq!(
        s.requests()[1],
        format!("GET /raw/{UPSTREAM}/main/draft/x.md")
    );
}

/// `GET /search/issues` for `q` (spaces as `+`), page `page` of `per_page`.
fn search(s: &StandIn, q: &str, per_page: usize, page: usize) -> Res {
    let q = q.replace(' ', "+").replace('"', "%22");
    call(
        s,
        "GET",
        &format!("/search/issues?q={q}&per_page={per_page}&page={page}"),
        None,
        None,
    )
}

#[test]
fn search_filters_pages_and_has_its_own_limit() {
    let s = stand_in();
    let week = "repo:rust-lang/rust is:pr is:merged merged:2027-04-14..2027-04-21";
    let first = search(&s, week, 2, 1);
    assert_eq!(first.status, 200);
    assert_eq!(first.json["total_count"], 5);
    assert_eq!(first.json["incomplete_results"], false);
    let items = first.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["number"], 150_101);
    assert_eq!(
        items[0]["pull_request"]["merged_at"],
        "2027-04-15T10:00:00Z"
    );
    assert!(items[0]["pull_request"]["html_url"]
        .as_str()
        .unwrap()
        .ends_with("/web/rust-lang/rust/pull/150101"));
    assert_eq!(items[0]["labels"][0]["name"], "T-compiler");
    assert_eq!(items[0]["user"]["login"], "made-up-alice");
    assert_eq!(first.header("x-ratelimit-resource"), Some("search"));
    assert_eq!(first.header("x-ratelimit-limit"), Some("10"));
    let link = first.header("Link").unwrap();
    assert!(
        link.contains("page=2>; rel=\"next\"") && link.contains("page=3>; rel=\"last\""),
        "{link}"
    );
    assert!(link.contains("/api/search/issues?q="), "{link}");
    let last = search(&s, week, 2, 3);
    assert_eq!(last.json["items"].as_array().unwrap().len(), 1);
    let link = last.header("Link").unwrap();
    assert!(
        link.contains("rel=\"prev\"") && link.contains("rel=\"first\"") && !link.contains("next")
    );

    let testing = search(&s, "label:call-for-testing is:open", 30, 1);
    assert_eq!(testing.json["total_count"], 2);
    let issue = &testing.json["items"][0];
    assert_eq!(issue["number"], 150_108);
    assert!(
        issue.get("pull_request").is_none(),
        "an issue is not a pull request"
    );
    let fcp = "repo:rust-lang/rfcs is:pr is:open label:final-comment-period";
    assert_eq!(search(&s, fcp, 30, 1).json["total_count"], 2);
    let merge = format!("{fcp} -label:disposition-close");
    assert_eq!(search(&s, &merge, 30, 1).json["items"][0]["number"], 3901);
    assert_eq!(search(&s, "teapots", 30, 1).json["total_count"], 1);
    let missing = call(&s, "GET", "/search/issues", None, None);
    assert_eq!(missing.status, 422);
    assert_eq!(missing.json["errors"][0]["field"], "q");

    // Ten searches a minute without a token (the 422 counted too); the core limit is separate.
    let mut allowed = 7;
    while search(&s, "is:pr", 1, 1).status == 200 {
        allowed += 1;
        assert!(allowed <= 10, "the search limit was not enforced");
    }
    assert_eq!(allowed, 10);
    let limited = search(&s, "is:pr", 1, 1);
    assert_eq!(limited.status, 403);
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(
        call(&s, "GET", &format!("/repos/{UPSTREAM}"), None, None).status,
        200
    );
    let signed_in = call(&s, "GET", "/search/issues?q=is:pr", Some("tok-c"), None);
    assert_eq!(signed_in.header("x-ratelimit-limit"), Some("30"));
}

#[test]
fn a_conditional_request_gets_304_and_costs_nothing() {
    let s = stand_in();
    let path = format!("/repos/{UPSTREAM}/contents/{DRAFT}");
    let first = call(&s, "GET", &path, None, None);
    let tag = first.header("ETag").unwrap().to_string();
    assert!(tag.starts_with("W/\""), "{tag}");
    let url = format!("{}/api{path}", s.base);
    let again = parse(&http_request("GET", &url, &[("If-None-Match", &tag)], b"").unwrap());
    assert_eq!(again.status, 304);
    assert_eq!(again.header("x-ratelimit-remaining"), Some("59"));
    // Changed since: the whole answer again.
    s.set_file(UPSTREAM, "main", DRAFT, b"changed\n");
    let changed = parse(&http_request("GET", &url, &[("If-None-Match", &tag)], b"").unwrap());
    assert_eq!(changed.status, 200);
    assert_eq!(changed.json["sha"], blob_sha(b"changed\n"));
}

#[test]
fn issues_and_their_label_events_for_any_repository_and_repo_alternatives() {
    let s = stand_in();
    let item = call(&s, "GET", "/repos/rust-lang/rust/issues/150108", None, None);
    assert_eq!(item.status, 200);
    assert_eq!(item.json["number"], 150_108);
    assert_eq!(item.json["title"].as_str().map(str::is_empty), Some(false));
    let events = call(
        &s,
        "GET",
        "/repos/rust-lang/rust/issues/150108/events?per_page=1",
        None,
        None,
    );
    assert_eq!(events.status, 200);
    assert_eq!(events.json[0]["event"], "labeled");
    assert!(events.header("Link").unwrap().contains("rel=\"last\""));
    let missing = call(&s, "GET", "/repos/rust-lang/rust/issues/1", None, None);
    assert_eq!(missing.status, 404);
    // Repeated `repo:` qualifiers are alternatives, as on GitHub.
    let both = search(
        &s,
        "label:call-for-testing repo:rust-lang/rust repo:rust-lang/cargo",
        30,
        1,
    );
    assert_eq!(both.json["total_count"], 2);
    let one = search(&s, "label:call-for-testing repo:rust-lang/cargo", 30, 1);
    assert_eq!(one.json["total_count"], 1);
}

#[test]
fn a_search_that_timed_out_says_so_and_holds_what_it_found_in_time() {
    let s = stand_in();
    let week = "repo:rust-lang/rust is:pr is:merged merged:2027-04-14..2027-04-21";
    let numbers = |r: &Res| -> Vec<u64> {
        r.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["number"].as_u64().unwrap())
            .collect()
    };
    let whole = search(&s, week, 30, 1);
    assert_eq!(whole.json["total_count"], 5);
    s.set_search_incomplete(true);
    let part = search(&s, week, 30, 1);
    assert_eq!(part.status, 200);
    assert_eq!(part.json["incomplete_results"], true);
    assert_eq!(part.json["total_count"], 3);
    assert_eq!(numbers(&part), numbers(&whole)[..3]);
    // Pages cut the shortened list.
    let second = search(&s, week, 2, 2);
    assert_eq!(numbers(&second), numbers(&whole)[2..3]);
    assert!(!second.header("Link").unwrap().contains("rel=\"next\""));
    s.set_search_incomplete(false);
    let again = search(&s, week, 30, 1);
    assert_eq!(
        (
            &again.json["incomplete_results"],
            &again.json["total_count"]
        ),
        (&json!(false), &json!(5))
    );
}

#[test]
fn a_long_history_of_events_comes_in_pages_oldest_first() {
    let s = stand_in();
    s.add_search_items(vec![json!({
        "repo": "rust-lang/rust", "number": 170_001, "title": "Invented: a long thread",
        "state": "open", "user": "made-up-uma", "labels": ["call-for-testing"],
        "labeled_at": {"call-for-testing": "2027-04-15T12:00:00Z"},
        "other_events": [{"count": 150, "from": "2027-03-03T09:00:00Z"},
                         {"count": 60, "from": "2027-04-15T13:00:00Z"}],
        "created_at": "2027-03-01T09:00:00Z", "updated_at": "2027-04-15T13:01:00Z",
        "closed_at": null, "merged_at": null, "is_pr": false, "body": "Made up."
    })]);
    let page = |n: usize| {
        call(
            &s,
            "GET",
            &format!("/repos/rust-lang/rust/issues/170001/events?per_page=100&page={n}"),
            None,
            None,
        )
    };
    let (first, second, last) = (page(1), page(2), page(3));
    let link = first.header("Link").unwrap();
    assert!(
        link.contains("per_page=100&page=2>; rel=\"next\"")
            && link.contains("per_page=100&page=3>; rel=\"last\""),
        "{link}"
    );
    let link = last.header("Link").unwrap();
    assert!(
        link.contains("page=2>; rel=\"prev\"") && !link.contains("rel=\"next\""),
        "{link}"
    );
    let events: Vec<Value> = [&first, &second, &last]
        .iter()
        .flat_map(|r| r.json.as_array().unwrap().clone())
        .collect();
    assert_eq!(events.len(), 211);
    assert_eq!(last.json.as_array().unwrap().len(), 11);
    // Oldest first, ids rising with time; the label sits on the middle page.
    assert!(events
        .windows(2)
        .all(
            |p| p[0]["created_at"].as_str().unwrap() < p[1]["created_at"].as_str().unwrap()
                && p[0]["id"].as_u64() < p[1]["id"].as_u64()
        ));
    assert_eq!(second.json[50]["event"], "labeled");
    assert_eq!(second.json[50]["label"]["name"], "call-for-testing");
    assert_eq!(second.json[50]["created_at"], "2027-04-15T12:00:00Z");
    assert_eq!(second.json[51]["created_at"], "2027-04-15T13:00:00Z");
    assert!(["mentioned", "subscribed"].contains(&first.json[0]["event"].as_str().unwrap()));
    assert_eq!(events.iter().filter(|e| e["event"] == "labeled").count(), 1);
}
