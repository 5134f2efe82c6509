//! Command-line definitions (clap derive) and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Profile;
use crate::finding::Severity;

/// Lint, test and enforce AI review skills and their model promotion evidence gates.
#[derive(Debug, Parser)]
#[command(name = "skillgate", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint skill folders: frontmatter, sections, promotion-gate checklist, index, injection phrases, links.
    Lint(LintArgs),
    /// Evaluate release records against a skill's gates and give a promotion verdict.
    Check(CheckArgs),
    /// Run each skill's gates against its benign and vulnerable fixtures.
    Test(TestArgs),
    /// Classify artifact references as immutable, weak or mutable.
    #[command(name = "ref")]
    Ref(RefArgs),
    /// List every lint rule and gate.
    Rules(RulesArgs),
    /// Show the documentation of a rule or gate (`explain gates`: the gate language).
    Explain(ExplainArgs),
    /// Scaffold a new skill folder: SKILL.md, gates.yaml and a benign and a vulnerable fixture.
    Init(InitArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff) on standard output.
    #[command(hide = true)]
    Man,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics for a terminal.
    Human,
    /// A versioned JSON document.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// A Markdown review report.
    Markdown,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// When to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options every reporting command shares.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format on standard output (or of `-o FILE`).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write output to a file: `FILE` (in --format) or `FORMAT=FILE`; repeat for several.
    #[arg(short = 'o', long = "output", value_name = "[FORMAT=]FILE")]
    pub outputs: Vec<String>,
    /// Colour terminal output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Configuration file (default: skillgate.toml at the repository root of the first path).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Tera template for the Markdown report (default: the skill's templates/report.md.tera,
    /// else the built-in one).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Largest file to read, in bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Only print findings and errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Ignore inline suppression comments.
    #[arg(long)]
    pub no_inline_config: bool,
    /// Print what was read and how long it took on standard error.
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
}

/// `skillgate lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Repository roots, skills folders, skill folders or SKILL.md files.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Frontmatter schema profile.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in a baseline file (each with a `reason` to fill in) and exit.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Apply the safe fixes (index entries, `name`, tool lists, nested fences), then lint again.
    #[arg(long, conflicts_with = "write_baseline")]
    pub fix: bool,
    /// Print the safe fixes as a unified diff and change nothing (exit 1 when there are any).
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,
    /// Output options.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `skillgate check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The skill folder whose gates.yaml judges the records.
    #[arg(long, value_name = "DIR")]
    pub skill: PathBuf,
    /// Release records (YAML, multi-document YAML or JSON).
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// Promotion status that makes the run fail (exit 1): `fail`, or `partial` to fail on both.
    #[arg(long, value_enum, default_value_t = StatusThreshold::Fail)]
    pub fail_on: StatusThreshold,
    /// Exit 0 for a record from which no stage could be read (`not-analysed`); by default such a
    /// record fails the run, because nothing in it was judged.
    #[arg(long)]
    pub allow_not_analysed: bool,
    /// Judge all the files given as ONE release (a record, a deploy manifest, an evaluation
    /// report, an attestation bundle written side by side), instead of one verdict per file.
    #[arg(long)]
    pub release: bool,
    /// Output options.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Which promotion status fails `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusThreshold {
    /// Exit 1 on `fail` only.
    Fail,
    /// Exit 1 on `partial` or `fail`.
    Partial,
}

/// `skillgate test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Repository roots, skills folders or skill folders (or, with --skill, fixture files/folders).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Run this skill's gates against the fixtures at PATH..., wherever they are.
    #[arg(long, value_name = "DIR")]
    pub skill: Option<PathBuf>,
    /// Write the actual results as each fixture's expectation.
    #[arg(long)]
    pub accept: bool,
    /// Output options.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `skillgate ref`.
#[derive(Debug, Args)]
pub struct RefArgs {
    /// References to classify; one per line on standard input when none is given.
    pub refs: Vec<String>,
    /// Read every reference as this ecosystem's (`hugging-face`, `purl`, `bentoml` …; see `--list`).
    #[arg(long = "as", value_name = "ECOSYSTEM")]
    pub as_ecosystem: Option<String>,
    /// List every ecosystem: what it reads and its documented forms.
    #[arg(long, conflicts_with = "refs")]
    pub list: bool,
    /// `human` or `json`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `skillgate rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// `human` or `json`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Skill folders (or gates.yaml files) whose gates to list; repeat for several. Default: every
    /// gates.yaml beside a SKILL.md under the current directory, and the bundled reference skill.
    #[arg(long, value_name = "DIR")]
    pub skill: Vec<PathBuf>,
}

/// `skillgate explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id (`frontmatter-schema`), a gate id (`PG001`), or `gates` for the gate language.
    pub id: String,
    /// Skill folders (or gates.yaml files) whose gates to search; repeat for several. Default:
    /// every gates.yaml beside a SKILL.md under the current directory, and the bundled reference
    /// skill.
    #[arg(long, value_name = "DIR")]
    pub skill: Vec<PathBuf>,
}

/// `skillgate init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The new skill folder (its name becomes the skill's `name`).
    pub dir: PathBuf,
    /// Frontmatter schema of the new SKILL.md (default: the one the repository implies, as for
    /// `lint`). Missing parent folders are created.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
}

/// `skillgate completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
