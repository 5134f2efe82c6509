//! `skillgate test`: run each skill's gates against its fixtures (or `--skill DIR` against
//! fixtures anywhere) and report per case, per gate, and in total.

use std::collections::BTreeMap;

use super::output::Destinations;
use super::{Outcome, print_notices, stderr_color, usage_error};
use crate::cli::{Format, TestArgs};
use crate::diag::Notice;
use crate::fixtures;
use crate::fixtures::runner::{self, CaseResult, Outcome as CaseOutcome};
use crate::fixtures::session::{self, TestRun};
use crate::report::markdown::{self, Template};
use crate::report::{github, human, json, sarif};
use crate::skill::discover;
use crate::source::DEFAULT_MAX_FILE_SIZE;

/// Runs the tests for `args` without output.
pub fn test_paths(args: &TestArgs, max: u64) -> Result<TestRun, Vec<Notice>> {
    session::run(args.skill.as_deref(), &args.paths, max)
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
        Format::Json => json::to_string(&json::test::doc(run)),
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
