//! Azure OpenAI: model + version (`gpt-4o:2024-08-06`, `gpt-4o (2024-08-06)`) and
//! version-upgrade policies (`OnceNewDefaultVersionAvailable`, `NoAutoUpgrade`).

use super::openai::is_family;
use super::scan::{is_digits, q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const AZ: Ecosystem = Ecosystem::AzureOpenAi;

/// A model version as Azure writes it: `2024-08-06`, `turbo-2024-04-09`, `0613`,
/// `1106-Preview`, `1`, `001`.
fn is_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    let n = parts.len();
    let dated = n >= 3
        && parts[n - 3].len() == 4
        && parts[n - 2].len() == 2
        && parts[n - 1].len() == 2
        && parts[n - 3..].iter().all(|p| is_digits(p));
    let numbered = parts.first().is_some_and(|p| is_digits(p) && p.len() <= 4)
        && (n == 1 || (n == 2 && parts[1].eq_ignore_ascii_case("preview")));
    dated || numbered
}

/// Split `model:version` or `model (version)`.
fn split_model_version(s: &str) -> Option<(&str, &str)> {
    if let Some(i) = super::scan::find_ascii(s, " (") {
        let (m, v) = (s.get(..i)?, s.get(i + 2..)?);
        return Some((m.trim(), v.strip_suffix(')')?.trim()));
    }
    s.split_once(':')
}

/// Upgrade-policy values.
fn policy(s: &str) -> Option<Classification> {
    if s.eq_ignore_ascii_case("OnceNewDefaultVersionAvailable")
        || s.eq_ignore_ascii_case("OnceCurrentVersionExpired")
    {
        return Some(Classification::mutable(
            AZ,
            format!(
                "upgrade policy {} moves the deployment to new model versions",
                q(s)
            ),
        ));
    }
    if s.eq_ignore_ascii_case("NoAutoUpgrade") {
        return Some(Classification::weak(
            AZ,
            "`NoAutoUpgrade` keeps the deployed version until it retires; it is a policy, not a version",
            None,
        ));
    }
    None
}

/// Verdict on `model` pinned at `version`.
fn pinned(model: &str, version: &str) -> Classification {
    let token = format!("{model}:{version}");
    Classification::pinned(
        AZ,
        format!(
            "{} is a provider-pinned model version; weights are not inspectable",
            q(&token)
        ),
        Identity::provider("azure-openai", &token),
    )
}

/// Policies and `model:version` / `model (version)` for OpenAI-family models.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if let Some(c) = policy(s) {
        return Some(c);
    }
    if let Some(dep) = strip_prefix_ci(s, "azure/") {
        return Some(Classification::mutable(
            AZ,
            format!(
                "Azure OpenAI deployment {} can be re-pointed at another model version",
                q(dep)
            ),
        ));
    }
    let (m, v) = split_model_version(s)?;
    (is_family(m) && is_version(v)).then(|| pinned(m, v))
}

/// Forced reading: any `model:version`; a bare model or deployment name is mutable.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(c) = detect(s) {
        return Some(c);
    }
    if let Some((m, v)) = split_model_version(s) {
        if is_version(v) && !m.is_empty() {
            return Some(pinned(m, v));
        }
    }
    Some(Classification::mutable(
        AZ,
        format!(
            "Azure OpenAI {} without a version follows the deployment's upgrade policy",
            q(s)
        ),
    ))
}
