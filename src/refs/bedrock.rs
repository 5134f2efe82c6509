//! Amazon Bedrock: model ids (`anthropic.claude-3-5-sonnet-20240620-v1:0`), inference profiles
//! (`us.anthropic...`), and `arn:aws:bedrock:` ARNs.

use super::sagemaker::parse_arn;
use super::scan::{is_digits, q};
use super::{Classification, Ecosystem, Identity};

const BR: Ecosystem = Ecosystem::Bedrock;

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
        return Some(Classification::mutable(
            BR,
            format!("Bedrock model id {} has no version suffix", q(id)),
        ));
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
            "a provisioned-throughput ARN can be re-pointed at a different model",
        ),
        "custom-model" => Classification::immutable(
            BR,
            "a Bedrock custom model ARN names one training output",
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
