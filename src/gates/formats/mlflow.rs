//! MLflow: AI Gateway (deployments server) configuration, `MLmodel` files, the `openai`
//! flavor's `model.yaml`, and model-registry webhook payloads.
//!
//! - AI Gateway (`endpoints:` with `endpoint_type`, or the older `routes:` with `route_type`;
//!   <https://mlflow.org/docs/latest/genai/governance/ai-gateway/configuration>) → `deploy`:
//!   each endpoint's `model.provider` is the provider of a hosted model (a non-reference field
//!   `provider`; `amazon-bedrock` is MLflow's older spelling of `bedrock`) and `model.name` is
//!   the hosted model. With Azure OpenAI (`provider: azure|azuread`, or `openai` with
//!   `config.openai_api_type: azure|azuread`) the model that answers is the Azure DEPLOYMENT
//!   `config.openai_deployment_name`; `model.name` is then a label
//!   (<https://learn.microsoft.com/en-us/azure/ai-services/openai/concepts/model-versions>).
//!   `provider: mlflow-model-serving` / `huggingface-text-generation-inference` proxy to a
//!   server (`model_server_url`, `hf_server_url`) whose model is not identified here.
//! - `MLmodel` (a mapping with `flavors` and `mlflow_version` / `model_uuid` / `run_id` /
//!   `utc_time_created`; <https://mlflow.org/docs/latest/ml/model/#storage-format>) and the
//!   `openai` flavor's data file (`model` + `task`) describe a model and deploy nothing: read
//!   alone, nothing; in a file a record names, the identity joins the naming stage —
//!   `runs:/<run_id>/<artifact_path>` with `model_uuid` (one artifact), MLflow 3
//!   `models:/<model_id>`, the hosted `model` of the `openai` flavor.
//! - Registry webhook payloads (`MODEL_VERSION_CREATED`: `name`, `version`, `source`, `run_id`;
//!   `MODEL_VERSION_ALIAS_CREATED`: `name`, `alias`, `version`;
//!   <https://mlflow.org/docs/latest/ml/webhooks/>) deploy nothing; in a file a record names,
//!   `models:/<name>/<version>` and its `source` are one artifact (an alias binds the version
//!   only at the time of the event).
//!
//! Deliberately not read: `openai_api_version` (the Azure OpenAI REST API version, never a
//! model version), `openai_api_base`, API keys and `$VAR` credentials, rate `limit`s,
//! endpoint names and types, `mlflow_version`, `<library>_version`, `python_version`,
//! `flavors.*.data` / `model_path` / `pickled_model` (files inside the model), `signature`,
//! `utc_time_created`, webhook `tags` and `description`.

use super::{Emit, Format, Part, role};
use crate::yaml::Node;

/// AI Gateway configuration.
pub static GATEWAY: Format = Format {
    id: "mlflow-gateway-config",
    title: "MLflow AI Gateway configuration",
    detect: |d| {
        ["endpoints", "routes"].iter().any(|k| {
            d.get(k).is_some_and(|list| {
                list.items().iter().any(|e| {
                    (e.get("endpoint_type").is_some() || e.get("route_type").is_some())
                        && e.get("model")
                            .is_some_and(|m| m.get("provider").and_then(Node::as_str).is_some())
                })
            })
        })
    },
    read: read_gateway,
};

/// `MLmodel` files.
pub static MLMODEL: Format = Format {
    id: "mlflow-mlmodel",
    title: "MLflow MLmodel (deploys nothing)",
    detect: |d| {
        d.get("flavors").is_some_and(Node::is_map)
            && ["mlflow_version", "model_uuid", "run_id", "utc_time_created"]
                .iter()
                .any(|k| d.get(k).is_some())
    },
    read: read_mlmodel,
};

/// The `openai` flavor's `model.yaml`.
pub static OPENAI_FLAVOR_DATA: Format = Format {
    id: "mlflow-openai-flavor-data",
    title: "MLflow openai flavor model.yaml (deploys nothing)",
    detect: |d| {
        let task = d.get("task").and_then(Node::as_str).unwrap_or("");
        let known_task = matches!(task, "chat.completions" | "completions" | "embeddings")
            || task.starts_with("openai.");
        known_task
            && d.get("model").and_then(Node::as_str).is_some()
            && d.entries().iter().all(|(k, _)| {
                matches!(
                    k.as_str(),
                    Some(
                        "model"
                            | "task"
                            | "engine"
                            | "deployment_id"
                            | "api_type"
                            | "api_base"
                            | "api_version"
                            | "organization"
                            | "messages"
                    )
                )
            })
    },
    read: read_openai_data,
};

/// Model-registry webhook payloads (version created, alias created).
pub static WEBHOOK: Format = Format {
    id: "mlflow-webhook-payload",
    title: "MLflow model registry webhook payload (deploys nothing)",
    detect: |d| {
        d.get("name").and_then(Node::as_str).is_some()
            && d.get("version").and_then(Node::as_str).is_some()
            && (d.get("source").is_some() || d.get("alias").is_some())
            && d.entries().iter().all(|(k, _)| {
                matches!(
                    k.as_str(),
                    Some(
                        "name" | "version" | "source" | "run_id" | "tags" | "description" | "alias"
                    )
                )
            })
    },
    read: read_webhook,
};

fn read_gateway(doc: &Node, emit: &mut Emit<'_, '_>) {
    let (key, list) = match doc.get("endpoints") {
        Some(l) => ("endpoints", l),
        None => match doc.get("routes") {
            Some(l) => ("routes", l),
            None => return,
        },
    };
    let Some(stage) = emit.stage(Part::Deploy, "gateway", doc, key) else {
        return;
    };
    for (i, e) in list.items().iter().enumerate() {
        let Some(m) = e.get("model") else { continue };
        let at = format!("{key}[{i}].model");
        let Some(pnode) = m.get("provider") else {
            continue;
        };
        let provider = pnode.as_str().unwrap_or("").trim().to_ascii_lowercase();
        let config = m.get("config");
        let api_type = config
            .and_then(|c| c.get("openai_api_type"))
            .and_then(Node::as_str)
            .map(|t| t.trim().to_ascii_lowercase());
        let azure = matches!(provider.as_str(), "azure" | "azuread")
            || (provider == "openai"
                && api_type
                    .as_deref()
                    .is_some_and(|t| t == "azure" || t == "azuread"));
        let object = emit.object(stage, &at, m);
        match provider.as_str() {
            "mlflow-model-serving" | "huggingface-text-generation-inference" => {
                emit.expect_role(stage, role::MODEL);
                emit.note(
                    pnode,
                    format!(
                        "provider `{provider}` proxies to a model server named by URL: the model it serves is not identified in this file"
                    ),
                );
                continue;
            }
            _ => {}
        }
        if azure {
            emit.field_text(
                stage,
                object,
                "provider",
                &format!("{at}.provider"),
                "azure-openai",
                pnode.span,
            );
            match config.and_then(|c| c.get("openai_deployment_name")) {
                Some(dep) => emit.reference(
                    stage,
                    object,
                    role::MODEL,
                    "deployment",
                    &format!("{at}.config.openai_deployment_name"),
                    dep,
                ),
                None => {
                    emit.expect_role(stage, role::MODEL);
                    emit.note(
                        pnode,
                        "an Azure OpenAI endpoint without `openai_deployment_name`: the deployment (and so the model version) that answers is not identified",
                    );
                }
            }
            continue;
        }
        let shown_provider = if provider == "amazon-bedrock" {
            "bedrock".to_string()
        } else {
            pnode.as_str().unwrap_or("").trim().to_string()
        };
        emit.field_text(
            stage,
            object,
            "provider",
            &format!("{at}.provider"),
            &shown_provider,
            pnode.span,
        );
        match m.get("name") {
            Some(n) => emit.reference(
                stage,
                object,
                role::MODEL,
                "model",
                &format!("{at}.name"),
                n,
            ),
            None => emit.expect_role(stage, role::MODEL),
        }
    }
}

fn read_mlmodel(doc: &Node, emit: &mut Emit<'_, '_>) {
    // Alone, an MLmodel describes a model: nothing is deployed.
    if !emit.in_named_file() {
        return;
    }
    let Some(stage) = emit.stage(Part::Deploy, "mlmodel", doc, "") else {
        return;
    };
    let object = emit.object(stage, "MLmodel", doc);
    if let Some(run) = doc.get("run_id") {
        if let Some(r) = run.as_str().filter(|r| !r.trim().is_empty()) {
            let path = doc
                .get("artifact_path")
                .and_then(Node::as_str)
                .unwrap_or("model");
            let uri = format!("runs:/{}/{}", r.trim(), path.trim().trim_matches('/'));
            emit.reference_text(
                stage,
                object,
                role::MODEL,
                "model",
                "run_id",
                &uri,
                run.span,
            );
        }
    }
    if let Some(id) = doc.get("model_id") {
        if let Some(t) = id.as_str().filter(|t| !t.trim().is_empty()) {
            let uri = format!("models:/{}", t.trim());
            emit.reference_text(
                stage,
                object,
                role::MODEL,
                "model",
                "model_id",
                &uri,
                id.span,
            );
        }
    }
    if let Some(u) = doc.get("model_uuid") {
        emit.field(stage, object, "model_uuid", "model_uuid", u);
    }
    if let Some(data) = doc
        .get("flavors")
        .and_then(|f| f.get("openai"))
        .and_then(|o| o.get("data"))
    {
        emit.expect_role(stage, role::MODEL);
        emit.note(
            data,
            "an `openai` flavor model wraps a hosted model named in its data file (`model.yaml`), which is not followed from here",
        );
    }
}

fn read_openai_data(doc: &Node, emit: &mut Emit<'_, '_>) {
    if !emit.in_named_file() {
        return;
    }
    let Some(stage) = emit.stage(Part::Deploy, "openai", doc, "") else {
        return;
    };
    let object = emit.object(stage, "model.yaml", doc);
    let azure = doc
        .get("api_type")
        .and_then(Node::as_str)
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("azure"));
    let Some(task) = doc.get("task") else { return };
    if azure {
        emit.field_text(
            stage,
            object,
            "provider",
            "api_type",
            "azure-openai",
            task.span,
        );
        if let Some(dep) = doc.get("deployment_id").or_else(|| doc.get("engine")) {
            emit.reference(
                stage,
                object,
                role::MODEL,
                "deployment",
                "deployment_id",
                dep,
            );
        }
    } else {
        emit.field_text(stage, object, "provider", "task", "openai", task.span);
        if let Some(m) = doc.get("model") {
            emit.reference(stage, object, role::MODEL, "model", "model", m);
        }
    }
}

fn read_webhook(doc: &Node, emit: &mut Emit<'_, '_>) {
    if let Some(a) = doc.get("alias") {
        emit.note(
            a,
            "an alias event binds the alias to this version only at the time of the event: a release that deploys the alias is not pinned by it",
        );
    }
    if !emit.in_named_file() {
        return;
    }
    let (Some(name), Some(version)) = (doc.get("name").and_then(Node::as_str), doc.get("version"))
    else {
        return;
    };
    let Some(v) = version.as_str() else { return };
    let Some(stage) = emit.stage(Part::Deploy, "registry", doc, "") else {
        return;
    };
    let object = emit.object(stage, "version", doc);
    let uri = format!("models:/{}/{}", name.trim(), v.trim());
    emit.reference_text(
        stage,
        object,
        role::MODEL,
        "model",
        "version",
        &uri,
        version.span,
    );
    if let Some(s) = doc.get("source") {
        emit.reference(stage, object, role::MODEL, "source", "source", s);
    }
    if let Some(r) = doc.get("run_id") {
        emit.field(stage, object, "run_id", "run_id", r);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read_alone, read_named};

    #[test]
    fn gateway_hosted_models_and_providers() {
        let doc = "endpoints:\n  - name: chat\n    endpoint_type: llm/v1/chat\n    model:\n      provider: openai\n      name: gpt-4o-mini\n      config:\n        openai_api_key: $OPENAI_API_KEY\n  - name: az\n    endpoint_type: llm/v1/chat\n    model:\n      provider: azuread\n      name: gpt-35-turbo\n      config:\n        openai_api_version: \"2023-05-15\"\n        openai_deployment_name: prod-gpt35\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("mlflow-gateway-config"));
        assert_eq!(
            got.references(),
            vec![
                ("model".to_string(), 6, "gpt-4o-mini".to_string()),
                ("model".to_string(), 16, "prod-gpt35".to_string()),
            ]
        );
        let providers: Vec<&str> = got
            .fields
            .iter()
            .filter(|f| f.0 == "provider")
            .map(|f| f.2.as_str())
            .collect();
        assert_eq!(providers, vec!["openai", "azure-openai"]);
    }

    #[test]
    fn gateway_look_alikes_stay_quiet() {
        // An API version, keys, rate limits and a model server URL are not artifacts.
        let doc = "routes:\n  - name: local\n    route_type: llm/v1/completions\n    limit:\n      calls: 1\n    model:\n      provider: mlflow-model-serving\n      name: my-model\n      config:\n        model_server_url: http://127.0.0.1:5000\n        openai_api_version: \"2023-05-15\"\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("mlflow-gateway-config"));
        assert!(got.refs.is_empty() && got.fields.is_empty(), "{got:?}");
        assert!(got.notes.iter().any(|(l, _)| *l == 7));
    }

    const MLMODEL: &str = "artifact_path: model\nflavors:\n  sklearn:\n    pickled_model: model.pkl\n    sklearn_version: 0.24.1\nmlflow_version: 2.5.1\nmodel_uuid: b9a39a71f54e41efbd83b8307294b4d8\nrun_id: f1e06708641d4a498f36e9dcd8d34346\n";

    #[test]
    fn mlmodel_alone_deploys_nothing_and_joins_when_named() {
        let alone = read_alone(MLMODEL);
        assert_eq!(alone.format.as_deref(), Some("mlflow-mlmodel"));
        assert!(alone.stages.is_empty());
        let named = read_named(MLMODEL);
        assert_eq!(
            named.references(),
            vec![(
                "model".to_string(),
                8,
                "runs:/f1e06708641d4a498f36e9dcd8d34346/model".to_string()
            )]
        );
        assert!(named.fields.iter().any(|f| f.0 == "modeluuid" && f.1 == 7));
        // Library versions are never read.
        assert!(
            !named
                .fields
                .iter()
                .any(|f| f.2.contains("0.24.1") || f.2 == "2.5.1")
        );
    }

    #[test]
    fn webhook_payload_names_a_registry_version_when_named() {
        let doc = "{\"name\": \"m\", \"version\": \"1\", \"source\": \"models:/123\", \"run_id\": \"abcd\"}\n";
        assert!(read_alone(doc).stages.is_empty());
        let got = read_named(doc);
        assert_eq!(got.format.as_deref(), Some("mlflow-webhook-payload"));
        assert_eq!(
            got.references(),
            vec![
                ("model".to_string(), 1, "models:/m/1".to_string()),
                ("model".to_string(), 1, "models:/123".to_string()),
            ]
        );
    }

    #[test]
    fn openai_flavor_data_is_a_hosted_model_when_named() {
        let doc =
            "engine: text-embedding-ada-002\nmodel: text-embedding-ada-002\ntask: embeddings\n";
        assert!(read_alone(doc).stages.is_empty());
        let got = read_named(doc);
        assert_eq!(
            got.references(),
            vec![("model".to_string(), 2, "text-embedding-ada-002".to_string())]
        );
    }
}
