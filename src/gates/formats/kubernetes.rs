//! Kubernetes workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod,
//! Knative Service, LeaderWorkerSet) and the container reading every Kubernetes-based reader
//! shares.
//!
//! Read: each container's `image` (runtime image); the model a container serves, from its `env`
//! (`MODEL_ID`, `HF_MODEL_ID`, `MODEL_NAME`, `MODEL`, `MODEL_REPO`, `MODEL_URI`, ... with
//! `REVISION` / `MODEL_REVISION` / `HF_REVISION` as its pin, `TOKENIZER` for the tokenizer) and
//! from its `command`/`args` (`--model`, `--model-id`, `--revision`, `--tokenizer`,
//! `--tokenizer-revision`, Triton's `--model-repository`, and the positional model of
//! `vllm serve <model>`; a `sh -c` script is split into words, never run), expanding Kubernetes
//! `$(VAR)` from the container's own `env` — the model is then reported at the env value, where
//! it is written. A model given as an absolute in-container path (`/data/models`) is read from
//! the volume mounted there: a PersistentVolumeClaim (`pvc://<claim>/<path>`), a CSI bucket
//! (`volumeAttributes.bucketName`; `gs://` for Cloud Storage FUSE, `s3://` for Mountpoint for
//! S3), an image volume (`image.reference`) or a `hostPath`; a path on an `emptyDir`, a config
//! map or no volume at all is not identified (a note says so). vLLM's `--code-revision` pins
//! only the model's code, not its weights: it is not read as a pin.
//!
//! Never read: labels, annotations, probes, ports, mount paths, resources, node selectors,
//! `valueFrom` (a Secret or ConfigMap not in this file), `${VAR}` (Kubernetes does not expand
//! it). Sources: <https://kubernetes.io/docs/concepts/workloads/>,
//! <https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/>,
//! <https://kubernetes.io/docs/concepts/storage/volumes/>,
//! <https://docs.vllm.ai/en/stable/configuration/engine_args.html>,
//! <https://huggingface.co/docs/text-generation-inference/reference/launcher>.

use std::collections::{HashMap, HashSet};

use super::{Emit, Format, Part, api_kind, metadata_name, role, scalar_text};
use crate::refs::Ecosystem;
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
const REVISION_FLAGS: &[&str] = &["--revision", "--model-revision"];
/// Flags whose value is a tokenizer.
const TOKENIZER_FLAGS: &[&str] = &["--tokenizer"];
/// Flags whose value pins the tokenizer's revision.
const TOKENIZER_REVISION_FLAGS: &[&str] = &["--tokenizer-revision"];

/// Reads the containers (and init containers) of a pod spec into `stage`; a model given as a
/// path is looked up in the pod's volumes.
pub fn containers(emit: &mut Emit<'_, '_>, stage: usize, pod_spec: &Node, display: &str) {
    let mut volumes: HashMap<&str, (usize, &Node)> = HashMap::new();
    for (i, v) in pod_spec
        .get("volumes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(name) = v.get("name").and_then(Node::as_str) {
            volumes.entry(name).or_insert((i, v));
        }
    }
    let pod = Pod { display, volumes };
    let mut seen = HashSet::new();
    for list in ["initContainers", "containers"] {
        let Some(items) = pod_spec.get(list) else {
            continue;
        };
        for (i, c) in items.items().iter().enumerate() {
            read_container(
                emit,
                stage,
                c,
                &format!("{display}.{list}[{i}]"),
                Some(&pod),
                &mut seen,
            );
        }
    }
}

/// Reads one container outside a pod spec (a KServe framework block): its image, and the model
/// its env and command line name.
pub fn container(emit: &mut Emit<'_, '_>, stage: usize, c: &Node, display: &str) {
    read_container(emit, stage, c, display, None, &mut HashSet::new());
}

/// Reads a list of model-server command-line arguments that is not a container's (vLLM
/// production-stack `extraArgs`): `--revision` and `--tokenizer*` flags into `model_object`'s
/// stage, the revision completing the model of `model_object`.
pub fn server_args(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    model_object: usize,
    list: &Node,
    display: &str,
) {
    let mut words = Vec::new();
    for item in list.items() {
        split_words(item, &mut words);
    }
    let mut seen = HashSet::new();
    let mut cx = Cx {
        stage,
        model: model_object,
        tokenizer: None,
        env: HashMap::new(),
        reported: HashSet::new(),
        mounts: HashMap::new(),
        pod: None,
        seen: &mut seen,
    };
    flags(emit, &mut cx, &words, display);
}

/// A pod spec's dotted path and its volumes by name (index, node).
struct Pod<'n, 'd> {
    display: &'d str,
    volumes: HashMap<&'n str, (usize, &'n Node)>,
}

/// What reading one container's values needs.
struct Cx<'n, 'p, 's> {
    stage: usize,
    /// The model's artifact object (its revision pins it).
    model: usize,
    /// The tokenizer's artifact object, once one is named.
    tokenizer: Option<usize>,
    /// `env` name → value node and its dotted path (for `$(VAR)`; a later entry wins).
    env: HashMap<&'n str, (&'n Node, String)>,
    /// Env names already reported where they are written.
    reported: HashSet<String>,
    /// The container's volume mounts: mount path (no trailing `/`) → (volume name, subPath).
    mounts: HashMap<&'n str, (&'n str, &'n str)>,
    pod: Option<&'p Pod<'n, 'p>>,
    /// Volumes already reported (by index in the pod's `volumes`).
    seen: &'s mut HashSet<usize>,
}

fn read_container<'n>(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    c: &'n Node,
    display: &str,
    pod: Option<&Pod<'n, '_>>,
    seen: &mut HashSet<usize>,
) {
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
    let model = emit.object(stage, display, c);
    let mut mounts = HashMap::new();
    for m in c.get("volumeMounts").map(Node::items).unwrap_or(&[]) {
        if let (Some(mp), Some(name)) = (
            m.get("mountPath").and_then(Node::as_str),
            m.get("name").and_then(Node::as_str),
        ) {
            let sub = m.get("subPath").and_then(Node::as_str).unwrap_or("");
            mounts.insert(mp.trim_end_matches('/'), (name, sub));
        }
    }
    let mut cx = Cx {
        stage,
        model,
        tokenizer: None,
        env: HashMap::new(),
        reported: HashSet::new(),
        mounts,
        pod,
        seen,
    };
    if let Some(list) = c.get("env") {
        for (i, e) in list.items().iter().enumerate() {
            let Some(name) = e.get("name").and_then(Node::as_str) else {
                continue;
            };
            let Some(value) = e.get("value") else {
                continue; // valueFrom: a secret or config map, not in this file
            };
            let shown = format!("{display}.env[{i}].value");
            cx.env.insert(name, (value, shown.clone()));
            let upper = name.to_ascii_uppercase();
            let reported = if MODEL_ENV.contains(&upper.as_str()) {
                value_at(emit, &mut cx, Some(role::MODEL), "model", &shown, value)
            } else if REVISION_ENV.contains(&upper.as_str()) {
                emit.field(stage, model, "revision", &shown, value);
                true
            } else if TOKENIZER_ENV.contains(&upper.as_str()) {
                value_at(
                    emit,
                    &mut cx,
                    Some(role::TOKENIZER),
                    "tokenizer",
                    &shown,
                    value,
                )
            } else {
                false
            };
            if reported {
                cx.reported.insert(name.to_string());
            }
        }
    }
    // command + args, one token stream; items with spaces are shell lines.
    let mut words: Vec<(String, &Node)> = Vec::new();
    for key in ["command", "args"] {
        if let Some(list) = c.get(key) {
            for item in list.items() {
                split_words(item, &mut words);
            }
        }
    }
    flags(emit, &mut cx, &words, &format!("{display}.args"));
}

/// Splits a command-line item into words (a `sh -c` script is words too; nothing is run).
fn split_words<'n>(item: &'n Node, words: &mut Vec<(String, &'n Node)>) {
    if let Some(t) = scalar_text(item) {
        for w in t.split_whitespace() {
            let w = w.trim_matches(['"', '\'', ';']);
            if !w.is_empty() {
                words.push((w.to_string(), item));
            }
        }
    }
}

/// Reads model-server flags from a word stream.
fn flags(emit: &mut Emit<'_, '_>, cx: &mut Cx<'_, '_, '_>, words: &[(String, &Node)], shown: &str) {
    for (i, (w, node)) in words.iter().enumerate() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (w.as_str(), None),
        };
        let next = || {
            words
                .get(i + 1)
                .filter(|(n, _)| !n.starts_with('-'))
                .map(|(n, _)| n.clone())
        };
        if MODEL_FLAGS.contains(&flag) {
            if let Some(v) = inline.or_else(next) {
                word_value(emit, cx, Some(role::MODEL), "model", shown, node, &v);
            }
        } else if REVISION_FLAGS.contains(&flag) {
            if let Some(v) = inline.or_else(next) {
                word_value(emit, cx, None, "revision", shown, node, &v);
            }
        } else if TOKENIZER_FLAGS.contains(&flag) {
            if let Some(v) = inline.or_else(next) {
                word_value(
                    emit,
                    cx,
                    Some(role::TOKENIZER),
                    "tokenizer",
                    shown,
                    node,
                    &v,
                );
            }
        } else if TOKENIZER_REVISION_FLAGS.contains(&flag) {
            if let Some(v) = inline.or_else(next) {
                word_value(emit, cx, Some(""), "revision", shown, node, &v);
            }
        } else if w == "serve" && i > 0 && words[i - 1].0.ends_with("vllm") {
            // `vllm serve <model>`: the positional model.
            if let Some(m) = next() {
                word_value(emit, cx, Some(role::MODEL), "model", shown, node, &m);
            }
        }
    }
}

/// One flag value (`raw`, a word of `node`): the model, a tokenizer, or a revision (`role`
/// `None`: the model's pin; `Some("")`: the tokenizer's pin). `$(VAR)` resolves to the env value,
/// reported where it is written unless it was already.
fn word_value(
    emit: &mut Emit<'_, '_>,
    cx: &mut Cx<'_, '_, '_>,
    role: Option<&str>,
    key: &str,
    shown: &str,
    node: &Node,
    raw: &str,
) {
    if let Some(var) = raw.strip_prefix("$(").and_then(|r| r.strip_suffix(')')) {
        if cx.reported.contains(var) {
            return;
        }
        let Some((value, env_shown)) = cx.env.get(var).map(|(v, d)| (*v, d.clone())) else {
            return; // set from a Secret / ConfigMap, or by the platform: not in this file
        };
        if value_at(emit, cx, role, key, &env_shown, value) {
            cx.reported.insert(var.to_string());
        }
        return;
    }
    let text = expand(&cx.env, raw);
    let span = emit.sub_span(node, raw);
    match role {
        None => emit.field_text(cx.stage, cx.model, key, shown, &text, span),
        Some("") => {
            // The tokenizer's pin, in the tokenizer's object and role.
            let tok = tokenizer_object(emit, cx, node, shown);
            emit.reference_text(cx.stage, tok, role::TOKENIZER, key, shown, &text, span);
        }
        Some(r) => {
            if text.starts_with('/') {
                mounted(emit, cx, r, &text, node);
            } else if is_model_text(&text) {
                let object = if r == role::TOKENIZER {
                    tokenizer_object(emit, cx, node, shown)
                } else {
                    cx.model
                };
                emit.reference_text(cx.stage, object, r, key, shown, &text, span);
            }
        }
    }
}

/// A value node (an env value): the model, a tokenizer or a revision. Returns whether it was
/// reported.
fn value_at(
    emit: &mut Emit<'_, '_>,
    cx: &mut Cx<'_, '_, '_>,
    role: Option<&str>,
    key: &str,
    shown: &str,
    value: &Node,
) -> bool {
    let Some(text) = scalar_text(value) else {
        return false;
    };
    let text = text.trim().to_string();
    match role {
        None => {
            emit.field(cx.stage, cx.model, key, shown, value);
            true
        }
        Some("") => {
            let tok = tokenizer_object(emit, cx, value, shown);
            emit.reference(cx.stage, tok, role::TOKENIZER, key, shown, value);
            true
        }
        Some(r) => {
            if text.starts_with('/') {
                mounted(emit, cx, r, &text, value);
                true
            } else if is_model_text(&text) {
                let object = if r == role::TOKENIZER {
                    tokenizer_object(emit, cx, value, shown)
                } else {
                    cx.model
                };
                emit.reference(cx.stage, object, r, key, shown, value);
                true
            } else {
                false
            }
        }
    }
}

fn tokenizer_object(
    emit: &mut Emit<'_, '_>,
    cx: &mut Cx<'_, '_, '_>,
    at: &Node,
    shown: &str,
) -> usize {
    *cx.tokenizer
        .get_or_insert_with(|| emit.object(cx.stage, &format!("{shown} (tokenizer)"), at))
}

/// Expands Kubernetes `$(VAR)` from the container's env (one pass; an unknown variable stays as
/// written, as Kubernetes leaves it).
fn expand(env: &HashMap<&str, (&Node, String)>, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("$(") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find(')') {
            Some(j) => {
                let name = &after[..j];
                match env.get(name).and_then(|(v, _)| v.as_str()) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push_str("$(");
                        out.push_str(name);
                        out.push(')');
                    }
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A model reference rather than an in-container path, an unexpanded variable or nothing.
fn is_model_text(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && !t.starts_with('/') && !t.starts_with("$(")
}

/// A model at an absolute in-container path: the source of the volume mounted there.
fn mounted(emit: &mut Emit<'_, '_>, cx: &mut Cx<'_, '_, '_>, role: &str, path: &str, at: &Node) {
    let Some(pod) = cx.pod else {
        return;
    };
    // The longest mount path that contains `path`: try `path` and each of its parents.
    let mut probe = path.trim_end_matches('/');
    let found = loop {
        if let Some(&(name, sub)) = cx.mounts.get(probe) {
            break Some((probe, name, sub));
        }
        match probe.rfind('/') {
            Some(i) => probe = &probe[..i],
            None => break None,
        }
    };
    let Some((base, name, sub)) = found else {
        return; // a path inside the image: the image is the model's carrier
    };
    let rest = path.get(base.len()..).unwrap_or("").trim_start_matches('/');
    let inner: String = [sub.trim_matches('/'), rest]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    let Some(&(vi, vol)) = pod.volumes.get(name) else {
        emit.note(
            at,
            format!(
                "the model path `{path}` is on volume `{name}`, which this pod spec does not define"
            ),
        );
        return;
    };
    if !cx.seen.insert(vi) {
        return;
    }
    let vd = format!("{}.volumes[{vi}]", pod.display);
    let object = emit.object(cx.stage, &vd, vol);
    let with_path = |base: String| {
        if inner.is_empty() {
            base
        } else {
            format!("{}/{inner}", base.trim_end_matches('/'))
        }
    };
    let stage = cx.stage;
    if let Some(claim) = vol
        .get("persistentVolumeClaim")
        .and_then(|p| p.get("claimName"))
    {
        let shown = format!("{vd}.persistentVolumeClaim.claimName");
        match claim.as_str() {
            Some(t) if !crate::refs::is_placeholder(t) => {
                let text = with_path(format!("pvc://{t}"));
                let span = emit.span(claim);
                emit.reference_text(stage, object, role, "storageuri", &shown, &text, span);
            }
            _ => emit.reference(stage, object, role, "storageuri", &shown, claim),
        }
        return;
    }
    if let Some(csi) = vol.get("csi") {
        if let Some(bucket) = csi
            .get("volumeAttributes")
            .and_then(|a| a.get("bucketName"))
        {
            let shown = format!("{vd}.csi.volumeAttributes.bucketName");
            let driver = csi.get("driver").and_then(Node::as_str).unwrap_or("");
            let scheme = match driver {
                "gcsfuse.csi.storage.gke.io" => Some("gs://"),
                "s3.csi.aws.com" => Some("s3://"),
                _ => None,
            };
            match (bucket.as_str(), scheme) {
                (Some(t), Some(s)) if !crate::refs::is_placeholder(t) => {
                    let text = with_path(format!("{s}{t}"));
                    let span = emit.span(bucket);
                    emit.reference_text(stage, object, role, "storageuri", &shown, &text, span);
                }
                _ => emit.reference(stage, object, role, "storageuri", &shown, bucket),
            }
            return;
        }
    }
    if let Some(r) = vol.get("image").and_then(|i| i.get("reference")) {
        let shown = format!("{vd}.image.reference");
        emit.reference_as(stage, object, role, "image", &shown, r, Ecosystem::Oci);
        return;
    }
    if let Some(p) = vol.get("hostPath").and_then(|h| h.get("path")) {
        let shown = format!("{vd}.hostPath.path");
        emit.reference(stage, object, role, "path", &shown, p);
        return;
    }
    let kind = vol
        .entries()
        .iter()
        .filter_map(|(k, _)| k.as_str())
        .find(|k| *k != "name")
        .unwrap_or("unknown");
    emit.note(
        at,
        format!(
            "the model path `{path}` is on volume `{name}` ({kind}), whose contents this file does not identify"
        ),
    );
}

/// Test support shared by the Kubernetes-family readers: read a document with the reference
/// skill's gate file and list what the readers wrote.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;
    use std::sync::Arc;

    use crate::gates::evidence::Evidence;
    use crate::source::SourceFile;

    /// One reader field: (role, 1-based line, text, is a reference, object, stage kind, stage
    /// name).
    pub(crate) type Got = (String, usize, String, bool, usize, String, String);

    /// The evidence of a document read with the reference skill's gates.
    pub(crate) fn evidence(text: &str) -> Evidence {
        let gates = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("skills/ai-security/model-supply-chain/gates.yaml");
        let gf = crate::gates::load(&gates, 1 << 20).expect("reference gates load");
        let file = Arc::new(SourceFile::new("t.yaml".into(), text.to_string()));
        Evidence::parse(file, &gf.vocab).expect("test document parses")
    }

    /// Every field a format reader wrote.
    pub(crate) fn fields_of(text: &str) -> Vec<Got> {
        let ev = evidence(text);
        let file = ev.file().clone();
        ev.stages
            .iter()
            .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
            .filter(|(_, f)| f.reader.is_some())
            .map(|(s, f)| {
                (
                    f.role.clone(),
                    file.line_col(f.span.start).0,
                    f.text.clone(),
                    f.reference,
                    f.object,
                    s.kind.clone(),
                    s.name.clone(),
                )
            })
            .collect()
    }

    /// The notes format readers left.
    pub(crate) fn notes_of(text: &str) -> Vec<String> {
        evidence(text)
            .notes
            .into_iter()
            .map(|(_, _, m)| m)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{fields_of, notes_of};

    #[test]
    fn reads_images_env_args_and_mounted_buckets() {
        let doc = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
  labels:
    ai.gke.io/model: gemma
spec:
  template:
    spec:
      containers:
      - name: server
        image: vllm/vllm-openai:v0.10.0
        args: [\"--model=$(MODEL_ID)\", \"--tokenizer\", \"org/tok\", \"--tokenizer-revision\", \"0123456789abcdef0123456789abcdef01234567\"]
        env:
        - name: MODEL_ID
          value: google/gemma-3-1b-it
        - name: REVISION
          value: 0123456789abcdef0123456789abcdef01234567
        livenessProbe:
          httpGet:
            path: /health
      - name: triton
        image: nvcr.io/nvidia/tritonserver:22.01-py3
        command: [tritonserver, --model-repository=/data/repo]
        volumeMounts:
        - name: bucket
          mountPath: /data
        - name: dshm
          mountPath: /dev/shm
      volumes:
      - name: dshm
        emptyDir: {medium: Memory}
      - name: bucket
        csi:
          driver: gcsfuse.csi.storage.gke.io
          volumeAttributes:
            bucketName: my-models
";
        let got = fields_of(doc);
        let want = [
            ("runtime_image", 12, "vllm/vllm-openai:v0.10.0", true),
            ("tokenizer", 13, "org/tok", true),
            ("model", 16, "google/gemma-3-1b-it", true),
            (
                "model",
                18,
                "0123456789abcdef0123456789abcdef01234567",
                false,
            ),
            (
                "tokenizer",
                13,
                "0123456789abcdef0123456789abcdef01234567",
                true,
            ),
            (
                "runtime_image",
                23,
                "nvcr.io/nvidia/tritonserver:22.01-py3",
                true,
            ),
            ("model", 37, "gs://my-models/repo", true),
        ];
        for w in want {
            assert!(
                got.iter()
                    .any(|g| (g.0.as_str(), g.1, g.2.as_str(), g.3) == w),
                "missing {w:?} in {got:?}"
            );
        }
        // The tokenizer's revision pins the tokenizer, not the model (its own object).
        let tok_rev = got
            .iter()
            .find(|g| g.1 == 13 && g.2.starts_with("0123"))
            .expect("tokenizer revision");
        let model = got.iter().find(|g| g.1 == 16).expect("model");
        assert_ne!(tok_rev.4, model.4);
        // Labels, probes, mount paths are not read; an emptyDir mount names nothing.
        assert!(!got.iter().any(|g| [6, 21, 29].contains(&g.1)), "{got:?}");
    }

    #[test]
    fn look_alikes_stay_quiet() {
        let doc = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    ai.gke.io/model: gemma
  annotations:
    model: org/model
spec:
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-gpu-driver-version: latest
      containers:
      - name: app
        args: [--model_name=ranker, --model-dir=/mnt/models, \"--model=$(FROM_SECRET)\", --code-revision=main]
        env:
        - name: MODEL_ID
          valueFrom:
            secretKeyRef: {name: s, key: k}
        - name: LD_LIBRARY_PATH
          value: ${LD_LIBRARY_PATH}:/usr/lib
        - name: FROM_SECRET
          valueFrom:
            configMapKeyRef: {name: c, key: k}
        - name: MODEL_PATH
          value: /models/in-image
        volumeMounts:
        - name: dshm
          mountPath: /dev/shm
";
        let got = fields_of(doc);
        assert!(got.is_empty(), "{got:?}");
        assert!(notes_of(doc).is_empty());
    }

    #[test]
    fn a_model_on_an_empty_dir_is_said_to_be_unidentified() {
        let doc = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: s
    image: img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    args: [--model, /models/llama]
    volumeMounts: [{name: scratch, mountPath: /models}]
  volumes:
  - name: scratch
    emptyDir: {}
";
        let notes = notes_of(doc);
        assert!(notes.iter().any(|n| n.contains("emptyDir")), "{notes:?}");
        assert!(fields_of(doc).iter().all(|g| g.0 == "runtime_image"));
    }
}
