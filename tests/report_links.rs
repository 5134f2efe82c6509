//! Markdown report links and order, end to end: with `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`
//! and `GITHUB_SHA` set every finding links to a permalink of its line; without them, to the
//! path from the repository root whatever the current folder; hostile values never reach a
//! link; findings are listed most severe first, then by location.
//!
//! The records are the bundled skill's vulnerable fixtures and, when `shared/casebook` sits
//! beside the checkout (as in CI), the casebook, copied into a temporary repository.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const SKILL: &str = "skills/ai-security/model-supply-chain";
const SHA: &str = "4f1c0e5b9d8a7c6b5a4f3e2d1c0b9a8f7e6d5c4b";
const REPO: &str = "acme/model-releases";

/// A temporary repository (`.git` folder) with the record sets under `releases/<set>/`.
struct Repo {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    records: Vec<PathBuf>,
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn repo_with_records() -> Repo {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).expect("mkdir .git");
    let mut sets = vec![(
        "fixtures",
        manifest_dir().join(SKILL).join("tests/vulnerable"),
    )];
    // CI lays shared/ beside the checkout; a helper's worktree sits one level deeper.
    let casebook = ["../shared/casebook", "../../shared/casebook"]
        .iter()
        .map(|p| manifest_dir().join(p))
        .find(|p| p.is_dir());
    match casebook {
        Some(dir) => sets.push(("casebook", dir)),
        None => eprintln!("note: no shared/casebook beside the checkout: bundled fixtures only"),
    }
    let mut records = Vec::new();
    for (name, dir) in sets {
        let dest = root.join("releases").join(name);
        std::fs::create_dir_all(&dest).expect("mkdir");
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("read the record folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "json")
                )
            })
            .collect();
        entries.sort();
        assert!(!entries.is_empty(), "no records in {}", dir.display());
        for src in entries {
            let to = dest.join(src.file_name().expect("file name"));
            std::fs::copy(&src, &to).expect("copy");
            records.push(to);
        }
    }
    Repo {
        _tmp: tmp,
        root,
        records,
    }
}

/// `skillgate check` of every record as Markdown, run from `releases/` (a subfolder of the
/// repository), with the given environment.
fn check_markdown(repo: &Repo, env: &[(&str, &str)]) -> (String, String) {
    let mut cmd = Command::cargo_bin("skillgate").expect("the skillgate binary is built");
    cmd.current_dir(repo.root.join("releases"));
    for var in ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd.args(["check", "--format", "markdown", "--skill"])
        .arg(manifest_dir().join(SKILL))
        .args(&repo.records);
    let out = cmd.output().expect("skillgate runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "vulnerable records fail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

/// Every `- **Location:** [file:line:col](href)` of the report: (file name, line, href).
fn finding_links(md: &str) -> Vec<(String, usize, String)> {
    md.lines()
        .filter_map(|l| l.strip_prefix("- **Location:** ["))
        .map(|rest| {
            let (text, after) = rest.split_once("](").expect("a link");
            let href = after.split_once(')').expect("link end").0.to_string();
            let mut parts = text.rsplitn(3, ':');
            let _col = parts.next();
            let line: usize = parts.next().expect("line").parse().expect("a number");
            let file = Path::new(parts.next().expect("path"))
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            (file, line, href)
        })
        .collect()
}

/// Every link target in the report.
fn all_hrefs(md: &str) -> Vec<&str> {
    md.split("](")
        .skip(1)
        .filter_map(|s| s.split_once(')').map(|(h, _)| h))
        .collect()
}

fn set_of(repo: &Repo, file: &str) -> String {
    let p = repo
        .records
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == file))
        .expect("a copied record");
    p.parent()
        .and_then(Path::file_name)
        .expect("set folder")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn with_the_github_variables_every_finding_links_to_a_permalink_of_its_line() {
    let repo = repo_with_records();
    let (md, _) = check_markdown(
        &repo,
        &[
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("GITHUB_REPOSITORY", REPO),
            ("GITHUB_SHA", SHA),
        ],
    );
    let links = finding_links(&md);
    assert!(
        links.len() >= repo.records.len(),
        "every vulnerable record has a finding: {} links for {} records",
        links.len(),
        repo.records.len()
    );
    for (file, line, href) in &links {
        let set = set_of(&repo, file);
        assert_eq!(
            href,
            &format!("https://github.com/{REPO}/blob/{SHA}/releases/{set}/{file}#L{line}"),
        );
    }
    let prefix = format!("https://github.com/{REPO}/blob/{SHA}/releases/");
    for href in all_hrefs(&md) {
        assert!(href.starts_with(&prefix), "not a permalink: {href}");
    }
}

#[test]
fn without_them_links_start_at_the_repository_root_not_the_current_folder() {
    let repo = repo_with_records();
    let (md, _) = check_markdown(&repo, &[]);
    let links = finding_links(&md);
    assert!(links.len() >= repo.records.len());
    for (file, line, href) in &links {
        let set = set_of(&repo, file);
        assert_eq!(href, &format!("releases/{set}/{file}#L{line}"));
    }
    for href in all_hrefs(&md) {
        assert!(
            href.starts_with("releases/"),
            "not repository-relative: {href}"
        );
    }
}

#[test]
fn hostile_github_variables_turn_permalinks_off_and_inject_nothing() {
    let repo = repo_with_records();
    for (var, value) in [
        ("GITHUB_REPOSITORY", "acme/x)](javascript:alert(1))"),
        ("GITHUB_SERVER_URL", "https://evil.example/phish?"),
        ("GITHUB_SERVER_URL", "javascript:alert(1)//"),
        ("GITHUB_SHA", "main"),
    ] {
        let mut env = vec![
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("GITHUB_REPOSITORY", REPO),
            ("GITHUB_SHA", SHA),
        ];
        env.retain(|(k, _)| *k != var);
        env.push((var, value));
        let (md, stderr) = check_markdown(&repo, &env);
        assert!(
            stderr.contains(&format!("warning: {var} ")),
            "{var}: {stderr}"
        );
        assert!(!md.contains("javascript") && !md.contains("evil.example"));
        assert!(!md.contains("https://github.com/"), "{var}: a permalink");
        for href in all_hrefs(&md) {
            assert!(href.starts_with("releases/"), "{var}: {href}");
        }
    }
}

fn rank(severity: &str) -> u8 {
    match severity {
        "Critical" => 0,
        "High" => 1,
        "Medium" => 2,
        "Low" => 3,
        other => panic!("unknown severity label {other}"),
    }
}

#[test]
fn check_findings_are_ordered_by_severity_then_location() {
    let repo = repo_with_records();
    let (md, _) = check_markdown(&repo, &[]);
    let mut checked = 0;
    // Each record's `### Findings` section.
    for section in md.split("\n### Findings\n").skip(1) {
        let section = section.split("\n---\n").next().unwrap_or(section);
        let severities: Vec<u8> = section
            .lines()
            .filter_map(|l| l.strip_prefix("- **Severity:** "))
            .map(rank)
            .collect();
        let lines: Vec<usize> = finding_links(section).iter().map(|l| l.1).collect();
        assert_eq!(severities.len(), lines.len());
        let keys: Vec<(u8, usize)> = severities.into_iter().zip(lines).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "findings out of order in:\n{section}");
        checked += keys.len();
    }
    assert!(checked > 0, "no finding was checked");
}

#[test]
fn lint_findings_are_ordered_by_severity_then_location() {
    let out = Command::cargo_bin("skillgate")
        .expect("built")
        .current_dir(manifest_dir())
        .args(["lint", "examples/skills", "--format", "markdown"])
        .output()
        .expect("runs");
    let md = String::from_utf8(out.stdout).expect("UTF-8");
    // Rows of the per-rule tables: `| [path:line:col](href) | severity | ...`.
    let mut rows: Vec<(u8, usize)> = Vec::new();
    let mut groups: Vec<Vec<(u8, usize)>> = Vec::new();
    for l in md.lines() {
        if l.starts_with("### ") {
            groups.push(std::mem::take(&mut rows));
        }
        let Some(rest) = l.strip_prefix("| [") else {
            continue;
        };
        let text = rest.split_once("](").expect("a link").0;
        let line: usize = text.rsplit(':').nth(1).expect("line").parse().expect("n");
        let severity = rest.split(" | ").nth(1).expect("severity column");
        let r = match severity {
            "critical" => 0,
            "high" => 1,
            "medium" => 2,
            _ => 3,
        };
        rows.push((r, line));
    }
    groups.push(rows);
    let groups: Vec<Vec<(u8, usize)>> = groups.into_iter().filter(|g| !g.is_empty()).collect();
    assert!(
        groups.len() >= 3,
        "the demo skill breaks several rules:\n{md}"
    );
    for g in &groups {
        let mut sorted = g.clone();
        sorted.sort();
        assert_eq!(g, &sorted, "rows out of order:\n{md}");
    }
    // Rule sections: the most severe first.
    let worst: Vec<u8> = groups
        .iter()
        .map(|g| g.iter().map(|r| r.0).min().unwrap_or(3))
        .collect();
    let mut sorted = worst.clone();
    sorted.sort();
    assert_eq!(worst, sorted, "rule sections out of order:\n{md}");
    assert!(
        md.contains("](examples/skills/ai-security/demo-review/SKILL.md#L"),
        "lint links are repository-relative:\n{md}"
    );
}
