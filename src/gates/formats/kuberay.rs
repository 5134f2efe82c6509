//! KubeRay (`ray.io`): `RayService` and `RayJob`.
//!
//! - The Ray cluster (`RayService.spec.rayClusterConfig`, `RayJob.spec.rayClusterSpec`): the pod
//!   templates of `headGroupSpec` and every `workerGroupSpecs[]` are read like a Kubernetes
//!   workload's — container images are runtime images (and a container's own model flags or env
//!   are read).
//! - `RayService.spec.serveConfigV2` is a Ray Serve config written as a YAML document inside a
//!   string; it is parsed (never run) and its positions map back into this file line by line
//!   when it is a literal block (`|`). In each of its `applications[].args`, every Ray Serve LLM
//!   config (`llm_configs[]`, or a single `llm_config`) is read:
//!   `model_loading_config.model_source` is the model ("where to obtain the model weights": a
//!   Hugging Face id, a local path, or a cloud mirror config whose `bucket_uri` is read); when it
//!   is absent, `model_id` is the Hugging Face id, and otherwise `model_id` is only the name
//!   clients use; `tokenizer_source` is the tokenizer; `engine_kwargs.revision` pins the model
//!   and `engine_kwargs.tokenizer_revision` the tokenizer (vLLM engine arguments);
//!   `lora_config.dynamic_lora_loading_path` is where the adapters are loaded from (role
//!   adapter; the model is then their base model). An LLM config given as a file path is inside
//!   the image: not read (a note says so).
//! - Not read: `import_path`, `route_prefix`, `runtime_env` (`working_dir` is application code,
//!   `pip` dependencies), `deployment_config`, `rayVersion`, `rayStartParams`, a RayJob's
//!   `entrypoint` and any code (a model named only in code is not identified: the deployment
//!   still requires one).
//!
//! Sources: <https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/rayservice.html>,
//! <https://docs.ray.io/en/latest/serve/api/doc/ray.serve.llm.ModelLoadingConfig.html>,
//! <https://docs.ray.io/en/latest/serve/api/doc/ray.serve.llm.LoraConfig.html>,
//! ray-operator/apis/ray/v1/{rayservice,rayjob,raycluster}_types.go in
//! <https://github.com/ray-project/kuberay>.

use super::kubernetes::containers;
use super::{Emit, Format, Part, api_kind, metadata_name, role};
use crate::yaml::{Node, Value};

/// `RayService`.
pub static RAY_SERVICE: Format = Format {
    id: "kuberay-rayservice",
    title: "KubeRay RayService",
    detect: |d| api_kind(d) == Some(("ray.io", "RayService")),
    read: |d, e| read(d, e, "rayClusterConfig"),
};

/// `RayJob`.
pub static RAY_JOB: Format = Format {
    id: "kuberay-rayjob",
    title: "KubeRay RayJob",
    detect: |d| api_kind(d) == Some(("ray.io", "RayJob")),
    read: |d, e| read(d, e, "rayClusterSpec"),
};

fn read(doc: &Node, emit: &mut Emit<'_, '_>, cluster_key: &str) {
    let name = metadata_name(doc, "ray");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    // Ray serves or runs a model; when the manifest does not name it (it is in the code), the
    // file does not identify it.
    emit.expect_role(stage, role::MODEL);
    if let Some(cfg) = spec.get("serveConfigV2") {
        serve_config(emit, stage, cfg);
    }
    let Some(cluster) = spec.get(cluster_key) else {
        return;
    };
    let base = format!("spec.{cluster_key}");
    if let Some(pod) = cluster
        .get("headGroupSpec")
        .and_then(|h| h.get("template"))
        .and_then(|t| t.get("spec"))
    {
        containers(
            emit,
            stage,
            pod,
            &format!("{base}.headGroupSpec.template.spec"),
        );
    }
    for (i, w) in cluster
        .get("workerGroupSpecs")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(pod) = w.get("template").and_then(|t| t.get("spec")) {
            containers(
                emit,
                stage,
                pod,
                &format!("{base}.workerGroupSpecs[{i}].template.spec"),
            );
        }
    }
}

/// `serveConfigV2`: a YAML document in a string (a mapping is read as it is).
fn serve_config(emit: &mut Emit<'_, '_>, stage: usize, cfg: &Node) {
    let base = "spec.serveConfigV2";
    match &cfg.value {
        Value::Map(_) => applications(emit, stage, cfg, base),
        Value::Scalar(s) => {
            let text = s.text.clone();
            let parsed = emit.nested(&text, cfg, |docs, emit| {
                for d in docs {
                    applications(emit, stage, d, base);
                }
            });
            if !parsed {
                emit.note(
                    cfg,
                    "`serveConfigV2` is not valid YAML: the Ray Serve applications in it were not read",
                );
            }
        }
        Value::Seq(_) => {}
    }
}

fn applications(emit: &mut Emit<'_, '_>, stage: usize, cfg: &Node, base: &str) {
    for (i, app) in cfg
        .get("applications")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let Some(args) = app.get("args") else {
            continue;
        };
        let at = format!("{base}.applications[{i}].args");
        if let Some(list) = args.get("llm_configs") {
            for (j, c) in list.items().iter().enumerate() {
                llm_config(emit, stage, c, &format!("{at}.llm_configs[{j}]"));
            }
        }
        if let Some(c) = args.get("llm_config") {
            llm_config(emit, stage, c, &format!("{at}.llm_config"));
        }
    }
}

/// One Ray Serve LLM config.
fn llm_config(emit: &mut Emit<'_, '_>, stage: usize, c: &Node, at: &str) {
    if c.as_str().is_some() {
        emit.note(
            c,
            "an LLM config given as a file path is read inside the Ray image; the model it loads is not identified in this file",
        );
        return;
    }
    let Some(mlc) = c.get("model_loading_config") else {
        return;
    };
    let mat = format!("{at}.model_loading_config");
    let engine = c.get("engine_kwargs");
    let lora_path = c
        .get("lora_config")
        .and_then(|l| l.get("dynamic_lora_loading_path"));
    let model_role = if lora_path.is_some() {
        role::BASE_MODEL
    } else {
        role::MODEL
    };
    let object = emit.object(stage, &mat, mlc);
    match mlc.get("model_source") {
        Some(src) if src.is_map() => {
            if let Some(u) = src.get("bucket_uri") {
                let shown = format!("{mat}.model_source.bucket_uri");
                emit.reference(stage, object, model_role, "model_source", &shown, u);
            }
        }
        Some(src) => {
            // A local path (`/models/x`) is inside the Ray image or a volume of the pod.
            if src.as_str().is_some_and(|t| !t.trim().starts_with('/')) {
                let shown = format!("{mat}.model_source");
                emit.reference(stage, object, model_role, "model_source", &shown, src);
            }
        }
        None => {
            if let Some(id) = mlc.get("model_id") {
                let shown = format!("{mat}.model_id");
                emit.reference(stage, object, model_role, "model_id", &shown, id);
            }
        }
    }
    if let Some(rev) = engine.and_then(|e| e.get("revision")) {
        emit.field(
            stage,
            object,
            "revision",
            &format!("{at}.engine_kwargs.revision"),
            rev,
        );
    }
    let tok = mlc.get("tokenizer_source");
    let tok_rev = engine.and_then(|e| e.get("tokenizer_revision"));
    if tok.is_some() || tok_rev.is_some() {
        let tobj = emit.object(stage, &format!("{mat}.tokenizer_source"), mlc);
        if let Some(t) = tok {
            let shown = format!("{mat}.tokenizer_source");
            emit.reference(stage, tobj, role::TOKENIZER, "tokenizer", &shown, t);
        }
        if let Some(r) = tok_rev {
            let shown = format!("{at}.engine_kwargs.tokenizer_revision");
            emit.reference(stage, tobj, role::TOKENIZER, "revision", &shown, r);
        }
    }
    if let Some(p) = lora_path {
        let shown = format!("{at}.lora_config.dynamic_lora_loading_path");
        let aobj = emit.object(stage, &shown, p);
        emit.reference(stage, aobj, role::ADAPTER, "adapter_path", &shown, p);
    }
}

#[cfg(test)]
mod tests {
    use super::super::kubernetes::testing::{evidence, fields_of, notes_of};

    const SERVICE: &str = "apiVersion: ray.io/v1
kind: RayService
metadata:
  name: llm
spec:
  serveConfigV2: |
    applications:
    - name: llms
      import_path: ray.serve.llm:build_openai_app
      route_prefix: /
      runtime_env:
        working_dir: https://github.com/org/repo/archive/0123456789abcdef0123456789abcdef01234567.zip
      args:
        llm_configs:
        - model_loading_config:
            model_id: qwen
            model_source: Qwen/Qwen2.5-7B-Instruct
          engine_kwargs:
            revision: 0123456789abcdef0123456789abcdef01234567
            max_model_len: 1024
        - model_loading_config:
            model_id: meta-llama/Llama-3.1-8B-Instruct
          lora_config:
            dynamic_lora_loading_path: s3://bucket/adapters/
        - model_loading_config:
            model_id: mirror
            model_source:
              bucket_uri: gs://bucket/llama
        - ./configs/in-image.yaml
  rayClusterConfig:
    rayVersion: '2.46.0'
    headGroupSpec:
      template:
        spec:
          containers:
          - name: head
            image: rayproject/ray-llm:2.52.0-py311-cu128
    workerGroupSpecs:
    - groupName: gpu
      template:
        spec:
          containers:
          - name: worker
            image: rayproject/ray-llm:2.52.0-py311-cu128
";

    #[test]
    fn reads_serve_config_inside_the_string_at_its_outer_lines() {
        let got = fields_of(SERVICE);
        let want = [
            ("model", 17, "Qwen/Qwen2.5-7B-Instruct", true),
            (
                "model",
                19,
                "0123456789abcdef0123456789abcdef01234567",
                false,
            ),
            ("base_model", 22, "meta-llama/Llama-3.1-8B-Instruct", true),
            ("adapter", 24, "s3://bucket/adapters/", true),
            ("model", 28, "gs://bucket/llama", true),
            (
                "runtime_image",
                37,
                "rayproject/ray-llm:2.52.0-py311-cu128",
                true,
            ),
            (
                "runtime_image",
                44,
                "rayproject/ray-llm:2.52.0-py311-cu128",
                true,
            ),
        ];
        for w in want {
            assert!(
                got.iter()
                    .any(|g| (g.0.as_str(), g.1, g.2.as_str(), g.3) == w),
                "missing {w:?} in {got:?}"
            );
        }
        assert_eq!(got.len(), want.len(), "{got:?}");
        // The revision completes the model of its own config.
        let model = got.iter().find(|g| g.1 == 17).expect("model");
        let rev = got.iter().find(|g| g.1 == 19).expect("revision");
        assert_eq!(model.4, rev.4);
        assert!(notes_of(SERVICE).iter().any(|n| n.contains("file path")));
    }

    #[test]
    fn look_alikes_stay_quiet() {
        let doc = "apiVersion: ray.io/v1
kind: RayJob
metadata:
  name: job
spec:
  entrypoint: python -c 'pipeline(model=\"google/vit\")'
  runtimeEnvYAML: |
    pip: [transformers==4.48.2]
    working_dir: https://github.com/org/repo/archive/main.zip
  rayClusterSpec:
    rayVersion: '2.46.0'
    headGroupSpec:
      rayStartParams: {dashboard-host: 0.0.0.0}
      template:
        spec:
          containers:
          - name: head
            ports: [{containerPort: 6379, name: gcs}]
            volumeMounts: [{mountPath: /home/ray/samples, name: code}]
";
        assert!(fields_of(doc).is_empty());
        // It deploys something (a job), whose model the file does not identify.
        let ev = evidence(doc);
        assert_eq!(ev.stages.len(), 1);
        assert_eq!(ev.stages[0].expects, vec!["model".to_string()]);
    }

    #[test]
    fn block_indicators_blank_lines_and_quoted_configs_map_back() {
        // `|-` with a comment, a blank first line: lines still map one to one.
        let doc = "apiVersion: ray.io/v1
kind: RayService
metadata: {name: s}
spec:
  serveConfigV2: |-  # the Serve config

    applications:
    - args:
        llm_config:
          model_loading_config:
            model_id: org/model
";
        let got = fields_of(doc);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].1, got[0].2.as_str()), (11, "org/model"));
        let ev = evidence(doc);
        let f = &ev.stages[0].fields[0];
        assert_eq!(ev.file().line_col(f.span.start), (11, 23));
        // A quoted string cannot be mapped line by line: the finding lands on the string.
        let quoted = "apiVersion: ray.io/v1
kind: RayService
metadata: {name: s}
spec:
  serveConfigV2: \"applications: [{args: {llm_configs: [{model_loading_config: {model_id: m, model_source: org/m}}]}}]\"
";
        let got = fields_of(quoted);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].1, got[0].2.as_str()), (5, "org/m"));
        // Not YAML: said, not guessed.
        let broken = "apiVersion: ray.io/v1
kind: RayService
metadata: {name: s}
spec:
  serveConfigV2: |
    applications: [unclosed
";
        assert!(fields_of(broken).is_empty());
        assert!(
            notes_of(broken)
                .iter()
                .any(|n| n.contains("not valid YAML"))
        );
    }
}
