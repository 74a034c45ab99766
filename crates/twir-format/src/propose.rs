//! The way to a pull request without a token or a server: GitHub's web pages for a new
//! file (prefilled name and content) or for editing the current draft.

use crate::date::Date;

/// The newsletter's repository and the base of GitHub's web pages; configurable so tests
/// can point at a local stand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    /// `https://github.com`
    pub web_base: String,
    /// `rust-lang/this-week-in-rust`
    pub slug: String,
    /// `main`
    pub branch: String,
}

impl Default for Repo {
    fn default() -> Self {
        Repo {
            web_base: "https://github.com".into(),
            slug: "rust-lang/this-week-in-rust".into(),
            branch: "main".into(),
        }
    }
}

/// Longest prefilled URL we hand to the browser; beyond it GitHub and browsers may cut it.
pub const MAX_PREFILL_URL: usize = 8000;

/// The file name an issue of this date is published under.
pub fn issue_file_name(date: Date) -> String {
    format!("{date}-this-week-in-rust.md")
}

/// The path of a draft in the repository (`draft/YYYY-MM-DD-this-week-in-rust.md`).
pub fn draft_path(date: Date) -> String {
    format!("draft/{}", issue_file_name(date))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How to propose a file on GitHub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposal {
    /// Open this URL: GitHub's new-file page with the name and content filled in.
    NewFile { url: String },
    /// The content is too long for a URL: open this edit page and paste the text, which the
    /// app puts on the clipboard.
    EditAndPaste { url: String, encoded_len: usize },
}

/// GitHub's "new file" page for `path` with `content`, or the edit page of `edit_path`
/// when the prefilled URL would pass [`MAX_PREFILL_URL`] bytes.
pub fn propose(repo: &Repo, path: &str, content: &str, edit_path: &str) -> Proposal {
    let url = format!(
        "{}/{}/new/{}?filename={}&value={}",
        repo.web_base.trim_end_matches('/'),
        repo.slug,
        repo.branch,
        percent_encode(path),
        percent_encode(content)
    );
    if url.len() <= MAX_PREFILL_URL {
        Proposal::NewFile { url }
    } else {
        Proposal::EditAndPaste {
            url: edit_url(repo, edit_path),
            encoded_len: url.len(),
        }
    }
}

/// GitHub's edit page of a file on the branch.
pub fn edit_url(repo: &Repo, path: &str) -> String {
    format!(
        "{}/{}/edit/{}/{}",
        repo.web_base.trim_end_matches('/'),
        repo.slug,
        repo.branch,
        path.split('/')
            .map(percent_encode)
            .collect::<Vec<_>>()
            .join("/")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_files_are_prefilled_and_large_ones_edited() {
        let repo = Repo::default();
        let d = Date::parse("2027-04-21").unwrap();
        let p = propose(
            &repo,
            &draft_path(d),
            "* [a b](https://x/?q=1&r=2)\n",
            "draft/x.md",
        );
        let Proposal::NewFile { url } = p else {
            panic!("{p:?}")
        };
        assert_eq!(
            url,
            "https://github.com/rust-lang/this-week-in-rust/new/main?filename=draft%2F2027-04-21-this-week-in-rust.md&value=%2A%20%5Ba%20b%5D%28https%3A%2F%2Fx%2F%3Fq%3D1%26r%3D2%29%0A"
        );
        let big = "x".repeat(MAX_PREFILL_URL);
        let p = propose(
            &repo,
            "draft/a.md",
            &big,
            "draft/2027-04-21-this-week-in-rust.md",
        );
        assert_eq!(
            p,
            Proposal::EditAndPaste {
                url: "https://github.com/rust-lang/this-week-in-rust/edit/main/draft/2027-04-21-this-week-in-rust.md".into(),
                encoded_len: 8000 + 84,
            }
        );
        assert_eq!(percent_encode("é"), "%C3%A9");
    }
}
