//! [`sort_by`]: a stable sort that compiles std's sort once.
//!
//! `slice::sort_by` is generic over the element and the comparison, so every call site with
//! its own closure links its own copy of the driftsort code (about 4 KiB of wasm each). This
//! sorts positions (`usize`) through one non-generic function instead, then moves the
//! elements into that order: the same result as `v.sort_by(cmp)`, for the short lists the
//! core and the app sort.

use std::cmp::Ordering;

/// `v.sort_by(cmp)`: stable, equal elements keep their order.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots[i].take()));
}

fn sort_positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::sort_by;

    #[test]
    fn same_as_std_and_stable() {
        let mut s: u64 = 0x2545_f491_4f6c_dd1d;
        for len in 0..200usize {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    ((s % 7) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std);
        }
    }
}
