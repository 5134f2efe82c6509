//! `references`: every artifact reference of some roles in some stages is immutable.
//!
//! A reference passes when it is immutable; or provider-pinned and accepted; or a repository
//! path under `repo_paths`; or a bare locator completed by a pin field in the same object; or
//! when a full, lowercase digest inside it belongs to the identity class of a `bound_to` stage
//! (a digest-addressed mirror path bound to the evaluated digest).

use std::collections::BTreeSet;

use super::{Context, Reporter, pinned_by_sibling, stage_label};
use crate::gates::evidence::{Field, Stage};
use crate::gates::{Accept, Hosted, Level, ReferencesCheck};
use crate::refs::Class;

/// Runs the check.
pub fn run(cx: &Context<'_>, rep: &mut Reporter<'_>, c: &ReferencesCheck) {
    let ev = cx.ev;
    let vocab = cx.vocab();
    let stages: Vec<&Stage> = ev
        .stages
        .iter()
        .filter(|s| c.stages.contains(&s.kind))
        .collect();
    if stages.is_empty() {
        let (file, span) = cx.anchor();
        rep.report(
            ev,
            c.missing_stage,
            file,
            span,
            format!("the record has no {} stage", c.stages.join(" / ")),
        );
        return;
    }
    let roles = cx.expand_roles(&c.roles);
    let except_roles = cx.expand_roles(&c.except_roles);
    let bound = bound_classes(cx, c);
    for stage in stages {
        match c.hosted {
            Hosted::Skip if stage.hosted => continue,
            Hosted::Only if !stage.hosted => continue,
            _ => {}
        }
        let refs: Vec<&Field> = stage
            .fields
            .iter()
            .filter(|f| c.fields.iter().any(|v| vocab.field_matches(v, &f.key)))
            .filter(|f| {
                c.except_fields
                    .as_ref()
                    .is_none_or(|x| !vocab.field_matches(x, &f.key))
            })
            .filter(|f| roles.is_empty() || roles.contains(&f.role))
            .filter(|f| !except_roles.contains(&f.role))
            .collect();
        if refs.is_empty() {
            rep.at_stage(
                ev,
                c.missing_reference,
                stage,
                format!(
                    "{} `{}` names no artifact reference",
                    stage.kind, stage.name
                ),
            );
            continue;
        }
        for f in refs {
            if let Some((level, why)) = judge(cx, c, stage, f, &bound) {
                let msg = format!(
                    "{} `{}` is {}: {}{why}",
                    stage_label(stage),
                    f.display,
                    f.class.class,
                    f.class.reason
                );
                rep.at_field(ev, level, f, msg);
            }
        }
    }
}

/// Identity classes of the `bound_to` stages.
fn bound_classes(cx: &Context<'_>, c: &ReferencesCheck) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for k in &c.bound_to {
        if let Some((t, _)) = cx.target(k, None) {
            out.extend(t.all_classes());
        }
    }
    out
}

/// `None` when the reference passes; else the severity and a suffix for the message.
fn judge(
    cx: &Context<'_>,
    c: &ReferencesCheck,
    stage: &Stage,
    f: &Field,
    bound: &BTreeSet<usize>,
) -> Option<(Level, String)> {
    let vocab = cx.vocab();
    let cls = &f.class;
    if cls.class == Class::Immutable {
        return None;
    }
    let pinned_ok = c.accept == Accept::ProviderPinned || c.hosted == Hosted::AcceptProviderPinned;
    if cls.provider_pinned && pinned_ok {
        return None;
    }
    if c.repo_paths
        .as_ref()
        .is_some_and(|v| vocab.field_matches(v, &f.key))
        && is_repo_path(&f.text)
    {
        return None; // a file in the repository is pinned by the commit that holds the record
    }
    let is_pin = c
        .pins
        .as_ref()
        .is_some_and(|p| vocab.field_matches(p, &f.key));
    if !is_pin {
        if let Some(p) = &c.pins {
            if pinned_by_sibling(vocab, stage, f, p) {
                return None;
            }
        }
    }
    // A digest inside the reference (a digest-addressed mirror path, say) that names the
    // evaluated / approved artifact binds it: full digest, no finding; short, `weak_bound`.
    let g = &cx.ev.graph;
    let classes: Vec<(bool, Option<usize>)> = f
        .identities()
        .map(|t| (t.is_short(), g.class_of_token(t)))
        .collect();
    let strong = classes
        .iter()
        .any(|(short, cl)| !short && cl.is_some_and(|c| bound.contains(&c)));
    let weakly = classes
        .iter()
        .any(|(_, cl)| cl.is_some_and(|c| bound.contains(&c)))
        || f.identities().any(|t| {
            t.is_short()
                && bound.iter().any(|c| {
                    g.members(*c)
                        .iter()
                        .any(|m| t.matches(g.token(*m)).is_some())
                })
        });
    // A non-canonical (uppercase) digest stays weak even when bound: registries and verifiers
    // compare digests case-sensitively.
    let canonical = !f
        .identities()
        .any(|t| t.as_hex().is_some_and(|h| !f.text.contains(h)));
    if strong && canonical && !c.bound_to.is_empty() {
        return None;
    }
    if weakly && canonical && !c.bound_to.is_empty() {
        return c.weak_bound.map(|l| {
            (
                Some(l),
                " (bound to the evaluation/approval by a short digest only)".to_string(),
            )
        });
    }
    match cls.class {
        Class::Mutable => Some((c.mutable, String::new())),
        _ => Some((c.weak, String::new())),
    }
}

/// A relative path with no scheme, revision or parent escape: a file of the same repository.
pub fn is_repo_path(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && !t.contains("://")
        && !t.contains('@')
        && !t.contains(':')
        && !t.starts_with('/')
        && !t.split('/').any(|p| p == "..")
        && !crate::refs::is_placeholder(t)
}
