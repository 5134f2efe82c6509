//! `skillgate.toml`, inline suppressions and baselines, end to end.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn skillgate() -> Command {
    Command::cargo_bin("skillgate").expect("binary")
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

const GOOD: &str = include_str!("fixtures/lint/good-skill/SKILL.md");

fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(tmp.path().join(".git")).expect("git marker");
    // A securityskills repository: its index makes that the profile.
    write(
        tmp.path(),
        "index.yaml",
        "skills:\n  - id: good-skill\n    file: skills/good-skill/SKILL.md\n  - id: demo\n    file: skills/demo/SKILL.md\n",
    );
    write(tmp.path(), "skills/good-skill/SKILL.md", GOOD);
    // Missing the `## Process` section: one required-sections finding.
    write(
        tmp.path(),
        "skills/demo/SKILL.md",
        &GOOD
            .replace("name: good-skill", "name: demo")
            .replace("## Process\n\nLook.\n\n", ""),
    );
    tmp
}

fn lint(dir: &Path, extra: &[&str]) -> (i32, Vec<Value>, String) {
    let out = skillgate()
        .current_dir(dir)
        .arg("lint")
        .arg("skills")
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let ids = doc["findings"].as_array().cloned().unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        ids,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn config_is_found_by_walking_up_and_applies() {
    let tmp = repo();
    let (code, findings, _) = lint(tmp.path(), &[]);
    assert_eq!((code, findings.len()), (1, 1), "{findings:#?}");
    write(
        tmp.path(),
        "skillgate.toml",
        "[severity]\nrequired-sections = \"low\"\n",
    );
    let (_, findings, _) = lint(tmp.path(), &[]);
    assert_eq!(findings[0]["severity"], "low");
    write(
        tmp.path(),
        "skillgate.toml",
        "fail-on = \"medium\"\n[severity]\nrequired-sections = \"low\"\n",
    );
    assert_eq!(lint(tmp.path(), &[]).0, 0);
    write(
        tmp.path(),
        "skillgate.toml",
        "[per-path-ignores]\n\"skills/demo\" = [\"required-sections\"]\n",
    );
    let (code, findings, _) = lint(tmp.path(), &[]);
    assert_eq!((code, findings.len()), (0, 0));
}

#[test]
fn unknown_keys_and_ids_are_errors_with_file_and_line() {
    let tmp = repo();
    write(
        tmp.path(),
        "skillgate.toml",
        "profile = \"securityskills\"\nselekt = [\"PG001\"]\n",
    );
    let (code, _, stderr) = lint(tmp.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("skillgate.toml:2:1") && stderr.contains("selekt"),
        "{stderr}"
    );
    write(
        tmp.path(),
        "skillgate.toml",
        "ignore = [\"required-section\"]\n",
    );
    let (code, _, stderr) = lint(tmp.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("skillgate.toml:1:11")
            && stderr.contains("did you mean `required-sections`"),
        "{stderr}"
    );
}

#[test]
fn inline_suppressions_and_stale_ones() {
    let tmp = repo();
    let text = std::fs::read_to_string(tmp.path().join("skills/demo/SKILL.md")).expect("read");
    // The finding points at the first heading after the frontmatter.
    let with = text.replacen("# Demo", "<!-- skillgate-disable-next-line required-sections -- process lives in references/ -->\n# Demo", 1);
    write(tmp.path(), "skills/demo/SKILL.md", &with);
    let (code, findings, _) = lint(tmp.path(), &[]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:#?}");
    let (_, findings, _) = lint(tmp.path(), &["--no-inline-config"]);
    assert_eq!(findings.len(), 1);
    // A suppression that matches nothing is reported.
    let stale = GOOD.replacen(
        "# Demo",
        "<!-- skillgate-disable-next-line broken-link -->\n# Demo",
        1,
    );
    write(tmp.path(), "skills/good-skill/SKILL.md", &stale);
    let (_, findings, _) = lint(tmp.path(), &[]);
    assert!(
        findings.iter().any(|f| f["id"] == "unused-suppression"),
        "{findings:#?}"
    );
}

#[test]
fn baseline_hides_known_findings_and_reports_stale_entries() {
    let tmp = repo();
    let out = skillgate()
        .current_dir(tmp.path())
        .args(["lint", "skills", "--write-baseline", "baseline.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let (code, findings, _) = lint(tmp.path(), &["--baseline", "baseline.json"]);
    assert_eq!((code, findings.len()), (0, 0));
    // Fix the finding: the baseline entry no longer matches and is listed.
    write(
        tmp.path(),
        "skills/demo/SKILL.md",
        &GOOD.replace("name: good-skill", "name: demo"),
    );
    let (code, _, stderr) = lint(tmp.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("baseline entry no longer matches: required-sections"),
        "{stderr}"
    );
}

#[test]
fn json_schema_of_the_config_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/skillgate.schema.json");
    let want = skillgate::config::file::json_schema();
    if std::env::var_os("SKILLGATE_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/skillgate.schema.json is stale; run SKILLGATE_BLESS=1 cargo test --test config"
    );
}
