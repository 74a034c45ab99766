//! The "Edit as Markdown" escape hatch: splitting an issue into pieces, and joining edited
//! pieces back.
//!
//! Next to the structured forms, the editing column can show the issue as raw Markdown pieces:
//! the introduction (front matter and the text before the first heading) and one piece per
//! top-level section. An edit produces the whole new text, which is parsed again, so the model
//! stays the only truth.
//!
//! Pure (text in, text out; no browser API), so it is unit-tested natively.

use twir_format::{write, write_section, Issue, Newline};

/// One editable piece of the issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Front matter and the blocks before the first heading.
    Intro,
    /// The top-level section at this index.
    Section(usize),
}

/// The element id of a piece's container in the Markdown view (`edit-intro`, `edit-3`).
pub fn piece_dom_id(piece: Piece) -> String {
    match piece {
        Piece::Intro => "edit-intro".to_string(),
        Piece::Section(i) => format!("edit-{i}"),
    }
}

/// The element id of a piece's text area (`edit-intro-text`, `edit-3-text`).
pub fn piece_textarea_id(piece: Piece) -> String {
    format!("{}-text", piece_dom_id(piece))
}

/// The text of the introduction: front matter and preamble, as `write` would emit them.
pub fn intro_text(issue: &Issue) -> String {
    let intro = Issue {
        bom: issue.bom,
        newline: issue.newline,
        // The final-newline rule applies to the whole file, not to this piece.
        final_newline: true,
        front_matter: issue.front_matter.clone(),
        preamble: issue.preamble.clone(),
        sections: Vec::new(),
        next_id: issue.next_id,
    };
    write(&intro)
}

/// The text of one piece.
pub fn piece_text(issue: &Issue, piece: Piece) -> String {
    match piece {
        Piece::Intro => intro_text(issue),
        Piece::Section(i) => issue
            .sections
            .get(i)
            .map(|s| write_section(s, issue.newline))
            .unwrap_or_default(),
    }
}

/// The whole text of `issue` with `piece` replaced by `edited` (as typed in a text area).
///
/// Text areas report `\n` line endings whatever the file uses, so the edit is converted to the
/// issue's line ending; a piece that lost its last line ending gets it back, so that the next
/// heading stays on a line of its own.
pub fn replace_piece(issue: &Issue, piece: Piece, edited: &str) -> String {
    let nl = issue.newline.as_str();
    let edited = match issue.newline {
        Newline::Lf => edited.to_string(),
        Newline::CrLf => edited.replace("\r\n", "\n").replace('\n', "\r\n"),
    };
    let mut out = String::with_capacity(edited.len() + 64 * 1024);
    let mut push = |text: &str| {
        out.push_str(text);
        if !text.is_empty() && !text.ends_with('\n') {
            out.push_str(nl);
        }
    };
    if piece == Piece::Intro {
        push(&edited);
    } else {
        push(&intro_text(issue));
    }
    for (i, section) in issue.sections.iter().enumerate() {
        if piece == Piece::Section(i) {
            push(&edited);
        } else {
            push(&write_section(section, issue.newline));
        }
    }
    if !issue.final_newline && out.ends_with(nl) {
        out.truncate(out.len() - nl.len());
    }
    out
}

/// A short label for a piece, for the navigator and the text area's label.
pub fn piece_label(issue: &Issue, piece: Piece) -> String {
    match piece {
        Piece::Intro => "Introduction".to_string(),
        Piece::Section(i) => match issue.sections.get(i) {
            Some(s) if !s.plain_title().is_empty() => s.plain_title().to_string(),
            _ => format!("Section {}", i + 1),
        },
    }
}

/// Every piece of the issue, in order.
pub fn pieces(issue: &Issue) -> impl Iterator<Item = Piece> {
    std::iter::once(Piece::Intro).chain((0..issue.sections.len()).map(Piece::Section))
}

/// The length of `text` as a text area counts it: UTF-16 code units, `\r\n` as one.
pub fn textarea_len(text: &str) -> usize {
    text.encode_utf16().count() - text.matches("\r\n").count()
}

/// Where `piece` starts in the whole text, in text-area units (see [`textarea_len`]).
pub fn piece_start(issue: &Issue, piece: Piece) -> usize {
    pieces(issue)
        .take_while(|p| *p != piece)
        .map(|p| textarea_len(&piece_text(issue, p)))
        .sum()
}

/// The piece that holds position `offset` of the whole text, and the position inside it.
///
/// Used to keep the caret where it was when an edit splits or merges sections (typing a
/// heading moves the text after it into a new piece). A position on a boundary belongs to the
/// piece that starts there; past the end, it is the end of the last piece.
pub fn locate(issue: &Issue, offset: usize) -> (Piece, usize) {
    let mut start = 0;
    let mut last = (Piece::Intro, 0);
    for p in pieces(issue) {
        let len = textarea_len(&piece_text(issue, p));
        if offset < start + len {
            return (p, offset - start);
        }
        last = (p, len);
        start += len;
    }
    last
}

/// Whether a text area showing `shown` already shows `model` (the text written from the
/// model): equal up to line endings and the final line ending that joining adds back.
pub fn shows(shown: &str, model: &str) -> bool {
    let model = model.replace("\r\n", "\n");
    shown == model || model.strip_suffix('\n') == Some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SAMPLE;

    #[test]
    fn editing_a_piece_keeps_the_rest_of_the_text_byte_for_byte() {
        let issue = twir_format::parse(SAMPLE).issue;
        // Re-joining every piece unchanged gives the original text back.
        for i in 0..issue.sections.len() {
            let piece = Piece::Section(i);
            assert_eq!(
                replace_piece(&issue, piece, &piece_text(&issue, piece)),
                SAMPLE
            );
        }
        let intro = piece_text(&issue, Piece::Intro);
        assert!(intro.starts_with("Title: This Week in Rust 841\n"));
        assert_eq!(replace_piece(&issue, Piece::Intro, &intro), SAMPLE);
        // A piece that lost its last line ending gets it back, so the next heading stays a
        // heading.
        let last = Piece::Section(issue.sections.len() - 1);
        let text = piece_text(&issue, last);
        let without_last_newline = text.strip_suffix('\n').unwrap();
        assert!(!without_last_newline.ends_with('\n'));
        assert_eq!(replace_piece(&issue, last, without_last_newline), SAMPLE);
    }

    #[test]
    fn crlf_issues_stay_crlf_after_an_edit_from_a_text_area() {
        let crlf = SAMPLE.replace('\n', "\r\n");
        let issue = twir_format::parse(&crlf).issue;
        // Text areas hand back `\n` only.
        let typed = piece_text(&issue, Piece::Section(1)).replace("\r\n", "\n");
        assert_eq!(replace_piece(&issue, Piece::Section(1), &typed), crlf);
    }

    #[test]
    fn caret_positions_map_to_pieces() {
        let issue =
            twir_format::parse("Title: T\n\nIntro.\n\n## A\n\nÄ text.\n\n## B\n\nEnd.\n").issue;
        let intro_len = textarea_len(&piece_text(&issue, Piece::Intro));
        assert_eq!(intro_len, "Title: T\n\nIntro.\n\n".len());
        assert_eq!(piece_start(&issue, Piece::Section(0)), intro_len);
        assert_eq!(locate(&issue, 0), (Piece::Intro, 0));
        // A boundary belongs to the piece that starts there.
        assert_eq!(locate(&issue, intro_len), (Piece::Section(0), 0));
        let a_len = textarea_len(&piece_text(&issue, Piece::Section(0)));
        assert_eq!(a_len, "## A\n\nÄ text.\n\n".chars().count());
        assert_eq!(
            locate(&issue, intro_len + a_len + 3),
            (Piece::Section(1), 3)
        );
        // Past the end: the end of the last piece.
        assert_eq!(
            locate(&issue, 10_000),
            (Piece::Section(1), "## B\n\nEnd.\n".len())
        );
    }

    #[test]
    fn text_area_lengths_count_utf16_units_and_crlf_as_one() {
        assert_eq!(textarea_len("a\r\nb"), 3);
        assert_eq!(textarea_len("🦀"), 2);
    }

    #[test]
    fn a_text_area_shows_the_model_up_to_the_final_line_ending() {
        assert!(shows("a\nb", "a\nb\n"));
        assert!(shows("a\nb\n", "a\r\nb\r\n"));
        assert!(!shows("a\nb", "a\nc\n"));
        assert!(!shows("", "## New\n"));
    }

    #[test]
    fn piece_ids_name_the_text_areas() {
        assert_eq!(piece_textarea_id(Piece::Intro), "edit-intro-text");
        assert_eq!(piece_textarea_id(Piece::Section(3)), "edit-3-text");
    }
}
