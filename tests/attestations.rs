//! Attestation and BOM readers (issue 12) against the real files in `tests/real/{sigstore,
//! in-toto,cyclonedx,spdx}`: every artifact a sidecar lists is read at its line with its role
//! and class, nothing else that carries an identity is read (no signature plumbing, no build
//! input), each file says that signatures are not verified, and a file alone deploys nothing.
//! Then releases: an OpenSSF model-signing `model.sig` named by the record, or embedded in it,
//! whose subject is the deployed digest gets no PG009; another digest does; a CycloneDX ML-BOM
//! joins a commit and a sha256 into one identity.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use base64::Engine as _;
use skillgate::gates::evidence::{Evidence, Field};
use skillgate::yaml::{Node, parse_one};

const ECOSYSTEMS: &[&str] = &["sigstore", "in-toto", "cyclonedx", "spdx"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn skill() -> PathBuf {
    root().join("skills/ai-security/model-supply-chain")
}

fn gates() -> skillgate::gates::GateFile {
    skillgate::gates::load::load(&skill().join("gates.yaml"), 1 << 20).expect("gate file loads")
}

fn files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for eco in ECOSYSTEMS {
        let dir = root().join("tests/real").join(eco);
        let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("ecosystem folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file() && !p.to_str().is_some_and(|s| s.ends_with(".expected.yaml")))
            .collect();
        v.sort();
        out.extend(v);
    }
    out
}

fn text<'a>(n: &'a Node, key: &str) -> Option<&'a str> {
    n.get(key).and_then(Node::as_str)
}

/// Sidecar role → skillgate role.
fn role_of(sidecar: &str) -> &str {
    match sidecar {
        "base-model" => "base_model",
        "runtime-image" => "runtime_image",
        other => other,
    }
}

/// The hex a base64 digest decodes to (a Sigstore `messageDigest`).
fn b64_hex(s: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(s).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Does a field's text say what the sidecar's `ref` says?
fn same_ref(f: &Field, want: &str) -> bool {
    f.text == want
        || f.text.ends_with(want)
        || b64_hex(want).is_some_and(|h| f.text.ends_with(&h) && h.len() >= 40)
}

fn line_of(ev: &Evidence, f: &Field) -> usize {
    ev.file_of(f.file).line_col(f.span.start).0
}

#[test]
fn real_attestations_and_boms_are_read_as_their_sidecars_say() {
    let gf = gates();
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in files() {
        let name = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        let side =
            std::fs::read_to_string(format!("{}.expected.yaml", path.display())).expect("sidecar");
        let side = parse_one(&side).expect("sidecar parses");
        let ev = match Evidence::load(&path, &gf.vocab, 1 << 22) {
            Ok(ev) => ev,
            Err(e) => {
                problems.push(format!("{name}: does not load: {e}"));
                continue;
            }
        };
        checked += 1;
        let format = text(&side, "format").unwrap_or("");
        if !ev.formats.iter().any(|(_, _, id)| *id == format) {
            problems.push(format!("{name}: not read as {format} ({:?})", ev.formats));
        }
        if !ev.notes.iter().any(|(_, _, m)| m.contains("verif")) {
            problems.push(format!("{name}: no note that signatures are not verified"));
        }
        if ev.is_analysable(&gf.vocab) {
            problems.push(format!("{name}: a file that deploys nothing is analysable"));
        }
        let fields: Vec<(&str, &Field)> = ev
            .stages
            .iter()
            .flat_map(|s| s.fields.iter().map(move |f| (s.kind.as_str(), f)))
            .collect();
        let arts = side.get("artifacts").map(Node::items).unwrap_or(&[]);
        let mut matched: Vec<*const Field> = Vec::new();
        for a in arts {
            let role = text(a, "role").unwrap_or("");
            let line: usize = text(a, "line").and_then(|l| l.parse().ok()).unwrap_or(0);
            let want = text(a, "ref").unwrap_or("");
            let class = text(a, "class");
            let found: Vec<&Field> = fields
                .iter()
                .filter(|(kind, f)| {
                    line_of(&ev, f) == line
                        && match role {
                            "attestation-subject" => {
                                *kind == "attestation" && f.key == "subjectdigest"
                            }
                            "evaluation-run" => *kind == "evaluation" && f.key == "runid",
                            r => f.role == role_of(r) && f.key != "subjectdigest",
                        }
                        && same_ref(f, want)
                })
                .map(|(_, f)| *f)
                .collect();
            if role == "model-card" {
                let card = ev.objects.iter().any(|o| {
                    let (from, to) = (
                        ev.file_of(o.file).line_col(o.span.start).0,
                        ev.file_of(o.file).line_col(o.span.end).0,
                    );
                    ev.stages[o.stage].kind == "model_card"
                        && o.display.ends_with(".modelCard")
                        && from <= line
                        && line <= to
                });
                if !card {
                    problems.push(format!("{name}: no model card object at line {line}"));
                }
                continue;
            }
            if found.is_empty() {
                // An element described but not identified is a note, not a reference (its
                // spdxId names the SPDX element, not the model's content).
                let noted = text(a, "via").is_some_and(|v| v.contains("no hash"))
                    && ev.notes.iter().any(|(file, span, m)| {
                        ev.file_of(*file).line_col(span.start).0 == line
                            && m.contains("not identified")
                    });
                if !noted {
                    problems.push(format!("{name}: {role} `{want}` not read at line {line}"));
                }
                continue;
            }
            for f in &found {
                matched.push(*f as *const Field);
                if let Some(c) = class {
                    let got = format!("{:?}", f.class.class).to_ascii_lowercase();
                    if got != c {
                        problems.push(format!(
                            "{name}: `{}` at line {line} is {got}, the sidecar says {c}",
                            f.text
                        ));
                    }
                }
            }
        }
        // Nothing else that names an identity: no certificate, log hash or build input. (A
        // passing test result's subject is also its evaluation's: the same value, line and
        // text, under another stage.)
        let listed = |f: &Field| {
            arts.iter().any(|a| {
                text(a, "line").and_then(|l| l.parse::<usize>().ok()) == Some(line_of(&ev, f))
                    && same_ref(f, text(a, "ref").unwrap_or(""))
            })
        };
        for (_, f) in &fields {
            if f.identities().next().is_some()
                && !matched.contains(&(*f as *const Field))
                && !listed(f)
            {
                problems.push(format!(
                    "{name}: `{}` ({}) at line {} is read but the sidecar lists no such artifact",
                    f.text,
                    f.display,
                    line_of(&ev, f)
                ));
            }
        }
    }
    assert_eq!(checked, files().len());
    assert!(checked >= 18, "only {checked} files");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The keyless OpenSSF model-signing test vector: one subject, the model's root digest.
const ROOT: &str = "61d4849d9d90076d6215f4d525f13d6574af8e3f67aef3e6f36fc40a14fdd226";
const OTHER: &str = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2918d7c6b5a4f3e2d1c0b9a8f7e6d5";

fn model_sig() -> String {
    std::fs::read_to_string(root().join("tests/real/sigstore/model-signing-v1.0.1-sigstore.sig"))
        .expect("test vector")
}

/// A repository with `model.sig` and `releases/r1.yaml` (`record`).
fn repo(record: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for d in [".git", "releases"] {
        std::fs::create_dir_all(dir.path().join(d)).expect("mkdir");
    }
    std::fs::write(dir.path().join("model.sig"), model_sig()).expect("bundle");
    std::fs::write(dir.path().join("releases/r1.yaml"), record).expect("record");
    dir
}

fn record(digest: &str, tail: &str) -> String {
    format!(
        "evaluation:\n  run_id: eval-7\n  model_digest: sha256:{digest}\napproval:\n  id: CAB-1\n  model_digest: sha256:{digest}\ndeploy:\n  model_uri: oci://registry.example/models/v1.0.1-sigstore@sha256:{digest}\n{tail}"
    )
}

fn check(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("skillgate")
        .expect("binary")
        .current_dir(dir)
        .arg("check")
        .arg("--skill")
        .arg(skill())
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("json: {e}\n{}", String::from_utf8_lossy(&out.stderr)))
}

fn findings(doc: &serde_json::Value, id: &str) -> Vec<serde_json::Value> {
    doc["records"][0]["findings"]
        .as_array()
        .map(|a| a.iter().filter(|f| f["id"] == id).cloned().collect())
        .unwrap_or_default()
}

fn says_not_verified(doc: &serde_json::Value) -> bool {
    doc["notifications"].as_array().is_some_and(|a| {
        a.iter().any(|n| {
            n["message"]
                .as_str()
                .is_some_and(|m| m.contains("does not verify any signature"))
        })
    })
}

#[test]
fn model_sig_named_by_the_attestation_matches_the_deployed_digest() {
    let dir = repo(&record(ROOT, "attestation:\n  bundle: model.sig\n"));
    let doc = check(dir.path(), &["releases/r1.yaml"]);
    assert!(findings(&doc, "PG009").is_empty(), "{doc:#}");
    assert!(says_not_verified(&doc), "{doc:#}");
    assert_eq!(doc["records"][0]["status"], "pass", "{doc:#}");
}

#[test]
fn model_sig_named_by_the_deploy_stage_matches_the_deployed_digest() {
    let dir = repo(&record(ROOT, "  signature_bundle: model.sig\n"));
    let doc = check(dir.path(), &["releases/r1.yaml"]);
    assert!(findings(&doc, "PG009").is_empty(), "{doc:#}");
    assert!(says_not_verified(&doc), "{doc:#}");
}

#[test]
fn model_sig_embedded_as_a_document_of_the_record_matches() {
    let dir = repo(&format!("{}---\n{}", record(ROOT, ""), model_sig()));
    let doc = check(dir.path(), &["releases/r1.yaml"]);
    assert!(findings(&doc, "PG009").is_empty(), "{doc:#}");
    assert!(says_not_verified(&doc), "{doc:#}");
}

#[test]
fn model_sig_for_another_model_is_pg009_at_the_payload() {
    let dir = repo(&record(OTHER, "attestation:\n  bundle: model.sig\n"));
    let doc = check(dir.path(), &["releases/r1.yaml"]);
    let pg009 = findings(&doc, "PG009");
    assert_eq!(pg009.len(), 1, "{doc:#}");
    assert_eq!(pg009[0]["severity"], "high");
    assert_eq!(pg009[0]["path"], "model.sig");
    assert_eq!(pg009[0]["line"], 1);
    assert!(
        pg009[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains(ROOT)),
        "{doc:#}"
    );
    assert_eq!(doc["records"][0]["status"], "fail");
}

#[test]
fn release_files_given_together_read_the_bundle() {
    let dir = repo(&record(ROOT, ""));
    let doc = check(dir.path(), &["--release", "releases/r1.yaml", "model.sig"]);
    assert!(findings(&doc, "PG009").is_empty(), "{doc:#}");
    let dir = repo(&record(OTHER, ""));
    let doc = check(dir.path(), &["--release", "releases/r1.yaml", "model.sig"]);
    assert_eq!(findings(&doc, "PG009").len(), 1, "{doc:#}");
}

#[test]
fn ml_bom_unites_the_evaluated_commit_with_the_deployed_digest() {
    const COMMIT: &str = "cd5ef92a9fb2f889e972770a36d4ed042daf221e";
    let bom = format!(
        "{{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1, \"components\": [{{\"type\": \"machine-learning-model\", \"group\": \"google-bert\", \"name\": \"bert-base-cased\", \"version\": \"{COMMIT}\", \"hashes\": [{{\"alg\": \"SHA-256\", \"content\": \"{ROOT}\"}}]}}]}}\n"
    );
    let run = |evaluated: &str| {
        let rec = format!(
            "evaluation:\n  run_id: eval-7\n  model_revision: {evaluated}\napproval:\n  id: CAB-1\n  model_digest: sha256:{ROOT}\ndeploy:\n  model_uri: oci://registry.example/models/bert@sha256:{ROOT}\n"
        );
        let dir = repo(&rec);
        std::fs::write(dir.path().join("bom.json"), &bom).expect("bom");
        check(dir.path(), &["--release", "releases/r1.yaml", "bom.json"])
    };
    // The evaluation names the commit, the deployment the sha256: the BOM lists both for one
    // model, so the evaluation is bound.
    let doc = run(COMMIT);
    assert!(findings(&doc, "PG002").is_empty(), "{doc:#}");
    // Without that link (another commit) it is not.
    let doc = run("0123456789abcdef0123456789abcdef01234567");
    assert_eq!(findings(&doc, "PG002").len(), 1, "{doc:#}");
}

#[test]
fn ml_bom_is_the_model_card_bound_by_its_hash() {
    let run = |hash: &str| {
        let rec = format!(
            "evaluation:\n  run_id: eval-7\n  model_digest: sha256:{ROOT}\napproval:\n  id: CAB-1\n  model_digest: sha256:{ROOT}\ndeploy:\n  model_uri: oci://registry.example/models/m@sha256:{ROOT}\n"
        );
        let dir = repo(&rec);
        let bom = format!(
            "{{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.7\", \"version\": 1, \"components\": [{{\"type\": \"machine-learning-model\", \"name\": \"m\", \"version\": \"3\", \"hashes\": [{{\"alg\": \"SHA-256\", \"content\": \"{hash}\"}}]}}]}}\n"
        );
        std::fs::write(dir.path().join("bom.json"), bom).expect("bom");
        check(dir.path(), &["--release", "releases/r1.yaml", "bom.json"])
    };
    let doc = run(ROOT);
    assert!(findings(&doc, "PG004").is_empty(), "{doc:#}");
    assert_eq!(doc["records"][0]["status"], "pass", "{doc:#}");
    let doc = run(OTHER);
    let pg004 = findings(&doc, "PG004");
    assert_eq!(pg004.len(), 1, "{doc:#}");
    assert_eq!(pg004[0]["severity"], "medium");
    assert_eq!(pg004[0]["path"], "bom.json");
}

#[test]
fn passing_test_result_attestation_is_the_evaluation() {
    let statement = |result: &str| {
        format!(
            "{{\"_type\": \"https://in-toto.io/Statement/v1\", \"subject\": [{{\"name\": \"m\", \"digest\": {{\"sha256\": \"{ROOT}\"}}}}], \"predicateType\": \"https://in-toto.io/attestation/test-result/v0.1\", \"predicate\": {{\"result\": \"{result}\", \"url\": \"https://ci.example/runs/7\"}}}}\n"
        )
    };
    let rec = format!(
        "approval:\n  id: CAB-1\n  model_digest: sha256:{ROOT}\ndeploy:\n  model_uri: oci://registry.example/models/m@sha256:{ROOT}\n"
    );
    for (result, bound) in [("PASSED", true), ("FAILED", false)] {
        let dir = repo(&rec);
        std::fs::write(dir.path().join("tests.json"), statement(result)).expect("statement");
        let doc = check(dir.path(), &["--release", "releases/r1.yaml", "tests.json"]);
        assert_eq!(
            findings(&doc, "PG002").is_empty(),
            bound,
            "{result}: {doc:#}"
        );
        assert!(findings(&doc, "PG009").is_empty(), "{result}: {doc:#}");
    }
}
