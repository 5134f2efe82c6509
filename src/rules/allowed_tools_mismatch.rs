//! `allowed-tools-mismatch`: the body's "Restrict tool usage to ..." names the frontmatter's tools.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::Span;
use crate::yaml::Node;

/// The rule.
pub(super) struct AllowedToolsMismatch;

static META: RuleMeta = RuleMeta {
    id: "allowed-tools-mismatch",
    severity: Severity::Medium,
    summary: "the tools the body restricts usage to differ from the frontmatter `allowed-tools`",
    precision: "high",
    tags: &["consistency", "security"],
    docs: r#"## What it does
Finds the body's tool restriction — a line such as `Restrict tool usage to Read, Grep, Glob.`
(any case, in a block quote or a list item, with `**bold**` or backticks, with or without a colon
after *to*) — and compares the tools it names with the frontmatter `allowed-tools` (a
comma-separated string or a YAML list). Both sides are compared as sets, ignoring case, order and
the filler words *and*, *only* and *the*. Lines inside code blocks are examples and are skipped.
The rule is quiet when the body has no such line.

## Why is this bad?
Agents enforce `allowed-tools`; readers and reviewers read the body. When the two disagree, one
of them is wrong: either the agent may use a tool (`Bash`, `WebFetch`) the safety notice promises
it will not, or the notice forbids a tool the skill needs.

## Example
```markdown
---
allowed-tools: Read, Grep, Glob, WebFetch
---
> Restrict tool usage to Read, Grep, Glob.
```

## How to fix
Make both name the same tools: drop the tool from `allowed-tools`, or add it to the sentence.
"#,
};

/// `Restrict [all] tool usage to[:]` followed by the rest of the line.
static RESTRICT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\brestrict\s+(?:all\s+)?tool\s+usage\s+to\b\s*:?[ \t]*([^\n]*)").ok()
});

impl Rule for AllowedToolsMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let Some(re) = RESTRICT.as_ref() else { return };
        let Some(meta) = skill.meta() else { return };
        let text = &skill.file.text;
        let body_start = skill.body_start.min(text.len());
        let Some(caps) = re.captures_iter(&text[body_start..]).find(|c| {
            c.get(0).is_some_and(|m| {
                let at = body_start + m.start();
                !skill
                    .body
                    .code_blocks
                    .iter()
                    .any(|b| b.span.start <= at && at < b.span.end)
            })
        }) else {
            return;
        };
        let Some(rest) = caps.get(1) else { return };
        let list = tool_list_span(rest.as_str());
        let span = Span::new(
            body_start + rest.start() + list.start,
            body_start + rest.start() + list.end,
        );
        let body_tools = tool_set(&rest.as_str()[list.start..list.end]);
        if body_tools.is_empty() {
            return;
        }
        let location = Location::new(skill.file.clone(), span);
        let shown_body = join(&body_tools);
        let Some(value) = meta.get("allowed-tools") else {
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "the body restricts tools to {shown_body}, but the frontmatter has no `allowed-tools`"
                    ),
                    location,
                )
                .with_help(format!("add `allowed-tools: {shown_body}` to the frontmatter")),
            );
            return;
        };
        let fm_tools = frontmatter_tools(value);
        if fm_tools == body_tools {
            return;
        }
        let shown_fm = join(&fm_tools);
        let mut diff = Vec::new();
        let extra: Vec<_> = fm_tools.difference(&body_tools).cloned().collect();
        let missing: Vec<_> = body_tools.difference(&fm_tools).cloned().collect();
        if !extra.is_empty() {
            diff.push(format!("`allowed-tools` also grants {}", extra.join(", ")));
        }
        if !missing.is_empty() {
            diff.push(format!("`allowed-tools` lacks {}", missing.join(", ")));
        }
        out.push(
            Finding::new(
                META.id,
                META.severity,
                format!(
                    "the body restricts tools to {shown_body}, but `allowed-tools` is {shown_fm} ({})",
                    diff.join("; ")
                ),
                location,
            )
            .with_label(
                Location::new(skill.file.clone(), value.span),
                format!("`allowed-tools` is {shown_fm}"),
            )
            .with_help("name the same tools in the sentence and in `allowed-tools`"),
        );
    }
}

/// The part of `rest` that lists tools: after any bold marker, up to the end of the sentence
/// (a `.` or `;` followed by a space, markup or the line's end).
fn tool_list_span(rest: &str) -> std::ops::Range<usize> {
    let start = rest.len()
        - rest
            .trim_start_matches(|c: char| c == '*' || c.is_whitespace())
            .len();
    let mut end = rest.len();
    for (i, c) in rest.char_indices().skip_while(|(i, _)| *i < start) {
        if c == '.' || c == ';' {
            let next = rest[i + 1..].chars().next();
            if next.is_none_or(|n| n.is_whitespace() || n == '*' || n == '`') {
                end = i;
                break;
            }
        }
    }
    // `... to the allowed tools listed in the front matter: Read, Grep, Glob`: the list follows
    // the colon.
    let start = rest[start..end].rfind(':').map_or(start, |i| start + i + 1);
    let start = start
        + (rest[start..end].len()
            - rest[start..end]
                .trim_start_matches(|c: char| c == '*' || c.is_whitespace())
                .len());
    start..start + rest[start..end].trim_end().len()
}

/// Tool names in a list: split on commas and whitespace, strip markup, ignore filler words.
fn tool_set(list: &str) -> BTreeSet<String> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .map(|t| {
            t.trim_matches(|c: char| matches!(c, '`' | '*' | '_' | '"' | '\'' | '.' | ':' | ';'))
                .to_lowercase()
        })
        .filter(|t| !t.is_empty() && !["and", "only", "the", "or", "&"].contains(&t.as_str()))
        .collect()
}

/// The frontmatter value as a set: a string list or a YAML sequence of names.
fn frontmatter_tools(value: &Node) -> BTreeSet<String> {
    if value.is_seq() {
        value
            .items()
            .iter()
            .filter_map(Node::as_str)
            .flat_map(|s| tool_set(s).into_iter())
            .collect()
    } else {
        tool_set(value.as_str().unwrap_or(""))
    }
}

fn join(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        return "(none)".into();
    }
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    #[test]
    fn fires_when_frontmatter_grants_more() {
        let text = CLEAN.replace(
            "allowed-tools: Read, Grep, Glob",
            "allowed-tools: [Read, Grep, Glob, WebFetch]",
        );
        let out = run(&AllowedToolsMismatch, "s/demo-skill", &text);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message,
            "the body restricts tools to glob, grep, read, but `allowed-tools` is glob, grep, read, webfetch (`allowed-tools` also grants webfetch)"
        );
        assert_eq!(out[0].location.position().line, 21);
        assert_eq!(
            out[0].location.file.slice(out[0].location.span),
            "Read, Grep, Glob"
        );
        assert_eq!(out[0].labels[0].location.position().line, 8);
    }

    #[test]
    fn quiet_on_equal_sets_in_any_markup() {
        assert!(run(&AllowedToolsMismatch, "s/demo-skill", CLEAN).is_empty());
        let text = CLEAN.replace(
            "> Restrict tool usage to Read, Grep, Glob.",
            "> - **Restrict tool usage to:** `Glob`, `read` and only `Grep`.",
        );
        assert!(run(&AllowedToolsMismatch, "s/demo-skill", &text).is_empty());
        let prose = CLEAN.replace(
            "> Restrict tool usage to Read, Grep, Glob.",
            "- Restrict all tool usage to the allowed tools listed in the front matter: `Read`, `Grep`, `Glob`. Do not invoke any other tools.",
        );
        assert!(run(&AllowedToolsMismatch, "s/demo-skill", &prose).is_empty());
        let none = CLEAN.replace("> Restrict tool usage to Read, Grep, Glob.", "");
        assert!(run(&AllowedToolsMismatch, "s/demo-skill", &none).is_empty());
    }
}
