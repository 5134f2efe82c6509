//! The fuzz harnesses, shared by the cargo-fuzz targets in `fuzz/` and by
//! `tests/fuzz_regressions.rs`, which replays every saved crash input through them.
//!
//! Each takes raw bytes, never panics on any input (a panic is the bug), and checks the
//! invariant that every position it reports lies inside its file.

// NOTE: each user (one fuzz target, the regression test) calls only some of these.
#![allow(dead_code)]

use std::path::Path;
use std::sync::{Arc, LazyLock};

use skillgate::config::LintConfig;
use skillgate::finding::Finding;
use skillgate::fixtures::{Label, casedoc};
use skillgate::gates::evidence::Evidence;
use skillgate::gates::{self, GateFile, verdict};
use skillgate::refs::{self, Ecosystem};
use skillgate::rules::{self, LintContext};
use skillgate::skill::Skill;
use skillgate::source::{self, SourceFile};

/// The reference skill's gate file, parsed once.
pub static REFERENCE_GATES: LazyLock<GateFile> = LazyLock::new(|| {
    let text = include_str!("../../skills/ai-security/model-supply-chain/gates.yaml");
    let file = SourceFile::anonymous("gates.yaml", text);
    gates::load::parse(file, "skill".into()).expect("reference gate file parses")
});

/// Bytes as the loader would take them (BOM stripped, invalid UTF-8 decoded lossily).
fn load(name: &str, data: &[u8]) -> source::Loaded {
    source::from_bytes(name.into(), data.to_vec())
}

/// Asserts a finding's primary position and its labels lie inside their files.
pub fn assert_inside(f: &Finding) {
    let locations = std::iter::once(&f.location).chain(f.labels.iter().map(|l| &l.location));
    for loc in locations {
        let p = loc.position();
        let file = &loc.file;
        assert!(
            p.line >= 1 && p.line <= file.line_count() + 1,
            "{}: line {} of {}",
            f.id,
            p.line,
            file.line_count()
        );
        let len = file.line_text(p.line).chars().count();
        assert!(
            p.column >= 1 && p.column <= len + 1,
            "{}: line {} column {} of {len}",
            f.id,
            p.line,
            p.column
        );
    }
}

/// SKILL.md parser + every lint rule.
pub fn skill_lint(data: &[u8]) {
    let l = load("skills/x/demo-skill/SKILL.md", data);
    let skill = Skill::from_source(l.file, l.problem);
    let skills = [skill];
    let config = LintConfig::default();
    let cx = LintContext {
        config: &config,
        skills: &skills,
        indexes: &[],
        skill_dirs: &[],
    };
    for f in rules::lint(&cx) {
        assert_inside(&f);
    }
}

/// Record loader + gate evaluation with the reference gate file.
pub fn record_eval(data: &[u8]) {
    let l = load("release.yaml", data);
    if l.problem.is_some() {
        return;
    }
    let gf = &*REFERENCE_GATES;
    let Ok(record) = Evidence::parse(l.file, &gf.vocab) else {
        return;
    };
    let v = verdict::evaluate(gf, &record);
    let findings = v.findings;
    for f in &findings {
        assert_inside(f);
    }
}

/// Reference classifier: plain, with a hint chosen by the first byte, and the identity scanner.
pub fn refs_classify(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let c = refs::classify(&text);
    let _ = c.identity.as_ref().map(|i| i.token());
    if let Some(&b) = data.first() {
        let hint = Ecosystem::ALL[b as usize % Ecosystem::ALL.len()];
        let _ = refs::classify_as(&text, hint);
    }
    for id in refs::identities_in(&text) {
        let _ = id.token();
    }
    let _ = refs::is_placeholder(&text);
}

/// Gate file loader; errors must point inside the file.
pub fn gate_file(data: &[u8]) {
    let l = load("gates.yaml", data);
    if let Err(errs) = gates::load::parse(Arc::clone(&l.file), "skill".into()) {
        for e in errs {
            let (line, _) = e.file.line_col(e.span.start);
            assert!(line <= e.file.line_count() + 1);
            let _ = e.to_string();
        }
    }
}

/// Markdown case-document reader.
pub fn casedoc(data: &[u8]) {
    let l = load("tests/cases.md", data);
    let sidecar = Path::new("tests/cases.md.expected.yaml");
    for case in casedoc::cases(&l.file, Label::None, sidecar) {
        let _ = case.name();
        assert!(case.line() <= l.file.line_count() + 1);
    }
}
