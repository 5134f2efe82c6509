//! Kubernetes workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod,
//! Knative Service, LeaderWorkerSet) and the container reading every Kubernetes-based reader
//! shares.
//!
//! Read: each container's `image` (runtime image); the model a container serves, from its `env`
//! (`MODEL_ID`, `HF_MODEL_ID`, `MODEL_NAME`, `MODEL`, `MODEL_REPO`, `MODEL_URI`, ... with
//! `REVISION` / `MODEL_REVISION` / `HF_REVISION` as its pin, `TOKENIZER` for the tokenizer) and
//! from its `command`/`args` (`--model`, `--model-id`, `--revision`, `--tokenizer`, and the
//! positional model of `vllm serve <model>`), expanding Kubernetes `$(VAR)` from the
//! container's own `env`. Never read: labels, annotations, probes, ports, volume mounts,
//! resources, node selectors. A model given as an absolute in-container path (`/mnt/models`)
//! is a mount, not a reference: it is not judged.

use super::{Emit, Format, Part, api_kind, metadata_name, role, scalar_text};
use crate::yaml::Node;

/// Kubernetes workloads.
pub static WORKLOAD: Format = Format {
    id: "kubernetes-workload",
    title: "Kubernetes workload (Deployment, StatefulSet, DaemonSet, Job, Pod, Knative Service)",
    detect,
    read,
};

const KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "Pod",
    "LeaderWorkerSet",
];

fn detect(doc: &Node) -> bool {
    match api_kind(doc) {
        Some(("serving.knative.dev", "Service")) => true,
        Some((_, kind)) => KINDS.contains(&kind),
        None => false,
    }
}

fn read(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "workload");
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    // A serving workload deploys a model; when neither env nor args name it (it is baked into
    // the image or mounted), the file does not identify it.
    emit.expect_role(stage, role::MODEL);
    for (spec, display) in pod_specs(doc) {
        containers(emit, stage, spec, &display);
    }
}

/// The pod specs of a workload document, with their dotted paths.
pub fn pod_specs(doc: &Node) -> Vec<(&Node, String)> {
    let kind = doc.get("kind").and_then(Node::as_str).unwrap_or("");
    let spec = doc.get("spec");
    let mut out = Vec::new();
    let at = |path: &[&str]| -> Option<&Node> {
        let mut n = spec?;
        for p in path {
            n = n.get(p)?;
        }
        Some(n)
    };
    match kind {
        "Pod" => {
            if let Some(s) = spec {
                out.push((s, "spec".to_string()));
            }
        }
        "CronJob" => {
            if let Some(s) = at(&["jobTemplate", "spec", "template", "spec"]) {
                out.push((s, "spec.jobTemplate.spec.template.spec".to_string()));
            }
        }
        "LeaderWorkerSet" => {
            for t in ["leaderTemplate", "workerTemplate"] {
                if let Some(s) = at(&["leaderWorkerTemplate", t, "spec"]) {
                    out.push((s, format!("spec.leaderWorkerTemplate.{t}.spec")));
                }
            }
        }
        _ => {
            if let Some(s) = at(&["template", "spec"]) {
                out.push((s, "spec.template.spec".to_string()));
            }
        }
    }
    out
}

/// Env names whose value is the model a container serves.
const MODEL_ENV: &[&str] = &[
    "MODEL_ID",
    "HF_MODEL_ID",
    "MODEL_NAME",
    "MODEL",
    "MODEL_REPO",
    "MODEL_URI",
    "MODEL_URL",
    "MODEL_PATH",
    "PRETRAINED_MODEL",
    "HF_MODEL",
    "BASE_MODEL",
];
/// Env names whose value pins the model's revision.
const REVISION_ENV: &[&str] = &[
    "REVISION",
    "MODEL_REVISION",
    "HF_REVISION",
    "HF_MODEL_REVISION",
];
/// Env names whose value is a tokenizer.
const TOKENIZER_ENV: &[&str] = &["TOKENIZER", "TOKENIZER_ID", "HF_TOKENIZER"];
/// Flags whose value is the model (Triton's `--model-repository` and TorchServe's
/// `--model-store` name the bucket or folder the server loads models from).
const MODEL_FLAGS: &[&str] = &[
    "--model",
    "--model-id",
    "--model_id",
    "--model-path",
    "--pretrained",
    "--model-repository",
    "--model-store",
];
/// Flags whose value pins the model's revision.
const REVISION_FLAGS: &[&str] = &["--revision", "--model-revision", "--code-revision"];
/// Flags whose value is a tokenizer.
const TOKENIZER_FLAGS: &[&str] = &["--tokenizer"];

/// Reads the containers (and init containers) of a pod spec into `stage`.
pub fn containers(emit: &mut Emit<'_, '_>, stage: usize, pod_spec: &Node, display: &str) {
    for list in ["initContainers", "containers"] {
        let Some(items) = pod_spec.get(list) else {
            continue;
        };
        for (i, c) in items.items().iter().enumerate() {
            container(emit, stage, c, &format!("{display}.{list}[{i}]"));
        }
    }
}

/// Reads one container: its image, and the model its env and command line name.
pub fn container(emit: &mut Emit<'_, '_>, stage: usize, c: &Node, display: &str) {
    if let Some(img) = c.get("image") {
        let object = emit.object(stage, &format!("{display}.image"), img);
        emit.reference(
            stage,
            object,
            role::RUNTIME_IMAGE,
            "image",
            &format!("{display}.image"),
            img,
        );
    }
    let object = emit.object(stage, display, c);
    // env: name -> value node
    let mut env: Vec<(String, &Node)> = Vec::new();
    // Env names already reported as the model (a `$(MODEL_ID)` in args is that same value).
    let mut reported: Vec<String> = Vec::new();
    if let Some(list) = c.get("env") {
        for (i, e) in list.items().iter().enumerate() {
            let Some(name) = e.get("name").and_then(Node::as_str) else {
                continue;
            };
            let Some(value) = e.get("value") else {
                continue; // valueFrom: a secret or config map, not in this file
            };
            env.push((name.to_string(), value));
            let upper = name.to_ascii_uppercase();
            let shown = format!("{display}.env[{i}].value");
            if MODEL_ENV.contains(&upper.as_str()) && is_model_value(value) {
                emit.reference(stage, object, role::MODEL, "model", &shown, value);
                reported.push(name.to_string());
            } else if REVISION_ENV.contains(&upper.as_str()) {
                emit.field(stage, object, "revision", &shown, value);
                reported.push(name.to_string());
            } else if TOKENIZER_ENV.contains(&upper.as_str()) && is_model_value(value) {
                emit.reference(stage, object, role::TOKENIZER, "tokenizer", &shown, value);
                reported.push(name.to_string());
            }
        }
    }
    let expand = |text: &str| -> String {
        let mut out = text.to_string();
        for (k, v) in &env {
            if let Some(vt) = scalar_text(v) {
                out = out.replace(&format!("$({k})"), &vt);
            }
        }
        out
    };
    // command + args, one token stream; items with spaces are shell lines.
    let mut words: Vec<(String, &Node)> = Vec::new();
    for key in ["command", "args"] {
        if let Some(list) = c.get(key) {
            for item in list.items() {
                if let Some(t) = scalar_text(item) {
                    for w in t.split_whitespace() {
                        words.push((w.trim_matches(['"', '\'']).to_string(), item));
                    }
                }
            }
        }
    }
    let mut i = 0;
    while i < words.len() {
        let (w, node) = (&words[i].0, words[i].1);
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (w.clone(), None),
        };
        let value = inline.or_else(|| {
            words
                .get(i + 1)
                .filter(|(n, _)| !n.starts_with('-'))
                .map(|(n, _)| n.clone())
        });
        let shown = format!("{display}.args");
        let mut emit_value = |role: Option<&str>, key: &str, raw: &str| {
            // `--model=$(MODEL_ID)` is the env value already reported where it is written.
            if let Some(var) = raw.strip_prefix("$(").and_then(|r| r.strip_suffix(')')) {
                if reported.iter().any(|n| n == var) {
                    return;
                }
            }
            let text = expand(raw);
            let span = emit.sub_span(node, raw);
            match role {
                Some(r) => emit.reference_text(stage, object, r, key, &shown, &text, span),
                None => emit.field_text(stage, object, key, &shown, &text, span),
            }
        };
        if MODEL_FLAGS.contains(&flag.as_str()) {
            if let Some(v) = value.filter(|v| is_model_text(&expand(v))) {
                emit_value(Some(role::MODEL), "model", &v);
            }
        } else if REVISION_FLAGS.contains(&flag.as_str()) {
            if let Some(v) = value {
                emit_value(None, "revision", &v);
            }
        } else if TOKENIZER_FLAGS.contains(&flag.as_str()) {
            if let Some(v) = value.filter(|v| is_model_text(&expand(v))) {
                emit_value(Some(role::TOKENIZER), "tokenizer", &v);
            }
        } else if w == "serve" && i > 0 && words[i - 1].0.ends_with("vllm") {
            // `vllm serve <model>`: the positional model.
            if let Some((m, _)) = words.get(i + 1).filter(|(n, _)| !n.starts_with('-')) {
                if is_model_text(&expand(m)) {
                    emit_value(Some(role::MODEL), "model", &m.clone());
                }
            }
        }
        i += 1;
    }
}

fn is_model_value(n: &Node) -> bool {
    scalar_text(n).is_some_and(|t| is_model_text(&t))
}

/// A model reference rather than an in-container path or an empty value.
fn is_model_text(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && !t.starts_with('/') && !t.starts_with("$(")
}
