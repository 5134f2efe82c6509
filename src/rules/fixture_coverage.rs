//! `fixture-coverage`: every gate of a skill has a vulnerable fixture that expects it and a benign
//! fixture that guards it, and the skill ships enough fixtures of each kind.

use std::path::Path;

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::fixtures::{self, Case, Label};
use crate::gates::verdict::Status;
use crate::skill::Skill;
use crate::source::ReadProblem;

/// The rule.
pub(super) struct FixtureCoverage;

static META: RuleMeta = RuleMeta {
    id: "fixture-coverage",
    severity: Severity::Medium,
    summary: "a gate has no vulnerable fixture that expects it or no benign fixture guarding it",
    precision: "high",
    tags: &["promise", "gates", "tests"],
    docs: r#"## What it does
Applies to skills with a `gates.yaml` that loads. Reads the skill's fixtures as `skillgate test`
finds them (`tests/{benign,vulnerable}/**`, `fixtures/{benign,vulnerable}/**`,
`*_benign.*` / `*_vulnerable.*`, case documents in `tests/`, and
`tests/fixtures/<skill>/<case>/manifest.yaml` above the skill) and reports, at the gate's `id`
in `gates.yaml`:

- a gate that no fixture expects: no case lists the gate id among its expected findings
  (`expect: {findings: [PG005]}`, `expected_findings`, ...);
- a gate that no benign fixture guards: no case that expects `pass` lists the gate in
  `expect: {not: [...]}`. When no case of the skill names any gate under `not`, any case that
  expects `pass` (every benign-labelled fixture) guards every gate.

It also reports, at the start of SKILL.md, a skill with fewer benign or vulnerable fixture files
than `promotion.min_benign` / `promotion.min_vulnerable` (default 3 each). A file counts as
benign when one of its cases expects `pass`, as vulnerable when one expects a finding, `partial`
or `fail`; fixtures that cannot be analysed do not count.

## Why is this bad?
A gate without a vulnerable fixture may never fire: nothing shows it catches what it claims. A
gate without a benign fixture may fire on every release: nothing guards against false
positives, which is what makes teams switch a gate off. `skillgate test` can only measure the
gates that fixtures exercise.

## Example
A `gates.yaml` declaring `PG009`, and no fixture whose `expect:` lists `PG009` in `findings`.

## How to fix
Add a vulnerable fixture (`tests/vulnerable/<case>.yaml` with `expect: {status: fail,
findings: [PG009]}`) and a benign twin that differs only in the fixed evidence (`expect:
{status: pass, not: [PG009]}`).
"#,
};

impl Rule for FixtureCoverage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if matches!(skill.read_problem, Some((ReadProblem::TooLarge { .. }, _))) {
            return;
        }
        let Some(Ok(gf)) = skill.gate_file(cx.config.max_file_size) else {
            return; // no gates, or gate-parity reports why they do not load
        };
        let max = cx.config.max_file_size;
        // Each fixture file read once: its cases, analysable ones only.
        let mut files: Vec<Vec<Case>> = fixtures::skill_fixture_files(&skill.dir)
            .into_iter()
            .map(|(path, label)| fixtures::load_cases(&path, label, max))
            .collect();
        let name = skill.folder_name();
        files.extend(
            fixtures::manifest_files(&skill.dir, &name, Path::new(""))
                .into_iter()
                .map(|p| fixtures::load_cases(&p, Label::None, max)),
        );
        for cases in &mut files {
            cases.retain(|c| c.problem.is_none());
        }
        let cases: Vec<&Case> = files.iter().flatten().collect();

        let any_not = cases
            .iter()
            .any(|c| expects_pass(c) && !c.expectation.not.is_empty());
        for gate in &gf.gates {
            let at = Location::new(gf.file.clone(), gate.id_span);
            let expected = cases
                .iter()
                .any(|c| c.expectation.findings.iter().any(|f| f.id == gate.id));
            if !expected {
                out.push(
                    Finding::new(
                        META.id,
                        META.severity,
                        format!("gate `{}` has no vulnerable fixture that expects it", gate.id),
                        at.clone(),
                    )
                    .with_help(format!(
                        "add tests/vulnerable/<case>.yaml with `expect: {{status: fail, findings: [{}]}}`",
                        gate.id
                    )),
                );
            }
            let guarded = cases
                .iter()
                .any(|c| expects_pass(c) && (!any_not || c.expectation.not.contains(&gate.id)));
            if !guarded {
                out.push(
                    Finding::new(
                        META.id,
                        META.severity,
                        format!("gate `{}` has no benign fixture guarding it", gate.id),
                        at,
                    )
                    .with_help(format!(
                        "add tests/benign/<case>.yaml with `expect: {{status: pass, not: [{}]}}`",
                        gate.id
                    )),
                );
            }
        }

        let cfg = &cx.config.promotion;
        let benign = files.iter().filter(|f| f.iter().any(expects_pass)).count();
        let vulnerable = files
            .iter()
            .filter(|f| f.iter().any(expects_finding))
            .count();
        for (kind, have, want) in [
            ("benign", benign, cfg.min_benign),
            ("vulnerable", vulnerable, cfg.min_vulnerable),
        ] {
            if have < want {
                out.push(
                    Finding::new(
                        META.id,
                        META.severity,
                        format!("the skill has {have} {kind} fixture file{} (at least {want} wanted)", if have == 1 { "" } else { "s" }),
                        Location::file_start(skill.file.clone()),
                    )
                    .with_help(format!(
                        "add {kind} release records under tests/{kind}/ (or set `promotion.min_{kind}`)"
                    )),
                );
            }
        }
    }
}

/// The case expects a clean promotion (a benign label implies it).
fn expects_pass(c: &Case) -> bool {
    c.expectation.status == Some(Status::Pass)
}

/// The case expects at least one finding.
fn expects_finding(c: &Case) -> bool {
    matches!(c.expectation.status, Some(Status::Fail | Status::Partial))
        || c.expectation.any_finding
        || !c.expectation.findings.is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    const GATES: &str = "version: 1
stages:
  deploy:
    keys: [deploy]
fields:
  refs: [uri]
gates:
  - id: G1
    title: t
    severity: high
    check:
      references:
        stages: [deploy]
        fields: refs
  - id: G2
    title: t
    severity: high
    check:
      references:
        stages: [deploy]
        fields: refs
";

    fn run_in(fixtures: &[(&str, &str)]) -> Vec<Finding> {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("gates.yaml"), GATES).expect("write");
        for (path, text) in fixtures {
            let p = dir.path().join(path);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(p, text).expect("write");
        }
        let path = dir.path().display().to_string();
        run(&FixtureCoverage, &path, CLEAN)
    }

    const VULN: &str = "deploy:\n  uri: s3://b/latest\nexpect:\n  status: fail\n  findings: [G1]\n";
    const GOOD: &str =
        "deploy:\n  uri: s3://b/x?versionId=1\nexpect:\n  status: pass\n  not: [G1, G2]\n";

    #[test]
    fn fires_on_unexpected_gate_and_too_few_fixtures() {
        let out = run_in(&[
            ("tests/vulnerable/a.yaml", VULN),
            ("tests/benign/a.yaml", GOOD),
        ]);
        let shown: Vec<(usize, &str)> = out
            .iter()
            .map(|f| (f.location.position().line, f.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (15, "gate `G2` has no vulnerable fixture that expects it"),
                (1, "the skill has 1 benign fixture file (at least 3 wanted)"),
                (
                    1,
                    "the skill has 1 vulnerable fixture file (at least 3 wanted)"
                ),
            ]
        );
        assert!(out[0].location.path_display().ends_with("gates.yaml"));
    }

    #[test]
    fn fires_on_unguarded_gate() {
        let vuln2 = VULN.replace("[G1]", "[G2]");
        let good1 = GOOD.replace("[G1, G2]", "[G1]");
        let out = run_in(&[
            ("tests/vulnerable/a.yaml", VULN),
            ("tests/vulnerable/b.yaml", &vuln2),
            ("tests/vulnerable/c.yaml", VULN),
            ("tests/benign/a.yaml", &good1),
            ("tests/benign/b.yaml", &good1),
            (
                "tests/benign/c.yaml",
                "deploy:\n  uri: s3://b/x?versionId=1\n",
            ),
        ]);
        assert_eq!(out.len(), 1, "{:?}", out);
        assert_eq!(
            out[0].message,
            "gate `G2` has no benign fixture guarding it"
        );
        assert_eq!(out[0].location.position().line, 15);
    }

    #[test]
    fn quiet_on_clean_and_on_covered_gates() {
        assert!(run(&FixtureCoverage, "s/demo-skill", CLEAN).is_empty());
        // No case names a gate under `not`: every benign case guards every gate.
        let plain = "deploy:\n  uri: s3://b/x?versionId=1\n";
        let vuln2 = VULN.replace("[G1]", "[G2]");
        let out = run_in(&[
            ("tests/vulnerable/a.yaml", VULN),
            ("tests/vulnerable/b.yaml", &vuln2),
            ("tests/vulnerable/c_vulnerable.yaml", VULN),
            ("tests/benign/a.yaml", plain),
            ("tests/benign/b.yaml", plain),
            ("fixtures/benign/c.yaml", plain),
        ]);
        assert!(out.is_empty(), "{:?}", out);
    }
}
