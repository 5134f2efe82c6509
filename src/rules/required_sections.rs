//! `required-sections`: every section the configuration requires is a heading in the body.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::skill::markdown::normalize_title;
use crate::source::{ReadProblem, Span};

/// The rule.
pub(super) struct RequiredSections;

static META: RuleMeta = RuleMeta {
    id: "required-sections",
    severity: Severity::Medium,
    summary: "a section the configuration requires has no heading in SKILL.md",
    precision: "very-high",
    tags: &["schema", "structure"],
    docs: r#"## What it does
Checks that each required section is a heading in the body. The required sections are
`required-sections` in `skillgate.toml`; else the `##` headings of the repository's own skill
template — `skill-template` in `skillgate.toml`, or a `SKILL_TEMPLATE.md`, `SKILL-TEMPLATE.md`,
`skill_template.md`, `template/SKILL.md`, `templates/SKILL.md`, `template-skill/SKILL.md` or
`skill-template/SKILL.md` found from the linted path up
(headings marked *optional* or written as placeholders are left out, and a template that does
not start with frontmatter like a `SKILL.md` is not used, with a note saying so); else the
profile's: `securityskills` requires *Prompt Injection Safety Notice*, *When to Use*, *Process*,
*Findings Classification*, *Output Format* and *References*, the other profiles nothing. A
template that is itself a `SKILL.md` is the model skills are made from and is not linted as a
skill. Headings match by
their text, ignoring case, surrounding whitespace, leading numbering (`## 3. Process`) and a
trailing colon; a heading that starts with the title and goes on after a space or punctuation
(`## When to Use This Skill`, `## Output Format — Threat Register`) counts too, and so does any
heading level. Each missing section is one finding, at the first heading (or where the body
starts); when a heading merely contains the title (`## Assessment Process`), the help names it.

Role bundles — files an `index.yaml` lists under `roles:` rather than `skills:` — are not review
skills and are not checked.

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
        if super::index_consistency::is_role_bundle(cx, skill) {
            return;
        }
        // Point at the first heading (usually the title), else where the body starts.
        let at = skill.body.headings.first().map_or_else(
            || Span::point(skill.body_start.min(skill.file.text.len())),
            |h| h.span,
        );
        // Each heading normalised once, not once per required section.
        let have: Vec<String> = skill
            .body
            .headings
            .iter()
            .map(|h| normalize_title(&h.text))
            .collect();
        for title in &cx.config.required_sections {
            let want = normalize_title(title);
            if want.is_empty() || has_section(&have, &want) {
                continue;
            }
            let near = skill
                .body
                .headings
                .iter()
                .zip(&have)
                .find(|(_, n)| n.contains(&want))
                .map(|(h, _)| h);
            // One defect, one finding: a heading swallowed by a fence that is never closed is
            // there, and `unbalanced-fence` reports the fence.
            if swallowed_by_unclosed(skill, &want) {
                continue;
            }
            let help = match (near, swallowed(skill, &want)) {
                (_, Some(line)) => format!(
                    "the heading on line {line} is inside a code block (an unclosed or mismatched fence?): close the fence before it"
                ),
                (Some(h), None) => {
                    format!(
                        "rename `{}` to `{title}`, or add a `## {title}` section",
                        h.text
                    )
                }
                (None, None) => format!("add a `## {title}` section"),
            };
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!("required section `{title}` has no heading"),
                    Location::new(skill.file.clone(), at),
                )
                .with_help(help),
            );
        }
    }
}

/// A heading (of the normalised `headings`) equal to `want` (normalised), or starting with it
/// followed by a non-word character.
fn has_section(headings: &[String], want: &str) -> bool {
    headings.iter().any(|have| {
        have.strip_prefix(want)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// True when a `# title` line sits in a fenced block that `unbalanced-fence` reports.
fn swallowed_by_unclosed(skill: &Skill, want: &str) -> bool {
    skill
        .body
        .code_blocks
        .iter()
        .filter(|b| b.fenced && super::unbalanced_fence::is_unclosed(&skill.file, b))
        .any(|b| {
            skill.file.slice(b.span).lines().any(|l| {
                let t = l.trim();
                t.starts_with('#') && normalize_title(t.trim_start_matches('#')) == want
            })
        })
}

/// The 1-based line of a `# title` line that sits inside a fenced code block, if any.
fn swallowed(skill: &Skill, want: &str) -> Option<usize> {
    skill
        .body
        .code_blocks
        .iter()
        .filter(|b| b.fenced)
        .find_map(|b| {
            let text = skill.file.slice(b.span);
            let mut offset = b.span.start;
            for line in text.split_inclusive('\n') {
                let t = line.trim();
                if t.starts_with('#') && normalize_title(t.trim_start_matches('#')) == want {
                    return Some(skill.file.line_col(offset).0);
                }
                offset += line.len();
            }
            None
        })
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
    fn a_heading_swallowed_by_an_unclosed_fence_is_the_fence_finding() {
        let text = CLEAN.replace(
            "## Findings Classification\n",
            "```\n## Findings Classification\n",
        );
        let out = run(&RequiredSections, "s/demo-skill", &text);
        assert!(
            out.is_empty(),
            "{:?}",
            out.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        // A heading inside a closed example block is not a section: reported, with the reason.
        let text = CLEAN.replace(
            "## Findings Classification\n\nHigh.\n",
            "```\n## Findings Classification\n```\n",
        );
        let out = run(&RequiredSections, "s/demo-skill", &text);
        assert_eq!(out.len(), 1);
        assert!(
            out[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("inside a code block"))
        );
    }

    #[test]
    fn quiet_on_clean_and_any_level_or_numbering() {
        assert!(run(&RequiredSections, "s/demo-skill", CLEAN).is_empty());
        let text = CLEAN
            .replace("## Process", "### 3. process:")
            .replace("## References", "# REFERENCES")
            .replace("## When to Use", "## When to Use This Skill")
            .replace("## Output Format", "## 5. Output Format — Threat Register");
        assert!(run(&RequiredSections, "s/demo-skill", &text).is_empty());
    }
}
