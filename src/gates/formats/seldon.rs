//! Seldon Core: v1 `SeldonDeployment` (`machinelearning.seldon.io`) and v2 `Model`, `Server` and
//! `Experiment` (`mlops.seldon.io/v1alpha1`).
//!
//! - SeldonDeployment: each predictor is one deployment of the graph. The predictor with the
//!   largest `traffic` (the first on a tie) is `deploy`; every other predictor — a canary, an A/B
//!   variant, a `shadow: true` mirror — is an `environment` named by the predictor's `name`.
//!   In each predictor: every graph node's `modelUri` (the node and its `children`, recursively)
//!   is a model, downloaded by the rclone storage initializer — `<remote>:<bucket/path>` such as
//!   `s3:bucket/path` is read as `s3://bucket/path` ("equivalent to s3://", Seldon docs
//!   servers/overview.md); a node's `parameters[]` entry `{name: pretrained_model, value}` is the
//!   Hugging Face model of the prepackaged Hugging Face server and `pretrained_tokenizer` its
//!   tokenizer (servers/huggingface.md); `storageInitializerImage` and every container of
//!   `componentSpecs[].spec` (a PodSpec, read like a Kubernetes workload's) are runtime images.
//!   A prepackaged `implementation` (`SKLEARN_SERVER`, `MLFLOW_SERVER`, …) selects an image the
//!   operator configures: the report notes that it is not identified in the file. Not read:
//!   predictor and node `name`s, `traffic`, `labels` (`version: v1` is a label), `type`,
//!   `implementation`, `envSecretRefName`, `endpoint`, `logger`, `protocol`, other parameters
//!   (`task`), and the `explainer` (an explanation model, not the served one; its
//!   `containerSpec.image` is a runtime image).
//! - Model (v2): `spec.storageUri` is the model. `artifactVersion` is "a v2 version folder to
//!   select from storage bucket" — a Triton repository folder, not a pin — and `server` names a
//!   Server: neither is read; `requirements` are scheduling capabilities.
//! - Server (v2): `spec.podSpec.containers[].image` are runtime images; the models it serves are
//!   named by Model resources (required, not identified here). `serverConfig` and
//!   `extraCapabilities` (`mlserver-1.3.4` is a capability string) are not artifacts.
//! - Experiment (v2): routing between Models by name (`default`, `candidates[].name`, `mirror`):
//!   nothing deployed and no identity.
//!
//! Sources (the last Apache-2.0 revisions): operator/apis/machinelearning.seldon.io/v1/
//! seldondeployment_types.go, operator/apis/mlops/v1alpha1/{model,server,experiment}_types.go in
//! <https://github.com/SeldonIO/seldon-core>, and
//! <https://docs.seldon.io/projects/seldon-core/en/v1.17.1/servers/overview.html>.

use super::kubernetes::{container, containers};
use super::{Emit, Format, Part, api_kind, metadata_name, role};
use crate::yaml::Node;

/// Seldon Core 1 `SeldonDeployment`.
pub static SELDON_DEPLOYMENT: Format = Format {
    id: "seldon-v1-seldondeployment",
    title: "Seldon Core 1 SeldonDeployment",
    detect: |d| api_kind(d) == Some(("machinelearning.seldon.io", "SeldonDeployment")),
    read: read_sdep,
};

/// Seldon Core 2 `Model`.
pub static MODEL: Format = Format {
    id: "seldon-v2-model",
    title: "Seldon Core 2 Model",
    detect: |d| api_kind(d) == Some(("mlops.seldon.io", "Model")),
    read: read_model,
};

/// Seldon Core 2 `Server`.
pub static SERVER: Format = Format {
    id: "seldon-v2-server",
    title: "Seldon Core 2 Server",
    detect: |d| api_kind(d) == Some(("mlops.seldon.io", "Server")),
    read: read_server,
};

/// Seldon Core 2 `Experiment`: routing only.
pub static EXPERIMENT: Format = Format {
    id: "seldon-v2-experiment",
    title: "Seldon Core 2 Experiment (routing between Models, nothing deployed)",
    detect: |d| api_kind(d) == Some(("mlops.seldon.io", "Experiment")),
    read: |_, _| {},
};

/// rclone remotes Seldon's storage initializer documents, and the scheme they stand for.
const RCLONE_REMOTES: &[(&str, &str)] = &[
    ("s3", "s3://"),
    ("minio", "s3://"),
    ("gs", "gs://"),
    ("gcs", "gs://"),
];

fn read_sdep(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "seldondeployment");
    let Some(spec) = doc.get("spec") else { return };
    let predictors = spec.get("predictors").map(Node::items).unwrap_or(&[]);
    // The main predictor: the largest traffic share, the first on a tie.
    let traffic = |p: &Node| -> i64 {
        p.get("traffic")
            .and_then(Node::as_str)
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0)
    };
    let shadow = |p: &Node| {
        p.get("shadow")
            .and_then(|s| s.scalar())
            .and_then(|s| s.as_bool())
            .unwrap_or(false)
    };
    let main = predictors
        .iter()
        .enumerate()
        .filter(|(_, p)| !shadow(p))
        .fold(None::<(usize, i64)>, |best, (i, p)| match best {
            Some((_, t)) if t >= traffic(p) => best,
            _ => Some((i, traffic(p))),
        })
        .map(|(i, _)| i);
    for (i, p) in predictors.iter().enumerate() {
        let at = format!("spec.predictors[{i}]");
        let pname = p
            .get("name")
            .and_then(Node::as_str)
            .map_or_else(|| format!("predictor {}", i + 1), str::to_string);
        let stage = if Some(i) == main {
            emit.stage(Part::Deploy, name, doc, "spec")
        } else {
            emit.stage(Part::Environment, &pname, p, &at)
        };
        let Some(stage) = stage else { continue };
        emit.expect_role(stage, role::MODEL);
        if let Some(g) = p.get("graph") {
            graph(emit, stage, g, &format!("{at}.graph"), 0);
        }
        for (j, cs) in p
            .get("componentSpecs")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(pod) = cs.get("spec") {
                containers(emit, stage, pod, &format!("{at}.componentSpecs[{j}].spec"));
            }
        }
        if let Some(c) = p.get("explainer").and_then(|e| e.get("containerSpec")) {
            if let Some(img) = c.get("image") {
                let shown = format!("{at}.explainer.containerSpec.image");
                let object = emit.object(stage, &shown, img);
                emit.reference(stage, object, role::RUNTIME_IMAGE, "image", &shown, img);
            }
        }
    }
}

/// Graph nodes deeper than this are not read (a graph is a handful of nodes).
const MAX_DEPTH: usize = 64;

/// One graph node and its children.
fn graph(emit: &mut Emit<'_, '_>, stage: usize, node: &Node, at: &str, depth: usize) {
    if depth > MAX_DEPTH {
        emit.note(
            node,
            "the inference graph is nested too deeply to be read in full",
        );
        return;
    }
    if let Some(u) = node.get("modelUri") {
        let object = emit.object(stage, at, node);
        model_uri(emit, stage, object, &format!("{at}.modelUri"), u);
    }
    if let Some(params) = node.get("parameters") {
        for (i, p) in params.items().iter().enumerate() {
            let (Some(name), Some(value)) = (p.get("name").and_then(Node::as_str), p.get("value"))
            else {
                continue;
            };
            let shown = format!("{at}.parameters[{i}].value");
            let r = match name {
                "pretrained_model" => role::MODEL,
                "pretrained_tokenizer" => role::TOKENIZER,
                _ => continue,
            };
            let object = emit.object(stage, &shown, p);
            emit.reference(stage, object, r, "model", &shown, value);
        }
    }
    if let Some(img) = node.get("storageInitializerImage") {
        let shown = format!("{at}.storageInitializerImage");
        let object = emit.object(stage, &shown, img);
        emit.reference(stage, object, role::RUNTIME_IMAGE, "image", &shown, img);
    }
    if let Some(imp) = node.get("implementation").and_then(Node::as_str) {
        if imp.ends_with("_SERVER") {
            emit.note(
                node,
                format!(
                    "`implementation: {imp}` runs an image the Seldon operator configures; its identity is not in this file"
                ),
            );
        }
    }
    for (i, child) in node
        .get("children")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        graph(
            emit,
            stage,
            child,
            &format!("{at}.children[{i}]"),
            depth + 1,
        );
    }
}

/// A `modelUri`: an rclone remote `<remote>:<path>` is read as the URL it stands for.
fn model_uri(emit: &mut Emit<'_, '_>, stage: usize, object: usize, shown: &str, u: &Node) {
    let text = u.as_str().unwrap_or("").trim();
    let rclone = text.split_once(':').and_then(|(remote, path)| {
        let scheme = RCLONE_REMOTES
            .iter()
            .find(|(r, _)| r.eq_ignore_ascii_case(remote))?
            .1;
        (!path.starts_with("//") && !path.is_empty()).then(|| format!("{scheme}{path}"))
    });
    match rclone {
        Some(url) => {
            let span = emit.span(u);
            emit.reference_text(stage, object, role::MODEL, "modeluri", shown, &url, span);
        }
        None => emit.reference(stage, object, role::MODEL, "modeluri", shown, u),
    }
}

fn read_model(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "model");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    emit.expect_role(stage, role::MODEL);
    if let Some(u) = spec.get("storageUri") {
        let object = emit.object(stage, "spec", spec);
        model_uri(emit, stage, object, "spec.storageUri", u);
    }
}

fn read_server(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "server");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    // A Server hosts the Models scheduled onto it: they are required, not identified here.
    emit.expect_role(stage, role::MODEL);
    if let Some(pod) = spec.get("podSpec") {
        for list in ["initContainers", "containers"] {
            for (i, c) in pod
                .get(list)
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                container(emit, stage, c, &format!("spec.podSpec.{list}[{i}]"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::kubernetes::testing::{evidence, fields_of, notes_of};

    const SDEP: &str = "apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: ab
  labels: {version: v1}
spec:
  protocol: v2
  predictors:
  - name: a
    traffic: 20
    labels: {version: v2}
    graph:
      name: router
      implementation: MLFLOW_SERVER
      modelUri: s3:models/a
      children:
      - name: child
        modelUri: gs://models/child
    componentSpecs:
    - spec:
        containers:
        - name: router
          image: seldonio/mock:1.0
  - name: b
    traffic: 80
    graph:
      name: hf
      implementation: HUGGINGFACE_SERVER
      parameters:
      - {name: task, type: STRING, value: text-generation}
      - {name: pretrained_model, type: STRING, value: distilgpt2}
      - {name: pretrained_tokenizer, type: STRING, value: org/tok}
  - name: mirror
    shadow: true
    graph:
      name: m
      modelUri: pvc://claim/m
";

    #[test]
    fn reads_predictors_graphs_parameters_and_containers() {
        let got = fields_of(SDEP);
        let want = [
            ("model", 15, "s3://models/a", "a"),
            ("model", 18, "gs://models/child", "a"),
            ("runtime_image", 23, "seldonio/mock:1.0", "a"),
            ("model", 31, "distilgpt2", "deploy"),
            ("tokenizer", 32, "org/tok", "deploy"),
            ("model", 37, "pvc://claim/m", "mirror"),
        ];
        for w in want {
            assert!(
                got.iter()
                    .any(|g| (g.0.as_str(), g.1, g.2.as_str(), g.6.as_str()) == w),
                "missing {w:?} in {got:?}"
            );
        }
        assert_eq!(got.len(), want.len(), "{got:?}");
        // `b` carries 80% of the traffic: it is the deployment; `a` and the shadow are
        // environments.
        let ev = evidence(SDEP);
        let kinds: Vec<(&str, &str)> = ev
            .stages
            .iter()
            .map(|s| (s.kind.as_str(), s.name.as_str()))
            .collect();
        assert!(kinds.contains(&("deploy", "deploy")));
        assert!(kinds.contains(&("environment", "a")));
        assert!(kinds.contains(&("environment", "mirror")));
        assert!(notes_of(SDEP).iter().any(|n| n.contains("MLFLOW_SERVER")));
    }

    #[test]
    fn v2_model_server_and_experiment() {
        let model = "apiVersion: mlops.seldon.io/v1alpha1
kind: Model
metadata:
  name: math
spec:
  storageUri: gs://seldon-models/triton/multi
  artifactVersion: 1
  server: mlserver-134
  requirements: [triton]
";
        let got = fields_of(model);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1), ("model", 6));
        let server = "apiVersion: mlops.seldon.io/v1alpha1
kind: Server
metadata:
  name: mlserver-134
spec:
  serverConfig: mlserver
  extraCapabilities: [mlserver-1.3.4]
  podSpec:
    containers:
    - image: seldonio/mlserver:1.3.4
      name: mlserver
";
        let got = fields_of(server);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1), ("runtime_image", 10));
        let exp = "apiVersion: mlops.seldon.io/v1alpha1
kind: Experiment
metadata:
  name: mirror
spec:
  default: iris
  candidates: [{name: iris, weight: 100}]
  mirror: {name: iris2, percent: 100}
";
        assert!(evidence(exp).stages.is_empty());
    }

    #[test]
    fn look_alikes_stay_quiet() {
        let doc = "apiVersion: machinelearning.seldon.io/v1alpha2
kind: SeldonDeployment
metadata:
  name: quiet
spec:
  name: quiet
  predictors:
  - name: canary
    labels: {version: v2, model: org/model}
    graph:
      name: org/model
      type: MODEL
      envSecretRefName: s3-secret
      parameters:
      - {name: task, value: text-generation}
      - {name: model_uri, value: gs://not/a/documented/parameter}
      endpoint: {type: REST}
    traffic: 100
";
        let got = fields_of(doc);
        assert!(got.is_empty(), "{got:?}");
    }
}
