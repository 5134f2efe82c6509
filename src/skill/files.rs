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
    /// Size in bytes.
    pub len: u64,
    /// Unix permission bits (`0` where there are none).
    pub mode: u32,
    text: OnceLock<Option<Arc<SourceFile>>>,
}

impl BundledFile {
    /// The file as text, read once: `None` when it cannot be read, is over `max_size`, is named
    /// like a binary format ([`BINARY_ENDINGS`]: not read at all), or is not text (invalid
    /// UTF-8 or a NUL byte).
    pub fn text(&self, max_size: u64) -> Option<&Arc<SourceFile>> {
        self.text
            .get_or_init(|| {
                if self.len > max_size || self.is_binary_name() {
                    return None;
                }
                let loaded = source::read(&self.path, max_size).ok()?;
                loaded.problem.is_none().then_some(loaded.file)
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
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push(BundledFile {
            path: entry.path().to_path_buf(),
            rel,
            len: meta.len(),
            mode: mode(&meta),
            text: OnceLock::new(),
        });
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

#[cfg(unix)]
fn mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode()
}

#[cfg(not(unix))]
fn mode(_meta: &std::fs::Metadata) -> u32 {
    0
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
}
