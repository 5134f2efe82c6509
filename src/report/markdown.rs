//! The Markdown review report: a versioned view ([`view`]) built from the results, escaped in
//! Rust ([`escape`]), rendered by tera from a template embedded at build time, a skill's own
//! `templates/report.md.tera`, or `--template FILE`.

pub mod escape;
pub mod sandbox;
pub mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::finding::{Finding, Severity};
use crate::gates::checks::stage_label_of;
use crate::gates::evidence::{Evidence, Field};
use crate::gates::result::RecordResult;
use crate::gates::verdict::{self, Status};
use crate::gates::{Check, GateFile, Vocabulary};
use crate::refs::Class;
use crate::source::Span;

use super::links::Links;
use super::{Notice, NoticeLevel};
use view::*;

/// The built-in `check` template.
pub const CHECK_TEMPLATE: &str = include_str!("../../templates/check.md.tera");
/// The built-in `lint` template.
pub const LINT_TEMPLATE: &str = include_str!("../../templates/lint.md.tera");
/// The built-in `test` template.
pub const TEST_TEMPLATE: &str = include_str!("../../templates/test.md.tera");

/// The file name a skill uses to override the report template.
pub const SKILL_TEMPLATE: &str = "templates/report.md.tera";

/// A template and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct Template {
    /// `built-in check.md.tera` or a path.
    pub origin: String,
    /// The tera source.
    pub source: String,
}

impl Template {
    /// A built-in template.
    pub fn builtin(name: &str, source: &str) -> Template {
        Template {
            origin: format!("built-in {name}"),
            source: source.to_string(),
        }
    }

    /// Picks the template: `--template FILE`, else the skill's `templates/report.md.tera`,
    /// else the built-in one. Errors name the file.
    pub fn choose(
        cli: Option<&Path>,
        skill_dir: Option<&Path>,
        builtin: Template,
        max_size: u64,
    ) -> Result<Template, String> {
        let path: Option<PathBuf> = match cli {
            Some(p) => Some(p.to_path_buf()),
            // NOTE: `symlink_metadata`, so a symlinked template is found (and then refused by
            // `source::read`), never silently followed or skipped.
            None => skill_dir
                .map(|d| d.join(SKILL_TEMPLATE))
                .filter(|p| std::fs::symlink_metadata(p).is_ok()),
        };
        let Some(path) = path else {
            return Ok(builtin);
        };
        let loaded = crate::source::read(&path, max_size).map_err(|e| {
            format!(
                "cannot read template {}: {}",
                path.display(),
                crate::diag::describe_io(&e)
            )
        })?;
        if let Some((problem, _)) = loaded.problem {
            return Err(format!("cannot use template {}: {problem}", path.display()));
        }
        let t = Template {
            origin: path.display().to_string(),
            source: loaded.file.text.clone(),
        };
        // Parse now, so a broken template is an error before anything is written.
        t.engine()?;
        Ok(t)
    }

    /// The template checked and instrumented in the sandbox ([`sandbox`]). Values are escaped
    /// in the view already, so tera's HTML escaping is off (it would double them).
    fn engine(&self) -> Result<sandbox::Sandboxed, String> {
        sandbox::build(&self.source).map_err(|e| format!("template {}: {e}", self.origin))
    }

    /// Renders `view` in the sandbox. Errors name the template.
    pub fn render(&self, view: &ReportView) -> Result<String, String> {
        let engine = self.engine()?;
        let cx = tera::Context::from_serialize(view)
            .map_err(|e| format!("template {}: {}", self.origin, sandbox::chain(&e)))?;
        let rendered = engine
            .render(&cx)
            .map_err(|e| format!("template {}: {e}", self.origin))?;
        // Collapse the blank-line runs template control tags leave behind.
        let mut out = String::with_capacity(rendered.len());
        let mut blank = 0;
        for line in rendered.trim_start().lines() {
            let line = line.trim_end();
            blank = if line.is_empty() { blank + 1 } else { 0 };
            if blank < 2 {
                out.push_str(line);
                out.push('\n');
            }
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Ok(out)
    }
}

/// The "Gate overrides" section appended after the template's output (whatever the template
/// is), listing each gate finding a suppression or the configuration switched off or re-rated,
/// escaped. Empty when there is none.
pub fn overrides_section(overrides: &[crate::suppress::Override]) -> String {
    if overrides.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n## Gate overrides\n\n{} gate finding(s) were switched off or re-rated by a \
         suppression or the configuration:\n\n",
        overrides.len()
    );
    for o in overrides {
        out.push_str(&format!("- {}\n", escape::inline(&o.describe())));
    }
    out
}

/// The view of a `check` run.
pub fn check_view(gf: &GateFile, results: &[RecordResult], notices: &[Notice]) -> ReportView {
    let mut paths = Links::from_env();
    let mut totals = BTreeMap::new();
    for s in ["pass", "partial", "fail"] {
        totals.insert(s, 0);
    }
    let records = results
        .iter()
        .map(|r| {
            *totals.entry(r.status.as_str()).or_insert(0) += 1;
            record_view(gf, r, &mut paths)
        })
        .collect();
    ReportView {
        report_version: REPORT_VERSION,
        tool: "skillgate",
        version: env!("CARGO_PKG_VERSION"),
        command: "check",
        check: Some(CheckView {
            title: Md::new(&report_title(gf)),
            chain_line: Md::new(
                &report_chain(gf)
                    .iter()
                    .map(|s| s.replace('_', " "))
                    .collect::<Vec<_>>()
                    .join(" → "),
            ),
            sections: SectionsView {
                references: gf
                    .gates
                    .iter()
                    .any(|g| g.checks.iter().any(|c| matches!(c, Check::References(_)))),
                rollback: gf.vocab.stage("rollback").is_some(),
                environments: gf.vocab.stage("environment").is_some(),
            },
            skill: Md::new(&gf.skill_dir.display().to_string()),
            gates: gf.gates.len(),
            totals,
            records,
        }),
        lint: None,
        test: None,
        notices: notice_views(notices),
    }
}

/// The view of a `lint` run: findings grouped by skill folder, then by rule.
pub fn lint_view(
    skills_checked: usize,
    profile: &str,
    findings: &[Finding],
    notices: &[Notice],
) -> ReportView {
    let mut paths = Links::from_env();
    let order: Vec<&str> = crate::rules::registry()
        .iter()
        .map(|r| r.meta().id)
        .collect();
    let mut by_skill: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        let dir = f
            .location
            .file
            .path
            .parent()
            .map(|p| p.display().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| ".".into());
        by_skill.entry(dir).or_default().push(f);
    }
    // Skills with the most severe findings first, then by folder.
    let mut by_skill: Vec<(String, Vec<&Finding>)> = by_skill.into_iter().collect();
    by_skill.sort_by_key(|(dir, fs)| {
        (
            std::cmp::Reverse(fs.iter().map(|f| f.severity).max()),
            dir.clone(),
        )
    });
    let skills = by_skill
        .into_iter()
        .map(|(dir, fs)| {
            let fs = by_severity_then_location(fs);
            let mut ids: Vec<&str> = fs.iter().map(|f| f.id.as_str()).collect();
            // Rules with the most severe findings first, then in registry order.
            let worst = |id: &str| fs.iter().filter(|f| f.id == id).map(|f| f.severity).max();
            ids.sort_by_key(|id| {
                (
                    std::cmp::Reverse(worst(id)),
                    order.iter().position(|o| o == id).unwrap_or(usize::MAX),
                    *id,
                )
            });
            ids.dedup();
            let rules = ids
                .iter()
                .map(|id| {
                    let meta = crate::rules::find(id).map(|r| r.meta());
                    let summary = meta.map_or("", |m| m.summary);
                    let category = meta.and_then(|m| m.tags.first().copied()).unwrap_or("");
                    let findings = fs
                        .iter()
                        .filter(|f| f.id == *id)
                        .enumerate()
                        .map(|(i, f)| finding_view(i + 1, f, summary, category, None, &mut paths))
                        .collect();
                    RuleGroup {
                        id: Md::new(id),
                        summary: Md::new(summary),
                        findings,
                    }
                })
                .collect();
            SkillGroup {
                skill: Md::new(&dir),
                counts: Counts::of(fs.iter().copied()),
                rules,
            }
        })
        .collect();
    ReportView {
        report_version: REPORT_VERSION,
        tool: "skillgate",
        version: env!("CARGO_PKG_VERSION"),
        command: "lint",
        check: None,
        lint: Some(LintView {
            skills_checked,
            profile: Md::new(profile),
            counts: Counts::of(findings),
            skills,
        }),
        test: None,
        notices: notice_views(notices),
    }
}

/// The view of a `test` run: false positives first, then other failures, the per-gate
/// scorecards and the fixture matrix.
pub fn test_view(run: &crate::fixtures::session::TestRun) -> ReportView {
    use crate::fixtures::Label;
    use crate::fixtures::runner::Outcome;
    let mut paths = Links::from_env();
    let (passed, failed, skipped) = run.counts();
    let mut case = |r: &crate::fixtures::runner::CaseResult| {
        let e = &r.case.expectation;
        let mut expected = match e.status {
            Some(s) => s.as_str().to_string(),
            None if e.any_finding => "partial or fail".into(),
            None => "-".into(),
        };
        if !e.findings.is_empty() {
            let ids: Vec<&str> = e.findings.iter().map(|f| f.id.as_str()).collect();
            expected.push_str(&format!("; {}", ids.join(", ")));
        }
        if !e.not.is_empty() {
            expected.push_str(&format!("; not {}", e.not.join(", ")));
        }
        let mut fired: Vec<&str> = r.findings.iter().map(|f| f.id.as_str()).collect();
        fired.dedup();
        let mut actual = r.status.map_or("-", |s| s.as_str()).to_string();
        if !fired.is_empty() {
            actual.push_str(&format!("; {}", fired.join(", ")));
        }
        let line = r.case.line();
        CaseView {
            name: Md::new(&r.case.name()),
            href: link(&mut paths, &r.case.file.path, Some(line)),
            line,
            skill: Md::new(&r.skill),
            label: match r.case.label {
                Label::Benign => "benign",
                Label::Vulnerable => "vulnerable",
                Label::None => "-",
            },
            outcome: r.outcome.as_str(),
            failed: r.outcome.failed(),
            expected: Md::new(&expected),
            actual: Md::new(&actual),
            problems: r.problems.iter().map(|p| Md::new(p)).collect(),
        }
    };
    let false_positives = run
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::FalsePositive)
        .map(&mut case)
        .collect();
    let failures = run
        .results
        .iter()
        .filter(|r| r.outcome.failed() && r.outcome != Outcome::FalsePositive)
        .map(&mut case)
        .collect();
    let cases = run.results.iter().map(&mut case).collect();
    let pct = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.2}"));
    let scorecards = run
        .scorecards
        .iter()
        .map(|(skill, scores)| ScorecardView {
            skill: Md::new(skill),
            gates: scores
                .iter()
                .map(|s| GateScoreView {
                    gate: Md::new(&s.gate),
                    tp: s.tp,
                    fp: s.fp,
                    fn_: s.r#fn,
                    tn: s.tn,
                    precision: pct(s.precision()),
                    recall: pct(s.recall()),
                })
                .collect(),
        })
        .collect();
    ReportView {
        report_version: REPORT_VERSION,
        tool: "skillgate",
        version: env!("CARGO_PKG_VERSION"),
        command: "test",
        check: None,
        lint: None,
        test: Some(TestView {
            passed,
            failed,
            skipped,
            false_positives,
            failures,
            scorecards,
            cases,
        }),
        notices: notice_views(&run.notices),
    }
}

fn notice_views(notices: &[Notice]) -> Vec<NoticeView> {
    notices
        .iter()
        .map(|n| NoticeView {
            level: match n.level {
                NoticeLevel::Error => "error",
                NoticeLevel::Warning => "warning",
                NoticeLevel::Note => "note",
            },
            path: Md::new(&n.path),
            line: n.line.unwrap_or(0),
            message: Md::new(&n.message),
        })
        .collect()
}

/// A link target for `path` at `line`: a permalink in GitHub Actions, else the path from the
/// repository root (see [`super::links`]).
fn link(paths: &mut Links, path: &Path, line: Option<usize>) -> String {
    paths.href(path, line)
}

fn finding_view(
    number: usize,
    f: &Finding,
    title: &str,
    category: &str,
    record: Option<&Evidence>,
    paths: &mut Links,
) -> FindingView {
    let p = f.location.position();
    let path = f.location.path_display();
    let key = record
        .and_then(|r| field_at(r, f.location.span))
        .map(|fl| fl.display.clone())
        .unwrap_or_default();
    FindingView {
        number,
        id: Md::new(&f.id),
        title: Md::new(if title.is_empty() { &f.message } else { title }),
        category: Md::new(f.category.as_deref().unwrap_or(category)),
        severity: f.severity.as_str(),
        severity_label: severity_label(f.severity),
        message: Md::new(&f.message),
        location: Md::new(&format!("{path}:{}:{}", p.line, p.column)),
        href: link(paths, &f.location.file.path, Some(p.line)),
        path: Md::new(&path),
        line: p.line,
        column: p.column,
        key: Md::new(&key),
        evidence: Md::new(&evidence(f)),
        recommendation: Md::new(f.help.as_deref().unwrap_or("")),
        labels: f
            .labels
            .iter()
            .map(|l| {
                let lp = l.location.position();
                LabelView {
                    message: Md::new(&l.message),
                    location: Md::new(&format!("{}:{}", l.location.path_display(), lp.line)),
                    href: link(paths, &l.location.file.path, Some(lp.line)),
                }
            })
            .collect(),
    }
}

/// Findings as every findings list of the report shows them: the most severe first, then by
/// file, line and column (then id, so the order is total).
fn by_severity_then_location<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
) -> Vec<&'a Finding> {
    let mut v: Vec<&Finding> = findings.into_iter().collect();
    v.sort_by_cached_key(|f| {
        let p = f.location.position();
        (
            std::cmp::Reverse(f.severity),
            f.location.file.path.clone(),
            p.line,
            p.column,
            f.id.clone(),
        )
    });
    v
}

/// The value at the location as written (capped), or its line when the span is empty.
fn evidence(f: &Finding) -> String {
    let text = super::sarif::flagged_text(f);
    if text.chars().count() > 200 {
        let mut t: String = text.chars().take(199).collect();
        t.push('…');
        t
    } else {
        text
    }
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

/// The record field whose value the span covers.
fn field_at(record: &Evidence, span: Span) -> Option<&Field> {
    record
        .stages
        .iter()
        .flat_map(|s| &s.fields)
        .find(|f| f.span == span)
        .or_else(|| {
            record
                .stages
                .iter()
                .flat_map(|s| &s.fields)
                .find(|f| f.span.start <= span.start && span.end <= f.span.end && span.end > 0)
        })
}

/// The report's title: `report.title`, else the skill folder's name.
fn report_title(gf: &GateFile) -> String {
    gf.vocab.report_title.clone().unwrap_or_else(|| {
        let name = gf
            .skill_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "skill".into());
        format!("Evidence Review: {name}")
    })
}

/// The stages the report's chain line shows: `report.chain`, else the declared stages in
/// chain order.
fn report_chain(gf: &GateFile) -> Vec<String> {
    match &gf.vocab.report_chain {
        Some(c) => c.clone(),
        None => gf
            .vocab
            .chain
            .iter()
            .filter(|s| gf.vocab.stage(s).is_some())
            .cloned()
            .collect(),
    }
}

/// Field vocabularies whose values are artifact references: the gate file's `reads.references`
/// and every vocabulary a `references` or `pinned` check reads pins from.
fn reference_vocabularies(gf: &GateFile) -> Vec<&str> {
    let mut out: Vec<&str> = gf.vocab.references.iter().map(String::as_str).collect();
    for c in gf.gates.iter().flat_map(|g| &g.checks) {
        match c {
            Check::References(r) => {
                out.extend(r.fields.iter().map(String::as_str));
                out.extend(r.pins.as_deref());
            }
            Check::Pinned(p) => out.extend(p.pins.as_deref()),
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn record_view(gf: &GateFile, r: &RecordResult, paths: &mut Links) -> RecordView {
    let path = r.record.file().path.as_path();
    let gate_field = |id: &str| gf.gate(id).map_or("", |g| g.output_field.as_str());
    let title_of = |id: &str| gf.gate(id).map_or("", |g| g.title.as_str());
    let findings: Vec<FindingView> = by_severity_then_location(&r.findings)
        .into_iter()
        .enumerate()
        .map(|(i, f)| finding_view(i + 1, f, title_of(&f.id), "", Some(&r.record), paths))
        .collect();
    let chain: Vec<LinkView> = r.chain.iter().map(|l| link_view(l, path, paths)).collect();
    let missing_stages: Vec<String> = report_chain(gf)
        .iter()
        .filter(|k| !r.chain.iter().any(|l| &l.stage == *k))
        .map(|k| k.replace('_', " "))
        .collect();

    let mut mutable_references = Vec::new();
    let reference_vocabs = reference_vocabularies(gf);
    let mut seen: std::collections::HashSet<Span> = std::collections::HashSet::new();
    for f in &r.findings {
        let field = field_at(&r.record, f.location.span);
        let flagged_class = field
            .map(|fl| fl.class.class)
            .filter(|c| *c != Class::Immutable);
        let is_mutable_gate = gf
            .gate(&f.id)
            .is_some_and(|g| g.checks.iter().any(|c| matches!(c, Check::References(_))));
        let Some(fl) = field else { continue };
        // Other gates' findings count when they flag a reference field (a rollback alias, a
        // floating base model), not a ticket number or a report file name.
        let is_reference = reference_vocabs
            .iter()
            .any(|v| gf.vocab.field_matches(v, &fl.key));
        if !(is_mutable_gate || (flagged_class.is_some() && is_reference))
            || !seen.insert(f.location.span)
        {
            continue;
        }
        let p = f.location.position();
        mutable_references.push(ReferenceView {
            location: Md::new(&format!("{}:{}", f.location.path_display(), p.line)),
            href: link(paths, path, Some(p.line)),
            line: p.line,
            key: Md::new(&fl.display),
            reference: Md::new(&fl.text),
            class: fl.class.class.as_str(),
            reason: Md::new(&fl.class.reason),
            gate: Md::new(&f.id),
            severity: f.severity.as_str(),
        });
    }

    let rollback = r
        .chain
        .iter()
        .filter(|l| l.stage == "rollback")
        .map(|l| link_view(l, path, paths))
        .collect();
    let rollback_findings = by_severity_then_location(&r.findings)
        .into_iter()
        .filter(|f| gate_field(&f.id) == "Rollback Verification")
        .enumerate()
        .map(|(i, f)| finding_view(i + 1, f, title_of(&f.id), "", Some(&r.record), paths))
        .collect();
    let environments = r
        .chain
        .iter()
        .filter(|l| l.stage == "deploy" || l.stage == "environment")
        .map(|l| EnvironmentView {
            name: Md::new(if l.stage == "deploy" {
                "deploy"
            } else {
                &l.name
            }),
            reference: Md::new(l.reference.as_deref().unwrap_or("")),
            identity: Md::new(&l.identity.join(", ")),
            approved: if l.stage == "deploy" {
                r.chain
                    .iter()
                    .any(|a| a.stage == "approval" && a.state.is_bound())
            } else {
                l.state.is_bound()
            },
            line: l.line,
            href: link(paths, path, Some(l.line)),
        })
        .collect();

    let counts = Counts::of(&r.findings);
    RecordView {
        path: Md::new(&r.record.file().path.display().to_string()),
        href: link(paths, path, None),
        status: r.status.as_str(),
        status_label: r.status.label(),
        status_reason: Md::new(&status_reason(gf, r)),
        counts,
        diagram: diagram(&gf.vocab, &report_chain(gf), &r.chain),
        chain,
        missing_stages,
        mutable_references,
        rollback,
        rollback_findings,
        environments,
        findings,
    }
}

fn link_view(l: &verdict::Link, path: &Path, paths: &mut Links) -> LinkView {
    LinkView {
        stage: Md::new(&stage_label_of(&l.stage, &l.name)),
        kind: Md::new(&l.stage),
        reference: Md::new(l.reference.as_deref().unwrap_or("")),
        key: Md::new(l.key.as_deref().unwrap_or("")),
        line: l.line,
        href: link(paths, path, Some(l.line)),
        identity: Md::new(&l.identity.join(", ")),
        class: l.class.map_or("-", |c| c.as_str()),
        bound: l.state.is_bound(),
        bound_to: Md::new(&l.bound_to.join(", ")),
    }
}

fn status_reason(gf: &GateFile, r: &RecordResult) -> String {
    let mut ids: Vec<&str> = Vec::new();
    let worst = r.findings.iter().map(|f| f.severity).max();
    for f in &r.findings {
        if Some(f.severity) == worst && !ids.contains(&f.id.as_str()) {
            ids.push(&f.id);
        }
    }
    let named: Vec<String> = ids
        .iter()
        .take(4)
        .map(|id| match gf.gate(id) {
            Some(g) => format!("{id} {}", g.title.trim().to_lowercase()),
            None => id.to_string(),
        })
        .collect();
    let more = if ids.len() > 4 { ", …" } else { "" };
    match (r.status, worst) {
        (Status::NotAnalysed, _) => {
            "not analysed: no stage the gates know was found in this record; nothing was judged"
                .into()
        }
        (Status::Pass, None) => "no finding: every stage is bound to the deployed artifact".into(),
        (Status::Pass, Some(_)) => format!(
            "only advisory (low) findings remain: {}{more}",
            named.join("; ")
        ),
        (_, Some(w)) => format!(
            "{} {w} finding(s) remain: {}{more}",
            r.findings.iter().filter(|f| f.severity == w).count(),
            named.join("; ")
        ),
        (_, None) => String::new(),
    }
}

/// A Mermaid flowchart of the chain: one node per stage (missing core stages dashed), edges in
/// chain order, solid when the two stages share an identity, dotted and red when broken.
fn diagram(vocab: &Vocabulary, shown: &[String], chain: &[verdict::Link]) -> String {
    struct Node {
        id: String,
        label: String,
        class: &'static str,
        stage_label: String,
        bound_to: Vec<String>,
    }
    let mut nodes: Vec<(usize, Node)> = chain
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let stage_label = stage_label_of(&l.stage, &l.name);
            let reference = l.reference.as_deref().unwrap_or("no reference");
            let short: String = if reference.chars().count() > 48 {
                let mut s: String = reference.chars().take(47).collect();
                s.push('…');
                s
            } else {
                reference.to_string()
            };
            let class = l.class.map_or("none", |c| c.as_str());
            (
                vocab.chain_position(&l.stage),
                Node {
                    id: format!("s{i}"),
                    label: format!(
                        "{}<br/>{}<br/>{}",
                        escape::mermaid(&stage_label),
                        escape::mermaid(&short),
                        class
                    ),
                    class: match l.class {
                        Some(Class::Immutable) => "immutable",
                        Some(Class::Weak) => "weak",
                        Some(Class::Mutable) => "mutable",
                        None => "none",
                    },
                    stage_label,
                    bound_to: l.bound_to.clone(),
                },
            )
        })
        .collect();
    for (k, kind) in shown.iter().enumerate() {
        if chain.iter().any(|l| &l.stage == kind) {
            continue;
        }
        nodes.push((
            vocab.chain_position(kind),
            Node {
                id: format!("m{k}"),
                label: format!("{}<br/>not recorded", kind.replace('_', " ")),
                class: "missing",
                stage_label: String::new(),
                bound_to: Vec::new(),
            },
        ));
    }
    nodes.sort_by_key(|(o, _)| *o);
    let mut out = String::from("flowchart LR\n");
    for (_, n) in &nodes {
        out.push_str(&format!("  {}[\"{}\"]:::{}\n", n.id, n.label, n.class));
    }
    let mut broken = Vec::new();
    for (i, pair) in nodes.windows(2).enumerate() {
        let (a, b) = (&pair[0].1, &pair[1].1);
        let bound = (!a.stage_label.is_empty() && b.bound_to.contains(&a.stage_label))
            || (!b.stage_label.is_empty() && a.bound_to.contains(&b.stage_label));
        if bound {
            out.push_str(&format!("  {} -->|bound| {}\n", a.id, b.id));
        } else {
            out.push_str(&format!("  {} -.->|BROKEN| {}\n", a.id, b.id));
            broken.push(i.to_string());
        }
    }
    if !broken.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke:#d73a49,stroke-width:2px,color:#d73a49\n",
            broken.join(",")
        ));
    }
    out.push_str("  classDef immutable fill:#e6ffed,stroke:#28a745\n");
    out.push_str("  classDef weak fill:#fff5b1,stroke:#b08800\n");
    out.push_str("  classDef mutable fill:#ffeef0,stroke:#d73a49\n");
    out.push_str("  classDef none fill:#f6f8fa,stroke:#6a737d\n");
    out.push_str("  classDef missing fill:#ffffff,stroke:#d73a49,stroke-dasharray:5 5\n");
    out
}
