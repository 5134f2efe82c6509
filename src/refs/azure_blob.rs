//! Azure Blob Storage: `https://<account>.blob.core.windows.net/<container>/<blob>[?versionid=|?snapshot=]`.

use super::s3::{unversioned, versioned};
use super::scan::{query_param, split_query, strip_prefix_ci};
use super::{Classification, Ecosystem};

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
