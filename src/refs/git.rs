//! Git revisions: full and short SHAs, `^{commit}` peels, branches, tags, `git+https://...@<rev>`
//! and forge URLs.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, Guess, On, Spec};
use super::scan::{
    BRANCH_WORDS, eq_any, has_upper, is_hex, is_mixed_hex, is_version_like, q, strip_prefix_ci,
};
use super::{Classification, Ecosystem, Identity};

const E: Ecosystem = Ecosystem::Git;
const REVISIONS: &str = "https://git-scm.com/docs/gitrevisions";
const RETAG: &str = "https://git-scm.com/docs/git-tag#_on_re_tagging";
const C40: &str = "a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: E,
    id: "git",
    title: "Git",
    summary: "A full commit SHA (also peeled with `^{commit}`) is immutable; a short SHA or a \
              tag is weak; a branch, `HEAD` or a relative revision is mutable.",
    claims: &[
        Claim { on: On::Scheme("git"), read: url_claim },
        Claim { on: On::Scheme("git+https"), read: url_claim },
        Claim { on: On::Scheme("git+http"), read: url_claim },
        Claim { on: On::Scheme("git+ssh"), read: url_claim },
        Claim { on: On::Scheme("git+git"), read: url_claim },
        Claim { on: On::Scheme("git+file"), read: url_claim },
        Claim { on: On::Prefix("git@"), read: url_claim },
        Claim { on: On::Host("github.com"), read: web_claim },
        Claim { on: On::Host("www.github.com"), read: web_claim },
        Claim { on: On::Host("gitlab.com"), read: web_claim },
        Claim { on: On::Host("bitbucket.org"), read: web_claim },
        Claim { on: On::Host("raw.githubusercontent.com"), read: raw_claim },
    ],
    guess: Some(Guess {
        rank: 90,
        when: |sh, s| sh.bare() || s.starts_with("refs/") || s.contains("^{"),
        detect,
    }),
    forced: Some(forced),
    version_slots: &["git+https://github.com/org/repo.git@{}", "https://github.com/org/repo/commit/{}"],
    forms: &[
        Form::doc(C40, Immutable, "full commit SHA", REVISIONS).id("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9"),
        Form::doc("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9^{commit}", Immutable, "full SHA peeled to a commit", REVISIONS)
            .id("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9"),
        Form::doc("v1.2.3^{commit}", Weak, "tag peeled to a commit", RETAG),
        Form::decided(
            "0000000000000000000000000000000000000000",
            Mutable,
            "all-zero SHA",
            "git's null object id (a ref being created or deleted in a hook) names no commit",
        )
        .reads_as(Ecosystem::Generic),
        Form::doc("git+https://github.com/org/repo.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Immutable, "URL at commit", REVISIONS),
        Form::decided(
            "git+https://github.com/org/repo.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a",
            Weak,
            "39 hex digits",
            "git resolves it as an abbreviation, but one digit short of a full SHA is almost always a truncated copy",
        ),
        Form::decided(
            "git+https://github.com/org/repo.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a97",
            Mutable,
            "41 hex digits",
            "neither a SHA-1 (40) nor a SHA-256 (64) commit id: a copy error; SHA-256 repositories are rare enough to fail closed",
        ),
        Form::doc("git+https://github.com/org/repo.git", Mutable, "URL without revision", REVISIONS),
        Form::doc("main", Mutable, "branch", REVISIONS),
        Form::doc("refs/heads/release", Mutable, "branch ref", REVISIONS),
        Form::doc("refs/tags/v1.2.0", Weak, "tag ref", RETAG),
        Form::doc("v1.2.3", Weak, "version tag", RETAG),
        Form::doc("HEAD", Mutable, "relative ref", REVISIONS),
        Form::doc("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9~2", Weak, "ancestor of a full SHA", REVISIONS),
        Form::doc("https://github.com/org/repo/commit/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Immutable, "forge commit URL", REVISIONS),
        Form::doc("https://github.com/org/repo/releases/tag/v2.0.0", Weak, "forge release URL", RETAG),
        Form::doc("https://raw.githubusercontent.com/org/repo/main/model/config.json", Mutable, "raw file URL at a branch", REVISIONS),
        Form::doc(
            "https://raw.githubusercontent.com/org/repo/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/model/config.json",
            Immutable,
            "raw file URL at a commit",
            REVISIONS,
        ),
    ],
    notes: &[
        "**Tags are weak.** `git tag -f` and a force-push re-point a tag (git's own documentation \
         warns that others may already have the old one); a version-looking tag is weak, a \
         word tag mutable. `<tag>^{commit}` peels whatever the tag points at now, so it stays \
         weak; `<full sha>^{commit}` is the same commit and stays immutable.",
        "**Near-misses.** 39 hex digits is weak (git resolves an abbreviation) with a reason \
         saying it is probably truncated; 41 to 63 hex digits is mutable: neither a SHA-1 (40) \
         nor a SHA-256 (64) id. The all-zero SHA is git's null id and a placeholder. An ancestor \
         of a full SHA (`<sha>~2`) is fixed, but its own SHA is not written: weak without an \
         identity.",
    ],
};

fn url_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_url(c.text))
}

fn web_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_web(c.text, c.rest))
}

/// `raw.githubusercontent.com/<owner>/<repo>/<rev>/<path>`.
fn raw_claim(c: &Claimed<'_>) -> Option<Classification> {
    let path = c.rest.split(['?', '#']).next().unwrap_or("");
    let rev = path.split('/').filter(|p| !p.is_empty()).nth(2).unwrap_or("");
    Some(classify_rev(rev, E))
}

/// Object types `^{type}` may peel to.
const PEEL: &[&str] = &["", "commit", "tree", "blob", "tag", "object"];

/// Verdict on a git revision `rev` as used by ecosystem `eco` (git, Hugging Face, DVC, pip, purl).
pub(crate) fn classify_rev(rev: &str, eco: Ecosystem) -> Classification {
    if rev.is_empty() {
        return Classification::mutable(eco, "no revision: follows the default branch").locator();
    }
    if let Some(i) = rev.find("^{") {
        let (base, peel) = (rev.get(..i).unwrap_or(""), rev.get(i + 2..).unwrap_or(""));
        if let Some(kind) = peel.strip_suffix('}').filter(|k| PEEL.contains(k)) {
            if !base.is_empty() && !base.contains(['^', '~', '{']) {
                let mut c = classify_rev(base, eco);
                c.locator = false;
                c.reason = format!("{} (`^{{{kind}}}` peels it; it adds no pin)", c.reason);
                return c;
            }
        }
        return Classification::mutable(
            eco,
            format!("{} searches or peels a moving revision", q(rev)),
        );
    }
    if is_hex(rev) {
        match rev.len() {
            40 | 64 => {
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
            41..=63 if is_mixed_hex(rev) => {
                return Classification::mutable(
                    eco,
                    format!(
                        "{} hex digits is neither a full SHA-1 (40) nor a full SHA-256 (64) commit id",
                        rev.len()
                    ),
                );
            }
            39 if is_mixed_hex(rev) => {
                return Classification::weak(
                    eco,
                    "39 hex digits is one short of a full commit SHA: probably truncated; git reads it as an abbreviation",
                    Some(Identity::commit(rev)),
                );
            }
            7..=38 if is_mixed_hex(rev) => {
                return Classification::weak(
                    eco,
                    format!("short SHA {} can become ambiguous", q(rev)),
                    Some(Identity::commit(rev)),
                );
            }
            _ => {}
        }
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
        let base = rev.split(['~', '^', '@']).next().unwrap_or("");
        if is_hex(base) && matches!(base.len(), 40 | 64) && !rev.contains("@{") {
            return Classification::weak(
                eco,
                format!(
                    "{} is an ancestor of a pinned commit: fixed, but its own SHA is not written",
                    q(rev)
                ),
                None,
            );
        }
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
/// `v1.2.3` tags, and any of those peeled with `^{commit}`.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let base = s.split("^{").next().unwrap_or(s);
    let is_rev = (is_hex(base) && base.len() == 40)
        || s.starts_with("refs/")
        || s.starts_with("HEAD")
        || (s.contains("@{") && !s.contains('/'))
        || eq_any(s, BRANCH_WORDS)
        || (s.contains("^{") && eq_any(base, BRANCH_WORDS))
        || (base.starts_with(['v', 'V']) && is_version_like(base))
        || (s.contains("^{") && is_version_like(base))
        || (is_hex(base) && base.len() == 64 && s.contains("^{"))
        || ((s.contains('~') || s.contains('^'))
            && is_hex(s.split(['~', '^']).next().unwrap_or(""))
            && s.split(['~', '^']).next().is_some_and(|h| h.len() == 40));
    is_rev.then(|| classify_rev(s, E))
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
        Some(at) => classify_rev(path.get(at + 1..).unwrap_or(""), E),
        None => Classification::mutable(
            E,
            "repository URL without `@<rev>` follows the default branch",
        )
        .locator(),
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
            classify_rev(rev, E)
        }
        "releases" | "tags" => {
            let tag = if rev == "tag" {
                seg.next().unwrap_or("")
            } else {
                rev
            };
            Classification::weak(
                E,
                format!("release tag {} can be moved or re-created", q(tag)),
                None,
            )
        }
        _ if full.contains('@') => classify_url(full),
        _ => Classification::mutable(
            E,
            "repository URL without a revision follows the default branch",
        )
        .locator(),
    }
}

/// Forced reading: any string is a git URL or revision.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if s.contains("://") || s.starts_with("git@") {
        return Some(classify_url(s));
    }
    Some(classify_rev(s, E))
}
