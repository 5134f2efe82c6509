//! Weights & Biases artifacts: `entity/project/name:v3`, `:latest` / custom aliases, `wandb-artifact://`.

use super::scan::{is_digits, q};
use super::{Classification, Ecosystem, Identity};

const WB: Ecosystem = Ecosystem::Wandb;

/// A W&B path segment: `[A-Za-z0-9._-]+`.
fn is_seg(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// `[entity/][project/]name[:alias]` (scheme already removed).
pub(crate) fn classify_path(p: &str) -> Classification {
    let slash = p.rfind('/').map_or(0, |i| i + 1);
    let colon = p
        .get(slash..)
        .and_then(|last| last.rfind(':'))
        .map(|c| slash + c);
    let Some(colon) = colon else {
        return Classification::mutable(
            WB,
            format!(
                "W&B artifact {} without a version resolves to `latest`",
                q(p)
            ),
        );
    };
    let name = p.get(..colon).unwrap_or(p);
    let alias = p.get(colon + 1..).unwrap_or("");
    if let Some(n) = alias.strip_prefix('v') {
        if is_digits(n) {
            return Classification::immutable(
                WB,
                "W&B artifact versions are immutable once logged",
                Identity::version("wandb", name, alias),
            );
        }
    }
    if alias.eq_ignore_ascii_case("latest") {
        return Classification::mutable(WB, "W&B alias `latest` moves to the newest version");
    }
    Classification::mutable(
        WB,
        format!("W&B alias {} can be moved to another version", q(alias)),
    )
}

/// Bare `entity/project/name:alias` (exactly three segments, the first not a registry host).
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let mut it = s.split('/');
    let (e, p, n) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || !is_seg(e) || !is_seg(p) || e.contains('.') || e == "localhost" {
        return None;
    }
    let (name, alias) = n.split_once(':')?;
    (is_seg(name) && is_seg(alias)).then(|| classify_path(s))
}

/// Forced reading: with or without `wandb-artifact://`.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    let p = super::scan::strip_prefix_ci(s, "wandb-artifact://")
        .or_else(|| super::scan::strip_prefix_ci(s, "wandb://"))
        .unwrap_or(s);
    Some(classify_path(p.trim_start_matches('/')))
}
