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

impl Body {
    /// Parses `text` (the body), shifting every span by `base` (where the body starts).
    pub fn parse(text: &str, base: usize) -> Body {
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        opts.insert(Options::ENABLE_TASKLISTS);
        opts.insert(Options::ENABLE_STRIKETHROUGH);
        let mut body = Body::default();
        let shift = |r: std::ops::Range<usize>| Span::new(r.start + base, r.end + base);

        let mut heading: Option<(u8, usize, String)> = None;
        let mut item_stack: Vec<(usize, Option<bool>, String)> = Vec::new();
        let mut code: Option<(String, bool, usize, String, Option<Span>)> = None;
        let mut table: Option<Table> = None;
        let mut cell: Option<(usize, String)> = None;
        let mut quote_depth = 0usize;
        let mut quote_start = 0usize;

        for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
            let span = shift(range.clone());
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

    /// The first heading whose text equals `title`, ignoring case and surrounding punctuation.
    pub fn heading(&self, title: &str) -> Option<&Heading> {
        let want = normalize_title(title);
        self.headings
            .iter()
            .find(|h| normalize_title(&h.text) == want)
    }

    /// True when `offset` lies in code (fenced, indented or inline), a block quote or a table.
    pub fn is_mention(&self, offset: usize) -> bool {
        let inside = |s: &Span| s.start <= offset && offset < s.end;
        self.code_blocks.iter().any(|c| inside(&c.span))
            || self.inline_code.iter().any(inside)
            || self.quotes.iter().any(inside)
            || self.tables.iter().any(|t| inside(&t.span))
    }
}

/// Lowercase, collapse whitespace, drop leading numbering and trailing colons.
pub fn normalize_title(s: &str) -> String {
    let s = s.trim().trim_end_matches(':').trim();
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
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
    if let Some(top) = items.last_mut() {
        top.2.push_str(t);
    }
}
