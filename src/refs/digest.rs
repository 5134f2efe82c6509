//! Bare content digests (`sha256:<hex>`, `sha256-<hex>`, `@sha256:<hex>`, bare 64/128-hex, short
//! hex) and digest sets (in-toto / SLSA `{"sha256": "…"}`, `digest.gitCommit=…`, OpenSSF model
//! signing `algorithm=sha256 digest=…`).

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Form, Guess, Spec};
use super::scan::{algorithm, has_upper, is_hex, is_mixed_hex, q};
use super::{Class, Classification, Ecosystem, Identity};

const E: Ecosystem = Ecosystem::Digest;
const OCI_DIGESTS: &str = "https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests";
const DIGEST_SET: &str = "https://github.com/in-toto/attestation/blob/main/spec/v1/digest_set.md";
const SLSA: &str = "https://slsa.dev/spec/v1.0/provenance";
const MODEL_SIGNING: &str = "https://github.com/sigstore/model-transparency/blob/main/docs/model_signing_format.md";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: E,
    id: "digest",
    title: "Content digests and digest sets",
    summary: "A full digest of a collision-resistant algorithm is immutable; md5, sha1, uppercase \
              and short hex are weak; a wrong length or non-hex digest is mutable.",
    claims: &[],
    guess: Some(Guess {
        rank: 30,
        when: |sh, s| !sh.space || s.starts_with(['{', '"']) || sh.op,
        detect,
    }),
    forced: Some(forced),
    version_slots: &["sha256:{}", "{\"sha256\": \"{}\"}", "algorithm=sha256 digest={}"],
    forms: &[
        Form::doc("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", Immutable, "sha256", OCI_DIGESTS)
            .id("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"),
        Form::doc(
            "sha512:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3",
            Immutable,
            "sha512",
            OCI_DIGESTS,
        ),
        Form::decided("3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", Immutable, "bare 64-hex (sha256)", "64 hex digits are read as a sha256 digest, the only common 256-bit digest in this setting"),
        Form::decided("sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", Immutable, "dash form (Ollama blobs, SRI-like names)", "the same digest in another spelling"),
        Form::decided("md5:d41d8cd98f00b204e9800998ecf8427e", Weak, "md5", "md5 collisions can be made on purpose: it identifies, it does not pin against an attacker"),
        Form::decided("sha1:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Weak, "sha1", "sha1 collisions can be made on purpose (SHAttered)"),
        Form::doc("sha256:3B2F2C1F7E9C4A5D8B6E0F1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D", Weak, "uppercase hex", OCI_DIGESTS),
        Form::doc("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1", Mutable, "wrong length", OCI_DIGESTS),
        Form::decided("sha256:0000000000000000000000000000000000000000000000000000000000000000", Mutable, "all-zero digest", "an all-zero digest is filler, not the digest of anything").reads_as(Ecosystem::Generic),
        Form::decided("3b2f2c1f7e9c", Weak, "short hex", "an abbreviation identifies while it is unambiguous; nothing guarantees it stays so"),
        Form::decided(
            "3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d7",
            Mutable,
            "65 hex digits",
            "one more digit than a sha256 digest: a copy error, not an abbreviation of anything",
        ),
        Form::doc("{\"sha256\": \"3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\"}", Immutable, "in-toto digest set", DIGEST_SET)
            .id("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"),
        Form::doc("{\"gitCommit\": \"a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9\"}", Immutable, "digest set with `gitCommit`", DIGEST_SET)
            .id("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9"),
        Form::doc("digest.gitCommit=a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Immutable, "SLSA `resolvedDependencies` digest, flattened", SLSA)
            .id("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9"),
        Form::doc(
            "algorithm=sha256 digest=3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            Immutable,
            "OpenSSF model signing resource",
            MODEL_SIGNING,
        )
        .id("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"),
        Form::doc("{\"sha256\": \"ff332109abdd\"}", Mutable, "digest set with a truncated value", DIGEST_SET),
        Form::doc("{\"sha1\": \"a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9\"}", Weak, "digest set with sha1 only", DIGEST_SET),
    ],
    notes: &[
        "**Malformed digests fail closed.** Wrong length or non-hex after a known algorithm is \
         mutable, even when it looks like a truncated digest (`sha256:3b2f2c1f7e9c`); the scan \
         in `identities_in` still yields its short token for binding. A bare hex run one digit \
         longer than a full digest (41, 65, 129 digits) is mutable: it is a copy error, not an \
         abbreviation. An all-zero digest is a placeholder. md5 and sha1 are weak everywhere.",
        "**Digest sets.** An in-toto `DigestSet` (`{\"sha256\": \"…\", \"sha512\": \"…\"}`), a \
         flattened `digest.<alg>=…` and an OpenSSF model-signing resource (`algorithm=sha256 \
         digest=…`, also `{\"algorithm\": …, \"value\": …}`) are read entry by entry: every \
         entry must be well formed (one malformed entry makes the set mutable: the producer is \
         broken), the strongest entry decides, and sha256 is the identity when present. \
         `gitCommit` yields a commit identity; `gitTree`, `gitBlob`, `gitTag` and `dirHash` \
         are content-addressed object ids and are immutable too. Unknown keys are ignored.",
    ],
};

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
        _ => Classification::immutable(eco, format!("full {alg} digest pins exact content"), id),
    }
}

/// Whole-string digests, bare hex (not 40-hex: that is a git commit) and digest sets.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if let Some((alg, full, hex)) = split(s) {
        return Some(classify_token(alg, full, hex, E));
    }
    if let Some(c) = bare(s) {
        return Some(c);
    }
    digest_set(s)
}

/// Bare hex strings other than 40 digits.
fn bare(s: &str) -> Option<Classification> {
    if !is_hex(s) {
        return None;
    }
    match s.len() {
        40 => None,
        64 => Some(classify_token("sha256", 64, s, E)),
        128 => Some(classify_token("sha512", 128, s, E)),
        41 | 65 | 129 if is_mixed_hex(s) => Some(Classification::mutable(
            E,
            format!(
                "malformed digest: {} hex digits is one more than a full {}",
                s.len(),
                match s.len() {
                    41 => "SHA-1 (40)",
                    65 => "sha256 (64)",
                    _ => "sha512 (128)",
                }
            ),
        )),
        39 | 63 | 127 if is_mixed_hex(s) => Some(Classification::weak(
            E,
            format!(
                "{} hex digits is one short of a full {}: probably truncated, an abbreviation at best",
                s.len(),
                match s.len() {
                    39 => "SHA-1 (40)",
                    63 => "sha256 (64)",
                    _ => "sha512 (128)",
                }
            ),
            Some(Identity::digest("hex", s)),
        )),
        7.. if is_mixed_hex(s) => Some(Classification::weak(
            E,
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
        return Some(classify_token("sha1", 40, s, E));
    }
    Some(Classification::mutable(
        E,
        format!("malformed digest: {} is not `algorithm:hex`", q(s)),
    ))
}

/// Digest-set keys: in-toto's algorithm names and content-addressed object ids, with the hex
/// length a full value has (`0`: any even length of at least 64, for the SHAKE functions).
const SET_KEYS: &[(&str, usize)] = &[
    ("sha256", 64),
    ("sha224", 56),
    ("sha384", 96),
    ("sha512", 128),
    ("sha512_224", 56),
    ("sha512_256", 64),
    ("sha3_224", 56),
    ("sha3_256", 64),
    ("sha3_384", 96),
    ("sha3_512", 128),
    ("shake128", 0),
    ("shake256", 0),
    ("blake2b", 128),
    ("blake2s", 64),
    ("blake3", 64),
    ("ripemd160", 40),
    ("sm3", 64),
    ("gost", 64),
    ("sha1", 40),
    ("md5", 32),
    ("gitcommit", 40),
    ("gittree", 40),
    ("gitblob", 40),
    ("gittag", 40),
    ("dirhash", 64),
    ("dirhash1", 64),
];

/// At most this many `key value` pairs are read from one digest set.
const MAX_PAIRS: usize = 256;

/// `{"sha256": "…"}`, `digest.gitCommit=…`, `algorithm=sha256 digest=…`.
fn digest_set(s: &str) -> Option<Classification> {
    let looks = s.starts_with(['{', '"'])
        || (s.as_bytes().contains(&b'=')
            && (super::scan::find_ascii(s, "digest").is_some()
                || super::scan::find_ascii(s, "algorithm").is_some()));
    if !looks {
        return None;
    }
    let pairs = pairs(s);
    let mut entries: Vec<(&str, &str)> = Vec::new();
    let mut alg_named: Option<&str> = None;
    let mut value_named: Option<&str> = None;
    for &(k, v) in &pairs {
        let key = k.rsplit('.').next().unwrap_or(k);
        if key.eq_ignore_ascii_case("algorithm") {
            alg_named = Some(v);
        } else if key.eq_ignore_ascii_case("digest") || key.eq_ignore_ascii_case("value") {
            value_named = Some(v);
        } else if SET_KEYS.iter().any(|(a, _)| key.eq_ignore_ascii_case(a)) {
            entries.push((key, v));
        }
    }
    if let (Some(a), Some(v)) = (alg_named, value_named) {
        if SET_KEYS.iter().any(|(k, _)| a.eq_ignore_ascii_case(k)) {
            entries.push((a, v));
        }
    }
    if entries.is_empty() {
        return None;
    }
    let mut best: Option<Classification> = None;
    let mut names = Vec::with_capacity(entries.len());
    for (k, v) in &entries {
        let c = entry(k, v);
        if c.class == Class::Mutable {
            return Some(Classification::mutable(
                E,
                format!("digest set entry {}: {}", q(k), c.reason),
            ));
        }
        names.push(k.to_ascii_lowercase());
        let better = match &best {
            None => true,
            Some(b) => c.class > b.class || (c.class == b.class && rank(k) < rank_of(b)),
        };
        if better {
            best = Some(c);
        }
    }
    let mut c = best?;
    names.dedup();
    c.reason = format!("digest set ({}): {}", names.join(", "), c.reason);
    Some(c)
}

/// Preference among equally strong entries: sha256 first, then other digests, then git ids.
fn rank(key: &str) -> u8 {
    let k = key.to_ascii_lowercase();
    match k.as_str() {
        "sha256" => 0,
        "sha512" => 1,
        _ if k.starts_with("git") => 3,
        _ => 2,
    }
}

fn rank_of(c: &Classification) -> u8 {
    match &c.identity {
        Some(Identity::Digest { algorithm, .. }) => rank(algorithm),
        Some(Identity::Commit { .. }) => 3,
        _ => 4,
    }
}

/// Verdict on one digest-set entry.
fn entry(key: &str, value: &str) -> Classification {
    let k = key.to_ascii_lowercase();
    let full = SET_KEYS
        .iter()
        .find(|(a, _)| *a == k)
        .map_or(64, |(_, n)| *n);
    if k.starts_with("git") {
        if !is_hex(value) || !matches!(value.len(), 40 | 64) {
            return Classification::mutable(
                E,
                format!(
                    "malformed {key}: needs 40 or 64 hex digits, got {}",
                    q(value)
                ),
            );
        }
        if value.bytes().all(|b| b == b'0') {
            return Classification::mutable(E, "placeholder: an all-zero object id");
        }
        if k == "gitcommit" {
            return Classification::immutable(
                E,
                "full commit SHA pins the exact tree",
                Identity::commit(value),
            );
        }
        return Classification::immutable(
            E,
            format!("{key} is a content-addressed git object id"),
            Identity::digest(&k, value),
        );
    }
    if full == 0 {
        let ok = is_hex(value) && value.len() >= 64 && value.len() % 2 == 0;
        return if ok {
            Classification::immutable(
                E,
                format!("full {k} digest pins exact content"),
                Identity::digest(&k, value),
            )
        } else {
            Classification::mutable(E, format!("malformed {k} digest {}", q(value)))
        };
    }
    classify_token(&k, full, value, E)
}

/// `key sep value` pairs: runs of `[A-Za-z0-9_.+/-]` whose separator contains one `:` or `=`.
fn pairs(s: &str) -> Vec<(&str, &str)> {
    let b = s.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'+' | b'/' | b'-');
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() && words.len() < 2 * MAX_PAIRS {
        if !is_word(b[i]) {
            i += 1;
            continue;
        }
        let st = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        words.push((st, i));
    }
    let mut out = Vec::new();
    for w in words.windows(2) {
        let (k, v) = (w[0], w[1]);
        let sep = b.get(k.1..v.0).unwrap_or(&[]);
        let seps = sep.iter().filter(|c| matches!(c, b':' | b'=')).count();
        let clean = sep
            .iter()
            .all(|c| matches!(c, b':' | b'=' | b'"' | b'\'' | b' ' | b'\t' | b'{'));
        if seps == 1 && clean {
            if let (Some(key), Some(val)) = (s.get(k.0..k.1), s.get(v.0..v.1)) {
                out.push((key, val));
            }
        }
    }
    out
}
