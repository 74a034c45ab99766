//! The stand-in's memory: users and tokens, repositories as branches pointing at commits (each
//! commit a whole tree of files, path → bytes, in one object store shared by a repository and
//! its forks, as on GitHub), pull requests and rate-limit counters.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The repository the app composes issues in.
pub const UPSTREAM: &str = "rust-lang/this-week-in-rust";

/// A commit's files, path → bytes.
pub type Tree = BTreeMap<String, Vec<u8>>;

/// One commit: a whole tree and its parents (two for a merge).
#[derive(Debug, Clone)]
pub struct Commit {
    pub tree: Tree,
    pub parents: Vec<String>,
    pub message: String,
    pub author: String,
    pub date: String,
}

/// An account that can sign in with a token.
#[derive(Debug, Clone)]
pub struct User {
    pub login: String,
    pub id: u64,
    pub token: String,
    pub scopes: Vec<String>,
    pub write_upstream: bool,
    pub expired: bool,
}

impl User {
    /// Whether the token may write to public repositories (`repo` or `public_repo`).
    pub fn can_write_public(&self) -> bool {
        self.scopes
            .iter()
            .any(|s| s == "repo" || s == "public_repo")
    }
}

/// One repository.
#[derive(Debug, Clone)]
pub struct Repo {
    pub owner: String,
    pub name: String,
    pub id: u64,
    /// The repository this one was forked from (`owner/name`).
    pub parent: Option<String>,
    pub branches: BTreeMap<String, String>,
    pub default_branch: String,
    /// The API request count from which the repository is readable (a fork being made).
    pub ready_at: u64,
    pub created_at: String,
}

impl Repo {
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

/// One pull request.
#[derive(Debug, Clone)]
pub struct Pull {
    pub number: u64,
    pub id: u64,
    pub title: String,
    pub body: Option<String>,
    pub user: String,
    pub head_repo: String,
    pub head_ref: String,
    pub base_repo: String,
    pub base_ref: String,
    pub maintainer_can_modify: bool,
    pub draft: bool,
    pub state: String,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub merged_at: Option<String>,
}

impl Pull {
    /// `owner:branch`, GitHub's label of the head.
    pub fn head_label(&self) -> String {
        format!("{}:{}", owner_of(&self.head_repo), self.head_ref)
    }
}

/// Everything the stand-in remembers; one per stand-in, behind a mutex.
pub struct State {
    /// Keyed by `owner/name` in lower case (GitHub's names are not case sensitive).
    pub repos: BTreeMap<String, Repo>,
    pub commits: HashMap<String, Commit>,
    pub users: Vec<User>,
    pub pulls: Vec<Pull>,
    /// API requests answered so far (forks become readable after some).
    pub api_requests: u64,
    pub fork_delay: u64,
    pub rate_limited: bool,
    pub limit_status: u16,
    /// Searches answer as when GitHub's search timed out (`StandIn::set_search_incomplete`).
    pub search_incomplete: bool,
    /// Core requests used per identity (`""` for anonymous).
    pub core_used: HashMap<String, u32>,
    /// Search requests in the last minute per identity.
    pub search_times: HashMap<String, Vec<Instant>>,
    /// The Unix time the core limit resets (an hour after the start).
    pub reset: u64,
    /// Files that someone else commits just before the next PUT of their path.
    pub put_changes: HashMap<String, Vec<u8>>,
    /// The search fixture's items, in GitHub's issue shape minus the URLs.
    pub search_items: Vec<serde_json::Value>,
    pub next_pull: u64,
    /// A clock for timestamps, one second per event from a fixed start: stable output.
    pub tick: u64,
}

impl State {
    /// `UPSTREAM` with one commit on `main` holding `tree`.
    pub fn new(tree: Tree) -> State {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut state = State {
            repos: BTreeMap::new(),
            commits: HashMap::new(),
            users: Vec::new(),
            pulls: Vec::new(),
            api_requests: 0,
            fork_delay: 2,
            rate_limited: false,
            limit_status: 403,
            search_incomplete: false,
            core_used: HashMap::new(),
            search_times: HashMap::new(),
            reset: now + 3600,
            put_changes: HashMap::new(),
            search_items: Vec::new(),
            next_pull: 1,
            tick: 0,
        };
        let date = state.timestamp();
        let root = state.store(Commit {
            tree,
            parents: Vec::new(),
            message: "The fixtures".into(),
            author: "stand-in".into(),
            date: date.clone(),
        });
        let (owner, name) = UPSTREAM.split_once('/').unwrap_or((UPSTREAM, ""));
        state.repos.insert(
            UPSTREAM.to_lowercase(),
            Repo {
                owner: owner.into(),
                name: name.into(),
                id: account_id(UPSTREAM),
                parent: None,
                branches: BTreeMap::from([("main".to_string(), root)]),
                default_branch: "main".into(),
                ready_at: 0,
                created_at: date,
            },
        );
        state
    }

    /// `2027-01-01T00:00:00Z` plus one second per call.
    pub fn timestamp(&mut self) -> String {
        self.tick += 1;
        let (d, rest) = (self.tick / 86_400, self.tick % 86_400);
        format!(
            "2027-01-{:02}T{:02}:{:02}:{:02}Z",
            1 + d.min(30),
            rest / 3600,
            rest / 60 % 60,
            rest % 60
        )
    }

    /// Stores `commit` and returns its SHA.
    pub fn store(&mut self, commit: Commit) -> String {
        let sha = commit_sha(&commit);
        self.commits.insert(sha.clone(), commit);
        sha
    }

    /// The repository `owner/name`, readable or not.
    pub fn repo(&self, full_name: &str) -> Option<&Repo> {
        self.repos.get(&full_name.to_lowercase())
    }

    /// The repository if it is readable now (a fork still being made is not).
    pub fn visible(&self, full_name: &str) -> Option<&Repo> {
        self.repo(full_name)
            .filter(|r| self.api_requests >= r.ready_at)
    }

    /// The commit `reference` names in `repo`: a branch, `heads/branch`, `refs/heads/branch`
    /// or a commit SHA.
    pub fn resolve(&self, repo: &Repo, reference: &str) -> Option<String> {
        let branch = reference
            .trim_start_matches("refs/")
            .trim_start_matches("heads/");
        repo.branches.get(branch).cloned().or_else(|| {
            (reference.len() == 40 && self.commits.contains_key(reference))
                .then(|| reference.to_string())
        })
    }

    /// The files of `branch` (or commit) in `full_name`.
    pub fn tree(&self, full_name: &str, reference: &str) -> Option<&Tree> {
        let repo = self.repo(full_name)?;
        let sha = self.resolve(repo, reference)?;
        self.commits.get(&sha).map(|c| &c.tree)
    }

    /// Commits `tree` on `branch` of `full_name` (after its head) and returns the new SHA.
    pub fn commit(
        &mut self,
        full_name: &str,
        branch: &str,
        tree: Tree,
        message: &str,
        author: &str,
    ) -> Option<String> {
        let head = self.repo(full_name)?.branches.get(branch)?.clone();
        let date = self.timestamp();
        let sha = self.store(Commit {
            tree,
            parents: vec![head],
            message: message.into(),
            author: author.into(),
            date,
        });
        let repo = self.repos.get_mut(&full_name.to_lowercase())?;
        repo.branches.insert(branch.into(), sha.clone());
        Some(sha)
    }

    /// Whether `ancestor` is `descendant` or reachable from it through parents.
    pub fn is_ancestor(&self, ancestor: &str, descendant: &str) -> bool {
        self.ancestors(descendant).contains(ancestor)
    }

    fn ancestors(&self, sha: &str) -> HashSet<String> {
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([sha.to_string()]);
        while let Some(s) = queue.pop_front() {
            if let Some(c) = self.commits.get(&s) {
                queue.extend(c.parents.iter().cloned());
            }
            seen.insert(s);
        }
        seen
    }

    /// The nearest common ancestor of two commits (breadth first from `b`).
    pub fn merge_base(&self, a: &str, b: &str) -> Option<String> {
        let of_a = self.ancestors(a);
        let mut queue = VecDeque::from([b.to_string()]);
        let mut seen = HashSet::new();
        while let Some(s) = queue.pop_front() {
            if of_a.contains(&s) {
                return Some(s);
            }
            if seen.insert(s.clone()) {
                if let Some(c) = self.commits.get(&s) {
                    queue.extend(c.parents.iter().cloned());
                }
            }
        }
        None
    }

    /// The merge of two commits' trees, or `None` when both changed a file differently.
    pub fn three_way(&self, ours: &str, theirs: &str) -> Option<Tree> {
        let base = self.merge_base(ours, theirs)?;
        let tree = |sha: &str| {
            self.commits
                .get(sha)
                .map(|c| c.tree.clone())
                .unwrap_or_default()
        };
        let (base, ours, theirs) = (tree(&base), tree(ours), tree(theirs));
        let mut merged = ours.clone();
        let paths: std::collections::BTreeSet<&String> = base
            .keys()
            .chain(ours.keys())
            .chain(theirs.keys())
            .collect();
        for path in paths {
            let (b, o, t) = (base.get(path), ours.get(path), theirs.get(path));
            if o == t || t == b {
                continue;
            }
            if o != b {
                return None;
            }
            match t {
                Some(bytes) => merged.insert(path.clone(), bytes.clone()),
                None => merged.remove(path),
            };
        }
        Some(merged)
    }

    /// The user a token belongs to.
    pub fn user_by_token(&self, token: &str) -> Option<&User> {
        self.users.iter().find(|u| u.token == token)
    }

    /// Whether `login` may push to `branch` of `full_name`: its owner, a collaborator of the
    /// upstream repository, or a maintainer of the base of an open pull request from that
    /// branch that allows maintainers to modify it.
    pub fn can_push(&self, login: &str, full_name: &str, branch: &str) -> bool {
        self.push_access(login, full_name)
            || self.pulls.iter().any(|p| {
                p.state == "open"
                    && p.maintainer_can_modify
                    && p.head_repo.eq_ignore_ascii_case(full_name)
                    && p.head_ref == branch
                    && self.push_access(login, &p.base_repo)
            })
    }

    /// Push access to the whole repository.
    pub fn push_access(&self, login: &str, full_name: &str) -> bool {
        owner_of(full_name).eq_ignore_ascii_case(login)
            || full_name.eq_ignore_ascii_case(UPSTREAM)
                && self
                    .users
                    .iter()
                    .any(|u| u.login.eq_ignore_ascii_case(login) && u.write_upstream)
    }

    /// The repository at the root of `full_name`'s fork network.
    pub fn source(&self, full_name: &str) -> String {
        let mut name = full_name.to_string();
        while let Some(parent) = self.repo(&name).and_then(|r| r.parent.clone()) {
            name = parent;
        }
        name
    }
}

/// The owner part of `owner/name`.
pub fn owner_of(full_name: &str) -> &str {
    full_name.split('/').next().unwrap_or(full_name)
}

/// Git's blob SHA-1: of `blob {len}\0` followed by the bytes (what `git hash-object` prints).
pub fn blob_sha(bytes: &[u8]) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.digest().to_string()
}

/// A stable SHA for a tree: of its paths and their blob SHAs (not git's tree encoding, which
/// nests folders; the app never checks it).
pub fn tree_sha(tree: &Tree) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(b"tree\0");
    for (path, bytes) in tree {
        h.update(format!("{path}\0{}\n", blob_sha(bytes)).as_bytes());
    }
    h.digest().to_string()
}

/// A stable SHA for a commit: of its tree, parents, message, author and date.
pub fn commit_sha(c: &Commit) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("commit\0{}\n", tree_sha(&c.tree)).as_bytes());
    for p in &c.parents {
        h.update(format!("parent {p}\n").as_bytes());
    }
    h.update(format!("{}\n{}\n{}", c.author, c.date, c.message).as_bytes());
    h.digest().to_string()
}

/// A stable numeric id for an account or repository name.
pub fn account_id(name: &str) -> u64 {
    let digest = sha1_smol::Sha1::from(name.to_lowercase()).digest().bytes();
    u64::from(u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) >> 8) + 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_sha_is_git_hash_object() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            blob_sha(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        // The empty blob.
        assert_eq!(blob_sha(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    #[test]
    fn ancestry_and_merge_base() {
        let mut s = State::new(Tree::from([("a".into(), b"1".to_vec())]));
        let root = s.repo(UPSTREAM).unwrap().branches["main"].clone();
        let one = s.commit(UPSTREAM, "main", Tree::new(), "one", "x").unwrap();
        assert!(s.is_ancestor(&root, &one) && !s.is_ancestor(&one, &root));
        assert_eq!(s.merge_base(&one, &root).as_deref(), Some(root.as_str()));
    }
}
