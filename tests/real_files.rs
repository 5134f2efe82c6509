//! Integrity of the real-evidence corpus in `tests/real/`: every file parses with skillgate's
//! YAML/JSON parser (or fails exactly where its sidecar says), every file has a well-formed
//! `.expected.yaml` sidecar whose lines and references point at the file as written, and every
//! file has its provenance row in `tests/real/README.md`.
//!
//! This checks the ground truth, not a reader: the format readers that must reach these
//! conclusions are measured against the same sidecars (see tests/real/README.md, "Sidecars").

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use skillgate::source::SourceFile;
use skillgate::yaml::{Node, parse_documents, parse_one};

const ROLES: &[&str] = &[
    "model",
    "adapter",
    "base-model",
    "runtime-image",
    "dataset",
    "tokenizer",
    "evaluation-run",
    "approval",
    "attestation-subject",
    "model-card",
];
const STATUSES: &[&str] = &["pass", "partial", "fail", "not-analysed"];
const CLASSES: &[&str] = &["immutable", "weak", "mutable"];
const SEVERITIES: &[&str] = &["low", "medium", "high", "critical"];

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real")
}

/// `(ecosystem, file name, path)` of every evidence file (sidecars and top-level docs excluded).
fn evidence_files() -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    let mut ecosystems: Vec<_> = std::fs::read_dir(real_dir())
        .expect("tests/real exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    ecosystems.sort();
    for eco in ecosystems {
        let eco_name = eco
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_string();
        let mut files: Vec<_> = std::fs::read_dir(&eco)
            .expect("ecosystem dir")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with(".expected.yaml"))
            })
            .collect();
        files.sort();
        for f in files {
            let name = f
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8 name")
                .to_string();
            out.push((eco_name.clone(), name, f));
        }
    }
    out
}

fn int(node: &Node, what: &str, file: &str) -> usize {
    node.as_str()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("{file}: {what} is not a line number"))
}

fn text<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get(key).and_then(Node::as_str)
}

/// Checks one sidecar against its file; returns the problems found.
fn check_sidecar(file: &Path, sidecar: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let name = sidecar.display().to_string();
    let data = std::fs::read_to_string(file).expect("evidence file is UTF-8");
    let source = SourceFile::new(file.to_path_buf(), data.clone());
    let lines = source.line_count();
    let spec_text = std::fs::read_to_string(sidecar).expect("sidecar readable");
    let spec = match parse_one(&spec_text) {
        Ok(n) => n,
        Err(e) => return vec![format!("{name}: not YAML: {}", e.message)],
    };
    for (k, _) in spec.entries() {
        let key = k.as_str().unwrap_or("");
        if ![
            "format",
            "manifest_status",
            "findings",
            "quiet",
            "artifacts",
            "parse_error",
        ]
        .contains(&key)
        {
            problems.push(format!("{name}: unknown key `{key}`"));
        }
    }
    if text(&spec, "format").is_none_or(str::is_empty) {
        problems.push(format!("{name}: no `format`"));
    }
    let status = text(&spec, "manifest_status").unwrap_or("");
    if !STATUSES.contains(&status) {
        problems.push(format!("{name}: bad status `{status}`"));
    }

    // The file parses, or fails exactly where the sidecar says.
    match (parse_documents(&data), spec.get("parse_error")) {
        (Ok(_), None) => {}
        (Ok(_), Some(_)) => problems.push(format!("{name}: parse_error declared, file parses")),
        (Err(e), None) => {
            let (l, c) = source.line_col(e.span.start);
            problems.push(format!(
                "{name}: file does not parse at {l}:{c}: {}",
                e.message
            ));
        }
        (Err(e), Some(at)) => {
            let want = (
                int(at.get("line").expect("parse_error.line"), "line", &name),
                int(
                    at.get("column").expect("parse_error.column"),
                    "column",
                    &name,
                ),
            );
            let got = source.line_col(e.span.start);
            if got != want {
                problems.push(format!(
                    "{name}: parse error at {got:?}, sidecar says {want:?}"
                ));
            }
        }
    }

    let line_ok = |l: usize| (1..=lines).contains(&l);
    let mut finding_lines = BTreeSet::new();
    let mut worst = 0;
    for f in spec.get("findings").map(Node::items).unwrap_or_default() {
        let id = text(f, "id").unwrap_or("");
        let valid_id = id.len() == 5
            && id.starts_with("PG0")
            && id[2..].parse::<u32>().is_ok_and(|n| (1..=10).contains(&n));
        if !valid_id {
            problems.push(format!("{name}: bad gate id `{id}`"));
        }
        let sev = text(f, "severity").unwrap_or("");
        match SEVERITIES.iter().position(|s| *s == sev) {
            Some(i) => worst = worst.max(i + 1),
            None => problems.push(format!("{name}: bad severity `{sev}`")),
        }
        let l = int(f.get("line").expect("finding line"), "finding line", &name);
        if !line_ok(l) || source.line_text(l).trim().is_empty() {
            problems.push(format!("{name}: finding line {l} is not a value line"));
        }
        finding_lines.insert(l);
    }
    if status != "not-analysed" {
        let want = match worst {
            0 | 1 => "pass",
            2 => "partial",
            _ => "fail",
        };
        if status != want {
            problems.push(format!("{name}: status {status}, findings say {want}"));
        }
    }
    for q in spec.get("quiet").map(Node::items).unwrap_or_default() {
        let l = int(q, "quiet line", &name);
        if !line_ok(l) {
            problems.push(format!("{name}: quiet line {l} outside the file"));
        }
        if finding_lines.contains(&l) {
            problems.push(format!("{name}: line {l} is both quiet and a finding"));
        }
    }
    for a in spec.get("artifacts").map(Node::items).unwrap_or_default() {
        let role = text(a, "role").unwrap_or("");
        if !ROLES.contains(&role) {
            problems.push(format!("{name}: bad role `{role}`"));
        }
        match text(a, "class") {
            Some(c) if !CLASSES.contains(&c) => {
                problems.push(format!("{name}: bad class `{c}`"));
            }
            None if !["approval", "evaluation-run", "model-card"].contains(&role) => {
                problems.push(format!("{name}: artifact without class"));
            }
            _ => {}
        }
        let l = int(
            a.get("line").expect("artifact line"),
            "artifact line",
            &name,
        );
        let r = text(a, "ref").unwrap_or("");
        if !line_ok(l) {
            problems.push(format!("{name}: artifact line {l} outside the file"));
        } else if a.get("via").is_none() && !source.line_text(l).contains(r) {
            problems.push(format!("{name}: `{r}` is not on line {l}"));
        }
    }
    problems
}

#[test]
fn every_real_file_parses_has_a_sound_sidecar_and_a_provenance_row() {
    let readme = std::fs::read_to_string(real_dir().join("README.md")).expect("README.md");
    let files = evidence_files();
    let mut problems = Vec::new();
    for (eco, name, path) in &files {
        let sidecar = path.with_file_name(format!("{name}.expected.yaml"));
        if !sidecar.exists() {
            problems.push(format!("{}: no sidecar", path.display()));
            continue;
        }
        problems.extend(check_sidecar(path, &sidecar));
        if !readme.contains(&format!("| {eco}/{name} |")) {
            problems.push(format!("README.md: no row for {eco}/{name}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let ecosystems: BTreeSet<_> = files.iter().map(|(e, _, _)| e).collect();
    assert!(files.len() >= 50, "{} files", files.len());
    assert!(ecosystems.len() >= 10, "{} ecosystems", ecosystems.len());
}

#[test]
fn every_sidecar_has_its_file() {
    for entry in walk(&real_dir()) {
        let name = entry.to_string_lossy();
        if let Some(data) = name.strip_suffix(".expected.yaml") {
            assert!(Path::new(data).exists(), "{name} has no evidence file");
        }
    }
}

/// The CycloneDX ML-BOM examples spell 🤗 as a UTF-16 surrogate pair: the real file parses and
/// the value decodes to the character (issue 12, item 4).
#[test]
fn cyclonedx_surrogate_pairs_decode_in_the_real_bom() {
    let path = real_dir().join("cyclonedx/mlbom-1.5-specification-test.json");
    let text = std::fs::read_to_string(&path).expect("bom");
    assert!(
        text.contains("\\uD83E\\uDD17"),
        "the file keeps the escape as written"
    );
    let doc = parse_one(&text).expect("valid JSON parses");
    let description = doc
        .get("components")
        .and_then(|c| c.items().first())
        .and_then(|c| c.get("description"))
        .expect("component description");
    let value = description.as_str().expect("string");
    assert!(value.contains("\u{1F917}'s Stable Diffusion"), "{value}");
    assert!(value.contains("\u{1F9E8}Diffusers"), "{value}");
    // The span still covers the value as written in the file (escapes included).
    let written = &text[description.span.start..description.span.end];
    assert!(written.starts_with("\"Stable Diffusion is") && written.ends_with("blog.\""));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("readable dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
