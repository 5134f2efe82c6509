//! Markdown reports end to end: the seed release's report (snapshot), hostile inputs rendered
//! to HTML stay inert, and several outputs in one run.

use std::path::Path;

use assert_cmd::Command;

const SKILL: &str = "skills/ai-security/model-supply-chain";

fn skillgate() -> Command {
    let mut cmd = Command::cargo_bin("skillgate").expect("the skillgate binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn check_markdown(record: &str) -> String {
    let out = skillgate()
        .args(["check", "--skill", SKILL, record, "--format", "markdown"])
        .output()
        .expect("skillgate runs");
    assert_eq!(out.status.code(), Some(1), "a failing promotion exits 1");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn to_html(md: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::all());
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

#[test]
fn seed_release_report_fails_with_a_broken_chain() {
    let md = check_markdown("tests/fixtures/reports/seed-benign-looking.yaml");
    assert!(md.contains("**Promotion Status:** **FAIL**"));
    assert!(
        md.contains("-.->|BROKEN|"),
        "the diagram marks broken links"
    );
    for line in [
        "seed-benign-looking.yaml:11]",
        "seed-benign-looking.yaml:12]",
    ] {
        assert!(md.contains(line), "mutable reference with its line: {line}");
    }
    insta::assert_snapshot!("check_seed_benign_looking", md);
    // The same report as HTML: no raw HTML from inputs, links stay relative.
    let html = to_html(&md);
    assert!(html.contains("<strong>FAIL</strong>"));
    assert!(!html.contains("href=\"javascript:"));
}

#[test]
fn hostile_values_render_as_inert_text() {
    let md = check_markdown("tests/fixtures/reports/hostile.yaml");
    let html = to_html(&md);
    assert!(
        !html.contains("<img"),
        "raw HTML from an input reached the page"
    );
    assert!(!html.to_lowercase().contains("href=\"javascript:"));
    assert!(
        !html.contains("@org/team"),
        "a live @mention reached the page"
    );
    assert!(
        html.contains("@\u{200b}org/team"),
        "the mention text is still shown"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the value is shown as text"
    );
    // The closing fence in a value neither closes the Mermaid block nor opens another one:
    // exactly one code block (the diagram) in the whole page.
    assert_eq!(html.matches("<pre>").count(), 1, "{html}");
    // Mermaid: the hostile environment name cannot end its label or add an edge.
    let diagram = md
        .split("```mermaid\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a mermaid block");
    for line in diagram.lines() {
        let quotes = line.matches('"').count();
        assert!(quotes == 0 || quotes == 2, "label broke out: {line}");
        assert!(!line.contains("pwn["), "injected node: {line}");
    }
    // Table rows keep their column count: `|` in values is escaped.
    for row in md.lines().filter(|l| l.starts_with("| [")) {
        let cells = row.matches(" | ").count();
        assert!(cells <= 5, "a value split a table row: {row}");
    }
}

#[test]
fn several_outputs_in_one_run() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let sarif = dir.path().join("lint.sarif");
    let report = dir.path().join("report.md");
    let out = skillgate()
        .arg("lint")
        .arg("skills")
        .arg("--output")
        .arg(format!("sarif={}", sarif.display()))
        .arg("--output")
        .arg(format!("markdown={}", report.display()))
        .args(["--color", "never"])
        .output()
        .expect("skillgate runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("lint: "),
        "human output on the terminal: {stdout}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("SARIF written"))
            .expect("SARIF is JSON");
    assert_eq!(doc["version"], "2.1.0");
    let md = std::fs::read_to_string(&report).expect("Markdown written");
    assert!(md.starts_with("# Skill Lint Report"));
}

#[test]
fn template_override_and_broken_template() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let t = dir.path().join("mine.md.tera");
    std::fs::write(
        &t,
        "v{{ report_version }} {% for r in check.records %}{{ r.status }} {{ r.path }}{% endfor %}",
    )
    .expect("template written");
    let out = skillgate()
        .args([
            "check",
            "--skill",
            SKILL,
            "tests/fixtures/reports/hostile.yaml",
        ])
        .args(["--format", "markdown", "--template"])
        .arg(&t)
        .output()
        .expect("skillgate runs");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.starts_with("v1 fail tests/fixtures/reports/hostile.yaml"),
        "{md}"
    );

    std::fs::write(&t, "{% for x in %}").expect("template written");
    let out = skillgate()
        .args([
            "check",
            "--skill",
            SKILL,
            "tests/fixtures/reports/hostile.yaml",
        ])
        .args(["--format", "markdown", "--template"])
        .arg(&t)
        .output()
        .expect("skillgate runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&*t.display().to_string()), "{err}");
    assert!(Path::new(&t).exists());
}

#[test]
fn user_templates_get_escaped_values() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let t = dir.path().join("raw.md.tera");
    // A template that prints every finding message with no filter at all.
    std::fs::write(
        &t,
        "{% for r in check.records %}{% for f in r.findings %}{{ f.message }}\n{% endfor %}{% endfor %}",
    )
    .expect("template written");
    let out = skillgate()
        .args([
            "check",
            "--skill",
            SKILL,
            "tests/fixtures/reports/hostile.yaml",
        ])
        .args(["--format", "markdown", "--template"])
        .arg(&t)
        .output()
        .expect("skillgate runs");
    let html = to_html(&String::from_utf8_lossy(&out.stdout));
    assert!(!html.contains("<img"));
    assert!(!html.contains("@org/team"));
}
