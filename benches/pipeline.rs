//! Hot functions of the pipeline, one input each: parse the reference SKILL.md, lint it with
//! every rule, and load + evaluate one release record against the reference gate file.
//!
//! `cargo bench --bench pipeline`. Numbers from the 2-core dev container are in bench/README.md.

// NOTE: `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use skillgate::config::LintConfig;
use skillgate::gates::evidence::Evidence;
use skillgate::gates::{self, verdict};
use skillgate::rules::{self, LintContext};
use skillgate::skill::Skill;
use skillgate::source::SourceFile;

const SKILL: &str = include_str!("../skills/ai-security/model-supply-chain/SKILL.md");
const GATES: &str = include_str!("../skills/ai-security/model-supply-chain/gates.yaml");
const RECORD: &str = include_str!(
    "../skills/ai-security/model-supply-chain/tests/vulnerable/eval-pinned-deploy-alias.yaml"
);

fn pipeline(c: &mut Criterion) {
    let path = "skills/ai-security/model-supply-chain/SKILL.md";
    let file = SourceFile::anonymous(path, SKILL);
    c.bench_function("skill/parse", |b| {
        b.iter(|| black_box(Skill::from_source(Arc::clone(&file), None)))
    });

    let config = LintConfig::default();
    let skills = [Skill::from_source(Arc::clone(&file), None)];
    c.bench_function("skill/lint", |b| {
        b.iter(|| {
            let cx = LintContext {
                config: &config,
                skills: &skills,
                indexes: &[],
                skill_dirs: &[],
            };
            black_box(rules::lint(&cx))
        })
    });

    let gf = gates::load::parse(SourceFile::anonymous("gates.yaml", GATES), "skill".into())
        .expect("reference gate file");
    c.bench_function("gates/load", |b| {
        b.iter(|| {
            black_box(gates::load::parse(
                SourceFile::anonymous("gates.yaml", GATES),
                "skill".into(),
            ))
        })
    });
    let record_file = SourceFile::anonymous("release.yaml", RECORD);
    c.bench_function("record/load+evaluate", |b| {
        b.iter(|| {
            let record = Evidence::parse(Arc::clone(&record_file), &gf.vocab).expect("record");
            black_box(verdict::evaluate(&gf, &record))
        })
    });

    // Issue 11: a 2 MB record with 20,000 environments reads and evaluates in linear time.
    let big = SourceFile::anonymous("big.yaml", &big_record(20_000));
    let mut group = c.benchmark_group("record/20k-environments");
    group.sample_size(10);
    group.bench_function("load+evaluate", |b| {
        b.iter(|| {
            let record = Evidence::parse(Arc::clone(&big), &gf.vocab).expect("record");
            black_box(verdict::evaluate(&gf, &record))
        })
    });
    group.finish();
}

/// A release whose approval names one digest and whose `environments` map has `n` entries,
/// every tenth running another digest (about 100 bytes per environment).
pub fn big_record(n: usize) -> String {
    let approved = "3b2f2c1f7e9c4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b";
    let mut s = format!(
        "evaluation:\n  run_id: eval-1\n  artifact_digest: sha256:{approved}\napproval:\n  id: CAB-1\n  artifact_digest: sha256:{approved}\nenvironments:\n"
    );
    for i in 0..n {
        let digest = if i % 10 == 0 {
            format!("{i:064x}")
        } else {
            approved.to_string()
        };
        s.push_str(&format!(
            "  env-{i:05}:\n    traffic: 1%\n    model_uri: oci://registry.example/models/m@sha256:{digest}\n"
        ));
    }
    s
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
