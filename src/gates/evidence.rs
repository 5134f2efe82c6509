//! Release evidence: a record's documents (YAML, multi-document YAML or JSON, through one
//! span-aware parser) read as *stages* (candidate, evaluation, approval, deploy, environments,
//! rollback, ...) found by the gate file's vocabularies, every scalar a [`Field`] that knows its
//! file, line and column, its reference class, its role (model, adapter, runtime image, ...)
//! and the identity tokens it carries, and the [`Graph`] that says which tokens name one
//! artifact.
//!
//! Reading is one pass over the documents; stage instances are found through hash maps, so a
//! record with 20,000 environments reads in linear time.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use super::identity::{Graph, Token};
use super::{StageDef, Vocabulary, key_words, normalize_key};
use crate::refs::{self, Class, Classification, Ecosystem};
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
    /// Index of the file in [`Evidence::files`].
    pub file: usize,
    /// Reference classification of the value.
    pub class: Classification,
    /// Identity tokens the value carries.
    pub tokens: Vec<Token>,
    /// The role of the artifact the value names (`model`, `adapter`, `runtime_image`, ...).
    pub role: String,
    /// Is the value an artifact reference (its key is in a reference vocabulary, or a format
    /// reader says so)?
    pub reference: bool,
    /// The artifact object the value belongs to (index in [`Evidence::objects`]).
    pub object: usize,
}

impl Field {
    /// Artifact identity tokens (run ids excluded).
    pub fn identities(&self) -> impl Iterator<Item = &Token> {
        self.tokens.iter().filter(|t| !t.is_run())
    }
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
    /// The file the stage was opened in.
    pub file: usize,
    /// Scalars in it.
    pub fields: Vec<Field>,
    /// A hosted, API-only model: a hosted provider or a provider model id.
    pub hosted: bool,
    /// The stage's own artifact object (index in [`Evidence::objects`]).
    pub object: usize,
}

impl Stage {
    /// Non-run identity tokens.
    pub fn identity(&self) -> impl Iterator<Item = &Token> {
        self.fields.iter().flat_map(Field::identities)
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

/// An artifact object: a mapping (or a stage's own level) whose scalars describe one thing.
#[derive(Debug, Clone)]
pub struct Object {
    /// The stage it is in.
    pub stage: usize,
    /// Its dotted key as written (`deploy.adapter`), or the stage's.
    pub display: String,
    /// Where it starts.
    pub span: Span,
    /// The file.
    pub file: usize,
}

/// A top-level value that names an identity but that no stage of the gate file claims: it is
/// not judged, and the report says so.
#[derive(Debug, Clone)]
pub struct Unclaimed {
    /// The key as written, dotted.
    pub display: String,
    /// Where the value is.
    pub span: Span,
    /// The file.
    pub file: usize,
    /// The first identity it names.
    pub token: Token,
    /// The role its key suggests.
    pub role: String,
}

/// A release: the record file (and, later, the files it names), read as stages.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The files, the record first.
    pub files: Vec<Arc<SourceFile>>,
    /// Stage instances in the order they appear.
    pub stages: Vec<Stage>,
    /// Artifact objects.
    pub objects: Vec<Object>,
    /// Top-level values with identities that no stage claims.
    pub unclaimed: Vec<Unclaimed>,
    /// Which tokens name one artifact.
    pub graph: Graph,
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

impl Evidence {
    /// Reads a record file.
    pub fn load(path: &Path, vocab: &Vocabulary, max_size: u64) -> Result<Evidence, RecordError> {
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
        Evidence::parse(loaded.file, vocab)
    }

    /// Parses a loaded file.
    pub fn parse(file: Arc<SourceFile>, vocab: &Vocabulary) -> Result<Evidence, RecordError> {
        let docs = yaml::parse_documents(&file.text).map_err(|e| RecordError {
            file: file.clone(),
            span: e.span,
            message: format!("not valid YAML/JSON: {}", e.message),
        })?;
        Ok(Evidence::from_docs(file, &docs, vocab))
    }

    /// Reads stages out of parsed documents (spans in `file`'s coordinates).
    pub fn from_docs(file: Arc<SourceFile>, docs: &[Node], vocab: &Vocabulary) -> Evidence {
        let mut b = Builder {
            vocab,
            file: 0,
            stages: Vec::new(),
            objects: Vec::new(),
            single: HashMap::new(),
            multi: HashMap::new(),
            unclaimed: Vec::new(),
        };
        for doc in docs {
            b.document(doc);
        }
        let Builder {
            mut stages,
            objects,
            unclaimed,
            ..
        } = b;
        for s in &mut stages {
            s.hosted = is_hosted(s, vocab);
            if s.hosted {
                refine_hosted(s, vocab);
            }
        }
        let graph = build_graph(&stages);
        Evidence {
            files: vec![file],
            stages,
            objects,
            unclaimed,
            graph,
        }
    }

    /// The record file.
    pub fn file(&self) -> &Arc<SourceFile> {
        &self.files[0]
    }

    /// The file a field or stage is in.
    pub fn file_of(&self, index: usize) -> &Arc<SourceFile> {
        self.files.get(index).unwrap_or(&self.files[0])
    }

    /// Instances of a stage kind.
    pub fn stages_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Stage> + 'a {
        self.stages.iter().filter(move |s| s.kind == kind)
    }

    /// Does the record hold any stage the gates know? A record without one is not analysed.
    pub fn is_analysable(&self) -> bool {
        !self.stages.is_empty()
    }

    /// Is the promoted model hosted (API-only)? Judged on the stages that can hold the artifact.
    pub fn hosted(&self, vocab: &Vocabulary) -> bool {
        self.stages
            .iter()
            .filter(|s| vocab.artifact_kinds().any(|k| k == s.kind))
            .any(|s| s.hosted)
    }

    /// Every field with its stage index.
    pub fn fields(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.stages
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.fields.iter().map(move |f| (i, f)))
    }
}

/// Unites, per artifact object and role, the tokens the object names.
fn build_graph(stages: &[Stage]) -> Graph {
    let mut g = Graph::default();
    let mut groups: BTreeMap<(usize, &str), Vec<Token>> = BTreeMap::new();
    for s in stages {
        for f in &s.fields {
            for t in &f.tokens {
                if t.is_run() {
                    continue;
                }
                g.node(t);
                let group = groups.entry((f.object, f.role.as_str())).or_default();
                if !group.contains(t) {
                    group.push(t.clone());
                }
            }
        }
    }
    for ((object, _), tokens) in &groups {
        if tokens.len() > 1 {
            g.unite_object(tokens, *object);
        }
    }
    g.finish();
    g
}

fn is_hosted(stage: &Stage, vocab: &Vocabulary) -> bool {
    stage.fields.iter().any(|f| {
        (vocab.is_provider(&f.key) && vocab.hosted_provider(&f.text).is_some())
            || (vocab.field_matches("model_refs", &f.key) || f.reference)
                && matches!(
                    f.class.ecosystem,
                    Ecosystem::OpenAi
                        | Ecosystem::Bedrock
                        | Ecosystem::VertexAi
                        | Ecosystem::AzureOpenAi
                )
    })
}

/// In a hosted stage: classify model ids with the provider's rules, and let a model id plus its
/// `<key>_version` sibling (Azure OpenAI's `model` + `model_version`) form one identity.
fn refine_hosted(stage: &mut Stage, vocab: &Vocabulary) {
    let eco = stage
        .fields
        .iter()
        .filter(|f| vocab.is_provider(&f.key))
        .find_map(|f| vocab.hosted_provider(&f.text).flatten());
    if let Some(eco) = eco {
        for f in stage.fields.iter_mut().filter(|f| f.reference) {
            let hinted = refs::classify_as(&f.text, eco);
            if hinted.class >= f.class.class || f.class.ecosystem == Ecosystem::Generic {
                f.tokens = tokens_of(&f.text, &hinted);
                f.class = hinted;
            }
        }
    }
    let pairs: Vec<(usize, Token)> = stage
        .fields
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let model_key = v.key.strip_suffix("version")?;
            let model = stage
                .fields
                .iter()
                .find(|m| m.key == model_key && m.object == v.object)?;
            is_provider_version(&v.text).then(|| {
                (
                    i,
                    Token::provider(
                        "model",
                        &format!("{}@{}", model.text.to_ascii_lowercase(), v.text),
                    ),
                )
            })
        })
        .collect();
    for (i, token) in pairs {
        stage.fields[i].tokens.push(token);
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
    file: usize,
    stages: Vec<Stage>,
    objects: Vec<Object>,
    /// Single-instance stages by kind.
    single: HashMap<String, usize>,
    /// Multi-instance stages by kind and name.
    multi: HashMap<(String, String), usize>,
    unclaimed: Vec<Unclaimed>,
}

/// Where a scalar goes: its stage, object, role context and display path.
struct At<'a> {
    stage: usize,
    object: usize,
    role: Option<String>,
    kind: &'a str,
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
                    let kind = def.name.clone();
                    let idx = self.open(&kind, &kind, doc.span, "");
                    self.walk(idx, doc, &mut Vec::new(), "", None, &kind);
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
                let idx = self.open(&name, &name, doc.span, "spec");
                if let Some(spec) = doc.get("spec") {
                    self.walk(idx, spec, &mut vec!["spec".into()], "spec", None, &name);
                }
                return;
            }
        }
        self.container(doc, "", true);
    }

    fn def(&self, kind: &str) -> Option<&StageDef> {
        self.vocab.stage(kind)
    }

    fn is_multi(&self, kind: &str) -> bool {
        self.def(kind).is_some_and(|d| !d.groups.is_empty())
    }

    /// Finds or creates a stage instance. Single-instance kinds merge across the record.
    fn open(&mut self, kind: &str, name: &str, span: Span, display: &str) -> usize {
        let multi = self.is_multi(kind);
        let found = if multi {
            self.multi
                .get(&(kind.to_string(), name.to_string()))
                .copied()
        } else {
            self.single.get(kind).copied()
        };
        if let Some(i) = found {
            return i;
        }
        let idx = self.stages.len();
        let object = self.objects.len();
        self.objects.push(Object {
            stage: idx,
            display: if display.is_empty() {
                kind.to_string()
            } else {
                display.to_string()
            },
            span,
            file: self.file,
        });
        self.stages.push(Stage {
            kind: kind.into(),
            name: if multi { name.into() } else { kind.into() },
            span,
            file: self.file,
            fields: Vec::new(),
            hosted: false,
            object,
        });
        if multi {
            self.multi.insert((kind.to_string(), name.to_string()), idx);
        } else {
            self.single.insert(kind.to_string(), idx);
        }
        idx
    }

    fn root_object(&self, stage: usize) -> usize {
        self.stages[stage].object
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
    /// `base-revision` (but not `deploymentMode` for the prefix `deploy`). The longest prefix
    /// of any stage wins, so `model_card_version` is the model card's, not the model's.
    fn stage_by_prefix(&self, raw: &str) -> Option<(&StageDef, Vec<String>)> {
        let words = key_words(raw);
        let mut best: Option<(&StageDef, usize)> = None;
        for d in &self.vocab.stages {
            for p in &d.prefixes {
                let mut joined = String::new();
                for (i, w) in words.iter().enumerate() {
                    joined.push_str(w);
                    if joined == *p && i + 1 < words.len() {
                        if best.is_none_or(|(_, n)| joined.len() > n) {
                            best = Some((d, joined.len()));
                        }
                        break;
                    }
                    if joined.len() >= p.len() {
                        break;
                    }
                }
            }
        }
        best.map(|(d, n)| {
            let mut used = 0;
            let mut rest = Vec::new();
            for w in &words {
                if used < n {
                    used += w.len();
                } else {
                    rest.push(w.clone());
                }
            }
            (d, rest)
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
                if v.is_map() || v.is_seq() {
                    let idx = self.open(&kind, raw, k.span, &shown);
                    self.walk(idx, v, &mut Vec::new(), &shown, None, &kind);
                    continue;
                }
                if scalar {
                    let idx = self.open(&kind, &kind, k.span, &shown);
                    let at = self.at(idx, &kind, self.vocab.role_of_key(raw));
                    self.field(&at, vec![key.clone()], key, &shown, v);
                    continue;
                }
            }
            if let Some((def, rest)) = self.stage_by_prefix(raw) {
                let kind = def.name.clone();
                let leaf: String = rest.concat();
                let role = self.vocab.role_of_key(&rest.join("_")).map(str::to_string);
                let idx = self.open(&kind, &kind, k.span, &shown);
                let object = self.root_object(idx);
                let at = At {
                    stage: idx,
                    object,
                    role,
                    kind: &kind,
                };
                self.collect(&at, v, &mut vec![leaf.clone()], &shown, Some(leaf));
                continue;
            }
            // An unknown mapping whose children open stages is looked through, as a wrapper
            // would be (`pipeline: {evaluation: {...}, deploy: {...}}`).
            if v.is_map() && self.opens_stages(v) {
                self.container(v, &shown, false);
                continue;
            }
            self.unclaimed_value(v, &shown, raw);
        }
    }

    /// Does a mapping have a child mapping or list whose key opens a stage or a group?
    fn opens_stages(&self, v: &Node) -> bool {
        v.entries().iter().any(|(ck, cv)| {
            let key = normalize_key(ck.as_str().unwrap_or(""));
            (cv.is_map() || cv.is_seq())
                && (self.stage_by_key(&key).is_some() || self.group_of(&key).is_some())
        })
    }

    /// Records the identities of a value no stage claims.
    fn unclaimed_value(&mut self, v: &Node, display: &str, raw: &str) {
        let role = self.vocab.role_of_key(raw).unwrap_or("model").to_string();
        let mut stack = vec![(v, display.to_string())];
        while let Some((n, shown)) = stack.pop() {
            match &n.value {
                Value::Scalar(s) => {
                    let class = refs::classify(&s.text);
                    if let Some(token) = tokens_of(&s.text, &class).into_iter().next() {
                        self.unclaimed.push(Unclaimed {
                            display: shown,
                            span: n.span,
                            file: self.file,
                            token,
                            role: role.clone(),
                        });
                        return;
                    }
                }
                Value::Seq(items) => {
                    for (i, it) in items.iter().enumerate().rev() {
                        stack.push((it, format!("{shown}[{i}]")));
                    }
                }
                Value::Map(entries) => {
                    for (ck, cv) in entries.iter().rev() {
                        stack.push((cv, join(&shown, ck.as_str().unwrap_or(""))));
                    }
                }
            }
        }
    }

    /// Children of a group key: each one instance (`environments: {canary: {...}}` or a list of
    /// `{name: canary, ...}`). A child named like another stage opens that stage instead
    /// (`stages: {evaluation: {...}, deploy: {...}}`).
    fn instances(&mut self, kind: &str, v: &Node, display: &str) {
        match &v.value {
            Value::Map(entries) => {
                for (ck, cv) in entries {
                    let name = ck.as_str().unwrap_or("").to_string();
                    let shown = join(display, &name);
                    if !cv.is_map() {
                        continue; // `canary: 5%` is a setting, not an environment
                    }
                    let target = self.instance_kind(kind, &name);
                    let idx = self.open(&target, &name, ck.span, &shown);
                    self.walk(idx, cv, &mut Vec::new(), &shown, None, &target);
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
                    let target = self.instance_kind(kind, &name);
                    let shown = format!("{display}[{i}]");
                    let idx = self.open(&target, &name, item.span, &shown);
                    self.walk(idx, item, &mut Vec::new(), &shown, None, &target);
                }
            }
            Value::Scalar(_) => {}
        }
    }

    /// The stage an instance of a group opens: another stage when it is named like one.
    fn instance_kind(&self, group_kind: &str, name: &str) -> String {
        let key = normalize_key(name);
        match self.stage_by_key(&key) {
            Some(def) if def.name != group_kind && def.groups.is_empty() => def.name.clone(),
            _ => group_kind.to_string(),
        }
    }

    fn at<'k>(&self, stage: usize, kind: &'k str, role: Option<&str>) -> At<'k> {
        At {
            stage,
            object: self.root_object(stage),
            role: role.map(str::to_string),
            kind,
        }
    }

    /// Walks a stage's own node: its scalars belong to the stage's root object.
    fn walk(
        &mut self,
        idx: usize,
        node: &Node,
        path: &mut Vec<String>,
        display: &str,
        leaf: Option<String>,
        kind: &str,
    ) {
        let at = self.at(idx, kind, None);
        self.collect(&at, node, path, display, leaf);
    }

    /// Every scalar under `node` joins the stage of `at`; nested keys that open another stage
    /// start it instead (unless that stage is not `nested`: a `model:` inside `deploy` is the
    /// deployed model). A nested mapping is an artifact object of its own.
    fn collect(
        &mut self,
        at: &At<'_>,
        node: &Node,
        path: &mut Vec<String>,
        display: &str,
        leaf: Option<String>,
    ) {
        match &node.value {
            Value::Scalar(_) => {
                let key = leaf.or_else(|| path.last().cloned()).unwrap_or_default();
                self.field(at, path.clone(), key, display, node);
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let shown = format!("{display}[{i}]");
                    if item.is_map() {
                        let object = self.new_object(at.stage, &shown, item.span);
                        let inner = At {
                            stage: at.stage,
                            object,
                            role: at.role.clone(),
                            kind: at.kind,
                        };
                        self.entries(&inner, item, path, &shown);
                    } else {
                        // Each scalar of a list is an artifact of its own
                        // (`storageUris: [a, b]`, `containers: [img1, img2]`).
                        let object = self.new_object(at.stage, &shown, item.span);
                        let inner = At {
                            stage: at.stage,
                            object,
                            role: at.role.clone(),
                            kind: at.kind,
                        };
                        self.collect(&inner, item, path, &shown, leaf.clone());
                    }
                }
            }
            Value::Map(_) => self.entries(at, node, path, display),
        }
    }

    fn new_object(&mut self, stage: usize, display: &str, span: Span) -> usize {
        self.objects.push(Object {
            stage,
            display: display.to_string(),
            span,
            file: self.file,
        });
        self.objects.len() - 1
    }

    /// The entries of a mapping whose scalars belong to `at.object`.
    fn entries(&mut self, at: &At<'_>, node: &Node, path: &mut Vec<String>, display: &str) {
        for (k, v) in node.entries() {
            let raw = k.as_str().unwrap_or("");
            let key = normalize_key(raw);
            let shown = join(display, raw);
            if v.is_map() || v.is_seq() {
                if let Some(def) = self.group_of(&key) {
                    if def.name != at.kind {
                        let g = def.name.clone();
                        self.instances(&g, v, &shown);
                        continue;
                    }
                }
                if let Some(def) = self.stage_by_key(&key) {
                    if def.name != at.kind && def.nested && v.is_map() {
                        let other = def.name.clone();
                        let j = self.open(&other, raw, k.span, &shown);
                        self.walk(j, v, &mut Vec::new(), &shown, None, &other);
                        continue;
                    }
                }
            }
            let role = self
                .vocab
                .role_of_key(raw)
                .map(str::to_string)
                .or_else(|| at.role.clone());
            path.push(key);
            if v.is_map() {
                let object = self.new_object(at.stage, &shown, k.span);
                let inner = At {
                    stage: at.stage,
                    object,
                    role,
                    kind: at.kind,
                };
                self.entries(&inner, v, path, &shown);
            } else {
                let inner = At {
                    stage: at.stage,
                    object: at.object,
                    role,
                    kind: at.kind,
                };
                self.collect(&inner, v, path, &shown, None);
            }
            path.pop();
        }
    }

    fn field(&mut self, at: &At<'_>, path: Vec<String>, key: String, display: &str, node: &Node) {
        let Some(text) = node.as_str() else { return };
        let text = text.trim().to_string();
        let class = refs::classify(&text);
        let vocab = self.vocab;
        let tokens = if vocab.is_run_id(&key) {
            if refs::is_placeholder(&text) || text.is_empty() {
                Vec::new()
            } else {
                vec![Token::run(&text)]
            }
        } else {
            tokens_of(&text, &class)
        };
        let role = at.role.clone().unwrap_or_else(|| {
            vocab
                .stage(at.kind)
                .map_or_else(|| "model".to_string(), |d| d.role.clone())
        });
        let reference = vocab.is_reference(&key);
        self.stages[at.stage].fields.push(Field {
            path,
            key,
            display: display.to_string(),
            text,
            span: node.span,
            file: self.file,
            class,
            tokens,
            role,
            reference,
            object: at.object,
        });
    }
}

/// Identity tokens of a value: its classification's identity plus every digest or commit inside.
pub fn tokens_of(text: &str, class: &Classification) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut push = |t: Token| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    if let Some(id) = &class.identity {
        push(Token::of(id));
    }
    if refs::is_placeholder(text) {
        return out;
    }
    for id in refs::identities_in(text) {
        let keep = class.class != Class::Mutable
            || class.identity.is_some()
            || matches!(
                id,
                refs::Identity::Digest { .. } | refs::Identity::Commit { .. }
            );
        if keep {
            push(Token::of(&id));
        }
    }
    out
}

fn join(display: &str, key: &str) -> String {
    if display.is_empty() {
        key.to_string()
    } else {
        format!("{display}.{key}")
    }
}
