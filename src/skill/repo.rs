//! What a repository says about its skills before any skill is read: the frontmatter profile its
//! files imply (a Claude Code plugin, a securityskills index) and its own skill template.
//!
//! Only names are looked at (`symlink_metadata`, never following a symbolic link), except the
//! `index.yaml` and the template, which are read with the size limit like any other input.

use std::path::{Path, PathBuf};

use crate::config::{Profile, ProfileSource};
use crate::source;

/// File names taken as the repository's skill template, in the order they are looked for.
pub const TEMPLATE_NAMES: [&str; 7] = [
    "SKILL_TEMPLATE.md",
    "SKILL-TEMPLATE.md",
    "skill_template.md",
    "template/SKILL.md",
    "templates/SKILL.md",
    "template-skill/SKILL.md",
    "skill-template/SKILL.md",
];

/// The folders from `start` (a folder, or a file's folder) up to the repository root: the
/// nearest ancestor holding `.git`, else the file system root. Nearest first.
pub fn ancestors(start: &Path) -> Vec<PathBuf> {
    let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let first = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    let mut out = Vec::new();
    let mut dir = first;
    while let Some(d) = dir {
        out.push(d.to_path_buf());
        if std::fs::symlink_metadata(d.join(".git")).is_ok() {
            break;
        }
        dir = d.parent();
    }
    out
}

/// The profile the repository around `start` implies, and the file that says so.
///
/// From the nearest folder up: an `index.yaml` whose `skills:` entries list `SKILL.md` files
/// is the securityskills layout; a `.claude-plugin/` folder (a plugin or a marketplace) or a
/// `.claude/skills/` folder is Claude Code's. Nothing found: the Agent Skills specification.
pub fn detect_profile(start: &Path, max_size: u64) -> (Profile, ProfileSource) {
    for dir in ancestors(start) {
        let index = dir.join("index.yaml");
        if is_file(&index) && is_securityskills_index(&index, max_size) {
            return (Profile::Securityskills, ProfileSource::Detected(index));
        }
        for marker in [".claude-plugin", ".claude/skills"] {
            let p = dir.join(marker);
            if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir()) {
                return (Profile::ClaudeCode, ProfileSource::Detected(p));
            }
        }
    }
    (Profile::Agentskills, ProfileSource::Default)
}

/// The repository's skill template (see [`TEMPLATE_NAMES`]), nearest folder first.
pub fn find_template(start: &Path) -> Option<PathBuf> {
    ancestors(start).into_iter().find_map(|dir| {
        TEMPLATE_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| is_file(p))
    })
}

/// A skill template: the `##` sections every skill made from it has.
#[derive(Debug, Clone)]
pub struct SkillTemplate {
    /// The template file.
    pub path: PathBuf,
    /// Its level-2 headings, but those marked optional or written as placeholders.
    pub sections: Vec<String>,
}

/// Reads a template. A file that does not start with YAML frontmatter is not a `SKILL.md`
/// template (it documents some other format), and the error says so.
pub fn read_template(path: &Path, max_size: u64) -> Result<SkillTemplate, String> {
    let loaded = source::read(path, max_size)
        .map_err(|e| format!("cannot read: {}", super::discover::describe_io(&e)))?;
    if let Some((problem, _)) = &loaded.problem {
        return Err(problem.to_string());
    }
    let skill = super::Skill::from_source(loaded.file, None);
    if matches!(skill.frontmatter, super::Frontmatter::Missing) {
        return Err(
            "does not start with YAML frontmatter, so it is no SKILL.md template: required sections come from the profile"
                .into(),
        );
    }
    let body = &skill.body;
    let sections = body
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| h.text.trim().to_string())
        .filter(|t| !t.is_empty() && !is_placeholder(t))
        .collect();
    Ok(SkillTemplate {
        path: path.to_path_buf(),
        sections,
    })
}

/// A heading a template marks as optional or leaves to fill in.
fn is_placeholder(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.contains("optional")
        || title.contains('<')
        || title.contains("{{")
        || title.contains('[')
        || lower.contains("todo")
}

fn is_file(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file())
}

/// An `index.yaml` with a `skills:` list whose entries name `SKILL.md` files.
fn is_securityskills_index(path: &Path, max_size: u64) -> bool {
    let Ok(loaded) = source::read(path, max_size) else {
        return false;
    };
    let Ok(doc) = crate::yaml::parse_one(&loaded.file.text) else {
        return false;
    };
    doc.get("skills").is_some_and(|s| {
        s.items().iter().any(|e| {
            e.get("file")
                .and_then(crate::yaml::Node::as_str)
                .is_some_and(|f| f.ends_with("SKILL.md"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }

    #[test]
    fn detects_each_profile_from_the_nearest_marker() {
        let t = tempfile::tempdir().expect("tmp");
        let root = t.path();
        std::fs::create_dir(root.join(".git")).expect("git");
        write(root, "plugins/p/.claude-plugin/plugin.json", "{}");
        write(root, "plugins/p/skills/a/SKILL.md", "---\n---\n");
        write(root, "other/skills/b/SKILL.md", "---\n---\n");
        let max = source::DEFAULT_MAX_FILE_SIZE;
        let (p, src) = detect_profile(&root.join("plugins/p/skills/a"), max);
        assert_eq!(p, Profile::ClaudeCode);
        assert!(
            matches!(src, ProfileSource::Detected(ref d) if d.ends_with("plugins/p/.claude-plugin"))
        );
        assert_eq!(
            detect_profile(&root.join("other"), max),
            (Profile::Agentskills, ProfileSource::Default)
        );
        write(
            root,
            "index.yaml",
            "skills:\n  - id: b\n    file: other/skills/b/SKILL.md\n",
        );
        assert_eq!(
            detect_profile(&root.join("other"), max).0,
            Profile::Securityskills
        );
        // An index of something else is not the securityskills layout.
        write(root, "index.yaml", "pages:\n  - a.md\n");
        assert_eq!(detect_profile(root, max).0, Profile::Agentskills);
        std::fs::create_dir_all(root.join(".claude/skills")).expect("mkdir");
        assert_eq!(detect_profile(root, max).0, Profile::ClaudeCode);
    }

    #[test]
    fn template_sections_are_its_level_two_headings() {
        let t = tempfile::tempdir().expect("tmp");
        write(
            t.path(),
            "SKILL_TEMPLATE.md",
            "---\nname: x\n---\n# Title\n\n## When to Use\n\n## Steps\n### Step 1\n## Examples (optional)\n## <Your section>\n",
        );
        let found = find_template(t.path()).expect("found");
        let tpl = read_template(&found, source::DEFAULT_MAX_FILE_SIZE).expect("reads");
        assert_eq!(tpl.sections, ["When to Use", "Steps"]);
        write(t.path(), "SKILL_TEMPLATE.md", "# Skill\n## Metadata\n");
        let err = read_template(&found, source::DEFAULT_MAX_FILE_SIZE).expect_err("no frontmatter");
        assert!(err.contains("frontmatter"), "{err}");
    }
}
