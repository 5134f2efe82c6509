//! MLflow: `models:/name/14`, `models:/name@alias`, `models:/name/Production`, `runs:/<run id>/path`.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::scan::{
    MOVING_WORDS, eq_any, has_leading_zero, is_digits, is_hex, q, strip_prefix_ci, strip_zeros,
};
use super::{Classification, Ecosystem, Identity};

const ML: Ecosystem = Ecosystem::Mlflow;
const STAGES: &[&str] = &["production", "staging", "archived", "none"];
const REGISTRY: &str = "https://mlflow.org/docs/latest/model-registry.html";
const ARTIFACTS: &str = "https://mlflow.org/docs/latest/tracking/artifacts-stores.html";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: ML,
    id: "mlflow",
    title: "MLflow",
    summary: "A registry version (`models:/m/14`) or a run artifact (`runs:/<run id>/path`) is \
              immutable; an alias, a stage, `latest` or no version is mutable.",
    claims: &[
        Claim { on: On::Scheme("models"), read: claim },
        Claim { on: On::Scheme("runs"), read: claim },
        Claim { on: On::Scheme("mlflow-artifacts"), read: claim },
    ],
    guess: None,
    forced: Some(forced),
    version_slots: &["models:/fraud-detector/{}", "models:/fraud-detector@{}"],
    forms: &[
        Form::doc("models:/fraud-detector/14", Immutable, "registry version", REGISTRY).id("mlflow:fraud-detector/14"),
        Form::doc("models:/fraud-detector@champion", Mutable, "alias", REGISTRY),
        Form::doc("models:/fraud-detector/Production", Mutable, "stage", REGISTRY),
        Form::doc("models:/fraud-detector/latest", Mutable, "`latest`", REGISTRY),
        Form::doc("models:/fraud-detector", Mutable, "no version", REGISTRY),
        Form::decided(
            "models:/fraud-detector/014",
            Weak,
            "version with a leading zero",
            "MLflow parses it as version 14, but it is not the spelling MLflow prints: weak, normalised identity",
        )
        .id("mlflow:fraud-detector/14"),
        Form::decided("models:/fraud-detector/0", Mutable, "version 0", "MLflow numbers versions from 1: version 0 names nothing"),
        Form::doc("runs:/0123456789abcdef0123456789abcdef/model", Immutable, "run artifact", ARTIFACTS),
    ],
    notes: &[
        "**MLflow runs.** `runs:/<32-hex run id>/<path>` is immutable with identity \
         `Version{registry: mlflow-run, name: <run id>, version: <artifact path>}`, as the spec \
         asks; the artifact store underneath is not write-protected by MLflow, so a gate may \
         want a finished-run check next to it. `models:/<name>` with no version, and MLflow 3 \
         `models:/m-<id>` logged models, are mutable. Version numbers with a leading zero are \
         read as the number (weak, normalised identity); version 0 does not exist.",
    ],
};

fn claim(c: &Claimed<'_>) -> Option<Classification> {
    detect(c.text)
}

/// `models:/<rest>`: `name/<version>`, `name@alias`, `name/<stage>`, `name/latest`.
fn model(rest: &str) -> Classification {
    let rest = rest.trim_start_matches('/');
    if let Some((name, alias)) = rest.split_once('@') {
        return Classification::mutable(
            ML,
            format!(
                "MLflow alias {} on {} can be reassigned",
                q(&format!("@{alias}")),
                q(name)
            ),
        );
    }
    let (name, tail) = match rest.rsplit_once('/') {
        Some((n, t)) => (n, t),
        None => {
            return Classification::mutable(
                ML,
                format!(
                    "MLflow model {} without a version resolves to the newest",
                    q(rest)
                ),
            )
            .locator();
        }
    };
    if is_digits(tail) && strip_zeros(tail) == "0" {
        return Classification::mutable(
            ML,
            "MLflow numbers registry versions from 1: version 0 names nothing",
        );
    }
    if has_leading_zero(tail) {
        let v = strip_zeros(tail);
        return Classification::weak(
            ML,
            format!("non-canonical MLflow version {}: read as version {v}", q(tail)),
            Some(Identity::version("mlflow", name, v)),
        );
    }
    if is_digits(tail) {
        return Classification::immutable(
            ML,
            format!(
                "MLflow registry version {tail} of {} is fixed; version numbers are never reused",
                q(name)
            ),
            Identity::version("mlflow", name, tail),
        );
    }
    if tail.eq_ignore_ascii_case("latest") {
        return Classification::mutable(
            ML,
            format!(
                "{} resolves to the newest version",
                q(&format!("models:/{rest}"))
            ),
        );
    }
    if eq_any(tail, STAGES) || eq_any(tail, MOVING_WORDS) {
        return Classification::mutable(
            ML,
            format!(
                "{} is a stage that moves between versions",
                q(&format!("models:/{rest}"))
            ),
        );
    }
    Classification::mutable(ML, format!("{} is not an MLflow version number", q(tail)))
}

/// `runs:/<32-hex run id>/<artifact path>`.
fn run(rest: &str) -> Classification {
    let rest = rest.trim_start_matches('/');
    let (id, path) = rest.split_once('/').unwrap_or((rest, ""));
    if id.len() != 32 || !is_hex(id) {
        return Classification::mutable(ML, format!("malformed MLflow run id {}", q(id)));
    }
    Classification::immutable(
        ML,
        "artifact of a finished MLflow run, addressed by run id",
        Identity::version(
            "mlflow-run",
            &id.to_ascii_lowercase(),
            path.trim_end_matches('/'),
        ),
    )
}

/// `models:/`, `runs:/`, `mlflow-artifacts:/`.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if let Some(rest) = strip_prefix_ci(s, "models:/") {
        return Some(model(rest));
    }
    if let Some(rest) = strip_prefix_ci(s, "runs:/") {
        return Some(run(rest));
    }
    strip_prefix_ci(s, "mlflow-artifacts:").map(|_| {
        Classification::mutable(ML, "artifact-store path outside a run can be overwritten")
    })
}

/// Forced reading: with or without `models:/`; `name/14` and `name@alias` are registry refs.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    detect(s).or_else(|| Some(model(s)))
}
