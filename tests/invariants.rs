//! Verdict invariance (issue 11), as property tests over the reference skill's fixtures: a
//! rewrite that keeps a record's meaning (camelCase or kebab-case keys, reordered mappings, the
//! record wrapped under `release:`, unrelated keys, another spelling of a digest) never changes
//! its status or its medium-or-higher gate ids; changing one occurrence of an identity that a
//! passing record repeats always stops it passing. The same checks as
//! `../shared/tools/metamorphic.py`, on the parsed tree, without a YAML writer.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use proptest::prelude::*;
use skillgate::finding::Severity;
use skillgate::gates::evidence::{Evidence, is_expectation_key};
use skillgate::gates::verdict::{self, Status};
use skillgate::gates::{GateFile, load};
use skillgate::source::{SourceFile, Span};
use skillgate::yaml::{self, Node, Scalar, Style, Value};

const SKILL: &str = "skills/ai-security/model-supply-chain";

static GATES: LazyLock<GateFile> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SKILL)
        .join("gates.yaml");
    load(&path, 1 << 20).unwrap_or_else(|e| panic!("reference gates: {}", e[0]))
});

/// Every YAML/JSON fixture of the reference skill, parsed, expectation keys removed.
static CASES: LazyLock<Vec<(PathBuf, Vec<Node>)>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SKILL)
        .join("tests");
    let mut out = Vec::new();
    for dir in ["benign", "vulnerable"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("fixture folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let n = p.to_string_lossy();
                (n.ends_with(".yaml") || n.ends_with(".json")) && !n.ends_with(".expected.yaml")
            })
            .collect();
        files.sort();
        for p in files {
            let text = std::fs::read_to_string(&p).expect("fixture");
            let docs = yaml::parse_documents(&text).expect("fixture parses");
            let docs = docs.into_iter().map(strip_expectations).collect();
            out.push((p, docs));
        }
    }
    assert!(out.len() >= 40, "the reference fixtures are found");
    out
});

type Verdict = (Status, BTreeSet<String>);

fn verdict_of(docs: &[Node]) -> Verdict {
    let file = SourceFile::anonymous("case.yaml", "");
    let ev = Evidence::from_docs(file, docs, &GATES.vocab);
    let v = verdict::evaluate(&GATES, &ev);
    let ids = v
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Medium)
        .map(|f| f.id.clone())
        .collect();
    (v.status, ids)
}

fn strip_expectations(doc: Node) -> Node {
    match doc.value {
        Value::Map(entries) => Node {
            value: Value::Map(
                entries
                    .into_iter()
                    .filter(|(k, _)| !k.as_str().is_some_and(is_expectation_key))
                    .collect(),
            ),
            span: doc.span,
        },
        other => Node {
            value: other,
            span: doc.span,
        },
    }
}

fn scalar(text: &str) -> Node {
    Node {
        value: Value::Scalar(Scalar {
            text: text.to_string(),
            style: Style::Quoted,
            tag: None,
        }),
        span: Span::default(),
    }
}

fn map_keys(n: &Node, f: &dyn Fn(&str) -> String) -> Node {
    let value = match &n.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k.as_str() {
                        Some(s) => Node {
                            value: Value::Scalar(Scalar {
                                text: f(s),
                                style: Style::Plain,
                                tag: None,
                            }),
                            span: k.span,
                        },
                        None => k.clone(),
                    };
                    (key, map_keys(v, f))
                })
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.iter().map(|i| map_keys(i, f)).collect()),
        Value::Scalar(s) => Value::Scalar(s.clone()),
    };
    Node {
        value,
        span: n.span,
    }
}

fn map_values(n: &Node, f: &dyn Fn(&str) -> String) -> Node {
    let value = match &n.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), map_values(v, f)))
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.iter().map(|i| map_values(i, f)).collect()),
        Value::Scalar(s) => Value::Scalar(Scalar {
            text: f(&s.text),
            ..s.clone()
        }),
    };
    Node {
        value,
        span: n.span,
    }
}

fn reorder(n: &Node) -> Node {
    let value = match &n.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .rev()
                .map(|(k, v)| (k.clone(), reorder(v)))
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.iter().map(reorder).collect()),
        Value::Scalar(s) => Value::Scalar(s.clone()),
    };
    Node {
        value,
        span: n.span,
    }
}

fn camel(k: &str) -> String {
    let mut parts = k.split('_');
    let mut out = parts.next().unwrap_or("").to_string();
    for p in parts {
        let mut c = p.chars();
        if let Some(first) = c.next() {
            out.extend(first.to_uppercase());
            out.push_str(c.as_str());
        }
    }
    out
}

fn is_hex(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn digest_form(v: &str) -> String {
    if let Some(h) = v.strip_prefix("sha256:") {
        if h.len() == 64 && is_hex(h) {
            return h.to_string();
        }
    }
    if v.len() == 64 && is_hex(v) {
        return format!("sha256:{v}");
    }
    v.to_string()
}

#[derive(Debug, Clone, Copy)]
enum Rewrite {
    Camel,
    Kebab,
    Reorder,
    Wrap,
    Noise,
    Digests,
}

fn apply(docs: &[Node], r: Rewrite) -> Vec<Node> {
    match r {
        Rewrite::Camel => docs.iter().map(|d| map_keys(d, &camel)).collect(),
        Rewrite::Kebab => docs
            .iter()
            .map(|d| map_keys(d, &|k| k.replace('_', "-")))
            .collect(),
        Rewrite::Reorder => docs.iter().map(reorder).collect(),
        Rewrite::Digests => docs.iter().map(|d| map_values(d, &digest_form)).collect(),
        Rewrite::Wrap if docs.len() == 1 && docs[0].is_map() => vec![Node {
            value: Value::Map(vec![(scalar("release"), docs[0].clone())]),
            span: Span::default(),
        }],
        Rewrite::Noise if docs.len() == 1 && docs[0].is_map() => {
            let mut entries = vec![
                (scalar("owner"), scalar("team-ml")),
                (
                    scalar("description"),
                    scalar("Promote the model to production"),
                ),
                (
                    scalar("labels"),
                    Node {
                        value: Value::Map(vec![(scalar("team"), scalar("risk"))]),
                        span: Span::default(),
                    },
                ),
            ];
            entries.extend(docs[0].entries().iter().cloned());
            vec![Node {
                value: Value::Map(entries),
                span: Span::default(),
            }]
        }
        Rewrite::Wrap | Rewrite::Noise => docs.to_vec(),
    }
}

fn rewrite() -> impl Strategy<Value = Rewrite> {
    prop_oneof![
        Just(Rewrite::Camel),
        Just(Rewrite::Kebab),
        Just(Rewrite::Reorder),
        Just(Rewrite::Wrap),
        Just(Rewrite::Noise),
        Just(Rewrite::Digests),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn meaning_preserving_rewrites_keep_the_verdict(
        case in 0usize..1000,
        rewrites in prop::collection::vec(rewrite(), 1..4),
    ) {
        let (path, docs) = &CASES[case % CASES.len()];
        let base = verdict_of(docs);
        let mut docs = docs.clone();
        for r in &rewrites {
            docs = apply(&docs, *r);
        }
        let got = verdict_of(&docs);
        prop_assert_eq!(&got, &base, "{} after {:?}", path.display(), rewrites);
    }
}

/// Every full digest or commit (40 or 64 hex) in the scalars, in document order.
fn hex_runs(n: &Node, out: &mut Vec<String>) {
    match &n.value {
        Value::Scalar(s) => {
            let b = s.text.as_bytes();
            let mut i = 0;
            while i < b.len() {
                let start = i;
                while i < b.len() && (b[i].is_ascii_digit() || (b'a'..=b'f').contains(&b[i])) {
                    i += 1;
                }
                let len = i - start;
                let bounded = (start == 0 || !b[start - 1].is_ascii_alphanumeric())
                    && (i == b.len() || !b[i].is_ascii_alphanumeric());
                if (len == 40 || len == 64) && bounded {
                    out.push(s.text[start..i].to_string());
                }
                if i == start {
                    i += 1;
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| hex_runs(i, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| hex_runs(v, out)),
    }
}

/// Replaces the last occurrence (document order) of `ident` by `other`.
fn swap_last(docs: &[Node], ident: &str, other: &str) -> Vec<Node> {
    fn walk(n: &Node, ident: &str, other: &str, left: &mut usize) -> Node {
        let value = match &n.value {
            Value::Scalar(s) => {
                let hits = s.text.matches(ident).count();
                if hits > 0 && *left <= hits {
                    // The last remaining occurrence is in this scalar.
                    let pos = s.text.rfind(ident).unwrap_or(0);
                    let text = format!("{}{other}{}", &s.text[..pos], &s.text[pos + ident.len()..]);
                    *left = usize::MAX;
                    Value::Scalar(Scalar { text, ..s.clone() })
                } else {
                    if *left != usize::MAX {
                        *left -= hits;
                    }
                    Value::Scalar(s.clone())
                }
            }
            Value::Seq(items) => {
                Value::Seq(items.iter().map(|i| walk(i, ident, other, left)).collect())
            }
            Value::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), walk(v, ident, other, left)))
                    .collect(),
            ),
        };
        Node {
            value,
            span: n.span,
        }
    }
    let mut all = Vec::new();
    docs.iter().for_each(|d| hex_runs(d, &mut all));
    let mut left = all.iter().filter(|h| h.as_str() == ident).count();
    docs.iter()
        .map(|d| walk(d, ident, other, &mut left))
        .collect()
}

#[test]
fn changing_one_repeated_identity_of_a_passing_record_stops_it_passing() {
    let mut checked = 0;
    for (path, docs) in CASES.iter() {
        if verdict_of(docs).0 != Status::Pass {
            continue;
        }
        let mut runs = Vec::new();
        docs.iter().for_each(|d| hex_runs(d, &mut runs));
        let repeated: BTreeSet<&String> = runs
            .iter()
            .filter(|h| runs.iter().filter(|o| o == h).count() > 1)
            .collect();
        for ident in repeated {
            let first = if ident.starts_with('f') { "e" } else { "f" };
            let other = format!("{first}{}", &ident[1..]);
            let mutant = swap_last(docs, ident, &other);
            let got = verdict_of(&mutant);
            assert_ne!(
                got.0,
                Status::Pass,
                "{}: still passes after one occurrence of {ident} changed",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} swaps checked");
}

#[test]
fn a_record_with_no_known_stage_is_not_analysed_and_has_no_findings() {
    let docs = yaml::parse_documents("owner: team-ml\nnotes: [a, b]\n").expect("parses");
    let file = SourceFile::anonymous("x.yaml", "");
    let ev = Evidence::from_docs(file, &docs, &GATES.vocab);
    let v = verdict::evaluate(&GATES, &ev);
    assert_eq!(v.status, Status::NotAnalysed);
    assert!(v.findings.is_empty());
}
