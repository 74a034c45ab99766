//! Python-Markdown's emphasis: at each `*` (or `_`) its patterns are tried in order (`***a*b**`,
//! `***a**b*`, `**a*b***`, `**a**`, `*a*`; with `_` the last three only at word boundaries),
//! the first that matches makes the element, and its groups are read again with the patterns
//! after it (`parse_sub_patterns`). The patterns are written as pieces matched with
//! backtracking over their lazy groups, as the regular expressions match.

use super::inline::{is_word, next_char, prev_char, Found, Node, Reader};

/// A piece of an emphasis pattern.
#[derive(Clone, Copy)]
enum P {
    /// This many delimiter characters.
    Run(usize),
    /// A group of at least `min` characters, as few as possible; `no_delim`: without the
    /// delimiter.
    Lazy {
        min: usize,
        no_delim: bool,
    },
    NotPrevWord,
    NotPrevDelim,
    NotNextDelim,
    NotNextWord,
}

/// The lazy groups the patterns use: any text, at least one character, and at least one
/// character without the delimiter.
const ANY: P = P::Lazy {
    min: 0,
    no_delim: false,
};
const SOME: P = P::Lazy {
    min: 1,
    no_delim: false,
};
const SOME_PLAIN: P = P::Lazy {
    min: 1,
    no_delim: true,
};

/// What a matched pattern makes of its groups.
#[derive(Clone, Copy)]
enum Build {
    /// `a(g1) + b(g2)` nested: outer strong, inner em, with g2 after the inner one.
    StrongEm,
    EmStrong,
    /// `<strong>g1 <em>g2</em></strong>`.
    StrongThenEm,
    Strong,
    Em,
}

/// The emphasis patterns of `*`, in order, as (pieces, builder).
const STAR_PATTERNS: &[(&[P], Build)] = &[
    // ***a*b**
    (
        &[P::Run(3), SOME, P::Run(1), ANY, P::Run(2)],
        Build::StrongEm,
    ),
    // ***a**b*
    (
        &[P::Run(3), SOME, P::Run(2), ANY, P::Run(1)],
        Build::EmStrong,
    ),
    // **a*b***
    (
        &[
            P::Run(2),
            P::NotNextDelim,
            SOME_PLAIN,
            P::Run(1),
            P::NotNextDelim,
            SOME,
            P::Run(3),
        ],
        Build::StrongThenEm,
    ),
    (&[P::Run(2), SOME, P::Run(2)], Build::Strong),
    (&[P::Run(1), SOME_PLAIN, P::Run(1)], Build::Em),
];

/// Those of `_`: the same, the last three only at word boundaries.
const UNDERSCORE_PATTERNS: &[(&[P], Build)] = &[
    (
        &[P::Run(3), SOME, P::Run(1), ANY, P::Run(2)],
        Build::StrongEm,
    ),
    (
        &[P::Run(3), SOME, P::Run(2), ANY, P::Run(1)],
        Build::EmStrong,
    ),
    (
        &[
            P::NotPrevWord,
            P::Run(2),
            P::NotNextDelim,
            SOME,
            P::NotPrevWord,
            P::Run(1),
            P::NotNextDelim,
            SOME,
            P::Run(3),
            P::NotNextWord,
        ],
        Build::StrongThenEm,
    ),
    (
        &[
            P::NotPrevWord,
            P::Run(2),
            P::NotNextDelim,
            SOME,
            P::NotPrevDelim,
            P::Run(2),
            P::NotNextWord,
        ],
        Build::Strong,
    ),
    (
        &[
            P::NotPrevWord,
            P::Run(1),
            P::NotNextDelim,
            SOME,
            P::NotPrevDelim,
            P::Run(1),
            P::NotNextWord,
        ],
        Build::Em,
    ),
];

/// Matches `pieces` at `at` (backtracking over the lazy groups); the groups' spans and the end.
fn match_pattern(
    data: &str,
    at: usize,
    d: u8,
    pieces: &[P],
    groups: &mut Vec<(usize, usize)>,
    budget: &mut usize,
) -> Option<usize> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let Some((&piece, rest)) = pieces.split_first() else {
        return Some(at);
    };
    let b = data.as_bytes();
    match piece {
        P::Run(n) => {
            (b.len() >= at + n && b[at..at + n].iter().all(|&x| x == d)).then_some(())?;
            match_pattern(data, at + n, d, rest, groups, budget)
        }
        P::NotPrevWord => {
            (!prev_char(data, at).is_some_and(is_word)).then_some(())?;
            match_pattern(data, at, d, rest, groups, budget)
        }
        P::NotPrevDelim => {
            (at == 0 || b[at - 1] != d).then_some(())?;
            match_pattern(data, at, d, rest, groups, budget)
        }
        P::NotNextDelim => {
            (b.get(at) != Some(&d)).then_some(())?;
            match_pattern(data, at, d, rest, groups, budget)
        }
        P::NotNextWord => {
            (!next_char(data, at).is_some_and(is_word)).then_some(())?;
            match_pattern(data, at, d, rest, groups, budget)
        }
        P::Lazy { min, no_delim } => {
            let mut end = at;
            let mut count = 0;
            loop {
                if count >= min {
                    groups.push((at, end));
                    if let Some(e) = match_pattern(data, end, d, rest, groups, budget) {
                        return Some(e);
                    }
                    groups.pop();
                    if *budget == 0 {
                        return None;
                    }
                }
                let c = next_char(data, end)?;
                if no_delim && c as u32 == u32::from(d) {
                    return None;
                }
                end += c.len_utf8();
                count += 1;
            }
        }
    }
}

/// A pattern's index, its groups' spans and where it ends.
type Matched = (usize, Vec<(usize, usize)>, usize);

fn patterns_of(d: u8) -> &'static [(&'static [P], Build)] {
    if d == b'*' {
        STAR_PATTERNS
    } else {
        UNDERSCORE_PATTERNS
    }
}

/// The first emphasis pattern (from `first` on) that matches at `at`: its index, groups, end.
fn match_any(data: &str, at: usize, d: u8, first: usize) -> Option<Matched> {
    let mut budget = 20_000usize;
    for (k, (pieces, _)) in patterns_of(d).iter().enumerate().skip(first) {
        let mut groups = Vec::new();
        if let Some(end) = match_pattern(data, at, d, pieces, &mut groups, &mut budget) {
            return Some((k, groups, end));
        }
    }
    None
}

impl Reader<'_> {
    pub(super) fn emphasis(&mut self, data: &str, i: usize, d: u8) -> Option<Found> {
        let (k, groups, end) = match_any(data, i, d, 0)?;
        Some(Found::Node(i, end, self.build(data, d, k, &groups)))
    }

    /// Builds the node of pattern `k`; the groups' text is read for the later patterns of
    /// the same delimiter (Python-Markdown's `parse_sub_patterns`).
    fn build(&mut self, data: &str, d: u8, k: usize, groups: &[(usize, usize)]) -> Node {
        let g = |n: usize| groups.get(n).map_or("", |&(s, e)| &data[s..e]);
        let (_, builder) = patterns_of(d)[k];
        let one = self.sub_patterns(g(0), d, k);
        match builder {
            Build::Strong => Node::Strong(one),
            Build::Em => Node::Em(one),
            Build::StrongEm => {
                let inner = self.stash(Node::Em(one));
                let tail = self.sub_patterns(g(1), d, k);
                Node::Strong(inner + &tail)
            }
            Build::EmStrong => {
                let inner = self.stash(Node::Strong(one));
                let tail = self.sub_patterns(g(1), d, k);
                Node::Em(inner + &tail)
            }
            Build::StrongThenEm => {
                let two = self.sub_patterns(g(1), d, k);
                let em = self.stash(Node::Em(two));
                Node::Strong(one + &em)
            }
        }
    }

    /// `text` with the patterns after `idx` applied at every delimiter.
    fn sub_patterns(&mut self, text: &str, d: u8, idx: usize) -> String {
        let mut out = String::new();
        let (mut offset, mut pos) = (0, 0);
        while pos < text.len() {
            if text.as_bytes()[pos] == d {
                if let Some((k, groups, end)) = match_any(text, pos, d, idx + 1) {
                    out.push_str(&text[offset..pos]);
                    let node = self.build(text, d, k, &groups);
                    out.push_str(&self.stash(node));
                    offset = end;
                    pos = end;
                    continue;
                }
            }
            pos += 1;
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
        }
        out.push_str(&text[offset..]);
        out
    }
}
