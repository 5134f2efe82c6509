//! `description-quality`: a description too vague for an agent to know when to use the skill.

use std::sync::LazyLock;

use regex::Regex;

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;

/// The rule.
pub(super) struct DescriptionQuality;

static META: RuleMeta = RuleMeta {
    id: "description-quality",
    severity: Severity::Low,
    summary: "the description is a placeholder, or too short and vague to say when to use the skill",
    precision: "high",
    tags: &["quality", "discovery"],
    docs: r#"## What it does
Reads the frontmatter `description` (with Claude Code's `when_to_use`, which is appended to it)
and reports one that

* is still a placeholder: `TODO`, `TBD`, `lorem ipsum`, `Replace with …`, `<description>`,
  `your description`; or
* is vague: fewer than 8 words and no cue of when to use the skill (*use when*, *when*, *use
  for*, *if the user*, *whenever*, *before*, *after*, *trigger*), or fewer than 12 words that
  open with filler (*Helps with*, *A skill for*, *This skill*, *Useful for*, *Does*).

Longer descriptions that name what the skill does are not judged: agents match them by their
keywords, and the specification's own good example is one of them. A missing or over-long
description is `frontmatter-schema`'s.

## Why is this bad?
The description is all an agent reads before deciding to load a skill (the Agent Skills
specification: "describes what the skill does and when to use it"). "Helps with PDFs." matches
nothing specific, so the skill is loaded at the wrong time or never.

## Example
```yaml
description: Helps with stuff.
```

## How to fix
Say what the skill does and when to use it, with the words a user would say:
```yaml
description: Extracts text and tables from PDF files and fills PDF forms. Use when working with PDFs or when the user mentions forms or document extraction.
```
"#,
};

static PLACEHOLDER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:todo|tbd|fixme|lorem ipsum|replace (?:this|with|me)|your description|description goes here)\b|<description>|\{\{\s*description\s*\}\}").ok()
});

static CUE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:when|whenever|use (?:for|to|it|this|on|with)|used (?:for|to|when)|if (?:the|you|a)|before|after|during|trigger|invoke|asks?)\b").ok()
});

static FILLER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:helps? (?:with|you)|a skill (?:for|that|to)|this skill|useful for|does|handles|stuff|things|misc)\b").ok()
});

impl Rule for DescriptionQuality {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let Some(meta) = skill.meta() else { return };
        let Some(node) = meta.get("description") else {
            return;
        };
        let Some(desc) = node.as_str() else { return };
        if desc.trim().is_empty() {
            return;
        }
        let when = meta
            .get("when_to_use")
            .and_then(|n| n.as_str())
            .unwrap_or("");
        let words = desc.split_whitespace().count();
        let has =
            |re: &LazyLock<Option<Regex>>, t: &str| re.as_ref().is_some_and(|r| r.is_match(t));
        let problem = if has(&PLACEHOLDER, desc) {
            Some("is still a placeholder".to_string())
        } else if when.trim().is_empty()
            && ((words < 8 && !has(&CUE, desc)) || (words < 12 && has(&FILLER, desc)))
        {
            Some(format!(
                "is vague: {words} word{} and no word on when to use the skill",
                if words == 1 { "" } else { "s" }
            ))
        } else {
            None
        };
        let Some(problem) = problem else { return };
        out.push(
            Finding::new(
                META.id,
                META.severity,
                format!("the description `{}` {problem}", desc.trim()),
                Location::new(skill.file.clone(), node.span),
            )
            .with_help(
                "say what the skill does and when to use it, with the words a user would say (`Use when …`)",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    #[test]
    fn fires_on_vague_and_placeholder_descriptions() {
        for (desc, want) in [
            ("Helps with stuff.", "is vague: 3 words"),
            ("Reviews things.", "is vague: 2 words"),
            ("TODO - describe the review.", "is still a placeholder"),
            (
                "Replace with description of the skill and when Claude should use it.",
                "is still a placeholder",
            ),
        ] {
            let text = CLEAN.replace(
                "description: Reviews demo systems. Use when a demo system is released.",
                &format!("description: {desc}"),
            );
            let out = run(&DescriptionQuality, "s/demo-skill", &text);
            assert_eq!(out.len(), 1, "{desc}");
            assert!(out[0].message.contains(want), "{}", out[0].message);
            assert_eq!(out[0].location.position().line, 3);
        }
    }

    #[test]
    fn quiet_on_specific_descriptions() {
        for desc in [
            "Reviews model promotion evidence. Use when a release promotes a model.",
            "Bayesian modeling with PyMC. Build hierarchical models, MCMC (NUTS), variational inference, LOO/WAIC comparison.",
            "Use when implementing any feature or bugfix",
        ] {
            let text = CLEAN.replace(
                "description: Reviews demo systems. Use when a demo system is released.",
                &format!("description: {desc}"),
            );
            assert!(
                run(&DescriptionQuality, "s/demo-skill", &text).is_empty(),
                "{desc}"
            );
        }
        // Claude Code's `when_to_use` carries the trigger.
        let text = CLEAN.replace(
            "description: Reviews demo systems. Use when a demo system is released.",
            "description: Reviews demo systems.\nwhen_to_use: Before a demo ships.",
        );
        assert!(run(&DescriptionQuality, "s/demo-skill", &text).is_empty());
    }
}
