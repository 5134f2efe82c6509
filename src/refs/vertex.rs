//! Google Vertex AI: registry models `projects/p/locations/l/models/m@3`, publisher models
//! `publishers/google/models/gemini-1.5-pro-002`, bare Gemini/PaLM/Claude-on-Vertex ids.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Form, Guess, Spec};
use super::scan::{has_leading_zero, is_digits, is_hex, q, strip_prefix_ci, strip_zeros};
use super::{Classification, Ecosystem, Identity};

const VX: Ecosystem = Ecosystem::VertexAi;
const VERSIONING: &str = "https://cloud.google.com/vertex-ai/docs/model-registry/versioning";
const MODEL_VERSIONS: &str = "https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions";
const ENDPOINTS: &str = "https://cloud.google.com/vertex-ai/docs/general/deployment";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: VX,
    id: "vertex-ai",
    title: "Google Vertex AI",
    summary: "A registry model version (`models/m@3`, `models/m/versions/3`) is immutable; a \
              publisher model with a version suffix is provider-pinned (weak); an alias, no \
              version or an endpoint is mutable.",
    claims: &[],
    guess: Some(Guess {
        rank: 60,
        when: |sh, s| sh.bare() || s.starts_with("projects/") || s.starts_with("publishers/"),
        detect,
    }),
    forced: Some(forced),
    version_slots: &["projects/p/locations/us-central1/models/fraud@{}", "projects/p/locations/us-central1/models/fraud/versions/{}"],
    forms: &[
        Form::doc("projects/p/locations/us-central1/models/fraud@3", Immutable, "registry version", VERSIONING)
            .id("vertex:projects/p/locations/us-central1/models/fraud/3"),
        Form::decided(
            "projects/p/locations/us-central1/models/fraud/versions/3",
            Immutable,
            "registry version, path form",
            "read as the same version id as `@3` (some tools print versions as a path segment)",
        )
        .id("vertex:projects/p/locations/us-central1/models/fraud/3"),
        Form::doc("projects/p/locations/us-central1/models/fraud@default", Mutable, "version alias", VERSIONING),
        Form::doc("projects/p/locations/us-central1/models/fraud", Mutable, "no version (default version)", VERSIONING),
        Form::decided(
            "projects/p/locations/us-central1/models/fraud@03",
            Weak,
            "version with a leading zero",
            "read as version 3, but not the id Vertex returns: weak, normalised identity",
        ),
        Form::doc("projects/p/locations/us-central1/endpoints/123", Mutable, "endpoint", ENDPOINTS),
        Form::doc("publishers/google/models/gemini-1.5-pro-002", Weak, "publisher model version (provider-pinned)", MODEL_VERSIONS),
        Form::doc("gemini-2.0-flash-001", Weak, "versioned id (provider-pinned)", MODEL_VERSIONS),
        Form::doc("gemini-1.5-pro", Mutable, "id without version", MODEL_VERSIONS),
        Form::doc("claude-3-5-sonnet@20240620", Weak, "Claude on Vertex (provider-pinned)", MODEL_VERSIONS),
    ],
    notes: &[
        "**Vertex AI.** Claude on Vertex is recognised only in Vertex's `name@YYYYMMDD` \
         spelling; a bare `claude-...` id belongs to Anthropic. Registry version ids are \
         decimal and start at 1: `@0` is mutable, a leading zero weak (normalised identity).",
    ],
};

/// Families served as Vertex publisher models.
const FAMILIES: &[&str] = &[
    "gemini-",
    "text-bison",
    "chat-bison",
    "code-bison",
    "codechat-bison",
    "text-unicorn",
    "textembedding-gecko",
    "text-embedding-00",
    "text-multilingual-embedding-",
    "multimodalembedding",
    "imagen-",
    "imagegeneration",
    "gemma-",
    "claude-",
];

/// True if a publisher model id is pinned: `-001`, `@002`, `@20240620`, or a dated preview `-05-06`.
fn is_pinned(id: &str) -> bool {
    if let Some((_, v)) = id.rsplit_once('@') {
        return is_digits(v);
    }
    let segs: Vec<&str> = id.split('-').collect();
    let n = segs.len();
    let last = segs.last().copied().unwrap_or("");
    if last.len() == 3 && is_digits(last) {
        return true;
    }
    // `gemini-1.5-pro-preview-0409`: a dated preview snapshot.
    if last.len() == 4 && is_digits(last) && n >= 2 && segs[n - 2].eq_ignore_ascii_case("preview") {
        return true;
    }
    n >= 3
        && last.len() == 2
        && is_digits(last)
        && segs
            .get(n - 2)
            .is_some_and(|m| m.len() == 2 && is_digits(m))
}

/// Verdict on a publisher model id (`gemini-1.5-pro-002`, `claude-3-5-sonnet@20240620`).
fn classify_publisher_model(id: &str) -> Classification {
    if is_pinned(id) {
        return Classification::pinned(
            VX,
            format!(
                "{} is a provider-pinned model version; weights are not inspectable",
                q(id)
            ),
            Identity::provider("vertex", id),
        );
    }
    let c = Classification::mutable(
        VX,
        format!(
            "{} without a version suffix is an alias Google moves to new versions",
            q(id)
        ),
    );
    if id.ends_with("-latest") { c } else { c.locator() }
}

/// `projects/p/locations/l/models/m[@v]`, `.../endpoints/e`, `[...]publishers/x/models/id`.
fn classify_path(s: &str) -> Option<Classification> {
    if let Some(i) = s.find("publishers/") {
        let rest = s.get(i + "publishers/".len()..)?;
        let id = rest.split_once("/models/")?.1;
        return Some(classify_publisher_model(id));
    }
    if s.contains("/endpoints/") {
        return Some(Classification::mutable(
            VX,
            "a Vertex AI endpoint can be redeployed with a different model",
        ));
    }
    let (_, model) = s.split_once("/models/")?;
    let base_len = s.len() - model.len();
    let split = model
        .split_once('@')
        .or_else(|| model.split_once("/versions/"));
    match split {
        Some((m, v)) => {
            let name = s.get(..base_len + m.len()).unwrap_or(s);
            Some(registry_version(name, v))
        }
        None => Some(
            Classification::mutable(
                VX,
                "Vertex AI model without `@version` resolves to the default version",
            )
            .locator(),
        ),
    }
}

/// Verdict on registry model `name` at version id or alias `v`.
fn registry_version(name: &str, v: &str) -> Classification {
    if is_digits(v) && strip_zeros(v) == "0" {
        return Classification::mutable(VX, "Vertex AI version ids start at 1: version 0 names nothing");
    }
    if has_leading_zero(v) {
        let n = strip_zeros(v);
        return Classification::weak(
            VX,
            format!("non-canonical Vertex AI version id {}: read as {n}", q(v)),
            Some(Identity::version("vertex", name, n)),
        );
    }
    if is_digits(v) {
        return Classification::immutable(
            VX,
            format!("Vertex AI model registry version {v} is fixed"),
            Identity::version("vertex", name, v),
        );
    }
    Classification::mutable(
        VX,
        format!("Vertex AI model alias {} can be moved", q(&format!("@{v}"))),
    )
}

/// Vertex resource paths and bare publisher model ids.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    if s.starts_with("projects/") || s.starts_with("publishers/") {
        return classify_path(s);
    }
    let valid = s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'@'));
    let family = FAMILIES.iter().any(|f| strip_prefix_ci(s, f).is_some());
    // `claude-...` without `@` is ambiguous (Anthropic API); only Vertex's `@date` form is Vertex.
    if !valid || !family || (s.starts_with("claude-") && !s.contains('@')) {
        return None;
    }
    Some(classify_publisher_model(s))
}

/// Forced reading: any id is read as a Vertex model id or resource path.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if s.contains('/') {
        return classify_path(s);
    }
    if s.contains(char::is_whitespace) || is_hex(s) {
        return None;
    }
    Some(classify_publisher_model(s))
}
