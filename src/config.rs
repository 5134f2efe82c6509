//! Settings that shape a run (profile, limits, thresholds). `skillgate.toml` fills them in.

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
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The 13 keys the securityskills repository's CI requires.
    #[default]
    Securityskills,
    /// The Agent Skills specification's allow-list.
    Agentskills,
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
    /// Required section titles (defaults from the profile).
    pub required_sections: Vec<String>,
    /// Largest file read.
    pub max_file_size: u64,
}

impl LintConfig {
    /// Defaults for a profile.
    pub fn for_profile(profile: Profile) -> Self {
        let required_sections = match profile {
            Profile::Securityskills => SECURITYSKILLS_SECTIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            Profile::Agentskills => Vec::new(),
        };
        LintConfig {
            profile,
            required_sections,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig::for_profile(Profile::default())
    }
}

/// The lowest severity that makes a run fail (exit 1).
pub const DEFAULT_FAIL_ON: Severity = Severity::Low;
