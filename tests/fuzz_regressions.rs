//! Replays every saved fuzz input under `tests/fuzz_regressions/<target>/` through the harness
//! of the cargo-fuzz target of that name (see `fuzz/` and `bench/fuzz.sh`). A crash the fuzzer
//! found is fixed, then its input is kept here so it stays fixed.

mod fuzz_harness;

use std::path::Path;
use std::time::{Duration, Instant};

fn replay(target: &str, harness: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries.flatten() {
        let data = std::fs::read(e.path()).expect("read");
        let start = Instant::now();
        harness(&data);
        // libFuzzer's own limit is 10 s; a regression input must stay far below it.
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{} took {:?}",
            e.path().display(),
            start.elapsed()
        );
    }
}

#[test]
fn skill_lint() {
    replay("skill_lint", fuzz_harness::skill_lint);
}

#[test]
fn record_eval() {
    replay("record_eval", fuzz_harness::record_eval);
}

#[test]
fn refs_classify() {
    replay("refs_classify", fuzz_harness::refs_classify);
}

#[test]
fn gate_file() {
    replay("gate_file", fuzz_harness::gate_file);
}

#[test]
fn casedoc() {
    replay("casedoc", fuzz_harness::casedoc);
}

#[test]
fn template() {
    replay("template", fuzz_harness::template);
}

#[test]
fn sanitize() {
    replay("sanitize", fuzz_harness::sanitize);
}
