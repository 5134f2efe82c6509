//! Link targets for the Markdown report, so a link works where the report is read.
//!
//! - In GitHub Actions (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA` all set and
//!   valid) a link is a permalink: `https://github.com/<owner>/<name>/blob/<sha>/<path>#L<line>`,
//!   which resolves in a job summary, a pull-request comment or an issue.
//! - Otherwise it is the path from the repository root: the nearest ancestor of the file that
//!   holds a `.git` entry (a folder, or the file of a worktree or submodule). It never depends
//!   on the folder skillgate runs in, so a report written at the repository root links right.
//! - A file in no repository keeps a path relative to the current folder (nothing better
//!   exists); a permalink is never made for it.
//!
//! The three variables are validated before use: a value that could put Markdown or a foreign
//! URL into a link (the server must be `https://host[:port]`, the repository `owner/name` in
//! GitHub's characters, the SHA 40 or 64 hex digits) turns permalinks off with one warning on
//! standard error. Paths are percent-encoded by [`escape::href`].

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::markdown::escape;
use super::sarif::Paths;

/// Validated GitHub coordinates: the permalink prefix `<server>/<owner>/<name>/blob/<sha>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitHub {
    prefix: String,
}

impl GitHub {
    /// Validates the values of `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA`.
    /// The error names the variable and what it must look like (never echoes the value).
    pub fn new(server_url: &str, repository: &str, sha: &str) -> Result<GitHub, String> {
        let server = server(server_url).ok_or(
            "GITHUB_SERVER_URL is not an https URL of a host (`https://github.com`, `https://host:port`)",
        )?;
        if !is_repository(repository) {
            return Err(
                "GITHUB_REPOSITORY is not `owner/name` (letters, digits, `-`, `_`; the name also `.`)"
                    .into(),
            );
        }
        let sha_ok = matches!(sha.len(), 40 | 64) && sha.bytes().all(|b| b.is_ascii_hexdigit());
        if !sha_ok {
            return Err("GITHUB_SHA is not a full commit SHA (40 or 64 hex digits)".into());
        }
        Ok(GitHub {
            prefix: format!("{server}/{repository}/blob/{}/", sha.to_ascii_lowercase()),
        })
    }

    /// Reads the three variables: `Ok(None)` unless all three are set and non-empty; `Err`
    /// when they are set but one is not valid.
    pub fn from_env() -> Result<Option<GitHub>, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        match (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            (Some(server), Some(repository), Some(sha)) => {
                GitHub::new(&server, &repository, &sha).map(Some)
            }
            _ => Ok(None),
        }
    }
}

/// `https://host` or `https://host:port`, lowercased, without a trailing `/`; `None` for
/// anything else (another scheme, user info, a path, a query, odd characters).
fn server(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("HTTPS://"))?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = match rest.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if host.is_empty() || host.len() > 253 || !host.split('.').all(label_ok) {
        return None;
    }
    if let Some(p) = port
        && (p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(format!("https://{}", rest.to_ascii_lowercase()))
}

/// `owner/name`: an owner of letters, digits, `-` and `_` (at most 39), a name of letters,
/// digits, `-`, `_` and `.` (at most 100, not `.` or `..`).
fn is_repository(s: &str) -> bool {
    let Some((owner, name)) = s.split_once('/') else {
        return false;
    };
    let owner_ok = (1..=39).contains(&owner.len())
        && owner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let name_ok = (1..=100).contains(&name.len())
        && name != "."
        && name != ".."
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    owner_ok && name_ok
}

/// Builds the link targets of one report. Repository roots are looked up once per folder.
pub struct Links {
    cwd: PathBuf,
    github: Option<GitHub>,
    /// Folder → the repository root that holds it (or `None`), for every folder looked at.
    roots: HashMap<PathBuf, Option<PathBuf>>,
    /// Paths of files in no repository, relative to the current folder.
    outside: Paths,
}

impl Links {
    /// Links for this process: permalinks when the GitHub variables are set and valid (a
    /// warning on standard error, once, when they are set but not valid).
    pub fn from_env() -> Links {
        let github = GitHub::from_env().unwrap_or_else(|e| {
            static WARNED: std::sync::Once = std::sync::Once::new();
            WARNED.call_once(|| {
                eprintln!("warning: {e}: Markdown links are repository-relative, not permalinks")
            });
            None
        });
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        Links::new(&cwd, github)
    }

    /// Links for files named relative to `cwd`, permalinks when `github` is given.
    pub fn new(cwd: &Path, github: Option<GitHub>) -> Links {
        Links {
            cwd: normalize(cwd),
            github,
            roots: HashMap::new(),
            outside: Paths::new(cwd),
        }
    }

    /// The link target for `path` (as the command was given it) at a 1-based `line`.
    pub fn href(&mut self, path: &Path, line: Option<usize>) -> String {
        let abs = normalize(&self.cwd.join(path));
        let root = abs.parent().and_then(|dir| self.root_of(dir));
        let Some(root) = root else {
            return escape::href(&slash_path(&self.outside.relative(path)), line);
        };
        let rel = slash_path(abs.strip_prefix(&root).unwrap_or(&abs));
        let target = escape::href(&rel, line);
        match &self.github {
            Some(gh) => format!("{}{target}", gh.prefix),
            None => target,
        }
    }

    /// The nearest ancestor of `dir` (itself included) with a `.git` entry. Every folder on the
    /// way is remembered, so each is checked once however many files the report links.
    fn root_of(&mut self, dir: &Path) -> Option<PathBuf> {
        let mut walked = Vec::new();
        let mut found = None;
        for d in dir.ancestors() {
            if let Some(known) = self.roots.get(d) {
                found = known.clone();
                break;
            }
            walked.push(d.to_path_buf());
            // `symlink_metadata`: a `.git` entry is looked at, never followed.
            if std::fs::symlink_metadata(d.join(".git")).is_ok_and(|m| !m.file_type().is_symlink())
            {
                found = Some(d.to_path_buf());
                break;
            }
        }
        for d in walked {
            self.roots.insert(d, found.clone());
        }
        found
    }
}

/// The normal components of `p` joined with `/`.
fn slash_path(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Lexical normalisation: drops `.`, resolves `..` against what precedes it (no file system
/// access, so no symlink is followed).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    fn github() -> GitHub {
        GitHub::new("https://github.com", "acme/skills", SHA).expect("valid")
    }

    #[test]
    fn permalinks_start_at_the_repository_root_whatever_the_current_folder() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
        std::fs::create_dir_all(repo.join("releases/v1")).expect("mkdir");
        let sub = repo.join("releases");
        let mut links = Links::new(&sub, Some(github()));
        assert_eq!(
            links.href(Path::new("v1/record.yaml"), Some(12)),
            format!("https://github.com/acme/skills/blob/{SHA}/releases/v1/record.yaml#L12")
        );
        let mut links = Links::new(&sub, None);
        assert_eq!(
            links.href(Path::new("v1/record.yaml"), Some(12)),
            "releases/v1/record.yaml#L12"
        );
        assert_eq!(
            links.href(Path::new("../releases/./v1/a b.yaml"), None),
            "releases/v1/a%20b.yaml"
        );
    }

    #[test]
    fn a_git_file_marks_a_worktree_root() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let wt = tmp.path().join("outer/wt");
        std::fs::create_dir_all(tmp.path().join("outer/.git")).expect("mkdir");
        std::fs::create_dir_all(wt.join("skills")).expect("mkdir");
        std::fs::write(wt.join(".git"), "gitdir: /elsewhere\n").expect("write");
        let mut links = Links::new(tmp.path(), None);
        assert_eq!(
            links.href(Path::new("outer/wt/skills/SKILL.md"), Some(3)),
            "skills/SKILL.md#L3"
        );
        assert_eq!(links.href(Path::new("outer/x.yaml"), Some(1)), "x.yaml#L1");
    }

    #[test]
    fn files_in_no_repository_are_relative_to_the_current_folder_and_never_permalinks() {
        // NOTE: assumes the temporary folder is in no git repository, as on any usual machine.
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut links = Links::new(tmp.path(), Some(github()));
        assert_eq!(
            links.href(Path::new("cases/r.yaml"), Some(4)),
            "cases/r.yaml#L4"
        );
    }

    #[test]
    fn hostile_github_variables_are_refused() {
        let ok = ("https://github.com", "acme/skills", SHA);
        assert!(GitHub::new(ok.0, ok.1, ok.2).is_ok());
        assert!(GitHub::new("https://ghe.example.com:8443/", ok.1, ok.2).is_ok());
        assert!(GitHub::new(ok.0, "octo_emu/my.repo-1", &SHA.repeat(2)[..64]).is_ok());
        for server in [
            "http://github.com",
            "javascript:alert(1)//",
            "https://evil.com/x)](https://a",
            "https://user@github.com",
            "https://github.com/path",
            "https://github.com?q",
            "https://git hub.com",
            "https://-a.com",
            "https://a.com:",
            "https://",
        ] {
            assert!(GitHub::new(server, ok.1, ok.2).is_err(), "{server}");
        }
        for repo in [
            "acme",
            "acme/skills/extra",
            "acme/skills)[x](y",
            "acme/..",
            "/skills",
            "acme/",
            "ac me/skills",
            "acme/skills\n",
            "a<b/c",
        ] {
            assert!(GitHub::new(ok.0, repo, ok.2).is_err(), "{repo:?}");
        }
        for sha in [
            "main",
            &SHA[..39],
            "g123456789abcdef0123456789abcdef01234567",
            "",
        ] {
            assert!(GitHub::new(ok.0, ok.1, sha).is_err(), "{sha}");
        }
    }

    #[test]
    fn permalink_prefix_is_normalised() {
        let gh =
            GitHub::new("HTTPS://GitHub.com/", "acme/skills", &SHA.to_uppercase()).expect("valid");
        assert_eq!(
            gh.prefix,
            format!("https://github.com/acme/skills/blob/{SHA}/")
        );
    }
}
