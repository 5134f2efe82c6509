//! Azure Machine Learning assets: `azureml://registries/r/models/m/versions/3`,
//! `azureml://.../labels/latest`, `azureml:m:3`, `azureml:m@latest`.

use super::Class::{Immutable, Mutable};
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::scan::{find_ascii, q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const AML: Ecosystem = Ecosystem::AzureMl;
const KINDS: &[&str] = &["models", "data", "environments", "components"];
const SYNTAX: &str = "https://learn.microsoft.com/en-us/azure/machine-learning/reference-yaml-core-syntax";
const MODELS: &str = "https://learn.microsoft.com/en-us/azure/machine-learning/how-to-manage-models";
const REGISTRIES: &str = "https://learn.microsoft.com/en-us/azure/machine-learning/how-to-share-models-pipelines-across-workspaces-with-registries";
const ENVIRONMENTS: &str = "https://learn.microsoft.com/en-us/azure/machine-learning/how-to-manage-environments-v2";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: AML,
    id: "azure-ml",
    title: "Azure Machine Learning",
    summary: "A registered asset at a version (`azureml:m:3`, `…/versions/3`, an ARM resource id \
              ending in `/versions/3`) is immutable; a label (`@latest`, `labels/latest`), no \
              version, a datastore path or a job output is mutable.",
    claims: &[
        Claim { on: On::Scheme("azureml"), read: scheme_claim },
        Claim { on: On::Prefix("/subscriptions/"), read: arm_claim },
    ],
    guess: None,
    forced: Some(forced),
    version_slots: &[
        "azureml:fraud:{}",
        "azureml://registries/shared/models/fraud/versions/{}",
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/fraud/versions/{}",
    ],
    forms: &[
        Form::doc("azureml://registries/shared/models/fraud/versions/3", Immutable, "registry model version", REGISTRIES)
            .id("azureml:registries/shared/models/fraud/3"),
        Form::doc("azureml://registries/shared/models/fraud/labels/latest", Mutable, "label", SYNTAX),
        Form::doc("azureml://registries/azureml/environments/sklearn-1.5/labels/latest", Mutable, "environment `labels/latest`", ENVIRONMENTS),
        Form::doc("azureml:fraud:3", Immutable, "short form `name:version`", SYNTAX).id("azureml:fraud/3"),
        Form::doc("azureml:fraud@latest", Mutable, "short form `name@label`", SYNTAX),
        Form::doc("azureml:fraud", Mutable, "short form without version", SYNTAX),
        Form::doc(
            "azureml://subscriptions/s/resourceGroups/rg/workspaces/ws/models/fraud/versions/7",
            Immutable,
            "workspace model version, long form",
            SYNTAX,
        )
        .id("azureml:workspaces/ws/models/fraud/7"),
        Form::doc(
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/fraud/versions/7",
            Immutable,
            "ARM resource id of a model version",
            MODELS,
        )
        .id("azureml:workspaces/ws/models/fraud/7"),
        Form::decided(
            "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/fraud",
            Mutable,
            "ARM resource id of a model container",
            "the model container lists every version; it pins none",
        ),
        Form::doc("azureml://datastores/workspaceblobstore/paths/models/fraud/", Mutable, "datastore path", SYNTAX),
        Form::decided(
            "azureml://jobs/3f1c2a7e-1b2c-4d5e-8f90-123456789abc/outputs/artifacts/paths/model/",
            Mutable,
            "job output path",
            "a job output is a datastore location, not a registered version: register it and pin the version",
        ),
    ],
    notes: &[
        "**Versions are strings.** Azure ML asset versions are strings fixed at registration \
         (`azureml:m:01` is version `01`, not `1`), so they are compared exactly. An ARM \
         resource id (`/subscriptions/…/providers/Microsoft.MachineLearningServices/workspaces/ws/models/m/versions/7`) \
         and the `azureml://subscriptions/…` long form share the identity \
         `azureml:workspaces/ws/models/m/7`; an ARM id of an Azure OpenAI deployment \
         (`…/Microsoft.CognitiveServices/accounts/a/deployments/d`) is an Azure OpenAI \
         deployment, which can be re-pointed.",
    ],
};

fn scheme_claim(c: &Claimed<'_>) -> Option<Classification> {
    detect(c.text)
}

/// `/subscriptions/…` ARM resource ids.
fn arm_claim(c: &Claimed<'_>) -> Option<Classification> {
    let s = c.text;
    if find_ascii(&s.to_ascii_lowercase(), "/microsoft.cognitiveservices/").is_some() {
        let dep = s.rsplit_once("/deployments/").map(|(_, d)| d);
        return Some(match dep {
            Some(d) => Classification::mutable(
                Ecosystem::AzureOpenAi,
                format!(
                    "Azure OpenAI deployment {} can be re-pointed at another model version",
                    q(d)
                ),
            ),
            None => Classification::mutable(
                Ecosystem::AzureOpenAi,
                "an Azure AI services account names no model version",
            ),
        });
    }
    if find_ascii(&s.to_ascii_lowercase(), "/microsoft.machinelearningservices/").is_some() {
        return Some(long_form(s));
    }
    Some(Classification::mutable(
        AML,
        "an Azure resource id that is not an Azure ML asset version names no artifact",
    ))
}

/// Verdict on asset `name` at `version`.
fn at_version(name: &str, version: &str) -> Classification {
    if !version.is_empty()
        && !version.eq_ignore_ascii_case("latest")
        && super::scan::eq_any(version, super::scan::MOVING_WORDS)
    {
        return Classification::mutable(
            AML,
            format!(
                "{} after {} reads like a label or deployment name, not a registered version: fail closed",
                q(version),
                q(name)
            ),
        );
    }
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
        format!(
            "Azure ML {} version {} cannot be changed once registered",
            q(name),
            q(version)
        ),
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
    let Some(k) = segs
        .iter()
        .position(|s| KINDS.iter().any(|k| s.eq_ignore_ascii_case(k)))
    else {
        if segs.first().is_some_and(|s| s.eq_ignore_ascii_case("datastores")) {
            return Classification::mutable(
                AML,
                "a datastore path can be overwritten: register the data or model and pin its version",
            );
        }
        if segs.first().is_some_and(|s| s.eq_ignore_ascii_case("jobs")) {
            return Classification::mutable(
                AML,
                "a job output is a datastore location, not a registered version: register it and pin the version",
            );
        }
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
        .position(|s| s.eq_ignore_ascii_case("registries") || s.eq_ignore_ascii_case("workspaces"))
        .unwrap_or(0);
    let full = segs
        .get(scope_start..k + 2)
        .map(|s| {
            s.iter()
                .enumerate()
                .map(|(i, p)| {
                    // Keyword segments are case-insensitive in ARM ids; names are kept.
                    if i % 2 == 0 { p.to_ascii_lowercase() } else { (*p).to_owned() }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default();
    let next = segs.get(k + 2).map(|s| s.to_ascii_lowercase());
    match (next.as_deref(), segs.get(k + 3).copied()) {
        (Some("versions"), Some(v)) => at_version(&full, v),
        (Some("labels"), Some(l)) => at_label(&full, l),
        _ => Classification::mutable(
            AML,
            format!(
                "Azure ML {} without a version resolves to the newest",
                q(name)
            ),
        )
        .locator(),
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
        )
        .locator(),
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
    if s.starts_with("/subscriptions/") {
        return arm_claim(&Claimed {
            text: s,
            rest: s,
            host: "",
        });
    }
    detect(s).or_else(|| {
        if s.contains('/') {
            Some(long_form(s))
        } else {
            Some(short_form(s))
        }
    })
}
