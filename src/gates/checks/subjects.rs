//! `subjects`: an attestation's subjects name the deployed digest, and a subject named like a
//! deployed artifact carries that artifact's digest.
//!
//! Only hex digests are compared; when nothing is deployed by digest the check is silent (the
//! reference gates report that). skillgate compares subjects; it does not verify signatures.

use std::collections::BTreeSet;

use super::{Context, Reporter, Target, label, stage_label};
use crate::gates::SubjectsCheck;
use crate::gates::evidence::{Field, Stage};

/// Runs the check.
pub fn run(cx: &Context<'_>, rep: &mut Reporter<'_>, c: &SubjectsCheck) {
    let ev = cx.ev;
    let vocab = cx.vocab();
    let Some((target, to_label)) = cx.target(&c.matches, None) else {
        return;
    };
    let primary: BTreeSet<usize> = target
        .primary
        .iter()
        .filter_map(|r| target.classes.get(r))
        .flatten()
        .copied()
        .collect();
    let g = &ev.graph;
    let hex_in = |classes: &BTreeSet<usize>| -> Vec<&str> {
        classes
            .iter()
            .flat_map(|c| g.members(*c))
            .filter_map(|m| g.token(*m).as_hex())
            .collect()
    };
    let wanted = hex_in(&primary);
    for stage in ev.stages.iter().filter(|s| s.kind == c.stage) {
        let subj: Vec<&Field> = stage
            .fields
            .iter()
            .filter(|f| f.path.iter().any(|p| vocab.field_matches(&c.fields, p)))
            .filter(|f| f.identities().any(|t| t.as_hex().is_some()))
            .collect();
        if subj.is_empty() {
            rep.at_stage(
                ev,
                c.severity,
                stage,
                format!("{} names no subject digest", stage_label(stage)),
            );
            continue;
        }
        if wanted.is_empty() {
            continue; // nothing deployed by digest: the reference gates report that
        }
        let covers = |f: &Field| {
            f.identities().any(|t| {
                g.class_of_token(t).is_some_and(|c| primary.contains(&c))
                    || wanted
                        .iter()
                        .any(|w| t.matches(&super::Token::hex(w)).is_some())
            })
        };
        let mut reported = None;
        if !subj.iter().any(|f| covers(f)) {
            reported = Some(subj[0].span);
            let f = subj[0];
            let msg = format!(
                "attestation subject `{}` does not match {to_label}'s digest {}",
                f.text,
                shown_hex(&wanted)
            );
            if let Some(found) = rep.at_field(ev, c.severity, f, msg) {
                if let Some(tf) = target.primary.iter().find_map(|r| target.first.get(r)) {
                    label(found, ev, cx.field(*tf), format!("{to_label}'s digest"));
                }
            }
        }
        let rest: Vec<&Field> = subj
            .iter()
            .copied()
            .filter(|f| Some(f.span) != reported)
            .collect();
        names(cx, rep, c, stage, &rest, &target, &to_label);
    }
}

/// A subject whose `name` is the repository of a deployed reference must carry its digest.
fn names(
    cx: &Context<'_>,
    rep: &mut Reporter<'_>,
    c: &SubjectsCheck,
    stage: &Stage,
    subj: &[&Field],
    target: &Target,
    to_label: &str,
) {
    let ev = cx.ev;
    let g = &ev.graph;
    for f in subj {
        let Some(name) = subject_name(stage, f) else {
            continue;
        };
        let want = normalise_name(&name.text);
        if want.is_empty() {
            continue;
        }
        for &si in &target.stages {
            for d in &ev.stages[si].fields {
                if !d.reference || d.identities().next().is_none() {
                    continue;
                }
                let repo = repository(&d.text);
                let last = repo.rsplit('/').next().unwrap_or(&repo);
                if repo != want && last != want {
                    continue;
                }
                let theirs: BTreeSet<usize> =
                    d.identities().filter_map(|t| g.class_of_token(t)).collect();
                let ok = f
                    .identities()
                    .any(|t| g.class_of_token(t).is_some_and(|c| theirs.contains(&c)));
                if ok {
                    continue;
                }
                let digest = f
                    .identities()
                    .next()
                    .map_or_else(String::new, super::Token::display);
                let msg = format!(
                    "attestation subject `{}` names {to_label}'s {} `{}`, but its digest {digest} is not the deployed {}",
                    name.text,
                    cx.vocab().role_label(&d.role),
                    d.text,
                    d.identities()
                        .next()
                        .map_or_else(String::new, super::Token::display)
                );
                if let Some(found) = rep.at_field(ev, c.names.or(c.severity), f, msg) {
                    label(found, ev, d, format!("{to_label} deploys this"));
                }
            }
        }
    }
}

/// The `name` beside a subject's digest set: `subject[1].digest.sha256` → `subject[1].name`.
fn subject_name<'a>(stage: &'a Stage, f: &Field) -> Option<&'a Field> {
    let cut = f.display.rfind(".digest")?;
    let want = format!("{}.name", &f.display[..cut]);
    stage.fields.iter().find(|n| n.display == want)
}

/// A reference's repository: no scheme, no `@digest`, no `:tag` after the last `/`,
/// lowercase.
fn repository(text: &str) -> String {
    normalise_name(text)
}

fn normalise_name(text: &str) -> String {
    let t = text.trim().to_ascii_lowercase();
    let t = t.split_once("://").map_or(t.as_str(), |(_, r)| r);
    let t = t.split('@').next().unwrap_or(t);
    let t = match t.rfind(':') {
        Some(i) if !t[i..].contains('/') => &t[..i],
        _ => t,
    };
    t.trim_end_matches('/').to_string()
}

fn shown_hex(hex: &[&str]) -> String {
    let toks: Vec<super::Token> = hex.iter().map(|h| super::Token::hex(h)).collect();
    super::shown(&toks)
}
