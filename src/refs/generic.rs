//! Generic references: placeholders, moving words, bare numbers, embedded digests, fallback.

use super::scan::{MOVING_WORDS, first_full_token, is_digits, is_dotted_version, q};
use super::{Classification, Ecosystem, Identity};

/// Normalised words (lowercase, `-`/`_`/space removed) that mean "no value yet".
const PLACEHOLDER_WORDS: &[&str] = &[
    "",
    "null",
    "nil",
    "none",
    "~",
    "tbd",
    "tba",
    "todo",
    "fixme",
    "na",
    "n/a",
    "unknown",
    "undefined",
    "changeme",
    "placeholder",
    "replaceme",
    "example",
    "dummy",
    "redacted",
    "missing",
    "empty",
    "notset",
    "unset",
    "?",
    "??",
    "???",
    "...",
    "…",
    "\"\"",
    "''",
    "[]",
    "{}",
];

/// See [`super::is_placeholder`].
pub(crate) fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    is_placeholder_word(t) || is_template(t)
}

/// The word part of the placeholder check (`t` is trimmed): normalise into a small stack
/// buffer (ASCII lowercase, `-`/`_`/space/tab removed) and compare with the known words.
pub(crate) fn is_placeholder_word(t: &str) -> bool {
    if t.len() < 64 && super::scan::strip_prefix_ci(t, "your").is_some() {
        return true;
    }
    let mut buf = [0u8; 16];
    let mut n = 0;
    for &b in t.as_bytes() {
        if matches!(b, b'-' | b'_' | b' ' | b'\t') {
            continue;
        }
        if n == buf.len() {
            // Longer than every placeholder word.
            return false;
        }
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    let norm = buf.get(..n).unwrap_or(&[]);
    PLACEHOLDER_WORDS.iter().any(|w| w.as_bytes() == norm)
        || (n >= 2 && norm.iter().all(|&b| b == b'x'))
        || norm.starts_with(b"insert")
}

/// Whole-string or embedded template syntax: `${X}`, `{{ x }}`, `{% x %}`, `<digest>`, `$VAR`.
/// One pass over the bytes.
pub(crate) fn is_template(t: &str) -> bool {
    let b = t.as_bytes();
    if !b.iter().any(|c| matches!(c, b'$' | b'{' | b'}' | b'<')) {
        return false;
    }
    // `$VAR` as the whole string (shell / env style).
    if b.len() >= 2
        && b[0] == b'$'
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
    {
        return true;
    }
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied().unwrap_or(0);
        match b[i] {
            b'$' if next == b'{' => return true,
            b'{' if next == b'{' || next == b'%' => return true,
            b'}' if next == b'}' => return true,
            // `<name>`: `<`, a letter, then letters/digits/space/-/_/. up to `>`.
            b'<' if next.is_ascii_alphabetic() => {
                let mut j = i + 1;
                while j < b.len()
                    && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'-' | b'_' | b' ' | b'.'))
                {
                    j += 1;
                }
                if j < b.len() && b[j] == b'>' {
                    return true;
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// Fail-closed verdict for placeholders and templates (`s` is already trimmed).
/// `maybe_template` is false when the caller already knows `s` has no `$`, `{`, `}` or `<`.
pub(crate) fn placeholder(s: &str, maybe_template: bool) -> Option<Classification> {
    if s.is_empty() {
        return Some(Classification::mutable(
            Ecosystem::Generic,
            "no reference: fail closed",
        ));
    }
    if maybe_template && is_template(s) {
        return Some(Classification::mutable(
            Ecosystem::Generic,
            format!("{} is an unfilled template placeholder: fail closed", q(s)),
        ));
    }
    if is_placeholder_word(s) {
        return Some(Classification::mutable(
            Ecosystem::Generic,
            format!("{} is a placeholder, not a reference: fail closed", q(s)),
        ));
    }
    None
}

/// A full digest or commit SHA embedded in a longer name or path.
pub(crate) fn embedded(s: &str) -> Option<Classification> {
    let id = first_full_token(s)?;
    let reason = match id {
        Identity::Commit { .. } => "commit SHA embedded in a name is only a naming convention",
        _ => "digest embedded in a name or path is only a naming convention",
    };
    Some(Classification::weak(Ecosystem::Generic, reason, Some(id)))
}

/// Last resort once no ecosystem recognised `s`.
pub(crate) fn classify(s: &str) -> Classification {
    if super::scan::eq_any(s, MOVING_WORDS) {
        return Classification::mutable(
            Ecosystem::Generic,
            format!("{} is a moving label", q(&s.to_ascii_lowercase())),
        );
    }
    if is_digits(s) || is_dotted_version(s) {
        return Classification::weak(
            Ecosystem::Generic,
            format!("a bare version number {} names no registry", q(s)),
            None,
        );
    }
    if let Some(c) = embedded(s) {
        return c;
    }
    Classification::mutable(
        Ecosystem::Generic,
        format!("{} is not a recognisable immutable reference", q(s)),
    )
}
