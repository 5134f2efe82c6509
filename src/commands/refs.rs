//! `skillgate ref [REF]...`: classify artifact references (one per line on stdin when none is
//! given). A query: exit 0 whatever the classes, 2 on usage errors.

use std::io::{BufRead, IsTerminal};

use super::{Outcome, usage_error};
use crate::cli::{Format, RefArgs};
use crate::refs::{self, Classification};
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
}

/// Runs the command.
pub fn run(args: RefArgs) -> Outcome {
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
            let c = refs::classify(&r);
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
        other => {
            return usage_error(
                &format!("`skillgate ref` prints human or json, not {other:?}"),
                "use --format human or --format json",
            );
        }
    }
    Outcome::Clean
}
