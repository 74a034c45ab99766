//! The structural merge: front matter, sections, blocks and entries matched by identity.
//!
//! It builds a merged `Issue` in which every conflict is a placeholder line (a sentinel that
//! occurs in none of the inputs), writes it, and cuts the text at those lines into clean
//! pieces and conflict slots. Merged values that are not typed any more (an entry merged line
//! by line) are kept raw: the final text is parsed again anyway.

use std::collections::{HashMap, VecDeque};

use super::diff3::{self, Piece};
use super::{Conflict, Part};
use crate::date::Date;
use crate::model::{
    Block, BlockKind, Entry, EntryValue, Field, Id, Issue, Newline, RawEntry, Section, SectionKind,
};
use crate::url::normalize;
use crate::write::{write, write_block, write_entry, write_section};

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
        &b.preamble,
        &o.preamble,
        &t.preamble,
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

/// The three-way merge of one plain value: `None` when both sides changed it differently.
fn scalar<T: PartialEq + Clone>(b: &T, o: &T, t: &T) -> Option<T> {
    if o == t || t == b {
        Some(o.clone())
    } else if o == b {
        Some(t.clone())
    } else {
        None
    }
}

/// What the merge of one matched thing asks for.
enum Pick<'a, T> {
    /// Take this value as it is.
    One(&'a T),
    /// Both sides have it and changed it differently: merge the values.
    Both {
        base: Option<&'a T>,
        ours: &'a T,
        theirs: &'a T,
    },
    /// One side removed it and the other changed it.
    Gone {
        base: &'a T,
        ours: Option<&'a T>,
        theirs: Option<&'a T>,
    },
}

/// One side of a list to merge: its items, their identity keys (strictest first) and texts.
struct Side<'a, T> {
    items: &'a [T],
    keys: Vec<Vec<String>>,
    texts: Vec<String>,
}

impl<'a, T> Side<'a, T> {
    fn new(items: &'a [T], keys: impl Fn(&T) -> Vec<String>, text: impl Fn(&T) -> String) -> Self {
        Side {
            keys: items.iter().map(&keys).collect(),
            texts: items.iter().map(text).collect(),
            items,
        }
    }
}

/// Pairs items of `a` with items of `b`: level by level of their keys, in order of occurrence.
fn pair(
    a: &[Vec<String>],
    b: &[Vec<String>],
    a_free: &[bool],
    b_free: &[bool],
) -> Vec<Option<usize>> {
    let mut to = vec![None; a.len()];
    let mut taken = vec![false; b.len()];
    let levels = a.iter().chain(b).map(Vec::len).max().unwrap_or(0);
    for level in 0..levels {
        let mut free: HashMap<&str, VecDeque<usize>> = HashMap::new();
        for (j, k) in b.iter().enumerate() {
            if let (Some(k), true, false) = (k.get(level), b_free[j], taken[j]) {
                free.entry(k).or_default().push_back(j);
            }
        }
        for (i, k) in a.iter().enumerate() {
            if to[i].is_some() || !a_free[i] {
                continue;
            }
            let Some(k) = k.get(level) else { continue };
            if let Some(j) = free.get_mut(k.as_str()).and_then(VecDeque::pop_front) {
                to[i] = Some(j);
                taken[j] = true;
            }
        }
    }
    to
}

/// Merges three lists of things with identity: which are kept, removed, added or changed, in
/// which order (diff3 of the identity sequences; additions at one place go ours, then theirs).
fn merge_list<'a, T>(b: &Side<'a, T>, o: &Side<'a, T>, t: &Side<'a, T>) -> Vec<Pick<'a, T>> {
    let all = |n: usize| vec![true; n];
    let mut next = b.items.len();
    let mut ids_o = vec![usize::MAX; o.items.len()];
    let mut ids_t = vec![usize::MAX; t.items.len()];
    for (i, m) in pair(&o.keys, &b.keys, &all(o.items.len()), &all(b.items.len()))
        .into_iter()
        .enumerate()
    {
        if let Some(m) = m {
            ids_o[i] = m;
        }
    }
    for (i, m) in pair(&t.keys, &b.keys, &all(t.items.len()), &all(b.items.len()))
        .into_iter()
        .enumerate()
    {
        if let Some(m) = m {
            ids_t[i] = m;
        }
    }
    // Things new on both sides are the same thing when their keys match.
    let free_o: Vec<bool> = ids_o.iter().map(|&x| x == usize::MAX).collect();
    let free_t: Vec<bool> = ids_t.iter().map(|&x| x == usize::MAX).collect();
    let both = pair(&o.keys, &t.keys, &free_o, &free_t);
    for i in 0..ids_o.len() {
        if ids_o[i] == usize::MAX {
            ids_o[i] = next;
            if let Some(j) = both[i] {
                ids_t[j] = next;
            }
            next += 1;
        }
    }
    for id in ids_t.iter_mut().filter(|x| **x == usize::MAX) {
        *id = next;
        next += 1;
    }
    let ids_b: Vec<usize> = (0..b.items.len()).collect();

    let mut at_o = vec![None; next];
    let mut at_t = vec![None; next];
    for (i, &id) in ids_o.iter().enumerate() {
        at_o[id] = Some(i);
    }
    for (i, &id) in ids_t.iter().enumerate() {
        at_t[id] = Some(i);
    }

    let mut order = Vec::with_capacity(next);
    let mut seen = vec![false; next];
    let mut emit = |ids: &[usize], order: &mut Vec<usize>| {
        for &id in ids {
            if !seen[id] {
                seen[id] = true;
                order.push(id);
            }
        }
    };
    for c in diff3::chunks(&ids_b, &ids_o, &ids_t) {
        let (cb, co, ct) = (&ids_b[c.base], &ids_o[c.ours], &ids_t[c.theirs]);
        if c.stable || co == cb {
            emit(ct, &mut order);
            emit(co, &mut order);
        } else {
            emit(co, &mut order);
            emit(ct, &mut order);
        }
    }

    let mut out = Vec::with_capacity(order.len());
    for id in order {
        let base = (id < b.items.len()).then_some(id);
        let (io, it) = (at_o[id], at_t[id]);
        let same = |x: &str, y: &str| x == y;
        let pick = match (base, io, it) {
            (Some(ib), Some(io), Some(it)) => {
                let (bt, ot, tt) = (&b.texts[ib], &o.texts[io], &t.texts[it]);
                if same(ot, tt) || same(tt, bt) {
                    Pick::One(&o.items[io])
                } else if same(ot, bt) {
                    Pick::One(&t.items[it])
                } else {
                    Pick::Both {
                        base: Some(&b.items[ib]),
                        ours: &o.items[io],
                        theirs: &t.items[it],
                    }
                }
            }
            (Some(ib), Some(io), None) => {
                if same(&o.texts[io], &b.texts[ib]) {
                    continue;
                }
                Pick::Gone {
                    base: &b.items[ib],
                    ours: Some(&o.items[io]),
                    theirs: None,
                }
            }
            (Some(ib), None, Some(it)) => {
                if same(&t.texts[it], &b.texts[ib]) {
                    continue;
                }
                Pick::Gone {
                    base: &b.items[ib],
                    ours: None,
                    theirs: Some(&t.items[it]),
                }
            }
            (None, Some(io), Some(it)) => {
                if same(&o.texts[io], &t.texts[it]) {
                    Pick::One(&o.items[io])
                } else {
                    Pick::Both {
                        base: None,
                        ours: &o.items[io],
                        theirs: &t.items[it],
                    }
                }
            }
            (None, Some(io), None) => Pick::One(&o.items[io]),
            (None, None, Some(it)) => Pick::One(&t.items[it]),
            (_, None, None) => continue,
        };
        out.push(pick);
    }
    out
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
                |f: &Field| vec![f.key.to_ascii_lowercase()],
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
        let (fb, fo, ft) = (flatten(b), flatten(o), flatten(t));
        let side = |fs| Side::new(fs, flat_keys, |f: &Flat| write_section(&f.section, nl));
        let mut out = Vec::new();
        for p in merge_list(&side(&fb), &side(&fo), &side(&ft)) {
            match p {
                Pick::One(f) => out.push(f.section.clone()),
                Pick::Both { base, ours, theirs } => {
                    out.push(self.section(base, ours, theirs));
                }
                Pick::Gone { base, ours, theirs } => {
                    let text = |f: Option<&Flat>| f.map(|f| write_section(&f.section, nl));
                    let token = self.conflict(
                        format!("section/{}", base.path),
                        text(Some(base)),
                        text(ours),
                        text(theirs),
                    );
                    out.push(Section {
                        heading: token,
                        blocks: Vec::new(),
                        ..base.section.clone()
                    });
                }
            }
        }
        out
    }

    fn section(&mut self, b: Option<&Flat>, o: &Flat, t: &Flat) -> Section {
        let path = format!("section/{}", o.path);
        let (o, t) = (&o.section, &t.section);
        let line = |s: &Section| format!("{}{}", "#".repeat(s.level.into()), s.heading);
        let (bl, ol, tl) = (b.map(|b| line(&b.section)), line(o), line(t));
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
        Section {
            id: o.id,
            level,
            heading,
            kind: o.kind,
            blocks: self.blocks(bb, &o.blocks, &t.blocks, o.kind, &path),
            children: Vec::new(),
        }
    }

    fn blocks(
        &mut self,
        b: &[Block],
        o: &[Block],
        t: &[Block],
        kind: SectionKind,
        path: &str,
    ) -> Vec<Block> {
        let nl = self.nl;
        if let Some(text) = clean_line_merge(b, o, t, nl) {
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
            return self.list_section(sb, so, st, o, kind, path);
        }
        let side = |bs| {
            Side::new(
                bs,
                |b: &Block| block_keys(b, nl),
                |b: &Block| write_block(b, nl),
            )
        };
        let mut out: Vec<Block> = Vec::new();
        for p in merge_list(&side(b), &side(o), &side(t)) {
            let n = |out: &Vec<Block>, b: &Block| {
                1 + out
                    .iter()
                    .filter(|x| block_tag(&x.kind) == block_tag(&b.kind))
                    .count()
            };
            match p {
                Pick::One(b) => out.push(b.clone()),
                Pick::Both { base, ours, theirs } => {
                    let target =
                        format!("{path}/block/{}#{}", block_tag(&ours.kind), n(&out, ours));
                    let merged = self.block(base, ours, theirs, kind, &target);
                    out.push(merged);
                }
                Pick::Gone { base, ours, theirs } => {
                    let target =
                        format!("{path}/block/{}#{}", block_tag(&base.kind), n(&out, base));
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
        b: ListShape,
        o: ListShape,
        t: ListShape,
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
                |e: &Entry| entry_keys(&e.value),
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

/// How often a dated entry of a list comes before an earlier one.
fn descents(es: &[Entry]) -> usize {
    let dates: Vec<Date> = es.iter().filter_map(|e| entry_date(&e.value)).collect();
    dates.windows(2).filter(|w| w[0] > w[1]).count()
}

/// The start date of an event, typed or raw (`* 2026-12-03 …`).
fn entry_date(v: &EntryValue) -> Option<Date> {
    match v {
        EntryValue::Event(e) => Some(e.start),
        EntryValue::Raw(r) => Date::parse(r.text.strip_prefix("* ")?.get(..10)?),
        _ => None,
    }
}

/// The kinds of block, for matching blocks of one kind with each other.
fn block_tag(k: &BlockKind) -> &'static str {
    match k {
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
        BlockKind::EditorsLine { .. } => "editors",
        BlockKind::Discuss { .. } => "discuss",
    }
}

/// A block is first the same block when its text is the same, then when it is the n-th block
/// of its kind (a link definition: of its label).
fn block_keys(b: &Block, nl: Newline) -> Vec<String> {
    let tag = block_tag(&b.kind);
    let exact = format!("{tag}|{}", write_block(b, nl));
    let kind = match &b.kind {
        BlockKind::LinkDef { label, .. } => format!("{tag}|{}", label.to_lowercase()),
        _ => tag.to_string(),
    };
    vec![exact, kind]
}

/// A section without its sub-sections, and the titles of the sections it is in.
struct Flat {
    section: Section,
    /// The titles from the top-level section down to this one, joined by `/`.
    path: String,
    /// The title of the section it is in (empty at the top).
    parent: String,
}

fn flatten(sections: &[Section]) -> Vec<Flat> {
    fn go(ss: &[Section], parent: &str, parent_title: &str, out: &mut Vec<Flat>) {
        for s in ss {
            let path = if parent.is_empty() {
                s.plain_title().to_string()
            } else {
                format!("{parent}/{}", s.plain_title())
            };
            out.push(Flat {
                section: Section {
                    children: Vec::new(),
                    ..s.clone()
                },
                path: path.clone(),
                parent: parent_title.to_string(),
            });
            go(&s.children, &path, s.plain_title(), out);
        }
    }
    let mut out = Vec::new();
    go(sections, "", "", &mut out);
    out
}

/// Sections are the same by their path of titles, then by their parent's and their own title
/// (a section above was removed), then by their own title (a heading moved to another
/// level), then, for the sections an issue has only one of, by their role (a
/// renamed heading).
fn flat_keys(f: &Flat) -> Vec<String> {
    use SectionKind::*;
    let s = &f.section;
    let path = f.path.trim().to_lowercase();
    let title = s.plain_title().trim().to_lowercase();
    let single = !matches!(
        s.kind,
        Other | CommunityCategory | CallsForTestingGroup | PrGroup | FcpGroup | EventRegion
    );
    let role = if single {
        format!("role|{:?}", s.kind)
    } else {
        format!("title|{title}")
    };
    let parent = f.parent.trim().to_lowercase();
    vec![
        format!("path|{path}"),
        format!("parent|{parent}|{title}"),
        format!("title|{title}"),
        role,
    ]
}

/// An entry's identity keys, strictest first: its exact text, what it points to, then a
/// looser description (a link whose URL was corrected is still the same link).
fn entry_keys(v: &EntryValue) -> Vec<String> {
    let exact = write_entry(v);
    let mut keys = vec![exact];
    match v {
        EntryValue::Link(l) => {
            keys.push(format!("url|{}", normalize(&l.url)));
            keys.push(format!("title|{}", l.title));
        }
        EntryValue::Pr(p) => {
            keys.push(format!("url|{}", normalize(&p.url)));
            keys.push(format!("title|{}", p.title));
        }
        EntryValue::Fcp(f) => {
            keys.push(format!("url|{}", normalize(&f.url)));
            keys.push(format!("title|{}", f.title));
        }
        EntryValue::Rfc(r) => {
            keys.push(format!("url|{}", normalize(&r.url)));
            keys.push(format!("title|{}", r.title));
        }
        EntryValue::CfpEvent(c) => {
            keys.push(format!("url|{}", normalize(&c.url)));
            keys.push(format!("title|{}", c.name));
        }
        EntryValue::Event(e) => {
            let group = format!("event|{}|{}", e.start, normalize(&e.group_url));
            let talks: Vec<String> = e.talks.iter().map(|t| normalize(&t.url)).collect();
            keys.push(format!("{group}|{}", talks.join(" ")));
            keys.push(group);
        }
        EntryValue::Nothing(_) => keys.push("nothing".to_string()),
        EntryValue::Raw(r) => {
            if let Some(u) = first_url(&r.text) {
                keys.push(format!("url|{}", normalize(u)));
                if let Some(d) = entry_date(v) {
                    keys.push(format!("event|{d}|{}", normalize(u)));
                }
            }
        }
    }
    keys
}

/// The target of the first Markdown link in a text.
fn first_url(text: &str) -> Option<&str> {
    let start = text.find("](")? + 2;
    let rest = &text[start..];
    Some(&rest[..rest.find(')')?])
}

/// How a conflict's target names an entry: its identity.
fn entry_name(v: &EntryValue) -> String {
    match v {
        EntryValue::Event(e) => format!("{} {}", e.start, normalize(&e.group_url)),
        EntryValue::Nothing(_) => "nothing".to_string(),
        EntryValue::Raw(r) => first_url(&r.text).map_or_else(
            || r.text.lines().next().unwrap_or("").to_string(),
            normalize,
        ),
        other => other.url().map(normalize).unwrap_or_default(),
    }
}

/// The line-level merge of a section's own blocks, when it is clean and adds no line more
/// often than either side has it. Where the two sides' edits do not touch, this is exactly
/// both edits, placed as their authors placed them (blank lines included); where they
/// touch, or both added the same line, the blocks are merged by structure instead.
fn clean_line_merge(b: &[Block], o: &[Block], t: &[Block], nl: Newline) -> Option<String> {
    let text = |bs: &[Block]| bs.iter().map(|b| write_block(b, nl)).collect::<String>();
    let (tb, to, tt) = (text(b), text(o), text(t));
    let (lb, lo, lt) = (super::lines(&tb), super::lines(&to), super::lines(&tt));
    let merged = match diff3::merge(&lb, &lo, &lt).as_slice() {
        [] => return Some(String::new()),
        [Piece::Clean(ls)] => ls.concat(),
        _ => return None,
    };
    let count = |s: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for l in s.lines().filter(|l| !l.trim().is_empty()) {
            *m.entry(l.to_string()).or_default() += 1;
        }
        m
    };
    let (co, ct) = (count(&to), count(&tt));
    let twice = count(&merged).into_iter().any(|(l, n)| {
        n > co
            .get(&l)
            .copied()
            .unwrap_or(0)
            .max(ct.get(&l).copied().unwrap_or(0))
    });
    (!twice).then_some(merged)
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
