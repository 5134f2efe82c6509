//! `name-matches-folder`: the frontmatter `name` equals the skill's folder name.

use super::{LintContext, Rule, RuleMeta};
use crate::config::Profile;
use crate::finding::{Finding, Location, Severity};
use crate::fix::{Edit, Fix};
use crate::skill::Skill;
use crate::yaml::Node;

/// The rule.
pub(super) struct NameMatchesFolder;

static META: RuleMeta = RuleMeta {
    id: "name-matches-folder",
    severity: Severity::Medium,
    summary: "the frontmatter `name` differs from the skill's folder name",
    precision: "very-high",
    tags: &["consistency"],
    docs: r#"## What it does
Compares the frontmatter `name` with the name of the folder that holds `SKILL.md` (every
profile; the Agent Skills specification requires it). Under `agentskills` and `claude-code` a
`name` that is not a valid name at all is `frontmatter-schema`'s finding, and this rule stays
quiet about it: one defect, one finding.

`--fix` sets `name` to the folder's name when that is a valid name, together with the `id` of
each `index.yaml` entry that listed the skill by its old name.

## Why is this bad?
Indexes, installers and agents address a skill by its folder. A name that differs makes the same
skill answer to two names, and renames silently break references to it.

## Example
`skills/ai-security/model-supply-chain/SKILL.md` with `name: supply-chain-review`.

## How to fix
Rename the folder or change `name` so that both agree.
"#,
};

impl Rule for NameMatchesFolder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let Some(node) = skill.meta().and_then(|m| m.get("name")) else {
            return;
        };
        let Some(name) = node.as_str() else { return };
        let folder = skill.folder_name();
        if folder.is_empty() || name.trim().is_empty() || name == folder {
            return;
        }
        // One defect, one finding: where the profile checks the name's form, `frontmatter-schema`
        // already reports a name that is not a valid name (and suggests the folder's).
        if cx.config.profile != Profile::Securityskills
            && !super::frontmatter_schema::is_agent_name(name)
        {
            return;
        }
        let mut finding = Finding::new(
            META.id,
            META.severity,
            format!("name `{name}` differs from the folder name `{folder}`"),
            Location::new(skill.file.clone(), node.span),
        )
        .with_help(format!(
            "set `name: {folder}` or rename the folder to `{name}`"
        ));
        if let Some(fix) = name_fix(cx, skill, node) {
            finding = finding.with_fix(fix);
        }
        out.push(finding);
    }
}

/// The safe fix for a `name` that is not the folder's: set it to the folder's name (when that
/// is a valid name and the value is written on one line), and the `id` of each index entry that
/// listed the skill by its old name.
pub(super) fn name_fix(cx: &LintContext<'_>, skill: &Skill, node: &Node) -> Option<Fix> {
    let folder = skill.folder_name();
    let old = node.as_str()?;
    if old == folder
        || !super::frontmatter_schema::is_agent_name(&folder)
        || skill.file.slice(node.span).contains('\n')
    {
        return None;
    }
    let mut edits = vec![Edit {
        file: skill.file.clone(),
        span: node.span,
        text: folder.clone(),
    }];
    for (index, span, id) in super::index_consistency::index_ids(cx, skill) {
        if id == old {
            edits.push(Edit {
                file: index.file.clone(),
                span,
                text: folder.clone(),
            });
        }
    }
    Some(Fix {
        title: format!("set `name: {folder}` in {}", skill.file.path.display()),
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    #[test]
    fn fires_when_names_differ() {
        let out = run(&NameMatchesFolder, "skills/x/other-name", CLEAN);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].location.position().line, 2);
    }

    #[test]
    fn quiet_when_equal() {
        assert!(run(&NameMatchesFolder, "skills/x/demo-skill", CLEAN).is_empty());
    }
}
