//! DVC: `md5:` entries of `.dvc` files and `dvc.lock` (`.dir` for directories), import
//! `rev_lock:` / `rev:` entries, `dvc get|import <url> <path> --rev <rev>` commands, and
//! `dvc://<repo>@<rev>/path`.

use super::Class::{Immutable, Mutable, Weak};
use super::git::classify_rev;
use super::registry::{Claim, Claimed, Form, Guess, On, Spec};
use super::scan::{find_ascii, is_hex, q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const DVC: Ecosystem = Ecosystem::Dvc;
const DVC_FILES: &str = "https://dvc.org/doc/user-guide/project-structure/dvc-files";
const LOCK: &str = "https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#dvclock-file";
const IMPORT: &str = "https://dvc.org/doc/command-reference/import";
const GET: &str = "https://dvc.org/doc/command-reference/get";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: DVC,
    id: "dvc",
    title: "DVC",
    summary: "An import locked to a commit (`rev_lock:`, `--rev <sha>`) is immutable; an `md5:` \
              entry or a tag is weak; a branch or no revision is mutable.",
    claims: &[
        Claim { on: On::Scheme("dvc"), read: uri_claim },
        Claim { on: On::Prefix("dvc get "), read: command_claim },
        Claim { on: On::Prefix("dvc import "), read: command_claim },
    ],
    guess: Some(Guess {
        rank: 20,
        when: |sh, _| sh.colon && sh.space,
        detect,
    }),
    forced: Some(forced),
    version_slots: &[
        "dvc get https://github.com/iterative/dataset-registry get-started/data.xml --rev {}",
        "rev_lock: {}",
        "md5: {}",
    ],
    forms: &[
        Form::doc("md5: d41d8cd98f00b204e9800998ecf8427e", Weak, "`.dvc` / `dvc.lock` md5", DVC_FILES)
            .id("md5:d41d8cd98f00b204e9800998ecf8427e"),
        Form::doc("md5: 153aad06d376b6595932470e459ef42a.dir", Weak, "directory md5 (`.dir`)", LOCK),
        Form::doc("rev_lock: a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Immutable, "import locked to a commit", IMPORT)
            .id("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9"),
        Form::doc("rev: main", Mutable, "import following a branch", IMPORT),
        Form::doc(
            "dvc get https://github.com/iterative/dataset-registry get-started/data.xml --rev a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
            Immutable,
            "`dvc get --rev <sha>`",
            GET,
        ),
        Form::decided(
            "dvc import https://github.com/iterative/dataset-registry get-started/data.xml --rev cats-dogs-v1",
            Mutable,
            "`dvc import --rev <name>`",
            "a named revision may be a branch or a tag and git cannot tell from the name: fail closed",
        ),
        Form::doc(
            "dvc import https://github.com/iterative/dataset-registry get-started/data.xml --rev v2.0.1",
            Weak,
            "`dvc import --rev <version tag>`",
            IMPORT,
        ),
        Form::doc(
            "dvc import https://github.com/iterative/dataset-registry get-started/data.xml",
            Mutable,
            "`dvc import` without `--rev`",
            IMPORT,
        ),
        Form::decided(
            "dvc://github.com/org/data@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/data/train.csv",
            Immutable,
            "`dvc://` at commit",
            "`dvc://` is a skillgate convention: the git revision of the DVC repository decides",
        ),
        Form::decided("dvc://github.com/org/data/data/train.csv", Mutable, "`dvc://` without revision", "follows the default branch"),
    ],
    notes: &[
        "**DVC.** An `md5:` value (also `<md5>.dir`, also inside a whole `.dvc` or `dvc.lock` \
         text) is weak with a `Digest{md5}` identity. An import entry is read by its git \
         revision: `rev_lock:` is the commit DVC resolved and locked (immutable at a full SHA); \
         `rev:` is what was asked for (a branch moves, a tag is weak); `rev_lock` wins when both \
         are present. `dvc get` / `dvc import` commands are read by `--rev` (`-r` is not \
         accepted: in DVC it names a remote).",
    ],
};

fn uri_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_uri(c.rest.strip_prefix("//")?))
}

/// `dvc get|import <url> <path> [options]`: the revision is `--rev <rev>` / `--rev=<rev>`.
fn command_claim(c: &Claimed<'_>) -> Option<Classification> {
    let mut words = c.rest.split_whitespace();
    let mut rev: Option<&str> = None;
    let mut url: Option<&str> = None;
    while let Some(w) = words.next() {
        if w == "--rev" {
            rev = words.next();
        } else if let Some(v) = w.strip_prefix("--rev=") {
            rev = Some(v);
        } else if url.is_none() && !w.starts_with('-') {
            url = Some(w);
        }
    }
    let url = url.unwrap_or("");
    Some(match rev {
        Some(r) => {
            let c = classify_rev(r, DVC);
            let reason = format!("`--rev {}` of {}: {}", r, q(url), c.reason);
            Classification { reason, ..c }
        }
        None => Classification::mutable(
            DVC,
            format!(
                "no `--rev`: {} is read at its default branch, which moves",
                q(url)
            ),
        )
        .locator(),
    })
}

/// Verdict on the value of an `md5:` field.
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

/// The value after `key` followed by whitespace, up to whitespace or a quote.
fn value_after<'a>(s: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    loop {
        let i = from + find_ascii(s.get(from..)?, key)?;
        let before = i.checked_sub(1).and_then(|j| s.as_bytes().get(j)).copied();
        let after = s.get(i + key.len()..)?;
        if before.is_none_or(|b| b.is_ascii_whitespace() || b == b'-' || b == b'{' || b == b',')
            && after.starts_with([' ', '\t'])
        {
            let v = after.trim_start_matches([' ', '\t', '\'', '"']);
            let end = v
                .find(|c: char| c.is_whitespace() || c == '\'' || c == '"' || c == ',' || c == '}')
                .unwrap_or(v.len());
            return v.get(..end);
        }
        from = i + key.len();
    }
}

/// `.dvc` / `dvc.lock` content (or a single line): `rev_lock:`, then `rev:`, then `md5:`.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if let Some(v) = value_after(s, "rev_lock:") {
        let c = classify_rev(v, DVC);
        let reason = format!("`rev_lock` (the commit DVC locked the import to): {}", c.reason);
        return Some(Classification { reason, ..c });
    }
    if let Some(v) = value_after(s, "rev:") {
        let c = classify_rev(v, DVC);
        let reason = format!("import `rev` without `rev_lock`: {}", c.reason);
        return Some(Classification { reason, ..c });
    }
    value_after(s, "md5:").map(md5_value)
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
        )
        .locator(),
    }
}

/// Forced reading: `.dvc` md5 text, a bare 32-hex md5, `dvc://...`, a command, or a git revision.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(c) = detect(s) {
        return Some(c);
    }
    if let Some(rest) = strip_prefix_ci(s, "dvc://") {
        return Some(classify_uri(rest));
    }
    for p in ["dvc get ", "dvc import "] {
        if let Some(rest) = strip_prefix_ci(s, p) {
            return command_claim(&Claimed {
                text: s,
                rest,
                host: "",
            });
        }
    }
    if let Some(v) = strip_prefix_ci(s, "md5:") {
        return Some(md5_value(v.trim()));
    }
    let bare = s.strip_suffix(".dir").unwrap_or(s);
    if bare.len() == 32 && is_hex(bare) {
        return Some(md5_value(s));
    }
    Some(classify_rev(s, DVC))
}
