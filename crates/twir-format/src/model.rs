//! The typed model of an issue: plain data, no behaviour beyond small accessors.
//!
//! Invariant: every value here writes back to exactly the text it was parsed from
//! (see `write`). Typed values hold only what a person edits; anything that would not
//! write back identically is kept as raw text in its place.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// A stable identifier of a block, an entry or a section within one `Issue`.
///
/// Ids survive edits and reordering, so the UI, the undo history, diagnostics and the
/// preview can refer to the same thing while lists change. They are not part of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Id(pub u32);

/// Line ending used by typed content when it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Newline {
    /// `\n`
    #[default]
    Lf,
    /// `\r\n`
    CrLf,
}

impl Newline {
    /// The characters of this line ending.
    pub fn as_str(self) -> &'static str {
        match self {
            Newline::Lf => "\n",
            Newline::CrLf => "\r\n",
        }
    }
}

/// A whole issue file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Issue {
    /// The file started with a UTF-8 byte order mark.
    pub bom: bool,
    /// The line ending of the file (taken from its first line).
    pub newline: Newline,
    /// The file ended with a line ending.
    pub final_newline: bool,
    /// The `Key: value` lines at the top.
    pub front_matter: FrontMatter,
    /// Blocks before the first heading (the welcome text).
    pub preamble: Vec<Block>,
    /// The top-level sections, in order.
    pub sections: Vec<Section>,
    /// The next free id; the edit API takes ids from here.
    pub next_id: u32,
}

/// The metadata lines at the top of an issue (`Title:`, `Number:`, `Date:`, `Category:`, …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FrontMatter {
    /// Fields in file order.
    pub fields: Vec<Field>,
}

/// One `Key: value` line of the front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The key as written (`Title`).
    pub key: String,
    /// The value after `": "`, as written.
    pub value: String,
}

impl FrontMatter {
    /// The value of the first field whose key matches `key` (case-insensitive).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.key.eq_ignore_ascii_case(key))
            .map(|f| f.value.as_str())
    }

    /// Sets a field's value, appending the field when it is missing.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        let value = value.into();
        match self
            .fields
            .iter_mut()
            .find(|f| f.key.eq_ignore_ascii_case(key))
        {
            Some(f) => f.value = value,
            None => self.fields.push(Field {
                key: key.to_string(),
                value,
            }),
        }
    }

    /// `Title:`
    pub fn title(&self) -> Option<&str> {
        self.get("Title")
    }

    /// `Number:` as a number, when it is one.
    pub fn number(&self) -> Option<u32> {
        self.get("Number")?.trim().parse().ok()
    }

    /// `Date:` as a date; older issues carry a time after the date, which is ignored.
    pub fn date(&self) -> Option<Date> {
        let v = self.get("Date")?.trim();
        Date::parse(v.get(..10)?)
    }
}

/// A heading and everything under it up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: Id,
    /// Number of `#` (1 to 6).
    pub level: u8,
    /// Everything after the `#`s, as written (usually a space and the title).
    pub heading: String,
    /// What this section is, from its title and its parent's kind.
    pub kind: SectionKind,
    /// Blocks between the heading and the first sub-section.
    pub blocks: Vec<Block>,
    /// Sub-sections (headings of a deeper level).
    pub children: Vec<Section>,
}

impl Section {
    /// The heading's text without the markers and surrounding spaces.
    pub fn title(&self) -> &str {
        self.heading.trim()
    }

    /// The plain title: a heading written as a link (`[Approved RFCs](…)`) gives its link text.
    pub fn plain_title(&self) -> &str {
        let t = self.title();
        if let Some(rest) = t.strip_prefix('[') {
            if let Some(end) = rest.find("](") {
                return &rest[..end];
            }
        }
        t
    }
}

/// The role of a section, derived from its title (and its parent's role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SectionKind {
    /// "Updates from Rust Community" (and older "News & Blog Posts" style sections).
    Community,
    /// One of the categories under the community section (Official, Newsletters, …).
    CommunityCategory,
    CrateOfTheWeek,
    CallsForTesting,
    /// A group of calls for testing (Rust, Cargo, RFCs, …).
    CallsForTestingGroup,
    /// "Call for Participation; projects and speakers" (and older "Call for Participation").
    CallForParticipation,
    CfpProjects,
    CfpEvents,
    /// "Updates from the Rust Project" (older: "Updates from Rust Core").
    ProjectUpdates,
    /// A group of merged PRs (Compiler, Library, Cargo, …).
    PrGroup,
    PerfTriage,
    ApprovedRfcs,
    FinalCommentPeriod,
    /// A group of FCP items (RFCs, Rust, Cargo, Language Team, …).
    FcpGroup,
    NewRfcs,
    UpcomingEvents,
    /// A region of events (Virtual, Asia, Europe, …).
    EventRegion,
    Jobs,
    QuoteOfTheWeek,
    /// Anything else: its content is kept, typed only generically.
    Other,
}

/// A block of lines inside a section (or the preamble).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub id: Id,
    pub kind: BlockKind,
}

/// What a block is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum BlockKind {
    /// Empty lines (no spaces in them).
    Blank { count: usize },
    /// Prose: one or more lines of Markdown shown as a text area. `text` holds the lines
    /// joined by `\n`, without the final line ending.
    Text { text: String },
    /// An HTML comment (`<!-- … -->`) spanning whole lines, kept as written.
    Comment { text: String },
    /// Text that is kept as written, line endings included, with why it is not typed.
    Raw { text: String, reason: String },
    /// A bullet list whose entries are typed where they follow a standard line format.
    List { entries: Vec<Entry> },
    /// A link reference definition `[label]: url`.
    LinkDef { label: String, url: String },
    /// `N pull requests were [merged in the last week][merged]`.
    MergedCount { count: u32, rest: String },
    /// `Rusty Events between START - END` followed by a tail (` 🦀`).
    EventsWindow {
        start: Date,
        end: Date,
        tail: String,
    },
    /// The line that names the crate of the week: `This week's crate is [name](url)` + description.
    CrateOfTheWeek {
        name: String,
        url: String,
        description: String,
    },
    /// `Thanks to [name](url)` + rest (`for the suggestion!`).
    Thanks {
        name: String,
        url: String,
        rest: String,
    },
    /// A block quote: the text of each line after `> ` (`>` alone for an empty line).
    Quote { lines: Vec<String> },
    /// The attribution of a quote: `– [author](url)`, plus anything after the link.
    Attribution {
        dash: String,
        author: String,
        url: String,
        rest: String,
    },
    /// `Triage done by **@name**.`
    TriageBy { author: String },
    /// `Revision range: [label](url)`.
    RevisionRange { label: String, url: String },
    /// `[Full report here](url)`.
    FullReport { url: String },
    /// The older editors line: `*This Week in Rust is edited by: [a](u), [b](u)*`.
    EditorsLine { editors: Vec<Person> },
    /// `<small>[Discuss on r/rust](url)</small>`.
    Discuss { url: String },
}

/// A person with a link (an editor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub url: String,
}

/// One bullet of a list, with its continuation lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: Id,
    pub value: EntryValue,
}

/// The typed content of a list entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EntryValue {
    /// `* [tag] [tag] [Title](url)`: community links, CFP projects, calls for testing,
    /// approved RFCs, editors and any other plain link line.
    Link(Link),
    /// A merged PR: `* [group: title](url)` in the older flat list, `* [title](url)` in groups.
    Pr(Pr),
    /// An FCP item: `* [disposition: merge] [title](url)`.
    Fcp(Fcp),
    /// A new or updated RFC: `* [new] [title](url)`.
    Rfc(Rfc),
    /// A CFP for an event: `* [**name**](url) | CFP open until DATE | place | DATE`.
    CfpEvent(CfpEvent),
    /// An upcoming event with its talks.
    Event(Event),
    /// A line in italics that says there is nothing this week: `* *No … this week.*`.
    Nothing(Nothing),
    /// A line (and its continuation lines) that does not follow a standard format.
    Raw(RawEntry),
}

/// A plain link line with optional prefix tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Link {
    /// Prefix tags without brackets, as written (`video`, `ZH`, `Video`).
    pub tags: Vec<String>,
    pub title: String,
    pub url: String,
    /// Text after the link, as written (empty in the standard format; validation warns).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Links on lines of their own under it (`    * [Testing steps](URL)`), in Calls for
    /// Testing only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subs: Vec<SubLink>,
}

/// A link on a line of its own under an entry, indented four spaces: `    * [Title](URL)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SubLink {
    pub title: String,
    pub url: String,
}

/// A merged pull request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Pr {
    /// Prefix inside the link text in the older flat list (`clippy`, `cargo`, `rust-analyzer`).
    pub group: Option<String>,
    pub title: String,
    pub url: String,
    /// Text after the link, as written (` (RFC [#3695](…))`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// An item entering final comment period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Fcp {
    /// The disposition (`merge`, `close`, `postpone`), when given.
    pub disposition: Option<String>,
    pub title: String,
    pub url: String,
}

/// A new or updated RFC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Rfc {
    /// `new` or `updated` as written, when given.
    pub status: Option<String>,
    pub title: String,
    pub url: String,
}

/// A call for papers or speakers of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CfpEvent {
    pub name: String,
    pub url: String,
    /// The date the CFP closes, as written (normally `YYYY-MM-DD`).
    pub cfp_until: String,
    /// City, state, country, as written.
    pub place: String,
    /// The date of the event, as written (normally `YYYY-MM-DD`).
    pub event_date: String,
}

/// An upcoming event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub start: Date,
    /// Last day of a multi-day event (`START - END`).
    pub end: Option<Date>,
    pub kind: PlaceKind,
    /// City, state, country; `None` for a purely virtual event.
    pub location: Option<String>,
    pub group: String,
    pub group_url: String,
    /// Further groups hosting it together (`[A](…) + [B](…)`), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cohosts: Vec<Cohost>,
    /// One or more talks (`    * [**title**](url)`).
    pub talks: Vec<Talk>,
}

/// One more group hosting an event, written after the first: ` + [Name](URL)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cohost {
    /// What comes before its link, one of [`Cohost::JOINERS`] (` + ` when added in the editor).
    pub joiner: String,
    pub name: String,
    pub url: String,
}

impl Cohost {
    /// The ways published issues join a group to the one before it.
    pub const JOINERS: [&'static str; 6] = [" + ", " | ", " and ", " & ", ", ", "; "];
}

/// A talk (or the event's own page) under an event line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Talk {
    pub title: String,
    pub url: String,
    /// Further links on the same line (` | [text](url)`), their text as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Talk>,
}

/// How an event takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlaceKind {
    /// `Berlin, DE`
    InPerson,
    /// `Virtual` or `Virtual (Berlin, DE)`
    Virtual,
    /// `Hybrid (Berlin, DE)`
    Hybrid,
    /// `Virtual and In-Person (Berlin, DE)`
    VirtualAndInPerson,
}

impl PlaceKind {
    /// The word(s) written before the location, if any.
    pub fn label(self) -> Option<&'static str> {
        match self {
            PlaceKind::InPerson => None,
            PlaceKind::Virtual => Some("Virtual"),
            PlaceKind::Hybrid => Some("Hybrid"),
            PlaceKind::VirtualAndInPerson => Some("Virtual and In-Person"),
        }
    }

    /// All kinds, in the order a form offers them.
    pub const ALL: [PlaceKind; 4] = [
        PlaceKind::InPerson,
        PlaceKind::Virtual,
        PlaceKind::Hybrid,
        PlaceKind::VirtualAndInPerson,
    ];
}

/// The "nothing this week" line of an empty list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Nothing {
    /// The text between the asterisks; lines after the first are written indented two spaces.
    pub text: String,
}

/// A list entry kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RawEntry {
    /// The lines of the entry joined by `\n`, without the final line ending.
    pub text: String,
    /// Why it is not typed (how it deviates from the standard line format).
    pub reason: String,
}

impl EntryValue {
    /// Whether the entry is typed (anything but `Raw`).
    pub fn is_typed(&self) -> bool {
        !matches!(self, EntryValue::Raw(_))
    }

    /// The URL the entry points to, when it has one.
    pub fn url(&self) -> Option<&str> {
        match self {
            EntryValue::Link(l) => Some(&l.url),
            EntryValue::Pr(p) => Some(&p.url),
            EntryValue::Fcp(f) => Some(&f.url),
            EntryValue::Rfc(r) => Some(&r.url),
            EntryValue::CfpEvent(c) => Some(&c.url),
            EntryValue::Event(e) => Some(&e.group_url),
            EntryValue::Raw(_) | EntryValue::Nothing(_) => None,
        }
    }
}

impl BlockKind {
    /// The kind's name in kebab case (`text`, `merged-count`, `editors-line`), as `twir parse`
    /// prints it and the merge matches blocks by.
    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Blank { .. } => "blank",
            BlockKind::Text { .. } => "text",
            BlockKind::Comment { .. } => "comment",
            BlockKind::Raw { .. } => "raw",
            BlockKind::List { .. } => "list",
            BlockKind::LinkDef { .. } => "link-def",
            BlockKind::MergedCount { .. } => "merged-count",
            BlockKind::EventsWindow { .. } => "events-window",
            BlockKind::CrateOfTheWeek { .. } => "crate-of-the-week",
            BlockKind::Thanks { .. } => "thanks",
            BlockKind::Quote { .. } => "quote",
            BlockKind::Attribution { .. } => "attribution",
            BlockKind::TriageBy { .. } => "triage-by",
            BlockKind::RevisionRange { .. } => "revision-range",
            BlockKind::FullReport { .. } => "full-report",
            BlockKind::EditorsLine { .. } => "editors-line",
            BlockKind::Discuss { .. } => "discuss",
        }
    }
}
