//! The files a skill bundles besides its `SKILL.md`: listed once per skill (never following a
//! symbolic link, never entering a nested skill, `.git` or `node_modules`), read on demand and
//! at most once, whichever rule asks first.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::source::{self, SourceFile};

/// One regular file in a skill's folder.
#[derive(Debug, Clone)]
pub struct BundledFile {
    /// Its path (the skill's folder joined with `rel`).
    pub path: PathBuf,
    /// Its path inside the skill's folder, with `/` separators.
    pub rel: String,
    /// The inode number the folder listing gave, if any: the file opened later must be it.
    ino: Option<u64>,
    /// Its metadata: from the listing, from opening it, or looked up on first use.
    meta: OnceLock<Option<std::fs::Metadata>>,
    text: OnceLock<Option<Arc<SourceFile>>>,
}

impl BundledFile {
    /// The file as text, read once: `None` when it cannot be read, is over `max_size`, is named
    /// like a binary format ([`BINARY_ENDINGS`]: not read at all), or is not text (invalid
    /// UTF-8 or a NUL byte).
    pub fn text(&self, max_size: u64) -> Option<&Arc<SourceFile>> {
        self.text
            .get_or_init(|| {
                if self.is_binary_name() {
                    return None;
                }
                let loaded = match (self.meta.get(), self.ino) {
                    // Listed but not looked at yet: open it, and keep what the open saw.
                    (None, Some(ino)) => {
                        let (loaded, meta) = source::read_listed(&self.path, ino, max_size).ok()?;
                        let _ = self.meta.set(Some(meta));
                        loaded
                    }
                    _ => {
                        let meta = self.meta()?;
                        if meta.len() > max_size {
                            return None;
                        }
                        source::read_seen(&self.path, meta, max_size).ok()?
                    }
                };
                loaded.problem.is_none().then_some(loaded.file)
            })
            .as_ref()
    }

    /// Unix permission bits (`0` where there are none, or when the file is gone).
    pub fn mode(&self) -> u32 {
        self.meta().map_or(0, source::mode_of)
    }

    /// Its `symlink_metadata` (or the metadata of the handle [`BundledFile::text`] opened):
    /// `None` when it is gone or no longer a regular file.
    fn meta(&self) -> Option<&std::fs::Metadata> {
        self.meta
            .get_or_init(|| {
                std::fs::symlink_metadata(&self.path)
                    .ok()
                    .filter(std::fs::Metadata::is_file)
            })
            .as_ref()
    }

    /// True for names of binary formats (images, fonts, audio and video, archives, office
    /// documents, PDFs, compiled code), which are never read as text.
    pub fn is_binary_name(&self) -> bool {
        let name = self.name_lower();
        BINARY_ENDINGS.iter().any(|e| name.ends_with(e))
    }

    /// The lowercase file name.
    pub fn name_lower(&self) -> String {
        self.rel
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    }
}

/// Name endings of binary formats.
pub const BINARY_ENDINGS: [&str; 44] = [
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff", ".psd", ".ttf",
    ".otf", ".woff", ".woff2", ".eot", ".mp3", ".wav", ".ogg", ".flac", ".mp4", ".mov", ".webm",
    ".avi", ".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".zip", ".gz", ".tgz", ".bz2", ".xz",
    ".zst", ".7z", ".rar", ".jar", ".whl", ".so", ".dylib", ".dll", ".exe", ".class", ".pyc",
];

/// Lists the files of the skill in `dir` (its `SKILL.md` excluded), sorted by path.
pub fn list(dir: &Path) -> Vec<BundledFile> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut out = Vec::new();
    // Folders below `dir` that hold a skill file of their own: nested skills, linted on their
    // own. Found in the same walk (a folder's entries come right after it), so no folder is
    // listed twice.
    let mut nested: Vec<PathBuf> = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            !(e.depth() > 0
                && e.file_type().is_dir()
                && (super::discover::SKIP_DIRS
                    .iter()
                    .any(|s| e.file_name() == *s)
                    || super::discover::is_build_output(e.path())))
        });
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        if super::discover::is_skill_file_name(entry.file_name()) {
            if entry.depth() > 1 {
                if let Some(parent) = entry.path().parent() {
                    nested.push(parent.to_path_buf());
                }
            }
            if entry.depth() == 1 {
                continue;
            }
        }
        let Ok(meta) = entry.metadata() else { continue };
        let file = BundledFile::new(dir, entry.into_path(), source::inode(&meta));
        let _ = file.meta.set(Some(meta));
        out.push(file);
    }
    if !nested.is_empty() {
        let nested: std::collections::HashSet<PathBuf> = nested.into_iter().collect();
        out.retain(|f| {
            !f.path
                .ancestors()
                .skip(1)
                .take_while(|a| *a != dir)
                .any(|a| nested.contains(a))
        });
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// The files of the skill in `dir` from what the discovery walk saw there
/// ([`super::discover::Listing::files`]), sorted by path: what [`list`] finds, without reading
/// the folders again or looking at any file (each is looked at when a rule first asks).
pub fn from_listing(dir: &Path, files: &[(PathBuf, Option<u64>)]) -> Vec<BundledFile> {
    let mut out: Vec<BundledFile> = files
        .iter()
        .map(|(p, ino)| BundledFile::new(dir, p.clone(), *ino))
        .collect();
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

impl BundledFile {
    fn new(dir: &Path, path: PathBuf, ino: Option<u64>) -> BundledFile {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        BundledFile {
            rel,
            ino,
            meta: OnceLock::new(),
            text: OnceLock::new(),
            path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_but_not_nested_skills_or_symlinks() {
        let t = tempfile::tempdir().expect("tmp");
        let d = t.path();
        for (rel, text) in [
            ("SKILL.md", "---\n---\n"),
            ("scripts/run.sh", "echo hi\n"),
            ("references/a.md", "a\n"),
            ("assets/logo.png", "looks like text\n"),
            ("nested/SKILL.md", "---\n---\n"),
            ("nested/scripts/x.sh", "x\n"),
        ] {
            let p = d.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/passwd", d.join("scripts/link")).expect("symlink");
        let files = list(d);
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            ["assets/logo.png", "references/a.md", "scripts/run.sh"]
        );
        assert!(files[0].text(1024).is_none(), "binary formats are not read");
        assert_eq!(
            files[2].text(1024).map(|f| f.text.as_str()),
            Some("echo hi\n")
        );
        assert!(list(d)[2].text(2).is_none(), "over the size limit");
    }

    #[cfg(unix)]
    #[test]
    fn a_listed_file_replaced_since_is_not_read() {
        use std::os::unix::fs::MetadataExt;
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("a.md");
        std::fs::write(&p, "first\n").expect("write");
        let ino = std::fs::metadata(&p).expect("meta").ino();
        let listed = [(p.clone(), Some(ino))];
        assert_eq!(
            from_listing(t.path(), &listed)[0]
                .text(1024)
                .map(|f| f.text.as_str()),
            Some("first\n")
        );
        // Another file under the same name: its inode differs from the listing's.
        let other = t.path().join("b.md");
        std::fs::write(&other, "second\n").expect("write");
        std::fs::remove_file(&p).expect("rm");
        std::fs::hard_link(&other, &p).expect("link");
        let files = from_listing(t.path(), &listed);
        assert!(files[0].text(1024).is_none(), "a replaced file is refused");
        std::fs::remove_file(&p).expect("rm");
        std::os::unix::fs::symlink(&other, &p).expect("symlink");
        let files = from_listing(t.path(), &listed);
        assert!(files[0].text(1024).is_none(), "a symlink is never followed");
        assert_eq!(files[0].mode(), 0, "and has no mode");
    }
}
