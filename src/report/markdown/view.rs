//! The tera context of the Markdown report: frozen, versioned view types, separate from
//! internal types so a refactor cannot silently break a user's template.
//!
//! Every string that comes from an input is an [`Md`]: escaped when the view is built, so a
//! template can print it anywhere (text, table cell, `<code>`) without a filter. Strings that
//! skillgate itself chooses (`status`, `severity`, `class`) are plain `&'static str`.
//! [`REPORT_VERSION`] changes when a field changes meaning or disappears; fields may be added
//! within a version. `docs/reports.md` lists the fields.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::escape;
use crate::finding::{Finding, Severity};

/// Version of the template context.
pub const REPORT_VERSION: u32 = 1;

/// Input text, escaped for Markdown (see [`escape::inline`]). Cannot be built unescaped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Md(String);

impl Md {
    /// Escapes `raw`.
    pub fn new(raw: &str) -> Md {
        Md(escape::inline(raw))
    }

    /// The escaped text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for Md {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The whole context: `report_version`, the tool, the command, and one of `check`, `lint`,
/// `test`.
#[derive(Debug, Serialize)]
pub struct ReportView {
    /// See [`REPORT_VERSION`].
    pub report_version: u32,
    /// `skillgate`.
    pub tool: &'static str,
    /// The crate version.
    pub version: &'static str,
    /// `check`, `lint` or `test`.
    pub command: &'static str,
    /// Present for `check`.
    pub check: Option<CheckView>,
    /// Present for `lint`.
    pub lint: Option<LintView>,
    /// Present for `test`.
    pub test: Option<TestView>,
    /// Files that could not be read or analysed.
    pub notices: Vec<NoticeView>,
}

/// A run-level message.
#[derive(Debug, Serialize)]
pub struct NoticeView {
    /// `error`, `warning` or `note`.
    pub level: &'static str,
    /// The file or folder.
    pub path: Md,
    /// 1-based line, or 0 when unknown.
    pub line: usize,
    /// What happened.
    pub message: Md,
}

/// Counts by severity.
#[derive(Debug, Default, Serialize)]
pub struct Counts {
    /// All findings.
    pub total: usize,
    /// Critical.
    pub critical: usize,
    /// High.
    pub high: usize,
    /// Medium.
    pub medium: usize,
    /// Low.
    pub low: usize,
    /// "2 high, 1 medium" or "none".
    pub summary: String,
}

impl Counts {
    /// Counts `findings`.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            c.total += 1;
            match f.severity {
                Severity::Critical => c.critical += 1,
                Severity::High => c.high += 1,
                Severity::Medium => c.medium += 1,
                Severity::Low => c.low += 1,
            }
        }
        let parts: Vec<String> = [
            (c.critical, "critical"),
            (c.high, "high"),
            (c.medium, "medium"),
            (c.low, "low"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, s)| format!("{n} {s}"))
        .collect();
        c.summary = if parts.is_empty() {
            "none".into()
        } else {
            parts.join(", ")
        };
        c
    }
}

/// A finding, as every report shows it.
#[derive(Debug, Serialize)]
pub struct FindingView {
    /// 1-based number in its report section.
    pub number: usize,
    /// Rule or gate id.
    pub id: Md,
    /// The gate's title or the rule's summary.
    pub title: Md,
    /// Report category (gates), or the rule's first tag.
    pub category: Md,
    /// `critical`, `high`, `medium` or `low`.
    pub severity: &'static str,
    /// `Critical`, `High`, `Medium` or `Low`.
    pub severity_label: &'static str,
    /// What is wrong.
    pub message: Md,
    /// `path:line:column`.
    pub location: Md,
    /// Relative link to the line (`path#L12`), percent-encoded.
    pub href: String,
    /// The file.
    pub path: Md,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The dotted key of the value in a record (`deploy.model_uri`), when known.
    pub key: Md,
    /// The value as written at the location (or its line).
    pub evidence: Md,
    /// How to fix it.
    pub recommendation: Md,
    /// Other places that explain it.
    pub labels: Vec<LabelView>,
}

/// A secondary location.
#[derive(Debug, Serialize)]
pub struct LabelView {
    /// What is there.
    pub message: Md,
    /// `path:line`.
    pub location: Md,
    /// Link to the line.
    pub href: String,
}

/// The sections of a check report that only some gate files have.
#[derive(Debug, Serialize)]
pub struct SectionsView {
    /// "Mutable References": some gate has a `references` check.
    pub references: bool,
    /// "Rollback Verification": the gate file declares a `rollback` stage.
    pub rollback: bool,
    /// "Environment Artifact Identity": the gate file declares an `environment` stage.
    pub environments: bool,
}

/// `skillgate check`.
#[derive(Debug, Serialize)]
pub struct CheckView {
    /// The report's title: the gate file's `report.title`, else one made from the skill's
    /// folder name.
    pub title: Md,
    /// The evidence-chain stages the gate file shows (`report.chain`, else its chain), as
    /// `evaluation → model card → approval → deploy → rollback`.
    pub chain_line: Md,
    /// Which of the sections tied to a kind of gate or stage this gate file has.
    pub sections: SectionsView,
    /// The skill folder whose gates judged the records.
    pub skill: Md,
    /// Number of gates.
    pub gates: usize,
    /// Records with status `pass`, `partial`, `fail`.
    pub totals: BTreeMap<&'static str, usize>,
    /// One per record, in command-line order.
    pub records: Vec<RecordView>,
}

/// One record's review.
#[derive(Debug, Serialize)]
pub struct RecordView {
    /// The record file.
    pub path: Md,
    /// Link to the file.
    pub href: String,
    /// `pass`, `partial` or `fail`.
    pub status: &'static str,
    /// `PASS`, `PARTIAL` or `FAIL`.
    pub status_label: &'static str,
    /// One line: why.
    pub status_reason: Md,
    /// Findings by severity.
    pub counts: Counts,
    /// The evidence chain, in chain order.
    pub chain: Vec<LinkView>,
    /// Stages of the report's chain line ([`CheckView::chain_line`]) the record lacks.
    pub missing_stages: Vec<String>,
    /// A Mermaid `flowchart` of the chain (without the fence), labels escaped for Mermaid.
    pub diagram: String,
    /// Mutable or weak references that gates flagged.
    pub mutable_references: Vec<ReferenceView>,
    /// Rollback targets.
    pub rollback: Vec<LinkView>,
    /// Rollback findings.
    pub rollback_findings: Vec<FindingView>,
    /// Deploy and environment identities.
    pub environments: Vec<EnvironmentView>,
    /// Every finding.
    pub findings: Vec<FindingView>,
}

/// One link of the evidence chain.
#[derive(Debug, Serialize)]
pub struct LinkView {
    /// `deploy`, ``environment `canary` ``...
    pub stage: Md,
    /// The stage kind (`deploy`), as the gate file names it.
    pub kind: Md,
    /// The main reference as written, or empty.
    pub reference: Md,
    /// Its dotted key.
    pub key: Md,
    /// 1-based line.
    pub line: usize,
    /// Link to the line.
    pub href: String,
    /// Identity tokens, comma-separated, or empty.
    pub identity: Md,
    /// `immutable`, `weak`, `mutable` or `-`.
    pub class: &'static str,
    /// Shares an identity with another stage.
    pub bound: bool,
    /// The stages it is bound to, comma-separated.
    pub bound_to: Md,
}

/// A flagged reference.
#[derive(Debug, Serialize)]
pub struct ReferenceView {
    /// `path:line`.
    pub location: Md,
    /// Link to the line.
    pub href: String,
    /// 1-based line.
    pub line: usize,
    /// Dotted key.
    pub key: Md,
    /// The value as written.
    pub reference: Md,
    /// `mutable` or `weak`.
    pub class: &'static str,
    /// Why it can move.
    pub reason: Md,
    /// The gate that flagged it.
    pub gate: Md,
    /// Its severity.
    pub severity: &'static str,
}

/// What an environment (or the deploy) runs.
#[derive(Debug, Serialize)]
pub struct EnvironmentView {
    /// `deploy`, `canary`, ...
    pub name: Md,
    /// The reference as written.
    pub reference: Md,
    /// Identity tokens, or empty.
    pub identity: Md,
    /// Bound to the approval.
    pub approved: bool,
    /// 1-based line.
    pub line: usize,
    /// Link to the line.
    pub href: String,
}

/// `skillgate lint`.
#[derive(Debug, Serialize)]
pub struct LintView {
    /// Skills checked.
    pub skills_checked: usize,
    /// The frontmatter profile and where it came from (`claude-code (detected from …)`).
    pub profile: Md,
    /// Findings by severity.
    pub counts: Counts,
    /// Findings grouped by skill folder, then rule.
    pub skills: Vec<SkillGroup>,
}

/// One skill's findings.
#[derive(Debug, Serialize)]
pub struct SkillGroup {
    /// The skill folder (or the file's folder for repository files).
    pub skill: Md,
    /// Findings by severity.
    pub counts: Counts,
    /// By rule, in registry order.
    pub rules: Vec<RuleGroup>,
}

/// One rule's findings in one skill.
#[derive(Debug, Serialize)]
pub struct RuleGroup {
    /// Rule id.
    pub id: Md,
    /// One line.
    pub summary: Md,
    /// Findings.
    pub findings: Vec<FindingView>,
}

/// `skillgate test`.
#[derive(Debug, Serialize)]
pub struct TestView {
    /// Cases as expected.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
    /// Cases no gate could read (never counted as passed).
    pub skipped: usize,
    /// Benign cases (or ruled-out gates) that fired: listed first.
    pub false_positives: Vec<CaseView>,
    /// Missed and wrong-status cases.
    pub failures: Vec<CaseView>,
    /// Per skill, per gate.
    pub scorecards: Vec<ScorecardView>,
    /// Every case: the fixture matrix.
    pub cases: Vec<CaseView>,
}

/// One case.
#[derive(Debug, Serialize)]
pub struct CaseView {
    /// The file, and the case title for case documents.
    pub name: Md,
    /// Link to the case.
    pub href: String,
    /// 1-based line.
    pub line: usize,
    /// The skill whose gates judged it.
    pub skill: Md,
    /// `benign`, `vulnerable` or `-`.
    pub label: &'static str,
    /// `ok`, `false positive`, `missed`, `wrong status`, `not analysed`.
    pub outcome: &'static str,
    /// Failed.
    pub failed: bool,
    /// Expected status and ids (`fail; PG001, PG002; not PG003`).
    pub expected: Md,
    /// Actual status and the ids that fired.
    pub actual: Md,
    /// One line per problem.
    pub problems: Vec<Md>,
}

/// A skill's scorecard.
#[derive(Debug, Serialize)]
pub struct ScorecardView {
    /// The skill.
    pub skill: Md,
    /// One row per gate.
    pub gates: Vec<GateScoreView>,
}

/// One gate's counts.
#[derive(Debug, Serialize)]
pub struct GateScoreView {
    /// Gate id.
    pub gate: Md,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// True negatives.
    pub tn: usize,
    /// `0.75` or `-`.
    pub precision: String,
    /// `0.75` or `-`.
    pub recall: String,
}
