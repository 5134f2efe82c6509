//! Escaping of input-derived text for the Markdown report, done in Rust before any value
//! reaches a template: the view types hold only escaped strings, so a template (ours or a
//! user's) cannot forget.
//!
//! One escape, [`inline`], is safe everywhere the report puts input text: running text, table
//! cells, emphasis and `<code>` elements. It leaves no raw HTML, no link or image syntax, no
//! code span or fence, no table separator, no line break and no live `@mention`. [`mermaid`]
//! is for labels inside a Mermaid diagram, where Markdown entities do not apply; [`href`] for
//! a relative link target.

/// Escapes text for Markdown inline context (paragraphs, table cells, `<code>`).
///
/// - `<` `>` `&` `"` `'` become HTML entities: no raw HTML, no attribute breakout;
/// - `[` `]` `` ` `` `|` `\` become numeric entities: no links, images, code spans or fences,
///   table cells or escapes of our own making;
/// - `*` `_` `~` are backslash-escaped (no emphasis) and `#` becomes `&#35;` (no heading);
/// - `@` is followed by a zero-width space (`&#8203;`): GitHub does not treat `@&#8203;org/team`
///   as a mention, and the text still reads `@org/team`;
/// - GitHub links issue references in the rendered text, after entities are decoded, so `#`
///   before a letter or digit and the `-` of `GH-123` are followed or preceded by the same
///   zero-width space: `#123`, `org/repo#123` and `GH-123` stay text;
/// - bare URLs are not made links: a zero-width space goes between the `:` and `//` of an
///   `http`, `https` or `ftp` URL (the schemes GFM links) and between `www` and its `.` (in the
///   source and in the decoded text alike, so neither GFM's autolink extension nor a later pass
///   over the text finds them); other references (`s3://…`) stay as written;
/// - line breaks, tabs and other control characters become one space.
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut last_space = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = c == ' ';
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '`' => out.push_str("&#96;"),
            '|' => out.push_str("&#124;"),
            '\\' => out.push_str("&#92;"),
            '@' => out.push_str("@&#8203;"),
            ':' if chars.get(i + 1..i + 3) == Some(&['/', '/']) && autolink_scheme(&chars[..i]) => {
                out.push_str(":&#8203;")
            }
            '.' if i >= 3 && chars[i - 3..i].iter().all(|w| w.eq_ignore_ascii_case(&'w')) => {
                out.push_str("&#8203;.")
            }
            '-' if i >= 2
                && chars[i - 2].eq_ignore_ascii_case(&'g')
                && chars[i - 1].eq_ignore_ascii_case(&'h')
                && next.is_some_and(|n| n.is_ascii_digit()) =>
            {
                out.push_str("&#8203;-")
            }
            '*' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // NOTE: `#` makes a heading at the start of a line; an entity keeps it literal
            // wherever a template puts the value.
            '#' if next.is_some_and(char::is_alphanumeric) => out.push_str("&#35;&#8203;"),
            '#' => out.push_str("&#35;"),
            _ => out.push(c),
        }
    }
    out
}

/// Does the text before a `://` end with a scheme GFM turns into a link?
fn autolink_scheme(before: &[char]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_ascii_lowercase();
    ["http", "https", "ftp"].iter().any(|s| word.ends_with(s))
}

/// Escapes text for a quoted Mermaid label (`A["…"]`): everything but letters, digits,
/// spaces and `.,/_-@+=` becomes a Mermaid entity code (`#34;`), so no quote, bracket, arrow,
/// newline or fence can end the label, start a statement or close the code block.
pub fn mermaid(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | '/' | '_' | '@' | '+' | '=') {
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push_str(&format!("#{};", u32::from(c)));
        }
    }
    out
}

/// A relative link target: each byte outside the unreserved set and `/` is percent-encoded,
/// so the target has no scheme (`javascript%3A…`), no spaces, parentheses or angle brackets.
pub fn href(path: &str, line: Option<usize>) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    // A leading `/` or `//` would make the link absolute or protocol-relative.
    while out.starts_with('/') {
        out.remove(0);
    }
    if let Some(l) = line {
        out.push_str(&format!("#L{l}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_neutralises_markdown_and_html() {
        let s =
            inline("<img src=x onerror=alert(1)> [click](javascript:alert(1)) @org/team | a\n```");
        assert!(!s.contains('<') && !s.contains('>'));
        assert!(!s.contains('[') && !s.contains(']') && !s.contains('`'));
        assert!(!s.contains('|') && !s.contains('\n'));
        assert!(!s.contains("@org"));
    }

    #[test]
    fn no_autolink_issue_reference_or_mention_survives() {
        let s = inline(
            "see https://evil.example/x, WWW.evil.example, <http://a.b>, FTP://c.d, #123, org/repo#7, gh-42, GH-9 and mail@evil.example",
        );
        assert!(inline("s3://models/x").contains("s3://models/x"));
        // What GitHub would read after decoding entities: none of its link patterns match.
        for bad in [
            "://", "www.", "WWW.", "#1", "#7", "gh-4", "GH-9", "@evil", "<http",
        ] {
            assert!(!s.contains(bad), "{bad} in the source {s}");
        }
        let decoded = s
            .replace("&#35;", "#")
            .replace("&#8203;", "\u{200b}")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        for bad in ["://", "www.", "WWW.", "#1", "#7", "gh-4", "GH-9", "@evil"] {
            assert!(!decoded.contains(bad), "{bad} in {decoded}");
        }
        assert!(
            decoded.contains("https:\u{200b}//evil.example/x"),
            "{decoded}"
        );
        // Plain text reads the same.
        assert_eq!(inline("PG001: a.b - c # d"), "PG001: a.b - c &#35; d");
    }

    #[test]
    fn mermaid_labels_cannot_break_out() {
        let s = mermaid("a\"] --> B[\"x\nclick A call alert()\n```");
        assert!(!s.contains('"') && !s.contains(']') && !s.contains('>'));
        assert!(!s.contains('\n') && !s.contains('`'));
    }

    #[test]
    fn hrefs_have_no_scheme() {
        assert_eq!(
            href("javascript:alert(1)", None),
            "javascript%3Aalert%281%29"
        );
        assert_eq!(href("//evil.com/x", Some(3)), "evil.com/x#L3");
        assert_eq!(href("skills/a b.md", Some(2)), "skills/a%20b.md#L2");
    }
}
