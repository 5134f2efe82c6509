//! Weights & Biases artifacts: `entity/project/name:v3`, `:latest` / custom aliases, `wandb-artifact://`.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, Guess, On, Spec};
use super::scan::{has_leading_zero, is_digits, q, strip_zeros};
use super::{Classification, Ecosystem, Identity};

const WB: Ecosystem = Ecosystem::Wandb;
const ALIASES: &str = "https://docs.wandb.ai/guides/artifacts/create-a-custom-alias/";
const VERSIONS: &str = "https://docs.wandb.ai/guides/artifacts/create-a-new-artifact-version/";
const REGISTRY: &str = "https://docs.wandb.ai/guides/registry/";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: WB,
    id: "wandb",
    title: "Weights & Biases artifacts",
    summary: "An artifact version (`name:v12`) is immutable; `latest`, any other alias, or no \
              version is mutable.",
    claims: &[
        Claim { on: On::Scheme("wandb-artifact"), read: claim },
        Claim { on: On::Scheme("wandb"), read: claim },
    ],
    guess: Some(Guess {
        rank: 100,
        when: |sh, s| {
            sh.colon && !sh.space && (sh.slashes == 2 || (sh.slashes == 1 && s.starts_with("wandb-registry-")))
        },
        detect,
    }),
    forced: Some(forced),
    version_slots: &["acme/fraud/detector:{}", "wandb-artifact://acme/fraud/detector:{}"],
    forms: &[
        Form::doc("acme/fraud/detector:v12", Immutable, "artifact version", VERSIONS).id("wandb:acme/fraud/detector/v12"),
        Form::doc("acme/fraud/detector:latest", Mutable, "`latest` alias", ALIASES),
        Form::doc("acme/fraud/detector:production", Mutable, "custom alias", ALIASES),
        Form::doc("wandb-artifact://acme/fraud/detector:prod", Mutable, "custom alias, URI form", ALIASES),
        Form::doc("wandb-registry-model/fraud-detector:v3", Immutable, "registry collection version", REGISTRY),
        Form::doc("acme/wandb-registry-model/fraud-detector:staging", Mutable, "registry alias", REGISTRY),
        Form::decided(
            "acme/fraud/detector:v012",
            Weak,
            "version with a leading zero",
            "W&B prints `v12`; `v012` is read as that version, but weakly, with the normalised identity",
        )
        .id("wandb:acme/fraud/detector/v12"),
    ],
    notes: &[
        "**W&B.** Exactly three segments with `:alias` (`entity/project/name:v3`) and \
         `wandb-registry-<registry>/<collection>:<alias>` are read as W&B artifacts; `vN` is a \
         version (immutable once logged), any other alias can be moved.",
    ],
};

fn claim(c: &Claimed<'_>) -> Option<Classification> {
    let p = c.rest.strip_prefix("//")?;
    Some(classify_path(p.trim_start_matches('/')))
}

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
        )
        .locator();
    };
    let name = p.get(..colon).unwrap_or(p);
    let alias = p.get(colon + 1..).unwrap_or("");
    if let Some(n) = alias.strip_prefix('v') {
        if has_leading_zero(n) {
            let v = format!("v{}", strip_zeros(n));
            return Classification::weak(
                WB,
                format!("non-canonical W&B version {}: read as {}", q(alias), q(&v)),
                Some(Identity::version("wandb", name, &v)),
            );
        }
        if is_digits(n) {
            return Classification::immutable(
                WB,
                format!("W&B artifact version {} is immutable once logged", q(alias)),
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

/// Bare `entity/project/name:alias` (exactly three segments, the first not a registry host),
/// and `wandb-registry-<registry>/<collection>:alias`.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if s.starts_with("wandb-registry-") && s.matches('/').count() == 1 {
        let (reg, n) = s.split_once('/')?;
        let (name, alias) = n.split_once(':')?;
        return (is_seg(reg) && is_seg(name) && is_seg(alias)).then(|| classify_path(s));
    }
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
