//! The result of judging one release record, as every output renders it (terminal, JSON,
//! SARIF, Markdown): the record, its findings, status, evidence chain and overrides.

use super::evidence::Evidence;
use super::verdict::{self, Link, Status};
use super::{GateFile, load};
use crate::diag::Notice;
use crate::finding::Finding;
use crate::suppress;

/// The verdict on one record.
pub struct RecordResult {
    /// The record, read as evidence.
    pub record: Evidence,
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// pass / partial / fail / not-analysed.
    pub status: Status,
    /// The evidence chain.
    pub chain: Vec<Link>,
    /// Gate findings an inline suppression or the configuration switched off or re-rated:
    /// shown in every format.
    pub overrides: Vec<suppress::Override>,
}

/// Loads the skill's gate file, or explains why not (each error with file:line).
pub fn load_gates(skill: &std::path::Path, max: u64) -> Result<GateFile, Vec<Notice>> {
    let path = if skill.is_file() {
        skill.to_path_buf()
    } else {
        skill.join("gates.yaml")
    };
    if !path.exists() {
        return Err(vec![Notice::error(
            path.display().to_string(),
            format!(
                "no gates.yaml in {} (is it a skill folder with gates?)",
                skill.display()
            ),
        )]);
    }
    load(&path, max).map_err(|errs| {
        errs.iter()
            .map(|e| {
                let (l, c) = e.file.line_col(e.span.start);
                Notice::error(e.file.path.display().to_string(), e.message.clone()).at(l, c)
            })
            .collect()
    })
}

/// Evaluates one record.
pub fn evaluate(gf: &GateFile, record: Evidence) -> RecordResult {
    let v = verdict::evaluate(gf, &record);
    RecordResult {
        record,
        findings: v.findings,
        status: v.status,
        chain: v.chain,
        overrides: Vec::new(),
    }
}

/// Records in report order: not analysed first (they need attention and were not judged), then
/// as given.
pub fn sorted(results: &[RecordResult]) -> Vec<&RecordResult> {
    let mut v: Vec<&RecordResult> = results.iter().collect();
    v.sort_by_key(|r| r.status != Status::NotAnalysed);
    v
}
