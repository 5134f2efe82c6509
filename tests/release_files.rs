//! Releases made of several files (issue 12): a record that names an evaluation report and a
//! deploy manifest is judged on what those files say; a path that leaves the repository, a
//! missing file or a symlink never passes; `check --release` judges files given together as
//! one release.

use std::path::Path;

use assert_cmd::Command;

const D: &str = "3b2f2c1f7e9c4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b";
const OTHER: &str = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2918d7c6b5a4f3e2d1c0b9a8f7e6d5";

fn skill() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("skills/ai-security/model-supply-chain")
}

/// A repository with a record, `reports/eval.json` and `k8s/prod/isvc.yaml`.
fn repo(eval_digest: &str, isvc_digest: &str, manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for d in [".git", "reports", "k8s/prod", "releases"] {
        std::fs::create_dir_all(root.join(d)).expect("mkdir");
    }
    let record = format!(
        "evaluation:\n  run_id: eval-42\n  report: reports/eval.json\napproval:\n  id: CAB-9\n  artifact_digest: sha256:{D}\ndeploy:\n  manifest: {manifest}\n"
    );
    std::fs::write(root.join("releases/r1.yaml"), record).expect("record");
    std::fs::write(
        root.join("reports/eval.json"),
        format!("{{\"results\": {{\"accuracy\": 0.93}}, \"model\": {{\"digest\": \"sha256:{eval_digest}\"}}}}\n"),
    )
    .expect("report");
    std::fs::write(
        root.join("k8s/prod/isvc.yaml"),
        format!(
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: ranker\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: onnx\n      storageUri: oci://registry.example/models/ranker@sha256:{isvc_digest}\n"
        ),
    )
    .expect("manifest");
    dir
}

fn check(root: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = Command::cargo_bin("skillgate")
        .expect("binary")
        .current_dir(root)
        .arg("check")
        .arg("--skill")
        .arg(skill())
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("json: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), doc)
}

fn status(doc: &serde_json::Value) -> String {
    doc["records"][0]["status"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn ids(doc: &serde_json::Value) -> Vec<String> {
    doc["records"][0]["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|f| f["severity"] != "low")
                .map(|f| f["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn three_files_naming_one_digest_pass() {
    let dir = repo(D, D, "k8s/prod/isvc.yaml");
    let (code, doc) = check(dir.path(), &["releases/r1.yaml"]);
    assert_eq!(status(&doc), "pass", "{doc:#}");
    assert_eq!(code, 0);
}

#[test]
fn a_manifest_deploying_another_digest_fails() {
    let dir = repo(D, OTHER, "k8s/prod/isvc.yaml");
    let (code, doc) = check(dir.path(), &["releases/r1.yaml"]);
    assert_eq!(status(&doc), "fail");
    assert!(ids(&doc).contains(&"PG002".to_string()), "{doc:#}");
    assert!(ids(&doc).contains(&"PG003".to_string()), "{doc:#}");
    assert_eq!(code, 1);
}

#[test]
fn an_evaluation_report_naming_another_digest_fails() {
    let dir = repo(OTHER, D, "k8s/prod/isvc.yaml");
    let (code, doc) = check(dir.path(), &["releases/r1.yaml"]);
    assert_eq!(status(&doc), "fail");
    assert_eq!(ids(&doc), ["PG002"], "{doc:#}");
    assert_eq!(code, 1);
}

#[test]
fn a_manifest_path_that_leaves_the_repository_or_is_missing_never_passes() {
    for manifest in [
        "../../outside.yaml",
        "/etc/hostname",
        "k8s/prod/missing.yaml",
        "https://example.com/isvc.yaml",
    ] {
        let dir = repo(D, D, manifest);
        // A file with the right digest just outside the repository must not be read.
        std::fs::write(
            dir.path()
                .parent()
                .unwrap_or(dir.path())
                .join("outside.yaml"),
            "kind: x\n",
        )
        .ok();
        let (code, doc) = check(dir.path(), &["releases/r1.yaml"]);
        assert_eq!(status(&doc), "fail", "{manifest}: {doc:#}");
        assert!(
            ids(&doc).contains(&"PG001".to_string()),
            "{manifest}: {doc:#}"
        );
        assert_eq!(code, 1);
    }
}

#[cfg(unix)]
#[test]
fn a_manifest_reached_through_a_symlink_is_not_read() {
    let dir = repo(D, D, "k8s/prod/link.yaml");
    std::os::unix::fs::symlink(
        dir.path().join("k8s/prod/isvc.yaml"),
        dir.path().join("k8s/prod/link.yaml"),
    )
    .expect("symlink");
    let (code, doc) = check(dir.path(), &["releases/r1.yaml"]);
    assert_eq!(status(&doc), "fail", "{doc:#}");
    assert_eq!(code, 1);
    let notes = doc["notifications"].to_string();
    assert!(notes.contains("symlink"), "{notes}");
}

#[test]
fn files_given_together_are_one_release() {
    let dir = repo(D, D, "k8s/prod/isvc.yaml");
    std::fs::write(
        dir.path().join("releases/r2.yaml"),
        format!("evaluation:\n  run_id: eval-42\n  artifact_digest: sha256:{D}\napproval:\n  id: CAB-9\n  artifact_digest: sha256:{D}\n"),
    )
    .expect("record");
    // Alone, the record has no deploy stage: it cannot pass.
    let (_, alone) = check(dir.path(), &["releases/r2.yaml"]);
    assert_ne!(status(&alone), "pass", "{alone:#}");
    // Given with the manifest as one release, the manifest is its deploy stage.
    let (code, doc) = check(
        dir.path(),
        &["--release", "releases/r2.yaml", "k8s/prod/isvc.yaml"],
    );
    assert_eq!(doc["records"].as_array().map(Vec::len), Some(1));
    assert_eq!(status(&doc), "pass", "{doc:#}");
    assert_eq!(code, 0);
}
