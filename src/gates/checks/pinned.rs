//! `pinned`: when a trigger is present (a stage, or a field of a role such as `adapter`),
//! each of some stages, or each of some roles, holds an immutable identity.
//!
//! A stage or role is pinned when one of its fields is immutable, or a bare locator is
//! completed by a pin field in the same object (`repo: org/model` + `revision: <40-hex>`).

use super::{Context, Reporter, is_bare_locator, pin_holds, stage_label};
use crate::gates::PinnedCheck;
use crate::gates::evidence::{Field, Stage};
use crate::refs::Class;

/// Runs the check.
pub fn run(cx: &Context<'_>, rep: &mut Reporter<'_>, c: &PinnedCheck) {
    if c.when_role.is_some() || !c.roles.is_empty() {
        by_role(cx, rep, c);
    } else {
        by_stage(cx, rep, c);
    }
}

fn is_pinned(cx: &Context<'_>, c: &PinnedCheck, stage: &Stage, fields: &[&Field]) -> bool {
    let vocab = cx.vocab();
    fields.iter().any(|f| {
        (f.class.class == Class::Immutable && !crate::refs::is_placeholder(&f.text))
            || (is_bare_locator(f)
                && c.pins.as_deref().is_some_and(|p| {
                    stage.fields.iter().any(|g| {
                        g.object == f.object
                            && vocab.field_matches(p, &g.key)
                            && pin_holds(g, stage.hosted)
                    })
                }))
    })
}

fn culprit<'a>(cx: &Context<'_>, c: &PinnedCheck, fields: &[&'a Field]) -> Option<&'a Field> {
    let vocab = cx.vocab();
    c.pins
        .as_deref()
        .and_then(|p| fields.iter().find(|f| vocab.field_matches(p, &f.key)))
        .or_else(|| fields.iter().find(|f| f.reference))
        .or_else(|| fields.first())
        .copied()
}

fn report_unpinned(
    cx: &Context<'_>,
    rep: &mut Reporter<'_>,
    c: &PinnedCheck,
    stage: &Stage,
    what: &str,
    f: Option<&Field>,
) {
    let ev = cx.ev;
    match f {
        Some(f) => {
            let msg = format!(
                "{what} `{}` is not pinned: {} is {} ({})",
                f.display, f.text, f.class.class, f.class.reason
            );
            rep.at_field(ev, c.severity, f, msg);
        }
        None => {
            rep.at_stage(ev, c.severity, stage, format!("{what} has no reference"));
        }
    }
}

/// Language version 1: `when_stage` and stage kinds.
fn by_stage(cx: &Context<'_>, rep: &mut Reporter<'_>, c: &PinnedCheck) {
    let ev = cx.ev;
    let Some(when) = &c.when_stage else { return };
    let Some(trigger) = ev.stages_of(when).next() else {
        return;
    };
    for kind in &c.stages {
        let instances: Vec<&Stage> = ev.stages_of(kind).collect();
        if instances.is_empty() {
            rep.at_stage(
                ev,
                c.severity,
                trigger,
                format!(
                    "the {} release records no {} identity",
                    when.replace('_', " "),
                    kind.replace('_', " ")
                ),
            );
            continue;
        }
        for stage in instances {
            let fields: Vec<&Field> = stage.fields.iter().collect();
            if is_pinned(cx, c, stage, &fields) {
                continue;
            }
            report_unpinned(
                cx,
                rep,
                c,
                stage,
                &stage_label(stage),
                culprit(cx, c, &fields),
            );
        }
    }
}

/// Language version 2: `when_role` and roles, looked for in `stages`.
fn by_role(cx: &Context<'_>, rep: &mut Reporter<'_>, c: &PinnedCheck) {
    let ev = cx.ev;
    let vocab = cx.vocab();
    let in_scope: Vec<&Stage> = ev
        .stages
        .iter()
        .filter(|s| c.stages.is_empty() || c.stages.contains(&s.kind))
        .collect();
    let names = |f: &Field| f.reference || f.identities().next().is_some();
    let trigger = match (&c.when_role, &c.when_stage) {
        (Some(role), _) => in_scope.iter().find_map(|s| {
            s.fields
                .iter()
                .find(|f| &f.role == role && names(f))
                .map(|f| (*s, Some(f)))
        }),
        (None, Some(when)) => ev.stages_of(when).next().map(|s| (s, None)),
        (None, None) => None,
    };
    let Some((tstage, tfield)) = trigger else {
        return;
    };
    let what = c.when_role.as_deref().map_or_else(
        || "the".to_string(),
        |r| format!("the {}", vocab.role_label(r)),
    );
    for role in &c.roles {
        let rl = vocab.role_label(role);
        let holders: Vec<(&Stage, Vec<&Field>)> = in_scope
            .iter()
            .map(|s| {
                (
                    *s,
                    s.fields
                        .iter()
                        .filter(|f| &f.role == role && names(f))
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        if holders.is_empty() {
            let msg = format!("{what} release records no {rl} identity");
            match tfield {
                Some(f) => rep.at_field(ev, c.severity, f, msg),
                None => rep.at_stage(ev, c.severity, tstage, msg),
            };
            continue;
        }
        if holders.iter().any(|(s, fs)| is_pinned(cx, c, s, fs)) {
            continue;
        }
        let (s, fs) = &holders[0];
        report_unpinned(cx, rep, c, s, rl, culprit(cx, c, fs));
    }
}
