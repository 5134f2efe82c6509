//! `skillgate test`: run each skill's gates against its fixtures (or `--skill DIR` against
//! fixtures anywhere) and report per case, per gate, and in total.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::check::load_gates;
use super::{Outcome, print_notices, stderr_color, usage_error};
use crate::cli::{Format, TestArgs};
use crate::fixtures::runner::{self, CaseResult, Outcome as CaseOutcome, Score};
use crate::fixtures::{self, Case, Label};
use crate::gates::GateFile;
use crate::report::markdown::{self, Template};
use crate::report::{Destinations, Notice, github, human, json, sarif};
use crate::skill::discover;
use crate::source::DEFAULT_MAX_FILE_SIZE;

/// Everything a test run produced.
pub struct TestRun {
    /// Case results, false positives first.
    pub results: Vec<CaseResult>,
    /// Scorecards per skill with gates.
    pub scorecards: Vec<(String, Vec<Score>)>,
    /// The gate files that judged the cases (for SARIF rules).
    pub gate_files: Vec<GateFile>,
    /// Run-level messages.
    pub notices: Vec<Notice>,
}

impl TestRun {
    /// (passed, failed, skipped).
    pub fn counts(&self) -> (usize, usize, usize) {
        let failed = self.results.iter().filter(|r| r.outcome.failed()).count();
        let skipped = self
            .results
            .iter()
            .filter(|r| r.outcome == CaseOutcome::NotAnalysed)
            .count();
        (self.results.len() - failed - skipped, failed, skipped)
    }

    /// `N passed, N failed` (+ `, N skipped`).
    pub fn closing_line(&self) -> String {
        let (p, f, s) = self.counts();
        if s > 0 {
            format!("{p} passed, {f} failed, {s} skipped")
        } else {
            format!("{p} passed, {f} failed")
        }
    }
}

/// Runs the tests for `args` without output.
pub fn test_paths(args: &TestArgs, max: u64) -> Result<TestRun, Vec<Notice>> {
    let mut notices = Vec::new();
    let mut jobs: Vec<(Option<GateFile>, String, Vec<Case>)> = Vec::new();
    if let Some(skill) = &args.skill {
        let gf = load_gates(skill, max)?;
        let name = skill_name(skill);
        let mut cases = Vec::new();
        for p in &args.paths {
            if !p.exists() {
                notices.push(Notice::error(
                    p.display().to_string(),
                    "no such file or directory",
                ));
                continue;
            }
            for (file, label) in loose_fixture_files(p) {
                cases.extend(fixtures::load_cases(&file, label, max));
            }
        }
        jobs.push((Some(gf), name, cases));
    } else {
        let found = discover::discover(&args.paths);
        notices.extend(
            found
                .errors
                .iter()
                .map(|(p, m)| Notice::error(p.display().to_string(), m.clone())),
        );
        // Each skill's fixtures and gate file are read in parallel (file order is kept).
        type Loaded = (Option<GateFile>, String, Vec<Case>, Vec<Notice>);
        let loaded: Vec<Option<Loaded>> = found
            .skill_files
            .par_iter()
            .map(|file| {
                let dir = file.parent()?;
                let name = skill_name(dir);
                let stop = args
                    .paths
                    .iter()
                    .find(|p| dir.starts_with(p))
                    .cloned()
                    .unwrap_or_default();
                let mut cases = Vec::new();
                for (f, label) in fixtures::skill_fixture_files(dir) {
                    cases.extend(fixtures::load_cases(&f, label, max));
                }
                for m in fixtures::manifest_files(dir, &name, &stop) {
                    cases.extend(fixtures::load_cases(&m, Label::None, max));
                }
                let mut errors = Vec::new();
                let gates_path = dir.join("gates.yaml");
                let gf = if gates_path.exists() {
                    match load_gates(dir, max) {
                        Ok(g) => Some(g),
                        Err(errs) => {
                            errors = errs;
                            None
                        }
                    }
                } else {
                    None
                };
                if gf.is_none() {
                    // NOTE: without gates every case is only listed (not analysed): keeping just
                    // the line each one is on keeps thousands of fixtures from staying in memory.
                    cases = cases.into_iter().map(listed_only).collect();
                }
                Some((gf, name, cases, errors))
            })
            .collect();
        for (gf, name, cases, errors) in loaded.into_iter().flatten() {
            notices.extend(errors);
            if gf.is_none() && cases.is_empty() {
                continue;
            }
            jobs.push((gf, name, cases));
        }
        attach_root_fixtures(&args.paths, &mut jobs, max);
    }
    let mut results: Vec<CaseResult> = Vec::new();
    let mut scorecards = Vec::new();
    let mut gate_files = Vec::new();
    type PerSkill = (
        String,
        Vec<CaseResult>,
        Option<Vec<Score>>,
        Option<GateFile>,
    );
    let per_skill: Vec<PerSkill> = jobs
        .into_par_iter()
        .map(|(gf, name, cases)| match gf {
            Some(gf) => {
                let rs: Vec<CaseResult> = cases
                    .into_iter()
                    .map(|c| runner::run_case(&gf, c, &name))
                    .collect();
                let ids: Vec<String> = gf.gates.iter().map(|g| g.id.clone()).collect();
                let sc = runner::scorecard(&ids, &rs);
                (name, rs, Some(sc), Some(gf))
            }
            None => {
                let rs = cases
                    .into_iter()
                    .map(|c| CaseResult {
                        skill: name.clone(),
                        outcome: CaseOutcome::NotAnalysed,
                        problems: vec![format!("skill `{name}` has no gates.yaml to run")],
                        status: None,
                        findings: Vec::new(),
                        case: c,
                    })
                    .collect();
                (name, rs, None, None)
            }
        })
        .collect();
    for (name, rs, sc, gf) in per_skill {
        results.extend(rs);
        gate_files.extend(gf);
        if let Some(sc) = sc {
            scorecards.push((name, sc));
        }
    }
    results.sort_by_key(|a| (a.outcome, a.case.name()));
    Ok(TestRun {
        results,
        scorecards,
        gate_files,
        notices,
    })
}

/// A case that is only listed, never run: its record's documents dropped, and its file cut down
/// to the lines its position and expectation are on ([`crate::source::SourceFile::excerpt`]).
fn listed_only(mut case: Case) -> Case {
    let file = &case.file;
    let mut keep = vec![file.line_index(case.span.start)];
    if let Some(s) = case.expectation.span {
        keep.extend(file.line_index(s.start)..=file.line_index(s.end.max(s.start)));
    }
    let x = file.excerpt(&keep);
    case.span = x.span(case.span);
    case.expectation.span = case.expectation.span.map(|s| x.span(s));
    case.record_file = std::sync::Arc::clone(&x.file);
    case.file = x.file;
    case.docs = Vec::new();
    case
}

/// Repository-level `tests/{benign,vulnerable}/*` fixtures that name their skill (`skill: x`)
/// join that skill's cases; the others are listed under `repository` as not analysed.
fn attach_root_fixtures(paths: &[PathBuf], jobs: &mut Vec<Job>, max: u64) {
    let mut orphans = Vec::new();
    // NOTE: a skill folder's own `tests/` are that skill's fixtures, already counted with it.
    let is_skill_dir = |p: &Path| {
        std::fs::read_dir(p).is_ok_and(|mut it| {
            it.any(|e| e.is_ok_and(|e| discover::is_skill_file_name(&e.file_name())))
        })
    };
    for root in paths.iter().filter(|p| p.is_dir() && !is_skill_dir(p)) {
        for (dir, label) in [("benign", Label::Benign), ("vulnerable", Label::Vulnerable)] {
            let folder = root.join("tests").join(dir);
            // NOTE: never through a symlinked `tests` or `tests/<label>` folder; a symlinked
            // file is listed and then refused by `source::read` (not analysed, never read).
            if !fixtures::is_real_dir(&root.join("tests")) || !fixtures::is_real_dir(&folder) {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
                .map(|e| e.path())
                .collect();
            files.sort();
            for f in files {
                if f.file_name()
                    .is_some_and(|n| fixtures::is_sidecar(&n.to_string_lossy()))
                {
                    continue;
                }
                for case in fixtures::load_cases(&f, label, max) {
                    let skill = case
                        .docs
                        .iter()
                        .find_map(|d| d.get("skill").and_then(crate::yaml::Node::as_str))
                        .map(str::to_string);
                    match skill.and_then(|s| jobs.iter_mut().find(|j| j.1 == s)) {
                        Some(job) => job.2.push(case),
                        None => orphans.push(case),
                    }
                }
            }
        }
    }
    if !orphans.is_empty() {
        jobs.push((None, "repository".into(), orphans));
    }
}

/// A skill's gates (if any), its name, and its cases.
type Job = (Option<GateFile>, String, Vec<Case>);

/// Files under a path given to `--skill` mode, labelled by folder or name.
fn loose_fixture_files(p: &Path) -> Vec<(PathBuf, Label)> {
    let label_of = |path: &Path| -> Label {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let dirs: Vec<String> = path
            .parent()
            .map(|d| {
                d.components()
                    .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        if dirs.iter().any(|d| d == "benign") || stem.ends_with("_benign") {
            Label::Benign
        } else if dirs.iter().any(|d| d == "vulnerable") || stem.ends_with("_vulnerable") {
            Label::Vulnerable
        } else {
            Label::None
        }
    };
    if p.is_file() {
        return vec![(p.to_path_buf(), label_of(p))];
    }
    let mut out: Vec<(PathBuf, Label)> = walkdir::WalkDir::new(p)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_lowercase();
            !fixtures::is_sidecar(&n)
                && n != "readme.md"
                && [".yaml", ".yml", ".json", ".md"]
                    .iter()
                    .any(|x| n.ends_with(x))
        })
        .map(|e| {
            let l = label_of(e.path());
            (e.into_path(), l)
        })
        .collect();
    out.sort();
    out
}

fn skill_name(dir: &Path) -> String {
    let d = if dir.is_file() {
        dir.parent().unwrap_or(dir)
    } else {
        dir
    };
    std::fs::canonicalize(d)
        .ok()
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "skill".into())
}

/// Runs the command.
pub fn run(args: TestArgs) -> Outcome {
    let dest = match Destinations::from_args(&args.out) {
        Ok(d) => d,
        Err(e) => return usage_error(&e, "see `skillgate test --help`"),
    };
    let max = args.out.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let color = stderr_color(args.out.color);
    let run = match test_paths(&args, max) {
        Ok(r) => r,
        Err(notices) => {
            print_notices(&notices, color, false);
            return Outcome::Error;
        }
    };
    if args.accept {
        for r in run.results.iter().filter(|r| r.outcome.failed()) {
            match accept(r) {
                Ok(Some(diff)) => super::eprint_clean(diff.trim_end_matches('\n')),
                Ok(None) => {}
                Err(e) => super::eprint_clean(&format!("warning: {}: {e}", r.case.name())),
            }
        }
    }
    let template = match Template::choose(
        args.out.template.as_deref(),
        args.skill.as_deref(),
        Template::builtin("test.md.tera", markdown::TEST_TEMPLATE),
        max,
    ) {
        Ok(t) => t,
        Err(e) => return usage_error(&e, "fix the template or pass another with --template"),
    };
    let write = dest.write(|format, color| render(&run, &template, format, color, dest.quiet));
    let error = print_notices(&run.notices, color, dest.quiet);
    if let Err(e) = write {
        return usage_error(&e, "check that the output folder exists and is writable");
    }
    let (_, failed, _) = run.counts();
    if error {
        Outcome::Error
    } else if failed > 0 && !args.accept {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}

/// Writes a failed case's actual result as its expectation; returns the diff shown.
///
/// The expectation is written as YAML with every string double-quoted (a value from the fixture
/// can never add a line of its own), re-read to check it says exactly what was meant, and then
/// replaces the file atomically ([`crate::source::write_atomic`]: never through a symlink).
/// It goes into the fixture's own top-level `expect:` block when the fixture is a YAML record
/// that has one, and into the `<fixture>.expected.yaml` sidecar otherwise (JSON fixtures,
/// manifests, fixtures without `expect:`).
fn accept(r: &CaseResult) -> Result<Option<String>, String> {
    let case = &r.case;
    let fired: Vec<String> = {
        let mut v: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.severity >= crate::finding::Severity::Medium)
            .map(|f| f.id.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let status = r.status.unwrap_or(crate::gates::verdict::Status::Pass);
    let not: Vec<String> = case
        .expectation
        .not
        .iter()
        .filter(|n| !fired.contains(n))
        .cloned()
        .collect();
    let block = expect_block(status, &fired, &not);
    let path = case.file.path.clone();
    if path.extension().is_some_and(|e| e == "md") {
        return Err(
            "a Markdown case document is not rewritten; edit its `**Expected result:**` line"
                .into(),
        );
    }
    // NOTE: only a fixture that is its own record has `expect:` spans in its own text; a
    // manifest's documents are its target's (other text, other offsets).
    let own_record = std::sync::Arc::ptr_eq(&case.file, &case.record_file);
    let in_file = case
        .docs
        .iter()
        .find_map(|d| d.entry("expect").map(|(k, v)| (k.span, v.span)))
        .filter(|(k, _)| {
            own_record
                && path.extension().is_none_or(|e| e != "json")
                && case.file.line_col(k.start).1 == 1
        });
    let (target, old, new) = match in_file {
        Some((k, v)) => {
            let text = &case.file.text;
            let end = end_of_block(text, case.file.clamp(k.start), case.file.clamp(v.end));
            let new = format!(
                "{}{block}{}",
                &text[..case.file.clamp(k.start)],
                &text[end..]
            );
            (path.clone(), text.clone(), new)
        }
        None => {
            let old = match crate::source::read(&case.sidecar, crate::source::DEFAULT_MAX_FILE_SIZE)
            {
                Ok(l) => l.file.text.clone(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                Err(e) => {
                    return Err(format!(
                        "cannot use {}: {}",
                        case.sidecar.display(),
                        discover::describe_io(&e)
                    ));
                }
            };
            (case.sidecar.clone(), old, block.clone())
        }
    };
    if old == new {
        return Ok(None);
    }
    check_written(&new, status, &fired, &not)
        .map_err(|e| format!("not written to {}: {e}", target.display()))?;
    crate::source::write_atomic(&target, new.as_bytes()).map_err(|e| {
        format!(
            "cannot write {}: {}",
            target.display(),
            discover::describe_io(&e)
        )
    })?;
    let shown = target.display().to_string();
    Ok(Some(
        similar::TextDiff::from_lines(&old, &new)
            .unified_diff()
            .header(&shown, &shown)
            .to_string(),
    ))
}

/// `expect:` with `status`, `findings` and `not`, every string double-quoted.
fn expect_block(status: crate::gates::verdict::Status, fired: &[String], not: &[String]) -> String {
    let list = |v: &[String]| {
        v.iter()
            .map(|s| yaml_quoted(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // NOTE: the status is one of skillgate's own words; only strings from inputs need quotes.
    let mut block = format!("expect:\n  status: {status}\n");
    if !fired.is_empty() {
        block.push_str(&format!("  findings: [{}]\n", list(fired)));
    }
    if !not.is_empty() {
        block.push_str(&format!("  not: [{}]\n", list(not)));
    }
    block
}

/// A YAML double-quoted scalar: `"` and `\` escaped, and every character YAML does not allow
/// raw (controls, DEL, C1, surrogates, BOM) or that breaks a line (NEL, U+2028, U+2029) or
/// reorders text (bidi controls) as an escape.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                )
                || crate::report::sanitize::is_invisible(c) =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The end of a top-level `expect:` entry whose value ends at `value_end`: just after the line
/// ending of the value's last non-blank character (so the next key keeps its own line).
fn end_of_block(text: &str, key_start: usize, value_end: usize) -> usize {
    let upto = &text[key_start..value_end.max(key_start)];
    let last = key_start + upto.trim_end().len();
    match text[last..].find('\n') {
        Some(i) => last + i + 1,
        None => text.len(),
    }
}

/// Re-reads what `--accept` is about to write and checks that it is valid YAML whose `expect:`
/// says exactly `status`, `fired` and `not`.
fn check_written(
    text: &str,
    status: crate::gates::verdict::Status,
    fired: &[String],
    not: &[String],
) -> Result<(), String> {
    let docs = crate::yaml::parse_documents(text)
        .map_err(|e| format!("the result would not be valid YAML: {}", e.message))?;
    let expect = docs
        .iter()
        .find_map(|d| d.get("expect"))
        .ok_or("the result would have no `expect:` block")?;
    let mut e = fixtures::Expectation::default();
    let mut doc = crate::yaml::Node {
        value: crate::yaml::Value::Map(Vec::new()),
        span: expect.span,
    };
    if let Some(entry) = docs.iter().find_map(|d| d.entry("expect")) {
        doc.value = crate::yaml::Value::Map(vec![entry.clone()]);
    }
    fixtures::expect::read(&doc, &mut e);
    let ids: Vec<&str> = e.findings.iter().map(|f| f.id.as_str()).collect();
    let want: Vec<&str> = fired.iter().map(String::as_str).collect();
    if e.status != Some(status) || ids != want || e.not != not {
        return Err("the written `expect:` block would not read back as the actual result".into());
    }
    Ok(())
}

fn render(
    run: &TestRun,
    template: &Template,
    format: Format,
    color: bool,
    quiet: bool,
) -> Result<String, String> {
    Ok(match format {
        Format::Human => human_report(run, color, quiet),
        Format::Json => json::to_string(&json_doc(run)),
        Format::Github => {
            let all: Vec<crate::finding::Finding> = run
                .results
                .iter()
                .filter(|r| r.outcome.failed())
                .flat_map(|r| r.findings.iter().cloned())
                .collect();
            github::render(&all)
        }
        Format::Sarif => {
            let mut rules: Vec<sarif::RuleInfo> = Vec::new();
            for gf in &run.gate_files {
                for r in sarif::gate_rules(gf) {
                    if !rules.iter().any(|x| x.id == r.id) {
                        rules.push(r);
                    }
                }
            }
            rules.push(sarif::fixture_rule());
            let findings = failed_case_findings(run);
            sarif::render(sarif::Command::Test, &rules, &findings, &run.notices)
        }
        Format::Markdown => template.render(&markdown::test_view(run))?,
    })
}

/// What a failed test run reports to code scanning: a false positive's findings (the gate
/// that fired on a benign fixture), and for a missed or wrong-status case one
/// [`sarif::FIXTURE_RULE`] result at the case.
pub fn failed_case_findings(run: &TestRun) -> Vec<crate::finding::Finding> {
    let mut out = Vec::new();
    for r in run.results.iter().filter(|r| r.outcome.failed()) {
        if r.outcome == CaseOutcome::FalsePositive && !r.findings.is_empty() {
            out.extend(r.findings.iter().cloned());
            continue;
        }
        let loc = crate::finding::Location::new(
            r.case.file.clone(),
            r.case.expectation.span.unwrap_or(r.case.span),
        );
        let message = format!(
            "fixture {}: {}",
            r.outcome.as_str(),
            if r.problems.is_empty() {
                "expected and actual results differ".to_string()
            } else {
                r.problems.join("; ")
            }
        );
        out.push(crate::finding::Finding::new(
            sarif::FIXTURE_RULE,
            crate::finding::Severity::High,
            message,
            loc,
        ));
    }
    out
}

fn human_report(run: &TestRun, color: bool, quiet: bool) -> String {
    let style = human::Style::new(color);
    let mut out = String::new();
    for r in &run.results {
        let head = match r.outcome {
            CaseOutcome::Ok if quiet => continue,
            CaseOutcome::NotAnalysed if quiet => continue,
            CaseOutcome::Ok => style.paint("32", "ok"),
            CaseOutcome::NotAnalysed => style.paint("33", "not analysed"),
            o => style.paint("1;31", &o.as_str().to_uppercase()),
        };
        let label = runner::label_str(r.case.label);
        out.push_str(&format!(
            "{head:<14} {}:{} [{}, {label}]\n",
            human::clean(&r.case.name()),
            r.case.line(),
            human::clean(&r.skill)
        ));
        for p in &r.problems {
            out.push_str(&format!("    {}\n", human::clean(p)));
        }
        if r.outcome.failed() {
            for line in r.diff().lines() {
                let line = &human::clean(line);
                let painted = if line.starts_with('+') && !line.starts_with("+++") {
                    style.paint("32", line)
                } else if line.starts_with('-') && !line.starts_with("---") {
                    style.paint("31", line)
                } else {
                    line.to_string()
                };
                out.push_str(&format!("    {painted}\n"));
            }
        }
    }
    for (skill, scores) in &run.scorecards {
        out.push_str(&format!(
            "\nscorecard for {}:\n  gate       TP  FP  FN  TN  precision  recall\n",
            human::clean(skill)
        ));
        for s in scores {
            let pct = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.2}"));
            out.push_str(&format!(
                "  {:<9} {:>3} {:>3} {:>3} {:>3}  {:>9}  {:>6}\n",
                human::clean(&s.gate),
                s.tp,
                s.fp,
                s.r#fn,
                s.tn,
                pct(s.precision()),
                pct(s.recall())
            ));
        }
    }
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    for r in run
        .results
        .iter()
        .filter(|r| r.outcome == CaseOutcome::NotAnalysed)
    {
        *skipped.entry(r.skill.as_str()).or_default() += 1;
    }
    if !skipped.is_empty() {
        let parts: Vec<String> = skipped
            .iter()
            .map(|(k, v)| format!("{}: {v}", human::clean(k)))
            .collect();
        out.push_str(&format!(
            "\nnot analysed (never counted as passed): {}\n",
            parts.join(", ")
        ));
    }
    out.push_str(&format!("\ntest: {}\n", run.closing_line()));
    out
}

#[derive(serde::Serialize)]
struct TestDoc<'a> {
    schema_version: u32,
    tool: json::ToolView,
    command: &'static str,
    summary: Summary,
    cases: Vec<CaseView<'a>>,
    scorecards: Vec<ScorecardView<'a>>,
    notifications: &'a [Notice],
}

#[derive(serde::Serialize)]
struct Summary {
    passed: usize,
    failed: usize,
    skipped: usize,
}

#[derive(serde::Serialize)]
struct CaseView<'a> {
    skill: &'a str,
    path: String,
    case: &'a str,
    line: usize,
    label: Label,
    outcome: CaseOutcome,
    problems: &'a [String],
    expected: &'a fixtures::Expectation,
    status: Option<crate::gates::verdict::Status>,
    findings: Vec<json::FindingView>,
}

#[derive(serde::Serialize)]
struct ScorecardView<'a> {
    skill: &'a str,
    gates: Vec<GateScore<'a>>,
}

#[derive(serde::Serialize)]
struct GateScore<'a> {
    #[serde(flatten)]
    score: &'a Score,
    precision: Option<f64>,
    recall: Option<f64>,
}

fn json_doc(run: &TestRun) -> TestDoc<'_> {
    let (passed, failed, skipped) = run.counts();
    TestDoc {
        schema_version: json::SCHEMA_VERSION,
        tool: json::ToolView::current(),
        command: "test",
        summary: Summary {
            passed,
            failed,
            skipped,
        },
        cases: run
            .results
            .iter()
            .map(|r| CaseView {
                skill: &r.skill,
                path: r.case.file.path.display().to_string(),
                case: &r.case.title,
                line: r.case.line(),
                label: r.case.label,
                outcome: r.outcome,
                problems: &r.problems,
                expected: &r.case.expectation,
                status: r.status,
                findings: json::findings(&r.findings),
            })
            .collect(),
        scorecards: run
            .scorecards
            .iter()
            .map(|(skill, scores)| ScorecardView {
                skill,
                gates: scores
                    .iter()
                    .map(|s| GateScore {
                        score: s,
                        precision: s.precision(),
                        recall: s.recall(),
                    })
                    .collect(),
            })
            .collect(),
        notifications: &run.notices,
    }
}
