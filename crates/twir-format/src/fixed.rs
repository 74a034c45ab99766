//! [`fixed`]: `format!("{x:.N}")` without core's float printing.
//!
//! `f64`'s `Display` links Grisu and Dragon4 with their power-of-ten tables (about 5 KiB gzip of
//! the app's wasm) for the app's only float output, a few figures in the drafts panel. This
//! gives the same text with integer arithmetic: the exact binary value, rounded to `decimals`
//! places with ties to even, as `{:.N}` does.

/// Exactly `format!("{x:.decimals$}")` for `decimals` in `0..=3`.
pub fn fixed(x: f64, decimals: u32) -> String {
    debug_assert!(decimals <= 3);
    if x.is_nan() {
        return "NaN".into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    // |x| = m · 2^e exactly.
    let (m, e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp_bits - 1075)
    };
    let scale = 10u64.pow(decimals);
    // |x| · 10^decimals = m · scale · 2^e, below 2^63 · 2^e.
    let n = u128::from(m * scale);
    let digits = if e >= 0 {
        shifted_digits(n, e.unsigned_abs())
    } else {
        let k = e.unsigned_abs();
        let q = if k >= 127 {
            0 // n < 2^63, so n / 2^k < 1/2: rounds to 0.
        } else {
            let q = n >> k;
            let r = n & ((1u128 << k) - 1);
            let half = 1u128 << (k - 1);
            if r > half || (r == half && q & 1 == 1) {
                q + 1
            } else {
                q
            }
        };
        q.to_string()
    };
    let d = decimals as usize;
    let digits = if digits.len() <= d {
        format!("{}{digits}", "0".repeat(d + 1 - digits.len()))
    } else {
        digits
    };
    let (int, frac) = digits.split_at(digits.len() - d);
    if d == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// The decimal digits of `n · 2^shift` (any size: doubling a little-endian digit string).
fn shifted_digits(n: u128, shift: u32) -> String {
    if shift <= 64 {
        return (n << shift).to_string();
    }
    let mut digits: Vec<u8> = (n << 64)
        .to_string()
        .bytes()
        .rev()
        .map(|b| b - b'0')
        .collect();
    for _ in 64..shift {
        let mut carry = 0;
        for d in &mut digits {
            let v = *d * 2 + carry;
            *d = v % 10;
            carry = v / 10;
        }
        if carry > 0 {
            digits.push(carry);
        }
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

#[cfg(test)]
mod tests {
    use super::fixed;

    fn check(x: f64) {
        for d in 0..=3u32 {
            assert_eq!(
                fixed(x, d),
                format!("{x:.*}", d as usize),
                "{x:e} to {d} places"
            );
        }
    }

    #[test]
    fn matches_std() {
        for x in [
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.5,
            1.5,
            2.5,
            0.125,
            0.375,
            0.0005,
            0.0015,
            -0.01,
            -2.5,
            1.05,
            41.25,
            999.95,
            999.949_999_999_999_9,
            1e-300,
            5e-324,
            1e15,
            123_456_789.125,
            1e17,
            1e19,
            1.8e19,
            3.4e38,
            1e100,
            1.7e308,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            check(x);
        }
        // A generator with no dependency: every bit pattern class, and the app's figures.
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..3_000u64 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            check(f64::from_bits(s));
            check((s % 100_000) as f64 / 1000.0);
            check((s % 100_000_000) as f64 / 1e6);
            check(i as f64 / 200.0);
            check((s >> 11) as f64 / (1u64 << 40) as f64);
        }
    }
}
