//! The stand-in's answers: status, headers (CORS for the requesting page's origin), body.

use std::io::Write;
use std::net::TcpStream;

use serde_json::{json, Value};

/// Headers a page may read from an answer: those GitHub exposes that the app needs.
pub const EXPOSED: &str = "ETag, Link, Location, Retry-After, X-OAuth-Scopes, \
     X-Accepted-OAuth-Scopes, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, \
     X-RateLimit-Reset, X-RateLimit-Resource, X-GitHub-Media-Type";

/// One answer, before CORS and the framing are added.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// A JSON answer.
    pub fn json(status: u16, value: &Value) -> Answer {
        Answer {
            status,
            content_type: "application/json; charset=utf-8",
            headers: Vec::new(),
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    /// GitHub's error shape, `{"message", "documentation_url"}`; `doc` is the part after
    /// `https://docs.github.com/rest/` (`repos/contents#create-or-update-file-contents`).
    pub fn error(status: u16, message: &str, doc: &str) -> Answer {
        Answer::json(
            status,
            &json!({ "message": message, "documentation_url": doc_url(doc), "status": status.to_string() }),
        )
    }

    /// 422 "Validation Failed" with GitHub's `errors` list.
    pub fn validation(errors: &Value, doc: &str) -> Answer {
        Answer::json(
            422,
            &json!({
                "message": "Validation Failed",
                "errors": errors,
                "documentation_url": doc_url(doc),
                "status": "422",
            }),
        )
    }

    /// 404 as GitHub says it, also for what the caller may not see.
    pub fn not_found(doc: &str) -> Answer {
        Answer::error(404, "Not Found", doc)
    }

    /// A plain text answer.
    pub fn text(status: u16, body: &[u8], content_type: &'static str) -> Answer {
        Answer {
            status,
            content_type,
            headers: Vec::new(),
            body: body.to_vec(),
        }
    }

    /// The same answer with one more header.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `https://docs.github.com/rest/{doc}` (without `doc`, the REST docs' start).
pub fn doc_url(doc: &str) -> String {
    if doc.is_empty() {
        "https://docs.github.com/rest".into()
    } else {
        format!("https://docs.github.com/rest/{doc}")
    }
}

/// The preflight's answer: 204, which methods and headers the page may use.
pub fn preflight() -> Answer {
    Answer::text(204, b"", "text/plain")
        .with(
            "Access-Control-Allow-Methods",
            "GET, POST, PUT, PATCH, DELETE",
        )
        .with(
            "Access-Control-Allow-Headers",
            "Authorization, Content-Type, Accept, X-GitHub-Api-Version, If-None-Match",
        )
        .with("Access-Control-Max-Age", "86400")
}

/// Writes `answer` with CORS headers for `origin` (any origin without one, as GitHub does).
pub fn send(
    stream: &mut TcpStream,
    answer: &Answer,
    origin: Option<&str>,
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Access-Control-Allow-Origin: {}\r\nVary: Origin\r\n\
         Access-Control-Expose-Headers: {EXPOSED}\r\n",
        answer.status,
        reason(answer.status),
        answer.content_type,
        answer.body.len(),
        origin.unwrap_or("*"),
    );
    for (k, v) in &answer.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("Cache-Control: no-store\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&answer.body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        _ => "Unknown",
    }
}
