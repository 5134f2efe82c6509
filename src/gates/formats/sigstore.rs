//! Sigstore bundles v0.1, v0.2 and v0.3 (`mediaType:
//! application/vnd.dev.sigstore.bundle+json;version=0.1` / `;version=0.2` /
//! `application/vnd.dev.sigstore.bundle.v0.3+json`), including the OpenSSF model-signing
//! `model.sig`.
//!
//! Read (spec: <https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto>,
//! `sigstore_common.proto`):
//! - `dsseEnvelope` → a DSSE envelope ([`super::dsse`]): its in-toto Statement's subjects are the
//!   attestation's subjects, reported at `dsseEnvelope.payload`;
//! - `messageSignature.messageDigest {algorithm, digest}` → the signed artifact: one subject
//!   (`subjectdigest`, display `messageSignature.messageDigest.digest`), the base64 `digest`
//!   decoded to hex (`SHA2_256` → `sha256:<hex>`, `SHA2_384`, `SHA2_512`; other algorithms are
//!   not compared, and a note says so).
//!
//! Deliberately not read: everything in `verificationMaterial` — `certificate.rawBytes`,
//! `x509CertificateChain`, `publicKey.hint`, `tlogEntries[]` (`logIndex`, `kindVersion`,
//! `integratedTime`, `inclusionProof.hashes` / `rootHash`, `checkpoint`, `canonicalizedBody`),
//! `timestampVerificationData` — and `messageSignature.signature`, `dsseEnvelope.signatures[]`:
//! signature plumbing, never the signed artifact. skillgate does not verify the signature, the
//! certificate or the log entry; every bundle yields a note saying so.

use super::dsse::{self, decode_base64};
use super::intoto::{NOT_VERIFIED, digest_of};
use super::{Emit, Format, Part, role};
use crate::yaml::Node;

/// A Sigstore bundle.
pub static BUNDLE: Format = Format {
    id: "sigstore-bundle",
    title: "Sigstore bundle (v0.1-v0.3)",
    detect,
    read,
};

fn detect(doc: &Node) -> bool {
    doc.get("mediaType")
        .and_then(Node::as_str)
        .is_some_and(|m| m.starts_with("application/vnd.dev.sigstore.bundle"))
}

fn read(doc: &Node, emit: &mut Emit<'_, '_>) {
    let content = doc
        .get("dsseEnvelope")
        .or_else(|| doc.get("messageSignature"));
    emit.note(content.unwrap_or(doc), NOT_VERIFIED);
    if let Some(env) = doc.get("dsseEnvelope") {
        dsse::read_envelope(env, emit, "dsseEnvelope");
    } else if let Some(ms) = doc.get("messageSignature") {
        message_signature(emit, ms);
    } else {
        emit.note(
            doc,
            "the Sigstore bundle has neither a dsseEnvelope nor a messageSignature: nothing is signed",
        );
    }
}

/// `messageSignature.messageDigest`: the digest of the signed artifact, in base64.
fn message_signature(emit: &mut Emit<'_, '_>, ms: &Node) {
    let Some(md) = ms.get("messageDigest") else {
        emit.note(
            ms,
            "`messageSignature` has no messageDigest: nothing is compared",
        );
        return;
    };
    let alg = md.get("algorithm").and_then(Node::as_str).unwrap_or("");
    let Some(digest) = md.get("digest") else {
        emit.note(md, "`messageSignature.messageDigest` has no digest");
        return;
    };
    let Some(stage) = emit.stage(
        Part::Attestation,
        "attestation",
        ms,
        "messageSignature.messageDigest",
    ) else {
        return;
    };
    let display = "messageSignature.messageDigest.digest";
    let Some(bytes) = digest.as_str().and_then(decode_base64) else {
        emit.note(
            digest,
            format!("`{display}` is not base64: it is not compared"),
        );
        return;
    };
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let Some(text) = digest_of(alg, &hex) else {
        emit.note(
            digest,
            format!("`{display}` uses the algorithm `{alg}`, which skillgate does not compare"),
        );
        return;
    };
    let object = emit.object(stage, "messageSignature.messageDigest", md);
    emit.reference_text(
        stage,
        object,
        role::MODEL,
        "subjectdigest",
        display,
        &text.text,
        digest.span,
    );
}

#[cfg(test)]
mod tests {
    use super::super::intoto::evidence_of;

    #[test]
    fn message_digest_is_decoded_to_hex() {
        // bundle.txt from sigstore-python's test assets: SHA-256 802dd60f...e30e.
        let text = "{\n  \"mediaType\": \"application/vnd.dev.sigstore.bundle+json;version=0.1\",\n  \"verificationMaterial\": {\"tlogEntries\": [{\"inclusionProof\": {\"rootHash\": \"LE67t2Zlc0g35az81xMg0cgM2DULj8fNsGGHTcRthcs=\", \"hashes\": [\"zgesNHwk09VvW4IDaPrJMtX59glNyyLPzeJO1Gw1hCI=\"]}, \"kindVersion\": {\"kind\": \"hashedrekord\", \"version\": \"0.0.1\"}}]},\n  \"messageSignature\": {\"messageDigest\": {\"algorithm\": \"SHA2_256\",\n    \"digest\": \"gC3WD/iDM4AvJYXnMEO9IcNBKF4Zkv5bMXVeHK3q4w4=\"}, \"signature\": \"MGUCMQ==\"}\n}\n";
        let ev = evidence_of("b.sigstore.json", text);
        let fields: Vec<_> = ev.fields().map(|(_, f)| f).collect();
        assert_eq!(fields.len(), 1, "only the message digest: {fields:?}");
        let f = fields[0];
        assert_eq!(
            f.text,
            "sha256:802dd60ff88333802f2585e73043bd21c341285e1992fe5b31755e1cadeae30e"
        );
        assert_eq!(f.key, "subjectdigest");
        assert_eq!(ev.file().line_col(f.span.start).0, 5);
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("does not verify any signature"))
        );
        assert!(!ev.is_analysable(&super::super::intoto::test_vocab()));
    }

    #[test]
    fn verification_material_alone_yields_nothing() {
        let text = "{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verificationMaterial\": {\"certificate\": {\"rawBytes\": \"MIIC\"}, \"tlogEntries\": [{\"logIndex\": \"33292044\", \"canonicalizedBody\": \"eyJhcGlWZXJzaW9uIjoiMC4wLjEiLCJraW5kIjoiZHNzZSJ9\", \"inclusionProof\": {\"rootHash\": \"EPrWchgdjHmtYpzpPUA1UPL851YctQquuROejTBxUTA=\"}}]}}";
        let ev = evidence_of("model.sig", text);
        assert_eq!(ev.fields().count(), 0);
        assert_eq!(ev.stages.len(), 0);
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("nothing is signed"))
        );
    }
}
