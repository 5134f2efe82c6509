//! `missing-skill-md`: a folder among skill folders that looks like a skill but has no SKILL.md.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::paths;
use crate::source::{self, SourceFile};

/// The rule.
pub(super) struct MissingSkillMd;

static META: RuleMeta = RuleMeta {
    id: "missing-skill-md",
    severity: Severity::Medium,
    summary: "a folder beside other skills looks like a skill (references/, scripts/, assets/ or a frontmatter file) but has no SKILL.md",
    precision: "high",
    tags: &["correctness", "discovery"],
    docs: r#"## What it does
Looks at the folders that sit beside skill folders (the children of every folder that holds a
skill) and reports one that has no `SKILL.md` in any case, holds no skill further down, and yet
looks like a skill: it has a `references/`, `scripts/` or `assets/` folder, or a Markdown file
that starts with frontmatter naming a `name` and a `description` (a `README.md` or `<name>.md`
written where `SKILL.md` belongs). Hidden folders and plugin folders (with `.claude-plugin/`)
are not skills and are skipped. Symbolic links are not followed.

## Why is this bad?
Agents discover a skill by its `SKILL.md`. A skill folder without one is content that ships
with the repository but that no agent ever loads: usually a rename gone wrong or a skill that was
never finished.

## Example
```text
skills/appsec/
  threat-modeling/SKILL.md
  api-security/README.md        # frontmatter with name: api-security
  api-security/references/owasp-api-top-10.md
```

## How to fix
Name the skill's entry file `SKILL.md` (with frontmatter), or move the folder out from among
the skills if it is not one.
"#,
};

impl Rule for MissingSkillMd {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let skills: HashSet<PathBuf> = cx.skill_dirs.iter().map(|d| paths::normalize(d)).collect();
        // Every folder that holds a skill somewhere below it.
        let mut above: HashSet<PathBuf> = HashSet::new();
        for d in &skills {
            for a in d.ancestors().skip(1) {
                if !above.insert(a.to_path_buf()) {
                    break;
                }
            }
        }
        let containers: BTreeSet<PathBuf> = skills
            .iter()
            .filter_map(|d| d.parent().map(Path::to_path_buf))
            .filter(|c| !skills.contains(c))
            .collect();
        for container in containers {
            let Ok(entries) = std::fs::read_dir(if container.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &container
            }) else {
                continue;
            };
            let mut children: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| container.join(e.file_name()))
                .collect();
            children.sort();
            for dir in children {
                if skills.contains(&dir) || above.contains(&dir) {
                    continue;
                }
                if std::fs::symlink_metadata(dir.join(".claude-plugin")).is_ok() {
                    continue;
                }
                if let Some((file, why)) = skill_like(&dir, cx.config.max_file_size) {
                    let name = dir
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    out.push(
                        Finding::new(
                            META.id,
                            META.severity,
                            format!(
                                "`{name}` sits among skill folders and {why}, but has no SKILL.md: no agent loads it"
                            ),
                            Location::file_start(file),
                        )
                        .with_help("add the skill's SKILL.md (frontmatter and instructions), or move the folder out from among the skills"),
                    );
                }
            }
        }
    }
}

/// Why `dir` looks like a skill, with the file the finding points at.
fn skill_like(dir: &Path, max: u64) -> Option<(Arc<SourceFile>, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return None;
    };
    let mut entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
    // A folder with a skill file is a skill (or the repository's template, which is not linted).
    if entries
        .iter()
        .any(|e| crate::skill::discover::is_skill_file_name(&e.file_name()))
    {
        return None;
    }
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in &entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_file = e.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.to_ascii_lowercase().ends_with(".md") {
            let Ok(loaded) = source::read(&e.path(), max) else {
                continue;
            };
            if loaded.problem.is_none() && has_skill_frontmatter(&loaded.file.text) {
                return Some((
                    loaded.file,
                    format!("`{name}` starts with a skill's frontmatter"),
                ));
            }
        }
    }
    for e in &entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if ["references", "scripts", "assets"].contains(&name.as_str())
            && e.file_type().is_ok_and(|t| t.is_dir())
        {
            let empty = Arc::new(SourceFile::new(e.path(), String::new()));
            return Some((empty, format!("has a `{name}/` folder")));
        }
    }
    None
}

/// Frontmatter at the top with `name:` and `description:` keys.
fn has_skill_frontmatter(text: &str) -> bool {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    let (mut name, mut description) = (false, false);
    for line in lines.take(200) {
        if line.trim_end() == "---" {
            break;
        }
        name |= line.starts_with("name:");
        description |= line.starts_with("description:");
    }
    name && description
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LintConfig;

    fn lint(layout: &[&str]) -> Vec<Finding> {
        let t = tempfile::tempdir().expect("tmp");
        let root = t.path();
        for rel in layout {
            let p = root.join(rel);
            if rel.ends_with('/') {
                std::fs::create_dir_all(&p).expect("mkdir");
                continue;
            }
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            let text = if rel.ends_with(".md") {
                "---\nname: x\ndescription: y\n---\n"
            } else {
                "x"
            };
            std::fs::write(p, text).expect("write");
        }
        let dirs: Vec<PathBuf> = layout
            .iter()
            // A template's SKILL.md is not among the skills lint checks.
            .filter(|r| r.ends_with("/SKILL.md") && !r.contains("template-skill"))
            .map(|r| {
                root.join(r)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default()
            })
            .collect();
        let config = LintConfig::default();
        let cx = LintContext {
            config: &config,
            skills: &[],
            indexes: &[],
            skill_dirs: &dirs,
        };
        let mut out = Vec::new();
        MissingSkillMd.check_repo(&cx, &mut out);
        out
    }

    #[test]
    fn fires_on_skill_like_folders_without_skill_md() {
        let out = lint(&[
            "skills/appsec/threat-modeling/SKILL.md",
            "skills/appsec/api-security/README.md",
            "skills/appsec/api-security/references/x.txt",
            "skills/appsec/half-done/scripts/run.sh",
        ]);
        let got: Vec<&str> = out.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("`api-security` sits among skill folders and `README.md` starts with a skill's frontmatter"));
        assert!(
            got[1].starts_with("`half-done` sits among skill folders and has a `scripts/` folder")
        );
    }

    #[test]
    fn quiet_on_containers_plugins_and_other_folders() {
        let out = lint(&[
            "skills/appsec/threat-modeling/SKILL.md",
            "skills/cloud/iam/SKILL.md",
            "skills/docs/notes.txt",
            "skills/.github/workflows/",
            "skills/plugin/.claude-plugin/plugin.json",
            "skills/plugin/scripts/x.sh",
            "skills/appsec/threat-modeling/references/stride.md",
            // The repository's template: a skill file, not linted, not a missing one.
            "skills/template-skill/SKILL.md",
            "skills/template-skill/references/x.md",
        ]);
        assert!(
            out.is_empty(),
            "{:?}",
            out.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}
