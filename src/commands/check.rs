//! `skillgate check --skill DIR RECORD...`: evaluate release records against a skill's gates.

use rayon::prelude::*;

use super::{Outcome, print_notices, stderr_color, usage_error};
use crate::cli::{CheckArgs, Format, StatusThreshold};
use crate::finding::Finding;
use crate::gates::evidence::Evidence;
use crate::gates::verdict::{self, Link, Status};
use crate::gates::{self, GateFile};
use crate::report::markdown::{self, Template};
use crate::report::{Destinations, Notice, github, human, json, sarif};
use crate::source::DEFAULT_MAX_FILE_SIZE;
use crate::{settings, suppress};

/// The verdict on one record.
pub struct RecordResult {
    /// The record, read as evidence.
    pub record: Evidence,
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// pass / partial / fail / not-analysed.
    pub status: Status,
    /// The evidence chain.
    pub chain: Vec<Link>,
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
pub fn evaluate(gf: &GateFile, record: Evidence) -> RecordResult {
    let v = verdict::evaluate(gf, &record);
    RecordResult {
        record,
        findings: v.findings,
        status: v.status,
        chain: v.chain,
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
        .map(|p| match Evidence::load(p, &gf.vocab, max) {
            Ok(r) => Ok(evaluate(&gf, r)),
            Err(e) => {
                let (l, c) = e.file.line_col(e.span.start);
                Err(Notice::error(p.display().to_string(), e.message).at(l, c))
            }
        })
        .collect();
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
                notices.extend(record_notices(&gf, &x));
                if x.status != Status::NotAnalysed {
                    let mut findings = std::mem::take(&mut x.findings);
                    if inline {
                        findings = suppress::apply(findings, &x.record.files);
                    }
                    x.findings = settings.apply(findings);
                    x.status = Status::of(&x.findings);
                }
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
        StatusThreshold::Fail => Status::Fail,
        StatusThreshold::Partial => Status::Partial,
    };
    let failing = |s: Status| match s {
        Status::NotAnalysed => !args.allow_not_analysed,
        other => other >= threshold,
    };
    if error {
        Outcome::Error
    } else if results.iter().any(|r| failing(r.status)) {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}

/// What a reader must know about a record beside its findings: it was not analysed, or some
/// of its values name identities that no stage of the gate file claims (they were not judged).
fn record_notices(gf: &GateFile, r: &RecordResult) -> Vec<Notice> {
    let path = r.record.file().path.display().to_string();
    let mut out = Vec::new();
    if r.status == Status::NotAnalysed {
        out.push(Notice::warning(
            path.clone(),
            format!(
                "not analysed: no stage of the gate file's vocabulary was found in this record (stages: {}); it is not a pass (`check` fails on it unless --allow-not-analysed)",
                gf.vocab
                    .stages
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    for u in r.record.unclaimed.iter().take(20) {
        let (line, col) = r.record.file_of(u.file).line_col(u.span.start);
        let claim = gf
            .vocab
            .stages
            .iter()
            .find(|s| s.role == u.role && s.groups.is_empty())
            .or_else(|| gf.vocab.stages.first());
        let hint = claim.map_or_else(String::new, |s| {
            let (gl, _) = gf.file.line_col(s.span.start);
            format!(
                "; to read it as the {} stage, add its key to `stages.{}` ({}:{gl})",
                s.name.replace('_', " "),
                s.name,
                gf.file.path.display()
            )
        });
        out.push(
            Notice::warning(
                path.clone(),
                format!(
                    "`{}` names {} but no stage of the gate file claims it, so no gate judged it{hint}",
                    u.display,
                    u.token.display()
                ),
            )
            .at(line, col),
        );
    }
    out
}

/// `skillgate check --format json`: per record, its status, findings and evidence chain.
#[derive(serde::Serialize)]
struct CheckDoc<'a> {
    schema_version: u32,
    tool: json::ToolView,
    command: &'static str,
    skill: String,
    records: Vec<RecordView>,
    notifications: &'a [Notice],
}

#[derive(serde::Serialize)]
struct RecordView {
    path: String,
    status: Status,
    findings: Vec<json::FindingView>,
    chain: Vec<LinkView>,
}

/// One link of the evidence chain as JSON shows it.
#[derive(serde::Serialize)]
struct LinkView {
    stage: String,
    name: String,
    reference: Option<String>,
    key: Option<String>,
    path: String,
    line: usize,
    identity: Vec<String>,
    class: Option<crate::refs::Class>,
    state: verdict::LinkState,
    bound: bool,
    bound_to: Vec<String>,
    judged_against: Option<String>,
    credited_by: Option<String>,
}

fn link_view(r: &RecordResult, l: &Link) -> LinkView {
    LinkView {
        stage: l.stage.clone(),
        name: l.name.clone(),
        reference: l.reference.clone(),
        key: l.key.clone(),
        path: r.record.file_of(l.file).path.display().to_string(),
        line: l.line,
        identity: l.identity.clone(),
        class: l.class,
        state: l.state,
        bound: l.state.is_bound(),
        bound_to: l.bound_to.clone(),
        judged_against: l.judged_against.clone(),
        credited_by: l.credited_by.clone(),
    }
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
            records: sorted(results)
                .into_iter()
                .map(|r| RecordView {
                    path: r.record.file().path.display().to_string(),
                    status: r.status,
                    findings: json::findings(&r.findings),
                    chain: r.chain.iter().map(|l| link_view(r, l)).collect(),
                })
                .collect(),
            notifications: notices,
        }),
        Format::Github => {
            let all: Vec<Finding> = results
                .iter()
                .flat_map(|r| r.findings.iter().cloned())
                .collect();
            github::render(&all)
        }
        Format::Sarif => {
            let all: Vec<Finding> = results
                .iter()
                .flat_map(|r| r.findings.iter().cloned())
                .collect();
            sarif::render(sarif::Command::Check, &sarif::gate_rules(gf), &all, notices)
        }
        Format::Markdown => template.render(&markdown::check_view(gf, results, notices))?,
    })
}

/// Records in report order: not analysed first (they need attention and were not judged), then
/// as given.
pub fn sorted(results: &[RecordResult]) -> Vec<&RecordResult> {
    let mut v: Vec<&RecordResult> = results.iter().collect();
    v.sort_by_key(|r| r.status != Status::NotAnalysed);
    v
}

fn human_report(results: &[RecordResult], color: bool) -> String {
    let style = human::Style::new(color);
    let mut out = String::new();
    for r in sorted(results) {
        for f in &r.findings {
            out.push_str(&human::diagnostic(f, style));
            out.push('\n');
        }
        let status = match r.status {
            Status::Pass => style.paint("1;32", "PASS"),
            Status::Partial => style.paint("1;33", "PARTIAL"),
            Status::Fail => style.paint("1;31", "FAIL"),
            Status::NotAnalysed => style.paint("1;35", "NOT ANALYSED"),
        };
        let path = human::clean(&r.record.file().path.display().to_string());
        if r.status == Status::NotAnalysed {
            out.push_str(&format!(
                "{path}: promotion {status}: no stage the gates know was found; nothing was judged\n\n"
            ));
            continue;
        }
        out.push_str(&format!(
            "{path}: promotion {status}, {}\n",
            human::count_line(&r.findings)
        ));
        out.push_str("  evidence chain:\n");
        for link in &r.chain {
            let label = human::clean(&crate::gates::checks::stage_label_of(
                &link.stage,
                &link.name,
            ));
            let reference = link
                .reference
                .as_deref()
                .map(human::clean)
                .unwrap_or_else(|| "-".into());
            let class = link.class.map_or("-", |c| c.as_str());
            let bound = match link.state {
                verdict::LinkState::Artifact => "deployed artifact".to_string(),
                verdict::LinkState::NotJudged if link.bound_to.is_empty() => "not judged".into(),
                verdict::LinkState::NotJudged => {
                    format!(
                        "shares identity with {}",
                        human::clean(&link.bound_to.join(", "))
                    )
                }
                verdict::LinkState::Credited => format!(
                    "credited through {}",
                    human::clean(link.credited_by.as_deref().unwrap_or("a witness"))
                ),
                verdict::LinkState::Unbound => style.paint("31", "not bound"),
                verdict::LinkState::WeakBound => format!(
                    "bound by a short digest to {}",
                    link.judged_against.as_deref().unwrap_or("the artifact")
                ),
                verdict::LinkState::Bound => format!(
                    "bound to {}",
                    link.judged_against.as_deref().unwrap_or("the artifact")
                ),
            };
            out.push_str(&format!(
                "    {label:<24} {reference}  [{class}]  {bound}\n"
            ));
        }
        out.push('\n');
    }
    out
}
