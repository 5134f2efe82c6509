//! Baselines: adopt skillgate on an existing repository by recording today's findings (each
//! with a `reason` for the maintainer to fill in); later runs report only new findings and list
//! the entries that no longer match anything.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::Notice;
use crate::finding::{Finding, fingerprints};

/// The baseline file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// Accepted findings.
    pub entries: Vec<Entry>,
}

/// One accepted finding.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// [`crate::finding::fingerprints`] of the finding.
    pub fingerprint: String,
    /// Rule or gate id.
    pub id: String,
    /// File.
    pub path: String,
    /// Line when recorded (informative; matching ignores it).
    pub line: usize,
    /// Message when recorded.
    pub message: String,
    /// Why it is accepted: for the maintainer to fill in.
    pub reason: String,
}

/// Writes a baseline of `findings` to `path`.
pub fn write(path: &Path, findings: &[Finding]) -> Result<usize, String> {
    let fps = fingerprints(findings);
    let entries: Vec<Entry> = findings
        .iter()
        .zip(fps)
        .map(|(f, fp)| Entry {
            fingerprint: fp,
            id: f.id.clone(),
            path: f.location.path_display(),
            line: f.location.position().line,
            message: f.message.clone(),
            reason: String::new(),
        })
        .collect();
    let n = entries.len();
    let doc = Baseline {
        version: 1,
        entries,
    };
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    text.push('\n');
    crate::source::write_atomic(path, text.as_bytes()).map_err(|e| {
        format!(
            "cannot write {}: {}",
            path.display(),
            crate::diag::describe_io(&e)
        )
    })?;
    Ok(n)
}

/// Largest baseline read (a baseline of a large repository can outgrow the 10 MiB file limit).
pub const MAX_BASELINE_SIZE: u64 = 64 * 1024 * 1024;

/// Reads a baseline (through [`crate::source::read`]: a regular file, never a symlink).
pub fn read(path: &Path) -> Result<Baseline, Notice> {
    let err = |m: String| Notice::error(path.display().to_string(), m);
    let loaded = crate::source::read(path, MAX_BASELINE_SIZE).map_err(|e| {
        err(format!(
            "cannot read baseline: {}",
            crate::diag::describe_io(&e)
        ))
    })?;
    if let Some((problem, _)) = loaded.problem {
        return Err(err(format!("cannot read baseline: {problem}")));
    }
    let text = &loaded.file.text;
    let b: Baseline = serde_json::from_str(text).map_err(|e| {
        Notice::error(path.display().to_string(), format!("invalid baseline: {e}"))
            .at(e.line(), e.column())
    })?;
    if b.version != 1 {
        return Err(Notice::error(
            path.display().to_string(),
            format!("unsupported baseline version {}", b.version),
        ));
    }
    Ok(b)
}

/// Drops findings the baseline accepts; returns the rest and a warning per stale entry.
pub fn filter(
    findings: Vec<Finding>,
    baseline: &Baseline,
    path: &Path,
) -> (Vec<Finding>, Vec<Notice>) {
    let fps = fingerprints(&findings);
    let mut used = vec![false; baseline.entries.len()];
    let mut kept = Vec::new();
    for (f, fp) in findings.into_iter().zip(fps) {
        match baseline.entries.iter().position(|e| e.fingerprint == fp) {
            Some(i) => used[i] = true,
            None => kept.push(f),
        }
    }
    let stale = baseline
        .entries
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(e, _)| {
            Notice::warning(
                path.display().to_string(),
                format!(
                    "baseline entry no longer matches: {} at {}:{} ({}); remove it",
                    e.id, e.path, e.line, e.message
                ),
            )
        })
        .collect();
    (kept, stale)
}
