//! `skillgate lint --format json` (`docs/schemas/lint.v1.json`).

use schemars::JsonSchema;
use serde::Serialize;

use super::{FindingView, NoticeView, ToolView};

/// `skillgate lint --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LintDoc {
    /// Always 1 in this version of the document ([`super::SCHEMA_VERSION`]).
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// The tool.
    pub tool: ToolView,
    /// `lint`.
    #[schemars(extend("const" = "lint"))]
    pub command: &'static str,
    /// Skills linted.
    pub skills: usize,
    /// The frontmatter profile, where it came from and the skill template used.
    pub profile: ProfileView,
    /// Findings in reading order.
    pub findings: Vec<FindingView>,
    /// Paths that could not be read or analysed.
    pub notifications: Vec<NoticeView>,
}

/// The profile a lint run used.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProfileView {
    /// `agentskills`, `claude-code` or `securityskills`.
    #[schemars(extend("enum" = ["agentskills", "claude-code", "securityskills"]))]
    pub name: &'static str,
    /// `command-line`, `config-file`, `detected` or `default`.
    #[schemars(extend("enum" = ["command-line", "config-file", "detected", "default"]))]
    pub source: &'static str,
    /// The file that chose it (the `skillgate.toml`, or the detected marker), if any.
    pub path: Option<String>,
    /// The skill template whose sections are required, if one was used.
    pub template: Option<String>,
}
