//! The real-file corpus end to end: `skillgate test --skill skills/ai-security/model-supply-chain
//! tests/real` runs the format readers and the reference gates on every file in `tests/real/`
//! and compares each with its sidecar (findings at their lines, quiet lines, the file's own
//! status, the artifacts read). Every file must pass; none may be skipped.

use std::process::Command;

#[test]
fn every_real_file_gets_what_its_sidecar_says() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_skillgate"))
        .current_dir(root)
        .args([
            "test",
            "--color",
            "never",
            "--skill",
            "skills/ai-security/model-supply-chain",
            "tests/real",
        ])
        .output()
        .expect("runs skillgate");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("test: "))
        .unwrap_or("");
    let files = walk(std::path::Path::new(root).join("tests/real").as_path());
    assert!(files >= 70, "only {files} real files");
    assert_eq!(
        summary,
        format!("test: {files} passed, 0 failed"),
        "\n{stdout}\n{stderr}"
    );
    assert!(out.status.success(), "\n{stdout}\n{stderr}");
}

/// Real files (everything but sidecars and the README).
fn walk(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).expect("tests/real") {
        let p = e.expect("entry").path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            n += walk(&p);
        } else if !name.ends_with(".expected.yaml") && name != "README.md" {
            n += 1;
        }
    }
    n
}
