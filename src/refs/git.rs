//! Git revisions: full and short SHAs, branches, tags, `git+https://...@<rev>` and forge URLs.

use super::scan::{
    BRANCH_WORDS, eq_any, has_upper, is_hex, is_mixed_hex, is_version_like, q, strip_prefix_ci,
};
use super::{Classification, Ecosystem, Identity};

/// Verdict on a git revision `rev` as used by ecosystem `eco` (git, Hugging Face, DVC, pip).
pub(crate) fn classify_rev(rev: &str, eco: Ecosystem) -> Classification {
    if rev.is_empty() {
        return Classification::mutable(eco, "no revision: follows the default branch");
    }
    if is_hex(rev) && matches!(rev.len(), 40 | 64) {
        let id = Identity::commit(rev);
        if has_upper(rev) {
            return Classification::weak(
                eco,
                "non-canonical commit SHA: uppercase hex (normalised to lowercase)",
                Some(id),
            );
        }
        return Classification::immutable(eco, "full commit SHA pins the exact tree", id);
    }
    if (7..40).contains(&rev.len()) && is_mixed_hex(rev) {
        return Classification::weak(
            eco,
            format!("short SHA {} can become ambiguous", q(rev)),
            Some(Identity::commit(rev)),
        );
    }
    if let Some(rest) = rev.strip_prefix("refs/") {
        if rest.starts_with("pr/")
            || rest.starts_with("pull/")
            || rest.starts_with("merge-requests/")
        {
            return Classification::mutable(
                eco,
                format!("{} is a pull-request head that moves", q(rev)),
            );
        }
        if rest.starts_with("convert/") {
            return Classification::mutable(
                eco,
                format!("{} is a bot-maintained branch that is rewritten", q(rev)),
            );
        }
        if let Some(tag) = rest.strip_prefix("tags/") {
            return Classification::weak(
                eco,
                format!("tag {} can be moved or re-created", q(tag)),
                None,
            );
        }
        let name = rest.strip_prefix("heads/").unwrap_or(rest);
        return Classification::mutable(eco, format!("{} is a branch that moves", q(name)));
    }
    if rev.contains(['~', '^']) || rev.contains("@{") || rev.eq_ignore_ascii_case("head") {
        return Classification::mutable(
            eco,
            format!("{} is relative to whatever is checked out", q(rev)),
        );
    }
    if eq_any(rev, BRANCH_WORDS) {
        return Classification::mutable(eco, format!("{} is a branch that moves", q(rev)));
    }
    if is_version_like(rev) {
        return Classification::weak(
            eco,
            format!("{} looks like a tag; git tags can be moved", q(rev)),
            None,
        );
    }
    Classification::mutable(
        eco,
        format!("{} is a branch or tag name, which can move", q(rev)),
    )
}

/// Whole strings that are clearly git revisions: 40-hex, `refs/...`, `HEAD`, branch words,
/// `v1.2.3` tags.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let is_rev = (is_hex(s) && s.len() == 40)
        || s.starts_with("refs/")
        || s.starts_with("HEAD")
        || eq_any(s, BRANCH_WORDS)
        || (s.starts_with(['v', 'V']) && is_version_like(s));
    is_rev.then(|| classify_rev(s, Ecosystem::Git))
}

/// `git+https://host/repo.git@<rev>#frag`, `git://host/repo@rev`, `git@host:org/repo.git@rev`.
pub(crate) fn classify_url(s: &str) -> Classification {
    let s = s.split('#').next().unwrap_or(s);
    let s = strip_prefix_ci(s, "git+").unwrap_or(s);
    // Where the path starts: after `scheme://host/` or after `user@host:`.
    let path_start = match s.find("://") {
        Some(i) => s
            .get(i + 3..)
            .and_then(|r| r.find('/'))
            .map_or(s.len(), |j| i + 3 + j),
        None => s.find(':').unwrap_or(s.len()),
    };
    let path = s.get(path_start..).unwrap_or("");
    match path.rfind('@') {
        Some(at) => classify_rev(path.get(at + 1..).unwrap_or(""), Ecosystem::Git),
        None => Classification::mutable(
            Ecosystem::Git,
            "repository URL without `@<rev>` follows the default branch",
        ),
    }
}

/// Forge web URLs (`github.com/o/r/commit/<sha>`, `/tree/<rev>`, `/blob/<rev>/...`,
/// `/releases/tag/<tag>`); `after` is the part after the host.
pub(crate) fn classify_web(full: &str, after: &str) -> Classification {
    let path = after.split(['?', '#']).next().unwrap_or("");
    // Skip owner and repo, and GitLab's `-` separator.
    let mut seg = path
        .split('/')
        .filter(|p| !p.is_empty())
        .skip(2)
        .skip_while(|p| *p == "-");
    let kind = seg.next().unwrap_or("");
    let rev = seg.next().unwrap_or("");
    match kind {
        "commit" | "commits" | "tree" | "blob" | "raw" | "archive" => {
            let rev = rev
                .strip_suffix(".tar.gz")
                .or_else(|| rev.strip_suffix(".zip"))
                .unwrap_or(rev);
            classify_rev(rev, Ecosystem::Git)
        }
        "releases" | "tags" => {
            let tag = if rev == "tag" {
                seg.next().unwrap_or("")
            } else {
                rev
            };
            Classification::weak(
                Ecosystem::Git,
                format!("release tag {} can be moved or re-created", q(tag)),
                None,
            )
        }
        _ if full.contains('@') => classify_url(full),
        _ => Classification::mutable(
            Ecosystem::Git,
            "repository URL without a revision follows the default branch",
        ),
    }
}

/// Forced reading: any string is a git URL or revision.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if s.contains("://") || s.starts_with("git@") {
        return Some(classify_url(s));
    }
    Some(classify_rev(s, Ecosystem::Git))
}
