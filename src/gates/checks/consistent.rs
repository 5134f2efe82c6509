//! `consistent`: the release never names two different identities of one kind for one
//! artifact — inside the deployed artifact's own stages, or between the deployed artifact and
//! the stages listed (a release candidate whose runtime image digest is not the one deployed).

use super::{Context, Reporter, label, stage_label, witness_text};
use crate::gates::ConsistentCheck;

/// Runs the check.
pub fn run(cx: &Context<'_>, rep: &mut Reporter<'_>, c: &ConsistentCheck) {
    let ev = cx.ev;
    let vocab = cx.vocab();
    let target = &cx.artifact;
    let g = &ev.graph;
    // Inside the artifact: a class named by the artifact's stages with two names of one kind.
    let mut seen = std::collections::BTreeSet::new();
    let own: Vec<usize> = if c.against_artifact {
        target.all_classes().collect()
    } else {
        Vec::new()
    };
    for class in own {
        if !seen.insert(class) {
            continue;
        }
        for k in g.conflicts(class) {
            let (x, y) = k.nodes;
            let (Some(a), Some(b)) = (
                cx.occ.of_node(x).iter().find(|r| target.has_stage(r.stage)),
                cx.occ.of_node(y).iter().find(|r| target.has_stage(r.stage)),
            ) else {
                continue;
            };
            let (fa, fb) = (cx.field(*a), cx.field(*b));
            let msg = format!(
                "{} names {} and {} for one {} (one artifact: named together in {})",
                stage_label(&ev.stages[b.stage]),
                g.token(y).display(),
                g.token(x).display(),
                vocab.role_label(&fb.role),
                witness_text(ev, &g.witnesses(x, y))
            );
            if let Some(f) = rep.at_field(ev, c.severity, fb, msg) {
                label(f, ev, fa, format!("{} is named here", g.token(x).display()));
            }
        }
    }
    // Inside a listed stage: one artifact object names two things.
    for (si, s) in ev.stages.iter().enumerate() {
        if !c.stages.contains(&s.kind) || target.has_stage(si) {
            continue;
        }
        let mut classes = std::collections::BTreeSet::new();
        for f in &s.fields {
            for t in f.identities() {
                if let Some(cl) = g.class_of_token(t) {
                    classes.insert(cl);
                }
            }
        }
        for class in classes {
            for k in g.conflicts(class) {
                let (x, y) = k.nodes;
                let (Some(a), Some(b)) = (
                    cx.occ.of_node(x).iter().find(|r| r.stage == si),
                    cx.occ.of_node(y).iter().find(|r| r.stage == si),
                ) else {
                    continue;
                };
                let (fa, fb) = (cx.field(*a), cx.field(*b));
                let msg = format!(
                    "{} names {} and {} for one {} (one artifact: named together in {})",
                    stage_label(s),
                    g.token(y).display(),
                    g.token(x).display(),
                    vocab.role_label(&fb.role),
                    witness_text(ev, &g.witnesses(x, y))
                );
                if let Some(f) = rep.at_field(ev, c.severity, fb, msg) {
                    label(f, ev, fa, format!("{} is named here", g.token(x).display()));
                }
            }
        }
    }
    if !c.against_artifact {
        return;
    }
    // Between a listed stage and the artifact.
    for (si, s) in ev.stages.iter().enumerate() {
        if !c.stages.contains(&s.kind) || target.has_stage(si) {
            continue;
        }
        let cmp = super::compare(ev, &cx.occ, si, target);
        for k in &cmp.contradictions {
            let ours = cx.field(k.ours.0);
            let theirs = cx.field(k.theirs.0);
            let why = if k.witnesses.is_empty() {
                String::new()
            } else {
                format!(
                    " (one artifact: named together in {})",
                    witness_text(ev, &k.witnesses)
                )
            };
            let msg = format!(
                "{} names {} for the {}, but the deployed artifact is {}{why}",
                stage_label(s),
                k.ours.1.display(),
                vocab.role_label(&k.role),
                k.theirs.1.display()
            );
            if let Some(f) = rep.at_field(ev, c.severity, ours, msg) {
                label(f, ev, theirs, format!("deployed: {}", k.theirs.1.display()));
            }
        }
    }
}
