//! The promise a skill makes (issue #5): removing one checklist item, one output field or one
//! gate from a copy of the reference skill produces exactly the lint findings expected, and the
//! unmodified copy lints clean for the promise rules.

use std::path::{Path, PathBuf};

use skillgate::commands::lint::lint_paths;
use skillgate::config::LintConfig;

const RULES: [&str; 4] = [
    "promotion-checklist",
    "output-fields",
    "gate-parity",
    "fixture-coverage",
];

/// A copy of the reference skill in a temporary folder (kept alive by the returned guard).
fn copy_reference() -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("skills/ai-security/model-supply-chain");
    let tmp = tempfile::tempdir().expect("tempdir");
    let dst = tmp.path().join("model-supply-chain");
    copy_dir(&src, &dst);
    (tmp, dst)
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for entry in std::fs::read_dir(src).expect("read_dir") {
        let entry = entry.expect("entry");
        let to = dst.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// Replaces `old` (which must occur exactly once) in `dir/file`.
fn edit(dir: &Path, file: &str, old: &str, new: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches(old).count(), 1, "`{old}` in {file}");
    std::fs::write(&path, text.replacen(old, new, 1)).expect("write");
}

/// The 1-based line of the first line of `dir/file` that contains `needle`.
fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(file)).expect("read");
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("`{needle}` not in {file}"))
}

/// Promise-rule findings as `(rule, file name, line, message)`.
fn promise_findings(dir: &Path) -> Vec<(String, String, usize, String)> {
    let run = lint_paths(&[dir.to_path_buf()], &LintConfig::default());
    run.findings
        .iter()
        .filter(|f| RULES.contains(&f.id.as_str()))
        .map(|f| {
            let file = f
                .location
                .file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                f.id.clone(),
                file,
                f.location.position().line,
                f.message.clone(),
            )
        })
        .collect()
}

fn row(rule: &str, file: &str, line: usize, message: &str) -> (String, String, usize, String) {
    (rule.into(), file.into(), line, message.into())
}

#[test]
fn unmodified_copy_is_clean() {
    let (_tmp, dir) = copy_reference();
    assert_eq!(promise_findings(&dir), []);
    // And every other rule is quiet on it too.
    let run = lint_paths(&[dir], &LintConfig::default());
    assert!(
        run.findings.is_empty(),
        "{:?}",
        run.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

#[test]
fn removing_a_checklist_item_reports_the_missing_evidence() {
    let (_tmp, dir) = copy_reference();
    edit(
        &dir,
        "SKILL.md",
        "- [ ] The rollback target has a recorded evaluation status (PG005)\n",
        "",
    );
    let heading = line_of(&dir, "SKILL.md", "## Model Promotion Gate");
    assert_eq!(
        promise_findings(&dir),
        [row(
            "promotion-checklist",
            "SKILL.md",
            heading,
            "the `Model Promotion Gate` checklist has no item for the evidence `rollback-evaluation`"
        )]
    );
}

#[test]
fn removing_the_only_item_of_a_gate_also_leaves_the_gate_unnamed() {
    let (_tmp, dir) = copy_reference();
    edit(
        &dir,
        "SKILL.md",
        "- [ ] The model card carries a version and names the artifact identity it describes (PG004)\n",
        "",
    );
    let heading = line_of(&dir, "SKILL.md", "## Model Promotion Gate");
    let gate = line_of(&dir, "gates.yaml", "- id: PG004");
    assert_eq!(
        promise_findings(&dir),
        [
            row(
                "promotion-checklist",
                "SKILL.md",
                heading,
                "the `Model Promotion Gate` checklist has no item for the evidence `model-card-version`"
            ),
            row(
                "gate-parity",
                "gates.yaml",
                gate,
                "gate `PG004` is named by no checklist item in SKILL.md"
            ),
        ]
    );
}

#[test]
fn removing_an_output_field_reports_it_once() {
    let (_tmp, dir) = copy_reference();
    edit(
        &dir,
        "SKILL.md",
        "**Promotion Status:** [pass | partial | fail] -- [one-line reason]\n",
        "",
    );
    let heading = line_of(&dir, "SKILL.md", "## Output Format");
    assert_eq!(
        promise_findings(&dir),
        [row(
            "output-fields",
            "SKILL.md",
            heading,
            "the Output Format does not name the field `Promotion Status`"
        )]
    );

    // A field a gate fills is reported by output-fields (naming the gates), not twice.
    let (_tmp2, dir) = copy_reference();
    edit(&dir, "SKILL.md", "**Rollback Verification**\n", "");
    let run = lint_paths(std::slice::from_ref(&dir), &LintConfig::default());
    let found: Vec<_> = run
        .findings
        .iter()
        .filter(|f| RULES.contains(&f.id.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].id, "output-fields");
    assert_eq!(
        found[0].message,
        "the Output Format does not name the field `Rollback Verification`"
    );
    assert_eq!(found[0].labels.len(), 1);
    assert_eq!(found[0].labels[0].message, "gate `PG005` fills this field");
}

#[test]
fn removing_a_gate_reports_the_checklist_item_that_names_it() {
    let (_tmp, dir) = copy_reference();
    let gates = std::fs::read_to_string(dir.join("gates.yaml")).expect("read");
    let start = gates.find("  - id: PG009\n").expect("PG009");
    let end = gates.find("  - id: PG010\n").expect("PG010");
    std::fs::write(
        dir.join("gates.yaml"),
        format!("{}{}", &gates[..start], &gates[end..]),
    )
    .expect("write");
    let item = line_of(
        &dir,
        "SKILL.md",
        "- [ ] The attestation subject digest matches the deployed digest (PG009)",
    );
    assert_eq!(
        promise_findings(&dir),
        [row(
            "gate-parity",
            "SKILL.md",
            item,
            "checklist item names gate `PG009`, which gates.yaml does not declare"
        )]
    );
}

#[test]
fn a_broken_gate_file_is_one_finding_at_its_position() {
    let (_tmp, dir) = copy_reference();
    edit(
        &dir,
        "gates.yaml",
        "    output_field: Rollback Verification\n",
        "    output_feild: Rollback Verification\n",
    );
    let at = line_of(&dir, "gates.yaml", "output_feild");
    let found = promise_findings(&dir);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str(), found[0].2),
        ("gate-parity", "gates.yaml", at)
    );
    assert!(
        found[0]
            .3
            .starts_with("gates.yaml does not load: unknown key `output_feild`"),
        "{}",
        found[0].3
    );
}

#[test]
fn removing_the_only_fixture_of_a_gate_reports_the_gate() {
    let (_tmp, dir) = copy_reference();
    // PG009 is expected by one vulnerable fixture only.
    let vulnerable = dir.join("tests/vulnerable");
    let mut removed = 0;
    for entry in std::fs::read_dir(&vulnerable).expect("read_dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        if text
            .lines()
            .any(|l| l.contains("findings:") && l.contains("PG009"))
        {
            std::fs::remove_file(&path).expect("rm");
            removed += 1;
        }
    }
    assert_eq!(removed, 1);
    let gate = line_of(&dir, "gates.yaml", "- id: PG009");
    assert_eq!(
        promise_findings(&dir),
        [row(
            "fixture-coverage",
            "gates.yaml",
            gate,
            "gate `PG009` has no vulnerable fixture that expects it"
        )]
    );
}
