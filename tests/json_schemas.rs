//! The JSON documents of `lint`, `check` and `test` are frozen, versioned views with JSON
//! Schemas in `docs/schemas/`. These tests fail when a checked-in schema is stale
//! (`SKILLGATE_BLESS=1 cargo test --test json_schemas` rewrites them) and when a real output
//! does not validate: lint over `shared/corpus/securityskills`, check over `shared/casebook`,
//! test over the bundled `skills/`. The outputs are validated against a strict copy of each
//! schema (no property the schema does not name), so a field added to a view without its
//! schema, or an internal type leaking in, fails here.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// CI lays shared/ beside the checkout; a helper's worktree sits one level deeper.
fn shared(sub: &str) -> Option<PathBuf> {
    ["../shared", "../../shared"]
        .iter()
        .map(|p| manifest_dir().join(p).join(sub))
        .find(|p| p.is_dir())
}

fn loud_skip(what: &str) {
    eprintln!(
        "\n!!!!!!!! SKIPPED: {what}: no shared/ beside the checkout (../shared or ../../shared). \
         CI has it; this run did NOT validate that output. !!!!!!!!\n"
    );
}

#[test]
fn schemas_are_current() {
    let dir = manifest_dir().join("docs/schemas");
    let bless = std::env::var_os("SKILLGATE_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (name, want) in skillgate::report::json::schemas() {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).expect("mkdir docs/schemas");
            std::fs::write(&path, &want).expect("write schema");
            continue;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            let diff = similar::TextDiff::from_lines(&have, &want)
                .unified_diff()
                .header("checked in", "generated")
                .to_string();
            stale.push(format!("docs/schemas/{name}:\n{diff}"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale JSON schemas; run `SKILLGATE_BLESS=1 cargo test --test json_schemas`\n{}",
        stale.join("\n")
    );
}

fn schema(name: &str) -> Value {
    let path = manifest_dir().join("docs/schemas").join(name);
    let text = std::fs::read_to_string(&path).expect("the schema is checked in");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// The schema with `additionalProperties: false` on every object that lists its properties.
fn strict(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                // A `flatten`ed struct is an `allOf`/`properties` mix; leave those open.
                if m.contains_key("properties")
                    && !m.contains_key("additionalProperties")
                    && !m.contains_key("allOf")
                {
                    m.insert("additionalProperties".into(), Value::Bool(false));
                }
                m.values_mut().for_each(walk);
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

fn problems(schema: &Value, doc: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    validator
        .iter_errors(doc)
        .take(20)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn run(args: &[&str]) -> Value {
    let out = Command::cargo_bin("skillgate")
        .expect("the skillgate binary is built")
        .current_dir(manifest_dir())
        .args(args)
        .args(["--format", "json", "--color", "never"])
        .output()
        .expect("skillgate runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?} exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

/// Validates `doc` against the open and the strict schema, and looks for internal tokens.
fn validates(name: &str, doc: &Value) {
    let open = schema(name);
    let p = problems(&open, doc);
    assert!(
        p.is_empty(),
        "{name}: the output does not validate:\n{}",
        p.join("\n")
    );
    let p = problems(&strict(open), doc);
    assert!(
        p.is_empty(),
        "{name}: the output has fields its schema does not name:\n{}",
        p.join("\n")
    );
    let mut leaks = Vec::new();
    internal_tokens(doc, "", &mut leaks);
    assert!(leaks.is_empty(), "{name}: internal tokens: {leaks:?}");
}

/// Strings that are skillgate's internal identity keys (`hex:…`, a conflict key `hex64`).
fn internal_tokens(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let internal = s.starts_with("hex:")
                || (s.len() > 3
                    && s.starts_with("hex")
                    && s[3..].chars().all(|c| c.is_ascii_digit()));
            if internal {
                out.push(format!("{at}: {s}"));
            }
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| internal_tokens(x, &format!("{at}/{i}"), out)),
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| internal_tokens(x, &format!("{at}/{k}"), out)),
        _ => {}
    }
}

#[test]
fn lint_over_securityskills_validates() {
    let Some(corpus) = shared("corpus/securityskills") else {
        loud_skip("lint over shared/corpus/securityskills");
        return;
    };
    let doc = run(&["lint", &corpus.display().to_string()]);
    assert_eq!(doc["command"], "lint");
    assert!(doc["findings"].as_array().is_some_and(|f| !f.is_empty()));
    validates("lint.v1.json", &doc);
}

#[test]
fn lint_over_the_bundled_skills_validates() {
    let doc = run(&["lint", "skills"]);
    validates("lint.v1.json", &doc);
}

#[test]
fn check_over_the_casebook_validates() {
    let Some(casebook) = shared("casebook") else {
        loud_skip("check over shared/casebook");
        return;
    };
    let mut records: Vec<String> = std::fs::read_dir(&casebook)
        .expect("read the casebook")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .map(|p| p.display().to_string())
        .collect();
    records.sort();
    assert!(records.len() >= 5, "too few casebook records: {records:?}");
    let mut args = vec!["check", "--skill", "skills/ai-security/model-supply-chain"];
    args.extend(records.iter().map(String::as_str));
    let doc = run(&args);
    assert_eq!(doc["records"].as_array().map(Vec::len), Some(records.len()));
    validates("check.v1.json", &doc);
    // Identities are objects with a kind, never a bare internal key.
    let ids: Vec<&Value> = doc["records"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["chain"].as_array().into_iter().flatten())
        .flat_map(|l| l["identity"].as_array().into_iter().flatten())
        .collect();
    assert!(!ids.is_empty(), "no identity in any chain");
    assert!(
        ids.iter()
            .all(|i| i["kind"].is_string() && i["value"].is_string())
    );
}

#[test]
fn check_over_the_bundled_fixtures_validates() {
    let dir = manifest_dir().join("skills/ai-security/model-supply-chain/tests/vulnerable");
    let mut records: Vec<String> = std::fs::read_dir(&dir)
        .expect("read the fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.display().to_string())
        .collect();
    records.sort();
    let mut args = vec!["check", "--skill", "skills/ai-security/model-supply-chain"];
    args.extend(records.iter().map(String::as_str));
    validates("check.v1.json", &run(&args));
}

#[test]
fn test_over_the_bundled_skills_validates() {
    let doc = run(&["test", "skills"]);
    assert!(doc["cases"].as_array().is_some_and(|c| c.len() > 10));
    assert!(doc["scorecards"].as_array().is_some_and(|s| !s.is_empty()));
    validates("test.v1.json", &doc);
}

#[test]
fn a_document_that_breaks_the_schema_is_rejected() {
    let doc = run(&["test", "skills"]);
    let mut broken = doc.clone();
    broken["schema_version"] = Value::from(2);
    assert!(!problems(&schema("test.v1.json"), &broken).is_empty());
    let mut broken = doc.clone();
    broken["cases"][0]["outcome"] = Value::from("passed");
    assert!(!problems(&schema("test.v1.json"), &broken).is_empty());
    let mut extra = doc;
    extra["summary"]["internal"] = Value::from(1);
    assert!(problems(&schema("test.v1.json"), &extra).is_empty());
    assert!(!problems(&strict(schema("test.v1.json")), &extra).is_empty());
    let mut leaks = Vec::new();
    internal_tokens(&Value::from("hex:abc"), "", &mut leaks);
    assert_eq!(leaks.len(), 1);
}

#[test]
fn docs_json_md_names_every_field() {
    let doc = std::fs::read_to_string(manifest_dir().join("docs/json.md")).expect("docs/json.md");
    let mut missing = Vec::new();
    for name in ["lint.v1.json", "check.v1.json", "test.v1.json"] {
        let mut fields = std::collections::BTreeSet::new();
        property_names(&schema(name), &mut fields);
        for f in fields {
            if !doc.contains(&format!("`{f}`")) {
                missing.push(format!("{name}: {f}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/json.md does not document: {missing:?}"
    );
}

fn property_names(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(props)) = m.get("properties") {
                out.extend(props.keys().cloned());
            }
            m.values().for_each(|x| property_names(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| property_names(x, out)),
        _ => {}
    }
}
