//! The `skillgate` binary.
fn main() {}
