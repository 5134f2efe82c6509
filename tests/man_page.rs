//! `docs/skillgate.1` is the man page generated from the CLI definitions (`skillgate man`
//! prints the same); this test fails when it is stale. `SKILLGATE_BLESS=1 cargo test --test
//! man_page` rewrites it.

use std::path::Path;

#[test]
fn man_page_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/skillgate.1");
    let want = skillgate::commands::completions::man_page().expect("render man page");
    let want = String::from_utf8(want).expect("roff is UTF-8");
    if std::env::var_os("SKILLGATE_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &want).expect("write docs/skillgate.1");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/skillgate.1 is stale; run `SKILLGATE_BLESS=1 cargo test --test man_page`"
    );
}
