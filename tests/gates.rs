//! The reference skill's gates against its own fixtures: every case passes, and every gate both
//! fires on a vulnerable fixture and stays quiet on a benign one.

use std::path::PathBuf;

use skillgate::cli::{Color, Format, OutputArgs, TestArgs};
use skillgate::commands::test::test_paths;
use skillgate::fixtures::runner::Outcome;

fn args(paths: Vec<PathBuf>, skill: Option<PathBuf>) -> TestArgs {
    TestArgs {
        paths,
        skill,
        accept: false,
        out: OutputArgs {
            format: Format::Human,
            outputs: vec![],
            color: Color::Never,
            config: None,
            template: None,
            max_file_size: None,
            quiet: true,
            no_inline_config: false,
            verbose: false,
        },
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn reference_skill_fixtures_all_pass_and_every_gate_fires_and_stays_quiet() {
    let run = test_paths(&args(vec![root().join("skills")], None), 1 << 20).expect("runs");
    let failed: Vec<String> = run
        .results
        .iter()
        .filter(|r| r.outcome != Outcome::Ok)
        .map(|r| format!("{} {:?}: {:?}", r.case.name(), r.outcome, r.problems))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    let (_, scores) = run
        .scorecards
        .iter()
        .find(|(s, _)| s == "model-supply-chain")
        .expect("scorecard");
    assert_eq!(scores.len(), 11);
    for s in scores {
        assert!(s.tp >= 1, "{} never fires on a vulnerable fixture", s.gate);
        assert!(
            s.tn >= 1,
            "{} has no benign fixture where it stays quiet",
            s.gate
        );
        assert_eq!((s.fp, s.r#fn), (0, 0), "{} has FP/FN", s.gate);
    }
    assert!(run.results.len() >= 40);
}

#[test]
fn not_analysed_is_never_passed() {
    let dir = tempfile::tempdir().expect("tmp");
    let benign = dir.path().join("benign");
    std::fs::create_dir_all(&benign).expect("mkdir");
    std::fs::write(benign.join("notes.py"), "print('hi')\n").expect("write");
    std::fs::write(benign.join("unrelated.yaml"), "name: x\nowner: y\n").expect("write");
    std::fs::write(benign.join("broken.yaml"), "a: [\n").expect("write");
    let skill = root().join("skills/ai-security/model-supply-chain");
    let run =
        test_paths(&args(vec![dir.path().to_path_buf()], Some(skill)), 1 << 20).expect("runs");
    assert_eq!(
        run.counts(),
        (0, 0, 2),
        "{:?}",
        run.results.iter().map(|r| &r.problems).collect::<Vec<_>>()
    );
    assert!(
        run.results
            .iter()
            .all(|r| r.outcome == Outcome::NotAnalysed)
    );
}
