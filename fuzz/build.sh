#!/usr/bin/env bash
# The build cargo-fuzz 0.13 does (`cargo fuzz build -O`), spelled out: libFuzzer from
# libfuzzer-sys, SanitizerCoverage, AddressSanitizer, debug assertions and overflow checks.
set -euo pipefail
cd "$(dirname "$0")"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Zsanitizer=address -Cdebug-assertions -Coverflow-checks -Cllvm-args=-simplifycfg-branch-fold-threshold=0"
export RUSTDOCFLAGS="$RUSTFLAGS"
cargo +nightly build --release --target x86_64-unknown-linux-gnu "$@"
