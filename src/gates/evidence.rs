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
    /// The format reader that found the value (`kserve-inferenceservice`), or `None` for the
    /// gate file's vocabulary.
    pub reader: Option<&'static str>,
    /// The role was stated (by a key word or a format reader), not the stage's default.
    pub role_stated: bool,
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
    /// Roles a format reader says the stage deploys although the file does not identify them
    /// (a serving runtime loads a model named elsewhere): the target still requires them.
    pub expects: Vec<String>,
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
    /// Files the record names (a deploy manifest, an evaluation report) and what became of them.
    pub links: Vec<FileLink>,
    /// Documents read by a format reader: (file index, document span, format id).
    pub formats: Vec<(usize, Span, &'static str)>,
    /// What format readers want the reader of the report to know (file, span, message): a
    /// signature that was not verified, a revision this file cannot identify.
    pub notes: Vec<(usize, Span, String)>,
}

/// A file a record value names, and whether it was joined into the release.
#[derive(Debug, Clone)]
pub struct FileLink {
    /// The file holding the reference.
    pub file: usize,
    /// The referencing value.
    pub span: Span,
    /// The path as written.
    pub path: String,
    /// What happened.
    pub outcome: LinkOutcome,
}

/// What became of a file a record names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Read and joined: the index of the file in [`Evidence::files`].
    Joined(usize),
    /// Not read, and why (outside the repository, a symlink, missing, too large, not valid).
    Refused(String),
}

/// How a release may read the files its records name.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The repository root: nothing outside it is read. `None`: no file is followed.
    pub root: Option<std::path::PathBuf>,
    /// Largest file read.
    pub max: u64,
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
    /// Reads one record file; files it names are not followed.
    pub fn load(path: &Path, vocab: &Vocabulary, max_size: u64) -> Result<Evidence, RecordError> {
        let opts = ReadOptions {
            root: None,
            max: max_size,
        };
        Evidence::load_release(&[path.to_path_buf()], vocab, &opts)
    }

    /// Reads the files of one release (a record, or several files given together) and, when
    /// `opts.root` is set, the repository files their values name (a deploy manifest, an
    /// evaluation report), each joined into the stage that names it.
    pub fn load_release(
        paths: &[std::path::PathBuf],
        vocab: &Vocabulary,
        opts: &ReadOptions,
    ) -> Result<Evidence, RecordError> {
        let mut inputs = Vec::new();
        for path in paths {
            let file = read_file(path, opts.max)?;
            let docs = yaml::parse_documents(&file.text).map_err(|e| RecordError {
                file: file.clone(),
                span: e.span,
                message: format!("not valid YAML/JSON: {}", e.message),
            })?;
            inputs.push((file, docs));
        }
        Ok(Evidence::build(inputs, vocab, Some(opts)))
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

    /// Reads stages out of parsed documents (spans in `file`'s coordinates); files the values
    /// name are not followed.
    pub fn from_docs(file: Arc<SourceFile>, docs: &[Node], vocab: &Vocabulary) -> Evidence {
        Evidence::build(vec![(file, docs.to_vec())], vocab, None)
    }

    /// Reads one file as the file a record's `deploy` stage names (`deploy: {manifest: f}`):
    /// a document that deploys nothing alone (an `MLmodel`, a registry event, an attestation)
    /// adds its identities to that stage. Fixture sidecars use it to check what a reader
    /// extracts from such a file.
    pub fn from_docs_as_named(
        file: Arc<SourceFile>,
        docs: &[Node],
        vocab: &Vocabulary,
    ) -> Evidence {
        Evidence::build_in(vec![(file, docs.to_vec())], vocab, None, true)
    }

    fn build(
        inputs: Vec<(Arc<SourceFile>, Vec<Node>)>,
        vocab: &Vocabulary,
        opts: Option<&ReadOptions>,
    ) -> Evidence {
        Evidence::build_in(inputs, vocab, opts, false)
    }

    fn build_in(
        inputs: Vec<(Arc<SourceFile>, Vec<Node>)>,
        vocab: &Vocabulary,
        opts: Option<&ReadOptions>,
        named: bool,
    ) -> Evidence {
        let mut b = Builder {
            vocab,
            file: 0,
            files: Vec::new(),
            stages: Vec::new(),
            objects: Vec::new(),
            single: HashMap::new(),
            multi: HashMap::new(),
            unclaimed: Vec::new(),
            links: Vec::new(),
            formats: Vec::new(),
            notes: Vec::new(),
            context: None,
        };
        for (file, docs) in &inputs {
            b.file = b.files.len();
            b.files.push(file.clone());
            if named {
                b.context = b.open_stage("deploy", "deploy", Span::new(0, 0), "deploy");
            }
            for doc in docs {
                b.document(doc);
            }
        }
        if let Some(opts) = opts.filter(|o| o.root.is_some()) {
            b.follow(opts);
        }
        let Builder {
            mut stages,
            objects,
            unclaimed,
            files,
            links,
            formats,
            notes,
            ..
        } = b;
        for s in &mut stages {
            s.hosted = is_hosted(s, vocab);
            if s.hosted {
                refine_hosted(s, vocab);
            }
        }
        let graph = build_graph(&stages);
        adopt_roles(&mut stages, &graph);
        Evidence {
            files,
            stages,
            objects,
            unclaimed,
            graph,
            links,
            formats,
            notes,
        }
    }

    /// What became of the file a value names, if the value names one.
    pub fn link_at(&self, file: usize, span: Span) -> Option<&LinkOutcome> {
        self.links
            .iter()
            .find(|l| l.file == file && l.span == span)
            .map(|l| &l.outcome)
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

    /// Does the record name something deployed (a stage of an artifact tier)? A record that
    /// names nothing deployed — no stage the gates know, or only an attestation or an
    /// evaluation — is not analysed: there is no promotion to judge.
    pub fn is_analysable(&self, vocab: &Vocabulary) -> bool {
        if vocab.artifact_tiers.is_empty() {
            return !self.stages.is_empty();
        }
        self.stages
            .iter()
            .any(|s| vocab.artifact_tiers.iter().flatten().any(|k| *k == s.kind))
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

/// A value whose role is only its stage's default takes the role another value of the same
/// identity states: a webhook's `package_version.version` that is the deployed image's digest
/// names the image, not a model.
fn adopt_roles(stages: &mut [Stage], g: &Graph) {
    let mut stated: HashMap<usize, Option<String>> = HashMap::new();
    for s in stages.iter() {
        for f in s.fields.iter().filter(|f| f.role_stated) {
            for t in f.identities() {
                if let Some(c) = g.class_of_token(t) {
                    stated
                        .entry(c)
                        .and_modify(|r| {
                            if r.as_deref() != Some(f.role.as_str()) {
                                *r = None; // stated two ways: leave the defaults alone
                            }
                        })
                        .or_insert_with(|| Some(f.role.clone()));
                }
            }
        }
    }
    for s in stages.iter_mut() {
        for f in s.fields.iter_mut().filter(|f| !f.role_stated) {
            let roles: Vec<&Option<String>> = f
                .identities()
                .filter_map(|t| g.class_of_token(t))
                .filter_map(|c| stated.get(&c))
                .collect();
            if let Some(Some(r)) = roles.first() {
                if roles.iter().all(|x| x.as_deref() == Some(r.as_str())) {
                    f.role = r.clone();
                }
            }
        }
    }
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

/// Reads a file given on the command line (trusted path) as text.
fn read_file(path: &Path, max: u64) -> Result<Arc<SourceFile>, RecordError> {
    let loaded = source::read(path, max).map_err(|e| RecordError {
        file: SourceFile::anonymous(&path.display().to_string(), ""),
        span: Span::point(0),
        message: format!("cannot read: {}", crate::diag::describe_io(&e)),
    })?;
    if let Some((problem, span)) = loaded.problem {
        return Err(RecordError {
            file: loaded.file,
            span,
            message: problem.to_string(),
        });
    }
    Ok(loaded.file)
}

/// Resolves a path a record names: `./x` and `../x` from the record's folder, anything else
/// from the repository root; it must stay inside the root, and no component may be a symlink.
/// URLs, absolute paths and placeholders are refused. Returns the path, or why not.
pub fn resolve_in_root(
    root: &Path,
    record_dir: &Path,
    rel: &str,
) -> Result<std::path::PathBuf, String> {
    use std::path::Component;
    let t = rel.trim();
    if t.is_empty() || refs::is_placeholder(t) {
        return Err("it is empty or a placeholder".into());
    }
    if t.contains("://") {
        return Err("it is a URL, and skillgate never fetches".into());
    }
    let p = Path::new(t);
    if p.is_absolute() || t.starts_with('~') {
        return Err("it is an absolute path".into());
    }
    let relative_to_record = t.starts_with("./") || t.starts_with("../");
    let base = if relative_to_record { record_dir } else { root };
    let Ok(inside) = base.strip_prefix(root) else {
        return Err("the record is outside the repository".into());
    };
    let mut parts: Vec<std::ffi::OsString> = inside
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_os_string()),
            _ => None,
        })
        .collect();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_os_string()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err("it leaves the repository".into());
                }
            }
            _ => return Err("it is an absolute path".into()),
        }
    }
    let mut at = root.to_path_buf();
    for part in &parts {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err("it goes through a symlink, which skillgate never follows".into());
            }
            Ok(_) => {}
            Err(_) => return Err("it does not exist".into()),
        }
    }
    match std::fs::symlink_metadata(&at) {
        Ok(m) if m.is_file() => Ok(at),
        Ok(_) => Err("it is not a regular file".into()),
        Err(_) => Err("it does not exist".into()),
    }
}

/// The record builder. Format readers (`super::formats`) add stages, objects and fields
/// through its crate-visible methods.
pub(crate) struct Builder<'v> {
    pub(crate) vocab: &'v Vocabulary,
    /// The file being read (index in `files`).
    pub(crate) file: usize,
    files: Vec<Arc<SourceFile>>,
    stages: Vec<Stage>,
    objects: Vec<Object>,
    /// Single-instance stages by kind.
    single: HashMap<String, usize>,
    /// Multi-instance stages by kind and name.
    multi: HashMap<(String, String), usize>,
    unclaimed: Vec<Unclaimed>,
    links: Vec<FileLink>,
    formats: Vec<(usize, Span, &'static str)>,
    notes: Vec<(usize, Span, String)>,
    /// While reading a file a record names: the stage that named it.
    pub(crate) context: Option<usize>,
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
        // A format skillgate knows is read by what the format says each field is.
        if let Some(format) = super::formats::detect(doc) {
            self.formats.push((self.file, doc.span, format.id));
            (format.read)(doc, &mut super::formats::Emit::new(self, format.id));
            return;
        }
        // Inside a file a record names, anything else belongs to the stage that named it.
        if let Some(ctx) = self.context {
            let kind = self.stages[ctx].kind.clone();
            let display = self.files[self.file].path.display().to_string();
            let object = self.new_object(ctx, &display, doc.span);
            let at = At {
                stage: ctx,
                object,
                role: None,
                kind: &kind,
            };
            self.entries(&at, doc, &mut Vec::new(), &display);
            return;
        }
        // An in-toto Statement document is an attestation as a whole (`_type`, however a
        // rewrite spells the key).
        let statement_type = doc
            .entries()
            .iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| normalize_key(k) == "type"))
            .and_then(|(_, v)| v.as_str());
        if let Some(t) = statement_type {
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
            expects: Vec::new(),
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

    /// Opens a stage instance for a format reader (`None` when the gate file has no stage of
    /// that name).
    pub(crate) fn open_stage(
        &mut self,
        kind: &str,
        name: &str,
        span: Span,
        display: &str,
    ) -> Option<usize> {
        self.vocab.stage(kind)?;
        Some(self.open(kind, name, span, display))
    }

    /// Records a note for the report at a span of the file being read.
    pub(crate) fn note(&mut self, span: Span, message: String) {
        let file = self.file;
        if !self
            .notes
            .iter()
            .any(|(f, _, m)| *f == file && *m == message)
        {
            self.notes.push((file, span, message));
        }
    }

    /// The text of the file being read.
    pub(crate) fn file_text(&self) -> &str {
        &self.files[self.file].text
    }

    /// Records that a stage deploys an artifact of `role` that the file does not identify.
    pub(crate) fn expect_role(&mut self, stage: usize, role: &str) {
        let s = &mut self.stages[stage];
        if !s.expects.iter().any(|r| r == role) {
            s.expects.push(role.to_string());
        }
    }

    /// A new artifact object in a stage, for a format reader.
    pub(crate) fn object_in(&mut self, stage: usize, display: &str, span: Span) -> usize {
        self.new_object(stage, display, span)
    }

    /// Adds a field found by a format reader: its role is what the format says it is.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn reader_field(
        &mut self,
        stage: usize,
        object: usize,
        key: &str,
        display: &str,
        text: &str,
        span: Span,
        role: Option<&str>,
        reference: bool,
        reader: &'static str,
        hint: Option<Ecosystem>,
    ) {
        let text = text.trim().to_string();
        let class = match hint {
            Some(e) => refs::classify_as(&text, e),
            None => refs::classify(&text),
        };
        let key = normalize_key(key);
        let tokens = if self.vocab.is_run_id(&key) {
            if refs::is_placeholder(&text) || text.is_empty() {
                Vec::new()
            } else {
                vec![Token::run(&text)]
            }
        } else {
            tokens_of(&text, &class)
        };
        let stage_role = self.stages[stage].kind.clone();
        let role = role
            .filter(|r| self.vocab.roles.iter().any(|d| d.name == *r))
            .map(str::to_string)
            .unwrap_or_else(|| {
                self.vocab
                    .stage(&stage_role)
                    .map_or_else(|| "model".to_string(), |d| d.role.clone())
            });
        let file = self.file;
        self.stages[stage].fields.push(Field {
            path: vec![key.clone()],
            key,
            display: display.to_string(),
            text,
            span,
            file,
            class,
            tokens,
            role,
            reference,
            object,
            reader: Some(reader),
            role_stated: true,
        });
    }

    /// Reads the files that record values name (field vocabularies `reads.files`), each into
    /// the stage that names it. One level: a joined file's own references are not followed.
    fn follow(&mut self, opts: &ReadOptions) {
        let Some(root) = opts.root.clone() else {
            return;
        };
        let vocab = self.vocab;
        let mut wanted: Vec<(usize, usize, Span, String)> = Vec::new();
        for (si, s) in self.stages.iter().enumerate() {
            for f in &s.fields {
                if f.reader.is_none()
                    && vocab
                        .file_refs
                        .iter()
                        .any(|v| vocab.field_matches(v, &f.key))
                    && looks_like_path(&f.text)
                {
                    wanted.push((si, f.file, f.span, f.text.clone()));
                }
            }
        }
        let mut joined: HashMap<std::path::PathBuf, usize> = HashMap::new();
        for (stage, file, span, text) in wanted {
            let record_dir = self.files[file]
                .path
                .parent()
                .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
                .unwrap_or_else(|| root.clone());
            let outcome = match resolve_in_root(&root, &record_dir, &text) {
                Err(why) => LinkOutcome::Refused(why),
                Ok(path) => match joined.get(&path) {
                    Some(&i) => LinkOutcome::Joined(i),
                    None => match read_file(&path, opts.max) {
                        Err(e) => LinkOutcome::Refused(e.message),
                        Ok(f) => match yaml::parse_documents(&f.text) {
                            Err(e) => {
                                let (l, c) = f.line_col(e.span.start);
                                LinkOutcome::Refused(format!(
                                    "it is not valid YAML/JSON (line {l}, column {c}: {})",
                                    e.message
                                ))
                            }
                            Ok(docs) => {
                                let index = self.files.len();
                                // Shown relative to the current directory, like the
                                // record that names it.
                                let shown = std::env::current_dir()
                                    .ok()
                                    .and_then(|c| std::fs::canonicalize(c).ok())
                                    .and_then(|c| path.strip_prefix(&c).ok().map(Path::to_path_buf))
                                    .unwrap_or_else(|| Path::new(&text).to_path_buf());
                                let file = Arc::new(SourceFile::new(shown, f.text.clone()));
                                self.files.push(file);
                                let (saved_file, saved_ctx) = (self.file, self.context);
                                self.file = index;
                                self.context = Some(stage);
                                for d in &docs {
                                    self.document(d);
                                }
                                self.file = saved_file;
                                self.context = saved_ctx;
                                joined.insert(path, index);
                                LinkOutcome::Joined(index)
                            }
                        },
                    },
                },
            };
            self.links.push(FileLink {
                file,
                span,
                path: text,
                outcome,
            });
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
        } else if vocab.is_label(&key) {
            Vec::new()
        } else {
            let mut t = tokens_of(&text, &class);
            let pin_key =
                vocab.field_matches("pins", &key) || vocab.field_matches("checksum", &key);
            t.retain(|tok| !incidental_short_hex(&text, tok, pin_key));
            t
        };
        let role_stated = at.role.is_some();
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
            reader: None,
            role_stated,
        });
    }
}

/// A short hex run that names nothing: part of a UUID (`6a7e8feb-…`), or a fragment of a name
/// (`promo-9c331b1`) in a value whose key is not a pin. A short digest counts when it is the
/// whole value, when an algorithm or `@` introduces it (`sha256-2753…`, `@sha256:2753…`), or
/// when the key is a pin (`revision`, `sha256`, `digest`).
fn incidental_short_hex(text: &str, tok: &Token, pin_key: bool) -> bool {
    let Some(hex) = tok.as_hex() else {
        return false;
    };
    if !tok.is_short() {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    let mut any_good = false;
    while let Some(i) = lower[from..].find(hex) {
        let at = from + i;
        from = at + hex.len();
        if in_uuid(&lower, at, hex.len()) {
            continue;
        }
        let whole = lower.trim() == hex;
        let before = &lower[..at];
        let introduced = before.ends_with('@')
            || ["sha256", "sha512", "sha384", "sha1", "md5", "blake3", "sha"]
                .iter()
                .any(|alg| {
                    [":", "-", "=", "_"]
                        .iter()
                        .any(|sep| before.ends_with(&format!("{alg}{sep}")))
                });
        if whole || introduced || pin_key {
            any_good = true;
        }
    }
    !any_good
}

/// Is the hex run at `at..at+len` one group of a UUID (8-4-4-4-12 hex digits)?
fn in_uuid(text: &str, at: usize, len: usize) -> bool {
    let b = text.as_bytes();
    let is_hex = |c: u8| c.is_ascii_hexdigit();
    // Walk left and right over hex digits and dashes to the UUID-shaped span around the run.
    let mut start = at;
    while start > 0 && (is_hex(b[start - 1]) || b[start - 1] == b'-') {
        start -= 1;
    }
    let mut end = at + len;
    while end < b.len() && (is_hex(b[end]) || b[end] == b'-') {
        end += 1;
    }
    text[start..end]
        .split('-')
        .map(str::len)
        .collect::<Vec<_>>()
        .windows(5)
        .any(|w| w == [8, 4, 4, 4, 12])
}

/// A relative path with a file name (`k8s/prod/isvc.yaml`, `./eval.json`): not a URL, a
/// registry reference or a bare word.
fn looks_like_path(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && !t.contains("://")
        && !t.contains('@')
        && !t.contains(char::is_whitespace)
        && (t.contains('/') || t.rsplit('/').next().is_some_and(|name| name.contains('.')))
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
