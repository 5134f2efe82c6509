//! MLflow: `models:/name/14`, `models:/name@alias`, `models:/name/Production`, `runs:/<run id>/path`.

use super::scan::{MOVING_WORDS, eq_any, is_digits, is_hex, q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const ML: Ecosystem = Ecosystem::Mlflow;
const STAGES: &[&str] = &["production", "staging", "archived", "none"];

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
            );
        }
    };
    if is_digits(tail) {
        return Classification::immutable(
            ML,
            "MLflow registry version numbers are never reused",
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
