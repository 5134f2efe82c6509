//! The Markdown body of a SKILL.md as skillgate needs it: headings with their sections,
//! checklist items, tables, fenced code blocks, links, and the spans that hold *mentions*
//! (code, block quotes, table cells) rather than instructions.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::source::Span;

/// A heading and the section it opens.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text of the heading.
    pub text: String,
    /// The heading line.
    pub span: Span,
    /// From the heading to the next heading of the same or a higher level (or the end).
    pub section: Span,
}

/// A `- [ ]` / `- [x]` item.
#[derive(Debug, Clone)]
pub struct TaskItem {
    /// Ticked or not.
    pub checked: bool,
    /// Plain text of the item.
    pub text: String,
    /// The item's span.
    pub span: Span,
}

/// A fenced or indented code block.
#[derive(Debug, Clone)]
pub struct CodeBlock {
    /// The info string of a fenced block (`yaml`, `markdown`, ...); empty otherwise.
    pub info: String,
    /// True for a fenced block.
    pub fenced: bool,
    /// The whole block, fences included.
    pub span: Span,
    /// The block's contents.
    pub content: String,
    /// Span of the contents (best effort: the lines between the fences).
    pub content_span: Span,
}

/// A link or image.
#[derive(Debug, Clone)]
pub struct Link {
    /// Destination as written.
    pub dest: String,
    /// The link's span.
    pub span: Span,
    /// True for an image.
    pub image: bool,
}

/// A table: rows of cells, each with its text and span.
#[derive(Debug, Clone)]
pub struct Table {
    /// The whole table.
    pub span: Span,
    /// Header row first.
    pub rows: Vec<Vec<(String, Span)>>,
}

/// The parsed Markdown body. All spans are byte offsets in the whole file.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Checklist items in order.
    pub tasks: Vec<TaskItem>,
    /// Code blocks in order.
    pub code_blocks: Vec<CodeBlock>,
    /// Links and images in order.
    pub links: Vec<Link>,
    /// Tables in order.
    pub tables: Vec<Table>,
    /// Inline code spans.
    pub inline_code: Vec<Span>,
    /// Block quotes (outermost).
    pub quotes: Vec<Span>,
    /// Raw HTML blocks and inline HTML (comments included, for suppressions).
    pub html: Vec<(String, Span)>,
}

/// Bodies up to this size are parsed in one piece; larger ones in parts of about
/// [`CHUNK_TARGET`] bytes (see [`Body::parse`]).
pub const CHUNK_MIN: usize = 1 << 20;
/// Size a part of a large body aims for.
pub const CHUNK_TARGET: usize = 256 << 10;
/// Largest part: with no safe place to cut in this many bytes, the cut is forced.
pub const CHUNK_MAX: usize = 1 << 20;
/// Most bytes of link reference definitions repeated into every part.
const MAX_SHARED_DEFINITIONS: usize = 64 << 10;

impl Body {
    /// Parses `text` (the body), shifting every span by `base` (where the body starts).
    ///
    /// NOTE: the Markdown parser keeps a node for every block and inline item of the whole
    /// document until it is dropped: 20 to 45 bytes of memory per byte of a dense 10 MiB file
    /// (issue 14). A body over [`CHUNK_MIN`] is therefore parsed in parts, cut only between top
    /// level blocks (after a blank line, before a line that starts at column 0 and cannot
    /// continue a list, quote, table, fence or HTML block), with the document's link reference
    /// definitions repeated into each part; the result is the same as one parse (a test checks
    /// it). Only a part with no such place in [`CHUNK_MAX`] bytes (one giant paragraph) is cut
    /// at a line end or a space, where a construct spanning the cut may be read differently.
    pub fn parse(text: &str, base: usize) -> Body {
        Body::parse_in_chunks(text, base, CHUNK_MIN, CHUNK_TARGET, CHUNK_MAX)
    }

    /// [`Body::parse`] with explicit chunk sizes (for tests).
    pub fn parse_in_chunks(text: &str, base: usize, min: usize, target: usize, max: usize) -> Body {
        let mut body = Body::default();
        if text.len() <= min {
            body.parse_part(text, text.len(), base);
        } else {
            let defs = reference_definitions(text);
            let mut start = 0;
            for end in chunk_ends(text, target, max) {
                if defs.is_empty() {
                    body.parse_part(&text[start..end], end - start, base + start);
                } else {
                    let mut part = String::with_capacity(end - start + defs.len() + 2);
                    part.push_str(&text[start..end]);
                    part.push_str("\n\n");
                    part.push_str(&defs);
                    body.parse_part(&part, end - start, base + start);
                }
                start = end;
            }
        }
        let end = base + text.len();
        // Close each section at the next heading of the same or a higher level.
        let n = body.headings.len();
        for i in 0..n {
            let level = body.headings[i].level;
            let stop = body.headings[i + 1..]
                .iter()
                .find(|h| h.level <= level)
                .map_or(end, |h| h.span.start);
            body.headings[i].section = Span::new(body.headings[i].span.start, stop);
        }
        body
    }

    /// Parses `text` and appends what it holds, for the events that start in its first `len`
    /// bytes (the rest is shared link reference definitions), spans shifted by `base`.
    fn parse_part(&mut self, text: &str, len: usize, base: usize) {
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        opts.insert(Options::ENABLE_TASKLISTS);
        opts.insert(Options::ENABLE_STRIKETHROUGH);
        let body = self;
        let shift = |r: std::ops::Range<usize>| Span::new(r.start + base, r.end + base);

        let mut heading: Option<(u8, usize, String)> = None;
        let mut item_stack: Vec<(usize, Option<bool>, String)> = Vec::new();
        let mut code: Option<(String, bool, usize, String, Option<Span>)> = None;
        let mut table: Option<Table> = None;
        let mut cell: Option<(usize, String)> = None;
        let mut quote_depth = 0usize;
        let mut quote_start = 0usize;

        for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
            if range.start >= len {
                break;
            }
            let span = shift(range.start..range.end.min(len));
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((level as u8, span.start, String::new()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, start, text)) = heading.take() {
                        body.headings.push(Heading {
                            level,
                            text: text.trim().to_string(),
                            span: Span::new(start, span.end),
                            section: Span::new(start, span.end),
                        });
                    }
                }
                Event::Start(Tag::Item) => item_stack.push((span.start, None, String::new())),
                Event::TaskListMarker(checked) => {
                    if let Some(top) = item_stack.last_mut() {
                        top.1 = Some(checked);
                    }
                }
                Event::End(TagEnd::Item) => {
                    if let Some((start, Some(checked), text)) = item_stack.pop() {
                        body.tasks.push(TaskItem {
                            checked,
                            text: text.trim().to_string(),
                            span: Span::new(start, span.end),
                        });
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let (info, fenced) = match kind {
                        CodeBlockKind::Fenced(info) => (info.to_string(), true),
                        CodeBlockKind::Indented => (String::new(), false),
                    };
                    code = Some((info, fenced, span.start, String::new(), None));
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((info, fenced, start, content, content_span)) = code.take() {
                        body.code_blocks.push(CodeBlock {
                            info,
                            fenced,
                            span: Span::new(start, span.end),
                            content,
                            content_span: content_span.unwrap_or(Span::point(start)),
                        });
                    }
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    if quote_depth == 0 {
                        quote_start = span.start;
                    }
                    quote_depth += 1;
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    quote_depth = quote_depth.saturating_sub(1);
                    if quote_depth == 0 {
                        body.quotes.push(Span::new(quote_start, span.end));
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    body.links.push(Link {
                        dest: dest_url.to_string(),
                        span,
                        image: false,
                    });
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    body.links.push(Link {
                        dest: dest_url.to_string(),
                        span,
                        image: true,
                    });
                }
                Event::Start(Tag::Table(_)) => {
                    table = Some(Table {
                        span,
                        rows: Vec::new(),
                    })
                }
                Event::End(TagEnd::Table) => body.tables.extend(table.take()),
                Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                    if let Some(t) = table.as_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                Event::Start(Tag::TableCell) => cell = Some((span.start, String::new())),
                Event::End(TagEnd::TableCell) => {
                    if let (Some((start, text)), Some(t)) = (cell.take(), table.as_mut()) {
                        if let Some(row) = t.rows.last_mut() {
                            row.push((text.trim().to_string(), Span::new(start, span.end)));
                        }
                    }
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    body.html.push((html.to_string(), span));
                }
                Event::Code(c) => {
                    body.inline_code.push(span);
                    push_text(&mut heading, &mut item_stack, &mut cell, &c);
                }
                Event::Text(t) => {
                    if let Some(c) = code.as_mut() {
                        if c.4.is_none() {
                            c.4 = Some(span);
                        } else if let Some(s) = c.4.as_mut() {
                            s.end = span.end;
                        }
                        c.3.push_str(&t);
                    } else {
                        push_text(&mut heading, &mut item_stack, &mut cell, &t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    push_text(&mut heading, &mut item_stack, &mut cell, " ");
                }
                _ => {}
            }
        }
    }

    /// The first heading whose text equals `title`, ignoring case and surrounding punctuation.
    pub fn heading(&self, title: &str) -> Option<&Heading> {
        let want = normalize_title(title);
        self.headings
            .iter()
            .find(|h| normalize_title(&h.text) == want)
    }

    /// True when `offset` lies in code (fenced, indented or inline), a block quote or a table.
    ///
    /// NOTE: each list is in document order and its spans do not overlap, so a binary search
    /// answers (a rule asks once per phrase: a linear scan made it quadratic, issue 14).
    pub fn is_mention(&self, offset: usize) -> bool {
        in_sorted(&self.code_blocks, offset, |c| c.span)
            || in_sorted(&self.inline_code, offset, |s| *s)
            || in_sorted(&self.quotes, offset, |s| *s)
            || in_sorted(&self.tables, offset, |t| t.span)
    }
}

/// Where to cut `text` into parts for [`Body::parse`]: the end offset of each part (the last is
/// `text.len()`). A cut goes before a line that starts a new top-level block after a blank
/// line, outside fenced code and HTML blocks, once a part has `target` bytes; a part that
/// reaches `max` bytes without one is cut at its last line end, or failing that its last space.
pub fn chunk_ends(text: &str, target: usize, max: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut start = 0;
    let mut fence: Option<(u8, usize)> = None;
    let mut html_end: Option<&'static str> = None;
    let mut prev_blank = false;
    let mut pos = 0;
    while pos < bytes.len() {
        let line_end = memchr_line_end(bytes, pos);
        let line = &text[pos..line_end];
        if pos > start {
            let size = pos - start;
            let safe = fence.is_none() && html_end.is_none() && prev_blank && starts_block(line);
            if (size >= target && safe) || size >= max {
                ends.push(pos);
                start = pos;
            }
        }
        // A single line longer than `max`: a part of its own, cut at spaces (or anywhere on a
        // char boundary).
        if line_end - pos > max {
            if pos > start {
                ends.push(pos);
                start = pos;
            }
            while line_end - start > max {
                let mut w_end = start + max;
                while !text.is_char_boundary(w_end) {
                    w_end -= 1;
                }
                let mut cut = text[start..w_end]
                    .rfind([' ', '\t'])
                    .map_or(0, |i| start + i + 1);
                if cut <= start {
                    cut = w_end.max(start + 1);
                    while !text.is_char_boundary(cut) {
                        cut += 1;
                    }
                }
                ends.push(cut);
                start = cut;
            }
        }
        let trimmed = line.trim_end_matches(['\n', '\r']);
        prev_blank = trimmed.trim().is_empty();
        track_fence_and_html(trimmed, &mut fence, &mut html_end);
        pos = line_end;
    }
    if ends.last() != Some(&text.len()) {
        ends.push(text.len());
    }
    ends.retain(|e| *e > 0);
    ends.dedup();
    ends
}

/// One past the end of the line that starts at `pos` (its `\n` included).
fn memchr_line_end(bytes: &[u8], pos: usize) -> usize {
    bytes[pos..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| pos + i + 1)
}

/// Does this line start a top-level block that cannot continue the one before a blank line (a
/// list, a block quote, indented code, a table)?
fn starts_block(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return false;
    };
    if first.is_whitespace() || matches!(first, '>' | '-' | '+' | '*' | '|' | '[') {
        return false;
    }
    // `1.` / `1)` starts an ordered list item.
    if first.is_ascii_digit() {
        let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
        if rest.starts_with(['.', ')']) {
            return false;
        }
    }
    true
}

/// Follows fenced code blocks and the HTML blocks that can span blank lines (comments,
/// `<script>`, `<pre>`, `<style>`, `<textarea>`, `<?…?>`, `<!…>`, CDATA).
fn track_fence_and_html(
    line: &str,
    fence: &mut Option<(u8, usize)>,
    html_end: &mut Option<&'static str>,
) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = line.trim_start_matches(' ');
    if let Some((c, n)) = *fence {
        let run = body.bytes().take_while(|b| *b == c).count();
        if indent <= 3 && run >= n && body[run..].trim().is_empty() {
            *fence = None;
        }
        return;
    }
    if let Some(end) = *html_end {
        if line.to_ascii_lowercase().contains(end) {
            *html_end = None;
        }
        return;
    }
    if indent > 3 {
        return;
    }
    for c in [b'`', b'~'] {
        let run = body.bytes().take_while(|b| *b == c).count();
        if run >= 3 && !(c == b'`' && body[run..].contains('`')) {
            *fence = Some((c, run));
            return;
        }
    }
    let lower = body.to_ascii_lowercase();
    let opens: [(&str, &'static str); 8] = [
        ("<!--", "-->"),
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
        ("<?", "?>"),
        ("<![cdata[", "]]>"),
        ("<!", ">"),
    ];
    for (open, end) in opens {
        if let Some(rest) = lower.strip_prefix(open) {
            if !rest.contains(end) {
                *html_end = Some(end);
            }
            return;
        }
    }
}

/// The link reference definitions of `text` (`[label]: destination`, outside fenced code),
/// joined, to repeat into every part of a chunked parse; empty when there are none or they are
/// too many to repeat ([`MAX_SHARED_DEFINITIONS`]).
fn reference_definitions(text: &str) -> String {
    let mut out = String::new();
    let mut fence = None;
    let mut html = None;
    for line in text.lines() {
        let was_code = fence.is_some() || html.is_some();
        track_fence_and_html(line, &mut fence, &mut html);
        if was_code {
            continue;
        }
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() > 3 || !t.starts_with('[') {
            continue;
        }
        if let Some(close) = t.find("]:") {
            if close > 1 {
                out.push_str(line);
                out.push('\n');
                if out.len() > MAX_SHARED_DEFINITIONS {
                    return String::new();
                }
            }
        }
    }
    out
}

/// Whether `offset` is inside one of `items`' spans, for items in document order whose spans
/// do not overlap: the last span starting at or before `offset` is the only candidate.
pub fn in_sorted<T>(items: &[T], offset: usize, span: impl Fn(&T) -> Span) -> bool {
    let n = items.partition_point(|x| span(x).start <= offset);
    n > 0 && offset < span(&items[n - 1]).end
}

/// Lowercase, collapse whitespace, drop leading numbering and trailing colons.
pub fn normalize_title(s: &str) -> String {
    let s = s.trim().trim_end_matches(':').trim();
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    // One allocation: the words joined by single spaces, lowercased in place when ASCII.
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_ascii() {
        out.make_ascii_lowercase();
        out
    } else {
        out.to_lowercase()
    }
}

fn push_text(
    heading: &mut Option<(u8, usize, String)>,
    items: &mut [(usize, Option<bool>, String)],
    cell: &mut Option<(usize, String)>,
    t: &str,
) {
    if let Some(h) = heading.as_mut() {
        h.2.push_str(t);
    }
    if let Some(c) = cell.as_mut() {
        c.1.push_str(t);
    }
    // Only a task item's text is kept (the marker comes before any of its text): collecting
    // every list item's text allocated for nothing.
    if let Some(top) = items.last_mut().filter(|top| top.1.is_some()) {
        top.2.push_str(t);
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_title;

    proptest::proptest! {
        /// One allocation, same result as joining the words and lowercasing the whole.
        #[test]
        fn normalize_title_is_join_then_lowercase(s in "[ 1.:aZ\t\u{0B}ΣσİK-]{0,16}") {
            let t = s.trim().trim_end_matches(':').trim();
            let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            proptest::prop_assert_eq!(normalize_title(&s), want);
        }
    }
}
