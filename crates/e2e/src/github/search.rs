//! `GET /search/issues`: the fixture's issues and pull requests filtered by GitHub's
//! qualifiers, in pages with a `Link` header.
//!
//! The fixture (`fixtures/github/api/search-issues.json`) lists invented items in a compact
//! form: `repo`, `number`, `title`, `state`, `user`, `labels` (names), `created_at`,
//! `updated_at`, `closed_at`, `merged_at`, `body`, `is_pr` (true unless false), and for its
//! events `labeled_at` (label → time; else `created_at`) and `other_events` (a long history:
//! `[{"count": N, "from": time}]`, N events of other kinds a second apart from `from`, within
//! its day). Supported
//! qualifiers, each negated by a leading `-`: `repo:`, `org:`, `user:`, `author:`, `is:`/`type:`
//! (`pr`, `issue`, `open`, `closed`, `merged`, `unmerged`), `state:`, `label:` (a quoted name
//! may hold spaces), `created:`, `updated:`, `closed:`, `merged:` (`A..B`, `>=A`, `>A`, `<=A`,
//! `<A`, `A`); other words must appear in the title or body.

use serde_json::{json, Value};

use super::api::{account_json, Ctx};
use super::http::Answer;

const DOC: &str = "search/search#search-issues-and-pull-requests";

/// `GET /search/issues?q=&sort=&order=&per_page=&page=`.
pub fn issues(ctx: &mut Ctx) -> Answer {
    let Some(q) = ctx
        .request
        .query_param("q")
        .filter(|q| !q.trim().is_empty())
    else {
        return Answer::validation(
            &json!([{ "resource": "Search", "field": "q", "code": "missing" }]),
            DOC,
        );
    };
    let (per_page, page) = paging(ctx);
    if (page - 1) * per_page >= 1000 {
        return Answer::validation(
            &json!([{ "message": "Only the first 1000 search results are available",
                      "resource": "Search", "field": "q", "code": "invalid" }]),
            DOC,
        );
    }
    let terms = tokens(&q);
    let mut found: Vec<&Value> = ctx
        .state
        .search_items
        .iter()
        .filter(|item| {
            // As on GitHub, repeated `repo:` qualifiers are alternatives; the rest must all hold.
            let repos: Vec<&String> = terms.iter().filter(|t| t.starts_with("repo:")).collect();
            (repos.is_empty() || repos.iter().any(|t| matches(item, t)))
                && terms
                    .iter()
                    .filter(|t| !t.starts_with("repo:"))
                    .all(|t| matches(item, t))
        })
        .collect();
    if let Some(sort) = ctx.request.query_param("sort") {
        let key = match sort.as_str() {
            "updated" => "updated_at",
            _ => "created_at",
        };
        found.sort_by(|a, b| b[key].as_str().cmp(&a[key].as_str()));
        if ctx.request.query_param("order").as_deref() == Some("asc") {
            found.reverse();
        }
    }
    if ctx.state.search_incomplete {
        found.truncate(found.len().div_ceil(2));
    }
    let total = found.len();
    let items: Vec<Value> = found
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|item| expand(ctx, item))
        .collect();
    let last = total.div_ceil(per_page).max(1);
    let answer = Answer::json(
        200,
        &json!({
            "total_count": total,
            "incomplete_results": ctx.state.search_incomplete,
            "items": items,
        }),
    );
    match links(ctx, page, last) {
        Some(link) => answer.with("Link", link),
        None => answer,
    }
}

/// `per_page` (30 unless given, at most 100) and `page` (from 1) of a paginated request, as
/// GitHub reads them.
fn paging(ctx: &Ctx) -> (usize, usize) {
    let number = |name: &str, default: usize| {
        ctx.request
            .query_param(name)
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(default)
    };
    (number("per_page", 30).min(100), number("page", 1))
}

/// The `Link` header: `next` and `last` after this page, `prev` and `first` before it.
fn links(ctx: &Ctx, page: usize, last: usize) -> Option<String> {
    let target = &ctx.request.target;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let others: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .collect();
    let url = |n: usize| {
        let mut query = others.clone();
        let page = format!("page={n}");
        query.push(&page);
        format!("<{}{path}?{}>", ctx.base, query.join("&"))
    };
    let mut parts = Vec::new();
    if page > 1 {
        parts.push(format!("{}; rel=\"prev\"", url(page - 1)));
    }
    if page < last {
        parts.push(format!("{}; rel=\"next\"", url(page + 1)));
        parts.push(format!("{}; rel=\"last\"", url(last)));
    }
    if page > 1 {
        parts.push(format!("{}; rel=\"first\"", url(1)));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The words of a query; a double-quoted part (`label:"good first issue"`) stays one word.
fn tokens(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in q.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether `item` satisfies one word of the query.
fn matches(item: &Value, term: &str) -> bool {
    let (negated, term) = match term.strip_prefix('-') {
        Some(t) if t.contains(':') => (true, t),
        _ => (false, term),
    };
    let text = |k: &str| item[k].as_str().unwrap_or("").to_lowercase();
    let is_pr = item["is_pr"].as_bool().unwrap_or(true);
    let merged = !item["merged_at"].is_null();
    let hit = match term.split_once(':') {
        Some(("repo", r)) => text("repo") == r.to_lowercase(),
        Some(("org" | "user", o)) => text("repo").split('/').next() == Some(&o.to_lowercase()),
        Some(("author", a)) => text("user") == a.to_lowercase(),
        Some(("is" | "type" | "state", v)) => match v {
            "pr" => is_pr,
            "issue" => !is_pr,
            "open" | "closed" => text("state") == v,
            "merged" => is_pr && merged,
            "unmerged" => is_pr && !merged,
            _ => false,
        },
        Some(("label", l)) => item["labels"].as_array().is_some_and(|ls| {
            ls.iter()
                .any(|x| x.as_str().is_some_and(|x| x.eq_ignore_ascii_case(l)))
        }),
        Some((field @ ("created" | "updated" | "closed" | "merged"), range)) => {
            in_range(item[format!("{field}_at")].as_str(), range)
        }
        _ => {
            let word = term.to_lowercase();
            text("title").contains(&word) || text("body").contains(&word)
        }
    };
    hit != negated
}

/// Whether the timestamp `at` is in `range` (`A..B`, `>=A`, `>A`, `<=A`, `<A`, `A`), comparing
/// as many characters as the bound has (a date compares by day).
fn in_range(at: Option<&str>, range: &str) -> bool {
    let Some(at) = at else {
        return false;
    };
    let cut = |bound: &str| at.get(..bound.len()).unwrap_or(at).to_string();
    if let Some((from, to)) = range.split_once("..") {
        return (from == "*" || cut(from).as_str() >= from)
            && (to == "*" || cut(to).as_str() <= to);
    }
    for (op, test) in [
        (">=", (|a: &str, b: &str| a >= b) as fn(&str, &str) -> bool),
        ("<=", |a, b| a <= b),
        (">", |a, b| a > b),
        ("<", |a, b| a < b),
    ] {
        if let Some(bound) = range.strip_prefix(op) {
            return test(&cut(bound), bound);
        }
    }
    cut(range) == range
}

/// The fixture item `repo#number`.
fn find<'a>(ctx: &'a Ctx, repo: &str, number: &str) -> Option<&'a Value> {
    let n: u64 = number.parse().ok()?;
    ctx.state.search_items.iter().find(|i| {
        i["repo"]
            .as_str()
            .is_some_and(|r| r.eq_ignore_ascii_case(repo))
            && i["number"] == n
    })
}

/// `GET /repos/{o}/{r}/issues/{n}`: the item in GitHub's shape (pull requests too); 404.
pub fn issue(ctx: &mut Ctx, repo: &str, number: &str) -> Answer {
    match find(ctx, repo, number) {
        Some(item) => Answer::json(200, &expand(ctx, item)),
        None => Answer::not_found("issues/issues#get-an-issue"),
    }
}

/// `GET /repos/{o}/{r}/issues/{n}/events?per_page=&page=`: the item's events, oldest first
/// (ids rising with time, as on GitHub), in pages with a `Link` header; 404. Each label is
/// added at `labeled_at[label]`, else at `created_at`; `other_events` are `mentioned` and
/// `subscribed` events, which the app must page past.
pub fn events(ctx: &mut Ctx, repo: &str, number: &str) -> Answer {
    let Some(item) = find(ctx, repo, number) else {
        return Answer::not_found("issues/events#list-issue-events");
    };
    let labels = item["labels"].as_array().into_iter().flatten();
    let mut all: Vec<(String, Option<&str>)> = labels
        .filter_map(Value::as_str)
        .map(|name| {
            let at = item["labeled_at"][name]
                .as_str()
                .or(item["created_at"].as_str())
                .unwrap_or("2027-01-01T00:00:00Z");
            (at.to_string(), Some(name))
        })
        .collect();
    for run in item["other_events"].as_array().into_iter().flatten() {
        let from = run["from"].as_str().unwrap_or("2027-01-01T00:00:00Z");
        for k in 0..run["count"].as_u64().unwrap_or(0) {
            all.push((seconds_later(from, k), None));
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let actor = account_json(ctx, item["user"].as_str().unwrap_or("ghost"));
    let all: Vec<Value> = all
        .into_iter()
        .enumerate()
        .map(|(k, (at, label))| {
            let id = 9_000_000 + k as u64;
            let mut e = json!({
                "id": id,
                "node_id": format!("LE_stand_in_{k}"),
                "url": ctx.api_url(&format!("repos/{repo}/issues/events/{id}")),
                "actor": actor,
                "event": if k % 2 == 0 { "mentioned" } else { "subscribed" },
                "commit_id": null,
                "commit_url": null,
                "created_at": at,
                "performed_via_github_app": null,
            });
            if let Some(name) = label {
                e["event"] = json!("labeled");
                e["label"] = json!({ "name": name, "color": "ededed" });
            }
            e
        })
        .collect();
    let (per_page, page) = paging(ctx);
    let last = all.len().div_ceil(per_page).max(1);
    let items: Vec<Value> = all
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let answer = Answer::json(200, &Value::Array(items));
    match links(ctx, page, last) {
        Some(link) => answer.with("Link", link),
        None => answer,
    }
}

/// `at` (`YYYY-MM-DDTHH:MM:SSZ`) plus `k` seconds, kept within its day.
fn seconds_later(at: &str, k: u64) -> String {
    let field = |r: std::ops::Range<usize>| at.get(r).and_then(|v| v.parse::<u64>().ok());
    let (Some(h), Some(m), Some(s)) = (field(11..13), field(14..16), field(17..19)) else {
        return at.to_string();
    };
    let t = (h * 3600 + m * 60 + s + k).min(86_399);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        &at[..10],
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// A fixture item in GitHub's shape.
fn expand(ctx: &Ctx, item: &Value) -> Value {
    let repo = item["repo"].as_str().unwrap_or("");
    let n = item["number"].as_u64().unwrap_or(0);
    let is_pr = item["is_pr"].as_bool().unwrap_or(true);
    let kind = if is_pr { "pull" } else { "issues" };
    let labels: Vec<Value> = item["labels"]
        .as_array()
        .map(|ls| {
            ls.iter()
                .filter_map(Value::as_str)
                .map(|name| {
                    json!({
                        "id": super::state::account_id(name),
                        "name": name,
                        "color": "ededed",
                        "default": false,
                        "description": null,
                        "url": ctx.api_url(&format!("repos/{repo}/labels/{name}")),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let mut v = json!({
        "url": ctx.api_url(&format!("repos/{repo}/issues/{n}")),
        "repository_url": ctx.api_url(&format!("repos/{repo}")),
        "html_url": ctx.web_url(&format!("{repo}/{kind}/{n}")),
        "id": n + 7_000_000,
        "node_id": format!("I_stand_in_{n}"),
        "number": n,
        "title": item["title"],
        "user": account_json(ctx, item["user"].as_str().unwrap_or("ghost")),
        "labels": labels,
        "state": item["state"],
        "locked": false,
        "assignee": null,
        "assignees": [],
        "comments": 0,
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
        "closed_at": item["closed_at"],
        "author_association": "CONTRIBUTOR",
        "body": item["body"],
        "score": 1.0,
    });
    if is_pr {
        v["draft"] = json!(false);
        v["pull_request"] = json!({
            "url": ctx.api_url(&format!("repos/{repo}/pulls/{n}")),
            "html_url": ctx.web_url(&format!("{repo}/pull/{n}")),
            "diff_url": ctx.web_url(&format!("{repo}/pull/{n}.diff")),
            "patch_url": ctx.web_url(&format!("{repo}/pull/{n}.patch")),
            "merged_at": item["merged_at"],
        });
    }
    v
}
