//! SARIF end to end: run the binary for lint, check and test over bundled fixtures, validate
//! each log against the SARIF 2.1.0 schema (tests/data, so CI needs no Python) and against
//! the GitHub code scanning rules `validate_sarif.py --github` checks.

use std::collections::HashMap;

use assert_cmd::Command;
use serde_json::Value;

const SKILL: &str = "skills/ai-security/model-supply-chain";

fn run(args: &[&str]) -> Value {
    let out = Command::cargo_bin("skillgate")
        .expect("the skillgate binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--format", "sarif"])
        .output()
        .expect("skillgate runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

fn schema_problems(doc: &Value) -> Vec<String> {
    // NOTE: the official schema's `run.language` pattern has a stray `]` that Python's `re`
    // reads as a literal and the jsonschema crate rejects; escape it so both agree (skillgate
    // never writes `language`).
    let text = include_str!("data/sarif-schema-2.1.0.json")
        .replace(r#"-[a-zA-Z]{2}]?$"#, r#"-[a-zA-Z]{2}\\]?$"#);
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("schema: {}: {e}", e.instance_path()))
        .collect()
}

/// The documented GitHub code scanning rules `validate_sarif.py --github` checks.
fn github_problems(doc: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let raw = serde_json::to_vec(doc).unwrap_or_default();
    // Uncompressed size bounds the gzipped size from above.
    if raw.len() > 10 * 1024 * 1024 {
        p.push(format!("{} bytes, over the 10 MB upload limit", raw.len()));
    }
    if doc["version"] != "2.1.0" {
        p.push("version must be 2.1.0".into());
    }
    if doc["$schema"].as_str().is_none_or(str::is_empty) {
        p.push("$schema is required".into());
    }
    let runs = doc["runs"].as_array().cloned().unwrap_or_default();
    if runs.len() > 20 {
        p.push("more than 20 runs".into());
    }
    for (ri, run) in runs.iter().enumerate() {
        let driver = &run["tool"]["driver"];
        if driver["name"].as_str().is_none_or(str::is_empty) {
            p.push(format!("runs/{ri}: driver name required"));
        }
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        if rules.len() > 25_000 {
            p.push(format!("runs/{ri}: too many rules"));
        }
        let mut ids: HashMap<String, usize> = HashMap::new();
        for (k, rule) in rules.iter().enumerate() {
            let w = format!("runs/{ri}/rules/{k}");
            match rule["id"].as_str() {
                None | Some("") => p.push(format!("{w}: id required")),
                Some(id) => {
                    if ids.insert(id.to_string(), k).is_some() {
                        p.push(format!("{w}: duplicate rule id {id}"));
                    }
                }
            }
            for key in ["shortDescription", "fullDescription", "help"] {
                if rule[key]["text"].as_str().is_none_or(str::is_empty) {
                    p.push(format!("{w}/{key}/text must be non-empty"));
                }
            }
            if rule["name"].as_str().unwrap_or("").chars().count() > 255 {
                p.push(format!("{w}/name longer than 255"));
            }
            if rule["shortDescription"]["text"]
                .as_str()
                .unwrap_or("")
                .chars()
                .count()
                > 1024
            {
                p.push(format!("{w}/shortDescription longer than 1024"));
            }
            let props = &rule["properties"];
            if props["tags"].as_array().is_some_and(|t| t.len() > 20) {
                p.push(format!("{w}: more than 20 tags"));
            }
            if let Some(prec) = props.get("precision") {
                if !["very-high", "high", "medium", "low"].contains(&prec.as_str().unwrap_or("")) {
                    p.push(format!("{w}: bad precision {prec}"));
                }
            }
            if let Some(sev) = props.get("security-severity") {
                let ok = sev
                    .as_str()
                    .and_then(|s| s.parse::<f64>().ok())
                    .is_some_and(|v| v.is_finite() && v > 0.0 && v <= 10.0);
                if !ok {
                    p.push(format!(
                        "{w}: security-severity {sev} not a string in (0, 10]"
                    ));
                }
            }
        }
        let Some(results) = run["results"].as_array() else {
            p.push(format!("runs/{ri}/results is required (may be empty)"));
            continue;
        };
        if results.len() > 25_000 {
            p.push(format!("runs/{ri}: more than 25000 results"));
        }
        for (j, res) in results.iter().enumerate() {
            let w = format!("runs/{ri}/results/{j}");
            let rid = res["ruleId"].as_str();
            if let Some(rid) = rid {
                if !rules.is_empty() && !ids.contains_key(rid) {
                    p.push(format!("{w}: ruleId {rid} not among the rules"));
                }
            }
            if let Some(idx) = res["ruleIndex"].as_u64() {
                let points = rules
                    .get(idx as usize)
                    .is_some_and(|r| rid.is_none_or(|id| r["id"] == id));
                if !points {
                    p.push(format!("{w}: ruleIndex {idx} does not point at {rid:?}"));
                }
            }
            if res["message"]["text"].as_str().is_none_or(str::is_empty) {
                p.push(format!("{w}/message/text required"));
            }
            let locs = res["locations"].as_array().cloned().unwrap_or_default();
            if locs.is_empty() {
                p.push(format!("{w}: no locations"));
            }
            if locs.len() > 1000 {
                p.push(format!("{w}: too many locations"));
            }
            if let Some(loc) = locs.first() {
                let pl = &loc["physicalLocation"];
                match pl["artifactLocation"]["uri"].as_str() {
                    None | Some("") => p.push(format!("{w}: uri required")),
                    Some(uri) => {
                        if uri.starts_with('/') || uri.contains("://") || uri.starts_with("..") {
                            p.push(format!("{w}: uri {uri} is not repository-relative"));
                        }
                    }
                }
                if pl["region"]["startLine"].as_u64().unwrap_or(0) < 1 {
                    p.push(format!("{w}: region.startLine missing"));
                }
            }
            if res["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .is_none_or(str::is_empty)
            {
                p.push(format!(
                    "{w}: no partialFingerprints.primaryLocationLineHash"
                ));
            }
        }
    }
    p
}

fn assert_valid(doc: &Value, what: &str) {
    let mut problems = schema_problems(doc);
    problems.extend(github_problems(doc));
    assert!(problems.is_empty(), "{what}: {problems:#?}");
}

#[test]
fn lint_sarif_is_valid() {
    let doc = run(&[
        "lint",
        "skills",
        "tests/fixtures/lint",
        "tests/fixtures/rules",
    ]);
    assert_valid(&doc, "lint");
    let r = &doc["runs"][0];
    assert_eq!(r["automationDetails"]["id"], "skillgate/lint/");
    assert_eq!(
        r["tool"]["driver"]["informationUri"],
        "https://github.com/skillgate/skillgate"
    );
    assert!(
        !r["results"].as_array().is_none_or(Vec::is_empty),
        "the rule fixtures fire"
    );
    // Every lint rule is described, with its docs as help.
    let rules = r["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(rules.iter().any(|x| {
        x["id"] == "broken-link"
            && x["help"]["markdown"]
                .as_str()
                .is_some_and(|m| m.contains("## Why is this bad?"))
    }));
}

#[test]
fn clean_lint_has_empty_results() {
    let doc = run(&["lint", "tests/fixtures/reports/demo-skill"]);
    assert_valid(&doc, "clean lint");
    assert_eq!(doc["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn check_sarif_is_valid() {
    let doc = run(&[
        "check",
        "--skill",
        SKILL,
        "tests/fixtures/reports/seed-benign-looking.yaml",
        "tests/fixtures/reports/hostile.yaml",
    ]);
    assert_valid(&doc, "check");
    let r = &doc["runs"][0];
    assert_eq!(r["automationDetails"]["id"], "skillgate/check/");
    let results = r["results"].as_array().cloned().unwrap_or_default();
    let pg001 = results
        .iter()
        .find(|x| x["ruleId"] == "PG001")
        .expect("PG001 fires on the seed release");
    assert_eq!(pg001["level"], "error");
    let region = &pg001["locations"][0]["physicalLocation"]["region"];
    for k in ["startLine", "startColumn", "endLine", "endColumn"] {
        assert!(region[k].as_u64().is_some_and(|v| v >= 1), "{k}");
    }
    let rules = r["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rules.len(), 11, "one descriptor per gate");
    assert!(
        rules
            .iter()
            .all(|x| x["properties"]["security-severity"].is_string())
    );
}

#[test]
fn test_sarif_is_valid() {
    let doc = run(&["test", "skills"]);
    assert_valid(&doc, "test");
    assert_eq!(doc["runs"][0]["automationDetails"]["id"], "skillgate/test/");
}

#[test]
fn unreadable_inputs_are_notifications() {
    let out = Command::cargo_bin("skillgate")
        .expect("the skillgate binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["lint", "skills", "no/such/folder", "--format", "sarif"])
        .output()
        .expect("skillgate runs");
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_valid(&doc, "lint with a missing path");
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(notes.iter().any(|n| n["level"] == "error"
        && n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "no/such/folder"));
}

#[test]
fn fingerprints_are_stable_across_runs() {
    let a = run(&[
        "check",
        "--skill",
        SKILL,
        "tests/fixtures/reports/seed-benign-looking.yaml",
    ]);
    let b = run(&[
        "check",
        "--skill",
        SKILL,
        "tests/fixtures/reports/seed-benign-looking.yaml",
    ]);
    let fps = |d: &Value| -> Vec<Value> {
        d["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(fps(&a), fps(&b));
    let mut all: Vec<String> = fps(&a)
        .iter()
        .map(|f| f["skillgate/v1"].to_string())
        .collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "fingerprints are unique within a run");
}
