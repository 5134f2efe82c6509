//! Hugging Face Hub: `org/name[@rev]`, `hf://[datasets/|spaces/]org/name[@rev]`, `huggingface.co` URLs.

use super::Class::{Immutable, Mutable, Weak};
use super::git::classify_rev;
use super::registry::{Claim, Claimed, Form, Guess, On, Spec};
use super::scan::{q, strip_prefix_ci};
use super::{Classification, Ecosystem};

const HF: Ecosystem = Ecosystem::HuggingFace;
const DOWNLOAD: &str = "https://huggingface.co/docs/huggingface_hub/guides/download";
const HFFS: &str = "https://huggingface.co/docs/huggingface_hub/guides/hf_file_system";
const PR: &str = "https://huggingface.co/docs/hub/repositories-pull-requests-discussions";
const PARQUET: &str = "https://huggingface.co/docs/dataset-viewer/parquet";
const KSERVE_HF: &str = "https://github.com/kserve/kserve/blob/master/python/storage/README.md";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: HF,
    id: "hugging-face",
    title: "Hugging Face Hub",
    summary: "A repository at a full commit SHA is immutable; at a tag or short SHA weak; \
              without a revision, at a branch or at a pull-request ref mutable.",
    claims: &[
        Claim { on: On::Scheme("hf"), read: uri_claim },
        Claim { on: On::Scheme("huggingface"), read: uri_claim },
        Claim { on: On::Host("huggingface.co"), read: url_claim },
        Claim { on: On::Host("www.huggingface.co"), read: url_claim },
        Claim { on: On::Host("hf.co"), read: url_claim },
    ],
    guess: Some(Guess {
        rank: 110,
        when: |sh, _| sh.slashes >= 1 && !sh.space,
        detect,
    }),
    forced: Some(forced),
    version_slots: &["org/model@{}", "hf://org/model@{}", "hf://org/model:{}", "https://huggingface.co/org/model/resolve/{}/model.safetensors"],
    forms: &[
        Form::doc("meta-llama/Llama-3.1-8B", Mutable, "repo without revision", DOWNLOAD),
        Form::doc("meta-llama/Llama-3.1-8B@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Immutable, "repo at full commit", DOWNLOAD)
            .id("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9"),
        Form::doc("meta-llama/Llama-3.1-8B@main", Mutable, "repo at branch", DOWNLOAD),
        Form::decided("meta-llama/Llama-3.1-8B@a9e1c4b", Weak, "repo at short commit", "a short SHA resolves while it is unambiguous in the repository"),
        Form::decided("meta-llama/Llama-3.1-8B@v1.0", Weak, "repo at version tag", "Hub tags are git tags and can be moved by the repository owner"),
        Form::doc("hf://datasets/org/name@refs/pr/3", Mutable, "pull-request ref", PR),
        Form::doc("hf://datasets/org/name@refs%2Fconvert%2Fparquet", Mutable, "bot-converted branch", PARQUET),
        Form::doc("hf://org/name", Mutable, "`hf://` without revision", HFFS),
        Form::doc("hf://org/name@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/model.safetensors", Immutable, "`hf://` at commit, with a path", HFFS),
        Form::doc("hf://org/name:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Immutable, "KServe `hf://org/name:<rev>`", KSERVE_HF),
        Form::doc(
            "https://huggingface.co/org/name/resolve/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/model.safetensors",
            Immutable,
            "resolve URL at commit",
            DOWNLOAD,
        ),
        Form::doc("https://huggingface.co/org/name/blob/main/config.json", Mutable, "blob URL at branch", DOWNLOAD),
        Form::decided("https://huggingface.co/org/name/tree/v2.0", Weak, "tree URL at tag", "Hub tags are git tags and can be moved"),
    ],
    notes: &[
        "**Guessing.** Without a hint, a bare `org/name[@rev]` is read as a Hugging Face \
         repository; orgs never contain `.` (that would be a registry host) and a `:` makes it \
         an image tag. `hf://org/name:<rev>` is KServe's spelling and is read like `@<rev>`.",
    ],
};

fn uri_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_uri(c.rest.strip_prefix("//").unwrap_or(c.rest)))
}

fn url_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_url(c.rest.trim_start_matches('/')))
}

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
        None => Classification::mutable(
            HF,
            format!("{} without a revision tracks `main`", q(repo)),
        )
        .locator(),
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
