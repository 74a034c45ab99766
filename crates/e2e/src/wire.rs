//! The little HTTP/1.1 the local servers need: read one request (its line, headers and a body
//! of `Content-Length` bytes) and keep it whole, so a test can inspect what was sent.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;

/// The most a local server reads as a request body; the app never sends more than a draft.
const MAX_BODY: usize = 16 << 20;

/// One request as a local server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// `GET`, `PUT`, `OPTIONS`, …
    pub method: String,
    /// The path and query, exactly as sent (`/api/repos/o/r/contents/draft?ref=main`).
    pub target: String,
    /// Every header, name as sent, in order.
    pub headers: Vec<(String, String)>,
    /// The body (empty without `Content-Length`).
    pub body: Vec<u8>,
}

impl Recorded {
    /// `METHOD /path?query`, the form of [`crate::github::StandIn::requests`].
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.target)
    }

    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path, without query or fragment.
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("/")
    }

    /// A query parameter, percent-decoded (`+` as a space, as forms send it).
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        let query = query.split('#').next().unwrap_or("");
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k) == name).then(|| percent_decode(&v.replace('+', " ")))
        })
    }

    /// Whether `needle` appears anywhere in the request: target, a header's name or value, or
    /// the body. For "the token never went there".
    pub fn mentions(&self, needle: &str) -> bool {
        self.target.contains(needle)
            || percent_decode(&self.target).contains(needle)
            || self
                .headers
                .iter()
                .any(|(k, v)| k.contains(needle) || v.contains(needle))
            || String::from_utf8_lossy(&self.body).contains(needle)
    }
}

/// Reads one request from `stream`: the line, the headers, then `Content-Length` bytes.
pub fn read_request(stream: &TcpStream) -> std::io::Result<Recorded> {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = Vec::new();
    let mut line = String::new();
    // Read the headers to their end, so the client is not reset while still sending.
    while reader.read_line(&mut line)? > 2 {
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_BODY);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// `%XX` sequences decoded (invalid ones kept as they are), then read as UTF-8 (lossy).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
