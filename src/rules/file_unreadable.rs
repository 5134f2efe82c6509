//! `file-unreadable`: a SKILL.md that is too large, not UTF-8, or binary.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;

/// The rule.
pub(super) struct FileUnreadable;

static META: RuleMeta = RuleMeta {
    id: "file-unreadable",
    severity: Severity::High,
    summary: "SKILL.md is over the size limit, not valid UTF-8, or binary",
    precision: "very-high",
    tags: &["correctness"],
    docs: r#"## What it does
Reports a `SKILL.md` that skillgate cannot read as text: larger than the size limit (10 MiB by
default, `--max-file-size`), not valid UTF-8 (the finding points at the first bad byte), or
holding a NUL byte.

## Why is this bad?
Agents and tools read skills as UTF-8 text. A file that is not text cannot be reviewed, and a
huge file is almost always a mistake (a committed artifact) or an attempt to slow reviewers down.

## Example
A SKILL.md saved as Latin-1 with `é` as the single byte `0xE9`.

## How to fix
Save the file as UTF-8, remove binary content, or split a very large skill into `references/`.
"#,
};

impl Rule for FileUnreadable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if let Some((problem, span)) = &skill.read_problem {
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    problem.to_string(),
                    Location::new(skill.file.clone(), *span),
                )
                .with_help("save SKILL.md as UTF-8 text under the size limit"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::from_bytes;

    #[test]
    fn fires_on_invalid_utf8() {
        let l = from_bytes("s/SKILL.md".into(), b"---\nname: \xe9\n---\n".to_vec());
        let skill = Skill::from_source(l.file, l.problem);
        let cx = LintContext {
            config: &Default::default(),
            skills: &[],
            indexes: &[],
            skill_dirs: &[],
        };
        let mut out = Vec::new();
        FileUnreadable.check_skill(&cx, &skill, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].location.position().line, 2);
    }

    #[test]
    fn quiet_on_text() {
        assert!(super::super::testing::run(&FileUnreadable, "s/x", "hello").is_empty());
    }
}
