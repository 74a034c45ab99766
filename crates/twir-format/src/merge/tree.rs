//! The structural merge: front matter, sections, blocks and entries matched by identity.
//!
//! It builds a merged `Issue` in which every conflict is a placeholder line (a sentinel that
//! occurs in none of the inputs), writes it, and cuts the text at those lines into clean
//! pieces and conflict slots. Merged values that are not typed any more (an entry merged line
//! by line) are kept raw: the final text is parsed again anyway.

use super::diff3::{self, Piece};
use super::identity::{
    block_keys, descents, entry_date, entry_keys, entry_name, flat_keys, flatten, Flat,
};
use super::list::{merge_list, scalar, Pick, Side};
use super::{Conflict, Part};
use crate::model::{
    Block, BlockKind, Entry, EntryValue, Field, Id, Issue, Newline, RawEntry, Section, SectionKind,
};
use crate::write::{write, write_block, write_entry};

/// Merges three parsed issues into text pieces and the conflicts their slots stand for.
pub(super) fn merge_issues(
    b: &Issue,
    o: &Issue,
    t: &Issue,
    texts: [&str; 3],
) -> (Vec<Part>, Vec<Conflict>) {
    let mut cx = Cx {
        sentinel: sentinel(texts),
        nl: o.newline,
        conflicts: Vec::new(),
    };
    let mut issue = Issue {
        bom: o.bom,
        newline: o.newline,
        final_newline: scalar(&b.final_newline, &o.final_newline, &t.final_newline)
            .unwrap_or(o.final_newline),
        ..Issue::default()
    };
    issue.front_matter.fields = cx.fields(
        &b.front_matter.fields,
        &o.front_matter.fields,
        &t.front_matter.fields,
    );
    issue.preamble = cx.blocks(
        [&b.preamble, &o.preamble, &t.preamble],
        None,
        SectionKind::Other,
        "preamble",
    );
    issue.sections = cx.sections(&b.sections, &o.sections, &t.sections);
    let text = write(&issue);
    (split_at_slots(&text, &cx.sentinel), cx.conflicts)
}

/// A marker that occurs in none of the three texts.
fn sentinel(texts: [&str; 3]) -> String {
    let mut s = String::from("\u{1}twir-merge-slot-");
    while texts.iter().any(|t| t.contains(&s)) {
        s.insert(0, '\u{1}');
    }
    s
}

fn split_at_slots(text: &str, sentinel: &str) -> Vec<Part> {
    let mut parts = vec![Part::Text(String::new())];
    for line in text.split_inclusive('\n') {
        let slot = line.find(sentinel).and_then(|i| {
            let digits: String = line[i + sentinel.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<usize>().ok()
        });
        match (slot, parts.last_mut()) {
            (Some(slot), _) => {
                parts.push(Part::Slot {
                    slot,
                    last_line_open: !line.ends_with('\n'),
                });
                parts.push(Part::Text(String::new()));
            }
            (None, Some(Part::Text(t))) => t.push_str(line),
            (None, _) => parts.push(Part::Text(line.to_string())),
        }
    }
    parts.retain(|p| !matches!(p, Part::Text(t) if t.is_empty()));
    parts
}

/// The merge in progress: the conflicts found so far and how to write a placeholder.
struct Cx {
    sentinel: String,
    nl: Newline,
    conflicts: Vec<Conflict>,
}

impl Cx {
    /// Records a conflict and gives the placeholder text that stands for it.
    fn conflict(
        &mut self,
        target: String,
        base: Option<String>,
        ours: Option<String>,
        theirs: Option<String>,
    ) -> String {
        let slot = self.conflicts.len();
        let close = |s: Option<String>| s.map(|s| super::close_lines(&s, self.nl));
        let c = Conflict {
            target: self.unique(target),
            base: close(base),
            ours: close(ours),
            theirs: close(theirs),
            slot,
        };
        self.conflicts.push(c);
        format!("{}{slot}", self.sentinel)
    }

    fn unique(&self, target: String) -> String {
        let taken = |t: &str| self.conflicts.iter().any(|c| c.target == t);
        if !taken(&target) {
            return target;
        }
        (2..)
            .map(|n| format!("{target}~{n}"))
            .find(|t| !taken(t))
            .unwrap_or(target)
    }

    /// Text of an entry with the file's line endings.
    fn entry_text(&self, v: &EntryValue) -> String {
        write_entry(v).replace('\n', self.nl.as_str())
    }

    fn fields(&mut self, b: &[Field], o: &[Field], t: &[Field]) -> Vec<Field> {
        let side = |fs| {
            Side::new(
                fs,
                |f: &Field, _: &str| vec![f.key.to_ascii_lowercase()],
                |f: &Field| f.value.clone(),
            )
        };
        let line = |f: Option<&Field>| f.map(|f| format!("{}: {}", f.key, f.value));
        let mut out = Vec::new();
        for p in merge_list(&side(b), &side(o), &side(t)) {
            let (base, ours, theirs) = match p {
                Pick::One(f) => {
                    out.push(f.clone());
                    continue;
                }
                Pick::Both { base, ours, theirs } => (base, Some(ours), Some(theirs)),
                Pick::Gone { base, ours, theirs } => (Some(base), ours, theirs),
            };
            let key = ours.or(theirs).map_or("", |f| f.key.as_str());
            let token = self.conflict(
                format!("front-matter/{key}"),
                line(base),
                line(ours),
                line(theirs),
            );
            out.push(Field {
                key: token,
                value: String::new(),
            });
        }
        out
    }

    /// Sections merge as a flat sequence of headings with their own blocks: a heading whose
    /// level changed on one side (which moves every later section under it in the tree) is
    /// still the same section, and the merged text is parsed into a tree again anyway.
    fn sections(&mut self, b: &[Section], o: &[Section], t: &[Section]) -> Vec<Section> {
        let nl = self.nl;
        let (fb, fo, ft) = (flatten(b, nl), flatten(o, nl), flatten(t, nl));
        let side = |fs| Side::new(fs, |f, _| flat_keys(f), |f: &Flat| f.text.clone());
        let mut out = Vec::new();
        for p in merge_list(&side(&fb), &side(&fo), &side(&ft)) {
            match p {
                Pick::One(f) => {
                    // Kept as written: its blocks as one raw block (the text is parsed again).
                    let body = f.body();
                    let blocks = (!body.is_empty())
                        .then(|| Block {
                            id: f.section.id,
                            kind: BlockKind::Raw {
                                text: body.to_string(),
                                reason: String::new(),
                            },
                        })
                        .into_iter()
                        .collect();
                    out.push(Section {
                        blocks,
                        ..bare_section(f.section)
                    });
                }
                Pick::Both { base, ours, theirs } => {
                    out.push(self.section(base, ours, theirs));
                }
                Pick::Gone { base, ours, theirs } => {
                    let text = |f: Option<&Flat>| f.map(|f| f.text.clone());
                    let token = self.conflict(
                        format!("section/{}", base.path),
                        text(Some(base)),
                        text(ours),
                        text(theirs),
                    );
                    out.push(Section {
                        heading: token,
                        ..bare_section(base.section)
                    });
                }
            }
        }
        out
    }

    fn section(&mut self, b: Option<&Flat>, of: &Flat, tf: &Flat) -> Section {
        let path = format!("section/{}", of.path);
        let (o, t) = (of.section, tf.section);
        let line = |s: &Section| format!("{}{}", "#".repeat(s.level.into()), s.heading);
        let (bl, ol, tl) = (b.map(|b| line(b.section)), line(o), line(t));
        let (level, heading) = match scalar(&bl, &Some(ol.clone()), &Some(tl.clone())) {
            Some(Some(l)) if l == ol => (o.level, o.heading.clone()),
            Some(_) => (t.level, t.heading.clone()),
            None => {
                let token = self.conflict(format!("{path}/heading"), bl, Some(ol), Some(tl));
                (o.level, format!(" {token}"))
            }
        };
        let no_blocks: &[Block] = &[];
        let bb = b.map_or(no_blocks, |b| b.section.blocks.as_slice());
        let texts = [b.map_or("", |f| f.body()), of.body(), tf.body()];
        Section {
            id: o.id,
            level,
            heading,
            kind: o.kind,
            blocks: self.blocks([bb, &o.blocks, &t.blocks], Some(texts), o.kind, &path),
            children: Vec::new(),
        }
    }

    /// `texts`: the three lists of blocks as written, when known.
    fn blocks(
        &mut self,
        [b, o, t]: [&[Block]; 3],
        texts: Option<[&str; 3]>,
        kind: SectionKind,
        path: &str,
    ) -> Vec<Block> {
        let nl = self.nl;
        let written;
        let [tb, to, tt] = match texts {
            Some(ts) => ts,
            None => {
                let text = |bs: &[Block]| bs.iter().map(|b| write_block(b, nl)).collect::<String>();
                written = [text(b), text(o), text(t)];
                [written[0].as_str(), &written[1], &written[2]]
            }
        };
        if let Some(text) = clean_line_merge(tb, to, tt) {
            let id = o.first().or(t.first()).map_or(Id(0), |b| b.id);
            let reason = String::new();
            return (!text.is_empty())
                .then_some(Block {
                    id,
                    kind: BlockKind::Raw { text, reason },
                })
                .into_iter()
                .collect();
        }
        if let (Some(sb), Some(so), Some(st)) = (list_shape(b), list_shape(o), list_shape(t)) {
            return self.list_section(&sb, &so, &st, o, kind, path);
        }
        let side = |bs| {
            Side::new(
                bs,
                |b: &Block, text: &str| block_keys(b, text),
                |b: &Block| write_block(b, nl),
            )
        };
        let mut out: Vec<Block> = Vec::new();
        for p in merge_list(&side(b), &side(o), &side(t)) {
            let n = |out: &Vec<Block>, b: &Block| {
                1 + out
                    .iter()
                    .filter(|x| x.kind.name() == b.kind.name())
                    .count()
            };
            match p {
                Pick::One(b) => out.push(b.clone()),
                Pick::Both { base, ours, theirs } => {
                    let target = format!("{path}/block/{}#{}", ours.kind.name(), n(&out, ours));
                    let merged = self.block(base, ours, theirs, kind, &target);
                    out.push(merged);
                }
                Pick::Gone { base, ours, theirs } => {
                    let target = format!("{path}/block/{}#{}", base.kind.name(), n(&out, base));
                    let text = |b: Option<&Block>| b.map(|b| write_block(b, nl));
                    let token = self.conflict(target, text(Some(base)), text(ours), text(theirs));
                    out.push(raw_block(base.id, token, nl));
                }
            }
        }
        out
    }

    /// A section made of lists and blank lines only is merged as one list: editors keep one
    /// list per category, so blank lines between its lists go; the blank lines before and
    /// after it merge as counts.
    fn list_section(
        &mut self,
        b: &ListShape,
        o: &ListShape,
        t: &ListShape,
        blocks: &[Block],
        kind: SectionKind,
        path: &str,
    ) -> Vec<Block> {
        let both = !o.entries.is_empty() && !t.entries.is_empty();
        let lead = scalar(&b.lead, &o.lead, &t.lead).unwrap_or(o.lead);
        // Both sides wrote entries here: a blank line one of them added after the list is
        // not kept (one blank line before the next heading is the format).
        let trail = if both {
            o.trail.min(t.trail)
        } else {
            scalar(&b.trail, &o.trail, &t.trail).unwrap_or(o.trail.max(t.trail))
        };
        let target = format!("{path}/block/list#1");
        let entries = self.entries(&b.entries, &o.entries, &t.entries, kind, &target);
        let id = blocks.first().map_or(Id(0), |b| b.id);
        let mut out = Vec::new();
        let blank = |count| Block {
            id,
            kind: BlockKind::Blank { count },
        };
        if entries.is_empty() {
            if lead + trail > 0 {
                out.push(blank(trail.max(lead)));
            }
            return out;
        }
        if lead > 0 {
            out.push(blank(lead));
        }
        out.push(Block {
            id,
            kind: BlockKind::List { entries },
        });
        if trail > 0 {
            out.push(blank(trail));
        }
        out
    }

    fn block(
        &mut self,
        b: Option<&Block>,
        o: &Block,
        t: &Block,
        kind: SectionKind,
        target: &str,
    ) -> Block {
        let nl = self.nl;
        let merged = match (b.map(|b| &b.kind), &o.kind, &t.kind) {
            (b, BlockKind::List { entries: eo }, BlockKind::List { entries: et }) => {
                let eb = match b {
                    Some(BlockKind::List { entries }) => entries.as_slice(),
                    _ => &[],
                };
                Some(BlockKind::List {
                    entries: self.entries(eb, eo, et, kind, target),
                })
            }
            (b, BlockKind::Text { text: to }, BlockKind::Text { text: tt }) => {
                let tb = match b {
                    Some(BlockKind::Text { text }) => text.as_str(),
                    _ => "",
                };
                let split = |s: &str| -> Vec<String> {
                    if s.is_empty() {
                        Vec::new()
                    } else {
                        s.split('\n').map(|l| format!("{l}\n")).collect()
                    }
                };
                let merged = self.lines(&split(tb), &split(to), &split(tt), target, true);
                Some(BlockKind::Text {
                    text: merged.trim_end_matches('\n').to_string(),
                })
            }
            (b, BlockKind::Raw { text: to, reason }, BlockKind::Raw { text: tt, .. }) => {
                let tb = match b {
                    Some(BlockKind::Raw { text, .. }) => text.as_str(),
                    _ => "",
                };
                let split = |s: &str| -> Vec<String> {
                    s.split_inclusive('\n').map(str::to_string).collect()
                };
                let text = self.lines(&split(tb), &split(to), &split(tt), target, false);
                Some(BlockKind::Raw {
                    text,
                    reason: reason.clone(),
                })
            }
            (b, BlockKind::Blank { count: co }, BlockKind::Blank { count: ct }) => {
                let cb = match b {
                    Some(BlockKind::Blank { count }) => *count,
                    _ => 0,
                };
                Some(BlockKind::Blank {
                    count: scalar(&cb, co, ct).unwrap_or((*co).max(*ct)),
                })
            }
            _ => None,
        };
        let kind = merged.unwrap_or_else(|| {
            let text = |b: &Block| write_block(b, nl);
            let token = self.conflict(
                target.to_string(),
                b.map(text),
                Some(text(o)),
                Some(text(t)),
            );
            raw_block(o.id, token, nl).kind
        });
        Block { id: o.id, kind }
    }

    /// Line-by-line merge of a block's lines (each with its ending: `\n` for text blocks,
    /// which `nl` replaces in conflicts; as written for raw blocks).
    fn lines(
        &mut self,
        b: &[String],
        o: &[String],
        t: &[String],
        target: &str,
        text: bool,
    ) -> String {
        let nl = self.nl.as_str();
        let mut out = String::new();
        for (n, piece) in diff3::merge(b, o, t).into_iter().enumerate() {
            match piece {
                Piece::Clean(ls) => out.extend(ls),
                Piece::Conflict { base, ours, theirs } => {
                    let join = |v: Vec<String>| {
                        let s = v.concat();
                        Some(if text { s.replace('\n', nl) } else { s })
                    };
                    let open = ours.last().is_some_and(|l| !l.ends_with('\n'));
                    let token = self.conflict(
                        format!("{target}/lines@{}", n + 1),
                        join(base),
                        join(ours),
                        join(theirs),
                    );
                    out.push_str(&token);
                    if !open {
                        out.push_str(if text { "\n" } else { nl });
                    }
                }
            }
        }
        out
    }

    fn entries(
        &mut self,
        b: &[Entry],
        o: &[Entry],
        t: &[Entry],
        kind: SectionKind,
        path: &str,
    ) -> Vec<Entry> {
        let side = |es| {
            Side::new(
                es,
                |e: &Entry, text: &str| entry_keys(&e.value, text),
                |e: &Entry| write_entry(&e.value),
            )
        };
        let (sb, so, st) = (side(b), side(o), side(t));
        let mut out: Vec<Entry> = Vec::new();
        for p in merge_list(&sb, &so, &st) {
            match p {
                Pick::One(e) => out.push(e.clone()),
                Pick::Both {
                    base: None,
                    ours,
                    theirs,
                } => {
                    // New on both sides with different text (two contributors sent the same
                    // link with other titles): both stay, ours first, for the duplicate
                    // check to point out, as people resolve it.
                    out.push(ours.clone());
                    out.push(theirs.clone());
                }
                Pick::Both { base, ours, theirs } => {
                    let split = |e: Option<&Entry>| -> Vec<String> {
                        e.map(|e| {
                            write_entry(&e.value)
                                .split('\n')
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default()
                    };
                    let pieces =
                        diff3::merge(&split(base), &split(Some(ours)), &split(Some(theirs)));
                    if let [Piece::Clean(lines)] = pieces.as_slice() {
                        out.push(raw_entry(ours.id, lines.join("\n")));
                        continue;
                    }
                    let text = |e: Option<&Entry>| e.map(|e| self.entry_text(&e.value));
                    let (tb, to, tt) = (text(base), text(Some(ours)), text(Some(theirs)));
                    let target = format!("{path}/entry/{}", entry_name(&ours.value));
                    let token = self.conflict(target, tb, to, tt);
                    out.push(raw_entry(ours.id, token));
                }
                Pick::Gone { base, ours, theirs } => {
                    let text = |e: Option<&Entry>| e.map(|e| self.entry_text(&e.value));
                    let (tb, to, tt) = (text(Some(base)), text(ours), text(theirs));
                    let target = format!("{path}/entry/{}", entry_name(&base.value));
                    let token = self.conflict(target, tb, to, tt);
                    out.push(raw_entry(base.id, token));
                }
            }
        }
        if kind == SectionKind::EventRegion && descents(&out) > descents(o).max(descents(t)) {
            // The merge put events out of date order (both sides appended at one place):
            // the events new here move to their date, after the events of the same day, so
            // of two new ones on one day ours comes first; the others keep their places.
            let old: Vec<&str> = sb.texts.iter().map(String::as_str).collect();
            let is_new = |e: &Entry| {
                entry_date(&e.value).is_some() && !old.contains(&write_entry(&e.value).as_str())
            };
            let (new, mut kept): (Vec<Entry>, Vec<Entry>) = out.into_iter().partition(is_new);
            for e in new {
                let d = entry_date(&e.value);
                let at = kept
                    .iter()
                    .position(|k| entry_date(&k.value).is_some_and(|kd| Some(kd) > d))
                    .unwrap_or(kept.len());
                kept.insert(at, e);
            }
            out = kept;
        }
        out
    }
}

/// A section's heading alone: no blocks, no sub-sections.
fn bare_section(s: &Section) -> Section {
    Section {
        id: s.id,
        level: s.level,
        heading: s.heading.clone(),
        kind: s.kind,
        blocks: Vec::new(),
        children: Vec::new(),
    }
}

fn raw_block(id: Id, token: String, nl: Newline) -> Block {
    Block {
        id,
        kind: BlockKind::Raw {
            text: token + nl.as_str(),
            reason: String::new(),
        },
    }
}

fn raw_entry(id: Id, text: String) -> Entry {
    Entry {
        id,
        value: EntryValue::Raw(RawEntry {
            text,
            reason: String::new(),
        }),
    }
}

/// The line-level merge of a section's own blocks, when it is clean and adds no line more
/// often than either side has it. Where the two sides' edits do not touch, this is exactly
/// both edits, placed as their authors placed them (blank lines included); where they
/// touch, or both added the same line, the blocks are merged by structure instead.
fn clean_line_merge(tb: &str, to: &str, tt: &str) -> Option<String> {
    let (lb, lo, lt) = (super::lines(tb), super::lines(to), super::lines(tt));
    diff3::clean_text_merge(&lb, &lo, &lt, None)
}

/// The blocks of a section made of lists and blank lines only.
struct ListShape {
    lead: usize,
    entries: Vec<Entry>,
    trail: usize,
}

fn list_shape(blocks: &[Block]) -> Option<ListShape> {
    let mut shape = ListShape {
        lead: 0,
        entries: Vec::new(),
        trail: 0,
    };
    let mut seen_list = false;
    for b in blocks {
        match &b.kind {
            BlockKind::Blank { count } if seen_list => shape.trail += count,
            BlockKind::Blank { count } => shape.lead += count,
            BlockKind::List { entries } => {
                seen_list = true;
                shape.trail = 0;
                shape.entries.extend(entries.iter().cloned());
            }
            _ => return None,
        }
    }
    if !seen_list {
        // Only blank lines: they end the section.
        (shape.trail, shape.lead) = (shape.lead, 0);
    }
    Some(shape)
}
