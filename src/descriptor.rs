//! One descriptor for every rule and gate: its id, kind, default severity and texts. A lint
//! rule's [`crate::rules::RuleMeta`] and a gate of a gate file each give one, and every place
//! that describes a rule or gate renders from it: `skillgate rules`, `skillgate explain`,
//! `docs/rules.md` and SARIF `rules[]`.

use crate::finding::Severity;

/// A lint rule or a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A lint rule over skill folders (`src/rules/`).
    Lint,
    /// A gate of a skill's `gates.yaml`, over release records.
    Gate,
}

impl Kind {
    /// `lint` or `gate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lint => "lint",
            Kind::Gate => "gate",
        }
    }
}

/// What is said about a rule or gate, wherever it is shown.
#[derive(Debug, Clone)]
pub struct Descriptor {
    /// Stable, user-facing id (`hardcoded-secret`, `PG001`).
    pub id: String,
    /// Lint rule or gate.
    pub kind: Kind,
    /// Severity before configuration overrides.
    pub severity: Severity,
    /// One line: a rule's summary, a gate's title.
    pub summary: String,
    /// A rule's Markdown documentation (*What it does*, *Why is this bad?*, *Example*, *How to
    /// fix*); a gate's help (how to fix).
    pub docs: String,
    /// SARIF `precision` (`very-high`, `high`, `medium`, `low`).
    pub precision: String,
    /// A rule's tags (a gate's are derived from its category and skill where shown).
    pub tags: Vec<String>,
    /// The skill (folder name) that declares a gate; `None` for lint rules.
    pub skill: Option<String>,
    /// A gate's report category.
    pub category: String,
    /// The checklist item a gate enforces.
    pub checklist: String,
    /// The Output Format field a gate fills.
    pub output_field: String,
}
