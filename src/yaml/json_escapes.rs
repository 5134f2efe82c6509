//! JSON `\u` surrogate escapes, rewritten into escapes the YAML parser accepts.
//!
//! JSON writes a character outside the Basic Multilingual Plane as a UTF-16 surrogate pair,
//! `"\uD83E\uDD17"` (🤗); every CycloneDX ML-BOM example does. YAML has no surrogates, so
//! `saphyr-parser` rejects the escape and a valid JSON file would not parse. When a text is
//! lexically JSON (strings, numbers, `true`/`false`/`null`, punctuation, whitespace — nothing
//! YAML-only such as comments or plain words), every `"` opens a double-quoted scalar, so the
//! escapes inside strings can be rewritten safely:
//!
//! - a pair `\uD83E\uDD17` (12 bytes) becomes `\U0001F917` (10 bytes), the same character;
//! - a lone surrogate `\uD83E` becomes `\uFFFD` (same length): RFC 8259 §8.2 leaves its meaning
//!   open and a Rust string cannot hold it, so it reads as U+FFFD REPLACEMENT CHARACTER.
//!
//! Pairs shorten the text, so [`Rewrite::original`] maps an offset in the rewritten text back
//! to the original one: every span skillgate reports points into the file as written.
//! A text that is not lexically JSON, or has no surrogate escape, is left alone (`None`).

/// A rewritten text and the offsets where it drifts from the original.
#[derive(Debug)]
pub(super) struct Rewrite {
    /// The text to parse.
    pub text: String,
    /// `(offset in the rewritten text, bytes removed before it)`, sorted, one per pair.
    shifts: Vec<(usize, usize)>,
}

impl Rewrite {
    /// The original byte offset of `offset` in the rewritten text.
    pub(super) fn original(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= offset);
        match i {
            0 => offset,
            _ => offset + self.shifts[i - 1].1,
        }
    }
}

/// Rewrites surrogate escapes when `text` is lexically JSON and has any; `None` otherwise.
pub(super) fn rewrite(text: &str) -> Option<Rewrite> {
    // Cheap test first: almost every document has no surrogate escape at all.
    if !has_surrogate_escape(text.as_bytes()) {
        return None;
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut shifts = Vec::new();
    let mut removed = 0;
    let mut copied = 0; // bytes of `text` already copied to `out`
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                loop {
                    match b.get(i)? {
                        b'"' => break,
                        b'\\' if b.get(i + 1) == Some(&b'u') => {
                            let Some(hi) = hex4(b, i + 2) else {
                                i += 2;
                                continue;
                            };
                            if !(0xD800..0xE000).contains(&hi) {
                                i += 6;
                                continue;
                            }
                            out.push_str(&text[copied..i]);
                            let lo = (b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u'))
                                .then(|| hex4(b, i + 8))
                                .flatten();
                            match lo {
                                Some(lo) if hi < 0xDC00 && (0xDC00..0xE000).contains(&lo) => {
                                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    out.push_str(&format!("\\U{c:08X}"));
                                    i += 12;
                                    removed += 2;
                                    shifts.push((out.len(), removed));
                                }
                                _ => {
                                    out.push_str("\\uFFFD");
                                    i += 6;
                                }
                            }
                            copied = i;
                        }
                        b'\\' => i += 2,
                        _ => i += 1,
                    }
                }
                i += 1;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b'{' | b'}' | b'[' | b']' | b',' | b':' => i += 1,
            c if c == b'-' || c.is_ascii_alphanumeric() => {
                let start = i;
                while i < b.len()
                    && matches!(b[i], b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
                {
                    i += 1;
                }
                let json_word = is_json_word(&text[start..i]);
                // A word glued to a quote (`1"x"`) would make YAML read one plain scalar.
                if !json_word || b.get(i) == Some(&b'"') {
                    return None;
                }
            }
            // Comments, single quotes, anchors, tags, block indicators: not JSON.
            _ => return None,
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Rewrite { text: out, shifts })
}

/// True when `b` holds `\uD8..`–`\uDF..` in either case anywhere.
fn has_surrogate_escape(b: &[u8]) -> bool {
    b.windows(4).any(|w| {
        w[0] == b'\\'
            && w[1] == b'u'
            && (w[2] | 0x20) == b'd'
            && matches!(w[3] | 0x20, b'8' | b'9' | b'a'..=b'f')
    })
}

/// `true`, `false`, `null` or a number (a digit, optional sign, `.`, exponent).
fn is_json_word(word: &str) -> bool {
    if matches!(word, "true" | "false" | "null") {
        return true;
    }
    let body = word.strip_prefix('-').unwrap_or(word);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .bytes()
            .all(|c| matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
}

/// Four hex digits at `at`, as a number.
fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let digits = b.get(at..at + 4)?;
    let s = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(s, 16)
        .ok()
        .filter(|_| digits.iter().all(u8::is_ascii_hexdigit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_becomes_one_escape_and_offsets_map_back() {
        let text = r#"{"a": "\uD83E\uDD17 x", "b": 1}"#;
        let rw = rewrite(text).expect("rewritten");
        assert_eq!(rw.text, r#"{"a": "\U0001F917 x", "b": 1}"#);
        let b_rw = rw.text.find("\"b\"").expect("b");
        assert_eq!(rw.original(b_rw), text.find("\"b\"").expect("b"));
        assert_eq!(rw.original(3), 3);
    }

    #[test]
    fn lone_and_lowercase_surrogates() {
        let rw = rewrite(r#"["\ud83e\udd17", "\uDD17\uD83E", "\uD83E"]"#).expect("rewritten");
        assert_eq!(
            rw.text, r#"["\U0001F917", "\uFFFD\uFFFD", "\uFFFD"]"#,
            "a reversed pair is two lone surrogates"
        );
    }

    #[test]
    fn left_alone_without_surrogates_or_outside_json_strings() {
        // No surrogate escape.
        assert!(rewrite(r#"{"a": "\u00e9"}"#).is_none());
        // An escaped backslash: the text is a literal `\uD83E`, not an escape.
        assert!(rewrite(r#"{"a": "\\uD83E\\uDD17"}"#).is_none());
        // YAML: a plain scalar, a comment, a single-quoted string, a word glued to a quote.
        assert!(rewrite("a: \\uD83E\\uDD17\n").is_none());
        assert!(rewrite("# \"\\uD83E\"\n{\"a\": 1}").is_none());
        assert!(rewrite("['\\uD83E\\uDD17']").is_none());
        assert!(rewrite("[1\"\\uD83E\\uDD17\"]").is_none());
        // Unterminated string.
        assert!(rewrite("[\"\\uD83E\\uDD17").is_none());
    }

    proptest::proptest! {
        /// Any mix of JSON tokens, escapes and YAML-only characters: no panic, offsets map back
        /// inside the text, and every parsed span lies on character boundaries of the original.
        #[test]
        fn never_panics_and_maps_inside_the_text(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "{", "}", "[", "]", ",", ":", " ", "\n", "\"", "\\", "\\uD83E", "\\uDD17",
                "\\ud83d\\ude00", "\\u00e9", "\\uDE", "a", "1", "-2.5e9", "true", "null", "é", "🤗",
                "#", "'", "&x", "*x", "!!str ", "- ",
            ]), 0..40)
        ) {
            let text: String = pieces.concat();
            if let Some(rw) = rewrite(&text) {
                for o in 0..=rw.text.len() {
                    proptest::prop_assert!(rw.original(o) <= text.len());
                }
            }
            if let Ok(docs) = crate::yaml::parse_documents(&text) {
                let mut todo: Vec<&crate::yaml::Node> = docs.iter().collect();
                while let Some(n) = todo.pop() {
                    proptest::prop_assert!(n.span.end <= text.len(), "{:?} in {:?}", n.span, text);
                    proptest::prop_assert!(text.is_char_boundary(n.span.start));
                    proptest::prop_assert!(text.is_char_boundary(n.span.end));
                    todo.extend(n.items());
                    for (k, v) in n.entries() {
                        todo.push(k);
                        todo.push(v);
                    }
                }
            }
        }
    }

    #[test]
    fn numbers_literals_and_a_bom_are_json() {
        let text =
            "\u{feff}{\"n\": -1.5e+400, \"t\": [true, false, null], \"s\": \"\\uD83D\\uDE00\"}";
        let rw = rewrite(text).expect("rewritten");
        assert!(rw.text.ends_with("\"\\U0001F600\"}"), "{}", rw.text);
    }
}
