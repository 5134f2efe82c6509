//! Generated documentation: `docs/rules.md` from the rule registry and the reference gate file,
//! and the embedded gate-language guide (`docs/gates.md`).

use crate::descriptor::Descriptor;
use crate::gates::catalog::{self, check_yaml};
use crate::gates::{Gate, GateFile};
use crate::rules;

/// `docs/gates.md`, embedded at build time for `skillgate explain gates`.
pub const GATES_MD: &str = include_str!("../docs/gates.md");

/// The profiles section of `docs/rules.md`: what each profile checks, where it comes from, and
/// how a run picks one.
pub const PROFILES: &str = r#"## Profiles

The frontmatter a skill must have depends on where it will run. `lint` picks a profile with
`--profile`, else `profile =` in `skillgate.toml`, else from the repository, looking from the
first linted path up to the repository root (the nearest folder with `.git`); the nearest
marker wins. The summary line, the JSON `profile` object, the SARIF run's `properties` and the
Markdown header name the profile and what chose it.

| profile | detected from | source |
|---|---|---|
| `agentskills` | nothing below (the default) | the Agent Skills specification, <https://agentskills.io/specification> (*Frontmatter*, *Progressive disclosure*, *File references*), and its reference validator `skills-ref` |
| `claude-code` | a `.claude-plugin/` folder (a plugin's `plugin.json` or a marketplace's `marketplace.json`) or a `.claude/skills/` folder | the specification plus Claude Code's skill frontmatter and string substitutions, <https://code.claude.com/docs/en/skills> (*Frontmatter reference*, *Available string substitutions*, *Inject dynamic context*), and `${CLAUDE_PLUGIN_ROOT}` from <https://code.claude.com/docs/en/plugins-reference> |
| `securityskills` | an `index.yaml` whose `skills:` entries list `SKILL.md` files | the securityskills repository (UnitOneAI/SecuritySkills): its CI's 13 required keys (`.github/workflows/lint-skills.yml`), its `index.yaml` and its skills' common sections |

Paths are read as the agent reads them in every profile: `{baseDir}` and `${CLAUDE_SKILL_DIR}`
stand for the skill's folder and `${CLAUDE_PLUGIN_ROOT}` for the plugin's root (see
`broken-link`). Required sections come from the repository's own skill template when it has one
(see `required-sections`).

"#;

/// The text of `docs/rules.md`: every lint rule and every gate of the reference skill, each
/// with its documentation. Deterministic (registry and file order).
pub fn rules_markdown() -> String {
    let metas = rules::descriptors();
    let reference = catalog::reference().ok();
    let gates: Vec<Descriptor> = reference
        .as_ref()
        .map_or_else(Vec::new, |gf| gf.descriptors());
    let mut s = String::new();
    s.push_str("# Rules and gates\n\n");
    s.push_str(
        "<!-- Generated from the rule registry (src/rules/) and \
         skills/ai-security/model-supply-chain/gates.yaml.\n     \
         Do not edit: run `SKILLGATE_BLESS=1 cargo test --test docs_rules` to regenerate. -->\n\n",
    );
    s.push_str(&format!(
        "skillgate has {} lint rules, which check skill folders (`skillgate lint`), and the \
         reference skill `model-supply-chain` ships {} gates, which check release records \
         (`skillgate check`, `skillgate test`). `skillgate rules` lists them, `skillgate explain \
         ID` prints one page of this file, and the gate language is described in \
         [gates.md](gates.md).\n\n",
        metas.len(),
        gates.len()
    ));
    s.push_str(PROFILES);
    s.push_str(
        "## Lint rules\n\n| id | default severity | precision | summary |\n|---|---|---|---|\n",
    );
    for m in &metas {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            m.id,
            m.id,
            m.severity,
            m.precision,
            cell(&m.summary)
        ));
    }
    s.push_str("\n## Gates of the reference skill `model-supply-chain`\n\n");
    s.push_str("| id | default severity | category | title |\n|---|---|---|---|\n");
    for g in &gates {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            g.id,
            g.id.to_ascii_lowercase(),
            g.severity,
            cell(&g.category),
            cell(&g.summary)
        ));
    }
    for m in &metas {
        s.push_str(&format!("\n---\n\n## {}\n\n", m.id));
        s.push_str(&format!(
            "*Lint rule · default severity **{}** · precision {} · tags: {}*\n\n{}.\n\n",
            m.severity,
            m.precision,
            m.tags.join(", "),
            capitalise(&m.summary)
        ));
        s.push_str(demote(&m.docs).trim_end());
        s.push('\n');
    }
    if let Some(gf) = &reference {
        for g in &gf.gates {
            s.push_str("\n---\n\n");
            s.push_str(&gate_markdown(gf, g));
        }
    }
    s
}

/// One gate as a Markdown section: title, severity, category, the checklist item and output
/// field it backs, how to fix, and its check as written in the gate file.
pub fn gate_markdown(gf: &GateFile, g: &Gate) -> String {
    let d = g.descriptor(Some(catalog::skill_name(gf)));
    let mut s = format!("## {}\n\n", d.id);
    s.push_str(&format!(
        "*Gate of `{}` · default severity **{}** · category {}*\n\n**{}.**\n\n",
        d.skill.as_deref().unwrap_or_default(),
        d.severity,
        d.category,
        d.summary.trim_end_matches('.')
    ));
    if !d.checklist.is_empty() {
        s.push_str(&format!("- Checklist item: {}\n", d.checklist));
    }
    if !d.output_field.is_empty() {
        s.push_str(&format!("- Output field: *{}*\n", d.output_field));
    }
    s.push('\n');
    if !d.docs.is_empty() {
        s.push_str(&format!("### How to fix\n\n{}\n\n", d.docs));
    }
    s.push_str(&format!(
        "### Check\n\n```yaml\n{}\n```\n",
        check_yaml(gf, g)
    ));
    s
}

/// Rule docs use `##` sections; under a `##` rule heading they become `###`.
fn demote(docs: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<&str> = None;
    for line in docs.lines() {
        let t = line.trim_start();
        match fence {
            Some(f) if t.starts_with(f) => fence = None,
            Some(_) => {}
            None if t.starts_with("```") => fence = Some("```"),
            None if t.starts_with("~~~") => fence = Some("~~~"),
            None if line.starts_with('#') => out.push('#'),
            None => {}
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demote_leaves_fenced_comments_alone() {
        let d = demote("## What it does\n```yaml\n# comment\n```\n## Example\n");
        assert_eq!(
            d,
            "### What it does\n```yaml\n# comment\n```\n### Example\n"
        );
    }

    #[test]
    fn markdown_lists_every_rule_and_gate() {
        let md = rules_markdown();
        for r in rules::registry() {
            assert!(md.contains(&format!("\n## {}\n", r.meta().id)));
        }
        for id in ["PG001", "PG005", "PG010"] {
            assert!(md.contains(&format!("\n## {id}\n")), "{id}");
        }
    }
}
