//! The edit API: every change the app makes goes through these methods, so that nothing
//! edits Markdown text by hand. Untouched parts keep their exact text; touched entries are
//! written in the standard line formats.

use crate::model::{Block, BlockKind, Entry, EntryValue, Id, Issue, Section, SectionKind};
use crate::parse::classify_section;

/// Why an edit could not be made. The issue is unchanged when an edit fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("nothing with id {0:?} in this issue")]
    NotFound(Id),
    #[error("{0:?} is not a list entry")]
    NotAnEntry(Id),
    #[error("a section cannot be moved into itself")]
    IntoItself,
    #[error("heading level must be 1 to 6, not {0}")]
    BadLevel(u8),
}

/// Where an entry is: its section (none for the preamble), list block and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryPlace {
    pub section: Option<Id>,
    pub block: Id,
    pub index: usize,
}

fn find_section(sections: &[Section], id: Id) -> Option<&Section> {
    for s in sections {
        if s.id == id {
            return Some(s);
        }
        if let Some(f) = find_section(&s.children, id) {
            return Some(f);
        }
    }
    None
}

fn find_section_mut(sections: &mut [Section], id: Id) -> Option<&mut Section> {
    for s in sections {
        if s.id == id {
            return Some(s);
        }
        if let Some(f) = find_section_mut(&mut s.children, id) {
            return Some(f);
        }
    }
    None
}

fn visit_blocks<'a>(
    sections: &'a [Section],
    f: &mut impl FnMut(Option<&'a Section>, &'a [Block]) -> bool,
) -> bool {
    for s in sections {
        if f(Some(s), &s.blocks) || visit_blocks(&s.children, f) {
            return true;
        }
    }
    false
}

impl Issue {
    /// A new id, unique within this issue.
    pub fn fresh_id(&mut self) -> Id {
        self.next_id = self.next_id.max(1);
        let id = Id(self.next_id);
        self.next_id += 1;
        id
    }

    /// The section with this id, at any depth.
    pub fn section(&self, id: Id) -> Option<&Section> {
        find_section(&self.sections, id)
    }

    /// The section with this id, at any depth, for changing it.
    pub fn section_mut(&mut self, id: Id) -> Option<&mut Section> {
        find_section_mut(&mut self.sections, id)
    }

    /// All sections, depth first, with their depth (0 for top level).
    pub fn sections_flat(&self) -> Vec<(usize, &Section)> {
        fn go<'a>(out: &mut Vec<(usize, &'a Section)>, s: &'a [Section], d: usize) {
            for x in s {
                out.push((d, x));
                go(out, &x.children, d + 1);
            }
        }
        let mut out = Vec::new();
        go(&mut out, &self.sections, 0);
        out
    }

    /// The first section (depth first) whose kind is `kind`.
    pub fn section_of_kind(&self, kind: SectionKind) -> Option<&Section> {
        self.sections_flat()
            .into_iter()
            .map(|(_, s)| s)
            .find(|s| s.kind == kind)
    }

    /// Where the entry with this id is.
    pub fn entry_place(&self, id: Id) -> Option<EntryPlace> {
        let mut found = None;
        let mut look = |section: Option<&Section>, blocks: &[Block]| {
            for b in blocks {
                if let BlockKind::List { entries } = &b.kind {
                    if let Some(index) = entries.iter().position(|e| e.id == id) {
                        found = Some(EntryPlace {
                            section: section.map(|s| s.id),
                            block: b.id,
                            index,
                        });
                        return true;
                    }
                }
            }
            false
        };
        if !look(None, &self.preamble) {
            visit_blocks(&self.sections, &mut look);
        }
        found
    }

    /// The entry with this id.
    pub fn entry(&self, id: Id) -> Option<&Entry> {
        let place = self.entry_place(id)?;
        match &self.block(place.block)?.kind {
            BlockKind::List { entries } => entries.get(place.index),
            _ => None,
        }
    }

    /// The block with this id.
    pub fn block(&self, id: Id) -> Option<&Block> {
        fn go(sections: &[Section], id: Id) -> Option<&Block> {
            sections.iter().find_map(|s| {
                s.blocks
                    .iter()
                    .find(|b| b.id == id)
                    .or_else(|| go(&s.children, id))
            })
        }
        self.preamble
            .iter()
            .find(|b| b.id == id)
            .or_else(|| go(&self.sections, id))
    }

    fn blocks_of_mut(&mut self, section: Option<Id>) -> Option<&mut Vec<Block>> {
        match section {
            None => Some(&mut self.preamble),
            Some(id) => self.section_mut(id).map(|s| &mut s.blocks),
        }
    }

    fn list_mut(&mut self, place: EntryPlace) -> Option<&mut Vec<Entry>> {
        let blocks = self.blocks_of_mut(place.section)?;
        match &mut blocks.iter_mut().find(|b| b.id == place.block)?.kind {
            BlockKind::List { entries } => Some(entries),
            _ => None,
        }
    }

    /// Replaces an entry's value (it is then written in the standard format).
    /// Events in a region move to their place by date.
    pub fn update_entry(&mut self, id: Id, value: EntryValue) -> Result<(), EditError> {
        let place = self.entry_place(id).ok_or(EditError::NotFound(id))?;
        let is_event = matches!(value, EntryValue::Event(_));
        let list = self.list_mut(place).ok_or(EditError::NotFound(id))?;
        list[place.index].value = value;
        if is_event && self.in_event_region(place.section) {
            self.place_event_by_date(id);
        }
        Ok(())
    }

    fn in_event_region(&self, section: Option<Id>) -> bool {
        section
            .and_then(|s| self.section(s))
            .is_some_and(|s| s.kind == SectionKind::EventRegion)
    }

    /// Moves an event within its list so that the list stays sorted by start date
    /// (after the events of the same day, before later ones).
    pub fn place_event_by_date(&mut self, id: Id) {
        let Some(place) = self.entry_place(id) else {
            return;
        };
        let Some(list) = self.list_mut(place) else {
            return;
        };
        let EntryValue::Event(ev) = &list[place.index].value else {
            return;
        };
        let date = ev.start;
        let entry = list.remove(place.index);
        let pos = list
            .iter()
            .position(|e| matches!(&e.value, EntryValue::Event(o) if o.start > date))
            .unwrap_or_else(|| {
                // After the last dated event: undated raw entries at the end stay last.
                list.iter()
                    .rposition(|e| matches!(e.value, EntryValue::Event(_)))
                    .map_or(list.len(), |p| p + 1)
            });
        list.insert(pos, entry);
    }

    /// Removes an entry and gives it back (for undo or a move).
    pub fn remove_entry(&mut self, id: Id) -> Result<Entry, EditError> {
        let place = self.entry_place(id).ok_or(EditError::NotFound(id))?;
        let list = self.list_mut(place).ok_or(EditError::NotFound(id))?;
        Ok(list.remove(place.index))
    }

    /// Adds an entry to a section: into its list at `index` (the end when `None` or past
    /// it), creating the list where the section has none. Returns the new entry's id.
    pub fn insert_entry(
        &mut self,
        section: Id,
        index: Option<usize>,
        value: EntryValue,
    ) -> Result<Id, EditError> {
        let id = self.fresh_id();
        self.insert_entry_with_id(section, index, Entry { id, value })?;
        Ok(id)
    }

    fn insert_entry_with_id(
        &mut self,
        section: Id,
        index: Option<usize>,
        entry: Entry,
    ) -> Result<(), EditError> {
        let is_event = matches!(entry.value, EntryValue::Event(_));
        let id = entry.id;
        let sorted = is_event && index.is_none();
        let mut new_ids = [self.fresh_id(), self.fresh_id(), self.fresh_id()];
        let s = self
            .section_mut(section)
            .ok_or(EditError::NotFound(section))?;
        let list = match s
            .blocks
            .iter()
            .position(|b| matches!(b.kind, BlockKind::List { .. }))
        {
            Some(p) => p,
            None => create_list(&mut s.blocks, &mut new_ids),
        };
        let BlockKind::List { entries } = &mut s.blocks[list].kind else {
            unreachable!("create_list makes a list");
        };
        let at = index.unwrap_or(entries.len()).min(entries.len());
        entries.insert(at, entry);
        if sorted && s.kind == SectionKind::EventRegion {
            self.place_event_by_date(id);
        }
        Ok(())
    }

    /// Puts a copy of an entry right after it; returns the copy's id.
    pub fn duplicate_entry(&mut self, id: Id) -> Result<Id, EditError> {
        let place = self.entry_place(id).ok_or(EditError::NotFound(id))?;
        let new_id = self.fresh_id();
        let list = self.list_mut(place).ok_or(EditError::NotFound(id))?;
        let copy = Entry {
            id: new_id,
            value: list[place.index].value.clone(),
        };
        list.insert(place.index + 1, copy);
        Ok(new_id)
    }

    /// Moves an entry up (negative) or down (positive) within its list; stops at the ends.
    pub fn move_entry(&mut self, id: Id, delta: isize) -> Result<(), EditError> {
        let place = self.entry_place(id).ok_or(EditError::NotFound(id))?;
        let list = self.list_mut(place).ok_or(EditError::NotFound(id))?;
        let to = (place.index as isize + delta).clamp(0, list.len() as isize - 1) as usize;
        let e = list.remove(place.index);
        list.insert(to, e);
        Ok(())
    }

    /// Moves an entry into another section (another category, region, …) at `index`
    /// (the end when `None`). The entry keeps its id.
    pub fn move_entry_to(
        &mut self,
        id: Id,
        section: Id,
        index: Option<usize>,
    ) -> Result<(), EditError> {
        if self.section(section).is_none() {
            return Err(EditError::NotFound(section));
        }
        let entry = self.remove_entry(id)?;
        self.insert_entry_with_id(section, index, entry)
    }

    /// Replaces a raw entry by its typed equivalent (see [`crate::typed_equivalent`]).
    /// Returns false, changing nothing, when there is none.
    pub fn convert_raw_entry(&mut self, id: Id) -> Result<bool, EditError> {
        let place = self.entry_place(id).ok_or(EditError::NotFound(id))?;
        let kind = place
            .section
            .and_then(|s| self.section(s))
            .map_or(SectionKind::Other, |s| s.kind);
        let Some(Entry {
            value: EntryValue::Raw(raw),
            ..
        }) = self.entry(id)
        else {
            return Err(EditError::NotAnEntry(id));
        };
        match crate::entries::typed_equivalent(&raw.text, kind) {
            Some(v) => self.update_entry(id, v).map(|()| true),
            None => Ok(false),
        }
    }

    /// Replaces a block's content (a text area, the quote, a special line).
    pub fn update_block(&mut self, id: Id, kind: BlockKind) -> Result<(), EditError> {
        let b = self.block_mut(id).ok_or(EditError::NotFound(id))?;
        b.kind = kind;
        Ok(())
    }

    fn block_mut(&mut self, id: Id) -> Option<&mut Block> {
        fn go(sections: &mut [Section], id: Id) -> Option<&mut Block> {
            for s in sections {
                if let Some(b) = s.blocks.iter_mut().find(|b| b.id == id) {
                    return Some(b);
                }
                if let Some(b) = go(&mut s.children, id) {
                    return Some(b);
                }
            }
            None
        }
        if let Some(i) = self.preamble.iter().position(|b| b.id == id) {
            return self.preamble.get_mut(i);
        }
        go(&mut self.sections, id)
    }

    /// Inserts a block into a section (or the preamble) at `index` (the end when `None`).
    pub fn insert_block(
        &mut self,
        section: Option<Id>,
        index: Option<usize>,
        kind: BlockKind,
    ) -> Result<Id, EditError> {
        let id = self.fresh_id();
        let blocks = self
            .blocks_of_mut(section)
            .ok_or(EditError::NotFound(section.unwrap_or(Id(0))))?;
        let at = index.unwrap_or(blocks.len()).min(blocks.len());
        blocks.insert(at, Block { id, kind });
        Ok(id)
    }

    /// Removes a block and gives it back.
    pub fn remove_block(&mut self, id: Id) -> Result<Block, EditError> {
        fn go(sections: &mut [Section], id: Id) -> Option<Block> {
            for s in sections {
                if let Some(i) = s.blocks.iter().position(|b| b.id == id) {
                    return Some(s.blocks.remove(i));
                }
                if let Some(b) = go(&mut s.children, id) {
                    return Some(b);
                }
            }
            None
        }
        if let Some(i) = self.preamble.iter().position(|b| b.id == id) {
            return Ok(self.preamble.remove(i));
        }
        go(&mut self.sections, id).ok_or(EditError::NotFound(id))
    }

    /// Renames a section; its kind follows the new title.
    pub fn set_heading(&mut self, id: Id, title: &str) -> Result<(), EditError> {
        let parent = self.parent_kind(id);
        let s = self.section_mut(id).ok_or(EditError::NotFound(id))?;
        s.heading = format!(" {}", title.trim());
        s.kind = classify_section(title.trim(), parent);
        Ok(())
    }

    fn parent_kind(&self, id: Id) -> Option<SectionKind> {
        self.sections_flat()
            .into_iter()
            .find(|(_, s)| s.children.iter().any(|c| c.id == id))
            .map(|(_, s)| s.kind)
    }

    /// Adds an empty section under `parent` (top level when `None`) at `index`.
    pub fn insert_section(
        &mut self,
        parent: Option<Id>,
        index: Option<usize>,
        level: u8,
        title: &str,
    ) -> Result<Id, EditError> {
        if !(1..=6).contains(&level) {
            return Err(EditError::BadLevel(level));
        }
        let id = self.fresh_id();
        let blank = self.fresh_id();
        let parent_kind = match parent {
            Some(p) => Some(self.section(p).ok_or(EditError::NotFound(p))?.kind),
            None => None,
        };
        let section = Section {
            id,
            level,
            heading: format!(" {}", title.trim()),
            kind: classify_section(title.trim(), parent_kind),
            blocks: vec![Block {
                id: blank,
                kind: BlockKind::Blank { count: 1 },
            }],
            children: Vec::new(),
        };
        let list = match parent {
            Some(p) => &mut self.section_mut(p).ok_or(EditError::NotFound(p))?.children,
            None => &mut self.sections,
        };
        let at = index.unwrap_or(list.len()).min(list.len());
        list.insert(at, section);
        Ok(id)
    }

    /// Removes a section with everything under it, and gives it back.
    pub fn remove_section(&mut self, id: Id) -> Result<Section, EditError> {
        fn go(list: &mut Vec<Section>, id: Id) -> Option<Section> {
            if let Some(i) = list.iter().position(|s| s.id == id) {
                return Some(list.remove(i));
            }
            list.iter_mut().find_map(|s| go(&mut s.children, id))
        }
        go(&mut self.sections, id).ok_or(EditError::NotFound(id))
    }

    /// Moves a section up (negative) or down (positive) among its siblings.
    pub fn move_section(&mut self, id: Id, delta: isize) -> Result<(), EditError> {
        fn go(list: &mut Vec<Section>, id: Id, delta: isize) -> bool {
            if let Some(i) = list.iter().position(|s| s.id == id) {
                let to = (i as isize + delta).clamp(0, list.len() as isize - 1) as usize;
                let s = list.remove(i);
                list.insert(to, s);
                return true;
            }
            list.iter_mut().any(|s| go(&mut s.children, id, delta))
        }
        if go(&mut self.sections, id, delta) {
            Ok(())
        } else {
            Err(EditError::NotFound(id))
        }
    }
}

/// Inserts an empty list where a new entry of a section belongs: after the last comment
/// (the template's "entries go here" hint), else after the prose and before trailing blank
/// lines; keeps a blank line between the list and prose, as Python-Markdown needs.
fn create_list(blocks: &mut Vec<Block>, ids: &mut [Id; 3]) -> usize {
    let is_blank = |b: &Block| matches!(b.kind, BlockKind::Blank { .. });
    let mut at = match blocks
        .iter()
        .rposition(|b| matches!(b.kind, BlockKind::Comment { .. }))
    {
        Some(c) => c + 1,
        None => blocks
            .iter()
            .rposition(|b| !is_blank(b))
            .map_or(0, |p| p + 1),
    };
    let list = Block {
        id: ids[0],
        kind: BlockKind::List {
            entries: Vec::new(),
        },
    };
    let needs_blank_before = at > 0
        && matches!(
            blocks[at - 1].kind,
            BlockKind::Text { .. } | BlockKind::Quote { .. } | BlockKind::Raw { .. }
        );
    if needs_blank_before {
        blocks.insert(
            at,
            Block {
                id: ids[1],
                kind: BlockKind::Blank { count: 1 },
            },
        );
        at += 1;
    }
    blocks.insert(at, list);
    let next_is_blank = blocks.get(at + 1).is_some_and(is_blank);
    let next_is_comment = blocks
        .get(at + 1)
        .is_some_and(|b| matches!(b.kind, BlockKind::Comment { .. }));
    if !next_is_blank && !next_is_comment {
        blocks.insert(
            at + 1,
            Block {
                id: ids[2],
                kind: BlockKind::Blank { count: 1 },
            },
        );
    }
    at
}

#[cfg(test)]
mod tests {
    use crate::model::{EntryValue, Link};
    use crate::{parse, write};

    const SAMPLE: &str = "Title: T\n\n## Updates from Rust Community\n\n### Official\n* [a](https://a)\n* [b](https://b)\n\n### Newsletters\n\n## Upcoming Events\n\n### Europe\n* 2026-01-07 | Berlin, DE | [G](https://g)\n    * [**T**](https://t)\n* 2026-01-20 | Paris, FR | [P](https://p)\n    * [**U**](https://u)\n\nAfter.\n";

    fn link(t: &str, u: &str) -> EntryValue {
        EntryValue::Link(Link {
            tags: vec![],
            title: t.into(),
            url: u.into(),
            note: String::new(),
            subs: Vec::new(),
        })
    }

    #[test]
    fn edit_one_entry_changes_one_line() {
        let mut issue = parse(SAMPLE).issue;
        let official = &issue.sections[0].children[0];
        let BlockKind::List { entries } = &official.blocks[0].kind else {
            panic!()
        };
        let id = entries[1].id;
        issue.update_entry(id, link("B!", "https://b")).unwrap();
        let out = write(&issue);
        assert_eq!(out, SAMPLE.replace("* [b](https://b)", "* [B!](https://b)"));
    }

    use crate::model::BlockKind;

    #[test]
    fn add_to_an_empty_category_and_move_between_categories() {
        let mut issue = parse(SAMPLE).issue;
        let newsletters = issue.sections[0].children[1].id;
        let id = issue
            .insert_entry(newsletters, None, link("N", "https://n"))
            .unwrap();
        let out = write(&issue);
        assert!(
            out.contains("### Newsletters\n* [N](https://n)\n\n## Upcoming"),
            "{out}"
        );
        let official = issue.sections[0].children[0].id;
        issue.move_entry_to(id, official, Some(0)).unwrap();
        let out = write(&issue);
        assert!(out.contains("### Official\n* [N](https://n)\n* [a](https://a)\n"));
        // The emptied list writes nothing.
        assert!(out.contains("### Newsletters\n\n## Upcoming"), "{out}");
    }

    #[test]
    fn events_stay_sorted_by_date() {
        let mut issue = parse(SAMPLE).issue;
        let europe = issue.sections[1].children[0].id;
        let BlockKind::List { entries } = &issue.sections[1].children[0].blocks[0].kind else {
            panic!()
        };
        let EntryValue::Event(mut ev) = entries[0].value.clone() else {
            panic!()
        };
        let first = entries[0].id;
        ev.start = crate::Date::parse("2026-01-10").unwrap();
        issue
            .insert_entry(europe, None, EntryValue::Event(ev.clone()))
            .unwrap();
        ev.start = crate::Date::parse("2026-01-25").unwrap();
        issue.update_entry(first, EntryValue::Event(ev)).unwrap();
        let out = write(&issue);
        let dates: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("* 2026"))
            .map(|l| &l[2..12])
            .collect();
        assert_eq!(dates, ["2026-01-10", "2026-01-20", "2026-01-25"]);
    }

    #[test]
    fn reorder_duplicate_remove() {
        let mut issue = parse(SAMPLE).issue;
        let BlockKind::List { entries } = &issue.sections[0].children[0].blocks[0].kind else {
            panic!()
        };
        let (a, b) = (entries[0].id, entries[1].id);
        issue.move_entry(b, -1).unwrap();
        assert!(write(&issue).contains("* [b](https://b)\n* [a](https://a)\n"));
        let c = issue.duplicate_entry(a).unwrap();
        assert!(write(&issue).contains("* [a](https://a)\n* [a](https://a)\n"));
        issue.remove_entry(c).unwrap();
        issue.move_entry(b, 1).unwrap();
        assert_eq!(write(&issue), SAMPLE);
        assert!(issue.remove_entry(c).is_err());
    }
}
