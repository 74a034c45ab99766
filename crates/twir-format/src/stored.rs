//! The stored form of a draft (what the app keeps in the browser), with its schema version
//! and the migrations from older versions. The Markdown text is the source of truth: it
//! round-trips losslessly; the rest is small editor state.

use serde::{Deserialize, Serialize};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDraft {
    /// Schema version of this record.
    pub schema: u32,
    /// The draft's name in the drafts list.
    pub name: String,
    /// The issue's Markdown, exactly as `write` gives it.
    pub markdown: String,
    /// Incremented on every save: another tab compares it to notice changes.
    pub revision: u64,
    /// Milliseconds since 1970 of the last change (passed in by the app).
    #[serde(default)]
    pub updated_ms: f64,
    /// What had focus (a section title or a field key), to come back to it.
    #[serde(default)]
    pub focus: Option<String>,
    /// A contribution (entries only) rather than a whole issue.
    #[serde(default)]
    pub contribution: bool,
}

/// Why a stored record cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredError {
    #[error("the stored draft is not valid JSON ({0})")]
    NotJson(String),
    #[error("the stored data is not a draft: {0}")]
    NotADraft(String),
    #[error(
        "this draft was saved by a newer version of the editor (schema {found}; this one knows up to {known}); it is shown read-only and never overwritten"
    )]
    TooNew { found: u32, known: u32 },
}

/// Version 1: the first stored form (name and text only).
#[derive(Deserialize)]
struct V1 {
    name: String,
    text: String,
}

/// Reads a stored record of any known version, migrating older ones.
pub fn decode_draft(json: &str) -> Result<StoredDraft, StoredError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| StoredError::NotJson(e.to_string()))?;
    let schema = value
        .get("schema")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| StoredError::NotADraft("it has no schema version".into()))?;
    let schema = u32::try_from(schema)
        .map_err(|_| StoredError::NotADraft(format!("schema {schema} is out of range")))?;
    match schema {
        1 => {
            let v1: V1 =
                serde_json::from_value(value).map_err(|e| StoredError::NotADraft(e.to_string()))?;
            Ok(StoredDraft {
                schema: SCHEMA_VERSION,
                name: v1.name,
                markdown: v1.text,
                revision: 0,
                updated_ms: 0.0,
                focus: None,
                contribution: false,
            })
        }
        SCHEMA_VERSION => {
            serde_json::from_value(value).map_err(|e| StoredError::NotADraft(e.to_string()))
        }
        0 => Err(StoredError::NotADraft("schema 0 does not exist".into())),
        found => Err(StoredError::TooNew {
            found,
            known: SCHEMA_VERSION,
        }),
    }
}

/// The JSON of a stored record (always the current schema).
pub fn encode_draft(draft: &StoredDraft) -> String {
    let mut d = draft.clone();
    d.schema = SCHEMA_VERSION;
    serde_json::to_string(&d).expect("a draft always encodes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> StoredDraft {
        StoredDraft {
            schema: SCHEMA_VERSION,
            name: "Issue 700".into(),
            markdown: "Title: x\r\n\r\n* [a](b)  \n".into(),
            revision: 7,
            updated_ms: 1.5e12,
            focus: Some("Official".into()),
            contribution: false,
        }
    }

    #[test]
    fn current_round_trips() {
        let d = sample();
        assert_eq!(decode_draft(&encode_draft(&d)).unwrap(), d);
    }

    #[test]
    fn version_one_is_migrated() {
        let d = decode_draft(r#"{"schema":1,"name":"old","text":"Title: y\n"}"#).unwrap();
        assert_eq!(d.schema, SCHEMA_VERSION);
        assert_eq!(d.markdown, "Title: y\n");
        assert_eq!(d.name, "old");
    }

    #[test]
    fn bad_records_say_why() {
        assert!(matches!(
            decode_draft("{\"schema\":2,"),
            Err(StoredError::NotJson(_))
        ));
        assert!(matches!(
            decode_draft("[1,2]"),
            Err(StoredError::NotADraft(_))
        ));
        assert!(matches!(
            decode_draft(r#"{"schema":2,"name":"x"}"#),
            Err(StoredError::NotADraft(_))
        ));
        let e = decode_draft(r#"{"schema":9,"name":"x","markdown":"","revision":1}"#).unwrap_err();
        assert_eq!(
            e,
            StoredError::TooNew {
                found: 9,
                known: SCHEMA_VERSION
            }
        );
        assert!(e.to_string().contains("newer version"));
    }
}
