//! Finds SKILL.md files and repository `index.yaml` files under the paths a user names.
//!
//! Symlinks are never followed (so a link out of the tree or a link loop cannot be walked), and
//! `.git`, `node_modules` and Cargo's build folder (a `target` holding `CACHEDIR.TAG` or
//! `.rustc_info.json`) are skipped; any other folder named `target` is walked like the rest. A
//! `skill.md` in another case is found too, so that lint can say it will not load.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Folders never walked into.
pub const SKIP_DIRS: [&str; 2] = [".git", "node_modules"];

/// True for Cargo's build folder: a `target` folder with the files Cargo writes at its top.
pub fn is_build_output(dir: &Path) -> bool {
    dir.file_name().is_some_and(|n| n == "target")
        && ["CACHEDIR.TAG", ".rustc_info.json"]
            .iter()
            .any(|f| std::fs::symlink_metadata(dir.join(f)).is_ok())
}

/// True for a file named `SKILL.md` in any case.
pub fn is_skill_file_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.eq_ignore_ascii_case("SKILL.md"))
}

/// Walks `root` without following symlinks and without entering [`SKIP_DIRS`] or a build
/// folder ([`is_build_output`]).
pub fn walk(
    root: &Path,
) -> walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool> {
    fn keep(e: &walkdir::DirEntry) -> bool {
        !(e.file_type().is_dir()
            && e.depth() > 0
            && (SKIP_DIRS.iter().any(|s| e.file_name() == *s) || is_build_output(e.path())))
    }
    WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(keep as fn(&walkdir::DirEntry) -> bool)
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// SKILL.md files, sorted.
    pub skill_files: Vec<PathBuf>,
    /// `index.yaml` files at the root of a named folder.
    pub indexes: Vec<PathBuf>,
    /// Paths that do not exist or could not be walked: skillgate cannot do what was asked.
    pub errors: Vec<(PathBuf, String)>,
    /// Things deliberately not read (symlinks), for the record.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Walks `paths` (folders or files). A file is taken as a SKILL.md (or an index if it is named
/// `index.yaml`).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut d = Discovery::default();
    let mut seen = HashSet::new();
    for root in paths {
        let meta = match std::fs::symlink_metadata(root) {
            Ok(m) => m,
            Err(e) => {
                d.errors.push((root.clone(), describe_io(&e)));
                continue;
            }
        };
        // A path the user names explicitly may itself be a symlink: follow that one hop only.
        let is_dir = if meta.file_type().is_symlink() {
            std::fs::metadata(root).map(|m| m.is_dir()).unwrap_or(false)
        } else {
            meta.is_dir()
        };
        if !is_dir {
            let target = if root.file_name().is_some_and(|n| n == "index.yaml") {
                &mut d.indexes
            } else {
                &mut d.skill_files
            };
            if seen.insert(key(root)) {
                target.push(root.clone());
            }
            continue;
        }
        let index = root.join("index.yaml");
        match std::fs::symlink_metadata(&index) {
            Ok(m) if m.file_type().is_symlink() => {
                d.skipped.push((index, "symlink not followed".into()))
            }
            Ok(m) if m.is_file() && seen.insert(key(&index)) => d.indexes.push(index),
            _ => {}
        }
        // NOTE: the walk follows no symlink below `root`, so a file's canonical path is the
        // canonical root joined with its path inside it: one `canonicalize` per root, not one
        // per skill.
        let canonical_root = key(root);
        let walker = walk(root);
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    d.errors.push((path, e.to_string()));
                    continue;
                }
            };
            if !is_skill_file_name(entry.file_name()) {
                continue;
            }
            if entry.path_is_symlink() {
                d.skipped
                    .push((entry.path().to_path_buf(), "symlink not followed".into()));
                continue;
            }
            let canonical = match entry.path().strip_prefix(root) {
                Ok(rel) => canonical_root.join(rel),
                Err(_) => key(entry.path()),
            };
            if entry.file_type().is_file() && seen.insert(canonical) {
                d.skill_files.push(entry.into_path());
            }
        }
    }
    d.skill_files.sort();
    d
}

fn key(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// A short, user-facing description of an I/O error.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
