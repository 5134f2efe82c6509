//! Walking folders: symlinks are never followed, and `.git`, `node_modules` and Cargo's build
//! folder are never entered. Every layer that lists files (skill discovery, fixtures, the gate
//! catalog) walks through [`walk`].

use std::path::Path;

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

/// Walks `root` without following symlinks and without entering [`SKIP_DIRS`] or a build
/// folder ([`is_build_output`]).
pub fn walk(
    root: &Path,
) -> walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool> {
    walk_depths(root, 0, usize::MAX)
}

/// [`walk`] limited to the entries `min..=max` levels below `root`.
pub(crate) fn walk_depths(
    root: &Path,
    min: usize,
    max: usize,
) -> walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool> {
    fn keep(e: &walkdir::DirEntry) -> bool {
        !(e.file_type().is_dir()
            && e.depth() > 0
            && (SKIP_DIRS.iter().any(|s| e.file_name() == *s) || is_build_output(e.path())))
    }
    WalkDir::new(root)
        .follow_links(false)
        .min_depth(min)
        .max_depth(max)
        .into_iter()
        .filter_entry(keep as fn(&walkdir::DirEntry) -> bool)
}
