//! Google Vertex AI: registry models `projects/p/locations/l/models/m@3`, publisher models
//! `publishers/google/models/gemini-1.5-pro-002`, bare Gemini/PaLM/Claude-on-Vertex ids.

use super::scan::{is_digits, is_hex, q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const VX: Ecosystem = Ecosystem::VertexAi;

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
    Classification::mutable(
        VX,
        format!(
            "{} without a version suffix is an alias Google moves to new versions",
            q(id)
        ),
    )
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
    match model.split_once('@') {
        Some((m, v)) => {
            let name = s.get(..base_len + m.len()).unwrap_or(s);
            if is_digits(v) {
                Some(Classification::immutable(
                    VX,
                    "Vertex AI model registry version ids are fixed",
                    Identity::version("vertex", name, v),
                ))
            } else {
                Some(Classification::mutable(
                    VX,
                    format!("Vertex AI model alias {} can be moved", q(&format!("@{v}"))),
                ))
            }
        }
        None => Some(Classification::mutable(
            VX,
            "Vertex AI model without `@version` resolves to the default version",
        )),
    }
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
