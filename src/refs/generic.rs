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
    if t.len() > 64 {
        return is_template(t);
    }
    let norm: String = t
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '\t'))
        .flat_map(char::to_lowercase)
        .collect();
    if PLACEHOLDER_WORDS.contains(&norm.as_str()) {
        return true;
    }
    // xxx, XXXX, x-x-x ...
    if norm.len() >= 2 && norm.bytes().all(|b| b == b'x') {
        return true;
    }
    if norm.starts_with("your") || norm.starts_with("insert") {
        return true;
    }
    is_template(t)
}

/// Whole-string or embedded template syntax: `${X}`, `{{ x }}`, `{% x %}`, `<digest>`, `$VAR`.
pub(crate) fn is_template(t: &str) -> bool {
    let b = t.as_bytes();
    if t.contains("${") || t.contains("{{") || t.contains("{%") || t.contains("}}") {
        return true;
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
    // `<name>` anywhere: `<` then a letter, then letters/digits/space/-/_ up to `>`.
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' && i + 1 < b.len() && b[i + 1].is_ascii_alphabetic() {
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
        } else {
            i += 1;
        }
    }
    false
}

/// Fail-closed verdict for placeholders and templates (`s` is already trimmed).
pub(crate) fn placeholder(s: &str) -> Option<Classification> {
    if s.is_empty() {
        return Some(Classification::mutable(
            Ecosystem::Generic,
            "no reference: fail closed",
        ));
    }
    if is_placeholder(s) {
        let reason = if is_template(s) {
            format!("{} is an unfilled template placeholder: fail closed", q(s))
        } else {
            format!("{} is a placeholder, not a reference: fail closed", q(s))
        };
        return Some(Classification::mutable(Ecosystem::Generic, reason));
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
