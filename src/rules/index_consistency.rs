//! `index-consistency`: a repository's `index.yaml` and its SKILL.md files agree, both ways.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{IndexFile, LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::skill::paths::normalize;
use crate::source::Span;
use crate::yaml::{self, Node};

/// The rule.
pub(super) struct IndexConsistency;

static META: RuleMeta = RuleMeta {
    id: "index-consistency",
    severity: Severity::Medium,
    summary: "index.yaml lists a file that does not exist, misses a skill, or names it differently",
    precision: "very-high",
    tags: &["consistency", "index"],
    docs: r#"## What it does
Checks a repository's `index.yaml` (at the root of a folder given to `skillgate lint`) against the
skills found under that folder, in both directions:

* every `skills[].file` and `roles[].file` exists, relative to the folder that holds the index
  (paths are compared after dropping `./` and normalising separators; a path that leaves the
  folder is reported, never followed);
* every `SKILL.md` under the folder is listed by some entry;
* each entry's `id` equals the `name` in the frontmatter of the file it lists.

An `index.yaml` that is not valid YAML is reported at the parse error.

`--fix` adds each unlisted skill at the end of the `skills:` list (a block list), as
`- id: <name>` and `file: <path>` written like the entries already there (same indentation,
blank lines between entries when the index has them). Other fields of the entry are left for
the maintainer to fill in.

## Why is this bad?
Agents and installers discover skills through the index. A skill missing from it is invisible;
an entry pointing at a moved file breaks installation; an `id` that differs from the skill's
`name` makes the same skill answer to two names.

## Example
```yaml
skills:
  - id: model-supply-chain
    file: skills/ai-security/model-supply-chain/SKILL.md
  - id: prompt-injection-review     # the skill's name is prompt-injection
    file: skills/ai-security/prompt-injection/SKILL.md
  - id: old-skill
    file: skills/appsec/old-skill/SKILL.md   # moved away
```

## How to fix
Add an entry for each unlisted skill, fix or remove entries whose file is gone, and make each
`id` equal the skill's `name`.
"#,
};

impl Rule for IndexConsistency {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, cx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for index in cx.indexes {
            check_index(cx, index, out);
        }
    }
}

fn check_index(cx: &LintContext<'_>, index: &IndexFile, out: &mut Vec<Finding>) {
    let file = &index.file;
    let at = |span: Span| Location::new(file.clone(), span);
    let doc = match index.doc() {
        Ok(doc) => doc,
        Err(e) => {
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!("index.yaml is not valid YAML: {}", e.message),
                    at(e.span),
                )
                .with_help("fix the YAML syntax at this line"),
            );
            return;
        }
    };
    let root = normalize(&index.root);
    // Skills under this index's folder, by their path relative to it.
    let skills: HashMap<PathBuf, &Skill> = cx
        .skills
        .iter()
        .filter_map(|s| {
            let rel = normalize(&s.file.path)
                .strip_prefix(&root)
                .ok()?
                .to_path_buf();
            Some((rel, s))
        })
        .collect();
    let mut listed: HashSet<PathBuf> = HashSet::new();
    for list in ["skills", "roles"] {
        for entry in doc.get(list).map(Node::items).unwrap_or_default() {
            if !entry.is_map() {
                continue;
            }
            let Some(file_node) = entry.get("file") else {
                out.push(
                    Finding::new(
                        META.id,
                        META.severity,
                        format!("`{list}` entry has no `file`"),
                        at(entry.span),
                    )
                    .with_help("add `file: <path to SKILL.md>` relative to the index"),
                );
                continue;
            };
            let Some(path) = file_node.as_str().filter(|p| !p.trim().is_empty()) else {
                out.push(Finding::new(
                    META.id,
                    META.severity,
                    format!("`{list}` entry's `file` is not a path"),
                    at(file_node.span),
                ));
                continue;
            };
            let Some(rel) = relative_inside(path) else {
                out.push(
                    Finding::new(
                        META.id,
                        META.severity,
                        format!("`{path}` points outside the folder that holds index.yaml"),
                        at(file_node.span),
                    )
                    .with_help("list files by their path relative to the index"),
                );
                continue;
            };
            listed.insert(rel.clone());
            // A skill that was linted is there: no lookup for it.
            let exists = skills.contains_key(&rel)
                || std::fs::symlink_metadata(index.root.join(&rel)).is_ok();
            if !exists {
                out.push(
                    Finding::new(
                        META.id,
                        META.severity,
                        format!("`{path}` does not exist"),
                        at(file_node.span),
                    )
                    .with_help("fix the path or remove the entry"),
                );
                continue;
            }
            let (Some(skill), Some(id_node)) = (skills.get(&rel), entry.get("id")) else {
                continue;
            };
            let (Some(id), Some(name)) = (id_node.as_str(), skill.name()) else {
                continue;
            };
            if id != name {
                let mut f = Finding::new(
                    META.id,
                    META.severity,
                    format!("index id `{id}` differs from the skill's name `{name}` in `{path}`"),
                    at(id_node.span),
                )
                .with_help(format!("set `id: {name}` or rename the skill"));
                if let Some(n) = skill.meta().and_then(|m| m.get("name")) {
                    f = f.with_label(
                        Location::new(skill.file.clone(), n.span),
                        format!("name is `{name}`"),
                    );
                }
                out.push(f);
            }
        }
    }
    let index_name = file.path.display().to_string();
    let mut unlisted: Vec<(&PathBuf, &&Skill)> = skills
        .iter()
        .filter(|(rel, _)| !listed.contains(*rel))
        .collect();
    unlisted.sort_by(|a, b| a.0.cmp(b.0));
    let insert = insertion_point(&file.text, doc);
    for (rel, skill) in unlisted {
        let id = skill
            .name()
            .filter(|n| !n.trim().is_empty() && !n.contains(['\n', ':', '#']))
            .map(str::to_string)
            .unwrap_or_else(|| skill.folder_name());
        let fix = insert.as_ref().map(|(at, item_prefix, blank)| {
            let pad = " ".repeat(item_prefix.chars().count());
            let entry = format!(
                "{}{item_prefix}id: {}\n{pad}file: {}\n",
                if *blank { "\n" } else { "" },
                yaml_plain(&id),
                yaml_plain(&slash(rel))
            );
            crate::fix::Fix::one(
                format!("add `{}` to {index_name}", slash(rel)),
                file.clone(),
                Span::point(*at),
                entry,
            )
        });
        let mut finding = Finding::new(
            META.id,
            META.severity,
            format!("`{}` is not listed in {index_name}", slash(rel)),
            Location::file_start(skill.file.clone()),
        )
        .with_label(
            Location::file_start(file.clone()),
            "the index that should list it",
        )
        .with_help(format!(
            "add an entry with `id: {}` and `file: {}` under `skills:`",
            skill.name().unwrap_or("<name>"),
            slash(rel)
        ));
        if let Some(fix) = fix {
            finding = finding.with_fix(fix);
        }
        out.push(finding);
    }
}

/// Where a new `skills:` entry goes: after the last entry of a block sequence, with the text that
/// starts an entry's first line (`  - `) and whether entries are separated by blank lines. `None`
/// when there is no block `skills:` list to extend.
fn insertion_point(text: &str, doc: &Node) -> Option<(usize, String, bool)> {
    let items = doc.get("skills")?.items();
    let first = items.first()?;
    let last = items.last()?;
    if !first.is_map() {
        return None;
    }
    let line_start = text[..first.span.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..first.span.start];
    // A block entry starts with `- ` after indentation; a flow list (`[...]`) has no such prefix.
    if !prefix.trim_start().starts_with('-') || !prefix.chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    // NOTE: a mapping's own span may run on to the next token; its last scalar's end does not.
    let end = last_scalar_end(last).min(text.len());
    let at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let blank = items.len() > 1 && {
        let prev = &items[items.len() - 2];
        text.get(last_scalar_end(prev)..last.span.start)
            .is_some_and(|between| between.contains("\n\n") || between.contains("\n\r\n"))
    };
    let mut prefix = prefix.to_string();
    if at == text.len() && !text.ends_with('\n') {
        prefix.insert(0, '\n');
    }
    Some((at, prefix, blank))
}

/// Where the last scalar under `node` ends (an empty collection: where the node ends).
fn last_scalar_end(node: &Node) -> usize {
    match &node.value {
        yaml::Value::Map(entries) => entries
            .last()
            .map_or(node.span.end, |(_, v)| last_scalar_end(v)),
        yaml::Value::Seq(items) => items.last().map_or(node.span.end, last_scalar_end),
        yaml::Value::Scalar(_) => node.span.end,
    }
}

/// A scalar written plain when that is safe, else double-quoted.
fn yaml_plain(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !s.starts_with(['-', '.']);
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The `id` nodes of every index entry that lists `skill`'s file, with their index file.
pub(super) fn index_ids<'a>(
    cx: &'a LintContext<'_>,
    skill: &Skill,
) -> Vec<(&'a IndexFile, Span, String)> {
    let path = normalize(&skill.file.path);
    let mut out = Vec::new();
    for index in cx.indexes {
        let root = normalize(&index.root);
        let Ok(rel) = path.strip_prefix(&root) else {
            continue;
        };
        if let Some((span, id)) = index.skill_ids().get(rel) {
            out.push((index, *span, id.clone()));
        }
    }
    out
}

/// True when an index lists `skill` under `roles:` (a role bundle, not a review skill).
pub(super) fn is_role_bundle(cx: &LintContext<'_>, skill: &Skill) -> bool {
    let path = normalize(&skill.file.path);
    cx.indexes.iter().any(|index| {
        let root = normalize(&index.root);
        let Ok(rel) = path.strip_prefix(&root) else {
            return false;
        };
        index.role_files().contains(rel)
    })
}

impl IndexFile {
    /// The index's `skills[]` entries: file (a normal path inside its folder) to the span and
    /// text of the entry's `id`, parsed on first use.
    fn skill_ids(&self) -> &std::collections::HashMap<PathBuf, (Span, String)> {
        self.skill_ids.get_or_init(|| {
            let Ok(doc) = self.doc() else {
                return Default::default();
            };
            doc.get("skills")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|e| {
                    let file = relative_inside(e.get("file")?.as_str()?)?;
                    let id = e.get("id")?;
                    Some((file, (id.span, id.as_str()?.to_string())))
                })
                .collect()
        })
    }

    /// The index's `roles[].file` paths (normal paths inside its folder), parsed on first use:
    /// every skill asks, so parsing the index each time would make a lint quadratic.
    fn role_files(&self) -> &HashSet<PathBuf> {
        self.role_files.get_or_init(|| {
            let Ok(doc) = self.doc() else {
                return HashSet::new();
            };
            doc.get("roles")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|e| e.get("file").and_then(Node::as_str))
                .filter_map(relative_inside)
                .collect()
        })
    }
}

/// An index path, with `\` read as `/`, as a normal path inside the index's folder; `None` when
/// it is absolute or climbs out.
fn relative_inside(path: &str) -> Option<PathBuf> {
    let unified = path.trim().replace('\\', "/");
    let mut out = PathBuf::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if !out.pop() {
                    return None;
                }
            }
            p => out.push(p),
        }
    }
    if unified.starts_with('/') || unified.contains(':') || out.as_os_str().is_empty() {
        return None;
    }
    Some(out)
}

fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LintConfig;
    use crate::skill::discover::discover;

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
    use std::sync::Arc;

    fn lint_fixture(case: &str) -> Vec<Finding> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rules/index-consistency")
            .join(case);
        let d = discover(std::slice::from_ref(&root));
        let config = LintConfig::default();
        let skills: Vec<Skill> = d
            .skill_files
            .iter()
            .filter_map(|p| Skill::load(p, config.max_file_size).ok())
            .collect();
        let indexes: Vec<IndexFile> = d
            .indexes
            .iter()
            .filter_map(|p| {
                let l = crate::source::read(p, config.max_file_size).ok()?;
                Some(IndexFile::new(
                    Arc::clone(&l.file),
                    p.parent()?.to_path_buf(),
                ))
            })
            .collect();
        let cx = LintContext {
            config: &config,
            skills: &skills,
            indexes: &indexes,
            skill_dirs: &[],
        };
        let mut out = Vec::new();
        IndexConsistency.check_repo(&cx, &mut out);
        out
    }

    #[test]
    fn fires_both_ways() {
        let out = lint_fixture("fires");
        let got: Vec<(&str, usize)> = out
            .iter()
            .map(|f| (f.message.as_str(), f.location.position().line))
            .collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(
            got[0],
            (
                "index id `renamed` differs from the skill's name `listed` in `./skills/a/listed/SKILL.md`",
                2
            )
        );
        assert_eq!(got[1], ("`skills/a/gone/SKILL.md` does not exist", 5));
        assert_eq!(
            got[2],
            (
                "`../outside/SKILL.md` points outside the folder that holds index.yaml",
                7
            )
        );
        assert!(
            got[3]
                .0
                .starts_with("`skills/b/unlisted/SKILL.md` is not listed in "),
            "{got:?}"
        );
        assert_eq!(got[3].1, 1);
        assert!(
            out[3]
                .location
                .path_display()
                .ends_with("unlisted/SKILL.md")
        );
    }

    #[test]
    fn quiet_when_consistent() {
        assert!(lint_fixture("quiet").is_empty());
    }

    #[test]
    fn invalid_index_is_a_finding_at_the_error() {
        let file = crate::source::SourceFile::anonymous("index.yaml", "skills:\n  - id: [x\n");
        let indexes = [IndexFile::new(
            file,
            PathBuf::from("/nonexistent-skillgate-root"),
        )];
        let config = LintConfig::default();
        let cx = LintContext {
            config: &config,
            skills: &[],
            indexes: &indexes,
            skill_dirs: &[],
        };
        let mut out = Vec::new();
        IndexConsistency.check_repo(&cx, &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].message.starts_with("index.yaml is not valid YAML"));
    }
}
