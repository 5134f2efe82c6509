//! `stale-skill-link`: a link into another skill's folder by a path where that skill no longer is.

use std::path::{Component, Path, PathBuf};

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::skill::paths;
use crate::source::Span;

/// The rule.
pub(super) struct StaleSkillLink;

static META: RuleMeta = RuleMeta {
    id: "stale-skill-link",
    severity: Severity::Medium,
    summary: "a link to another skill's file uses a path where that skill no longer is",
    precision: "high",
    tags: &["correctness", "links"],
    docs: r#"## What it does
Finds relative links that leave the skill's folder for another skill's (`../threat-modeling/references/stride.md`)
and whose target does not exist because that skill's folder is no longer there: no folder
exists at the old path, and exactly one skill of the run has a folder of that name elsewhere.
The finding names where the skill is now and the link that would reach the same file there.
Other missing targets are `broken-link`'s.

## Why is this bad?
Skills are reorganised into new areas (`skills/appsec/` → `skills/application-security/`), and
the links between them are what breaks. The agent following the link finds nothing and reviews
without the companion skill's checklist.

## Example
```markdown
Combine with [STRIDE](../../design/threat-modeling/references/stride.md).
```
after `skills/design/threat-modeling/` moved to `skills/appsec/threat-modeling/`.

## How to fix
Point the link at the skill's new folder (the help line gives the path), or link to the skill by
a path that does not depend on the layout.
"#,
};

impl Rule for StaleSkillLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let file = &skill.file;
        for link in &skill.body.links {
            let Some((resolved, exists)) = super::broken_link::resolve(skill, &link.dest, true)
            else {
                continue;
            };
            if exists {
                continue;
            }
            let Some(moved) = relocated(cx, skill, &resolved) else {
                continue;
            };
            let span = super::broken_link::dest_span(file.slice(link.span), &link.dest)
                .map_or(link.span, |(s, e)| {
                    Span::new(link.span.start + s, link.span.start + e)
                });
            let skill_name = moved
                .skill_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let new_link = relative(&paths::normalize(&skill.dir), &moved.target);
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "link target `{}` does not exist: the skill `{skill_name}` is now in `{}`",
                        link.dest,
                        moved.skill_dir.display()
                    ),
                    Location::new(file.clone(), span),
                )
                .with_help(format!("link to `{new_link}`")),
            );
        }
    }
}

/// Where a skill went, and the link's target inside its new folder.
pub(super) struct Moved {
    /// The skill's folder now.
    pub skill_dir: PathBuf,
    /// The target inside it.
    pub target: PathBuf,
}

/// When `resolved` (a missing target outside `skill`'s folder) runs through a folder that no
/// longer exists and is named like exactly one other skill's folder: where that skill is now.
pub(super) fn relocated(cx: &LintContext<'_>, skill: &Skill, resolved: &Path) -> Option<Moved> {
    let own = paths::normalize(&skill.dir);
    if resolved.starts_with(&own) || cx.skill_dirs.is_empty() {
        return None;
    }
    let parts: Vec<Component> = resolved.components().collect();
    let mut prefix = PathBuf::new();
    let mut gone = false;
    for (i, c) in parts.iter().enumerate() {
        prefix.push(c.as_os_str());
        // Until a folder on the way is missing, the link's path is still there: a missing file
        // in an existing folder is broken-link's.
        gone = gone || std::fs::symlink_metadata(&prefix).is_err();
        let Component::Normal(name) = c else { continue };
        if !gone || i + 1 == parts.len() {
            continue;
        }
        // `skill_dirs` is sorted by folder name: the skills of this name are one range.
        let from = cx
            .skill_dirs
            .partition_point(|d| d.file_name().is_some_and(|n| n < *name));
        let mut found = cx.skill_dirs[from..]
            .iter()
            .take_while(|d| d.file_name() == Some(name))
            .map(|d| paths::normalize(d))
            .filter(|d| *d != own && *d != prefix);
        let Some(first) = found.next() else { continue };
        if found.next().is_some() {
            return None; // two skills of that name: which one is meant is not clear
        }
        let mut target = first.clone();
        for rest in &parts[i + 1..] {
            target.push(rest.as_os_str());
        }
        return Some(Moved {
            skill_dir: first,
            target,
        });
    }
    None
}

/// `to` relative to the folder `from` (both normalised), with `/` separators.
fn relative(from: &Path, to: &Path) -> String {
    let f: Vec<Component> = from.components().collect();
    let t: Vec<Component> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LintConfig;

    fn lint(root: &Path, skill: &str) -> Vec<Finding> {
        let config = LintConfig::default();
        let mut dirs: Vec<PathBuf> = ["appsec/threat-modeling", "appsec/review", "ops/runbook"]
            .iter()
            .map(|d| root.join(d))
            .collect();
        dirs.sort_by(|a, b| (a.file_name(), a).cmp(&(b.file_name(), b)));
        let Ok(s) = Skill::load(&root.join(skill).join("SKILL.md"), config.max_file_size) else {
            panic!("fixture missing");
        };
        super::super::testing::check_alone(&StaleSkillLink, s, &config, &dirs)
    }

    fn tree() -> tempfile::TempDir {
        let t = tempfile::tempdir().expect("tmp");
        for d in [
            "appsec/threat-modeling/references",
            "appsec/review",
            "ops/runbook",
        ] {
            std::fs::create_dir_all(t.path().join(d)).expect("mkdir");
        }
        std::fs::write(
            t.path().join("appsec/threat-modeling/references/stride.md"),
            "x",
        )
        .expect("write");
        std::fs::write(
            t.path().join("appsec/threat-modeling/SKILL.md"),
            "---\n---\n",
        )
        .expect("write");
        t
    }

    #[test]
    fn fires_on_a_link_to_a_moved_skill() {
        let t = tree();
        std::fs::write(
            t.path().join("appsec/review/SKILL.md"),
            "---\nname: review\n---\nSee [STRIDE](../../design/threat-modeling/references/stride.md).\n",
        )
        .expect("write");
        let out = lint(t.path(), "appsec/review");
        assert_eq!(
            out.len(),
            1,
            "{:?}",
            out.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        assert_eq!(
            out[0].help.as_deref(),
            Some("link to `../threat-modeling/references/stride.md`")
        );
        assert_eq!(out[0].location.position().line, 4);
    }

    #[test]
    fn quiet_when_the_link_works_or_the_folder_is_still_there() {
        let t = tree();
        std::fs::write(
            t.path().join("ops/runbook/SKILL.md"),
            "---\nname: runbook\n---\n[ok](../../appsec/threat-modeling/references/stride.md) [missing file](../../appsec/threat-modeling/references/gone.md) [nothing](../gone/x.md)\n",
        )
        .expect("write");
        assert!(lint(t.path(), "ops/runbook").is_empty());
    }
}
