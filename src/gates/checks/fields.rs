//! `evidence`: a stage carries fields with accepted values (`require`), and none with
//! forbidden ones (`forbid`).
//!
//! In `require`, a placeholder never counts, and an immutable value (a digest) counts as
//! accepted even outside the value set (`checksum: sha256:...`).

use super::{Context, Reporter, stage_label};
use crate::gates::EvidenceCheck;
use crate::gates::evidence::{Field, Stage};
use crate::refs::Class;

/// Runs the check.
pub fn run(cx: &Context<'_>, rep: &mut Reporter<'_>, c: &EvidenceCheck) {
    let ev = cx.ev;
    let vocab = cx.vocab();
    let hosted = ev.hosted(vocab);
    let stages: Vec<&Stage> = ev
        .stages
        .iter()
        .filter(|s| c.stages.contains(&s.kind))
        .collect();
    for stage in stages {
        for req in &c.require {
            if req.unless_hosted && hosted {
                continue;
            }
            let candidates: Vec<&Field> = stage
                .fields
                .iter()
                .filter(|f| req.applies_to(vocab, &f.key))
                .collect();
            if candidates
                .iter()
                .any(|f| value_ok(cx, f, req.values.as_deref()))
            {
                continue;
            }
            match candidates.first() {
                Some(f) => {
                    let msg = format!("{}: `{}` is `{}`", req.message, f.display, f.text);
                    rep.at_field(ev, req.severity, f, msg);
                }
                None => {
                    rep.at_stage(
                        ev,
                        req.severity,
                        stage,
                        format!("{} ({})", req.message, stage_label(stage)),
                    );
                }
            }
        }
        for req in &c.forbid {
            for f in stage
                .fields
                .iter()
                .filter(|f| req.applies_to(vocab, &f.key))
                .filter(|f| match &req.values {
                    Some(set) => vocab.value_in(set, &f.text),
                    None => true,
                })
            {
                let msg = format!("{}: `{}` is `{}`", req.message, f.display, f.text);
                rep.at_field(ev, req.severity, f, msg);
            }
        }
    }
}

fn value_ok(cx: &Context<'_>, f: &Field, set: Option<&str>) -> bool {
    if crate::refs::is_placeholder(&f.text) {
        return false;
    }
    match set {
        None => true,
        Some(s) => cx.vocab().value_in(s, &f.text) || f.class.class == Class::Immutable,
    }
}
