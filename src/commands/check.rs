//! `skillgate check --skill DIR RECORD...`: evaluate release records against a skill's gates.

use rayon::prelude::*;

use super::{Outcome, print_notices, stderr_color, usage_error};
use crate::cli::{CheckArgs, Format, StatusThreshold};
use crate::finding::Finding;
use crate::gates::{self, GateFile, eval};
use crate::record::Record;
use crate::report::markdown::{self, Template};
use crate::report::{Destinations, Notice, github, human, json, sarif};
use crate::source::DEFAULT_MAX_FILE_SIZE;
use crate::{settings, suppress};

/// The verdict on one record.
pub struct RecordResult {
    /// The record.
    pub record: Record,
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// pass / partial / fail.
    pub status: eval::Status,
    /// The evidence chain.
    pub chain: Vec<eval::Link>,
    /// Gate findings an inline suppression or the configuration switched off or re-rated:
    /// shown in every format.
    pub overrides: Vec<suppress::Override>,
}

/// Loads the skill's gate file, or explains why not (each error with file:line).
pub fn load_gates(skill: &std::path::Path, max: u64) -> Result<GateFile, Vec<Notice>> {
    let path = if skill.is_file() {
        skill.to_path_buf()
    } else {
        skill.join("gates.yaml")
    };
    if !path.exists() {
        return Err(vec![Notice::error(
            path.display().to_string(),
            format!(
                "no gates.yaml in {} (is it a skill folder with gates?)",
                skill.display()
            ),
        )]);
    }
    gates::load(&path, max).map_err(|errs| {
        errs.iter()
            .map(|e| {
                let (l, c) = e.file.line_col(e.span.start);
                Notice::error(e.file.path.display().to_string(), e.message.clone()).at(l, c)
            })
            .collect()
    })
}

/// Evaluates one record.
pub fn evaluate(gf: &GateFile, record: Record) -> RecordResult {
    let (findings, status) = eval::evaluate(gf, &record);
    let chain = eval::chain(gf, &record);
    RecordResult {
        record,
        findings,
        status,
        chain,
        overrides: Vec::new(),
    }
}

/// Runs the command.
pub fn run(args: CheckArgs) -> Outcome {
    let dest = match Destinations::from_args(&args.out) {
        Ok(d) => d,
        Err(e) => return usage_error(&e, "see `skillgate check --help`"),
    };
    let max = args.out.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let color = stderr_color(args.out.color);
    let gf = match load_gates(&args.skill, max) {
        Ok(g) => g,
        Err(notices) => {
            print_notices(&notices, color, false);
            eprintln!("help: fix the gate file; `skillgate explain gates` documents the language");
            return Outcome::Error;
        }
    };
    let template = match Template::choose(
        args.out.template.as_deref(),
        Some(&gf.skill_dir),
        Template::builtin("check.md.tera", markdown::CHECK_TEMPLATE),
        max,
    ) {
        Ok(t) => t,
        Err(e) => return usage_error(&e, "fix the template or pass another with --template"),
    };
    let loaded: Vec<Result<RecordResult, Notice>> = args
        .records
        .par_iter()
        .map(|p| match Record::load(p, &gf.vocab, max) {
            Ok(r) => Ok(evaluate(&gf, r)),
            Err(e) => {
                let (l, c) = e.file.line_col(e.span.start);
                Err(Notice::error(p.display().to_string(), e.message).at(l, c))
            }
        })
        .collect();
    // NOTE: the configuration comes from `--config` or the repository root of the first
    // record, never from beside a record: a pull request that adds a record and a
    // `skillgate.toml` next to it must not be able to switch gates off (issue 14).
    let first = args.records.first().cloned().unwrap_or_else(|| ".".into());
    let settings = match settings::load(args.out.config.as_deref(), &first, settings::known_ids) {
        Ok(s) => s,
        Err(errs) => {
            print_notices(&errs, color, false);
            return Outcome::Error;
        }
    };
    let inline = settings.inline_config && !args.out.no_inline_config;
    let mut results = Vec::new();
    let mut notices = Vec::new();
    for r in loaded {
        match r {
            Ok(mut x) => {
                if !x.record.stages.iter().any(|s| s.kind != "record") {
                    notices.push(Notice::warning(
                        x.record.file.path.display().to_string(),
                        "no stage of the gate file's vocabulary was found in this record: every gate judged it as missing evidence (is it a release record?)",
                    ));
                }
                let mut findings = std::mem::take(&mut x.findings);
                if inline {
                    let (kept, o) = suppress::apply_reporting(findings, &[x.record.file.clone()]);
                    findings = kept;
                    x.overrides.extend(o);
                }
                let (kept, o) = settings.apply_reporting(findings);
                x.findings = kept;
                x.overrides.extend(o);
                x.status = eval::Status::of(&x.findings);
                results.push(x)
            }
            Err(n) => notices.push(n),
        }
    }
    let write =
        dest.write(|format, color| render(&gf, &template, &results, &notices, format, color));
    let error = print_notices(&notices, color, dest.quiet);
    if let Err(e) = write {
        return usage_error(&e, "check that the output folder exists and is writable");
    }
    let threshold = match args.fail_on {
        StatusThreshold::Fail => eval::Status::Fail,
        StatusThreshold::Partial => eval::Status::Partial,
    };
    if error {
        Outcome::Error
    } else if results.iter().any(|r| r.status >= threshold) {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}

/// `skillgate check --format json`: per record, its status, findings and evidence chain.
#[derive(serde::Serialize)]
struct CheckDoc<'a> {
    schema_version: u32,
    tool: json::ToolView,
    command: &'static str,
    skill: String,
    records: Vec<RecordView<'a>>,
    notifications: &'a [Notice],
}

#[derive(serde::Serialize)]
struct RecordView<'a> {
    path: String,
    status: eval::Status,
    findings: Vec<json::FindingView>,
    chain: &'a [eval::Link],
    overrides: Vec<OverrideView>,
}

/// A gate finding an inline suppression or the configuration switched off or re-rated.
#[derive(serde::Serialize)]
pub struct OverrideView {
    /// The finding as the gate reported it.
    #[serde(flatten)]
    pub finding: json::FindingView,
    /// `suppressed` or `severity`.
    pub action: &'static str,
    /// The severity it is reported with instead (for `severity`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_severity: Option<crate::finding::Severity>,
    /// What did it (`inline suppression (r.yaml:3)`, the configuration file).
    pub by: String,
    /// The reason written, or the setting.
    pub justification: String,
}

fn override_views(overrides: &[suppress::Override]) -> Vec<OverrideView> {
    let findings: Vec<Finding> = overrides.iter().map(|o| o.finding.clone()).collect();
    json::findings(&findings)
        .into_iter()
        .zip(overrides)
        .map(|(finding, o)| OverrideView {
            finding,
            action: match o.kind {
                suppress::OverrideKind::Suppressed => "suppressed",
                suppress::OverrideKind::Severity(_) => "severity",
            },
            new_severity: match o.kind {
                suppress::OverrideKind::Severity(s) => Some(s),
                suppress::OverrideKind::Suppressed => None,
            },
            by: o.by.clone(),
            justification: o.justification.clone(),
        })
        .collect()
}

fn render(
    gf: &GateFile,
    template: &Template,
    results: &[RecordResult],
    notices: &[Notice],
    format: Format,
    color: bool,
) -> Result<String, String> {
    Ok(match format {
        Format::Human => human_report(results, color),
        Format::Json => json::to_string(&CheckDoc {
            schema_version: json::SCHEMA_VERSION,
            tool: json::ToolView::current(),
            command: "check",
            skill: gf.skill_dir.display().to_string(),
            records: results
                .iter()
                .map(|r| RecordView {
                    path: r.record.file.path.display().to_string(),
                    status: r.status,
                    findings: json::findings(&r.findings),
                    chain: &r.chain,
                    overrides: override_views(&r.overrides),
                })
                .collect(),
            notifications: notices,
        }),
        Format::Github => {
            let all: Vec<Finding> = results
                .iter()
                .flat_map(|r| r.findings.iter().cloned())
                .collect();
            let overrides: Vec<suppress::Override> = results
                .iter()
                .flat_map(|r| r.overrides.iter().cloned())
                .collect();
            github::render(&all) + &github::render_overrides(&overrides)
        }
        Format::Sarif => {
            let all: Vec<Finding> = results
                .iter()
                .flat_map(|r| r.findings.iter().cloned())
                .collect();
            let overrides: Vec<suppress::Override> = results
                .iter()
                .flat_map(|r| r.overrides.iter().cloned())
                .collect();
            sarif::render_with_overrides(
                sarif::Command::Check,
                &sarif::gate_rules(gf),
                &all,
                &overrides,
                notices,
            )
        }
        Format::Markdown => {
            let overrides: Vec<suppress::Override> = results
                .iter()
                .flat_map(|r| r.overrides.iter().cloned())
                .collect();
            let mut text = template.render(&markdown::check_view(gf, results, notices))?;
            text.push_str(&markdown::overrides_section(&overrides));
            text
        }
    })
}

fn human_report(results: &[RecordResult], color: bool) -> String {
    let style = human::Style::new(color);
    let mut out = String::new();
    for r in results {
        for f in &r.findings {
            out.push_str(&human::diagnostic(f, style));
            out.push('\n');
        }
        let status = match r.status {
            eval::Status::Pass => style.paint("1;32", "PASS"),
            eval::Status::Partial => style.paint("1;33", "PARTIAL"),
            eval::Status::Fail => style.paint("1;31", "FAIL"),
        };
        out.push_str(&format!(
            "{}: promotion {status}, {}\n",
            human::clean(&r.record.file.path.display().to_string()),
            human::count_line(&r.findings)
        ));
        if !r.overrides.is_empty() {
            out.push_str(&format!(
                "  {} gate finding(s) switched off or re-rated:\n",
                r.overrides.len()
            ));
            for o in &r.overrides {
                out.push_str(&format!(
                    "    {}\n",
                    style.paint("1;33", &human::clean_capped(&o.describe()))
                ));
            }
        }
        out.push_str("  evidence chain:\n");
        for link in &r.chain {
            let label = human::clean(&eval::stage_label_of(&link.stage, &link.name));
            let reference = link
                .reference
                .as_deref()
                .map(human::clean)
                .unwrap_or_else(|| "-".into());
            let class = link.class.map_or("-", |c| c.as_str());
            let bound = if link.bound_to.is_empty() {
                style.paint("31", "not bound")
            } else {
                format!("bound to {}", human::clean(&link.bound_to.join(", ")))
            };
            out.push_str(&format!(
                "    {label:<24} {reference}  [{class}]  {bound}\n"
            ));
        }
        out.push('\n');
    }
    out
}
