//! Python-Markdown wraps a list item's text in `<p>` item by item (the items next to a blank
//! line), CommonMark list by list: this adapter sets each item's paragraphs as
//! `Prepared::loose` (in `pymd.rs`) says.

use std::collections::VecDeque;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::sanitize::is_inline;

/// An event adapter that wraps or unwraps list items' text in `<p>` as `loose` says (one
/// flag per item in document order; items past its end are left as they are).
pub(super) struct Paragraphs<'a, 'l, I> {
    inner: I,
    state: State<'a, 'l>,
}

/// The adapter's work, apart from the iterator type so that it is compiled once.
struct State<'a, 'l> {
    loose: &'l [bool],
    next_item: usize,
    stack: Vec<Frame>,
    queue: VecDeque<Event<'a>>,
}

enum Frame {
    /// A list item: `Some(loose)` when known; whether a `<p>` opened here is still open.
    Item(Option<bool>, bool),
    /// A paragraph dropped from a tight item.
    Dropped,
    Other,
}

impl<'a, 'l, I: Iterator<Item = Event<'a>>> Paragraphs<'a, 'l, I> {
    pub(super) fn new(inner: I, loose: &'l [bool]) -> Self {
        let state = State {
            loose,
            next_item: 0,
            stack: Vec::new(),
            queue: VecDeque::new(),
        };
        Paragraphs { inner, state }
    }
}

impl<'a> State<'a, '_> {
    /// Closes the `<p>` this adapter opened in the current item.
    fn close_para(&mut self) {
        if let Some(Frame::Item(_, open @ true)) = self.stack.last_mut() {
            *open = false;
            self.queue.push_back(Event::End(TagEnd::Paragraph));
        }
    }

    fn process(&mut self, event: Event<'a>) {
        let inline = match &event {
            Event::Start(tag) => is_inline(tag),
            Event::End(_) => false,
            Event::Rule | Event::Html(_) => false,
            _ => true,
        };
        if inline {
            if let Some(Frame::Item(Some(true), open @ false)) = self.stack.last_mut() {
                *open = true;
                self.queue.push_back(Event::Start(Tag::Paragraph));
            }
        } else if !matches!(event, Event::End(_)) {
            self.close_para();
        }
        match event {
            Event::Start(Tag::Item) => {
                let flag = self.loose.get(self.next_item).copied();
                self.next_item += 1;
                self.stack.push(Frame::Item(flag, false));
                self.queue.push_back(Event::Start(Tag::Item));
            }
            Event::Start(Tag::Paragraph)
                if matches!(self.stack.last(), Some(Frame::Item(Some(false), _))) =>
            {
                self.stack.push(Frame::Dropped);
            }
            Event::Start(tag) => {
                self.stack.push(Frame::Other);
                self.queue.push_back(Event::Start(tag));
            }
            Event::End(end) => {
                if matches!(self.stack.last(), Some(Frame::Item(..))) {
                    self.close_para();
                }
                match self.stack.pop() {
                    Some(Frame::Dropped) => {}
                    _ => self.queue.push_back(Event::End(end)),
                }
            }
            other => self.queue.push_back(other),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Paragraphs<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(e) = self.state.queue.pop_front() {
                return Some(e);
            }
            let event = self.inner.next()?;
            if self.state.loose.is_empty() {
                return Some(event);
            }
            self.state.process(event);
        }
    }
}
