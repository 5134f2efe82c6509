//! Hot functions of the pipeline, one input each: parse the reference SKILL.md, lint it with
//! every rule, and load + evaluate one release record against the reference gate file.
//!
//! `cargo bench --bench pipeline`. Numbers from the 2-core dev container are in bench/README.md.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use skillgate::config::LintConfig;
use skillgate::gates::{self, eval};
use skillgate::record::Record;
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
            let record = Record::parse(Arc::clone(&record_file), &gf.vocab).expect("record");
            black_box(eval::evaluate(&gf, &record))
        })
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
