//! Throughput of `skillgate::refs::classify` on a realistic mixed set of references, plus
//! input-size scaling (linearity) on adversarial strings.
//!
//! Measured with `cargo bench --bench refs` on the 2-core dev container (one thread), while
//! other builds shared the machine (load average 3-6):
//!
//! * 1,000,000 classifications of the mixed corpus: 0.414 s (414 ns each) in the final run,
//!   0.660 s in the slowest run; the `million` step asserts < 1 s.
//! * `classify/mixed`: 14-27 us per 32 references; `identities_in/mixed`: 30-47 us.
//! * `classify/scaling` 1 KiB .. 1 MiB: flat ~0.6-1.4 GiB/s (1 MiB in 0.7-1.8 ms), i.e. linear.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use skillgate::refs::{classify, identities_in};
use std::hint::black_box;
use std::time::{Duration, Instant};

const H64: &str = "3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";
const C40: &str = "a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9";

/// A mix shaped like real release records: images, hub repos, object keys, registry
/// versions, provider model ids, commits, digests and the usual junk.
fn corpus() -> Vec<String> {
    vec![
        format!("ghcr.io/acme/fraud-api:2.4.1@sha256:{H64}"),
        "ghcr.io/acme/fraud-api:latest".into(),
        "localhost:5000/fraud:1.0".into(),
        "meta-llama/Llama-3.1-8B-Instruct".into(),
        format!("meta-llama/Llama-3.1-8B-Instruct@{C40}"),
        format!("https://huggingface.co/org/name/resolve/{C40}/model.safetensors"),
        "s3://models/fraud/model.tar.gz".into(),
        "s3://models/fraud/model.tar.gz?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY".into(),
        format!("s3://mirror/sha256-{H64}/model.safetensors"),
        "gs://models/fraud/model.pt#1712345678901234".into(),
        "models:/fraud-detector/14".into(),
        "models:/fraud-detector@champion".into(),
        "models:/fraud-detector/Production".into(),
        "azureml://registries/shared/models/fraud/versions/3".into(),
        "acme/fraud/detector:v3".into(),
        "arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3".into(),
        "anthropic.claude-3-5-sonnet-20240620-v1:0".into(),
        "gpt-4o-2024-08-06".into(),
        "gpt-4o".into(),
        "gemini-1.5-pro-002".into(),
        "gpt-4o:2024-08-06".into(),
        format!("git+https://github.com/org/repo.git@{C40}"),
        C40.into(),
        "main".into(),
        format!("torch==2.3.1 --hash=sha256:{H64}"),
        format!("sha256:{H64}"),
        "md5: d41d8cd98f00b204e9800998ecf8427e".into(),
        "latest".into(),
        "TBD".into(),
        "".into(),
        "${MODEL_DIGEST}".into(),
        "pvc://model-store/fraud/v3".into(),
    ]
}

fn mixed(c: &mut Criterion) {
    let refs = corpus();
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(refs.len() as u64));
    g.bench_function("mixed", |b| {
        b.iter(|| {
            for r in &refs {
                black_box(classify(black_box(r)));
            }
        });
    });
    g.bench_function("identities_in/mixed", |b| {
        b.iter(|| {
            for r in &refs {
                black_box(identities_in(black_box(r)));
            }
        });
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("classify/scaling");
    g.sample_size(10);
    for size in [1usize << 10, 1 << 14, 1 << 17, 1 << 20] {
        let text = format!("s3://b/{}", "sha256-3b2f/".repeat(size / 12));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(size), &text, |b, t| {
            b.iter(|| black_box(classify(black_box(t))));
        });
    }
    g.finish();
}

/// The acceptance check: one million classifications of the mixed corpus on one core.
fn million(_c: &mut Criterion) {
    let refs = corpus();
    let n = 1_000_000;
    let start = Instant::now();
    for i in 0..n {
        black_box(classify(black_box(&refs[i % refs.len()])));
    }
    let took = start.elapsed();
    println!(
        "1,000,000 classifications of the mixed corpus: {:.3} s ({:.0} ns each)",
        took.as_secs_f64(),
        took.as_nanos() as f64 / n as f64
    );
    assert!(
        took < Duration::from_secs(1),
        "1M classifications took {took:?}"
    );
}

criterion_group!(benches, mixed, scaling, million);
criterion_main!(benches);
