//! Google Cloud Storage: `gs://bucket/object[#generation|?generation=N]`.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::s3::{unversioned, versioned};
use super::scan::{has_leading_zero, is_digits, q, query_param, split_query, strip_prefix_ci, strip_zeros};
use super::{Classification, Ecosystem};

const VERSIONED: &str = "https://cloud.google.com/storage/docs/using-versioned-objects";
const VERSIONING: &str = "https://cloud.google.com/storage/docs/object-versioning";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: Ecosystem::Gcs,
    id: "gcs",
    title: "Google Cloud Storage",
    summary: "An object with a generation (`#<generation>` or `?generation=`) is immutable; \
              without one, or with a non-numeric generation, mutable.",
    claims: &[
        Claim { on: On::Scheme("gs"), read: uri_claim },
        Claim { on: On::Host("storage.googleapis.com"), read: http_claim },
        Claim { on: On::Host("storage.cloud.google.com"), read: http_claim },
    ],
    guess: None,
    forced: Some(forced),
    version_slots: &["gs://bucket/models/model.pt#{}", "gs://bucket/models/model.pt?generation={}"],
    forms: &[
        Form::doc("gs://bucket/models/model.pt#1712345678901234", Immutable, "generation fragment", VERSIONED)
            .id("gcs:bucket/models/model.pt#1712345678901234"),
        Form::doc("gs://bucket/models/model.pt?generation=1712345678901234", Immutable, "generation query", VERSIONING),
        Form::doc("gs://bucket/models/model.pt", Mutable, "no generation", VERSIONING),
        Form::doc("gs://bucket/models/model.pt#abc", Mutable, "non-numeric generation", VERSIONED),
        Form::decided(
            "gs://bucket/models/model.pt#01712345678901234",
            Weak,
            "generation with a leading zero",
            "read as the same number, but not the spelling GCS prints: weak, normalised identity",
        ),
    ],
    notes: &[],
};

fn uri_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_uri(c.rest.strip_prefix("//")?))
}

fn http_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_uri(c.rest.trim_start_matches('/')))
}

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
        Some(g) if has_leading_zero(g) => {
            let mut c = versioned(Ecosystem::Gcs, "gcs", path, strip_zeros(g), "GCS generation");
            c.class = super::Class::Weak;
            c.reason = format!(
                "non-canonical GCS generation {}: read as {} (leading zero)",
                q(g),
                strip_zeros(g)
            );
            c
        }
        Some(g) => versioned(Ecosystem::Gcs, "gcs", path, g, "GCS generation"),
        None => unversioned(
            Ecosystem::Gcs,
            "GCS",
            path,
            "GCS object without a generation can be overwritten; `#<generation>` pins one version",
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
