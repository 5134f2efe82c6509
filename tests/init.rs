//! `skillgate init` scaffolds a skill that lints clean, whose benign fixture passes and whose
//! vulnerable fixture fails, and it never overwrites a file.

use assert_cmd::Command;
use predicates::str::contains;

fn skillgate() -> Command {
    Command::cargo_bin("skillgate").expect("binary built")
}

#[test]
fn scaffold_lints_clean_and_its_fixtures_judge_as_declared() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("release-review");
    skillgate()
        .arg("init")
        .arg(&dir)
        .assert()
        .success()
        .stdout(contains("created skill `release-review`"));
    for f in [
        "SKILL.md",
        "gates.yaml",
        "tests/benign/example.yaml",
        "tests/vulnerable/example.yaml",
    ] {
        assert!(dir.join(f).is_file(), "{f} was not written");
    }
    skillgate()
        .arg("lint")
        .arg(&dir)
        .assert()
        .code(0)
        .stdout(contains("no findings"));
    skillgate()
        .args(["check", "--skill"])
        .arg(&dir)
        .arg(dir.join("tests/benign/example.yaml"))
        .assert()
        .code(0)
        .stdout(contains("promotion PASS"));
    skillgate()
        .args(["check", "--skill"])
        .arg(&dir)
        .arg(dir.join("tests/vulnerable/example.yaml"))
        .assert()
        .code(1)
        .stdout(contains("RR001"));
    skillgate()
        .arg("test")
        .arg(&dir)
        .assert()
        .code(0)
        .stdout(contains("6 passed, 0 failed"));
}

#[test]
fn agentskills_profile_lints_clean_with_that_profile() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("agent-review");
    skillgate()
        .args(["init", "--profile", "agentskills"])
        .arg(&dir)
        .assert()
        .success();
    let skill = std::fs::read_to_string(dir.join("SKILL.md")).expect("SKILL.md");
    assert!(skill.contains("\nmetadata:\n"), "{skill}");
    assert!(!skill.contains("\ninjection-hardened:"), "{skill}");
    skillgate()
        .args(["lint", "--profile", "agentskills"])
        .arg(&dir)
        .assert()
        .code(0);
}

#[test]
fn refuses_to_overwrite_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("existing-skill");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("gates.yaml"), "mine\n").expect("write");
    skillgate()
        .arg("init")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(contains("gates.yaml: already exists"));
    assert!(
        !dir.join("SKILL.md").exists(),
        "nothing is written on refusal"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("gates.yaml")).expect("read"),
        "mine\n"
    );
}

#[test]
fn refuses_invalid_names_and_a_file_in_the_path_but_creates_missing_parents() {
    let tmp = tempfile::tempdir().expect("tempdir");
    skillgate()
        .arg("init")
        .arg(tmp.path().join("Bad_Name"))
        .assert()
        .code(2)
        .stderr(contains("not a valid skill name"));
    std::fs::write(tmp.path().join("a-file"), "x").expect("write");
    skillgate()
        .arg("init")
        .arg(tmp.path().join("a-file/parent/skill"))
        .assert()
        .code(2)
        .stderr(contains("not a directory"));
    assert_eq!(
        std::fs::read_dir(tmp.path()).expect("ls").count(),
        1,
        "nothing written"
    );
    skillgate()
        .arg("init")
        .arg(tmp.path().join("no/such/parent/skill"))
        .assert()
        .success();
    assert!(tmp.path().join("no/such/parent/skill/SKILL.md").is_file());
}
