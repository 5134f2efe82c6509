//! `frontmatter-syntax`: the frontmatter is present, closed, valid YAML and a mapping.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::{Frontmatter, Skill};
use crate::source::ReadProblem;

/// The rule.
pub(super) struct FrontmatterSyntax;

static META: RuleMeta = RuleMeta {
    id: "frontmatter-syntax",
    severity: Severity::High,
    summary: "SKILL.md frontmatter is missing, unclosed, invalid YAML, or not a mapping",
    precision: "very-high",
    tags: &["correctness", "schema"],
    docs: r#"## What it does
Checks that `SKILL.md` starts with a `---` line, that a closing `---` line follows, that what lies
between is valid YAML (a parse error points at its line), and that it is a mapping of keys.

## Why is this bad?
Agents discover skills through their frontmatter (`name`, `description`, `allowed-tools`). A skill
whose frontmatter does not parse is invisible to them, or worse, loaded without its tool limits.

## Example
```markdown
---
name: model-supply-chain
description: [unclosed
---
```

## How to fix
Open and close the frontmatter with `---` lines and keep valid YAML between them; quote values
that contain `: ` or start with `[`, `{`, `*`, `&` or `!`.
"#,
};

impl Rule for FrontmatterSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if matches!(skill.read_problem, Some((ReadProblem::TooLarge { .. }, _))) {
            return; // file-unreadable already says why nothing was parsed
        }
        let file = skill.file.clone();
        let (message, span, help) = match &skill.frontmatter {
            Frontmatter::Parsed(_) => return,
            Frontmatter::Missing => (
                "SKILL.md has no frontmatter (it must start with a `---` line)".to_string(),
                crate::source::Span::point(0),
                "add `---`, the skill's keys (name, description, ...), and a closing `---`",
            ),
            Frontmatter::Unclosed(span) => (
                "frontmatter is never closed: no `---` line follows the opening one".to_string(),
                *span,
                "add a `---` line after the last frontmatter key",
            ),
            Frontmatter::Invalid(e) => (
                format!("frontmatter is not valid YAML: {}", e.message),
                e.span,
                "fix the YAML syntax at this line; quote values containing `: `",
            ),
            Frontmatter::NotMapping(span) => (
                "frontmatter is not a mapping of keys to values".to_string(),
                *span,
                "write the frontmatter as `key: value` lines",
            ),
        };
        out.push(
            Finding::new(META.id, META.severity, message, Location::new(file, span))
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    #[test]
    fn fires_on_each_broken_shape() {
        for (text, line) in [
            ("# no frontmatter\n", 1),
            ("---\nname: x\n", 1),
            ("---\nname: x\ndescription: [oops\n---\n", 4),
            ("---\n- a\n---\n", 2),
            ("", 1),
        ] {
            let out = run(&FrontmatterSyntax, "s/x", text);
            assert_eq!(out.len(), 1, "{text:?}");
            assert_eq!(
                out[0].location.position().line,
                line,
                "{text:?}: {}",
                out[0].message
            );
        }
    }

    #[test]
    fn quiet_on_clean() {
        assert!(run(&FrontmatterSyntax, "s/demo-skill", CLEAN).is_empty());
    }
}
