//! `promotion-checklist`: a skill that promises a model promotion gate has the checklist section,
//! with `- [ ]` items covering every required evidence item.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::{ReadProblem, Span};

/// The rule.
pub(super) struct PromotionChecklist;

static META: RuleMeta = RuleMeta {
    id: "promotion-checklist",
    severity: Severity::High,
    summary: "a model-promotion skill lacks its promotion gate checklist or a required evidence item",
    precision: "high",
    tags: &["promise", "model-promotion"],
    docs: r#"## What it does
Applies to skills that *require a promotion gate*: a skill with a `gates.yaml` beside its
`SKILL.md` (unless `promotion.require_when_gates = false`) or one tagged with one of
`promotion.require_tags` (default `model-promotion`, `model-provenance`). Such a skill must have
the section `promotion.section` (default *Model Promotion Gate*; the heading matches ignoring
case, numbering and a trailing colon), the section must hold `- [ ]` checklist items, and the
items must cover each of `promotion.required_items`: an item is covered when one checklist item
contains, ignoring case, every keyword of one of its alternatives (`model card + version`).

The default items are the evidence of the reference skill: artifact digest or immutable
revision, evaluation run id bound to the identity, model card version, approval record naming
the identity, deploy manifest reference, rollback checksum or signature, rollback evaluation
status, rollback backdoor / vulnerability test status, adapter and base model pair, provider
version ids for API-only models, and per-environment identity for canary and shadow.

A missing section is reported where the body starts; an empty section, and each missing item,
at the section heading.

## Why is this bad?
The checklist is the promise the skill makes to its users: what a promotion must prove before it
is credited. A skill that reviews model promotions without it, or whose checklist skips the
rollback checks or the approval binding, passes releases whose evidence never ties the approved
model to the deployed one.

## Example
```markdown
## Model Promotion Gate

- [ ] The deployed model is referenced by a full content digest (PG001)
- [ ] An evaluation report exists (PG002)
```
The evaluation item names no run id bound to the identity; the model card, approval, rollback,
adapter, hosted-model and environment items are missing.

## How to fix
Add one `- [ ]` item per missing evidence item, naming the evidence (and the gate that checks
it), or adjust `promotion.required_items` in `skillgate.toml` when the skill reviews a
different kind of promotion.
"#,
};

impl Rule for PromotionChecklist {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if !requires_promotion_gate(cx, skill) {
            return;
        }
        let cfg = &cx.config.promotion;
        let title = &cfg.section;
        let Some(heading) = skill.body.heading(title) else {
            let at = Span::point(skill.body_start.min(skill.file.text.len()));
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!("the skill promises a model promotion gate but has no `{title}` section"),
                    Location::new(skill.file.clone(), at),
                )
                .with_help(format!(
                    "add a `## {title}` section with one `- [ ]` item per piece of evidence a promotion must show ({})",
                    why_required(cx, skill)
                )),
            );
            return;
        };
        let section = heading.section;
        let items: Vec<&str> = skill
            .body
            .tasks
            .iter()
            .filter(|t| section.start <= t.span.start && t.span.start < section.end)
            .map(|t| t.text.as_str())
            .collect();
        let at = Location::new(skill.file.clone(), heading.span);
        if items.is_empty() {
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!("the `{title}` section has no `- [ ]` checklist items"),
                    at,
                )
                .with_help("write the gate as a checklist: one `- [ ]` item per piece of evidence"),
            );
            return;
        }
        for req in &cfg.required_items {
            if items.iter().any(|text| req.matches(text)) {
                continue;
            }
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "the `{title}` checklist has no item for the evidence `{}`",
                        req.id
                    ),
                    at.clone(),
                )
                .with_help(format!(
                    "add a `- [ ]` item that mentions {}",
                    describe_alternatives(&req.keywords)
                )),
            );
        }
    }
}

/// Does this skill promise a promotion gate (a `gates.yaml`, or a required tag)?
pub(super) fn requires_promotion_gate(cx: &LintContext<'_>, skill: &Skill) -> bool {
    if matches!(skill.read_problem, Some((ReadProblem::TooLarge { .. }, _))) {
        return false; // nothing was parsed; file-unreadable says why
    }
    if super::index_consistency::is_role_bundle(cx, skill) {
        return false;
    }
    let cfg = &cx.config.promotion;
    (cfg.require_when_gates && skill.has_gate_file()) || required_tag(cx, skill).is_some()
}

/// The first frontmatter tag that is one of `require_tags` (case-insensitive).
fn required_tag(cx: &LintContext<'_>, skill: &Skill) -> Option<String> {
    let node = skill.meta()?.get("tags")?;
    let tags: Vec<String> = match node.as_str() {
        Some(s) => s.split(',').map(|t| t.trim().to_string()).collect(),
        None => node
            .items()
            .iter()
            .filter_map(|n| n.as_str())
            .map(|t| t.trim().to_string())
            .collect(),
    };
    tags.into_iter().find(|t| {
        cx.config
            .promotion
            .require_tags
            .iter()
            .any(|r| r.eq_ignore_ascii_case(t))
    })
}

/// Why the skill requires the section, for the help line.
fn why_required(cx: &LintContext<'_>, skill: &Skill) -> String {
    match required_tag(cx, skill) {
        Some(tag) => format!("it is tagged `{tag}`"),
        None => "it ships a gates.yaml".to_string(),
    }
}

/// `"rollback" and "checksum", or "rollback" and "signature"`.
fn describe_alternatives(keywords: &[String]) -> String {
    keywords
        .iter()
        .map(|alt| {
            alt.split('+')
                .map(|w| format!("\"{}\"", w.trim()))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join(", or ")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    /// CLEAN, tagged as a model-promotion skill, with a full checklist.
    fn promising() -> String {
        CLEAN
            .replace("tags: [demo]", "tags: [demo, Model-Promotion]")
            .replace(
                "## Findings Classification",
                "## Model Promotion Gate

- [ ] The candidate artifact is identified by a full content digest (PG001)
- [ ] The deploy manifest reference is pinned (PG001)
- [ ] The evaluation records a run id bound to the artifact identity (PG002)
- [ ] The approval record names the exact artifact identity (PG003)
- [ ] The model card carries a version (PG004)
- [ ] The rollback target has a verified checksum or signature (PG005)
- [ ] The rollback target has a recorded evaluation status (PG005)
- [ ] The rollback target has a backdoor and vulnerability test status (PG005)
- [ ] An adapter release pins the adapter and its base model (PG006)
- [ ] A hosted model is deployed by a provider version id (PG007)
- [ ] Every canary and shadow environment records its own artifact identity (PG008)

## Findings Classification",
            )
    }

    #[test]
    fn fires_per_missing_item_at_the_heading() {
        let text = promising().replace(
            "- [ ] The model card carries a version (PG004)\n",
            "- [ ] The model card exists (PG004)\n",
        );
        let out = run(&PromotionChecklist, "s/demo-skill", &text);
        assert_eq!(out.len(), 1, "{:?}", out);
        assert_eq!(
            out[0].message,
            "the `Model Promotion Gate` checklist has no item for the evidence `model-card-version`"
        );
        assert_eq!(out[0].location.position().line, 31);
        assert_eq!(
            out[0].help.as_deref(),
            Some("add a `- [ ]` item that mentions \"model card\" and \"version\"")
        );
    }

    #[test]
    fn fires_on_missing_or_empty_section() {
        let tagged = CLEAN.replace("tags: [demo]", "tags: [model-provenance]");
        let out = run(&PromotionChecklist, "s/demo-skill", &tagged);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message,
            "the skill promises a model promotion gate but has no `Model Promotion Gate` section"
        );
        assert_eq!(out[0].location.position().line, 16);
        let empty = tagged.replace(
            "## Findings Classification",
            "## Model Promotion Gate\n\nAll good.\n\n## Findings Classification",
        );
        let out = run(&PromotionChecklist, "s/demo-skill", &empty);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message,
            "the `Model Promotion Gate` section has no `- [ ]` checklist items"
        );
        assert_eq!(out[0].location.position().line, 31);
    }

    #[test]
    fn quiet_on_clean_and_on_a_full_checklist() {
        assert!(run(&PromotionChecklist, "s/demo-skill", CLEAN).is_empty());
        let out = run(&PromotionChecklist, "s/demo-skill", &promising());
        assert!(out.is_empty(), "{:?}", out);
        // A skill that promises nothing needs no section.
        let other = CLEAN.replace("tags: [demo]", "tags: [supply-chain, sbom]");
        assert!(run(&PromotionChecklist, "s/demo-skill", &other).is_empty());
    }
}
