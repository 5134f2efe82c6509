//! OpenAI model ids: dated snapshots (`gpt-4o-2024-08-06`, `gpt-4-0613`) vs moving aliases (`gpt-4o`).

use super::Class::{Mutable, Weak};
use super::registry::{Form, Guess, Spec};
use super::scan::{is_digits, q, strip_prefix_ci};
use super::{Classification, Ecosystem, Identity};

const OA: Ecosystem = Ecosystem::OpenAi;
const MODELS: &str = "https://platform.openai.com/docs/models";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: OA,
    id: "open-ai",
    title: "OpenAI API",
    summary: "A dated snapshot (`gpt-4o-2024-08-06`) or fine-tune id is provider-pinned (weak); \
              an alias (`gpt-4o`, `chatgpt-4o-latest`) is mutable.",
    claims: &[],
    guess: Some(Guess {
        rank: 70,
        when: |sh, s| sh.bare() || s.starts_with("openai"),
        detect,
    }),
    forced: Some(forced),
    version_slots: &[],
    forms: &[
        Form::doc("gpt-4o-2024-08-06", Weak, "dated snapshot (provider-pinned)", MODELS).id("openai:gpt-4o-2024-08-06"),
        Form::doc("gpt-4-0613", Weak, "MMDD snapshot (provider-pinned)", MODELS),
        Form::doc("gpt-4o", Mutable, "alias", MODELS),
        Form::doc("chatgpt-4o-latest", Mutable, "`-latest` alias", MODELS),
        Form::doc("o1", Mutable, "alias", MODELS),
        Form::decided("gpt-4o", Mutable, "alias read under the OpenAI hint", "with a hint, any id without a snapshot date is an alias").hinted(),
    ],
    notes: &[
        "**Hosted models.** Provider model ids can not be hashed: a dated snapshot is the \
         provider's promise and is weak with `provider_pinned` set, so a gate can accept it for \
         an API-only model. An alias is mutable and a *locator*: a separate version field can \
         complete it.",
    ],
};

/// Prefixes of OpenAI model families.
const FAMILIES: &[&str] = &[
    "gpt-",
    "chatgpt-",
    "text-embedding-",
    "text-davinci-",
    "davinci-",
    "babbage-",
    "whisper-",
    "tts-",
    "dall-e-",
    "omni-moderation-",
    "text-moderation-",
    "computer-use-",
    "codex-",
    "ft:",
];

/// True for ids that look like OpenAI models (`o1`, `o3-mini`, `gpt-...`).
pub(crate) fn is_family(id: &str) -> bool {
    if FAMILIES.iter().any(|f| strip_prefix_ci(id, f).is_some()) {
        return true;
    }
    let b = id.as_bytes();
    b.len() >= 2
        && (b[0] == b'o' || b[0] == b'O')
        && b[1].is_ascii_digit()
        && (b.len() == 2 || b[2] == b'-')
}

/// True if `id` carries a snapshot: `-YYYY-MM-DD`, an `MMDD` segment (`0613`), a `00N`
/// segment (`davinci-002`), or is a fine-tune (`ft:`).
pub(crate) fn is_snapshot(id: &str) -> bool {
    if id.starts_with("ft:") {
        return true;
    }
    let base = id.split(':').next().unwrap_or(id);
    let segs: Vec<&str> = base.split('-').collect();
    for (i, s) in segs.iter().enumerate() {
        let next2 = (segs.get(i + 1), segs.get(i + 2));
        if s.len() == 4 && s.starts_with("20") && is_digits(s) {
            if let (Some(m), Some(d)) = next2 {
                if m.len() == 2 && d.len() == 2 && is_digits(m) && is_digits(d) {
                    return true;
                }
            }
        }
        if s.len() == 4 && is_digits(s) && i > 0 {
            let (m, d) = (s.get(..2).unwrap_or(""), s.get(2..).unwrap_or(""));
            let (m, d) = (m.parse::<u8>().unwrap_or(0), d.parse::<u8>().unwrap_or(0));
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return true;
            }
        }
        if s.len() == 3 && s.starts_with("00") && is_digits(s) {
            return true;
        }
    }
    false
}

/// Verdict on an OpenAI model id.
pub(crate) fn classify_id(id: &str) -> Classification {
    if is_snapshot(id) {
        let what = if id.starts_with("ft:") {
            "a provider-pinned fine-tune"
        } else {
            "a provider-pinned snapshot"
        };
        return Classification::pinned(
            OA,
            format!("{} is {what}; weights are not inspectable", q(id)),
            Identity::provider("openai", id),
        );
    }
    let c = Classification::mutable(
        OA,
        format!("{} is an alias the provider moves to new snapshots", q(id)),
    );
    if id.ends_with("-latest") { c } else { c.locator() }
}

/// Strip `openai/` or `openai:` routing prefixes.
fn strip_route(s: &str) -> &str {
    strip_prefix_ci(s, "openai/")
        .or_else(|| strip_prefix_ci(s, "openai:"))
        .unwrap_or(s)
}

/// Ids in a known OpenAI family.
pub(crate) fn detect(s: &str) -> Option<Classification> {
    let id = strip_route(s);
    let valid = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'));
    (valid && is_family(id)).then(|| classify_id(id))
}

/// Forced reading: any id is read as an OpenAI model id.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    let id = strip_route(s);
    (!id.contains(char::is_whitespace)).then(|| classify_id(id))
}
