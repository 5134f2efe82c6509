//! A loaded file and the one place that turns byte offsets into line and column numbers.
//!
//! Positions are 0-based byte offsets everywhere inside skillgate; they become 1-based lines and
//! 1-based character columns only here, at the output edge.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Default largest file skillgate reads (10 MiB); larger files are a finding, not a crash.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// A half-open byte range `[start, end)` in a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte (0-based).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards).
    pub fn new(start: usize, end: usize) -> Self {
        if end < start {
            Span {
                start: end,
                end: start,
            }
        } else {
            Span { start, end }
        }
    }

    /// An empty span at `at`.
    pub fn point(at: usize) -> Self {
        Span { start: at, end: at }
    }
}

/// A 1-based line and column range, ready for output. Columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based start line.
    pub line: usize,
    /// 1-based start column.
    pub column: usize,
    /// 1-based end line (inclusive).
    pub end_line: usize,
    /// 1-based end column (exclusive, so a one-character value at column 3 ends at 4).
    pub end_column: usize,
}

/// A file's text with an index of line starts. Cheap to share (`Arc`).
#[derive(Debug)]
pub struct SourceFile {
    /// The path as skillgate shows it (as given on the command line, joined with the walk).
    pub path: PathBuf,
    /// The file's text, without a leading byte-order mark.
    pub text: String,
    line_starts: Vec<usize>,
}

/// Why a file could not be taken as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    /// The file is larger than the configured limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is not valid UTF-8; `offset` is the first bad byte in the (lossily decoded) text.
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence in the lossy text.
        offset: usize,
    },
    /// The file holds a NUL byte (a binary file, most likely).
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
}

impl fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadProblem::TooLarge { size, limit } => write!(
                f,
                "file is {size} bytes, over the {limit}-byte limit (raise it with --max-file-size)"
            ),
            ReadProblem::InvalidUtf8 { .. } => write!(f, "file is not valid UTF-8"),
            ReadProblem::Binary { .. } => write!(f, "file holds a NUL byte (binary?)"),
        }
    }
}

/// The result of reading one file: the source (possibly lossy or empty) and any problem.
pub struct Loaded {
    /// The file, always present so a problem can point into it.
    pub file: Arc<SourceFile>,
    /// Set when the text is not usable as-is.
    pub problem: Option<(ReadProblem, Span)>,
}

/// Reads a file once, applying the size limit. I/O errors (missing, unreadable) are returned as
/// `Err`; content problems come back inside [`Loaded`] so they become findings.
pub fn read(path: &Path, max_size: u64) -> std::io::Result<Loaded> {
    use std::io::Read;
    let too_large = |size: u64| Loaded {
        file: Arc::new(SourceFile::new(path.to_path_buf(), String::new())),
        problem: Some((
            ReadProblem::TooLarge {
                size,
                limit: max_size,
            },
            Span::point(0),
        )),
    };
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > max_size {
        return Ok(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // NOTE: `take` guards against files that grow between metadata and read.
    file.take(max_size + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Ok(too_large(bytes.len() as u64));
    }
    Ok(from_bytes(path.to_path_buf(), bytes))
}

/// Builds a [`Loaded`] from raw bytes: strips a UTF-8 BOM, decodes lossily when needed.
pub fn from_bytes(path: PathBuf, mut bytes: Vec<u8>) -> Loaded {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let nul = text.find('\0');
            let file = Arc::new(SourceFile::new(path, text));
            Loaded {
                problem: nul.map(|o| (ReadProblem::Binary { offset: o }, Span::new(o, o + 1))),
                file,
            }
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            // The lossy text keeps every valid byte before `valid`, so the offset carries over.
            let end = text[valid..]
                .chars()
                .next()
                .map_or(valid, |c| valid + c.len_utf8());
            Loaded {
                file: Arc::new(SourceFile::new(path, text)),
                problem: Some((
                    ReadProblem::InvalidUtf8 { offset: valid },
                    Span::new(valid, end),
                )),
            }
        }
    }
}

impl SourceFile {
    /// Indexes `text` for line lookups.
    pub fn new(path: PathBuf, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// A source for text that has no file (stdin, tests).
    pub fn anonymous(name: &str, text: &str) -> Arc<Self> {
        Arc::new(SourceFile::new(PathBuf::from(name), text.to_string()))
    }

    /// Number of lines (a trailing newline does not start a new line).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if n > 1 && self.line_starts[n - 1] == self.text.len() {
            n - 1
        } else {
            n
        }
    }

    /// Clamps an offset into the text and onto a char boundary.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters, and a `\r` before
    /// the newline is part of the line's end, not its text.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let upto = &self.text[start..offset];
        // NOTE: an offset inside the line ending (a `\r` before `\n`, or a lone `\r` at the end
        // of the file) is just past the line's text, never beyond it (found by tests/properties).
        let visible = self.line_text(line + 1);
        let column = if upto.len() > visible.len() {
            visible.chars().count() + 1
        } else {
            upto.chars().count() + 1
        };
        (line + 1, column)
    }

    /// 1-based positions of a span. An empty span still covers one column so it can be shown.
    pub fn position(&self, span: Span) -> Position {
        let (line, column) = self.line_col(span.start);
        let (end_line, mut end_column) = self.line_col(span.end);
        if end_line == line && end_column <= column {
            end_column = column + 1;
        }
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        if line == 0 || line > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte offset of a 0-based character index (what some parsers report).
    pub fn char_to_byte(&self, char_index: usize) -> usize {
        if self.text.is_ascii() {
            return char_index.min(self.text.len());
        }
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let s = self.clamp(span.start);
        let e = self.clamp(span.end.max(span.start));
        &self.text[s..e]
    }
}

/// Offsets just after each `\n`.
fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

/// Converts 0-based character indices to byte offsets for one text, fast on repeated calls
/// in increasing order (the YAML parser reports character indices).
pub struct CharIndex<'a> {
    text: &'a str,
    ascii: bool,
    // (char index, byte offset) of the last lookup, so forward scans are linear overall.
    last: (usize, usize),
}

impl<'a> CharIndex<'a> {
    /// An index over `text`.
    pub fn new(text: &'a str) -> Self {
        CharIndex {
            text,
            ascii: text.is_ascii(),
            last: (0, 0),
        }
    }

    /// Byte offset of character `ci` (clamped to the text's end).
    pub fn byte(&mut self, ci: usize) -> usize {
        if self.ascii {
            return ci.min(self.text.len());
        }
        let (mut c, mut b) = if ci >= self.last.0 { self.last } else { (0, 0) };
        for ch in self.text[b..].chars() {
            if c == ci {
                break;
            }
            c += 1;
            b += ch.len_utf8();
        }
        self.last = (c, b);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_chars() {
        let f = SourceFile::new("x".into(), "ab\nçd\r\nef".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(5), (2, 2)); // after the two-byte ç
        assert_eq!(f.line_text(2), "çd");
        assert_eq!(f.line_text(3), "ef");
        assert_eq!(f.line_count(), 3);
    }

    #[test]
    fn an_offset_in_the_line_ending_is_just_past_the_text() {
        let f = SourceFile::new("x".into(), "ab\r\ncd\r".into());
        assert_eq!(f.line_col(3), (1, 3)); // the `\n` of a CRLF
        assert_eq!(f.line_col(8), (2, 3)); // after a lone `\r` at the end of the file
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let l = from_bytes("x".into(), b"ok\nab\xffcd".to_vec());
        let (p, span) = l.problem.expect("problem");
        assert!(matches!(p, ReadProblem::InvalidUtf8 { offset: 5 }));
        assert_eq!(l.file.line_col(span.start), (2, 3));
    }

    #[test]
    fn bom_is_stripped() {
        let l = from_bytes("x".into(), b"\xEF\xBB\xBF---\n".to_vec());
        assert!(l.problem.is_none());
        assert_eq!(l.file.text, "---\n");
    }

    #[test]
    fn char_index_walks_forward_and_back() {
        let t = "aé b€c";
        let mut ci = CharIndex::new(t);
        assert_eq!(ci.byte(2), 3);
        assert_eq!(ci.byte(5), 8);
        assert_eq!(ci.byte(1), 1);
        assert_eq!(ci.byte(100), t.len());
    }
}
