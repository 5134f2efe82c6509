//! BentoML Bento and model tags: `name:version`, `name:latest`, `name`.

use super::Class::{Mutable, Weak};
use super::registry::{Form, Spec};
use super::scan::{q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const E: Ecosystem = Ecosystem::Bentoml;
const CLI: &str = "https://docs.bentoml.com/en/latest/reference/bentoml/cli.html";
const STORES: &str = "https://docs.bentoml.com/en/latest/reference/stores.html";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: E,
    id: "bentoml",
    title: "BentoML",
    summary: "A Bento or model tag with a version (`iris_classifier:ejwnswg5kw6qnuqj`) is weak; \
              `:latest` or no version is mutable. Read with the BentoML hint (`classify_as`, \
              `skillgate ref --as bentoml`): without it `name:version` is an image tag.",
    claims: &[],
    guess: None,
    forced: Some(forced),
    version_slots: &["iris_classifier:{}"],
    forms: &[
        Form::doc("iris_classifier:ejwnswg5kw6qnuqj", Weak, "Bento tag with a generated version", CLI)
            .hinted()
            .id("bentoml:iris_classifier/ejwnswg5kw6qnuqj"),
        Form::doc("iris_classifier:latest", Mutable, "`latest`", STORES).hinted(),
        Form::doc("iris_classifier", Mutable, "no version", STORES).hinted(),
    ],
    notes: &[
        "**BentoML.** A Bento version is generated at build time (or set with `--version`) and \
         names one build in a Bento store, but it is a label, not a digest of the content: a \
         store can hold a re-imported Bento under the same tag. Pin the container image digest \
         (`bentoml containerize`) for an immutable reference.",
    ],
};

/// `[bento:]name[:version]`.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    let t = strip_prefix_ci(s, "bentoml:")
        .or_else(|| strip_prefix_ci(s, "bento:"))
        .unwrap_or(s)
        .trim();
    let valid = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    };
    let (name, version) = match t.split_once(':') {
        Some((n, v)) => (n, Some(v)),
        None => (t, None),
    };
    if !valid(name) {
        return None;
    }
    Some(match version {
        None | Some("") => Classification::mutable(
            E,
            format!("Bento {} without a version resolves to `latest`", q(name)),
        )
        .locator(),
        Some(v) if v.eq_ignore_ascii_case("latest") => Classification::mutable(
            E,
            format!("{} resolves to the newest build", q(&format!("{name}:latest"))),
        ),
        Some(v) if valid(v) => Classification::weak(
            E,
            format!(
                "Bento version {} names one build, but it is a label, not a content digest",
                q(v)
            ),
            Some(Identity::version("bentoml", name, v)),
        ),
        Some(v) => Classification::mutable(E, format!("malformed Bento version {}", q(v))),
    })
}
