//! `gate-parity`: the checklist in SKILL.md and the gates in `gates.yaml` describe the same
//! gates, and every gate's Output Format field exists.

use std::sync::LazyLock;

use regex::Regex;

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::{ReadProblem, Span};

/// The rule.
pub(super) struct GateParity;

static META: RuleMeta = RuleMeta {
    id: "gate-parity",
    severity: Severity::High,
    summary: "SKILL.md's checklist and gates.yaml disagree, or gates.yaml does not load",
    precision: "high",
    tags: &["promise", "gates", "consistency"],
    docs: r#"## What it does
Applies to skills with a `gates.yaml` beside `SKILL.md`. The gate file is loaded as `check` and
`test` load it; when it does not load, the first problem is reported at its position (with a
count of the others), so a broken gate file shows in `lint`. Otherwise it checks that:

- every gate id a checklist item names in parentheses (`- [ ] ... (PG005)`, or `(PG001, PG002)`)
  is declared in `gates.yaml` — reported at the id in SKILL.md. Only ids with the same letter
  prefix as a declared gate are taken for gate ids, so `(LLM03)` in a `PG` skill is text;
- every gate in `gates.yaml` is named by some checklist item — reported at the gate's `id` in
  `gates.yaml`;
- every gate's `output_field` is named in the `## Output Format` section — reported at the
  gate's `id`. A field `output-fields` already reports (a configured promotion field) is not
  reported twice, and a skill without an Output Format section is left to `required-sections`.

## Why is this bad?
The checklist is what a human reviewer checks and the gates are what CI enforces. When they
drift, a checklist item cites a gate that does not exist (readers trust an automation that is
not there) or a gate blocks promotions for a reason the skill never states. A gate whose output
field the Output Format lacks reports into a field no review carries.

## Example
```markdown
- [ ] The rollback target has a verified checksum (PG011)
```
with a `gates.yaml` that declares PG001 to PG010, or a gate `PG004` that no checklist item
cites.

## How to fix
Correct the id in the checklist, declare the gate, or add a checklist item that cites the gate
(its `checklist` text is a good start); add the gate's `output_field` to the Output Format, or
correct the field name in `gates.yaml`.
"#,
};

impl Rule for GateParity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if matches!(skill.read_problem, Some((ReadProblem::TooLarge { .. }, _))) {
            return;
        }
        let Some(loaded) = skill.gate_file(cx.config.max_file_size) else {
            return;
        };
        let gf = match loaded {
            Ok(gf) => gf,
            Err(errors) => {
                if let Some(e) = errors.first() {
                    let more = match errors.len() - 1 {
                        0 => String::new(),
                        1 => " (and 1 more problem)".to_string(),
                        n => format!(" (and {n} more problems)"),
                    };
                    out.push(
                        Finding::new(
                            META.id,
                            META.severity,
                            format!("gates.yaml does not load: {}{more}", e.message),
                            Location::new(e.file.clone(), e.span),
                        )
                        .with_help("`skillgate check` and `skillgate test` cannot run this skill's gates until the file loads"),
                    );
                }
                return;
            }
        };
        let prefixes: Vec<&str> = gf.gates.iter().map(|g| id_prefix(&g.id)).collect();
        let mut named: Vec<String> = Vec::new();
        for task in &skill.body.tasks {
            for id in gate_ids(&task.text) {
                if gf.gate(&id).is_none() && prefixes.contains(&id_prefix(&id)) {
                    let item = skill.file.slice(task.span);
                    let at = item.find(&id).map_or(task.span, |i| {
                        Span::new(task.span.start + i, task.span.start + i + id.len())
                    });
                    out.push(
                        Finding::new(
                            META.id,
                            META.severity,
                            format!(
                                "checklist item names gate `{id}`, which gates.yaml does not declare"
                            ),
                            Location::new(skill.file.clone(), at),
                        )
                        .with_help(format!(
                            "correct the id or declare the gate in gates.yaml (declared: {})",
                            gf.gates
                                .iter()
                                .map(|g| g.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                }
                named.push(id);
            }
        }
        for gate in &gf.gates {
            if named.contains(&gate.id) {
                continue;
            }
            let item = if gate.checklist.is_empty() {
                "<what the gate checks>"
            } else {
                gate.checklist.as_str()
            };
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "gate `{}` is named by no checklist item in SKILL.md",
                        gate.id
                    ),
                    Location::new(gf.file.clone(), gate.id_span),
                )
                .with_help(format!(
                    "add `- [ ] {item} ({})` to the `{}` section",
                    gate.id, cx.config.promotion.section
                )),
            );
        }
        let Some(heading) = super::output_fields::output_section(skill) else {
            return; // required-sections reports the missing section
        };
        let text = skill.file.slice(heading.section);
        let promised = super::promotion_checklist::requires_promotion_gate(cx, skill);
        for gate in &gf.gates {
            let field = gate.output_field.trim();
            if field.is_empty() || super::output_fields::mentions(text, field) {
                continue;
            }
            let reported_by_output_fields = promised
                && cx
                    .config
                    .promotion
                    .output_fields
                    .iter()
                    .any(|f| super::output_fields::same_field(f, field));
            if reported_by_output_fields {
                continue;
            }
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "gate `{}` fills the Output Format field `{field}`, which SKILL.md's Output Format does not name",
                        gate.id
                    ),
                    Location::new(gf.file.clone(), gate.id_span),
                )
                .with_label(
                    Location::new(skill.file.clone(), heading.span),
                    "the Output Format section",
                )
                .with_help(format!(
                    "add `**{field}**` to the Output Format, or correct `output_field` of `{}`",
                    gate.id
                )),
            );
        }
    }
}

/// `(PG001)` / `(PG001, PG005)`: gate-id-shaped words inside parentheses, in order.
fn gate_ids(text: &str) -> Vec<String> {
    static PARENS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\(([^()]*)\)").ok());
    static ID: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^[A-Z][A-Z0-9]*-?[0-9]+$").ok());
    let (Some(parens), Some(id)) = (PARENS.as_ref(), ID.as_ref()) else {
        return Vec::new();
    };
    parens
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .flat_map(|m| {
            m.as_str()
                .split(|c: char| c == ',' || c == ';' || c == '/' || c.is_whitespace())
                .filter(|w| id.is_match(w))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The letters before the number: `PG` of `PG005`, `AI-` of `AI-12`.
fn id_prefix(id: &str) -> &str {
    id.trim_end_matches(|c: char| c.is_ascii_digit())
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
  - id: PG001
    title: t
    severity: high
    output_field: Mutable References
    check:
      references:
        stages: [deploy]
        fields: refs
  - id: PG002
    title: t
    severity: high
    output_field: Deploy Identity
    check:
      references:
        stages: [deploy]
        fields: refs
";

    fn skill_with(checklist: &str) -> String {
        CLEAN.replace(
            "## Output Format\n\nText.\n",
            &format!(
                "## Model Promotion Gate\n\n{checklist}\n## Output Format\n\n**Mutable References**\n**Deploy Identity**\n"
            ),
        )
    }

    fn run_in(gates: &str, text: &str) -> Vec<Finding> {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("gates.yaml"), gates).expect("write");
        let path = dir.path().display().to_string();
        run(&GateParity, &path, text)
    }

    #[test]
    fn fires_on_undeclared_and_unnamed_gates() {
        let text = skill_with("- [ ] Deploy by digest (PG001)\n- [ ] Rollback verified (PG011)\n");
        let out = run_in(GATES, &text);
        assert_eq!(out.len(), 2, "{:?}", out);
        assert_eq!(
            out[0].message,
            "checklist item names gate `PG011`, which gates.yaml does not declare"
        );
        assert_eq!(out[0].location.position().line, 38);
        assert_eq!(out[0].location.position().column, 26);
        assert_eq!(
            out[1].message,
            "gate `PG002` is named by no checklist item in SKILL.md"
        );
        assert!(out[1].location.path_display().ends_with("gates.yaml"));
        assert_eq!(out[1].location.position().line, 16);
    }

    #[test]
    fn fires_on_missing_output_field_and_broken_gate_file() {
        let text = skill_with("- [ ] Both (PG001, PG002)\n").replace("**Deploy Identity**\n", "");
        let out = run_in(GATES, &text);
        assert_eq!(out.len(), 1, "{:?}", out);
        assert_eq!(
            out[0].message,
            "gate `PG002` fills the Output Format field `Deploy Identity`, which SKILL.md's Output Format does not name"
        );
        assert_eq!(out[0].location.position().line, 16);

        let out = run_in(&GATES.replace("title: t\n", "titel: t\n"), &text);
        assert_eq!(out.len(), 1, "{:?}", out);
        assert!(
            out[0]
                .message
                .starts_with("gates.yaml does not load: unknown key `titel`"),
            "{}",
            out[0].message
        );
        assert!(
            out[0].message.ends_with("(and 3 more problems)"),
            "{}",
            out[0].message
        );
        assert_eq!(out[0].location.position().line, 9);
    }

    #[test]
    fn quiet_on_clean_and_on_agreeing_files() {
        assert!(run(&GateParity, "s/demo-skill", CLEAN).is_empty());
        let text =
            skill_with("- [ ] Deploy by digest (PG001)\n- [ ] Pinned (PG002) per OWASP (LLM03)\n");
        let out = run_in(GATES, &text);
        assert!(out.is_empty(), "{:?}", out);
    }
}
