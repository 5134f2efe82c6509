//! Python requirements: `pkg==1.2.3 --hash=sha256:<hex>`, `pkg==1.2.3`, ranges, `pkg @ <url>`.

use super::Class::{Immutable, Mutable, Weak};
use super::digest::{classify_token, split};
use super::registry::{Form, Guess, Spec};
use super::scan::{q, strip_prefix_ci};
use super::{Class, Classification, Ecosystem, Identity};

const PIP: Ecosystem = Ecosystem::Pip;
const SECURE: &str = "https://pip.pypa.io/en/stable/topics/secure-installs/";
const SPECIFIERS: &str = "https://packaging.python.org/en/latest/specifications/version-specifiers/";
const DIRECT: &str = "https://packaging.python.org/en/latest/specifications/dependency-specifiers/";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: PIP,
    id: "pip",
    title: "pip requirements",
    summary: "`==` with `--hash` is immutable; `==` without a hash is weak; a range or no \
              version is mutable; a direct git reference is read by its revision.",
    claims: &[],
    guess: Some(Guess {
        rank: 40,
        when: |sh, _| sh.op || sh.space,
        detect,
    }),
    forced: Some(forced),
    version_slots: &["torch=={}", "torch==2.3.1 --hash=sha256:{}"],
    forms: &[
        Form::doc(
            "torch==2.3.1 --hash=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            Immutable,
            "pinned with hash",
            SECURE,
        )
        .id("pip:torch/2.3.1"),
        Form::doc("torch==2.3.1", Weak, "pinned without hash", SECURE),
        Form::doc("torch>=2", Mutable, "range", SPECIFIERS),
        Form::doc(
            "mylib @ git+https://github.com/org/mylib.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
            Immutable,
            "direct git ref at commit",
            DIRECT,
        ),
        Form::decided("torch", Mutable, "bare name under the pip hint", "an unpinned requirement installs the newest release").hinted(),
    ],
    notes: &[
        "**pip.** `==` (or `===`) without wildcard is weak; with at least one valid `--hash` it \
         is immutable with identity `Version{pip, <PEP 503 name>, <version>}` (the per-file \
         hashes differ per wheel, so the version is the shared identity). A malformed hash makes \
         the line mutable; an md5 or sha1 hash makes it weak.",
    ],
};
const OPS: &[&str] = &["===", "==", "~=", ">=", "<=", "!=", ">", "<"];

/// PEP 503 name normalisation: lowercase, runs of `-_.` become `-`.
pub(crate) fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Split a requirement into (name, rest after name and extras).
fn split_name(s: &str) -> Option<(&str, &str)> {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(s.len());
    let name = s.get(..end)?;
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut rest = s.get(end..)?.trim_start();
    if rest.starts_with('[') {
        rest = rest.get(rest.find(']')? + 1..)?.trim_start();
    }
    Some((name, rest))
}

/// Verdict on a `--hash=` value; `None` if it is a valid full digest.
fn bad_hash(v: &str) -> Option<Classification> {
    match split(v) {
        Some((alg, full, hex)) => {
            let c = classify_token(alg, full, hex, PIP);
            (c.class != Class::Immutable).then_some(c)
        }
        None => Some(Classification::mutable(
            PIP,
            format!("malformed hash {}", q(v)),
        )),
    }
}

/// `name @ <url>`.
fn direct(name: &str, url: &str) -> Classification {
    let url = url.trim();
    if strip_prefix_ci(url, "git+").is_some() {
        return super::git::classify_url(url).with_ecosystem(PIP);
    }
    if let Some((_, frag)) = url.split_once('#') {
        for part in frag.split('&') {
            if let Some((alg, hex)) = part.split_once('=') {
                if let Some((a, full)) = super::scan::algorithm(alg) {
                    return classify_token(a, full, hex, PIP);
                }
            }
        }
    }
    Classification::mutable(
        PIP,
        format!(
            "direct URL for {} without a hash can serve different bytes",
            q(name)
        ),
    )
}

/// Verdict on a requirement line.
fn requirement(s: &str, bare_ok: bool) -> Option<Classification> {
    let (name, rest) = split_name(s)?;
    if let Some(url) = rest.strip_prefix('@') {
        // `img@sha256:...` is an image, not a requirement: PEP 508 direct refs are URLs.
        return url.contains("://").then(|| direct(name, url));
    }
    if !rest.is_empty() && !rest.starts_with("--") && !OPS.iter().any(|op| rest.starts_with(op)) {
        return None;
    }
    // Spec runs up to an environment marker or an option; whitespace inside is insignificant.
    let spec_end = [rest.find(';'), rest.find("--")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    let spec: String = rest
        .get(..spec_end)
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let spec = spec.as_str();
    let options = rest.get(spec_end..).unwrap_or("");
    if spec.is_empty() {
        if !bare_ok && !options.contains("--hash") {
            return None;
        }
        return Some(
            Classification::mutable(
                PIP,
                format!(
                    "unpinned requirement {} installs the newest release",
                    q(name)
                ),
            )
            .locator(),
        );
    }
    if !OPS.iter().any(|op| spec.starts_with(op)) {
        return None;
    }
    let pinned = if spec.contains(',') || spec.contains('*') {
        None
    } else {
        spec.strip_prefix("===").or_else(|| spec.strip_prefix("=="))
    };
    let Some(version) = pinned.map(str::trim).filter(|v| !v.is_empty()) else {
        return Some(Classification::mutable(
            PIP,
            format!("{} is a range that picks the newest match", q(spec)),
        ));
    };
    let id = Identity::version("pip", &normalise(name), version);
    let mut hashes = 0;
    for piece in options.split_whitespace() {
        let Some(v) = piece.strip_prefix("--hash=") else {
            continue;
        };
        if let Some(c) = bad_hash(v) {
            return Some(c);
        }
        hashes += 1;
    }
    if hashes > 0 {
        return Some(Classification::immutable(
            PIP,
            format!("{} with `--hash` pins the exact file", q(spec)),
            id,
        ));
    }
    Some(Classification::weak(
        PIP,
        format!(
            "{} without `--hash` trusts the index to serve the same file",
            q(spec)
        ),
        Some(id),
    ))
}

/// Requirements with a version specifier, hash or direct URL.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    requirement(s, false)
}

/// Forced reading: a bare `pkg` is an unpinned requirement.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    requirement(s, true)
}
