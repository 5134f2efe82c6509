//! The `Finding` every lint rule and gate produces, with its severity and location.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::Serialize;

use crate::source::{Position, SourceFile, Span};

/// How bad a finding is. Ordered: `Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advisory: never changes a promotion status.
    Low,
    /// Makes a promotion `partial`.
    Medium,
    /// Makes a promotion `fail`.
    High,
    /// Makes a promotion `fail`.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// GitHub code scanning's `security-severity` score for this level.
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Low => "2.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" | "info" | "informational" | "note" | "advisory" => Ok(Severity::Low),
            "medium" | "moderate" | "warning" => Ok(Severity::Medium),
            "high" | "error" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected low, medium, high or critical)"
            )),
        }
    }
}

/// A place in a file: the file and the byte span of the exact value.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file (shared, read once).
    pub file: Arc<SourceFile>,
    /// The bytes the location covers.
    pub span: Span,
}

impl Location {
    /// A location in `file` at `span`.
    pub fn new(file: Arc<SourceFile>, span: Span) -> Self {
        Location { file, span }
    }

    /// The start of a file: for problems that concern the whole file.
    pub fn file_start(file: Arc<SourceFile>) -> Self {
        Location {
            file,
            span: Span::point(0),
        }
    }

    /// 1-based line/column range.
    pub fn position(&self) -> Position {
        self.file.position(self.span)
    }

    /// The path as shown to users.
    pub fn path_display(&self) -> String {
        self.file.path.display().to_string()
    }
}

/// A secondary location with a note (the other side of a broken binding, say).
#[derive(Debug, Clone)]
pub struct Label {
    /// Where.
    pub location: Location,
    /// What is there.
    pub message: String,
}

/// One problem found by a rule or a gate.
///
/// Build it with [`Finding::new`], which requires the primary location.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Rule or gate id (`frontmatter`, `PG001`, ...).
    pub id: String,
    /// Severity after configuration overrides.
    pub severity: Severity,
    /// One sentence: what is wrong, naming the value.
    pub message: String,
    /// The exact value that failed.
    pub location: Location,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places that explain the finding.
    pub labels: Vec<Label>,
    /// The skill whose rule or gate judged this (its folder), if any.
    pub skill: Option<String>,
    /// Free-form category shown in reports (for gates: the checklist area).
    pub category: Option<String>,
    /// The finding reports evidence the release lacks (no evaluation, no rollback section)
    /// rather than a wrong value; reports list these apart, and they count like any other.
    pub missing_evidence: bool,
    /// A safe fix (`skillgate lint --fix`), when the rule knows one.
    pub fix: Option<Fix>,
}

impl Finding {
    /// A finding with its required primary location.
    pub fn new(
        id: impl Into<String>,
        severity: Severity,
        message: impl Into<String>,
        location: Location,
    ) -> Self {
        Finding {
            id: id.into(),
            severity,
            message: message.into(),
            location,
            help: None,
            labels: Vec::new(),
            skill: None,
            category: None,
            missing_evidence: false,
            fix: None,
        }
    }

    /// Attaches a safe fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary location.
    pub fn with_label(mut self, location: Location, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    /// Sorting key: path, then position, then id.
    pub fn sort_key(&self) -> (String, usize, String) {
        (
            self.location.path_display(),
            self.location.span.start,
            self.id.clone(),
        )
    }
}

/// Sorts findings into a stable, reading order.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_cached_key(Finding::sort_key);
}

/// Most findings of one rule reported for one file; the rest become one summary finding.
pub const MAX_PER_RULE_AND_FILE: usize = 1000;

/// Keeps the first [`MAX_PER_RULE_AND_FILE`] findings of each rule in each file (in reading
/// order) and replaces the rest by one finding at the first left out that says how many were
/// left out, so a file of a million broken links cannot turn into a million diagnostics (and
/// gigabytes of output and memory). Summaries already made (by [`Cap`]) are merged, not
/// counted as findings.
pub fn cap_per_rule_and_file(findings: Vec<Finding>) -> Vec<Finding> {
    use std::collections::HashMap;
    let mut count: HashMap<(String, std::path::PathBuf), usize> = HashMap::new();
    let mut over: HashMap<(String, std::path::PathBuf), (Finding, usize)> = HashMap::new();
    let mut order = Vec::new();
    let mut kept = Vec::with_capacity(findings.len().min(4 * MAX_PER_RULE_AND_FILE));
    for f in findings {
        let key = (f.id.clone(), f.location.file.path.clone());
        let summarised = summary_count(&f);
        if summarised.is_none() {
            let n = count.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n <= MAX_PER_RULE_AND_FILE {
                kept.push(f);
                continue;
            }
        }
        let left = summarised.unwrap_or(1);
        match over.get_mut(&key) {
            Some((first, n)) => {
                *n += left;
                first.severity = first.severity.max(f.severity);
                if f.location.span.start < first.location.span.start {
                    first.location = f.location.clone();
                }
            }
            None => {
                order.push(key.clone());
                over.insert(key, (f, left));
            }
        }
    }
    for key in order {
        if let Some((first, left)) = over.remove(&key) {
            kept.push(cap_summary(&first, left));
        }
    }
    sort(&mut kept);
    kept
}

const SUMMARY_TAIL: &str = " per rule and file)";

/// The finding that stands for `left` findings of `first`'s rule left out from `first` on.
pub fn cap_summary(first: &Finding, left: usize) -> Finding {
    let mut summary = Finding::new(
        first.id.clone(),
        first.severity,
        format!(
            "{left} more `{}` finding(s) in this file from here on are not shown (at most {MAX_PER_RULE_AND_FILE}{SUMMARY_TAIL}",
            first.id
        ),
        first.location.clone(),
    );
    summary.help = first.help.clone();
    summary
}

/// How many findings a [`cap_summary`] stands for (`None` for any other finding).
fn summary_count(f: &Finding) -> Option<usize> {
    let rest = f.message.strip_suffix(SUMMARY_TAIL)?;
    let (n, rest) = rest.split_once(" more `")?;
    let expected = format!(
        "{}` finding(s) in this file from here on are not shown (at most {MAX_PER_RULE_AND_FILE}",
        f.id
    );
    (rest == expected).then(|| n.parse().ok()).flatten()
}

/// Collects one rule's findings for one file up to [`MAX_PER_RULE_AND_FILE`], then only counts
/// (building just the first finding left out, for the summary's position): a rule that can fire
/// once per few bytes of input uses it, so a hostile file never holds a million findings in
/// memory.
pub struct Cap<'a> {
    out: &'a mut Vec<Finding>,
    kept: usize,
    first_left: Option<Finding>,
    left: usize,
}

impl<'a> Cap<'a> {
    /// Collects into `out`.
    pub fn new(out: &'a mut Vec<Finding>) -> Self {
        Cap {
            out,
            kept: 0,
            first_left: None,
            left: 0,
        }
    }

    /// Adds the finding `make` builds, or (over the cap) counts it, building it only if it is
    /// the first left out.
    pub fn add(&mut self, make: impl FnOnce() -> Finding) {
        if self.kept < MAX_PER_RULE_AND_FILE {
            self.out.push(make());
            self.kept += 1;
        } else {
            if self.first_left.is_none() {
                self.first_left = Some(make());
            }
            self.left += 1;
        }
    }
}

impl Drop for Cap<'_> {
    fn drop(&mut self) {
        if let Some(first) = self.first_left.take() {
            self.out.push(cap_summary(&first, self.left));
        }
    }
}

/// Stable fingerprints, one per finding (same order), keyed on the displayed path (see
/// [`fingerprint`]); the SARIF writer uses the same hash with repository-relative URIs.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen: std::collections::HashMap<(String, String, String), usize> =
        std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let path = f.location.path_display().replace('\\', "/");
            let key = (
                f.id.clone(),
                path.trim_start_matches("./").to_string(),
                flagged_text(f),
            );
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            fingerprint(&key.0, &key.1, &key.2, *n)
        })
        .collect()
}

/// The stable fingerprint of a finding: FNV-1a (64-bit, fixed constants, so stable across
/// builds and platforms) over the rule id, the relative URI, the normalised flagged text and
/// the occurrence index among findings with the same three. The line number is left out on
/// purpose: an edit above the finding must not change it.
pub fn fingerprint(rule: &str, uri: &str, text: &str, occurrence: usize) -> String {
    let mut h = Fnv::new();
    for part in [rule, uri, text, &occurrence.to_string()] {
        h.write(part.as_bytes());
        h.write(&[0]);
    }
    format!("{:016x}", h.0)
}

/// The text a finding flags, normalised: the span's text, or its whole line when the span is
/// empty; whitespace runs collapse to one space.
pub fn flagged_text(f: &Finding) -> String {
    let file = &f.location.file;
    let mut text = file.slice(f.location.span);
    if text.trim().is_empty() {
        text = file.line_text(f.location.position().line);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, 64-bit.
pub(crate) struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A fix: one or more edits, applied together or not at all.
#[derive(Debug, Clone)]
pub struct Fix {
    /// What it does, for the summary (`add skills/x/SKILL.md to index.yaml`).
    pub title: String,
    /// The edits, in any order.
    pub edits: Vec<Edit>,
}

/// Replace the bytes of `span` in `file` with `text` (an empty span inserts).
#[derive(Debug, Clone)]
pub struct Edit {
    /// The file, as it was read.
    pub file: Arc<SourceFile>,
    /// What to replace.
    pub span: Span,
    /// The replacement.
    pub text: String,
}

impl Fix {
    /// A fix of one edit.
    pub fn one(
        title: impl Into<String>,
        file: Arc<SourceFile>,
        span: Span,
        text: impl Into<String>,
    ) -> Self {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                file,
                span,
                text: text.into(),
            }],
        }
    }
}
