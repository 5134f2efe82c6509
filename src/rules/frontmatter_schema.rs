//! `frontmatter-schema`: required keys, allowed keys and value types, by profile.

use super::{LintContext, Rule, RuleMeta};
use crate::config::{AGENTSKILLS_KEYS, CLAUDE_CODE_KEYS, Profile, SECURITYSKILLS_KEYS};
use crate::finding::{Finding, Location, Severity};
use crate::fix::{Edit, Fix};
use crate::skill::Skill;
use crate::source::Span;
use crate::yaml::{Node, ScalarType};

/// The rule.
pub(super) struct FrontmatterSchema;

static META: RuleMeta = RuleMeta {
    id: "frontmatter-schema",
    severity: Severity::Medium,
    summary: "a required frontmatter key is missing, a key is not allowed, or a value has the wrong type",
    precision: "very-high",
    tags: &["schema"],
    docs: r#"## What it does
Checks the frontmatter against the profile of the run. The profile is `--profile`, else
`profile =` in `skillgate.toml`, else the one the repository implies, looking from the linted
path up to the repository root: an `index.yaml` whose `skills:` list `SKILL.md` files means
`securityskills`; a `.claude-plugin/` folder (a plugin or a marketplace) or `.claude/skills/`
means `claude-code`; otherwise `agentskills`. The summary line and every report header name the
profile and what chose it.

* `agentskills` — the Agent Skills specification
  (<https://agentskills.io/specification>, *Frontmatter*), strictly: only `name`,
  `description`, `license`, `compatibility`, `metadata` and `allowed-tools`; `name` is 1–64
  lowercase letters, digits and single hyphens (not at either end); `description` is 1–1024
  characters; `compatibility` at most 500; `metadata` maps strings to strings (a number or a
  list under it is reported); `allowed-tools` is one space-separated string (a YAML list or a
  comma-separated string is reported, with a fix).
* `claude-code` — the specification plus the fields Claude Code documents for skills
  (<https://code.claude.com/docs/en/skills>, *Frontmatter reference*): `when_to_use`,
  `argument-hint`, `arguments`, `disable-model-invocation` and `user-invocable` (booleans),
  `disallowed-tools`, `model`, `effort` (`low`, `medium`, `high`, `xhigh`, `max`), `context`,
  `agent`, `hooks` (a mapping), `paths` and `shell` (`bash`, `powershell`); `allowed-tools`,
  `disallowed-tools`, `arguments` and `paths` may be a string or a YAML list.
* `securityskills` — the 13 keys the securityskills repository's CI requires
  (UnitOneAI/SecuritySkills, `.github/workflows/lint-skills.yml`): `name`, `description`,
  `version`, `author`, `license`, `injection-hardened`, `allowed-tools`, `tags`, `role`,
  `phase`, `frameworks`, `difficulty`, `time_estimate`. `tags`, `role`, `phase` and
  `frameworks` are lists, `version` is a quoted version string such as `"1.2.0"`,
  `injection-hardened` is a boolean, `difficulty` is `beginner`, `intermediate` or `advanced`,
  and the rest are non-empty strings. Other keys are allowed.

A key written twice is reported as well: YAML loaders disagree on which value wins. A `name`
that is not a valid name is reported here only (not again by `name-matches-folder`).

`--fix` sets an invalid `name` to the folder's name (and the `id` of an `index.yaml` entry that
listed the skill by the old name) when the folder's name is valid, and rewrites an
`allowed-tools` list as the specification's space-separated string (`agentskills`).

## Why is this bad?
Indexes, installers and agents rely on these keys. A `version: 1.0` is read as the number `1`,
`injection-hardened: "yes"` is a string that some loaders treat as false, a missing
`allowed-tools` leaves an agent's tools unrestricted, and `argument-hint: [file]` is a YAML list,
not the hint text.

## Example
```yaml
name: Model Supply Chain
version: 1.0
tags: ai-security
metadata:
  version: 1.2
```

## How to fix
Add the missing keys and write values with the expected type:
```yaml
name: model-supply-chain
version: "1.0.0"
tags: [ai-security]
metadata:
  version: "1.2"
```
"#,
};

impl Rule for FrontmatterSchema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let Some(meta) = skill.meta() else { return };
        let mut fixes: Vec<(Span, Fix)> = Vec::new();
        if cx.config.profile != Profile::Securityskills {
            if let Some(name) = meta.get("name") {
                if !name.as_str().is_some_and(is_agent_name) {
                    if let Some(fix) = super::name_matches_folder::name_fix(cx, skill, name) {
                        fixes.push((name.span, fix));
                    }
                }
            }
            if cx.config.profile == Profile::Agentskills {
                if let Some(tools) = meta.get("allowed-tools") {
                    if let Some(fix) = tool_list_fix(skill, tools) {
                        fixes.push((tools.span, fix));
                    }
                }
            }
        }
        let mut report = |span: Span, message: String, help: String| {
            let mut f = Finding::new(
                META.id,
                META.severity,
                message,
                Location::new(skill.file.clone(), span),
            )
            .with_help(help);
            if let Some(i) = fixes.iter().position(|(s, _)| *s == span) {
                f = f.with_fix(fixes.swap_remove(i).1);
            }
            out.push(f);
        };
        for dup in meta.duplicate_keys() {
            let key = dup.as_str().unwrap_or_default();
            report(
                dup.span,
                format!("key `{key}` is written twice"),
                "keep one occurrence".into(),
            );
        }
        // Missing keys point at the opening `---`: that is where they belong.
        let top = Span::new(0, 3);
        let required: &[&str] = match cx.config.profile {
            Profile::Securityskills => &SECURITYSKILLS_KEYS,
            Profile::Agentskills | Profile::ClaudeCode => &["name", "description"],
        };
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|k| meta.get(k).is_none())
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            report(
                top,
                format!(
                    "frontmatter lacks required key{} {list}",
                    if missing.len() > 1 { "s" } else { "" }
                ),
                format!("add {list} (profile `{}`)", profile_name(cx.config.profile)),
            );
        }
        for (key, value) in meta.entries() {
            let Some(k) = key.as_str() else {
                report(
                    key.span,
                    "frontmatter key is not a string".into(),
                    "use plain string keys".into(),
                );
                continue;
            };
            match cx.config.profile {
                Profile::Securityskills => check_securityskills(k, value, &mut report),
                Profile::Agentskills => {
                    if !AGENTSKILLS_KEYS.contains(&k) {
                        report(
                            key.span,
                            format!("key `{k}` is not allowed by the Agent Skills specification"),
                            "move it under `metadata:` or remove it".into(),
                        );
                    }
                    check_agentskills(k, value, skill, &mut report);
                }
                Profile::ClaudeCode => {
                    if !AGENTSKILLS_KEYS.contains(&k) && !CLAUDE_CODE_KEYS.contains(&k) {
                        report(
                            key.span,
                            format!(
                                "key `{k}` is neither in the Agent Skills specification nor a field Claude Code documents"
                            ),
                            "move it under `metadata:` or remove it".into(),
                        );
                    }
                    if !check_claude_code(k, value, &mut report) {
                        check_agentskills(k, value, skill, &mut report);
                    }
                }
            }
        }
    }
}

fn profile_name(p: Profile) -> &'static str {
    p.as_str()
}

/// Claude Code's own fields and the forms it accepts where they differ from the
/// specification's (`allowed-tools` as a YAML list). Returns true when it judged `k`.
fn check_claude_code(k: &str, value: &Node, report: &mut impl FnMut(Span, String, String)) -> bool {
    let string_or_list = |value: &Node| {
        non_empty_string(value)
            || (value.is_seq()
                && value
                    .items()
                    .iter()
                    .all(|i| i.scalar_type() == Some(ScalarType::Str)))
    };
    match k {
        "allowed-tools" | "disallowed-tools" | "arguments" | "paths" => {
            if !string_or_list(value) {
                report(
                    value.span,
                    format!(
                        "`{k}` must be a string or a list of strings, found a {}",
                        value.type_name()
                    ),
                    format!("write `{k}: Read Grep` or a YAML list"),
                );
            }
        }
        "disable-model-invocation" | "user-invocable" => {
            if value.scalar_type() != Some(ScalarType::Bool) {
                report(
                    value.span,
                    format!("`{k}` must be a boolean, found a {}", value.type_name()),
                    format!("write `{k}: true` or `{k}: false` (unquoted)"),
                );
            }
        }
        "effort" => {
            let v = value.as_str().unwrap_or("");
            if !["low", "medium", "high", "xhigh", "max"].contains(&v) {
                report(
                    value.span,
                    format!(
                        "`effort` is `{v}`; Claude Code accepts low, medium, high, xhigh or max"
                    ),
                    "use one of low, medium, high, xhigh, max".into(),
                );
            }
        }
        "shell" => {
            let v = value.as_str().unwrap_or("");
            if !["bash", "powershell"].contains(&v) {
                report(
                    value.span,
                    format!("`shell` is `{v}`; Claude Code accepts bash or powershell"),
                    "use `shell: bash` or `shell: powershell`".into(),
                );
            }
        }
        "hooks" => {
            if !value.is_map() {
                report(
                    value.span,
                    format!("`hooks` must be a mapping, found a {}", value.type_name()),
                    "write `hooks:` with event names under it".into(),
                );
            }
        }
        "when_to_use" | "argument-hint" | "model" | "context" | "agent" => {
            if !non_empty_string(value) {
                report(
                    value.span,
                    format!("`{k}` must be a string, found a {}", value.type_name()),
                    quote_hint(k, value),
                );
            }
        }
        _ => return false,
    }
    true
}

fn non_empty_string(value: &Node) -> bool {
    value.scalar_type() == Some(ScalarType::Str) && !value.as_str().unwrap_or("").trim().is_empty()
}

#[allow(clippy::collapsible_match)] // NOTE: one arm per key reads better than guards
fn check_securityskills(k: &str, value: &Node, report: &mut impl FnMut(Span, String, String)) {
    match k {
        "tags" | "role" | "phase" | "frameworks" => {
            if !value.is_seq() {
                report(
                    value.span,
                    format!("`{k}` must be a list, found a {}", value.type_name()),
                    format!("write `{k}: [a, b]`"),
                );
            } else if value.items().is_empty() {
                report(
                    value.span,
                    format!("`{k}` is an empty list"),
                    format!("list at least one {k} value"),
                );
            }
        }
        "injection-hardened" => {
            if value.scalar_type() != Some(ScalarType::Bool) {
                report(
                    value.span,
                    format!(
                        "`injection-hardened` must be a boolean, found a {}",
                        value.type_name()
                    ),
                    "write `injection-hardened: true` (unquoted)".into(),
                );
            }
        }
        "version" => {
            let ok = value.scalar_type() == Some(ScalarType::Str)
                && value.as_str().is_some_and(is_version);
            if !ok {
                let shown = value.as_str().unwrap_or("");
                report(
                    value.span,
                    format!(
                        "`version` must be a version string such as \"1.0.0\", found {} `{shown}`",
                        value.type_name()
                    ),
                    "quote it: `version: \"1.0.0\"`".into(),
                );
            }
        }
        "difficulty" => {
            let v = value.as_str().unwrap_or("");
            if !["beginner", "intermediate", "advanced"].contains(&v) {
                report(
                    value.span,
                    format!("`difficulty` is `{v}`; expected beginner, intermediate or advanced"),
                    "use one of beginner, intermediate, advanced".into(),
                );
            }
        }
        "allowed-tools" => {
            if !(non_empty_string(value) || value.is_seq()) {
                report(
                    value.span,
                    format!(
                        "`allowed-tools` must be a string or a list, found a {}",
                        value.type_name()
                    ),
                    "write `allowed-tools: Read, Grep, Glob`".into(),
                );
            }
        }
        "name" | "description" | "author" | "license" | "time_estimate" => {
            if !non_empty_string(value) {
                report(
                    value.span,
                    format!(
                        "`{k}` must be a non-empty string, found a {}",
                        value.type_name()
                    ),
                    format!("give `{k}` a text value"),
                );
            }
        }
        _ => {}
    }
}

#[allow(clippy::collapsible_match)] // NOTE: one arm per key reads better than guards
fn check_agentskills(
    k: &str,
    value: &Node,
    skill: &Skill,
    report: &mut impl FnMut(Span, String, String),
) {
    let text = value.as_str().unwrap_or("");
    let chars = text.chars().count();
    match k {
        "name" => {
            if !is_agent_name(text) {
                report(
                    value.span,
                    format!(
                        "name `{text}` must be 1-64 lowercase letters, digits and single hyphens"
                    ),
                    format!("use `{}`", skill.folder_name()),
                );
            }
        }
        "description" => {
            if !non_empty_string(value) || chars > 1024 {
                report(
                    value.span,
                    format!("description must be 1-1024 characters, found {chars}"),
                    "shorten it; move detail into the body".into(),
                );
            }
        }
        "compatibility" => {
            if value.scalar().is_none() || chars > 500 {
                report(
                    value.span,
                    format!(
                        "compatibility must be a string of at most 500 characters, found {chars}"
                    ),
                    "shorten it".into(),
                );
            }
        }
        "metadata" => {
            if !value.is_map() {
                report(
                    value.span,
                    format!(
                        "`metadata` must be a mapping, found a {}",
                        value.type_name()
                    ),
                    "write `metadata:` with `key: value` lines under it".into(),
                );
                return;
            }
            // The specification makes `metadata` a map from strings to strings.
            for (mk, mv) in value.entries() {
                let name = mk.as_str().unwrap_or("?");
                if mv.scalar_type() != Some(ScalarType::Str) {
                    let shown = mv
                        .scalar()
                        .map(|s| format!(" `{}`", s.text))
                        .unwrap_or_default();
                    report(
                        mv.span,
                        format!(
                            "`metadata.{name}` must be a string, found a {}{shown}",
                            mv.type_name()
                        ),
                        match mv.scalar() {
                            Some(s) => format!("quote it: `{name}: \"{}\"`", s.text),
                            None => format!(
                                "write `{name}` as one string, or move the structure into a file the skill references"
                            ),
                        },
                    );
                }
            }
        }
        "license" | "allowed-tools" => {
            if !non_empty_string(value) {
                report(
                    value.span,
                    format!("`{k}` must be a string, found a {}", value.type_name()),
                    format!("give `{k}` a text value"),
                );
            } else if k == "allowed-tools" && text.contains(',') {
                report(
                    value.span,
                    "`allowed-tools` separates tools with commas; the specification separates them with spaces, so `Read,` is read as a tool name".into(),
                    "write the tools separated by spaces: `allowed-tools: Read Grep Glob`".into(),
                );
            }
        }
        _ => {}
    }
}

/// The Agent Skills form of a tool list written as a YAML list or with commas: one
/// space-separated string (when no tool name holds a space, which that form cannot tell apart).
fn tool_list_fix(skill: &Skill, value: &Node) -> Option<Fix> {
    let names: Vec<String> = if value.is_seq() {
        value
            .items()
            .iter()
            .map(|n| n.as_str().map(|s| s.trim().to_string()))
            .collect::<Option<_>>()?
    } else {
        let s = value.as_str()?;
        if !s.contains(',') || skill.file.slice(value.span).contains('\n') {
            return None;
        }
        s.split(',').map(|p| p.trim().to_string()).collect()
    };
    if names.is_empty()
        || names
            .iter()
            .any(|n| n.is_empty() || n.contains(char::is_whitespace))
    {
        return None;
    }
    let joined = names.join(" ");
    let written = if joined.contains([':', '#', '"', '\'', '\\'])
        || joined.starts_with(['[', '{', '&', '*', '!', '|', '>', '%', '@', '`'])
    {
        format!("\"{}\"", joined.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        joined
    };
    let text = &skill.file.text;
    // Replace from just after `allowed-tools:` to the value's end, so a block list's lines go too.
    let key = text[..value.span.start].rfind("allowed-tools")?;
    let after = key + text[key..].find(':')? + 1;
    // NOTE: a block list's own span runs on to the next token (the closing `---`); its last
    // item's does not. A flow list (`[a, b]`) ends at its bracket.
    let end = if text[value.span.start..].starts_with('[') || !value.is_seq() {
        value.span.end
    } else {
        value.items().last().map_or(value.span.end, |n| n.span.end)
    };
    Some(Fix {
        title: format!(
            "write `allowed-tools` as a space-separated string in {}",
            skill.file.path.display()
        ),
        edits: vec![Edit {
            file: skill.file.clone(),
            span: Span::new(after, end),
            text: format!(" {written}"),
        }],
    })
}

/// How to turn a value that YAML read as a list or mapping back into the text it was meant to be.
fn quote_hint(k: &str, value: &Node) -> String {
    if value.is_seq() && value.items().len() == 1 && value.items()[0].as_str().is_some() {
        let inner = value.items()[0].as_str().unwrap_or_default();
        format!("quote it: `{k}: \"[{inner}]\"` (unquoted brackets make a YAML list)")
    } else {
        format!("give `{k}` a text value")
    }
}

/// `1`, `1.2`, `1.2.3`, optionally with a `-pre` suffix, with or without a leading `v`.
fn is_version(s: &str) -> bool {
    let s = s.strip_prefix('v').unwrap_or(s);
    let core = s.split(['-', '+']).next().unwrap_or("");
    !core.is_empty()
        && core
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The Agent Skills name rule: 1-64 lowercase letters, digits and single hyphens, not at either
/// end. Letters may be Unicode lowercase letters, as the specification's reference validator
/// (`skills-ref`) allows.
pub(crate) fn is_agent_name(s: &str) -> bool {
    (1..=64).contains(&s.chars().count())
        && s.chars()
            .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run, run_with};
    use super::*;
    use crate::config::LintConfig;

    #[test]
    fn fires_on_missing_and_mistyped_keys() {
        let text = CLEAN
            .replace("version: \"1.0.0\"", "version: 1.0")
            .replace("tags: [demo]", "tags: demo")
            .replace("author: someone\n", "")
            .replace("injection-hardened: true", "injection-hardened: \"yes\"");
        let out = run(&FrontmatterSchema, "s/demo-skill", &text);
        let msgs: Vec<_> = out.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(out.len(), 4, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("`author`")));
        assert!(msgs.iter().any(|m| m.contains("`version`")));
    }

    #[test]
    fn agentskills_allow_list_and_name_rule() {
        let cfg = LintConfig::for_profile(Profile::Agentskills);
        let text = "---\nname: Bad--Name\ndescription: ok\ntags: [x]\n---\n";
        let out = run_with(&FrontmatterSchema, "s/bad", text, &cfg);
        assert_eq!(
            out.len(),
            2,
            "{:?}",
            out.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        let ok = "---\nname: good-name\ndescription: ok\nmetadata:\n  a: b\n---\n";
        assert!(run_with(&FrontmatterSchema, "s/good-name", ok, &cfg).is_empty());
    }

    #[test]
    fn agentskills_tool_lists_get_the_specifications_form() {
        let cfg = LintConfig::for_profile(Profile::Agentskills);
        for (tools, want) in [
            ("[Read, Grep]", "allowed-tools: Read Grep\n---"),
            (
                "\n  - Read\n  - \"Bash(git:*)\"",
                "allowed-tools: \"Read Bash(git:*)\"\n---",
            ),
            ("Read, Grep, Glob", "allowed-tools: Read Grep Glob\n---"),
        ] {
            let text =
                format!("---\nname: good-name\ndescription: ok\nallowed-tools: {tools}\n---\n");
            let out = run_with(&FrontmatterSchema, "s/good-name", &text, &cfg);
            assert_eq!(out.len(), 1, "{tools}");
            let plan = crate::fix::plan(&out);
            assert!(
                plan.files[0].new.contains(want),
                "{tools}: {}",
                plan.files[0].new
            );
        }
        // A tool name with a space cannot be written space-separated: reported, not fixed.
        let text = "---\nname: good-name\ndescription: ok\nallowed-tools: [\"Bash(git status:*)\", Read]\n---\n";
        let out = run_with(&FrontmatterSchema, "s/good-name", text, &cfg);
        assert_eq!(out.len(), 1);
        assert!(out[0].fix.is_none());
    }

    #[test]
    fn quiet_on_clean() {
        assert!(run(&FrontmatterSchema, "s/demo-skill", CLEAN).is_empty());
    }
}
