//! Azure Blob Storage: `https://<account>.blob.core.windows.net/<container>/<blob>[?versionid=|?snapshot=]`.

use super::Class::{Immutable, Mutable};
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::s3::{unversioned, versioned};
use super::scan::{query_param, split_query, strip_prefix_ci};
use super::{Classification, Ecosystem};

const VERSIONS: &str = "https://learn.microsoft.com/en-us/azure/storage/blobs/versioning-overview";
const SNAPSHOTS: &str = "https://learn.microsoft.com/en-us/azure/storage/blobs/snapshots-overview";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: Ecosystem::AzureBlob,
    id: "azure-blob",
    title: "Azure Blob Storage",
    summary: "A blob with `versionid` or `snapshot` is immutable; a blob without one, a \
              container prefix or a Data Lake path is mutable.",
    claims: &[
        Claim { on: On::HostSuffix(".blob.core.windows.net"), read: http_claim },
        Claim { on: On::HostSuffix(".dfs.core.windows.net"), read: http_claim },
        Claim { on: On::Scheme("abfss"), read: other_claim },
        Claim { on: On::Scheme("abfs"), read: other_claim },
        Claim { on: On::Scheme("wasbs"), read: other_claim },
        Claim { on: On::Scheme("wasb"), read: other_claim },
        Claim { on: On::Scheme("az"), read: other_claim },
    ],
    guess: None,
    forced: Some(forced),
    version_slots: &["https://acct.blob.core.windows.net/models/model.onnx?versionid={}"],
    forms: &[
        Form::doc(
            "https://acct.blob.core.windows.net/models/model.onnx?versionid=2024-05-01T10:00:00.0000000Z",
            Immutable,
            "versionid",
            VERSIONS,
        ),
        Form::doc(
            "https://acct.blob.core.windows.net/models/model.onnx?snapshot=2024-05-01T10:00:00.0000000Z",
            Immutable,
            "snapshot",
            SNAPSHOTS,
        ),
        Form::doc("https://acct.blob.core.windows.net/models/model.onnx", Mutable, "no version", VERSIONS),
        Form::decided("abfss://models@acct.dfs.core.windows.net/fraud/model.onnx", Mutable, "Data Lake path", "Data Lake paths carry no version"),
    ],
    notes: &[],
};

fn http_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_http(c.host, c.rest))
}

fn other_claim(c: &Claimed<'_>) -> Option<Classification> {
    c.rest.starts_with("//").then(|| classify_other(c.text))
}

const DEFAULT: &str = "Azure blob without versionid or snapshot can be overwritten";

/// `host` is `<account>.blob.core.windows.net` (lowercase); `after` is `/<container>/<blob>?...`.
pub(crate) fn classify_http(host: &str, after: &str) -> Classification {
    let account = host.split('.').next().unwrap_or("");
    let after = after.split('#').next().unwrap_or(after);
    let (path, query) = split_query(after.trim_start_matches('/'));
    let path = format!("{account}/{path}");
    if let Some((_, v)) = query_param(query, &["versionid"]) {
        return versioned(
            Ecosystem::AzureBlob,
            "azure-blob",
            &path,
            v,
            "Azure blob versionid",
        );
    }
    if let Some((_, v)) = query_param(query, &["snapshot"]) {
        if v.is_empty() {
            return versioned(
                Ecosystem::AzureBlob,
                "azure-blob",
                &path,
                v,
                "Azure blob snapshot",
            );
        }
        return versioned(
            Ecosystem::AzureBlob,
            "azure-blob",
            &path,
            &format!("snapshot:{v}"),
            "Azure blob snapshot",
        );
    }
    unversioned(Ecosystem::AzureBlob, "Azure", &path, DEFAULT)
}

/// `abfss://container@account.dfs.core.windows.net/path`, `wasbs://`, `az://container/path`:
/// Data Lake / fsspec paths, which carry no version.
pub(crate) fn classify_other(s: &str) -> Classification {
    let rest = s.split_once("://").map_or(s, |(_, r)| r);
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let container = authority.split('@').next().unwrap_or(authority);
    unversioned(
        Ecosystem::AzureBlob,
        "Azure",
        &format!("{container}/{path}"),
        DEFAULT,
    )
}

/// Forced reading: an Azure Blob URL or Data Lake path.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(rest) = strip_prefix_ci(s, "https://") {
        let (host, after) = rest.split_once('/').unwrap_or((rest, ""));
        let host = host.to_ascii_lowercase();
        return Some(classify_http(&host, &format!("/{after}")));
    }
    s.contains("://").then(|| classify_other(s))
}
