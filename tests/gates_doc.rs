//! The examples of `docs/gates.md` load with the gate-file parser and judge their example
//! records as the doc says, so the gate-language guide cannot rot.

use std::path::Path;

use skillgate::gates::evidence::Evidence;
use skillgate::gates::{load, verdict};
use skillgate::source::SourceFile;

const DOC: &str = include_str!("../docs/gates.md");

/// The fenced `yaml` block right after `<!-- skillgate:example NAME -->`.
fn example(name: &str) -> String {
    let marker = format!("<!-- skillgate:example {name} -->");
    let at = DOC
        .find(&marker)
        .unwrap_or_else(|| panic!("docs/gates.md has no `{marker}`"));
    let rest = &DOC[at + marker.len()..];
    let open = rest
        .find("```yaml\n")
        .expect("a ```yaml block follows the marker");
    let body = &rest[open + "```yaml\n".len()..];
    let close = body.find("\n```").expect("the yaml block is closed");
    body[..=close].to_string()
}

#[test]
fn agent_action_example_loads_and_judges_its_records() {
    let text = example("agent-action-gates");
    let gf = load::parse(
        SourceFile::anonymous("docs/gates.md#agent-action/gates.yaml", &text),
        "agent-action".into(),
    )
    .unwrap_or_else(|errs| {
        let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
        panic!(
            "the example in docs/gates.md does not load:\n{}",
            shown.join("\n")
        )
    });
    assert_eq!(gf.gates.len(), 1);
    assert_eq!(gf.gates[0].id, "AA001");

    let judge = |name: &str| {
        let rec = Evidence::parse(SourceFile::anonymous(name, &example(name)), &gf.vocab)
            .expect("example record parses");
        let v = verdict::evaluate(&gf, &rec);
        (v.findings, v.status)
    };
    let (findings, status) = judge("agent-action-pass");
    assert_eq!(status, verdict::Status::Pass, "{findings:?}");
    assert!(findings.is_empty(), "{findings:?}");

    let (findings, status) = judge("agent-action-fail");
    assert_eq!(status, verdict::Status::Fail);
    assert_eq!(
        findings.len(),
        3,
        "the doc says three findings: {findings:?}"
    );
    assert!(findings.iter().all(|f| f.id == "AA001"));
}

/// The agent-action example renders a report that fits its gates: its own title and chain, the
/// sections its gates have, none of the model-promotion ones.
#[test]
fn agent_action_example_renders_a_report_that_fits_its_gates() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    std::fs::create_dir(root.join(".git")).expect("git marker");
    std::fs::create_dir(root.join("agent-action")).expect("skill dir");
    std::fs::write(
        root.join("agent-action/gates.yaml"),
        example("agent-action-gates"),
    )
    .expect("gates");
    std::fs::write(root.join("fail.yaml"), example("agent-action-fail")).expect("record");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_skillgate"))
        .current_dir(root)
        .args([
            "check",
            "--skill",
            "agent-action",
            "--format",
            "markdown",
            "fail.yaml",
        ])
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_SHA")
        .env_remove("GITHUB_SERVER_URL")
        .output()
        .expect("runs skillgate");
    let md = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{md}");
    assert!(md.starts_with("# Evidence Review: agent-action\n"), "{md}");
    assert!(md.contains("\ncandidate → approval → deploy\n"), "{md}");
    assert!(md.contains("### Mutable References"), "{md}");
    assert_eq!(md.matches("- **Gate:** AA001").count(), 3, "{md}");
    for other in [
        "Model Promotion",
        "model card",
        "Rollback Verification",
        "Environment Artifact Identity",
        "evaluation",
    ] {
        assert!(
            !md.contains(other),
            "`{other}` in a report of agent-action gates:\n{md}"
        );
    }
}

#[test]
fn every_check_and_option_of_the_loader_is_documented() {
    let loader =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gates/load.rs"))
            .expect("read load.rs");
    // Every quoted key in the loader's key tables appears in the doc as `key`.
    for table in [
        "TOP_KEYS",
        "REPORT_KEYS",
        "STAGE_KEYS",
        "GATE_KEYS",
        "CHECKS",
        "REFERENCES_KEYS",
        "BOUND_KEYS",
        "EVIDENCE_KEYS",
        "REQUIREMENT_KEYS",
        "PINNED_KEYS",
        "SUBJECTS_KEYS",
        "CONSISTENT_KEYS",
        "READS_KEYS",
        "ROLE_KEYS",
    ] {
        let start = loader
            .find(&format!("const {table}: &[&str] = &["))
            .unwrap_or_else(|| panic!("no table {table} in load.rs"));
        let end = start + loader[start..].find("];").expect("table ends");
        for key in loader[start..end].split('"').skip(1).step_by(2) {
            assert!(
                DOC.contains(&format!("`{key}`")),
                "docs/gates.md does not document `{key}` ({table})"
            );
        }
    }
}
