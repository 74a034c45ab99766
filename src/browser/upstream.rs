//! The upstream draft with its blob SHA, read through the contents API, for "Update from
//! GitHub" and for inserting a contribution into the current draft.
//!
//! Kept apart from [`super::github`] (which reads raw files): the SHA says whether the draft
//! changed since it was last read without comparing texts, and only the contents API gives it.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::github::{get_text, FetchError, GitHub};

/// A file of the repository as the contents API gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// `draft/2027-04-21-this-week-in-rust.md`
    pub path: String,
    /// The file's blob SHA.
    pub sha: String,
    /// The file's text (UTF-8).
    pub text: String,
}

/// Reads `path` (`draft/…`) with its blob SHA.
pub async fn fetch_file(gh: &GitHub, path: &str) -> Result<Fetched, FetchError> {
    let url = gh.contents_url(path);
    let json = get_text(&url, path).await?;
    let bad = |detail: &str| FetchError::Unexpected {
        url: url.clone(),
        detail: detail.into(),
    };
    let value = js_sys::JSON::parse(&json)
        .map_err(|_| bad("the answer is not the JSON GitHub sends for a file"))?;
    let field = |key: &str| {
        Reflect::get(&value, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    let sha = field("sha").ok_or_else(|| bad("the answer has no blob SHA"))?;
    if field("encoding").is_some_and(|e| e != "base64") {
        return Err(bad(
            "the file is not sent in base64 (too large for the contents API?)",
        ));
    }
    let content = field("content").ok_or_else(|| bad("the answer has no content"))?;
    let text = decode_base64_utf8(&content)
        .ok_or_else(|| bad("the file's content is not base64-encoded UTF-8 text"))?;
    Ok(Fetched {
        path: path.to_string(),
        sha,
        text,
    })
}

/// The text of GitHub's base64 (with line breaks), through the browser's `atob` (which skips
/// ASCII white space and gives one char per byte).
fn decode_base64_utf8(b64: &str) -> Option<String> {
    let binary = web_sys::window()?.atob(b64).ok()?;
    let bytes = binary
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}
