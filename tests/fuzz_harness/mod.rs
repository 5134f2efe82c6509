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
pub(crate) static REFERENCE_GATES: LazyLock<GateFile> = LazyLock::new(|| {
    let text = include_str!("../../skills/ai-security/model-supply-chain/gates.yaml");
    let file = SourceFile::anonymous("gates.yaml", text);
    gates::load::parse(file, "skill".into()).expect("reference gate file parses")
});

/// Bytes as the loader would take them (BOM stripped, invalid UTF-8 decoded lossily).
fn load(name: &str, data: &[u8]) -> source::Loaded {
    source::from_bytes(name.into(), data.to_vec())
}

/// Asserts a finding's primary position and its labels lie inside their files.
pub(crate) fn assert_inside(f: &Finding) {
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
pub(crate) fn skill_lint(data: &[u8]) {
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
pub(crate) fn record_eval(data: &[u8]) {
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
pub(crate) fn refs_classify(data: &[u8]) {
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
pub(crate) fn gate_file(data: &[u8]) {
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
pub(crate) fn casedoc(data: &[u8]) {
    let l = load("tests/cases.md", data);
    let sidecar = Path::new("tests/cases.md.expected.yaml");
    for case in casedoc::cases(&l.file, Label::None, sidecar) {
        let _ = case.name();
        assert!(case.line() <= l.file.line_count() + 1);
    }
}

/// A small report context with arrays, nesting and strings, for template fuzzing.
pub(crate) static TEMPLATE_CONTEXT: LazyLock<tera::Context> = LazyLock::new(|| {
    let v = serde_json::json!({
        "command": "lint",
        "report_version": 1,
        "lint": {
            "skills_checked": 3,
            "counts": {"total": 4, "high": 1, "medium": 2, "low": 1},
            "skills": [
                {"skill": "skills/a", "rules": [{"id": "broken-link", "findings": [
                    {"number": 1, "message": "link `x` \u{1b}[2J", "line": 3, "column": 7},
                    {"number": 2, "message": "::error::x", "line": 9, "column": 1}
                ]}]},
                {"skill": "skills/b", "rules": []}
            ]
        },
        "items": ["a", "b", "c", "d", "e", "f", "g", "h"],
        "text": "one\ntwo\tthree &#10; <b>",
        "n": -9223372036854775807i64,
        "f": 1.5
    });
    tera::Context::from_value(v).expect("an object")
});

/// The Markdown template sandbox: any template text either is refused or renders within the
/// output limit; nothing panics, overflows the stack or runs unbounded.
pub(crate) fn template(data: &[u8]) {
    use skillgate::report::markdown::sandbox;
    let text = String::from_utf8_lossy(data);
    let Ok(engine) = sandbox::build(&text) else {
        return;
    };
    let limit =
        sandbox::Limits::for_context(sandbox::measure(&TEMPLATE_CONTEXT.clone().into_json()).0)
            .output;
    if let Ok(out) = engine.render(&TEMPLATE_CONTEXT) {
        assert!(out.len() <= limit, "{} bytes over {limit}", out.len());
    }
}

/// The terminal/log sanitiser, the snippet window, GitHub annotations and the Markdown escape:
/// whatever the text, nothing that a terminal or the Actions runner would act on survives.
pub(crate) fn sanitize(data: &[u8]) {
    use skillgate::report::{github, human, markdown::escape, sanitize};
    let text = String::from_utf8_lossy(data);
    let field = sanitize::field(&text);
    assert!(!field.chars().any(sanitize::needs_escape), "{field:?}");
    let whole = sanitize::terminal_text(&text);
    for line in whole.split(['\n', '\r']) {
        assert!(!line.trim_start().starts_with("::"), "{line:?}");
        assert!(!line.contains("##["), "{line:?}");
        assert!(!line.chars().any(sanitize::needs_escape), "{line:?}");
    }
    let lines = sanitize::lines(&text);
    for line in lines.split('\n') {
        assert!(
            !line
                .trim_start_matches(char::is_whitespace)
                .starts_with("::")
        );
        assert!(!line.contains("##["));
    }
    // A snippet window around any span of the first line: bounded, escaped, carets inside.
    let line = text.lines().next().unwrap_or("");
    let a = data.first().map_or(0, |b| *b as usize * line.len() / 256);
    let mut start = a.min(line.len());
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let s = human::snippet(line, start, line.len());
    assert!(!s.text.chars().any(sanitize::needs_escape));
    assert!(
        s.text.chars().count()
            <= 4 * (human::SNIPPET_BEFORE + human::SNIPPET_SPAN + human::SNIPPET_AFTER) + 2
    );
    assert!(s.carets >= 1 && s.carets <= human::SNIPPET_SPAN);
    // One annotation line per finding, whatever the message and path.
    let file = SourceFile::anonymous(&text, &text);
    let f = Finding::new(
        "X",
        skillgate::finding::Severity::High,
        text.to_string(),
        skillgate::finding::Location::new(file, skillgate::source::Span::new(0, 0)),
    );
    let out = github::render(std::slice::from_ref(&f));
    assert_eq!(out.matches('\n').count(), 1, "{out:?}");
    let body = out.trim_end_matches('\n');
    assert!(
        !body.contains('\r') && !body.chars().any(sanitize::needs_escape),
        "{out:?}"
    );
    assert!(!out.contains("##["), "{out:?}");
    let diag = human::diagnostic(&f, human::Style::new(false));
    let diag = sanitize::lines(&diag);
    for line in diag.split('\n') {
        assert!(
            !line.trim_start().starts_with("::") && !line.contains("##["),
            "{line:?}"
        );
        assert!(!line.chars().any(sanitize::needs_escape), "{line:?}");
    }
    // Markdown: no raw HTML, link syntax, line break, live mention, URL or issue reference.
    let md = escape::inline(&text);
    assert!(
        !md.contains(['<', '>', '[', ']', '`', '|', '\n', '\r']),
        "{md:?}"
    );
    let lower = md.to_ascii_lowercase();
    for bad in ["http://", "https://", "ftp://", "www."] {
        assert!(!lower.contains(bad), "{md:?}");
    }
    // What GitHub reads once entities are decoded: no `#123`, `GH-1`, `@user`.
    let decoded = decode_entities(&md);
    let chars: Vec<char> = decoded.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        if *c == '@' || *c == '#' {
            assert!(!next.is_some_and(char::is_alphanumeric), "{md:?}");
        }
        if *c == '-'
            && i >= 2
            && chars[i - 2].eq_ignore_ascii_case(&'g')
            && chars[i - 1].eq_ignore_ascii_case(&'h')
        {
            assert!(!next.is_some_and(|n| n.is_ascii_digit()), "{md:?}");
        }
    }
}

/// Decodes the entities [`skillgate::report::markdown::escape::inline`] writes.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(j) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let name = &tail[1..j];
        let c = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            _ => name
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[j + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
