//! `output-fields`: the Output Format of a model-promotion skill names every field a promotion
//! review must report.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::skill::markdown::{Heading, normalize_title};

/// The rule.
pub(super) struct OutputFields;

static META: RuleMeta = RuleMeta {
    id: "output-fields",
    severity: Severity::Medium,
    summary: "the Output Format of a model-promotion skill lacks a field a promotion review must report",
    precision: "high",
    tags: &["promise", "model-promotion"],
    docs: r#"## What it does
Applies to skills that require a promotion gate (see `promotion-checklist`). Checks that the
`## Output Format` section names each of `promotion.output_fields` (default *Promotion Status*,
*Mutable References*, *Rollback Verification*, *Environment Artifact Identity*, *Evidence
Chain*). The whole section is searched, fenced code blocks included, ignoring case and line
breaks, so a bold label (`**Promotion Status:**`), a heading or a table header all count. Each
missing field is one finding at the section heading; when the skill's `gates.yaml` has gates
that fill the field, they are shown beside it.

A skill with no Output Format section is left to `required-sections`.

## Why is this bad?
The Output Format is what every review produced with the skill looks like. A promotion review
that never states its verdict, its mutable references or whether the rollback target was
verified cannot be compared with another, and skillgate's report has nowhere to put the gates'
results.

## Example
```markdown
## Output Format

**Verdict:** [pass | fail]
**Findings:** ...
```

## How to fix
Add the field to the template in the Output Format section (`**Rollback Verification**` with its
sub-fields, say), or adjust `promotion.output_fields` in `skillgate.toml`.
"#,
};

impl Rule for OutputFields {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if !super::promotion_checklist::requires_promotion_gate(cx, skill) {
            return;
        }
        let Some(heading) = output_section(skill) else {
            return; // required-sections reports the missing section
        };
        let text = skill.file.slice(heading.section);
        let gates = match skill.gate_file(cx.config.max_file_size) {
            Some(Ok(gf)) => Some(gf),
            _ => None,
        };
        for field in &cx.config.promotion.output_fields {
            if field.trim().is_empty() || mentions(text, field) {
                continue;
            }
            let mut f = Finding::new(
                META.id,
                META.severity,
                format!("the Output Format does not name the field `{field}`"),
                Location::new(skill.file.clone(), heading.span),
            )
            .with_help(format!(
                "add `**{field}**` (with what the review reports there) to the Output Format template"
            ));
            for gate in gates.iter().flat_map(|gf| &gf.gates) {
                if same_field(&gate.output_field, field) {
                    let at = gates.map(|gf| Location::new(gf.file.clone(), gate.id_span));
                    if let Some(at) = at {
                        f = f.with_label(at, format!("gate `{}` fills this field", gate.id));
                    }
                }
            }
            out.push(f);
        }
    }
}

/// The `Output Format` section: a heading equal to the title or starting with it and going on
/// after punctuation or a space (`## Output Format — Threat Register`), as `required-sections`
/// matches it.
pub(super) fn output_section(skill: &Skill) -> Option<&Heading> {
    const WANT: &str = "output format";
    skill.body.headings.iter().find(|h| {
        normalize_title(&h.text)
            .strip_prefix(WANT)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// Does `text` name `field`, ignoring case and how whitespace is broken?
pub(super) fn mentions(text: &str, field: &str) -> bool {
    squash(text).contains(&squash(field))
}

/// Are two field names the same, ignoring case and whitespace?
pub(super) fn same_field(a: &str, b: &str) -> bool {
    squash(a) == squash(b)
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    fn promising(format: &str) -> String {
        CLEAN
            .replace("tags: [demo]", "tags: [model-promotion]")
            .replace("## Output Format\n\nText.\n", format)
    }

    const FORMAT: &str = "## Output Format

```markdown
**Promotion Status:** [pass | partial | fail]
**Evidence Chain** (evaluation → deploy)

| Mutable References | Kind |
|---|---|

**Rollback**: target verified
```

### Environment Artifact Identity
";

    #[test]
    fn fires_per_missing_field_at_the_heading() {
        let out = run(&OutputFields, "s/demo-skill", &promising(FORMAT));
        assert_eq!(out.len(), 1, "{:?}", out);
        assert_eq!(
            out[0].message,
            "the Output Format does not name the field `Rollback Verification`"
        );
        assert_eq!(out[0].location.position().line, 35);
    }

    #[test]
    fn quiet_on_clean_on_full_format_and_without_section() {
        assert!(run(&OutputFields, "s/demo-skill", CLEAN).is_empty());
        let full = FORMAT.replace("**Rollback**: target", "**Rollback\nVerification**: target");
        let out = run(&OutputFields, "s/demo-skill", &promising(&full));
        assert!(out.is_empty(), "{:?}", out);
        // No Output Format at all: required-sections reports it, not this rule.
        let none = promising("## Output\n\nText.\n");
        assert!(run(&OutputFields, "s/demo-skill", &none).is_empty());
    }
}
