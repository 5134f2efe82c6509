//! `skillgate check --format json` (`docs/schemas/check.v1.json`): per record, its status,
//! findings, evidence chain and overrides.

use schemars::JsonSchema;
use serde::Serialize;

use super::{FindingView, NoticeView, SeverityView, ToolView, findings, notices};
use crate::diag::Notice;
use crate::finding::Finding;
use crate::gates::identity::{Kind, Token};
use crate::gates::result::{RecordResult, sorted};
use crate::gates::verdict::{Link, LinkState, Status};
use crate::refs::Class;
use crate::suppress;

/// `skillgate check --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckDoc {
    /// Always 1 in this version of the document ([`super::SCHEMA_VERSION`]).
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// The tool.
    pub tool: ToolView,
    /// `check`.
    #[schemars(extend("const" = "check"))]
    pub command: &'static str,
    /// The skill folder whose gates judged the records.
    pub skill: String,
    /// One entry per record: not analysed first, then in the order given.
    pub records: Vec<RecordView>,
    /// Paths that could not be read or analysed, and notes about the run.
    pub notifications: Vec<NoticeView>,
}

/// The verdict on one record.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RecordView {
    /// The record file.
    pub path: String,
    /// The promotion verdict.
    pub status: StatusView,
    /// The findings that remain after suppressions and severity overrides.
    pub findings: Vec<FindingView>,
    /// The evidence chain, in chain order (evaluation → model card → approval → deploy →
    /// rollback and the other stages the gate file names).
    pub chain: Vec<LinkView>,
    /// Gate findings an inline suppression or the configuration switched off or re-rated.
    pub overrides: Vec<OverrideView>,
}

/// A promotion verdict.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StatusView {
    /// Nothing of medium or above remains.
    Pass,
    /// The worst remaining finding is medium.
    Partial,
    /// A high or critical finding remains.
    Fail,
    /// No stage the gates know could be read: nothing was judged (never a pass).
    NotAnalysed,
}

impl From<Status> for StatusView {
    fn from(s: Status) -> Self {
        match s {
            Status::Pass => StatusView::Pass,
            Status::Partial => StatusView::Partial,
            Status::Fail => StatusView::Fail,
            Status::NotAnalysed => StatusView::NotAnalysed,
        }
    }
}

/// A gate finding an inline suppression or the configuration switched off or re-rated.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OverrideView {
    /// The finding as the gate reported it.
    #[serde(flatten)]
    pub finding: FindingView,
    /// `suppressed` or `severity`.
    pub action: OverrideAction,
    /// The severity it is reported with instead (for `severity`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_severity: Option<SeverityView>,
    /// What did it (`inline suppression (r.yaml:3)`, the configuration file).
    pub by: String,
    /// The reason written, or the setting.
    pub justification: String,
}

/// What an override did.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OverrideAction {
    /// The finding is not reported.
    Suppressed,
    /// The finding is reported with `new_severity`.
    Severity,
}

/// One link of the evidence chain.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LinkView {
    /// The stage kind (`evaluation`, `approval`, `deploy`, ...).
    pub stage: String,
    /// The instance name (`canary`), or the kind.
    pub name: String,
    /// The stage's main reference, as written.
    pub reference: Option<String>,
    /// The dotted key of that reference (`deploy.model_uri`).
    pub key: Option<String>,
    /// The file of the reference.
    pub path: String,
    /// 1-based line of the reference (or of the stage key).
    pub line: usize,
    /// The identities the stage names, each with its kind.
    pub identity: Vec<IdentityView>,
    /// How firmly the main reference pins content.
    pub class: Option<ClassView>,
    /// How the link is bound.
    pub state: LinkStateView,
    /// True for `artifact`, `bound`, `weak-bound` and `credited`.
    pub bound: bool,
    /// Labels of the stages sharing an identity of the artifact with it (at most ten, then a
    /// count).
    pub bound_to: Vec<String>,
    /// What the binding is judged against (`the deployed artifact`, `the approval`).
    pub judged_against: Option<String>,
    /// For a credited link: the witness stage's label.
    pub credited_by: Option<String>,
}

/// One identity a stage names.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IdentityView {
    /// What kind of name it is.
    pub kind: IdentityKind,
    /// The registry, object store or provider the value belongs to (`mlflow`, `s3`,
    /// `openai`); absent for digests and runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The value compared: lowercase hex for a digest, `name/version` for a registry
    /// version, `path#version` for an object version, the model id for a provider model, the
    /// run id for a run.
    pub value: String,
    /// The identity as the other reports show it (`sha256:…`, `commit …`, `mlflow:name/14`,
    /// `run eval-7`).
    pub display: String,
}

/// The kind of an identity.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IdentityKind {
    /// A content digest or a commit SHA (the value is the lowercase hex, whatever the
    /// algorithm was written as).
    Digest,
    /// A version in a model or package registry.
    Version,
    /// A version of an object in an object store.
    ObjectVersion,
    /// A provider-held model pinned by the provider's dated or versioned id.
    ProviderModel,
    /// A run id (an evaluation or pipeline run): proves which run, never which artifact.
    Run,
}

impl From<&Token> for IdentityView {
    fn from(t: &Token) -> Self {
        let (kind, scope) = match &t.kind {
            Kind::Hex => (IdentityKind::Digest, None),
            Kind::Version(r) => (IdentityKind::Version, Some(r.clone())),
            Kind::Object(s) => (IdentityKind::ObjectVersion, Some(s.clone())),
            Kind::Provider(p) => (IdentityKind::ProviderModel, Some(p.clone())),
            Kind::Run => (IdentityKind::Run, None),
        };
        IdentityView {
            kind,
            scope,
            value: t.value.clone(),
            display: t.display(),
        }
    }
}

/// How firmly a reference pins content.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClassView {
    /// It can be re-pointed at different content (branch, alias, stage, `latest`, placeholder).
    Mutable,
    /// It denotes one thing only by convention (short SHA, version tag, provider-pinned id).
    Weak,
    /// It can only denote one content (full digest or commit, registry or object version).
    Immutable,
}

impl From<Class> for ClassView {
    fn from(c: Class) -> Self {
        match c {
            Class::Mutable => ClassView::Mutable,
            Class::Weak => ClassView::Weak,
            Class::Immutable => ClassView::Immutable,
        }
    }
}

/// How a link of the evidence chain stands.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LinkStateView {
    /// It is (part of) the deployed artifact.
    Artifact,
    /// A gate judged it bound to its target.
    Bound,
    /// Bound only through a short digest.
    WeakBound,
    /// Bound through a witness (an approval citing its run id).
    Credited,
    /// A gate judged it not bound, or it contradicts its target.
    Unbound,
    /// No gate binds this stage (a rollback target is another artifact by design).
    NotJudged,
}

impl From<LinkState> for LinkStateView {
    fn from(s: LinkState) -> Self {
        match s {
            LinkState::Artifact => LinkStateView::Artifact,
            LinkState::Bound => LinkStateView::Bound,
            LinkState::WeakBound => LinkStateView::WeakBound,
            LinkState::Credited => LinkStateView::Credited,
            LinkState::Unbound => LinkStateView::Unbound,
            LinkState::NotJudged => LinkStateView::NotJudged,
        }
    }
}

/// The document for `results` judged by the gates of `skill`.
pub fn doc(skill: String, results: &[RecordResult], notes: &[Notice]) -> CheckDoc {
    CheckDoc {
        schema_version: super::SCHEMA_VERSION,
        tool: ToolView::current(),
        command: "check",
        skill,
        records: sorted(results)
            .into_iter()
            .map(|r| RecordView {
                path: r.record.file().path.display().to_string(),
                status: r.status.into(),
                findings: findings(&r.findings),
                chain: r.chain.iter().map(|l| link_view(r, l)).collect(),
                overrides: override_views(&r.overrides),
            })
            .collect(),
        notifications: notices(notes),
    }
}

fn override_views(overrides: &[suppress::Override]) -> Vec<OverrideView> {
    let fs: Vec<Finding> = overrides.iter().map(|o| o.finding.clone()).collect();
    findings(&fs)
        .into_iter()
        .zip(overrides)
        .map(|(finding, o)| OverrideView {
            finding,
            action: match o.kind {
                suppress::OverrideKind::Suppressed => OverrideAction::Suppressed,
                suppress::OverrideKind::Severity(_) => OverrideAction::Severity,
            },
            new_severity: match o.kind {
                suppress::OverrideKind::Severity(s) => Some(s.into()),
                suppress::OverrideKind::Suppressed => None,
            },
            by: o.by.clone(),
            justification: o.justification.clone(),
        })
        .collect()
}

fn link_view(r: &RecordResult, l: &Link) -> LinkView {
    LinkView {
        stage: l.stage.clone(),
        name: l.name.clone(),
        reference: l.reference.clone(),
        key: l.key.clone(),
        path: r.record.file_of(l.file).path.display().to_string(),
        line: l.line,
        identity: l.tokens.iter().map(IdentityView::from).collect(),
        class: l.class.map(ClassView::from),
        state: l.state.into(),
        bound: l.state.is_bound(),
        bound_to: l.bound_to.clone(),
        judged_against: l.judged_against.clone(),
        credited_by: l.credited_by.clone(),
    }
}
