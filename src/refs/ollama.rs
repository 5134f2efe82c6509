//! Ollama models: `ollama://name[:tag][@sha256:<hex>]`, `registry.ollama.ai/library/name:tag`.

use super::oci;
use super::{Classification, Ecosystem};

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
