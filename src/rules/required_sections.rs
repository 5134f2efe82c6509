//! `required-sections`: every section the configuration requires is a heading in the body.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::{ReadProblem, Span};

/// The rule.
pub struct RequiredSections;

static META: RuleMeta = RuleMeta {
    id: "required-sections",
    severity: Severity::Medium,
    summary: "a section the configuration requires has no heading in SKILL.md",
    precision: "very-high",
    tags: &["schema", "structure"],
    docs: r#"## What it does
Checks that each required section (`required_sections` in `skillgate.toml`; the `securityskills`
profile requires *Prompt Injection Safety Notice*, *When to Use*, *Process*, *Findings
Classification*, *Output Format* and *References*) is a heading in the body. Headings match by
their text, ignoring case, surrounding whitespace, leading numbering (`## 3. Process`) and a
trailing colon; any heading level counts. Each missing section is one finding, at the line where
the body starts.

## Why is this bad?
Agents and reviewers look for these sections by name. A skill without an *Output Format* produces
reviews that cannot be compared; one without a *Prompt Injection Safety Notice* leaves the agent
without its guard against instructions hidden in the material it reviews.

## Example
```markdown
# Model Supply Chain Review

## When to Use
...
## Steps
...
```

## How to fix
Add the missing heading (`## Process`, say) with its content, or rename the heading that holds it.
"#,
};

impl Rule for RequiredSections {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if matches!(skill.read_problem, Some((ReadProblem::TooLarge { .. }, _))) {
            return; // nothing was parsed; file-unreadable says why
        }
        // Point at the first heading (usually the title), else where the body starts.
        let at = skill.body.headings.first().map_or_else(
            || Span::point(skill.body_start.min(skill.file.text.len())),
            |h| h.span,
        );
        for title in &cx.config.required_sections {
            if title.trim().is_empty() || skill.body.heading(title).is_some() {
                continue;
            }
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!("required section `{title}` has no heading"),
                    Location::new(skill.file.clone(), at),
                )
                .with_help(format!("add a `## {title}` section")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    #[test]
    fn fires_per_missing_section() {
        let text = CLEAN.replace("## Output Format\n", "## Output\n");
        let out = run(&RequiredSections, "s/demo-skill", &text);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message,
            "required section `Output Format` has no heading"
        );
        assert_eq!(out[0].location.position().line, 17);
    }

    #[test]
    fn quiet_on_clean_and_any_level_or_numbering() {
        assert!(run(&RequiredSections, "s/demo-skill", CLEAN).is_empty());
        let text = CLEAN
            .replace("## Process", "### 3. process:")
            .replace("## References", "# REFERENCES");
        assert!(run(&RequiredSections, "s/demo-skill", &text).is_empty());
    }
}
