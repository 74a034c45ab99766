//! [`fold_case`]: lower case for comparing text, without core's Unicode case tables.
//!
//! `str::to_lowercase` links core's whole lowercase table (about 12 KiB of the app's wasm,
//! 3 KiB gzip) for what the app does with it: match a search, a reference label or a merge
//! key regardless of case. The Latin, Greek and Cyrillic letters cover the newsletter's
//! titles and labels; other letters compare as written.

/// The lower-case form of `c` for the alphabets covered (Basic Latin, Latin-1, Latin
/// Extended-A, Greek and Coptic, Cyrillic and its supplement); any other character unchanged.
pub fn fold_char(c: char) -> char {
    let n = c as u32;
    let lower = match n {
        0x41..=0x5A => n + 0x20,
        // À–Þ but not ×.
        0xC0..=0xDE if n != 0xD7 => n + 0x20,
        // Pairs upper/lower: even code points upper from Ā to ķ and from Ŋ to ŷ, odd ones
        // from Ĺ to ň and from Ź to ž; İ (0x130) lowers to a plain i.
        0x130 => 0x69,
        0x100..=0x137 | 0x14A..=0x177 if n.is_multiple_of(2) => n + 1,
        0x139..=0x148 | 0x179..=0x17E if !n.is_multiple_of(2) => n + 1,
        0x178 => 0xFF,
        // Greek: Ά Έ Ή Ί Ό Ύ Ώ, Α–Ω (no capital at 0x3A2), and the archaic letters.
        0x370..=0x373 | 0x3D8..=0x3EF if n.is_multiple_of(2) => n + 1,
        0x376 | 0x3F7 | 0x3FA => n + 1,
        0x37F => 0x3F3,
        0x386 => 0x3AC,
        0x388..=0x38A => n + 0x25,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 0x3F,
        0x391..=0x3AB if n != 0x3A2 => n + 0x20,
        0x3CF => 0x3D7,
        0x3F4 => 0x3B8,
        0x3F9 => 0x3F2,
        0x3FD..=0x3FF => n - 0x82,
        // Cyrillic: Ѐ–Џ, А–Я, then pairs upper/lower (Ѡ…, Ґ…, Ӂ…, Ӑ…) and Ӏ.
        0x400..=0x40F => n + 0x50,
        0x410..=0x42F => n + 0x20,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if n.is_multiple_of(2) => n + 1,
        0x4C1..=0x4CE if !n.is_multiple_of(2) => n + 1,
        0x4C0 => 0x4CF,
        _ => n,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// `s` with every character folded by [`fold_char`].
pub fn fold_case(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where core's table maps a character to one character, the fold agrees with it over the
    /// alphabets covered, and it never changes a character outside them.
    #[test]
    fn agrees_with_unicode_lower_case_over_the_alphabets_covered() {
        let covered = |n: u32| n < 0x180 || (0x370..0x530).contains(&n);
        for n in 0..0x3000u32 {
            let Some(c) = char::from_u32(n) else { continue };
            let mut lower = c.to_lowercase();
            let (Some(l), None) = (lower.next(), lower.next()) else {
                continue;
            };
            let want = if covered(n) { l } else { c };
            assert_eq!(fold_char(c), want, "U+{n:04X} {c}");
        }
    }

    #[test]
    fn folds_words_of_the_newsletters_languages() {
        assert_eq!(fold_case("Über RUST in Łódź"), "über rust in łódź");
        assert_eq!(
            fold_case("\u{3A1}\u{391}\u{3A3}\u{3A4}"),
            "\u{3C1}\u{3B1}\u{3C3}\u{3C4}"
        );
        assert_eq!(fold_case("Ґанок ЖУРНАЛ"), "ґанок журнал");
        assert_eq!(fold_case("İstanbul"), "istanbul");
        assert_eq!(fold_case("日本語 ✓"), "日本語 ✓");
    }
}
