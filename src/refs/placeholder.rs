//! Placeholders: values that mean "no reference yet", recognised before any ecosystem parse, in
//! every position (whole value, version, digest, tag, query parameter, path segment).
//!
//! Three kinds, each found in one left-to-right pass:
//!
//! * **whole values** that are words for "nothing": empty, `null`, `~`, `none`, `TBD`, `n/a`,
//!   `changeme`, `your-model-id`, `xxx`, `S3_URI_FOR_MODEL` …;
//! * **template syntax** anywhere: `${X}`, `$(X)`, `$X`, `{X}`, `{{ x }}`, `{% x %}`, `#{X}#`,
//!   `<X>`, `%X%`, `__X__`;
//! * **placeholder words** as a whole token between delimiters (`/ : @ ? & = # , ;` and
//!   whitespace): `TODO`, `TBD`, `FIXME`, `CHANGEME`, `replace`, `placeholder`, `xxx`,
//!   `your-…`, `INSERT_…`, `…_FOR_…`, and an all-zero digest or commit id.
//!
//! Git's own brace syntax is not a template: `<rev>^{commit}` and reflog selectors such as
//! `main@{1}` / `@{upstream}`.

use super::scan::{algorithm, q};

/// A placeholder found in a reference.
pub(crate) struct Found<'a> {
    /// The placeholder as written (empty for an empty value).
    pub token: &'a str,
    /// Byte offset of the placeholder in the reference.
    pub start: usize,
    /// The placeholder is the whole value.
    pub whole: bool,
}

impl Found<'_> {
    /// The reason users read: always starts with `placeholder`.
    pub(crate) fn reason(&self, text: &str) -> String {
        if self.token.is_empty() {
            return "placeholder: the value is empty, so nothing is pinned (fail closed)".into();
        }
        if self.whole {
            return format!(
                "placeholder {}: no reference yet, nothing is pinned (fail closed)",
                q(self.token)
            );
        }
        format!(
            "placeholder {} in {}: the reference is unfinished (fail closed)",
            q(self.token),
            position(text, self.start)
        )
    }
}

/// The first placeholder in `s` (already trimmed), if any.
pub(crate) fn find(s: &str) -> Option<Found<'_>> {
    if s.is_empty() {
        return Some(Found {
            token: "",
            start: 0,
            whole: true,
        });
    }
    if is_whole_word(s) {
        return Some(Found {
            token: s,
            start: 0,
            whole: true,
        });
    }
    let (start, end) = template(s).or_else(|| word_token(s))?;
    let token = s.get(start..end).unwrap_or(s);
    Some(Found {
        token,
        start,
        whole: start == 0 && end == s.len(),
    })
}

/// Normalised words (lowercase, `-`/`_`/space removed) that mean "no value yet" as a whole value.
const WHOLE_WORDS: &[&str] = &[
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
    "replace",
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

/// Normalised words that are placeholders wherever they stand as a whole token.
const TOKEN_WORDS: &[&str] = &[
    "todo",
    "tbd",
    "tba",
    "fixme",
    "changeme",
    "replace",
    "replaceme",
    "placeholder",
    "tochange",
];

/// Upper-snake prefixes and infixes that mark a variable-name placeholder (`S3_URI_FOR_MODEL`).
const SNAKE_PREFIXES: &[&str] = &[
    "YOUR_", "INSERT_", "REPLACE_", "CHANGE_", "ENTER_", "FILL_", "TODO_", "TBD_", "PUT_",
];

/// The whole value is a word for "nothing".
fn is_whole_word(t: &str) -> bool {
    if t.len() < 64 && super::scan::strip_prefix_ci(t, "your").is_some() {
        return true;
    }
    // Every whole word is at most 11 letters once `-`, `_` and spaces are dropped; only an
    // `xxx…` run or an `insert…` phrase can be longer.
    if t.len() > 24
        && !t.starts_with(['x', 'X'])
        && super::scan::strip_prefix_ci(t, "insert").is_none()
    {
        return false;
    }
    match normalise(t) {
        Some((buf, n)) => {
            let norm = buf.get(..n).unwrap_or(&[]);
            WHOLE_WORDS.iter().any(|w| w.as_bytes() == norm)
                || (n >= 2 && norm.iter().all(|&b| b == b'x'))
                || norm.starts_with(b"insert")
        }
        None => false,
    }
}

/// Lowercase `t` into a small buffer without `-`, `_`, space and tab; `None` if longer than
/// every placeholder word.
fn normalise(t: &str) -> Option<([u8; 16], usize)> {
    let mut buf = [0u8; 16];
    let mut n = 0;
    for &b in t.as_bytes() {
        if matches!(b, b'-' | b'_' | b' ' | b'\t') {
            continue;
        }
        if n == buf.len() {
            return None;
        }
        buf[n] = b.to_ascii_lowercase();
        n += 1;
    }
    Some((buf, n))
}

/// Byte classes for the two scans, one table load per byte.
const DELIM: u8 = 1;
const TRIGGER: u8 = 2;

/// Byte -> class table, built at compile time.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut c = 0;
        if matches!(
            b,
            b'/' | b':'
                | b'@'
                | b'?'
                | b'&'
                | b'='
                | b'#'
                | b','
                | b';'
                | b'"'
                | b'\''
                | b'('
                | b')'
        ) || b.is_ascii_whitespace()
        {
            c |= DELIM;
        }
        if matches!(b, b'$' | b'{' | b'#' | b'<' | b'%' | b'_') {
            c |= TRIGGER;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// Delimiters between tokens of a reference.
fn is_delim(b: u8) -> bool {
    CLASS[b as usize] & DELIM != 0
}

/// The first token (between delimiters) that is a placeholder word: `(start, end)`.
fn word_token(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if is_delim(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !is_delim(b[i]) {
            i += 1;
        }
        let tok = s.get(start..i).unwrap_or("");
        if is_token_word(tok) {
            return Some((start, i));
        }
    }
    None
}

/// A token that is a placeholder wherever it stands.
fn is_token_word(tok: &str) -> bool {
    let b = tok.as_bytes();
    if b.len() < 3 {
        return false;
    }
    // Cheap pre-filter on the first two bytes: every placeholder word starts with one of these
    // pairs (`to`do, `tb`d, `fi`xme, `ch`angeme, `re`place, `pl`aceholder, `xx`x, `in`sert,
    // `yo`ur); an upper-snake name starts with an uppercase letter; an all-zero id is long.
    let (first, second) = (b[0].to_ascii_lowercase(), b[1].to_ascii_lowercase());
    let wordy = matches!(
        (first, second),
        (b't', b'o' | b'b')
            | (b'f', b'i')
            | (b'c', b'h')
            | (b'r', b'e')
            | (b'p', b'l')
            | (b'x', b'x')
            | (b'i', b'n')
            | (b'y', b'o')
    );
    if wordy {
        if let Some((buf, n)) = normalise(tok) {
            let norm = buf.get(..n).unwrap_or(&[]);
            if TOKEN_WORDS.iter().any(|w| w.as_bytes() == norm)
                || (n >= 3 && norm.iter().all(|&c| c == b'x'))
                || (n > 6 && norm.starts_with(b"insert"))
            {
                return true;
            }
        }
        // `your-bucket`, `YOUR_ACCOUNT_ID`, `yourModelName`.
        if let Some(rest) = super::scan::strip_prefix_ci(tok, "your") {
            if rest
                .bytes()
                .next()
                .is_some_and(|c| matches!(c, b'-' | b'_') || c.is_ascii_uppercase())
            {
                return true;
            }
        }
    }
    (b[0].is_ascii_uppercase() && upper_snake(tok)) || (b.len() >= 32 && all_zero_id(tok))
}

/// Upper-snake variable names that are slots to fill: `S3_URI_FOR_MODEL`,
/// `REPLACE_WITH_DIGEST`, `MODEL_ID_HERE`.
fn upper_snake(tok: &str) -> bool {
    let b = tok.as_bytes();
    b.iter()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
        && b.contains(&b'_')
        && (super::scan::find_ascii(tok, "_FOR_").is_some()
            || tok.ends_with("_HERE")
            || SNAKE_PREFIXES.iter().any(|p| tok.starts_with(p)))
}

/// An all-zero digest or object id of a standard length (`000…0`, `sha256-000…0`): git's null
/// object id and the usual "digest goes here" filler.
fn all_zero_id(tok: &str) -> bool {
    let hex = match tok.find(['-', '_']) {
        Some(i) if tok.get(..i).and_then(algorithm).is_some() => tok.get(i + 1..).unwrap_or(""),
        _ => tok,
    };
    matches!(hex.len(), 32 | 40 | 64 | 96 | 128) && hex.bytes().all(|c| c == b'0')
}

/// The first template placeholder anywhere in `s`: `(start, end)`.
fn template(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let n = b.len();
    // Computed once: `@{…}` is a git reflog selector only in a bare revision.
    let pathlike = b.iter().any(|&c| c == b'/' || c == b':');
    let mut i = 0;
    while i < n {
        let c = b[i];
        if CLASS[c as usize] & TRIGGER == 0 {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        let prev = if i > 0 { b[i - 1] } else { 0 };
        match c {
            // `${X}`, `$(X)`, `$X`, `$1`.
            b'$' if next == b'{' => return Some((i, close(b, i + 2, b'}'))),
            b'$' if next == b'(' => return Some((i, close(b, i + 2, b')'))),
            b'$' if next.is_ascii_alphanumeric() || next == b'_' => {
                return Some((i, ident_end(b, i + 1)));
            }
            // `#{X}#`.
            b'#' if next == b'{' => {
                let e = close(b, i + 2, b'}');
                let e = if b.get(e) == Some(&b'#') { e + 1 } else { e };
                return Some((i, e));
            }
            // `{{ x }}`, `{% x %}`.
            b'{' if next == b'{' => return Some((i, close2(b, i + 2, b'}'))),
            b'{' if next == b'%' => return Some((i, close2(b, i + 2, b'%'))),
            // `{X}`, `{}`, `{0}`; not git's `^{commit}` or `main@{1}`.
            b'{' => {
                let e = ident_end(b, i + 1);
                if b.get(e) == Some(&b'}') && !git_brace(b, i, e, pathlike) {
                    return Some((i, e + 1));
                }
            }
            // `<X>`: a letter, then letters, digits, space, `-`, `_`, `.` up to `>`.
            b'<' if next.is_ascii_alphabetic() => {
                let mut j = i + 1;
                while j < n
                    && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'-' | b'_' | b' ' | b'.'))
                {
                    j += 1;
                }
                if j < n && b[j] == b'>' {
                    return Some((i, j + 1));
                }
                i = j;
                continue;
            }
            // `%X%` (not percent-encoding: the name is not a bare pair of hex digits).
            b'%' if next.is_ascii_alphabetic() || next == b'_' => {
                let e = ident_end(b, i + 1);
                let name = s.get(i + 1..e).unwrap_or("");
                if b.get(e) == Some(&b'%')
                    && name.len() >= 2
                    && !name.bytes().all(|h| h.is_ascii_hexdigit())
                {
                    return Some((i, e + 1));
                }
            }
            // `__X__` in upper case, on word boundaries.
            b'_' if next == b'_' && !(prev.is_ascii_alphanumeric() || prev == b'_') => {
                let mut j = i + 2;
                while j < n && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit() || b[j] == b'_')
                {
                    j += 1;
                }
                let run = s.get(i..j).unwrap_or("");
                let after = b.get(j).copied().unwrap_or(0);
                if run.len() > 4
                    && run.ends_with("__")
                    && run.bytes().any(|h| h.is_ascii_uppercase())
                    && !after.is_ascii_alphanumeric()
                {
                    return Some((i, j));
                }
                i = j.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// End of an identifier-ish run `[A-Za-z0-9_.-]` starting at `i`.
fn ident_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'.' | b'-')) {
        i += 1;
    }
    i
}

/// Index just past the first `close` at or after `i` (or the end, for an unclosed template).
fn close(b: &[u8], i: usize, close: u8) -> usize {
    b.get(i..)
        .and_then(|r| r.iter().position(|&c| c == close))
        .map_or(b.len(), |p| i + p + 1)
}

/// Index just past the first `close` followed by `}` at or after `i`.
fn close2(b: &[u8], i: usize, close: u8) -> usize {
    let mut j = i;
    while j + 1 < b.len() {
        if b[j] == close && b[j + 1] == b'}' {
            return j + 2;
        }
        j += 1;
    }
    b.len()
}

/// `{…}` at `open..=close_at` is git syntax: `^{type}` peeling or an `@{n}` / `@{upstream}` reflog
/// selector.
fn git_brace(b: &[u8], open: usize, close_at: usize, pathlike: bool) -> bool {
    let prev = if open > 0 { b[open - 1] } else { 0 };
    if prev == b'^' {
        return true;
    }
    // A reflog selector follows a bare ref name (`main@{1}`, `@{upstream}`); after a path or a
    // scheme (`org/model@{0}`) the braces are a template.
    if prev != b'@' || pathlike {
        return false;
    }
    let inner = b.get(open + 1..close_at).unwrap_or(&[]);
    let digits = inner.strip_prefix(b"-").unwrap_or(inner);
    (!digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
        || [&b"upstream"[..], b"u", b"push"]
            .iter()
            .any(|w| inner.eq_ignore_ascii_case(w))
}

/// Where in `text` the byte offset `start` is, in words.
fn position(text: &str, start: usize) -> String {
    let b = text.as_bytes();
    let Some(&d) = start.checked_sub(1).and_then(|i| b.get(i)) else {
        return "the start of the reference".into();
    };
    let mut head = text.get(..start - 1).unwrap_or("");
    let mut d = d;
    if matches!(d, b'"' | b'\'') {
        // `"key": "<placeholder>"` / `key='<placeholder>'`: read the key before the quote.
        let t = head.trim_end_matches(['"', '\'', ' ', '\t']);
        if let Some(sep) = t
            .as_bytes()
            .last()
            .copied()
            .filter(|c| matches!(c, b':' | b'='))
        {
            head = t
                .get(..t.len() - 1)
                .unwrap_or("")
                .trim_end_matches(['"', '\'', ' ']);
            d = if sep == b':' { b'=' } else { sep };
            let word = head
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .next()
                .unwrap_or("");
            if algorithm(word).is_some() {
                return format!("the {} digest", word.to_ascii_lowercase());
            }
            if !word.is_empty() {
                return format!("the value of {}", q(word));
            }
        }
    }
    let word = head
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if matches!(d, b':' | b'-' | b'_' | b'=') && algorithm(word).is_some() {
        return format!("the {} digest", word.to_ascii_lowercase());
    }
    match d {
        b'@' => "the part after `@` (revision or digest)".into(),
        b':' => "the part after `:` (tag or version)".into(),
        b'/' => "a path segment".into(),
        b'#' => "the fragment".into(),
        b'?' | b'&' => "a query parameter".into(),
        b'=' => {
            let key = head
                .rsplit(|c: char| matches!(c, '?' | '&' | ';' | ',') || c.is_whitespace())
                .next()
                .unwrap_or("");
            if key.is_empty() {
                "a value".into()
            } else {
                format!("the value of {}", q(key))
            }
        }
        c if c.is_ascii_whitespace() => "an argument".into(),
        _ => "the reference".into(),
    }
}
