//! The stored text of a document and positions in it.
//!
//! The contract stores a text after three normalisations, in order: a leading
//! BOM is dropped, `\r\n` and lone `\r` become `\n`, and the text is put in
//! Unicode NFC. Positions count Unicode scalar values (`chars()`), which is
//! what REFI-QDA's positions and Python's `len(str)` count.

use unicode_normalization::UnicodeNormalization;

/// The contract's three normalisations; nothing else changes.
pub fn normalize(raw: &str) -> String {
    let s = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let unix = s.replace("\r\n", "\n").replace('\r', "\n");
    unix.nfc().collect()
}

/// The text's length in scalar values.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The byte range of the scalar-value positions `start..end`, or `None` when
/// the range is empty, reversed or beyond the text.
pub fn byte_range(text: &str, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
    if start >= end {
        return None;
    }
    let mut indices = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let from = indices.nth(start)?;
    let to = indices.nth(end - start - 1)?;
    Some(from..to)
}

/// The text from position `start` to `end` (scalar values), or `None` when the
/// range does not fit the text.
pub fn slice(text: &str, start: usize, end: usize) -> Option<&str> {
    byte_range(text, start, end).map(|r| &text[r])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_bom_unifies_line_ends_and_composes() {
        // "å" as a + combining ring (NFD), CRLF and a lone CR, a leading BOM.
        let raw = "\u{feff}Va\u{30a}rd\r\nnära\rvård  ";
        let n = normalize(raw);
        assert_eq!(n, "Vård\nnära\nvård  ");
        assert_eq!(char_len(&n), 16);
        // A BOM elsewhere is text and stays.
        assert_eq!(normalize("a\u{feff}b"), "a\u{feff}b");
    }

    #[test]
    fn positions_count_scalar_values() {
        let t = "Åsa 😀 är här";
        assert_eq!(char_len(t), 12);
        assert_eq!(slice(t, 0, 3), Some("Åsa"));
        // A character outside the BMP is one position.
        assert_eq!(slice(t, 4, 5), Some("😀"));
        assert_eq!(slice(t, 6, 8), Some("är"));
        assert_eq!(slice(t, 9, 12), Some("här"));
        assert_eq!(slice(t, 9, 13), None);
        assert_eq!(slice(t, 3, 3), None);
        assert_eq!(slice(t, 4, 3), None);
    }
}
