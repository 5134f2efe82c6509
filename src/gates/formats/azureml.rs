//! Azure Machine Learning (CLI v2 YAML): online and batch deployments, serverless endpoints,
//! online / batch endpoints and fine-tuning jobs.
//!
//! - Deployments (`$schema` `…/managedOnlineDeployment.schema.json`,
//!   `…/kubernetesOnlineDeployment.schema.json`, `…/batchDeployment.schema.json`,
//!   `…/modelBatchDeployment.schema.json`; without `$schema`, a document with `endpoint_name`
//!   and `model` or `environment`) → `deploy`: `model` (a string: `azureml:<name>:<version>`,
//!   `azureml:<name>@latest`, `azureml://registries/<r>/models/<m>/versions/<v>`; or inline
//!   `{path}`) is the model; `environment` (a string asset reference, or inline `{image}`) is
//!   the runtime image. An inline model `path` that is not a URI is a folder of this repository
//!   the CLI uploads when the deployment is created: pinned by the commit that holds the file,
//!   it carries no identity an evaluation could name, so it is recorded (not judged) and the
//!   report says so. Sources:
//!   <https://learn.microsoft.com/en-us/azure/machine-learning/reference-yaml-deployment-managed-online>,
//!   <https://learn.microsoft.com/en-us/azure/machine-learning/reference-yaml-deployment-batch>,
//!   <https://learn.microsoft.com/en-us/azure/machine-learning/reference-yaml-core-syntax>.
//! - Serverless endpoints (`$schema` `…/serverlessEndpoint.schema.json`, or just `name` +
//!   `model_id: azureml://…`) → `deploy`: `model_id` is the model.
//! - Online / batch endpoints (`…OnlineEndpoint.schema.json`, `…/batchEndpoint.schema.json`):
//!   `traffic` / `mirror_traffic` route between deployments named elsewhere; nothing deployed.
//! - Fine-tuning jobs (`type: finetuning`): deploy nothing. Read alone, nothing; in a file a
//!   record names, `model.path` is the base model and `training_data` / `validation_data` the
//!   datasets of the model the job registers.
//!
//! Deliberately not read: `compute: azureml:<cluster>` (a compute target with the same prefix),
//! `code_configuration` (scoring code), `name` (a deployment slot such as `blue`: traffic is
//! set on the endpoint), `endpoint_name`, `instance_type`, `resources`, `settings`,
//! `environment_variables` (`OPENAI_API_VERSION` is a REST API version, not a model version),
//! `model_mount_path`, `outputs.registered_model` (what a job will register), an inline
//! environment's `conda_file`, `name`, `version` and `build` context (a Dockerfile in the
//! repository whose base image this file does not name).

use super::{Emit, Format, Part, role};
use crate::refs::Ecosystem;
use crate::yaml::Node;

/// Online deployments (managed and Kubernetes).
pub static ONLINE_DEPLOYMENT: Format = Format {
    id: "azureml-online-deployment",
    title: "Azure ML online deployment",
    detect: |d| {
        schema_is(
            d,
            &["managedOnlineDeployment", "kubernetesOnlineDeployment"],
        ) || (schema(d).is_none() && is_deployment_shape(d) && !is_batch_shape(d))
    },
    read: read_deployment,
};

/// Batch deployments (model and pipeline-component).
pub static BATCH_DEPLOYMENT: Format = Format {
    id: "azureml-batch-deployment",
    title: "Azure ML batch deployment",
    detect: |d| {
        schema_is(
            d,
            &[
                "batchDeployment",
                "modelBatchDeployment",
                "pipelineComponentBatchDeployment",
            ],
        ) || (schema(d).is_none() && is_deployment_shape(d) && is_batch_shape(d))
    },
    read: read_deployment,
};

/// Serverless API endpoints (`az ml serverless-endpoint`).
pub static SERVERLESS_ENDPOINT: Format = Format {
    id: "azureml-serverless-endpoint",
    title: "Azure ML serverless endpoint",
    detect: |d| {
        schema_is(d, &["serverlessEndpoint"])
            || (schema(d).is_none()
                && d.get("name").and_then(Node::as_str).is_some()
                && d.get("model_id")
                    .and_then(Node::as_str)
                    .is_some_and(|m| m.trim_start().to_ascii_lowercase().starts_with("azureml:"))
                && d.entries().iter().all(|(k, _)| {
                    matches!(
                        k.as_str(),
                        Some(
                            "name"
                                | "model_id"
                                | "auth_mode"
                                | "content_safety"
                                | "description"
                                | "tags"
                        )
                    )
                }))
    },
    read: read_serverless,
};

/// Online and batch endpoints: routing between deployments.
pub static ENDPOINT: Format = Format {
    id: "azureml-endpoint",
    title: "Azure ML online / batch endpoint (routing, nothing deployed)",
    detect: |d| {
        schema_is(
            d,
            &[
                "managedOnlineEndpoint",
                "kubernetesOnlineEndpoint",
                "batchEndpoint",
            ],
        )
    },
    read: |doc, emit| {
        // An endpoint routes traffic to deployments described in their own files.
        if emit.in_named_file() {
            if let Some(stage) = emit.stage(Part::Deploy, "endpoint", doc, "") {
                emit.expect_role(stage, role::MODEL);
            }
        }
        if let Some(t) = doc.get("traffic").or_else(|| doc.get("mirror_traffic")) {
            emit.note(
                t,
                "an Azure ML endpoint routes traffic between deployments; the models they run are in the deployment files, not here",
            );
        }
    },
};

/// Fine-tuning jobs: inputs of a model the job will register.
pub static FINETUNING_JOB: Format = Format {
    id: "azureml-finetuning-job",
    title: "Azure ML fine-tuning job (deploys nothing)",
    detect: |d| {
        d.get("type").and_then(Node::as_str) == Some("finetuning")
            && (d.get("model").is_some() || d.get("training_data").is_some())
    },
    read: read_finetuning,
};

/// The `$schema` value.
fn schema(d: &Node) -> Option<&str> {
    d.get("$schema").and_then(Node::as_str)
}

/// Is `$schema` an Azure ML schema named `<name>.schema.json` (any version folder)?
fn schema_is(d: &Node, names: &[&str]) -> bool {
    let Some(s) = schema(d) else { return false };
    let s = s.trim();
    if !s.contains("azureml") {
        return false;
    }
    let file = s.rsplit('/').next().unwrap_or("");
    let stem = file.strip_suffix(".schema.json").unwrap_or("");
    names.iter().any(|n| stem.eq_ignore_ascii_case(n))
}

/// A deployment without `$schema`: `endpoint_name` with a `model` or an `environment`.
fn is_deployment_shape(d: &Node) -> bool {
    d.get("endpoint_name").and_then(Node::as_str).is_some()
        && (d.get("model").is_some() || d.get("environment").is_some())
}

/// Batch-only keys (`compute`, `settings`, `mini_batch_size`, `output_action`).
fn is_batch_shape(d: &Node) -> bool {
    ["compute", "settings", "mini_batch_size", "output_action"]
        .iter()
        .any(|k| d.get(k).is_some())
}

fn read_deployment(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = doc
        .get("name")
        .and_then(Node::as_str)
        .unwrap_or("deployment");
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "") else {
        return;
    };
    // A deployment always serves a model; when `model` is absent (a custom container that
    // bakes it in, a pipeline-component batch deployment) the file does not identify it.
    emit.expect_role(stage, role::MODEL);
    if let Some(m) = doc.get("model") {
        model(emit, stage, m, "model", role::MODEL);
    } else if let Some(c) = doc.get("component") {
        emit.note(
            c,
            "a pipeline-component batch deployment: the models its component loads are not identified in this file",
        );
    }
    if let Some(env) = doc.get("environment") {
        environment(emit, stage, env);
    }
}

/// `model:` as a string reference or an inline model (`path`, with optional `name`/`version`).
fn model(emit: &mut Emit<'_, '_>, stage: usize, m: &Node, display: &str, role: &str) {
    if m.as_str().is_some() {
        let object = emit.object(stage, display, m);
        emit.reference_as(stage, object, role, "model", display, m, Ecosystem::AzureMl);
        return;
    }
    let Some(path) = m.get("path") else {
        return;
    };
    let shown = format!("{display}.path");
    let object = emit.object(stage, display, m);
    match path.as_str() {
        Some(p) if is_uri(p) => {
            emit.reference_as(
                stage,
                object,
                role,
                "model",
                &shown,
                path,
                Ecosystem::AzureMl,
            );
        }
        Some(_) => local_path(emit, stage, object, &shown, path),
        None => {}
    }
}

/// `environment:` as an asset reference or an inline environment with an `image`.
fn environment(emit: &mut Emit<'_, '_>, stage: usize, env: &Node) {
    if env.as_str().is_some() {
        let object = emit.object(stage, "environment", env);
        emit.reference_as(
            stage,
            object,
            role::RUNTIME_IMAGE,
            "image",
            "environment",
            env,
            Ecosystem::AzureMl,
        );
        return;
    }
    if let Some(img) = env.get("image") {
        let object = emit.object(stage, "environment.image", img);
        emit.reference(
            stage,
            object,
            role::RUNTIME_IMAGE,
            "image",
            "environment.image",
            img,
        );
    } else if let Some(b) = env.get("build") {
        emit.note(
            b,
            "the environment is built from a Docker context in the repository: its base image is in the Dockerfile, which is not read",
        );
    }
}

/// A local folder the CLI uploads: recorded under a key no reference vocabulary claims, with a
/// note, because the reference classifier cannot tell a repository path from an image name.
fn local_path(emit: &mut Emit<'_, '_>, stage: usize, object: usize, display: &str, n: &Node) {
    emit.field(stage, object, "local_folder", display, n);
    emit.note(
        n,
        "an inline `path` is a folder of this repository that the Azure ML CLI uploads when the deployment is created: pinned by the commit that holds this file, but it carries no digest or registered version an evaluation or approval could name",
    );
}

/// A URI (`azureml:`, `azureml://`, `https://`, `wasbs://`, ...) rather than a local path.
fn is_uri(p: &str) -> bool {
    let t = p.trim().to_ascii_lowercase();
    t.starts_with("azureml:") || t.contains("://")
}

fn read_serverless(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = doc.get("name").and_then(Node::as_str).unwrap_or("endpoint");
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "") else {
        return;
    };
    emit.expect_role(stage, role::MODEL);
    if let Some(m) = doc.get("model_id") {
        let object = emit.object(stage, "model_id", m);
        emit.reference_as(
            stage,
            object,
            role::MODEL,
            "model_id",
            "model_id",
            m,
            Ecosystem::AzureMl,
        );
    }
}

fn read_finetuning(doc: &Node, emit: &mut Emit<'_, '_>) {
    if !emit.in_named_file() {
        // Alone, a job that trains a model deploys nothing: there is nothing to judge.
        return;
    }
    let Some(stage) = emit.stage(Part::Deploy, "finetuning", doc, "") else {
        return;
    };
    if let Some(m) = doc.get("model") {
        model(emit, stage, m, "model", role::BASE_MODEL);
    }
    for key in ["training_data", "validation_data"] {
        let Some(d) = doc.get(key) else { continue };
        let (node, shown) = match d.get("path") {
            Some(p) => (p, format!("{key}.path")),
            None => (d, key.to_string()),
        };
        if node.as_str().is_none() {
            continue;
        }
        // A dataset is never the deployed artifact: no reference gate judges it, and its
        // identity (a registered data asset version) joins the graph as a dataset.
        let object = emit.object(stage, &shown, node);
        emit.reference_as(
            stage,
            object,
            role::DATASET,
            "data",
            &shown,
            node,
            Ecosystem::AzureMl,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::read_alone;

    #[test]
    fn deployment_model_and_environment_are_read() {
        let doc = "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\n\
name: blue\nendpoint_name: ep\nmodel: azureml:my-model@latest\ncompute: azureml:gpu-cluster\n\
environment:\n  image: mcr.microsoft.com/azureml/base:latest\n  conda_file: env.yaml\n\
environment_variables:\n  OPENAI_API_VERSION: 2023-03-15-preview\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("azureml-online-deployment"));
        assert_eq!(
            got.references(),
            vec![
                (
                    "model".to_string(),
                    4,
                    "azureml:my-model@latest".to_string()
                ),
                (
                    "runtime_image".to_string(),
                    7,
                    "mcr.microsoft.com/azureml/base:latest".to_string()
                ),
            ]
        );
    }

    #[test]
    fn look_alikes_stay_quiet() {
        // A compute target, a REST API version, a scoring-code folder and a slot name.
        let doc = "$schema: https://azuremlschemas.azureedge.net/latest/modelBatchDeployment.schema.json\n\
name: green\nendpoint_name: ep\ncompute: azureml:gpu-cluster\ncode_configuration:\n  code: ../src\n\
settings:\n  environment_variables:\n    OPENAI_API_VERSION: 2023-03-15-preview\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("azureml-batch-deployment"));
        assert!(got.references().is_empty(), "{:?}", got.references());
        assert!(got.fields.is_empty(), "{:?}", got.fields);
    }

    #[test]
    fn inline_local_model_path_is_recorded_not_judged() {
        let doc = "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\n\
name: blue\nendpoint_name: ep\nmodel:\n  path: ../model-1/model/\nenvironment: azureml:my-env:1\n";
        let got = read_alone(doc);
        assert_eq!(
            got.references(),
            vec![(
                "runtime_image".to_string(),
                6,
                "azureml:my-env:1".to_string()
            )]
        );
        assert!(
            got.fields
                .iter()
                .any(|f| f.2 == "../model-1/model/" && f.1 == 5)
        );
        assert!(!got.notes.is_empty());
    }

    #[test]
    fn finetuning_job_alone_deploys_nothing() {
        let doc = "type: finetuning\nmodel:\n  path: azureml://registries/r/models/m/versions/8\n\
training_data: train.jsonl\nvalidation_data:\n  path: validation.jsonl\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("azureml-finetuning-job"));
        assert!(got.stages.is_empty());
    }

    #[test]
    fn finetuning_job_named_by_a_record_gives_base_model_and_datasets() {
        let doc = "type: finetuning\nmodel:\n  path: azureml://registries/r/models/m/versions/8\n\
training_data: train.jsonl\nvalidation_data:\n  path: validation.jsonl\n";
        let got = super::super::testing::read_named(doc);
        assert_eq!(
            got.references(),
            vec![
                (
                    "base_model".to_string(),
                    3,
                    "azureml://registries/r/models/m/versions/8".to_string()
                ),
                ("dataset".to_string(), 4, "train.jsonl".to_string()),
                ("dataset".to_string(), 6, "validation.jsonl".to_string()),
            ]
        );
    }

    #[test]
    fn serverless_endpoint_model_id() {
        let doc = "name: ep\nmodel_id: azureml://registries/r/models/m/versions/3\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("azureml-serverless-endpoint"));
        assert_eq!(got.references().len(), 1);
        // A plain `name` + `model_id` that is not an Azure ML asset is not this format.
        let other = read_alone("name: ep\nmodel_id: gpt-4o\n");
        assert_ne!(other.format.as_deref(), Some("azureml-serverless-endpoint"));
    }
}
