//! Paths as the agent sees them: the placeholders agents replace with the skill's folder (or
//! the plugin's) before a skill is read, and what a link or a mention in a skill names.

use std::path::{Component, Path, PathBuf};

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The folder that holds SKILL.md.
    SkillDir,
    /// The root of the Claude Code plugin the skill belongs to.
    PluginRoot,
}

/// Documented placeholders, longest first.
///
/// * `{baseDir}`: the skill folder (OpenClaw and pi document it; Claude Code's skill loader
///   prints the skill's base directory and skill repositories such as trailofbits/skills write
///   paths this way);
/// * `${CLAUDE_SKILL_DIR}`: the skill folder (Claude Code, *Available string substitutions*);
/// * `${CLAUDE_PLUGIN_ROOT}`: the plugin's root folder (Claude Code, *Plugins reference*).
pub const PLACEHOLDERS: [(&str, Base); 3] = [
    ("${CLAUDE_PLUGIN_ROOT}", Base::PluginRoot),
    ("${CLAUDE_SKILL_DIR}", Base::SkillDir),
    ("{baseDir}", Base::SkillDir),
];

/// A destination with its placeholder (if any) split off: `{baseDir}/references/a.md` gives
/// `(Some(SkillDir), "references/a.md")`.
pub fn split_placeholder(dest: &str) -> (Option<Base>, &str) {
    for (p, base) in PLACEHOLDERS {
        if let Some(rest) = dest.strip_prefix(p) {
            return (Some(base), rest.trim_start_matches('/'));
        }
    }
    (None, dest)
}

/// The folder a placeholder resolves to for a skill in `skill_dir`: the skill folder, or the
/// nearest folder above it that holds `.claude-plugin/` (`None` when there is none).
pub fn base_dir(skill_dir: &Path, base: Base) -> Option<PathBuf> {
    match base {
        Base::SkillDir => Some(skill_dir.to_path_buf()),
        Base::PluginRoot => skill_dir
            .ancestors()
            .find(|d| std::fs::symlink_metadata(d.join(".claude-plugin")).is_ok_and(|m| m.is_dir()))
            .map(Path::to_path_buf),
    }
}

/// True when the last component of `path` has an extension (`run.sh`, `a.tar.gz`), so the path
/// names a file rather than a folder or a word.
pub fn names_file(path: &str) -> bool {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && ext.len() <= 10
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Drops `.` components and resolves `..` lexically (never touching the file system): a `..`
/// removes the previous name, stays at a root, and is kept when nothing is left to remove.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// True when `dir/path` exists. The path is resolved lexically, so `..` never walks back
/// through a symbolic link, and a final symbolic link is not followed.
pub fn exists(dir: &Path, path: &Path) -> bool {
    std::fs::symlink_metadata(normalize(&dir.join(path))).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_split_and_files_are_named() {
        assert_eq!(
            split_placeholder("{baseDir}/references/a.md"),
            (Some(Base::SkillDir), "references/a.md")
        );
        assert_eq!(
            split_placeholder("${CLAUDE_PLUGIN_ROOT}/hooks/x.sh"),
            (Some(Base::PluginRoot), "hooks/x.sh")
        );
        assert_eq!(
            split_placeholder("references/a.md"),
            (None, "references/a.md")
        );
        assert!(names_file("scripts/run.sh"));
        assert!(names_file("references/a.tar.gz"));
        assert!(!names_file("references/citations"));
        assert!(!names_file("references/"));
        assert!(!names_file("assets/.hidden"));
    }

    #[test]
    fn normalize_is_lexical() {
        for (input, want) in [
            ("a/./b/../c", "a/c"),
            ("../../x", "../../x"),
            ("a/../../x", "../x"),
            ("/..", "/"),
        ] {
            assert_eq!(normalize(Path::new(input)), PathBuf::from(want), "{input}");
        }
    }
}
