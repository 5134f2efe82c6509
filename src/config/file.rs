//! `skillgate.toml`: the repository's configuration, at the repository root of the first path
//! (or named with `--config`); never one beside a record or inside a skills folder. Unknown keys and unknown rule / gate ids are errors with the
//! file, line and column. The JSON Schema in `docs/skillgate.schema.json` is generated from
//! [`FileSettings`] and checked by a test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::config::{LintConfig, Profile};
use crate::diag::Notice;
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;
use crate::suppress::{Override, OverrideKind};

/// The file name looked for.
pub const FILE_NAME: &str = "skillgate.toml";

/// The contents of `skillgate.toml`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileSettings {
    /// Frontmatter schema profile: `agentskills`, `claude-code` or `securityskills` (default:
    /// detected from the repository).
    pub profile: Option<Profile>,
    /// Lowest severity that makes `lint` / `test` fail: low (default), medium, high, critical.
    #[schemars(with = "Option<String>")]
    pub fail_on: Option<Spanned<String>>,
    /// Only these rule and gate ids run (default: all).
    #[schemars(with = "Option<Vec<String>>")]
    pub select: Option<Vec<Spanned<String>>>,
    /// These rule and gate ids never report.
    #[schemars(with = "Vec<String>")]
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Severity overrides: `rule-or-gate-id = "low" | "medium" | "high" | "critical"`.
    #[schemars(with = "BTreeMap<String, String>")]
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Per-path ignores: `"glob" = ["id", ...]` (globs relative to this file's folder).
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    #[serde(default)]
    pub per_path_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// Largest file read, in bytes (default 10 MiB).
    pub max_file_size: Option<u64>,
    /// Honour inline suppression comments (default true; `--no-inline-config` turns them off).
    pub inline_config: Option<bool>,
    /// Headings every skill must have (default: the `##` headings of the skill template, else
    /// the profile's).
    pub required_sections: Option<Vec<String>>,
    /// The repository's skill template, relative to this file (default: a `SKILL_TEMPLATE.md`,
    /// `template/SKILL.md` or `templates/SKILL.md` found from the linted path up).
    pub skill_template: Option<String>,
    /// What a model-promotion skill must contain: checklist section and evidence items, Output
    /// Format fields, fixture minimums (see the `promotion-checklist` rule).
    pub promotion: Option<crate::config::PromotionConfig>,
}

/// Settings resolved from the file and the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The file they came from, if any.
    pub path: Option<PathBuf>,
    /// The folder globs are relative to.
    pub root: PathBuf,
    /// Lint settings.
    pub lint: LintConfig,
    /// The profile the file names, if it names one.
    pub profile: Option<Profile>,
    /// The skill template the file names (resolved against its folder), if it names one.
    pub skill_template: Option<PathBuf>,
    /// The failure threshold from the file.
    pub fail_on: Option<Severity>,
    /// Selected ids (`None`: all).
    pub select: Option<Vec<String>>,
    /// Ignored ids.
    pub ignore: Vec<String>,
    /// Severity overrides.
    pub severity: BTreeMap<String, Severity>,
    /// Per-path ignores.
    pub per_path: Vec<(GlobSet, Vec<String>)>,
    /// Inline suppressions honoured.
    pub inline_config: bool,
    /// Required sections named in the file, if any.
    pub required_sections: Option<Vec<String>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            path: None,
            root: PathBuf::from("."),
            lint: LintConfig::default(),
            profile: None,
            skill_template: None,
            fail_on: None,
            select: None,
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            per_path: Vec::new(),
            inline_config: true,
            required_sections: None,
        }
    }
}

/// The repository's `skillgate.toml`: the one at the repository root of `start`
/// ([`repository_root`]), if there is one there.
///
/// NOTE: only the root's. A pull request can add files anywhere, a `skillgate.toml` beside a
/// release record or in a skills folder included; skillgate trusts the command line, the
/// repository root's configuration and the skill named with `--skill`, and nothing else (see
/// the README's threat model). A `skillgate.toml` that is a symlink is found here and refused
/// when read.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let candidate = repository_root(start)?.join(FILE_NAME);
    std::fs::symlink_metadata(&candidate)
        .is_ok()
        .then_some(candidate)
}

/// The repository root of `start` (a file or folder): the nearest ancestor that holds `.git`
/// (a folder, or the file of a worktree); when there is none, the current directory if `start`
/// is inside it. `None` when neither applies.
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        if std::fs::symlink_metadata(d.join(".git")).is_ok() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| std::fs::canonicalize(c).ok())?;
    abs.starts_with(&cwd).then_some(cwd)
}

/// Loads settings: `--config FILE`, else the `skillgate.toml` at the repository root of
/// `first_path` ([`discover`]), else defaults. `known_ids` are the rule and gate ids an id in
/// the file may name.
pub fn load(
    explicit: Option<&Path>,
    first_path: &Path,
    known_ids: impl FnOnce(&Path) -> Vec<String>,
) -> Result<Settings, Vec<Notice>> {
    let path = match explicit {
        Some(p) => {
            if std::fs::symlink_metadata(p).is_err() {
                return Err(vec![Notice::error(
                    p.display().to_string(),
                    "configuration file not found",
                )]);
            }
            Some(p.to_path_buf())
        }
        None => discover(first_path),
    };
    let Some(path) = path else {
        return Ok(Settings::default());
    };
    let text = read_text(&path)?;
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(&path, &text, &known_ids(&root))
}

/// Reads a configuration file through [`crate::source::read`] (no symlink, regular files only,
/// the default size limit); any problem is an error naming the file.
fn read_text(path: &Path) -> Result<String, Vec<Notice>> {
    let err = |m: String| vec![Notice::error(path.display().to_string(), m)];
    let loaded = crate::source::read(path, crate::source::DEFAULT_MAX_FILE_SIZE)
        .map_err(|e| err(format!("cannot read: {}", crate::diag::describe_io(&e))))?;
    if let Some((problem, span)) = loaded.problem {
        let (l, c) = loaded.file.line_col(span.start);
        return Err(vec![
            Notice::error(
                path.display().to_string(),
                format!("cannot read: {problem}"),
            )
            .at(l, c),
        ]);
    }
    Ok(loaded.file.text.clone())
}

/// Parses settings text (for `path`).
pub fn parse(path: &Path, text: &str, known_ids: &[String]) -> Result<Settings, Vec<Notice>> {
    let file = Arc::new(SourceFile::new(path.to_path_buf(), text.to_string()));
    let at = |span: std::ops::Range<usize>, msg: String| {
        let (l, c) = file.line_col(span.start);
        Notice::error(path.display().to_string(), msg).at(l, c)
    };
    let raw: FileSettings = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        vec![at(span, e.message().to_string())]
    })?;
    let mut errors = Vec::new();
    let check_id = |id: &Spanned<String>, errors: &mut Vec<Notice>| {
        if !known_ids.iter().any(|k| k == id.get_ref()) {
            let hint = closest(id.get_ref(), known_ids)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            errors.push(at(
                id.span(),
                format!("unknown rule or gate id `{}`{hint}", id.get_ref()),
            ));
        }
    };
    let mut s = Settings {
        path: Some(path.to_path_buf()),
        root: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        ..Settings::default()
    };
    s.lint = LintConfig::for_profile(raw.profile.unwrap_or_default());
    s.profile = raw.profile;
    if raw.profile.is_some() {
        s.lint.profile_source = crate::config::ProfileSource::ConfigFile(path.to_path_buf());
    }
    s.skill_template = raw.skill_template.as_ref().map(|t| s.root.join(t));
    if let Some(m) = raw.max_file_size {
        s.lint.max_file_size = m;
    }
    if let Some(sections) = raw.required_sections {
        s.lint.required_sections = sections.clone();
        s.required_sections = Some(sections);
    }
    if let Some(p) = raw.promotion {
        s.lint.promotion = p;
    }
    s.inline_config = raw.inline_config.unwrap_or(true);
    if let Some(f) = &raw.fail_on {
        match f.get_ref().parse::<Severity>() {
            Ok(sev) => s.fail_on = Some(sev),
            Err(e) => errors.push(at(f.span(), e)),
        }
    }
    if let Some(sel) = &raw.select {
        for id in sel {
            check_id(id, &mut errors);
        }
        s.select = Some(sel.iter().map(|i| i.get_ref().clone()).collect());
    }
    for id in &raw.ignore {
        check_id(id, &mut errors);
        s.ignore.push(id.get_ref().clone());
    }
    for (id, sev) in &raw.severity {
        check_id(id, &mut errors);
        match sev.get_ref().parse::<Severity>() {
            Ok(v) => {
                s.severity.insert(id.get_ref().clone(), v);
            }
            Err(e) => errors.push(at(sev.span(), e)),
        }
    }
    for (glob, ids) in &raw.per_path_ignores {
        for id in ids {
            check_id(id, &mut errors);
        }
        match Glob::new(glob.get_ref()) {
            Ok(g) => {
                let mut b = GlobSetBuilder::new();
                b.add(g);
                // A bare folder glob also covers what is inside it.
                if let Ok(inner) =
                    Glob::new(&format!("{}/**", glob.get_ref().trim_end_matches('/')))
                {
                    b.add(inner);
                }
                match b.build() {
                    Ok(set) => s
                        .per_path
                        .push((set, ids.iter().map(|i| i.get_ref().clone()).collect())),
                    Err(e) => errors.push(at(glob.span(), format!("invalid glob: {e}"))),
                }
            }
            Err(e) => errors.push(at(glob.span(), format!("invalid glob: {e}"))),
        }
    }
    if errors.is_empty() {
        Ok(s)
    } else {
        Err(errors)
    }
}

impl Settings {
    /// Applies selection, ignores (global and per path) and severity overrides.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        self.apply_reporting(findings).0
    }

    /// [`Settings::apply`], also returning each finding it dropped or re-rated (with the file
    /// and setting that did it), so `check` can show them.
    pub fn apply_reporting(&self, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Override>) {
        // Shown relative to the current directory when it is inside it.
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|c| std::fs::canonicalize(c).ok());
        let file = self.path.as_ref().map_or_else(
            || FILE_NAME.to_string(),
            |p| {
                cwd.as_ref()
                    .and_then(|c| p.strip_prefix(c).ok())
                    .unwrap_or(p)
                    .display()
                    .to_string()
            },
        );
        let mut kept = Vec::with_capacity(findings.len());
        let mut overrides = Vec::new();
        let mut rel_cache: std::collections::HashMap<PathBuf, PathBuf> = Default::default();
        for mut f in findings {
            let dropped_by = if self.select.as_ref().is_some_and(|sel| !sel.contains(&f.id)) {
                Some("`select` does not list it".to_string())
            } else if self.ignore.contains(&f.id) {
                Some(format!("`ignore` lists `{}`", f.id))
            } else if self.per_path.is_empty() {
                None
            } else {
                let path = &f.location.file.path;
                let rel = rel_cache
                    .entry(path.clone())
                    .or_insert_with(|| self.relative(path));
                self.per_path
                    .iter()
                    .any(|(set, ids)| ids.contains(&f.id) && set.is_match(&*rel))
                    .then(|| format!("`per-path-ignores` covers `{}` here", f.id))
            };
            if let Some(why) = dropped_by {
                overrides.push(Override {
                    finding: f,
                    kind: OverrideKind::Suppressed,
                    by: file.clone(),
                    justification: why,
                    in_source: false,
                });
                continue;
            }
            if let Some(sev) = self.severity.get(&f.id) {
                if *sev != f.severity {
                    overrides.push(Override {
                        finding: f.clone(),
                        kind: OverrideKind::Severity(*sev),
                        by: file.clone(),
                        justification: format!("`[severity]` sets `{}` to {sev}", f.id),
                        in_source: false,
                    });
                }
                f.severity = *sev;
            }
            kept.push(f);
        }
        (kept, overrides)
    }

    /// A path relative to the settings root (for globs).
    pub fn relative(&self, p: &Path) -> PathBuf {
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        abs.strip_prefix(&root)
            .map(Path::to_path_buf)
            .unwrap_or(abs)
    }
}

/// The known id closest to `id` by edit distance (at most 3 edits).
pub fn closest<'a>(id: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| {
            (
                edit_distance(&id.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                k,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The JSON Schema of `skillgate.toml`, pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(FileSettings);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        vec!["required-sections".into(), "PG001".into(), "PG010".into()]
    }

    #[test]
    fn parses_and_applies() {
        let text = "profile = \"agentskills\"\nignore = [\"PG010\"]\n[severity]\nrequired-sections = \"low\"\n[per-path-ignores]\n\"legacy\" = [\"PG001\"]\n";
        let s = parse(Path::new("skillgate.toml"), text, &ids()).expect("parses");
        assert_eq!(s.lint.profile, Profile::Agentskills);
        assert_eq!(s.severity.get("required-sections"), Some(&Severity::Low));
        assert!(s.per_path[0].0.is_match("legacy/a/SKILL.md"));
    }

    #[test]
    fn promotion_table_overrides_only_what_it_names() {
        let text = "[promotion]\nrequire-tags = [\"ml-release\"]\nmin-benign = 1\n[[promotion.required-items]]\nid = \"sbom\"\nkeywords = [\"sbom + digest\"]\n";
        let s = parse(Path::new("skillgate.toml"), text, &ids()).expect("parses");
        let p = &s.lint.promotion;
        assert_eq!(p.require_tags, ["ml-release"]);
        assert_eq!((p.min_benign, p.min_vulnerable), (1, 3));
        assert_eq!(p.required_items.len(), 1);
        assert_eq!(p.section, "Model Promotion Gate");
        let errs = parse(
            Path::new("skillgate.toml"),
            "[promotion]\nmin-benigns = 1\n",
            &ids(),
        )
        .expect_err("bad");
        assert_eq!(errs[0].line, Some(2), "{errs:?}");
    }

    #[test]
    fn unknown_keys_and_ids_have_positions() {
        let errs = parse(
            Path::new("skillgate.toml"),
            "profile = \"agentskills\"\ncolour = 1\n",
            &ids(),
        )
        .expect_err("bad");
        assert_eq!(errs[0].line, Some(2), "{errs:?}");
        assert!(errs[0].message.contains("colour"), "{errs:?}");
        let errs =
            parse(Path::new("skillgate.toml"), "ignore = [\"PG01\"]\n", &ids()).expect_err("bad");
        assert_eq!((errs[0].line, errs[0].column), (Some(1), Some(11)));
        assert!(errs[0].message.contains("did you mean `PG001`"), "{errs:?}");
    }
}
