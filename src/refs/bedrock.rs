//! Amazon Bedrock: model ids (`anthropic.claude-3-5-sonnet-20240620-v1:0`), inference profiles
//! (`us.anthropic...`), and `arn:aws:bedrock:` ARNs.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, Guess, On, Spec};
use super::scan::{is_digits, parse_arn, q};
use super::{Classification, Ecosystem, Identity};

const BR: Ecosystem = Ecosystem::Bedrock;
const MODEL_IDS: &str = "https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html";
const LIFECYCLE: &str = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html";
const PROFILES: &str = "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html";
const PT_UPDATE: &str = "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_UpdateProvisionedModelThroughput.html";
const CUSTOM: &str = "https://docs.aws.amazon.com/bedrock/latest/userguide/custom-models.html";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: BR,
    id: "bedrock",
    title: "Amazon Bedrock",
    summary: "A versioned model id (`…-v1:0`, dated) is provider-pinned (weak); a custom-model \
              ARN is immutable; an id without version or a provisioned-throughput ARN is mutable.",
    claims: &[Claim { on: On::ArnService("bedrock"), read: arn_claim }],
    guess: Some(Guess {
        rank: 50,
        when: |sh, _| sh.bare() && sh.dot,
        detect,
    }),
    forced: Some(forced),
    version_slots: &["anthropic.claude-3-5-sonnet-20240620-v1:{}"],
    forms: &[
        Form::doc("anthropic.claude-3-5-sonnet-20240620-v1:0", Weak, "versioned model id (provider-pinned)", MODEL_IDS)
            .id("bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0"),
        Form::doc("us.anthropic.claude-3-5-sonnet-20240620-v1:0", Weak, "cross-region inference profile (provider-pinned)", PROFILES)
            .id("bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0"),
        Form::doc(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
            Weak,
            "inference-profile ARN (provider-pinned)",
            PROFILES,
        ),
        Form::doc("anthropic.claude-3-5-sonnet", Mutable, "model id without version", LIFECYCLE),
        Form::doc(
            "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123xyz",
            Mutable,
            "provisioned throughput",
            PT_UPDATE,
        ),
        Form::doc(
            "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/a1b2c3d4e5f6",
            Immutable,
            "custom model",
            CUSTOM,
        ),
    ],
    notes: &[
        "**Bedrock.** Ids with `-vN`, `-vN:M` or an 8-digit date are provider-pinned (weak); the \
         geographic prefix of a cross-region inference profile (`us.`, `eu.`, `apac.` ...) is \
         dropped from the identity. A provisioned-throughput ARN names purchased capacity, and \
         `UpdateProvisionedModelThroughput` can associate it with another model: mutable. Custom \
         model ARNs are immutable (`ProviderModel{bedrock, <ARN>}`); application inference \
         profiles are weak, not provider-pinned: pin the underlying model id.",
    ],
};

fn arn_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_arn(c.text, c.rest))
}

/// Model providers that appear as the first dotted part of a Bedrock model id.
const PROVIDERS: &[&str] = &[
    "anthropic",
    "amazon",
    "meta",
    "cohere",
    "ai21",
    "mistral",
    "stability",
    "deepseek",
    "writer",
    "luma",
    "twelvelabs",
    "openai",
    "qwen",
];

/// Geographic prefixes of cross-region inference profiles.
const GEOS: &[&str] = &["us", "eu", "apac", "us-gov", "global", "jp", "au", "ca"];

/// Split an id into (geo prefix, provider, model id without geo prefix).
fn split_id(id: &str) -> Option<(Option<&str>, &str, &str)> {
    let (first, rest) = id.split_once('.')?;
    if GEOS.contains(&first) {
        let (provider, _) = rest.split_once('.')?;
        return PROVIDERS
            .contains(&provider)
            .then_some((Some(first), provider, rest));
    }
    PROVIDERS.contains(&first).then_some((None, first, id))
}

/// True if the model id carries a version: `-v1`, `-v1:0`, `:0`, or an 8-digit date.
fn versioned(model: &str) -> bool {
    let base = model.split(':').next().unwrap_or(model);
    let v_suffix = base.rsplit_once("-v").is_some_and(|(_, n)| is_digits(n));
    let date = base
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 8 && run.starts_with("20"));
    let colon = model
        .split_once(':')
        .is_some_and(|(_, n)| n.split(':').next().is_some_and(is_digits));
    v_suffix || date || colon
}

/// Verdict on a Bedrock model or inference-profile id.
fn classify_id(id: &str) -> Option<Classification> {
    let valid = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'));
    if !valid {
        return None;
    }
    let (geo, _, model) = split_id(id)?;
    if !versioned(model) {
        return Some(
            Classification::mutable(
                BR,
                format!("Bedrock model id {} has no version suffix", q(id)),
            )
            .locator(),
        );
    }
    let what = if geo.is_some() {
        "an inference profile for a provider-pinned Bedrock model version"
    } else {
        "a provider-pinned Bedrock model version"
    };
    Some(Classification::pinned(
        BR,
        format!("{} is {what}; weights are not inspectable", q(id)),
        Identity::provider("bedrock", model),
    ))
}

/// Verdict on a `arn:...:bedrock:...` resource.
fn classify_arn(s: &str, resource: &str) -> Classification {
    let (kind, rest) = resource.split_once('/').unwrap_or((resource, ""));
    match kind {
        "foundation-model" | "inference-profile" => classify_id(rest).unwrap_or_else(|| {
            Classification::mutable(BR, format!("unrecognised Bedrock model id {}", q(rest)))
        }),
        "provisioned-model" => Classification::mutable(
            BR,
            format!(
                "provisioned throughput {} names capacity, not a model: it can be re-pointed at another model",
                q(rest)
            ),
        ),
        "custom-model" | "imported-model" => Classification::immutable(
            BR,
            format!("a Bedrock {kind} ARN names one training or import output"),
            Identity::provider("bedrock", s),
        ),
        "application-inference-profile" => Classification::weak(
            BR,
            "an application inference profile wraps the model chosen at creation; pin that model id",
            None,
        ),
        _ => Classification::mutable(BR, format!("Bedrock {} is not a model version", q(kind))),
    }
}

/// Bedrock ARNs and bare model / inference-profile ids.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if let Some([_, service, _, _, resource]) = parse_arn(s) {
        return (service == "bedrock").then(|| classify_arn(s, resource));
    }
    classify_id(s)
}

/// Forced reading: any id is read as a Bedrock id; unknown providers are still checked for a version.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(c) = detect(s) {
        return Some(c);
    }
    if versioned(s) && !s.contains(char::is_whitespace) {
        return Some(Classification::pinned(
            BR,
            format!(
                "{} is a provider-pinned Bedrock model version; weights are not inspectable",
                q(s)
            ),
            Identity::provider("bedrock", s),
        ));
    }
    Some(Classification::mutable(
        BR,
        format!("Bedrock model id {} has no version suffix", q(s)),
    ))
}
