//! Ollama models: `ollama://name[:tag][@sha256:<hex>]`, `registry.ollama.ai/library/name:tag`.

use super::Class::{Immutable, Mutable, Weak};
use super::oci;
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::{Classification, Ecosystem};

const API: &str = "https://github.com/ollama/ollama/blob/main/docs/api.md#model-names";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: Ecosystem::Ollama,
    id: "ollama",
    title: "Ollama",
    summary: "A model by digest is immutable; a version-like tag (`8b`, `70b-instruct-q4_K_M`) \
              is weak; no tag or `latest` is mutable.",
    claims: &[
        Claim { on: On::Scheme("ollama"), read: scheme_claim },
        Claim { on: On::Host("ollama.com"), read: http_claim },
        Claim { on: On::Host("registry.ollama.ai"), read: http_claim },
    ],
    guess: None,
    forced: Some(forced),
    version_slots: &["ollama://llama3:{}", "ollama://llama3@sha256:{}"],
    forms: &[
        Form::decided("ollama://llama3:8b", Weak, "version-like tag", "the library can re-push a tag; a size or quantisation tag is a version by convention"),
        Form::doc("ollama://llama3", Mutable, "no tag", API),
        Form::doc("ollama://llama3:latest", Mutable, "`latest`", API),
        Form::decided(
            "ollama://llama3@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            Immutable,
            "digest",
            "Ollama models are OCI artifacts: a manifest digest pins them",
        ),
        Form::decided("registry.ollama.ai/library/llama3:8b", Weak, "registry path", "the same OCI tag rules"),
    ],
    notes: &[],
};

fn scheme_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_ref(c.rest.strip_prefix("//")?))
}

fn http_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_ref(&format!("{}{}", c.host, c.rest)))
}

/// Verdict on an Ollama model reference (scheme already removed). Ollama models are OCI
/// artifacts, so OCI rules apply: digest immutable, no tag or `latest` mutable, other
/// version-like tags (`8b`, `70b-instruct-q4_K_M`) weak because the library can re-push them.
pub(crate) fn classify_ref(r: &str) -> Classification {
    oci::classify_ref(r, Ecosystem::Ollama)
}

/// Forced reading: any `name[:tag][@digest]` is an Ollama model.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    let r = super::scan::strip_prefix_ci(s, "ollama://").unwrap_or(s);
    if r.is_empty() || r.contains(char::is_whitespace) {
        return None;
    }
    Some(classify_ref(r))
}
