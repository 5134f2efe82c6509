//! The gate files a command can see: every `gates.yaml` beside a `SKILL.md` under the paths a
//! user names, and the bundled reference skill, plus the YAML text that defines one gate.

use std::path::{Path, PathBuf};

use super::{Gate, GateFile, load};
use crate::diag::Notice;
use crate::diag::describe_io;
use crate::source::SourceFile;

/// Where the reference skill's gate file lives in this repository.
pub const REFERENCE_PATH: &str = "skills/ai-security/model-supply-chain/gates.yaml";

/// The reference skill's gate file, embedded at build time (so `rules` and `explain` work
/// outside this repository).
pub const REFERENCE_TEXT: &str =
    include_str!("../../skills/ai-security/model-supply-chain/gates.yaml");

/// Parses the embedded reference gate file.
pub fn reference() -> Result<GateFile, Vec<load::GateError>> {
    let file = SourceFile::anonymous(REFERENCE_PATH, REFERENCE_TEXT);
    let dir = Path::new(REFERENCE_PATH)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    load::parse(file, dir)
}

/// Gate files found for a command, and what went wrong on the way.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Parsed gate files, in path order (the bundled reference last, when it is added).
    pub files: Vec<GateFile>,
    /// Paths that do not exist, gate files that do not parse, folders without gates.
    pub notices: Vec<Notice>,
}

impl Catalog {
    /// Gate files under `skills` (skill folders, folders holding skills, or gate files). With no
    /// path: under the current directory, plus the bundled reference skill unless a skill of the
    /// same name was found.
    pub fn load(skills: &[PathBuf], max_size: u64) -> Catalog {
        let explicit = !skills.is_empty();
        let roots = if explicit {
            skills.to_vec()
        } else {
            vec![PathBuf::from(".")]
        };
        let mut cat = Catalog::default();
        let (paths, errors) = find_gate_files(&roots);
        for (p, m) in errors {
            cat.notices.push(Notice::error(p.display().to_string(), m));
        }
        if explicit {
            for root in &roots {
                if root.exists() && !paths.iter().any(|p| p.starts_with(root)) {
                    cat.notices.push(Notice::warning(
                        root.display().to_string(),
                        "no gates.yaml beside a SKILL.md here",
                    ));
                }
            }
        }
        for p in paths {
            match load::load(&p, max_size) {
                Ok(gf) => cat.files.push(gf),
                Err(errs) => cat.notices.extend(errs.iter().map(|e| {
                    let (l, c) = e.file.line_col(e.span.start);
                    Notice::error(e.file.path.display().to_string(), e.message.clone()).at(l, c)
                })),
            }
        }
        let has_reference = cat
            .files
            .iter()
            .any(|gf| skill_name(gf) == "model-supply-chain");
        if !explicit && !has_reference {
            match reference() {
                Ok(gf) => cat.files.push(gf),
                // NOTE: a test loads the reference file, so this only guards a broken build.
                Err(errs) => cat.notices.extend(
                    errs.iter()
                        .map(|e| Notice::error(REFERENCE_PATH, e.message.clone())),
                ),
            }
        }
        cat
    }

    /// Every gate with the file that declares it.
    pub fn gates(&self) -> impl Iterator<Item = (&GateFile, &Gate)> {
        self.files
            .iter()
            .flat_map(|gf| gf.gates.iter().map(move |g| (gf, g)))
    }

    /// Gates whose id is `id` (ignoring ASCII case), in catalog order.
    pub fn find(&self, id: &str) -> Vec<(&GateFile, &Gate)> {
        self.gates()
            .filter(|(_, g)| g.id.eq_ignore_ascii_case(id))
            .collect()
    }
}

/// The skill a gate file belongs to: its folder's name.
pub fn skill_name(gf: &GateFile) -> String {
    gf.skill_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every `gates.yaml` that sits beside a `SKILL.md` under `roots` (a root may also be a gate file
/// itself). Symlinks are not followed; `.git`, `target` and `node_modules` are skipped. Paths are
/// sorted, without a leading `./`.
pub fn find_gate_files(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        match std::fs::metadata(root) {
            Err(e) => errors.push((root.clone(), describe_io(&e))),
            Ok(m) if m.is_file() => found.push(root.clone()),
            Ok(_) => {
                let walker = crate::walk::walk(root);
                for entry in walker {
                    match entry {
                        Err(e) => {
                            let p = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                            errors.push((p, e.to_string()));
                        }
                        Ok(e) => {
                            let beside_skill = e
                                .path()
                                .parent()
                                .is_some_and(|d| d.join("SKILL.md").is_file());
                            if e.file_type().is_file()
                                && e.file_name() == "gates.yaml"
                                && beside_skill
                            {
                                found.push(tidy(e.path()));
                            }
                        }
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    (found, errors)
}

fn tidy(p: &Path) -> PathBuf {
    p.strip_prefix(".")
        .map_or_else(|_| p.to_path_buf(), Path::to_path_buf)
}

/// The `check:` block of a gate as written in its file, re-indented to start at column 0.
/// Empty when the gate's text cannot be found (it always can for a parsed file).
pub fn check_yaml(gf: &GateFile, gate: &Gate) -> String {
    let lines = gate_lines(gf, gate);
    let Some(first) = lines.first() else {
        return String::new();
    };
    // The first line is `  - id: PG001`: keys of the gate start after the dash and its space.
    let key_col = indent(&first.replacen('-', " ", 1));
    let mut out = Vec::new();
    let mut inside = false;
    for line in &lines {
        let blank = line.trim().is_empty();
        let col = indent(line);
        if !inside {
            inside = !blank && col == key_col && line.trim_start().starts_with("check:");
            if !inside {
                continue;
            }
        } else if !blank && col <= key_col {
            break;
        }
        out.push(line.get(key_col..).unwrap_or("").trim_end().to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// The lines of the file that declare `gate`: from its `- id:` line to the last line indented
/// under it (comments and blank lines inside it included).
fn gate_lines(gf: &GateFile, gate: &Gate) -> Vec<String> {
    let text = &gf.file.text;
    let start = gf.file.line_start(gf.file.line_col(gate.span.start).0);
    let Some(rest) = text.get(start..) else {
        return Vec::new();
    };
    let mut lines = rest.lines();
    let Some(first) = lines.next() else {
        return Vec::new();
    };
    let dash_col = indent(first);
    let mut out = vec![first.to_string()];
    for line in lines {
        if !line.trim().is_empty() && indent(line) <= dash_col {
            break;
        }
        out.push(line.to_string());
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_yaml_is_the_check_block_of_that_gate_only() {
        let gf = reference().expect("reference gates load");
        let pg005 = gf.gate("PG005").expect("PG005");
        let y = check_yaml(&gf, pg005);
        assert!(y.starts_with("check:\n  references:\n"), "{y}");
        assert!(y.contains("      - fields: [security_tests]"), "{y}");
        assert!(!y.contains("PG006"), "{y}");
        let pg010 = gf.gate("PG010").expect("PG010");
        let y = check_yaml(&gf, pg010);
        assert!(y.ends_with("    weak: medium"), "{y}");
        // Every gate's block parses on its own.
        for g in &gf.gates {
            let y = check_yaml(&gf, g);
            assert!(crate::yaml::parse_one(&y).is_ok(), "{}: {y}", g.id);
        }
    }
}
