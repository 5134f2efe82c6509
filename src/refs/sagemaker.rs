//! Amazon SageMaker ARNs: `model-package/<name>/<version>`, `model-package-group/<name>`, `model/<name>`, endpoints.

use super::scan::{is_digits, q};
use super::{Classification, Ecosystem, Identity};

const SM: Ecosystem = Ecosystem::Sagemaker;

/// The parts of an ARN: (partition, service, region, account, resource).
pub(crate) fn parse_arn(s: &str) -> Option<[&str; 5]> {
    let rest = super::scan::strip_prefix_ci(s, "arn:")?;
    let mut it = rest.splitn(5, ':');
    Some([it.next()?, it.next()?, it.next()?, it.next()?, it.next()?])
}

/// Verdict on a SageMaker ARN; `prefix` is the ARN up to and including `:`, before the resource.
fn classify_resource(s: &str, resource: &str) -> Classification {
    let (kind, rest) = resource.split_once('/').unwrap_or((resource, ""));
    match kind {
        "model-package" => {
            let (name, version) = rest.split_once('/').unwrap_or((rest, ""));
            if is_digits(version) {
                let base_len = s.len() - rest.len() + name.len();
                let base = s.get(..base_len).unwrap_or(s);
                return Classification::immutable(
                    SM,
                    "a model package version is fixed once registered",
                    Identity::version("sagemaker", base, version),
                );
            }
            if version.is_empty() {
                return Classification::weak(
                    SM,
                    format!(
                        "unversioned model package {} is not in a versioned group",
                        q(name)
                    ),
                    None,
                );
            }
            Classification::mutable(
                SM,
                format!("malformed model package version {}", q(version)),
            )
        }
        "model-package-group" => Classification::mutable(
            SM,
            "a package group resolves to whichever version is latest approved",
        ),
        "model" => Classification::mutable(
            SM,
            format!(
                "SageMaker model {} can be deleted and re-created with other artifacts",
                q(rest)
            ),
        ),
        "endpoint" | "endpoint-config" | "inference-component" => Classification::mutable(
            SM,
            format!(
                "SageMaker {kind} {} can be updated to serve a different model",
                q(rest)
            ),
        ),
        _ => Classification::mutable(
            SM,
            format!("SageMaker {} is not a versioned model package", q(kind)),
        ),
    }
}

/// `arn:<partition>:sagemaker:<region>:<account>:<resource>`.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let [_, service, _, _, resource] = parse_arn(s)?;
    (service == "sagemaker").then(|| classify_resource(s, resource))
}

/// Forced reading: only ARNs are understood.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    detect(s)
}
