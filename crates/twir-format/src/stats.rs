//! How much of an issue is typed: the figures behind `twir stats`.

use serde::{Deserialize, Serialize};

use crate::model::{BlockKind, Issue, Section, SectionKind};

/// Typed and raw counts of one kind of thing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub typed: usize,
    pub raw: usize,
}

impl Count {
    fn add(&mut self, typed: bool) {
        if typed {
            self.typed += 1;
        } else {
            self.raw += 1;
        }
    }

    /// Adds another count to this one.
    pub fn merge(&mut self, other: Count) {
        self.typed += other.typed;
        self.raw += other.raw;
    }

    /// Typed share in percent (100 when there is nothing).
    pub fn percent(&self) -> f64 {
        let total = self.typed + self.raw;
        if total == 0 {
            100.0
        } else {
            self.typed as f64 * 100.0 / total as f64
        }
    }
}

/// Counts over one or more issues.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub files: usize,
    /// Entries in the community link categories.
    pub links: Count,
    /// Entries in Upcoming Events regions.
    pub events: Count,
    /// All list entries of all kinds.
    pub entries: Count,
}

impl Stats {
    /// Adds another file's figures to these.
    pub fn merge(&mut self, other: &Stats) {
        self.files += other.files;
        self.links.merge(other.links);
        self.events.merge(other.events);
        self.entries.merge(other.entries);
    }
}

/// The counts of one issue.
pub fn stats(issue: &Issue) -> Stats {
    let mut st = Stats {
        files: 1,
        ..Stats::default()
    };
    for b in &issue.preamble {
        count_block(&mut st, &b.kind, SectionKind::Other);
    }
    for s in &issue.sections {
        count_section(&mut st, s);
    }
    st
}

fn count_section(st: &mut Stats, s: &Section) {
    for b in &s.blocks {
        count_block(st, &b.kind, s.kind);
    }
    for c in &s.children {
        count_section(st, c);
    }
}

fn count_block(st: &mut Stats, b: &BlockKind, kind: SectionKind) {
    let BlockKind::List { entries } = b else {
        return;
    };
    for e in entries {
        let typed = e.value.is_typed();
        st.entries.add(typed);
        match kind {
            SectionKind::Community | SectionKind::CommunityCategory => st.links.add(typed),
            SectionKind::EventRegion | SectionKind::UpcomingEvents => st.events.add(typed),
            _ => {}
        }
    }
}
