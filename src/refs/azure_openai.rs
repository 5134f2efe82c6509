//! Azure OpenAI: model + version (`gpt-4o:2024-08-06`, `gpt-4o (2024-08-06)`) and
//! version-upgrade policies (`OnceNewDefaultVersionAvailable`, `NoAutoUpgrade`).

use super::Class::{Mutable, Weak};
use super::openai::is_family;
use super::registry::{Form, Guess, Spec};
use super::scan::{is_digits, q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const AZ: Ecosystem = Ecosystem::AzureOpenAi;
const VERSIONS: &str = "https://learn.microsoft.com/en-us/azure/ai-services/openai/concepts/model-versions";
const WORKING: &str = "https://learn.microsoft.com/en-us/azure/ai-services/openai/how-to/working-with-models";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: AZ,
    id: "azure-open-ai",
    title: "Azure OpenAI",
    summary: "A model with a version and `NoAutoUpgrade` is provider-pinned (weak); an \
              auto-upgrade policy, a deployment name or a model without version is mutable.",
    claims: &[],
    guess: Some(Guess {
        rank: 10,
        when: |sh, _| sh.colon || sh.space || sh.slashes > 0 || sh.word || sh.op,
        detect,
    }),
    forced: Some(forced),
    version_slots: &[
        "gpt-4o:{}",
        "model=gpt-4o version={} versionUpgradeOption=NoAutoUpgrade",
        "model=gpt-4o version=2024-08-06 versionUpgradeOption={}",
    ],
    forms: &[
        Form::doc("gpt-4o:2024-08-06", Weak, "model:version (provider-pinned)", VERSIONS).id("azure-openai:gpt-4o:2024-08-06"),
        Form::doc("gpt-4o (2024-08-06)", Weak, "model (version) (provider-pinned)", VERSIONS),
        Form::doc(
            "model=gpt-4o version=2024-08-06 versionUpgradeOption=NoAutoUpgrade",
            Weak,
            "deployment triple, no auto-upgrade (provider-pinned)",
            WORKING,
        )
        .id("azure-openai:gpt-4o:2024-08-06"),
        Form::doc(
            "model=gpt-4o version=2024-08-06 versionUpgradeOption=OnceNewDefaultVersionAvailable",
            Mutable,
            "deployment triple, auto-update to default",
            WORKING,
        ),
        Form::doc(
            "model=gpt-4o version=2024-08-06 versionUpgradeOption=OnceCurrentVersionExpired",
            Mutable,
            "deployment triple, upgrade when expired",
            VERSIONS,
        ),
        Form::decided(
            "model=gpt-4o version=2024-08-06",
            Mutable,
            "deployment pair without an upgrade policy",
            "a deployment description without `versionUpgradeOption` does not say it stays on the version; the portal and Terraform default to auto-update",
        ),
        Form::decided(
            "--model-name gpt-4o --model-version 2024-08-06 --model-format OpenAI",
            Mutable,
            "`az cognitiveservices account deployment create` flags without a policy",
            "the same deployment pair written as CLI flags",
        ),
        Form::doc("OnceNewDefaultVersionAvailable", Mutable, "auto-upgrade policy", WORKING),
        Form::doc("OnceCurrentVersionExpired", Mutable, "auto-upgrade policy", VERSIONS),
        Form::decided("NoAutoUpgrade", Weak, "policy value, not a version", "the policy keeps the version until it retires, but names no version itself"),
        Form::decided("gpt-4o", Mutable, "model without version", "a deployment of a model without a version takes the default version").hinted(),
    ],
    notes: &[
        "**Azure OpenAI.** `model:version` / `model (version)` with a dated or numbered version \
         is provider-pinned. A deployment written as `model=… version=… versionUpgradeOption=…` \
         (or `--model-name`/`--model-version` flags) is read as one reference: with \
         `NoAutoUpgrade` it is provider-pinned; `OnceNewDefaultVersionAvailable` and \
         `OnceCurrentVersionExpired` move the deployment to other versions (mutable), and a \
         pair with no policy fails closed. `NoAutoUpgrade` alone is weak with no identity: it \
         is a policy, not a version.",
    ],
};

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
    let dotted = v.contains('.') && v.split('.').all(|p| is_digits(p) && p.len() <= 4);
    dated || numbered || dotted
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

/// A deployment written as `key=value` pairs or `--flag value` arguments.
fn deployment(s: &str) -> Option<Classification> {
    let (mut model, mut version, mut upgrade) = (None, None, None);
    let mut words = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty());
    while let Some(w) = words.next() {
        let (k, v) = match w.strip_prefix("--") {
            Some(flag) => match flag.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (flag, words.next()),
            },
            None => match w.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => return None,
            },
        };
        let v = v.map(|v| v.trim_matches(['"', '\'']));
        let key: String = k
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "model" | "modelname" | "name" => model = v,
            "version" | "modelversion" => version = v,
            "versionupgradeoption" | "upgradeoption" => upgrade = v,
            "format" | "modelformat" | "sku" | "skuname" | "skucapacity" | "capacity" => {}
            _ => return None,
        }
    }
    let model = model.filter(|m| !m.is_empty())?;
    let Some(version) = version.filter(|v| is_version(v)) else {
        return Some(
            Classification::mutable(
                AZ,
                format!(
                    "Azure OpenAI deployment of {} without a model version takes the default version",
                    q(model)
                ),
            )
            .locator(),
        );
    };
    let token = format!("{model}:{version}");
    match upgrade {
        Some(p) if p.eq_ignore_ascii_case("NoAutoUpgrade") => Some(Classification::pinned(
            AZ,
            format!(
                "{} is a provider-pinned model version and `NoAutoUpgrade` keeps it (it stops serving at retirement instead of moving)",
                q(&token)
            ),
            Identity::provider("azure-openai", &token),
        )),
        Some(p) if p.eq_ignore_ascii_case("OnceNewDefaultVersionAvailable") => Some(Classification::mutable(
            AZ,
            format!(
                "version {} is set, but `OnceNewDefaultVersionAvailable` moves the deployment to each new default version",
                q(version)
            ),
        )),
        Some(p) if p.eq_ignore_ascii_case("OnceCurrentVersionExpired") => Some(Classification::mutable(
            AZ,
            format!(
                "version {} is set, but `OnceCurrentVersionExpired` moves the deployment to the default version when it retires",
                q(version)
            ),
        )),
        Some(p) => Some(Classification::mutable(
            AZ,
            format!("unknown versionUpgradeOption {}: fail closed", q(p)),
        )),
        None => Some(Classification::mutable(
            AZ,
            format!(
                "version {} is set, but no versionUpgradeOption says the deployment stays on it (the default is auto-update): fail closed",
                q(version)
            ),
        )),
    }
}

/// Policies, deployments and `model:version` / `model (version)` for OpenAI-family models.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if let Some(c) = policy(s) {
        return Some(c);
    }
    if s.contains('=') || s.starts_with("--") {
        if let Some(c) = deployment(s) {
            return Some(c);
        }
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
    Some(
        Classification::mutable(
            AZ,
            format!(
                "Azure OpenAI {} without a version follows the deployment's upgrade policy",
                q(s)
            ),
        )
        .locator(),
    )
}
