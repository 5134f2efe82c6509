//! Generic references: moving words, bare numbers, embedded digests, and the fallback for
//! anything no ecosystem recognised. Placeholders are found before any of this
//! (`placeholder.rs`) and reported here when no hint names another ecosystem.

use super::Class::{Mutable, Weak};
use super::registry::{Form, Spec};
use super::scan::{MOVING_WORDS, first_full_token, is_digits, is_dotted_version, q};
use super::{Classification, Ecosystem, Identity};

const E: Ecosystem = Ecosystem::Generic;

/// Why unrecognised text fails closed.
const FAIL_CLOSED: &str = "a reference skillgate cannot read is never credited as pinned";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: E,
    id: "generic",
    title: "Generic (no ecosystem)",
    summary: "Placeholders, moving words and unrecognised text are mutable; a bare version \
              number or a digest embedded in a name is weak.",
    claims: &[],
    guess: None,
    forced: None,
    version_slots: &["{}"],
    forms: &[
        Form::decided("", Mutable, "empty", "an empty value pins nothing: fail closed"),
        Form::decided("TBD", Mutable, "placeholder word", "a placeholder is not a reference: fail closed"),
        Form::decided("${MODEL_DIGEST}", Mutable, "template", "an unexpanded template pins nothing: fail closed"),
        Form::decided("<digest>", Mutable, "template", "an unexpanded template pins nothing: fail closed"),
        Form::decided("S3_URI_FOR_MODEL", Mutable, "variable name", "an upper-snake name with `_FOR_` is a slot to fill, not a value"),
        Form::decided("latest", Mutable, "moving word", "`latest`, `stable`, `prod` … name whatever is current"),
        Form::decided("production", Mutable, "moving word", "a stage or environment word names whatever is current"),
        Form::decided("42", Weak, "bare version number", "a number names a version only together with a registry, which this text does not name"),
        Form::decided(
            "model-sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            Weak,
            "digest embedded in a name",
            "a digest in a name is a naming convention: nothing checks the content against it",
        )
        .id("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"),
        Form::decided("my-model", Mutable, "unrecognised name", FAIL_CLOSED),
        Form::decided(
            "https://example.com/model.bin",
            Mutable,
            "plain URL",
            "a URL serves whatever is at it when fetched",
        ),
    ],
    notes: &[
        "**Placeholders first.** Before any ecosystem reads a reference, skillgate looks for a \
         placeholder anywhere in it: a whole value that means nothing (`null`, `TBD`, `n/a`, \
         `your-model-id`, `xxx`), template syntax (`${X}`, `$(X)`, `$X`, `{X}`, `{{ x }}`, \
         `{% x %}`, `#{X}#`, `<X>`, `%X%`, `__X__`) or a placeholder token between delimiters \
         (`TODO`, `TBD`, `FIXME`, `CHANGEME`, `replace`, `placeholder`, `xxx`, `your-…`, \
         `INSERT_…`, `…_FOR_…`, an all-zero digest or commit id). It is mutable, and its reason \
         starts with `placeholder` and says where it is (`the part after @`, `the value of \
         versionId`, `a path segment`). Git's own braces (`^{commit}`, `@{1}`, `@{upstream}`) \
         are not templates.",
        "**Unrecognised text fails closed.** A name skillgate cannot place in an ecosystem is \
         mutable; it is a *locator* (a name a separate version field can complete) when it \
         looks like a name rather than a moving word.",
    ],
};

/// A full digest or commit SHA embedded in a longer name or path.
pub(crate) fn embedded(s: &str) -> Option<Classification> {
    let id = first_full_token(s)?;
    let reason = match id {
        Identity::Commit { .. } => "commit SHA embedded in a name is only a naming convention",
        _ => "digest embedded in a name or path is only a naming convention",
    };
    Some(Classification::weak(E, reason, Some(id)))
}

/// A URL whose scheme no ecosystem claims (`hdfs://`, `ftp://`, `file://`).
pub(crate) fn unknown_url(s: &str, scheme: &[u8]) -> Classification {
    if let Some(c) = embedded(s) {
        return c;
    }
    let scheme = String::from_utf8_lossy(scheme);
    Classification::mutable(
        E,
        format!(
            "{} names a location, which can be overwritten; skillgate reads no version in it",
            q(&format!("{scheme}://"))
        ),
    )
}

/// Last resort once no ecosystem recognised `s`.
pub(crate) fn classify(s: &str) -> Classification {
    if super::scan::eq_any(s, MOVING_WORDS) {
        return Classification::mutable(
            E,
            format!("{} is a moving label", q(&s.to_ascii_lowercase())),
        );
    }
    if is_digits(s) || is_dotted_version(s) {
        return Classification::weak(
            E,
            format!("a bare version number {} names no registry", q(s)),
            None,
        );
    }
    if let Some(c) = embedded(s) {
        return c;
    }
    let c = Classification::mutable(
        E,
        format!("{} is not a recognisable immutable reference", q(s)),
    );
    if is_name(s) { c.locator() } else { c }
}

/// Looks like a name: letters, digits, `._-/`, starting with a letter.
fn is_name(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/'))
}
