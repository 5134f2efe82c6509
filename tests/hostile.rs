//! Hostile inputs: each gives a finding or an error naming the file and position, never a panic
//! or a hang, and the rest of the run goes on.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn skillgate() -> Command {
    Command::cargo_bin("skillgate").expect("binary")
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, bytes).expect("write");
}

const GOOD: &str = include_str!("fixtures/lint/good-skill/SKILL.md");

/// Lints `dir` as JSON; returns (exit code, findings).
fn lint_json(dir: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let out = skillgate()
        .arg("lint")
        .arg(dir)
        .args(["--format", "json", "--profile", "securityskills"])
        .args(extra)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json output");
    (
        out.status.code().unwrap_or(-1),
        doc["findings"].as_array().cloned().unwrap_or_default(),
    )
}

fn ids_for<'a>(findings: &'a [Value], path_part: &str) -> Vec<(&'a str, u64)> {
    findings
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.contains(path_part)))
        .map(|f| {
            (
                f["id"].as_str().unwrap_or(""),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn each_hostile_skill_is_a_finding_and_the_good_one_is_still_linted() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(d, "good-skill/SKILL.md", GOOD.as_bytes());
    write(d, "empty/SKILL.md", b"");
    write(
        d,
        "unclosed/SKILL.md",
        b"---\nname: unclosed\ndescription: x\n",
    );
    write(
        d,
        "latin1/SKILL.md",
        b"---\nname: latin1\ndescription: caf\xe9\n---\n",
    );
    let mut bomb = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    bomb.push_str("---\n");
    write(d, "bomb/SKILL.md", bomb.as_bytes());
    let deep = format!(
        "---\nname: deep\nx: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    write(d, "deep/SKILL.md", deep.as_bytes());
    let (code, findings) = lint_json(d, &[]);
    assert_eq!(code, 1);
    assert!(ids_for(&findings, "good-skill").is_empty(), "{findings:#?}");
    assert_eq!(ids_for(&findings, "empty/")[0], ("frontmatter-syntax", 1));
    assert_eq!(
        ids_for(&findings, "unclosed/")[0],
        ("frontmatter-syntax", 1)
    );
    assert!(
        ids_for(&findings, "latin1/").contains(&("file-unreadable", 3)),
        "{findings:#?}"
    );
    let bomb: Vec<&Value> = findings
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.contains("bomb/")))
        .collect();
    assert!(
        bomb.iter().any(|f| f["id"] == "frontmatter-syntax"
            && f["message"].as_str().is_some_and(|m| m.contains("alias"))),
        "{bomb:#?}"
    );
    let deep_ids = ids_for(&findings, "deep/");
    assert!(
        deep_ids
            .iter()
            .any(|(id, line)| *id == "frontmatter-syntax" && *line == 3),
        "{deep_ids:?}"
    );
}

#[test]
fn oversized_file_is_a_finding_under_the_size_limit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(d, "good-skill/SKILL.md", GOOD.as_bytes());
    // 50 MB of text, against a 10 MB default limit.
    let big = vec![b'a'; 50 * 1024 * 1024];
    write(d, "huge/SKILL.md", &big);
    let (code, findings) = lint_json(d, &[]);
    assert_eq!(code, 1);
    assert_eq!(ids_for(&findings, "huge/"), [("file-unreadable", 1)]);
    assert!(ids_for(&findings, "good-skill").is_empty());
    // The limit is configurable.
    let (_, findings) = lint_json(d, &["--max-file-size", "100"]);
    assert!(ids_for(&findings, "good-skill").contains(&("file-unreadable", 1)));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_tree_are_not_followed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let outside = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    write(d, "good-skill/SKILL.md", GOOD.as_bytes());
    write(
        outside.path(),
        "secret/SKILL.md",
        b"---\nname: secret\n---\n",
    );
    std::os::unix::fs::symlink(d, d.join("loop")).expect("symlink");
    std::os::unix::fs::symlink(outside.path().join("secret"), d.join("escape")).expect("symlink");
    std::os::unix::fs::symlink(
        outside.path().join("secret/SKILL.md"),
        d.join("good-skill/linked.md"),
    )
    .expect("symlink");
    let (code, findings) = lint_json(d, &[]);
    assert_eq!(code, 0, "{findings:#?}");
    assert!(findings.is_empty());
}

#[test]
fn a_missing_path_exits_2_and_the_others_are_still_linted() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "empty/SKILL.md", b"");
    let out = skillgate()
        .arg("lint")
        .arg(tmp.path())
        .arg(tmp.path().join("does-not-exist"))
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does-not-exist") && stderr.contains("no such file"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["findings"][0]["id"], "frontmatter-syntax");
}

#[test]
fn a_broken_record_exits_2_with_its_line_and_the_others_are_still_checked() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "bad.yaml", b"deploy:\n  model_uri: [unclosed\n");
    write(
        tmp.path(),
        "ok.yaml",
        b"deploy:\n  model_uri: s3://b/m/latest\n",
    );
    let skill = Path::new(env!("CARGO_MANIFEST_DIR")).join("skills/ai-security/model-supply-chain");
    let out = skillgate()
        .args(["check", "--format", "json", "--skill"])
        .arg(&skill)
        .arg(tmp.path().join("bad.yaml"))
        .arg(tmp.path().join("ok.yaml"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.yaml:3:1") || stderr.contains("bad.yaml:2:"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["records"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc["records"][0]["status"], "fail");
}

#[test]
fn a_malformed_gate_file_exits_2_with_file_and_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "skill/gates.yaml", b"version: 1\nstages: {}\ngates:\n  - id: X1\n    title: t\n    severity: hgih\n    check: {nope: {}}\n");
    write(tmp.path(), "r.yaml", b"deploy: {}\n");
    let out = skillgate()
        .args(["check", "--skill"])
        .arg(tmp.path().join("skill"))
        .arg(tmp.path().join("r.yaml"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("gates.yaml:6:15") && stderr.contains("hgih"),
        "{stderr}"
    );
    assert!(
        stderr.contains("gates.yaml:7:13") && stderr.contains("unknown check `nope`"),
        "{stderr}"
    );
}
