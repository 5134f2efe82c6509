//! Artifact reference classifier: does a reference pin exact content, or can it move?
//!
//! [`classify`] looks at one reference string (an image, a model id, an object-store key, a
//! registry version, a commit, a digest ...) and says whether it is **immutable** (it can only
//! ever denote the same bytes), **weak** (it usually does, but only by convention or trust in a
//! provider) or **mutable** (it can be re-pointed; empty and placeholder values fail closed).
//! [`identities_in`] extracts normalised identity tokens so that stages which mention the same
//! content in different spellings can be bound together. See `docs/references.md`.
//!
//! Everything here works on ASCII bytes with hand-written scanners: no regex, no allocation
//! proportional to anything but the output, linear time on any input, never a panic.

mod anthropic;
mod azure_blob;
mod azure_openai;
mod azureml;
mod bedrock;
mod digest;
mod dvc;
mod forms;
mod gcs;
mod generic;
mod git;
mod hf;
mod kserve;
mod mlflow;
mod oci;
mod ollama;
mod openai;
mod pip;
mod s3;
mod sagemaker;
mod scan;
mod vertex;
mod wandb;

use std::collections::HashSet;
use std::fmt;

pub use forms::{Form, documented_forms};

/// How firmly a reference pins content. Ordered from weakest to strongest:
/// `Mutable < Weak < Immutable`, so a gate can compare against a minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// The reference can be re-pointed at different content (branch, alias, stage, `latest`,
    /// unversioned key, empty or placeholder value).
    Mutable,
    /// The reference usually denotes one thing, but only by convention or provider promise
    /// (short SHA, version tag, provider-pinned model id, digest embedded in a path, md5).
    Weak,
    /// The reference can only denote one content (full digest, full commit SHA, registry
    /// version, object version id).
    Immutable,
}

impl Class {
    /// Lowercase name: `"mutable"`, `"weak"` or `"immutable"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Mutable => "mutable",
            Class::Weak => "weak",
            Class::Immutable => "immutable",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The system a reference belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ecosystem {
    /// Hugging Face Hub repositories (`org/name`, `hf://`, `huggingface.co` URLs).
    HuggingFace,
    /// OCI / Docker images.
    Oci,
    /// Amazon S3 objects.
    S3,
    /// Google Cloud Storage objects.
    Gcs,
    /// Azure Blob Storage objects.
    AzureBlob,
    /// Azure Machine Learning registry and workspace assets.
    AzureMl,
    /// MLflow model registry and run artifacts.
    Mlflow,
    /// Weights & Biases artifacts.
    Wandb,
    /// DVC-tracked data (`.dvc` md5, `dvc://`).
    Dvc,
    /// Ollama models.
    Ollama,
    /// Amazon SageMaker ARNs.
    Sagemaker,
    /// Amazon Bedrock model ids and ARNs.
    Bedrock,
    /// OpenAI API model ids.
    OpenAi,
    /// Anthropic API model ids (`claude-3-5-sonnet-20241022` vs `claude-3-5-sonnet-latest`).
    Anthropic,
    /// Google Vertex AI models and publisher models.
    VertexAi,
    /// Azure OpenAI deployments (model + version, upgrade policy).
    AzureOpenAi,
    /// KServe `storageUri` values that are not another ecosystem's scheme (`pvc://`).
    Kserve,
    /// Git commits, branches and tags.
    Git,
    /// Python requirements (`pkg==1.2.3 --hash=...`).
    Pip,
    /// A bare content digest (`sha256:...`, bare hex).
    Digest,
    /// Anything else: words, numbers, placeholders, unrecognised strings.
    Generic,
}

impl Ecosystem {
    /// Every ecosystem, in declaration order.
    pub const ALL: [Ecosystem; 21] = [
        Ecosystem::HuggingFace,
        Ecosystem::Oci,
        Ecosystem::S3,
        Ecosystem::Gcs,
        Ecosystem::AzureBlob,
        Ecosystem::AzureMl,
        Ecosystem::Mlflow,
        Ecosystem::Wandb,
        Ecosystem::Dvc,
        Ecosystem::Ollama,
        Ecosystem::Sagemaker,
        Ecosystem::Bedrock,
        Ecosystem::OpenAi,
        Ecosystem::Anthropic,
        Ecosystem::VertexAi,
        Ecosystem::AzureOpenAi,
        Ecosystem::Kserve,
        Ecosystem::Git,
        Ecosystem::Pip,
        Ecosystem::Digest,
        Ecosystem::Generic,
    ];

    /// Kebab-case name, e.g. `"hugging-face"`, `"oci"`, `"s3"` (matches the serde form).
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::HuggingFace => "hugging-face",
            Ecosystem::Oci => "oci",
            Ecosystem::S3 => "s3",
            Ecosystem::Gcs => "gcs",
            Ecosystem::AzureBlob => "azure-blob",
            Ecosystem::AzureMl => "azure-ml",
            Ecosystem::Mlflow => "mlflow",
            Ecosystem::Wandb => "wandb",
            Ecosystem::Dvc => "dvc",
            Ecosystem::Ollama => "ollama",
            Ecosystem::Sagemaker => "sagemaker",
            Ecosystem::Bedrock => "bedrock",
            Ecosystem::OpenAi => "open-ai",
            Ecosystem::Anthropic => "anthropic",
            Ecosystem::VertexAi => "vertex-ai",
            Ecosystem::AzureOpenAi => "azure-open-ai",
            Ecosystem::Kserve => "kserve",
            Ecosystem::Git => "git",
            Ecosystem::Pip => "pip",
            Ecosystem::Digest => "digest",
            Ecosystem::Generic => "generic",
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The normalised token that pins content. Two references denote the same content iff their
/// identities are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Identity {
    /// A content digest. `algorithm` is lowercase (`sha256`, `sha512`, `md5`, `sha1`, ...) or
    /// `hex` for a bare hex run of non-standard length; `hex` is lowercase. Also used for short
    /// digests so a short digest used consistently still matches itself.
    Digest {
        /// Lowercase algorithm name, or `hex` for a bare hex run.
        algorithm: String,
        /// Lowercase hex.
        hex: String,
    },
    /// A git commit: lowercase hex, 40 or 64 digits (or 7..=39 for a weak short SHA).
    Commit {
        /// Lowercase hex SHA.
        sha: String,
    },
    /// A version record in a registry, e.g. `("mlflow", "fraud-detector", "14")`.
    Version {
        /// Registry kind: `mlflow`, `mlflow-run`, `azureml`, `wandb`, `sagemaker`, `vertex`, `pip`.
        registry: String,
        /// Registered name (package group ARN, model resource name, ...).
        name: String,
        /// Version number or id.
        version: String,
    },
    /// An object-store version: S3 `versionId`, GCS generation, Azure blob version / snapshot.
    ObjectVersion {
        /// `s3`, `gcs` or `azure-blob`.
        store: String,
        /// `bucket/key` (Azure: `account/container/blob`).
        path: String,
        /// The version id (Azure snapshots are prefixed `snapshot:`).
        version: String,
    },
    /// A provider-held model pinned by the provider's dated or versioned id.
    ProviderModel {
        /// `openai`, `bedrock`, `vertex`, `azure-openai`.
        provider: String,
        /// The pinned model id, e.g. `gpt-4o-2024-08-06`.
        model: String,
    },
}

impl Identity {
    /// Canonical string form: `sha256:<hex>`, `git:<sha>`, `mlflow:fraud-detector/14`,
    /// `s3:bucket/key#<versionId>`, `openai:gpt-4o-2024-08-06`.
    pub fn token(&self) -> String {
        match self {
            Identity::Digest { algorithm, hex } => format!("{algorithm}:{hex}"),
            Identity::Commit { sha } => format!("git:{sha}"),
            Identity::Version {
                registry,
                name,
                version,
            } => format!("{registry}:{name}/{version}"),
            Identity::ObjectVersion {
                store,
                path,
                version,
            } => format!("{store}:{path}#{version}"),
            Identity::ProviderModel { provider, model } => format!("{provider}:{model}"),
        }
    }

    pub(crate) fn digest(algorithm: &str, hex: &str) -> Identity {
        Identity::Digest {
            algorithm: algorithm.to_ascii_lowercase(),
            hex: hex.to_ascii_lowercase(),
        }
    }

    pub(crate) fn commit(sha: &str) -> Identity {
        Identity::Commit {
            sha: sha.to_ascii_lowercase(),
        }
    }

    pub(crate) fn version(registry: &str, name: &str, version: &str) -> Identity {
        Identity::Version {
            registry: registry.to_owned(),
            name: name.to_owned(),
            version: version.to_owned(),
        }
    }

    pub(crate) fn object(store: &str, path: &str, version: &str) -> Identity {
        Identity::ObjectVersion {
            store: store.to_owned(),
            path: path.to_owned(),
            version: version.to_owned(),
        }
    }

    pub(crate) fn provider(provider: &str, model: &str) -> Identity {
        Identity::ProviderModel {
            provider: provider.to_owned(),
            model: model.to_owned(),
        }
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.token())
    }
}

/// The verdict on one reference string.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Classification {
    /// Immutable, weak or mutable.
    pub class: Class,
    /// The ecosystem the reference was read as.
    pub ecosystem: Ecosystem,
    /// One short sentence naming the moving (or pinning) part.
    pub reason: String,
    /// The normalised identity: `Some` for immutable references and for weak ones that still
    /// carry a token (short SHA, dated provider id, digest embedded in a path, uppercase hex).
    pub identity: Option<Identity>,
    /// True for provider-pinned dated/versioned model ids (class weak, reason says
    /// "provider-pinned"), so a gate can accept them for API-only models.
    pub provider_pinned: bool,
}

impl Classification {
    pub(crate) fn new(
        class: Class,
        ecosystem: Ecosystem,
        reason: impl Into<String>,
        identity: Option<Identity>,
    ) -> Self {
        Classification {
            class,
            ecosystem,
            reason: reason.into(),
            identity,
            provider_pinned: false,
        }
    }

    pub(crate) fn mutable(ecosystem: Ecosystem, reason: impl Into<String>) -> Self {
        Self::new(Class::Mutable, ecosystem, reason, None)
    }

    pub(crate) fn weak(
        ecosystem: Ecosystem,
        reason: impl Into<String>,
        id: Option<Identity>,
    ) -> Self {
        Self::new(Class::Weak, ecosystem, reason, id)
    }

    pub(crate) fn immutable(ecosystem: Ecosystem, reason: impl Into<String>, id: Identity) -> Self {
        Self::new(Class::Immutable, ecosystem, reason, Some(id))
    }

    pub(crate) fn pinned(ecosystem: Ecosystem, reason: impl Into<String>, id: Identity) -> Self {
        Classification {
            provider_pinned: true,
            ..Self::new(Class::Weak, ecosystem, reason, Some(id))
        }
    }

    pub(crate) fn with_ecosystem(mut self, ecosystem: Ecosystem) -> Self {
        self.ecosystem = ecosystem;
        self
    }
}

/// Classify a reference string from its text alone.
///
/// Surrounding whitespace is ignored. Empty, placeholder and templated values (`${X}`,
/// `{{ x }}`, `<digest>`) are mutable: the classifier fails closed.
pub fn classify(text: &str) -> Classification {
    let s = text.trim();
    let sh = Shape::of(s);
    if let Some(c) = generic::placeholder(s, sh.template) {
        return c;
    }
    dispatch(s, &sh)
}

/// Classify with a context hint: the caller knows the ecosystem (e.g. a record says
/// `provider: openai`), so `gpt-4o` is read as an OpenAI alias rather than guessed at.
/// Text the hinted ecosystem cannot read falls back to [`classify`].
pub fn classify_as(text: &str, hint: Ecosystem) -> Classification {
    let s = text.trim();
    let sh = Shape::of(s);
    if let Some(c) = generic::placeholder(s, sh.template) {
        return c.with_ecosystem(hint);
    }
    let forced = match hint {
        Ecosystem::HuggingFace => hf::forced(s),
        Ecosystem::Oci => oci::forced(s),
        Ecosystem::S3 => s3::forced(s),
        Ecosystem::Gcs => gcs::forced(s),
        Ecosystem::AzureBlob => azure_blob::forced(s),
        Ecosystem::AzureMl => azureml::forced(s),
        Ecosystem::Mlflow => mlflow::forced(s),
        Ecosystem::Wandb => wandb::forced(s),
        Ecosystem::Dvc => dvc::forced(s),
        Ecosystem::Ollama => ollama::forced(s),
        Ecosystem::Sagemaker => sagemaker::forced(s),
        Ecosystem::Bedrock => bedrock::forced(s),
        Ecosystem::OpenAi => openai::forced(s),
        Ecosystem::Anthropic => anthropic::forced(s),
        Ecosystem::VertexAi => vertex::forced(s),
        Ecosystem::AzureOpenAi => azure_openai::forced(s),
        Ecosystem::Kserve => kserve::forced(s),
        Ecosystem::Git => git::forced(s),
        Ecosystem::Pip => pip::forced(s),
        Ecosystem::Digest => digest::forced(s),
        Ecosystem::Generic => None,
    };
    forced.unwrap_or_else(|| dispatch(s, &sh))
}

/// Guess the ecosystem from the text and classify. `s` is trimmed and not a placeholder.
fn dispatch(s: &str, sh: &Shape) -> Classification {
    if let Some(c) = by_scheme(s) {
        return c;
    }
    if s.starts_with("git@") {
        return git::classify_url(s);
    }
    if sagemaker::parse_arn(s).is_some() {
        return sagemaker::detect(s)
            .or_else(|| s3::detect(s))
            .or_else(|| bedrock::detect(s))
            .unwrap_or_else(|| {
                let service = sagemaker::parse_arn(s).map_or("", |a| a[1]);
                Classification::mutable(
                    Ecosystem::Generic,
                    format!("{} ARN does not name a versioned model", scan::q(service)),
                )
            });
    }
    // One pass over the bytes decides which detectors can possibly match; each detector is
    // still exact on its own, the shape only skips work.
    let bare = sh.slashes == 0 && !sh.space;
    let tries: [(bool, Detector); 11] = [
        (
            sh.colon || sh.space || sh.slashes > 0 || sh.word,
            azure_openai::detect,
        ),
        (sh.colon && sh.space, dvc::detect),
        (!sh.space, digest::detect),
        (sh.op || sh.space, pip::detect),
        (bare && sh.dot, bedrock::detect),
        (
            bare || s.starts_with("projects/") || s.starts_with("publishers/"),
            vertex::detect,
        ),
        (bare || s.starts_with("openai"), openai::detect),
        (bare || s.starts_with("anthropic"), anthropic::detect),
        (bare || s.starts_with("refs/"), git::detect),
        (sh.slashes == 2 && sh.colon, wandb::detect),
        (sh.slashes >= 1 && !sh.space, hf::detect),
    ];
    for (possible, check) in tries {
        if possible {
            if let Some(c) = check(s) {
                return c;
            }
        }
    }
    if !sh.space {
        if let Some(c) = oci::detect(s) {
            return c;
        }
    }
    generic::classify(s)
}

/// An ecosystem detector: `Some` if it recognises the whole string.
type Detector = fn(&str) -> Option<Classification>;

/// Cheap facts about a string, gathered in one pass, used to skip impossible detectors.
struct Shape {
    slashes: usize,
    colon: bool,
    dot: bool,
    space: bool,
    /// Contains a version-specifier character (`=`, `<`, `>`, `~`, `!`).
    op: bool,
    /// Only ASCII letters and digits (policy words, branch names, labels).
    word: bool,
    /// Contains `$`, `{`, `}` or `<`, so it may be a template.
    template: bool,
}

/// Per-byte flags for [`Shape::of`].
const F_COLON: u8 = 1;
const F_DOT: u8 = 2;
const F_SPACE: u8 = 4;
const F_OP: u8 = 8;
const F_TEMPLATE: u8 = 16;
const F_WORD: u8 = 32;

/// Byte -> flags table, built at compile time.
static FLAGS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b':' => F_COLON,
            b'.' => F_DOT,
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => F_SPACE,
            b'<' => F_OP | F_TEMPLATE,
            b'=' | b'>' | b'~' | b'!' => F_OP,
            b'$' | b'{' | b'}' => F_TEMPLATE,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => F_WORD,
            _ => 0,
        };
        i += 1;
    }
    t
};

impl Shape {
    /// One branch-free pass: OR the flags of every byte, AND the word flag, count `/`.
    fn of(s: &str) -> Shape {
        let mut any = 0u8;
        let mut all = F_WORD;
        let mut slashes = 0usize;
        for &b in s.as_bytes() {
            let f = FLAGS[b as usize];
            any |= f;
            all &= f;
            slashes += usize::from(b == b'/');
        }
        Shape {
            slashes,
            colon: any & F_COLON != 0,
            dot: any & F_DOT != 0,
            space: any & F_SPACE != 0,
            op: any & F_OP != 0,
            word: all & F_WORD != 0,
            template: any & F_TEMPLATE != 0,
        }
    }
}

/// References with an explicit URL scheme (`hf://`, `s3://`, `models:/`, `azureml:` ...).
/// The scheme is read once into a small lowercase buffer and matched, instead of trying every
/// prefix in turn.
fn by_scheme(s: &str) -> Option<Classification> {
    const MAX: usize = 20;
    let b = s.as_bytes();
    let mut scheme = [0u8; MAX];
    let mut i = 0;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'+' | b'.' | b'-')) {
        if i == MAX {
            return None;
        }
        scheme[i] = b[i].to_ascii_lowercase();
        i += 1;
    }
    if i == 0 || b.get(i) != Some(&b':') {
        return None;
    }
    let rest = s.get(i + 1..)?;
    let slashed = rest.strip_prefix("//");
    let c = match (&scheme[..i], slashed) {
        (b"hf" | b"huggingface", Some(r)) => hf::classify_uri(r),
        (b"oci" | b"docker", Some(r)) => oci::classify_ref(r, Ecosystem::Oci),
        (b"ollama", Some(r)) => ollama::classify_ref(r),
        (b"s3" | b"s3a", Some(r)) => s3::classify_uri(r),
        (b"gs", Some(r)) => gcs::classify_uri(r),
        (b"azureml", _) => return azureml::detect(s),
        (b"models" | b"runs" | b"mlflow-artifacts", _) => return mlflow::detect(s),
        (b"wandb-artifact" | b"wandb", Some(r)) => wandb::classify_path(r.trim_start_matches('/')),
        (b"dvc", Some(r)) => dvc::classify_uri(r),
        (b"pvc", Some(r)) => kserve::classify_pvc(r),
        (b"git", Some(_)) => git::classify_url(s),
        (sch, Some(_)) if sch.starts_with(b"git+") => git::classify_url(s),
        (b"abfss" | b"abfs" | b"wasbs" | b"wasb" | b"az", Some(_)) => azure_blob::classify_other(s),
        (b"https" | b"http", Some(r)) => classify_http(s, r),
        _ => return None,
    };
    Some(c)
}

/// `http(s)://` URLs: route by host.
fn classify_http(full: &str, rest: &str) -> Classification {
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest.get(..host_end).unwrap_or(rest);
    let after = rest.get(host_end..).unwrap_or("");
    let host_l = host.to_ascii_lowercase();
    let host_l = host_l.rsplit('@').next().unwrap_or("");
    if host_l == "huggingface.co" || host_l == "www.huggingface.co" || host_l == "hf.co" {
        return hf::classify_url(after.trim_start_matches('/'));
    }
    if let Some(c) = s3::classify_http(host_l, after) {
        return c;
    }
    if host_l == "storage.googleapis.com" || host_l == "storage.cloud.google.com" {
        return gcs::classify_uri(after.trim_start_matches('/'));
    }
    if host_l.ends_with(".blob.core.windows.net") || host_l.ends_with(".dfs.core.windows.net") {
        return azure_blob::classify_http(host_l, after);
    }
    if host_l == "ollama.com" || host_l == "registry.ollama.ai" {
        return ollama::classify_ref(rest);
    }
    if host_l == "github.com" || host_l == "gitlab.com" || host_l == "bitbucket.org" {
        return git::classify_web(full, after);
    }
    if let Some(c) = generic::embedded(full) {
        return c;
    }
    Classification::mutable(
        Ecosystem::Generic,
        "a plain URL serves whatever is there when fetched",
    )
}

/// All digests, commit SHAs and identity tokens that appear anywhere inside `text`, in order
/// of first appearance, without duplicates.
///
/// The whole-string [`classify`] identity (if any) comes first; then a scan of the text:
/// `sha256:ABC`, `sha256-abc`, `@sha256:abc`, `sha256=abc` and a bare 64-hex all yield
/// `Digest{sha256, abc}`; a bare 128-hex yields `Digest{sha512}`; a bare 40-hex yields
/// `Commit`; any other bare hex run of 7..=127 digits that mixes digits and letters `a-f`
/// yields `Digest{algorithm: "hex"}`. A prefixed digest shorter than its algorithm's full
/// length yields both `Digest{<alg>, hex}` and `Digest{"hex", hex}` so a short prefixed
/// digest binds to the same short hex written bare.
pub fn identities_in(text: &str) -> Vec<Identity> {
    let mut out = Vec::new();
    if let Some(id) = classify(text).identity {
        out.push(id);
    }
    scan::scan_identities(text, &mut out);
    let mut seen = HashSet::with_capacity(out.len());
    out.retain(|id| seen.insert(id.clone()));
    out
}

/// True for values that mean "no reference yet": empty or whitespace, `null`, `~`, `none`,
/// `tbd`, `todo`, `n/a`, `unknown`, `<digest>`, `${VAR}`, `{{ x }}`, `xxx`, `changeme`,
/// `placeholder` and similar. Case-, `-`- and `_`-insensitive.
pub fn is_placeholder(text: &str) -> bool {
    generic::is_placeholder(text)
}
