//! The newsletter's GitHub repository, read through GitHub's public, unauthenticated
//! endpoints: the contents API to list a folder, raw files for the text.
//!
//! Invariant: this is the only module of the app that touches the network (see [`crate::browser`]). Every failure
//! becomes a [`FetchError`] whose message says what happened and what to do; nothing here
//! panics or retries on its own.

use std::fmt;

use js_sys::{Array, Reflect};
use twir_format::{Date, PastIssue, Repo};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// Where the repository is read from; every base is configurable so tests can point at a
/// local stand-in (`?github_api=…&github_raw=…&github_web=…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitHub {
    /// `https://api.github.com`
    pub api: String,
    /// `https://raw.githubusercontent.com`
    pub raw: String,
    /// The web pages (new file, edit) and the repository's name and branch.
    pub repo: Repo,
}

impl Default for GitHub {
    fn default() -> Self {
        GitHub {
            api: "https://api.github.com".into(),
            raw: "https://raw.githubusercontent.com".into(),
            repo: Repo::default(),
        }
    }
}

impl GitHub {
    /// The defaults, overridden by `github_api`, `github_raw` and `github_web` in a query
    /// string (`?github_api=http%3A%2F%2F127.0.0.1%3A4000`).
    pub fn from_query(query: &str) -> GitHub {
        let mut gh = GitHub::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = js_sys::decode_uri_component(&value.replace('+', " "))
                .map_or_else(|_| value.to_string(), String::from);
            let value = value.trim().trim_end_matches('/').to_string();
            if value.is_empty() {
                continue;
            }
            match key {
                "github_api" => gh.api = value,
                "github_raw" => gh.raw = value,
                "github_web" => gh.repo.web_base = value,
                _ => {}
            }
        }
        gh
    }

    /// The settings from the page's own address.
    pub fn from_location() -> GitHub {
        let query = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        GitHub::from_query(&query)
    }

    /// The contents API's address of a folder or file.
    pub(crate) fn contents_url(&self, dir: &str) -> String {
        format!(
            "{}/repos/{}/contents/{dir}?ref={}",
            self.api.trim_end_matches('/'),
            self.repo.slug,
            self.repo.branch
        )
    }

    /// The address of a file's raw text.
    pub fn raw_url(&self, path: &str) -> String {
        format!(
            "{}/{}/{}/{path}",
            self.raw.trim_end_matches('/'),
            self.repo.slug,
            self.repo.branch
        )
    }

    /// The Markdown files in a folder of the repository (`draft`, `content`), sorted by name.
    pub async fn list(&self, dir: &str) -> Result<Vec<String>, FetchError> {
        let url = self.contents_url(dir);
        let text = get_text(&url, &format!("the folder {dir}/")).await?;
        let bad = || FetchError::Unexpected {
            url: url.clone(),
            detail: "the folder listing is not the JSON list GitHub sends".into(),
        };
        let value = js_sys::JSON::parse(&text).map_err(|_| bad())?;
        let items: Array = value.dyn_into().map_err(|_| bad())?;
        let field = |item: &JsValue, key: &str| {
            Reflect::get(item, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        let mut names: Vec<String> = items
            .iter()
            .filter(|item| field(item, "type").as_deref() == Some("file"))
            .filter_map(|item| field(&item, "name"))
            .filter(|name| name.ends_with(".md"))
            .collect();
        twir_format::sort_by(&mut names, Ord::cmp);
        Ok(names)
    }

    /// The text of a file of the repository (`draft/2027-04-21-this-week-in-rust.md`).
    pub async fn file(&self, path: &str) -> Result<String, FetchError> {
        get_text(&self.raw_url(path), path).await
    }

    /// The draft an edit link points at when none was opened from GitHub: the newest dated
    /// file in `draft/`.
    pub async fn current_draft(&self) -> Result<Option<String>, FetchError> {
        let names = self.list("draft").await?;
        Ok(names
            .into_iter()
            .filter(|n| date_of_file_name(n).is_some())
            .max()
            .map(|n| format!("draft/{n}")))
    }

    /// The published issue of `date` (`content/YYYY-MM-DD-this-week-in-rust.md`).
    pub async fn published(&self, date: Date) -> Result<(String, String), FetchError> {
        let path = format!("content/{}", twir_format::issue_file_name(date));
        let text = self.file(&path).await?;
        Ok((path, text))
    }

    /// The `count` published issues before `before` (all when `None`), newest last, read for
    /// duplicate detection. The files are requested at once and awaited in order.
    pub async fn recent_issues(
        &self,
        before: Option<Date>,
        count: usize,
    ) -> Result<Vec<PastIssue>, FetchError> {
        let names = self.list("content").await?;
        let mut dated: Vec<String> = names
            .into_iter()
            .filter(|n| n.ends_with("-this-week-in-rust.md"))
            .filter(|n| {
                n.get(..10)
                    .and_then(Date::parse)
                    .is_some_and(|d| before.is_none_or(|b| d < b))
            })
            .collect();
        let skip = dated.len().saturating_sub(count);
        dated.drain(..skip);
        let pending: Vec<_> = dated
            .iter()
            .map(|n| {
                let path = format!("content/{n}");
                let url = self.raw_url(&path);
                let started = start_fetch(&url);
                (url, path, started)
            })
            .collect();
        let mut out = Vec::with_capacity(pending.len());
        for (url, path, started) in pending {
            let text = finish_text(&url, &path, started?).await?;
            out.push(PastIssue::from_text(&text));
        }
        Ok(out)
    }
}

/// Why something could not be read from GitHub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The request never got an answer: no network, a refused connection, or a blocked host.
    Offline { url: String },
    /// GitHub's limit for unauthenticated requests is used up.
    RateLimited { reset: Option<String> },
    /// There is no such file or folder.
    NotFound { what: String, url: String },
    /// Any other answer.
    Unexpected { url: String, detail: String },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Offline { url } => write!(
                f,
                "Could not reach {}: the browser seems to be offline, or the address is wrong or blocked. Check the connection (or the GitHub addresses in the settings) and try again.",
                host(url)
            ),
            FetchError::RateLimited { reset } => {
                write!(
                    f,
                    "GitHub's limit for requests without an account is used up for now (60 an hour per network)."
                )?;
                match reset {
                    Some(t) => write!(f, " Try again after {t}."),
                    None => write!(f, " Try again in an hour."),
                }
            }
            FetchError::NotFound { what, url } => {
                write!(f, "{what} is not in the repository (404 at {url}).")
            }
            FetchError::Unexpected { url, detail } => write!(f, "Reading {url} failed: {detail}."),
        }
    }
}

/// `https://host` of a URL, for messages.
fn host(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    let end = url[after..].find('/').map_or(url.len(), |i| after + i);
    &url[..end]
}

/// Starts a GET (the browser's `fetch`); the promise runs while other work goes on.
fn start_fetch(url: &str) -> Result<JsFuture, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Unexpected {
        url: url.to_string(),
        detail: "no browser window".into(),
    })?;
    Ok(JsFuture::from(window.fetch_with_str(url)))
}

pub(crate) async fn get_text(url: &str, what: &str) -> Result<String, FetchError> {
    let started = start_fetch(url)?;
    finish_text(url, what, started).await
}

/// An API answer with the headers "Fetch from GitHub" reads.
#[derive(Debug, Clone, Default)]
pub struct ApiAnswer {
    pub text: String,
    /// The `Link` header (pagination).
    pub link: Option<String>,
    /// `x-ratelimit-remaining`, and `x-ratelimit-resource` (`core`, `search`).
    pub remaining: Option<u32>,
    pub resource: Option<String>,
}

impl GitHub {
    /// GETs an API address (`search/issues?q=…`, or a full address under the API base, as a
    /// `Link` header gives). An address elsewhere is refused: requests go only to the base.
    pub async fn api_get(&self, path_or_url: &str) -> Result<ApiAnswer, FetchError> {
        let base = self.api.trim_end_matches('/');
        let url = if path_or_url.starts_with("http://") || path_or_url.starts_with("https://") {
            if !path_or_url.starts_with(&format!("{base}/")) {
                return Err(FetchError::Unexpected {
                    url: path_or_url.to_string(),
                    detail: "the address is not under the configured GitHub API".into(),
                });
            }
            path_or_url.to_string()
        } else {
            format!("{base}/{}", path_or_url.trim_start_matches('/'))
        };
        let started = start_fetch(&url)?;
        finish(&url, &url, started).await
    }
}

async fn finish_text(url: &str, what: &str, started: JsFuture) -> Result<String, FetchError> {
    finish(url, what, started).await.map(|a| a.text)
}

async fn finish(url: &str, what: &str, started: JsFuture) -> Result<ApiAnswer, FetchError> {
    // `fetch` rejects only when there was no answer at all (offline, refused, CORS).
    let response: Response = started
        .await
        .map_err(|_| FetchError::Offline {
            url: url.to_string(),
        })?
        .unchecked_into();
    let status = response.status();
    let header = |name: &str| response.headers().get(name).ok().flatten();
    // 429 is always a limit; a 403 only when the limit header says so (else: forbidden).
    if status == 429 || status == 403 && header("x-ratelimit-remaining").as_deref() == Some("0") {
        let reset = header("x-ratelimit-reset")
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(|s| clock_time(s as f64));
        return Err(FetchError::RateLimited { reset });
    }
    if status == 404 {
        return Err(FetchError::NotFound {
            what: what.to_string(),
            url: url.to_string(),
        });
    }
    if !response.ok() {
        return Err(FetchError::Unexpected {
            url: url.to_string(),
            detail: format!("the server answered {} {}", status, response.status_text()),
        });
    }
    let link = header("link");
    let remaining = header("x-ratelimit-remaining").and_then(|s| s.trim().parse().ok());
    let resource = header("x-ratelimit-resource");
    let text = response.text().map_err(|_| FetchError::Unexpected {
        url: url.to_string(),
        detail: "the answer has no body".into(),
    })?;
    let text = JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| FetchError::Offline {
            url: url.to_string(),
        })?;
    Ok(ApiAnswer {
        text,
        link,
        remaining,
        resource,
    })
}

/// The local time (`14:05`) of a Unix time in seconds.
fn clock_time(seconds: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(seconds * 1000.0));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// The issue date a draft's file name carries (`2027-04-21-this-week-in-rust.md`).
pub fn date_of_file_name(name: &str) -> Option<Date> {
    let name = name.rsplit('/').next().unwrap_or(name);
    name.get(..10).and_then(Date::parse)
}
