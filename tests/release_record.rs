//! skillgate's own release record (`.github/release-record.yaml`, filled per archive by
//! `.github/workflows/release.yml`) against the reference skill's gates: filled with sample
//! values it passes `check --fail-on partial`; a deployed, evaluated or attested digest that
//! differs, a build from another commit, or an unfilled placeholder fails. The filled example
//! in `examples/skillgate-release.yaml` is generated from the template here
//! (`SKILLGATE_BLESS=1 cargo test --test release_record` rewrites it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const TEMPLATE: &str = ".github/release-record.yaml";
const WORKFLOW: &str = ".github/workflows/release.yml";
const EXAMPLE: &str = "examples/skillgate-release.yaml";
const SKILL: &str = "skills/ai-security/model-supply-chain";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Sample values: what the workflow fills for the x86_64 Linux archive of a release.
fn sample() -> BTreeMap<&'static str, String> {
    let digest = "3f9a1c0d7e5b2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d".to_string();
    let commit = "9d2c4e6f8a0b1c3d5e7f9a1b2c4d6e8f0a1b3c5d".to_string();
    BTreeMap::from([
        (
            "ARCHIVE",
            "skillgate-v0.1.0-x86_64-unknown-linux-musl.tar.gz".into(),
        ),
        ("VERSION", "0.1.0".into()),
        ("COMMIT", commit.clone()),
        ("BUILT_COMMIT", commit),
        ("RUN_ID", "16384021937".into()),
        ("RUNNER_IMAGE", "ubuntu-24.04 ubuntu24 20260105.1".into()),
        ("ACTOR", "octocat".into()),
        ("SERVER_URL", "https://github.com".into()),
        ("REPOSITORY", "skillgate/skillgate".into()),
        ("EVALUATED_SHA256", digest.clone()),
        ("DEPLOY_SHA256", digest.clone()),
        ("SUBJECT_SHA256", digest),
    ])
}

/// `${NAME}` placeholders in order of appearance. Panics on any other use of `$`, which the
/// workflow's Python `string.Template.substitute` would reject or misread.
fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        let after = &rest[i + 1..];
        let body = after
            .strip_prefix('{')
            .and_then(|b| b.split_once('}'))
            .map(|(name, _)| name)
            .unwrap_or_else(|| panic!("a `$` that is not `${{NAME}}` in {TEMPLATE}"));
        assert!(
            body.starts_with(|c: char| c.is_ascii_uppercase())
                && body
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "placeholder `${{{body}}}` in {TEMPLATE} is not an upper-case name"
        );
        names.push(body.to_string());
        rest = &after[body.len() + 2..];
    }
    names
}

/// The template with every placeholder replaced, as the workflow's
/// `string.Template(...).substitute(os.environ)` does.
fn fill(values: &BTreeMap<&str, String>) -> String {
    let mut out = read(TEMPLATE);
    for name in placeholders(&out.clone()) {
        let value = values
            .get(name.as_str())
            .unwrap_or_else(|| panic!("no sample value for {name}"));
        out = out.replace(&format!("${{{name}}}"), value);
    }
    assert!(!out.contains('$'), "a placeholder was left unfilled");
    out
}

struct Verdict {
    code: Option<i32>,
    status: String,
    /// `(id, severity)` of every finding.
    findings: Vec<(String, String)>,
}

fn check(record_text: &str) -> Verdict {
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir
        .path()
        .join("skillgate-v0.1.0-x86_64-unknown-linux-musl.yaml");
    std::fs::write(&path, record_text).expect("write the record");
    let out = Command::cargo_bin("skillgate")
        .expect("built")
        .current_dir(root())
        .args([
            "check",
            "--skill",
            SKILL,
            "--fail-on",
            "partial",
            "--format",
            "json",
        ])
        .arg(&path)
        .output()
        .expect("skillgate runs");
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("JSON on standard output");
    let record = &json["records"][0];
    Verdict {
        code: out.status.code(),
        status: record["status"].as_str().unwrap_or_default().to_string(),
        findings: record["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap_or_default().to_string(),
                    f["severity"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect(),
    }
}

fn ids_above_low(v: &Verdict) -> Vec<&str> {
    let mut ids: Vec<&str> = v
        .findings
        .iter()
        .filter(|(_, sev)| sev != "low")
        .map(|(id, _)| id.as_str())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn the_filled_release_record_passes_the_reference_gates() {
    let v = check(&fill(&sample()));
    assert_eq!(v.status, "pass");
    assert_eq!(v.code, Some(0), "--fail-on partial passes");
    assert!(ids_above_low(&v).is_empty(), "{:?}", v.findings);
    // What stays is advisory: a CLI release has no model card and no rollback stage.
    let low: Vec<&str> = v.findings.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(low, ["PG004", "PG005"]);
}

#[test]
fn a_deployed_digest_that_differs_fails() {
    let mut values = sample();
    values.insert(
        "DEPLOY_SHA256",
        "0000000000000000000000000000000000000000000000000000000000000001".into(),
    );
    let v = check(&fill(&values));
    assert_eq!(v.status, "fail");
    assert_eq!(v.code, Some(1));
    // The evaluation and the provenance both name another artifact than the one published.
    assert_eq!(ids_above_low(&v), ["PG002", "PG009"]);
}

#[test]
fn an_evaluated_or_attested_digest_that_differs_fails() {
    for (name, gate) in [("EVALUATED_SHA256", "PG002"), ("SUBJECT_SHA256", "PG009")] {
        let mut values = sample();
        values.insert(
            name,
            "0000000000000000000000000000000000000000000000000000000000000002".into(),
        );
        let v = check(&fill(&values));
        assert_eq!((v.status.as_str(), v.code), ("fail", Some(1)), "{name}");
        assert_eq!(ids_above_low(&v), [gate], "{name}");
    }
}

#[test]
fn an_archive_built_from_another_commit_than_the_tag_fails() {
    let mut values = sample();
    values.insert("BUILT_COMMIT", "1".repeat(40));
    let v = check(&fill(&values));
    assert_eq!(v.status, "fail");
    // The tag (the approval) names the commit it points at, not what was built; and the
    // release's artifact names one source commit where the deployed archive names another.
    assert_eq!(ids_above_low(&v), ["PG003", "PG011"]);
}

#[test]
fn an_unfilled_template_fails_closed() {
    let v = check(&read(TEMPLATE));
    assert_eq!(v.status, "fail");
    let ids = ids_above_low(&v);
    for gate in ["PG001", "PG002", "PG003", "PG009"] {
        assert!(ids.contains(&gate), "{gate} missing from {ids:?}");
    }
}

#[test]
fn the_workflow_fills_every_placeholder() {
    let workflow = read(WORKFLOW);
    assert!(
        workflow.contains(TEMPLATE),
        "the release workflow fills {TEMPLATE}"
    );
    for name in placeholders(&read(TEMPLATE)) {
        assert!(
            workflow.contains(&format!("{name}=\"$")),
            "{WORKFLOW} does not set {name} for {TEMPLATE}"
        );
        assert!(sample().contains_key(name.as_str()));
    }
}

#[test]
fn the_example_is_the_filled_template() {
    let expected = format!(
        "# Example: {TEMPLATE} filled with sample values by tests/release_record.rs\n\
         # (SKILLGATE_BLESS=1 cargo test --test release_record regenerates it).\n{}",
        fill(&sample())
    );
    let path = root().join(EXAMPLE);
    if std::env::var_os("SKILLGATE_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write the example");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{EXAMPLE} is stale: run SKILLGATE_BLESS=1 cargo test --test release_record"
    );
}
