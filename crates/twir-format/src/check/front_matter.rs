//! The front matter: Title, Number and Date, the Wednesday rule, the numbering rule and the
//! file name.

use crate::date::{expected_number, Date, Weekday};

use super::rule::declare_rule;
use super::{Checker, Fix, FixEdit};

declare_rule! {
    pub(super) FRONT_MATTER, "front-matter", Error, "Title, Number or Date missing or malformed";
    pub(super) NOT_WEDNESDAY, "not-wednesday", Error, "issue date is not a Wednesday";
    pub(super) ISSUE_NUMBER, "issue-number", Error, "number is not 424 + weeks since 2022-01-05";
    pub(super) TITLE_NUMBER, "title-number", Error, "title does not match the number";
    pub(super) FILE_NAME_DATE, "file-name-date", Error, "file name does not match the date";
}

impl Checker<'_> {
    pub(super) fn front_matter(&mut self) {
        let fm = &self.issue.front_matter;
        let line_of = |key: &str| {
            fm.fields
                .iter()
                .position(|f| f.key.eq_ignore_ascii_case(key))
                .map_or(1, |i| i + 1)
        };
        let number = fm.number();
        let title = fm.title().map(str::to_string);
        if title.is_none() {
            self.push(
                &FRONT_MATTER,
                (1, 1),
                None,
                "the front matter has no `Title:` line; add `Title: This Week in Rust N`".into(),
                None,
            );
        }
        if number.is_none() {
            let msg = match fm.get("Number") {
                Some(v) => format!("`Number: {v}` is not a number"),
                None => "the front matter has no `Number:` line".to_string(),
            };
            self.push(&FRONT_MATTER, (line_of("Number"), 1), None, msg, None);
        }
        let Some(date) = self.date else {
            let msg = match fm.get("Date") {
                Some(v) => format!("`Date: {v}` is not a date in the form YYYY-MM-DD"),
                None => "the front matter has no `Date:` line (YYYY-MM-DD)".to_string(),
            };
            self.push(&FRONT_MATTER, (line_of("Date"), 1), None, msg, None);
            return;
        };
        let modern = date >= Date::new(2022, 1, 5).expect("valid date");
        if modern && date.weekday() != Weekday::Wednesday {
            let next = date
                .next_wednesday()
                .map(|d| d.to_string())
                .unwrap_or_default();
            self.push(
                &NOT_WEDNESDAY,
                (line_of("Date"), 7),
                None,
                format!(
                    "{date} is a {:?}; issues come out on Wednesdays (next: {next})",
                    date.weekday()
                ),
                None,
            );
        }
        if let (Some(n), Some(want)) = (number, expected_number(date)) {
            if n != want {
                self.push(&ISSUE_NUMBER, (line_of("Number"), 9), None,
                    format!("the issue of {date} is number {want} (424 + weeks since 2022-01-05), not {n}"),
                    Some(Fix {
                        label: format!("Set the number to {want}"),
                        edit: FixEdit::FrontMatter { key: "Number".into(), value: want.to_string() },
                    }));
            }
        }
        if let (Some(n), Some(t)) = (number, title) {
            let want = format!("This Week in Rust {n}");
            if t != want && modern {
                self.push(
                    &TITLE_NUMBER,
                    (line_of("Title"), 8),
                    None,
                    format!("the title should be `{want}` to match the number"),
                    Some(Fix {
                        label: format!("Set the title to “{want}”"),
                        edit: FixEdit::FrontMatter {
                            key: "Title".into(),
                            value: want,
                        },
                    }),
                );
            }
        }
        if let Some(name) = &self.ctx.file_name {
            let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
            let want = format!("{date}-this-week-in-rust.md");
            if stem != want {
                self.push(&FILE_NAME_DATE, (1, 1), None,
                    format!("the file is named `{stem}` but the issue is dated {date}: name it `{want}`"),
                    None);
            }
        }
    }
}
