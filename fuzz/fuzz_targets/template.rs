//! Fuzzes the Markdown template sandbox (any template text, a fixed context); the harness is shared with tests/fuzz_regressions.rs.
#![no_main]

#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::template(data));
