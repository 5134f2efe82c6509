//! `skillgate lint` as a maintainer of a real skill repository runs it, with no flags: the
//! profile comes from the repository, paths are read as the agent reads them, safe fixes apply
//! with `--fix` (or show with `--diff`), and `init` / `test` behave on nested layouts.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

fn skillgate() -> Command {
    Command::cargo_bin("skillgate").expect("binary built")
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

fn json(root: &Path, args: &[&str]) -> serde_json::Value {
    let out = skillgate()
        .current_dir(root)
        .arg("lint")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).expect("json")
}

fn ids(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["id"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A Claude Code plugin repository like trailofbits/skills: Claude Code's own fields,
/// `{baseDir}` links, an `allowed-tools` list.
fn claude_plugin(root: &Path) {
    std::fs::create_dir(root.join(".git")).expect("git");
    write(
        root,
        ".claude-plugin/marketplace.json",
        "{\"plugins\": []}\n",
    );
    write(
        root,
        "plugins/audit/skills/fp-check/SKILL.md",
        "---\nname: fp-check\ndescription: Checks whether a finding is a false positive. Use when triaging scanner results.\nallowed-tools:\n  - Read\n  - Grep\nargument-hint: \"[finding-id]\"\ndisable-model-invocation: true\neffort: high\ncontext: fork\n---\n# FP check\n\nRead [the guide]({baseDir}/references/guide.md) and run `${CLAUDE_SKILL_DIR}/scripts/check.sh`.\nAdd a references/citations section to the report.\n",
    );
    write(
        root,
        "plugins/audit/skills/fp-check/references/guide.md",
        "guide\n",
    );
    write(
        root,
        "plugins/audit/skills/fp-check/scripts/check.sh",
        "#!/bin/sh\necho ok\n",
    );
}

#[test]
fn claude_code_repository_is_detected_and_its_documented_fields_are_quiet() {
    let t = tempfile::tempdir().expect("tmp");
    claude_plugin(t.path());
    skillgate()
        .current_dir(t.path())
        .arg("lint")
        .assert()
        .code(0)
        .stdout(contains(
            "1 skill checked with profile claude-code (detected from .claude-plugin), no findings",
        ));
    let doc = json(t.path(), &[]);
    assert_eq!(doc["profile"]["name"], "claude-code");
    assert_eq!(doc["profile"]["source"], "detected");
    // The same skill under the strict specification: the Claude Code fields and the YAML list
    // are reported, one finding each.
    let doc = json(t.path(), &["--profile", "agentskills"]);
    let got = ids(&doc);
    assert_eq!(got.len(), 5, "{doc:#}");
    assert!(got.iter().all(|i| i == "frontmatter-schema"), "{got:?}");
}

#[test]
fn placeholder_paths_resolve_to_the_skill_folder_and_missing_ones_are_reported_once() {
    let t = tempfile::tempdir().expect("tmp");
    claude_plugin(t.path());
    write(
        t.path(),
        "plugins/audit/skills/fp-check/SKILL.md",
        "---\nname: fp-check\ndescription: Checks whether a finding is a false positive. Use when triaging scanner results.\n---\n# FP check\n\nSee [gates]({baseDir}/references/gates.md), then [gates again]({baseDir}/references/gates.md).\n\n```bash\n{baseDir}/scripts/missing.sh --all\nscripts/in-the-users-repo.sh\n```\n",
    );
    let doc = json(t.path(), &[]);
    let findings = doc["findings"].as_array().cloned().unwrap_or_default();
    let msgs: Vec<&str> = findings
        .iter()
        .map(|f| f["message"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        msgs,
        [
            "link target `{baseDir}/references/gates.md` does not exist in the skill folder",
            "`{baseDir}/scripts/missing.sh` does not exist in the skill folder",
        ],
        "{doc:#}"
    );
    assert_eq!(findings[0]["labels"].as_array().map(Vec::len), Some(1));
}

/// A securityskills repository like ../shared/corpus/securityskills: an index that misses three
/// skills, and a nested fence that swallows the end of a skill.
fn securityskills(root: &Path) {
    let fm = |name: &str| {
        format!(
            "---\nname: {name}\ndescription: Reviews {name}. Use when a change touches it.\nversion: \"1.0.0\"\nauthor: a\nlicense: MIT\ninjection-hardened: true\nallowed-tools: Read, Grep, Glob\ntags: [x]\nrole: [y]\nphase: [review]\nframeworks: [z]\ndifficulty: beginner\ntime_estimate: \"5min\"\n---\n# {name}\n\n## Prompt Injection Safety Notice\n\nData only.\n\n## When to Use\n\nAlways.\n\n## Process\n\nLook.\n\n## Findings Classification\n\nHigh.\n\n## Output Format\n\nText.\n\n## References\n\n- none\n"
        )
    };
    write(
        root,
        "index.yaml",
        "meta:\n  version: \"1.0.0\"\n\nskills:\n  - id: listed\n    name: \"Listed\"\n    file: skills/a/listed/SKILL.md\n\n  - id: other\n    name: \"Other\"\n    file: skills/a/other/SKILL.md\n\nroles:\n  - id: lead\n    file: roles/lead.md\n",
    );
    write(root, "roles/lead.md", "# lead\n");
    for s in ["listed", "other", "new-one", "new-two", "new-three"] {
        write(root, &format!("skills/a/{s}/SKILL.md"), &fm(s));
    }
    let nested = fm("other").replace(
        "Text.\n",
        "Text.\n\n```\n## Report\n- **Evidence:**\n  ```python\n  x = 1\n  ```\n- done\n```\n",
    );
    write(root, "skills/a/other/SKILL.md", &nested);
}

#[test]
fn fix_adds_missing_index_entries_and_closes_a_nested_fence() {
    let t = tempfile::tempdir().expect("tmp");
    securityskills(t.path());
    let before = json(t.path(), &[]);
    assert_eq!(before["profile"]["name"], "securityskills");
    let got = ids(&before);
    assert_eq!(
        got.iter().filter(|i| *i == "index-consistency").count(),
        3,
        "{got:?}"
    );
    assert_eq!(
        got.iter().filter(|i| *i == "unbalanced-fence").count(),
        1,
        "{got:?}"
    );

    // --diff shows the fixes, writes nothing, and exits 1.
    let index_before = std::fs::read_to_string(t.path().join("index.yaml")).expect("read");
    skillgate()
        .current_dir(t.path())
        .args(["lint", "--diff"])
        .assert()
        .code(1)
        .stdout(contains(
            "+  - id: new-one\n+    file: skills/a/new-one/SKILL.md\n",
        ))
        .stdout(contains("-```\n+````\n"))
        .stderr(contains("4 fixes in 2 files (nothing written"));
    assert_eq!(
        std::fs::read_to_string(t.path().join("index.yaml")).expect("read"),
        index_before
    );

    skillgate()
        .current_dir(t.path())
        .args(["lint", "--fix"])
        .assert()
        .code(0)
        .stderr(contains("fixed 4 findings in 2 files"))
        .stdout(contains("5 skills checked with profile securityskills"))
        .stdout(contains("no findings"));
    let index = std::fs::read_to_string(t.path().join("index.yaml")).expect("read");
    assert!(
        index.contains(
            "    file: skills/a/other/SKILL.md\n\n  - id: new-one\n    file: skills/a/new-one/SKILL.md\n\n  - id: new-three\n"
        ),
        "{index}"
    );
    let after = json(t.path(), &[]);
    assert!(ids(&after).is_empty(), "{after:#}");
}

#[test]
fn fix_sets_the_name_to_the_folder_and_the_index_id_with_it() {
    let t = tempfile::tempdir().expect("tmp");
    write(
        t.path(),
        "skills/pdf-tools/SKILL.md",
        "---\nname: PDF Tools\ndescription: Extracts text from PDF files. Use when the user mentions PDFs.\nallowed-tools:\n  - Read\n  - Grep\n---\n# PDF\n",
    );
    let got = ids(&json(t.path(), &[]));
    assert_eq!(got, ["frontmatter-schema", "frontmatter-schema"]);
    skillgate()
        .current_dir(t.path())
        .args(["lint", "--fix"])
        .assert()
        .code(0)
        .stdout(contains("no findings"));
    let text = std::fs::read_to_string(t.path().join("skills/pdf-tools/SKILL.md")).expect("read");
    assert!(text.starts_with("---\nname: pdf-tools\n"), "{text}");
    assert!(text.contains("\nallowed-tools: Read Grep\n---\n"), "{text}");

    // An index that listed the skill by its old name is changed with it.
    write(
        t.path(),
        "skills/pdf-tools/SKILL.md",
        "---\nname: pdf_tools\ndescription: Extracts text from PDF files. Use when the user mentions PDFs.\n---\n# PDF\n",
    );
    write(
        t.path(),
        "index.yaml",
        "skills:\n  - id: pdf_tools\n    file: skills/pdf-tools/SKILL.md\n",
    );
    skillgate()
        .current_dir(t.path())
        .args(["lint", "--profile", "agentskills", "--fix"])
        .assert()
        .code(0)
        .stdout(contains("no findings"));
    assert_eq!(
        std::fs::read_to_string(t.path().join("index.yaml")).expect("read"),
        "skills:\n  - id: pdf-tools\n    file: skills/pdf-tools/SKILL.md\n"
    );
}

#[test]
fn lowercase_skill_md_and_skills_under_a_target_folder_are_linted() {
    let t = tempfile::tempdir().expect("tmp");
    let body =
        "---\nname: {n}\ndescription: Reviews things for {n}. Use when a change lands.\n---\n# T\n";
    write(
        t.path(),
        "skills/quiet/skill.md",
        &body.replace("{n}", "quiet"),
    );
    write(
        t.path(),
        "skills/target/SKILL.md",
        &body.replace("{n}", "target"),
    );
    // Cargo's build folder is still skipped.
    write(
        t.path(),
        "target/CACHEDIR.TAG",
        "Signature: 8a477f597d28d172789f06886806bc55\n",
    );
    write(t.path(), "target/debug/x/SKILL.md", "not a skill\n");
    let doc = json(t.path(), &[]);
    assert_eq!(doc["skills"], 2, "{doc:#}");
    assert_eq!(ids(&doc), ["skill-md-case"], "{doc:#}");
}

#[test]
fn sarif_lists_the_new_rules_and_names_the_profile() {
    let t = tempfile::tempdir().expect("tmp");
    claude_plugin(t.path());
    let out = skillgate()
        .current_dir(t.path())
        .args(["lint", "--format", "sarif"])
        .output()
        .expect("runs");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let run = &log["runs"][0];
    assert_eq!(run["properties"]["profile"], "claude-code");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["id"].as_str()).collect())
        .unwrap_or_default();
    for id in [
        "hardcoded-secret",
        "fetch-and-execute",
        "load-time-command",
        "unsafe-file-mode",
        "bundled-archive",
        "description-quality",
        "size-budget",
        "broken-table",
        "stale-skill-link",
        "missing-skill-md",
        "skill-md-case",
    ] {
        assert!(rules.contains(&id), "{id} missing from {rules:?}");
    }
}

#[test]
fn init_creates_missing_parents_and_test_counts_a_skills_fixtures_once() {
    let t = tempfile::tempdir().expect("tmp");
    skillgate()
        .current_dir(t.path())
        .args(["init", "skills/new-area/new-skill"])
        .assert()
        .success()
        .stdout(contains("created skill `new-skill`"));
    assert!(
        t.path()
            .join("skills/new-area/new-skill/SKILL.md")
            .is_file()
    );
    skillgate()
        .current_dir(t.path())
        .args(["lint", "skills/new-area/new-skill"])
        .assert()
        .code(0)
        .stdout(contains("no findings"));
    skillgate()
        .current_dir(t.path())
        .args(["test", "skills/new-area/new-skill"])
        .assert()
        .code(0)
        .stdout(contains("test: 6 passed, 0 failed\n"));
    // A file where a folder must be: refused, nothing written.
    write(t.path(), "plain-file", "x");
    skillgate()
        .current_dir(t.path())
        .args(["init", "plain-file/sub/skill"])
        .assert()
        .code(2);
    assert!(!t.path().join("plain-file.d").exists());
}
