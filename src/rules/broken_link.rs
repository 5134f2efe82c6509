//! `broken-link`: relative links, images and mentions of a skill's files that do not exist.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::skill::paths::{self, Base};
use crate::source::Span;

/// The rule.
pub(super) struct BrokenLink;

static META: RuleMeta = RuleMeta {
    id: "broken-link",
    severity: Severity::Medium,
    summary: "a relative link, image or mention of a `references/`, `scripts/` or `assets/` file does not exist",
    precision: "high",
    tags: &["correctness", "links"],
    docs: r#"## What it does
Checks, as the agent sees them, the paths a skill names:

* every relative link and image in the body (`[checklist](references/checklist.md)`,
  `./a.md#section`, `../shared/x.md`);
* every mention of a file under `references/`, `scripts/` or `assets/` in text or inline code
  (`` `scripts/extract.py` ``, see references/slsa-levels.md);
* every path written after a skill-folder placeholder, anywhere in the body, code blocks
  included: `{baseDir}/references/x.md` and `${CLAUDE_SKILL_DIR}/scripts/run.sh` name the skill's
  folder, `${CLAUDE_PLUGIN_ROOT}/hooks/check.sh` the Claude Code plugin's root (the nearest
  folder above the skill that holds `.claude-plugin/`).

Links resolve against the folder that holds `SKILL.md`. A mention counts only when it names a
file (its last part has an extension): "add a references/citations section" is prose, not a
path. Mentions in code blocks without a placeholder are examples of the reader's project and
are not checked. A `#fragment` and a `?query` are dropped and `%20` style escapes decoded first.
Absolute URLs (any `scheme:`), `mailto:`, root-relative `/paths` and pure `#anchors` are skipped.
A missing path written several times in one skill is one finding, at its first occurrence, with
the others as notes; a link to another skill's folder that moved is `stale-skill-link`'s.

The check only asks whether the path exists: nothing is read, and the last component is not
followed if it is a symbolic link.

## Why is this bad?
Skills move detail into `references/`, `scripts/` and `assets/`. A broken link means the agent
(and the reviewer) never sees the checklist, scoring table, script or template the skill relies
on, and silently works with less than the skill promises.

## Example
```markdown
See [the SLSA levels](reference/slsa-levels.md) and run `scripts/verify.py`.
```
where the folder holds `references/slsa-levels.md` and no `scripts/verify.py`.

## How to fix
Fix the path (mind the case and the plural: `References/` and `reference/` are not
`references/` on Linux), add the missing file, or remove the link.
"#,
};

/// A mention of a file under one of the Agent Skills folders. It starts with a literal, so the
/// regex engine finds candidates with a fast literal search; whether it is part of a longer path
/// or URL is checked on the character before it ([`starts_a_path`]).
static BARE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:\./)?(?:references|scripts|assets)/[A-Za-z0-9_./-]*[A-Za-z0-9_/-]").ok()
});

/// True when a mention at `at` is not the tail of a longer path, URL or placeholder.
fn starts_a_path(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_ascii_alphanumeric() || "_./~:$}-".contains(c)))
}

/// A path after a skill-folder placeholder.
static PLACED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?:\{baseDir\}|\$\{CLAUDE_SKILL_DIR\}|\$\{CLAUDE_PLUGIN_ROOT\})/[A-Za-z0-9_./-]*[A-Za-z0-9_/-]",
    )
    .ok()
});

/// One way a skill names a path.
struct Occurrence {
    span: Span,
    written: String,
    kind: &'static str,
    help: Option<String>,
}

impl Rule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let file = &skill.file;
        // Missing targets (resolved) with every place that names them, in reading order.
        let mut missing: BTreeMap<PathBuf, Vec<Occurrence>> = BTreeMap::new();
        let mut note = |resolved: PathBuf, occ: Occurrence| {
            missing.entry(resolved).or_default().push(occ);
        };
        // NOTE: one `stat` per distinct written path: a file naming one path a million times
        // must not cost a million stats.
        let mut known: HashMap<(String, bool), Option<(PathBuf, bool)>> = HashMap::new();
        let mut resolve = |skill: &Skill, dest: &str, link: bool| {
            known
                .entry((dest.to_string(), link))
                .or_insert_with(|| resolve(skill, dest, link))
                .clone()
        };
        for link in &skill.body.links {
            let Some((resolved, exists)) = resolve(skill, &link.dest, true) else {
                continue;
            };
            if exists || super::stale_skill_link::relocated(cx, skill, &resolved).is_some() {
                continue;
            }
            let span = dest_span(file.slice(link.span), &link.dest).map_or(link.span, |(s, e)| {
                Span::new(link.span.start + s, link.span.start + e)
            });
            note(
                resolved,
                Occurrence {
                    span,
                    written: link.dest.clone(),
                    kind: if link.image {
                        "image target"
                    } else {
                        "link target"
                    },
                    help: plugin_root_hint(skill, &link.dest),
                },
            );
        }
        let body_start = skill.body_start.min(file.text.len());
        let body = &file.text[body_start..];
        let link_spans: Vec<Span> = skill.body.links.iter().map(|l| l.span).collect();
        let code_spans: Vec<Span> = skill.body.code_blocks.iter().map(|c| c.span).collect();
        if let Some(re) = PLACED.as_ref() {
            let mut in_link = Cursor::new(&link_spans);
            for m in re.find_iter(body) {
                let span = Span::new(body_start + m.start(), body_start + m.end());
                if in_link.covers(span.start) || !paths::names_file(m.as_str()) {
                    continue;
                }
                let Some((resolved, exists)) = resolve(skill, m.as_str(), false) else {
                    continue;
                };
                if !exists {
                    note(
                        resolved,
                        Occurrence {
                            span,
                            written: m.as_str().to_string(),
                            kind: "",
                            help: plugin_root_hint(skill, m.as_str()),
                        },
                    );
                }
            }
        }
        // NOTE: per line and per path, once: a line of a million bare mentions must not be
        // scanned (or its folders stat'ed) a million times.
        let mut example_lines: HashMap<usize, bool> = HashMap::new();
        let mut above: HashMap<String, bool> = HashMap::new();
        if let Some(re) = BARE.as_ref() {
            let (mut in_link, mut in_code) = (Cursor::new(&link_spans), Cursor::new(&code_spans));
            for m in re.find_iter(body) {
                let span = Span::new(body_start + m.start(), body_start + m.end());
                if !starts_a_path(body, m.start())
                    || in_code.covers(span.start)
                    || in_link.covers(span.start)
                    || !paths::names_file(m.as_str())
                {
                    continue;
                }
                let Some((resolved, exists)) = resolve(skill, m.as_str(), false) else {
                    continue;
                };
                if exists
                    || placeholder_stem(m.as_str())
                    || *example_lines
                        .entry(file.line_index(span.start))
                        .or_insert_with(|| is_example(&file.text, span.start))
                    || *above
                        .entry(m.as_str().to_string())
                        .or_insert_with(|| exists_above(&skill.dir, m.as_str()))
                {
                    continue;
                }
                note(
                    resolved,
                    Occurrence {
                        span,
                        written: m.as_str().to_string(),
                        kind: "",
                        help: None,
                    },
                );
            }
        }
        let mut findings: Vec<Finding> = missing
            .into_values()
            .filter_map(|mut occs| {
                occs.sort_by_key(|o| o.span.start);
                let mut it = occs.into_iter();
                let first = it.next()?;
                let message = if first.kind.is_empty() {
                    format!("`{}` does not exist in the skill folder", first.written)
                } else {
                    format!(
                        "{} `{}` does not exist in the skill folder",
                        first.kind, first.written
                    )
                };
                let mut f = Finding::new(
                    META.id,
                    META.severity,
                    message,
                    Location::new(file.clone(), first.span),
                )
                .with_help(first.help.clone().unwrap_or_else(|| {
                    if first.kind.is_empty() {
                        "fix the path, add the file, or remove the mention".into()
                    } else {
                        "fix the path relative to the folder that holds SKILL.md".into()
                    }
                }));
                let more = it.len().saturating_sub(MAX_LABELS);
                for o in it.by_ref().take(MAX_LABELS) {
                    f = f.with_label(
                        Location::new(file.clone(), o.span),
                        format!("`{}` is named here too", o.written),
                    );
                }
                if more > 0 {
                    f.message.push_str(&format!(" (named {more} more times)"));
                }
                Some(f)
            })
            .collect();
        findings.sort_by_key(|f| f.location.span.start);
        let mut out = crate::finding::Cap::new(out);
        for f in findings {
            out.add(|| f);
        }
    }
}

/// Places a finding lists besides its first (the rest are counted in its message).
const MAX_LABELS: usize = 10;

/// When a skill-folder placeholder path misses but the file is at the plugin's root: say so.
fn plugin_root_hint(skill: &Skill, dest: &str) -> Option<String> {
    let (Some(Base::SkillDir), rest) = paths::split_placeholder(dest.trim()) else {
        return None;
    };
    let root = paths::base_dir(&skill.dir, Base::PluginRoot)?;
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    paths::exists(&root, std::path::Path::new(rest)).then(|| {
        format!(
            "`{rest}` is at the plugin's root, and the placeholder names the skill's folder: write `${{CLAUDE_PLUGIN_ROOT}}/{rest}`"
        )
    })
}

/// Words that mark a line as an example (`**Examples**: references/finance.md for ...`).
static EXAMPLE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\be\.g\.|\bfor (?:example|instance)\b|\bsuch as\b|\bexamples?\b\**\s*:)")
        .ok()
});

/// File stems that stand for "some file" (`scripts/script_name.py`, `references/your_api.md`).
fn placeholder_stem(path: &str) -> bool {
    let stem = path
        .rsplit('/')
        .next()
        .and_then(|f| f.split('.').next())
        .unwrap_or("")
        .to_lowercase();
    [
        "name",
        "example",
        "your_",
        "your-",
        "my_",
        "my-",
        "foo",
        "xxx",
        "placeholder",
        "sample",
    ]
    .iter()
    .any(|w| stem.contains(w))
}

/// True when a bare mention at `at` is an example rather than a file of this skill: its line says
/// so (*e.g.*, *for example*, *such as*, `Examples:`) or it sits in a list introduced by such a
/// line. (A placeholder name, [`placeholder_stem`], is an example too.)
fn is_example(text: &str, at: usize) -> bool {
    let Some(re) = EXAMPLE.as_ref() else {
        return false;
    };
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    if re.is_match(line) {
        return true;
    }
    if !is_list_item(line) {
        return false;
    }
    // Walk back over the list (at most a few dozen lines) to the line that introduces it.
    let mut end = line_start;
    for _ in 0..40 {
        if end == 0 {
            return false;
        }
        let start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let prev = &text[start..end - 1];
        end = start;
        if prev.trim().is_empty() || is_list_item(prev) || prev.starts_with([' ', '\t']) {
            continue;
        }
        return re.is_match(prev) || prev.trim_start().to_lowercase().starts_with("example");
    }
    false
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// True when a bare mention names a file that exists relative to a folder above the skill (the
/// plugin's or the repository's `scripts/`): the skill talks about that file, not its own.
fn exists_above(skill_dir: &std::path::Path, path: &str) -> bool {
    crate::skill::repo::ancestors(skill_dir)
        .iter()
        .skip(1)
        .any(|d| paths::exists(d, std::path::Path::new(path)))
}

/// Answers "is this offset inside one of these spans?" for offsets asked in increasing order,
/// in one pass over spans sorted by start (so a whole scan stays linear).
pub(super) struct Cursor<'a> {
    spans: &'a [Span],
    next: usize,
    reach: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor over spans sorted by start.
    pub(super) fn new(spans: &'a [Span]) -> Self {
        Cursor {
            spans,
            next: 0,
            reach: 0,
        }
    }

    /// True when `at` lies inside a span; `at` must not decrease between calls.
    pub(super) fn covers(&mut self, at: usize) -> bool {
        while let Some(s) = self.spans.get(self.next).filter(|s| s.start <= at) {
            self.reach = self.reach.max(s.end);
            self.next += 1;
        }
        at < self.reach
    }
}

/// Resolves a destination as the agent sees it: placeholders replaced, fragment and query
/// dropped, escapes decoded (links only). Returns the path and whether it exists; `None` for
/// URLs, anchors, root-relative paths and placeholders that cannot be resolved.
pub(super) fn resolve(skill: &Skill, dest: &str, link: bool) -> Option<(PathBuf, bool)> {
    let (base, rest) = paths::split_placeholder(dest.trim());
    let dir = match base {
        Some(b) => paths::base_dir(&skill.dir, b)?,
        None => skill.dir.clone(),
    };
    let rel = if link {
        local_path(rest)?
    } else {
        PathBuf::from(rest)
    };
    if base == Some(Base::PluginRoot) && rel.as_os_str().is_empty() {
        return None;
    }
    let resolved = paths::normalize(&dir.join(&rel));
    let exists = paths::exists(&dir, &rel);
    Some((resolved, exists))
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
pub(super) fn dest_span(src: &str, dest: &str) -> Option<(usize, usize)> {
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

    fn run_fixture(case: &str) -> Vec<Finding> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rules/broken-link")
            .join(case)
            .join("demo-skill/SKILL.md");
        crate::rules::testing::run_file(&BrokenLink, &path)
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
                (
                    "`scripts/verify.py` does not exist in the skill folder",
                    13,
                    "scripts/verify.py"
                ),
                (
                    "`{baseDir}/references/missing.md` does not exist in the skill folder",
                    13,
                    "{baseDir}/references/missing.md"
                ),
                (
                    "`${CLAUDE_SKILL_DIR}/scripts/extract.py` does not exist in the skill folder",
                    16,
                    "${CLAUDE_SKILL_DIR}/scripts/extract.py"
                ),
            ]
        );
        // The second mention of `scripts/verify.py` is a note on the first, not a finding.
        assert_eq!(out[3].labels.len(), 1);
        assert_eq!(out[3].labels[0].location.position().line, 13);
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
