//! Hugging Face Hub: `org/name[@rev]`, `hf://[datasets/|spaces/]org/name[@rev]`, `huggingface.co` URLs.

use super::git::classify_rev;
use super::scan::{q, strip_prefix_ci};
use super::{Classification, Ecosystem};

const HF: Ecosystem = Ecosystem::HuggingFace;

/// A Hub repo name segment: `[A-Za-z0-9._-]+`.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Decode the `%2F` escapes the Hub uses for `refs/pr/1` in URLs.
fn decode_rev(rev: &str) -> String {
    if rev.contains('%') {
        rev.replace("%2F", "/").replace("%2f", "/")
    } else {
        rev.to_owned()
    }
}

/// Take a revision from the front of `rest` (segments separated by `/`): `refs/pr/1` and
/// `refs/convert/parquet` span three segments, everything else one.
fn take_rev(rest: &str) -> String {
    let mut it = rest.split('/');
    let first = it.next().unwrap_or("");
    if first == "refs" {
        let a = it.next().unwrap_or("");
        let b = it.next().unwrap_or("");
        return format!("refs/{a}/{b}");
    }
    decode_rev(first)
}

/// Verdict on repo `repo` pinned (or not) at `rev`.
fn verdict(repo: &str, rev: Option<&str>) -> Classification {
    match rev {
        None => {
            Classification::mutable(HF, format!("{} without a revision tracks `main`", q(repo)))
        }
        Some(rev) => classify_rev(rev, HF),
    }
}

/// Strip a repo-type prefix: `datasets/`, `spaces/`, `models/`.
fn strip_type(s: &str) -> &str {
    ["datasets/", "spaces/", "models/"]
        .iter()
        .find_map(|p| strip_prefix_ci(s, p))
        .unwrap_or(s)
}

/// The part after `hf://` or `huggingface://`: `[type/]org/name[@rev|:rev][/path]`.
pub(crate) fn classify_uri(rest: &str) -> Classification {
    let body = strip_type(rest);
    let (org, tail) = body.split_once('/').unwrap_or(("", body));
    let name_end = tail.find(['/', '@', ':']).unwrap_or(tail.len());
    let name = tail.get(..name_end).unwrap_or(tail);
    let after = tail.get(name_end..).unwrap_or("");
    let repo = if org.is_empty() {
        name.to_owned()
    } else {
        format!("{org}/{name}")
    };
    match after.as_bytes().first() {
        Some(b'@') | Some(b':') => {
            let rev = take_rev(after.get(1..).unwrap_or(""));
            verdict(&repo, Some(&rev))
        }
        _ => verdict(&repo, None),
    }
}

/// `huggingface.co/<after>`: `[datasets/|spaces/]org/name[/resolve|blob|tree|commit|raw/<rev>/...]`.
pub(crate) fn classify_url(after: &str) -> Classification {
    let path = after.split(['?', '#']).next().unwrap_or("");
    let body = strip_type(path);
    let mut it = body.splitn(4, '/');
    let org = it.next().unwrap_or("");
    let name = it.next().unwrap_or("");
    let kind = it.next().unwrap_or("");
    let rest = it.next().unwrap_or("");
    let repo = format!("{org}/{name}");
    match kind {
        "resolve" | "blob" | "tree" | "commit" | "raw" | "commits" => {
            let rev = take_rev(rest);
            verdict(&repo, Some(&rev))
        }
        _ => verdict(&repo, None),
    }
}

/// Bare `org/name` or `org/name@rev` (the Hub's own shorthand).
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let (repo, rev) = match s.split_once('@') {
        Some((r, v)) => (r, Some(v)),
        None => (s, None),
    };
    let (org, name) = repo.split_once('/')?;
    // Orgs never contain `.` (that is a registry host); `:` would be an OCI tag or port.
    if !is_name(org) || !is_name(name) || org.contains('.') {
        return None;
    }
    if let Some(rev) = rev {
        if rev.is_empty() || strip_prefix_ci(rev, "sha256:").is_some() || rev.contains(':') {
            return None;
        }
    }
    Some(verdict(repo, rev))
}

/// Forced reading: `org/name[@rev]`, a URL, or a bare revision.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(rest) = strip_prefix_ci(s, "hf://").or_else(|| strip_prefix_ci(s, "huggingface://"))
    {
        return Some(classify_uri(rest));
    }
    if let Some(rest) = strip_prefix_ci(s, "https://huggingface.co/") {
        return Some(classify_url(rest));
    }
    if s.contains('/') && !s.starts_with("refs/") {
        return detect(s).or_else(|| Some(classify_uri(s)));
    }
    Some(classify_rev(s, HF))
}
