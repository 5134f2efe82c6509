//! `broken-link`: relative links, images and `references/...` paths that do not exist.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::index_consistency::normalize;
use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::Span;

/// The rule.
pub struct BrokenLink;

static META: RuleMeta = RuleMeta {
    id: "broken-link",
    severity: Severity::Medium,
    summary: "a relative link, image or `references/` path does not exist in the skill folder",
    precision: "high",
    tags: &["correctness", "links"],
    docs: r#"## What it does
Checks every relative link and image in the body (`[checklist](references/checklist.md)`,
`./a.md#section`, `../shared/x.md`) and every bare `references/...` path written in text or
inline code (`` `references/slsa-levels.md` ``): each must name an existing file or folder,
relative to the folder that holds `SKILL.md`. A `#fragment` and a `?query` are dropped and `%20`
style escapes decoded first. Absolute URLs (any `scheme:`), `mailto:`, root-relative `/paths` and
pure `#anchors` are skipped.

The check only asks whether the path exists: nothing is read, and the last component is not
followed if it is a symbolic link.

## Why is this bad?
Skills move detail into `references/` and `templates/`. A broken link means the agent (and the
reviewer) never sees the checklist, scoring table or template the skill relies on, and silently
reviews with less than the skill promises.

## Example
```markdown
See [the SLSA levels](references/slsa-level.md) and `references/attestation-fields.md`.
```
where the folder holds `references/slsa-levels.md` only.

## How to fix
Fix the path (mind the case: `References/` is not `references/` on Linux), add the missing
file, or remove the link.
"#,
};

/// A bare `references/...` path: not part of a longer path or URL.
static BARE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^A-Za-z0-9_./~:-])((?:\./)?references/[A-Za-z0-9_./-]*[A-Za-z0-9_/-])").ok()
});

impl Rule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let file = &skill.file;
        // NOTE: one `stat` per distinct path, and a binary search for "inside a link": a file
        // of a million links must not cost a million stats each or a scan per bare path.
        let mut known: std::collections::HashMap<PathBuf, bool> = Default::default();
        let mut exists = |path: &Path| {
            *known
                .entry(path.to_path_buf())
                .or_insert_with(|| exists(&skill.dir, path))
        };
        let mut out = crate::finding::Cap::new(out);
        for link in &skill.body.links {
            let Some(path) = local_path(&link.dest) else {
                continue;
            };
            if exists(&path) {
                continue;
            }
            let span = dest_span(file.slice(link.span), &link.dest).map_or(link.span, |(s, e)| {
                Span::new(link.span.start + s, link.span.start + e)
            });
            let what = if link.image { "image" } else { "link" };
            out.add(|| {
                Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "{what} target `{}` does not exist in the skill folder",
                        link.dest
                    ),
                    Location::new(file.clone(), span),
                )
                .with_help("fix the path relative to the folder that holds SKILL.md")
            });
        }
        let Some(re) = BARE.as_ref() else { return };
        let body_start = skill.body_start.min(file.text.len());
        // Links may nest (an image in a link): the furthest end among links starting before.
        let mut reach = Vec::with_capacity(skill.body.links.len());
        let mut far = 0;
        for l in &skill.body.links {
            far = far.max(l.span.end);
            reach.push((l.span.start, far));
        }
        let in_link = |at: usize| {
            let n = reach.partition_point(|(s, _)| *s <= at);
            n > 0 && at < reach[n - 1].1
        };
        for caps in re.captures_iter(&file.text[body_start..]) {
            let Some(m) = caps.get(1) else { continue };
            let span = Span::new(body_start + m.start(), body_start + m.end());
            if crate::skill::markdown::in_sorted(&skill.body.code_blocks, span.start, |c| c.span)
                || in_link(span.start)
            {
                continue;
            }
            let Some(path) = local_path(m.as_str()) else {
                continue;
            };
            if exists(&path) {
                continue;
            }
            out.add(|| {
                Finding::new(
                    META.id,
                    META.severity,
                    format!("`{}` does not exist in the skill folder", m.as_str()),
                    Location::new(file.clone(), span),
                )
                .with_help("fix the path, add the file, or remove the mention")
            });
        }
    }
}

/// The local path a destination names, or `None` for URLs, anchors and root-relative paths.
fn local_path(dest: &str) -> Option<PathBuf> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') || has_scheme(dest) {
        return None;
    }
    let no_frag = dest.split(['#', '?']).next().unwrap_or("");
    if no_frag.is_empty() {
        return None;
    }
    let decoded = percent_decode(no_frag);
    let path = PathBuf::from(decoded.replace('\\', "/"));
    if path.has_root() {
        return None;
    }
    Some(path)
}

/// True when `dir/path` exists. The path is resolved lexically, so `..` never walks back
/// through a symbolic link, and a final symbolic link is not followed.
fn exists(dir: &Path, path: &Path) -> bool {
    std::fs::symlink_metadata(normalize(&dir.join(path))).is_ok()
}

/// `scheme:` at the start (`https:`, `mailto:`, `data:`, ...).
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// Decodes `%XX` escapes; invalid escapes stay as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the destination sits in the link's source text (`[x](dest "title")`), if findable.
fn dest_span(src: &str, dest: &str) -> Option<(usize, usize)> {
    let open = src.rfind("](").map(|i| i + 2)?;
    let rest = &src[open..];
    let lead = rest.len() - rest.trim_start_matches([' ', '\t', '\n', '<']).len();
    let start = open + lead;
    let tail = &src[start..];
    let len = tail
        .find(|c: char| c.is_whitespace() || c == '>' || c == ')')
        .unwrap_or(tail.len());
    if len == 0 {
        return None;
    }
    // The written form may carry escapes; trust it when it starts like the parsed one.
    let first = dest.chars().next()?;
    tail.starts_with(first).then_some((start, start + len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LintConfig;

    fn run_fixture(case: &str) -> Vec<Finding> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rules/broken-link")
            .join(case)
            .join("demo-skill/SKILL.md");
        let config = LintConfig::default();
        let Ok(skill) = Skill::load(&path, config.max_file_size) else {
            panic!("fixture {path:?} missing");
        };
        let skills = [skill];
        let cx = LintContext {
            config: &config,
            skills: &skills,
            indexes: &[],
        };
        let mut out = Vec::new();
        BrokenLink.check_skill(&cx, &skills[0], &mut out);
        out
    }

    #[test]
    fn fires_on_missing_targets() {
        let out = run_fixture("fires");
        let got: Vec<(&str, usize, &str)> = out
            .iter()
            .map(|f| {
                (
                    f.message.as_str(),
                    f.location.position().line,
                    f.location.file.slice(f.location.span),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "link target `references/slsa-level.md#top` does not exist in the skill folder",
                    7,
                    "references/slsa-level.md#top"
                ),
                (
                    "image target `img/diagram%20v2.png` does not exist in the skill folder",
                    9,
                    "img/diagram%20v2.png"
                ),
                (
                    "`references/attestation-fields.md` does not exist in the skill folder",
                    11,
                    "references/attestation-fields.md"
                ),
            ]
        );
    }

    #[test]
    fn quiet_when_targets_exist() {
        let out = run_fixture("quiet");
        assert!(
            out.is_empty(),
            "{:?}",
            out.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}
