//! Inline suppressions, each ideally with a reason:
//!
//! * Markdown: `<!-- skillgate-disable-next-line ID[, ID] -- reason -->`, and
//!   `<!-- skillgate-disable ID -->` … `<!-- skillgate-enable ID -->` (to the end of the file
//!   when never re-enabled). No id means every rule.
//! * YAML: `# skillgate: ignore[ID, ID] reason` at the end of the line it covers, or alone on
//!   the line before it.
//!
//! A suppression that matches no finding is itself reported (`unused-suppression`, low), so
//! stale ones do not pile up. `--no-inline-config` (or `inline-config = false`) turns them off.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::{Finding, Location, Severity};
use crate::source::{SourceFile, Span};

/// The id of the finding a stale suppression gets.
pub const UNUSED_ID: &str = "unused-suppression";

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// Ids it covers (empty: all).
    pub ids: Vec<String>,
    /// First and last 1-based line it covers.
    pub lines: (usize, usize),
    /// Where the comment is.
    pub span: Span,
    /// Why, if given.
    pub reason: Option<String>,
}

/// The suppressions in a file (by its extension: Markdown or YAML).
pub fn collect(file: &SourceFile) -> Vec<Suppression> {
    let ext = file
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => markdown(file),
        "yaml" | "yml" => yaml(file),
        _ => Vec::new(),
    }
}

fn parse_ids(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn markdown(file: &SourceFile) -> Vec<Suppression> {
    let text = &file.text;
    let last_line = file.line_count().max(1);
    let mut out = Vec::new();
    let mut open: Vec<(Vec<String>, usize, Span, Option<String>)> = Vec::new();
    let mut pos = 0;
    while let Some(i) = text[pos..].find("<!--") {
        let start = pos + i;
        let Some(j) = text[start..].find("-->") else {
            break;
        };
        let end = start + j + 3;
        pos = end;
        let inner = text[start + 4..end - 3].trim();
        let Some(rest) = inner.strip_prefix("skillgate-") else {
            continue;
        };
        let (body, reason) = match rest.split_once(" -- ") {
            Some((b, r)) => (
                b.trim(),
                Some(r.trim().to_string()).filter(|r| !r.is_empty()),
            ),
            None => (rest.trim(), None),
        };
        let (directive, ids) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
        let ids = parse_ids(ids);
        let span = Span::new(start, end);
        let (first, last) = (
            file.line_col(start).0,
            file.line_col(end.saturating_sub(1)).0,
        );
        match directive {
            "disable-next-line" => out.push(Suppression {
                ids,
                lines: (last + 1, last + 1),
                span,
                reason,
            }),
            "disable-line" => out.push(Suppression {
                ids,
                lines: (first, last),
                span,
                reason,
            }),
            "disable" => open.push((ids, last, span, reason)),
            "enable" => {
                let idx = open.iter().rposition(|(o, ..)| ids.is_empty() || *o == ids);
                if let Some(k) = idx {
                    let (ids, from, span, reason) = open.remove(k);
                    out.push(Suppression {
                        ids,
                        lines: (from, first),
                        span,
                        reason,
                    });
                }
            }
            _ => {}
        }
    }
    for (ids, from, span, reason) in open {
        out.push(Suppression {
            ids,
            lines: (from, last_line),
            span,
            reason,
        });
    }
    out
}

fn yaml(file: &SourceFile) -> Vec<Suppression> {
    const MARK: &str = "# skillgate: ignore[";
    let mut out = Vec::new();
    let lines = file.line_count();
    for n in 1..=lines {
        let line = file.line_text(n);
        let Some(i) = line.find(MARK) else { continue };
        let after = &line[i + MARK.len()..];
        let Some(close) = after.find(']') else {
            continue;
        };
        let ids = parse_ids(&after[..close]);
        let reason = Some(after[close + 1..].trim().to_string()).filter(|r| !r.is_empty());
        let start = file.line_start(n) + i;
        let span = Span::new(start, file.line_start(n) + line.len());
        // Alone on its line: covers the next non-blank line.
        let target = if line[..i].trim().is_empty() {
            (n + 1..=lines)
                .find(|k| !file.line_text(*k).trim().is_empty())
                .unwrap_or(n + 1)
        } else {
            n
        };
        out.push(Suppression {
            ids,
            lines: (target, target),
            span,
            reason,
        });
    }
    out
}

/// A finding that an inline suppression or the configuration switched off or re-rated. `check`
/// shows every one that touches a gate, in every format (SARIF as a result with
/// `suppressions`), so a planted suppression is seen, never silent.
#[derive(Debug, Clone)]
pub struct Override {
    /// The finding as the gate or rule reported it (its own severity).
    pub finding: Finding,
    /// What was done to it.
    pub kind: OverrideKind,
    /// What did it: `inline suppression (r.yaml:3)`, `skillgate.toml ignore`, ...
    pub by: String,
    /// Why, as written (the suppression's reason), or what the configuration says.
    pub justification: String,
    /// `inSource` (a comment in the file) or `external` (the configuration): SARIF's kinds.
    pub in_source: bool,
}

/// What an [`Override`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideKind {
    /// The finding is not reported.
    Suppressed,
    /// The finding is reported with this severity instead of its own.
    Severity(Severity),
}

impl Override {
    /// `suppressed` or `severity high → low`.
    pub fn action(&self) -> String {
        match self.kind {
            OverrideKind::Suppressed => "suppressed".into(),
            OverrideKind::Severity(to) => {
                format!("severity {} -> {to}", self.finding.severity)
            }
        }
    }

    /// One line for people: `PG001 (high) at r.yaml:12:14 suppressed by …: why`.
    pub fn describe(&self) -> String {
        let p = self.finding.location.position();
        format!(
            "{} ({}) at {}:{}:{} {} by {}: {}",
            self.finding.id,
            self.finding.severity,
            self.finding.location.path_display(),
            p.line,
            p.column,
            self.action(),
            self.by,
            if self.justification.is_empty() {
                "no reason given"
            } else {
                &self.justification
            }
        )
    }
}

/// Drops suppressed findings and reports unused suppressions in `files`.
pub fn apply(findings: Vec<Finding>, files: &[Arc<SourceFile>]) -> Vec<Finding> {
    apply_reporting(findings, files).0
}

/// [`apply`], also returning what each suppression switched off.
///
/// NOTE: one sweep over each file's lines (findings sorted by line, suppressions entering an
/// active set at their first line and looked up by id and last line), so a file with a hundred
/// thousand suppression comments and as many findings is not a quadratic walk (issue 14). Every
/// suppression that covers a finding counts as used.
pub fn apply_reporting(
    findings: Vec<Finding>,
    files: &[Arc<SourceFile>],
) -> (Vec<Finding>, Vec<Override>) {
    let mut by_file: HashMap<PathBuf, Sweep> = HashMap::new();
    for f in files {
        let sups = collect(f);
        if !sups.is_empty() {
            by_file.insert(f.path.clone(), Sweep::new(f.clone(), sups));
        }
    }
    // Findings in line order per file; the original order is restored by the final sort.
    let mut order: Vec<(usize, usize)> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.location.file.line_index(f.location.span.start) + 1, i))
        .collect();
    order.sort_unstable();
    let mut hit_by: Vec<Option<(PathBuf, usize)>> = vec![None; findings.len()];
    for (line, i) in order {
        let f = &findings[i];
        if let Some(sweep) = by_file.get_mut(&f.location.file.path) {
            hit_by[i] = sweep
                .covering(&f.id, line)
                .map(|k| (f.location.file.path.clone(), k));
        }
    }
    let mut kept = Vec::with_capacity(findings.len());
    let mut overrides = Vec::new();
    for (f, hit) in findings.into_iter().zip(hit_by) {
        let Some((path, k)) = hit else {
            kept.push(f);
            continue;
        };
        let Some(sweep) = by_file.get(&path) else {
            kept.push(f);
            continue;
        };
        let s = &sweep.sups[k];
        let line = sweep.file.line_index(s.span.start) + 1;
        overrides.push(Override {
            by: format!("inline suppression ({}:{line})", sweep.file.path.display()),
            justification: s.reason.clone().unwrap_or_default(),
            kind: OverrideKind::Suppressed,
            in_source: true,
            finding: f,
        });
    }
    let mut unused: Vec<Finding> = Vec::new();
    for sweep in by_file.into_values() {
        for (s, used) in sweep.sups.iter().zip(sweep.used) {
            if used {
                continue;
            }
            let what = if s.ids.is_empty() {
                "every rule".to_string()
            } else {
                s.ids.join(", ")
            };
            unused.push(
                Finding::new(
                    UNUSED_ID,
                    Severity::Low,
                    format!("suppression of {what} matches no finding"),
                    Location::new(sweep.file.clone(), s.span),
                )
                .with_help("remove the stale suppression comment"),
            );
        }
    }
    // A file of a hundred thousand stale comments reports at most so many of them.
    kept.extend(crate::finding::cap_per_rule_and_file(unused));
    crate::finding::sort(&mut kept);
    (kept, overrides)
}

/// One file's suppressions, swept in line order.
struct Sweep {
    file: Arc<SourceFile>,
    sups: Vec<Suppression>,
    used: Vec<bool>,
    /// Suppression indices by first line, and how many have entered the active sets.
    by_start: Vec<usize>,
    entered: usize,
    /// Active suppressions by id (`""`: every rule), as (last line, index): all of them, and
    /// those not yet used.
    all: HashMap<String, BTreeSet<(usize, usize)>>,
    unused: HashMap<String, BTreeSet<(usize, usize)>>,
}

impl Sweep {
    fn new(file: Arc<SourceFile>, sups: Vec<Suppression>) -> Sweep {
        let mut by_start: Vec<usize> = (0..sups.len()).collect();
        by_start.sort_by_key(|&k| sups[k].lines.0);
        Sweep {
            file,
            used: vec![false; sups.len()],
            sups,
            by_start,
            entered: 0,
            all: HashMap::new(),
            unused: HashMap::new(),
        }
    }

    /// A suppression that covers a finding of `id` at `line` (lines asked in increasing
    /// order), marking every covering one used.
    fn covering(&mut self, id: &str, line: usize) -> Option<usize> {
        while let Some(&k) = self.by_start.get(self.entered) {
            let s = &self.sups[k];
            if s.lines.0 > line {
                break;
            }
            let keys: Vec<String> = if s.ids.is_empty() {
                vec![String::new()]
            } else {
                s.ids.clone()
            };
            for key in keys {
                self.all
                    .entry(key.clone())
                    .or_default()
                    .insert((s.lines.1, k));
                self.unused.entry(key).or_default().insert((s.lines.1, k));
            }
            self.entered += 1;
        }
        let mut found = None;
        for key in [id, ""] {
            if let Some(&(_, k)) = self
                .all
                .get(key)
                .and_then(|set| set.range((line, 0)..).next())
            {
                found.get_or_insert(k);
            }
            if let Some(set) = self.unused.get_mut(key) {
                let covering: Vec<(usize, usize)> = set.range((line, 0)..).copied().collect();
                for entry in covering {
                    set.remove(&entry);
                    self.used[entry.1] = true;
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &Arc<SourceFile>, id: &str, line: usize) -> Finding {
        let at = file.line_start(line);
        Finding::new(
            id,
            Severity::High,
            "x",
            Location::new(file.clone(), Span::new(at, at + 1)),
        )
    }

    #[test]
    fn markdown_next_line_and_ranges() {
        let text = "a\n<!-- skillgate-disable-next-line PG001 -- reviewed -->\nb\n<!-- skillgate-disable required-sections -->\nc\nd\n<!-- skillgate-enable required-sections -->\ne\n<!-- skillgate-disable-next-line X9 -->\nf\n";
        let file = Arc::new(SourceFile::new("s/SKILL.md".into(), text.into()));
        let fs = vec![
            finding(&file, "PG001", 3),
            finding(&file, "PG001", 5),
            finding(&file, "required-sections", 6),
            finding(&file, "required-sections", 8),
        ];
        let kept = apply(fs, std::slice::from_ref(&file));
        let shown: Vec<(String, usize)> = kept
            .iter()
            .map(|f| (f.id.clone(), f.location.position().line))
            .collect();
        assert_eq!(
            shown,
            [
                ("PG001".to_string(), 5),
                ("required-sections".to_string(), 8),
                (UNUSED_ID.to_string(), 9)
            ]
        );
    }

    #[test]
    fn yaml_same_line_and_line_before() {
        let text = "deploy:\n  image: x:latest  # skillgate: ignore[PG010] pinned by admission policy\n  # skillgate: ignore[PG001] mirror\n\n  model_uri: s3://b/latest\n";
        let file = Arc::new(SourceFile::new("r.yaml".into(), text.into()));
        let kept = apply(
            vec![finding(&file, "PG010", 2), finding(&file, "PG001", 5)],
            std::slice::from_ref(&file),
        );
        assert!(kept.is_empty(), "{kept:?}");
        let sups = collect(&file);
        assert_eq!(
            sups[0].reason.as_deref(),
            Some("pinned by admission policy")
        );
    }
}
