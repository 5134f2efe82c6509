//! KServe (`serving.kserve.io`): InferenceService, LLMInferenceService, ServingRuntime /
//! ClusterServingRuntime and InferenceGraph.
//!
//! - InferenceService (v1beta1; v1alpha2 `spec.default`): the predictor's model —
//!   `predictor.model.storageUri`, `predictor.storageUri`, `predictor.storageUris[]`,
//!   `predictor.<framework>.storageUri` — is the deployed model; the containers of the
//!   predictor, transformer and explainer give runtime images (and the model of a custom
//!   container's env/args). `predictor.model.runtime` names a ServingRuntime, not an artifact;
//!   `canaryTrafficPercent` is a traffic share. Sources: <https://kserve.github.io/website/docs/model-serving/storage/providers/hf>,
//!   <https://kserve.github.io/website/docs/model-serving/predictive-inference/rollout-strategies/canary>.
//! - LLMInferenceService (v1alpha1): `spec.model.uri` is the model; `spec.model.lora.adapters[]`
//!   are adapters (their base is `spec.model.uri`); `spec.model.name` is the served name and
//!   `baseRefs` are configuration presets — neither is an artifact.
//! - ServingRuntime / ClusterServingRuntime: container images only; `--model=/mnt/models` is the
//!   mount the storage initializer fills and `{{.Name}}` a template KServe fills.
//! - InferenceGraph: routing between services (`steps` are routing steps, not environments):
//!   nothing deployable.

use super::kubernetes::{container, containers};
use super::{Emit, Format, Part, api_kind, metadata_name, role};
use crate::refs::Ecosystem;
use crate::yaml::Node;

/// `InferenceService`.
pub static INFERENCE_SERVICE: Format = Format {
    id: "kserve-inferenceservice",
    title: "KServe InferenceService",
    detect: |d| api_kind(d) == Some(("serving.kserve.io", "InferenceService")),
    read: read_isvc,
};

/// `LLMInferenceService`.
pub static LLM_INFERENCE_SERVICE: Format = Format {
    id: "kserve-llminferenceservice",
    title: "KServe LLMInferenceService",
    detect: |d| api_kind(d) == Some(("serving.kserve.io", "LLMInferenceService")),
    read: read_llmisvc,
};

/// `ServingRuntime` and `ClusterServingRuntime`.
pub static SERVING_RUNTIME: Format = Format {
    id: "kserve-servingruntime",
    title: "KServe ServingRuntime",
    detect: |d| {
        matches!(
            api_kind(d),
            Some((
                "serving.kserve.io",
                "ServingRuntime" | "ClusterServingRuntime"
            ))
        )
    },
    read: read_runtime,
};

/// `InferenceGraph`: routing only.
pub static INFERENCE_GRAPH: Format = Format {
    id: "kserve-inferencegraph",
    title: "KServe InferenceGraph (routing, nothing deployed)",
    detect: |d| api_kind(d) == Some(("serving.kserve.io", "InferenceGraph")),
    read: |_, _| {},
};

/// Model frameworks of the v1beta1 predictor shorthand (`predictor.sklearn.storageUri`).
const FRAMEWORKS: &[&str] = &[
    "sklearn",
    "xgboost",
    "tensorflow",
    "pytorch",
    "triton",
    "onnx",
    "huggingface",
    "lightgbm",
    "paddle",
    "pmml",
    "custom",
];

fn read_isvc(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "inferenceservice");
    let Some(spec) = doc.get("spec") else { return };
    // v1alpha2 keeps the components under `spec.default`.
    let (spec, base) = match spec.get("default") {
        Some(d) => (d, "spec.default"),
        None => (spec, "spec"),
    };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, base) else {
        return;
    };
    // An InferenceService deploys a model; when it names none (a custom container), the model
    // is whatever the image loads, which this file does not identify.
    emit.expect_role(stage, role::MODEL);
    if let Some(p) = spec.get("predictor") {
        let at = format!("{base}.predictor");
        predictor(emit, stage, p, &at);
        if let Some(pct) = p.get("canaryTrafficPercent") {
            emit.note(
                pct,
                "a canary rollout: this spec is the canary revision; the stable revision that keeps the rest of the traffic is not identified in this file",
            );
        }
    }
    for component in ["transformer", "explainer"] {
        if let Some(c) = spec.get(component) {
            let at = format!("{base}.{component}");
            containers(emit, stage, c, &at);
            for fw in FRAMEWORKS {
                if let Some(f) = c.get(fw) {
                    container(emit, stage, f, &format!("{at}.{fw}"));
                }
            }
        }
    }
}

fn predictor(emit: &mut Emit<'_, '_>, stage: usize, p: &Node, at: &str) {
    let mut model_at: Vec<(&Node, String)> = Vec::new();
    if let Some(m) = p.get("model") {
        model_at.push((m, format!("{at}.model")));
    }
    model_at.push((p, at.to_string()));
    for fw in FRAMEWORKS {
        if let Some(f) = p.get(fw) {
            model_at.push((f, format!("{at}.{fw}")));
        }
    }
    for (m, shown) in model_at {
        storage(emit, stage, m, &shown);
        // A framework block or `model` can carry a container spec of its own (image, env).
        let has_container =
            m.get("image").is_some() || m.get("env").is_some() || m.get("args").is_some();
        if has_container && !std::ptr::eq(m, p) {
            container(emit, stage, m, &shown);
        }
    }
    containers(emit, stage, p, at);
}

/// `storageUri`, `storageUris[]` (and a sibling `digest` in the same object) of a model block.
fn storage(emit: &mut Emit<'_, '_>, stage: usize, m: &Node, shown: &str) {
    if let Some(u) = m.get("storageUri") {
        let object = emit.object(stage, shown, m);
        storage_uri(
            emit,
            stage,
            object,
            role::MODEL,
            &format!("{shown}.storageUri"),
            u,
        );
        if let Some(d) = m.get("digest") {
            emit.field(stage, object, "digest", &format!("{shown}.digest"), d);
        }
    }
    if let Some(list) = m.get("storageUris") {
        for (i, u) in list.items().iter().enumerate() {
            // `storageUris: [{uri: ..., mountPath: ...}]` or plain strings.
            let (node, path) = match u.get("uri") {
                Some(n) => (n, format!("{shown}.storageUris[{i}].uri")),
                None => (u, format!("{shown}.storageUris[{i}]")),
            };
            let object = emit.object(stage, &path, node);
            storage_uri(emit, stage, object, role::MODEL, &path, node);
        }
    }
}

/// OCI schemes KServe adds to `oci://`: the image is pulled by the storage initializer
/// (`oci+fetch://`) or mounted as a Kubernetes ImageVolume (`oci+native://`).
const OCI_SCHEMES: &[&str] = &["oci+fetch://", "oci+native://"];

/// A KServe storage URI: `oci+fetch://<image>` and `oci+native://<image>` are judged as the image
/// reference after the scheme (reported at its exact span); `hf://owner/model:<revision>` and the
/// other schemes by the KServe classifier.
pub fn storage_uri(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    object: usize,
    role: &str,
    shown: &str,
    u: &Node,
) {
    let text = u.as_str().unwrap_or("").trim();
    let image = OCI_SCHEMES.iter().find_map(|scheme| {
        text.get(..scheme.len())
            .filter(|p| p.eq_ignore_ascii_case(scheme))
            .and_then(|_| text.get(scheme.len()..))
    });
    match image {
        Some(image) if !image.is_empty() => {
            let span = emit.sub_span(u, image);
            emit.reference_text(stage, object, role, "storageuri", shown, image, span);
        }
        _ => emit.reference_as(
            stage,
            object,
            role,
            "storageuri",
            shown,
            u,
            Ecosystem::Kserve,
        ),
    }
}

fn read_llmisvc(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "llminferenceservice");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    if let Some(model) = spec.get("model") {
        let lora = model
            .get("lora")
            .and_then(|l| l.get("adapters"))
            .map(Node::items)
            .unwrap_or(&[]);
        // With adapters, the model they apply to is their base.
        let model_role = if lora.is_empty() {
            role::MODEL
        } else {
            role::BASE_MODEL
        };
        if let Some(u) = model.get("uri") {
            let object = emit.object(stage, "spec.model", model);
            storage_uri(emit, stage, object, model_role, "spec.model.uri", u);
        }
        for (i, a) in lora.iter().enumerate() {
            let path = format!("spec.model.lora.adapters[{i}]");
            if let Some(u) = a.get("uri") {
                let object = emit.object(stage, &path, a);
                storage_uri(
                    emit,
                    stage,
                    object,
                    role::ADAPTER,
                    &format!("{path}.uri"),
                    u,
                );
            }
        }
    }
    for part in ["template", "prefill", "worker"] {
        if let Some(t) = spec.get(part) {
            containers(emit, stage, t, &format!("spec.{part}"));
            if let Some(tt) = t.get("template") {
                containers(emit, stage, tt, &format!("spec.{part}.template"));
            }
        }
    }
}

fn read_runtime(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "servingruntime");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    // A runtime serves models named by the InferenceServices that select it.
    emit.expect_role(stage, role::MODEL);
    let Some(list) = spec.get("containers") else {
        return;
    };
    for (i, c) in list.items().iter().enumerate() {
        if let Some(img) = c.get("image") {
            let path = format!("spec.containers[{i}].image");
            let object = emit.object(stage, &path, img);
            emit.reference(stage, object, role::RUNTIME_IMAGE, "image", &path, img);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::kubernetes::testing::{evidence, fields_of};

    #[test]
    fn reads_storage_uris_images_and_adapters() {
        let isvc = "apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: m
spec:
  predictor:
    model:
      modelFormat: {name: huggingface}
      storageUri: hf://org/model:0123456789abcdef0123456789abcdef01234567
    containers:
    - name: kserve-container
      image: kserve/huggingfaceserver:v0.15.0
  transformer:
    containers:
    - image: org/transformer:1.0
";
        let got = fields_of(isvc);
        let lines: Vec<(&str, usize, &str)> = got
            .iter()
            .map(|g| (g.0.as_str(), g.1, g.2.as_str()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    "model",
                    9,
                    "hf://org/model:0123456789abcdef0123456789abcdef01234567"
                ),
                ("runtime_image", 12, "kserve/huggingfaceserver:v0.15.0"),
                ("runtime_image", 15, "org/transformer:1.0"),
            ]
        );
        let ev = evidence(isvc);
        let model = ev.stages[0].fields.iter().find(|f| f.role == "model");
        assert_eq!(
            model.map(|f| f.class.class.as_str()),
            Some("immutable"),
            "the revision after the colon pins the Hub model"
        );
        // oci+fetch:// is judged as the image after the scheme, at its exact column.
        let oci = "apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: o}
spec:
  predictor:
    model:
      storageUri: \"oci+fetch://ghcr.io/org/model:v1\"
";
        let ev = evidence(oci);
        let f = &ev.stages[0].fields[0];
        assert_eq!(f.text, "ghcr.io/org/model:v1");
        assert_eq!(f.class.class.as_str(), "weak");
        assert_eq!(ev.file().line_col(f.span.start), (7, 32));
        let llm = "apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata: {name: l}
spec:
  model:
    uri: hf://facebook/opt-125m
    name: facebook/opt-125m
    lora:
      adapters:
      - {name: a, uri: hf://org/lora}
";
        let got = fields_of(llm);
        let roles: Vec<(&str, usize)> = got.iter().map(|g| (g.0.as_str(), g.1)).collect();
        assert_eq!(roles, vec![("base_model", 6), ("adapter", 10)]);
    }

    #[test]
    fn look_alikes_stay_quiet() {
        let isvc = "apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: m
  annotations: {serving.kserve.io/deploymentMode: RawDeployment}
spec:
  predictor:
    canaryTrafficPercent: 10
    model:
      modelFormat: {name: sklearn, version: '1'}
      runtime: kserve-sklearnserver
      args: [--model_name=iris, --model_dir=/mnt/models]
      readinessProbe:
        httpGet: {path: /v1/models/iris}
";
        assert!(fields_of(isvc).is_empty());
        let graph = "apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata: {name: g}
spec:
  nodes:
    root:
      routerType: Switch
      steps:
      - {serviceName: model-a, condition: x}
";
        assert!(evidence(graph).stages.is_empty());
        let rt = "apiVersion: serving.kserve.io/v1alpha1
kind: ClusterServingRuntime
metadata: {name: vllm}
spec:
  supportedModelFormats: [{name: huggingface, version: '1'}]
  containers:
  - name: kserve-container
    image: kserve/vllmserver:v0.15.0
    args: [--model=/mnt/models, '--served-model-name={{.Name}}']
";
        let got = fields_of(rt);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "runtime_image");
    }
}
