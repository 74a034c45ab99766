//! The little URL handling the rules need, without a URL crate (and its IDNA tables) in wasm.

/// Query keys that only track where a click came from.
pub const TRACKING_PARAMS: &[&str] = &[
    "utm_source",
    "utm_campaign",
    "utm_medium",
    "utm_content",
    "utm_term",
];

/// The scheme of a URL (`https`), lower-cased, if it has one.
pub fn scheme(url: &str) -> Option<String> {
    let (s, _) = url.split_once(':')?;
    let ok = s.chars().next()?.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then(|| s.to_ascii_lowercase())
}

/// Splits a URL into everything before the query, the query and the fragment.
fn split(url: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, frag) = match url.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (url, None),
    };
    let (base, query) = match rest.split_once('?') {
        Some((a, b)) => (a, Some(b)),
        None => (rest, None),
    };
    (base, query, frag)
}

/// The tracking parameters present in a URL's query.
pub fn tracking_params(url: &str) -> Vec<&str> {
    let (_, query, _) = split(url);
    query
        .map(|q| {
            q.split('&')
                .map(|kv| kv.split_once('=').map_or(kv, |(k, _)| k))
                .filter(|k| TRACKING_PARAMS.iter().any(|t| t.eq_ignore_ascii_case(k)))
                .collect()
        })
        .unwrap_or_default()
}

/// The URL without its tracking parameters.
pub fn without_tracking(url: &str) -> String {
    let (base, query, frag) = split(url);
    let mut out = base.to_string();
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|kv| {
                let k = kv.split_once('=').map_or(*kv, |(k, _)| k);
                !TRACKING_PARAMS.iter().any(|t| t.eq_ignore_ascii_case(k))
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Start of the path: after `scheme://host`, or 0 when the URL has no authority.
fn path_start(base: &str) -> usize {
    match base.find("://") {
        Some(i) => base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j),
        None => 0,
    }
}

/// The URL with doubled slashes in its path made single, when it has any.
pub fn without_double_slashes(url: &str) -> Option<String> {
    let (base, _, _) = split(url);
    let p = path_start(base);
    let path = &base[p..];
    if !path.contains("//") {
        return None;
    }
    let mut fixed = String::with_capacity(url.len());
    fixed.push_str(&base[..p]);
    let mut prev = '\0';
    for c in path.chars() {
        if !(c == '/' && prev == '/') {
            fixed.push(c);
        }
        prev = c;
    }
    fixed.push_str(&url[base.len()..]);
    Some(fixed)
}

/// A key under which two links count as the same: no scheme, lower-case host, no tracking
/// parameters, no doubled or trailing slashes.
pub fn normalize(url: &str) -> String {
    let u = without_tracking(url.trim());
    let u = without_double_slashes(&u).unwrap_or(u);
    let rest = match u.split_once("://") {
        Some((s, r)) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => r,
        _ => &u,
    };
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut key = host.to_ascii_lowercase();
    key.push_str(path);
    while key.ends_with('/') {
        key.pop();
    }
    key
}

/// The host of an http(s) URL, lower-cased, without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.to_ascii_lowercase();
    Some(
        host.strip_prefix("www.")
            .map(str::to_string)
            .unwrap_or(host),
    )
}

/// The path segments of an http(s) URL, without empty ones.
pub fn segments(url: &str) -> Vec<&str> {
    let (base, _, _) = split(url);
    base[path_start(base)..]
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_and_slashes() {
        let u = "https://e.org//a//b/?utm_source=x&id=3&utm_medium=y#top";
        assert_eq!(tracking_params(u), ["utm_source", "utm_medium"]);
        assert_eq!(without_tracking(u), "https://e.org//a//b/?id=3#top");
        assert_eq!(
            without_double_slashes(u).unwrap(),
            "https://e.org/a/b/?utm_source=x&id=3&utm_medium=y#top"
        );
        assert_eq!(without_double_slashes("https://e.org/a/b"), None);
        assert_eq!(
            normalize("http://WWW.E.org/a//b/?utm_source=1"),
            "www.e.org/a/b"
        );
        assert_eq!(normalize("https://www.e.org/a/b"), "www.e.org/a/b");
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("/relative"), None);
        assert_eq!(
            host("https://www.GitHub.com/a/b").as_deref(),
            Some("github.com")
        );
        assert_eq!(segments("https://github.com/a/b/"), ["a", "b"]);
    }
}
