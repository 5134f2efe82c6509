//! The attestation and BOM readers on large inputs, through `Evidence::parse` with the reference
//! gate file: a CycloneDX ML-BOM, an `.intoto.jsonl` of DSSE envelopes, and one Sigstore bundle
//! whose base64 payload is an OpenSSF model-signing Statement with thousands of file subjects —
//! each at about 1 MB and 4 MB, so the time per byte shows the reading is linear.
//!
//! `cargo bench --bench attestations`. Numbers from the 2-core dev container are in
//! bench/README.md.

// NOTE: `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::sync::Arc;

use base64::Engine as _;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use skillgate::gates;
use skillgate::gates::evidence::Evidence;
use skillgate::source::SourceFile;

const GATES: &str = include_str!("../skills/ai-security/model-supply-chain/gates.yaml");

/// A CycloneDX ML-BOM of about `bytes` bytes: model components with a purl, a hash and an
/// inline dataset.
fn bom(bytes: usize) -> String {
    let mut s = String::from(
        "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"version\": 1,\n  \"components\": [\n",
    );
    let mut i = 0;
    while s.len() < bytes {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(&format!(
            "    {{\"type\": \"machine-learning-model\", \"group\": \"org\", \"name\": \"model-{i}\", \"version\": \"{i:040x}\", \"purl\": \"pkg:huggingface/org/model-{i}@{i:040x}\", \"hashes\": [{{\"alg\": \"SHA-256\", \"content\": \"{i:064x}\"}}], \"modelCard\": {{\"modelParameters\": {{\"datasets\": [{{\"type\": \"dataset\", \"contents\": {{\"url\": \"https://example.com/d/{i}\"}}}}]}}}}}}"
        ));
        i += 1;
    }
    s.push_str("\n  ]\n}\n");
    s
}

/// An in-toto Statement with `n` file subjects (OpenSSF model signing Digests v0.1).
fn statement(n: usize) -> String {
    let subjects: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"name\": \"shard-{i}.safetensors\", \"digest\": {{\"sha256\": \"{i:064x}\"}}}}"
            )
        })
        .collect();
    format!(
        "{{\"_type\": \"https://in-toto.io/Statement/v1\", \"subject\": [{}], \"predicateType\": \"https://model_signing/Digests/v0.1\", \"predicate\": {{\"unused\": \"\"}}}}",
        subjects.join(", ")
    )
}

fn envelope(payload: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(payload);
    format!(
        "{{\"payloadType\": \"application/vnd.in-toto+json\", \"payload\": \"{b64}\", \"signatures\": [{{\"keyid\": \"\", \"sig\": \"MEUCIQ\"}}]}}"
    )
}

/// `.intoto.jsonl`: one envelope (three subjects) per line, about `bytes` bytes.
fn jsonl(bytes: usize) -> String {
    let line = envelope(&statement(3));
    let mut s = String::new();
    while s.len() < bytes {
        s.push_str(&line);
        s.push('\n');
    }
    s
}

/// One Sigstore bundle v0.3 whose payload names about `bytes / 140` subjects.
fn bundle(bytes: usize) -> String {
    let n = bytes / 140;
    format!(
        "{{\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\", \"verificationMaterial\": {{\"publicKey\": {{\"hint\": \"x\"}}}}, \"dsseEnvelope\": {}}}\n",
        envelope(&statement(n))
    )
}

fn readers(c: &mut Criterion) {
    let gf = gates::load::parse(SourceFile::anonymous("gates.yaml", GATES), "skill".into())
        .expect("reference gate file");
    type Input = (&'static str, fn(usize) -> String);
    let inputs: [Input; 3] = [
        ("cyclonedx-mlbom", bom),
        ("dsse-intoto-jsonl", jsonl),
        ("sigstore-bundle", bundle),
    ];
    let mut g = c.benchmark_group("readers");
    g.sample_size(10);
    for (name, make) in inputs {
        for mb in [1usize, 4] {
            let text = make(mb << 20);
            let file = SourceFile::anonymous(&format!("{name}.json"), &text);
            let ev = Evidence::parse(Arc::clone(&file), &gf.vocab).expect("parses");
            assert!(ev.fields().count() > 1000, "{name}: read nothing");
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(format!("{name}/{mb}MB"), |b| {
                b.iter(|| black_box(Evidence::parse(Arc::clone(&file), &gf.vocab).expect("parses")))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, readers);
criterion_main!(benches);
