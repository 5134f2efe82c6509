//! `skillgate ref [REF]...`: classify artifact references (one per line on stdin when none is
//! given), optionally as one ecosystem (`--as`), or list the ecosystem registry (`--list`).
//! A query: exit 0 whatever the classes, 2 on usage errors.

use std::io::{BufRead, IsTerminal};

use super::{Outcome, usage_error};
use crate::cli::{Format, RefArgs};
use crate::refs::{self, Classification, Ecosystem};
use crate::report::human::clean;

/// One classified reference, as `--format json` prints it.
#[derive(serde::Serialize)]
struct RefView<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    class: &'static str,
    ecosystem: &'static str,
    reason: &'a str,
    identity: Option<String>,
    provider_pinned: bool,
    locator: bool,
}

/// One ecosystem, as `--list --format json` prints it.
#[derive(serde::Serialize)]
struct EcosystemView {
    id: &'static str,
    title: &'static str,
    summary: &'static str,
    claims: Vec<String>,
    guessed: bool,
    forms: Vec<FormView>,
}

/// One documented form in `--list --format json`.
#[derive(serde::Serialize)]
struct FormView {
    example: &'static str,
    class: &'static str,
    note: &'static str,
    hinted: bool,
    source: String,
}

/// Runs the command.
pub fn run(args: RefArgs) -> Outcome {
    if args.list {
        return list(args.format);
    }
    let hint = match args.as_ecosystem.as_deref() {
        None => None,
        Some(id) => match Ecosystem::from_id(id) {
            Some(e) => Some(e),
            None => {
                let ids: Vec<&str> = Ecosystem::ALL.iter().map(|e| e.as_str()).collect();
                return usage_error(
                    &format!("unknown ecosystem `{}`", clean(id)),
                    &format!("--as takes one of: {}", ids.join(", ")),
                );
            }
        },
    };
    let mut refs_in: Vec<String> = args.refs.clone();
    if refs_in.is_empty() {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return usage_error(
                "no reference given",
                "pass references as arguments or one per line on standard input",
            );
        }
        for line in stdin.lock().lines() {
            match line {
                Ok(l) if !l.trim().is_empty() => refs_in.push(l.trim().to_string()),
                Ok(_) => {}
                Err(e) => return usage_error(&format!("cannot read standard input: {e}"), ""),
            }
        }
    }
    let classified: Vec<(String, Classification)> = refs_in
        .into_iter()
        .map(|r| {
            let c = match hint {
                Some(h) => refs::classify_as(&r, h),
                None => refs::classify(&r),
            };
            (r, c)
        })
        .collect();
    match args.format {
        Format::Json => {
            let views: Vec<RefView<'_>> = classified
                .iter()
                .map(|(r, c)| RefView {
                    reference: r,
                    class: c.class.as_str(),
                    ecosystem: c.ecosystem.as_str(),
                    reason: &c.reason,
                    identity: c.identity.as_ref().map(|i| i.token()),
                    provider_pinned: c.provider_pinned,
                    locator: c.locator,
                })
                .collect();
            print!("{}", crate::report::json::to_string(&views));
        }
        Format::Human => {
            for (r, c) in &classified {
                println!(
                    "{:<9}  {}  ({}) {}",
                    c.class.as_str(),
                    clean(r),
                    c.ecosystem.as_str(),
                    clean(&c.reason)
                );
            }
        }
        other => return unsupported(other),
    }
    Outcome::Clean
}

/// `--list`: the ecosystem registry.
fn list(format: Format) -> Outcome {
    match format {
        Format::Human => print!("{}", refs::list_text()),
        Format::Json => {
            let views: Vec<EcosystemView> = refs::specs()
                .map(|s| EcosystemView {
                    id: s.id,
                    title: s.title,
                    summary: s.summary,
                    claims: s.claims.iter().map(|c| c.on.display()).collect(),
                    guessed: refs::guess_order().iter().any(|(_, e)| *e == s.ecosystem),
                    forms: s
                        .forms
                        .iter()
                        .map(|f| FormView {
                            example: f.example,
                            class: f.class.as_str(),
                            note: f.note,
                            hinted: f.hinted,
                            source: match f.source {
                                refs::Source::Doc(url) => url.to_owned(),
                                refs::Source::Decided(why) => format!("decided: {why}"),
                            },
                        })
                        .collect(),
                })
                .collect();
            print!("{}", crate::report::json::to_string(&views));
        }
        other => return unsupported(other),
    }
    Outcome::Clean
}

fn unsupported(other: Format) -> Outcome {
    usage_error(
        &format!("`skillgate ref` prints human or json, not {other:?}"),
        "use --format human or --format json",
    )
}
