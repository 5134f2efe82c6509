//! Gate files (`gates.yaml`): machine-readable checks a skill ships, and their evaluation over
//! release records.
//!
//! A gate is data: an id, a title, a severity, the checklist item and output field it backs,
//! and a check built from a few generic, composable checks ([`Check`]). The language is
//! documented in `docs/gates.md`.

pub mod catalog;
pub mod checks;
pub mod descriptor;
pub mod evidence;
pub mod formats;
pub mod identity;
pub mod load;
pub mod result;
pub mod verdict;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::Severity;
use crate::source::{SourceFile, Span};

pub use load::{GateError, load};

/// A key pattern: exact, `*suffix`, `prefix*` or `*infix*` (all on normalised keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// The whole key.
    Exact(String),
    /// Keys ending with this.
    Suffix(String),
    /// Keys starting with this.
    Prefix(String),
    /// Keys containing this.
    Infix(String),
}

impl Pattern {
    /// Parses `*x`, `x*`, `*x*` or `x`, normalising the text.
    pub fn parse(s: &str) -> Pattern {
        let (lead, trail) = (s.starts_with('*'), s.ends_with('*') && s.len() > 1);
        let core = normalize_key(s.trim_matches('*'));
        match (lead, trail) {
            (true, true) => Pattern::Infix(core),
            (true, false) => Pattern::Suffix(core),
            (false, true) => Pattern::Prefix(core),
            (false, false) => Pattern::Exact(core),
        }
    }

    /// Does a normalised key match?
    pub fn matches(&self, key: &str) -> bool {
        match self {
            Pattern::Exact(p) => key == p,
            Pattern::Suffix(p) => key.ends_with(p.as_str()),
            Pattern::Prefix(p) => key.starts_with(p.as_str()),
            Pattern::Infix(p) => key.contains(p.as_str()),
        }
    }
}

/// Lowercase and drop `_`, `-`, `.` and spaces: `baseModel`, `base_model`, `base-model` agree.
pub fn normalize_key(k: &str) -> String {
    k.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// How one stage is recognised in a record.
#[derive(Debug, Clone, Default)]
pub struct StageDef {
    /// Stage name (`deploy`, `environment`, ...).
    pub name: String,
    /// Keys that open the stage.
    pub keys: Vec<String>,
    /// Flat key prefixes (`evaluation_run_id` → evaluation, field `runid`).
    pub prefixes: Vec<String>,
    /// Keys whose children are each one instance of the stage.
    pub groups: Vec<String>,
    /// Kubernetes-style `kind` values whose document `spec` is this stage.
    pub kinds: Vec<String>,
    /// A scalar value under one of `keys` is the stage's only field.
    pub scalar: bool,
    /// An in-toto Statement document is this stage.
    pub statement: bool,
    /// The role of the artifacts the stage names when a key says nothing more specific
    /// (`model`; `adapter` for an adapter stage).
    pub role: String,
    /// A key of this stage nested inside another stage opens it (`rollback:` inside `deploy:`);
    /// `false` keeps it part of the enclosing stage (a `model:` inside `deploy:` is the
    /// deployed model).
    pub nested: bool,
    /// Where the stage is declared in the gate file (for hints).
    pub span: Span,
}

/// A role: what kind of artifact an identity names (model, adapter, runtime image, ...).
#[derive(Debug, Clone, Default)]
pub struct RoleDef {
    /// Role name (`runtime_image`).
    pub name: String,
    /// Word sequences that give a key this role: `[base, model]` matches `baseModelUri`.
    pub words: Vec<Vec<String>>,
    /// How reports name it (`runtime image`).
    pub label: String,
}

/// The vocabularies a gate file declares.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Transparent wrapper keys (normalised).
    pub wrappers: Vec<String>,
    /// Stages in declaration order.
    pub stages: Vec<StageDef>,
    /// Named field vocabularies.
    pub fields: BTreeMap<String, Vec<Pattern>>,
    /// Named value sets (normalised).
    pub values: BTreeMap<String, Vec<String>>,
    /// Providers of hosted, API-only models (normalised).
    pub hosted_providers: Vec<String>,
    /// How the deployed artifact is found: the first tier with a stage in the record.
    pub artifact_tiers: Vec<Vec<String>>,
    /// Stages that join the artifact's identity when they share a token with it (language
    /// version 1; the identity graph does this for every stage now).
    pub artifact_joins: Vec<String>,
    /// Roles, in priority order: the first whose words a key contains is the key's role.
    pub roles: Vec<RoleDef>,
    /// Tiers of roles that make the deployed artifact: the first tier the deployed stages name
    /// is what the evaluation and approval must bind (`[model, adapter, base_model]`, else
    /// `[runtime_image]` for an image-as-model release).
    pub artifact_roles: Vec<Vec<String>>,
    /// Stage kinds in evidence-chain order.
    pub chain: Vec<String>,
    /// Field vocabularies whose values are artifact references.
    pub references: Vec<String>,
    /// Field vocabulary of run ids, if any.
    pub run_ids: Option<String>,
    /// Field vocabulary of the hosted-model provider, if any.
    pub provider: Option<String>,
    /// The Markdown report's title (`report.title`), if the gate file names one.
    pub report_title: Option<String>,
    /// The stages the report's evidence-chain line shows, in order (`report.chain`; default:
    /// the chain's stages).
    pub report_chain: Option<Vec<String>>,
    /// Hosted providers (normalised value) and the reference ecosystem their model ids use.
    pub hosted: Vec<(String, Option<crate::refs::Ecosystem>)>,
    /// The language version of the file (1 or 2).
    pub version: u32,
    /// Field vocabularies whose values name repository files to read and join into the stage
    /// (a deploy manifest, an evaluation report, an attestation bundle).
    pub file_refs: Vec<String>,
    /// Field vocabulary of labels (`name`, `description`): their values never carry an
    /// identity, whatever they look like.
    pub labels: Option<String>,
}

/// The reference gates' artifact tiers: deploy, else environments, else candidate and adapter.
pub fn default_artifact_tiers() -> Vec<Vec<String>> {
    vec![
        vec!["deploy".into()],
        vec!["environment".into()],
        vec!["candidate".into(), "adapter".into()],
    ]
}

/// The reference gates' roles (language version 1 files get these).
pub fn default_roles() -> Vec<RoleDef> {
    let role = |name: &str, label: &str, words: &[&str]| RoleDef {
        name: name.into(),
        label: label.into(),
        words: words.iter().map(|w| key_words(w)).collect(),
    };
    vec![
        role("adapter", "adapter", &["adapter", "lora", "peft"]),
        role(
            "base_model",
            "base model",
            &["base", "foundation_model", "foundation"],
        ),
        role(
            "runtime_image",
            "runtime image",
            &["image", "images", "container", "containers", "runtime"],
        ),
        role(
            "dataset",
            "dataset",
            &["dataset", "training_data", "eval_data"],
        ),
        role("tokenizer", "tokenizer", &["tokenizer"]),
        role(
            "upstream",
            "upstream artifact",
            &["upstream", "original", "parent", "derived_from"],
        ),
        role(
            "baseline",
            "baseline or previous version",
            &["baseline", "champion", "incumbent"],
        ),
        role("code", "code", &["code", "script", "pipeline"]),
        role(
            "evaluation_suite",
            "evaluation suite",
            &["suite", "harness"],
        ),
        role(
            "model",
            "model",
            &["model", "artifact", "weights", "checkpoint"],
        ),
    ]
}

/// The ecosystem a language-version-1 `hosted_providers` value classifies model ids with.
pub fn default_provider_ecosystem(provider: &str) -> Option<crate::refs::Ecosystem> {
    use crate::refs::Ecosystem;
    match normalize_key(provider).as_str() {
        "openai" => Some(Ecosystem::OpenAi),
        "anthropic" => Some(Ecosystem::Anthropic),
        "azureopenai" | "azure" => Some(Ecosystem::AzureOpenAi),
        "bedrock" | "awsbedrock" => Some(Ecosystem::Bedrock),
        "vertex" | "vertexai" | "google" | "gemini" => Some(Ecosystem::VertexAi),
        _ => None,
    }
}

/// The reference gates' artifact role tiers.
pub fn default_artifact_roles() -> Vec<Vec<String>> {
    vec![
        vec!["model".into(), "adapter".into(), "base_model".into()],
        vec!["runtime_image".into()],
    ]
}

/// The reference gates' evidence-chain order.
pub fn default_chain() -> Vec<String> {
    [
        "candidate",
        "evaluation",
        "model_card",
        "approval",
        "deploy",
        "environment",
        "rollback",
        "adapter",
        "base",
        "attestation",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Lowercase words of a key: split at `_`, `-`, `.`, `/`, spaces and camelCase humps.
pub fn key_words(raw: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in raw.chars() {
        if matches!(c, '_' | '-' | '.' | ' ' | '/') {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

impl Vocabulary {
    /// The role a key gives its value, from its words: the first role (in declaration order)
    /// one of whose word sequences occurs in the key.
    pub fn role_of_key(&self, raw_key: &str) -> Option<&str> {
        let words = key_words(raw_key);
        if words.is_empty() {
            return None;
        }
        self.roles
            .iter()
            .find(|r| {
                r.words
                    .iter()
                    .any(|seq| !seq.is_empty() && words.windows(seq.len()).any(|w| w == &seq[..]))
            })
            .map(|r| r.name.as_str())
    }

    /// How reports name a role.
    pub fn role_label<'a>(&'a self, role: &'a str) -> &'a str {
        self.roles
            .iter()
            .find(|r| r.name == role)
            .map_or(role, |r| r.label.as_str())
    }

    /// Is a field with this key an artifact reference?
    pub fn is_reference(&self, key: &str) -> bool {
        self.references.iter().any(|v| self.field_matches(v, key))
    }

    /// Is a field with this key a label (never an identity)?
    pub fn is_label(&self, key: &str) -> bool {
        self.labels
            .as_ref()
            .is_some_and(|v| self.field_matches(v, key))
    }

    /// Is a field with this key a run id?
    pub fn is_run_id(&self, key: &str) -> bool {
        self.run_ids
            .as_ref()
            .is_some_and(|v| self.field_matches(v, key))
    }

    /// Is a field with this key the provider of a hosted model?
    pub fn is_provider(&self, key: &str) -> bool {
        self.provider
            .as_ref()
            .is_some_and(|v| self.field_matches(v, key))
    }

    /// The hosted provider a `provider:` value names, with the ecosystem of its model ids.
    pub fn hosted_provider(&self, value: &str) -> Option<Option<crate::refs::Ecosystem>> {
        let v = normalize_key(value);
        self.hosted.iter().find(|(p, _)| *p == v).map(|(_, e)| *e)
    }

    /// Position of a stage kind in the evidence chain (unknown kinds last).
    pub fn chain_position(&self, kind: &str) -> usize {
        self.chain
            .iter()
            .position(|k| k == kind)
            .unwrap_or(self.chain.len())
    }

    /// Every stage kind that can hold the deployed artifact.
    pub fn artifact_kinds(&self) -> impl Iterator<Item = &str> {
        self.artifact_tiers.iter().flatten().map(String::as_str)
    }
    /// Does `key` belong to the field vocabulary `name`?
    pub fn field_matches(&self, name: &str, key: &str) -> bool {
        self.fields
            .get(name)
            .is_some_and(|ps| ps.iter().any(|p| p.matches(key)))
    }

    /// Is `value` in the value set `name`?
    pub fn value_in(&self, name: &str, value: &str) -> bool {
        let v = normalize_key(value);
        self.values.get(name).is_some_and(|vs| vs.contains(&v))
    }

    /// The stage definition called `name`.
    pub fn stage(&self, name: &str) -> Option<&StageDef> {
        self.stages.iter().find(|s| s.name == name)
    }
}

/// A severity, or `none` (the check does not report that case).
pub type Level = Option<Severity>;

/// What the hosted-model context does to a `references` check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hosted {
    /// Judge every reference.
    #[default]
    Judge,
    /// Skip references of hosted, API-only models (another gate owns them).
    Skip,
    /// Judge only references of hosted models.
    Only,
    /// Judge every reference, but a provider-pinned hosted model id is accepted.
    AcceptProviderPinned,
}

/// Which class a `references` check accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Accept {
    /// Only immutable references.
    #[default]
    Immutable,
    /// Immutable references and provider-pinned model ids.
    ProviderPinned,
}

/// `references`: every reference field in these stages is classified and judged.
#[derive(Debug, Clone, Default)]
pub struct ReferencesCheck {
    /// Stages to look in.
    pub stages: Vec<String>,
    /// Field vocabularies of the references (any of them).
    pub fields: Vec<String>,
    /// Roles judged (empty: every role); `primary` stands for the record's artifact roles.
    pub roles: Vec<String>,
    /// Roles left alone; `primary` stands for the record's artifact roles.
    pub except_roles: Vec<String>,
    /// Field vocabulary to leave to another gate.
    pub except_fields: Option<String>,
    /// Field vocabulary of pins that complete a repository locator (`model` + `revision`).
    pub pins: Option<String>,
    /// Field vocabulary whose repository-relative paths are accepted (a manifest in the repo).
    pub repo_paths: Option<String>,
    /// Hosted-model handling.
    pub hosted: Hosted,
    /// What passes.
    pub accept: Accept,
    /// Severity for a mutable reference.
    pub mutable: Level,
    /// Severity for a weak reference.
    pub weak: Level,
    /// Severity for a weak reference whose identity is bound to `bound_to` stages.
    pub weak_bound: Level,
    /// Stages that make a weak reference "bound".
    pub bound_to: Vec<String>,
    /// Severity when none of the stages is in the record.
    pub missing_stage: Level,
    /// Severity when a stage is present but holds no reference.
    pub missing_reference: Level,
}

/// `bound`: a stage shares an identity token with a target.
#[derive(Debug, Clone, Default)]
pub struct BoundCheck {
    /// The stage judged (each instance, for multi-instance stages).
    pub stage: String,
    /// `artifact` (the deployed identity) or a stage name.
    pub to: String,
    /// Used when `to` is absent from the record.
    pub fallback_to: Option<String>,
    /// Severity when the stage is absent.
    pub missing: Level,
    /// Severity when the stage carries no identity at all.
    pub no_identity: Level,
    /// Severity when it carries identities, none shared with the target.
    pub unbound: Level,
    /// Severity when the only shared identity is a short digest prefix.
    pub weak_bound: Level,
    /// A field vocabulary the stage must also have (for example a model card version).
    pub require_fields: Option<String>,
    /// Severity when the stage names a different identity of one kind for an artifact the
    /// target names (two digests for one model): a contradiction, never a pass.
    pub conflict: Level,
    /// Stages that can stand in for an absent or identity-less `stage` by naming its run id
    /// next to the identity they bind (an approval that cites `evaluation_id`).
    pub witnesses: Vec<String>,
}

/// One requirement of an `evidence` check.
#[derive(Debug, Clone, Default)]
pub struct Requirement {
    /// Field vocabularies; any of them satisfies the requirement.
    pub fields: Vec<String>,
    /// Value set that counts (`passed`, ...); absent: any non-empty value counts.
    pub values: Option<String>,
    /// Severity when unmet.
    pub severity: Level,
    /// `hosted`: the requirement does not apply to hosted, API-only models.
    pub unless_hosted: bool,
    /// The finding's message.
    pub message: String,
    /// Where it was declared (for errors).
    pub span: Span,
}

impl Requirement {
    /// Is a field with this (normalised) key one the requirement looks at?
    pub fn applies_to(&self, vocab: &Vocabulary, key: &str) -> bool {
        self.fields.iter().any(|v| vocab.field_matches(v, key))
    }
}

/// `evidence`: a stage carries fields with accepted values, and none with forbidden ones.
#[derive(Debug, Clone, Default)]
pub struct EvidenceCheck {
    /// Stages.
    pub stages: Vec<String>,
    /// Each must be met.
    pub require: Vec<Requirement>,
    /// Each must not be present with one of its values.
    pub forbid: Vec<Requirement>,
}

/// `pinned`: when `when_stage` is present (or a field of role `when_role`), each of `stages`
/// (or each of `roles`, looked for in `stages`) holds an immutable identity.
#[derive(Debug, Clone, Default)]
pub struct PinnedCheck {
    /// Trigger stage.
    pub when_stage: Option<String>,
    /// Trigger role: any field of this role in `stages`.
    pub when_role: Option<String>,
    /// Stages that must be pinned, or (with `roles`) where the roles are looked for.
    pub stages: Vec<String>,
    /// Roles that must each have an immutable identity in `stages`.
    pub roles: Vec<String>,
    /// Pins field vocabulary.
    pub pins: Option<String>,
    /// Severity when one is not pinned.
    pub severity: Level,
}

/// `subjects`: subject digests in a stage must include the target's digest.
#[derive(Debug, Clone, Default)]
pub struct SubjectsCheck {
    /// Stage holding subjects.
    pub stage: String,
    /// Field vocabulary of subject digests.
    pub fields: String,
    /// `artifact` or a stage.
    pub matches: String,
    /// Severity on mismatch.
    pub severity: Level,
    /// Severity when a subject named like a deployed artifact carries another digest.
    pub names: Level,
}

/// `consistent`: the stages never name a different identity of one kind for one artifact
/// than the deployed artifact does (a release candidate whose runtime image is not the one
/// deployed; two sha256 digests for one model).
#[derive(Debug, Clone, Default)]
pub struct ConsistentCheck {
    /// Stages compared with the deployed artifact (the artifact's own stages are always
    /// checked against each other).
    pub stages: Vec<String>,
    /// Severity of a contradiction.
    pub severity: Level,
    /// Also compare the stages with the deployed artifact (default); `false` only looks for
    /// contradictions inside each stage (a rollback target whose checksum is not its digest).
    pub against_artifact: bool,
}

/// The generic checks a gate combines.
#[derive(Debug, Clone)]
pub enum Check {
    /// See [`ReferencesCheck`].
    References(ReferencesCheck),
    /// See [`BoundCheck`].
    Bound(BoundCheck),
    /// See [`EvidenceCheck`].
    Evidence(EvidenceCheck),
    /// See [`PinnedCheck`].
    Pinned(PinnedCheck),
    /// See [`SubjectsCheck`].
    Subjects(SubjectsCheck),
    /// See [`ConsistentCheck`].
    Consistent(ConsistentCheck),
}

/// One gate.
#[derive(Debug, Clone)]
pub struct Gate {
    /// User-facing id (`PG001`).
    pub id: String,
    /// One line.
    pub title: String,
    /// Default severity (checks may report lower or higher per case).
    pub severity: Severity,
    /// Report category.
    pub category: String,
    /// The checklist item this gate enforces (text).
    pub checklist: String,
    /// The Output Format field it fills.
    pub output_field: String,
    /// How to fix.
    pub help: String,
    /// The checks; all run.
    pub checks: Vec<Check>,
    /// Where the gate is declared.
    pub span: Span,
    /// Where its id is.
    pub id_span: Span,
}

/// A parsed gate file.
#[derive(Debug, Clone)]
pub struct GateFile {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The skill folder it belongs to.
    pub skill_dir: PathBuf,
    /// Vocabularies.
    pub vocab: Vocabulary,
    /// Gates in file order.
    pub gates: Vec<Gate>,
}

impl GateFile {
    /// The gate with this id.
    pub fn gate(&self, id: &str) -> Option<&Gate> {
        self.gates.iter().find(|g| g.id == id)
    }
}
