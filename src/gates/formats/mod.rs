//! Format readers: the files platform teams actually have (Kubernetes workloads, KServe,
//! Seldon, KubeRay, vLLM production stack, Azure ML, SageMaker, MLflow, Vertex AI, Bedrock,
//! BentoML, Sigstore bundles, in-toto, SLSA, CycloneDX, SPDX), each read by what the format says
//! a field is — never by guessing from key words.
//!
//! A reader is declared once ([`Format`]: an id, how a document is recognised, how it is read)
//! and listed in [`FORMATS`]. It writes stages, artifact objects and fields with explicit roles
//! through [`Emit`]; the gate file's checks then judge them like any other evidence. A reader
//! writes to the gate file's stages named `deploy`, `environment`, `evaluation`, `approval`,
//! `model_card`, `attestation`, `candidate` and `rollback` ([`Part`]); a part the gate file does
//! not declare is dropped. Inside a file a record names (`deploy: {manifest: k8s/isvc.yaml}`),
//! the `deploy` part is the stage that named the file.

pub mod azureml;
pub mod bentoml;
pub mod cloudformation;
pub mod cyclonedx;
pub mod dsse;
pub mod intoto;
pub mod kserve;
pub mod kuberay;
pub mod kubernetes;
pub mod seldon;
pub mod vllm_stack;
pub mod mlflow;
pub mod sagemaker;
#[cfg(test)]
mod testing;
pub mod vertex;
pub mod sigstore;
pub mod spdx;

use super::evidence::Builder;
use crate::refs::Ecosystem;
use crate::source::Span;
use crate::yaml::{self, Node, Value};

/// One format reader.
pub struct Format {
    /// Stable id (`kserve-inferenceservice`), shown in reports.
    pub id: &'static str,
    /// What people call it.
    pub title: &'static str,
    /// Does this document have the format? (Cheap: a few keys.)
    pub detect: fn(&Node) -> bool,
    /// Reads the document.
    pub read: fn(&Node, &mut Emit<'_, '_>),
}

/// Every reader, in the order they are tried (more specific first).
pub static FORMATS: &[&Format] = &[
    &kserve::INFERENCE_SERVICE,
    &kserve::LLM_INFERENCE_SERVICE,
    &kserve::SERVING_RUNTIME,
    &kserve::INFERENCE_GRAPH,
    &sigstore::BUNDLE,
    &dsse::ENVELOPE,
    &intoto::STATEMENT,
    &cyclonedx::BOM,
    &spdx::JSONLD,
    &seldon::SELDON_DEPLOYMENT,
    &seldon::MODEL,
    &seldon::SERVER,
    &seldon::EXPERIMENT,
    &kuberay::RAY_SERVICE,
    &kuberay::RAY_JOB,
    &vllm_stack::VLLM_RUNTIME,
    &vllm_stack::LORA_ADAPTER,
    &azureml::ONLINE_DEPLOYMENT,
    &azureml::BATCH_DEPLOYMENT,
    &azureml::SERVERLESS_ENDPOINT,
    &azureml::ENDPOINT,
    &azureml::FINETUNING_JOB,
    &cloudformation::SAGEMAKER,
    &cloudformation::BEDROCK,
    &sagemaker::CREATE_MODEL,
    &sagemaker::CREATE_ENDPOINT_CONFIG,
    &sagemaker::MODEL_PACKAGE_EVENT,
    &mlflow::GATEWAY,
    &mlflow::MLMODEL,
    &mlflow::OPENAI_FLAVOR_DATA,
    &mlflow::WEBHOOK,
    &vertex::ENDPOINT,
    &vertex::MODEL,
    &vertex::KCC_ENDPOINT,
    &bentoml::BENTO_DEPLOYMENT,
    &bentoml::BENTO,
    &vllm_stack::HELM_VALUES,
    &kubernetes::WORKLOAD,
];

/// The reader of a document, if skillgate knows its format.
pub fn detect(doc: &Node) -> Option<&'static Format> {
    if !doc.is_map() {
        return None;
    }
    FORMATS.iter().copied().find(|f| (f.detect)(doc))
}

/// The part of a release a reader fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What is deployed (the deployed artifact).
    Deploy,
    /// A canary / shadow / staging environment.
    Environment,
    /// An evaluation.
    Evaluation,
    /// An approval.
    Approval,
    /// A model card.
    ModelCard,
    /// An attestation / provenance statement.
    Attestation,
    /// The release candidate (an artifact registry's record of the model).
    Candidate,
    /// A rollback target.
    Rollback,
}

impl Part {
    /// The gate-file stage name the part fills.
    pub fn stage(self) -> &'static str {
        match self {
            Part::Deploy => "deploy",
            Part::Environment => "environment",
            Part::Evaluation => "evaluation",
            Part::Approval => "approval",
            Part::ModelCard => "model_card",
            Part::Attestation => "attestation",
            Part::Candidate => "candidate",
            Part::Rollback => "rollback",
        }
    }
}

/// Roles readers use (the gate file's role of the same name; else the stage's role).
pub mod role {
    /// The model.
    pub const MODEL: &str = "model";
    /// A LoRA / PEFT adapter.
    pub const ADAPTER: &str = "adapter";
    /// The base model an adapter applies to.
    pub const BASE_MODEL: &str = "base_model";
    /// The inference runtime image.
    pub const RUNTIME_IMAGE: &str = "runtime_image";
    /// A dataset.
    pub const DATASET: &str = "dataset";
    /// A tokenizer.
    pub const TOKENIZER: &str = "tokenizer";
}

/// How spans of a nested document map back into the outer file.
#[derive(Debug, Clone)]
enum SpanMap {
    /// Spans are the outer file's.
    Identity,
    /// Every span is the outer value's (a base64 payload, a quoted JSON string).
    Whole(Span),
    /// A literal block scalar: inner line `i`, column `c` is outer offset `starts[i] + c`.
    Lines {
        starts: Vec<usize>,
        inner: Vec<usize>,
    },
}

/// What a reader writes into the release.
pub struct Emit<'a, 'v> {
    b: &'a mut Builder<'v>,
    format: &'static str,
    map: SpanMap,
}

impl<'a, 'v> Emit<'a, 'v> {
    pub(crate) fn new(b: &'a mut Builder<'v>, format: &'static str) -> Self {
        Emit {
            b,
            format,
            map: SpanMap::Identity,
        }
    }

    /// The outer file's span of a node.
    pub fn span(&self, n: &Node) -> Span {
        self.map_span(n.span)
    }

    fn map_span(&self, s: Span) -> Span {
        match &self.map {
            SpanMap::Identity => s,
            SpanMap::Whole(w) => *w,
            SpanMap::Lines { starts, inner } => {
                let at = |off: usize| {
                    let line = inner.partition_point(|&x| x <= off).saturating_sub(1);
                    let col = off - inner.get(line).copied().unwrap_or(0);
                    starts.get(line).map_or(0, |st| st + col)
                };
                Span::new(at(s.start), at(s.end.max(s.start)))
            }
        }
    }

    /// Opens (or finds) the stage instance a part fills; `None` when the gate file has no
    /// such stage. Inside a file a record names, `Deploy` is the naming stage.
    pub fn stage(&mut self, part: Part, name: &str, at: &Node, display: &str) -> Option<usize> {
        if part == Part::Deploy {
            if let Some(ctx) = self.b.context {
                return Some(ctx);
            }
        }
        let span = self.span(at);
        self.b.open_stage(part.stage(), name, span, display)
    }

    /// Is the file being read one a record names (`deploy: {manifest: model/MLmodel}`)? A
    /// document that describes an artifact without deploying it (an `MLmodel`, a registry
    /// event) adds its identity to the naming stage then, and nothing when read alone.
    pub fn in_named_file(&self) -> bool {
        self.b.context.is_some()
    }

    /// The source text of a node, tag included (`!FindInMap [RegionMap, ...]`: the YAML tree
    /// keeps the tags of scalars only), when the document is the file itself; `None` inside a
    /// document held in a string.
    pub fn source_of(&self, n: &Node) -> Option<&str> {
        if !matches!(self.map, SpanMap::Identity) {
            return None;
        }
        self.b.file_text().get(n.span.start..n.span.end)
    }

    /// Says the stage deploys an artifact of `role` that this file does not identify (a
    /// serving runtime, a custom container): the binding gates still require its identity.
    pub fn expect_role(&mut self, stage: usize, role: &str) {
        self.b.expect_role(stage, role);
    }

    /// A note for the report at `at` ("signatures are not verified", "the stable revision of
    /// this canary rollout is not in this file"). One per file and message.
    pub fn note(&mut self, at: &Node, message: impl Into<String>) {
        let span = self.span(at);
        self.b.note(span, message.into());
    }

    /// A new artifact object (the names it lists are one artifact) in a stage.
    pub fn object(&mut self, stage: usize, display: &str, at: &Node) -> usize {
        let span = self.span(at);
        self.b.object_in(stage, display, span)
    }

    /// An artifact reference: the scalar at `node`, of `role`, under the synthetic `key` (how
    /// the gate file's field vocabularies see it: `storageuri`, `image`, `revision`).
    pub fn reference(
        &mut self,
        stage: usize,
        object: usize,
        role: &str,
        key: &str,
        display: &str,
        node: &Node,
    ) {
        if let Some(text) = scalar_text(node) {
            let span = self.span(node);
            self.b.reader_field(
                stage,
                object,
                key,
                display,
                &text,
                span,
                Some(role),
                true,
                self.format,
                None,
            );
        }
    }

    /// An artifact reference classified with a known ecosystem (`hf://` in KServe).
    #[allow(clippy::too_many_arguments)]
    pub fn reference_as(
        &mut self,
        stage: usize,
        object: usize,
        role: &str,
        key: &str,
        display: &str,
        node: &Node,
        eco: Ecosystem,
    ) {
        if let Some(text) = scalar_text(node) {
            let span = self.span(node);
            self.b.reader_field(
                stage,
                object,
                key,
                display,
                &text,
                span,
                Some(role),
                true,
                self.format,
                Some(eco),
            );
        }
    }

    /// A reference whose text is composed or decoded (`repository` + `tag`, a value inside a
    /// command line), reported at `span`.
    #[allow(clippy::too_many_arguments)]
    pub fn reference_text(
        &mut self,
        stage: usize,
        object: usize,
        role: &str,
        key: &str,
        display: &str,
        text: &str,
        span: Span,
    ) {
        let span = self.map_span(span);
        self.b.reader_field(
            stage,
            object,
            key,
            display,
            text,
            span,
            Some(role),
            true,
            self.format,
            None,
        );
    }

    /// A field that is not a reference (a traffic share, an approval status, a run id when
    /// `key` is a run-id key).
    pub fn field(&mut self, stage: usize, object: usize, key: &str, display: &str, node: &Node) {
        if let Some(text) = scalar_text(node) {
            let span = self.span(node);
            self.b.reader_field(
                stage,
                object,
                key,
                display,
                &text,
                span,
                None,
                false,
                self.format,
                None,
            );
        }
    }

    /// A field whose text is composed, at `span`.
    pub fn field_text(
        &mut self,
        stage: usize,
        object: usize,
        key: &str,
        display: &str,
        text: &str,
        span: Span,
    ) {
        let span = self.map_span(span);
        self.b.reader_field(
            stage,
            object,
            key,
            display,
            text,
            span,
            None,
            false,
            self.format,
            None,
        );
    }

    /// The exact span of `needle` inside the value at `node` (a flag's value inside an `args`
    /// item), or the node's span when it cannot be found verbatim.
    pub fn sub_span(&self, node: &Node, needle: &str) -> Span {
        let outer = self.span(node);
        if matches!(self.map, SpanMap::Whole(_)) || needle.is_empty() {
            return outer;
        }
        let text = self.b.file_text();
        let slice = text
            .get(outer.start..outer.end.min(text.len()))
            .unwrap_or("");
        match slice.find(needle) {
            Some(i) => Span::new(outer.start + i, outer.start + i + needle.len()),
            None => outer,
        }
    }

    /// Reads a document held in a string (KubeRay `serveConfigV2`, a decoded DSSE payload):
    /// spans map back line by line when `outer` is a literal block scalar whose lines are the
    /// text, else to `outer`'s span. Returns `false` when the text is not YAML/JSON.
    pub fn nested(
        &mut self,
        text: &str,
        outer: &Node,
        f: impl FnOnce(&[Node], &mut Emit<'_, '_>),
    ) -> bool {
        let Ok(docs) = yaml::parse_documents(text) else {
            return false;
        };
        let map = self.block_map(text, outer);
        let saved = std::mem::replace(&mut self.map, map);
        f(&docs, self);
        self.map = saved;
        true
    }

    fn block_map(&self, text: &str, outer: &Node) -> SpanMap {
        let whole = SpanMap::Whole(self.span(outer));
        if !matches!(self.map, SpanMap::Identity) {
            return whole;
        }
        let src = self.b.file_text();
        let Some(slice) = src.get(outer.span.start..outer.span.end.min(src.len())) else {
            return whole;
        };
        // The first outer line after the indicator line (`key: |`). The parser's span of a
        // block scalar starts either at the indicator or at its first content line.
        let first = if slice.starts_with('|') {
            let Some(nl) = slice.find('\n') else {
                return whole;
            };
            outer.span.start + nl + 1
        } else {
            match block_body_start(src, outer.span.start) {
                Some(at) => at,
                None => return whole,
            }
        };
        // Each inner line must appear at the block's indent (blank lines at any).
        let mut starts = Vec::new();
        let mut inner = Vec::new();
        let mut outer_at = first;
        let mut inner_at = 0usize;
        let mut indent: Option<usize> = None;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches('\n');
            let rest = src.get(outer_at..).unwrap_or("");
            let outer_line = rest.split_inclusive('\n').next().unwrap_or("");
            let outer_content = outer_line.trim_end_matches(['\n', '\r']);
            let ok = if content.is_empty() {
                outer_content.trim().is_empty()
            } else {
                let ind = *indent.get_or_insert_with(|| {
                    outer_content.len() - outer_content.trim_start_matches(' ').len()
                });
                outer_content.get(ind..) == Some(content)
            };
            if !ok {
                return whole;
            }
            let ind = indent.unwrap_or(0);
            starts.push(outer_at + ind.min(outer_content.len()));
            inner.push(inner_at);
            outer_at += outer_line.len();
            inner_at += line.len();
        }
        SpanMap::Lines { starts, inner }
    }
}

/// For a block scalar whose span starts at its first content line (`at`): the start of the
/// line after its literal indicator line (`key: |`, `|-`, `|+`, `|2`), when only blank lines
/// separate them.
fn block_body_start(src: &str, at: usize) -> Option<usize> {
    let line_start = src.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    if !src.get(line_start..at)?.bytes().all(|b| b == b' ') {
        return None;
    }
    let mut cur = line_start;
    while cur > 0 {
        let prev_end = cur - 1; // the newline ending the previous line
        let prev_start = src.get(..prev_end)?.rfind('\n').map_or(0, |i| i + 1);
        let prev = src.get(prev_start..prev_end)?.trim_end_matches('\r');
        if prev.trim().is_empty() {
            cur = prev_start;
            continue;
        }
        let code = prev.split(" #").next().unwrap_or(prev).trim_end();
        let indicator = code.rsplit(' ').next().unwrap_or("");
        let literal = indicator.strip_prefix('|').is_some_and(|rest| {
            rest.bytes()
                .all(|b| b == b'-' || b == b'+' || b.is_ascii_digit())
        });
        return literal.then_some(cur);
    }
    None
}

/// The text of a scalar node (numbers and booleans as written), `None` for collections.
pub fn scalar_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::Scalar(s) => Some(s.text.clone()),
        _ => None,
    }
}

/// `apiVersion` group (before `/`) and `kind` of a Kubernetes-style document.
pub fn api_kind(doc: &Node) -> Option<(&str, &str)> {
    let api = doc.get("apiVersion").and_then(Node::as_str)?;
    let kind = doc.get("kind").and_then(Node::as_str)?;
    Some((api.split('/').next().unwrap_or(api), kind))
}

/// `metadata.name` of a Kubernetes-style document, or `fallback`.
pub fn metadata_name<'n>(doc: &'n Node, fallback: &'n str) -> &'n str {
    doc.get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Node::as_str)
        .unwrap_or(fallback)
}
