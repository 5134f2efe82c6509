//! CLI cases as data (trycmd): each `tests/cmd/**/*.toml` names the arguments, the input folder
//! (`<case>.in/`, the working directory) and the expected exit code; `<case>.stdout` and
//! `<case>.stderr` hold the expected output. A new case needs no Rust.
//!
//! `TRYCMD=overwrite cargo test --test cli_cases` rewrites the expected output after a
//! deliberate change; review the diff. `[VERSION]` stands for the crate version.
//!
//! `tests/cmd/rules/` holds one case per lint rule: a skill that makes that rule (and, through
//! its `skillgate.toml`, only that rule) fire, with its human output.

#[test]
fn cli_cases() {
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("skillgate", trycmd::cargo::cargo_bin!("skillgate"))
        .insert_var("[VERSION]", env!("CARGO_PKG_VERSION"))
        .expect("a valid substitution");
    cases
        .case("tests/cmd/*.toml")
        .case("tests/cmd/rules/*.toml");
}

/// Every lint rule has a case in `tests/cmd/rules/` whose expected output shows it firing.
#[test]
fn every_lint_rule_has_a_case() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/rules");
    let mut problems = Vec::new();
    for r in skillgate::rules::registry() {
        let id = r.meta().id;
        let stdout = std::fs::read_to_string(dir.join(format!("{id}.stdout"))).unwrap_or_default();
        if !stdout.contains(&format!("[{id}]: ")) {
            problems.push(id);
        }
    }
    assert!(
        problems.is_empty(),
        "lint rules without a case in tests/cmd/rules/ that shows them firing: {problems:?}"
    );
}

/// `unsafe-file-mode` needs a world-writable file, which git cannot hold: the input is made
/// here, and the output compared with `tests/cmd/rules/unsafe-file-mode.stdout` like a case.
#[cfg(unix)]
#[test]
fn unsafe_file_mode_case() {
    use std::os::unix::fs::PermissionsExt;

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tempdir");
    let skill = tmp.path().join("skills/demo");
    std::fs::create_dir_all(skill.join("scripts")).expect("mkdir");
    let text =
        std::fs::read(root.join("tests/cmd/rules/unused-suppression.in/skills/demo/SKILL.md"))
            .expect("a clean SKILL.md");
    std::fs::write(skill.join("SKILL.md"), text).expect("write SKILL.md");
    let script = skill.join("scripts/collect.sh");
    std::fs::write(&script, "#!/bin/sh\necho collected\n").expect("write script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    std::fs::write(
        tmp.path().join("skillgate.toml"),
        "profile = \"agentskills\"\nselect = [\"unsafe-file-mode\"]\n",
    )
    .expect("write skillgate.toml");
    let out = assert_cmd::Command::cargo_bin("skillgate")
        .expect("the binary")
        .current_dir(tmp.path())
        .args([
            "lint",
            "--config",
            "skillgate.toml",
            "skills",
            "--color",
            "never",
        ])
        .output()
        .expect("skillgate runs");
    assert_eq!(out.status.code(), Some(1));
    let got = String::from_utf8_lossy(&out.stdout).into_owned();
    let path = root.join("tests/cmd/rules/unsafe-file-mode.stdout");
    if std::env::var_os("TRYCMD").is_some_and(|v| v == "overwrite") {
        std::fs::write(&path, &got).expect("write the expected output");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        got,
        want,
        "unsafe-file-mode output differs from {}",
        path.display()
    );
}
