//! Google Cloud Storage: `gs://bucket/object[#generation|?generation=N]`.

use super::s3::{unversioned, versioned};
use super::scan::{is_digits, q, query_param, split_query, strip_prefix_ci};
use super::{Classification, Ecosystem};

/// The part after `gs://` (or after `storage.googleapis.com/`).
pub(crate) fn classify_uri(rest: &str) -> Classification {
    let (rest, frag) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = split_query(rest);
    let generation = if frag.is_empty() {
        query_param(query, &["generation"]).map(|(_, v)| v)
    } else {
        Some(frag)
    };
    match generation {
        Some(g) if !is_digits(g) => Classification::mutable(
            Ecosystem::Gcs,
            format!("malformed GCS generation {}: must be a number", q(g)),
        ),
        Some(g) => versioned(Ecosystem::Gcs, "gcs", path, g, "GCS generation"),
        None => unversioned(
            Ecosystem::Gcs,
            "GCS",
            path,
            "GCS object without a generation can be overwritten",
        ),
    }
}

/// Forced reading: `gs://`, a `storage.googleapis.com` URL, or `bucket/object`.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(rest) = strip_prefix_ci(s, "gs://") {
        return Some(classify_uri(rest));
    }
    if let Some(rest) = strip_prefix_ci(s, "https://storage.googleapis.com/") {
        return Some(classify_uri(rest));
    }
    (s.contains('/') && !s.contains("://")).then(|| classify_uri(s))
}
