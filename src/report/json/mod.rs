//! The JSON output: frozen, versioned view types, separate from internal types so a refactor
//! cannot silently change what users parse. `schema_version` changes when a field changes
//! meaning or disappears; new fields may be added within a version.
//!
//! One module per command ([`lint`], [`check`], [`test`]) holds its document type; the types
//! all three share are here. Every view derives [`JsonSchema`]: `docs/schemas/<command>.v1.json`
//! is generated from them ([`schema`]) and a test fails when the checked-in copy is stale.
//! Each field is documented in `docs/json.md`.

pub mod check;
pub mod lint;
pub mod test;

use schemars::JsonSchema;
use serde::Serialize;

use crate::diag::{Notice, NoticeLevel};
use crate::finding::{Finding, Severity};

pub use lint::{LintDoc, ProfileView};

/// Version of every JSON document skillgate writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The tool that wrote the document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ToolView {
    /// `skillgate`.
    #[schemars(extend("const" = "skillgate"))]
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

impl ToolView {
    /// This build.
    pub fn current() -> Self {
        ToolView {
            name: "skillgate",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// A secondary location.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LabelView {
    /// What is there.
    pub message: String,
    /// File.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// One finding.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingView {
    /// Rule or gate id.
    pub id: String,
    /// How serious it is.
    pub severity: SeverityView,
    /// What is wrong.
    pub message: String,
    /// File, as shown on the terminal.
    pub path: String,
    /// 1-based line of the exact value.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based end column, exclusive.
    pub end_column: usize,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The skill whose rule or gate judged it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// Report category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Other places.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<LabelView>,
    /// The release lacks this evidence (no evaluation, no approval, no rollback section), as
    /// opposed to a wrong value in it.
    pub missing_evidence: bool,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> Self {
        let p = f.location.position();
        FindingView {
            id: f.id.clone(),
            severity: f.severity.into(),
            message: f.message.clone(),
            path: f.location.path_display(),
            line: p.line,
            column: p.column,
            end_line: p.end_line,
            end_column: p.end_column,
            help: f.help.clone(),
            skill: f.skill.clone(),
            category: f.category.clone(),
            missing_evidence: f.missing_evidence,
            labels: f
                .labels
                .iter()
                .map(|l| {
                    let lp = l.location.position();
                    LabelView {
                        message: l.message.clone(),
                        path: l.location.path_display(),
                        line: lp.line,
                        column: lp.column,
                    }
                })
                .collect(),
        }
    }
}

/// Findings as views.
pub fn findings(fs: &[Finding]) -> Vec<FindingView> {
    fs.iter().map(FindingView::from).collect()
}

/// Pretty JSON with a trailing newline.
pub fn to_string<T: Serialize>(doc: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// A severity: `low`, `medium`, `high` or `critical`.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityView {
    /// Advisory.
    Low,
    /// Fails `check` as `partial`.
    Medium,
    /// Fails.
    High,
    /// Fails.
    Critical,
}

impl From<Severity> for SeverityView {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Low => SeverityView::Low,
            Severity::Medium => SeverityView::Medium,
            Severity::High => SeverityView::High,
            Severity::Critical => SeverityView::Critical,
        }
    }
}

/// A message about the run rather than about the content: a path that does not exist, a file
/// that could not be analysed, a symlink not followed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NoticeView {
    /// `error` (skillgate could not do part of what was asked: exit 2), `warning` (something
    /// was not analysed) or `note` (for the record).
    pub level: NoticeLevelView,
    /// The file or folder concerned.
    pub path: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What happened.
    pub message: String,
}

/// How serious a notification is.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLevelView {
    /// skillgate could not do part of what was asked (exit 2).
    Error,
    /// Something was not analysed.
    Warning,
    /// For the record.
    Note,
}

impl From<&Notice> for NoticeView {
    fn from(n: &Notice) -> Self {
        NoticeView {
            level: match n.level {
                NoticeLevel::Error => NoticeLevelView::Error,
                NoticeLevel::Warning => NoticeLevelView::Warning,
                NoticeLevel::Note => NoticeLevelView::Note,
            },
            path: n.path.clone(),
            line: n.line,
            column: n.column,
            message: n.message.clone(),
        }
    }
}

/// Notices as views.
pub fn notices(ns: &[Notice]) -> Vec<NoticeView> {
    ns.iter().map(NoticeView::from).collect()
}

/// The JSON Schema of a document type, pretty-printed with a trailing newline (what
/// `docs/schemas/<command>.v1.json` holds).
pub fn schema<T: JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The schemas of the three documents: (file name under `docs/schemas/`, schema text).
pub fn schemas() -> [(&'static str, String); 3] {
    [
        ("lint.v1.json", schema::<lint::LintDoc>()),
        ("check.v1.json", schema::<check::CheckDoc>()),
        ("test.v1.json", schema::<test::TestDoc>()),
    ]
}
