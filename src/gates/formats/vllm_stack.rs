//! vLLM production-stack: the Helm chart's values (recognised by their shape,
//! `servingEngineSpec.modelSpec[]`) and the operator's `VLLMRuntime` and `LoraAdapter`
//! resources (`production-stack.vllm.ai/v1alpha1`).
//!
//! - Helm values: each enabled `servingEngineSpec.modelSpec[]` is one vLLM deployment —
//!   `modelURL` is the model (`vllm serve <modelURL>`) and `modelRevision` its pin
//!   (`--revision`); the container image is the PAIR `repository` + `tag` (the chart renders
//!   `image: "<repository>:<tag>"`; values.yaml calls `repository` "the repository of the model",
//!   but it is an image repository), reported at the tag; `vllmConfig.extraArgs` are `vllm serve`
//!   arguments (`--revision`, `--tokenizer`, `--tokenizer-revision`); `initContainer.image` and
//!   `servingEngineSpec.sidecar.image` run in the serving pods (runtime images). Each enabled
//!   `loraAdapters[]`: `adapterSource.repository` (or, for a `local` source, `adapterPath`) is an
//!   adapter; `baseModel` names a modelSpec by its `name`, whose model is then the adapters' base
//!   model. Not read: `name`, `hf_token`, `pvcStorage`, `maxLoras` and other settings,
//!   `adapterName` (the served id), `routerSpec` and `cacheserverSpec` (request routing and KV
//!   cache, not the model's runtime), `loraController.image` (a control-plane controller).
//! - VLLMRuntime: `spec.model.modelURL` is the model (`vllm serve <modelURL>`),
//!   `spec.vllmConfig.extraArgs` as above; the engine image is
//!   `deploymentConfig.image.registry` + `/` + `.name` (the operator joins them), reported at
//!   `name`, and so is the sidecar's when `sidecarConfig.enabled` is true. Not read:
//!   `metadata.labels.model` (a label that LoraAdapters select by), `lmCacheConfig.remoteUrl`
//!   (a cache server address), `hfTokenSecret`, mount paths, ports.
//! - LoraAdapter: `spec.adapterSource.repository` (or `adapterPath`) is the adapter.
//!   `spec.baseModel` is "the name of the base model this adapter is for" — the model label of
//!   VLLMRuntimes, not an identity: the base model is required and not identified here.
//!
//! Sources: helm/values.yaml, helm/values.schema.json, helm/templates/deployment-vllm-multi.yaml,
//! operator/api/v1alpha1/{vllmruntime,loraadapter}_types.go and
//! operator/internal/controller/vllmruntime_controller.go in
//! <https://github.com/vllm-project/production-stack>.

use super::kubernetes::server_args;
use super::{Emit, Format, Part, api_kind, metadata_name, role};
use crate::source::Span;
use crate::yaml::Node;

/// The Helm chart's values file.
pub static HELM_VALUES: Format = Format {
    id: "vllm-production-stack-values",
    title: "vLLM production-stack Helm values",
    detect: |d| {
        d.get("servingEngineSpec")
            .and_then(|s| s.get("modelSpec"))
            .is_some_and(Node::is_seq)
    },
    read: read_values,
};

/// The operator's `VLLMRuntime`.
pub static VLLM_RUNTIME: Format = Format {
    id: "vllm-production-stack-vllmruntime",
    title: "vLLM production-stack VLLMRuntime",
    detect: |d| api_kind(d) == Some(("production-stack.vllm.ai", "VLLMRuntime")),
    read: read_runtime,
};

/// The operator's `LoraAdapter`.
pub static LORA_ADAPTER: Format = Format {
    id: "vllm-production-stack-loraadapter",
    title: "vLLM production-stack LoraAdapter",
    detect: |d| api_kind(d) == Some(("production-stack.vllm.ai", "LoraAdapter")),
    read: read_adapter,
};

/// `enabled: false` turns an entry off (the chart's default is on).
fn enabled(n: &Node, default: bool) -> bool {
    n.get("enabled")
        .and_then(Node::scalar)
        .and_then(|s| s.as_bool())
        .unwrap_or(default)
}

fn read_values(doc: &Node, emit: &mut Emit<'_, '_>) {
    let Some(engine) = doc.get("servingEngineSpec") else {
        return;
    };
    let specs: Vec<(usize, &Node)> = engine
        .get("modelSpec")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, m)| enabled(m, true))
        .collect();
    let adapters: Vec<(usize, &Node)> = doc
        .get("loraAdapters")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter(|(_, a)| enabled(a, true))
        .collect();
    if specs.is_empty() && adapters.is_empty() {
        return;
    }
    let Some(stage) = emit.stage(Part::Deploy, "servingEngineSpec", doc, "servingEngineSpec")
    else {
        return;
    };
    emit.expect_role(stage, role::MODEL);
    let bases: Vec<&str> = adapters
        .iter()
        .filter_map(|(_, a)| a.get("baseModel").and_then(Node::as_str))
        .collect();
    for (i, m) in specs {
        let at = format!("servingEngineSpec.modelSpec[{i}]");
        let is_base = m
            .get("name")
            .and_then(Node::as_str)
            .is_some_and(|n| bases.contains(&n));
        let model_role = if is_base {
            role::BASE_MODEL
        } else {
            role::MODEL
        };
        let object = emit.object(stage, &at, m);
        if let Some(u) = m.get("modelURL") {
            emit.reference(
                stage,
                object,
                model_role,
                "model",
                &format!("{at}.modelURL"),
                u,
            );
        }
        if let Some(r) = m.get("modelRevision").filter(|r| r.as_str() != Some("")) {
            emit.field(stage, object, "revision", &format!("{at}.modelRevision"), r);
        }
        if let Some(args) = m.get("vllmConfig").and_then(|v| v.get("extraArgs")) {
            server_args(
                emit,
                stage,
                object,
                args,
                &format!("{at}.vllmConfig.extraArgs"),
            );
        }
        repository_tag(emit, stage, m, &at);
        if let Some(img) = m.get("initContainer").and_then(|c| c.get("image")) {
            image(emit, stage, img, &format!("{at}.initContainer.image"));
        }
    }
    if let Some(img) = engine.get("sidecar").and_then(|s| s.get("image")) {
        image(emit, stage, img, "servingEngineSpec.sidecar.image");
    }
    for (i, a) in adapters {
        if let Some(src) = a.get("adapterSource") {
            adapter_source(
                emit,
                stage,
                src,
                &format!("loraAdapters[{i}].adapterSource"),
            );
        }
    }
}

/// A modelSpec's image: `repository` + `tag`, reported at the tag (or at the repository when
/// there is no tag, or it already carries a digest).
fn repository_tag(emit: &mut Emit<'_, '_>, stage: usize, m: &Node, at: &str) {
    let Some(repo) = m.get("repository") else {
        return;
    };
    let Some(r) = repo.as_str().map(str::trim).filter(|r| !r.is_empty()) else {
        return;
    };
    let tag = m
        .get("tag")
        .filter(|t| t.as_str().is_some_and(|t| !t.trim().is_empty()));
    let object = emit.object(stage, &format!("{at}.repository"), repo);
    match tag {
        Some(t) if !r.contains('@') => {
            let tv = t.as_str().unwrap_or("").trim();
            let sep = if tv.starts_with("sha256:") { '@' } else { ':' };
            let text = format!("{r}{sep}{tv}");
            let span = emit.span(t);
            emit.reference_text(
                stage,
                object,
                role::RUNTIME_IMAGE,
                "image",
                &format!("{at}.tag"),
                &text,
                span,
            );
        }
        _ => emit.reference(
            stage,
            object,
            role::RUNTIME_IMAGE,
            "image",
            &format!("{at}.repository"),
            repo,
        ),
    }
}

fn image(emit: &mut Emit<'_, '_>, stage: usize, img: &Node, shown: &str) {
    let object = emit.object(stage, shown, img);
    emit.reference(stage, object, role::RUNTIME_IMAGE, "image", shown, img);
}

/// An adapter source: its `repository`, else its `adapterPath`.
fn adapter_source(emit: &mut Emit<'_, '_>, stage: usize, src: &Node, at: &str) {
    let non_empty = |k: &str| {
        src.get(k)
            .filter(|n| n.as_str().is_some_and(|t| !t.trim().is_empty()))
    };
    let Some((key, node)) = non_empty("repository")
        .map(|n| ("repository", n))
        .or_else(|| non_empty("adapterPath").map(|n| ("adapterPath", n)))
    else {
        return;
    };
    let shown = format!("{at}.{key}");
    let object = emit.object(stage, at, src);
    emit.reference(stage, object, role::ADAPTER, "adapter", &shown, node);
}

fn read_runtime(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "vllmruntime");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    emit.expect_role(stage, role::MODEL);
    let model = spec.get("model");
    let object = emit.object(stage, "spec.model", model.unwrap_or(spec));
    if let Some(u) = model.and_then(|m| m.get("modelURL")) {
        emit.reference(
            stage,
            object,
            role::MODEL,
            "model",
            "spec.model.modelURL",
            u,
        );
    }
    if let Some(args) = spec.get("vllmConfig").and_then(|v| v.get("extraArgs")) {
        server_args(emit, stage, object, args, "spec.vllmConfig.extraArgs");
    }
    let Some(dc) = spec.get("deploymentConfig") else {
        return;
    };
    if let Some(img) = dc.get("image") {
        registry_name(emit, stage, img, "spec.deploymentConfig.image");
    }
    if let Some(sc) = dc.get("sidecarConfig").filter(|s| enabled(s, false)) {
        if let Some(img) = sc.get("image") {
            registry_name(
                emit,
                stage,
                img,
                "spec.deploymentConfig.sidecarConfig.image",
            );
        }
    }
}

/// An operator `ImageSpec`: `registry` + `/` + `name`, reported at `name`.
fn registry_name(emit: &mut Emit<'_, '_>, stage: usize, img: &Node, at: &str) {
    let Some(name) = img.get("name") else {
        return;
    };
    let Some(n) = name.as_str().map(str::trim).filter(|n| !n.is_empty()) else {
        return;
    };
    let registry = img
        .get("registry")
        .and_then(Node::as_str)
        .map(str::trim)
        .unwrap_or("");
    let text = if registry.is_empty() {
        n.to_string()
    } else {
        format!("{}/{n}", registry.trim_end_matches('/'))
    };
    let shown = format!("{at}.name");
    let object = emit.object(stage, at, img);
    let span: Span = emit.span(name);
    emit.reference_text(
        stage,
        object,
        role::RUNTIME_IMAGE,
        "image",
        &shown,
        &text,
        span,
    );
}

fn read_adapter(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "loraadapter");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    // `baseModel` is a label of the runtimes the adapter goes to, not the base model's identity.
    emit.expect_role(stage, role::BASE_MODEL);
    if let Some(src) = spec.get("adapterSource") {
        adapter_source(emit, stage, src, "spec.adapterSource");
    }
}

#[cfg(test)]
mod tests {
    use super::super::kubernetes::testing::{evidence, fields_of};

    #[test]
    fn helm_values_models_images_and_adapters() {
        let doc = "servingEngineSpec:
  modelSpec:
  - name: llama3
    repository: vllm/vllm-openai
    tag: v0.10.0
    modelURL: meta-llama/Llama-3.1-8B-Instruct
    modelRevision: 0123456789abcdef0123456789abcdef01234567
    vllmConfig:
      extraArgs: [--tokenizer, org/tok]
    hf_token: <your-hf-token>
  - name: off
    enabled: false
    repository: vllm/vllm-openai
    tag: latest
    modelURL: org/disabled
  sidecar:
    image: lmcache/lmstack-sidecar:latest
loraController:
  image:
    repository: lmcache/lmstack-lora-controller
    tag: latest
loraAdapters:
- name: guard
  baseModel: llama3
  adapterSource:
    type: huggingface
    adapterName: guard
    repository: nvidia/guard
";
        let got = fields_of(doc);
        let want = [
            ("runtime_image", 5, "vllm/vllm-openai:v0.10.0", true),
            ("base_model", 6, "meta-llama/Llama-3.1-8B-Instruct", true),
            (
                "model",
                7,
                "0123456789abcdef0123456789abcdef01234567",
                false,
            ),
            ("tokenizer", 9, "org/tok", true),
            ("runtime_image", 17, "lmcache/lmstack-sidecar:latest", true),
            ("adapter", 28, "nvidia/guard", true),
        ];
        for w in want {
            assert!(
                got.iter()
                    .any(|g| (g.0.as_str(), g.1, g.2.as_str(), g.3) == w),
                "missing {w:?} in {got:?}"
            );
        }
        assert_eq!(got.len(), want.len(), "{got:?}");
        let base = got.iter().find(|g| g.1 == 6).expect("base");
        let rev = got.iter().find(|g| g.1 == 7).expect("revision");
        assert_eq!(
            base.4, rev.4,
            "the revision completes the model of its modelSpec"
        );
    }

    #[test]
    fn runtime_and_adapter_resources() {
        let rt = "apiVersion: production-stack.vllm.ai/v1alpha1
kind: VLLMRuntime
metadata:
  labels:
    model: Llama-3.1-8B-Instruct
  name: rt
spec:
  model:
    modelURL: meta-llama/Llama-3.1-8B-Instruct
  lmCacheConfig:
    remoteUrl: lm://cache:80
  deploymentConfig:
    image:
      registry: docker.io
      name: lmcache/vllm-openai:2025-05-27-v1
    sidecarConfig:
      image:
        registry: docker.io
        name: lmcache/lmstack-sidecar:latest
";
        let got = fields_of(rt);
        let lines: Vec<(usize, &str)> = got.iter().map(|g| (g.1, g.2.as_str())).collect();
        assert_eq!(
            lines,
            vec![
                (9, "meta-llama/Llama-3.1-8B-Instruct"),
                (15, "docker.io/lmcache/vllm-openai:2025-05-27-v1"),
            ],
            "the sidecar is off unless enabled"
        );
        let ad = "apiVersion: production-stack.vllm.ai/v1alpha1
kind: LoraAdapter
metadata:
  name: a
spec:
  baseModel: Llama-3.1-8B-Instruct
  adapterSource:
    type: huggingface
    adapterName: guard
    repository: nvidia/guard
    credentialsSecretRef: {name: hf, key: token}
";
        let got = fields_of(ad);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1), ("adapter", 10));
        assert_eq!(
            evidence(ad).stages[0].expects,
            vec!["base_model".to_string()]
        );
    }

    #[test]
    fn look_alikes_stay_quiet() {
        // Not production-stack values: `modelSpec` is not a list.
        let doc = "servingEngineSpec:
  modelSpec:
    repository: vllm/vllm-openai
    tag: latest
routerSpec:
  repository: lmcache/lmstack-router
  tag: latest
";
        assert!(fields_of(doc).is_empty());
        let doc = "servingEngineSpec:
  modelSpec:
  - name: off
    enabled: false
    repository: vllm/vllm-openai
    modelURL: org/m
routerSpec:
  repository: lmcache/lmstack-router
  tag: latest
loraController:
  image: {repository: lmcache/lmstack-lora-controller, tag: latest}
";
        assert!(fields_of(doc).is_empty());
        assert!(evidence(doc).stages.is_empty());
    }
}
