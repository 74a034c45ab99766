//! The API host: who is asking, the rate limits, routing, and the repository-level endpoints
//! (user, repository, forks, merge-upstream, git refs). Contents are in `contents.rs`, pull
//! requests in `pulls.rs`, the search in `search.rs`.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::http::Answer;
use super::state::{account_id, owner_of, Repo, State, User};
use super::{contents, pulls, search};
use crate::wire::Recorded;

/// What a handler gets: the state, the stand-in's base URL, the request and the signed-in
/// user (a copy, so the state can change underneath).
pub struct Ctx<'a> {
    pub state: &'a mut State,
    pub base: &'a str,
    pub request: &'a Recorded,
    pub user: Option<User>,
}

impl Ctx<'_> {
    /// The request body as JSON (`{}` when empty), or GitHub's 400.
    pub fn body(&self) -> Result<Value, Answer> {
        if self.request.body.is_empty() {
            return Ok(json!({}));
        }
        serde_json::from_slice(&self.request.body)
            .map_err(|_| Answer::error(400, "Problems parsing JSON", "overview"))
    }

    /// The signed-in user with a token that may write public repositories; else GitHub's
    /// 401 (no token) or 404 (a token without the scope: GitHub does not say more).
    pub fn writer(&self, doc: &str) -> Result<User, Answer> {
        match &self.user {
            None => Err(Answer::error(401, "Requires authentication", doc)),
            Some(u) if !u.can_write_public() => Err(Answer::not_found(doc)),
            Some(u) => Ok(u.clone()),
        }
    }

    /// `{base}/api/repos/{full_name}` and friends.
    pub fn api_url(&self, rest: &str) -> String {
        format!("{}/api/{rest}", self.base)
    }

    pub fn web_url(&self, rest: &str) -> String {
        format!("{}/web/{rest}", self.base)
    }
}

/// Answers one API request (`rest` is the decoded path after `/api`).
pub fn answer(state: &mut State, base: &str, request: &Recorded, rest: &str) -> Answer {
    // Any `Authorization` that names no known, live token is refused, even for a public read.
    let user = match request.header("authorization") {
        None => None,
        Some(value) => match token(value).and_then(|t| state.user_by_token(&t)) {
            Some(u) if !u.expired => Some(u.clone()),
            _ => return Answer::error(401, "Bad credentials", ""),
        },
    };
    let search = rest.starts_with("/search/");
    let limits = match count(state, user.as_ref(), search) {
        Ok(headers) => headers,
        Err(limited) => return limited,
    };
    state.api_requests += 1;
    let mut ctx = Ctx {
        state,
        base,
        request,
        user,
    };
    let mut answer = route(&mut ctx, rest);
    answer.headers.extend(limits);
    if let Some(u) = &ctx.user {
        let accepted = if request.method == "GET" {
            ""
        } else {
            "public_repo, repo"
        };
        answer = answer
            .with("X-OAuth-Scopes", u.scopes.join(", "))
            .with("X-Accepted-OAuth-Scopes", accepted);
    }
    if answer.status == 200 && answer.header("ETag").is_none() {
        let tag = format!("W/\"{}\"", sha1_smol::Sha1::from(&answer.body).digest());
        // A conditional request for what the caller has: 304, and, as on GitHub, it does not
        // count against the limit.
        if request.header("if-none-match") == Some(tag.as_str()) {
            answer.status = 304;
            answer.body.clear();
            let key = ctx
                .user
                .as_ref()
                .map(|u| u.login.to_lowercase())
                .unwrap_or_default();
            if !search {
                if let Some(used) = ctx.state.core_used.get_mut(&key) {
                    *used = used.saturating_sub(1);
                }
                for (name, value) in &mut answer.headers {
                    let n: u32 = value.parse().unwrap_or(0);
                    match name.as_str() {
                        "x-ratelimit-remaining" => *value = (n + 1).to_string(),
                        "x-ratelimit-used" => *value = n.saturating_sub(1).to_string(),
                        _ => {}
                    }
                }
            }
        }
        answer = answer.with("ETag", tag);
    }
    answer.with("X-GitHub-Media-Type", "github.v3; format=json")
}

/// The token of an `Authorization` value `Bearer <t>` or `token <t>`.
fn token(value: &str) -> Option<String> {
    let (scheme, t) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
        .then(|| t.trim().to_string())
}

/// Counts the request against its limit: the `x-ratelimit-*` headers, or the limited answer.
fn count(
    state: &mut State,
    user: Option<&User>,
    search: bool,
) -> Result<Vec<(String, String)>, Answer> {
    let key = user.map(|u| u.login.to_lowercase()).unwrap_or_default();
    let (limit, used, reset, resource) = if search {
        let limit = if user.is_some() { 30 } else { 10 };
        let times = state.search_times.entry(key).or_default();
        let now = Instant::now();
        times.retain(|t| now.duration_since(*t) < Duration::from_secs(60));
        let wait = times
            .first()
            .map_or(60, |t| 60 - now.duration_since(*t).as_secs());
        let used = times.len() as u32;
        if used < limit && !state.rate_limited {
            times.push(now);
        }
        (limit, used, unix_time() + wait, "search")
    } else {
        let limit = if user.is_some() { 5000 } else { 60 };
        let used = state.core_used.get(&key).copied().unwrap_or(0);
        if used < limit && !state.rate_limited {
            state.core_used.insert(key, used + 1);
        }
        (limit, used, state.reset, "core")
    };
    if used >= limit || state.rate_limited {
        let who = match user {
            Some(u) => format!("user ID {}", u.id),
            None => "127.0.0.1".into(),
        };
        let status = state.limit_status;
        return Err(Answer::error(
            status,
            &format!("API rate limit exceeded for {who}."),
            "overview/rate-limits-for-the-rest-api",
        )
        .with("x-ratelimit-limit", limit.to_string())
        .with("x-ratelimit-remaining", "0")
        .with("x-ratelimit-used", limit.to_string())
        .with("x-ratelimit-reset", reset.to_string())
        .with("x-ratelimit-resource", resource));
    }
    let used = used + 1;
    Ok(vec![
        ("x-ratelimit-limit".into(), limit.to_string()),
        ("x-ratelimit-remaining".into(), (limit - used).to_string()),
        ("x-ratelimit-used".into(), used.to_string()),
        ("x-ratelimit-reset".into(), reset.to_string()),
        ("x-ratelimit-resource".into(), resource.into()),
    ])
}

fn unix_time() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn route(ctx: &mut Ctx, rest: &str) -> Answer {
    let method = ctx.request.method.clone();
    let segments: Vec<&str> = rest.trim_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("GET" | "HEAD", ["user"]) => current_user(ctx),
        ("GET" | "HEAD", ["search", "issues"]) => search::issues(ctx),
        // Any public repository's issues (the fixture's search items), whether or not the
        // stand-in hosts the repository.
        ("GET" | "HEAD", ["repos", owner, name, "issues", number]) => {
            search::issue(ctx, &format!("{owner}/{name}"), number)
        }
        ("GET" | "HEAD", ["repos", owner, name, "issues", number, "events"]) => {
            search::events(ctx, &format!("{owner}/{name}"), number)
        }
        (_, ["repos", owner, name, tail @ ..]) => {
            let full = format!("{owner}/{name}");
            repos(ctx, &method, &full, tail)
        }
        _ => Answer::not_found(""),
    }
}

fn repos(ctx: &mut Ctx, method: &str, full: &str, tail: &[&str]) -> Answer {
    let Some(repo) = ctx.state.visible(full).cloned() else {
        return Answer::not_found("repos/repos#get-a-repository");
    };
    match (method, tail) {
        ("GET" | "HEAD", []) => Answer::json(200, &repo_json(ctx, &repo, true)),
        ("POST", ["forks"]) => fork(ctx, &repo),
        ("POST", ["merge-upstream"]) => merge_upstream(ctx, &repo),
        ("GET" | "HEAD", ["git", "ref" | "refs", reference @ ..]) if !reference.is_empty() => {
            get_ref(ctx, &repo, &reference.join("/"))
        }
        ("POST", ["git", "refs"]) => create_ref(ctx, &repo),
        ("PATCH", ["git", "refs", reference @ ..]) if !reference.is_empty() => {
            update_ref(ctx, &repo, &reference.join("/"))
        }
        ("GET" | "HEAD", ["contents", path @ ..]) => contents::get(ctx, &repo, &path.join("/")),
        ("PUT", ["contents", path @ ..]) if !path.is_empty() => {
            contents::put(ctx, &repo, &path.join("/"))
        }
        ("GET" | "HEAD", ["pulls"]) => pulls::list(ctx, &repo),
        ("POST", ["pulls"]) => pulls::create(ctx, &repo),
        ("GET" | "HEAD", ["pulls", number]) => pulls::get(ctx, &repo, number),
        _ => Answer::not_found(""),
    }
}

/// `GET /user`: the signed-in user, or 401.
fn current_user(ctx: &mut Ctx) -> Answer {
    let Some(u) = ctx.user.clone() else {
        return Answer::error(
            401,
            "Requires authentication",
            "users/users#get-the-authenticated-user",
        );
    };
    let mut v = account_json(ctx, &u.login);
    let extra = json!({
        "name": format!("{} (stand-in)", u.login),
        "company": null,
        "blog": "",
        "location": null,
        "email": null,
        "bio": null,
        "public_repos": ctx.state.repos.values().filter(|r| r.owner.eq_ignore_ascii_case(&u.login)).count(),
        "followers": 0,
        "following": 0,
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    });
    if let (Some(obj), Some(more)) = (v.as_object_mut(), extra.as_object()) {
        obj.extend(more.clone());
    }
    Answer::json(200, &v)
}

/// An account's short object (`owner`, `user` in other objects).
pub fn account_json(ctx: &Ctx, login: &str) -> Value {
    let is_org = login.eq_ignore_ascii_case(owner_of(super::UPSTREAM));
    json!({
        "login": login,
        "id": account_id(login),
        "node_id": format!("U_stand_in_{}", account_id(login)),
        "avatar_url": format!("{}/web/avatars/{login}.png", ctx.base),
        "url": ctx.api_url(&format!("users/{login}")),
        "html_url": ctx.web_url(login),
        "type": if is_org { "Organization" } else { "User" },
        "site_admin": false,
    })
}

/// The repository object; with `nested`, also its `parent` and `source` (without theirs).
pub fn repo_json(ctx: &Ctx, repo: &Repo, nested: bool) -> Value {
    let full = repo.full_name();
    let mut v = json!({
        "id": repo.id,
        "node_id": format!("R_stand_in_{}", repo.id),
        "name": repo.name,
        "full_name": full,
        "private": false,
        "owner": account_json(ctx, &repo.owner),
        "html_url": ctx.web_url(&full),
        "description": "A stand-in repository",
        "fork": repo.parent.is_some(),
        "url": ctx.api_url(&format!("repos/{full}")),
        "forks_url": ctx.api_url(&format!("repos/{full}/forks")),
        "contents_url": ctx.api_url(&format!("repos/{full}/contents/{{+path}}")),
        "pulls_url": ctx.api_url(&format!("repos/{full}/pulls{{/number}}")),
        "git_refs_url": ctx.api_url(&format!("repos/{full}/git/refs{{/sha}}")),
        "clone_url": format!("{}.git", ctx.web_url(&full)),
        "created_at": repo.created_at,
        "updated_at": repo.created_at,
        "pushed_at": repo.created_at,
        "visibility": "public",
        "archived": false,
        "disabled": false,
        "default_branch": repo.default_branch,
    });
    if let Some(u) = &ctx.user {
        let admin = owner_of(&full).eq_ignore_ascii_case(&u.login);
        let push = ctx.state.push_access(&u.login, &full);
        v["permissions"] = json!({
            "admin": admin, "maintain": admin, "push": push, "triage": push, "pull": true,
        });
    }
    if nested {
        if let Some(parent) = repo.parent.as_deref().and_then(|p| ctx.state.repo(p)) {
            v["parent"] = repo_json(ctx, parent, false);
            let source = ctx.state.source(&full);
            if let Some(source) = ctx.state.repo(&source) {
                v["source"] = repo_json(ctx, source, false);
            }
        }
    }
    v
}

/// `POST /repos/{o}/{r}/forks`: 202 with the fork, which becomes readable later.
fn fork(ctx: &mut Ctx, source: &Repo) -> Answer {
    let doc = "repos/forks#create-a-fork";
    let user = match ctx.writer(doc) {
        Ok(u) => u,
        Err(a) => return a,
    };
    let body = match ctx.body() {
        Ok(b) => b,
        Err(a) => return a,
    };
    let owner = body["organization"]
        .as_str()
        .unwrap_or(&user.login)
        .to_string();
    if owner.eq_ignore_ascii_case(&source.owner) {
        return Answer::validation(
            &json!([{ "resource": "Repository", "field": "owner", "code": "invalid",
                     "message": "A repository cannot be forked into its own account." }]),
            doc,
        );
    }
    let name = body["name"].as_str().unwrap_or(&source.name).to_string();
    let full = format!("{owner}/{name}");
    // Forking again answers the fork there is.
    if let Some(existing) = ctx.state.repos.values().find(|r| {
        r.owner.eq_ignore_ascii_case(&owner)
            && ctx
                .state
                .source(&r.full_name())
                .eq_ignore_ascii_case(&ctx.state.source(&source.full_name()))
    }) {
        let existing = existing.clone();
        return Answer::json(202, &repo_json(ctx, &existing, true));
    }
    let only_default = body["default_branch_only"].as_bool().unwrap_or(false);
    let branches = source
        .branches
        .iter()
        .filter(|(b, _)| !only_default || **b == source.default_branch)
        .map(|(b, s)| (b.clone(), s.clone()))
        .collect();
    let created_at = ctx.state.timestamp();
    let repo = Repo {
        owner,
        name,
        id: account_id(&full),
        parent: Some(source.full_name()),
        branches,
        default_branch: source.default_branch.clone(),
        ready_at: ctx.state.api_requests + ctx.state.fork_delay,
        created_at,
    };
    ctx.state.repos.insert(full.to_lowercase(), repo.clone());
    Answer::json(202, &repo_json(ctx, &repo, true))
}

/// `POST /repos/{o}/{r}/merge-upstream` `{"branch"}`: brings the fork's branch up to its
/// parent's: nothing to do, a fast-forward, a merge commit, or 409 on a conflict.
fn merge_upstream(ctx: &mut Ctx, fork: &Repo) -> Answer {
    let doc = "branches/branches#sync-a-fork-branch-with-the-upstream-repository";
    let user = match ctx.writer(doc) {
        Ok(u) => u,
        Err(a) => return a,
    };
    let full = fork.full_name();
    if !ctx.state.push_access(&user.login, &full) {
        return Answer::not_found(doc);
    }
    let body = match ctx.body() {
        Ok(b) => b,
        Err(a) => return a,
    };
    let Some(branch) = body["branch"].as_str() else {
        return Answer::error(422, "Invalid request.\n\n\"branch\" wasn't supplied.", doc);
    };
    let Some(parent) = fork
        .parent
        .as_deref()
        .and_then(|p| ctx.state.repo(p))
        .cloned()
    else {
        return Answer::error(422, "This repository is not a fork.", doc);
    };
    let base_branch = format!("{}:{branch}", parent.owner);
    let (Some(ours), Some(theirs)) = (fork.branches.get(branch), parent.branches.get(branch))
    else {
        return Answer::error(422, "Branch not found", doc);
    };
    let (ours, theirs) = (ours.clone(), theirs.clone());
    let done = |message: String, merge_type: &str| {
        Answer::json(
            200,
            &json!({ "message": message, "merge_type": merge_type, "base_branch": base_branch }),
        )
    };
    if ctx.state.is_ancestor(&theirs, &ours) {
        return done(
            format!("This branch is not behind the upstream {base_branch}."),
            "none",
        );
    }
    if ctx.state.is_ancestor(&ours, &theirs) {
        if let Some(r) = ctx.state.repos.get_mut(&full.to_lowercase()) {
            r.branches.insert(branch.into(), theirs);
        }
        return done(
            format!("Successfully fetched and fast-forwarded from upstream {base_branch}"),
            "fast-forward",
        );
    }
    let Some(tree) = ctx.state.three_way(&ours, &theirs) else {
        return Answer::error(409, "There are merge conflicts", doc);
    };
    let date = ctx.state.timestamp();
    let sha = ctx.state.store(super::state::Commit {
        tree,
        parents: vec![ours, theirs],
        message: format!(
            "Merge branch '{branch}' of {} into {branch}",
            parent.full_name()
        ),
        author: user.login.clone(),
        date,
    });
    if let Some(r) = ctx.state.repos.get_mut(&full.to_lowercase()) {
        r.branches.insert(branch.into(), sha);
    }
    done(
        format!("Successfully fetched and merged from upstream {base_branch}"),
        "merge",
    )
}

/// A ref's object: `{ref, node_id, url, object: {sha, type, url}}`.
fn ref_json(ctx: &Ctx, repo: &Repo, name: &str, sha: &str) -> Value {
    let full = repo.full_name();
    json!({
        "ref": name,
        "node_id": format!("REF_stand_in_{}", &sha[..12]),
        "url": ctx.api_url(&format!("repos/{full}/git/{name}")),
        "object": {
            "sha": sha,
            "type": "commit",
            "url": ctx.api_url(&format!("repos/{full}/git/commits/{sha}")),
        },
    })
}

/// `GET /repos/{o}/{r}/git/ref/heads/{branch}`.
fn get_ref(ctx: &mut Ctx, repo: &Repo, reference: &str) -> Answer {
    let branch = reference.strip_prefix("heads/").unwrap_or("");
    match repo.branches.get(branch) {
        Some(sha) => Answer::json(200, &ref_json(ctx, repo, &format!("refs/{reference}"), sha)),
        None => Answer::not_found("git/refs#get-a-reference"),
    }
}

/// `POST /repos/{o}/{r}/git/refs` `{ref: "refs/heads/x", sha}`: 201, or 422.
fn create_ref(ctx: &mut Ctx, repo: &Repo) -> Answer {
    let doc = "git/refs#create-a-reference";
    let user = match ctx.writer(doc) {
        Ok(u) => u,
        Err(a) => return a,
    };
    let full = repo.full_name();
    if !ctx.state.push_access(&user.login, &full) {
        return Answer::not_found(doc);
    }
    let body = match ctx.body() {
        Ok(b) => b,
        Err(a) => return a,
    };
    let (Some(name), Some(sha)) = (body["ref"].as_str(), body["sha"].as_str()) else {
        return Answer::error(
            422,
            "Invalid request.\n\n\"ref\", \"sha\" weren't supplied.",
            doc,
        );
    };
    let Some(branch) = name.strip_prefix("refs/heads/").filter(|b| valid_branch(b)) else {
        return Answer::error(
            422,
            "Reference name is not valid; it must be of the form refs/heads/branch.",
            doc,
        );
    };
    if !ctx.state.commits.contains_key(sha) {
        return Answer::error(422, "Object does not exist", doc);
    }
    if repo.branches.contains_key(branch) {
        return Answer::error(422, "Reference already exists", doc);
    }
    if let Some(r) = ctx.state.repos.get_mut(&full.to_lowercase()) {
        r.branches.insert(branch.into(), sha.into());
    }
    let at = ctx.api_url(&format!("repos/{full}/git/{name}"));
    Answer::json(201, &ref_json(ctx, repo, name, sha)).with("Location", at)
}

/// `PATCH /repos/{o}/{r}/git/refs/heads/{branch}` `{sha, force}`.
fn update_ref(ctx: &mut Ctx, repo: &Repo, reference: &str) -> Answer {
    let doc = "git/refs#update-a-reference";
    let user = match ctx.writer(doc) {
        Ok(u) => u,
        Err(a) => return a,
    };
    let full = repo.full_name();
    let Some(branch) = reference.strip_prefix("heads/") else {
        return Answer::not_found(doc);
    };
    if !ctx.state.can_push(&user.login, &full, branch) {
        return Answer::not_found(doc);
    }
    let body = match ctx.body() {
        Ok(b) => b,
        Err(a) => return a,
    };
    let Some(sha) = body["sha"]
        .as_str()
        .filter(|s| ctx.state.commits.contains_key(*s))
    else {
        return Answer::error(422, "Object does not exist", doc);
    };
    let Some(old) = repo.branches.get(branch) else {
        return Answer::error(422, "Reference does not exist", doc);
    };
    if !body["force"].as_bool().unwrap_or(false) && !ctx.state.is_ancestor(old, sha) {
        return Answer::error(422, "Update is not a fast forward", doc);
    }
    if let Some(r) = ctx.state.repos.get_mut(&full.to_lowercase()) {
        r.branches.insert(branch.into(), sha.into());
    }
    Answer::json(200, &ref_json(ctx, repo, &format!("refs/{reference}"), sha))
}

/// A branch name git accepts (the common rules).
fn valid_branch(b: &str) -> bool {
    !b.is_empty()
        && !b.starts_with(['/', '-', '.'])
        && !b.ends_with(['/', '.'])
        && !b.ends_with(".lock")
        && !b.contains("..")
        && !b.contains("//")
        && !b.chars().any(|c| c.is_control() || " ~^:?*[\\".contains(c))
}
