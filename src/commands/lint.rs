//! `skillgate lint`: discover skills, parse each once, run the rules, report.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Outcome, print_notices, stderr_color, usage_error};
use crate::cli::{Format, LintArgs};
use crate::config::{DEFAULT_FAIL_ON, LintConfig};
use crate::finding::Finding;
use crate::report::markdown::{self, Template};
use crate::report::{Destinations, Notice, github, human, json, sarif};
use crate::rules::{self, IndexFile, LintContext};
use crate::skill::{Body, Skill, discover};
use crate::source;
use crate::{baseline, settings, suppress};

/// Everything a lint run produced.
pub struct LintRun {
    /// Skills that were parsed (their Markdown `body` emptied once the per-skill rules ran).
    pub skills: Vec<Skill>,
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// Run-level messages.
    pub notices: Vec<Notice>,
}

/// Lints `paths` with `config` (no output).
pub fn lint_paths(paths: &[std::path::PathBuf], config: &LintConfig) -> LintRun {
    let found = discover::discover(paths);
    let mut notices: Vec<Notice> = found
        .errors
        .iter()
        .map(|(p, m)| Notice::error(p.display().to_string(), m.clone()))
        .chain(
            found
                .skipped
                .iter()
                .map(|(p, m)| Notice::warning(p.display().to_string(), m.clone())),
        )
        .collect();
    let mut indexes = Vec::new();
    for p in &found.indexes {
        match source::read(p, config.max_file_size) {
            Ok(l) => indexes.push(IndexFile::new(
                Arc::clone(&l.file),
                p.parent().map(|d| d.to_path_buf()).unwrap_or_default(),
            )),
            Err(e) => notices.push(Notice::error(
                p.display().to_string(),
                format!("cannot read: {}", discover::describe_io(&e)),
            )),
        }
    }
    // Per-skill rules run as each skill is read; they see the indexes but no other skill.
    let each = LintContext {
        config,
        skills: &[],
        indexes: &indexes,
    };
    let loaded: Vec<Result<(Skill, Vec<Finding>), Notice>> = found
        .skill_files
        .par_iter()
        .map(|p| {
            let mut skill = Skill::load(p, config.max_file_size).map_err(|e| {
                Notice::error(
                    p.display().to_string(),
                    format!("cannot read: {}", discover::describe_io(&e)),
                )
            })?;
            let findings = crate::finding::cap_per_rule_and_file(rules::check_skill(&each, &skill));
            // NOTE: repository rules and reports read a skill's path, frontmatter and text, not
            // its parsed Markdown body: dropping the body here keeps a run over thousands of
            // skills from holding every parsed body at once (peak memory).
            skill.body = Body::default();
            Ok((skill, findings))
        })
        .collect();
    let mut skills = Vec::with_capacity(loaded.len());
    let mut findings = Vec::new();
    for r in loaded {
        match r {
            Ok((s, f)) => {
                skills.push(s);
                findings.extend(f);
            }
            Err(n) => notices.push(n),
        }
    }
    if skills.is_empty() && found.errors.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        notices.push(Notice::warning(shown.join(", "), "no SKILL.md found"));
    }
    let cx = LintContext {
        config,
        skills: &skills,
        indexes: &indexes,
    };
    let findings = rules::check_repo(&cx, findings);
    LintRun {
        skills,
        findings,
        notices,
    }
}

/// Runs the command.
pub fn run(args: LintArgs) -> Outcome {
    let dest = match Destinations::from_args(&args.out) {
        Ok(d) => d,
        Err(e) => return usage_error(&e, "see `skillgate lint --help`"),
    };
    let color = stderr_color(args.out.color);
    let first = args.paths.first().cloned().unwrap_or_else(|| ".".into());
    let settings = match settings::load(args.out.config.as_deref(), &first, settings::known_ids) {
        Ok(s) => s,
        Err(errs) => {
            print_notices(&errs, color, false);
            eprintln!("help: fix skillgate.toml; `skillgate rules` lists every id");
            return Outcome::Error;
        }
    };
    let mut config = settings.lint.clone();
    if let Some(p) = args.profile {
        // The command line picks the profile; sections the file names still apply.
        config = LintConfig {
            max_file_size: config.max_file_size,
            ..LintConfig::for_profile(p)
        };
        if let Some(sections) = &settings.required_sections {
            config.required_sections = sections.clone();
        }
    }
    if let Some(max) = args.out.max_file_size {
        config.max_file_size = max;
    }
    let fail_on = args.fail_on.or(settings.fail_on).unwrap_or(DEFAULT_FAIL_ON);
    // NOTE: a lint run spans many skills, so only `--template` overrides the lint report.
    let template = match Template::choose(
        args.out.template.as_deref(),
        None,
        Template::builtin("lint.md.tera", markdown::LINT_TEMPLATE),
        config.max_file_size,
    ) {
        Ok(t) => t,
        Err(e) => return usage_error(&e, "fix the template or drop --template"),
    };
    let mut run = lint_paths(&args.paths, &config);
    let mut findings = std::mem::take(&mut run.findings);
    if settings.inline_config && !args.out.no_inline_config {
        let files: Vec<Arc<crate::source::SourceFile>> =
            run.skills.iter().map(|s| s.file.clone()).collect();
        findings = suppress::apply(findings, &files);
    }
    let mut findings = settings.apply(findings);
    if let Some(path) = &args.write_baseline {
        return match baseline::write(path, &findings) {
            Ok(n) => {
                eprintln!(
                    "wrote {n} baseline entr{} to {}; fill in each `reason`",
                    if n == 1 { "y" } else { "ies" },
                    path.display()
                );
                Outcome::Clean
            }
            Err(e) => usage_error(&e, ""),
        };
    }
    if let Some(path) = &args.baseline {
        match baseline::read(path) {
            Ok(b) => {
                let (kept, stale) = baseline::filter(findings, &b, path);
                findings = kept;
                run.notices.extend(stale);
            }
            Err(n) => {
                print_notices(&[n], color, false);
                return Outcome::Error;
            }
        }
    }
    run.findings = findings;
    if args.out.verbose {
        eprintln!(
            "skillgate: read {} SKILL.md file(s){}",
            run.skills.len(),
            if settings.path.is_some() {
                format!(
                    ", settings from {}",
                    settings
                        .path
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                )
            } else {
                String::new()
            }
        );
    }
    let write = dest.write(|format, color| render(&run, &template, format, color));
    let error = print_notices(&run.notices, color, dest.quiet);
    if let Err(e) = write {
        return usage_error(&e, "check that the output folder exists and is writable");
    }
    if error {
        Outcome::Error
    } else if run.findings.iter().any(|f| f.severity >= fail_on) {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}

fn render(
    run: &LintRun,
    template: &Template,
    format: Format,
    color: bool,
) -> Result<String, String> {
    Ok(match format {
        Format::Human => {
            let style = human::Style::new(color);
            let mut out: String = run
                .findings
                .iter()
                .map(|f| human::diagnostic(f, style) + "\n")
                .collect();
            let n = run.skills.len();
            out.push_str(&format!(
                "{}: {n} skill{} checked, {}\n",
                style.paint("1", "lint"),
                if n == 1 { "" } else { "s" },
                human::count_line(&run.findings)
            ));
            out
        }
        Format::Json => json::to_string(&json::LintDoc {
            schema_version: json::SCHEMA_VERSION,
            tool: json::ToolView::current(),
            command: "lint",
            skills: run.skills.len(),
            findings: json::findings(&run.findings),
            notifications: run.notices.clone(),
        }),
        Format::Github => github::render(&run.findings),
        Format::Sarif => sarif::render(
            sarif::Command::Lint,
            &sarif::lint_rules(),
            &run.findings,
            &run.notices,
        ),
        Format::Markdown => template.render(&markdown::lint_view(
            run.skills.len(),
            &run.findings,
            &run.notices,
        ))?,
    })
}
