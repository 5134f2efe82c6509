//! Amazon SageMaker ARNs: `model-package/<name>/<version>`, `model-package-group/<name>`, `model/<name>`, endpoints.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::scan::{has_leading_zero, is_digits, parse_arn, q, strip_zeros};
use super::{Classification, Ecosystem, Identity};

const SM: Ecosystem = Ecosystem::Sagemaker;
const REGISTRY: &str = "https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-version.html";
const DESCRIBE: &str = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeModelPackage.html";
const ENDPOINT: &str = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: SM,
    id: "sagemaker",
    title: "Amazon SageMaker",
    summary: "A model package version ARN (`model-package/<group>/<n>`, n ≥ 1) is immutable; a \
              package group, a model, an endpoint or version 0 is mutable.",
    claims: &[Claim { on: On::ArnService("sagemaker"), read: arn_claim }],
    guess: None,
    forced: Some(forced),
    version_slots: &["arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/{}"],
    forms: &[
        Form::doc("arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3", Immutable, "package version", REGISTRY)
            .id("sagemaker:arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3"),
        Form::doc("arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/0", Mutable, "version 0", DESCRIBE),
        Form::decided(
            "arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/03",
            Weak,
            "version with a leading zero",
            "read as version 3, but not the ARN SageMaker returns: weak, normalised identity",
        )
        .id("sagemaker:arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3"),
        Form::doc("arn:aws:sagemaker:us-east-1:123456789012:model-package-group/fraud", Mutable, "package group", REGISTRY),
        Form::decided("arn:aws:sagemaker:us-east-1:123456789012:model/fraud", Mutable, "model name", "a SageMaker model can be deleted and re-created under the same name with other artifacts"),
        Form::doc("arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud", Mutable, "endpoint", ENDPOINT),
    ],
    notes: &[
        "**SageMaker.** `model-package/<group>/<n>` is immutable; versions start at 1, so `/0` \
         is mutable and a leading zero is weak (normalised identity). An unversioned \
         `model-package/<name>` is weak; `model-package-group/...`, `model/...` (a name that can \
         be deleted and re-created with other artifacts) and endpoints are mutable.",
    ],
};

fn arn_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_resource(c.text, c.rest))
}

/// Verdict on a SageMaker ARN; `prefix` is the ARN up to and including `:`, before the resource.
fn classify_resource(s: &str, resource: &str) -> Classification {
    let (kind, rest) = resource.split_once('/').unwrap_or((resource, ""));
    match kind {
        "model-package" => {
            let (name, version) = rest.split_once('/').unwrap_or((rest, ""));
            if is_digits(version) && strip_zeros(version) == "0" {
                return Classification::mutable(
                    SM,
                    "model package versions start at 1: version 0 names nothing",
                );
            }
            if has_leading_zero(version) {
                let base_len = s.len() - rest.len() + name.len();
                let base = s.get(..base_len).unwrap_or(s);
                let v = strip_zeros(version);
                return Classification::weak(
                    SM,
                    format!("non-canonical model package version {}: read as {v}", q(version)),
                    Some(Identity::version("sagemaker", base, v)),
                );
            }
            if is_digits(version) {
                let base_len = s.len() - rest.len() + name.len();
                let base = s.get(..base_len).unwrap_or(s);
                return Classification::immutable(
                    SM,
                    format!("model package {} version {version} is fixed once registered", q(name)),
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
        )
        .locator(),
        "model" => Classification::mutable(
            SM,
            format!(
                "SageMaker model {} can be deleted and re-created with other artifacts",
                q(rest)
            ),
        ),
        "hub-content" => {
            // `hub-content/<hub>/<type>/<name>/<version>`.
            let parts: Vec<&str> = rest.split('/').collect();
            match parts.as_slice() {
                [_, _, name, version] if !version.is_empty() => Classification::weak(
                    SM,
                    format!(
                        "hub content {} version {} is published by the hub owner, not pinned by content",
                        q(name),
                        q(version)
                    ),
                    Some(Identity::version("sagemaker-hub", name, version)),
                ),
                _ => Classification::mutable(
                    SM,
                    "hub content without a version resolves to the newest",
                )
                .locator(),
            }
        }
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
