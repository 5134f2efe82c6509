//! The documented reference forms: one example per form, with the class it must get.
//! `tests/refs_docs.rs` checks every example and renders `docs/references.md` from this table.

use super::{Class, Ecosystem};

/// One documented reference form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    /// The ecosystem the example belongs to.
    pub ecosystem: Ecosystem,
    /// A realistic example of the form.
    pub example: &'static str,
    /// The class [`super::classify`] gives the example.
    pub class: Class,
    /// What the form is, in a few words.
    pub note: &'static str,
}

/// Shorthand for the table below.
const fn f(ecosystem: Ecosystem, example: &'static str, class: Class, note: &'static str) -> Form {
    Form {
        ecosystem,
        example,
        class,
        note,
    }
}

use Class::{Immutable, Mutable, Weak};
use Ecosystem as E;

static FORMS: &[Form] = &[
    f(
        E::HuggingFace,
        "meta-llama/Llama-3.1-8B",
        Mutable,
        "repo without revision",
    ),
    f(
        E::HuggingFace,
        "meta-llama/Llama-3.1-8B@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        Immutable,
        "repo at full commit",
    ),
    f(
        E::HuggingFace,
        "meta-llama/Llama-3.1-8B@main",
        Mutable,
        "repo at branch",
    ),
    f(
        E::HuggingFace,
        "meta-llama/Llama-3.1-8B@a9e1c4b",
        Weak,
        "repo at short commit",
    ),
    f(
        E::HuggingFace,
        "meta-llama/Llama-3.1-8B@v1.0",
        Weak,
        "repo at version tag",
    ),
    f(
        E::HuggingFace,
        "hf://datasets/org/name@refs/pr/3",
        Mutable,
        "pull-request ref",
    ),
    f(
        E::HuggingFace,
        "hf://datasets/org/name@refs%2Fconvert%2Fparquet",
        Mutable,
        "bot-converted branch",
    ),
    f(
        E::HuggingFace,
        "hf://org/name",
        Mutable,
        "`hf://` without revision",
    ),
    f(
        E::HuggingFace,
        "hf://org/name:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        Immutable,
        "KServe `hf://org/name:<rev>`",
    ),
    f(
        E::HuggingFace,
        "https://huggingface.co/org/name/resolve/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/model.safetensors",
        Immutable,
        "resolve URL at commit",
    ),
    f(
        E::HuggingFace,
        "https://huggingface.co/org/name/blob/main/config.json",
        Mutable,
        "blob URL at branch",
    ),
    f(
        E::HuggingFace,
        "https://huggingface.co/org/name/tree/v2.0",
        Weak,
        "tree URL at tag",
    ),
    f(
        E::Oci,
        "ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        Immutable,
        "image by digest",
    ),
    f(
        E::Oci,
        "ghcr.io/org/app:2.4.1@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        Immutable,
        "tag plus digest: digest decides",
    ),
    f(E::Oci, "ghcr.io/org/app:2.4.1", Weak, "version tag"),
    f(E::Oci, "ghcr.io/org/app:latest", Mutable, "`latest` tag"),
    f(
        E::Oci,
        "localhost:5000/app",
        Mutable,
        "no tag (port is not a tag)",
    ),
    f(E::Oci, "ghcr.io/org/app:stable", Mutable, "moving tag word"),
    f(
        E::Oci,
        "ghcr.io/org/app@sha256:3B2F2C1F7E9C4A5D8B6E0F1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D",
        Weak,
        "uppercase digest",
    ),
    f(
        E::Oci,
        "ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1",
        Mutable,
        "wrong-length digest",
    ),
    f(
        E::Oci,
        "oci://registry.example.com/models/llm:1.0",
        Weak,
        "`oci://` prefix",
    ),
    f(
        E::S3,
        "s3://bucket/models/fraud/model.tar.gz",
        Mutable,
        "key without versionId",
    ),
    f(
        E::S3,
        "s3://bucket/models/fraud/model.tar.gz?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
        Immutable,
        "key with versionId",
    ),
    f(E::S3, "s3://bucket/models/fraud/", Mutable, "prefix"),
    f(
        E::S3,
        "s3://bucket/models/fraud/latest",
        Mutable,
        "`latest` key",
    ),
    f(
        E::S3,
        "s3://mirror/sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d/model.safetensors",
        Weak,
        "digest embedded in key",
    ),
    f(
        E::S3,
        "https://bucket.s3.us-east-1.amazonaws.com/m/model.bin?versionId=abc123",
        Immutable,
        "virtual-hosted URL with versionId",
    ),
    f(
        E::Gcs,
        "gs://bucket/models/model.pt#1712345678901234",
        Immutable,
        "generation fragment",
    ),
    f(
        E::Gcs,
        "gs://bucket/models/model.pt?generation=1712345678901234",
        Immutable,
        "generation query",
    ),
    f(
        E::Gcs,
        "gs://bucket/models/model.pt",
        Mutable,
        "no generation",
    ),
    f(
        E::AzureBlob,
        "https://acct.blob.core.windows.net/models/model.onnx?versionid=2024-05-01T10:00:00.0000000Z",
        Immutable,
        "versionid",
    ),
    f(
        E::AzureBlob,
        "https://acct.blob.core.windows.net/models/model.onnx?snapshot=2024-05-01T10:00:00.0000000Z",
        Immutable,
        "snapshot",
    ),
    f(
        E::AzureBlob,
        "https://acct.blob.core.windows.net/models/model.onnx",
        Mutable,
        "no version",
    ),
    f(
        E::AzureMl,
        "azureml://registries/shared/models/fraud/versions/3",
        Immutable,
        "registry model version",
    ),
    f(
        E::AzureMl,
        "azureml://registries/shared/models/fraud/labels/latest",
        Mutable,
        "label",
    ),
    f(
        E::AzureMl,
        "azureml:fraud:3",
        Immutable,
        "short form `name:version`",
    ),
    f(
        E::AzureMl,
        "azureml:fraud@latest",
        Mutable,
        "short form `name@label`",
    ),
    f(
        E::Mlflow,
        "models:/fraud-detector/14",
        Immutable,
        "registry version",
    ),
    f(
        E::Mlflow,
        "models:/fraud-detector@champion",
        Mutable,
        "alias",
    ),
    f(
        E::Mlflow,
        "models:/fraud-detector/Production",
        Mutable,
        "stage",
    ),
    f(
        E::Mlflow,
        "models:/fraud-detector/latest",
        Mutable,
        "`latest`",
    ),
    f(
        E::Mlflow,
        "runs:/0123456789abcdef0123456789abcdef/model",
        Immutable,
        "run artifact",
    ),
    f(
        E::Wandb,
        "acme/fraud/detector:v3",
        Immutable,
        "artifact version",
    ),
    f(
        E::Wandb,
        "acme/fraud/detector:latest",
        Mutable,
        "`latest` alias",
    ),
    f(
        E::Wandb,
        "wandb-artifact://acme/fraud/detector:prod",
        Mutable,
        "custom alias",
    ),
    f(
        E::Dvc,
        "md5: d41d8cd98f00b204e9800998ecf8427e",
        Weak,
        "`.dvc` md5",
    ),
    f(
        E::Dvc,
        "dvc://github.com/org/data@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/data/train.csv",
        Immutable,
        "`dvc://` at commit",
    ),
    f(
        E::Dvc,
        "dvc://github.com/org/data/data/train.csv",
        Mutable,
        "`dvc://` without revision",
    ),
    f(E::Ollama, "ollama://llama3:8b", Weak, "version-like tag"),
    f(E::Ollama, "ollama://llama3", Mutable, "no tag"),
    f(E::Ollama, "ollama://llama3:latest", Mutable, "`latest`"),
    f(
        E::Ollama,
        "ollama://llama3@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        Immutable,
        "digest",
    ),
    f(
        E::Sagemaker,
        "arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3",
        Immutable,
        "package version",
    ),
    f(
        E::Sagemaker,
        "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/fraud",
        Mutable,
        "package group",
    ),
    f(
        E::Sagemaker,
        "arn:aws:sagemaker:us-east-1:123456789012:model/fraud",
        Mutable,
        "model name",
    ),
    f(
        E::Sagemaker,
        "arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud",
        Mutable,
        "endpoint",
    ),
    f(
        E::Bedrock,
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        Weak,
        "versioned model id (provider-pinned)",
    ),
    f(
        E::Bedrock,
        "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
        Weak,
        "cross-region inference profile (provider-pinned)",
    ),
    f(
        E::Bedrock,
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
        Weak,
        "inference-profile ARN (provider-pinned)",
    ),
    f(
        E::Bedrock,
        "anthropic.claude-3-5-sonnet",
        Mutable,
        "model id without version",
    ),
    f(
        E::Bedrock,
        "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123xyz",
        Mutable,
        "provisioned throughput",
    ),
    f(
        E::Bedrock,
        "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/a1b2c3d4e5f6",
        Immutable,
        "custom model",
    ),
    f(
        E::OpenAi,
        "gpt-4o-2024-08-06",
        Weak,
        "dated snapshot (provider-pinned)",
    ),
    f(
        E::OpenAi,
        "gpt-4-0613",
        Weak,
        "MMDD snapshot (provider-pinned)",
    ),
    f(E::OpenAi, "gpt-4o", Mutable, "alias"),
    f(E::OpenAi, "chatgpt-4o-latest", Mutable, "`-latest` alias"),
    f(E::OpenAi, "o1", Mutable, "alias"),
    f(
        E::Anthropic,
        "claude-3-5-sonnet-20241022",
        Weak,
        "dated snapshot (provider-pinned)",
    ),
    f(
        E::Anthropic,
        "anthropic/claude-sonnet-4-20250514",
        Weak,
        "dated snapshot with a route prefix",
    ),
    f(
        E::Anthropic,
        "claude-3-5-sonnet-latest",
        Mutable,
        "`-latest` alias",
    ),
    f(
        E::Anthropic,
        "claude-sonnet-4-0",
        Mutable,
        "alias without a date",
    ),
    f(
        E::VertexAi,
        "projects/p/locations/us-central1/models/fraud@3",
        Immutable,
        "registry version",
    ),
    f(
        E::VertexAi,
        "projects/p/locations/us-central1/models/fraud@default",
        Mutable,
        "version alias",
    ),
    f(
        E::VertexAi,
        "publishers/google/models/gemini-1.5-pro-002",
        Weak,
        "publisher model version (provider-pinned)",
    ),
    f(
        E::VertexAi,
        "gemini-2.0-flash-001",
        Weak,
        "versioned id (provider-pinned)",
    ),
    f(E::VertexAi, "gemini-1.5-pro", Mutable, "id without version"),
    f(
        E::VertexAi,
        "claude-3-5-sonnet@20240620",
        Weak,
        "Claude on Vertex (provider-pinned)",
    ),
    f(
        E::AzureOpenAi,
        "gpt-4o:2024-08-06",
        Weak,
        "model:version (provider-pinned)",
    ),
    f(
        E::AzureOpenAi,
        "gpt-4o (2024-08-06)",
        Weak,
        "model (version) (provider-pinned)",
    ),
    f(
        E::AzureOpenAi,
        "OnceNewDefaultVersionAvailable",
        Mutable,
        "auto-upgrade policy",
    ),
    f(
        E::AzureOpenAi,
        "OnceCurrentVersionExpired",
        Mutable,
        "auto-upgrade policy",
    ),
    f(
        E::AzureOpenAi,
        "NoAutoUpgrade",
        Weak,
        "policy value, not a version",
    ),
    f(E::Kserve, "pvc://model-store/fraud/v3", Mutable, "PVC path"),
    f(
        E::Git,
        "a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        Immutable,
        "full commit SHA",
    ),
    f(
        E::Git,
        "git+https://github.com/org/repo.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        Immutable,
        "URL at commit",
    ),
    f(E::Git, "main", Mutable, "branch"),
    f(E::Git, "refs/heads/release", Mutable, "branch ref"),
    f(E::Git, "refs/tags/v1.2.0", Weak, "tag ref"),
    f(E::Git, "v1.2.3", Weak, "version tag"),
    f(E::Git, "HEAD", Mutable, "relative ref"),
    f(
        E::Git,
        "https://github.com/org/repo/commit/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        Immutable,
        "forge commit URL",
    ),
    f(
        E::Pip,
        "torch==2.3.1 --hash=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        Immutable,
        "pinned with hash",
    ),
    f(E::Pip, "torch==2.3.1", Weak, "pinned without hash"),
    f(E::Pip, "torch>=2", Mutable, "range"),
    f(
        E::Pip,
        "mylib @ git+https://github.com/org/mylib.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        Immutable,
        "direct git ref at commit",
    ),
    f(
        E::Digest,
        "sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        Immutable,
        "sha256",
    ),
    f(
        E::Digest,
        "sha512:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3",
        Immutable,
        "sha512",
    ),
    f(
        E::Digest,
        "3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        Immutable,
        "bare 64-hex (sha256)",
    ),
    f(
        E::Digest,
        "sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        Immutable,
        "dash form",
    ),
    f(
        E::Digest,
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        Weak,
        "md5",
    ),
    f(
        E::Digest,
        "sha1:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        Weak,
        "sha1",
    ),
    f(
        E::Digest,
        "sha256:3B2F2C1F7E9C4A5D8B6E0F1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D",
        Weak,
        "uppercase hex",
    ),
    f(
        E::Digest,
        "sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1",
        Mutable,
        "wrong length",
    ),
    f(E::Digest, "3b2f2c1f7e9c", Weak, "short hex"),
    f(E::Generic, "", Mutable, "empty"),
    f(E::Generic, "TBD", Mutable, "placeholder"),
    f(E::Generic, "${MODEL_DIGEST}", Mutable, "template"),
    f(E::Generic, "<digest>", Mutable, "template"),
    f(E::Generic, "latest", Mutable, "moving word"),
    f(E::Generic, "production", Mutable, "moving word"),
    f(E::Generic, "42", Weak, "bare version number"),
    f(
        E::Generic,
        "model-sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        Weak,
        "digest embedded in a name",
    ),
    f(E::Generic, "my-model", Mutable, "unrecognised"),
];

/// Every documented form, grouped by ecosystem (the source of `docs/references.md`).
pub fn documented_forms() -> &'static [Form] {
    FORMS
}
