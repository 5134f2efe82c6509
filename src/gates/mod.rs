//! Gate files (`gates.yaml`): machine-readable checks a skill ships, and their evaluation over
//! release records.
//!
//! A gate is data: an id, a title, a severity, the checklist item and output field it backs,
//! and a check built from a few generic, composable checks ([`Check`]). The language is
//! documented in `docs/gates.md`.

pub mod catalog;
pub mod eval;
pub mod load;

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
    /// Stages that join the artifact's identity when they share a token with it.
    pub artifact_joins: Vec<String>,
}

/// The reference gates' artifact tiers: deploy, else environments, else candidate and adapter.
pub fn default_artifact_tiers() -> Vec<Vec<String>> {
    vec![
        vec!["deploy".into()],
        vec!["environment".into()],
        vec!["candidate".into(), "adapter".into()],
    ]
}

impl Vocabulary {
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
    /// Field vocabulary of the references.
    pub fields: String,
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

/// `pinned`: when `when_stage` is present, each of `stages` holds an immutable identity.
#[derive(Debug, Clone, Default)]
pub struct PinnedCheck {
    /// Trigger stage.
    pub when_stage: String,
    /// Stages that must be pinned.
    pub stages: Vec<String>,
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
