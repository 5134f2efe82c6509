//! rustc-style diagnostics for a terminal: `severity[ID]: message`, the location, the source
//! line with a caret underline, and a `help:` line.

use std::fmt::Write as _;

use crate::finding::{Finding, Severity};

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    on: bool,
}

impl Style {
    /// Colour when `on`.
    pub fn new(on: bool) -> Self {
        Style { on }
    }

    /// Wraps `text` in an SGR code.
    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// The colour of a severity.
    pub fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Critical | Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;36",
        };
        self.paint(code, s.as_str())
    }
}

/// Renders one finding.
pub fn diagnostic(f: &Finding, style: Style) -> String {
    let mut out = String::new();
    let pos = f.location.position();
    let _ = writeln!(
        out,
        "{}{}: {}",
        style.severity(f.severity),
        style.paint("1", &format!("[{}]", f.id)),
        style.paint("1", &clean(&f.message))
    );
    let gutter = pos.line.to_string().len().max(2);
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        style.paint("1;34", "-->"),
        f.location.path_display(),
        pos.line,
        pos.column
    );
    let line = f.location.file.line_text(pos.line);
    if !line.is_empty() || f.location.file.text.is_empty() {
        let bar = style.paint("1;34", "|");
        let shown = clean(line);
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {shown}",
            style.paint("1;34", &format!("{:>gutter$}", pos.line))
        );
        let start = pos.column.saturating_sub(1);
        let width = if pos.end_line == pos.line {
            pos.end_column.saturating_sub(pos.column).max(1)
        } else {
            shown.chars().count().saturating_sub(start).max(1)
        };
        let lead: String = shown
            .chars()
            .take(start)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(
            out,
            "{pad} {bar} {lead}{}",
            style.paint(severity_code(f.severity), &"^".repeat(width.min(120)))
        );
    }
    for label in &f.labels {
        let p = label.location.position();
        let _ = writeln!(
            out,
            "{pad} {} note: {} ({}:{}:{})",
            style.paint("1;34", "="),
            clean(&label.message),
            label.location.path_display(),
            p.line,
            p.column
        );
    }
    if let Some(help) = &f.help {
        let _ = writeln!(
            out,
            "{pad} {} {}: {}",
            style.paint("1;34", "="),
            style.paint("1", "help"),
            clean(help)
        );
    }
    out
}

fn severity_code(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "1;31",
        Severity::Medium => "1;33",
        Severity::Low => "1;36",
    }
}

/// Replaces control characters (escape sequences from inputs must not reach the terminal).
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// "3 findings (1 high, 2 medium)" or "no findings".
pub fn count_line(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no findings".into();
    }
    let parts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = findings.iter().filter(|f| f.severity == *s).count();
            (n > 0).then(|| format!("{n} {s}"))
        })
        .collect();
    let n = findings.len();
    format!(
        "{n} finding{} ({})",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )
}
