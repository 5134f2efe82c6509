//! Release records with positions: YAML (multi-document too) and JSON through one span-aware
//! parser, read as *stages* (candidate, evaluation, approval, deploy, environments, rollback,
//! ...) found by the key vocabularies of a gate file. Every scalar is a [`Field`] that knows
//! its line and column, its reference class, and the identity tokens it carries.

use std::path::Path;
use std::sync::Arc;

use crate::gates::{StageDef, Vocabulary, normalize_key};
use crate::refs::{self, Class, Classification, Ecosystem, Identity};
use crate::source::{self, SourceFile, Span};
use crate::yaml::{self, Node, Value};

/// Top-level keys that state what a fixture expects; never part of the record.
pub const EXPECTATION_KEYS: &[&str] = &[
    "reviewexpectation",
    "falsepositiveguardrail",
    "whythisshouldpass",
    "whythisshouldbeflagged",
    "shouldnotflag",
    "minimumseverity",
    "saferesult",
    "claimedresult",
];

/// Is this top-level key an expectation (`expect`, `expected_*`, `expectedThreatModel*`, ...)?
pub fn is_expectation_key(key: &str) -> bool {
    let k = normalize_key(key);
    k.starts_with("expect") || EXPECTATION_KEYS.contains(&k.as_str())
}

/// An identity token: what two stages must share to be *bound*.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token {
    /// `hex:<lowercase>` for digests and commits, `run:<id>` for run ids, the identity's token
    /// otherwise (`mlflow:fraud-detector/14`, `openai:gpt-4o-2024-08-06`, ...).
    pub value: String,
    /// A hex token shorter than a full commit SHA (40): binds only by convention.
    pub short: bool,
}

impl Token {
    /// Is this a run id rather than an artifact identity?
    pub fn is_run(&self) -> bool {
        self.value.starts_with("run:")
    }

    /// The hex of a digest/commit token.
    pub fn hex(&self) -> Option<&str> {
        self.value.strip_prefix("hex:")
    }

    /// Do two tokens denote the same content? Equal, or (for hex) one a prefix of the other of
    /// at least 7 characters: the second element says the match relies on a short prefix.
    pub fn matches(&self, other: &Token) -> Option<bool> {
        if self.value == other.value {
            return Some(self.short);
        }
        let (a, b) = (self.hex()?, other.hex()?);
        let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
        (short.len() >= 7 && long.starts_with(short)).then_some(true)
    }
}

/// One scalar value in a stage.
#[derive(Debug, Clone)]
pub struct Field {
    /// Normalised keys from the stage down to this value (list items add nothing).
    pub path: Vec<String>,
    /// Normalised leaf key, with a flat stage prefix removed (`evaluation_run_id` → `runid`).
    pub key: String,
    /// The key as written, dotted from the document root (`deploy.model_uri`).
    pub display: String,
    /// The value's text.
    pub text: String,
    /// Where the value is.
    pub span: Span,
    /// Reference classification of the value.
    pub class: Classification,
    /// Identity tokens the value carries.
    pub tokens: Vec<Token>,
}

/// A stage of the release: one instance (environments have one per environment).
#[derive(Debug, Clone)]
pub struct Stage {
    /// Stage kind (`deploy`, `environment`, ...), as declared in the gate file.
    pub kind: String,
    /// Instance name (`canary`) or the kind.
    pub name: String,
    /// The key that opened it (or the document).
    pub span: Span,
    /// Scalars in it.
    pub fields: Vec<Field>,
    /// A hosted, API-only model: a hosted provider or a provider model id.
    pub hosted: bool,
}

impl Stage {
    /// Non-run identity tokens.
    pub fn identity(&self) -> impl Iterator<Item = &Token> {
        self.fields
            .iter()
            .flat_map(|f| &f.tokens)
            .filter(|t| !t.is_run())
    }

    /// Fields whose key is in the field vocabulary `name`.
    pub fn fields_in<'a>(
        &'a self,
        vocab: &'a Vocabulary,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields
            .iter()
            .filter(move |f| vocab.field_matches(name, &f.key))
    }
}

/// A release record: one file (all its documents), read as stages.
#[derive(Debug, Clone)]
pub struct Record {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Stages in the order they appear.
    pub stages: Vec<Stage>,
    /// The record's top-level documents (expectation keys included, for the fixture runner).
    pub docs: Vec<Node>,
}

/// A record that could not be parsed: file and position.
#[derive(Debug, Clone)]
pub struct RecordError {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (l, c) = self.file.line_col(self.span.start);
        write!(f, "{}:{l}:{c}: {}", self.file.path.display(), self.message)
    }
}

impl Record {
    /// Reads a record file.
    pub fn load(path: &Path, vocab: &Vocabulary, max_size: u64) -> Result<Record, RecordError> {
        let loaded = source::read(path, max_size).map_err(|e| RecordError {
            file: SourceFile::anonymous(&path.display().to_string(), ""),
            span: Span::point(0),
            message: format!("cannot read: {}", crate::skill::discover::describe_io(&e)),
        })?;
        if let Some((problem, span)) = loaded.problem {
            return Err(RecordError {
                file: loaded.file,
                span,
                message: problem.to_string(),
            });
        }
        Record::parse(loaded.file, vocab)
    }

    /// Parses a loaded file.
    pub fn parse(file: Arc<SourceFile>, vocab: &Vocabulary) -> Result<Record, RecordError> {
        let docs = yaml::parse_documents(&file.text).map_err(|e| RecordError {
            file: file.clone(),
            span: e.span,
            message: format!("not valid YAML/JSON: {}", e.message),
        })?;
        Ok(Record::from_docs(file, docs, vocab))
    }

    /// Reads stages out of parsed documents (spans in `file`'s coordinates).
    pub fn from_docs(file: Arc<SourceFile>, docs: Vec<Node>, vocab: &Vocabulary) -> Record {
        let mut b = Builder {
            vocab,
            stages: Vec::new(),
        };
        for doc in &docs {
            b.document(doc);
        }
        let mut stages = b.stages;
        for s in &mut stages {
            s.hosted = is_hosted(s, vocab);
            if s.hosted {
                refine_hosted(s, vocab);
            }
        }
        Record { file, stages, docs }
    }

    /// Instances of a stage kind.
    pub fn stages_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Stage> + 'a {
        self.stages.iter().filter(move |s| s.kind == kind)
    }

    /// Is the promoted model hosted (API-only)? Judged on the stages that can hold the artifact.
    pub fn hosted(&self, vocab: &Vocabulary) -> bool {
        self.stages
            .iter()
            .filter(|s| vocab.artifact_kinds().any(|k| k == s.kind))
            .any(|s| s.hosted)
    }

    /// The deployed artifact's identity: tokens of the first artifact tier present in the record
    /// (for the reference gates: deploy, else environments, else candidate and adapter), plus
    /// those of any `joins` stage bound to them (a candidate that names the same artifact by
    /// several identifiers).
    pub fn artifact_identity(&self, vocab: &Vocabulary) -> Vec<Token> {
        let mut ids: Vec<Token> = Vec::new();
        for tier in &vocab.artifact_tiers {
            if self.stages.iter().any(|s| tier.contains(&s.kind)) {
                ids = self
                    .stages
                    .iter()
                    .filter(|s| tier.contains(&s.kind))
                    .flat_map(|s| s.identity().cloned())
                    .collect();
                break;
            }
        }
        let closure: Vec<Token> = self
            .stages
            .iter()
            .filter(|s| vocab.artifact_joins.contains(&s.kind))
            .filter(|c| {
                c.identity()
                    .any(|t| ids.iter().any(|d| d.matches(t).is_some()))
            })
            .flat_map(|c| c.identity().cloned())
            .collect();
        ids.extend(closure);
        ids.sort();
        ids.dedup();
        ids
    }
}

fn is_hosted(stage: &Stage, vocab: &Vocabulary) -> bool {
    stage.fields.iter().any(|f| {
        (vocab.field_matches("provider", &f.key)
            && vocab.hosted_providers.contains(&normalize_key(&f.text)))
            || (vocab.field_matches("model_refs", &f.key)
                && matches!(
                    f.class.ecosystem,
                    Ecosystem::OpenAi
                        | Ecosystem::Bedrock
                        | Ecosystem::VertexAi
                        | Ecosystem::AzureOpenAi
                ))
    })
}

/// The ecosystem a `provider:` value names, for classifying that stage's model ids.
fn provider_ecosystem(provider: &str) -> Option<Ecosystem> {
    match normalize_key(provider).as_str() {
        "openai" => Some(Ecosystem::OpenAi),
        "anthropic" => Some(Ecosystem::Anthropic),
        "azureopenai" | "azure" => Some(Ecosystem::AzureOpenAi),
        "bedrock" | "awsbedrock" => Some(Ecosystem::Bedrock),
        "vertex" | "vertexai" | "google" | "gemini" => Some(Ecosystem::VertexAi),
        _ => None,
    }
}

/// In a hosted stage: classify model ids with the provider's rules, and let a model id plus its
/// `<key>_version` sibling (Azure OpenAI's `model` + `model_version`) form one identity.
fn refine_hosted(stage: &mut Stage, vocab: &Vocabulary) {
    let eco = stage
        .fields
        .iter()
        .find(|f| vocab.field_matches("provider", &f.key))
        .and_then(|f| provider_ecosystem(&f.text));
    if let Some(eco) = eco {
        for f in stage
            .fields
            .iter_mut()
            .filter(|f| vocab.field_matches("model_refs", &f.key))
        {
            let hinted = refs::classify_as(&f.text, eco);
            if hinted.class >= f.class.class || f.class.ecosystem == Ecosystem::Generic {
                f.tokens = tokens_of(&f.text, &hinted);
                f.class = hinted;
            }
        }
    }
    let pairs: Vec<(usize, String)> = stage
        .fields
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let model_key = v.key.strip_suffix("version")?;
            let model = stage.fields.iter().find(|m| m.key == model_key)?;
            is_provider_version(&v.text).then(|| {
                (
                    i,
                    format!("model:{}@{}", model.text.to_ascii_lowercase(), v.text),
                )
            })
        })
        .collect();
    for (i, token) in pairs {
        stage.fields[i].tokens.push(Token {
            value: token,
            short: false,
        });
    }
}

/// `2024-08-06`, `0613`, `3`, `1.2`: the version a provider gives a model.
pub fn is_provider_version(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.len() <= 32
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
        && t.bytes().any(|b| b.is_ascii_digit())
}

struct Builder<'v> {
    vocab: &'v Vocabulary,
    stages: Vec<Stage>,
}

impl Builder<'_> {
    fn document(&mut self, doc: &Node) {
        if !doc.is_map() {
            return;
        }
        // An in-toto Statement document is an attestation as a whole.
        if let Some(t) = doc.get("_type").and_then(Node::as_str) {
            if t.contains("in-toto.io/Statement") {
                if let Some(def) = self.vocab.stages.iter().find(|d| d.statement) {
                    let idx = self.open(&def.name.clone(), &def.name.clone(), doc.span, false);
                    self.collect(idx, doc, &mut Vec::new(), "", None, &def.name.clone());
                    return;
                }
            }
        }
        // A Kubernetes object whose kind a stage claims: its spec is that stage.
        if let Some(kind) = doc.get("kind").and_then(Node::as_str) {
            if let Some(def) = self
                .vocab
                .stages
                .iter()
                .find(|d| d.kinds.iter().any(|k| k == kind))
            {
                let name = def.name.clone();
                let idx = self.open(&name, &name, doc.span, false);
                if let Some(spec) = doc.get("spec") {
                    self.collect(idx, spec, &mut vec!["spec".into()], "spec", None, &name);
                }
                return;
            }
        }
        self.container(doc, "", true);
    }

    /// Finds or creates a stage instance. Single-instance kinds merge across the record.
    fn open(&mut self, kind: &str, name: &str, span: Span, multi: bool) -> usize {
        let found = self
            .stages
            .iter()
            .position(|s| s.kind == kind && (!multi || s.name == name));
        match found {
            Some(i) => i,
            None => {
                self.stages.push(Stage {
                    kind: kind.into(),
                    name: name.into(),
                    span,
                    fields: Vec::new(),
                    hosted: false,
                });
                self.stages.len() - 1
            }
        }
    }

    fn stage_by_key(&self, key: &str) -> Option<&StageDef> {
        self.vocab
            .stages
            .iter()
            .find(|d| d.keys.iter().any(|k| k == key))
    }

    fn group_of(&self, key: &str) -> Option<&StageDef> {
        self.vocab
            .stages
            .iter()
            .find(|d| d.groups.iter().any(|k| k == key))
    }

    /// A flat key whose leading words are a stage prefix: `evaluation_run_id`, `evalRunId`,
    /// `base-revision` (but not `deploymentMode` for the prefix `deploy`).
    fn stage_by_prefix(&self, raw: &str) -> Option<(&StageDef, String)> {
        let words = key_words(raw);
        self.vocab.stages.iter().find_map(|d| {
            d.prefixes.iter().find_map(|p| {
                let mut joined = String::new();
                for (i, w) in words.iter().enumerate() {
                    joined.push_str(w);
                    if joined == *p && i + 1 < words.len() {
                        return Some((d, words[i + 1..].concat()));
                    }
                    if joined.len() >= p.len() {
                        break;
                    }
                }
                None
            })
        })
    }

    /// A mapping at record level (the document or a wrapper): keys open stages.
    fn container(&mut self, node: &Node, display: &str, top: bool) {
        for (k, v) in node.entries() {
            let raw = k.as_str().unwrap_or("");
            let key = normalize_key(raw);
            let shown = join(display, raw);
            if top && is_expectation_key(raw) {
                continue;
            }
            if v.is_map() && self.vocab.wrappers.contains(&key) {
                self.container(v, &shown, false);
                continue;
            }
            if let Some(def) = self.group_of(&key) {
                let kind = def.name.clone();
                self.instances(&kind, v, &shown);
                continue;
            }
            if let Some(def) = self.stage_by_key(&key) {
                let (kind, scalar) = (def.name.clone(), def.scalar);
                let multi = self.is_multi(&kind);
                if v.is_map() || v.is_seq() {
                    let idx = self.open(&kind, raw, k.span, multi);
                    self.collect(idx, v, &mut Vec::new(), &shown, None, &kind);
                    continue;
                }
                if scalar {
                    let idx = self.open(&kind, &kind, k.span, multi);
                    self.field(idx, vec![key.clone()], key, &shown, v);
                    continue;
                }
            }
            if let Some((def, rest)) = self.stage_by_prefix(raw) {
                let kind = def.name.clone();
                let multi = self.is_multi(&kind);
                let idx = self.open(&kind, &kind, k.span, multi);
                self.collect(idx, v, &mut vec![rest.clone()], &shown, Some(rest), &kind);
                continue;
            }
            // Anything else at record level belongs to the record itself.
            let idx = self.open("record", "record", k.span, false);
            self.collect(idx, v, &mut vec![key.clone()], &shown, Some(key), "record");
        }
    }

    fn is_multi(&self, kind: &str) -> bool {
        self.vocab.stage(kind).is_some_and(|d| !d.groups.is_empty())
    }

    /// Children of a group key: each one instance (`environments: {canary: {...}}` or a list of
    /// `{name: canary, ...}`).
    fn instances(&mut self, kind: &str, v: &Node, display: &str) {
        match &v.value {
            Value::Map(entries) => {
                for (ck, cv) in entries {
                    let name = ck.as_str().unwrap_or("").to_string();
                    if !cv.is_map() {
                        continue; // `canary: 5%` is a setting, not an environment
                    }
                    let idx = self.open(kind, &name, ck.span, true);
                    self.collect(idx, cv, &mut Vec::new(), &join(display, &name), None, kind);
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !item.is_map() {
                        continue;
                    }
                    let name = ["name", "environment", "stage", "step", "id"]
                        .iter()
                        .find_map(|k| item.get(k).and_then(Node::as_str))
                        .map_or_else(|| format!("{kind} {}", i + 1), str::to_string);
                    let idx = self.open(kind, &name, item.span, true);
                    self.collect(
                        idx,
                        item,
                        &mut Vec::new(),
                        &format!("{display}[{i}]"),
                        None,
                        kind,
                    );
                }
            }
            Value::Scalar(_) => {}
        }
    }

    /// Every scalar under `node` joins stage `idx`; nested keys that open another stage (not the
    /// candidate: a `model:` inside `deploy` is the deployed model) start it instead.
    fn collect(
        &mut self,
        idx: usize,
        node: &Node,
        path: &mut Vec<String>,
        display: &str,
        leaf: Option<String>,
        kind: &str,
    ) {
        match &node.value {
            Value::Scalar(_) => {
                let key = leaf.or_else(|| path.last().cloned()).unwrap_or_default();
                self.field(idx, path.clone(), key, display, node);
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.collect(
                        idx,
                        item,
                        path,
                        &format!("{display}[{i}]"),
                        leaf.clone(),
                        kind,
                    );
                }
            }
            Value::Map(entries) => {
                for (k, v) in entries {
                    let raw = k.as_str().unwrap_or("");
                    let key = normalize_key(raw);
                    let shown = join(display, raw);
                    if v.is_map() || v.is_seq() {
                        if let Some(def) = self.group_of(&key) {
                            if def.name != kind {
                                let g = def.name.clone();
                                self.instances(&g, v, &shown);
                                continue;
                            }
                        }
                        if let Some(def) = self.stage_by_key(&key) {
                            if def.name != kind && def.name != "candidate" && v.is_map() {
                                let other = def.name.clone();
                                let multi = self.is_multi(&other);
                                let j = self.open(&other, raw, k.span, multi);
                                self.collect(j, v, &mut Vec::new(), &shown, None, &other);
                                continue;
                            }
                        }
                    }
                    path.push(key);
                    self.collect(idx, v, path, &shown, None, kind);
                    path.pop();
                }
            }
        }
    }

    fn field(&mut self, idx: usize, path: Vec<String>, key: String, display: &str, node: &Node) {
        let Some(text) = node.as_str() else { return };
        let text = text.trim().to_string();
        let class = refs::classify(&text);
        let tokens = if self.vocab.field_matches("run_ids", &key) {
            if refs::is_placeholder(&text) {
                Vec::new()
            } else {
                vec![Token {
                    value: format!("run:{text}"),
                    short: false,
                }]
            }
        } else {
            tokens_of(&text, &class)
        };
        self.stages[idx].fields.push(Field {
            path,
            key,
            display: display.to_string(),
            text,
            span: node.span,
            class,
            tokens,
        });
    }
}

/// Identity tokens of a value: its classification's identity plus every digest or commit inside.
pub fn tokens_of(text: &str, class: &Classification) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut push = |id: &Identity| {
        let t = token(id);
        if !out.contains(&t) {
            out.push(t);
        }
    };
    if let Some(id) = &class.identity {
        push(id);
    }
    if class.class != Class::Mutable || class.identity.is_some() {
        for id in refs::identities_in(text) {
            push(&id);
        }
    } else {
        // A mutable reference can still embed a digest (a mirror path): keep those.
        for id in refs::identities_in(text) {
            if matches!(id, Identity::Digest { .. } | Identity::Commit { .. }) {
                push(&id);
            }
        }
    }
    out
}

/// Normalises an identity to a comparable token.
pub fn token(id: &Identity) -> Token {
    match id {
        Identity::Digest { hex, .. } | Identity::Commit { sha: hex } => Token {
            value: format!("hex:{}", hex.to_ascii_lowercase()),
            short: hex.len() < 40,
        },
        other => Token {
            value: other.token(),
            short: false,
        },
    }
}

/// Lowercase words of a key: split at `_`, `-`, `.`, spaces and camelCase humps.
pub fn key_words(raw: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in raw.chars() {
        if matches!(c, '_' | '-' | '.' | ' ') {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn join(display: &str, key: &str) -> String {
    if display.is_empty() {
        key.to_string()
    } else {
        format!("{display}.{key}")
    }
}
