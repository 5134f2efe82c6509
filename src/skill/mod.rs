//! Skill folders: discovery and the parsed model of a `SKILL.md` (frontmatter + Markdown body).

pub mod discover;
pub mod files;
pub mod markdown;
pub mod paths;
pub mod repo;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::gates::{self, GateError, GateFile};
use crate::source::{self, ReadProblem, SourceFile, Span};
use crate::yaml::{self, Node, YamlError};

pub use markdown::Body;

/// What became of a SKILL.md's frontmatter.
#[derive(Debug, Clone)]
pub enum Frontmatter {
    /// The file does not start with `---`.
    Missing,
    /// An opening `---` with no closing line; the span is the opening line.
    Unclosed(Span),
    /// Not valid YAML (span in file coordinates).
    Invalid(YamlError),
    /// Valid YAML but not a mapping.
    NotMapping(Span),
    /// A mapping, with file-coordinate spans.
    Parsed(Node),
}

/// One skill folder, read once and parsed.
#[derive(Debug, Clone)]
pub struct Skill {
    /// The folder that holds SKILL.md.
    pub dir: PathBuf,
    /// The SKILL.md file.
    pub file: Arc<SourceFile>,
    /// Set when the file could not be taken as text (too large, invalid UTF-8, binary).
    pub read_problem: Option<(ReadProblem, Span)>,
    /// The frontmatter.
    pub frontmatter: Frontmatter,
    /// The parsed body (empty when the file could not be read).
    pub body: Body,
    /// Where the body starts.
    pub body_start: usize,
    /// The skill's `gates.yaml`, loaded on first use (see [`Skill::gate_file`]).
    gate_file: OnceLock<Option<Result<GateFile, Vec<GateError>>>>,
    /// The other files of the skill's folder, listed on first use (see [`Skill::files`]).
    files: OnceLock<Vec<files::BundledFile>>,
    /// What the discovery walk saw in the skill's folder, when it walked it.
    listing: Option<discover::Listing>,
    /// Unix permission bits of SKILL.md, when it was read from disk.
    pub mode: Option<u32>,
}

impl Skill {
    /// Reads and parses `SKILL.md` at `path`.
    pub fn load(path: &Path, max_size: u64) -> std::io::Result<Skill> {
        Ok(Skill::from_loaded(source::read(path, max_size)?))
    }

    /// [`Skill::load`] for a SKILL.md a folder listing showed with inode number `ino` (see
    /// [`source::read_listed`]): nothing is looked up before it is opened.
    pub fn load_listed(path: &Path, ino: u64, max_size: u64) -> std::io::Result<Skill> {
        let (loaded, _) = source::read_listed(path, ino, max_size)?;
        Ok(Skill::from_loaded(loaded))
    }

    /// The skill of a SKILL.md read from disk (its mode kept).
    fn from_loaded(loaded: source::Loaded) -> Skill {
        let mut skill = Skill::from_source(loaded.file, loaded.problem);
        skill.mode = Some(loaded.mode);
        skill
    }

    /// Takes what the discovery walk saw in the skill's folder, so that [`Skill::files`] and
    /// [`Skill::has_gate_file`] need not look again.
    pub fn with_listing(mut self, listing: Option<discover::Listing>) -> Skill {
        self.listing = listing;
        self
    }

    /// Parses an already loaded file.
    pub fn from_source(file: Arc<SourceFile>, read_problem: Option<(ReadProblem, Span)>) -> Skill {
        let dir = file
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let usable = !matches!(read_problem, Some((ReadProblem::TooLarge { .. }, _)));
        let (frontmatter, body_start) = if usable {
            split_frontmatter(&file.text)
        } else {
            (Frontmatter::Missing, 0)
        };
        let body = if usable {
            Body::parse(&file.text[body_start..], body_start)
        } else {
            Body::default()
        };
        Skill {
            dir,
            file,
            read_problem,
            frontmatter,
            body,
            body_start,
            gate_file: OnceLock::new(),
            files: OnceLock::new(),
            listing: None,
            mode: None,
        }
    }

    /// True when the skill's folder has an entry named `gates.yaml` (a symlink too: loading
    /// it then says why it is refused).
    pub fn has_gate_file(&self) -> bool {
        discover::has_entry(self.listing.as_ref(), &self.dir, "gates.yaml")
    }

    /// The `gates.yaml` beside SKILL.md: `None` when there is none, else the loaded file or the
    /// problems that stop it loading. Read at most once per skill, whichever rule asks first.
    pub fn gate_file(&self, max_size: u64) -> Option<&Result<GateFile, Vec<GateError>>> {
        self.gate_file
            .get_or_init(|| {
                let path = self.dir.join("gates.yaml");
                self.has_gate_file().then(|| gates::load(&path, max_size))
            })
            .as_ref()
    }

    /// The files the skill bundles besides `SKILL.md` (nested skills excluded), listed once,
    /// whichever rule asks first.
    pub fn files(&self) -> &[files::BundledFile] {
        self.files.get_or_init(|| match &self.listing {
            Some(l) => files::from_listing(&self.dir, &l.files),
            None => files::list(&self.dir),
        })
    }

    /// Forgets the bundled files and their cached text (after the per-skill rules ran).
    pub fn drop_files(&mut self) {
        self.files = OnceLock::new();
        self.listing = None;
    }

    /// What a lint run keeps of a skill once its per-skill rules ran: the folder, `file` (this
    /// skill's SKILL.md or an excerpt of it, see [`SourceFile::excerpt`]) and, of the
    /// frontmatter, only the `name` entry, its spans mapped by `map`. No body, gate file or
    /// bundled files, so thousands of summaries stay small.
    pub fn summary(&self, file: Arc<SourceFile>, map: impl Fn(Span) -> Span) -> Skill {
        let frontmatter = match self.name_entry() {
            Some((k, v)) => {
                let mut pair = [k.clone(), v.clone()];
                yaml::map_spans(&mut pair, map);
                let [k, v] = pair;
                let span = Span::new(k.span.start, v.span.end);
                Frontmatter::Parsed(Node {
                    value: yaml::Value::Map(vec![(k, v)]),
                    span,
                })
            }
            None if self.meta().is_some() => Frontmatter::Parsed(Node {
                value: yaml::Value::Map(Vec::new()),
                span: Span::point(0),
            }),
            None => Frontmatter::Missing,
        };
        Skill {
            dir: self.dir.clone(),
            file,
            read_problem: None,
            frontmatter,
            body: Body::default(),
            body_start: 0,
            gate_file: OnceLock::new(),
            files: OnceLock::new(),
            listing: None,
            mode: None,
        }
    }

    /// The frontmatter's `name` entry (key and value), when the frontmatter parsed.
    pub fn name_entry(&self) -> Option<(&Node, &Node)> {
        self.meta()?.entry("name").map(|(k, v)| (k, v))
    }

    /// The frontmatter mapping, when it parsed.
    pub fn meta(&self) -> Option<&Node> {
        match &self.frontmatter {
            Frontmatter::Parsed(n) => Some(n),
            _ => None,
        }
    }

    /// The `name` key's value.
    pub fn name(&self) -> Option<&str> {
        self.meta()
            .and_then(|m| m.get("name"))
            .and_then(Node::as_str)
    }

    /// The folder's own name.
    pub fn folder_name(&self) -> String {
        self.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The section under the first heading titled `title` (case-insensitive), as text and span.
    pub fn section(&self, title: &str) -> Option<(&str, Span)> {
        let h = self.body.heading(title)?;
        Some((self.file.slice(h.section), h.section))
    }
}

/// Splits `---\n...\n---` off the top. Returns the frontmatter and where the body starts.
fn split_frontmatter(text: &str) -> (Frontmatter, usize) {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return (Frontmatter::Missing, 0);
    }
    let mut pos = first_end;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..line_end].trim_end();
        if line == "---" || line == "..." {
            let yaml_text = &text[first_end..pos];
            let fm = match yaml::parse_one(yaml_text) {
                Err(mut e) => {
                    e.span = shift(e.span, first_end);
                    Frontmatter::Invalid(e)
                }
                Ok(mut node) => {
                    shift_tree(&mut node, first_end);
                    if node.is_map() {
                        Frontmatter::Parsed(node)
                    } else {
                        let span = if yaml_text.trim().is_empty() {
                            Span::new(0, first_end.saturating_sub(1))
                        } else {
                            node.span
                        };
                        Frontmatter::NotMapping(span)
                    }
                }
            };
            return (fm, line_end);
        }
        pos = line_end;
    }
    (Frontmatter::Unclosed(Span::new(0, 3)), text.len())
}

fn shift(span: Span, by: usize) -> Span {
    Span::new(span.start + by, span.end + by)
}

/// Moves every span in a tree by `by` bytes (iteratively: trees can be deep).
pub fn shift_tree(node: &mut Node, by: usize) {
    yaml::map_spans(std::slice::from_mut(node), |s| shift(s, by));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(text: &str) -> Skill {
        Skill::from_source(SourceFile::anonymous("s/SKILL.md", text), None)
    }

    #[test]
    fn frontmatter_spans_are_in_file_coordinates() {
        let s = skill("---\nname: demo\n---\n# Title\n\n## When to Use\n\n- [ ] check (PG001)\n");
        let meta = s.meta().expect("parsed");
        let name = meta.get("name").expect("name");
        assert_eq!(s.file.line_col(name.span.start), (2, 7));
        assert_eq!(s.body.headings.len(), 2);
        assert_eq!(s.body.tasks.len(), 1);
        assert_eq!(s.body.tasks[0].text, "check (PG001)");
        assert!(s.section("when to use").is_some());
    }

    #[test]
    fn unclosed_and_missing() {
        assert!(matches!(
            skill("---\nname: x\n").frontmatter,
            Frontmatter::Unclosed(_)
        ));
        assert!(matches!(
            skill("# no frontmatter").frontmatter,
            Frontmatter::Missing
        ));
        assert!(matches!(skill("").frontmatter, Frontmatter::Missing));
        assert!(matches!(
            skill("---\n- a\n---\n").frontmatter,
            Frontmatter::NotMapping(_)
        ));
        match skill("---\na: [\n---\n").frontmatter {
            Frontmatter::Invalid(e) => assert!(e.span.start >= 4),
            other => panic!("{other:?}"),
        }
    }
}
