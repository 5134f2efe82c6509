//! Anthropic API model ids: dated snapshots (`claude-3-5-sonnet-20241022`,
//! `claude-sonnet-4-20250514`) vs moving aliases (`claude-3-5-sonnet-latest`, `claude-sonnet-4-0`).

use super::Class::{Mutable, Weak};
use super::registry::{Form, Guess, Spec};
use super::scan::{q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const AN: Ecosystem = Ecosystem::Anthropic;
const MODELS: &str = "https://docs.anthropic.com/en/docs/about-claude/models/overview";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: AN,
    id: "anthropic",
    title: "Anthropic API",
    summary: "A dated snapshot (`claude-3-5-sonnet-20241022`) is provider-pinned (weak); an \
              alias (`-latest`, `claude-sonnet-4-0`) is mutable.",
    claims: &[],
    guess: Some(Guess {
        rank: 80,
        when: |sh, s| sh.bare() || s.starts_with("anthropic"),
        detect,
    }),
    forced: Some(forced),
    version_slots: &[],
    forms: &[
        Form::doc("claude-3-5-sonnet-20241022", Weak, "dated snapshot (provider-pinned)", MODELS)
            .id("anthropic:claude-3-5-sonnet-20241022"),
        Form::doc("anthropic/claude-sonnet-4-20250514", Weak, "dated snapshot with a route prefix", MODELS),
        Form::doc("claude-3-5-sonnet-latest", Mutable, "`-latest` alias", MODELS),
        Form::doc("claude-sonnet-4-0", Mutable, "alias without a date", MODELS),
    ],
    notes: &[],
};

/// Strip `anthropic/` or `anthropic:` routing prefixes.
fn strip_route(s: &str) -> &str {
    strip_prefix_ci(s, "anthropic/")
        .or_else(|| strip_prefix_ci(s, "anthropic:"))
        .unwrap_or(s)
}

/// A dated snapshot ends in an 8-digit `YYYYMMDD` segment.
fn is_snapshot(id: &str) -> bool {
    id.rsplit('-').next().is_some_and(|d| {
        d.len() == 8 && d.starts_with("20") && d.bytes().all(|b| b.is_ascii_digit())
    })
}

fn classify_id(id: &str) -> Classification {
    if is_snapshot(id) {
        return Classification::pinned(
            AN,
            format!(
                "{} is a provider-pinned snapshot; weights are not inspectable",
                q(id)
            ),
            Identity::provider("anthropic", id),
        );
    }
    let c = Classification::mutable(
        AN,
        format!("{} is an alias the provider moves to new snapshots", q(id)),
    );
    if id.ends_with("-latest") { c } else { c.locator() }
}

/// Ids of the `claude-` family (Bedrock's `anthropic.claude-…` ids are Bedrock's).
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let id = strip_route(s);
    let valid = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    (valid && strip_prefix_ci(id, "claude-").is_some()).then(|| classify_id(id))
}

/// Forced reading: any id is read as an Anthropic model id.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    let id = strip_route(s);
    (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| classify_id(id))
}
