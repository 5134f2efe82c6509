//! Finds SKILL.md files and repository `index.yaml` files under the paths a user names.
//!
//! Symlinks are never followed (so a link out of the tree or a link loop cannot be walked), and
//! `.git`, `node_modules` and Cargo's build folder (a `target` holding `CACHEDIR.TAG` or
//! `.rustc_info.json`) are skipped; any other folder named `target` is walked like the rest. A
//! `skill.md` in another case is found too, so that lint can say it will not load.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
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
    /// What the walk saw in each skill folder it walked (keyed by the folder as walked, the
    /// parent of an entry of `skill_files`); a SKILL.md named on its own has none.
    pub listings: HashMap<PathBuf, Listing>,
}

/// What one walk saw in a skill folder, so that the skill's files are not listed twice.
///
/// NOTE: listing each skill's folder again after discovery read every folder of a repository
/// twice: a tenth of a lint's time at 10,000 skills (issue 16).
#[derive(Debug, Default, Clone)]
pub struct Listing {
    /// The regular files the skill bundles (below its folder, not its own SKILL.md, not in a
    /// nested skill's folder, not in a folder the walk skips), with their inode numbers where
    /// the listing gives them.
    pub files: Vec<(PathBuf, Option<u64>)>,
    /// The names of everything but folders directly in the skill's folder (symlinks
    /// included), so that asking whether `gates.yaml` is there needs no system call.
    pub top: Vec<OsString>,
    /// The skill files directly in the folder (usually one `SKILL.md`), with their inode
    /// numbers where the listing gives them.
    pub skill_files: Vec<(PathBuf, Option<u64>)>,
    /// The folders of the skills nested below this one whose nearest enclosing skill it is.
    pub nested: Vec<PathBuf>,
}

impl Discovery {
    /// Every regular file below the skill folder `dir` the walk saw, nested skills' files
    /// and skill files included (but `dir`'s own skill files), in no particular order; `None`
    /// when the walk did not list `dir`.
    pub fn tree_files(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        let top = self.listings.get(dir)?;
        let mut out: Vec<PathBuf> = top.files.iter().map(|(p, _)| p.clone()).collect();
        let mut stack: Vec<&PathBuf> = top.nested.iter().collect();
        while let Some(d) = stack.pop() {
            let Some(l) = self.listings.get(d) else {
                continue;
            };
            out.extend(l.skill_files.iter().map(|(p, _)| p.clone()));
            out.extend(l.files.iter().map(|(p, _)| p.clone()));
            stack.extend(l.nested.iter());
        }
        Some(out)
    }
}

impl Listing {
    /// The inode number the listing gave for the skill file `path`.
    pub fn skill_inode(&self, path: &Path) -> Option<u64> {
        self.skill_files
            .iter()
            .find(|(p, _)| p == path)
            .and_then(|(_, ino)| *ino)
    }

    /// True when the skill's folder has an entry (not a folder) named `name`.
    pub fn has_top(&self, name: &str) -> bool {
        self.top.iter().any(|n| n == name)
    }
}

/// True when the folder `dir` has an entry named `name` (a symlink too, dangling or not:
/// reading it then says why it is refused), from `listing` when the walk listed `dir`, else
/// looked up without following a symlink.
pub fn has_entry(listing: Option<&Listing>, dir: &Path, name: &str) -> bool {
    match listing {
        Some(l) => l.has_top(name),
        None => std::fs::symlink_metadata(dir.join(name)).is_ok(),
    }
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
        // Everything but folders: the skill files, and what the skills bundle.
        let mut others: Vec<walkdir::DirEntry> = Vec::new();
        // This root's skill folders (a folder named twice, or under two roots, keeps the
        // listing of the first).
        let mut listings: HashMap<PathBuf, Listing> = HashMap::new();
        for entry in walk_parallel(root, |e| !e.file_type().is_dir()) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    d.errors.push((path, e.to_string()));
                    continue;
                }
            };
            if !is_skill_file_name(entry.file_name()) {
                others.push(entry);
                continue;
            }
            if entry.path_is_symlink() {
                d.skipped
                    .push((entry.path().to_path_buf(), "symlink not followed".into()));
                others.push(entry);
                continue;
            }
            if !entry.file_type().is_file() {
                others.push(entry);
                continue;
            }
            let canonical = match entry.path().strip_prefix(root) {
                Ok(rel) => canonical_root.join(rel),
                Err(_) => key(entry.path()),
            };
            if let Some(dir) = entry.path().parent() {
                let listing = listings.entry(dir.to_path_buf()).or_default();
                listing
                    .skill_files
                    .push((entry.path().to_path_buf(), inode(&entry)));
            }
            if seen.insert(canonical) {
                d.skill_files.push(entry.into_path());
            }
        }
        assign(&mut listings, others, root);
        for (dir, listing) in listings {
            d.listings.entry(dir).or_insert(listing);
        }
    }
    d.skill_files.sort();
    d
}

/// Gives each entry to the skill folder it belongs to: the nearest folder above it, inside
/// `root`, that holds a skill file (what [`super::files::list`] would find walking that folder).
fn assign(listings: &mut HashMap<PathBuf, Listing>, entries: Vec<walkdir::DirEntry>, root: &Path) {
    let enclosing = |dir: &Path, listings: &HashMap<PathBuf, Listing>| {
        dir.ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(root))
            .find(|a| listings.contains_key(*a))
            .map(Path::to_path_buf)
    };
    let nested: Vec<(PathBuf, PathBuf)> = listings
        .keys()
        .filter_map(|k| Some((enclosing(k, listings)?, k.clone())))
        .collect();
    for (outer, inner) in nested {
        if let Some(l) = listings.get_mut(&outer) {
            l.nested.push(inner);
        }
    }
    for entry in entries {
        let path = entry.path();
        let Some(parent) = path.parent() else {
            continue;
        };
        if let Some(own) = listings.get_mut(parent) {
            own.top.push(entry.file_name().to_os_string());
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(owner) = enclosing(path, listings) {
            if let Some(l) = listings.get_mut(&owner) {
                let ino = inode(&entry);
                l.files.push((entry.into_path(), ino));
            }
        }
    }
}

/// The inode number a folder listing gave for `entry` (`None` off Unix).
fn inode(entry: &walkdir::DirEntry) -> Option<u64> {
    #[cfg(unix)]
    {
        use walkdir::DirEntryExt;
        Some(entry.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = entry;
        None
    }
}

fn key(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

pub use crate::diag::describe_io;

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a file holding `x` at each path below `d`.
    fn tree(d: &Path, rels: &[&str]) {
        for rel in rels {
            let p = d.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, "x").expect("write");
        }
    }

    #[test]
    fn the_parallel_walk_yields_what_the_walk_yields_in_order() {
        let t = tempfile::tempdir().expect("tmp");
        let d = t.path();
        tree(
            d,
            &[
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
            ],
        );
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

    #[test]
    fn a_listing_holds_what_listing_the_folder_finds() {
        let t = tempfile::tempdir().expect("tmp");
        let d = t.path();
        tree(
            d,
            &[
                "skills/a/SKILL.md",
                "skills/a/gates.yaml",
                "skills/a/references/r.md",
                "skills/a/scripts/deep/x.sh",
                "skills/a/nested/SKILL.md",
                "skills/a/nested/n.md",
                "skills/a/nested/more/m.md",
                "skills/a/node_modules/pkg/index.js",
                "skills/a/.git/config",
                "skills/a/target/CACHEDIR.TAG",
                "skills/a/target/out.bin",
                "skills/a/target2/kept.txt",
                "skills/b/skill.md",
                "skills/b/notes.txt",
                "skills/c/SKILL.md",
                "skills/c/skill.md",
                "skills/c/c.md",
                "loose/readme.md",
            ],
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/passwd", d.join("skills/a/references/link"))
                .expect("symlink");
            std::os::unix::fs::symlink("../a/gates.yaml", d.join("skills/b/gates.yaml"))
                .expect("symlink");
        }
        let found = discover(&[d.to_path_buf()]);
        assert_eq!(found.skill_files.len(), 5, "{:?}", found.skill_files);
        let rels = |files: &[super::super::files::BundledFile]| -> Vec<String> {
            files.iter().map(|f| f.rel.clone()).collect()
        };
        for skill in &found.skill_files {
            let dir = skill.parent().expect("dir");
            let listing = found.listings.get(dir).expect("listed");
            let walked = super::super::files::list(dir);
            assert_eq!(
                rels(&super::super::files::from_listing(dir, &listing.files)),
                rels(&walked),
                "{}",
                dir.display()
            );
            assert_eq!(
                listing.has_top("gates.yaml"),
                std::fs::symlink_metadata(dir.join("gates.yaml")).is_ok(),
                "{}",
                dir.display()
            );
        }
        let a = found.listings.get(&d.join("skills/a")).expect("a");
        let a_files = super::super::files::from_listing(&d.join("skills/a"), &a.files);
        assert_eq!(
            rels(&a_files),
            [
                "gates.yaml",
                "references/r.md",
                "scripts/deep/x.sh",
                "target2/kept.txt"
            ]
        );
        // Read through the listing's inode, as through a lookup.
        assert_eq!(a_files[1].text(1024).map(|f| f.text.as_str()), Some("x"));
        assert!(a_files[1].mode() != 0 || cfg!(not(unix)));
    }
}
