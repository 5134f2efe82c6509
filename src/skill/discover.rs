//! Finds SKILL.md files and repository `index.yaml` files under the paths a user names.
//!
//! Symlinks are never followed (so a link out of the tree or a link loop cannot be walked), and
//! `.git`, `node_modules` and Cargo's build folder (a `target` holding `CACHEDIR.TAG` or
//! `.rustc_info.json`) are skipped; any other folder named `target` is walked like the rest. A
//! `skill.md` in another case is found too, so that lint can say it will not load.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::walk::walk_depths;
pub use crate::walk::{SKIP_DIRS, is_build_output, walk};

/// True for a file named `SKILL.md` in any case.
pub fn is_skill_file_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.eq_ignore_ascii_case("SKILL.md"))
}

/// The errors of [`walk`]`(root)` and the entries `wanted` keeps, in the walk's order, with the
/// folders [`SPLIT_DEPTH`] levels down walked in parallel (a large repository is mostly walking).
fn walk_parallel(
    root: &Path,
    wanted: fn(&walkdir::DirEntry) -> bool,
) -> Vec<walkdir::Result<walkdir::DirEntry>> {
    use rayon::prelude::*;
    // NOTE: a walk limited to SPLIT_DEPTH yields what the whole walk yields down to there, in
    // the same order; the whole walk yields each folder at that depth followed by what is below
    // it, which is the sub-walk of that folder (whose errors name the same paths).
    let top: Vec<walkdir::Result<walkdir::DirEntry>> = walk_depths(root, 0, SPLIT_DEPTH).collect();
    let below: Vec<Vec<walkdir::Result<walkdir::DirEntry>>> = top
        .par_iter()
        .map(|e| match e {
            Ok(d) if d.depth() == SPLIT_DEPTH && d.file_type().is_dir() => {
                walk_depths(d.path(), 1, usize::MAX)
                    .filter(|e| e.as_ref().map_or(true, wanted))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let mut out = Vec::new();
    for (e, b) in top.into_iter().zip(below) {
        if e.as_ref().map_or(true, wanted) {
            out.push(e);
        }
        out.extend(b);
    }
    out
}

/// How deep [`walk_parallel`] walks alone before it splits the walk (`skills/<category>/`).
const SPLIT_DEPTH: usize = 2;

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
        for entry in walk_parallel(root, |e| is_skill_file_name(e.file_name())) {
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

pub use crate::diag::describe_io;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parallel_walk_yields_what_the_walk_yields_in_order() {
        let t = tempfile::tempdir().expect("tmp");
        let d = t.path();
        for rel in [
            "SKILL.md",
            "a/SKILL.md",
            "a/b/SKILL.md",
            "a/b/c/SKILL.md",
            "a/b/c/d/e/SKILL.md",
            "a/b2/x.md",
            "a/b2/c/SKILL.md",
            "z/y/SKILL.md",
            "z/y/node_modules/n/SKILL.md",
            "z/.git/g/SKILL.md",
            "z/w/v/u/skill.md",
        ] {
            let p = d.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, "x").expect("write");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.join("a"), d.join("z/link")).expect("symlink");
        let all = |e: &walkdir::DirEntry| e.depth() < 100;
        let paths = |v: Vec<walkdir::Result<walkdir::DirEntry>>| -> Vec<PathBuf> {
            v.into_iter()
                .map(|e| {
                    e.map_or_else(
                        |e| e.path().map(Path::to_path_buf).unwrap_or_default(),
                        |e| e.into_path(),
                    )
                })
                .collect()
        };
        let whole = paths(walk(d).collect());
        assert_eq!(paths(walk_parallel(d, all)), whole);
        assert!(whole.len() > 20, "{whole:?}");
        let skills: Vec<PathBuf> = whole
            .iter()
            .filter(|p| p.file_name().is_some_and(is_skill_file_name))
            .cloned()
            .collect();
        assert_eq!(
            paths(walk_parallel(d, |e| is_skill_file_name(e.file_name()))),
            skills
        );
        assert_eq!(skills.len(), 8, "{skills:?}");
    }
}
