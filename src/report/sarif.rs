//! SARIF 2.1.0 for GitHub code scanning: `rules[]` with help from each rule's own docs,
//! repository-relative locations with full regions, `partialFingerprints` that survive
//! unrelated edits, notices as tool execution notifications, and GitHub's upload limits.
//!
//! The mapping is documented in `docs/reports.md`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;
use serde_sarif::sarif;

use super::{Notice, NoticeLevel};
use crate::finding::{Finding, Severity};
pub use crate::finding::{fingerprint, flagged_text};
use crate::gates::GateFile;
use crate::rules;
use crate::suppress::{Override, OverrideKind};

/// `informationUri` of the tool.
pub const INFORMATION_URI: &str = "https://github.com/skillgate/skillgate";

/// `$schema` of every SARIF file skillgate writes.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// GitHub code scanning accepts at most this many results per run.
pub const MAX_RESULTS: usize = 25_000;

/// GitHub rejects uploads over 10 MB gzipped. skillgate keeps the *uncompressed* document
/// under this size, which is always safe (JSON never grows when gzipped) at the cost of
/// dropping results earlier than strictly needed on huge runs.
pub const MAX_BYTES: usize = 10 * 1000 * 1000;

/// The key of skillgate's own fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "skillgate/v1";

/// Which command wrote the run; gives `automationDetails.id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `skillgate lint`.
    Lint,
    /// `skillgate check`.
    Check,
    /// `skillgate test`.
    Test,
}

impl Command {
    /// `skillgate/lint/`, `skillgate/check/` or `skillgate/test/`.
    pub fn automation_id(self) -> &'static str {
        match self {
            Command::Lint => "skillgate/lint/",
            Command::Check => "skillgate/check/",
            Command::Test => "skillgate/test/",
        }
    }
}

/// A rule or gate as SARIF describes it (`tool.driver.rules[]`).
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// Rule or gate id.
    pub id: String,
    /// One line.
    pub short: String,
    /// A paragraph.
    pub full: String,
    /// Help as plain text.
    pub help_text: String,
    /// Help as Markdown.
    pub help_markdown: String,
    /// Tags.
    pub tags: Vec<String>,
    /// `very-high`, `high`, `medium` or `low`.
    pub precision: String,
    /// Default severity.
    pub severity: Severity,
}

/// Every lint rule (all can fire in a lint run), from each rule's own docs.
pub fn lint_rules() -> Vec<RuleInfo> {
    rules::registry()
        .iter()
        .map(|r| {
            let m = r.meta();
            let full = doc_section(m.docs, "What it does").unwrap_or(m.summary);
            RuleInfo {
                id: m.id.to_string(),
                short: sentence(m.summary),
                full: full.trim().to_string(),
                help_text: m.docs.trim().to_string(),
                help_markdown: m.docs.trim().to_string(),
                tags: m.tags.iter().map(|t| t.to_string()).collect(),
                precision: m.precision.to_string(),
                severity: m.severity,
            }
        })
        .collect()
}

/// The rule id of a fixture whose expectation `skillgate test` did not meet.
pub const FIXTURE_RULE: &str = "fixture-expectation";

/// The descriptor of [`FIXTURE_RULE`].
pub fn fixture_rule() -> RuleInfo {
    let md = "## What it does\nReports a fixture whose expectation the skill's gates did not meet: \
              a vulnerable fixture the gates missed, or a fixture that got another promotion status \
              than it declares. (A benign fixture that fired is reported under the gate that fired.)\n\n\
              ## How to fix\nRun `skillgate test` for the expected-vs-actual diff, then fix the gate in \
              `gates.yaml` or, if the gate is right, the fixture's expectation (`skillgate test --accept`).";
    RuleInfo {
        id: FIXTURE_RULE.to_string(),
        short: "A fixture's expectation is not met by the skill's gates.".into(),
        full: "A vulnerable fixture was missed, or a fixture got another promotion status than it declares.".into(),
        help_text: md.replace("## ", ""),
        help_markdown: md.to_string(),
        tags: vec!["correctness".into(), "fixtures".into()],
        precision: "very-high".into(),
        severity: Severity::High,
    }
}

/// Every gate of a gate file: title, help and the checklist item it enforces.
pub fn gate_rules(gf: &GateFile) -> Vec<RuleInfo> {
    let skill = gf
        .skill_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    gf.gates
        .iter()
        .map(|g| {
            let mut full = g.title.trim().to_string();
            if !g.checklist.trim().is_empty() {
                full = format!("{full}. Enforces: {}", g.checklist.trim());
            }
            let mut text = format!("{}\n\n{}", g.title.trim(), g.help.trim());
            let mut md = format!("## {} {}\n\n{}\n", g.id, g.title.trim(), g.help.trim());
            if !g.checklist.trim().is_empty() {
                text.push_str(&format!("\n\nChecklist: {}", g.checklist.trim()));
                md.push_str(&format!("\n**Checklist item:** {}\n", g.checklist.trim()));
            }
            if !g.output_field.trim().is_empty() {
                text.push_str(&format!("\nReport field: {}", g.output_field.trim()));
                md.push_str(&format!("\n**Report field:** {}\n", g.output_field.trim()));
            }
            let mut tags = vec!["security".to_string(), "promotion-gate".to_string()];
            if !g.category.trim().is_empty() {
                tags.push(g.category.trim().to_ascii_lowercase().replace(' ', "-"));
            }
            if let Some(s) = &skill {
                tags.push(s.clone());
            }
            RuleInfo {
                id: g.id.clone(),
                short: nonempty(g.title.trim(), &g.id),
                full: nonempty(&full, &g.id),
                help_text: nonempty(text.trim(), &g.id),
                help_markdown: nonempty(md.trim(), &g.id),
                tags,
                precision: "high".to_string(),
                severity: g.severity,
            }
        })
        .collect()
}

/// Renders one SARIF log (one run) with URIs relative to the current directory.
pub fn render(
    command: Command,
    rules: &[RuleInfo],
    findings: &[Finding],
    notices: &[Notice],
) -> String {
    render_full(command, rules, findings, &[], notices, BTreeMap::new())
}

/// Same as [`render`], with `properties` in the run's property bag (`lint` puts the profile
/// and where it came from there).
pub fn render_with(
    command: Command,
    rules: &[RuleInfo],
    findings: &[Finding],
    notices: &[Notice],
    properties: BTreeMap<String, Value>,
) -> String {
    render_full(command, rules, findings, &[], notices, properties)
}

/// [`render`], with the findings that suppressions and configuration overrides changed: a
/// suppressed finding is a result with `suppressions` (kind `inSource` for a comment in the
/// file, `external` for the configuration, with the justification), a re-rated one carries
/// the override in its message and in the `skillgate/override` property.
pub fn render_with_overrides(
    command: Command,
    rules: &[RuleInfo],
    findings: &[Finding],
    overrides: &[Override],
    notices: &[Notice],
) -> String {
    render_full(command, rules, findings, overrides, notices, BTreeMap::new())
}

fn render_full(
    command: Command,
    rules: &[RuleInfo],
    findings: &[Finding],
    overrides: &[Override],
    notices: &[Notice],
    properties: BTreeMap<String, Value>,
) -> String {
    let base = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let mut log = build_with_overrides(&base, command, rules, findings, overrides, notices);
    if !properties.is_empty() {
        if let Some(run) = log.runs.first_mut() {
            run.properties = Some(
                sarif::PropertyBag::builder()
                    .additional_properties(properties)
                    .build(),
            );
        }
    }
    let mut s = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise SARIF: {e}\"}}"));
    // Indentation alone can push a large log over the limit [`build`] kept it under.
    if s.len() > MAX_BYTES {
        if let Ok(compact) = serde_json::to_string(&log) {
            s = compact;
        }
    }
    s.push('\n');
    s
}

/// Builds the log with URIs relative to `base` (an absolute directory).
pub fn build(
    base: &Path,
    command: Command,
    rules: &[RuleInfo],
    findings: &[Finding],
    notices: &[Notice],
) -> sarif::Sarif {
    build_with_overrides(base, command, rules, findings, &[], notices)
}

/// [`build`] with overrides (see [`render_with_overrides`]).
pub fn build_with_overrides(
    base: &Path,
    command: Command,
    rules: &[RuleInfo],
    findings: &[Finding],
    overrides: &[Override],
    notices: &[Notice],
) -> sarif::Sarif {
    // The re-rated findings are among `findings`; the suppressed ones are added after them.
    let rerated: HashMap<(String, std::path::PathBuf, usize, usize), &Override> = overrides
        .iter()
        .filter(|o| matches!(o.kind, OverrideKind::Severity(_)))
        .map(|o| (override_key(&o.finding), o))
        .collect();
    let suppressed: Vec<&Override> = overrides
        .iter()
        .filter(|o| o.kind == OverrideKind::Suppressed)
        .collect();
    let all: Vec<(&Finding, Option<&Override>)> = findings
        .iter()
        .map(|f| (f, rerated.get(&override_key(f)).copied()))
        .chain(suppressed.iter().map(|o| (&o.finding, Some(*o))))
        .collect();
    let mut rules: Vec<RuleInfo> = rules.to_vec();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, r) in rules.iter().enumerate() {
        index.entry(r.id.clone()).or_insert(i);
    }
    // NOTE: a finding whose id no descriptor names still gets one, so `ruleIndex` never dangles.
    for (f, _) in &all {
        if !index.contains_key(&f.id) {
            index.insert(f.id.clone(), rules.len());
            rules.push(RuleInfo {
                id: f.id.clone(),
                short: f.id.clone(),
                full: f.id.clone(),
                help_text: f.help.clone().unwrap_or_else(|| f.id.clone()),
                help_markdown: f.help.clone().unwrap_or_else(|| f.id.clone()),
                tags: Vec::new(),
                precision: "medium".into(),
                severity: f.severity,
            });
        }
    }
    if fit_rules(&mut rules, &all) {
        index = rules
            .iter()
            .enumerate()
            .rev()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
    }

    let mut paths = Paths::new(base);
    let mut notifications: Vec<sarif::Notification> = notices
        .iter()
        .map(|n| notification(n, &mut paths))
        .collect();

    // Fingerprints count occurrences in reading order, before any truncation.
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    let mut results: Vec<(Severity, usize, sarif::Result)> = Vec::with_capacity(all.len());
    for (n, (f, over)) in all.iter().enumerate() {
        let uri = paths.uri(&f.location.file.path);
        let key = (f.id.clone(), uri.clone(), flagged_text(f));
        let occurrence = {
            let c = seen.entry(key.clone()).or_insert(0);
            *c += 1;
            *c
        };
        let fp = fingerprint(&key.0, &key.1, &key.2, occurrence);
        let rule_index = index.get(&f.id).copied().unwrap_or(0);
        let mut r = result(f, uri, rule_index, fp, occurrence, &mut paths);
        if let Some(o) = over {
            mark_override(&mut r, o);
        }
        results.push((f.severity, n, r));
    }

    let dropped = limit(&mut results, &rules);
    if dropped > 0 {
        notifications.push(note(
            "warning",
            format!(
                "{dropped} of {} results were left out to stay within GitHub code scanning's \
                 limits ({MAX_RESULTS} results per run, 10 MB per upload); the most severe \
                 results were kept. Run with --format json for all of them.",
                all.len()
            ),
        ));
    }
    if let Some(root) = paths.outside_root() {
        notifications.push(note(
            "note",
            format!(
                "{} file(s) are outside the current directory; their URIs are relative to {} \
                 instead (for example {}).",
                paths.outside.len(),
                root.display(),
                paths.outside.first().map(String::as_str).unwrap_or("")
            ),
        ));
    }
    let successful = !notices.iter().any(|n| n.level == NoticeLevel::Error);

    let driver = sarif::ToolComponent::builder()
        .name("skillgate")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let invocation = sarif::Invocation::builder()
        .execution_successful(successful)
        .tool_execution_notifications(notifications)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .automation_details(
            sarif::RunAutomationDetails::builder()
                .id(command.automation_id())
                .build(),
        )
        .column_kind(Value::from("unicodeCodePoints"))
        .invocations(vec![invocation])
        .results(results.into_iter().map(|(_, _, r)| r).collect::<Vec<_>>())
        .build();
    sarif::Sarif::builder()
        .schema(SCHEMA_URI)
        .version(Value::from("2.1.0"))
        .runs(vec![run])
        .build()
}

fn result(
    f: &Finding,
    uri: String,
    rule_index: usize,
    fp: String,
    occurrence: usize,
    paths: &mut Paths,
) -> sarif::Result {
    let level = match f.severity {
        Severity::Critical | Severity::High => sarif::ResultLevel::Error,
        Severity::Medium => sarif::ResultLevel::Warning,
        Severity::Low => sarif::ResultLevel::Note,
    };
    let mut text = f.message.trim().to_string();
    if text.is_empty() {
        text = f.id.clone();
    }
    if let Some(help) = &f.help {
        text.push_str(&format!("\nhelp: {}", help.trim()));
    }
    let mut fps = BTreeMap::new();
    fps.insert(FINGERPRINT_KEY.to_string(), fp.clone());
    // NOTE: GitHub's own key; upload-sarif fills it only when absent, and the REST API never
    // does. Same `hash:occurrence` shape as GitHub's, from the same line-number-free inputs.
    fps.insert(
        "primaryLocationLineHash".to_string(),
        format!("{fp}:{occurrence}"),
    );
    let related: Vec<sarif::Location> = f
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let uri = paths.uri(&l.location.file.path);
            sarif::Location::builder()
                .id(i as i64)
                .physical_location(physical(uri, &l.location))
                .message(message(&l.message))
                .build()
        })
        .collect();
    let mut props = sarif::PropertyBag::default();
    props.additional_properties.insert(
        "severity".into(),
        Value::from(f.severity.as_str().to_string()),
    );
    if let Some(c) = &f.category {
        props
            .additional_properties
            .insert("category".into(), Value::from(c.clone()));
    }
    let mut r = sarif::Result::builder()
        .rule_id(f.id.clone())
        .rule_index(rule_index as i64)
        .level(level)
        .message(message(&text))
        .locations(vec![
            sarif::Location::builder()
                .physical_location(physical(uri, &f.location))
                .build(),
        ])
        .partial_fingerprints(fps)
        .properties(props)
        .build();
    if !related.is_empty() {
        r.related_locations = Some(related);
    }
    r
}

/// Longest `fullDescription` and help text of one rule descriptor.
pub const MAX_RULE_TEXT: usize = 16 * 1024;

/// Keeps the rule descriptors within half of [`MAX_BYTES`], so they can never crowd the results
/// out (a gate file with one huge `help`, or thousands of gates): every text is cut to
/// [`MAX_RULE_TEXT`] characters (in [`descriptor`]); over half the budget, only the rules that
/// have results stay, with help cut to 1,000 characters. Returns whether rules were dropped.
fn fit_rules(rules: &mut Vec<RuleInfo>, all: &[(&Finding, Option<&Override>)]) -> bool {
    let size = |rules: &[RuleInfo]| -> usize {
        rules
            .iter()
            .map(|r| serde_json::to_string(&descriptor(r)).map_or(4096, |s| s.len() + 64))
            .sum()
    };
    if size(rules) <= MAX_BYTES / 2 {
        return false;
    }
    let used: std::collections::HashSet<&str> = all.iter().map(|(f, _)| f.id.as_str()).collect();
    rules.retain(|r| used.contains(r.id.as_str()));
    if size(rules) > MAX_BYTES / 2 {
        for r in rules.iter_mut() {
            r.full = truncate(&r.full, 1000);
            r.help_text = truncate(&r.help_text, 1000);
            r.help_markdown = truncate(&r.help_markdown, 1000);
        }
    }
    true
}

/// What identifies a finding across the override list and the kept findings.
fn override_key(f: &Finding) -> (String, std::path::PathBuf, usize, usize) {
    (
        f.id.clone(),
        f.location.file.path.clone(),
        f.location.span.start,
        f.location.span.end,
    )
}

/// Records an override on its result: `suppressions` for a suppressed finding, the message and
/// the `skillgate/override` property for a re-rated one.
fn mark_override(r: &mut sarif::Result, o: &Override) {
    let described = o.describe();
    match o.kind {
        OverrideKind::Suppressed => {
            r.suppressions = Some(vec![
                sarif::Suppression::builder()
                    .kind(Value::from(if o.in_source {
                        "inSource"
                    } else {
                        "external"
                    }))
                    .status(Value::from("accepted"))
                    .justification(format!("{} by {}: {}", o.action(), o.by, o.justification))
                    .build(),
            ]);
        }
        OverrideKind::Severity(to) => {
            r.level = Some(match to {
                Severity::Critical | Severity::High => sarif::ResultLevel::Error,
                Severity::Medium => sarif::ResultLevel::Warning,
                Severity::Low => sarif::ResultLevel::Note,
            });
            if let Some(text) = r.message.text.as_mut() {
                text.push_str(&format!("\n(override: {described})"));
            }
        }
    }
    let props = r.properties.get_or_insert_with(Default::default);
    props
        .additional_properties
        .insert("skillgate/override".into(), Value::from(described));
}

fn physical(uri: String, loc: &crate::finding::Location) -> sarif::PhysicalLocation {
    // Positions are 1-based here, at the output edge (see `source.rs`).
    let p = loc.position();
    let end_column = if p.end_line == p.line {
        p.end_column.max(p.column)
    } else {
        p.end_column
    };
    sarif::PhysicalLocation::builder()
        .artifact_location(
            sarif::ArtifactLocation::builder()
                .uri(uri)
                .uri_base_id("%SRCROOT%")
                .build(),
        )
        .region(
            sarif::Region::builder()
                .start_line(p.line.max(1) as i64)
                .start_column(p.column.max(1) as i64)
                .end_line(p.end_line.max(p.line).max(1) as i64)
                .end_column(end_column.max(1) as i64)
                .build(),
        )
        .build()
}

fn message(text: &str) -> sarif::Message {
    let t = if text.trim().is_empty() { "-" } else { text };
    sarif::Message::builder().text(t).build()
}

fn note(level: &str, text: String) -> sarif::Notification {
    sarif::Notification::builder()
        .level(Value::from(level))
        .message(message(&text))
        .build()
}

fn notification(n: &Notice, paths: &mut Paths) -> sarif::Notification {
    let level = match n.level {
        NoticeLevel::Error => "error",
        NoticeLevel::Warning => "warning",
        NoticeLevel::Note => "note",
    };
    let uri = paths.uri(Path::new(&n.path));
    let mut region = sarif::Region::default();
    if let Some(l) = n.line {
        region.start_line = Some(l.max(1) as i64);
        region.start_column = n.column.map(|c| c.max(1) as i64);
    }
    let mut pl = sarif::PhysicalLocation::builder()
        .artifact_location(
            sarif::ArtifactLocation::builder()
                .uri(uri)
                .uri_base_id("%SRCROOT%")
                .build(),
        )
        .build();
    if n.line.is_some() {
        pl.region = Some(region);
    }
    sarif::Notification::builder()
        .level(Value::from(level))
        .message(message(&n.message))
        .locations(vec![
            sarif::Location::builder().physical_location(pl).build(),
        ])
        .build()
}

fn descriptor(r: &RuleInfo) -> sarif::ReportingDescriptor {
    // GitHub shows at most 10 tags and rejects more than 20.
    let mut props = sarif::PropertyBag {
        tags: Some(r.tags.iter().take(10).cloned().collect()),
        ..Default::default()
    };
    props
        .additional_properties
        .insert("precision".into(), Value::from(r.precision.clone()));
    props.additional_properties.insert(
        "security-severity".into(),
        Value::from(r.severity.security_severity()),
    );
    props.additional_properties.insert(
        "problem.severity".into(),
        Value::from(match r.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "recommendation",
        }),
    );
    let level = match r.severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    };
    sarif::ReportingDescriptor::builder()
        .id(r.id.clone())
        .name(rule_name(&r.id))
        .short_description(message_string(&truncate(&r.short, 1000)))
        .full_description(message_string(&truncate(&r.full, MAX_RULE_TEXT)))
        .help(
            sarif::MultiformatMessageString::builder()
                .text(nonempty(&truncate(&r.help_text, MAX_RULE_TEXT), &r.id))
                .markdown(nonempty(&truncate(&r.help_markdown, MAX_RULE_TEXT), &r.id))
                .build(),
        )
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(Value::from(level))
                .build(),
        )
        .properties(props)
        .build()
}

fn message_string(text: &str) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder()
        .text(if text.trim().is_empty() { "-" } else { text })
        .build()
}

/// `broken-link` → `BrokenLink`; `PG001` stays.
fn rule_name(id: &str) -> String {
    let name: String = id
        .split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect();
    truncate(&name, 255)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn nonempty(s: &str, fallback: &str) -> String {
    if s.trim().is_empty() {
        fallback.to_string()
    } else {
        s.to_string()
    }
}

/// "a relative link … does not exist" → "A relative link … does not exist."
fn sentence(s: &str) -> String {
    let mut c = s.trim().chars();
    let mut out: String = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => return String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// The body of `## title` in a rule's docs.
fn doc_section<'a>(docs: &'a str, title: &str) -> Option<&'a str> {
    let head = format!("## {title}");
    let start = docs.find(&head)? + head.len();
    let rest = &docs[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim()).filter(|s| !s.is_empty())
}

/// Keeps the most severe results within [`MAX_RESULTS`] and [`MAX_BYTES`] (measured compact:
/// [`render`] drops the indentation of a log that needs it); returns how many were dropped.
/// Kept results stay in reading order.
fn limit(results: &mut Vec<(Severity, usize, sarif::Result)>, rules: &[RuleInfo]) -> usize {
    let before = results.len();
    // Room for the rules and the rest of the document, measured rather than guessed.
    let overhead: usize = rules
        .iter()
        .map(|r| serde_json::to_string(&descriptor(r)).map_or(4096, |s| s.len() + 64))
        .sum::<usize>()
        + 64 * 1024;
    let budget = MAX_BYTES.saturating_sub(overhead);
    let total: usize = results
        .iter()
        .map(|(_, _, r)| serde_json::to_string(r).map_or(4096, |s| s.len() + 16))
        .sum();
    if results.len() <= MAX_RESULTS && total <= budget {
        return 0;
    }
    results.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    results.truncate(MAX_RESULTS);
    let mut used = 0usize;
    let mut keep = 0usize;
    for (_, _, r) in results.iter() {
        let size = serde_json::to_string(r).map_or(4096, |s| s.len() + 16);
        if used + size > budget {
            break;
        }
        used += size;
        keep += 1;
    }
    results.truncate(keep);
    results.sort_by_key(|x| x.1);
    before - results.len()
}

/// Turns file paths into `%SRCROOT%`-relative URIs, remembering files outside the base.
pub(crate) struct Paths {
    base: PathBuf,
    outside: Vec<String>,
    root: Option<PathBuf>,
}

impl Paths {
    pub(crate) fn new(base: &Path) -> Self {
        Paths {
            base: normalize(base),
            outside: Vec::new(),
            root: None,
        }
    }

    /// The relative URI of `path`: relative to the base with `/` separators, never `..`; a
    /// path outside the base is made relative to the nearest directory both share.
    pub(crate) fn uri(&mut self, path: &Path) -> String {
        let uri = to_uri(&self.relative(path));
        if uri.is_empty() { ".".to_string() } else { uri }
    }

    /// `path` relative to the base (see [`Paths::uri`]), not encoded.
    pub(crate) fn relative(&mut self, path: &Path) -> PathBuf {
        let abs = normalize(&self.base.join(path));
        match abs.strip_prefix(&self.base) {
            Ok(r) => r.to_path_buf(),
            Err(_) => {
                let root = common_root(&self.base, &abs);
                let r = abs
                    .strip_prefix(&root)
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let shown = to_uri(&r);
                if !self.outside.contains(&shown) {
                    self.outside.push(shown);
                }
                self.root = Some(match self.root.take() {
                    Some(prev) => common_root(&prev, &root),
                    None => root,
                });
                r
            }
        }
    }

    fn outside_root(&self) -> Option<&Path> {
        self.root.as_deref()
    }
}

/// Lexical normalisation: drops `.`, resolves `..` against what precedes it.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn common_root(a: &Path, b: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for (x, y) in a.components().zip(b.components()) {
        if x != y {
            break;
        }
        out.push(x.as_os_str());
    }
    out
}

/// Percent-encodes each component (RFC 3986 path characters kept) and joins with `/`.
fn to_uri(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(encode(&s.to_string_lossy())),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;
    use crate::source::{SourceFile, Span};

    fn finding(path: &str, text: &str, needle: &str) -> Finding {
        let file = SourceFile::anonymous(path, text);
        let start = text.find(needle).unwrap_or(0);
        Finding::new(
            "PG001",
            Severity::High,
            "mutable",
            Location::new(file, Span::new(start, start + needle.len())),
        )
    }

    fn fps(log: &sarif::Sarif) -> Vec<String> {
        log.runs[0]
            .results
            .iter()
            .flatten()
            .filter_map(|r| {
                r.partial_fingerprints
                    .as_ref()?
                    .get(FINGERPRINT_KEY)
                    .cloned()
            })
            .collect()
    }

    #[test]
    fn fingerprints_ignore_edits_above_the_finding() {
        let base = Path::new("/repo");
        let a = finding("r.yaml", "deploy:\n  uri: s3://m/latest\n", "s3://m/latest");
        let b = finding(
            "r.yaml",
            "# a new comment\n\ndeploy:\n  uri: s3://m/latest\n",
            "s3://m/latest",
        );
        let la = build(base, Command::Check, &[], &[a], &[]);
        let lb = build(base, Command::Check, &[], &[b], &[]);
        assert_eq!(fps(&la), fps(&lb));
        assert_eq!(fps(&la).len(), 1);
    }

    #[test]
    fn equal_findings_get_distinct_fingerprints() {
        let base = Path::new("/repo");
        let text = "a: x:latest\nb: x:latest\n";
        let file = SourceFile::anonymous("r.yaml", text);
        let mk = |s: usize| {
            Finding::new(
                "PG010",
                Severity::Medium,
                "tag",
                Location::new(file.clone(), Span::new(s, s + 8)),
            )
        };
        let log = build(base, Command::Check, &[], &[mk(3), mk(15)], &[]);
        let f = fps(&log);
        assert_eq!(f.len(), 2);
        assert_ne!(f[0], f[1]);
    }

    #[test]
    fn uris_are_relative_and_never_escape() {
        let mut p = Paths::new(Path::new("/work/repo"));
        assert_eq!(
            p.uri(Path::new("skills/a b/SKILL.md")),
            "skills/a%20b/SKILL.md"
        );
        assert_eq!(p.uri(Path::new("./x/../y.md")), "y.md");
        assert_eq!(p.uri(Path::new("/work/repo/z.md")), "z.md");
        assert!(p.outside_root().is_none());
        assert_eq!(p.uri(Path::new("../shared/c/1.yaml")), "shared/c/1.yaml");
        assert_eq!(p.outside_root(), Some(Path::new("/work")));
    }

    #[test]
    fn over_the_result_limit_keeps_the_most_severe_and_says_so() {
        let text = "x\n".repeat(MAX_RESULTS + 1);
        let file = SourceFile::anonymous("r.yaml", &text);
        let findings: Vec<Finding> = (0..=MAX_RESULTS)
            .map(|i| {
                let sev = if i == MAX_RESULTS {
                    Severity::Critical
                } else {
                    Severity::Low
                };
                Finding::new(
                    "X",
                    sev,
                    "m",
                    Location::new(file.clone(), Span::new(2 * i, 2 * i + 1)),
                )
            })
            .collect();
        let log = build(Path::new("/repo"), Command::Lint, &[], &findings, &[]);
        let results = log.runs[0].results.as_deref().unwrap_or_default();
        assert_eq!(results.len(), MAX_RESULTS);
        assert!(
            results
                .iter()
                .any(|r| r.level == Some(sarif::ResultLevel::Error))
        );
        let notes = log.runs[0].invocations.as_deref().unwrap_or_default()[0]
            .tool_execution_notifications
            .clone()
            .unwrap_or_default();
        assert!(notes.iter().any(|n| {
            n.message
                .text
                .as_deref()
                .is_some_and(|t| t.starts_with("1 of"))
        }));
    }

    #[test]
    fn every_rule_has_help_and_severity() {
        for r in lint_rules() {
            assert!(!r.short.is_empty() && !r.full.is_empty() && !r.help_markdown.is_empty());
        }
    }
}
