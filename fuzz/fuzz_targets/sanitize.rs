//! Fuzzes the terminal/log sanitiser, the snippet window, GitHub annotations and
//! the Markdown escape; the harness is shared with tests/fuzz_regressions.rs.
#![no_main]

#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::sanitize(data));
