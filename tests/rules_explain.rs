//! `skillgate rules`, `skillgate explain` and `skillgate completions` from the command line.

use assert_cmd::Command;
use predicates::str::contains;

fn skillgate() -> Command {
    Command::cargo_bin("skillgate").expect("binary built")
}

#[test]
fn rules_json_lists_lint_rules_and_reference_gates() {
    let out = skillgate()
        .args(["rules", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON array");
    let rows = rows.as_array().expect("array");
    let pg005 = rows
        .iter()
        .find(|r| r["id"] == "PG005")
        .expect("PG005 listed");
    assert_eq!(pg005["kind"], "gate");
    assert_eq!(pg005["severity"], "high");
    assert_eq!(pg005["skill"], "model-supply-chain");
    let lint = rows
        .iter()
        .find(|r| r["id"] == "broken-link")
        .expect("lint rule listed");
    assert_eq!(lint["kind"], "lint");
    assert!(lint.get("skill").is_none());
}

#[test]
fn rules_outside_a_skill_repository_fall_back_to_the_bundled_reference() {
    let tmp = tempfile::tempdir().expect("tempdir");
    skillgate()
        .arg("rules")
        .current_dir(tmp.path())
        .assert()
        .code(0)
        .stdout(contains("PG010"));
}

#[test]
fn explain_a_gate_shows_its_definition() {
    skillgate()
        .args(["explain", "pg005"])
        .assert()
        .code(0)
        .stdout(contains("output field    Rollback Verification"))
        .stdout(contains(
            "  check:\n    references:\n      stages: [rollback]",
        ));
}

#[test]
fn explain_a_rule_and_the_gate_language() {
    skillgate()
        .args(["explain", "unbalanced-fence"])
        .assert()
        .code(0)
        .stdout(contains("## How to fix"));
    skillgate()
        .args(["explain", "gates"])
        .assert()
        .code(0)
        .stdout(contains("## Writing another skill's gates"));
}

#[test]
fn explain_unknown_id_suggests_the_closest() {
    skillgate()
        .args(["explain", "PG0011"])
        .assert()
        .code(2)
        .stderr(contains("unknown rule or gate id `PG0011`"))
        .stderr(contains("did you mean `PG001`?"));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        skillgate()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(contains("explain"));
    }
}
