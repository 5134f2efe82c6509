//! `skillgate rules`: every lint rule and every gate the skills in view declare, as a table or
//! a JSON array.

use super::{Outcome, print_notices, usage_error};
use crate::cli::{Color, Format, RulesArgs};
use crate::gates::catalog::{self, Catalog};
use crate::rules;
use crate::source::DEFAULT_MAX_FILE_SIZE;

/// One row: a lint rule or a gate. Also the element of `--format json` (a frozen view).
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleRow {
    /// Rule id (`frontmatter-schema`) or gate id (`PG001`).
    pub id: String,
    /// `lint` or `gate`.
    pub kind: &'static str,
    /// Default severity.
    pub severity: String,
    /// A rule's summary or a gate's title.
    pub summary: String,
    /// The skill that declares a gate (absent for lint rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
}

/// Rows for every lint rule, then every gate of `cat`.
pub fn rows(cat: &Catalog) -> Vec<RuleRow> {
    let lint = rules::descriptors();
    let gates = cat
        .gates()
        .map(|(gf, g)| g.descriptor(Some(catalog::skill_name(gf))));
    lint.iter()
        .cloned()
        .chain(gates)
        .map(|d| RuleRow {
            id: d.id,
            kind: d.kind.as_str(),
            severity: d.severity.to_string(),
            summary: d.summary,
            skill: d.skill,
        })
        .collect()
}

/// Runs the command.
pub fn run(args: RulesArgs) -> Outcome {
    if !matches!(args.format, Format::Human | Format::Json) {
        return usage_error(
            "`skillgate rules` prints `human` or `json`",
            "use --format human or --format json",
        );
    }
    let cat = Catalog::load(&args.skill, DEFAULT_MAX_FILE_SIZE);
    let rows = rows(&cat);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&rows) {
            Ok(s) => super::print_stdout(format!("{s}\n").as_bytes()),
            Err(e) => return usage_error(&format!("cannot render JSON: {e}"), ""),
        },
        _ => super::print_stdout_text(&table(&rows)),
    }
    let error = print_notices(&cat.notices, super::stderr_color(Color::Auto), false);
    if error {
        Outcome::Error
    } else {
        Outcome::Clean
    }
}

/// The human table: aligned columns, one row per rule or gate.
pub fn table(rows: &[RuleRow]) -> String {
    let w_id = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let w_skill = rows
        .iter()
        .map(|r| r.skill.as_deref().unwrap_or("-").len())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut out = format!(
        "{:<w_id$}  {:<4}  {:<8}  {:<w_skill$}  SUMMARY\n",
        "ID", "KIND", "SEVERITY", "SKILL"
    );
    for r in rows {
        out.push_str(&format!(
            "{:<w_id$}  {:<4}  {:<8}  {:<w_skill$}  {}\n",
            r.id,
            r.kind,
            r.severity,
            r.skill.as_deref().unwrap_or("-"),
            crate::report::human::clean(&r.summary)
        ));
    }
    let lint = rows.iter().filter(|r| r.kind == "lint").count();
    let gates = rows.len() - lint;
    out.push_str(&format!(
        "\n{lint} lint rule{}, {gates} gate{}. `skillgate explain ID` shows one.\n",
        if lint == 1 { "" } else { "s" },
        if gates == 1 { "" } else { "s" },
    ));
    out
}
