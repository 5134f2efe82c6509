//! Byte-level helpers shared by the ecosystem classifiers (ASCII only, never slicing inside a char).

use super::Identity;

/// Longest piece of user text quoted in a reason.
const QUOTE_MAX: usize = 60;

/// `s` with an ASCII prefix `p` removed, compared case-insensitively.
pub(crate) fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let b = s.as_bytes();
    if b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes()) {
        s.get(p.len()..)
    } else {
        None
    }
}

/// Position of the first occurrence of a short ASCII `needle` (no searcher set-up; linear for
/// the few-byte needles used here).
pub(crate) fn find_ascii(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    if h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i] == first && &h[i..i + n.len()] == n)
}

/// Case-insensitive equality against any of `words`.
pub(crate) fn eq_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// Non-empty and all ASCII hex digits.
pub(crate) fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Non-empty and all ASCII digits.
pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// True if any byte is an uppercase ASCII letter.
pub(crate) fn has_upper(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_uppercase())
}

/// A hex string that could be a short SHA: 7..=39 (or other non-full) hex digits mixing
/// digits and letters, so words like `deadbeef`/`facade` and dates like `20240806` are not.
pub(crate) fn is_mixed_hex(s: &str) -> bool {
    is_hex(s) && s.bytes().any(|b| b.is_ascii_digit()) && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Short user text for a reason, in backticks, truncated at a char boundary.
pub(crate) fn q(s: &str) -> String {
    let (shown, cut) = if s.len() <= QUOTE_MAX {
        (s, false)
    } else {
        let mut end = QUOTE_MAX;
        while end > 0 && !s.is_char_boundary(end) {
            end -= 1;
        }
        (s.get(..end).unwrap_or(""), true)
    };
    let mut out = String::with_capacity(shown.len() + 6);
    out.push('`');
    out.push_str(shown);
    if cut {
        out.push('…');
    }
    out.push('`');
    out
}

/// Looks like a version: optional `v`, a digit, then only `[0-9A-Za-z._+-]`
/// (`1`, `v1.2.3`, `2.4.1-cuda12`, `8b`).
pub(crate) fn is_version_like(s: &str) -> bool {
    let t = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let b = t.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-'))
}

/// A strict dotted version: `1`, `1.2`, `1.2.3`, optionally prefixed `v`.
pub(crate) fn is_dotted_version(s: &str) -> bool {
    let t = s.strip_prefix(['v', 'V']).unwrap_or(s);
    !t.is_empty() && t.split('.').all(is_digits)
}

/// Words that name a moving pointer wherever they appear as a tag, label, alias or key.
pub(crate) const MOVING_WORDS: &[&str] = &[
    "latest",
    "stable",
    "current",
    "prod",
    "production",
    "staging",
    "stage",
    "champion",
    "challenger",
    "previous",
    "default",
    "nightly",
    "edge",
    "canary",
    "release",
    "live",
    "active",
    "newest",
    "best",
    "head",
    "main",
    "master",
    "develop",
    "dev",
    "trunk",
    "beta",
    "alpha",
    "next",
    "preview",
    "candidate",
    "approved",
    "deployed",
];

/// Git branch names people use as a "revision".
pub(crate) const BRANCH_WORDS: &[&str] = &[
    "main",
    "master",
    "develop",
    "development",
    "trunk",
    "head",
    "dev",
    "default",
    "gh-pages",
];

/// Known digest algorithms and their hex lengths.
pub(crate) fn algorithm(name: &str) -> Option<(&'static str, usize)> {
    const ALGS: &[(&str, usize)] = &[
        ("sha256", 64),
        ("sha512", 128),
        ("sha384", 96),
        ("sha224", 56),
        ("sha1", 40),
        ("md5", 32),
        ("blake3", 64),
        ("blake2b", 128),
    ];
    ALGS.iter()
        .find(|(a, _)| name.eq_ignore_ascii_case(a))
        .copied()
}

/// Identity of a bare hex run, if it qualifies (see [`super::identities_in`]).
pub(crate) fn bare_hex_identity(run: &str) -> Option<Identity> {
    if !is_hex(run) {
        return None;
    }
    match run.len() {
        40 => Some(Identity::commit(run)),
        64 => Some(Identity::digest("sha256", run)),
        128 => Some(Identity::digest("sha512", run)),
        7..=127 if is_mixed_hex(run) => Some(Identity::digest("hex", run)),
        _ => None,
    }
}

/// True if `b[i]` is a digest separator followed by at least one more byte.
fn prefixed_at(b: &[u8], i: usize) -> bool {
    i + 1 < b.len() && matches!(b[i], b':' | b'-' | b'_' | b'=')
}

/// One pass over `text`: push every digest / commit token found (see [`super::identities_in`]).
pub(crate) fn scan_identities(text: &str, out: &mut Vec<Identity>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let run = text.get(start..i).unwrap_or("");
        if let Some((alg, full)) = algorithm(run).filter(|_| prefixed_at(b, i)) {
            let hs = i + 1;
            let mut j = hs;
            while j < n && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            let hex = text.get(hs..j).unwrap_or("");
            if hex.len() >= 7 && is_hex(hex) {
                out.push(Identity::digest(alg, hex));
                if hex.len() != full {
                    out.push(Identity::digest("hex", hex));
                }
                i = j;
                continue;
            }
        }
        if let Some(id) = bare_hex_identity(run) {
            out.push(id);
        }
    }
}

/// A full-length digest embedded in `text` (prefixed `alg:`/`alg-`/`alg_` or a bare 64/128-hex
/// run), or a bare 40-hex commit. First match wins. Linear.
pub(crate) fn first_full_token(text: &str) -> Option<Identity> {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let run = text.get(start..i).unwrap_or("");
        if let Some((alg, full)) = algorithm(run).filter(|_| prefixed_at(b, i)) {
            let hs = i + 1;
            let mut j = hs;
            while j < n && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            let hex = text.get(hs..j).unwrap_or("");
            if hex.len() == full && is_hex(hex) {
                return Some(Identity::digest(alg, hex));
            }
            i = j;
            continue;
        }
        if is_hex(run) && matches!(run.len(), 40 | 64 | 128) {
            return bare_hex_identity(run);
        }
    }
    None
}

/// Parse `k=v&k2=v2` and return the value of the first key equal (case-insensitively) to one of `keys`.
pub(crate) fn query_param<'a>(query: &'a str, keys: &[&str]) -> Option<(&'a str, &'a str)> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        eq_any(k, keys).then_some((k, v))
    })
}

/// Split `s` at the first `?` into (path, query).
pub(crate) fn split_query(s: &str) -> (&str, &str) {
    s.split_once('?').unwrap_or((s, ""))
}

/// The parts of an ARN: (partition, service, region, account, resource).
pub(crate) fn parse_arn(s: &str) -> Option<[&str; 5]> {
    let rest = strip_prefix_ci(s, "arn:")?;
    let mut it = rest.splitn(5, ':');
    Some([it.next()?, it.next()?, it.next()?, it.next()?, it.next()?])
}

/// A decimal version number with a leading zero (`03`, `007`): not the canonical spelling of
/// the number, so it is read as that number but only weakly.
pub(crate) fn has_leading_zero(v: &str) -> bool {
    v.len() > 1 && v.starts_with('0') && is_digits(v)
}

/// `v` without leading zeros (`"007"` → `"7"`, `"0"` → `"0"`).
pub(crate) fn strip_zeros(v: &str) -> &str {
    let t = v.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }
}
