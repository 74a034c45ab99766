//! A local stand-in for the GitHub endpoints the app uses, reading and writing, seeded from the
//! project's own fixtures (`crates/e2e/fixtures/github/`), never copies of real issues.
//!
//! Paths mirror GitHub's, under a prefix per host: `/api/…` for `api.github.com`, `/raw/…` for
//! `raw.githubusercontent.com`, `/web/…` for `github.com`. Shapes, status codes and error
//! bodies (`{"message", "documentation_url"}`, 422 with `errors`) follow GitHub's REST API:
//!
//! | request | answers |
//! | --- | --- |
//! | `GET /api/user` | 200 with `X-OAuth-Scopes`, `X-Accepted-OAuth-Scopes`; 401 |
//! | `GET /api/repos/{o}/{r}` | 200 with `permissions` for the signed-in user; 404 |
//! | `POST /api/repos/{o}/{r}/forks` | 202 (the same fork again later); 401, 404 |
//! | `POST /api/repos/{o}/{r}/merge-upstream` | 200 `merge_type` `none`, `fast-forward` or `merge`; 409 conflict; 422 |
//! | `GET /api/repos/{o}/{r}/git/ref/heads/{b}` | 200; 404 |
//! | `POST /api/repos/{o}/{r}/git/refs` | 201; 422 "Reference already exists" |
//! | `PATCH /api/repos/{o}/{r}/git/refs/heads/{b}` | 200; 422 not a fast forward |
//! | `GET /api/repos/{o}/{r}/contents/{path}?ref=` | 200 a file (base64) or a folder listing; 404 |
//! | `PUT /api/repos/{o}/{r}/contents/{path}` | 201 created, 200 updated; 409 stale `sha`; 422 no `sha`; 404 |
//! | `POST /api/repos/{o}/{r}/pulls` | 201; 422 duplicate, no commits, bad head or base |
//! | `GET /api/repos/{o}/{r}/pulls?head=&base=&state=`, `…/pulls/{n}` | 200; 404 |
//! | `GET /api/search/issues?q=&per_page=&page=` | 200 with `Link` (`incomplete_results` when told); 422 without `q`; repeated `repo:` are alternatives |
//! | `GET /api/repos/{o}/{r}/issues/{n}` | 200 a search item in GitHub's issue shape; 404 |
//! | `GET /api/repos/{o}/{r}/issues/{n}/events?per_page=&page=` | 200 its events, oldest first, in pages with `Link`; 404 |
//! | `GET /raw/{o}/{r}/{branch}/{path}` | the file's bytes; 404 |
//! | `GET /web/…` | a small HTML page, so a test can follow a link |
//!
//! A `200` carries an `ETag`; the same request with `If-None-Match` gets `304`, not counted.
//!
//! State (in `state.rs`, behind one mutex per stand-in): the upstream repository
//! `rust-lang/this-week-in-rust` starts with one commit on `main` holding the fixtures' `draft/`
//! and `content/`; branches point at commits, each a whole tree of files; blob SHAs are git's,
//! commit SHAs synthetic but stable. Users sign in with `Authorization: Bearer <token>` (or
//! `token <token>`); without a header a request is anonymous: reads only, a write gets 401. A
//! token without `repo`/`public_repo`, or a user without push access (the owner, an upstream
//! collaborator, or a maintainer on a fork's pull-request branch that allows it), gets 404 as
//! on GitHub. Every answer of the API counts against a rate limit (60 an hour anonymous, 5000
//! signed in; search 10 a minute, 30 signed in) and says so in `x-ratelimit-*` headers; once
//! used up it answers 403 (or 429, [`StandIn::set_rate_limit_status`]) with GitHub's message.
//! The search is fed by `fixtures/github/api/search-issues.json` (invented items). Every request is recorded whole
//! ([`StandIn::requests_full`]). Answers carry CORS headers for the requesting page's origin;
//! preflights get 204.
//!
//! Simulations: [`StandIn::set_rate_limited`], [`StandIn::set_search_incomplete`] (a search
//! that timed out), [`StandIn::expire_token`],
//! [`StandIn::set_fork_delay`] (forks are made asynchronously), [`StandIn::set_file`] (someone
//! else commits), [`StandIn::remove_file`] (someone else deletes),
//! [`StandIn::change_before_next_put`] (…between the app's read and its write),
//! [`StandIn::merge_pull`] and [`StandIn::close_pull`] (a maintainer acts); [`StandIn::file`],
//! [`StandIn::head`], [`StandIn::branches`] and [`StandIn::pulls`] read what was done;
//! [`offline_base`] gives an address where nothing listens.

mod api;
mod contents;
mod http;
mod pulls;
mod search;
mod state;
#[cfg(test)]
mod tests;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::wire::{read_request, Recorded};
use state::{State, Tree};

pub use state::{blob_sha, UPSTREAM};

/// The fixtures the stand-in serves by default.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/github")
}

/// A running stand-in; it lives as long as the process (one thread per connection).
#[derive(Clone)]
pub struct StandIn {
    /// `http://127.0.0.1:N`
    pub base: String,
    log: Arc<Mutex<Vec<Recorded>>>,
    state: Arc<Mutex<State>>,
}

/// A pull request as the stand-in holds it (see [`StandIn::pulls`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    pub number: u64,
    /// The base repository, `owner/name`.
    pub repo: String,
    pub title: String,
    pub body: Option<String>,
    /// Who opened it.
    pub user: String,
    /// `owner:branch`
    pub head_label: String,
    /// The head repository, `owner/name`.
    pub head_repo: String,
    pub head_ref: String,
    pub base_ref: String,
    pub maintainer_can_modify: bool,
    /// `open` or `closed`.
    pub state: String,
    pub merged: bool,
}

impl StandIn {
    /// Serves `root`: its `draft/` and `content/` become `main` of
    /// `rust-lang/this-week-in-rust`; `root/api/search-issues.json`, if there, feeds the search.
    pub fn start(root: &Path) -> std::io::Result<StandIn> {
        let mut tree = Tree::new();
        for dir in ["draft", "content"] {
            load(root, dir, &mut tree)?;
        }
        let mut state = State::new(tree);
        if let Ok(text) = std::fs::read_to_string(root.join("api/search-issues.json")) {
            state.search_items = serde_json::from_str(&text).map_err(std::io::Error::other)?;
        }
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let stand_in = StandIn {
            base: format!("http://{}", listener.local_addr()?),
            log: Arc::default(),
            state: Arc::new(Mutex::new(state)),
        };
        let shared = stand_in.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || {
                    // A client that hangs up early is not an error worth reporting.
                    let _ = shared.respond(stream);
                });
            }
        });
        Ok(stand_in)
    }

    /// The app's query string pointing every GitHub base at this stand-in.
    pub fn query(&self) -> String {
        query_for(&self.base)
    }

    /// `METHOD /path?query` of every request so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests_full().iter().map(Recorded::line).collect()
    }

    /// Every request so far, whole: method, target, headers, body.
    pub fn requests_full(&self) -> Vec<Recorded> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Adds search items (the compact form of `search.rs`), e.g. another week's fixture.
    pub fn add_search_items(&self, items: Vec<serde_json::Value>) {
        self.state().search_items.extend(items);
    }

    /// While on, the API answers 403 (or the status of [`StandIn::set_rate_limit_status`]) with
    /// `x-ratelimit-remaining: 0` and GitHub's message; raw files still work, as on GitHub,
    /// where they do not count against the API's limit.
    pub fn set_rate_limited(&self, on: bool) {
        self.state().rate_limited = on;
    }

    /// The status of an exhausted limit: 403 (GitHub's usual) or 429.
    pub fn set_rate_limit_status(&self, status: u16) {
        self.state().limit_status = status;
    }

    /// While on, every search answers as GitHub's does when it ran out of time: 200 with
    /// `"incomplete_results": true`, holding (and counting in `total_count`) only the first
    /// half of what matched, rounded up: what it found in time.
    pub fn set_search_incomplete(&self, on: bool) {
        self.state().search_incomplete = on;
    }

    /// Sets how many core API requests `login` (`None`: anonymous) has left this hour.
    pub fn set_rate_remaining(&self, login: Option<&str>, remaining: u32) {
        let mut s = self.state();
        let limit = if login.is_some() { 5000 } else { 60 };
        let key = login.unwrap_or("").to_lowercase();
        s.core_used.insert(key, limit - remaining.min(limit));
    }

    /// A user who signs in with `token`, whose token has `scopes` (`repo`, `public_repo`, …),
    /// and who may push to the upstream repository if `write_access_upstream`.
    pub fn add_user(&self, login: &str, token: &str, scopes: &[&str], write_access_upstream: bool) {
        let mut s = self.state();
        s.users.retain(|u| u.token != token);
        s.users.push(state::User {
            login: login.into(),
            id: state::account_id(login),
            token: token.into(),
            scopes: scopes
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            write_upstream: write_access_upstream,
            expired: false,
        });
    }

    /// From now on `token` is answered 401 "Bad credentials", like an expired or revoked one.
    pub fn expire_token(&self, token: &str) {
        for u in self.state().users.iter_mut().filter(|u| u.token == token) {
            u.expired = true;
        }
    }

    /// A new fork becomes readable only after this many further API requests (default 2), so
    /// the app has to poll for it as on GitHub, where forking is asynchronous.
    pub fn set_fork_delay(&self, n_requests: u64) {
        self.state().fork_delay = n_requests;
    }

    /// Someone else commits `bytes` as `path` on `branch` of `owner_repo` (which must exist).
    pub fn set_file(&self, owner_repo: &str, branch: &str, path: &str, bytes: &[u8]) {
        let mut s = self.state();
        let mut tree = s
            .tree(owner_repo, branch)
            .unwrap_or_else(|| panic!("no branch {branch} in {owner_repo}"))
            .clone();
        tree.insert(path.trim_matches('/').into(), bytes.to_vec());
        s.commit(
            owner_repo,
            branch,
            tree,
            &format!("Update {path}"),
            "someone-else",
        );
    }

    /// Someone else deletes `path` on `branch` of `owner_repo` (a draft published and moved).
    pub fn remove_file(&self, owner_repo: &str, branch: &str, path: &str) {
        let mut s = self.state();
        let mut tree = s
            .tree(owner_repo, branch)
            .unwrap_or_else(|| panic!("no branch {branch} in {owner_repo}"))
            .clone();
        tree.remove(path.trim_matches('/'));
        s.commit(
            owner_repo,
            branch,
            tree,
            &format!("Delete {path}"),
            "someone-else",
        );
    }

    /// The bytes of `path` on `branch` of `owner_repo`, as last committed.
    pub fn file(&self, owner_repo: &str, branch: &str, path: &str) -> Option<Vec<u8>> {
        self.state()
            .tree(owner_repo, branch)?
            .get(path.trim_matches('/'))
            .cloned()
    }

    /// The commit SHA `branch` of `owner_repo` points at.
    pub fn head(&self, owner_repo: &str, branch: &str) -> Option<String> {
        let s = self.state();
        s.repo(owner_repo)?.branches.get(branch).cloned()
    }

    /// The message of the commit `branch` of `owner_repo` points at.
    pub fn head_message(&self, owner_repo: &str, branch: &str) -> Option<String> {
        let s = self.state();
        let sha = s.repo(owner_repo)?.branches.get(branch)?;
        s.commits.get(sha).map(|c| c.message.clone())
    }

    /// The branches of `owner_repo`, in name order (empty for a repository that is not there).
    pub fn branches(&self, owner_repo: &str) -> Vec<String> {
        let s = self.state();
        s.repo(owner_repo)
            .map(|r| r.branches.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// A maintainer merges open pull request `number` of `owner_repo`: its head's changes land
    /// on the base branch (a merge commit, or a fast-forward) and it is closed as merged.
    /// False when there is no such open pull request or the merge conflicts.
    pub fn merge_pull(&self, owner_repo: &str, number: u64) -> bool {
        let mut s = self.state();
        let Some(i) = s.pulls.iter().position(|p| {
            p.number == number && p.state == "open" && p.base_repo.eq_ignore_ascii_case(owner_repo)
        }) else {
            return false;
        };
        let p = s.pulls[i].clone();
        let head = s
            .repo(&p.head_repo)
            .and_then(|r| r.branches.get(&p.head_ref))
            .cloned();
        let base = s
            .repo(&p.base_repo)
            .and_then(|r| r.branches.get(&p.base_ref))
            .cloned();
        let (Some(head), Some(base)) = (head, base) else {
            return false;
        };
        let merged = if s.is_ancestor(&base, &head) {
            head
        } else {
            let Some(tree) = s.three_way(&base, &head) else {
                return false;
            };
            let date = s.timestamp();
            s.store(state::Commit {
                tree,
                parents: vec![base, head],
                message: format!("Merge pull request #{number} from {}", p.head_label()),
                author: "a-maintainer".into(),
                date,
            })
        };
        if let Some(r) = s.repos.get_mut(&p.base_repo.to_lowercase()) {
            r.branches.insert(p.base_ref.clone(), merged);
        }
        let now = s.timestamp();
        let pull = &mut s.pulls[i];
        pull.state = "closed".into();
        pull.closed_at = Some(now.clone());
        pull.merged_at = Some(now);
        true
    }

    /// Closes open pull request `number` of `owner_repo` without merging it.
    pub fn close_pull(&self, owner_repo: &str, number: u64) -> bool {
        let mut s = self.state();
        let now = s.timestamp();
        let found = s.pulls.iter_mut().find(|p| {
            p.number == number && p.state == "open" && p.base_repo.eq_ignore_ascii_case(owner_repo)
        });
        found
            .map(|p| {
                p.state = "closed".into();
                p.closed_at = Some(now);
            })
            .is_some()
    }

    /// Whether `owner_repo` exists (readable or still being forked).
    pub fn has_repo(&self, owner_repo: &str) -> bool {
        self.state().repo(owner_repo).is_some()
    }

    /// The pull requests opened so far, oldest first.
    pub fn pulls(&self) -> Vec<PullRequest> {
        self.state()
            .pulls
            .iter()
            .map(|p| PullRequest {
                number: p.number,
                repo: p.base_repo.clone(),
                title: p.title.clone(),
                body: p.body.clone(),
                user: p.user.clone(),
                head_label: p.head_label(),
                head_repo: p.head_repo.clone(),
                head_ref: p.head_ref.clone(),
                base_ref: p.base_ref.clone(),
                maintainer_can_modify: p.maintainer_can_modify,
                state: p.state.clone(),
                merged: p.merged_at.is_some(),
            })
            .collect()
    }

    /// Just before the next `PUT` of `path` (in any repository and branch), someone else commits
    /// `bytes` there, so the app's SHA from its earlier read is stale.
    pub fn change_before_next_put(&self, path: &str, bytes: &[u8]) {
        self.state()
            .put_changes
            .insert(path.trim_matches('/').into(), bytes.to_vec());
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not take the other tests' stand-ins down with it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn respond(&self, mut stream: TcpStream) -> std::io::Result<()> {
        let request = read_request(&stream)?;
        if let Ok(mut log) = self.log.lock() {
            log.push(request.clone());
        }
        let path = crate::wire::percent_decode(request.path());
        let answer = if request.method == "OPTIONS" {
            http::preflight()
        } else if let Some(rest) = path.strip_prefix("/api") {
            api::answer(&mut self.state(), &self.base, &request, rest)
        } else if let Some(rest) = path.strip_prefix("/raw/") {
            contents::raw(&self.state(), rest)
        } else if path.starts_with("/web/") {
            http::Answer::text(
                200,
                b"<!DOCTYPE html><title>GitHub stand-in</title><p>stand-in page</p>",
                "text/html; charset=utf-8",
            )
        } else {
            http::Answer::text(404, b"not found", "text/plain")
        };
        http::send(
            &mut stream,
            &answer,
            request.header("origin"),
            request.method == "HEAD",
        )
    }
}

/// Adds the files under `root/dir` to `tree`, by their paths relative to `root`.
fn load(root: &Path, dir: &str, tree: &mut Tree) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = format!("{dir}/{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            load(root, &name, tree)?;
        } else {
            tree.insert(name, std::fs::read(entry.path())?);
        }
    }
    Ok(())
}

/// The query string pointing the app's GitHub bases at `base`.
pub fn query_for(base: &str) -> String {
    format!("?github_api={base}/api&github_raw={base}/raw&github_web={base}/web")
}

/// An address where nothing listens (a port bound and released), for "offline".
pub fn offline_base() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_or(9, |a| a.port());
    format!("http://127.0.0.1:{port}")
}
