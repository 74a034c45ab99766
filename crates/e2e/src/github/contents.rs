//! The contents API (a file in base64 with its blob SHA, a folder's listing; creating and
//! updating a file with a commit) and raw files.

use base64::Engine;
use serde_json::{json, Value};

use super::api::Ctx;
use super::http::Answer;
use super::state::{blob_sha, tree_sha, Repo, State, Tree};

const GET_DOC: &str = "repos/contents#get-repository-content";
const PUT_DOC: &str = "repos/contents#create-or-update-file-contents";

/// Base64 as the contents API sends it: a line break after every 60 characters and at the end.
pub fn wrapped_base64(bytes: &[u8]) -> String {
    let flat = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = String::with_capacity(flat.len() + flat.len() / 60 + 1);
    for chunk in flat.as_bytes().chunks(60) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push('\n');
    }
    out
}

/// `GET /repos/{o}/{r}/contents/{path}?ref=`: a file, or a folder's listing (name order).
pub fn get(ctx: &mut Ctx, repo: &Repo, path: &str) -> Answer {
    let path = path.trim_matches('/');
    let reference = ctx
        .request
        .query_param("ref")
        .unwrap_or_else(|| repo.default_branch.clone());
    let Some(tree) = ctx.state.tree(&repo.full_name(), &reference).cloned() else {
        return Answer::error(
            404,
            &format!("No commit found for the ref {reference}"),
            GET_DOC,
        );
    };
    if let Some(bytes) = tree.get(path) {
        let mut v = item(
            ctx,
            repo,
            &reference,
            path,
            "file",
            bytes.len(),
            &blob_sha(bytes),
        );
        v["encoding"] = json!("base64");
        v["content"] = json!(wrapped_base64(bytes));
        return Answer::json(200, &v);
    }
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    };
    // Files directly in the folder, and its subfolders once each.
    let mut items: Vec<(String, Value)> = Vec::new();
    for (p, bytes) in tree.range(prefix.clone()..) {
        let Some(rest) = p.strip_prefix(&prefix) else {
            break;
        };
        match rest.split_once('/') {
            None => items.push((
                rest.into(),
                item(
                    ctx,
                    repo,
                    &reference,
                    p,
                    "file",
                    bytes.len(),
                    &blob_sha(bytes),
                ),
            )),
            Some((dir, _)) if items.last().is_none_or(|(n, _)| n != dir) => {
                let sub = format!("{prefix}{dir}");
                let subtree: Tree = tree
                    .iter()
                    .filter(|(k, _)| k.starts_with(&format!("{sub}/")))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                items.push((
                    dir.into(),
                    item(ctx, repo, &reference, &sub, "dir", 0, &tree_sha(&subtree)),
                ));
            }
            Some(_) => {}
        }
    }
    if items.is_empty() && !path.is_empty() {
        return Answer::not_found(GET_DOC);
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Answer::json(
        200,
        &Value::Array(items.into_iter().map(|(_, v)| v).collect()),
    )
}

/// One entry of the contents API, without `content`.
fn item(
    ctx: &Ctx,
    repo: &Repo,
    reference: &str,
    path: &str,
    kind: &str,
    size: usize,
    sha: &str,
) -> Value {
    let full = repo.full_name();
    let name = path.rsplit('/').next().unwrap_or(path);
    let url = ctx.api_url(&format!("repos/{full}/contents/{path}?ref={reference}"));
    let git = if kind == "file" {
        ctx.api_url(&format!("repos/{full}/git/blobs/{sha}"))
    } else {
        ctx.api_url(&format!("repos/{full}/git/trees/{sha}"))
    };
    let html = ctx.web_url(&format!(
        "{full}/{}/{reference}/{path}",
        if kind == "file" { "blob" } else { "tree" }
    ));
    let download = (kind == "file").then(|| format!("{}/raw/{full}/{reference}/{path}", ctx.base));
    json!({
        "type": kind,
        "size": size,
        "name": name,
        "path": path,
        "sha": sha,
        "url": url,
        "git_url": git,
        "html_url": html,
        "download_url": download,
        "_links": { "self": url, "git": git, "html": html },
    })
}

/// `PUT /repos/{o}/{r}/contents/{path}` `{message, content, sha?, branch?, committer?}`:
/// 201 for a new file, 200 for an update, 409 when `sha` is not the file's, 422 when it is
/// missing for a file that exists, 404 for a branch that does not or without push access.
pub fn put(ctx: &mut Ctx, repo: &Repo, path: &str) -> Answer {
    let path = path.trim_matches('/').to_string();
    let user = match ctx.writer(PUT_DOC) {
        Ok(u) => u,
        Err(a) => return a,
    };
    let body = match ctx.body() {
        Ok(b) => b,
        Err(a) => return a,
    };
    let full = repo.full_name();
    let branch = body["branch"]
        .as_str()
        .unwrap_or(&repo.default_branch)
        .to_string();
    if !ctx.state.can_push(&user.login, &full, &branch) {
        return Answer::not_found(PUT_DOC);
    }
    for field in ["message", "content"] {
        if !body[field].is_string() {
            return Answer::error(
                422,
                &format!("Invalid request.\n\n\"{field}\" wasn't supplied."),
                PUT_DOC,
            );
        }
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(
        body["content"]
            .as_str()
            .unwrap_or("")
            .split_whitespace()
            .collect::<String>(),
    ) else {
        return Answer::error(422, "content is not valid Base64", PUT_DOC);
    };
    if !repo.branches.contains_key(&branch) {
        return Answer::error(404, &format!("Branch {branch} not found"), PUT_DOC);
    }
    // Someone else's commit, arranged by the test, lands between the app's read and write.
    if let Some(theirs) = ctx.state.put_changes.remove(&path) {
        let mut tree = ctx.state.tree(&full, &branch).cloned().unwrap_or_default();
        tree.insert(path.clone(), theirs);
        ctx.state.commit(
            &full,
            &branch,
            tree,
            &format!("Update {path}"),
            "someone-else",
        );
    }
    let mut tree = ctx.state.tree(&full, &branch).cloned().unwrap_or_default();
    let given = body["sha"].as_str();
    let current = tree.get(&path).map(|b| blob_sha(b));
    match (&current, given) {
        (Some(_), None) => {
            return Answer::error(422, "Invalid request.\n\n\"sha\" wasn't supplied.", PUT_DOC)
        }
        (Some(now), Some(sha)) if now != sha => {
            return Answer::error(409, &format!("{path} does not match {sha}"), PUT_DOC)
        }
        (None, Some(sha)) => {
            return Answer::error(409, &format!("{path} does not match {sha}"), PUT_DOC)
        }
        _ => {}
    }
    let committer = body["committer"]["name"]
        .as_str()
        .unwrap_or(&user.login)
        .to_string();
    let message = body["message"].as_str().unwrap_or("").to_string();
    let size = bytes.len();
    let sha = blob_sha(&bytes);
    tree.insert(path.clone(), bytes);
    let Some(commit) = ctx.state.commit(&full, &branch, tree, &message, &committer) else {
        return Answer::error(404, &format!("Branch {branch} not found"), PUT_DOC);
    };
    let content = item(ctx, repo, &branch, &path, "file", size, &sha);
    let commit = commit_json(ctx, &full, &commit);
    Answer::json(
        if current.is_some() { 200 } else { 201 },
        &json!({ "content": content, "commit": commit }),
    )
}

/// A commit's object as the contents API answers it.
pub fn commit_json(ctx: &Ctx, full: &str, sha: &str) -> Value {
    let Some(c) = ctx.state.commits.get(sha) else {
        return json!(null);
    };
    let person = json!({
        "name": c.author,
        "email": format!("{}@users.noreply.stand-in", c.author),
        "date": c.date,
    });
    let tree = tree_sha(&c.tree);
    let parents: Vec<Value> = c
        .parents
        .iter()
        .map(|p| {
            json!({
                "sha": p,
                "url": ctx.api_url(&format!("repos/{full}/git/commits/{p}")),
                "html_url": ctx.web_url(&format!("{full}/commit/{p}")),
            })
        })
        .collect();
    json!({
        "sha": sha,
        "node_id": format!("C_stand_in_{}", &sha[..12]),
        "url": ctx.api_url(&format!("repos/{full}/git/commits/{sha}")),
        "html_url": ctx.web_url(&format!("{full}/commit/{sha}")),
        "author": person,
        "committer": person,
        "message": c.message,
        "tree": { "sha": tree, "url": ctx.api_url(&format!("repos/{full}/git/trees/{tree}")) },
        "parents": parents,
        "verification": { "verified": false, "reason": "unsigned", "signature": null, "payload": null },
    })
}

/// `GET /raw/{owner}/{repo}/{branch}/{path}`: the bytes, or 404 as the raw host says it. A
/// branch may hold slashes (`twir/issue-701`): each split of the rest is tried, shortest first.
pub fn raw(state: &State, rest: &str) -> Answer {
    let mut parts = rest.splitn(3, '/');
    let (owner, name, rest) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let full = format!("{owner}/{name}");
    let file = state.visible(&full).and_then(|_| {
        rest.match_indices('/').find_map(|(i, _)| {
            let (branch, path) = (&rest[..i], &rest[i + 1..]);
            state.tree(&full, branch)?.get(path)
        })
    });
    match file {
        Some(bytes) => Answer::text(200, bytes, "text/plain; charset=utf-8"),
        None => Answer::text(404, b"404: Not Found", "text/plain"),
    }
}
