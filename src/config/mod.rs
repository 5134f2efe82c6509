//! Configuration, in one module: the settings that shape a run (profile, limits, thresholds)
//! with their defaults here, and `skillgate.toml` (how it is found, read and checked) in
//! [`file`], which fills them in.

pub mod file;

use crate::finding::Severity;
use crate::source::DEFAULT_MAX_FILE_SIZE;

/// Which frontmatter schema skills follow.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    clap::ValueEnum,
    serde::Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// The 13 keys the securityskills repository's CI requires.
    #[default]
    Securityskills,
    /// The Agent Skills specification's allow-list.
    Agentskills,
    /// The Agent Skills specification plus the fields and forms Claude Code documents.
    ClaudeCode,
}

impl Profile {
    /// The name used on the command line and in `skillgate.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Securityskills => "securityskills",
            Profile::Agentskills => "agentskills",
            Profile::ClaudeCode => "claude-code",
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the profile of a run came from, for the summary and report headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProfileSource {
    /// `--profile` on the command line.
    CommandLine,
    /// `profile =` in this `skillgate.toml`.
    ConfigFile(std::path::PathBuf),
    /// Detected from a file or folder of the repository (`.claude-plugin/`, `index.yaml`, ...).
    Detected(std::path::PathBuf),
    /// Nothing in the repository names a profile: the Agent Skills specification applies.
    #[default]
    Default,
}

/// The 13 frontmatter keys the securityskills profile requires.
pub const SECURITYSKILLS_KEYS: [&str; 13] = [
    "name",
    "description",
    "version",
    "author",
    "license",
    "injection-hardened",
    "allowed-tools",
    "tags",
    "role",
    "phase",
    "frameworks",
    "difficulty",
    "time_estimate",
];

/// The keys the Agent Skills specification allows (name and description required).
pub const AGENTSKILLS_KEYS: [&str; 6] = [
    "name",
    "description",
    "license",
    "allowed-tools",
    "metadata",
    "compatibility",
];

/// The frontmatter keys Claude Code documents for skills besides the specification's
/// (<https://code.claude.com/docs/en/skills>, *Frontmatter reference*).
pub const CLAUDE_CODE_KEYS: [&str; 13] = [
    "when_to_use",
    "argument-hint",
    "arguments",
    "disable-model-invocation",
    "user-invocable",
    "disallowed-tools",
    "model",
    "effort",
    "context",
    "agent",
    "hooks",
    "paths",
    "shell",
];

/// Sections the securityskills profile requires, matched by heading text.
pub const SECURITYSKILLS_SECTIONS: [&str; 6] = [
    "Prompt Injection Safety Notice",
    "When to Use",
    "Process",
    "Findings Classification",
    "Output Format",
    "References",
];

/// Settings for `lint`.
#[derive(Debug, Clone)]
pub struct LintConfig {
    /// Frontmatter schema.
    pub profile: Profile,
    /// Where [`LintConfig::profile`] came from.
    pub profile_source: ProfileSource,
    /// The repository's skill template, when required sections come from it.
    pub template: Option<std::path::PathBuf>,
    /// Required section titles (defaults from the profile).
    pub required_sections: Vec<String>,
    /// Largest file read.
    pub max_file_size: u64,
    /// What a skill that promises a model promotion gate must contain.
    pub promotion: PromotionConfig,
}

impl LintConfig {
    /// Defaults for a profile.
    pub fn for_profile(profile: Profile) -> Self {
        let required_sections = match profile {
            Profile::Securityskills => SECURITYSKILLS_SECTIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            Profile::Agentskills | Profile::ClaudeCode => Vec::new(),
        };
        LintConfig {
            profile,
            profile_source: ProfileSource::Default,
            template: None,
            required_sections,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            promotion: PromotionConfig::default(),
        }
    }
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig::for_profile(Profile::default())
    }
}

/// The promise a model-promotion skill makes: its checklist section, the evidence items in it,
/// the Output Format fields and the fixtures behind its gates (`[promotion]` in `skillgate.toml`, keys in
/// kebab-case: `require-tags`, `min-benign`, ...; a key left out keeps its default).
///
/// A skill *requires a promotion gate* when it has a `gates.yaml` (and `require_when_gates`) or
/// carries one of `require_tags`. The rules `promotion-checklist`, `output-fields`, `gate-parity`
/// and `fixture-coverage` read these settings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PromotionConfig {
    /// A skill with a `gates.yaml` must have the section (default true).
    pub require_when_gates: bool,
    /// A skill tagged with one of these (case-insensitive) must have the section.
    pub require_tags: Vec<String>,
    /// Heading of the checklist section (matched like other section titles).
    pub section: String,
    /// Evidence items the section's `- [ ]` items must cover.
    pub required_items: Vec<RequiredItem>,
    /// Fields the `Output Format` section must name.
    pub output_fields: Vec<String>,
    /// Fewest benign fixture files a skill with gates ships.
    pub min_benign: usize,
    /// Fewest vulnerable fixture files a skill with gates ships.
    pub min_vulnerable: usize,
}

/// One evidence item the promotion checklist must cover.
///
/// Each entry of `keywords` is one alternative: keywords joined by `+`
/// (`"model card + version"`), all of which must appear, ignoring case, in the text of one
/// checklist item. The item is covered when any alternative matches any item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiredItem {
    /// Short, stable name shown in findings (`model-card-version`).
    pub id: String,
    /// Alternatives, each `kw + kw + ...`.
    pub keywords: Vec<String>,
}

impl RequiredItem {
    /// An item from its id and alternatives.
    pub fn new(id: &str, keywords: &[&str]) -> Self {
        RequiredItem {
            id: id.to_string(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        }
    }

    /// Does `text` (a checklist item) satisfy one of the alternatives?
    pub fn matches(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.keywords.iter().any(|alt| {
            let mut words = alt
                .split('+')
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .peekable();
            words.peek().is_some() && words.all(|w| text.contains(&w))
        })
    }
}

/// Default `require_tags`. NOTE: not the broad `supply-chain` tag: dependency-scanning, SBOM and
/// CI pipeline skills carry it too and promise no model promotion gate.
pub const DEFAULT_PROMOTION_TAGS: [&str; 2] = ["model-promotion", "model-provenance"];

/// Default Output Format fields of a model-promotion review (SPEC, *Output fields*).
pub const DEFAULT_OUTPUT_FIELDS: [&str; 5] = [
    "Promotion Status",
    "Mutable References",
    "Rollback Verification",
    "Environment Artifact Identity",
    "Evidence Chain",
];

/// The evidence items of the reference skill's *Model Promotion Gate*.
pub fn default_required_items() -> Vec<RequiredItem> {
    vec![
        RequiredItem::new(
            "artifact-identity",
            &["content digest", "immutable + revision"],
        ),
        RequiredItem::new(
            "evaluation-binding",
            &[
                "evaluation + run id + identity",
                "evaluation + bound + artifact",
            ],
        ),
        RequiredItem::new("model-card-version", &["model card + version"]),
        RequiredItem::new(
            "approval-identity",
            &["approval record + identity", "approval id + identity"],
        ),
        RequiredItem::new(
            "deploy-manifest",
            &["deploy manifest", "deployment manifest"],
        ),
        RequiredItem::new(
            "rollback-integrity",
            &[
                "rollback + checksum",
                "rollback + signature",
                "rollback + attestation",
            ],
        ),
        RequiredItem::new("rollback-evaluation", &["rollback + evaluation status"]),
        RequiredItem::new(
            "rollback-security-tests",
            &["rollback + backdoor", "rollback + vulnerability"],
        ),
        RequiredItem::new("adapter-base-pair", &["adapter + base"]),
        RequiredItem::new(
            "hosted-provider-version",
            &["provider + version", "provider + snapshot"],
        ),
        RequiredItem::new("environment-identity", &["canary + shadow + identity"]),
    ]
}

impl Default for PromotionConfig {
    fn default() -> Self {
        PromotionConfig {
            require_when_gates: true,
            require_tags: DEFAULT_PROMOTION_TAGS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            section: "Model Promotion Gate".to_string(),
            required_items: default_required_items(),
            output_fields: DEFAULT_OUTPUT_FIELDS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            min_benign: 3,
            min_vulnerable: 3,
        }
    }
}

/// The lowest severity that makes a run fail (exit 1).
pub const DEFAULT_FAIL_ON: Severity = Severity::Low;
