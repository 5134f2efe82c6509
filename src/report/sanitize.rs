//! The one sanitiser for text printed to a terminal or a CI log (`--format human`, `--format
//! github`, standard error).
//!
//! Paths, record keys, case titles, gate titles and source lines come from files a pull request
//! can add, and the job log is read by a terminal and by the GitHub Actions runner, which obeys
//! *workflow commands* in it (`::add-mask::`, `::error …::`, `::stop-commands::`). So:
//!
//! * [`field`] escapes, in each string taken from an input, every character that a terminal or
//!   a log viewer would act on or hide instead of show: C0 controls but the tab (so ESC, and with
//!   it CSI, OSC 8 hyperlinks and OSC 52 clipboard writes, BEL, CR, LF), DEL, C1 controls, bidi
//!   controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), zero-width and other
//!   invisible characters (U+00AD, U+180E, U+200B–U+200D, U+2060–U+2064, U+FEFF, U+FFF9–U+FFFB,
//!   Unicode tag characters U+E0000–U+E007F), and the line and paragraph separators U+2028 /
//!   U+2029. Each is shown as `\u{…}` (`\n`, `\r` for the two line breaks), so the reader sees
//!   that it was there.
//! * [`lines`] neutralises workflow commands in a whole output: a line that starts with `::`
//!   after leading whitespace (the runner trims it, as .NET's `TrimStart` does, Unicode spaces
//!   included) gets its first colon shown as `\u{3a}`, and the legacy `##[command]` form, which
//!   the runner accepts anywhere in a line, gets its bracket shown as `\u{5b}`.
//! * [`terminal_text`] does both for text with no colour codes of ours (messages on standard
//!   error, `skillgate rules`).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Escapes every character of `s` that a terminal or log would act on or hide (see the module
/// docs). Tabs stay (source snippets line up with them).
pub fn field(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c` to `out`, escaped when [`field`] would escape it; returns how many columns the
/// result takes (for caret lines under a snippet).
pub fn push_escaped(out: &mut String, c: char) -> usize {
    if !needs_escape(c) {
        out.push(c);
        return 1;
    }
    let before = out.len();
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    out.len() - before
}

/// True for the characters [`field`] escapes.
pub fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || is_invisible(c)
}

pub use crate::source::is_invisible;

/// Neutralises GitHub Actions workflow commands in `text` (see the module docs). Everything
/// else is left as it is, colour codes of skillgate's own included.
pub fn lines(text: &str) -> Cow<'_, str> {
    if !text.contains("::") && !text.contains("##[") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches(char::is_whitespace);
        let lead = &line[..line.len() - body.len()];
        let body = match body.strip_prefix(':') {
            Some(rest) if rest.starts_with(':') => {
                out.push_str(lead);
                out.push_str("\\u{3a}");
                rest
            }
            _ => {
                out.push_str(lead);
                body
            }
        };
        let mut rest = body;
        while let Some(at) = rest.find("##[") {
            out.push_str(&rest[..at + 2]);
            out.push_str("\\u{5b}");
            rest = &rest[at + 3..];
        }
        out.push_str(rest);
    }
    Cow::Owned(out)
}

/// [`field`] on each line of `text` (line breaks kept), then [`lines`]: for text printed
/// without colour codes of skillgate's own.
pub fn terminal_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&field(line));
    }
    lines(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_invisible_text() {
        let s =
            "a\x1b]52;c;Zm9v\x07b\x1b[2Jc\u{9b}d\u{202e}e\u{200b}f\u{2028}g\nh\ti\u{7f}\u{e0041}";
        let f = field(s);
        assert_eq!(
            f,
            "a\\u{1b}]52;c;Zm9v\\u{7}b\\u{1b}[2Jc\\u{9b}d\\u{202e}e\\u{200b}f\\u{2028}g\\nh\ti\\u{7f}\\u{e0041}"
        );
        assert!(!f.chars().any(needs_escape));
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(
            field("skills/a/SKILL.md: ok é ✓"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(lines("a: b\nc"), Cow::Borrowed(_)));
    }

    #[test]
    fn workflow_commands_are_neutralised() {
        let out = lines(
            "::add-mask::x\n   \u{a0}::error file=a::b\nok :: not a command\nx ##[set-output name=a]b\n",
        );
        for l in out.lines() {
            assert!(!l.trim_start().starts_with("::"), "{l}");
            assert!(!l.contains("##["), "{l}");
        }
        assert!(out.starts_with("\\u{3a}:add-mask::x\n"));
        assert!(out.contains("ok :: not a command"));
    }

    #[test]
    fn terminal_text_keeps_line_breaks_but_escapes_the_rest() {
        let t = terminal_text("error: bad\u{1b}[31m\n::warning::x\r\n");
        assert_eq!(t, "error: bad\\u{1b}[31m\n\\u{3a}:warning::x\\r\n");
    }
}
