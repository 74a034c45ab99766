//! The stored form of a draft (what the app keeps in the browser), with its schema version
//! and the migrations from older versions. The Markdown text is the source of truth: it
//! round-trips losslessly; the rest is small editor state.

use crate::json::{self, ObjectWriter, Value};

use crate::merge::{merge, Merged, Resolution};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 3;

/// A draft as stored.
#[derive(Debug, Clone, PartialEq)]
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
    pub updated_ms: f64,
    /// What had focus (a section title or a field key), to come back to it.
    pub focus: Option<String>,
    /// A contribution (entries only) rather than a whole issue.
    pub contribution: bool,
    /// The upstream draft this one was opened from or last updated to (since schema 3).
    pub base: Option<Base>,
    /// The last update's conflicts while some are still open (since schema 3).
    pub merge: Option<OpenMerge>,
}

/// The upstream text a draft was opened from or last updated to: the common ancestor of the
/// next "Update from GitHub".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// `draft/2027-04-21-this-week-in-rust.md`
    pub path: String,
    /// The file's blob SHA when it was read (unchanged SHA: nothing came in).
    pub sha: String,
    /// The file's text as read.
    pub text: String,
}

/// An update whose conflicts are not all settled, stored as its inputs rather than its result:
/// [`OpenMerge::replay`] computes the same [`Merged`] again (the merge is deterministic), and
/// the upstream side is the draft's new [`Base`] text, so it is not stored twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenMerge {
    /// The base before the update.
    pub base: String,
    /// The local text when the update ran.
    pub ours: String,
    /// The conflicts settled so far, in order.
    pub settled: Vec<Settled>,
}

/// One settled conflict of an [`OpenMerge`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    /// The conflict's [`crate::Conflict::target`].
    pub target: String,
    pub keep: Keep,
}

/// The storable [`Resolution`]s (the buttons' choices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Ours,
    Theirs,
    Both,
}

impl Keep {
    /// The word a record stores.
    fn as_str(self) -> &'static str {
        match self {
            Keep::Ours => "ours",
            Keep::Theirs => "theirs",
            Keep::Both => "both",
        }
    }

    fn from_str(word: &str) -> Option<Keep> {
        match word {
            "ours" => Some(Keep::Ours),
            "theirs" => Some(Keep::Theirs),
            "both" => Some(Keep::Both),
            _ => None,
        }
    }

    pub fn resolution(self) -> Resolution {
        match self {
            Keep::Ours => Resolution::Ours,
            Keep::Theirs => Resolution::Theirs,
            Keep::Both => Resolution::Both,
        }
    }
}

impl OpenMerge {
    /// The merge of `base`, `ours` and `theirs` (the new base's text) with the settled
    /// conflicts resolved again; a settlement whose conflict is gone is skipped.
    pub fn replay(&self, theirs: &str) -> Merged {
        let mut m = merge(&self.base, &self.ours, theirs);
        for s in &self.settled {
            let _ = m.resolve(s.target.as_str(), s.keep.resolution());
        }
        m
    }
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

/// Reads a stored record of any known version, migrating older ones.
pub fn decode_draft(json: &str) -> Result<StoredDraft, StoredError> {
    let value = json::parse(json).map_err(StoredError::NotJson)?;
    let schema = value
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or_else(|| StoredError::NotADraft("it has no schema version".into()))?;
    let schema = u32::try_from(schema)
        .map_err(|_| StoredError::NotADraft(format!("schema {schema} is out of range")))?;
    match schema {
        1 => Ok(StoredDraft {
            schema: SCHEMA_VERSION,
            name: text(&value, "name")?,
            markdown: text(&value, "text")?,
            revision: 0,
            updated_ms: 0.0,
            focus: None,
            contribution: false,
            base: None,
            merge: None,
        }),
        // Version 2 lacks `base` and `merge`, which default to none.
        2 | SCHEMA_VERSION => Ok(StoredDraft {
            schema,
            name: text(&value, "name")?,
            markdown: text(&value, "markdown")?,
            revision: value
                .get("revision")
                .and_then(Value::as_u64)
                .ok_or_else(|| missing("revision", "a whole number"))?,
            updated_ms: value
                .get("updated_ms")
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
            focus: value
                .get("focus")
                .and_then(Value::as_str)
                .map(str::to_string),
            contribution: value
                .get("contribution")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            base: match value.get("base") {
                None | Some(Value::Null) => None,
                Some(b) => Some(Base {
                    path: text(b, "path")?,
                    sha: text(b, "sha")?,
                    text: text(b, "text")?,
                }),
            },
            merge: match value.get("merge") {
                None | Some(Value::Null) => None,
                Some(m) => Some(open_merge(m)?),
            },
        }),
        0 => Err(StoredError::NotADraft("schema 0 does not exist".into())),
        found => Err(StoredError::TooNew {
            found,
            known: SCHEMA_VERSION,
        }),
    }
}

/// An [`OpenMerge`] as a record holds it.
fn open_merge(m: &Value) -> Result<OpenMerge, StoredError> {
    let settled = match m.get("settled") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|s| {
                Ok(Settled {
                    target: text(s, "target")?,
                    keep: s
                        .get("keep")
                        .and_then(Value::as_str)
                        .and_then(Keep::from_str)
                        .ok_or_else(|| missing("keep", "ours, theirs or both"))?,
                })
            })
            .collect::<Result<_, StoredError>>()?,
        Some(_) => return Err(missing("settled", "a list")),
    };
    Ok(OpenMerge {
        base: text(m, "base")?,
        ours: text(m, "ours")?,
        settled,
    })
}

fn missing(field: &str, what: &str) -> StoredError {
    StoredError::NotADraft(format!("its `{field}` is missing or not {what}"))
}

/// The text field `field` of a record.
fn text(value: &Value, field: &str) -> Result<String, StoredError> {
    value
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| missing(field, "a text"))
}

/// The JSON of a stored record (always the current schema).
pub fn encode_draft(draft: &StoredDraft) -> String {
    let mut out = String::with_capacity(draft.markdown.len() + draft.markdown.len() / 16 + 128);
    ObjectWriter::new(&mut out)
        .uint("schema", u64::from(SCHEMA_VERSION))
        .str("name", &draft.name)
        .str("markdown", &draft.markdown)
        .uint("revision", draft.revision)
        .millis("updated_ms", draft.updated_ms)
        .opt_str("focus", draft.focus.as_deref())
        .bool("contribution", draft.contribution)
        .raw("base", |o| match &draft.base {
            None => o.push_str("null"),
            Some(b) => ObjectWriter::new(o)
                .str("path", &b.path)
                .str("sha", &b.sha)
                .str("text", &b.text)
                .end(),
        })
        .raw("merge", |o| match &draft.merge {
            None => o.push_str("null"),
            Some(m) => ObjectWriter::new(o)
                .str("base", &m.base)
                .str("ours", &m.ours)
                .raw("settled", |o| {
                    o.push('[');
                    for (i, s) in m.settled.iter().enumerate() {
                        if i > 0 {
                            o.push(',');
                        }
                        ObjectWriter::new(o)
                            .str("target", &s.target)
                            .str("keep", s.keep.as_str())
                            .end();
                    }
                    o.push(']');
                })
                .end(),
        })
        .end();
    out
}

/// What the drafts list shows of a draft. Stored beside the draft (a few hundred bytes), so
/// listing fifty drafts reads fifty small records instead of megabytes of Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftMeta {
    /// Schema version of this record (the same numbering as [`StoredDraft`]).
    pub schema: u32,
    pub name: String,
    /// The issue's `Number:`, when it is a number.
    pub number: Option<u32>,
    /// The issue's `Date:` (`YYYY-MM-DD`), when it is a date.
    pub date: Option<String>,
    /// Milliseconds since 1970 of the last change.
    pub updated_ms: f64,
    /// Length of the Markdown in bytes (UTF-8).
    pub size: u64,
    /// The draft's revision when this record was written: a list entry whose revision differs
    /// from its draft's is stale and is rebuilt from the draft.
    pub revision: u64,
    pub contribution: bool,
}

impl DraftMeta {
    /// The list record of `draft`, whose issue has the front matter `front`.
    pub fn of(draft: &StoredDraft, front: &crate::FrontMatter) -> DraftMeta {
        DraftMeta {
            schema: SCHEMA_VERSION,
            name: draft.name.clone(),
            number: front.number(),
            date: front.date().map(|d| d.to_string()),
            updated_ms: draft.updated_ms,
            size: draft.markdown.len() as u64,
            revision: draft.revision,
            contribution: draft.contribution,
        }
    }
}

/// Reads a drafts-list record; like [`decode_draft`], a newer schema is `TooNew`.
pub fn decode_meta(json: &str) -> Result<DraftMeta, StoredError> {
    let value = json::parse(json).map_err(StoredError::NotJson)?;
    let schema = value
        .get("schema")
        .and_then(Value::as_u64)
        .and_then(|s| u32::try_from(s).ok())
        .ok_or_else(|| missing("schema", "a version number"))?;
    let count = |field: &str| value.get(field).and_then(Value::as_u64);
    let meta = DraftMeta {
        schema,
        name: text(&value, "name")?,
        number: count("number").and_then(|n| u32::try_from(n).ok()),
        date: value
            .get("date")
            .and_then(Value::as_str)
            .map(str::to_string),
        updated_ms: value
            .get("updated_ms")
            .and_then(Value::as_f64)
            .unwrap_or(0.0),
        size: count("size").unwrap_or(0),
        revision: count("revision").unwrap_or(0),
        contribution: value
            .get("contribution")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    };
    match meta.schema {
        0 => Err(StoredError::NotADraft("schema 0 does not exist".into())),
        s if s > SCHEMA_VERSION => Err(StoredError::TooNew {
            found: s,
            known: SCHEMA_VERSION,
        }),
        _ => Ok(meta),
    }
}

/// The JSON of a drafts-list record.
pub fn encode_meta(meta: &DraftMeta) -> String {
    let mut out = String::with_capacity(160);
    let mut o = ObjectWriter::new(&mut out);
    o.uint("schema", u64::from(SCHEMA_VERSION))
        .str("name", &meta.name);
    match meta.number {
        Some(n) => o.uint("number", u64::from(n)),
        None => o.raw("number", |o| o.push_str("null")),
    };
    o.opt_str("date", meta.date.as_deref())
        .millis("updated_ms", meta.updated_ms)
        .uint("size", meta.size)
        .uint("revision", meta.revision)
        .bool("contribution", meta.contribution)
        .end();
    out
}

/// What can still be read from a record this build cannot decode (a newer schema, or a
/// damaged one): its name and Markdown text, when they are there as strings. The app shows
/// that text read-only so the user can copy or export it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salvaged {
    pub name: Option<String>,
    pub markdown: String,
    pub schema: Option<u64>,
}

/// Salvages the text of a record of any schema (`markdown`, or version 1's `text`).
pub fn salvage_draft(json: &str) -> Option<Salvaged> {
    let value = json::parse(json).ok()?;
    let markdown = value
        .get("markdown")
        .or_else(|| value.get("text"))?
        .as_str()?
        .to_string();
    Some(Salvaged {
        name: value
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string),
        markdown,
        schema: value.get("schema").and_then(Value::as_u64),
    })
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
            base: Some(Base {
                path: "draft/x.md".into(),
                sha: "abc".into(),
                text: "Title: x\n".into(),
            }),
            merge: Some(OpenMerge {
                base: "a\n".into(),
                ours: "b\n".into(),
                settled: vec![Settled {
                    target: "file/lines@1".into(),
                    keep: Keep::Both,
                }],
            }),
        }
    }

    #[test]
    fn current_round_trips() {
        let d = sample();
        assert_eq!(decode_draft(&encode_draft(&d)).unwrap(), d);
    }

    #[test]
    fn records_written_by_earlier_builds_still_read() {
        // As serde_json wrote them before the records had their own JSON code (json.rs).
        let d = decode_draft(
            r#"{"schema":2,"name":"Issue \"7\"","markdown":"Title: x\r\n\u00e9","revision":3,"updated_ms":1732900000123.0,"focus":null,"contribution":true}"#,
        )
        .unwrap();
        assert_eq!(d.name, "Issue \"7\"");
        assert_eq!(d.markdown, "Title: x\r\né");
        assert_eq!(
            (d.revision, d.updated_ms, d.contribution),
            (3, 1_732_900_000_123.0, true)
        );
        let m = decode_meta(
            r#"{"schema":2,"name":"n","number":700,"date":"2027-05-12","updated_ms":1.5e12,"size":12,"revision":4,"contribution":false}"#,
        )
        .unwrap();
        assert_eq!((m.number, m.size, m.updated_ms), (Some(700), 12, 1.5e12));
        let current = DraftMeta {
            schema: SCHEMA_VERSION,
            ..m
        };
        assert_eq!(decode_meta(&encode_meta(&current)).unwrap(), current);
    }

    #[test]
    fn version_one_is_migrated() {
        let d = decode_draft(r#"{"schema":1,"name":"old","text":"Title: y\n"}"#).unwrap();
        assert_eq!(d.schema, SCHEMA_VERSION);
        assert_eq!(d.markdown, "Title: y\n");
        assert_eq!(d.name, "old");
    }

    #[test]
    fn version_two_is_read_without_a_base_and_written_as_the_current_one() {
        let v2 = r#"{"schema":2,"name":"n","markdown":"Title: z\n","revision":4,"updated_ms":1.0,"focus":null,"contribution":true}"#;
        let d = decode_draft(v2).unwrap();
        assert_eq!((d.base.as_ref(), d.merge.as_ref()), (None, None));
        assert_eq!((d.revision, d.contribution), (4, true));
        assert_eq!(d.markdown, "Title: z\n");
        let again = decode_draft(&encode_draft(&d)).unwrap();
        assert_eq!(again.schema, SCHEMA_VERSION);
        assert_eq!(
            again,
            StoredDraft {
                schema: SCHEMA_VERSION,
                ..d
            }
        );
    }

    #[test]
    fn an_open_merge_replays_to_the_same_result() {
        let base = "# A\n\n* [one](https://a.example/1)\n";
        let ours = "# A\n\n* [one, mine](https://a.example/1)\n";
        let theirs = "# A\n\n* [one, theirs](https://a.example/1)\n* [two](https://a.example/2)\n";
        let mut open = OpenMerge {
            base: base.into(),
            ours: ours.into(),
            settled: vec![],
        };
        let m = open.replay(theirs);
        assert_eq!(m.conflicts.len(), 1);
        let target = m.conflicts[0].target.clone();
        open.settled.push(Settled {
            target,
            keep: Keep::Theirs,
        });
        let draft = StoredDraft {
            merge: Some(open),
            ..sample()
        };
        let back = decode_draft(&encode_draft(&draft)).unwrap();
        assert_eq!(back, draft);
        let m = back.merge.unwrap().replay(theirs);
        assert!(m.is_clean());
        assert_eq!(m.text(), theirs);
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

    #[test]
    fn meta_comes_from_the_draft_and_its_front_matter() {
        let d = StoredDraft {
            markdown: "Title: This Week in Rust 700\nNumber: 700\nDate: 2027-05-12\n\nÄ\n".into(),
            ..sample()
        };
        let issue = crate::parse(&d.markdown).issue;
        let m = DraftMeta::of(&d, &issue.front_matter);
        assert_eq!(m.number, Some(700));
        assert_eq!(m.date.as_deref(), Some("2027-05-12"));
        assert_eq!(m.size, d.markdown.len() as u64);
        assert_eq!(m.revision, 7);
        assert_eq!(m.name, "Issue 700");
        assert_eq!(decode_meta(&encode_meta(&m)).unwrap(), m);
    }

    #[test]
    fn meta_of_a_newer_schema_is_too_new_and_junk_is_not_json() {
        assert!(matches!(
            decode_meta(r#"{"schema":9,"name":"x"}"#),
            Err(StoredError::TooNew { found: 9, .. })
        ));
        assert!(matches!(decode_meta("{"), Err(StoredError::NotJson(_))));
        let m = decode_meta(r#"{"schema":2,"name":"x"}"#).unwrap();
        assert_eq!((m.number, m.size), (None, 0));
    }

    #[test]
    fn text_is_salvaged_from_newer_and_older_records_only_when_there() {
        let s =
            salvage_draft(r##"{"schema":9,"name":"n","markdown":"# A\n","extra":[1]}"##).unwrap();
        assert_eq!(s.markdown, "# A\n");
        assert_eq!(s.name.as_deref(), Some("n"));
        assert_eq!(s.schema, Some(9));
        assert_eq!(
            salvage_draft(r#"{"schema":1,"name":"n","text":"t"}"#)
                .unwrap()
                .markdown,
            "t"
        );
        assert_eq!(salvage_draft(r#"{"schema":9,"markdown":5}"#), None);
        assert_eq!(salvage_draft("{\"markdown\": \"cut"), None);
    }
}
