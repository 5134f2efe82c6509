//! A loaded file and the one place that turns byte offsets into line and column numbers.
//!
//! Positions are 0-based byte offsets everywhere inside skillgate; they become 1-based lines and
//! 1-based character columns only here, at the output edge.

use std::fmt;
use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};
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
    /// Where each line starts, indexed on first use (most files a lint reads never need a
    /// position).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// For non-ASCII text, the number of characters before each [`CHAR_BLOCK`]-byte block, so
    /// a column costs at most one block of counting, however long the line (`None`: ASCII).
    char_marks: std::sync::OnceLock<Option<Vec<usize>>>,
    /// For an excerpt ([`SourceFile::excerpt`]): the whole file's line numbers; `None` for a
    /// whole file.
    numbers: Option<Box<LineNumbers>>,
}

/// The line numbers of an excerpt's lines in the whole file.
#[derive(Debug)]
struct LineNumbers {
    /// The 0-based line number in the whole file of each line of the excerpt's text (one per
    /// entry of `line_starts`), increasing.
    of_line: Vec<usize>,
    /// The whole file's [`SourceFile::line_count`].
    count: usize,
}

/// A [`SourceFile`] cut down to some of its lines (see [`SourceFile::excerpt`]), with the map
/// from the whole file's byte offsets to the excerpt's.
#[derive(Debug)]
pub struct Excerpt {
    /// The cut-down file.
    pub file: Arc<SourceFile>,
    /// For each kept line: where it starts in the whole file, where in the excerpt, and its
    /// length there (`None` for the whole file's last line, which runs to any offset past it).
    starts: Vec<(usize, usize, Option<usize>)>,
}

impl Excerpt {
    /// The excerpt's offset for an offset of the whole file that lies on a kept line (or past
    /// the end of the whole file, when its last line is kept). Distinct offsets on kept lines
    /// stay distinct and in order.
    pub fn offset(&self, whole: usize) -> usize {
        let i = self.starts.partition_point(|s| s.0 <= whole);
        let Some(&(from, to, len)) = i.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return 0;
        };
        let within = whole - from;
        to + len.map_or(within, |l| within.min(l))
    }

    /// Maps a span of the whole file (see [`Excerpt::offset`]).
    pub fn span(&self, whole: Span) -> Span {
        Span {
            start: self.offset(whole.start),
            end: self.offset(whole.end),
        }
    }
}

/// Block size of [`SourceFile`]'s character index.
const CHAR_BLOCK: usize = 4096;

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
    /// Unix permission bits of the file that was opened (`0` for text that came from no file,
    /// and off Unix).
    pub mode: u32,
}

/// Reads a file once through [`open_regular`], applying the size limit. I/O errors (missing,
/// unreadable, a symlink, not a regular file) are returned as `Err`; content problems come back
/// inside [`Loaded`] so they become findings.
pub fn read(path: &Path, max_size: u64) -> io::Result<Loaded> {
    read_seen(path, &std::fs::symlink_metadata(path)?, max_size)
}

/// [`read`] for a file whose `symlink_metadata` the caller already has (from a folder listing):
/// the same checks, one system call fewer.
pub fn read_seen(path: &Path, before: &std::fs::Metadata, max_size: u64) -> io::Result<Loaded> {
    let (file, meta) = open_seen(path, before)?;
    let mut loaded = read_opened(path.to_path_buf(), file, meta.len(), max_size)?;
    loaded.mode = mode_of(&meta);
    Ok(loaded)
}

/// Unix permission bits (`0` off Unix).
pub fn mode_of(meta: &std::fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// Reads `relative` inside `root` for a path that an input names (a release record's deploy
/// manifest, a fixture manifest's `target`): it must be relative, must not climb out with `..`,
/// and no component under `root` may be a symlink; the file must be a regular file (see
/// [`open_regular`]). `root` itself is trusted (it comes from the command line). The
/// [`SourceFile`]'s path is `root` joined with `relative`.
pub fn read_in_root(root: &Path, relative: &str, max_size: u64) -> io::Result<Loaded> {
    let path = resolve_in_root(root, relative)?;
    read(&path, max_size)
}

/// The path `relative` names inside `root`, checked as [`read_in_root`] describes, without
/// reading it.
pub fn resolve_in_root(root: &Path, relative: &str) -> io::Result<PathBuf> {
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{relative}` {why}"),
        ))
    };
    if relative.is_empty() {
        return refuse("is an empty path");
    }
    let rel = Path::new(relative);
    let mut path = root.to_path_buf();
    let parts: Vec<&std::ffi::OsStr> = {
        let mut v = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(s) => v.push(s),
                Component::CurDir => {}
                Component::ParentDir => return refuse("climbs out of the folder with `..`"),
                Component::RootDir | Component::Prefix(_) => {
                    return refuse(
                        "is an absolute path; only paths inside the repository are read",
                    );
                }
            }
        }
        v
    };
    if parts.is_empty() {
        return refuse("names no file");
    }
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        if i + 1 == parts.len() {
            break;
        }
        // NOTE: every folder on the way must be a real folder: a symlinked folder could lead
        // anywhere (`.git`, the home directory), whatever the final file looks like.
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.file_type().is_symlink() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is a symlink: {NOT_FOLLOWED}", path.display()),
            ));
        }
        if !meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is not a folder", path.display()),
            ));
        }
    }
    Ok(path)
}

/// What every refusal to follow a symlink says.
pub const NOT_FOLLOWED: &str = "skillgate never follows symlinks";

/// The one function that opens a file for reading, anywhere in skillgate.
///
/// It never follows a symlink (the final component is checked with `symlink_metadata`, and on
/// Unix the file is opened with `O_NOFOLLOW`), opens only regular files (a FIFO, a device or a
/// socket is refused before it is opened, and the open is non-blocking on Unix, so nothing can
/// hang), and checks that the opened handle is the same regular file it looked at. Returns the
/// file and its size. Folders above the final component are not checked here: the command line
/// names them; [`read_in_root`] checks them for paths an input names.
pub fn open_regular(path: &Path) -> io::Result<(File, u64)> {
    let (file, meta) = open_seen(path, &std::fs::symlink_metadata(path)?)?;
    Ok((file, meta.len()))
}

/// [`open_regular`] given the `symlink_metadata` of `path` (`before`), which it checks as
/// [`open_regular`] checks its own; returns the opened file's metadata.
fn open_seen(path: &Path, before: &std::fs::Metadata) -> io::Result<(File, std::fs::Metadata)> {
    let ft = before.file_type();
    if ft.is_symlink() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("is a symlink: {NOT_FOLLOWED}"),
        ));
    }
    if !ft.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("is {}, not a regular file", kind_of(&ft)),
        ));
    }
    open_checked(path, |after| same_file(before, after))
}

/// Opens `path` without following a symlink and checks that the handle is a regular file that
/// `same` accepts as the one looked at before.
fn open_checked(
    path: &Path,
    same: impl FnOnce(&std::fs::Metadata) -> bool,
) -> io::Result<(File, std::fs::Metadata)> {
    let file = open_nofollow(path)?;
    let after = file.metadata()?;
    if !after.is_file() || !same(&after) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "changed while it was opened (not the regular file it was)",
        ));
    }
    Ok((file, after))
}

/// [`read`] for a file a folder listing showed as a regular file with inode number `ino`
/// (`getdents` gives both): the handle opened must be a regular file with that inode, so
/// nothing is looked up before the open. Returns the file's metadata too.
pub fn read_listed(
    path: &Path,
    ino: u64,
    max_size: u64,
) -> io::Result<(Loaded, std::fs::Metadata)> {
    let (file, meta) = open_checked(path, |after| inode(after) == Some(ino))?;
    let mut loaded = read_opened(path.to_path_buf(), file, meta.len(), max_size)?;
    loaded.mode = mode_of(&meta);
    Ok((loaded, meta))
}

/// A file's inode number (`None` off Unix).
pub fn inode(meta: &std::fs::Metadata) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Writes `bytes` to `path`, replacing it atomically: a temporary file in the same folder is
/// written, flushed and renamed over `path`. `path` must be a regular file or not exist yet; a
/// symlink, a folder or any other kind of file is refused (nothing is ever written through a
/// symlink). An existing file keeps its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut perms = None;
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("is a symlink: {NOT_FOLLOWED} (write to the real path instead)"),
            ));
        }
        Ok(m) if !m.is_file() => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("is {}, not a regular file", kind_of(&m.file_type())),
            ));
        }
        Ok(m) => perms = Some(m.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "names no file"))?;
    let (tmp, mut file) = temp_beside(&dir, name)?;
    let written = (|| {
        use std::io::Write;
        file.write_all(bytes)?;
        if let Some(p) = perms {
            file.set_permissions(p)?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A new file `.NAME.skillgate-PID-N.tmp` in `dir`, created exclusively (never an existing
/// file or symlink).
fn temp_beside(dir: &Path, name: &std::ffi::OsStr) -> io::Result<(PathBuf, File)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let mut last = None;
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".skillgate-{}-{n}.tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("cannot create a temporary file")))
}

fn kind_of(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

#[cfg(unix)]
fn open_nofollow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nofollow(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// Reads an opened file of `size` bytes (from its metadata) under the limit.
fn read_opened(path: PathBuf, file: File, size: u64, max_size: u64) -> io::Result<Loaded> {
    use std::io::Read;
    let too_large = |size: u64| Loaded {
        file: Arc::new(SourceFile::new(path.clone(), String::new())),
        problem: Some((
            ReadProblem::TooLarge {
                size,
                limit: max_size,
            },
            Span::point(0),
        )),
        mode: 0,
    };
    if size > max_size {
        return Ok(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // NOTE: the file is read up to the size its metadata gave (a file that grows meanwhile is
    // read as it was), so no extra read asks whether more follows: one `read` per file. A size
    // of 0 may be a file that reports none; that one is read to the limit (which may be
    // `u64::MAX`, so one more byte than it saturates).
    let mut file = file;
    let limit = if size == 0 {
        max_size.saturating_add(1)
    } else {
        size
    };
    (&mut file).take(limit).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Ok(too_large(bytes.len() as u64));
    }
    Ok(from_bytes(path, bytes))
}

/// Builds a [`Loaded`] from raw bytes: strips a UTF-8 BOM, decodes lossily when needed.
pub fn from_bytes(path: PathBuf, mut bytes: Vec<u8>) -> Loaded {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let nul = memchr::memchr(0, text.as_bytes());
            let file = Arc::new(SourceFile::new(path, text));
            Loaded {
                problem: nul.map(|o| (ReadProblem::Binary { offset: o }, Span::new(o, o + 1))),
                file,
                mode: 0,
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
                mode: 0,
            }
        }
    }
}

impl SourceFile {
    /// The file `path` holding `text` (its lines are indexed on first use).
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
            numbers: None,
        }
    }

    /// Where each line starts (index on first use).
    fn starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(newlines(&self.text));
            v
        })
    }

    /// For non-ASCII text, characters before each [`CHAR_BLOCK`]-byte block (on first use).
    fn marks(&self) -> Option<&[usize]> {
        self.char_marks
            .get_or_init(|| {
                (!self.text.is_ascii()).then(|| {
                    let mut marks = Vec::with_capacity(self.text.len() / CHAR_BLOCK + 1);
                    let mut n = 0;
                    for block in self.text.as_bytes().chunks(CHAR_BLOCK) {
                        marks.push(n);
                        n += count_chars(block);
                    }
                    marks
                })
            })
            .as_deref()
    }

    /// A copy that holds only the 0-based lines `keep` (any order; duplicates and lines past
    /// the end are ignored), for a run that keeps a few positions in many files: the kept lines'
    /// numbers, columns, text and [`SourceFile::line_count`] are the whole file's, other lines
    /// read as empty, and byte offsets map with [`Excerpt::offset`].
    pub fn excerpt(&self, keep: &[usize]) -> Excerpt {
        let mut keep: Vec<usize> = keep
            .iter()
            .copied()
            .filter(|l| *l < self.starts().len())
            .collect();
        keep.sort_unstable();
        keep.dedup();
        let last = self.starts().len() - 1;
        let mut text = String::new();
        let mut starts = Vec::with_capacity(keep.len());
        for &l in &keep {
            let from = self.starts()[l];
            let to = self.starts().get(l + 1).copied().unwrap_or(self.text.len());
            starts.push((from, text.len(), (l < last).then_some(to - from)));
            text.push_str(&self.text[from..to]);
        }
        let mut file = SourceFile::new(self.path.clone(), text);
        let mut of_line = keep;
        // Text that ends with a line break has one more (empty) line: the one after the last
        // kept line.
        while of_line.len() < file.starts().len() {
            of_line.push(of_line.last().map_or(0, |l| l + 1));
        }
        of_line.truncate(file.starts().len());
        file.numbers = Some(Box::new(LineNumbers {
            of_line,
            count: self.line_count(),
        }));
        Excerpt {
            file: Arc::new(file),
            starts,
        }
    }

    /// The whole file's 0-based line number of line `i` of `text`.
    fn whole_line(&self, i: usize) -> usize {
        match &self.numbers {
            None => i,
            Some(n) => n.of_line.get(i).copied().unwrap_or(n.count),
        }
    }

    /// The index into `line_starts` of the whole file's 0-based line `line`, if it is here.
    fn own_line(&self, line: usize) -> Option<usize> {
        match &self.numbers {
            None => (line < self.starts().len()).then_some(line),
            Some(n) => n.of_line.binary_search(&line).ok(),
        }
    }

    /// Index into `line_starts` of the line that holds byte `offset` (clamped).
    fn own_index(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        match self.starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The text of line `i` of `text` (an index into `line_starts`), without its line ending.
    fn own_line_text(&self, i: usize) -> &str {
        let Some(&start) = self.starts().get(i) else {
            return "";
        };
        let end = self.starts().get(i + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Characters before byte `offset` (a char boundary) in the whole text.
    fn chars_before(&self, offset: usize) -> usize {
        match self.marks() {
            None => offset,
            Some(marks) => {
                let block = offset / CHAR_BLOCK;
                let from = block * CHAR_BLOCK;
                marks.get(block).copied().unwrap_or(0)
                    + count_chars(&self.text.as_bytes()[from..offset])
            }
        }
    }

    /// A source for text that has no file (stdin, tests).
    pub fn anonymous(name: &str, text: &str) -> Arc<Self> {
        Arc::new(SourceFile::new(PathBuf::from(name), text.to_string()))
    }

    /// The lines from byte `offset` on, each with where it starts and its text with its line
    /// ending (what `text[offset..].split_inclusive('\n')` yields), taken from the line index
    /// instead of searching the text again.
    pub fn lines_from(&self, offset: usize) -> impl Iterator<Item = (usize, &str)> {
        let offset = self.clamp(offset);
        let starts = self.starts();
        let first = self.own_index(offset);
        (first..starts.len()).filter_map(move |i| {
            let start = starts[i].max(offset);
            let end = starts.get(i + 1).copied().unwrap_or(self.text.len());
            (start < end).then(|| (start, &self.text[start..end]))
        })
    }

    /// Number of lines (a trailing newline does not start a new line).
    pub fn line_count(&self) -> usize {
        if let Some(n) = &self.numbers {
            return n.count;
        }
        let n = self.starts().len();
        if n > 1 && self.starts()[n - 1] == self.text.len() {
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
        self.whole_line(self.own_index(offset))
    }

    /// 1-based (line, column) of a byte offset; the column counts characters, and a `\r` before
    /// the newline is part of the line's end, not its text.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = self.own_index(offset);
        let start = self.starts()[line];
        // NOTE: an offset inside the line ending (a `\r` before `\n`, or a lone `\r` at the end
        // of the file) is just past the line's text, never beyond it (found by tests/properties).
        let visible = self.own_line_text(line);
        let upto = (offset - start).min(visible.len());
        // Counted through the block index: a long line costs no more than a short one.
        let column = self.chars_before(start + upto) - self.chars_before(start) + 1;
        (self.whole_line(line) + 1, column)
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
        if line == 0 {
            return "";
        }
        self.own_line(line - 1)
            .map_or("", |i| self.own_line_text(i))
    }

    /// Byte offset where a 1-based line starts (in an excerpt, a line it left out starts where
    /// the next kept line does).
    pub fn line_start(&self, line: usize) -> usize {
        let line = line.saturating_sub(1);
        let i = match &self.numbers {
            None => line,
            Some(n) => n.of_line.partition_point(|l| *l < line),
        };
        self.starts().get(i).copied().unwrap_or(self.text.len())
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

/// Characters in a byte slice that may start or end inside a character: the bytes that are not
/// UTF-8 continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b as i8) >= -0x40).count()
}

/// Offsets just after each `\n`, found with the `memchr` crate's vectorised search (this runs
/// over every byte a lint reads; `str::match_indices` went a byte at a time).
fn newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
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

/// Bidi controls, zero-width and other invisible format characters, line and paragraph
/// separators: text that changes how a line reads without being seen.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_keeps_the_positions_and_text_of_its_lines() {
        let texts = [
            "",
            "a",
            "ab\nçd\r\nef",
            "ab\nçd\r\nef\n",
            "\n\n\nx\n\n",
            "é\rü\n\r\nlast\r",
            "one\ntwo\nthree\nfour\nfive\n",
        ];
        for text in texts {
            let f = SourceFile::new("x".into(), text.to_string());
            let len = text.len();
            for start in 0..=len + 1 {
                for end in start..=len + 1 {
                    let (a, b) = (f.line_index(start), f.line_index(end));
                    for extra in [None, Some(0), Some(2), Some(f.line_count())] {
                        let mut keep: Vec<usize> = (a..=b).collect();
                        keep.extend(extra);
                        let x = f.excerpt(&keep);
                        let span = Span::new(start, end);
                        let mapped = x.span(span);
                        let e = &x.file;
                        let what = format!("{text:?} {start}..{end} keep {keep:?}");
                        assert_eq!(e.position(mapped), f.position(span), "{what}");
                        assert_eq!(e.slice(mapped), f.slice(span), "{what}");
                        assert_eq!(e.line_count(), f.line_count(), "{what}");
                        assert_eq!(e.line_index(mapped.start), a, "{what}");
                        for l in &keep {
                            assert_eq!(e.line_text(l + 1), f.line_text(l + 1), "{what}");
                        }
                        let line = f.position(span).line;
                        assert_eq!(
                            e.clamp(mapped.start).max(e.line_start(line)) - e.line_start(line),
                            f.clamp(span.start).max(f.line_start(line)) - f.line_start(line),
                            "{what}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn an_excerpt_keeps_offsets_in_order_and_drops_the_other_lines() {
        let text = "l1\nl2 ééé\nl3\nl4\n";
        let f = SourceFile::new("x".into(), text.to_string());
        let x = f.excerpt(&[3, 1]);
        assert_eq!(x.file.text, "l2 ééé\nl4\n");
        assert_eq!(x.file.line_text(1), "");
        assert_eq!(x.file.line_text(2), "l2 ééé");
        assert_eq!(x.file.line_text(3), "");
        assert_eq!(x.file.line_text(4), "l4");
        let mapped: Vec<usize> = (3..text.len())
            .filter(|o| f.line_index(*o) != 2)
            .map(|o| x.offset(o))
            .collect();
        assert!(mapped.windows(2).all(|w| w[0] < w[1]), "{mapped:?}");
    }

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
    fn columns_on_long_non_ascii_lines_match_a_char_count() {
        let line = "é".repeat(10_000) + "x" + &"ü".repeat(5_000);
        let text = format!("ab\n{line}\ncd");
        let f = SourceFile::new("x".into(), text.clone());
        for off in [3, 5, 4097, 8191, 20_003, 20_004, text.len() - 3] {
            let off = f.clamp(off);
            let ls = f.line_start(f.line_index(off) + 1);
            let want = text[ls..off].chars().count() + 1;
            assert_eq!(f.line_col(off).1, want, "offset {off}");
        }
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

    proptest::proptest! {
        /// `lines_from` is `split_inclusive('\n')` of the rest of the text, with offsets.
        #[test]
        fn lines_from_is_split_inclusive(text in "[ab\n\r|é]{0,40}", at in 0usize..45) {
            let file = SourceFile::new(PathBuf::from("f"), text.clone());
            let from = file.clamp(at);
            let mut pos = from;
            let want: Vec<(usize, &str)> = text[from..]
                .split_inclusive('\n')
                .map(|l| {
                    pos += l.len();
                    (pos - l.len(), l)
                })
                .collect();
            let got: Vec<(usize, &str)> = file.lines_from(at).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
