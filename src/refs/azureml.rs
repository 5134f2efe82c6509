//! Azure Machine Learning assets: `azureml://registries/r/models/m/versions/3`,
//! `azureml://.../labels/latest`, `azureml:m:3`, `azureml:m@latest`.

use super::scan::{q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const AML: Ecosystem = Ecosystem::AzureMl;
const KINDS: &[&str] = &["models", "data", "environments", "components"];

/// Verdict on asset `name` at `version`.
fn at_version(name: &str, version: &str) -> Classification {
    if version.is_empty() || version.eq_ignore_ascii_case("latest") {
        return Classification::mutable(
            AML,
            format!(
                "Azure ML {} without a fixed version resolves to the newest",
                q(name)
            ),
        );
    }
    Classification::immutable(
        AML,
        "Azure ML asset versions cannot be changed once registered",
        Identity::version("azureml", name, version),
    )
}

/// Verdict on asset `name` resolved through `label`.
fn at_label(name: &str, label: &str) -> Classification {
    Classification::mutable(
        AML,
        format!(
            "Azure ML label {} on {} can be moved to another version",
            q(&format!("@{label}")),
            q(name)
        ),
    )
}

/// Long form (after `azureml://` or `azureml:/`): `<scope...>/<kind>/<name>[/versions/<v>|/labels/<l>]`.
fn long_form(rest: &str) -> Classification {
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let Some(k) = segs.iter().position(|s| KINDS.contains(s)) else {
        return Classification::mutable(
            AML,
            format!("{} names no Azure ML asset version", q(rest)),
        );
    };
    let Some(name) = segs.get(k + 1) else {
        return Classification::mutable(AML, "Azure ML asset URI without a name");
    };
    // Identity name: scope, without subscription/resource-group noise, plus kind and name.
    let scope_start = segs
        .iter()
        .take(k)
        .position(|s| *s == "registries" || *s == "workspaces")
        .unwrap_or(0);
    let full = segs
        .get(scope_start..k + 2)
        .map(|s| s.join("/"))
        .unwrap_or_default();
    match (segs.get(k + 2).copied(), segs.get(k + 3).copied()) {
        (Some("versions"), Some(v)) => at_version(&full, v),
        (Some("labels"), Some(l)) => at_label(&full, l),
        _ => Classification::mutable(
            AML,
            format!(
                "Azure ML {} without a version resolves to the newest",
                q(name)
            ),
        ),
    }
}

/// Short form (after `azureml:`): `name:version` or `name@label`.
fn short_form(rest: &str) -> Classification {
    if let Some((name, label)) = rest.split_once('@') {
        return at_label(name, label);
    }
    match rest.split_once(':') {
        Some((name, v)) => at_version(name, v),
        None => Classification::mutable(
            AML,
            format!(
                "Azure ML {} without a version resolves to the newest",
                q(rest)
            ),
        ),
    }
}

/// `azureml://...`, `azureml:/...` and `azureml:name:version|@label`.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if let Some(rest) = strip_prefix_ci(s, "azureml://") {
        return Some(long_form(rest));
    }
    let rest = strip_prefix_ci(s, "azureml:")?;
    if rest.starts_with('/') {
        return Some(long_form(rest));
    }
    Some(short_form(rest))
}

/// Forced reading: with or without the `azureml:` prefix.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    detect(s).or_else(|| {
        if s.contains('/') {
            Some(long_form(s))
        } else {
            Some(short_form(s))
        }
    })
}
