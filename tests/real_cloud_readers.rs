//! The cloud-platform format readers (Azure ML, SageMaker / CloudFormation, Bedrock, MLflow,
//! Vertex AI, BentoML) against the ground truth in `tests/real/`: every artifact a sidecar
//! lists is extracted by a reader with that role, on that line, with that text (or a text
//! composed from it, such as `runs:/<run_id>/model`; only role and line when the sidecar says
//! the identity is composed, `via`), and the reference classifier agrees with the sidecar's
//! class — except where a listed classifier gap or a listed reader decision says otherwise. A
//! file that deploys nothing (sidecar `not-analysed`) is read as the file a record names, which
//! is where its identities join a release.
//!
//! The findings and statuses of the same files are measured end to end by running
//! `skillgate check` (see tests/real/README.md, "Sidecars").

use std::path::{Path, PathBuf};

use skillgate::gates::evidence::{Evidence, ReadOptions};
use skillgate::gates::load;
use skillgate::yaml::{Node, parse_one};

const ECOSYSTEMS: &[&str] = &[
    "azureml",
    "sagemaker",
    "bedrock",
    "mlflow",
    "vertex-ai",
    "bentoml",
];

/// Sidecar artifacts a reader does not extract, on purpose (file, line, why). The Rejected
/// SageMaker package event's sidecar now says so itself.
const NOT_EXTRACTED: &[(&str, usize, &str)] = &[];

/// Sidecar classes the reference classifier does not give yet (file, line, what it says):
/// src/refs belongs to issue 13. The test fails when one of these starts agreeing, so the list
/// cannot go stale.
const CLASSIFIER_GAPS: &[(&str, usize, &str)] = &[
    (
        "bentoml/bento-and-bentodeployment-v2alpha1.yaml",
        7,
        "an image tag that is a Bento version (`r4zint4b567i4usu`) is classified as a name (mutable), not a version label (weak)",
    ),
    (
        "azureml/finetuning-job-registry-base.yaml",
        11,
        "a repository file (`train.jsonl`) is not recognisable as a repository path (mutable); the reader can only record it",
    ),
    (
        "azureml/finetuning-job-registry-base.yaml",
        13,
        "a repository file (`validation.jsonl`) is not recognisable as a repository path (mutable)",
    ),
    (
        "mlflow/openai-embeddings.MLmodel",
        14,
        "a 32-hex MLflow model_uuid is classified as a short digest (weak)",
    ),
    (
        "mlflow/sklearn-diabetes.MLmodel",
        12,
        "a UUID-style run id in `runs:/<run_id>/model` is classified malformed (mutable)",
    ),
    (
        "mlflow/webhook-model-version-created.json",
        4,
        "MLflow 3 `models:/<model_id>` is classified as an unversioned name (mutable)",
    ),
];

fn real() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real")
}

struct Artifact {
    role: String,
    line: usize,
    text: String,
    class: Option<String>,
    composed: bool,
}

/// What a reader wrote: (role, line, text, class, is a repository path recorded unjudged).
type Found = (String, usize, String, String, bool);

fn sidecar(path: &Path) -> (Option<String>, bool, Vec<Artifact>) {
    let text = std::fs::read_to_string(path).expect("sidecar");
    let doc = parse_one(&text).expect("sidecar parses");
    let status = doc
        .get("manifest_status")
        .and_then(Node::as_str)
        .map(str::to_string);
    let parse_error = doc.get("parse_error").is_some();
    let arts = doc
        .get("artifacts")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .map(|a| Artifact {
            role: a
                .get("role")
                .and_then(Node::as_str)
                .unwrap_or("")
                .replace('-', "_"),
            line: a
                .get("line")
                .and_then(Node::as_str)
                .and_then(|l| l.parse().ok())
                .unwrap_or(0),
            text: a
                .get("ref")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_string(),
            class: a.get("class").and_then(Node::as_str).map(str::to_string),
            composed: a.get("via").is_some(),
        })
        .collect();
    (status, parse_error, arts)
}

/// Reads a real file alone, or as the file a record's deploy stage names.
fn read(file: &Path, named: bool) -> Vec<Found> {
    let gf = load::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("skills/ai-security/model-supply-chain/gates.yaml"),
        1 << 20,
    )
    .expect("gate file");
    let ev = if named {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).expect("mkdir");
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        std::fs::copy(file, root.join(name)).expect("copy");
        std::fs::write(
            root.join("record.yaml"),
            format!("deploy:\n  manifest: {name}\n"),
        )
        .expect("record");
        let opts = ReadOptions {
            root: Some(root.to_path_buf()),
            max: 1 << 20,
        };
        Evidence::load_release(&[root.join("record.yaml")], &gf.vocab, &opts).expect("reads")
    } else {
        Evidence::load(file, &gf.vocab, 1 << 20).expect("reads")
    };
    let mut out = Vec::new();
    for s in &ev.stages {
        for f in s.fields.iter().filter(|f| f.reader.is_some()) {
            let line = ev.file_of(f.file).line_col(f.span.start).0;
            let local = !f.reference && (f.key == "localfolder" || f.key == "localfile");
            // A field that names an identity (`model_uuid`) names the artifact too.
            if f.reference || local || f.identities().next().is_some() {
                out.push((
                    f.role.clone(),
                    line,
                    f.text.clone(),
                    f.class.class.to_string(),
                    local,
                ));
            }
        }
    }
    out
}

#[test]
fn cloud_readers_extract_the_sidecar_artifacts() {
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut gaps_seen = Vec::new();
    for eco in ECOSYSTEMS {
        let mut files: Vec<PathBuf> = std::fs::read_dir(real().join(eco))
            .expect("ecosystem folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".expected.yaml"))
            .collect();
        files.sort();
        for file in files {
            let rel = format!(
                "{eco}/{}",
                file.file_name().and_then(|n| n.to_str()).expect("name")
            );
            let (status, parse_error, arts) =
                sidecar(&PathBuf::from(format!("{}.expected.yaml", file.display())));
            if parse_error {
                continue;
            }
            let named = status.as_deref() == Some("not-analysed");
            let found = read(&file, named);
            for a in &arts {
                if NOT_EXTRACTED
                    .iter()
                    .any(|(f, l, _)| *f == rel && *l == a.line)
                {
                    continue;
                }
                checked += 1;
                let hit = found.iter().find(|(role, line, text, _, _)| {
                    *role == a.role
                        && *line == a.line
                        && (a.composed || *text == a.text || text.contains(&a.text))
                });
                let Some((_, _, text, class, local)) = hit else {
                    problems.push(format!(
                        "{rel}:{}: no {} `{}` extracted (found: {:?})",
                        a.line,
                        a.role,
                        a.text,
                        found
                            .iter()
                            .filter(|f| f.1 == a.line)
                            .map(|f| (&f.0, &f.2))
                            .collect::<Vec<_>>()
                    ));
                    continue;
                };
                let Some(want) = &a.class else { continue };
                // A repository path is pinned by the commit: recorded, never judged.
                let got = if *local { "immutable" } else { class.as_str() };
                let gap = CLASSIFIER_GAPS
                    .iter()
                    .any(|(f, l, _)| *f == rel && *l == a.line);
                match (got == want, gap) {
                    (true, false) | (false, true) => {}
                    (true, true) => problems.push(format!(
                        "{rel}:{}: the classifier now agrees ({want}); remove it from CLASSIFIER_GAPS",
                        a.line
                    )),
                    (false, false) => problems.push(format!(
                        "{rel}:{}: `{text}` is {got}, the sidecar says {want}",
                        a.line
                    )),
                }
                if gap {
                    gaps_seen.push((rel.clone(), a.line));
                }
            }
        }
    }
    for (f, l, why) in CLASSIFIER_GAPS {
        if !gaps_seen.iter().any(|(g, m)| g == f && m == l) {
            problems.push(format!(
                "{f}:{l}: listed classifier gap not checked ({why})"
            ));
        }
    }
    assert!(checked >= 25, "only {checked} artifacts checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
