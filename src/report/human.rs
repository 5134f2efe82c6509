//! rustc-style diagnostics for a terminal: `severity[ID]: message`, the location, the source
//! line with a caret underline, and a `help:` line.

use std::fmt::Write as _;

use super::sanitize;
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

/// Characters of context shown before a span in a snippet, and after it.
pub const SNIPPET_BEFORE: usize = 60;
/// See [`SNIPPET_BEFORE`].
pub const SNIPPET_AFTER: usize = 40;
/// Characters of the span itself shown in a snippet (and carets under it).
pub const SNIPPET_SPAN: usize = 120;
/// Characters of a message, note or help line shown (the JSON output has all of it).
pub const MAX_MESSAGE: usize = 1000;

/// Renders one finding. Every string from an input goes through [`clean`]; the source line is
/// cut to a window around the span ([`SNIPPET_BEFORE`], [`SNIPPET_SPAN`], [`SNIPPET_AFTER`]),
/// so a long line is never printed whole, once per finding.
pub fn diagnostic(f: &Finding, style: Style) -> String {
    let mut out = String::new();
    let pos = f.location.position();
    let _ = writeln!(
        out,
        "{}{}: {}",
        style.severity(f.severity),
        style.paint("1", &format!("[{}]", clean(&f.id))),
        style.paint("1", &clean_capped(&f.message))
    );
    let gutter = pos.line.to_string().len().max(2);
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        style.paint("1;34", "-->"),
        clean(&f.location.path_display()),
        pos.line,
        pos.column
    );
    let file = &f.location.file;
    let line = file.line_text(pos.line);
    if !line.is_empty() || file.text.is_empty() {
        let bar = style.paint("1;34", "|");
        let line_start = file.line_start(pos.line);
        let start = file.clamp(f.location.span.start).max(line_start) - line_start;
        let start = start.min(line.len());
        let end = if pos.end_line == pos.line {
            (file.clamp(f.location.span.end) - line_start).clamp(start, line.len())
        } else {
            line.len()
        };
        let snip = snippet(line, start, end);
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {}",
            style.paint("1;34", &format!("{:>gutter$}", pos.line)),
            snip.text
        );
        let _ = writeln!(
            out,
            "{pad} {bar} {}{}",
            snip.lead,
            style.paint(severity_code(f.severity), &"^".repeat(snip.carets))
        );
    }
    for label in &f.labels {
        let p = label.location.position();
        let _ = writeln!(
            out,
            "{pad} {} note: {} ({}:{}:{})",
            style.paint("1;34", "="),
            clean_capped(&label.message),
            clean(&label.location.path_display()),
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
            clean_capped(help)
        );
    }
    out
}

/// A source line cut to a window around a span, escaped, with the caret line's lead.
#[derive(Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The shown text (`…` where the line was cut).
    pub text: String,
    /// Spaces (and tabs where the line has them) up to the first caret.
    pub lead: String,
    /// How many carets.
    pub carets: usize,
}

/// The window of `line` around the byte range `start..end` (on char boundaries): at most
/// [`SNIPPET_BEFORE`] characters before it, [`SNIPPET_SPAN`] of it and [`SNIPPET_AFTER`] after,
/// each character escaped as [`clean`] does. Work is bounded by the window, not the line.
pub fn snippet(line: &str, start: usize, end: usize) -> Snippet {
    // NOTE: the window is counted in displayed columns after escaping (a control character
    // shows as `\u{17}`, six columns), and in characters too (a run of zero-width characters
    // must not make it unbounded): found by the `sanitize` fuzz target.
    let mut scratch = String::new();
    let mut width_of = |c: char| {
        scratch.clear();
        sanitize::push_escaped(&mut scratch, c)
    };
    let mut before: Vec<(char, usize)> = Vec::new();
    let mut width = 0;
    let mut cut_before = false;
    for c in line[..start].chars().rev() {
        let w = width_of(c);
        if before.len() >= SNIPPET_BEFORE || width + w > SNIPPET_BEFORE {
            cut_before = true;
            break;
        }
        width += w;
        before.push((c, w));
    }
    let mut text = String::new();
    let mut lead = String::new();
    if cut_before {
        text.push('…');
        lead.push(' ');
    }
    for &(c, w) in before.iter().rev() {
        sanitize::push_escaped(&mut text, c);
        if c == '\t' {
            lead.push('\t');
        } else {
            lead.push_str(&" ".repeat(w));
        }
    }
    let mut carets = 0;
    let mut shown_end = start;
    for (shown, (i, c)) in line[start..end].char_indices().enumerate() {
        let w = width_of(c);
        if shown >= SNIPPET_SPAN || (shown > 0 && carets + w > SNIPPET_SPAN) {
            break;
        }
        carets += sanitize::push_escaped(&mut text, c);
        shown_end = start + i + c.len_utf8();
    }
    let cut_span = shown_end < end;
    let rest = if cut_span {
        &line[shown_end..]
    } else {
        &line[end..]
    };
    let mut after = rest.chars().peekable();
    if cut_span {
        text.push('…');
    } else {
        let (mut n, mut width) = (0, 0);
        while let Some(&c) = after.peek() {
            let w = width_of(c);
            if n >= SNIPPET_AFTER || width + w > SNIPPET_AFTER {
                break;
            }
            sanitize::push_escaped(&mut text, c);
            after.next();
            n += 1;
            width += w;
        }
    }
    if (cut_span || after.peek().is_some()) && !text.ends_with('…') {
        text.push('…');
    }
    Snippet {
        text,
        lead,
        carets: carets.clamp(1, SNIPPET_SPAN),
    }
}

fn severity_code(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "1;31",
        Severity::Medium => "1;33",
        Severity::Low => "1;36",
    }
}

/// Escapes what a terminal or CI log would act on or hide ([`sanitize::field`]): every string
/// from an input passes through here before it is printed.
pub fn clean(s: &str) -> String {
    sanitize::field(s).into_owned()
}

/// [`clean`], cut to [`MAX_MESSAGE`] characters.
pub fn clean_capped(s: &str) -> String {
    let mut it = s.char_indices();
    match it.nth(MAX_MESSAGE) {
        None => clean(s),
        Some((at, _)) => {
            let mut out = clean(&s[..at]);
            out.push_str("… (cut; --format json has it all)");
            out
        }
    }
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
