//! Amazon S3: `s3://bucket/key[?versionId=...]`, virtual-hosted and path-style HTTPS URLs,
//! and the object-path rules shared with GCS and Azure Blob.

use super::scan::{MOVING_WORDS, eq_any, first_full_token, q, query_param, split_query};
use super::{Classification, Ecosystem, Identity};

/// Verdict on an object `path` (`bucket/key`) that carries a version id `v` from `store`.
pub(crate) fn versioned(
    eco: Ecosystem,
    store: &str,
    path: &str,
    v: &str,
    what: &str,
) -> Classification {
    if v.is_empty() {
        return Classification::mutable(eco, format!("empty {what} pins nothing"));
    }
    if v == "null" {
        return Classification::mutable(
            eco,
            format!("{what} `null` is the unversioned object, which can be overwritten"),
        );
    }
    Classification::immutable(
        eco,
        format!("{what} pins one object version"),
        Identity::object(store, path, v),
    )
}

/// Verdict on an object `path` without a version id.
pub(crate) fn unversioned(
    eco: Ecosystem,
    store: &str,
    path: &str,
    default: &str,
) -> Classification {
    let key = path.split_once('/').map_or("", |(_, k)| k);
    if key.is_empty() || key.ends_with('/') {
        return Classification::mutable(
            eco,
            format!(
                "{store} prefix {} names whatever objects are under it",
                q(path)
            ),
        );
    }
    let last = key.rsplit('/').next().unwrap_or("");
    let stem = last.split('.').next().unwrap_or(last);
    if eq_any(stem, MOVING_WORDS) {
        return Classification::mutable(
            eco,
            format!("{} in an object key is a moving pointer", q(stem)),
        );
    }
    if let Some(id) = first_full_token(key) {
        return Classification::weak(
            eco,
            "digest embedded in a path is only a naming convention",
            Some(id),
        );
    }
    Classification::mutable(eco, default)
}

/// The part after `s3://`.
pub(crate) fn classify_uri(rest: &str) -> Classification {
    let rest = rest.split('#').next().unwrap_or(rest);
    let (path, query) = split_query(rest);
    match query_param(query, &["versionId"]) {
        Some((_, v)) => versioned(Ecosystem::S3, "s3", path, v, "S3 versionId"),
        None => unversioned(
            Ecosystem::S3,
            "S3",
            path,
            "S3 key without versionId can be overwritten",
        ),
    }
}

/// `https://<bucket>.s3[.region].amazonaws.com/<key>` or `https://s3[.region].amazonaws.com/<bucket>/<key>`.
pub(crate) fn classify_http(host: &str, after: &str) -> Option<Classification> {
    let h = host.strip_suffix(".amazonaws.com")?;
    let after = after.trim_start_matches('/');
    if h == "s3" || h.starts_with("s3.") || h.starts_with("s3-") {
        return Some(classify_uri(after));
    }
    let i = h.rfind(".s3")?;
    let bucket = h.get(..i)?;
    Some(classify_uri(&format!("{bucket}/{after}")))
}

/// `arn:aws:s3:::bucket/key` ARNs.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let [_, service, _, _, resource] = super::sagemaker::parse_arn(s)?;
    (service == "s3").then(|| classify_uri(resource))
}

/// Forced reading: `s3://`, an S3 HTTPS URL, an `arn:aws:s3:::` ARN, or `bucket/key`.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    use super::scan::strip_prefix_ci as p;
    if let Some(rest) = p(s, "s3://").or_else(|| p(s, "s3a://")) {
        return Some(classify_uri(rest));
    }
    if let Some(rest) = p(s, "https://") {
        let (host, after) = rest.split_once('/').unwrap_or((rest, ""));
        return classify_http(&host.to_ascii_lowercase(), after);
    }
    if let Some(rest) = s.find(":s3:::").and_then(|i| s.get(i + 6..)) {
        return Some(classify_uri(rest));
    }
    (s.contains('/') && !s.contains("://")).then(|| classify_uri(s))
}
