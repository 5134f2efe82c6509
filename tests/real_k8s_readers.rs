//! The Kubernetes-family format readers against the real files of `tests/real/` (kubernetes,
//! kserve, seldon, kuberay, vllm-production-stack): each file checked alone with the reference
//! skill's gates must reach its sidecar's conclusions — the format recognised, every finding of
//! medium or above at its line and no other, no finding on a `quiet` line, the status (computed
//! without the missing-evidence findings every manifest has alone, tests/real/README.md), and
//! every `artifacts` entry extracted with its role, line, reference and class.

use std::path::{Path, PathBuf};

use skillgate::finding::Severity;
use skillgate::gates::evidence::Evidence;
use skillgate::gates::verdict::evaluate;
use skillgate::yaml::{Node, parse_one};

const ECOSYSTEMS: &[&str] = &[
    "kubernetes",
    "kserve",
    "seldon",
    "kuberay",
    "vllm-production-stack",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for eco in ECOSYSTEMS {
        let dir = root().join("tests/real").join(eco);
        let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("dir entry").path())
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with(".expected.yaml"))
            })
            .collect();
        v.sort();
        out.extend(v);
    }
    out
}

fn num(n: &Node) -> usize {
    n.as_str()
        .and_then(|s| s.parse().ok())
        .expect("a line number")
}

fn text<'a>(n: &'a Node, key: &str) -> Option<&'a str> {
    n.get(key).and_then(Node::as_str)
}

/// Checks one file; returns its problems.
fn check(path: &Path, gf: &skillgate::gates::GateFile) -> Vec<String> {
    let mut problems = Vec::new();
    let sidecar = PathBuf::from(format!("{}.expected.yaml", path.display()));
    let exp_text = std::fs::read_to_string(&sidecar).expect("sidecar");
    let exp = parse_one(&exp_text).expect("sidecar parses");
    let ev = match Evidence::load(path, &gf.vocab, 1 << 22) {
        Ok(ev) => ev,
        Err(e) => return vec![format!("not loaded: {e}")],
    };
    if let Some(format) = text(&exp, "format") {
        if !ev.formats.iter().any(|(_, _, id)| *id == format) {
            let got: Vec<&str> = ev.formats.iter().map(|f| f.2).collect();
            problems.push(format!("format {format} not recognised (read as {got:?})"));
        }
    }
    let verdict = evaluate(gf, &ev);
    let line = |f: &skillgate::finding::Finding| f.location.file.line_col(f.location.span.start).0;
    let own: Vec<&skillgate::finding::Finding> = verdict
        .findings
        .iter()
        .filter(|f| !f.missing_evidence)
        .collect();
    let defects: Vec<(String, usize)> = own
        .iter()
        .filter(|f| f.severity >= Severity::Medium)
        .map(|f| (f.id.clone(), line(f)))
        .collect();
    let want: Vec<(String, usize)> = exp
        .get("findings")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .map(|w| {
            (
                text(w, "id").unwrap_or("").to_string(),
                num(w.get("line").expect("line")),
            )
        })
        .collect();
    for w in &want {
        if !defects.contains(w) {
            problems.push(format!("missing finding {w:?}"));
        }
    }
    for d in &defects {
        if !want.contains(d) {
            problems.push(format!("unexpected finding {d:?}"));
        }
    }
    let quiet: Vec<usize> = exp
        .get("quiet")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .map(num)
        .collect();
    for f in &own {
        if quiet.contains(&line(f)) {
            problems.push(format!("{} on quiet line {}: {}", f.id, line(f), f.message));
        }
    }
    let status = if verdict.status.as_str() == "not-analysed" {
        "not-analysed"
    } else if own.iter().any(|f| f.severity >= Severity::High) {
        "fail"
    } else if own.iter().any(|f| f.severity == Severity::Medium) {
        "partial"
    } else {
        "pass"
    };
    let want_status = text(&exp, "manifest_status").unwrap_or("");
    if status != want_status {
        problems.push(format!("status {status}, sidecar {want_status}"));
    }
    let file = ev.file().clone();
    let fields: Vec<_> = ev
        .stages
        .iter()
        .flat_map(|s| s.fields.iter())
        .filter(|f| f.reader.is_some() && f.file == 0)
        .collect();
    for a in exp.get("artifacts").map(Node::items).unwrap_or(&[]) {
        let role = text(a, "role").unwrap_or("").replace('-', "_");
        let at = num(a.get("line").expect("artifact line"));
        let r = text(a, "ref").unwrap_or("");
        let via = a.get("via").is_some();
        let found = fields.iter().find(|f| {
            f.role == role
                && file.line_col(f.span.start).0 == at
                && (via
                    || f.text == r
                    || (!f.text.is_empty() && r.ends_with(f.text.as_str()))
                    || f.text.replacen("://", ":", 1) == r)
        });
        match found {
            None => problems.push(format!("artifact {role} `{r}` at line {at} not extracted")),
            Some(f) => {
                if let Some(c) = text(a, "class") {
                    if f.class.class.as_str() != c {
                        problems.push(format!(
                            "artifact `{r}` at line {at} is {}, sidecar {c}",
                            f.class.class
                        ));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn kubernetes_family_readers_reach_the_sidecars_conclusions() {
    let gf = skillgate::gates::load(
        &root().join("skills/ai-security/model-supply-chain/gates.yaml"),
        1 << 20,
    )
    .expect("reference gates");
    let mut report = Vec::new();
    let all = files();
    assert!(all.len() >= 30, "the corpus shrank: {}", all.len());
    for path in &all {
        for p in check(path, &gf) {
            report.push(format!(
                "{}: {p}",
                path.strip_prefix(root()).unwrap_or(path).display()
            ));
        }
    }
    assert!(report.is_empty(), "\n{}", report.join("\n"));
}

/// A release: a record whose evaluation and approval name `evaluated`, deploying `manifest`
/// (written to `k8s/prod/manifest.yaml` in a repository) — its status.
fn release_status(manifest: &str, evaluated: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).expect("mkdir");
    std::fs::create_dir_all(root.join("k8s/prod")).expect("mkdir");
    std::fs::write(root.join("k8s/prod/manifest.yaml"), manifest).expect("manifest");
    let record = format!(
        "evaluation:\n  run_id: eval-7\n  model: org/model\n  revision: {evaluated}\napproval:\n  id: CAB-1\n  model_revision: {evaluated}\ndeploy:\n  manifest: k8s/prod/manifest.yaml\n"
    );
    std::fs::write(root.join("release.yaml"), record).expect("record");
    let gf = skillgate::gates::load(
        &self::root().join("skills/ai-security/model-supply-chain/gates.yaml"),
        1 << 20,
    )
    .expect("reference gates");
    let opts = skillgate::gates::evidence::ReadOptions {
        root: Some(root.to_path_buf()),
        max: 1 << 20,
    };
    let ev = Evidence::load_release(&[root.join("release.yaml")], &gf.vocab, &opts)
        .expect("release loads");
    evaluate(&gf, &ev).status.as_str().to_string()
}

const A: &str = "0123456789abcdef0123456789abcdef01234567";
const B: &str = "89abcdef0123456789abcdef0123456789abcdef";
const IMAGE: &str =
    "vllm/vllm-openai@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn a_manifest_read_by_a_kubernetes_family_reader_binds_the_evaluated_revision() {
    let ray = |rev: &str| {
        format!(
            "apiVersion: ray.io/v1\nkind: RayService\nmetadata: {{name: llm}}\nspec:\n  serveConfigV2: |\n    applications:\n    - args:\n        llm_configs:\n        - model_loading_config:\n            model_id: served-name\n            model_source: org/model\n          engine_kwargs:\n            revision: {rev}\n  rayClusterConfig:\n    headGroupSpec:\n      template:\n        spec:\n          containers:\n          - {{name: head, image: \"{IMAGE}\"}}\n"
        )
    };
    assert_eq!(release_status(&ray(A), A), "pass");
    assert_eq!(
        release_status(&ray(B), A),
        "fail",
        "another revision is deployed"
    );
    let helm = |rev: &str| {
        format!(
            "servingEngineSpec:\n  modelSpec:\n  - name: m\n    repository: vllm/vllm-openai@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n    modelURL: org/model\n    modelRevision: {rev}\n"
        )
    };
    assert_eq!(release_status(&helm(A), A), "pass");
    assert_eq!(release_status(&helm(B), A), "fail");
    let deployment = |rev: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: llm}}\nspec:\n  template:\n    spec:\n      containers:\n      - name: s\n        image: \"{IMAGE}\"\n        args: [\"--model=$(MODEL_ID)\", \"--revision={rev}\"]\n        env:\n        - {{name: MODEL_ID, value: org/model}}\n"
        )
    };
    assert_eq!(release_status(&deployment(A), A), "pass");
    assert_eq!(release_status(&deployment(B), A), "fail");
    // The shared runtime image does not bind a model the file does not name.
    let seldon = format!(
        "apiVersion: mlops.seldon.io/v1alpha1\nkind: Server\nmetadata: {{name: s}}\nspec:\n  podSpec:\n    containers:\n    - {{name: mlserver, image: \"{IMAGE}\"}}\n"
    );
    assert_eq!(release_status(&seldon, A), "fail");
}
