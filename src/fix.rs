//! Safe fixes for `skillgate lint --fix` and `--diff`: the edits a rule attaches to a finding,
//! gathered per file and written atomically.
//!
//! A file is written only when a fix edits it: the new text goes to a temporary file created
//! in the same folder, which then replaces the file by a rename. A path that is a symbolic link
//! (or not a regular file), or whose text changed since it was read, is left alone and named in
//! a notice.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Notice;
use crate::finding::Finding;
use crate::source::{SourceFile, Span};

pub use crate::finding::{Edit, Fix};

/// The fixes to apply, per file.
#[derive(Debug, Default)]
pub struct Plan {
    /// Files in path order.
    pub files: Vec<FilePlan>,
    /// Titles of the fixes applied.
    pub applied: Vec<String>,
    /// Fixes left out because they overlap one taken earlier (a second run takes them).
    pub skipped: usize,
}

/// One file's new text.
#[derive(Debug)]
pub struct FilePlan {
    /// The file.
    pub path: PathBuf,
    /// Its text as read.
    pub old: String,
    /// Its text with the fixes.
    pub new: String,
}

/// Gathers the fixes of `findings` (in order) into new file texts. A fix whose edits overlap an
/// edit already taken is left out as a whole; insertions at the same place keep their order.
pub fn plan(findings: &[Finding]) -> Plan {
    let mut taken: BTreeMap<PathBuf, Taken> = BTreeMap::new();
    let mut out = Plan::default();
    for fix in findings.iter().filter_map(|f| f.fix.as_ref()) {
        let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
            taken.get(&e.file.path).is_some_and(|t| t.clashes(e.span))
                || fix.edits[..i]
                    .iter()
                    .any(|o| o.file.path == e.file.path && overlaps(o.span, e.span))
        });
        if clashes {
            out.skipped += 1;
            continue;
        }
        for e in &fix.edits {
            taken
                .entry(e.file.path.clone())
                .or_insert_with(|| Taken::new(e.file.clone()))
                .add(e.span, e.text.clone());
        }
        out.applied.push(fix.title.clone());
    }
    for (
        path,
        Taken {
            file, mut edits, ..
        },
    ) in taken
    {
        // Stable sort: insertions at one point keep the order their fixes came in.
        edits.sort_by_key(|(s, _)| (s.start, s.end));
        let old = &file.text;
        let mut new = String::with_capacity(old.len() + 256);
        let mut at = 0;
        for (span, text) in &edits {
            let (s, e) = (file.clamp(span.start), file.clamp(span.end));
            if s < at {
                continue;
            }
            new.push_str(&old[at..s]);
            new.push_str(text);
            at = e;
        }
        new.push_str(&old[at..]);
        if new != *old {
            out.files.push(FilePlan {
                path,
                old: old.clone(),
                new,
            });
        }
    }
    out
}

/// The edits taken in one file, with the replaced ranges and insertion points indexed so that
/// checking a new edit costs a lookup, not a scan.
struct Taken {
    file: Arc<SourceFile>,
    edits: Vec<(Span, String)>,
    /// Replaced ranges (never overlapping): start to end.
    ranges: BTreeMap<usize, usize>,
    /// Insertion points.
    points: std::collections::BTreeSet<usize>,
}

impl Taken {
    fn new(file: Arc<SourceFile>) -> Self {
        Taken {
            file,
            edits: Vec::new(),
            ranges: BTreeMap::new(),
            points: std::collections::BTreeSet::new(),
        }
    }

    /// True when `span` overlaps a range taken, or (a range) strictly contains a point taken.
    fn clashes(&self, span: Span) -> bool {
        if span.start == span.end {
            return self
                .ranges
                .range(..span.start)
                .next_back()
                .is_some_and(|(_, end)| *end > span.start);
        }
        self.ranges
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, end)| *end > span.start)
            || self.points.range(span.start + 1..span.end).next().is_some()
    }

    fn add(&mut self, span: Span, text: String) {
        if span.start == span.end {
            self.points.insert(span.start);
        } else {
            self.ranges.insert(span.start, span.end);
        }
        self.edits.push((span, text));
    }
}

/// Drops from the plan each file whose text `parses` accepted before the fixes and not after
/// (a fix must never break a file); returns a notice for each.
pub fn verify(plan: &mut Plan, parses: impl Fn(&Path, &str) -> bool) -> Vec<Notice> {
    let mut notices = Vec::new();
    plan.files.retain(|f| {
        let keep = !parses(&f.path, &f.old) || parses(&f.path, &f.new);
        if !keep {
            notices.push(Notice::error(
                f.path.display().to_string(),
                "not fixed: the fixed text would no longer parse (a skillgate bug; please report it)",
            ));
        }
        keep
    });
    notices
}

/// Two spans overlap when they share a byte; two insertions at one point do not.
fn overlaps(a: Span, b: Span) -> bool {
    if a.start == a.end || b.start == b.end {
        return a.start > b.start && a.start < b.end || b.start > a.start && b.start < a.end;
    }
    a.start < b.end && b.start < a.end
}

/// The plan as unified diffs (`--- a/path` / `+++ b/path`), one per file.
pub fn diff(plan: &Plan) -> String {
    let mut out = String::new();
    for f in &plan.files {
        let shown = f.path.display().to_string().replace('\\', "/");
        let shown = shown.trim_start_matches("./");
        let d = similar::TextDiff::from_lines(&f.old, &f.new);
        out.push_str(
            &d.unified_diff()
                .context_radius(3)
                .header(&format!("a/{shown}"), &format!("b/{shown}"))
                .to_string(),
        );
    }
    out
}

/// Writes every file of the plan; returns how many were written and a notice per file left
/// alone.
pub fn write(plan: &Plan) -> (usize, Vec<Notice>) {
    let mut written = 0;
    let mut notices = Vec::new();
    for f in &plan.files {
        match write_one(&f.path, &f.old, &f.new) {
            Ok(()) => written += 1,
            Err(e) => notices.push(Notice::error(
                f.path.display().to_string(),
                format!("not fixed: {e}"),
            )),
        }
    }
    (written, notices)
}

/// Replaces `path`'s text `old` by `new` through a temporary file in the same folder.
fn write_one(path: &Path, old: &str, new: &str) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if meta.file_type().is_symlink() {
        return Err("it is a symbolic link, and fixes are never written through one".into());
    }
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    let current = std::fs::read(path).map_err(|e| e.to_string())?;
    // The text was read without a byte-order mark; compare the same way.
    let current = current
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .unwrap_or(&current)
        .to_vec();
    if current != old.as_bytes() {
        return Err("it changed since skillgate read it".into());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.skillgate-fix-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(new.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Location, Severity};

    fn finding(file: &Arc<SourceFile>, span: Span, text: &str) -> Finding {
        Finding::new("x", Severity::Low, "m", Location::new(file.clone(), span)).with_fix(Fix::one(
            format!("put {text}"),
            file.clone(),
            span,
            text,
        ))
    }

    #[test]
    fn plans_non_overlapping_fixes_and_diffs_them() {
        let file = SourceFile::anonymous("dir/a.md", "one\ntwo\nthree\n");
        let fs = [
            finding(&file, Span::new(4, 7), "2"),
            finding(&file, Span::new(5, 6), "clash"),
            finding(&file, Span::point(14), "four\n"),
            finding(&file, Span::point(14), "five\n"),
        ];
        let p = plan(&fs);
        assert_eq!(p.skipped, 1);
        assert_eq!(p.files.len(), 1);
        assert_eq!(p.files[0].new, "one\n2\nthree\nfour\nfive\n");
        let d = diff(&p);
        assert!(d.starts_with("--- a/dir/a.md\n+++ b/dir/a.md\n"), "{d}");
        assert!(d.contains("-two\n+2\n"), "{d}");
    }

    #[test]
    fn a_fix_that_would_break_the_file_is_withheld() {
        let file = SourceFile::anonymous("index.yaml", "a: [1]\n");
        let mut p = plan(&[finding(&file, Span::new(3, 4), "{")]);
        let notes = verify(&mut p, |_, t| crate::yaml::parse_one(t).is_ok());
        assert!(p.files.is_empty());
        assert!(
            notes[0].message.contains("would no longer parse"),
            "{notes:?}"
        );
    }

    #[test]
    fn writes_through_a_temporary_file_and_never_through_a_symlink() {
        let t = tempfile::tempdir().expect("tmp");
        let real = t.path().join("a.md");
        std::fs::write(&real, "old\n").expect("write");
        let file = Arc::new(SourceFile::new(real.clone(), "old\n".into()));
        let p = plan(&[finding(&file, Span::new(0, 3), "new")]);
        assert_eq!(write(&p).0, 1);
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new\n");
        assert_eq!(
            std::fs::read_dir(t.path()).expect("ls").count(),
            1,
            "no temporary file left"
        );
        // The text changed since it was read: left alone.
        let (n, notes) = write(&p);
        assert_eq!(n, 0);
        assert!(notes[0].message.contains("changed since"), "{notes:?}");
        #[cfg(unix)]
        {
            let link = t.path().join("link.md");
            std::os::unix::fs::symlink(&real, &link).expect("symlink");
            let file = Arc::new(SourceFile::new(link.clone(), "new\n".into()));
            let p = plan(&[finding(&file, Span::new(0, 3), "bad")]);
            let (n, notes) = write(&p);
            assert_eq!(n, 0);
            assert!(notes[0].message.contains("symbolic link"), "{notes:?}");
            assert_eq!(std::fs::read_to_string(&real).expect("read"), "new\n");
        }
    }
}
