//! Amazon S3: `s3://bucket/key[?versionId=...]`, virtual-hosted and path-style HTTPS URLs,
//! and the object-path rules shared with GCS and Azure Blob.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::scan::{MOVING_WORDS, eq_any, first_full_token, q, query_param, split_query};
use super::{Classification, Ecosystem, Identity};

const VERSIONING: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html";
const RETRIEVE: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/RetrievingObjectVersions.html";
const NULL_VERSION: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/AddingObjectstoVersionSuspendedBuckets.html";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: Ecosystem::S3,
    id: "s3",
    title: "Amazon S3",
    summary: "A key with `versionId` is immutable; a key without one, a prefix, a moving key \
              word or `versionId=null` is mutable; a digest embedded in the key is weak.",
    claims: &[
        Claim { on: On::Scheme("s3"), read: uri_claim },
        Claim { on: On::Scheme("s3a"), read: uri_claim },
        Claim { on: On::Scheme("s3n"), read: uri_claim },
        Claim { on: On::HostSuffix(".amazonaws.com"), read: http_claim },
        Claim { on: On::ArnService("s3"), read: arn_claim },
    ],
    guess: None,
    forced: Some(forced),
    version_slots: &["s3://bucket/models/model.tar.gz?versionId={}", "s3://bucket/{}/model.tar.gz"],
    forms: &[
        Form::doc("s3://bucket/models/fraud/model.tar.gz", Mutable, "key without versionId", VERSIONING),
        Form::doc(
            "s3://bucket/models/fraud/model.tar.gz?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
            Immutable,
            "key with versionId",
            RETRIEVE,
        )
        .id("s3:bucket/models/fraud/model.tar.gz#3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"),
        Form::doc("s3://bucket/models/fraud/model.tar.gz?versionId=null", Mutable, "`versionId=null`", NULL_VERSION),
        Form::decided(
            "s3://bucket/models/fraud/model.tar.gz#versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
            Mutable,
            "versionId in a `#` fragment",
            "a fragment is never sent to S3: the key reads the current version",
        ),
        Form::decided("s3://bucket/models/fraud/", Mutable, "prefix", "a prefix names whatever objects are under it"),
        Form::decided("s3://bucket/models/fraud/latest", Mutable, "`latest` key", "a moving word as the key is a pointer that is overwritten"),
        Form::decided(
            "s3://mirror/sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d/model.safetensors",
            Weak,
            "digest embedded in key",
            "S3 does not check content against a name: the digest is a naming convention",
        ),
        Form::doc("https://bucket.s3.us-east-1.amazonaws.com/m/model.bin?versionId=abc123", Immutable, "virtual-hosted URL with versionId", RETRIEVE),
    ],
    notes: &[
        "**Object stores.** A key whose last segment (ignoring extensions) is a moving word \
         (`latest`, `current`, `prod` …) is mutable; a key embedding a full digest is weak with \
         that digest's identity; S3 `versionId=null` is the unversioned object (what a bucket \
         with versioning suspended overwrites) and is mutable. A `versionId` in the `#` \
         fragment is never sent to S3, so it pins nothing.",
    ],
};

fn uri_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_uri(c.rest.strip_prefix("//")?))
}

fn http_claim(c: &Claimed<'_>) -> Option<Classification> {
    classify_http(c.host, c.rest)
}

fn arn_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_uri(c.rest))
}

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
    Classification::mutable(eco, default).locator()
}

/// The part after `s3://`.
pub(crate) fn classify_uri(rest: &str) -> Classification {
    let (rest, frag) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = split_query(rest);
    if query_param(query, &["versionId"]).is_none() {
        if let Some((_, v)) = query_param(frag, &["versionId"]) {
            return Classification::mutable(
                Ecosystem::S3,
                format!(
                    "versionId {} is in the `#` fragment, which is never sent to S3: the key reads the current version",
                    q(v)
                ),
            );
        }
    }
    match query_param(query, &["versionId"]) {
        Some((_, v)) => versioned(Ecosystem::S3, "s3", path, v, "S3 versionId"),
        None => unversioned(
            Ecosystem::S3,
            "S3",
            path,
            "S3 key without versionId can be overwritten; `?versionId=` pins one version",
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
