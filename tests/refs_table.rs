//! Table-driven acceptance test for `skillgate::refs`: every labelled reference gets the expected
//! class, ecosystem and identity token; plus no-panic property tests and a 1 MB input.

use proptest::prelude::*;
use skillgate::refs::{
    Class, Class::Immutable, Class::Mutable, Class::Weak, Ecosystem as E, Identity, classify,
    classify_as, identities_in, is_placeholder, specs,
};

/// (input, hint for `classify_as`, expected class, expected ecosystem, expected identity token).
type Row = (&'static str, Option<E>, Class, E, Option<&'static str>);

#[rustfmt::skip]
const TABLE: &[Row] = &[
    ("meta-llama/Llama-3.1-8B", None, Mutable, E::HuggingFace, None),
    ("meta-llama/Llama-3.1-8B@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("meta-llama/Llama-3.1-8B@main", None, Mutable, E::HuggingFace, None),
    ("meta-llama/Llama-3.1-8B@dev-branch", None, Mutable, E::HuggingFace, None),
    ("meta-llama/Llama-3.1-8B@a9e1c4b", None, Weak, E::HuggingFace, Some("git:a9e1c4b")),
    ("meta-llama/Llama-3.1-8B@v1.0", None, Weak, E::HuggingFace, None),
    ("meta-llama/Llama-3.1-8B@refs/pr/12", None, Mutable, E::HuggingFace, None),
    ("org/name@3B2F2C1F7E9C4A5D8B6E0F1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D", None, Weak, E::HuggingFace, Some("git:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("org/name@3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::HuggingFace, Some("git:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("bert-base-uncased/model@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("hf://org/name", None, Mutable, E::HuggingFace, None),
    ("hf://org/name@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("hf://org/name@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/weights/model.safetensors", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("hf://datasets/org/name", None, Mutable, E::HuggingFace, None),
    ("hf://datasets/org/name@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/data/train.parquet", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("hf://datasets/org/name@refs%2Fconvert%2Fparquet/default/train/0000.parquet", None, Mutable, E::HuggingFace, None),
    ("hf://datasets/org/name@refs/convert/parquet", None, Mutable, E::HuggingFace, None),
    ("hf://spaces/org/demo", None, Mutable, E::HuggingFace, None),
    ("hf://spaces/org/demo@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("hf://org/name:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("hf://org/name:main", None, Mutable, E::HuggingFace, None),
    ("huggingface://org/name", None, Mutable, E::HuggingFace, None),
    ("huggingface://org/name@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("HF://org/name@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("https://huggingface.co/org/name", None, Mutable, E::HuggingFace, None),
    ("https://huggingface.co/org/name/resolve/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/model.safetensors", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("https://huggingface.co/org/name/resolve/main/model.safetensors", None, Mutable, E::HuggingFace, None),
    ("https://huggingface.co/org/name/resolve/refs%2Fpr%2F3/model.safetensors", None, Mutable, E::HuggingFace, None),
    ("https://huggingface.co/org/name/blob/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/config.json", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("https://huggingface.co/org/name/tree/v2.0", None, Weak, E::HuggingFace, None),
    ("https://huggingface.co/org/name/tree/main", None, Mutable, E::HuggingFace, None),
    ("https://huggingface.co/datasets/org/name/resolve/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/train.csv?download=true", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("https://huggingface.co/org/name/commit/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("https://huggingface.co/org/name/resolve/a9e1c4b2/model.bin", None, Weak, E::HuggingFace, Some("git:a9e1c4b2")),
    ("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Some(E::HuggingFace), Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("main", Some(E::HuggingFace), Mutable, E::HuggingFace, None),
    ("refs/pr/1", Some(E::HuggingFace), Mutable, E::HuggingFace, None),
    ("org/name", Some(E::HuggingFace), Mutable, E::HuggingFace, None),
    ("ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("ghcr.io/org/app:2.4.1@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("ghcr.io/org/app:latest@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("ghcr.io/org/app:2.4.1", None, Weak, E::Oci, None),
    ("ghcr.io/org/app:v2", None, Weak, E::Oci, None),
    ("ghcr.io/org/app:latest", None, Mutable, E::Oci, None),
    ("ghcr.io/org/app", None, Mutable, E::Oci, None),
    ("ghcr.io/org/app:stable", None, Mutable, E::Oci, None),
    ("ghcr.io/org/app:cuda", None, Mutable, E::Oci, None),
    ("ghcr.io/org/app:sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d.sig", None, Weak, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("ghcr.io/org/app@sha256:3B2F2C1F7E9C4A5D8B6E0F1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D", None, Weak, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1", None, Mutable, E::Oci, None),
    ("ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1da", None, Mutable, E::Oci, None),
    ("ghcr.io/org/app@sha256:zz3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1", None, Mutable, E::Oci, None),
    ("ghcr.io/org/app@md5:d41d8cd98f00b204e9800998ecf8427e", None, Weak, E::Oci, Some("md5:d41d8cd98f00b204e9800998ecf8427e")),
    ("ghcr.io/org/app@sha512:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3", None, Immutable, E::Oci, Some("sha512:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3")),
    ("ghcr.io/org/app@latest", None, Mutable, E::Oci, None),
    ("localhost:5000/app", None, Mutable, E::Oci, None),
    ("localhost:5000/app:1.0", None, Weak, E::Oci, None),
    ("localhost:5000/ns/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("registry:5000/ns/img:tag", None, Mutable, E::Oci, None),
    ("registry.example.com:5000/ns/img:3.1.4", None, Weak, E::Oci, None),
    ("ubuntu:22.04", None, Weak, E::Oci, None),
    ("ubuntu:latest", None, Mutable, E::Oci, None),
    ("ubuntu@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("library/ubuntu:22.04", None, Weak, E::Oci, None),
    ("docker.io/library/ubuntu", None, Mutable, E::Oci, None),
    ("oci://registry.example.com/models/llm:1.0", None, Weak, E::Oci, None),
    ("oci://registry.example.com/models/llm@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("oci://registry.example.com/models/llm", None, Mutable, E::Oci, None),
    ("docker://ghcr.io/org/app:latest", None, Mutable, E::Oci, None),
    ("docker://ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("ghcr.io/org/app:-bad", None, Mutable, E::Oci, None),
    ("ghcr.io/org/app@sha256:0000000000000000000000000000000000000000000000000000000000000000", None, Mutable, E::Generic, None),
    ("app", Some(E::Oci), Mutable, E::Oci, None),
    ("app:1.2", Some(E::Oci), Weak, E::Oci, None),
    ("llama3:8b", None, Weak, E::Oci, None),
    ("s3://bucket/models/fraud/model.tar.gz", None, Mutable, E::S3, None),
    ("s3://bucket/models/fraud/model.tar.gz?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", None, Immutable, E::S3, Some("s3:bucket/models/fraud/model.tar.gz#3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")),
    ("s3://bucket/key?versionId=null", None, Mutable, E::S3, None),
    ("s3://bucket/key?versionId=", None, Mutable, E::S3, None),
    ("s3://bucket/key?foo=1&versionId=abc", None, Immutable, E::S3, Some("s3:bucket/key#abc")),
    ("s3://bucket/models/fraud/", None, Mutable, E::S3, None),
    ("s3://bucket", None, Mutable, E::S3, None),
    ("s3://bucket/", None, Mutable, E::S3, None),
    ("s3://bucket/models/fraud/latest", None, Mutable, E::S3, None),
    ("s3://bucket/models/fraud/current", None, Mutable, E::S3, None),
    ("s3://bucket/models/fraud/prod", None, Mutable, E::S3, None),
    ("s3://bucket/models/fraud/latest.tar.gz", None, Mutable, E::S3, None),
    ("s3://bucket/models/v14/model.tar.gz", None, Mutable, E::S3, None),
    ("s3://mirror/sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d/model.safetensors", None, Weak, E::S3, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("s3://mirror/blobs/sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Weak, E::S3, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("s3://mirror/3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d.bin", None, Weak, E::S3, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("s3://mirror/sha256-3b2f2c1f7e9c/model.safetensors", None, Mutable, E::S3, None),
    ("s3a://bucket/key", None, Mutable, E::S3, None),
    ("https://bucket.s3.amazonaws.com/key.bin", None, Mutable, E::S3, None),
    ("https://bucket.s3.amazonaws.com/key.bin?versionId=xyz", None, Immutable, E::S3, Some("s3:bucket/key.bin#xyz")),
    ("https://bucket.s3.us-east-1.amazonaws.com/m/model.bin?versionId=abc123", None, Immutable, E::S3, Some("s3:bucket/m/model.bin#abc123")),
    ("https://s3.us-west-2.amazonaws.com/bucket/m/model.bin?versionId=v1", None, Immutable, E::S3, Some("s3:bucket/m/model.bin#v1")),
    ("https://my.dotted.bucket.s3.eu-west-1.amazonaws.com/model.bin", None, Mutable, E::S3, None),
    ("arn:aws:s3:::bucket/key", None, Mutable, E::S3, None),
    ("bucket/key?versionId=abc", Some(E::S3), Immutable, E::S3, Some("s3:bucket/key#abc")),
    ("gs://bucket/models/model.pt#1712345678901234", None, Immutable, E::Gcs, Some("gcs:bucket/models/model.pt#1712345678901234")),
    ("gs://bucket/models/model.pt?generation=1712345678901234", None, Immutable, E::Gcs, Some("gcs:bucket/models/model.pt#1712345678901234")),
    ("gs://bucket/models/model.pt", None, Mutable, E::Gcs, None),
    ("gs://bucket/models/", None, Mutable, E::Gcs, None),
    ("gs://bucket/models/latest", None, Mutable, E::Gcs, None),
    ("gs://bucket/models/model.pt#abc", None, Mutable, E::Gcs, None),
    ("gs://bucket/sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d/model.pt", None, Weak, E::Gcs, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("https://storage.googleapis.com/bucket/model.pt?generation=42", None, Immutable, E::Gcs, Some("gcs:bucket/model.pt#42")),
    ("https://storage.googleapis.com/bucket/model.pt", None, Mutable, E::Gcs, None),
    ("https://acct.blob.core.windows.net/models/model.onnx?versionid=2024-05-01T10:00:00.0000000Z", None, Immutable, E::AzureBlob, Some("azure-blob:acct/models/model.onnx#2024-05-01T10:00:00.0000000Z")),
    ("https://acct.blob.core.windows.net/models/model.onnx?snapshot=2024-05-01T10:00:00.0000000Z", None, Immutable, E::AzureBlob, Some("azure-blob:acct/models/model.onnx#snapshot:2024-05-01T10:00:00.0000000Z")),
    ("https://acct.blob.core.windows.net/models/model.onnx", None, Mutable, E::AzureBlob, None),
    ("https://acct.blob.core.windows.net/models/model.onnx?sv=2022-11-02&sig=abc", None, Mutable, E::AzureBlob, None),
    ("https://acct.blob.core.windows.net/models/", None, Mutable, E::AzureBlob, None),
    ("https://acct.blob.core.windows.net/models/latest", None, Mutable, E::AzureBlob, None),
    ("abfss://models@acct.dfs.core.windows.net/fraud/model.onnx", None, Mutable, E::AzureBlob, None),
    ("az://models/fraud/model.onnx", None, Mutable, E::AzureBlob, None),
    ("azureml://registries/shared/models/fraud/versions/3", None, Immutable, E::AzureMl, Some("azureml:registries/shared/models/fraud/3")),
    ("azureml://registries/shared/models/fraud/labels/latest", None, Mutable, E::AzureMl, None),
    ("azureml://registries/shared/models/fraud", None, Mutable, E::AzureMl, None),
    ("azureml://subscriptions/s/resourceGroups/rg/workspaces/ws/models/fraud/versions/7", None, Immutable, E::AzureMl, Some("azureml:workspaces/ws/models/fraud/7")),
    ("azureml://registries/shared/data/train/versions/2", None, Immutable, E::AzureMl, Some("azureml:registries/shared/data/train/2")),
    ("azureml:fraud:3", None, Immutable, E::AzureMl, Some("azureml:fraud/3")),
    ("azureml:fraud@latest", None, Mutable, E::AzureMl, None),
    ("azureml:fraud@champion", None, Mutable, E::AzureMl, None),
    ("azureml:fraud", None, Mutable, E::AzureMl, None),
    ("azureml:fraud:latest", None, Mutable, E::AzureMl, None),
    ("fraud:3", Some(E::AzureMl), Immutable, E::AzureMl, Some("azureml:fraud/3")),
    ("models:/fraud-detector/14", None, Immutable, E::Mlflow, Some("mlflow:fraud-detector/14")),
    ("models:/fraud-detector@champion", None, Mutable, E::Mlflow, None),
    ("models:/fraud-detector/Production", None, Mutable, E::Mlflow, None),
    ("models:/fraud-detector/Staging", None, Mutable, E::Mlflow, None),
    ("models:/fraud-detector/Archived", None, Mutable, E::Mlflow, None),
    ("models:/fraud-detector/latest", None, Mutable, E::Mlflow, None),
    ("models:/fraud-detector", None, Mutable, E::Mlflow, None),
    ("models:/main.ml.fraud/3", None, Immutable, E::Mlflow, Some("mlflow:main.ml.fraud/3")),
    ("models:/main.ml.fraud@prod", None, Mutable, E::Mlflow, None),
    ("runs:/0123456789abcdef0123456789abcdef/model", None, Immutable, E::Mlflow, Some("mlflow-run:0123456789abcdef0123456789abcdef/model")),
    ("runs:/not-a-run/model", None, Mutable, E::Mlflow, None),
    ("mlflow-artifacts:/1/abc/artifacts/model", None, Mutable, E::Mlflow, None),
    ("fraud-detector/14", Some(E::Mlflow), Immutable, E::Mlflow, Some("mlflow:fraud-detector/14")),
    ("fraud-detector@champion", Some(E::Mlflow), Mutable, E::Mlflow, None),
    ("acme/fraud/detector:v3", None, Immutable, E::Wandb, Some("wandb:acme/fraud/detector/v3")),
    ("acme/fraud/detector:v0", None, Immutable, E::Wandb, Some("wandb:acme/fraud/detector/v0")),
    ("acme/fraud/detector:latest", None, Mutable, E::Wandb, None),
    ("acme/fraud/detector:prod", None, Mutable, E::Wandb, None),
    ("wandb-artifact://acme/fraud/detector:v3", None, Immutable, E::Wandb, Some("wandb:acme/fraud/detector/v3")),
    ("wandb-artifact:///acme/fraud/detector:v3", None, Immutable, E::Wandb, Some("wandb:acme/fraud/detector/v3")),
    ("wandb-artifact://acme/fraud/detector:prod", None, Mutable, E::Wandb, None),
    ("wandb-artifact://acme/fraud/detector", None, Mutable, E::Wandb, None),
    ("detector:v3", Some(E::Wandb), Immutable, E::Wandb, Some("wandb:detector/v3")),
    ("md5: d41d8cd98f00b204e9800998ecf8427e", None, Weak, E::Dvc, Some("md5:d41d8cd98f00b204e9800998ecf8427e")),
    ("md5: d41d8cd98f00b204e9800998ecf8427e.dir", None, Weak, E::Dvc, Some("md5:d41d8cd98f00b204e9800998ecf8427e")),
    ("outs:\n- md5: d41d8cd98f00b204e9800998ecf8427e\n  size: 1024\n  path: data.csv", None, Weak, E::Dvc, Some("md5:d41d8cd98f00b204e9800998ecf8427e")),
    ("md5: nothex", None, Mutable, E::Dvc, None),
    ("dvc://github.com/org/data@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/data/train.csv", None, Immutable, E::Dvc, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("dvc://github.com/org/data@main/data/train.csv", None, Mutable, E::Dvc, None),
    ("dvc://github.com/org/data/data/train.csv", None, Mutable, E::Dvc, None),
    ("d41d8cd98f00b204e9800998ecf8427e", Some(E::Dvc), Weak, E::Dvc, Some("md5:d41d8cd98f00b204e9800998ecf8427e")),
    ("ollama://llama3:8b", None, Weak, E::Ollama, None),
    ("ollama://llama3", None, Mutable, E::Ollama, None),
    ("ollama://llama3:latest", None, Mutable, E::Ollama, None),
    ("ollama://llama3@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Ollama, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("ollama://llama3:70b-instruct-q4_K_M", None, Weak, E::Ollama, None),
    ("registry.ollama.ai/library/llama3:8b", None, Weak, E::Ollama, None),
    ("https://ollama.com/library/llama3", None, Mutable, E::Ollama, None),
    ("llama3@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", Some(E::Ollama), Immutable, E::Ollama, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("llama3", Some(E::Ollama), Mutable, E::Ollama, None),
    ("llama3:8b", Some(E::Ollama), Weak, E::Ollama, None),
    ("arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3", None, Immutable, E::Sagemaker, Some("sagemaker:arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3")),
    ("arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:model-package/fraud/12", None, Immutable, E::Sagemaker, Some("sagemaker:arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:model-package/fraud/12")),
    ("arn:aws:sagemaker:us-east-1:123456789012:model-package-group/fraud", None, Mutable, E::Sagemaker, None),
    ("arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud", None, Weak, E::Sagemaker, None),
    ("arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/latest", None, Mutable, E::Sagemaker, None),
    ("arn:aws:sagemaker:us-east-1:123456789012:model/fraud", None, Mutable, E::Sagemaker, None),
    ("arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud", None, Mutable, E::Sagemaker, None),
    ("arn:aws:sagemaker:us-east-1:123456789012:training-job/fraud-1", None, Mutable, E::Sagemaker, None),
    ("anthropic.claude-3-5-sonnet-20240620-v1:0", None, Weak, E::Bedrock, Some("bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0")),
    ("anthropic.claude-3-sonnet-20240229-v1:0:200k", None, Weak, E::Bedrock, Some("bedrock:anthropic.claude-3-sonnet-20240229-v1:0:200k")),
    ("us.anthropic.claude-3-5-sonnet-20240620-v1:0", None, Weak, E::Bedrock, Some("bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0")),
    ("eu.meta.llama3-2-3b-instruct-v1:0", None, Weak, E::Bedrock, Some("bedrock:meta.llama3-2-3b-instruct-v1:0")),
    ("amazon.titan-embed-text-v2:0", None, Weak, E::Bedrock, Some("bedrock:amazon.titan-embed-text-v2:0")),
    ("amazon.titan-text-express-v1", None, Weak, E::Bedrock, Some("bedrock:amazon.titan-text-express-v1")),
    ("meta.llama3-1-70b-instruct-v1:0", None, Weak, E::Bedrock, Some("bedrock:meta.llama3-1-70b-instruct-v1:0")),
    ("anthropic.claude-3-5-sonnet", None, Mutable, E::Bedrock, None),
    ("anthropic.claude", None, Mutable, E::Bedrock, None),
    ("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0", None, Weak, E::Bedrock, Some("bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0")),
    ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", None, Weak, E::Bedrock, Some("bedrock:anthropic.claude-3-haiku-20240307-v1:0")),
    ("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123xyz", None, Mutable, E::Bedrock, None),
    ("arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/a1b2c3d4e5f6", None, Immutable, E::Bedrock, Some("bedrock:arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/a1b2c3d4e5f6")),
    ("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3", None, Weak, E::Bedrock, None),
    ("claude-3-5-sonnet", Some(E::Bedrock), Mutable, E::Bedrock, None),
    ("gpt-4o-2024-08-06", None, Weak, E::OpenAi, Some("openai:gpt-4o-2024-08-06")),
    ("gpt-4o-mini-2024-07-18", None, Weak, E::OpenAi, Some("openai:gpt-4o-mini-2024-07-18")),
    ("gpt-4-0613", None, Weak, E::OpenAi, Some("openai:gpt-4-0613")),
    ("gpt-4-32k-0613", None, Weak, E::OpenAi, Some("openai:gpt-4-32k-0613")),
    ("gpt-3.5-turbo-0125", None, Weak, E::OpenAi, Some("openai:gpt-3.5-turbo-0125")),
    ("gpt-4-1106-preview", None, Weak, E::OpenAi, Some("openai:gpt-4-1106-preview")),
    ("gpt-4-turbo-2024-04-09", None, Weak, E::OpenAi, Some("openai:gpt-4-turbo-2024-04-09")),
    ("o1-2024-12-17", None, Weak, E::OpenAi, Some("openai:o1-2024-12-17")),
    ("text-embedding-ada-002", None, Weak, E::OpenAi, Some("openai:text-embedding-ada-002")),
    ("ft:gpt-4o-mini-2024-07-18:acme::9abcDEF", None, Weak, E::OpenAi, Some("openai:ft:gpt-4o-mini-2024-07-18:acme::9abcDEF")),
    ("openai/gpt-4o-2024-08-06", None, Weak, E::OpenAi, Some("openai:gpt-4o-2024-08-06")),
    ("gpt-4o", None, Mutable, E::OpenAi, None),
    ("gpt-4o-mini", None, Mutable, E::OpenAi, None),
    ("gpt-4", None, Mutable, E::OpenAi, None),
    ("gpt-4-turbo", None, Mutable, E::OpenAi, None),
    ("gpt-4-turbo-preview", None, Mutable, E::OpenAi, None),
    ("gpt-3.5-turbo", None, Mutable, E::OpenAi, None),
    ("chatgpt-4o-latest", None, Mutable, E::OpenAi, None),
    ("o1", None, Mutable, E::OpenAi, None),
    ("o3-mini", None, Mutable, E::OpenAi, None),
    ("text-embedding-3-large", None, Mutable, E::OpenAi, None),
    ("my-finetune-2024-08-06", Some(E::OpenAi), Weak, E::OpenAi, Some("openai:my-finetune-2024-08-06")),
    ("my-model", Some(E::OpenAi), Mutable, E::OpenAi, None),
    ("projects/p/locations/us-central1/models/fraud@3", None, Immutable, E::VertexAi, Some("vertex:projects/p/locations/us-central1/models/fraud/3")),
    ("projects/p/locations/us-central1/models/1234567890@12", None, Immutable, E::VertexAi, Some("vertex:projects/p/locations/us-central1/models/1234567890/12")),
    ("projects/p/locations/us-central1/models/fraud@default", None, Mutable, E::VertexAi, None),
    ("projects/p/locations/us-central1/models/fraud@champion", None, Mutable, E::VertexAi, None),
    ("projects/p/locations/us-central1/models/fraud", None, Mutable, E::VertexAi, None),
    ("projects/p/locations/us-central1/endpoints/123", None, Mutable, E::VertexAi, None),
    ("publishers/google/models/gemini-1.5-pro-002", None, Weak, E::VertexAi, Some("vertex:gemini-1.5-pro-002")),
    ("projects/p/locations/us-central1/publishers/google/models/gemini-1.5-flash-001", None, Weak, E::VertexAi, Some("vertex:gemini-1.5-flash-001")),
    ("publishers/google/models/gemini-1.5-pro", None, Mutable, E::VertexAi, None),
    ("publishers/anthropic/models/claude-3-5-sonnet@20240620", None, Weak, E::VertexAi, Some("vertex:claude-3-5-sonnet@20240620")),
    ("gemini-1.5-pro-002", None, Weak, E::VertexAi, Some("vertex:gemini-1.5-pro-002")),
    ("gemini-2.0-flash-001", None, Weak, E::VertexAi, Some("vertex:gemini-2.0-flash-001")),
    ("gemini-2.5-pro-preview-05-06", None, Weak, E::VertexAi, Some("vertex:gemini-2.5-pro-preview-05-06")),
    ("gemini-1.5-pro", None, Mutable, E::VertexAi, None),
    ("gemini-2.0-flash", None, Mutable, E::VertexAi, None),
    ("gemini-1.5-pro-latest", None, Mutable, E::VertexAi, None),
    ("text-bison@002", None, Weak, E::VertexAi, Some("vertex:text-bison@002")),
    ("text-bison", None, Mutable, E::VertexAi, None),
    ("claude-3-5-sonnet@20240620", None, Weak, E::VertexAi, Some("vertex:claude-3-5-sonnet@20240620")),
    ("fraud@3", Some(E::VertexAi), Weak, E::VertexAi, Some("vertex:fraud@3")),
    ("gpt-4o:2024-08-06", None, Weak, E::AzureOpenAi, Some("azure-openai:gpt-4o:2024-08-06")),
    ("gpt-4o (2024-08-06)", None, Weak, E::AzureOpenAi, Some("azure-openai:gpt-4o:2024-08-06")),
    ("gpt-35-turbo:0613", None, Weak, E::AzureOpenAi, Some("azure-openai:gpt-35-turbo:0613")),
    ("gpt-4:turbo-2024-04-09", None, Weak, E::AzureOpenAi, Some("azure-openai:gpt-4:turbo-2024-04-09")),
    ("gpt-4:1106-Preview", None, Weak, E::AzureOpenAi, Some("azure-openai:gpt-4:1106-Preview")),
    ("gpt-4:vision-preview", None, Mutable, E::OpenAi, None),
    ("OnceNewDefaultVersionAvailable", None, Mutable, E::AzureOpenAi, None),
    ("OnceCurrentVersionExpired", None, Mutable, E::AzureOpenAi, None),
    ("NoAutoUpgrade", None, Weak, E::AzureOpenAi, None),
    ("azure/my-gpt4o-deployment", None, Mutable, E::AzureOpenAi, None),
    ("gpt-4o", Some(E::AzureOpenAi), Mutable, E::AzureOpenAi, None),
    ("my-deployment:2024-08-06", Some(E::AzureOpenAi), Weak, E::AzureOpenAi, Some("azure-openai:my-deployment:2024-08-06")),
    ("pvc://model-store/fraud/v3", None, Mutable, E::Kserve, None),
    ("pvc://model-store/fraud/v3", Some(E::Kserve), Mutable, E::Kserve, None),
    ("s3://bucket/model?versionId=abc", Some(E::Kserve), Immutable, E::S3, Some("s3:bucket/model#abc")),
    ("gs://bucket/model", Some(E::Kserve), Mutable, E::Gcs, None),
    ("hf://org/name:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Some(E::Kserve), Immutable, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("hf://org/name", Some(E::Kserve), Mutable, E::HuggingFace, None),
    ("oci://ghcr.io/org/modelcar@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", Some(E::Kserve), Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("oci://ghcr.io/org/modelcar:latest", Some(E::Kserve), Mutable, E::Oci, None),
    ("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("A9E1C4B2D3F5E6A7B8C9D0E1F2A3B4C5D6E7F8A9", None, Weak, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("a9e1c4b", None, Weak, E::Digest, Some("hex:a9e1c4b")),
    ("a9e1c4b", Some(E::Git), Weak, E::Git, Some("git:a9e1c4b")),
    ("3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", Some(E::Git), Immutable, E::Git, Some("git:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("main", None, Mutable, E::Git, None),
    ("master", None, Mutable, E::Git, None),
    ("develop", None, Mutable, E::Git, None),
    ("HEAD", None, Mutable, E::Git, None),
    ("HEAD~1", None, Mutable, E::Git, None),
    ("refs/heads/main", None, Mutable, E::Git, None),
    ("refs/heads/feature/x", None, Mutable, E::Git, None),
    ("refs/tags/v1.2.0", None, Weak, E::Git, None),
    ("refs/pull/12/head", None, Mutable, E::Git, None),
    ("v1.2.3", None, Weak, E::Git, None),
    ("V2", None, Weak, E::Git, None),
    ("git+https://github.com/org/repo.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("git+https://github.com/org/repo.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9#subdirectory=pkg", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("git+https://github.com/org/repo.git@main", None, Mutable, E::Git, None),
    ("git+https://github.com/org/repo.git@v1.0.0", None, Weak, E::Git, None),
    ("git+https://github.com/org/repo.git", None, Mutable, E::Git, None),
    ("git+ssh://git@github.com/org/repo.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("git+ssh://git@github.com/org/repo.git", None, Mutable, E::Git, None),
    ("git@github.com:org/repo.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("https://github.com/org/repo/commit/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("https://github.com/org/repo/tree/main", None, Mutable, E::Git, None),
    ("https://github.com/org/repo/blob/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9/README.md", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("https://github.com/org/repo/releases/tag/v1.0", None, Weak, E::Git, None),
    ("https://github.com/org/repo", None, Mutable, E::Git, None),
    ("https://gitlab.com/org/repo/-/commit/a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("feature-x", Some(E::Git), Mutable, E::Git, None),
    ("torch==2.3.1 --hash=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Pip, Some("pip:torch/2.3.1")),
    ("torch==2.3.1 --hash=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d --hash=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Pip, Some("pip:torch/2.3.1")),
    ("Torch_Vision==0.18.0 --hash=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Pip, Some("pip:torch-vision/0.18.0")),
    ("torch==2.3.1 --hash=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1", None, Mutable, E::Pip, None),
    ("torch==2.3.1 --hash=md5:d41d8cd98f00b204e9800998ecf8427e", None, Weak, E::Pip, Some("md5:d41d8cd98f00b204e9800998ecf8427e")),
    ("torch==2.3.1", None, Weak, E::Pip, Some("pip:torch/2.3.1")),
    ("torch == 2.3.1", None, Weak, E::Pip, Some("pip:torch/2.3.1")),
    ("torch===2.3.1", None, Weak, E::Pip, Some("pip:torch/2.3.1")),
    ("torch[cuda]==2.3.1", None, Weak, E::Pip, Some("pip:torch/2.3.1")),
    ("torch==2.3.1; python_version>='3.10'", None, Weak, E::Pip, Some("pip:torch/2.3.1")),
    ("torch==2.*", None, Mutable, E::Pip, None),
    ("torch>=2", None, Mutable, E::Pip, None),
    ("torch~=2.3", None, Mutable, E::Pip, None),
    ("torch>=2,<3", None, Mutable, E::Pip, None),
    ("torch!=2.0", None, Mutable, E::Pip, None),
    ("torch", Some(E::Pip), Mutable, E::Pip, None),
    ("mylib @ git+https://github.com/org/mylib.git@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Pip, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("mylib @ git+https://github.com/org/mylib.git@main", None, Mutable, E::Pip, None),
    ("mylib @ https://example.com/mylib-1.0-py3-none-any.whl#sha256=3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Pip, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("mylib @ https://example.com/mylib-1.0-py3-none-any.whl", None, Mutable, E::Pip, None),
    ("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("SHA256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("sha256:3B2F2C1F7E9C4A5D8B6E0F1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D", None, Weak, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("  sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\n", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("sha512:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3", None, Immutable, E::Digest, Some("sha512:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3")),
    ("sha384:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f", None, Immutable, E::Digest, Some("sha384:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f")),
    ("3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("3B2F2C1F7E9C4A5D8B6E0F1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D", None, Weak, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3", None, Immutable, E::Digest, Some("sha512:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3")),
    ("md5:d41d8cd98f00b204e9800998ecf8427e", None, Weak, E::Digest, Some("md5:d41d8cd98f00b204e9800998ecf8427e")),
    ("sha1:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Weak, E::Digest, Some("sha1:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1", None, Mutable, E::Digest, None),
    ("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1da", None, Mutable, E::Digest, None),
    ("sha256:3b2f2c1f7e9c", None, Mutable, E::Digest, None),
    ("sha256:not-hex-at-all", None, Mutable, E::Digest, None),
    ("sha256:", None, Mutable, E::Digest, None),
    ("sha256:0000000000000000000000000000000000000000000000000000000000000000", None, Mutable, E::Generic, None),
    ("3b2f2c1f7e9c", None, Weak, E::Digest, Some("hex:3b2f2c1f7e9c")),
    ("3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c", None, Weak, E::Digest, Some("hex:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c")),
    ("3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", Some(E::Digest), Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", Some(E::Digest), Weak, E::Digest, Some("sha1:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("", None, Mutable, E::Generic, None),
    ("   ", None, Mutable, E::Generic, None),
    ("null", None, Mutable, E::Generic, None),
    ("NULL", None, Mutable, E::Generic, None),
    ("~", None, Mutable, E::Generic, None),
    ("None", None, Mutable, E::Generic, None),
    ("TBD", None, Mutable, E::Generic, None),
    ("todo", None, Mutable, E::Generic, None),
    ("n/a", None, Mutable, E::Generic, None),
    ("N/A", None, Mutable, E::Generic, None),
    ("unknown", None, Mutable, E::Generic, None),
    ("<digest>", None, Mutable, E::Generic, None),
    ("<placeholder>", None, Mutable, E::Generic, None),
    ("${MODEL_DIGEST}", None, Mutable, E::Generic, None),
    ("{{ model_digest }}", None, Mutable, E::Generic, None),
    ("$MODEL_REF", None, Mutable, E::Generic, None),
    ("xxx", None, Mutable, E::Generic, None),
    ("XXXXXXXX", None, Mutable, E::Generic, None),
    ("changeme", None, Mutable, E::Generic, None),
    ("CHANGE_ME", None, Mutable, E::Generic, None),
    ("placeholder", None, Mutable, E::Generic, None),
    ("sha256:<digest>", None, Mutable, E::Generic, None),
    ("ghcr.io/org/app@${DIGEST}", None, Mutable, E::Generic, None),
    ("org/name@{{ revision }}", None, Mutable, E::Generic, None),
    ("latest", None, Mutable, E::Generic, None),
    ("LATEST", None, Mutable, E::Generic, None),
    ("stable", None, Mutable, E::Generic, None),
    ("current", None, Mutable, E::Generic, None),
    ("prod", None, Mutable, E::Generic, None),
    ("production", None, Mutable, E::Generic, None),
    ("staging", None, Mutable, E::Generic, None),
    ("champion", None, Mutable, E::Generic, None),
    ("previous", None, Mutable, E::Generic, None),
    ("42", None, Weak, E::Generic, None),
    ("1.2.3", None, Weak, E::Generic, None),
    ("model-sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Weak, E::Generic, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("build-a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Weak, E::Generic, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("my-model", None, Mutable, E::Generic, None),
    ("deadbeef", None, Mutable, E::Generic, None),
    ("some random words", None, Mutable, E::Generic, None),
    ("https://example.com/model.bin", None, Mutable, E::Generic, None),
    ("https://example.com/sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d/model.bin", None, Weak, E::Generic, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("arn:aws:lambda:us-east-1:123456789012:function:f", None, Mutable, E::Generic, None),
    ("模型/名字", None, Mutable, E::Generic, None),
    ("ghcr.io/org/app@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dé", None, Weak, E::Generic, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    // Issue 13 forms (edge cases next to the declared forms and the real rows in refs_real.rs).
    ("pkg:huggingface/org/model@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Purl, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("PKG:HuggingFace/org/model@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Purl, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("pkg:huggingface/org/model@a9e1c4b", None, Weak, E::Purl, Some("git:a9e1c4b")),
    ("pkg:oci/model@sha256%3a3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Purl, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("pkg:oci/model@1.0?repository_url=ghcr.io%2Forg%2Fmodel", None, Mutable, E::Purl, None),
    ("pkg:oci/model?digest=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Purl, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("pkg:pypi/torch@2.4.1", None, Weak, E::Purl, Some("pip:torch/2.4.1")),
    ("pkg:pypi/Torch_Vision@0.19.1", None, Weak, E::Purl, Some("pip:torch-vision/0.19.1")),
    ("pkg:pypi/torch@latest", None, Mutable, E::Purl, None),
    ("pkg:npm/left-pad@1.3.0?checksum=sha512:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1dd1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2a1f0e6b8d5a4c9e7f1c2f2b3", None, Immutable, E::Purl, Some("npm:left-pad/1.3.0")),
    ("pkg:maven/org.example/lib@2.0.0-SNAPSHOT", None, Mutable, E::Purl, None),
    ("pkg:mlflow/fraud@0", None, Mutable, E::Purl, None),
    ("pkg:mlflow/fraud@03", None, Weak, E::Purl, Some("mlflow:fraud/3")),
    ("pkg:mlflow/fraud@champion", None, Mutable, E::Purl, None),
    ("pkg:github/org/repo@v1.2.3", None, Weak, E::Purl, None),
    ("pkg:generic/model?vcs_url=git%2Bhttps://github.com/org/repo%40a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Purl, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("pkg:", None, Mutable, E::Purl, None),
    ("pkg:pypi", None, Mutable, E::Purl, None),
    ("pkg:pypi/torch@2.4.1%2", None, Mutable, E::Purl, None),
    ("pkg:pypi/torch@%FF%FE", None, Mutable, E::Purl, None),
    ("torch==2.4.1", None, Weak, E::Pip, Some("pip:torch/2.4.1")),
    ("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9^{commit}", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9^{}", None, Immutable, E::Git, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("v1.2.3^{commit}", None, Weak, E::Git, None),
    ("main^{commit}", None, Mutable, E::Git, None),
    ("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9^{/fix}", None, Mutable, E::Git, None),
    ("main@{1}", None, Mutable, E::Git, None),
    ("0000000000000000000000000000000000000000", None, Mutable, E::Generic, None),
    ("0000000000000000000000000000000000000000", Some(E::Git), Mutable, E::Git, None),
    ("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a", None, Weak, E::Digest, Some("hex:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a")),
    ("a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a97", None, Mutable, E::Digest, None),
    ("org/name@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a", None, Weak, E::HuggingFace, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a")),
    ("org/name@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a97", None, Mutable, E::HuggingFace, None),
    ("{\"sha256\": \"3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\", \"sha1\": \"a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9\"}", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("{\"sha256\": \"3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\", \"sha512\": \"abc\"}", None, Mutable, E::Digest, None),
    ("{\"name\": \"model.bin\", \"digest\": {\"sha256\": \"3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\"}}", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("{\"gitTag\": \"a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9\"}", None, Immutable, E::Digest, Some("gittag:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("digest.sha256=3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("{\"algorithm\": \"sha256\", \"value\": \"3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\"}", None, Immutable, E::Digest, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("{\"name\": \"model\"}", None, Mutable, E::Generic, None),
    ("oci+native://ghcr.io/org/model@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d::/models", None, Immutable, E::Oci, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("oci+modelcar://ghcr.io/org/model:latest", None, Mutable, E::Oci, None),
    ("oci+fetch://ghcr.io/org/model", None, Mutable, E::Oci, None),
    ("iris_classifier:ejwnswg5kw6qnuqj", Some(E::Bentoml), Weak, E::Bentoml, Some("bentoml:iris_classifier/ejwnswg5kw6qnuqj")),
    ("iris_classifier:latest", Some(E::Bentoml), Mutable, E::Bentoml, None),
    ("s3://bucket/key?versionId=null", None, Mutable, E::S3, None),
    ("s3://bucket/key#versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", None, Mutable, E::S3, None),
    ("s3://bucket/key?versionId=abc#frag", None, Immutable, E::S3, Some("s3:bucket/key#abc")),
    ("gs://bucket/model.pt#0042", None, Weak, E::Gcs, Some("gcs:bucket/model.pt#42")),
    ("projects/p/locations/us-central1/models/fraud/versions/3", None, Immutable, E::VertexAi, Some("vertex:projects/p/locations/us-central1/models/fraud/3")),
    ("projects/p/locations/us-central1/models/fraud@0", None, Mutable, E::VertexAi, None),
    ("projects/p/locations/us-central1/models/fraud@03", None, Weak, E::VertexAi, Some("vertex:projects/p/locations/us-central1/models/fraud/3")),
    ("gemini-1.5-pro-preview-0409", None, Weak, E::VertexAi, Some("vertex:gemini-1.5-pro-preview-0409")),
    ("arn:aws:sagemaker:us-east-1:123456789012:model-package/g/0", None, Mutable, E::Sagemaker, None),
    ("arn:aws:sagemaker:us-east-1:123456789012:model-package/g/007", None, Weak, E::Sagemaker, Some("sagemaker:arn:aws:sagemaker:us-east-1:123456789012:model-package/g/7")),
    ("arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/m", None, Mutable, E::Sagemaker, None),
    ("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123xyz", None, Mutable, E::Bedrock, None),
    ("arn:aws:bedrock:us-east-1:123456789012:imported-model/abc123xyz", None, Immutable, E::Bedrock, Some("bedrock:arn:aws:bedrock:us-east-1:123456789012:imported-model/abc123xyz")),
    ("acme/fraud/detector:v12", None, Immutable, E::Wandb, Some("wandb:acme/fraud/detector/v12")),
    ("acme/fraud/detector:v012", None, Weak, E::Wandb, Some("wandb:acme/fraud/detector/v12")),
    ("acme/fraud/detector:best", None, Mutable, E::Wandb, None),
    ("wandb-registry-model/fraud:v3", None, Immutable, E::Wandb, Some("wandb:wandb-registry-model/fraud/v3")),
    ("models:/fraud/014", None, Weak, E::Mlflow, Some("mlflow:fraud/14")),
    ("models:/fraud/0", None, Mutable, E::Mlflow, None),
    ("azureml:fraud:01", None, Immutable, E::AzureMl, Some("azureml:fraud/01")),
    ("azureml:fraud:main", None, Mutable, E::AzureMl, None),
    ("/subscriptions/0000-1111/resourceGroups/rg/providers/Microsoft.MachineLearningServices/registries/shared/models/fraud/versions/21", None, Immutable, E::AzureMl, Some("azureml:registries/shared/models/fraud/21")),
    ("/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/Models/fraud/Versions/7", None, Immutable, E::AzureMl, Some("azureml:workspaces/ws/models/fraud/7")),
    ("/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/deployments/gpt4o", None, Mutable, E::AzureOpenAi, None),
    ("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct", None, Mutable, E::AzureMl, None),
    ("azureml://datastores/workspaceblobstore/paths/models/fraud/", None, Mutable, E::AzureMl, None),
    ("model=gpt-4o version=2024-08-06 versionUpgradeOption=NoAutoUpgrade", None, Weak, E::AzureOpenAi, Some("azure-openai:gpt-4o:2024-08-06")),
    ("model=gpt-4o version=2024-08-06", None, Mutable, E::AzureOpenAi, None),
    ("model=gpt-4o versionUpgradeOption=NoAutoUpgrade", None, Mutable, E::AzureOpenAi, None),
    ("model=gpt-4o version=2024-08-06 versionUpgradeOption=Sometimes", None, Mutable, E::AzureOpenAi, None),
    ("--model-name gpt-4o --model-version 2024-08-06 --model-format OpenAI --version-upgrade-option NoAutoUpgrade", None, Weak, E::AzureOpenAi, Some("azure-openai:gpt-4o:2024-08-06")),
    ("dvc get https://github.com/iterative/dataset-registry get-started/data.xml --rev=a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Dvc, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("dvc get https://github.com/iterative/dataset-registry get-started/data.xml --rev main", None, Mutable, E::Dvc, None),
    ("dvc import https://github.com/iterative/dataset-registry get-started/data.xml -o data/data.xml", None, Mutable, E::Dvc, None),
    ("rev: v2.0.1\nrev_lock: a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9", None, Immutable, E::Dvc, Some("git:a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9")),
    ("rev: v2.0.1", None, Weak, E::Dvc, None),
    ("hdfs://namenode/models/fraud", None, Mutable, E::Generic, None),
    ("ftp://example.com/sha256-3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d.bin", None, Weak, E::Generic, Some("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d")),
    ("https://raw.githubusercontent.com/org/repo/v1.2.0/model.json", None, Weak, E::Git, None),
];

#[test]
fn table_of_references() {
    let mut failures = Vec::new();
    for (input, hint, class, eco, token) in TABLE {
        let got = match hint {
            Some(h) => classify_as(input, *h),
            None => classify(input),
        };
        let got_token = got.identity.as_ref().map(Identity::token);
        if got.class != *class || got.ecosystem != *eco || got_token.as_deref() != *token {
            failures.push(format!(
                "{input:?} (hint {hint:?}):\n    expected {class:?} {eco:?} {token:?}\n    got      {:?} {:?} {:?} -- {}",
                got.class, got.ecosystem, got_token, got.reason
            ));
        }
        assert!(!got.reason.is_empty(), "{input:?} has an empty reason");
        if got.class == Immutable {
            assert!(
                got.identity.is_some(),
                "{input:?} is immutable without identity"
            );
        }
        if got.provider_pinned {
            assert_eq!(got.class, Weak, "{input:?} provider-pinned but not weak");
            assert!(
                got.reason.contains("provider-pinned"),
                "{input:?}: {}",
                got.reason
            );
        }
    }
    assert!(TABLE.len() >= 220, "table has only {} rows", TABLE.len());
    assert!(
        failures.is_empty(),
        "{} of {} references misclassified:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn provider_pinned_ids_are_flagged() {
    for id in [
        "gpt-4o-2024-08-06",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "gemini-1.5-pro-002",
        "gpt-4o:2024-08-06",
    ] {
        let c = classify(id);
        assert!(c.provider_pinned, "{id}: {c:?}");
    }
    for id in ["gpt-4o", "sha256:abc", "main", "NoAutoUpgrade"] {
        assert!(!classify(id).provider_pinned, "{id}");
    }
}

#[test]
fn digest_spellings_share_one_identity() {
    let hex = "3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";
    let want = Identity::Digest {
        algorithm: "sha256".into(),
        hex: hex.into(),
    };
    for text in [
        format!("sha256:{}", hex.to_uppercase()),
        format!("sha256-{hex}"),
        format!("@sha256:{hex}"),
        hex.to_owned(),
        format!("ghcr.io/org/app@sha256:{hex}"),
        format!("s3://m/sha256-{hex}/model.safetensors"),
    ] {
        assert_eq!(classify(&text).identity.as_ref(), Some(&want), "{text}");
        assert!(identities_in(&text).contains(&want), "{text}");
    }
}

#[test]
fn identities_in_scans_text() {
    let hex = "3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";
    let commit = "a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9";
    let text = format!(
        "mirrored s3://m/sha256-{hex}/model.safetensors from commit {commit}, \
         short 3b2f2c1f7e9c, date 20240806, word deadbeef, again SHA256:{}",
        hex.to_uppercase()
    );
    let tokens: Vec<String> = identities_in(&text).iter().map(Identity::token).collect();
    assert_eq!(
        tokens,
        vec![
            format!("sha256:{hex}"),
            format!("git:{commit}"),
            "hex:3b2f2c1f7e9c".to_owned(),
        ]
    );
    // A short prefixed digest binds to the same short hex written bare.
    let a = identities_in("sha256:3b2f2c1f7e9c");
    let b = identities_in("3b2f2c1f7e9c");
    assert!(b.iter().any(|id| a.contains(id)), "{a:?} vs {b:?}");
    assert!(a.contains(&Identity::Digest {
        algorithm: "sha256".into(),
        hex: "3b2f2c1f7e9c".into()
    }));
    // Registry identities come from the whole-string classification.
    assert_eq!(
        identities_in("models:/fraud-detector/14")
            .first()
            .map(Identity::token),
        Some("mlflow:fraud-detector/14".to_owned())
    );
    assert!(identities_in("").is_empty());
    assert!(identities_in("latest").is_empty());
}

#[test]
fn placeholders() {
    for p in [
        "",
        " ",
        "\t\n",
        "null",
        "~",
        "none",
        "NONE",
        "tbd",
        "TODO",
        "n/a",
        "N-A",
        "unknown",
        "<digest>",
        "${VAR}",
        "{{ x }}",
        "xxx",
        "XXXX",
        "changeme",
        "change-me",
        "CHANGE_ME",
        "placeholder",
        "Place_Holder",
        "<your model here>",
        "your-model-id",
        "?",
        "org/model@{VERSION}",
        "ghcr.io/app:$(TAG)",
        "models:/fraud/__VERSION__",
        "s3://bucket/key?versionId=CHANGEME",
        "pkg:pypi/torch@%VERSION%",
        "pkg:pypi/torch@%7BVERSION%7D",
        "gpt-4o:#{MODEL_VERSION}#",
        "S3_URI_FOR_MODEL",
        "sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000",
        "{\"sha256\": \"TODO\"}",
        "hf://org/TBD",
    ] {
        assert!(is_placeholder(p), "{p:?} should be a placeholder");
        let c = classify(p);
        assert_eq!(c.class, Mutable, "{p:?}");
        assert!(c.reason.starts_with("placeholder"), "{p:?}: {}", c.reason);
    }
    for p in [
        "main",
        "latest",
        "gpt-4o",
        "sha256:abc",
        "org/name",
        "x",
        "42",
        "pkg<2,>1",
        "a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9^{commit}",
        "main@{1}",
        "HEAD@{upstream}",
        "hf://datasets/org/name@refs%2Fconvert%2Fparquet",
        "pkg:oci/app@sha256%3A3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
        "https://example.com/caf%C3%A9%E2%80%99s/model.bin",
        "s3://bucket/pkg/__init__.py?versionId=abc",
        "{\"sha256\": \"3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\"}",
        "{\"subject\": {\"digest\": {\"sha256\": \"abc\"}}}",
        "registry.example.com/team/todo-app:1.0",
        "s3://bucket/models/v14/model.tar.gz",
        "OnceNewDefaultVersionAvailable",
        "NoAutoUpgrade",
    ] {
        assert!(!is_placeholder(p), "{p:?} should not be a placeholder");
        assert!(
            !classify(p).reason.starts_with("placeholder"),
            "{p:?}: {}",
            classify(p).reason
        );
    }
}

/// Every placeholder spelling the issue names, and a few more.
const SPELLINGS: &[&str] = &[
    "{VERSION}",
    "{version}",
    "{}",
    "{0}",
    "${VERSION}",
    "${{ inputs.digest }}",
    "$(VERSION)",
    "$VERSION",
    "#{VERSION}#",
    "<VERSION>",
    "<your-digest>",
    "{{ version }}",
    "{{version}}",
    "{% version %}",
    "__VERSION__",
    "%VERSION%",
    "TODO",
    "todo",
    "TBD",
    "FIXME",
    "replace",
    "REPLACE_ME",
    "CHANGEME",
    "change-me",
    "placeholder",
    "xxx",
    "XXXXXXX",
    "S3_URI_FOR_MODEL",
    "MODEL_DIGEST_FOR_PROD",
    "YOUR_DIGEST_HERE",
    "your-model-version",
    "INSERT_VERSION",
];

#[test]
fn every_placeholder_spelling_is_mutable_in_every_version_position() {
    let mut failures = Vec::new();
    let mut n = 0;
    for spec in specs() {
        for slot in spec.version_slots {
            for spelling in SPELLINGS {
                let text = slot.replacen("{}", spelling, 1);
                for (how, c) in [
                    ("classify", classify(&text)),
                    ("classify_as", classify_as(&text, spec.ecosystem)),
                ] {
                    n += 1;
                    if c.class != Mutable || !c.reason.starts_with("placeholder") {
                        failures.push(format!(
                            "{} {how}({text:?}): {:?} {}",
                            spec.id, c.class, c.reason
                        ));
                    }
                }
                if !is_placeholder(&text) {
                    failures.push(format!("{}: is_placeholder({text:?}) is false", spec.id));
                }
            }
        }
    }
    // Each spelling alone is a placeholder too.
    for spelling in SPELLINGS {
        if !is_placeholder(spelling) || classify(spelling).class != Mutable {
            failures.push(format!("{spelling:?} alone"));
        }
    }
    assert!(n > 1000, "only {n} combinations");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_ecosystem_with_a_version_position_declares_one() {
    // OpenAI and Anthropic carry the snapshot inside the model id, not in a separate
    // position; every other ecosystem that pins with a version declares where it goes.
    for spec in specs() {
        let has_version = !matches!(spec.ecosystem, E::OpenAi | E::Anthropic);
        assert_eq!(
            !spec.version_slots.is_empty(),
            has_version,
            "{}: version slots {:?}",
            spec.id,
            spec.version_slots
        );
    }
}

#[test]
fn locators_are_references_without_a_version() {
    for text in [
        "hf://org/model",
        "org/model",
        "gpt-4o",
        "pkg:pypi/torch",
        "models:/fraud",
        "s3://bucket/models/model.tar.gz",
        "ghcr.io/org/app",
        "azureml:fraud",
        "projects/p/locations/us-central1/models/fraud",
        "git+https://github.com/org/repo.git",
        "acme/fraud/detector",
        "my-model",
    ] {
        let c = if text == "acme/fraud/detector" {
            classify_as(text, E::Wandb)
        } else {
            classify(text)
        };
        assert!(c.locator, "{text:?} should be a locator: {c:?}");
        assert_eq!(c.class, Mutable, "{text:?}");
    }
    for text in [
        "org/model@main",
        "hf://org/model@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
        "ghcr.io/org/app:latest",
        "models:/fraud@champion",
        "models:/fraud/3",
        "chatgpt-4o-latest",
        "s3://bucket/models/",
        "s3://bucket/models/latest",
        "latest",
        "TBD",
        "gpt-4o-2024-08-06",
    ] {
        assert!(!classify(text).locator, "{text:?} is not a locator");
    }
}

#[test]
fn hints_fall_back_when_unreadable() {
    // A SageMaker hint on a non-ARN falls back to guessing from the text.
    let c = classify_as("models:/fraud/3", E::Sagemaker);
    assert_eq!((c.class, c.ecosystem), (Immutable, E::Mlflow));
    let c = classify_as("gpt-4o", E::Generic);
    assert_eq!((c.class, c.ecosystem), (Mutable, E::OpenAi));
    // Placeholders stay mutable under any hint, reported in the hinted ecosystem.
    let c = classify_as("TBD", E::OpenAi);
    assert_eq!((c.class, c.ecosystem), (Mutable, E::OpenAi));
}

#[test]
fn class_order_and_names() {
    assert!(Mutable < Weak && Weak < Immutable);
    assert_eq!(Immutable.as_str(), "immutable");
    assert_eq!(E::HuggingFace.as_str(), "hugging-face");
    for eco in E::ALL {
        let json = serde_json::to_string(&eco).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", eco.as_str()));
    }
    let json = serde_json::to_string(&classify("models:/m/3")).unwrap_or_default();
    assert!(json.contains("\"class\":\"immutable\""), "{json}");
    assert!(json.contains("\"kind\":\"version\""), "{json}");
}

#[test]
fn one_megabyte_inputs_complete() {
    let mb = 1 << 20;
    let inputs = [
        "a".repeat(mb),
        "0".repeat(mb),
        "/".repeat(mb),
        "@".repeat(mb),
        "sha256:".repeat(mb / 7),
        "3b2f2c1f7e9c ".repeat(mb / 13),
        "ghcr.io/".repeat(mb / 8) + "app:1.0",
        "s3://b/".to_owned() + &"k/".repeat(mb / 2),
        "models:/".to_owned() + &"x/".repeat(mb / 2),
        "<".repeat(mb),
        "<a".repeat(mb / 2),
        "é".repeat(mb / 2),
        "md5: ".repeat(mb / 5),
        "a.".repeat(mb / 2),
        "-".repeat(mb),
        "gpt-".repeat(mb / 4),
        "projects/".repeat(mb / 9),
        // Placeholder scanners: many near-templates, each almost closing.
        "a@{1}".repeat(mb / 5),
        "{a".repeat(mb / 2),
        "%ab".repeat(mb / 3),
        "__A".repeat(mb / 3),
        "$".repeat(mb),
        "#{".repeat(mb / 2),
        "{{".repeat(mb / 2),
        "^{".repeat(mb / 2),
        "todo-".repeat(mb / 5),
        "TODO_X ".repeat(mb / 7),
        "pkg:pypi/".to_owned() + &"%2".repeat(mb / 3),
        "pkg:oci/x?".to_owned() + &"a=%41&".repeat(mb / 6),
        "{\"sha256\": \"".to_owned() + &"ab".repeat(mb / 2),
        "algorithm=sha256 ".repeat(mb / 17),
        "dvc get ".to_owned() + &"--rev ".repeat(mb / 6),
        "rev: rev: ".repeat(mb / 10),
        "model=gpt-4o ".repeat(mb / 13),
        "/subscriptions/".to_owned() + &"models/".repeat(mb / 7),
    ];
    for input in &inputs {
        let c = classify(input);
        assert!(c.reason.len() < 400, "reason should quote a bounded prefix");
        let _ = identities_in(input);
        // Every hint too, on the first 128 KiB (keeps the debug-mode test quick).
        let mut cut = input.len().min(1 << 17);
        while !input.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = input.get(..cut).unwrap_or("");
        for eco in E::ALL {
            let _ = classify_as(head, eco);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_any_string(s in any::<String>()) {
        let _ = classify(&s);
        let _ = identities_in(&s);
        let _ = is_placeholder(&s);
        for eco in E::ALL {
            let _ = classify_as(&s, eco);
        }
    }

    #[test]
    fn never_panics_on_reference_like_strings(
        s in "[a-zA-Z0-9:/@._#?=&%~^ \\-]{0,80}",
        t in "(hf://|oci://|s3://|gs://|models:/|runs:/|azureml:|arn:aws:sagemaker:|arn:aws:bedrock:|git\\+https://|pvc://|dvc://|ollama://|https://huggingface.co/|https://github.com/)?",
        u in "[\\u{80}-\\u{10FFFF}]{0,3}",
    ) {
        let text = format!("{t}{s}{u}");
        let c = classify(&text);
        prop_assert!(!c.reason.is_empty());
        if c.class == Immutable {
            prop_assert!(c.identity.is_some());
        }
        let _ = identities_in(&text);
        for eco in E::ALL {
            let _ = classify_as(&text, eco);
        }
    }

    #[test]
    fn identities_are_normalised(s in "[0-9a-fA-F:@/sha256-]{0,140}") {
        for id in identities_in(&s) {
            let lower = match &id {
                Identity::Digest { algorithm, hex } => {
                    algorithm.chars().all(|c| !c.is_ascii_uppercase())
                        && hex.chars().all(|c| !c.is_ascii_uppercase())
                }
                Identity::Commit { sha } => sha.chars().all(|c| !c.is_ascii_uppercase()),
                _ => true,
            };
            prop_assert!(lower, "{id:?}");
        }
    }
}
