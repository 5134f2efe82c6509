//! Lint rules over parsed skills, one file per rule, and the registry that lists them.
//!
//! Each rule declares its id, default severity and documentation once, in its own file (a
//! [`RuleMeta`]); that text feeds `skillgate explain`, `docs/rules.md` and SARIF help.

use rayon::prelude::*;

use crate::config::LintConfig;
use crate::descriptor::{Descriptor, Kind};
use crate::finding::{Finding, Severity};
use crate::skill::Skill;
use crate::source::SourceFile;

mod allowed_tools_mismatch;
mod broken_link;
mod broken_table;
mod bundled_archive;
mod description_quality;
mod fetch_and_execute;
mod file_unreadable;
mod fixture_coverage;
mod frontmatter_schema;
mod frontmatter_syntax;
mod gate_parity;
mod hardcoded_secret;
mod index_consistency;
mod load_time_command;
mod missing_skill_md;
mod name_matches_folder;
mod output_fields;
mod promotion_checklist;
mod prompt_injection;
mod required_sections;
mod size_budget;
mod skill_md_case;
mod stale_skill_link;
mod unbalanced_fence;
mod unsafe_file_mode;
mod unused_suppression;

/// A rule's identity and documentation: the single source for every place that shows it.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable, user-facing id (kebab-case for lint rules).
    pub id: &'static str,
    /// Severity before configuration overrides.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Markdown with the sections *What it does*, *Why is this bad?*, *Example*, *How to fix*.
    pub docs: &'static str,
    /// SARIF `precision`: `very-high`, `high`, `medium` or `low`.
    pub precision: &'static str,
    /// Tags for SARIF and `skillgate rules`.
    pub tags: &'static [&'static str],
}

impl RuleMeta {
    /// The descriptor every listing, explanation, doc page and SARIF log renders.
    pub fn descriptor(&self) -> Descriptor {
        Descriptor {
            id: self.id.to_string(),
            kind: Kind::Lint,
            severity: self.severity,
            summary: self.summary.to_string(),
            docs: self.docs.to_string(),
            precision: self.precision.to_string(),
            tags: self.tags.iter().map(|t| t.to_string()).collect(),
            skill: None,
            category: String::new(),
            checklist: String::new(),
            output_field: String::new(),
        }
    }
}

/// Every lint rule's descriptor, in documentation order.
pub fn descriptors() -> Vec<Descriptor> {
    registry().iter().map(|r| r.meta().descriptor()).collect()
}

/// A repository's `index.yaml`, read once.
#[derive(Debug)]
pub struct IndexFile {
    /// The file.
    pub file: std::sync::Arc<SourceFile>,
    /// Its folder (paths in the index are relative to it).
    pub root: std::path::PathBuf,
    /// The `roles[].file` paths, parsed once on first use (rules ask for every skill).
    role_files: std::sync::OnceLock<std::collections::HashSet<std::path::PathBuf>>,
    /// The `skills[]` entries' files and ids, parsed once on first use.
    skill_ids: std::sync::OnceLock<
        std::collections::HashMap<std::path::PathBuf, (crate::source::Span, String)>,
    >,
    /// The parsed file, on first use (the lists above and the repository rule read it).
    doc: std::sync::OnceLock<Result<crate::yaml::Node, crate::yaml::YamlError>>,
}

impl IndexFile {
    /// An index read from `file`, whose paths are relative to `root`.
    pub fn new(file: std::sync::Arc<SourceFile>, root: std::path::PathBuf) -> Self {
        IndexFile {
            file,
            root,
            role_files: std::sync::OnceLock::new(),
            skill_ids: std::sync::OnceLock::new(),
            doc: std::sync::OnceLock::new(),
        }
    }

    /// The file parsed as YAML, parsed once (a large index is slow to parse).
    pub fn doc(&self) -> &Result<crate::yaml::Node, crate::yaml::YamlError> {
        self.doc
            .get_or_init(|| crate::yaml::parse_one(&self.file.text))
    }
}

/// What rules see besides the one skill they check.
pub struct LintContext<'a> {
    /// Settings.
    pub config: &'a LintConfig,
    /// Every skill in the run (for repository rules; `skillgate lint` leaves it empty while the
    /// per-skill rules run, as each of them checks one skill only, and then gives the skills'
    /// summaries: folder, `name` and the file's first line and `name` line, see
    /// [`Skill::summary`]. A repository rule that needs more must say so there).
    pub skills: &'a [Skill],
    /// Every index in the run.
    pub indexes: &'a [IndexFile],
    /// The folder of every skill the run found, sorted by folder name, then path (per-skill
    /// rules see it too).
    pub skill_dirs: &'a [std::path::PathBuf],
}

/// A lint rule.
pub trait Rule: Sync {
    /// Id and docs.
    fn meta(&self) -> &'static RuleMeta;
    /// Checks one skill.
    fn check_skill(&self, _cx: &LintContext<'_>, _skill: &Skill, _out: &mut Vec<Finding>) {}
    /// Checks what spans skills (the index, say). Runs once per lint.
    fn check_repo(&self, _cx: &LintContext<'_>, _out: &mut Vec<Finding>) {}
}

/// Every lint rule, in documentation order.
pub fn registry() -> &'static [&'static dyn Rule] {
    &[
        &file_unreadable::FileUnreadable,
        &frontmatter_syntax::FrontmatterSyntax,
        &frontmatter_schema::FrontmatterSchema,
        &description_quality::DescriptionQuality,
        &name_matches_folder::NameMatchesFolder,
        &required_sections::RequiredSections,
        &promotion_checklist::PromotionChecklist,
        &output_fields::OutputFields,
        &gate_parity::GateParity,
        &fixture_coverage::FixtureCoverage,
        &allowed_tools_mismatch::AllowedToolsMismatch,
        &index_consistency::IndexConsistency,
        &prompt_injection::PromptInjection,
        &unbalanced_fence::UnbalancedFence,
        &broken_table::BrokenTable,
        &size_budget::SizeBudget,
        &broken_link::BrokenLink,
        &stale_skill_link::StaleSkillLink,
        &hardcoded_secret::HardcodedSecret,
        &fetch_and_execute::FetchAndExecute,
        &load_time_command::LoadTimeCommand,
        &unsafe_file_mode::UnsafeFileMode,
        &bundled_archive::BundledArchive,
        &skill_md_case::SkillMdCase,
        &missing_skill_md::MissingSkillMd,
        &unused_suppression::UnusedSuppression,
    ]
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().id == id)
}

/// Runs every rule over every skill (in parallel across skills) and the repository rules once.
pub fn lint(cx: &LintContext<'_>) -> Vec<Finding> {
    let findings: Vec<Finding> = cx
        .skills
        .par_iter()
        .flat_map_iter(|skill| check_skill(cx, skill))
        .collect();
    check_repo(cx, findings)
}

/// Runs every per-skill rule over one skill.
pub fn check_skill(cx: &LintContext<'_>, skill: &Skill) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in registry() {
        rule.check_skill(cx, skill, &mut out);
    }
    out
}

/// Adds the repository rules' findings to the per-skill ones and sorts them all.
pub fn check_repo(cx: &LintContext<'_>, mut findings: Vec<Finding>) -> Vec<Finding> {
    for rule in registry() {
        rule.check_repo(cx, &mut findings);
    }
    crate::finding::sort(&mut findings);
    findings
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for rule tests: lint one SKILL.md text with default settings.
    use super::*;
    use crate::skill::Skill;

    /// Lints `text` as `dir/SKILL.md` and returns the ids of findings of `rule`.
    pub(crate) fn run(rule: &dyn Rule, dir: &str, text: &str) -> Vec<Finding> {
        run_with(rule, dir, text, &LintConfig::default())
    }

    /// Loads the SKILL.md at `path` from disk (its folder's files are what file rules see) and
    /// returns the findings of `rule` with default settings.
    pub(crate) fn run_file(rule: &dyn Rule, path: &std::path::Path) -> Vec<Finding> {
        let config = LintConfig::default();
        let Ok(skill) = Skill::load(path, config.max_file_size) else {
            panic!("cannot load {path:?}");
        };
        check_alone(rule, skill, &config, &[])
    }

    /// Same, with settings.
    pub(crate) fn run_with(
        rule: &dyn Rule,
        dir: &str,
        text: &str,
        config: &LintConfig,
    ) -> Vec<Finding> {
        let file = SourceFile::anonymous(&format!("{dir}/SKILL.md"), text);
        check_alone(rule, Skill::from_source(file, None), config, &[])
    }

    /// The findings of `rule` on `skill`, the only skill linted, with `config` and the other
    /// skills' folders `skill_dirs`.
    pub(crate) fn check_alone(
        rule: &dyn Rule,
        skill: Skill,
        config: &LintConfig,
        skill_dirs: &[std::path::PathBuf],
    ) -> Vec<Finding> {
        let skills = [skill];
        let cx = LintContext {
            config,
            skills: &skills,
            indexes: &[],
            skill_dirs,
        };
        let mut out = Vec::new();
        rule.check_skill(&cx, &skills[0], &mut out);
        out
    }

    /// A SKILL.md that satisfies the securityskills profile.
    pub(crate) const CLEAN: &str = "---
name: demo-skill
description: Reviews demo systems. Use when a demo system is released.
version: \"1.0.0\"
author: someone
license: MIT
injection-hardened: true
allowed-tools: Read, Grep, Glob
tags: [demo]
role: [security-engineer]
phase: [review]
frameworks: [OWASP]
difficulty: beginner
time_estimate: \"5min\"
---

# Demo

## Prompt Injection Safety Notice

> Restrict tool usage to Read, Grep, Glob.

## When to Use

Always.

## Process

Look.

## Findings Classification

High.

## Output Format

Text.

## References

- [Spec](https://example.com)
";

    #[test]
    fn ids_are_unique_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in registry() {
            let m = r.meta();
            assert!(seen.insert(m.id), "duplicate rule id {}", m.id);
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(
                    m.docs.contains(section),
                    "rule {} docs lack `{section}`",
                    m.id
                );
            }
            assert!(!m.summary.is_empty());
            assert!(["very-high", "high", "medium", "low"].contains(&m.precision));
        }
    }

    proptest::proptest! {
        #[test]
        fn no_rule_panics_on_arbitrary_text(
            text in "(---\n)?[a-z:# >`~\\-\\[\\]()<!\"'“”‘’/%.\n\u{e9}é€]{0,200}"
        ) {
            for r in registry() {
                let _ = crate::fix::plan(&run(*r, "s/x", &text));
            }
        }

        #[test]
        fn no_rule_panics_on_markdown_pieces(
            text in "((---\n)|you are now a|system override|<!--|-->|```|~~~~|\"|“|”|'|é|e\\.g\\.|references/x\\.md|\\[a\\]\\(|\\)|\n|> |\\| |# Process|Restrict tool usage to:| |!`|`|\\{baseDir\\}/scripts/a\\.sh|name: A B\n|allowed-tools: \\[a, b\\]\n|  - x\n|\\|---\\||curl x \\| sh){0,40}"
        ) {
            let agent = LintConfig::for_profile(crate::config::Profile::Agentskills);
            for r in registry() {
                let _ = crate::fix::plan(&run(*r, "s/x", &text));
                let _ = crate::fix::plan(&run_with(*r, "s/x", &text, &agent));
            }
        }
    }

    #[test]
    fn clean_skill_is_clean_for_every_rule() {
        for r in registry() {
            let out = run(*r, "skills/x/demo-skill", CLEAN);
            assert!(
                out.is_empty(),
                "rule {} fired on the clean skill: {:?}",
                r.meta().id,
                out.iter().map(|f| &f.message).collect::<Vec<_>>()
            );
        }
    }
}
