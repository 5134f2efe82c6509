//! Artifact reference classifier: does a reference pin exact content, or can it move?
//!
//! [`classify`] looks at one reference string (an image, a model id, an object-store key, a
//! registry version, a commit, a digest ...) and says whether it is **immutable** (it can only
//! ever denote the same bytes), **weak** (it usually does, but only by convention or trust in a
//! provider) or **mutable** (it can be re-pointed; empty and placeholder values fail closed).
//! [`identities_in`] extracts normalised identity tokens so that stages which mention the same
//! content in different spellings can be bound together. See `docs/references.md`.
//!
//! Each ecosystem lives in one file that declares itself once (`SPEC`: the schemes, hosts, ARN
//! services and prefixes it claims, how it guesses unclaimed text, its documented forms with
//! the class each must get and the page that says so); `registry.rs` builds dispatch from those
//! declarations, `docs.rs` renders `docs/references.md` and `skillgate ref --list` from them,
//! and the `ecosystems!` list below names every file. Placeholders are found first, in any
//! position (`placeholder.rs`).
//!
//! Everything here works on ASCII bytes with hand-written scanners: no regex, no allocation
//! proportional to anything but the output, linear time on any input, never a panic.

mod docs;
mod placeholder;
mod registry;
mod scan;

use std::collections::HashSet;
use std::fmt;

pub use docs::{classify_form, list_text, markdown};
pub use registry::{Claim, Form, On, Source, Spec, claims, guess_order, specs};

/// Declares the ecosystems: each line is one ecosystem's doc, enum variant and file (whose
/// `SPEC` declares everything else). The order is the order of `Ecosystem::ALL`, of
/// `skillgate ref --list` and of `docs/references.md`; guessing order is each spec's `rank`.
macro_rules! ecosystems {
    ($( $(#[doc = $doc:literal])* $variant:ident => $module:ident, )*) => {
        $( mod $module; )*

        /// The system a reference belongs to. Declared by the registry in `src/refs/mod.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Ecosystem {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Ecosystem {
            /// Every ecosystem, in registry order.
            pub const ALL: [Ecosystem; [$(stringify!($variant)),*].len()] = [$(Ecosystem::$variant),*];

            /// What the ecosystem declares about itself.
            pub fn spec(self) -> &'static Spec {
                match self {
                    $( Ecosystem::$variant => &$module::SPEC, )*
                }
            }
        }
    };
}

ecosystems! {
    /// Package URLs (`pkg:type/namespace/name@version`), the identifiers SBOMs and SLSA use.
    Purl => purl,
    /// Hugging Face Hub repositories (`org/name`, `hf://`, `huggingface.co` URLs).
    HuggingFace => hf,
    /// OCI / Docker images.
    Oci => oci,
    /// Amazon S3 objects.
    S3 => s3,
    /// Google Cloud Storage objects.
    Gcs => gcs,
    /// Azure Blob Storage objects.
    AzureBlob => azure_blob,
    /// Azure Machine Learning registry and workspace assets, and their ARM resource ids.
    AzureMl => azureml,
    /// MLflow model registry and run artifacts.
    Mlflow => mlflow,
    /// Weights & Biases artifacts.
    Wandb => wandb,
    /// DVC-tracked data (`.dvc` / `dvc.lock` entries, `dvc get|import --rev`, `dvc://`).
    Dvc => dvc,
    /// Ollama models.
    Ollama => ollama,
    /// Amazon SageMaker ARNs.
    Sagemaker => sagemaker,
    /// Amazon Bedrock model ids and ARNs.
    Bedrock => bedrock,
    /// OpenAI API model ids.
    OpenAi => openai,
    /// Anthropic API model ids (`claude-3-5-sonnet-20241022` vs `claude-3-5-sonnet-latest`).
    Anthropic => anthropic,
    /// Google Vertex AI models and publisher models.
    VertexAi => vertex,
    /// Azure OpenAI deployments (model + version, upgrade policy).
    AzureOpenAi => azure_openai,
    /// KServe `storageUri` schemes of its own (`pvc://`, `oci+native://`, `oci+fetch://`).
    Kserve => kserve,
    /// BentoML Bento and model tags (`name:version`).
    Bentoml => bentoml,
    /// Git commits, branches and tags.
    Git => git,
    /// Python requirements (`pkg==1.2.3 --hash=...`).
    Pip => pip,
    /// A bare content digest (`sha256:...`, bare hex) or digest set (`{"sha256": "..."}`).
    Digest => digest,
    /// Anything else: words, numbers, placeholders, unrecognised strings.
    Generic => generic,
}

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

impl Ecosystem {
    /// Kebab-case name, e.g. `"hugging-face"`, `"oci"`, `"s3"` (matches the serde form).
    pub fn as_str(self) -> &'static str {
        self.spec().id
    }

    /// The ecosystem whose id is `id` (`"hugging-face"`, `"purl"` …).
    pub fn from_id(id: &str) -> Option<Ecosystem> {
        Ecosystem::ALL.into_iter().find(|e| e.as_str() == id)
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
    /// One short sentence naming which part pins and which part can move. Placeholders always
    /// start with `placeholder`.
    pub reason: String,
    /// The normalised identity: `Some` for immutable references and for weak ones that still
    /// carry a token (short SHA, dated provider id, digest embedded in a path, uppercase hex).
    pub identity: Option<Identity>,
    /// True for provider-pinned dated/versioned model ids (class weak, reason says
    /// "provider-pinned"), so a gate can accept them for API-only models.
    pub provider_pinned: bool,
    /// True when the reference names a repository, model, package or object but carries no
    /// version at all (`hf://org/model`, `org/model`, `gpt-4o`, `pkg:pypi/torch`,
    /// `models:/fraud`, `s3://bucket/key`, `ghcr.io/org/app`): a separate pin field of the same
    /// record (`revision:`, `version:`, `digest:`) can complete it. False when a version
    /// position is filled, even with a moving value (`@main`, `:latest`, `@champion`): an
    /// explicit moving pin is not completed by another field.
    pub locator: bool,
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
            locator: false,
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

    /// Marks a reference that names something but carries no version (see [`Self::locator`]).
    pub(crate) fn locator(mut self) -> Self {
        self.locator = true;
        self
    }

    pub(crate) fn with_ecosystem(mut self, ecosystem: Ecosystem) -> Self {
        self.ecosystem = ecosystem;
        self
    }

    /// Prefix the reason (`pkg:pypi: …`), keeping a leading `placeholder` first.
    pub(crate) fn prefixed(mut self, prefix: &str) -> Self {
        if !self.reason.starts_with("placeholder") {
            self.reason = format!("{prefix}{}", self.reason);
        }
        self
    }
}

/// Classify a reference string from its text alone.
///
/// Surrounding whitespace is ignored. Empty values and placeholders in any position (`${X}`,
/// `{{ x }}`, `<digest>`, `org/model@TODO`, `versionId=CHANGEME`) are mutable with a reason that
/// starts with `placeholder`: the classifier fails closed before any ecosystem parse.
pub fn classify(text: &str) -> Classification {
    let s = text.trim();
    if let Some(p) = placeholder::find(s) {
        return Classification::mutable(Ecosystem::Generic, p.reason(s));
    }
    registry::dispatch(s)
}

/// Classify with a context hint: the caller knows the ecosystem (e.g. a record says
/// `provider: openai`), so `gpt-4o` is read as an OpenAI alias rather than guessed at.
/// Text the hinted ecosystem cannot read falls back to [`classify`].
pub fn classify_as(text: &str, hint: Ecosystem) -> Classification {
    let s = text.trim();
    if let Some(p) = placeholder::find(s) {
        return Classification::mutable(hint, p.reason(s));
    }
    hint.spec()
        .forced
        .and_then(|read| read(s))
        .unwrap_or_else(|| registry::dispatch(s))
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

/// True for values that mean "no reference yet", whole or in any position: empty or
/// whitespace, `null`, `~`, `none`, `TBD`, `n/a`, `unknown`, `xxx`, `changeme`, `${VAR}`,
/// `$(VAR)`, `{VERSION}`, `{{ x }}`, `#{X}#`, `<digest>`, `%X%`, `__X__`, a `TODO` / `CHANGEME` /
/// `S3_URI_FOR_…` token, an all-zero digest. Exactly the values [`classify`] calls placeholders.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    placeholder::find(t).is_some()
        // A percent-encoded placeholder (`pkg:pypi/torch@%7BVERSION%7D`) is found after decoding.
        || (t.contains('%') && classify(t).reason.starts_with("placeholder"))
}
