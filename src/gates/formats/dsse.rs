//! DSSE envelopes (`payloadType`, base64 `payload`, `signatures[]`), alone or one per line in
//! an `.intoto.jsonl` file, and inside Sigstore bundles.
//!
//! Read (spec: <https://github.com/secure-systems-lab/dsse/blob/master/envelope.md>): a
//! `payload` whose `payloadType` is in-toto JSON (`application/vnd.in-toto+json`) is decoded
//! (standard or URL-safe base64, with or without padding, at most [`MAX_PAYLOAD`] bytes) and
//! read as an in-toto Statement ([`super::intoto`]); everything it names is reported at the
//! `payload` value, so a finding about a subject points at the envelope. Deliberately not read:
//! `signatures[]` (`keyid`, `sig`): skillgate does not verify signatures, and says so in a note
//! for every envelope. A payload of another type, or one that does not decode to a Statement,
//! gets a note and yields nothing.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::intoto::{self, NOT_VERIFIED, join};
use super::{Emit, Format};
use crate::yaml::Node;

/// A bare DSSE envelope.
pub static ENVELOPE: Format = Format {
    id: "dsse-envelope",
    title: "DSSE envelope",
    detect,
    read,
};

/// Largest base64 payload decoded (bytes of base64 text).
pub const MAX_PAYLOAD: usize = 8 << 20;

fn detect(doc: &Node) -> bool {
    doc.get("payloadType").and_then(Node::as_str).is_some()
        && doc.get("payload").and_then(Node::as_str).is_some()
}

fn read(doc: &Node, emit: &mut Emit<'_, '_>) {
    emit.note(doc.get("payload").unwrap_or(doc), NOT_VERIFIED);
    read_envelope(doc, emit, "");
}

/// Reads an envelope whose dotted path is `prefix` (`dsseEnvelope` in a Sigstore bundle).
pub fn read_envelope(env: &Node, emit: &mut Emit<'_, '_>, prefix: &str) {
    let kind = env.get("payloadType").and_then(Node::as_str).unwrap_or("");
    let Some(payload) = env.get("payload") else {
        emit.note(env, "the DSSE envelope has no payload: nothing is attested");
        return;
    };
    let shown = join(prefix, "payload");
    if !(kind.starts_with("application/vnd.in-toto") && kind.ends_with("json")) {
        emit.note(
            payload,
            format!("`{shown}` has payloadType `{kind}`, not in-toto JSON: it is not read"),
        );
        return;
    }
    let Some(text) = payload.as_str() else {
        emit.note(
            payload,
            format!("`{shown}` is not a string: it is not read"),
        );
        return;
    };
    if text.len() > MAX_PAYLOAD {
        emit.note(
            payload,
            format!(
                "`{shown}` is larger than {} MiB: it is not read",
                MAX_PAYLOAD >> 20
            ),
        );
        return;
    }
    let Some(bytes) = decode_base64(text) else {
        emit.note(payload, format!("`{shown}` is not base64: it is not read"));
        return;
    };
    let Ok(json) = String::from_utf8(bytes) else {
        emit.note(
            payload,
            format!("`{shown}` does not decode to UTF-8 text: it is not read"),
        );
        return;
    };
    let mut statement = false;
    let parsed = emit.nested(&json, payload, |docs, emit| {
        if let Some(doc) = docs.iter().find(|d| intoto::is_statement(d)) {
            statement = true;
            intoto::read_statement(doc, emit, &shown);
        }
    });
    if !parsed || !statement {
        emit.note(
            payload,
            format!("`{shown}` does not decode to an in-toto Statement: nothing is attested"),
        );
    }
}

/// Decodes standard or URL-safe base64, padded or not.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let t = text.trim();
    GeneralPurpose::new(&base64::alphabet::STANDARD, config)
        .decode(t)
        .or_else(|_| GeneralPurpose::new(&base64::alphabet::URL_SAFE, config).decode(t))
        .ok()
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::super::intoto::evidence_of;

    const D: &str = "482ce8c8f7e867da3a3c05a9aee637703e17470ed1cf882a9e5b405e8f82619d";

    /// An envelope on three lines (the payload on line 2).
    fn envelope(payload_type: &str, payload: &str) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(payload);
        format!(
            "{{\"payloadType\": \"{payload_type}\",\n \"payload\": \"{b64}\",\n \"signatures\": [{{\"keyid\": \"\", \"sig\": \"MEUCIQ{}\"}}]}}\n",
            "A".repeat(40)
        )
    }

    #[test]
    fn payload_subjects_are_reported_at_the_payload() {
        let stmt = format!(
            "{{\"_type\": \"https://in-toto.io/Statement/v0.1\", \"predicateType\": \"https://slsa.dev/provenance/v0.2\", \"subject\": [{{\"name\": \"artifact1\", \"digest\": {{\"sha256\": \"{D}\"}}}}], \"predicate\": {{\"materials\": [{{\"digest\": {{\"sha1\": \"60a179bd9181657528c7b14243f07511b4f63cf5\"}}}}]}}}}"
        );
        let text = envelope("application/vnd.in-toto+json", &stmt);
        let ev = evidence_of("a.intoto.json", &text);
        let subjects: Vec<_> = ev
            .fields()
            .filter(|(_, f)| f.key == "subjectdigest")
            .map(|(_, f)| f)
            .collect();
        assert_eq!(subjects.len(), 1);
        let s = subjects[0];
        assert_eq!(s.text, format!("sha256:{D}"));
        assert_eq!(s.display, "payload.subject[0].digest.sha256");
        assert_eq!(ev.file().line_col(s.span.start).0, 2, "at the payload line");
        assert!(ev.file().slice(s.span).starts_with("\"eyJ"));
        assert_eq!(
            ev.fields().count(),
            2,
            "the subject and its name; no material"
        );
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("does not verify any signature"))
        );
        // `.intoto.jsonl`: one envelope per line; each line's subjects are reported on it.
        let line = text.replace('\n', "");
        let ev = evidence_of("a.intoto.jsonl", &format!("{line}\n{line}\n"));
        let lines: Vec<usize> = ev
            .fields()
            .filter(|(_, f)| f.key == "subjectdigest")
            .map(|(_, f)| ev.file().line_col(f.span.start).0)
            .collect();
        assert_eq!(lines, [1, 2]);
    }

    #[test]
    fn other_payloads_and_look_alikes_yield_nothing() {
        let other = envelope("application/vnd.cncf.notary.payload.v1+json", "{\"x\": 1}");
        let ev = evidence_of("n.json", &other);
        assert_eq!(ev.fields().count(), 0);
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("not in-toto JSON"))
        );
        let garbage = "{\"payloadType\": \"application/vnd.in-toto+json\", \"payload\": \"%%%not base64%%%\"}";
        let ev = evidence_of("g.json", garbage);
        assert_eq!(ev.fields().count(), 0);
        assert!(ev.notes.iter().any(|(_, _, m)| m.contains("not base64")));
        let not_statement = envelope("application/vnd.in-toto+json", "{\"subject\": []}");
        let ev = evidence_of("s.json", &not_statement);
        assert_eq!(ev.fields().count(), 0);
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("does not decode to an in-toto Statement"))
        );
    }
}
