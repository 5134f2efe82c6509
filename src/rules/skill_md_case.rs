//! `skill-md-case`: a skill file named `skill.md` (or another case) instead of `SKILL.md`.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;

/// The rule.
pub(super) struct SkillMdCase;

static META: RuleMeta = RuleMeta {
    id: "skill-md-case",
    severity: Severity::Medium,
    summary: "the skill file is named `skill.md` (or another case), not `SKILL.md`",
    precision: "very-high",
    tags: &["correctness", "discovery"],
    docs: r#"## What it does
skillgate finds skill files named `SKILL.md` in any case and lints them all; this rule reports
the ones not named exactly `SKILL.md`.

## Why is this bad?
The Agent Skills specification and Claude Code name the file `SKILL.md`. On a case-sensitive
file system (Linux, most CI runners and containers) an agent looking for `SKILL.md` does not
load `skill.md`: the skill silently does not exist there, although it works on a laptop with a
case-insensitive file system.

## Example
`skills/appsec/threat-modeling/skill.md`

## How to fix
Rename the file: `git mv skill.md SKILL.md` (on a case-insensitive file system, through a
temporary name).
"#,
};

impl Rule for SkillMdCase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let Some(name) = skill.file.path.file_name().map(|n| n.to_string_lossy()) else {
            return;
        };
        if name == "SKILL.md" || !name.eq_ignore_ascii_case("SKILL.md") {
            return;
        }
        out.push(
            Finding::new(
                META.id,
                META.severity,
                format!("the skill file is named `{name}`: agents load `SKILL.md`, so on a case-sensitive file system this skill is not found"),
                Location::file_start(skill.file.clone()),
            )
            .with_help(format!("rename it: `git mv {name} SKILL.md`")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LintConfig;
    use crate::source::SourceFile;

    fn lint(path: &str) -> Vec<Finding> {
        let file = SourceFile::anonymous(path, "---\nname: x\n---\n");
        let skill = Skill::from_source(file, None);
        super::super::testing::check_alone(&SkillMdCase, skill, &LintConfig::default(), &[])
    }

    #[test]
    fn fires_on_lowercase() {
        let out = lint("s/x/skill.md");
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("`skill.md`"));
    }

    #[test]
    fn quiet_on_skill_md() {
        assert!(lint("s/x/SKILL.md").is_empty());
    }
}
