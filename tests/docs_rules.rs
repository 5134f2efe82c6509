//! `docs/rules.md` is generated from the rule registry and the reference gate file; this test
//! fails when the checked-in copy is stale. `SKILLGATE_BLESS=1 cargo test --test docs_rules`
//! rewrites it.

use std::path::Path;

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = skillgate::rules_markdown();
    if std::env::var_os("SKILLGATE_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &want).expect("write docs/rules.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        let diff = similar::TextDiff::from_lines(&have, &want)
            .unified_diff()
            .header("docs/rules.md (checked in)", "docs/rules.md (generated)")
            .to_string();
        panic!(
            "docs/rules.md is stale; run `SKILLGATE_BLESS=1 cargo test --test docs_rules`\n{diff}"
        );
    }
}
