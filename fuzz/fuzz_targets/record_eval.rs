//! Fuzzes the record loader and gate evaluation (reference gate file); the harness is shared with tests/fuzz_regressions.rs.
#![no_main]

#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::record_eval(data));
