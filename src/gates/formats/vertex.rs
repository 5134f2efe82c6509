//! Google Vertex AI: endpoints (REST resource and `DeployModel` request), models (REST
//! resource), and Config Connector's `VertexAIEndpoint`.
//!
//! - An `Endpoint` resource's `deployedModels[]` and a `DeployModel` request's `deployedModel`
//!   (<https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints#DeployedModel>)
//!   → `deploy`: `model` (`projects/…/models/<id>[@<version-id|alias>]`) is the model; with a
//!   `modelVersionId`, the deployed identity is `model@modelVersionId`. `trafficSplit` only
//!   shares traffic between deployed models.
//! - A `Model` resource (`name: projects/…/models/<id>` with `containerSpec` or `artifactUri`;
//!   <https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.models>) is a
//!   registry entry and deploys nothing: read alone, nothing; in a file a record names,
//!   `name@versionId` and `artifactUri` are one model and `containerSpec.imageUri` is the
//!   runtime image.
//! - Config Connector `vertexai.cnrm.cloud.google.com` `VertexAIEndpoint`
//!   (<https://cloud.google.com/config-connector/docs/reference/resource-docs/vertexai/vertexaiendpoint>)
//!   is only the serving address: models are attached afterwards by `deployModel`, so it names
//!   no model (read alone, nothing; named by a record, the model is required but not
//!   identified).
//!
//! Deliberately not read: `displayName`, labels, `networkRef`, `projectRef` (its `${PROJECT_ID?}`
//! placeholder stands for a project, not an artifact), `serviceAccount`, machine and replica
//! settings, `versionAliases` (movable names), `createTime`.

use super::{Emit, Format, Part, api_kind, role};
use crate::yaml::Node;

/// `Endpoint` resources with deployed models, and `DeployModel` requests.
pub static ENDPOINT: Format = Format {
    id: "vertex-ai-endpoint",
    title: "Vertex AI endpoint (deployed models)",
    detect: |d| {
        d.get("apiVersion").is_none()
            && (d
                .get("deployedModels")
                .is_some_and(|l| l.is_seq() && l.items().iter().any(is_deployed_model))
                || d.get("deployedModel").is_some_and(is_deployed_model))
    },
    read: read_endpoint,
};

/// `Model` resources (Model Registry entries).
pub static MODEL: Format = Format {
    id: "vertex-ai-model",
    title: "Vertex AI model (registry entry, deploys nothing)",
    detect: |d| {
        d.get("apiVersion").is_none()
            && d.get("name")
                .and_then(Node::as_str)
                .is_some_and(|n| n.starts_with("projects/") && n.contains("/models/"))
            && (d.get("containerSpec").is_some_and(Node::is_map) || d.get("artifactUri").is_some())
    },
    read: read_model,
};

/// Config Connector `VertexAIEndpoint`: no model.
pub static KCC_ENDPOINT: Format = Format {
    id: "config-connector-vertexai-endpoint",
    title: "Config Connector VertexAIEndpoint (names no model)",
    detect: |d| api_kind(d) == Some(("vertexai.cnrm.cloud.google.com", "VertexAIEndpoint")),
    read: |doc, emit| {
        if emit.in_named_file() {
            if let Some(stage) = emit.stage(Part::Deploy, "endpoint", doc, "spec") {
                emit.expect_role(stage, role::MODEL);
            }
        }
        emit.note(
            doc,
            "a Vertex AI endpoint names no model: models are attached to it by `deployModel`, which this resource does not record",
        );
    },
};

/// A DeployedModel: a mapping whose `model` is a Vertex AI model resource name.
fn is_deployed_model(n: &Node) -> bool {
    n.get("model")
        .and_then(Node::as_str)
        .is_some_and(|m| m.trim_start().starts_with("projects/") && m.contains("/models/"))
}

fn read_endpoint(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = doc
        .get("displayName")
        .and_then(Node::as_str)
        .unwrap_or("endpoint");
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "") else {
        return;
    };
    let mut models: Vec<(&Node, String)> = Vec::new();
    if let Some(list) = doc.get("deployedModels") {
        for (i, m) in list.items().iter().enumerate() {
            models.push((m, format!("deployedModels[{i}]")));
        }
    }
    if let Some(m) = doc.get("deployedModel") {
        models.push((m, "deployedModel".to_string()));
    }
    if models.is_empty() {
        emit.expect_role(stage, role::MODEL);
    }
    for (m, at) in models {
        let Some(model) = m.get("model") else {
            continue;
        };
        let object = emit.object(stage, &at, m);
        versioned(
            emit,
            stage,
            object,
            model,
            m.get("modelVersionId"),
            &format!("{at}.model"),
        );
    }
}

/// `model` (+ `modelVersionId`) as one reference: `projects/…/models/<id>@<version>`.
fn versioned(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    object: usize,
    model: &Node,
    version: Option<&Node>,
    shown: &str,
) {
    let Some(text) = model.as_str() else { return };
    let version = version
        .and_then(Node::as_str)
        .map(str::trim)
        .filter(|v| !v.is_empty());
    match version {
        Some(v) if !text.contains('@') => {
            let composed = format!("{}@{v}", text.trim());
            emit.reference_text(
                stage,
                object,
                role::MODEL,
                "model",
                shown,
                &composed,
                model.span,
            );
        }
        _ => emit.reference(stage, object, role::MODEL, "model", shown, model),
    }
}

fn read_model(doc: &Node, emit: &mut Emit<'_, '_>) {
    if !emit.in_named_file() {
        return;
    }
    let Some(stage) = emit.stage(Part::Deploy, "model", doc, "") else {
        return;
    };
    let object = emit.object(stage, "", doc);
    if let Some(n) = doc.get("name") {
        versioned(emit, stage, object, n, doc.get("versionId"), "name");
    }
    if let Some(a) = doc.get("artifactUri") {
        emit.reference(stage, object, role::MODEL, "uri", "artifactUri", a);
    }
    if let Some(img) = doc.get("containerSpec").and_then(|c| c.get("imageUri")) {
        let o = emit.object(stage, "containerSpec", img);
        emit.reference(
            stage,
            o,
            role::RUNTIME_IMAGE,
            "image",
            "containerSpec.imageUri",
            img,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read_alone, read_named};

    #[test]
    fn endpoint_deployed_models_with_versions() {
        let doc = r#"{
  "name": "projects/p/locations/us-central1/endpoints/42",
  "displayName": "ranker",
  "deployedModels": [
    {"id": "1", "model": "projects/p/locations/us-central1/models/7", "modelVersionId": "3"},
    {"id": "2", "model": "projects/p/locations/us-central1/models/8@default"}
  ],
  "trafficSplit": {"1": 90, "2": 10}
}
"#;
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("vertex-ai-endpoint"));
        assert_eq!(
            got.refs
                .iter()
                .map(|r| (r.1, r.2.as_str(), r.4.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (
                    5,
                    "projects/p/locations/us-central1/models/7@3",
                    "immutable"
                ),
                (
                    6,
                    "projects/p/locations/us-central1/models/8@default",
                    "mutable"
                ),
            ]
        );
    }

    #[test]
    fn kcc_endpoint_names_no_model() {
        let doc = "apiVersion: vertexai.cnrm.cloud.google.com/v1beta1\nkind: VertexAIEndpoint\nmetadata:\n  name: e\n  labels:\n    model: gemma\nspec:\n  displayName: e\n  region: us-central1\n  projectRef:\n    external: ${PROJECT_ID?}\n";
        let got = read_alone(doc);
        assert_eq!(
            got.format.as_deref(),
            Some("config-connector-vertexai-endpoint")
        );
        assert!(got.stages.is_empty() && got.refs.is_empty() && got.fields.is_empty());
        assert!(!got.notes.is_empty());
    }

    #[test]
    fn model_resource_joins_only_when_named() {
        let doc = "name: projects/p/locations/l/models/7\nversionId: \"2\"\nartifactUri: gs://b/m/\ncontainerSpec:\n  imageUri: us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-0:latest\n";
        assert!(read_alone(doc).stages.is_empty());
        let got = read_named(doc);
        assert_eq!(got.format.as_deref(), Some("vertex-ai-model"));
        assert_eq!(got.refs.len(), 3);
        assert_eq!(got.refs[0].2, "projects/p/locations/l/models/7@2");
    }
}
