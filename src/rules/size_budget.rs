//! `size-budget`: a SKILL.md body over the loading budget the Agent Skills specification sets.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::Span;

/// The rule.
pub(super) struct SizeBudget;

/// Lines of body the specification recommends at most.
pub(super) const MAX_LINES: usize = 500;

/// Tokens of body the specification recommends at most.
pub(super) const MAX_TOKENS: usize = 5000;

/// Characters per token assumed by the estimate (English prose averages about four).
const CHARS_PER_TOKEN: usize = 4;

static META: RuleMeta = RuleMeta {
    id: "size-budget",
    severity: Severity::Low,
    summary: "the SKILL.md body is over the 500-line / 5,000-token budget agents load at once",
    precision: "high",
    tags: &["quality", "context-budget"],
    docs: r#"## What it does
Measures the body of `SKILL.md` (after the frontmatter) against the budget of the Agent Skills
specification's *Progressive disclosure*: "< 5000 tokens recommended" for the instructions
loaded when the skill is activated, and "Keep your main SKILL.md under 500 lines". Tokens are
estimated as one per four characters. One finding per skill, at the first line past the
budget (or the body's start when only the token estimate is over).

## Why is this bad?
An agent loads the whole body into its context when it activates the skill, and keeps it there
alongside the user's work. Detail past the budget crowds out that work, and the specification
recommends moving it into `references/` files the agent reads only when needed.

## Example
A 900-line SKILL.md that carries a full framework mapping table inline.

## How to fix
Keep the procedure in SKILL.md and move reference material (tables, long examples, framework
mappings) into `references/` files that the body links to.
"#,
};

impl Rule for SizeBudget {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if skill.read_problem.is_some() {
            return; // file-unreadable says why
        }
        let file = &skill.file;
        let start = skill.body_start.min(file.text.len());
        let body = &file.text[start..];
        let first_line = file.line_index(start) + 1;
        let lines = file.line_count().saturating_sub(first_line - 1);
        let tokens = body.chars().count().div_ceil(CHARS_PER_TOKEN);
        if lines <= MAX_LINES && tokens <= MAX_TOKENS {
            return;
        }
        let span = if lines > MAX_LINES {
            let at = file.line_start(first_line + MAX_LINES);
            Span::new(at, at + file.line_text(first_line + MAX_LINES).len())
        } else {
            Span::point(start)
        };
        out.push(
            Finding::new(
                META.id,
                META.severity,
                format!(
                    "the body is {lines} lines and about {tokens} tokens; the budget is {MAX_LINES} lines and {MAX_TOKENS} tokens"
                ),
                Location::new(file.clone(), span),
            )
            .with_help("move reference material into `references/` files the body links to"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    #[test]
    fn fires_past_the_line_budget() {
        let text = format!("{CLEAN}{}", "- item\n".repeat(600));
        let out = run(&SizeBudget, "s/demo-skill", &text);
        assert_eq!(out.len(), 1);
        // The frontmatter is 15 lines, so body line 501 is file line 516.
        assert_eq!(out[0].location.position().line, 516);
        assert!(
            out[0].message.starts_with("the body is 626 lines"),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn fires_past_the_token_budget_and_quiet_within() {
        assert!(run(&SizeBudget, "s/demo-skill", CLEAN).is_empty());
        let text = format!("{CLEAN}{}\n", "word ".repeat(5000));
        let out = run(&SizeBudget, "s/demo-skill", &text);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].location.position().line, 16);
    }
}
