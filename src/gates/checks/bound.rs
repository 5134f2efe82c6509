//! `bound`: a stage names the identity of its target's artifact, role by role, and never a
//! different one.
//!
//! The target is the deployed artifact (`to: artifact`) or another stage. Its *required roles*
//! are the first artifact role tier it names (model, adapter, base model; else the runtime
//! image of an image-as-model release). A stage is bound when, for every required role, it
//! names a token of the target's identity class for that role; a shared runtime image never
//! binds two different models. A stage that names another identity of one kind for an artifact
//! the target names is a contradiction.

use super::{Comparison, Context, Reporter, RoleState, label, stage_label, witness_text};
use crate::gates::BoundCheck;

/// Runs the check.
pub fn run(cx: &mut Context<'_>, rep: &mut Reporter<'_>, c: &BoundCheck) {
    let ev = cx.ev;
    let instances: Vec<usize> = ev
        .stages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == c.stage)
        .map(|(i, _)| i)
        .collect();
    let what = c.stage.replace('_', " ");
    let Some((target, to_label)) = cx.target(&c.to, c.fallback_to.as_ref()) else {
        if instances.is_empty() {
            let (file, span) = cx.anchor();
            rep.report(
                ev,
                c.missing,
                file,
                span,
                format!("the record has no {what} bound to the deployed artifact"),
            );
        }
        return; // the target is absent: another gate owns that gap
    };
    if instances.is_empty() {
        if let Some(w) = credited(cx, c, &target) {
            if !cx.credits.iter().any(|(k, _)| *k == c.stage) {
                cx.credits.push((c.stage.clone(), w));
            }
            return;
        }
        let (file, span) = cx.anchor();
        rep.report(
            ev,
            c.missing,
            file,
            span,
            format!("the record has no {what} bound to {to_label}"),
        );
        return;
    }
    for si in instances {
        let stage = &ev.stages[si];
        if let Some(req) = &c.require_fields {
            if stage.fields_in(cx.vocab(), req).next().is_none() {
                rep.at_stage(
                    ev,
                    c.unbound,
                    stage,
                    format!("{} has no {}", stage_label(stage), req.replace('_', " ")),
                );
            }
        }
        let mut cmp = super::compare(ev, &cx.occ, si, &target);
        if cmp.identities == 0 {
            let runs: Vec<&str> = stage
                .fields
                .iter()
                .flat_map(|f| f.tokens.iter().filter(|t| t.is_run()))
                .map(|t| t.value.as_str())
                .collect();
            cmp.credited_by = witness(cx, c, &target, &runs);
        }
        judge(cx, rep, c, si, &cmp, &target, &to_label);
        cx.bindings.insert(si, (cmp, to_label.clone()));
    }
}

/// A witness stage (an approval) that names the judged stage's run id beside an identity bound
/// to the target: the judged stage is credited through it.
fn credited(cx: &Context<'_>, c: &BoundCheck, target: &super::Target) -> Option<usize> {
    let ev = cx.ev;
    ev.stages.iter().enumerate().find_map(|(i, s)| {
        let witness = c.witnesses.contains(&s.kind)
            && s.fields.iter().any(|f| f.tokens.iter().any(|t| t.is_run()));
        (witness && super::compare(ev, &cx.occ, i, target).is_bound()).then_some(i)
    })
}

fn judge(
    cx: &Context<'_>,
    rep: &mut Reporter<'_>,
    c: &BoundCheck,
    si: usize,
    cmp: &Comparison,
    target: &super::Target,
    to_label: &str,
) {
    let ev = cx.ev;
    let vocab = cx.vocab();
    let stage = &ev.stages[si];
    let label_of = stage_label(stage);
    let first_identity = stage
        .fields
        .iter()
        .find(|f| f.identities().next().is_some());
    if cmp.identities == 0 {
        // An instance with no identity of its own is credited when a witness names its run id
        // and is bound (an evaluation with only a run id, cited by a bound approval).
        if cmp.credited_by.is_some() {
            return;
        }
        let shown: Vec<String> = stage
            .fields
            .iter()
            .take(3)
            .map(|f| {
                let key = f.display.rsplit('.').next().unwrap_or(&f.display);
                format!("{key}: {}", f.text)
            })
            .collect();
        let only = if shown.is_empty() {
            String::new()
        } else {
            format!(" (only {})", shown.join(", "))
        };
        let (file, span) = stage
            .fields
            .first()
            .map_or((stage.file, stage.span), |f| (f.file, f.span));
        let level = if c.no_identity.is_some() {
            c.no_identity
        } else {
            c.unbound
        };
        rep.report(
            ev,
            level,
            file,
            span,
            format!("{label_of} names no artifact identity{only}"),
        );
        return;
    }
    let (file, span) = first_identity.map_or((stage.file, stage.span), |f| (f.file, f.span));
    let required_without_identity: Vec<&str> = cmp
        .roles
        .iter()
        .filter(|(_, s)| *s == RoleState::NoTargetIdentity)
        .map(|(r, _)| vocab.role_label(r))
        .collect();
    if cmp.roles.is_empty() || required_without_identity.len() == cmp.roles.len() {
        if c.to == "artifact" {
            rep.report(
                ev,
                c.unbound,
                file,
                span,
                format!(
                    "{label_of} cannot be bound: the deployed {} has no immutable identity",
                    if required_without_identity.is_empty() {
                        "artifact".to_string()
                    } else {
                        required_without_identity.join(" / ")
                    }
                ),
            );
        }
        return;
    }
    // Unbound roles, one finding per stage.
    let mut parts = Vec::new();
    let mut at = None;
    let mut theirs_field = None;
    for (role, state) in &cmp.roles {
        let RoleState::Missing { ours } = state else {
            continue;
        };
        let rl = vocab.role_label(role);
        let deployed = target
            .first
            .get(role)
            .map(|r| cx.field(*r))
            .and_then(|f| f.identities().next().map(|t| (f, t.display())));
        let theirs = deployed
            .as_ref()
            .map_or_else(|| "unknown".to_string(), |(_, d)| d.clone());
        match ours {
            Some((r, tok)) => {
                at.get_or_insert(*r);
                parts.push(format!(
                    "it names {} for the {rl}, but {to_label}'s {rl} is {theirs}",
                    tok.display()
                ));
            }
            None => parts.push(format!(
                "it names no identity of {to_label}'s {rl} ({theirs})"
            )),
        }
        if theirs_field.is_none() {
            theirs_field = deployed.map(|(f, _)| f);
        }
    }
    if !parts.is_empty() {
        let (file, span) = at
            .map(|r| cx.field(r))
            .map_or((file, span), |f| (f.file, f.span));
        let msg = format!(
            "{label_of} is not bound to {to_label}: {}",
            parts.join("; ")
        );
        if let Some(f) = rep.report(ev, c.unbound, file, span, msg) {
            if let Some(tf) = theirs_field {
                label(f, ev, tf, format!("{to_label} is identified here"));
            }
        }
    }
    for k in &cmp.contradictions {
        let ours = cx.field(k.ours.0);
        let theirs = cx.field(k.theirs.0);
        let rl = vocab.role_label(&k.role);
        let why = if k.witnesses.is_empty() {
            String::new()
        } else {
            format!(
                " (one artifact: named together in {})",
                witness_text(ev, &k.witnesses)
            )
        };
        let msg = format!(
            "{label_of} names {} for the {rl}, but {to_label} names {}{why}",
            k.ours.1.display(),
            k.theirs.1.display()
        );
        let level = c.conflict.or(c.unbound);
        if let Some(f) = rep.at_field(ev, level, ours, msg) {
            label(
                f,
                ev,
                theirs,
                format!("{to_label} names {}", k.theirs.1.display()),
            );
        }
    }
    if parts.is_empty() && cmp.contradictions.is_empty() && cmp.is_weak() {
        rep.report(
            ev,
            c.weak_bound,
            file,
            span,
            format!("{label_of} is bound to {to_label} by a short digest only"),
        );
    }
}

/// A witness stage bound to the target that cites one of these run ids.
fn witness(
    cx: &Context<'_>,
    c: &BoundCheck,
    target: &super::Target,
    runs: &[&str],
) -> Option<usize> {
    if runs.is_empty() {
        return None;
    }
    let ev = cx.ev;
    ev.stages.iter().enumerate().find_map(|(i, s)| {
        let cites = c.witnesses.contains(&s.kind)
            && s.fields.iter().any(|f| {
                f.tokens
                    .iter()
                    .any(|t| t.is_run() && runs.contains(&t.value.as_str()))
            });
        (cites && super::compare(ev, &cx.occ, i, target).is_bound()).then_some(i)
    })
}
