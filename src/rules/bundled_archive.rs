//! `bundled-archive`: an archive committed inside a skill's folder.

use std::sync::Arc;

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::SourceFile;

/// The rule.
pub(super) struct BundledArchive;

static META: RuleMeta = RuleMeta {
    id: "bundled-archive",
    severity: Severity::Medium,
    summary: "an archive (zip, tarball, wheel, jar, ...) is committed inside the skill",
    precision: "very-high",
    tags: &["security", "supply-chain"],
    docs: r#"## What it does
Reports a file in the skill's folder whose name marks an archive or a packaged program:
`.zip`, `.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tbz2`, `.tar.xz`, `.txz`, `.tar.zst`, `.gz`,
`.bz2`, `.xz`, `.zst`, `.7z`, `.rar`, `.jar`, `.war`, `.whl`, `.egg`. Office documents and other
formats that happen to be zip files (`.docx`, `.xlsx`, `.pptx`) are documents, not archives, and
are not reported. The finding points at the archive.

## Why is this bad?
Reviewers read a skill's text and scripts; nobody reviews the inside of a binary archive in a
pull request. An archive that a script unpacks or installs is code that runs unreviewed, and an
archive left in a skill by accident (`Archive.zip`) ships whatever it happened to hold.

## Example
`skills/web/builder/scripts/components.tar.gz`, unpacked by `scripts/init.sh`.

## How to fix
Commit the archive's contents as reviewable files, or download a pinned release and verify its
checksum when the skill runs; delete archives that were committed by accident.
"#,
};

/// File name endings of archives.
const ARCHIVE_ENDINGS: [&str; 19] = [
    ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".gz",
    ".bz2", ".xz", ".zst", ".7z", ".rar", ".jar", ".war", ".whl", ".egg",
];

impl Rule for BundledArchive {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        for f in skill.files() {
            let name = f.name_lower();
            let Some(ending) = ARCHIVE_ENDINGS.iter().find(|e| name.ends_with(*e)) else {
                continue;
            };
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "`{}` is an archive (`{}`) inside the skill: its contents cannot be reviewed",
                        f.rel,
                        ending.trim_start_matches('.')
                    ),
                    // The finding is about the file itself: point at its start.
                    Location::file_start(Arc::new(SourceFile::new(f.path.clone(), String::new()))),
                )
                .with_help(
                    "commit the archive's contents as files, or download a pinned release and verify its checksum; delete archives committed by accident",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(files: &[&str]) -> Vec<Finding> {
        let t = tempfile::tempdir().expect("tmp");
        let dir = t.path().join("demo-skill");
        for rel in files {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, "PK").expect("write");
        }
        std::fs::write(dir.join("SKILL.md"), "---\nname: demo-skill\n---\n").expect("write");
        crate::rules::testing::run_file(&BundledArchive, &dir.join("SKILL.md"))
    }

    #[test]
    fn fires_on_archives() {
        let out = lint(&["scripts/components.tar.gz", "Archive.zip", "lib/tool.whl"]);
        let got: Vec<&str> = out.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            got,
            [
                "`Archive.zip` is an archive (`zip`) inside the skill: its contents cannot be reviewed",
                "`lib/tool.whl` is an archive (`whl`) inside the skill: its contents cannot be reviewed",
                "`scripts/components.tar.gz` is an archive (`tar.gz`) inside the skill: its contents cannot be reviewed",
            ]
        );
    }

    #[test]
    fn quiet_on_documents_and_text() {
        assert!(
            lint(&[
                "assets/template.docx",
                "assets/deck.pptx",
                "references/zip-format.md"
            ])
            .is_empty()
        );
    }
}
