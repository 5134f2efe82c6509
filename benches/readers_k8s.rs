//! The Kubernetes-family format readers on large manifests: a Deployment with `n` containers
//! (env, `$(VAR)` args, a model on a mounted PVC each), a SeldonDeployment with `n` predictors, a
//! RayService whose `serveConfigV2` holds `n` LLM configs, and vLLM production-stack values with
//! `n` modelSpecs and `n / 2` adapters — read (parse + reader) and read + evaluated, at `n` and
//! `2n`, so a superlinear step shows as a ratio above 2.
//!
//! `cargo bench --bench readers_k8s`. Numbers are in bench/README.md.

// NOTE: `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use skillgate::gates::evidence::Evidence;
use skillgate::gates::{self, verdict};
use skillgate::source::SourceFile;

const GATES: &str = include_str!("../skills/ai-security/model-supply-chain/gates.yaml");

fn deployment(n: usize) -> String {
    let mut s = String::from(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  template:\n    spec:\n      containers:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "      - name: c{i}\n        image: reg.example/img{i}:v1\n        args: [\"--model=$(MODEL_ID)\", \"--revision\", \"{i:040x}\", \"--model-repository=/data/m{i}\"]\n        env:\n        - {{name: MODEL_ID, value: org/model{i}}}\n        - {{name: OTHER, value: x}}\n        volumeMounts: [{{name: v{i}, mountPath: /data}}]\n"
        ));
    }
    s.push_str("      volumes:\n");
    for i in 0..n {
        s.push_str(&format!(
            "      - name: v{i}\n        persistentVolumeClaim: {{claimName: claim{i}}}\n"
        ));
    }
    s
}

fn seldon(n: usize) -> String {
    let mut s = String::from(
        "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: big}\nspec:\n  predictors:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "  - name: p{i}\n    traffic: {}\n    graph:\n      name: g{i}\n      implementation: SKLEARN_SERVER\n      modelUri: gs://bucket/m{i}\n      children:\n      - name: c{i}\n        modelUri: s3:bucket/c{i}\n    componentSpecs:\n    - spec:\n        containers:\n        - {{name: g{i}, image: reg/img{i}:1.0}}\n",
            i % 100
        ));
    }
    s
}

fn rayservice(n: usize) -> String {
    let mut s = String::from(
        "apiVersion: ray.io/v1\nkind: RayService\nmetadata: {name: big}\nspec:\n  serveConfigV2: |\n    applications:\n    - args:\n        llm_configs:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "        - model_loading_config:\n            model_id: m{i}\n            model_source: org/model{i}\n          engine_kwargs:\n            revision: {i:040x}\n"
        ));
    }
    s
}

fn helm_values(n: usize) -> String {
    let mut s = String::from("servingEngineSpec:\n  modelSpec:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  - name: m{i}\n    repository: vllm/vllm-openai\n    tag: v{i}\n    modelURL: org/model{i}\n    modelRevision: {i:040x}\n"
        ));
    }
    s.push_str("loraAdapters:\n");
    for i in (0..n).step_by(2) {
        s.push_str(&format!(
            "- name: a{i}\n  baseModel: m{i}\n  adapterSource: {{type: huggingface, repository: org/adapter{i}}}\n"
        ));
    }
    s
}

fn readers(c: &mut Criterion) {
    let gf = gates::load::parse(SourceFile::anonymous("gates.yaml", GATES), "skill".into())
        .expect("reference gate file");
    type Input = (&'static str, fn(usize) -> String);
    let inputs: [Input; 4] = [
        ("deployment", deployment),
        ("seldondeployment", seldon),
        ("rayservice", rayservice),
        ("vllm-values", helm_values),
    ];
    let mut group = c.benchmark_group("readers-k8s");
    group.sample_size(10);
    for (name, make) in inputs {
        for n in [2_000, 4_000] {
            let file = SourceFile::anonymous("big.yaml", &make(n));
            group.bench_function(format!("{name}/{n}/read"), |b| {
                b.iter(|| black_box(Evidence::parse(Arc::clone(&file), &gf.vocab).expect("read")))
            });
            group.bench_function(format!("{name}/{n}/read+evaluate"), |b| {
                b.iter(|| {
                    let ev = Evidence::parse(Arc::clone(&file), &gf.vocab).expect("read");
                    black_box(verdict::evaluate(&gf, &ev))
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, readers);
criterion_main!(benches);
