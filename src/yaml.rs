//! Span-aware YAML (and JSON) trees, built from `saphyr-parser` events.
//!
//! Every node keeps the byte span of its value, so findings can point at the exact line and
//! column. The tree is built without recursion, with limits on nesting depth and on what
//! aliases may expand to, counted in nodes *and* in bytes: a "billion laughs" document, or one
//! that aliases a megabyte string thousands of times, is an error, not an outage.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::source::{CharIndex, Span};

mod json_escapes;

/// Deepest nesting skillgate accepts in a YAML/JSON document.
pub const MAX_DEPTH: usize = 256;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: `true`, `3`, `null` get their YAML 1.2 core-schema types.
    Plain,
    /// Single or double quoted, or a block scalar: always a string.
    Quoted,
}

/// A scalar value with its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The value after unescaping / folding.
    pub text: String,
    /// Quoted or plain.
    pub style: Style,
    /// An explicit tag such as `!!str`, if any.
    pub tag: Option<String>,
}

/// The type a scalar resolves to under the YAML 1.2 core schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    /// `null`, `~` or empty.
    Null,
    /// `true` / `false`.
    Bool,
    /// An integer.
    Int,
    /// A float.
    Float,
    /// Anything else.
    Str,
}

/// The value of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar.
    Scalar(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order (duplicate keys are kept; see [`Node::duplicate_keys`]).
    Map(Vec<(Node, Node)>),
}

/// A value and the bytes it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Byte span in the source text.
    pub span: Span,
}

/// A YAML / JSON syntax problem, or a limit that was hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, in the parser's words or ours.
    pub message: String,
    /// Where.
    pub span: Span,
}

impl Node {
    /// The scalar, if this is one.
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        self.scalar().map(|s| s.text.as_str())
    }

    /// Mapping entries (empty for non-mappings).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    /// Sequence items (empty for non-sequences).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    /// True for a mapping.
    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// True for a sequence.
    pub fn is_seq(&self) -> bool {
        matches!(self.value, Value::Seq(_))
    }

    /// The value of the first entry whose key is exactly `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The first entry whose key is exactly `key`.
    pub fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries().iter().find(|(k, _)| k.as_str() == Some(key))
    }

    /// The core-schema type of a scalar (`None` for collections).
    pub fn scalar_type(&self) -> Option<ScalarType> {
        self.scalar().map(Scalar::resolved_type)
    }

    /// A short name of the node's type for messages: "string", "list", "mapping", ...
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
            Value::Scalar(s) => match s.resolved_type() {
                ScalarType::Null => "null",
                ScalarType::Bool => "boolean",
                ScalarType::Int => "integer",
                ScalarType::Float => "number",
                ScalarType::Str => "string",
            },
        }
    }

    /// Keys that appear more than once in this mapping (the later occurrences).
    pub fn duplicate_keys(&self) -> Vec<&Node> {
        let mut seen = std::collections::HashSet::new();
        self.entries()
            .iter()
            .filter_map(|(k, _)| k.as_str().filter(|s| !seen.insert(*s)).map(|_| k))
            .collect()
    }
}

impl Scalar {
    /// The YAML 1.2 core-schema type: plain scalars only; quoted ones are strings.
    pub fn resolved_type(&self) -> ScalarType {
        if let Some(tag) = &self.tag {
            return match tag.rsplit([':', '!']).next().unwrap_or("") {
                "null" => ScalarType::Null,
                "bool" => ScalarType::Bool,
                "int" => ScalarType::Int,
                "float" => ScalarType::Float,
                _ => ScalarType::Str,
            };
        }
        if self.style != Style::Plain {
            return ScalarType::Str;
        }
        let t = self.text.as_str();
        match t {
            "" | "~" | "null" | "Null" | "NULL" => ScalarType::Null,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => ScalarType::Bool,
            ".inf" | "-.inf" | "+.inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN" => {
                ScalarType::Float
            }
            _ if is_int(t) => ScalarType::Int,
            _ if t.parse::<f64>().is_ok() && t.bytes().any(|b| b.is_ascii_digit()) => {
                ScalarType::Float
            }
            _ => ScalarType::Str,
        }
    }

    /// The boolean value of a plain `true`/`false`.
    pub fn as_bool(&self) -> Option<bool> {
        if self.resolved_type() != ScalarType::Bool {
            return None;
        }
        Some(self.text.eq_ignore_ascii_case("true"))
    }
}

fn is_int(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if let Some(hex) = body.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = body.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit())
}

/// Parses every document in `text` (YAML 1.2; JSON is a subset). A JSON Lines text (one JSON
/// value per line, as in `.intoto.jsonl`), which is not one YAML document, is read as one
/// document per line.
///
/// The tree may hold at most twice as many nodes as the text has bytes (at least 100,000), and
/// the copies that aliases and anchors make at most twice the text's bytes (at least 1 MiB).
pub fn parse_documents(text: &str) -> Result<Vec<Node>, YamlError> {
    match parse_yaml_documents(text) {
        Ok(docs) => Ok(docs),
        Err(e) => json_lines(text).unwrap_or(Err(e)),
    }
}

/// JSON Lines (<https://jsonlines.org/>): two or more non-blank lines, each one JSON object or
/// array. `None` when the text does not have that shape; otherwise each line parsed on its own,
/// spans shifted to the line's offset in `text` (an error points into the line that failed).
fn json_lines(text: &str) -> Option<Result<Vec<Node>, YamlError>> {
    let mut lines = Vec::new();
    let mut at = 0usize;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let body = line.trim();
        if !body.is_empty() {
            let shaped = (body.starts_with('{') && body.ends_with('}'))
                || (body.starts_with('[') && body.ends_with(']'));
            if !shaped {
                return None;
            }
            lines.push((at, line));
        }
        at += raw.len();
    }
    if lines.len() < 2 {
        return None;
    }
    let mut docs = Vec::with_capacity(lines.len());
    for (offset, line) in lines {
        let shift = |s: Span| Span::new(s.start + offset, s.end + offset);
        let parsed = parse_yaml_documents(line).map_err(|e| YamlError {
            span: shift(e.span),
            ..e
        });
        let mut parsed = match parsed {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        map_spans(&mut parsed, shift);
        docs.extend(parsed);
    }
    Some(Ok(docs))
}

/// Rewrites every span of every node in `docs` (iteratively: no recursion on deep input).
pub fn map_spans(docs: &mut [Node], f: impl Fn(Span) -> Span) {
    let mut todo: Vec<&mut Node> = docs.iter_mut().collect();
    while let Some(node) = todo.pop() {
        node.span = f(node.span);
        match &mut node.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => todo.extend(items.iter_mut()),
            Value::Map(entries) => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
        }
    }
}

fn parse_yaml_documents(text: &str) -> Result<Vec<Node>, YamlError> {
    let max_nodes = text.len().saturating_mul(2).max(100_000);
    let max_copied = text.len().saturating_mul(2).max(1 << 20);
    // JSON surrogate pairs (`"\uD83E\uDD17"`) are rewritten first; spans map back to `text`.
    let Some(rewrite) = json_escapes::rewrite(text) else {
        return parse_with_budget(text, max_nodes, max_copied);
    };
    let back = |s: Span| Span::new(rewrite.original(s.start), rewrite.original(s.end));
    let mut docs =
        parse_with_budget(&rewrite.text, max_nodes, max_copied).map_err(|e| YamlError {
            span: back(e.span),
            ..e
        })?;
    map_spans(&mut docs, back);
    Ok(docs)
}

/// Parses a single document; more than one is an error at the second.
pub fn parse_one(text: &str) -> Result<Node, YamlError> {
    let mut docs = parse_documents(text)?;
    match docs.len() {
        0 => Ok(Node {
            value: Value::Scalar(Scalar {
                text: String::new(),
                style: Style::Plain,
                tag: None,
            }),
            span: Span::point(0),
        }),
        1 => Ok(docs.remove(0)),
        _ => Err(YamlError {
            message: "expected one YAML document, found several".into(),
            span: docs[1].span,
        }),
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        start: usize,
        anchor: usize,
    },
}

fn parse_with_budget(
    text: &str,
    max_nodes: usize,
    max_copied_bytes: usize,
) -> Result<Vec<Node>, YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut chars = CharIndex::new(text);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // anchor id -> (node, node count, bytes of text)
    let mut anchors: HashMap<usize, (Node, usize, usize)> = HashMap::new();
    let mut budget = max_nodes;
    // NOTE: every copy of a subtree (an anchor kept, an alias expanded) copies its strings; a
    // node budget alone lets one huge scalar be aliased thousands of times (issue 14).
    let mut bytes_budget = max_copied_bytes;
    let scan_err = |e: ScanError, chars: &mut CharIndex| {
        let at = chars.byte(e.marker().index());
        YamlError {
            message: e.info().to_string(),
            span: Span::new(at, at + 1),
        }
    };
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| scan_err(e, &mut chars))?;
        let start = chars.byte(span.start.index());
        let end = chars.byte(span.end.index());
        let done: Option<(Node, usize)> = match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {
                None
            }
            Event::Scalar(text, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    _ => Style::Quoted,
                };
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let node = Node {
                    value: Value::Scalar(Scalar {
                        text: text.into_owned(),
                        style,
                        tag,
                    }),
                    span: Span::new(start, end),
                };
                Some((node, anchor))
            }
            Event::Alias(id) => {
                let Some((node, size, bytes)) = anchors.get(&id) else {
                    return Err(YamlError {
                        message: "alias refers to an unknown anchor".into(),
                        span: Span::new(start, end.max(start + 1)),
                    });
                };
                if *size > budget {
                    return Err(YamlError {
                        message: format!(
                            "aliases expand to more than {max_nodes} nodes (a YAML alias bomb?)"
                        ),
                        span: Span::new(start, end.max(start + 1)),
                    });
                }
                if *bytes > bytes_budget {
                    return Err(YamlError {
                        message: format!(
                            "aliases expand to more than {max_copied_bytes} bytes of text (a YAML alias bomb?)"
                        ),
                        span: Span::new(start, end.max(start + 1)),
                    });
                }
                budget -= size;
                bytes_budget -= bytes;
                let mut node = node.clone();
                node.span = Span::new(start, end);
                Some((node, 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        span: Span::new(start, start + 1),
                    });
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        start,
                        anchor,
                    }
                } else {
                    Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        start,
                        anchor,
                    }
                };
                stack.push(frame);
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    items,
                    start,
                    anchor,
                }) => {
                    let end = items.last().map_or(end, |n| n.span.end.max(end));
                    Some((
                        Node {
                            value: Value::Seq(items),
                            span: Span::new(start, end),
                        },
                        anchor,
                    ))
                }
                Some(Frame::Map {
                    entries,
                    start,
                    anchor,
                    ..
                }) => {
                    let end = entries.last().map_or(end, |(_, v)| v.span.end.max(end));
                    Some((
                        Node {
                            value: Value::Map(entries),
                            span: Span::new(start, end),
                        },
                        anchor,
                    ))
                }
                None => None,
            },
        };
        let Some((node, anchor)) = done else { continue };
        if budget == 0 {
            return Err(YamlError {
                message: format!("document has more than {max_nodes} nodes"),
                span: node.span,
            });
        }
        budget -= 1;
        if anchor != 0 {
            let (size, bytes) = measure(&node);
            // Keeping the anchor copies the subtree once more (nested anchors copy again).
            if bytes > bytes_budget {
                return Err(YamlError {
                    message: format!(
                        "anchors copy more than {max_copied_bytes} bytes of text (nested anchors?)"
                    ),
                    span: node.span,
                });
            }
            bytes_budget -= bytes;
            anchors.insert(anchor, (node.clone(), size, bytes));
        }
        match stack.last_mut() {
            None => docs.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(docs)
}

/// Nodes in a tree and the bytes of their text (scalars and tags), without recursion.
fn measure(node: &Node) -> (usize, usize) {
    let mut n = 0;
    let mut bytes = 0usize;
    let mut todo = vec![node];
    while let Some(x) = todo.pop() {
        n += 1;
        match &x.value {
            Value::Scalar(s) => {
                bytes = bytes
                    .saturating_add(s.text.len())
                    .saturating_add(s.tag.as_ref().map_or(0, String::len));
            }
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
        }
    }
    (n, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_spans() {
        let text = "a: 1\nb:\n  c: hello\n  d: [x, 'y']\n";
        let doc = parse_one(text).expect("parses");
        let c = doc.get("b").and_then(|b| b.get("c")).expect("c");
        assert_eq!(&text[c.span.start..c.span.end], "hello");
        let d = doc.get("b").and_then(|b| b.get("d")).expect("d");
        assert_eq!(d.items().len(), 2);
        assert_eq!(doc.get("a").map(Node::type_name), Some("integer"));
    }

    #[test]
    fn json_goes_through_the_same_parser() {
        let text = "{\n  \"a\": {\"b\": \"sha256:00\"},\n\t\"n\": 3\n}";
        let doc = parse_one(text).expect("parses");
        let b = doc.get("a").and_then(|a| a.get("b")).expect("b");
        assert_eq!(&text[b.span.start..b.span.end], "\"sha256:00\"");
    }

    #[test]
    fn json_lines_are_one_document_per_line() {
        let text = "{\"a\": \"x\"}\n\n{\"b\": [1, 2]}\r\n";
        let docs = parse_documents(text).expect("JSON Lines parse");
        assert_eq!(docs.len(), 2);
        let b = docs[1].get("b").expect("b");
        assert_eq!(&text[b.span.start..b.span.end], "[1, 2]");
        // An error points into the line that failed.
        let bad = "{\"a\": 1}\n{\"b\": [1, }\n";
        let err = parse_documents(bad).expect_err("invalid line");
        assert!(err.span.start >= 9, "{err:?}");
        // Not JSON Lines: the YAML error stands.
        assert!(parse_documents("{\"a\": 1}\nb: [\n").is_err());
    }

    #[test]
    fn multi_document() {
        let docs = parse_documents("a: 1\n---\nb: 2\n").expect("parses");
        assert_eq!(docs.len(), 2);
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let err = parse_documents(&text).expect_err("bomb");
        assert!(err.message.contains("alias"), "{}", err.message);
    }

    #[test]
    fn an_alias_of_a_large_string_is_counted_in_bytes() {
        let big = "x".repeat(200_000);
        let refs = vec!["*a"; 3000].join(", ");
        let text = format!("big: &a \"{big}\"\nbomb: [{refs}]\n");
        let err = parse_documents(&text).expect_err("string bomb");
        assert!(err.message.contains("bytes"), "{}", err.message);
        // A few aliases of it are fine.
        let text = format!("big: &a \"{big}\"\nok: [*a, *a]\n");
        assert!(parse_documents(&text).is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse_documents(&text).expect_err("too deep");
        assert!(
            err.message.contains("nest") || err.message.contains("recursion"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_error_has_a_position() {
        let text = "a: 1\nb: [unclosed\n";
        let err = parse_documents(text).expect_err("error");
        assert!(err.span.start > 4, "{err:?}");
    }

    #[test]
    fn json_surrogate_pairs_big_numbers_and_deep_nesting_parse() {
        // CycloneDX ML-BOM examples spell 🤗 as a UTF-16 surrogate pair.
        let text = "{\"name\": \"\\uD83E\\uDD17 \\uD83E\\uDD17\",\n \"big\": 123456789012345678901234567890, \"f\": 1e400,\n \"lone\": \"\\uDE00\", \"next\": \"sha256:ab\"}";
        let doc = parse_one(text).expect("valid JSON parses");
        assert_eq!(doc.get("name").and_then(Node::as_str), Some("🤗 🤗"));
        assert_eq!(doc.get("lone").and_then(Node::as_str), Some("\u{fffd}"));
        assert_eq!(
            doc.get("big").and_then(Node::as_str),
            Some("123456789012345678901234567890")
        );
        assert_eq!(doc.get("big").map(Node::type_name), Some("integer"));
        assert_eq!(doc.get("f").map(Node::type_name), Some("number"));
        // Spans after the rewritten escapes still point into the text as written.
        let name = doc.get("name").expect("name");
        assert_eq!(
            &text[name.span.start..name.span.end],
            "\"\\uD83E\\uDD17 \\uD83E\\uDD17\""
        );
        let next = doc.get("next").expect("next");
        assert_eq!(&text[next.span.start..next.span.end], "\"sha256:ab\"");
        let deep = format!("{}\"\\uD83E\\uDD17\"{}", "[".repeat(200), "]".repeat(200));
        assert!(parse_one(&deep).is_ok());
    }

    #[test]
    fn json_error_after_a_surrogate_pair_points_into_the_original_text() {
        let text = "{\"a\": \"\\uD83E\\uDD17\",\n \"b\": [}";
        let err = parse_documents(text).expect_err("syntax error");
        assert_eq!(err.span.start, text.find('}').expect("brace"), "{err:?}");
    }

    #[test]
    fn yaml_plain_scalar_with_backslash_u_keeps_its_text() {
        let doc = parse_one("a: \\uD83E\\uDD17\n").expect("parses");
        assert_eq!(doc.get("a").and_then(Node::as_str), Some("\\uD83E\\uDD17"));
    }

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "é: ü\nk: value\n";
        let doc = parse_one(text).expect("parses");
        let k = doc.get("k").expect("k");
        assert_eq!(&text[k.span.start..k.span.end], "value");
    }
}
