//! DVC: `md5: <32 hex>` lines from `.dvc` files (`.dir` for directories) and `dvc://<repo>@<rev>/path`.

use super::git::classify_rev;
use super::scan::{is_hex, q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const DVC: Ecosystem = Ecosystem::Dvc;

/// Verdict on the value of a `.dvc` `md5:` field.
fn md5_value(v: &str) -> Classification {
    let hex = v.strip_suffix(".dir").unwrap_or(v);
    if hex.len() != 32 || !is_hex(hex) {
        return Classification::mutable(DVC, format!("malformed DVC md5 {}", q(v)));
    }
    Classification::weak(
        DVC,
        "DVC md5 identifies content, but md5 is not collision resistant",
        Some(Identity::digest("md5", hex)),
    )
}

/// `.dvc` content (or a single line) with `md5:` followed by whitespace.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let i = super::scan::find_ascii(s, "md5:")?;
    let after = s.get(i + 4..)?;
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    let v = after.trim_start_matches([' ', '\t', '\'', '"']);
    let end = v
        .find(|c: char| c.is_whitespace() || c == '\'' || c == '"')
        .unwrap_or(v.len());
    Some(md5_value(v.get(..end).unwrap_or(v)))
}

/// The part after `dvc://`: `<repo>[@<rev>][/path]`; the revision is the git revision of the
/// DVC repository whose `.dvc` files say which content to fetch.
pub(crate) fn classify_uri(rest: &str) -> Classification {
    match rest.rfind('@') {
        Some(at) => {
            let tail = rest.get(at + 1..).unwrap_or("");
            let rev = tail.split(['/', '#']).next().unwrap_or("");
            classify_rev(rev, DVC)
        }
        None => Classification::mutable(
            DVC,
            "DVC path without a git revision follows the default branch",
        ),
    }
}

/// Forced reading: `.dvc` md5 text, a bare 32-hex md5, `dvc://...`, or a git revision.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(c) = detect(s) {
        return Some(c);
    }
    if let Some(rest) = strip_prefix_ci(s, "dvc://") {
        return Some(classify_uri(rest));
    }
    if let Some(v) = strip_prefix_ci(s, "md5:") {
        return Some(md5_value(v.trim()));
    }
    if s.strip_suffix(".dir").unwrap_or(s).len() == 32
        && is_hex(s.strip_suffix(".dir").unwrap_or(s))
    {
        return Some(md5_value(s));
    }
    Some(classify_rev(s, DVC))
}
