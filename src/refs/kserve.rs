//! KServe `storageUri`: `pvc://` is KServe's own; every other scheme goes to its ecosystem.

use super::scan::{q, strip_prefix_ci};
use super::{Classification, Ecosystem};

/// `pvc://<claim>/<path>`: a Kubernetes volume whose files can be overwritten in place.
pub(crate) fn classify_pvc(rest: &str) -> Classification {
    let claim = rest.split('/').next().unwrap_or("");
    Classification::mutable(
        Ecosystem::Kserve,
        format!("PVC {} contents can be overwritten in place", q(claim)),
    )
}

/// Forced reading as a KServe `storageUri`: dispatch on the scheme.
/// `hf://org/name:<rev>` (KServe's spelling) is read by the Hugging Face rules.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(rest) = strip_prefix_ci(s, "pvc://") {
        return Some(classify_pvc(rest));
    }
    if s.contains("://") {
        return Some(super::classify(s));
    }
    None
}
