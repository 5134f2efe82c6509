//! OCI / Docker image references: `[registry[:port]/]repo[:tag][@sha256:<hex>]`.

use super::Class::{Immutable, Mutable, Weak};
use super::digest::{classify_token, split};
use super::registry::{Claim, Claimed, Form, Guess, On, Spec};
use super::scan::{MOVING_WORDS, eq_any, first_full_token, is_version_like, q};
use super::{Classification, Ecosystem};

const DIST: &str = "https://github.com/opencontainers/distribution-spec/blob/main/spec.md";
const DESCRIPTOR: &str = "https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests";
const PULL: &str = "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier";
const TAG: &str = "https://docs.docker.com/reference/cli/docker/image/tag/";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: Ecosystem::Oci,
    id: "oci",
    title: "OCI / Docker images",
    summary: "An image by digest is immutable (a tag next to it is ignored); a version tag is \
              weak; no tag, `latest` or a word tag is mutable.",
    claims: &[
        Claim { on: On::Scheme("oci"), read: scheme_claim },
        Claim { on: On::Scheme("docker"), read: scheme_claim },
    ],
    guess: Some(Guess {
        rank: 120,
        when: |sh, _| !sh.space,
        detect,
    }),
    forced: Some(forced),
    version_slots: &["ghcr.io/org/app:{}", "ghcr.io/org/app@{}", "ghcr.io/org/app@sha256:{}", "oci://registry.example.com/models/llm:{}"],
    forms: &[
        Form::doc("ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", Immutable, "image by digest", PULL)
            .id("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"),
        Form::doc(
            "ghcr.io/org/app:2.4.1@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            Immutable,
            "tag plus digest: digest decides",
            PULL,
        ),
        Form::decided("ghcr.io/org/app:2.4.1", Weak, "version tag", "a tag can be re-pushed; a version-looking tag usually is not, by convention only"),
        Form::doc("ghcr.io/org/app:latest", Mutable, "`latest` tag", TAG),
        Form::doc("localhost:5000/app", Mutable, "no tag (port is not a tag)", TAG),
        Form::doc("ghcr.io/org/app:stable", Mutable, "moving tag word", DIST),
        Form::doc("ghcr.io/org/app@sha256:3B2F2C1F7E9C4A5D8B6E0F1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D", Weak, "uppercase digest", DESCRIPTOR),
        Form::doc("ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1", Mutable, "wrong-length digest", DESCRIPTOR),
        Form::decided("oci://registry.example.com/models/llm:1.0", Weak, "`oci://` prefix (KServe modelcar)", "the `oci://` prefix adds nothing: the image rules apply"),
    ],
    notes: &[
        "**Version tags are weak, named tags mutable.** A tag that looks like a version (`2.4.1`, \
         `v2`, `8b`, `70b-instruct-q4_K_M`) is weak because it can be re-pushed; a tag that is a \
         word (`cuda`, `stable`) is mutable. A digest always decides over a tag. `name:tag` and \
         anything with a registry host (`ghcr.io/`, `localhost:5000/`) is read as an image; \
         `llama3:8b` is read as OCI (say `ollama://` or pass the Ollama hint to get Ollama).",
    ],
};

fn scheme_claim(c: &Claimed<'_>) -> Option<Classification> {
    let r = c.rest.strip_prefix("//")?;
    Some(classify_ref(r, Ecosystem::Oci))
}

/// Characters allowed anywhere in an image reference.
fn plausible(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/' | b':' | b'@')
        })
}

/// `host[:port]` as the first path segment: contains `.` or `:`, or is `localhost`.
fn is_registry_host(seg: &str) -> bool {
    seg.contains(['.', ':']) || seg.eq_ignore_ascii_case("localhost")
}

/// Split `name[:tag]` into (name, tag); a `:` before the last `/` is a registry port.
fn split_tag(name: &str) -> (&str, Option<&str>) {
    let slash = name.rfind('/').map_or(0, |i| i + 1);
    match name.get(slash..).and_then(|last| last.rfind(':')) {
        Some(c) => (
            name.get(..slash + c).unwrap_or(name),
            name.get(slash + c + 1..),
        ),
        None => (name, None),
    }
}

/// A valid OCI tag: `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

/// Verdict on an image reference (no scheme) read as ecosystem `eco` (OCI or Ollama).
pub(crate) fn classify_ref(r: &str, eco: Ecosystem) -> Classification {
    let (name, digest) = match r.rfind('@') {
        Some(at) => (r.get(..at).unwrap_or(""), r.get(at + 1..)),
        None => (r, None),
    };
    let (repo, tag) = split_tag(name);
    if let Some(d) = digest {
        let mut c = match split(d) {
            Some((alg, full, hex)) if d.as_bytes().get(alg.len()) == Some(&b':') => {
                classify_token(alg, full, hex, eco)
            }
            _ => Classification::mutable(
                eco,
                format!("malformed digest: {} is not `sha256:<64 hex>`", q(d)),
            ),
        };
        if let (Some(t), super::Class::Immutable) = (tag, c.class) {
            c.reason = format!("{} (tag {} is ignored)", c.reason, q(t));
        }
        return c;
    }
    let Some(tag) = tag else {
        let who = if eco == Ecosystem::Ollama {
            "Ollama model"
        } else {
            "image"
        };
        return Classification::mutable(
            eco,
            format!(
                "{who} {} has no tag, which means `latest`, a moving tag",
                q(repo)
            ),
        )
        .locator();
    };
    classify_tag(tag, eco)
}

/// Verdict on an image tag without a digest.
pub(crate) fn classify_tag(tag: &str, eco: Ecosystem) -> Classification {
    if !valid_tag(tag) {
        return Classification::mutable(eco, format!("malformed tag {}", q(tag)));
    }
    if tag.eq_ignore_ascii_case("latest") {
        return Classification::mutable(eco, "`latest` is a moving tag");
    }
    if eq_any(tag, MOVING_WORDS) {
        return Classification::mutable(eco, format!("{} is a moving tag", q(tag)));
    }
    if let Some(id) = first_full_token(tag) {
        return Classification::weak(
            eco,
            "digest embedded in a tag is only a naming convention",
            Some(id),
        );
    }
    if is_version_like(tag) {
        return Classification::weak(
            eco,
            format!(
                "version tag {} can be re-pushed; only `@sha256:<digest>` pins the image",
                q(tag)
            ),
            None,
        );
    }
    Classification::mutable(
        eco,
        format!(
            "tag {} is a name, not a version, and can be re-pushed",
            q(tag)
        ),
    )
}

/// Image references without a scheme: a tag, a digest, or a registry host in front.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if !plausible(s) {
        return None;
    }
    let first = s.split('/').next().unwrap_or("");
    let has_host = s.contains('/') && is_registry_host(first);
    let (name, _) = split_tag(s.split('@').next().unwrap_or(s));
    let has_tag = name.len() < s.split('@').next().unwrap_or(s).len();
    if !(has_host || has_tag || s.contains('@')) {
        return None;
    }
    let host = first.to_ascii_lowercase();
    if has_host && (host == "registry.ollama.ai" || host == "ollama.com") {
        return Some(super::ollama::classify_ref(s));
    }
    Some(classify_ref(s, Ecosystem::Oci))
}

/// Forced reading as an image reference.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    let s = super::scan::strip_prefix_ci(s, "oci://")
        .or_else(|| super::scan::strip_prefix_ci(s, "docker://"))
        .unwrap_or(s);
    plausible(s).then(|| classify_ref(s, Ecosystem::Oci))
}
