//! Amazon SageMaker API JSON: `CreateModel` / `DescribeModel` bodies, `CreateEndpointConfig`
//! bodies and the EventBridge "SageMaker Model Package State Change" event; and the
//! `ContainerDefinition` reading the CloudFormation reader shares.
//!
//! - A container (`PrimaryContainer`, `Containers[]`;
//!   <https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html>):
//!   `Image` is the runtime image (with a sibling `ImageDigest`, `Image@ImageDigest`);
//!   `ModelDataUrl`, `ModelDataSource.S3DataSource.S3Uri` and `ModelPackageName` are the model;
//!   `Environment.HF_MODEL_ID` is the model of the Hugging Face containers and
//!   `Environment.HF_MODEL_REVISION` its pin (the TGI container maps it to `REVISION`). With
//!   `Mode: MultiModel`, `ModelDataUrl` is a prefix from which a request's `TargetModel` is
//!   loaded: never one model (<https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoints.html>).
//!   A container that names no model serves the model baked into its image: the model is
//!   required but not identified.
//! - `CreateEndpointConfig` names models BY NAME (`ProductionVariants[].ModelName`): read alone it
//!   deploys nothing skillgate can identify (<https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html>).
//! - The model package event (<https://docs.aws.amazon.com/sagemaker/latest/dg/automating-sagemaker-with-eventbridge.html>)
//!   deploys nothing. In a file a record names, an `Approved` package's `ModelPackageArn` and
//!   its containers join the naming stage; a `Rejected` or pending one adds nothing but a note.
//!
//! Deliberately not read: `ExecutionRoleArn`, `ModelName`, `VariantName`, `InstanceType`,
//! `InitialVariantWeight`, `DataCaptureConfig.DestinationS3Uri` (where requests are logged),
//! `ContainerHostname`, `InferenceSpecificationName`, `ModelMetrics` (evaluation reports of
//! the package, without a run identity), `<provide …>` documentation placeholders for names.

use super::cloudformation::{Cand, Resolver};
use super::{Emit, Format, Part, role};
use crate::yaml::Node;

/// `CreateModel` request bodies (and `DescribeModel` responses).
pub static CREATE_MODEL: Format = Format {
    id: "sagemaker-create-model",
    title: "SageMaker CreateModel",
    detect: |d| {
        d.get("Resources").is_none()
            && (d.get("PrimaryContainer").is_some_and(Node::is_map)
                || d.get("Containers")
                    .is_some_and(|c| c.is_seq() && c.items().iter().all(Node::is_map)))
            && (d.get("ModelName").is_some() || d.get("ExecutionRoleArn").is_some())
    },
    read: read_create_model,
};

/// `CreateEndpointConfig` request bodies: models by name.
pub static CREATE_ENDPOINT_CONFIG: Format = Format {
    id: "sagemaker-create-endpoint-config",
    title: "SageMaker CreateEndpointConfig (models named by name)",
    detect: |d| {
        d.get("Resources").is_none()
            && d.get("EndpointConfigName").is_some()
            && d.get("ProductionVariants").is_some_and(Node::is_seq)
    },
    read: read_endpoint_config,
};

/// EventBridge "SageMaker Model Package State Change".
pub static MODEL_PACKAGE_EVENT: Format = Format {
    id: "sagemaker-eventbridge-model-package",
    title: "SageMaker model package state change event (deploys nothing)",
    detect: |d| {
        d.get("detail-type").and_then(Node::as_str) == Some("SageMaker Model Package State Change")
            && d.get("detail").is_some_and(Node::is_map)
    },
    read: read_package_event,
};

fn read_create_model(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = doc
        .get("ModelName")
        .and_then(Node::as_str)
        .unwrap_or("model");
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "") else {
        return;
    };
    model_containers(emit, stage, doc, "", &Resolver::literal());
}

/// The containers of a model (`PrimaryContainer`, `Containers[]`), `at` the dotted path of the
/// model's properties. Says the stage deploys a model even when no container names one.
pub(crate) fn model_containers<'n>(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    props: &'n Node,
    at: &str,
    r: &Resolver<'n>,
) {
    emit.expect_role(stage, role::MODEL);
    let join = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    if let Some(c) = props.get("PrimaryContainer") {
        container(emit, stage, c, &join("PrimaryContainer"), r);
    }
    if let Some(list) = props.get("Containers") {
        for (i, c) in list.items().iter().enumerate() {
            container(emit, stage, c, &format!("{}[{i}]", join("Containers")), r);
        }
    }
}

/// One `ContainerDefinition` (or an inference component's container: `ArtifactUrl`).
pub(crate) fn container<'n>(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    c: &'n Node,
    at: &str,
    r: &Resolver<'n>,
) {
    if !c.is_map() {
        return;
    }
    if let Some(img) = c.get("Image") {
        let shown = format!("{at}.Image");
        let digest = c
            .get("ImageDigest")
            .and_then(Node::as_str)
            .filter(|d| !d.trim().is_empty());
        for cand in r.values(emit, img) {
            let object = emit.object(stage, &shown, cand.node);
            let text = match digest {
                // `Image` + `ImageDigest` (a model package's container): the digest pins it.
                Some(d) if !cand.text.contains('@') && cand.literal => {
                    format!("{}@{}", cand.text, d.trim())
                }
                _ => cand.text.clone(),
            };
            emit.reference_text(
                stage,
                object,
                role::RUNTIME_IMAGE,
                "image",
                &shown,
                &text,
                cand.node.span,
            );
        }
    }
    let multi = c
        .get("Mode")
        .and_then(Node::as_str)
        .is_some_and(|m| m == "MultiModel");
    let object = emit.object(stage, at, c);
    let mut named = false;
    let data = [
        (c.get("ModelDataUrl"), format!("{at}.ModelDataUrl")),
        (c.get("ArtifactUrl"), format!("{at}.ArtifactUrl")),
        (
            c.get("ModelDataSource")
                .and_then(|s| s.get("S3DataSource"))
                .and_then(|s| s.get("S3Uri")),
            format!("{at}.ModelDataSource.S3DataSource.S3Uri"),
        ),
    ];
    for (node, shown) in data {
        let Some(n) = node else { continue };
        named = true;
        refs(
            emit,
            stage,
            object,
            role::MODEL,
            "model_data_url",
            &shown,
            n,
            r,
        );
        if multi {
            emit.note(
                n,
                "`Mode: MultiModel`: `ModelDataUrl` is a prefix from which the endpoint loads whichever model a request names (TargetModel); it never identifies one model",
            );
        }
    }
    if let Some(n) = c.get("ModelPackageName") {
        named = true;
        let shown = format!("{at}.ModelPackageName");
        refs(
            emit,
            stage,
            object,
            role::MODEL,
            "model_package",
            &shown,
            n,
            r,
        );
    }
    if let Some(env) = c.get("Environment") {
        if let Some(id) = env.get("HF_MODEL_ID") {
            let local = id.as_str().is_some_and(|t| t.trim().starts_with('/'));
            if !local {
                named = true;
                let shown = format!("{at}.Environment.HF_MODEL_ID");
                refs(emit, stage, object, role::MODEL, "model", &shown, id, r);
                if let Some(rev) = env.get("HF_MODEL_REVISION") {
                    let shown = format!("{at}.Environment.HF_MODEL_REVISION");
                    for cand in r.values(emit, rev) {
                        emit.field_text(
                            stage,
                            object,
                            "revision",
                            &shown,
                            &cand.text,
                            cand.node.span,
                        );
                    }
                }
            }
        }
    }
    if !named && multi {
        emit.note(c, "`Mode: MultiModel` without a model data URL");
    }
}

/// Every candidate value of a reference, each its own artifact object after the first (the
/// allowed values of a template Parameter are alternatives, not names of one artifact).
#[allow(clippy::too_many_arguments)]
fn refs<'n>(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    object: usize,
    role: &str,
    key: &str,
    shown: &str,
    n: &'n Node,
    r: &Resolver<'n>,
) {
    for (i, cand) in r.values(emit, n).into_iter().enumerate() {
        let obj = if i == 0 {
            object
        } else {
            emit.object(stage, shown, cand.node)
        };
        emit_cand(emit, stage, obj, role, key, shown, &cand);
    }
}

fn emit_cand(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    object: usize,
    role: &str,
    key: &str,
    shown: &str,
    cand: &Cand<'_>,
) {
    emit.reference_text(stage, object, role, key, shown, &cand.text, cand.node.span);
}

fn read_endpoint_config(doc: &Node, emit: &mut Emit<'_, '_>) {
    // Models are named by name: their identity is in the CreateModel request.
    if emit.in_named_file() {
        if let Some(stage) = emit.stage(Part::Deploy, "endpoint-config", doc, "") {
            emit.expect_role(stage, role::MODEL);
        }
    }
    if let Some(v) = doc.get("ProductionVariants") {
        emit.note(
            v,
            "a SageMaker endpoint configuration names its models by name (`ModelName`); their images and model data are in the CreateModel request, not in this file",
        );
    }
}

fn read_package_event(doc: &Node, emit: &mut Emit<'_, '_>) {
    let Some(detail) = doc.get("detail") else {
        return;
    };
    let status = detail
        .get("ModelApprovalStatus")
        .and_then(Node::as_str)
        .unwrap_or("");
    if let Some(s) = detail.get("ModelApprovalStatus") {
        if status != "Approved" {
            emit.note(
                s,
                format!(
                    "the model registry records `ModelApprovalStatus: {status}` for this package version: it is not an approval"
                ),
            );
        }
    }
    // Alone, a registry event deploys nothing; named by a record, an approved package's
    // identity joins the naming stage.
    if !emit.in_named_file() || status != "Approved" {
        return;
    }
    let Some(stage) = emit.stage(Part::Deploy, "model-package", doc, "") else {
        return;
    };
    let object = emit.object(stage, "detail", detail);
    if let Some(arn) = detail.get("ModelPackageArn") {
        emit.reference(
            stage,
            object,
            role::MODEL,
            "model_package",
            "detail.ModelPackageArn",
            arn,
        );
    }
    if let Some(list) = detail
        .get("InferenceSpecification")
        .and_then(|s| s.get("Containers"))
    {
        for (i, c) in list.items().iter().enumerate() {
            let at = format!("detail.InferenceSpecification.Containers[{i}]");
            if let Some(u) = c.get("ModelDataUrl") {
                // The package version and the object behind it are one artifact.
                emit.reference(
                    stage,
                    object,
                    role::MODEL,
                    "model_data_url",
                    &format!("{at}.ModelDataUrl"),
                    u,
                );
            }
            let images = Resolver::literal();
            let stripped = strip_model_data(c);
            container(emit, stage, stripped.as_ref().unwrap_or(c), &at, &images);
        }
    }
}

/// A container without its model data (read into the package's object instead).
fn strip_model_data(c: &Node) -> Option<Node> {
    let entries = c.entries();
    if !entries
        .iter()
        .any(|(k, _)| k.as_str() == Some("ModelDataUrl"))
    {
        return None;
    }
    let kept: Vec<(Node, Node)> = entries
        .iter()
        .filter(|(k, _)| k.as_str() != Some("ModelDataUrl"))
        .cloned()
        .collect();
    Some(Node {
        value: crate::yaml::Value::Map(kept),
        span: c.span,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read_alone, read_named};

    const CREATE_MODEL: &str = r#"{
  "ModelName": "m",
  "ExecutionRoleArn": "arn:aws:iam::123456789012:role/r",
  "PrimaryContainer": {
    "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1.0",
    "ModelDataUrl": "s3://bucket/model.tar.gz",
    "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}
  }
}
"#;

    #[test]
    fn create_model_reads_image_and_model_data() {
        let got = read_alone(CREATE_MODEL);
        assert_eq!(got.format.as_deref(), Some("sagemaker-create-model"));
        assert_eq!(
            got.references(),
            vec![
                (
                    "runtime_image".to_string(),
                    5,
                    "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1.0".to_string()
                ),
                (
                    "model".to_string(),
                    6,
                    "s3://bucket/model.tar.gz".to_string()
                ),
            ]
        );
    }

    #[test]
    fn endpoint_config_and_look_alikes_stay_quiet() {
        let doc = r#"{
  "EndpointConfigName": "<provide your endpoint config name>",
  "ProductionVariants": [{"VariantName": "v", "ModelName": "my-model", "InstanceType": "ml.m5.large"}],
  "DataCaptureConfig": {"DestinationS3Uri": "s3://bucket/capture/"}
}
"#;
        let got = read_alone(doc);
        assert_eq!(
            got.format.as_deref(),
            Some("sagemaker-create-endpoint-config")
        );
        assert!(got.stages.is_empty(), "{:?}", got.stages);
        assert!(got.refs.is_empty() && got.fields.is_empty());
    }

    const EVENT: &str = r#"{
  "detail-type": "SageMaker Model Package State Change",
  "source": "aws.sagemaker",
  "detail": {
    "ModelPackageArn": "arn:aws:sagemaker:us-east-2:123456789012:model-package/g/2",
    "InferenceSpecification": {"Containers": [{
      "Image": "257758044811.dkr.ecr.us-east-2.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3",
      "ImageDigest": "sha256:4dc8a7e4a010a19bb9e0a6b063f355393f6e623603361bd8b105f554d4f0c004",
      "ModelDataUrl": "s3://b/model.tar.gz"}]},
    "ModelApprovalStatus": "STATUS"
  }
}
"#;

    #[test]
    fn approved_package_event_joins_the_naming_stage() {
        let got = read_named(&EVENT.replace("STATUS", "Approved"));
        assert_eq!(
            got.references(),
            vec![
                (
                    "model".to_string(),
                    5,
                    "arn:aws:sagemaker:us-east-2:123456789012:model-package/g/2".to_string()
                ),
                ("model".to_string(), 9, "s3://b/model.tar.gz".to_string()),
                (
                    "runtime_image".to_string(),
                    7,
                    "257758044811.dkr.ecr.us-east-2.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3@sha256:4dc8a7e4a010a19bb9e0a6b063f355393f6e623603361bd8b105f554d4f0c004".to_string()
                ),
            ]
        );
        assert!(got.refs.iter().all(|r| r.3 == "deploy"));
    }

    #[test]
    fn rejected_package_event_adds_nothing() {
        let got = read_named(&EVENT.replace("STATUS", "Rejected"));
        assert!(got.refs.is_empty(), "{:?}", got.refs);
        assert!(
            got.notes
                .iter()
                .any(|(l, m)| *l == 10 && m.contains("Rejected"))
        );
        let alone = read_alone(&EVENT.replace("STATUS", "Approved"));
        assert!(alone.stages.is_empty());
    }
}
