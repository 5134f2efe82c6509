//! Reads `gates.yaml` into a [`GateFile`]. Unknown keys, checks, stages, field vocabularies and
//! value sets are errors that name the file, line and column.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::source::{self, SourceFile};
use crate::yaml::{self, Node};

/// A problem in a gate file, at a position.
#[derive(Debug, Clone)]
pub struct GateError {
    /// The gate file.
    pub file: Arc<SourceFile>,
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
}

impl fmt::Display for GateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, col) = self.file.line_col(self.span.start);
        write!(
            f,
            "{}:{line}:{col}: {}",
            self.file.path.display(),
            self.message
        )
    }
}

/// Loads and validates a gate file. All problems are returned, not only the first.
pub fn load(path: &Path, max_size: u64) -> Result<GateFile, Vec<GateError>> {
    let loaded = source::read(path, max_size).map_err(|e| {
        vec![GateError {
            file: SourceFile::anonymous(&path.display().to_string(), ""),
            span: Span::point(0),
            message: format!("cannot read gate file: {}", crate::diag::describe_io(&e)),
        }]
    })?;
    let file = loaded.file;
    if let Some((problem, span)) = loaded.problem {
        return Err(vec![GateError {
            file,
            span,
            message: problem.to_string(),
        }]);
    }
    let skill_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(file, skill_dir)
}

/// Parses gate-file text that is already loaded.
pub fn parse(
    file: Arc<SourceFile>,
    skill_dir: std::path::PathBuf,
) -> Result<GateFile, Vec<GateError>> {
    let root = match yaml::parse_one(&file.text) {
        Ok(n) => n,
        Err(e) => {
            return Err(vec![GateError {
                file,
                span: e.span,
                message: format!("invalid YAML: {}", e.message),
            }]);
        }
    };
    let mut r = Reader {
        file: file.clone(),
        errors: Vec::new(),
    };
    let gf = r.gate_file(&root, skill_dir);
    if r.errors.is_empty() {
        Ok(gf)
    } else {
        Err(r.errors)
    }
}

struct Reader {
    file: Arc<SourceFile>,
    errors: Vec<GateError>,
}

const TOP_KEYS: &[&str] = &[
    "version",
    "artifact",
    "wrappers",
    "stages",
    "fields",
    "values",
    "hosted_providers",
    "gates",
    "roles",
    "chain",
    "reads",
    "report",
];
/// Top-level keys that only language version 2 reads.
const V2_TOP_KEYS: &[&str] = &["roles", "chain", "reads"];
const STAGE_KEYS: &[&str] = &[
    "keys",
    "prefixes",
    "groups",
    "kinds",
    "scalar",
    "statement",
    "role",
    "nested",
];
const V2_STAGE_KEYS: &[&str] = &["role", "nested"];
const REPORT_KEYS: &[&str] = &["title", "chain"];
const READS_KEYS: &[&str] = &["references", "run_ids", "provider", "files", "labels"];
const ROLE_KEYS: &[&str] = &["words", "label"];
const GATE_KEYS: &[&str] = &[
    "id",
    "title",
    "severity",
    "category",
    "checklist",
    "output_field",
    "help",
    "check",
];
const CHECKS: &[&str] = &[
    "references",
    "bound",
    "evidence",
    "pinned",
    "subjects",
    "consistent",
];
const REFERENCES_KEYS: &[&str] = &[
    "stages",
    "fields",
    "roles",
    "except_roles",
    "except_fields",
    "pins",
    "repo_paths",
    "hosted",
    "accept",
    "mutable",
    "weak",
    "weak_bound",
    "bound_to",
    "missing_stage",
    "missing_reference",
];
const BOUND_KEYS: &[&str] = &[
    "stage",
    "to",
    "fallback_to",
    "missing",
    "no_identity",
    "unbound",
    "weak_bound",
    "require_fields",
    "conflict",
    "witnesses",
];
const CONSISTENT_KEYS: &[&str] = &["stages", "severity", "against_artifact"];
const EVIDENCE_KEYS: &[&str] = &["stage", "require", "forbid"];
const REQUIREMENT_KEYS: &[&str] = &["fields", "values", "severity", "unless", "message"];
const PINNED_KEYS: &[&str] = &[
    "when_stage",
    "when_role",
    "stages",
    "roles",
    "pins",
    "severity",
];
const SUBJECTS_KEYS: &[&str] = &["stage", "fields", "match", "severity", "names"];

impl Reader {
    fn err(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(GateError {
            file: self.file.clone(),
            span,
            message: message.into(),
        });
    }

    /// Reports keys of `node` that are not in `allowed`; errors when `node` is not a mapping.
    fn keys(&mut self, node: &Node, allowed: &[&str], what: &str) -> bool {
        if !node.is_map() {
            self.err(
                node.span,
                format!("{what} must be a mapping, found a {}", node.type_name()),
            );
            return false;
        }
        for (k, _) in node.entries() {
            let key = k.as_str().unwrap_or("");
            if !allowed.contains(&key) {
                self.err(
                    k.span,
                    format!(
                        "unknown key `{key}` in {what} (expected one of: {})",
                        allowed.join(", ")
                    ),
                );
            }
        }
        true
    }

    fn string(&mut self, node: Option<&Node>, what: &str, span: Span) -> String {
        match node {
            Some(n) => match n.scalar() {
                Some(s) if !s.text.trim().is_empty() => s.text.trim().to_string(),
                _ => {
                    self.err(n.span, format!("{what} must be a non-empty string"));
                    String::new()
                }
            },
            None => {
                self.err(span, format!("missing {what}"));
                String::new()
            }
        }
    }

    fn list(&mut self, node: Option<&Node>, what: &str) -> Vec<String> {
        let Some(n) = node else { return Vec::new() };
        if let Some(s) = n.as_str() {
            return vec![s.to_string()];
        }
        if !n.is_seq() {
            self.err(
                n.span,
                format!("{what} must be a string or a list of strings"),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for item in n.items() {
            match item.as_str() {
                Some(s) => out.push(s.to_string()),
                None => self.err(
                    item.span,
                    format!("{what} must list strings, found a {}", item.type_name()),
                ),
            }
        }
        out
    }

    fn level(&mut self, node: Option<&Node>) -> Level {
        let n = node?;
        let text = n.as_str().unwrap_or("");
        if text.eq_ignore_ascii_case("none") {
            return None;
        }
        match text.parse::<Severity>() {
            Ok(s) => Some(s),
            Err(e) => {
                self.err(n.span, format!("{e}, or none"));
                None
            }
        }
    }

    fn gate_file(&mut self, root: &Node, skill_dir: std::path::PathBuf) -> GateFile {
        let mut gf = GateFile {
            file: self.file.clone(),
            skill_dir,
            vocab: Vocabulary::default(),
            gates: Vec::new(),
        };
        if !self.keys(root, TOP_KEYS, "the gate file") {
            return gf;
        }
        gf.vocab.version = 1;
        if let Some(v) = root.get("version") {
            match v.as_str() {
                Some("1") => {}
                Some("2") => gf.vocab.version = 2,
                _ => self.err(
                    v.span,
                    "unsupported gate file version (this skillgate reads versions 1 and 2)",
                ),
            }
        }
        let v2 = gf.vocab.version == 2;
        if !v2 {
            for (k, _) in root.entries() {
                let key = k.as_str().unwrap_or("");
                if V2_TOP_KEYS.contains(&key) {
                    self.err(
                        k.span,
                        format!("`{key}` needs language version 2 (add `version: 2`)"),
                    );
                }
            }
        }
        if v2 {
            if let Some(r) = root.get("roles") {
                self.roles(r, &mut gf.vocab);
            }
        } else {
            gf.vocab.roles = default_roles();
        }
        gf.vocab.wrappers = self
            .list(root.get("wrappers"), "wrappers")
            .iter()
            .map(|s| normalize_key(s))
            .collect();
        if let Some(stages) = root.get("stages") {
            if !stages.is_map() {
                self.err(
                    stages.span,
                    format!("`stages` must be a mapping, found a {}", stages.type_name()),
                );
            }
            for (k, v) in stages.entries() {
                let name = k.as_str().unwrap_or("").to_string();
                if !self.keys(v, STAGE_KEYS, &format!("stage `{name}`")) {
                    continue;
                }
                if !v2 {
                    for (sk, _) in v.entries() {
                        let key = sk.as_str().unwrap_or("");
                        if V2_STAGE_KEYS.contains(&key) {
                            self.err(
                                sk.span,
                                format!("`{key}` needs language version 2 (add `version: 2`)"),
                            );
                        }
                    }
                }
                let role = match v.get("role") {
                    Some(r) => {
                        let role = r.as_str().unwrap_or("").to_string();
                        if !gf.vocab.roles.iter().any(|d| d.name == role) {
                            self.err(
                                r.span,
                                format!("unknown role `{role}` (declare it under `roles:`)"),
                            );
                        }
                        role
                    }
                    None if v2 && gf.vocab.roles.is_empty() => "artifact".to_string(),
                    None if v2 => {
                        self.err(
                            k.span,
                            format!("stage `{name}` needs a `role` (the role of the artifacts it names when a key says nothing more)"),
                        );
                        String::new()
                    }
                    None => match name.as_str() {
                        "adapter" => "adapter".into(),
                        "base" => "base_model".into(),
                        _ => "model".into(),
                    },
                };
                let nested = match v.get("nested") {
                    Some(_) => self.flag(v.get("nested")),
                    None => v2 || !matches!(name.as_str(), "candidate" | "adapter" | "base"),
                };
                let norm = |r: &mut Reader, key: &str| -> Vec<String> {
                    r.list(v.get(key), key)
                        .iter()
                        .map(|s| normalize_key(s))
                        .collect()
                };
                let def = StageDef {
                    keys: norm(self, "keys"),
                    prefixes: norm(self, "prefixes"),
                    groups: norm(self, "groups"),
                    kinds: self.list(v.get("kinds"), "kinds"),
                    scalar: self.flag(v.get("scalar")),
                    statement: self.flag(v.get("statement")),
                    role,
                    nested,
                    span: k.span,
                    name,
                };
                gf.vocab.stages.push(def);
            }
        } else {
            self.err(root.span, "missing `stages`");
        }
        if v2 {
            gf.vocab.artifact_roles = vec![gf.vocab.roles.iter().map(|r| r.name.clone()).collect()];
            if gf.vocab.roles.is_empty() {
                gf.vocab.artifact_roles = vec![vec!["artifact".into()]];
            }
            gf.vocab.chain = gf.vocab.stages.iter().map(|d| d.name.clone()).collect();
        } else {
            gf.vocab.artifact_tiers = default_artifact_tiers();
            gf.vocab.artifact_joins = vec!["candidate".into()];
            gf.vocab.artifact_roles = default_artifact_roles();
            gf.vocab.chain = default_chain();
        }
        if let Some(a) = root.get("artifact") {
            self.artifact(a, &mut gf.vocab);
        }
        if let Some(c) = root.get("chain") {
            let names = self.stage_name(Some(c), &gf.vocab, false);
            gf.vocab.chain = names;
        }
        if let Some(r) = root.get("report") {
            if self.keys(r, REPORT_KEYS, "`report`") {
                if let Some(t) = r.get("title") {
                    gf.vocab.report_title = Some(self.string(Some(t), "`report.title`", r.span));
                }
                if let Some(c) = r.get("chain") {
                    gf.vocab.report_chain = Some(self.stage_name(Some(c), &gf.vocab, false));
                }
            }
        }
        if let Some(fields) = root.get("fields") {
            for (k, v) in fields.entries() {
                let pats = self
                    .list(Some(v), "a field vocabulary")
                    .iter()
                    .map(|s| Pattern::parse(s))
                    .collect();
                gf.vocab
                    .fields
                    .insert(k.as_str().unwrap_or("").to_string(), pats);
            }
        }
        if let Some(values) = root.get("values") {
            for (k, v) in values.entries() {
                let vals = self
                    .list(Some(v), "a value set")
                    .iter()
                    .map(|s| normalize_key(s))
                    .collect();
                gf.vocab
                    .values
                    .insert(k.as_str().unwrap_or("").to_string(), vals);
            }
        }
        self.hosted(root.get("hosted_providers"), &mut gf.vocab);
        if v2 {
            if let Some(r) = root.get("reads") {
                self.reads(r, &mut gf.vocab);
            }
        } else {
            let known = |n: &str| gf.vocab.fields.contains_key(n).then(|| n.to_string());
            gf.vocab.references = ["model_refs", "runtime_images"]
                .iter()
                .filter_map(|n| known(n))
                .collect();
            gf.vocab.run_ids = known("run_ids");
            gf.vocab.provider = known("provider");
            gf.vocab.file_refs = known("manifests").into_iter().collect();
        }
        let Some(gates) = root.get("gates") else {
            self.err(root.span, "missing `gates`");
            return gf;
        };
        if !gates.is_seq() {
            self.err(gates.span, "`gates` must be a list");
            return gf;
        }
        for g in gates.items() {
            if let Some(gate) = self.gate(g, &gf.vocab) {
                if gf.gates.iter().any(|x| x.id == gate.id) {
                    self.err(
                        gate.id_span,
                        format!("gate id `{}` is declared twice", gate.id),
                    );
                }
                gf.gates.push(gate);
            }
        }
        if v2 {
            self.v2_needs(root, &mut gf);
        }
        gf
    }

    /// What the checks of a version 2 file need must be declared: `artifact.tiers` for a check
    /// that names `artifact`, `reads.run_ids` for `witnesses`, `reads.provider` and
    /// `hosted_providers` for hosted handling. Reference vocabularies default to the ones the
    /// `references` checks name.
    fn v2_needs(&mut self, root: &Node, gf: &mut GateFile) {
        let has_tiers = root.get("artifact").and_then(|a| a.get("tiers")).is_some();
        let mut refs: Vec<String> = Vec::new();
        for gate in &gf.gates {
            for check in &gate.checks {
                let (names_artifact, what) = match check {
                    Check::Bound(c) => (
                        c.to == "artifact" || c.fallback_to.as_deref() == Some("artifact"),
                        "`to: artifact`",
                    ),
                    Check::Subjects(c) => (c.matches == "artifact", "`match: artifact`"),
                    Check::References(c) => {
                        for f in &c.fields {
                            if !refs.contains(f) {
                                refs.push(f.clone());
                            }
                        }
                        (
                            c.bound_to.iter().any(|b| b == "artifact"),
                            "`bound_to: artifact`",
                        )
                    }
                    Check::Consistent(c) => (c.against_artifact, "`consistent`"),
                    _ => (false, ""),
                };
                if names_artifact && !has_tiers {
                    self.err(
                        gate.span,
                        format!(
                            "gate `{}` uses {what}, which needs `artifact.tiers` (the stages that hold the deployed artifact)",
                            gate.id
                        ),
                    );
                }
                if let Check::Bound(c) = check {
                    if !c.witnesses.is_empty() && gf.vocab.run_ids.is_none() {
                        self.err(
                            gate.span,
                            format!(
                                "gate `{}` uses `witnesses`, which needs `reads.run_ids`",
                                gate.id
                            ),
                        );
                    }
                }
                let hosted = match check {
                    Check::References(c) => c.hosted != Hosted::Judge,
                    Check::Evidence(c) => c.require.iter().any(|r| r.unless_hosted),
                    _ => false,
                };
                if hosted && (gf.vocab.provider.is_none() || gf.vocab.hosted.is_empty()) {
                    self.err(
                        gate.span,
                        format!(
                            "gate `{}` treats hosted models apart, which needs `reads.provider` and `hosted_providers`",
                            gate.id
                        ),
                    );
                }
            }
        }
        if gf.vocab.references.is_empty() {
            gf.vocab.references = refs;
        }
    }

    /// `roles: {adapter: {words: [adapter, lora], label: adapter}, ...}` or `{adapter: [..]}`.
    fn roles(&mut self, r: &Node, vocab: &mut Vocabulary) {
        if !r.is_map() {
            self.err(r.span, "`roles` must be a mapping of role names");
            return;
        }
        for (k, v) in r.entries() {
            let name = k.as_str().unwrap_or("").to_string();
            let (words, label) = if v.is_map() {
                if !self.keys(v, ROLE_KEYS, &format!("role `{name}`")) {
                    continue;
                }
                (
                    self.list(v.get("words"), "words"),
                    v.get("label").and_then(Node::as_str).map(str::to_string),
                )
            } else {
                (self.list(Some(v), "words"), None)
            };
            if words.is_empty() {
                self.err(k.span, format!("role `{name}` has no `words`"));
            }
            vocab.roles.push(RoleDef {
                label: label.unwrap_or_else(|| name.replace('_', " ")),
                words: words.iter().map(|w| key_words(w)).collect(),
                name,
            });
        }
    }

    /// `reads: {references: [model_refs], run_ids: run_ids, provider: provider}`.
    fn reads(&mut self, r: &Node, vocab: &mut Vocabulary) {
        if !self.keys(r, READS_KEYS, "`reads`") {
            return;
        }
        vocab.references = self.field_vocab(r.get("references"), vocab);
        vocab.run_ids = self.field_vocab(r.get("run_ids"), vocab).into_iter().next();
        vocab.provider = self
            .field_vocab(r.get("provider"), vocab)
            .into_iter()
            .next();
        vocab.file_refs = self.field_vocab(r.get("files"), vocab);
        vocab.labels = self.field_vocab(r.get("labels"), vocab).into_iter().next();
    }

    /// `hosted_providers`: a list of provider values, or (version 2) a mapping of provider
    /// value → the reference ecosystem of its model ids.
    fn hosted(&mut self, node: Option<&Node>, vocab: &mut Vocabulary) {
        let Some(n) = node else { return };
        if n.is_map() {
            for (k, v) in n.entries() {
                let value = normalize_key(k.as_str().unwrap_or(""));
                let eco = v.as_str().unwrap_or("");
                let found = crate::refs::Ecosystem::ALL
                    .iter()
                    .find(|e| normalize_key(e.as_str()) == normalize_key(eco))
                    .copied()
                    .filter(|e| *e != crate::refs::Ecosystem::Generic);
                if found.is_none() && eco != "generic" && eco != "none" {
                    let known: Vec<&str> = crate::refs::Ecosystem::ALL
                        .iter()
                        .map(|e| e.as_str())
                        .collect();
                    self.err(
                        v.span,
                        format!("unknown ecosystem `{eco}` (one of: {})", known.join(", ")),
                    );
                }
                vocab.hosted_providers.push(value.clone());
                vocab.hosted.push((value, found));
            }
            return;
        }
        vocab.hosted_providers = self
            .list(Some(n), "hosted_providers")
            .iter()
            .map(|s| normalize_key(s))
            .collect();
        vocab.hosted = vocab
            .hosted_providers
            .iter()
            .map(|p| (p.clone(), default_provider_ecosystem(p)))
            .collect();
    }

    /// `artifact: {tiers: [[deploy], [environment], [candidate, adapter]], joins: [candidate]}`.
    fn artifact(&mut self, a: &Node, vocab: &mut Vocabulary) {
        if !self.keys(a, &["tiers", "joins", "roles"], "`artifact`") {
            return;
        }
        if let Some(r) = a.get("roles") {
            if vocab.version < 2 {
                self.err(
                    r.span,
                    "`artifact.roles` needs language version 2 (add `version: 2`)",
                );
            }
            let tiers: Vec<Vec<String>> = r
                .items()
                .iter()
                .map(|tier| self.list(Some(tier), "a role tier"))
                .collect();
            for name in tiers.iter().flatten() {
                if !vocab.roles.iter().any(|d| &d.name == name) {
                    self.err(r.span, format!("unknown role `{name}` in `artifact.roles`"));
                }
            }
            if tiers.is_empty() {
                self.err(r.span, "`artifact.roles` must be a list of role tiers");
            } else {
                vocab.artifact_roles = tiers;
            }
        }
        if let Some(t) = a.get("tiers") {
            if !t.is_seq() || t.items().is_empty() {
                self.err(
                    t.span,
                    "`tiers` must be a non-empty list of stages or lists of stages",
                );
            } else {
                let tiers: Vec<Vec<String>> = t
                    .items()
                    .iter()
                    .map(|tier| self.list(Some(tier), "a tier"))
                    .collect();
                for name in tiers.iter().flatten() {
                    if vocab.stage(name).is_none() {
                        self.err(
                            t.span,
                            format!("unknown stage `{name}` in `artifact.tiers`"),
                        );
                    }
                }
                vocab.artifact_tiers = tiers;
            }
        }
        if let Some(j) = a.get("joins") {
            let joins = self.list(Some(j), "`joins`");
            for name in &joins {
                if vocab.stage(name).is_none() {
                    self.err(
                        j.span,
                        format!("unknown stage `{name}` in `artifact.joins`"),
                    );
                }
            }
            vocab.artifact_joins = joins;
        }
    }

    fn flag(&mut self, node: Option<&Node>) -> bool {
        match node {
            None => false,
            Some(n) => match n.scalar().and_then(|s| s.as_bool()) {
                Some(b) => b,
                None => {
                    self.err(n.span, "expected true or false");
                    false
                }
            },
        }
    }

    fn gate(&mut self, g: &Node, vocab: &Vocabulary) -> Option<Gate> {
        if !self.keys(g, GATE_KEYS, "a gate") {
            return None;
        }
        let id = self.string(g.get("id"), "gate `id`", g.span);
        let id_span = g.get("id").map_or(g.span, |n| n.span);
        if !id.is_empty()
            && !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            self.err(
                id_span,
                format!("gate id `{id}` may hold only letters, digits, `-` and `_`"),
            );
        }
        let severity = match g.get("severity") {
            Some(n) => self.level(Some(n)).unwrap_or(Severity::High),
            None => {
                self.err(g.span, format!("gate `{id}` has no severity"));
                Severity::High
            }
        };
        let mut checks = Vec::new();
        match g.get("check") {
            None => self.err(g.span, format!("gate `{id}` has no `check`")),
            Some(c) => {
                if !c.is_map() {
                    self.err(
                        c.span,
                        format!("the check of gate `{id}` must be a mapping of checks"),
                    );
                } else {
                    for (k, v) in c.entries() {
                        let name = k.as_str().unwrap_or("");
                        if !CHECKS.contains(&name) {
                            let msg = format!(
                                "unknown check `{name}` (expected one of: {})",
                                CHECKS.join(", ")
                            );
                            self.err(k.span, msg);
                            continue;
                        }
                        if let Some(check) = self.check(name, v, vocab, severity) {
                            checks.push(check);
                        }
                    }
                    if c.entries().is_empty() {
                        self.err(c.span, format!("gate `{id}` has an empty check"));
                    }
                }
            }
        }
        Some(Gate {
            title: self.string(g.get("title"), "gate `title`", g.span),
            category: g
                .get("category")
                .and_then(Node::as_str)
                .unwrap_or("Findings")
                .to_string(),
            checklist: g
                .get("checklist")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_string(),
            output_field: g
                .get("output_field")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_string(),
            help: g
                .get("help")
                .and_then(Node::as_str)
                .unwrap_or("")
                .trim()
                .to_string(),
            id,
            severity,
            checks,
            span: g.span,
            id_span,
        })
    }

    fn stage_name(
        &mut self,
        node: Option<&Node>,
        vocab: &Vocabulary,
        allow_artifact: bool,
    ) -> Vec<String> {
        let names = self.list(node, "a stage");
        if let Some(n) = node {
            for s in &names {
                if vocab.stage(s).is_none() && !(allow_artifact && s == "artifact") {
                    let known: Vec<&str> = vocab.stages.iter().map(|d| d.name.as_str()).collect();
                    self.err(
                        n.span,
                        format!(
                            "unknown stage `{s}` (declared stages: {})",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        names
    }

    /// Role names (declared roles, or `primary`).
    fn role_names(&mut self, node: Option<&Node>, vocab: &Vocabulary) -> Vec<String> {
        let names = self.list(node, "a role");
        if let Some(n) = node {
            for r in &names {
                if r != "primary" && !vocab.roles.iter().any(|d| &d.name == r) {
                    let known: Vec<&str> = vocab.roles.iter().map(|d| d.name.as_str()).collect();
                    self.err(
                        n.span,
                        format!(
                            "unknown role `{r}` (declared roles: {}; or `primary`)",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        names
    }

    fn field_vocab(&mut self, node: Option<&Node>, vocab: &Vocabulary) -> Vec<String> {
        let names = self.list(node, "a field vocabulary");
        if let Some(n) = node {
            for s in &names {
                if !vocab.fields.contains_key(s) {
                    self.err(
                        n.span,
                        format!("unknown field vocabulary `{s}` (declare it under `fields:`)"),
                    );
                }
            }
        }
        names
    }

    fn value_set(&mut self, node: Option<&Node>, vocab: &Vocabulary) -> Option<String> {
        let n = node?;
        let name = n.as_str().unwrap_or("").to_string();
        if !vocab.values.contains_key(&name) {
            self.err(
                n.span,
                format!("unknown value set `{name}` (declare it under `values:`)"),
            );
        }
        Some(name)
    }

    fn one(&mut self, v: Vec<String>, node: Option<&Node>, what: &str, parent: &Node) -> String {
        match v.as_slice() {
            [one] => one.clone(),
            [] => {
                if node.is_none() {
                    self.err(parent.span, format!("missing `{what}`"));
                }
                String::new()
            }
            _ => {
                self.err(
                    node.map_or(parent.span, |n| n.span),
                    format!("`{what}` takes one name"),
                );
                v[0].clone()
            }
        }
    }

    fn check(
        &mut self,
        kind: &str,
        v: &Node,
        vocab: &Vocabulary,
        default: Severity,
    ) -> Option<Check> {
        let d = Some(default);
        match kind {
            "references" => {
                if !self.keys(v, REFERENCES_KEYS, "a `references` check") {
                    return None;
                }
                let fields = self.field_vocab(v.get("fields"), vocab);
                let hosted = match v.get("hosted").and_then(Node::as_str) {
                    None | Some("judge") => Hosted::Judge,
                    Some("skip") => Hosted::Skip,
                    Some("only") => Hosted::Only,
                    Some("accept_provider_pinned") => Hosted::AcceptProviderPinned,
                    Some(other) => {
                        let span = v.get("hosted").map_or(v.span, |n| n.span);
                        self.err(span, format!("unknown `hosted` value `{other}` (judge, skip, only, accept_provider_pinned)"));
                        Hosted::Judge
                    }
                };
                let accept = match v.get("accept").and_then(Node::as_str) {
                    None | Some("immutable") => Accept::Immutable,
                    Some("provider_pinned") => Accept::ProviderPinned,
                    Some(other) => {
                        let span = v.get("accept").map_or(v.span, |n| n.span);
                        self.err(
                            span,
                            format!(
                                "unknown `accept` value `{other}` (immutable, provider_pinned)"
                            ),
                        );
                        Accept::Immutable
                    }
                };
                if fields.is_empty() && v.get("fields").is_none() {
                    self.err(v.span, "missing `fields`");
                }
                let c = ReferencesCheck {
                    stages: self.stage_name(v.get("stages"), vocab, false),
                    fields,
                    roles: self.role_names(v.get("roles"), vocab),
                    except_roles: self.role_names(v.get("except_roles"), vocab),
                    except_fields: self
                        .field_vocab(v.get("except_fields"), vocab)
                        .into_iter()
                        .next(),
                    pins: self.field_vocab(v.get("pins"), vocab).into_iter().next(),
                    repo_paths: self
                        .field_vocab(v.get("repo_paths"), vocab)
                        .into_iter()
                        .next(),
                    hosted,
                    accept,
                    mutable: if v.get("mutable").is_some() {
                        self.level(v.get("mutable"))
                    } else {
                        d
                    },
                    weak: if v.get("weak").is_some() {
                        self.level(v.get("weak"))
                    } else {
                        d
                    },
                    weak_bound: self.level(v.get("weak_bound")),
                    bound_to: self.stage_name(v.get("bound_to"), vocab, true),
                    missing_stage: self.level(v.get("missing_stage")),
                    missing_reference: self.level(v.get("missing_reference")),
                };
                Some(Check::References(c))
            }
            "bound" => {
                if !self.keys(v, BOUND_KEYS, "a `bound` check") {
                    return None;
                }
                let stage = self.stage_name(v.get("stage"), vocab, false);
                let to = self.stage_name(v.get("to"), vocab, true);
                let c = BoundCheck {
                    stage: self.one(stage, v.get("stage"), "stage", v),
                    to: self.one(to, v.get("to"), "to", v),
                    fallback_to: self
                        .stage_name(v.get("fallback_to"), vocab, true)
                        .into_iter()
                        .next(),
                    missing: if v.get("missing").is_some() {
                        self.level(v.get("missing"))
                    } else {
                        d
                    },
                    no_identity: if v.get("no_identity").is_some() {
                        self.level(v.get("no_identity"))
                    } else {
                        d
                    },
                    unbound: if v.get("unbound").is_some() {
                        self.level(v.get("unbound"))
                    } else {
                        d
                    },
                    weak_bound: self.level(v.get("weak_bound")),
                    require_fields: self
                        .field_vocab(v.get("require_fields"), vocab)
                        .into_iter()
                        .next(),
                    conflict: if v.get("conflict").is_some() {
                        self.level(v.get("conflict"))
                    } else {
                        None
                    },
                    witnesses: self.stage_name(v.get("witnesses"), vocab, false),
                };
                Some(Check::Bound(c))
            }
            "evidence" => {
                if !self.keys(v, EVIDENCE_KEYS, "an `evidence` check") {
                    return None;
                }
                let stages = self.stage_name(v.get("stage"), vocab, false);
                if stages.is_empty() {
                    self.err(v.span, "missing `stage`");
                }
                let require = self.requirements(v.get("require"), vocab, default);
                let forbid = self.requirements(v.get("forbid"), vocab, default);
                Some(Check::Evidence(EvidenceCheck {
                    stages,
                    require,
                    forbid,
                }))
            }
            "pinned" => {
                if !self.keys(v, PINNED_KEYS, "a `pinned` check") {
                    return None;
                }
                let when = self.stage_name(v.get("when_stage"), vocab, false);
                let when_role = self.role_names(v.get("when_role"), vocab);
                let roles = self.role_names(v.get("roles"), vocab);
                if when.is_empty() && when_role.is_empty() {
                    self.err(v.span, "missing `when_stage` or `when_role`");
                }
                if !roles.is_empty() && when_role.is_empty() && v.get("when_stage").is_none() {
                    self.err(
                        v.span,
                        "`roles` needs a `when_role` or `when_stage` trigger",
                    );
                }
                Some(Check::Pinned(PinnedCheck {
                    when_stage: when.into_iter().next(),
                    when_role: when_role.into_iter().next(),
                    roles,
                    stages: self.stage_name(v.get("stages"), vocab, false),
                    pins: self.field_vocab(v.get("pins"), vocab).into_iter().next(),
                    severity: if v.get("severity").is_some() {
                        self.level(v.get("severity"))
                    } else {
                        d
                    },
                }))
            }
            "subjects" => {
                if !self.keys(v, SUBJECTS_KEYS, "a `subjects` check") {
                    return None;
                }
                let stage = self.stage_name(v.get("stage"), vocab, false);
                let fields = self.field_vocab(v.get("fields"), vocab);
                let m = self.stage_name(v.get("match"), vocab, true);
                Some(Check::Subjects(SubjectsCheck {
                    stage: self.one(stage, v.get("stage"), "stage", v),
                    fields: self.one(fields, v.get("fields"), "fields", v),
                    matches: self.one(m, v.get("match"), "match", v),
                    severity: if v.get("severity").is_some() {
                        self.level(v.get("severity"))
                    } else {
                        d
                    },
                    names: if v.get("names").is_some() {
                        self.level(v.get("names"))
                    } else {
                        None
                    },
                }))
            }
            "consistent" => {
                if !self.keys(v, CONSISTENT_KEYS, "a `consistent` check") {
                    return None;
                }
                Some(Check::Consistent(ConsistentCheck {
                    against_artifact: v.get("against_artifact").is_none()
                        || self.flag(v.get("against_artifact")),
                    stages: self.stage_name(v.get("stages"), vocab, false),
                    severity: if v.get("severity").is_some() {
                        self.level(v.get("severity"))
                    } else {
                        d
                    },
                }))
            }
            other => {
                self.err(
                    v.span,
                    format!(
                        "unknown check `{other}` (expected one of: {})",
                        CHECKS.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn requirements(
        &mut self,
        node: Option<&Node>,
        vocab: &Vocabulary,
        default: Severity,
    ) -> Vec<Requirement> {
        let Some(n) = node else { return Vec::new() };
        if !n.is_seq() {
            self.err(n.span, "expected a list of requirements");
            return Vec::new();
        }
        let mut out = Vec::new();
        for item in n.items() {
            if !self.keys(item, REQUIREMENT_KEYS, "a requirement") {
                continue;
            }
            let unless_hosted = match item.get("unless").and_then(Node::as_str) {
                None => false,
                Some("hosted") => true,
                Some(other) => {
                    let span = item.get("unless").map_or(item.span, |x| x.span);
                    self.err(
                        span,
                        format!("unknown `unless` condition `{other}` (hosted)"),
                    );
                    false
                }
            };
            let fields = self.field_vocab(item.get("fields"), vocab);
            if fields.is_empty() {
                self.err(item.span, "a requirement needs `fields`");
            }
            out.push(Requirement {
                fields,
                values: self.value_set(item.get("values"), vocab),
                severity: if item.get("severity").is_some() {
                    self.level(item.get("severity"))
                } else {
                    Some(default)
                },
                unless_hosted,
                message: self.string(item.get("message"), "requirement `message`", item.span),
                span: item.span,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<GateFile, Vec<GateError>> {
        parse(SourceFile::anonymous("gates.yaml", text), "x".into())
    }

    const MINIMAL: &str = "version: 1\nstages:\n  deploy:\n    keys: [deploy]\nfields:\n  refs: [uri]\ngates:\n  - id: G1\n    title: t\n    severity: high\n    check:\n      references:\n        stages: [deploy]\n        fields: refs\n";

    #[test]
    fn minimal_file_loads() {
        let gf = parse_text(MINIMAL).expect("loads");
        assert_eq!(gf.gates.len(), 1);
    }

    #[test]
    fn unknown_check_stage_and_key_have_positions() {
        let bad = MINIMAL
            .replace("references:", "referencez:")
            .replace("    title: t\n", "    title: t\n    colour: red\n");
        let errs = parse_text(&bad).expect_err("invalid");
        let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(
            shown
                .iter()
                .any(|e| e.contains("gates.yaml:10:5: unknown key `colour`")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.contains("unknown check `referencez`")),
            "{shown:?}"
        );
        let bad_stage = MINIMAL.replace("stages: [deploy]", "stages: [deploi]");
        let errs = parse_text(&bad_stage).expect_err("invalid");
        assert!(
            errs[0].to_string().contains("unknown stage `deploi`"),
            "{}",
            errs[0]
        );
        assert_eq!(errs[0].file.line_col(errs[0].span.start).0, 13);
    }

    #[test]
    fn artifact_tiers_are_configurable_and_checked() {
        let text = MINIMAL.replacen(
            "fields:",
            "artifact:\n  tiers: [[deploy]]\n  joins: []\nfields:",
            1,
        );
        let gf = parse_text(&text).expect("loads");
        assert_eq!(gf.vocab.artifact_tiers, [["deploy".to_string()]]);
        let bad = MINIMAL.replacen("fields:", "artifact:\n  tiers: [[deploi]]\nfields:", 1);
        let errs = parse_text(&bad).expect_err("unknown stage");
        assert!(
            errs[0]
                .message
                .contains("unknown stage `deploi` in `artifact.tiers`"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn reference_gate_file_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("skills/ai-security/model-supply-chain/gates.yaml");
        let gf = load(&path, 1 << 20)
            .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())
            .expect("loads");
        let ids: Vec<&str> = gf.gates.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "PG001", "PG002", "PG003", "PG004", "PG005", "PG006", "PG007", "PG008", "PG009",
                "PG010", "PG011"
            ]
        );
    }
}
