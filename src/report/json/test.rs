//! `skillgate test --format json` (`docs/schemas/test.v1.json`): per case its outcome,
//! expectation and findings; per skill the per-gate scorecard.

use schemars::JsonSchema;
use serde::Serialize;

use super::check::StatusView;
use super::{FindingView, NoticeView, ToolView, findings, notices};
use crate::fixtures::Label;
use crate::fixtures::expect::Expectation;
use crate::fixtures::runner::Outcome;
use crate::fixtures::session::TestRun;

/// `skillgate test --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TestDoc {
    /// Always 1 in this version of the document ([`super::SCHEMA_VERSION`]).
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// The tool.
    pub tool: ToolView,
    /// `test`.
    #[schemars(extend("const" = "test"))]
    pub command: &'static str,
    /// Counts over every case.
    pub summary: SummaryView,
    /// Every case, failures first.
    pub cases: Vec<CaseView>,
    /// Per skill with gates, the per-gate counts.
    pub scorecards: Vec<ScorecardView>,
    /// Paths that could not be read or analysed, and notes about the run.
    pub notifications: Vec<NoticeView>,
}

/// Counts over every case.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SummaryView {
    /// Cases whose outcome is `ok`.
    pub passed: usize,
    /// Cases whose outcome is a failure (`false-positive`, `missed`, `wrong-status`).
    pub failed: usize,
    /// Cases no gate could read (`not-analysed`): never counted as passed.
    pub skipped: usize,
}

/// One test case.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CaseView {
    /// The skill (folder name) whose gates judged it.
    pub skill: String,
    /// The fixture file.
    pub path: String,
    /// The case's title inside the file (a Markdown case document's `## Case N`), or empty.
    pub case: String,
    /// 1-based line where the case starts.
    pub line: usize,
    /// The folder or file-name label.
    pub label: LabelView,
    /// How the case ended.
    pub outcome: OutcomeView,
    /// What went wrong, one line each.
    pub problems: Vec<String>,
    /// What the case expects.
    pub expected: ExpectationView,
    /// The actual status (null when not analysed).
    pub status: Option<StatusView>,
    /// The actual findings.
    pub findings: Vec<FindingView>,
}

/// A folder or file-name label.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LabelView {
    /// A false-positive guard: expects no finding.
    Benign,
    /// Must trigger.
    Vulnerable,
    /// No label: the file states its expectation itself.
    None,
}

/// How a case ended.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeView {
    /// A benign case fired, or an id it rules out fired.
    FalsePositive,
    /// A vulnerable case did not fire, or missed an expected id.
    Missed,
    /// The status differs (for example partial instead of fail).
    WrongStatus,
    /// No gate could read it: never counted as passed.
    NotAnalysed,
    /// As expected.
    Ok,
}

/// What a case expects.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExpectationView {
    /// The promotion status, when stated (or implied by a benign label).
    pub status: Option<StatusView>,
    /// At least one finding of medium or above (a vulnerable label with no ids).
    pub any_finding: bool,
    /// Gate ids that must be among the findings.
    pub findings: Vec<ExpectedFindingView>,
    /// Gate ids that must not be among the findings.
    pub not: Vec<String>,
    /// Which conventions stated it (`folder`, `expect`, `expected_findings`, ...).
    pub sources: Vec<String>,
    /// 1-based lines that must carry no finding of any severity (sidecars of real files).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quiet: Vec<usize>,
    /// Artifacts a format reader must extract (sidecars of real files).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<ExpectedArtifactView>,
    /// `status` is the file's own status, computed without the findings that report missing
    /// evidence.
    pub manifest_status: bool,
    /// The findings listed are every medium-or-higher finding, at their lines.
    pub exact: bool,
}

/// One expected finding.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExpectedFindingView {
    /// Gate id.
    pub id: String,
    /// Severity, if stated (as written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Text the finding's value or message must contain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_contains: Option<String>,
    /// The 1-based line the finding must be on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// An artifact a format reader must extract from a real file.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExpectedArtifactView {
    /// Role (`model`, `runtime-image`, `adapter`, ...).
    pub role: String,
    /// 1-based line of the value.
    pub line: usize,
    /// The reference as written (or composed).
    pub reference: String,
}

/// The scorecard of one skill.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScorecardView {
    /// The skill (folder name).
    pub skill: String,
    /// One entry per gate of the skill.
    pub gates: Vec<GateScoreView>,
}

/// Per-gate counts over the analysed cases.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GateScoreView {
    /// Gate id.
    pub gate: String,
    /// Expected to fire and fired.
    pub tp: usize,
    /// Expected quiet but fired.
    pub fp: usize,
    /// Expected to fire but quiet.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Expected quiet and quiet.
    pub tn: usize,
    /// tp / (tp + fp); null when no case fired or was expected to.
    pub precision: Option<f64>,
    /// tp / (tp + fn); null when no case expected the gate to fire.
    pub recall: Option<f64>,
}

/// The document for a test run.
pub fn doc(run: &TestRun) -> TestDoc {
    let (passed, failed, skipped) = run.counts();
    TestDoc {
        schema_version: super::SCHEMA_VERSION,
        tool: ToolView::current(),
        command: "test",
        summary: SummaryView {
            passed,
            failed,
            skipped,
        },
        cases: run
            .results
            .iter()
            .map(|r| CaseView {
                skill: r.skill.clone(),
                path: r.case.file.path.display().to_string(),
                case: r.case.title.clone(),
                line: r.case.line(),
                label: label(r.case.label),
                outcome: outcome(r.outcome),
                problems: r.problems.clone(),
                expected: expectation(&r.case.expectation),
                status: r.status.map(StatusView::from),
                findings: findings(&r.findings),
            })
            .collect(),
        scorecards: run
            .scorecards
            .iter()
            .map(|(skill, scores)| ScorecardView {
                skill: skill.clone(),
                gates: scores
                    .iter()
                    .map(|s| GateScoreView {
                        gate: s.gate.clone(),
                        tp: s.tp,
                        fp: s.fp,
                        fn_: s.r#fn,
                        tn: s.tn,
                        precision: s.precision(),
                        recall: s.recall(),
                    })
                    .collect(),
            })
            .collect(),
        notifications: notices(&run.notices),
    }
}

fn label(l: Label) -> LabelView {
    match l {
        Label::Benign => LabelView::Benign,
        Label::Vulnerable => LabelView::Vulnerable,
        Label::None => LabelView::None,
    }
}

fn outcome(o: Outcome) -> OutcomeView {
    match o {
        Outcome::FalsePositive => OutcomeView::FalsePositive,
        Outcome::Missed => OutcomeView::Missed,
        Outcome::WrongStatus => OutcomeView::WrongStatus,
        Outcome::NotAnalysed => OutcomeView::NotAnalysed,
        Outcome::Ok => OutcomeView::Ok,
    }
}

fn expectation(e: &Expectation) -> ExpectationView {
    ExpectationView {
        status: e.status.map(StatusView::from),
        any_finding: e.any_finding,
        findings: e
            .findings
            .iter()
            .map(|f| ExpectedFindingView {
                id: f.id.clone(),
                severity: f.severity.clone(),
                evidence_contains: f.evidence_contains.clone(),
                line: f.line,
            })
            .collect(),
        not: e.not.clone(),
        sources: e.sources.clone(),
        quiet: e.quiet.clone(),
        artifacts: e
            .artifacts
            .iter()
            .map(|a| ExpectedArtifactView {
                role: a.role.clone(),
                line: a.line,
                reference: a.reference.clone(),
            })
            .collect(),
        manifest_status: e.manifest_status,
        exact: e.exact,
    }
}
