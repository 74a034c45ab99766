//! Pull requests: open one, list them, get one.

use serde_json::{json, Value};

use super::api::{account_json, repo_json, Ctx};
use super::http::Answer;
use super::state::{Pull, Repo};

const CREATE_DOC: &str = "pulls/pulls#create-a-pull-request";

/// `POST /repos/{o}/{r}/pulls` `{title, head, base, body, maintainer_can_modify, draft}`:
/// 201, or 422 for a duplicate, a head or base that is not there, or no commits between them.
pub fn create(ctx: &mut Ctx, base_repo: &Repo) -> Answer {
    let user = match ctx.writer(CREATE_DOC) {
        Ok(u) => u,
        Err(a) => return a,
    };
    let body = match ctx.body() {
        Ok(b) => b,
        Err(a) => return a,
    };
    let invalid = |field: &str| {
        Answer::validation(
            &json!([{ "resource": "PullRequest", "field": field, "code": "invalid" }]),
            CREATE_DOC,
        )
    };
    let missing = |field: &str| {
        Answer::validation(
            &json!([{ "resource": "PullRequest", "field": field, "code": "missing_field" }]),
            CREATE_DOC,
        )
    };
    let Some(title) = body["title"].as_str().filter(|t| !t.trim().is_empty()) else {
        return missing("title");
    };
    let (Some(head), Some(base_ref)) = (body["head"].as_str(), body["base"].as_str()) else {
        return missing(if body["head"].is_string() {
            "base"
        } else {
            "head"
        });
    };
    let base_full = base_repo.full_name();
    // `owner:branch` names a branch of that owner's repository in the same network.
    let (head_repo, head_ref) = match head.split_once(':') {
        None => (Some(base_repo.clone()), head),
        Some((owner, branch)) => {
            let source = ctx.state.source(&base_full);
            let found = ctx
                .state
                .repos
                .values()
                .find(|r| {
                    r.owner.eq_ignore_ascii_case(owner)
                        && ctx.state.api_requests >= r.ready_at
                        && ctx
                            .state
                            .source(&r.full_name())
                            .eq_ignore_ascii_case(&source)
                })
                .cloned();
            (found, branch)
        }
    };
    let Some(head_repo) = head_repo else {
        return invalid("head");
    };
    let Some(head_sha) = head_repo.branches.get(head_ref).cloned() else {
        return invalid("head");
    };
    let Some(base_sha) = base_repo.branches.get(base_ref).cloned() else {
        return invalid("base");
    };
    let label = format!("{}:{head_ref}", head_repo.owner);
    let duplicate = ctx.state.pulls.iter().any(|p| {
        p.state == "open"
            && p.base_repo.eq_ignore_ascii_case(&base_full)
            && p.base_ref == base_ref
            && p.head_label().eq_ignore_ascii_case(&label)
    });
    if duplicate {
        return Answer::validation(
            &json!([{ "resource": "PullRequest", "code": "custom",
                     "message": format!("A pull request already exists for {label}.") }]),
            CREATE_DOC,
        );
    }
    if ctx.state.is_ancestor(&head_sha, &base_sha) {
        return Answer::validation(
            &json!([{ "resource": "PullRequest", "code": "custom",
                     "message": format!("No commits between {base_ref} and {label}") }]),
            CREATE_DOC,
        );
    }
    let number = ctx.state.next_pull;
    ctx.state.next_pull += 1;
    let created_at = ctx.state.timestamp();
    let pull = Pull {
        number,
        id: 900_000 + number,
        title: title.into(),
        body: body["body"].as_str().map(String::from),
        user: user.login.clone(),
        head_repo: head_repo.full_name(),
        head_ref: head_ref.into(),
        base_repo: base_full.clone(),
        base_ref: base_ref.into(),
        // Only a pull request from a fork can let maintainers push to it.
        maintainer_can_modify: body["maintainer_can_modify"].as_bool().unwrap_or(false)
            && !head_repo.full_name().eq_ignore_ascii_case(&base_full),
        draft: body["draft"].as_bool().unwrap_or(false),
        state: "open".into(),
        created_at,
        closed_at: None,
        merged_at: None,
    };
    ctx.state.pulls.push(pull.clone());
    let url = ctx.api_url(&format!("repos/{base_full}/pulls/{number}"));
    Answer::json(201, &pull_json(ctx, &pull)).with("Location", url)
}

/// `GET /repos/{o}/{r}/pulls?state=&head=&base=`: newest first.
pub fn list(ctx: &mut Ctx, repo: &Repo) -> Answer {
    let q = |name: &str| ctx.request.query_param(name);
    let state = q("state").unwrap_or_else(|| "open".into());
    let (head, base) = (q("head"), q("base"));
    let full = repo.full_name();
    let found: Vec<Value> = ctx
        .state
        .pulls
        .iter()
        .rev()
        .filter(|p| p.base_repo.eq_ignore_ascii_case(&full))
        .filter(|p| state == "all" || p.state == state)
        .filter(|p| {
            head.as_ref()
                .is_none_or(|h| p.head_label().eq_ignore_ascii_case(h))
        })
        .filter(|p| base.as_ref().is_none_or(|b| &p.base_ref == b))
        .map(|p| pull_json(ctx, p))
        .collect();
    Answer::json(200, &Value::Array(found))
}

/// `GET /repos/{o}/{r}/pulls/{number}`.
pub fn get(ctx: &mut Ctx, repo: &Repo, number: &str) -> Answer {
    let full = repo.full_name();
    let pull = ctx
        .state
        .pulls
        .iter()
        .find(|p| p.base_repo.eq_ignore_ascii_case(&full) && number.parse() == Ok(p.number));
    match pull {
        Some(p) => Answer::json(200, &pull_json(ctx, p)),
        None => Answer::not_found("pulls/pulls#get-a-pull-request"),
    }
}

/// A pull request's object.
fn pull_json(ctx: &Ctx, p: &Pull) -> Value {
    let side = |full: &str, branch: &str| {
        let repo = ctx.state.repo(full);
        let sha = repo.and_then(|r| r.branches.get(branch)).cloned();
        let owner = super::state::owner_of(full);
        json!({
            "label": format!("{owner}:{branch}"),
            "ref": branch,
            "sha": sha,
            "user": account_json(ctx, owner),
            "repo": repo.map(|r| repo_json(ctx, r, false)),
        })
    };
    let base = &p.base_repo;
    let n = p.number;
    json!({
        "url": ctx.api_url(&format!("repos/{base}/pulls/{n}")),
        "id": p.id,
        "node_id": format!("PR_stand_in_{}", p.id),
        "html_url": ctx.web_url(&format!("{base}/pull/{n}")),
        "diff_url": ctx.web_url(&format!("{base}/pull/{n}.diff")),
        "issue_url": ctx.api_url(&format!("repos/{base}/issues/{n}")),
        "number": n,
        "state": p.state,
        "locked": false,
        "title": p.title,
        "user": account_json(ctx, &p.user),
        "body": p.body,
        "created_at": p.created_at,
        "updated_at": p.created_at,
        "closed_at": p.closed_at,
        "merged_at": p.merged_at,
        "draft": p.draft,
        "head": side(&p.head_repo, &p.head_ref),
        "base": side(&p.base_repo, &p.base_ref),
        "author_association": "CONTRIBUTOR",
        "merged": p.merged_at.is_some(),
        "mergeable": null,
        "maintainer_can_modify": p.maintainer_can_modify,
    })
}
