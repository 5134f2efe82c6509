//! in-toto Statements v0.1 and v1 (`_type: https://in-toto.io/Statement/...`), alone or decoded
//! from a DSSE payload, with the predicates skillgate knows: SLSA provenance v0.2 / v1, OpenSSF
//! model signing (`https://model_signing/Digests/v0.1`, `https://model_signing/signature/v1.0`)
//! and test results (`https://in-toto.io/attestation/test-result/v0.1`).
//!
//! Read (spec: <https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md>):
//! - `subject[]` → `attestation`: each subject is one artifact object — its `name` a field
//!   `subjectname` (display `<prefix>.subject[i].name`), each digest of its digest set
//!   (<https://github.com/in-toto/attestation/blob/main/spec/v1/digest_set.md>) a reference
//!   `subjectdigest` (display `<prefix>.subject[i].digest.<alg>`). The digests compared are
//!   `sha256`, `sha384`, `sha512` (written `sha256:<hex>`, ...) and `gitCommit` / `sha1` (a
//!   40-hex id); one per hex length per subject, so a digest set never contradicts itself.
//!   Other algorithms (`sha3_256`, `sha512_256`, `blake2b`, `dirHash`, `gitTree`, ...) are not
//!   compared, and a subject with none of the above gets a note.
//! - OpenSSF model signing v1.0 (sigstore/model-transparency `docs/model_signing_format.md`):
//!   the one subject's digest is the model's root digest; `predicate.resources[] {name,
//!   algorithm, digest}` are the model's files, each a reference `resourcedigest` of role
//!   model in an object of its own (a file is not the model). Digests v0.1: one subject per
//!   file, read as subjects.
//! - Test result (<https://github.com/in-toto/attestation/blob/main/spec/predicates/test-result.md>):
//!   besides the attestation, a `result: PASSED` is an `evaluation` of each subject, with
//!   `predicate.url` as its run id; another result is not credited (a note says so).
//!
//! Deliberately not read: SLSA `materials[]`, `invocation.configSource`,
//! `buildDefinition.resolvedDependencies[]`, `externalParameters`, `internalParameters`,
//! `runDetails` (<https://slsa.dev/spec/v1.0/provenance>, <https://slsa.dev/provenance/v0.2>):
//! they are the build's inputs and run, never what was built; `builder.id` and `buildType`;
//! a test result's `configuration[]` (an input of the run) and test names; any other
//! predicate. skillgate compares subjects and verifies no signature: every Statement read
//! yields a note saying so.

use super::{Emit, Format, Part, role};
use crate::yaml::Node;

/// in-toto Statement.
pub static STATEMENT: Format = Format {
    id: "in-toto-statement",
    title: "in-toto Statement (v0.1, v1)",
    detect: is_statement,
    read,
};

/// Notes of one kind a reader leaves per document before it only counts the rest.
pub const MAX_NOTES: usize = 5;

/// The note every attestation reader leaves.
pub const NOT_VERIFIED: &str = "skillgate compares the subjects this attestation names with the deployed artifact; it does not verify any signature, certificate or transparency-log entry";

/// Is this document an in-toto Statement?
pub fn is_statement(doc: &Node) -> bool {
    doc.get("_type")
        .and_then(Node::as_str)
        .is_some_and(|t| t.contains("in-toto.io/Statement"))
}

fn read(doc: &Node, emit: &mut Emit<'_, '_>) {
    let at = doc.get("_type").unwrap_or(doc);
    emit.note(
        at,
        "an in-toto Statement alone carries no signature: skillgate compares its subjects with the deployed artifact and verifies nothing",
    );
    read_statement(doc, emit, "");
}

/// Reads a Statement whose dotted path is `prefix` (`dsseEnvelope.payload`, or empty for a
/// Statement document).
pub fn read_statement(doc: &Node, emit: &mut Emit<'_, '_>, prefix: &str) {
    let subjects = doc.get("subject").map(Node::items).unwrap_or(&[]);
    let predicate_type = doc
        .get("predicateType")
        .and_then(Node::as_str)
        .unwrap_or("");
    let predicate = doc.get("predicate");
    if let Some(stage) = emit.stage(
        Part::Attestation,
        "attestation",
        doc,
        &join(prefix, "subject"),
    ) {
        if subjects.is_empty() {
            emit.note(doc, "the in-toto Statement names no subject");
        }
        let mut uncompared = 0usize;
        for (i, s) in subjects.iter().enumerate() {
            let shown = join(prefix, &format!("subject[{i}]"));
            let object = emit.object(stage, &shown, s);
            if let Some(name) = s.get("name") {
                emit.field(stage, object, "subjectname", &format!("{shown}.name"), name);
            }
            let n = digest_set(
                emit,
                stage,
                object,
                s.get("digest"),
                "subjectdigest",
                &format!("{shown}.digest"),
                role::MODEL,
            );
            if n == 0 {
                if uncompared < MAX_NOTES {
                    emit.note(
                        s,
                        format!("`{shown}` has no sha256, sha384, sha512 or gitCommit digest: it is not compared"),
                    );
                }
                uncompared += 1;
            }
        }
        if uncompared > MAX_NOTES {
            emit.note(
                doc,
                format!(
                    "{} more subjects have no digest skillgate compares",
                    uncompared - MAX_NOTES
                ),
            );
        }
        if predicate_type.starts_with("https://model_signing/signature/") {
            if let Some(p) = predicate {
                resources(emit, stage, p, &join(prefix, "predicate"));
            }
        }
    }
    if predicate_type.starts_with("https://in-toto.io/attestation/test-result/") {
        if let Some(p) = predicate {
            test_result(emit, subjects, p, prefix);
        }
    }
}

/// `predicate.resources[]` of an OpenSSF model-signing v1.0 manifest: the model's files.
fn resources(emit: &mut Emit<'_, '_>, stage: usize, predicate: &Node, prefix: &str) {
    let Some(list) = predicate.get("resources") else {
        return;
    };
    for (i, r) in list.items().iter().enumerate() {
        let (Some(alg), Some(digest)) =
            (r.get("algorithm").and_then(Node::as_str), r.get("digest"))
        else {
            continue;
        };
        let shown = format!("{prefix}.resources[{i}]");
        let object = emit.object(stage, &shown, r);
        if let Some(text) = digest_text(alg, digest) {
            emit.reference_text(
                stage,
                object,
                role::MODEL,
                "resourcedigest",
                &format!("{shown}.digest"),
                &text.text,
                digest.span,
            );
        }
    }
}

/// A test-result predicate: a passing result is an evaluation of the subjects.
fn test_result(emit: &mut Emit<'_, '_>, subjects: &[Node], p: &Node, prefix: &str) {
    let result = p.get("result").and_then(Node::as_str).unwrap_or("");
    let at = p.get("result").unwrap_or(p);
    if !result.eq_ignore_ascii_case("PASSED") {
        emit.note(
            at,
            format!(
                "the test result is `{result}`, not PASSED: it is not credited as an evaluation"
            ),
        );
        return;
    }
    let shown = join(prefix, "predicate");
    let Some(stage) = emit.stage(Part::Evaluation, "evaluation", p, &shown) else {
        return;
    };
    let run = emit.object(stage, &shown, p);
    if let Some(url) = p.get("url") {
        emit.field(stage, run, "run_id", &format!("{shown}.url"), url);
    }
    emit.field(stage, run, "result", &format!("{shown}.result"), at);
    for (i, s) in subjects.iter().enumerate() {
        let subject = join(prefix, &format!("subject[{i}]"));
        let object = emit.object(stage, &subject, s);
        digest_set(
            emit,
            stage,
            object,
            s.get("digest"),
            "digest",
            &format!("{subject}.digest"),
            role::MODEL,
        );
    }
}

/// A digest written as skillgate's classifier reads it.
pub struct DigestText {
    /// `sha256:<hex>`, or a bare 40-hex id for `gitCommit` / `sha1`.
    pub text: String,
    /// Hex length the algorithm produces.
    pub len: usize,
    /// Preference among algorithms of one length (lower first).
    pub rank: u8,
}

/// The comparable text of a digest value under an algorithm name as a format writes it
/// (`sha256`, `SHA-256`, `SHA2_256`, `gitCommit`); `None` for an algorithm skillgate does not
/// compare. A value that is not hex of the algorithm's length is kept as `<alg>:<value>`, which
/// the classifier fails closed.
pub fn digest_text(alg: &str, value: &Node) -> Option<DigestText> {
    let hex = value.as_str()?.trim();
    digest_of(alg, hex)
}

/// [`digest_text`] over a decoded hex string.
pub fn digest_of(alg: &str, hex: &str) -> Option<DigestText> {
    let name: String = alg
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let (prefix, len, rank) = match name.as_str() {
        "sha256" | "sha2256" => ("sha256:", 64, 0),
        "sha384" | "sha2384" => ("sha384:", 96, 0),
        "sha512" | "sha2512" => ("sha512:", 128, 0),
        "gitcommit" => ("", 40, 0),
        "sha1" => ("", 40, 1),
        _ => return None,
    };
    let valid = hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit());
    let text = if valid {
        format!("{prefix}{hex}")
    } else {
        format!("{}:{hex}", alg.trim())
    };
    Some(DigestText {
        text,
        len: if valid { len } else { 0 },
        rank,
    })
}

/// Emits a digest set `{<alg>: <value>}` into `object` under `key`, one digest per hex length
/// (the preferred algorithm of each length). Returns how many were emitted.
pub fn digest_set(
    emit: &mut Emit<'_, '_>,
    stage: usize,
    object: usize,
    set: Option<&Node>,
    key: &str,
    display: &str,
    role: &str,
) -> usize {
    let Some(set) = set else { return 0 };
    let mut chosen: Vec<(DigestText, &Node, String)> = Vec::new();
    for (k, v) in set.entries() {
        let alg = k.as_str().unwrap_or("");
        let Some(d) = digest_text(alg, v) else {
            continue;
        };
        let shown = format!("{display}.{alg}");
        match chosen
            .iter_mut()
            .find(|(c, ..)| d.len != 0 && c.len == d.len)
        {
            Some(slot) if d.rank < slot.0.rank => *slot = (d, v, shown),
            Some(_) => {}
            None => chosen.push((d, v, shown)),
        }
    }
    for (d, node, shown) in &chosen {
        emit.reference_text(stage, object, role, key, shown, &d.text, node.span);
    }
    chosen.len()
}

/// `prefix.rest`, or `rest` when there is no prefix.
pub fn join(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_string()
    } else {
        format!("{prefix}.{rest}")
    }
}

/// The reference skill's gate file (tests).
#[cfg(test)]
pub(super) fn test_gates() -> crate::gates::GateFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("skills/ai-security/model-supply-chain/gates.yaml");
    crate::gates::load::load(&path, 1 << 20).expect("the reference gate file loads")
}

/// The reference skill's vocabulary (tests).
#[cfg(test)]
pub(super) fn test_vocab() -> crate::gates::Vocabulary {
    test_gates().vocab
}

/// Reads `text` as a release file named `name` with the reference skill's gate file (tests).
#[cfg(test)]
pub(super) fn evidence_of(name: &str, text: &str) -> crate::gates::evidence::Evidence {
    let file = crate::source::SourceFile::anonymous(name, text);
    crate::gates::evidence::Evidence::parse(file, &test_vocab()).expect("the test document parses")
}

#[cfg(test)]
mod tests {
    use super::evidence_of;

    const D: &str = "4514461a970a1dbcea80aea45250f3e5f54f81ca7ec271e7245eb6f5f479ba98";
    const C: &str = "60a179bd9181657528c7b14243f07511b4f63cf5";

    fn statement(predicate_type: &str, predicate: &str) -> String {
        format!(
            "{{\"_type\": \"https://in-toto.io/Statement/v1\",\n \"subject\": [{{\"name\": \"ranker\",\n  \"digest\": {{\"sha256\": \"{D}\", \"sha3_256\": \"{D}\"}}}}],\n \"predicateType\": \"{predicate_type}\",\n \"predicate\": {predicate}}}\n"
        )
    }

    #[test]
    fn subjects_are_read_as_attestation_subjects() {
        let ev = evidence_of("s.json", &statement("https://slsa.dev/provenance/v1", "{}"));
        let att: Vec<_> = ev.stages_of("attestation").collect();
        assert_eq!(att.len(), 1);
        let f = &att[0].fields;
        let digest = f
            .iter()
            .find(|f| f.key == "subjectdigest")
            .expect("subject digest");
        assert_eq!(digest.text, format!("sha256:{D}"));
        assert_eq!(digest.display, "subject[0].digest.sha256");
        assert_eq!(ev.file().line_col(digest.span.start).0, 3);
        let name = f.iter().find(|f| f.key == "subjectname").expect("name");
        assert_eq!(name.display, "subject[0].name");
        // sha3_256 is not compared: one digest per subject here.
        assert_eq!(f.iter().filter(|f| f.key == "subjectdigest").count(), 1);
        assert!(!ev.is_analysable(&super::test_vocab()));
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("verifies nothing"))
        );
    }

    #[test]
    fn slsa_inputs_and_run_stay_quiet() {
        let predicate = format!(
            "{{\"buildDefinition\": {{\"resolvedDependencies\": [{{\"uri\": \"git+https://github.com/o/r\", \"digest\": {{\"gitCommit\": \"{C}\"}}}}],\n  \"internalParameters\": {{\"GITHUB_SHA\": \"{C}\"}}}},\n \"materials\": [{{\"uri\": \"x\", \"digest\": {{\"sha1\": \"{C}\"}}}}],\n \"invocation\": {{\"configSource\": {{\"digest\": {{\"sha1\": \"{C}\"}}}}}},\n \"runDetails\": {{\"metadata\": {{\"invocationId\": \"https://github.com/o/r/actions/runs/1\"}}}}}}"
        );
        let ev = evidence_of(
            "slsa.json",
            &statement("https://slsa.dev/provenance/v1", &predicate),
        );
        let texts: Vec<&str> = ev.fields().map(|(_, f)| f.text.as_str()).collect();
        assert!(
            !texts.iter().any(|t| t.contains(C)),
            "a build input was read: {texts:?}"
        );
        assert_eq!(ev.stages.len(), 1, "only the attestation");
    }

    #[test]
    fn model_signing_resources_are_files_not_subjects() {
        let predicate = format!(
            "{{\"resources\": [{{\"algorithm\": \"sha256\", \"digest\": \"{}\", \"name\": \"w.safetensors\"}}]}}",
            "ab".repeat(32)
        );
        let ev = evidence_of(
            "ms.json",
            &statement("https://model_signing/signature/v1.0", &predicate),
        );
        let res: Vec<_> = ev
            .fields()
            .filter(|(_, f)| f.key == "resourcedigest")
            .collect();
        assert_eq!(res.len(), 1);
        let subject = ev
            .fields()
            .find(|(_, f)| f.key == "subjectdigest")
            .expect("subject");
        assert_ne!(res[0].1.object, subject.1.object, "a file is not the model");
    }

    #[test]
    fn passing_test_result_is_an_evaluation_failing_is_not() {
        let passed = evidence_of(
            "t.json",
            &statement(
                "https://in-toto.io/attestation/test-result/v0.1",
                "{\"result\": \"PASSED\", \"url\": \"https://ci.example/runs/7\", \"configuration\": [{\"name\": \"ci.yml\", \"digest\": {\"gitBlob\": \"ebe4add40f63c3c98bc9b32ff1e736f04120b023\"}}]}",
            ),
        );
        let eval: Vec<_> = passed.stages_of("evaluation").collect();
        assert_eq!(eval.len(), 1);
        assert!(eval[0].fields.iter().any(|f| f.key == "runid"
            && f.text == "https://ci.example/runs/7"
            && f.tokens.iter().all(|t| t.is_run())));
        assert!(
            eval[0]
                .fields
                .iter()
                .any(|f| f.text == format!("sha256:{D}"))
        );
        assert!(
            !passed
                .fields()
                .any(|(_, f)| f.text.contains("ebe4add40f63c3c98bc9b32ff1e736f04120b023")),
            "the configuration is an input, not the subject"
        );
        let failed = evidence_of(
            "t.json",
            &statement(
                "https://in-toto.io/attestation/test-result/v0.1",
                "{\"result\": \"FAILED\", \"url\": \"https://ci.example/runs/8\"}",
            ),
        );
        assert_eq!(failed.stages_of("evaluation").count(), 0);
        assert!(failed.notes.iter().any(|(_, _, m)| m.contains("FAILED")));
    }
}
