//! `unsafe-file-mode`: a file in a skill is world-writable, setuid or setgid.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::SourceFile;

/// The rule.
pub(super) struct UnsafeFileMode;

static META: RuleMeta = RuleMeta {
    id: "unsafe-file-mode",
    severity: Severity::High,
    summary: "a file in the skill is world-writable, setuid or setgid",
    precision: "very-high",
    tags: &["security", "permissions"],
    docs: r#"## What it does
Reads the permission bits of `SKILL.md` and every other file in the skill's folder (never
following a symbolic link) and reports a file that any user may write (`o+w`), or that runs with
its owner's or group's rights (setuid, setgid). On systems without Unix permissions the rule is
quiet. Git records only whether a file is executable, so the rule finds these modes in working
copies, unpacked archives and installed skills rather than in fresh clones.

## Why is this bad?
An agent runs a skill's scripts and trusts its instructions. A world-writable file can be
rewritten by any local user between review and use; a setuid or setgid script runs with rights
the agent and its user do not have.

## Example
```console
$ ls -l skills/ops/triage/scripts/collect.sh
-rwxrwxrwx  1 dev  staff  812 collect.sh
```

## How to fix
`chmod o-w,u-s,g-s FILE` (typically `chmod 755` for scripts, `644` for other files).
"#,
};

impl Rule for UnsafeFileMode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let mut entries: Vec<(String, u32, std::sync::Arc<SourceFile>)> = Vec::new();
        if let Some(m) = skill_file_mode(skill) {
            entries.push(("SKILL.md".into(), m, skill.file.clone()));
        }
        for f in skill.files() {
            let mode = f.mode();
            if !problems(mode).is_empty() {
                // The finding is about the file itself, whatever it holds: point at its start.
                let file = std::sync::Arc::new(SourceFile::new(f.path.clone(), String::new()));
                entries.push((f.rel.clone(), mode, file));
            }
        }
        for (rel, mode, file) in entries {
            let problems = problems(mode);
            if problems.is_empty() {
                continue;
            }
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "`{rel}` is {} (mode {:o})",
                        problems.join(" and "),
                        mode & 0o7777
                    ),
                    Location::file_start(file),
                )
                .with_help(format!(
                    "run `chmod o-w,u-s,g-s {rel}` in the skill's folder"
                )),
            );
        }
    }
}

fn skill_file_mode(skill: &Skill) -> Option<u32> {
    // Read when SKILL.md was opened; a skill parsed from text in memory has no mode.
    skill.mode.filter(|m| *m != 0)
}

/// What is wrong with a mode, in words.
fn problems(mode: u32) -> Vec<&'static str> {
    let mut out = Vec::new();
    if mode & 0o002 != 0 {
        out.push("world-writable");
    }
    if mode & 0o4000 != 0 {
        out.push("setuid");
    }
    if mode & 0o2000 != 0 {
        out.push("setgid");
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn lint(chmod: u32) -> Vec<Finding> {
        let t = tempfile::tempdir().expect("tmp");
        let dir = t.path().join("demo-skill");
        std::fs::create_dir_all(dir.join("scripts")).expect("mkdir");
        std::fs::write(dir.join("SKILL.md"), "---\nname: demo-skill\n---\n").expect("write");
        let script = dir.join("scripts/collect.sh");
        std::fs::write(&script, "#!/bin/sh\necho ok\n").expect("write");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(chmod)).expect("chmod");
        crate::rules::testing::run_file(&UnsafeFileMode, &dir.join("SKILL.md"))
    }

    #[test]
    fn fires_on_world_writable_and_setuid() {
        let out = lint(0o4777);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message,
            "`scripts/collect.sh` is world-writable and setuid (mode 4777)"
        );
        assert!(
            out[0]
                .location
                .path_display()
                .ends_with("scripts/collect.sh")
        );
    }

    #[test]
    fn quiet_on_usual_modes() {
        assert!(lint(0o755).is_empty());
        assert!(lint(0o644).is_empty());
    }
}
