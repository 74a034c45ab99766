//! The three-way merge of a list of things with identity (fields, sections, blocks,
//! entries): which are kept, added, removed or changed, and in which order.

use std::collections::{HashMap, VecDeque};

use super::diff3;
use super::FastHash;

/// The three-way merge of one plain value: `None` when both sides changed it differently.
pub(super) fn scalar<T: PartialEq + Clone>(b: &T, o: &T, t: &T) -> Option<T> {
    if o == t || t == b {
        Some(o.clone())
    } else if o == b {
        Some(t.clone())
    } else {
        None
    }
}

/// What the merge of one matched thing asks for.
pub(super) enum Pick<'a, T> {
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
pub(super) struct Side<'a, T> {
    pub(super) items: &'a [T],
    pub(super) keys: Vec<Vec<String>>,
    pub(super) texts: Vec<String>,
}

impl<'a, T> Side<'a, T> {
    /// `keys` gets each item with its text.
    pub(super) fn new(
        items: &'a [T],
        keys: impl Fn(&T, &str) -> Vec<String>,
        text: impl Fn(&T) -> String,
    ) -> Self {
        let texts: Vec<String> = items.iter().map(text).collect();
        Side {
            keys: items.iter().zip(&texts).map(|(x, t)| keys(x, t)).collect(),
            texts,
            items,
        }
    }
}

/// Pairs items of `a` with items of `b`: level by level of their keys, in order of occurrence.
pub(super) fn pair(
    a: &[Vec<String>],
    b: &[Vec<String>],
    a_free: &[bool],
    b_free: &[bool],
) -> Vec<Option<usize>> {
    let mut to = vec![None; a.len()];
    let mut taken = vec![false; b.len()];
    let levels = a.iter().chain(b).map(Vec::len).max().unwrap_or(0);
    for level in 0..levels {
        let mut free: HashMap<&str, VecDeque<usize>, FastHash> = HashMap::default();
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
pub(super) fn merge_list<'a, T>(
    b: &Side<'a, T>,
    o: &Side<'a, T>,
    t: &Side<'a, T>,
) -> Vec<Pick<'a, T>> {
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
