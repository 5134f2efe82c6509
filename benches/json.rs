//! JSON through the YAML parser: a ~1 MB ML-BOM-shaped document with and without UTF-16
//! surrogate-pair escapes (`"\uD83E\uDD17"`), which `skillgate::yaml` rewrites before parsing and
//! maps back to the original offsets.
//!
//! `cargo bench --bench json`. Numbers from the 2-core dev container are in bench/README.md.

// NOTE: `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use skillgate::yaml::parse_documents;

/// A CycloneDX-shaped document of about `bytes` bytes; `escape` goes into every description.
fn bom(bytes: usize, escape: &str) -> String {
    let mut s = String::from(
        "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"components\": [\n",
    );
    let mut i = 0;
    while s.len() < bytes {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(&format!(
            "    {{\"bom-ref\": \"component-{i}\", \"type\": \"machine-learning-model\", \"name\": \"model-{i}\", \"version\": \"1.{i}\", \"description\": \"{escape}'s model {i} with {escape}Diffusers\", \"hashes\": [{{\"alg\": \"SHA-256\", \"content\": \"{i:064x}\"}}]}}"
        ));
        i += 1;
    }
    s.push_str("\n  ]\n}\n");
    s
}

fn json(c: &mut Criterion) {
    let plain = bom(1 << 20, "\\u00e9");
    let pairs = bom(1 << 20, "\\uD83E\\uDD17");
    let mut g = c.benchmark_group("yaml/json-1MB");
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function("no-surrogates", |b| {
        b.iter(|| black_box(parse_documents(&plain).expect("parses")))
    });
    g.throughput(Throughput::Bytes(pairs.len() as u64));
    g.bench_function("surrogate-pairs", |b| {
        b.iter(|| black_box(parse_documents(&pairs).expect("parses")))
    });
    g.finish();
}

criterion_group!(benches, json);
criterion_main!(benches);
