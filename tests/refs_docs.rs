//! The ecosystem registry is the one source of truth: every declared form classifies as
//! declared, the registry is consistent (ids, claims, ranks), and `docs/references.md` is what
//! `skillgate::refs::markdown()` renders from it.
//! Regenerate the doc with `SKILLGATE_BLESS=1 cargo test --test refs_docs`.

use skillgate::refs::{
    Class, Ecosystem, Identity, Source, claims, classify_form, guess_order, markdown, specs,
};
use std::collections::HashSet;
use std::path::Path;

#[test]
fn every_declared_form_gets_its_class_ecosystem_and_identity() {
    let mut bad = Vec::new();
    let mut n = 0;
    for spec in specs() {
        for f in spec.forms {
            n += 1;
            let c = classify_form(spec, f);
            let want_eco = f.reads_as.unwrap_or(spec.ecosystem);
            let token = c.identity.as_ref().map(Identity::token);
            let id_ok = f.identity.is_none_or(|want| token.as_deref() == Some(want));
            if c.class != f.class || c.ecosystem != want_eco || !id_ok {
                bad.push(format!(
                    "{} form {:?}: declared {:?}/{:?}/{:?}, got {:?}/{:?}/{:?} ({})",
                    spec.id,
                    f.example,
                    f.class,
                    want_eco,
                    f.identity,
                    c.class,
                    c.ecosystem,
                    token,
                    c.reason
                ));
            }
            if c.class == Class::Immutable && c.identity.is_none() {
                bad.push(format!("{:?} is immutable without identity", f.example));
            }
        }
    }
    assert!(n >= 150, "only {n} declared forms");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_ecosystem_declares_itself_consistently() {
    let mut ids = HashSet::new();
    for (i, spec) in specs().enumerate() {
        assert_eq!(spec.ecosystem, Ecosystem::ALL[i], "registry order");
        assert_eq!(spec.ecosystem.spec().id, spec.id);
        assert!(ids.insert(spec.id), "duplicate id {}", spec.id);
        let serde = serde_json::to_string(&spec.ecosystem).unwrap_or_default();
        assert_eq!(
            serde,
            format!("\"{}\"", spec.id),
            "serde name of {}",
            spec.id
        );
        assert_eq!(Ecosystem::from_id(spec.id), Some(spec.ecosystem));
        assert!(!spec.forms.is_empty(), "{} documents no form", spec.id);
        assert!(
            !spec.title.is_empty() && !spec.summary.is_empty(),
            "{}",
            spec.id
        );
        for f in spec.forms {
            match f.source {
                Source::Doc(url) => assert!(url.starts_with("https://"), "{url}"),
                Source::Decided(why) => assert!(why.len() > 10, "{}: say why", f.example),
            }
        }
        for slot in spec.version_slots {
            assert!(
                slot.contains("{}"),
                "{}: slot {slot:?} has no `{{}}`",
                spec.id
            );
        }
    }
}

#[test]
fn every_claim_belongs_to_one_ecosystem_and_ranks_are_unique() {
    let mut seen = HashSet::new();
    for (kind, key, eco) in claims() {
        assert_eq!(key, key.to_ascii_lowercase(), "claims are lowercase: {key}");
        assert!(
            seen.insert((kind, key)),
            "{kind} `{key}` is claimed twice (second by {eco})"
        );
    }
    let ranks: Vec<u8> = guess_order().iter().map(|(r, _)| *r).collect();
    let unique: HashSet<u8> = ranks.iter().copied().collect();
    assert_eq!(
        unique.len(),
        ranks.len(),
        "guess ranks must be unique: {ranks:?}"
    );
}

#[test]
fn a_claimed_scheme_is_read_by_its_ecosystem() {
    // Each scheme claim, applied to a plausible reference, lands in the claiming ecosystem
    // (or, for KServe's OCI modes, the OCI rules it delegates to).
    for spec in specs() {
        for c in spec.claims {
            if let skillgate::refs::On::Scheme(s) = c.on {
                let text = format!("{s}://example-org/example-name");
                let got = skillgate::refs::classify(&text);
                let ok = got.ecosystem == spec.ecosystem
                    || (spec.ecosystem == Ecosystem::Kserve && got.ecosystem == Ecosystem::Oci)
                    || (s == "pkg");
                assert!(ok, "{text}: read as {} ({})", got.ecosystem, got.reason);
            }
        }
    }
}

#[test]
fn references_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/references.md");
    let want = markdown();
    if std::env::var_os("SKILLGATE_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write docs/references.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/references.md is stale; run `SKILLGATE_BLESS=1 cargo test --test refs_docs`"
    );
}

#[test]
fn docs_cite_sources_and_list_every_ecosystem() {
    let md = markdown();
    for spec in specs() {
        assert!(
            md.contains(&format!("(`{}`)", spec.id)),
            "{} missing",
            spec.id
        );
    }
    assert!(md.contains("[doc](https://"), "no cited page");
    assert!(md.contains("**decided**"), "no decision explained");
}
