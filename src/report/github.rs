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

/// Escapes a workflow-command message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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
