//! A longest-common-subsequence diff (Myers) and a three-way merge (diff3) over any sequence
//! of comparable items: lines of text, or the identities of entries, blocks and sections.

use std::collections::HashMap;
use std::ops::Range;

use super::FastHash;

/// Beyond this many differing items, two sequences count as wholly different: it bounds the
/// diff's time and memory (the trace grows with the square of the distance) on hostile input.
const MAX_DISTANCE: usize = 2_000;

/// Index pairs `(i, j)` with `a[i] == b[j]`, increasing in both: a longest common subsequence.
pub(crate) fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a2, b2) = (&a[pre..], &b[pre..]);
    let suf = a2
        .iter()
        .rev()
        .zip(b2.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a3, b3) = (&a2[..a2.len() - suf], &b2[..b2.len() - suf]);
    let mut out: Vec<(usize, usize)> = (0..pre).map(|i| (i, i)).collect();
    out.extend(myers(a3, b3).into_iter().map(|(i, j)| (pre + i, pre + j)));
    let (na, nb) = (a.len() - suf, b.len() - suf);
    out.extend((0..suf).map(|k| (na + k, nb + k)));
    out
}

/// Like [`lcs`], with each run of changed items then slid as git's xdiff slides it (its
/// "change compaction", without the indent heuristic, as `git merge-file` runs it): runs
/// that can meet are merged, then a run goes as far down as it can unless it can line up
/// with a change on the other side. An insertion among equal lines (blank lines between
/// list entries) is thus placed where git places it, so the line merge is clean or
/// conflicts where git's does.
pub(crate) fn lcs_like_git<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let pairs = lcs(a, b);
    // Changed flags with a `false` sentinel on either end: flag k + 1 is item k.
    let mut ca = vec![true; a.len() + 2];
    let mut cb = vec![true; b.len() + 2];
    for ch in [&mut ca, &mut cb] {
        ch[0] = false;
        let n = ch.len() - 1;
        ch[n] = false;
    }
    for &(i, j) in &pairs {
        ca[i + 1] = false;
        cb[j + 1] = false;
    }
    let Some(()) = compact(a, &mut ca, &mut cb).and_then(|()| compact(b, &mut cb, &mut ca)) else {
        return pairs;
    };
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(pairs.len());
    while i < a.len() && j < b.len() {
        if ca[i + 1] {
            i += 1;
        } else if cb[j + 1] {
            j += 1;
        } else {
            out.push((i, j));
            i += 1;
            j += 1;
        }
    }
    out
}

/// The changed flags of one file (with sentinels) and its items, as xdiff's groups walk them:
/// a group is a run `start..end` of changed items (0-based; it may be empty).
struct Flags<'a, T> {
    items: &'a [T],
    ch: &'a mut [bool],
}

impl<T: PartialEq> Flags<'_, T> {
    fn changed(&self, k: usize) -> bool {
        self.ch[k + 1]
    }

    fn set(&mut self, k: usize, v: bool) {
        self.ch[k + 1] = v;
    }

    fn first(&self) -> (usize, usize) {
        let mut end = 0;
        while self.changed(end) {
            end += 1;
        }
        (0, end)
    }

    fn next(&self, (_, end): (usize, usize)) -> Option<(usize, usize)> {
        if end >= self.items.len() {
            return None;
        }
        let start = end + 1;
        let mut end = start;
        while self.changed(end) {
            end += 1;
        }
        Some((start, end))
    }

    fn previous(&self, (start, _): (usize, usize)) -> Option<(usize, usize)> {
        if start == 0 {
            return None;
        }
        let end = start - 1;
        let mut start = end;
        while start > 0 && self.changed(start - 1) {
            start -= 1;
        }
        Some((start, end))
    }

    fn slide_down(&mut self, g: &mut (usize, usize)) -> bool {
        let (start, end) = *g;
        if end < self.items.len() && self.items[start] == self.items[end] {
            self.set(start, false);
            self.set(end, true);
            let mut end = end + 1;
            while self.changed(end) {
                end += 1;
            }
            *g = (start + 1, end);
            true
        } else {
            false
        }
    }

    fn slide_up(&mut self, g: &mut (usize, usize)) -> bool {
        let (start, end) = *g;
        if start > 0 && end > 0 && self.items[start - 1] == self.items[end - 1] {
            self.set(start - 1, true);
            self.set(end - 1, false);
            let mut start = start - 1;
            while start > 0 && self.changed(start - 1) {
                start -= 1;
            }
            *g = (start, end - 1);
            true
        } else {
            false
        }
    }
}

/// xdiff's `xdl_change_compact` on the file whose flags are `ch` (the other's: `other`, kept
/// in step). `None` if the two sets of flags do not describe one diff.
fn compact<T: PartialEq>(items: &[T], ch: &mut [bool], other: &mut [bool]) -> Option<()> {
    let n_other = other.len() - 2;
    let mut f = Flags { items, ch };
    // The other file's groups only need walking: no items compared.
    let o = Flags {
        items: &vec![(); n_other][..],
        ch: other,
    };
    let (mut g, mut go) = (f.first(), o.first());
    loop {
        if g.1 > g.0 {
            let mut earliest_end;
            let mut end_matching_other;
            loop {
                let size = g.1 - g.0;
                end_matching_other = None;
                while f.slide_up(&mut g) {
                    go = o.previous(go)?;
                }
                earliest_end = g.1;
                if go.1 > go.0 {
                    end_matching_other = Some(g.1);
                }
                while f.slide_down(&mut g) {
                    go = o.next(go)?;
                    if go.1 > go.0 {
                        end_matching_other = Some(g.1);
                    }
                }
                if size == g.1 - g.0 {
                    break;
                }
            }
            if g.1 != earliest_end && end_matching_other.is_some() {
                while go.1 == go.0 {
                    if !f.slide_up(&mut g) {
                        return None;
                    }
                    go = o.previous(go)?;
                }
            }
        }
        match f.next(g) {
            None => return Some(()),
            Some(n) => g = n,
        }
        go = o.next(go)?;
    }
}

/// Myers' O((N+M)·D) greedy algorithm, keeping each round's frontier to walk back the path.
fn myers<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let max = (n + m) as usize;
    let off = max as isize;
    let mut v = vec![0isize; 2 * max + 2];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=(max.min(MAX_DISTANCE) as isize) {
        let mut done = false;
        for k in (-d..=d).step_by(2) {
            let i = (k + off) as usize;
            let mut x = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
                v[i + 1]
            } else {
                v[i - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[i] = x;
            if x >= n && y >= m {
                done = true;
                break;
            }
        }
        trace.push(v[(off - d) as usize..=(off + d) as usize].to_vec());
        if done {
            return backtrack(&trace, n, m);
        }
    }
    Vec::new()
}

fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (0..trace.len() as isize).rev() {
        let k = x - y;
        if d == 0 {
            while x > 0 && y > 0 {
                x -= 1;
                y -= 1;
                pairs.push((x as usize, y as usize));
            }
            break;
        }
        let prev = &trace[(d - 1) as usize];
        let at = |k: isize| prev[(k + d - 1) as usize];
        let down = k == -d || (k != d && at(k - 1) < at(k + 1));
        let pk = if down { k + 1 } else { k - 1 };
        let px = at(pk);
        let py = px - pk;
        let (sx, _) = if down { (px, py + 1) } else { (px + 1, py) };
        while x > sx {
            x -= 1;
            y -= 1;
            pairs.push((x as usize, y as usize));
        }
        x = px;
        y = py;
    }
    pairs.reverse();
    pairs
}

/// One stretch of a three-way comparison: ranges into base, ours and theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chunk {
    /// All three sides agree on this stretch.
    pub stable: bool,
    pub base: Range<usize>,
    pub ours: Range<usize>,
    pub theirs: Range<usize>,
}

/// Splits three sequences into stable stretches (equal on all sides) and changed ones.
pub(crate) fn chunks<T: PartialEq>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<Chunk> {
    let mut to_ours = vec![None; base.len()];
    for (i, j) in lcs_like_git(base, ours) {
        to_ours[i] = Some(j);
    }
    let mut to_theirs = vec![None; base.len()];
    for (i, j) in lcs_like_git(base, theirs) {
        to_theirs[i] = Some(j);
    }
    let (mut o, mut a, mut b) = (0, 0, 0);
    let mut out = Vec::new();
    loop {
        let mut j = 0;
        while o + j < base.len() && to_ours[o + j] == Some(a + j) && to_theirs[o + j] == Some(b + j)
        {
            j += 1;
        }
        if j > 0 {
            out.push(Chunk {
                stable: true,
                base: o..o + j,
                ours: a..a + j,
                theirs: b..b + j,
            });
            o += j;
            a += j;
            b += j;
            continue;
        }
        let next = (o..base.len()).find_map(|k| match (to_ours[k], to_theirs[k]) {
            (Some(x), Some(y)) => Some((k, x, y)),
            _ => None,
        });
        let (k, x, y) = next.unwrap_or((base.len(), ours.len(), theirs.len()));
        if k == o && x == a && y == b {
            break;
        }
        out.push(Chunk {
            stable: false,
            base: o..k,
            ours: a..x,
            theirs: b..y,
        });
        (o, a, b) = (k, x, y);
    }
    out
}

/// A piece of a line-level three-way merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<T> {
    /// Items all sides agree on after the merge.
    Clean(Vec<T>),
    /// Both sides changed the same stretch differently.
    Conflict {
        base: Vec<T>,
        ours: Vec<T>,
        theirs: Vec<T>,
    },
}

/// diff3: takes each side's change where only one side changed, and reports a conflict where
/// both changed the same stretch differently. Lines both sides agree on at the start or the
/// end of a conflict are moved out of it, so it holds only what really differs.
pub(crate) fn merge<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<Piece<T>> {
    merge_chunks(base, ours, theirs, &chunks(base, ours, theirs))
}

/// [`merge`] from the [`chunks`] already found.
pub(crate) fn merge_chunks<T: PartialEq + Clone>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    chunks: &[Chunk],
) -> Vec<Piece<T>> {
    let mut out: Vec<Piece<T>> = Vec::new();
    let clean = |out: &mut Vec<Piece<T>>, items: &[T]| {
        if items.is_empty() {
            return;
        }
        if let Some(Piece::Clean(v)) = out.last_mut() {
            v.extend_from_slice(items);
        } else {
            out.push(Piece::Clean(items.to_vec()));
        }
    };
    for c in chunks {
        let (b, o, t) = (
            &base[c.base.clone()],
            &ours[c.ours.clone()],
            &theirs[c.theirs.clone()],
        );
        if c.stable || o == t || t == b {
            clean(&mut out, o);
        } else if o == b {
            clean(&mut out, t);
        } else {
            let pre = o.iter().zip(t).take_while(|(x, y)| x == y).count();
            let (o2, t2) = (&o[pre..], &t[pre..]);
            let suf = o2
                .iter()
                .rev()
                .zip(t2.iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
            clean(&mut out, &o[..pre]);
            out.push(Piece::Conflict {
                base: b.to_vec(),
                ours: o2[..o2.len() - suf].to_vec(),
                theirs: t2[..t2.len() - suf].to_vec(),
            });
            clean(&mut out, &o2[o2.len() - suf..]);
        }
    }
    out
}

/// The line merge of three texts when it is clean and adds no line more often than either
/// side has it (both sides added the same line at different places: the structure decides).
/// `chunks`: the chunks of those lines, if already found.
pub(crate) fn clean_text_merge(
    lb: &[&str],
    lo: &[&str],
    lt: &[&str],
    chunks: Option<&[Chunk]>,
) -> Option<String> {
    let found;
    let chunks = match chunks {
        Some(c) => c,
        None => {
            found = self::chunks(lb, lo, lt);
            &found
        }
    };
    let merged = match merge_chunks(lb, lo, lt, chunks).as_slice() {
        [] => return Some(String::new()),
        [Piece::Clean(ls)] => ls.concat(),
        _ => return None,
    };
    // Per line: how often ours, theirs and the merge have it.
    let mut counts: HashMap<&str, [usize; 3], FastHash> = HashMap::default();
    for (i, ls) in [lo, lt].into_iter().enumerate() {
        for l in ls.iter().map(|l| l.trim_end_matches(['\n', '\r'])) {
            if !l.trim().is_empty() {
                counts.entry(l).or_default()[i] += 1;
            }
        }
    }
    for l in merged.lines().filter(|l| !l.trim().is_empty()) {
        counts.entry(l).or_default()[2] += 1;
    }
    let twice = counts.values().any(|[o, t, m]| m > o.max(t));
    (!twice).then_some(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn lcs_is_common_and_increasing() {
        let (a, b) = (chars("abcabba"), chars("cbabac"));
        let p = lcs(&a, &b);
        assert_eq!(p.len(), 4);
        assert!(p.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
        assert!(p.iter().all(|&(i, j)| a[i] == b[j]));
        assert!(lcs(&chars(""), &chars("abc")).is_empty());
    }

    #[test]
    fn merge_takes_one_sided_changes_and_reports_overlaps() {
        let base = chars("abcde");
        let clean = merge(&base, &chars("aXbcde"), &chars("abcdYe"));
        assert_eq!(clean, vec![Piece::Clean(chars("aXbcdYe"))]);
        let both = merge(&base, &chars("abXde"), &chars("abYde"));
        assert_eq!(
            both,
            vec![
                Piece::Clean(chars("ab")),
                Piece::Conflict {
                    base: chars("c"),
                    ours: chars("X"),
                    theirs: chars("Y")
                },
                Piece::Clean(chars("de")),
            ]
        );
        // Two entries appended under one heading: `_` a blank line. Ours' insertion slides
        // down over the blank line as git slides it, so it does not touch theirs'.
        let (b, o, t) = (chars("A_B"), chars("AXY_Z_B"), chars("A_N_B"));
        assert_eq!(merge(&b, &o, &t), vec![Piece::Clean(chars("AXY_Z_N_B"))]);
        let same = merge(&base, &chars("abZde"), &chars("abZde"));
        assert_eq!(same, vec![Piece::Clean(chars("abZde"))]);
    }
}
