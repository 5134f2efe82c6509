//! `skillgate check --skill DIR RECORD...`: evaluate release records against a skill's gates.

use rayon::prelude::*;

use super::output::Destinations;
use super::{Outcome, print_notices, stderr_color, usage_error};
use crate::cli::{CheckArgs, Format, StatusThreshold};
use crate::config::file as settings;
use crate::diag::Notice;
use crate::finding::Finding;
use crate::gates::GateFile;
use crate::gates::evidence::{Evidence, LinkOutcome, ReadOptions};
use crate::gates::result::{RecordResult, evaluate, load_gates, sorted};
use crate::gates::verdict::{self, Status};
use crate::report::markdown::{self, Template};
use crate::report::{github, human, json, sarif};
use crate::source::DEFAULT_MAX_FILE_SIZE;
use crate::suppress;

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
    let groups: Vec<Vec<std::path::PathBuf>> = if args.release {
        vec![args.records.clone()]
    } else {
        args.records.iter().map(|p| vec![p.clone()]).collect()
    };
    let loaded: Vec<Result<RecordResult, Notice>> = groups
        .par_iter()
        .map(|paths| {
            let opts = ReadOptions {
                root: paths.first().and_then(|p| repository_root(p)),
                max,
            };
            match Evidence::load_release(paths, &gf.vocab, &opts) {
                Ok(r) => Ok(evaluate(&gf, r)),
                Err(e) => {
                    let (l, c) = e.file.line_col(e.span.start);
                    Err(Notice::error(e.file.path.display().to_string(), e.message).at(l, c))
                }
            }
        })
        .collect();
    // NOTE: the configuration comes from `--config` or the repository root of the first
    // record, never from beside a record: a pull request that adds a record and a
    // `skillgate.toml` next to it must not be able to switch gates off (issue 14).
    let first = args.records.first().cloned().unwrap_or_else(|| ".".into());
    let settings = match settings::load(args.out.config.as_deref(), &first, super::known_ids) {
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
                        let (kept, o) = suppress::apply_reporting(findings, &x.record.files);
                        findings = kept;
                        x.overrides.extend(o);
                    }
                    let (kept, o) = settings.apply_reporting(findings);
                    x.findings = kept;
                    x.overrides.extend(o);
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

/// The repository a record belongs to: the nearest folder above it holding `.git` or
/// `skillgate.toml`. Files the record names are read only inside it.
pub fn repository_root(record: &std::path::Path) -> Option<std::path::PathBuf> {
    let dir = record.parent().filter(|p| !p.as_os_str().is_empty());
    let start = std::fs::canonicalize(dir.unwrap_or(std::path::Path::new("."))).ok()?;
    start
        .ancestors()
        .find(|d| d.join(".git").exists() || d.join("skillgate.toml").is_file())
        .map(std::path::Path::to_path_buf)
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
    for l in &r.record.links {
        let (line, col) = r.record.file_of(l.file).line_col(l.span.start);
        let msg = match &l.outcome {
            LinkOutcome::Joined(i) => format!(
                "`{}` was read and joined into the release ({})",
                l.path,
                describe_formats(&r.record, *i)
            ),
            LinkOutcome::Refused(why) => format!("`{}` was not read: {why}", l.path),
        };
        let mut n = Notice::warning(path.clone(), msg).at(line, col);
        if matches!(l.outcome, LinkOutcome::Joined(_)) {
            n.level = crate::diag::NoticeLevel::Note;
        }
        out.push(n);
    }
    for (file, span, message) in &r.record.notes {
        let f = r.record.file_of(*file);
        let (line, col) = f.line_col(span.start);
        out.push(Notice::note(f.path.display().to_string(), message.clone()).at(line, col));
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
        Format::Json => json::to_string(&json::check::doc(
            gf.skill_dir.display().to_string(),
            results,
            notices,
        )),
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

/// "read as KServe InferenceService" for the documents of a file, or "read with the gate
/// file's vocabulary".
fn describe_formats(ev: &Evidence, file: usize) -> String {
    let mut ids: Vec<&str> = ev
        .formats
        .iter()
        .filter(|(f, _, _)| *f == file)
        .map(|(_, _, id)| *id)
        .collect();
    ids.dedup();
    if ids.is_empty() {
        "read with the gate file's vocabulary".into()
    } else {
        format!("read as {}", ids.join(", "))
    }
}
