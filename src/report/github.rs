//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.

use crate::finding::{Finding, Severity};

/// One annotation line per finding.
pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "notice",
        };
        let p = f.location.position();
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&f.location.path_display()),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            property(&format!("{} {}", f.id, f.severity)),
            data(&match &f.help {
                Some(h) => format!("{}\nhelp: {h}", f.message),
                None => f.message.clone(),
            }),
        ));
    }
    out
}

/// One `::warning` annotation per gate finding a suppression or the configuration switched off
/// or re-rated, at the finding, so a planted suppression shows on the pull request.
pub fn render_overrides(overrides: &[crate::suppress::Override]) -> String {
    let mut out = String::new();
    for o in overrides {
        let f = &o.finding;
        let p = f.location.position();
        out.push_str(&format!(
            "::warning file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&f.location.path_display()),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            property(&format!("{} {}", f.id, o.action())),
            data(&o.describe()),
        ));
    }
    out
}

/// Escapes a workflow-command message: the runner's own escapes for `%`, CR and LF, and every
/// other control or invisible character shown escaped ([`super::sanitize::field`]), so no ESC
/// or BEL reaches the log.
fn data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            // The legacy `##[command]` form counts anywhere in a line.
            '[' if out.ends_with("##") => out.push_str("\\u{5b}"),
            c => {
                super::sanitize::push_escaped(&mut out, c);
            }
        }
    }
    out
}

/// Escapes a workflow-command property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;
    use crate::source::{SourceFile, Span};

    #[test]
    fn escapes_commands_injected_through_messages() {
        let file = SourceFile::anonymous("a,b:c.md", "x\n");
        let f = Finding::new(
            "X",
            Severity::High,
            "bad\n::error::spoof",
            Location::new(file, Span::new(0, 1)),
        );
        let out = render(&[f]);
        assert_eq!(out.lines().count(), 1);
        assert!(out.contains("file=a%2Cb%3Ac.md"));
        assert!(out.contains("%0A::error::spoof"));
    }
}
