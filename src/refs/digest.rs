//! Bare content digests: `sha256:<hex>`, `sha256-<hex>`, `@sha256:<hex>`, bare 64/128-hex, short hex.

use super::scan::{algorithm, has_upper, is_hex, is_mixed_hex, q};
use super::{Classification, Ecosystem, Identity};

/// Split a whole-string `alg:hex` / `alg-hex` / `alg_hex` / `alg=hex` into (algorithm, hex).
/// Only known algorithm names are accepted.
pub(crate) fn split(s: &str) -> Option<(&'static str, usize, &str)> {
    let s = s.strip_prefix('@').unwrap_or(s);
    let cut = s.find([':', '-', '_', '='])?;
    let (name, rest) = (s.get(..cut)?, s.get(cut + 1..)?);
    let (alg, full) = algorithm(name)?;
    Some((alg, full, rest))
}

/// Verdict on a digest `alg` whose hex part is `hex` (raw, as written).
pub(crate) fn classify_token(alg: &str, full: usize, hex: &str, eco: Ecosystem) -> Classification {
    if !is_hex(hex) {
        return Classification::mutable(
            eco,
            format!(
                "malformed digest: {} is not hex",
                q(&format!("{alg}:{hex}"))
            ),
        );
    }
    if hex.len() != full {
        return Classification::mutable(
            eco,
            format!(
                "malformed digest: {alg} needs {full} hex digits, got {}",
                hex.len()
            ),
        );
    }
    if hex.bytes().all(|b| b == b'0') {
        return Classification::mutable(eco, "all-zero digest is a placeholder");
    }
    let id = Identity::digest(alg, hex);
    if has_upper(hex) {
        let why = if matches!(eco, Ecosystem::Oci | Ecosystem::Ollama) {
            "non-canonical digest: OCI requires lowercase hex"
        } else {
            "non-canonical digest: uppercase hex (normalised to lowercase)"
        };
        return Classification::weak(eco, why, Some(id));
    }
    match alg {
        "md5" | "sha1" => {
            Classification::weak(eco, format!("{alg} is not collision resistant"), Some(id))
        }
        "sha256" => Classification::immutable(eco, "full sha256 digest pins exact content", id),
        "sha512" => Classification::immutable(eco, "full sha512 digest pins exact content", id),
        _ => Classification::immutable(eco, format!("full {alg} digest pins exact content"), id),
    }
}

/// Whole-string digests and bare hex (not 40-hex: that is a git commit).
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if let Some((alg, full, hex)) = split(s) {
        return Some(classify_token(alg, full, hex, Ecosystem::Digest));
    }
    bare(s)
}

/// Bare hex strings other than 40 digits.
fn bare(s: &str) -> Option<Classification> {
    if !is_hex(s) {
        return None;
    }
    match s.len() {
        40 => None,
        64 => Some(classify_token("sha256", 64, s, Ecosystem::Digest)),
        128 => Some(classify_token("sha512", 128, s, Ecosystem::Digest)),
        7.. if is_mixed_hex(s) => Some(Classification::weak(
            Ecosystem::Digest,
            format!(
                "short hex {} is an abbreviated hash that can become ambiguous",
                q(s)
            ),
            Some(Identity::digest("hex", s)),
        )),
        _ => None,
    }
}

/// Forced reading: the caller says this is a digest.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(c) = detect(s) {
        return Some(c);
    }
    if is_hex(s) && s.len() == 40 {
        return Some(classify_token("sha1", 40, s, Ecosystem::Digest));
    }
    Some(Classification::mutable(
        Ecosystem::Digest,
        format!("malformed digest: {} is not `algorithm:hex`", q(s)),
    ))
}
