//! The JSON output: frozen, versioned view types, separate from internal types so a refactor
//! cannot silently change what users parse. `schema_version` changes when a field changes
//! meaning or disappears; new fields may be added within a version.

use serde::Serialize;

use super::Notice;
use crate::finding::Finding;

/// Version of every JSON document skillgate writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The tool that wrote the document.
#[derive(Debug, Serialize)]
pub struct ToolView {
    /// `skillgate`.
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
#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct FindingView {
    /// Rule or gate id.
    pub id: String,
    /// `low`, `medium`, `high` or `critical`.
    pub severity: String,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
            severity: f.severity.as_str().to_string(),
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

/// `skillgate lint --format json`.
#[derive(Debug, Serialize)]
pub struct LintDoc {
    /// See [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool.
    pub tool: ToolView,
    /// `lint`.
    pub command: &'static str,
    /// Skills linted.
    pub skills: usize,
    /// The frontmatter profile, where it came from and the skill template used.
    pub profile: ProfileView,
    /// Findings in reading order.
    pub findings: Vec<FindingView>,
    /// Paths that could not be read or analysed.
    pub notifications: Vec<Notice>,
}

/// The profile a lint run used.
#[derive(Debug, Serialize)]
pub struct ProfileView {
    /// `agentskills`, `claude-code` or `securityskills`.
    pub name: &'static str,
    /// `command-line`, `config-file`, `detected` or `default`.
    pub source: &'static str,
    /// The file that chose it (the `skillgate.toml`, or the detected marker), if any.
    pub path: Option<String>,
    /// The skill template whose sections are required, if one was used.
    pub template: Option<String>,
}

/// Pretty JSON with a trailing newline.
pub fn to_string<T: Serialize>(doc: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
