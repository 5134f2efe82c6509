//! Real references, taken from public SBOMs, attestations, signing manifests and deployment
//! files, each with the class, ecosystem and identity skillgate must give it. Every row names
//! the file it was found in (`SOURCES` below: repository, commit, licence; then `path:line`).
//! Only the reference strings are kept, one per row; a few rows join two adjacent lines of the
//! source into one reference (the comment says so), and JSON escapes are decoded.
//!
//! Sources were read from public snapshots with the project's search tools; the classes were
//! decided from each ecosystem's documentation (see `docs/references.md`), not from what the
//! classifier happened to print.

use skillgate::refs::{
    Class, Class::Immutable, Class::Mutable, Class::Weak, Ecosystem as E, Identity, classify,
    classify_as,
};

/// `(id, repository, commit, licence)`.
const SOURCES: &[(&str, &str, &str, &str)] = &[
    (
        "purl",
        "package-url/purl-spec",
        "16f3d0e39343d47d1ac3d559b7e110f25eac1513",
        "MIT",
    ),
    (
        "cdx",
        "CycloneDX/bom-examples",
        "aaa24717f3101c27ff9006c1caa0fc848c2cb2fd",
        "CC0-1.0",
    ),
    (
        "intoto",
        "in-toto/attestation",
        "051624ce466deaed4c5a66e66877f69b471fccbe",
        "Apache-2.0",
    ),
    (
        "slsa",
        "slsa-framework/slsa",
        "24905939fd7dab34e670592a12b8c303e8328d0b",
        "Community Specification License 1.0",
    ),
    (
        "slsav",
        "slsa-framework/slsa-verifier",
        "aaf98fd77ddc1963c0f34f34c46bd84d7a08c260",
        "Apache-2.0",
    ),
    (
        "oms",
        "sigstore/model-transparency",
        "e3430730bca924e672b2e59f10524a7ffb5adf79",
        "Apache-2.0",
    ),
    (
        "cosign",
        "sigstore/cosign",
        "d6d86c224e5899b54f56cbb063b79dc43abc11c2",
        "Apache-2.0",
    ),
    (
        "kserve",
        "kserve/kserve",
        "aaac4e294dae2c7b1aa1886447793f3aa1c30912",
        "Apache-2.0",
    ),
    (
        "seldon",
        "SeldonIO/seldon-core",
        "7b77f8b78e87f6d03030174570707eee00d5202e",
        "Apache-2.0",
    ),
    (
        "kuberay",
        "ray-project/kuberay",
        "feeaf72facab4881ba2b179248bb67315634e229",
        "Apache-2.0",
    ),
    (
        "vllmps",
        "vllm-project/production-stack",
        "a6c01db05f65f556235413ba8dbcfb0c01132fff",
        "Apache-2.0",
    ),
    (
        "gke",
        "GoogleCloudPlatform/kubernetes-engine-samples",
        "2b5036514162a489145c5e5570bc320efbcb37bf",
        "Apache-2.0",
    ),
    (
        "aml",
        "Azure/azureml-examples",
        "085cd6ea399038c1e07843acff811f34261c0887",
        "MIT",
    ),
    (
        "aoaiq",
        "Azure-Samples/openai-chat-app-quickstart",
        "af687e98968644971b12dfc6704fd36bfacbea47",
        "MIT",
    ),
    (
        "aishow",
        "adamhockemeyer/AI-Showcase",
        "61d887fb28a32ebc1bc5f2f3a4b9cd78504ee189",
        "MIT",
    ),
    (
        "bedrock",
        "aws-samples/amazon-bedrock-samples",
        "85fba9d9c404ae120c0ceee5e67befed35004fdc",
        "MIT-0",
    ),
    (
        "smsdk",
        "aws/sagemaker-python-sdk",
        "a24812666d258d9d19c9a82d0c9385ca0bd3ba01",
        "Apache-2.0",
    ),
    (
        "smex",
        "aws/amazon-sagemaker-examples",
        "2d519b52c3a2c2361f2b87f0d3de46fd6c0232a5",
        "Apache-2.0",
    ),
    (
        "vertex",
        "googleapis/python-aiplatform",
        "91cc8ce4f015771b5d8c43c8764ea9dc9abdb216",
        "Apache-2.0",
    ),
    (
        "dvcex",
        "iterative/example-get-started",
        "06ea48980a34ef57041c9b905cafcb40d9c3ddbc",
        "no licence file",
    ),
    (
        "bento",
        "bentoml/BentoML",
        "32230a5276a8da8b23c4a06a9ec6272c1993451a",
        "Apache-2.0",
    ),
    (
        "wandb",
        "wandb/gitbook",
        "ff998e50fa08ecfb56f9dbd9463169ee376968be",
        "licence not stated",
    ),
];

/// `(reference, hint, class, ecosystem, identity token, source id, path:line)`.
type Row = (
    &'static str,
    Option<E>,
    Class,
    E,
    Option<&'static str>,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const ROWS: &[Row] = &[
    ("pkg:huggingface/distilbert/distilbert-base-uncased@043235d6088ecd3dd5fb5ca3592b6913fd516027", None, Immutable, E::Purl, Some("git:043235d6088ecd3dd5fb5ca3592b6913fd516027"), "purl", "docs/types/definitions/huggingface-definition.md:43"),
    ("pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111?repository_url=https://hub-ci.huggingface.co", None, Immutable, E::Purl, Some("git:559062ad13d311b87b2c455e67dcd5f1c8f65111"), "purl", "tests/types/huggingface-test.json:58"),
    ("pkg:huggingface/EleutherAI/gpt-neo-1.3B@797174552AE47F449AB70B684CABCB6603E5E85E", None, Weak, E::Purl, Some("git:797174552ae47f449ab70b684cabcb6603e5e85e"), "purl", "tests/types/huggingface-test.json:112"), // uppercase: the spec says lowercase
    ("pkg:oci/debian@sha256%3A244fd47e07d10?repository_url=docker.io/library/debian&arch=amd64&tag=latest", None, Mutable, E::Purl, None, "purl", "tests/types/oci-test.json:8"), // digest truncated in the spec example
    ("pkg:oci/static@sha256%3A244fd47e07d10?repository_url=gcr.io/distroless/static&tag=latest", None, Mutable, E::Purl, None, "purl", "tests/types/oci-test.json:104"),
    ("pkg:oci/hello-wasm@sha256%3A244fd47e07d10?tag=v1", None, Mutable, E::Purl, None, "purl", "tests/types/oci-test.json:151"),
    ("pkg:docker/cassandra@latest", None, Mutable, E::Purl, None, "purl", "docs/types/definitions/docker-definition.md:38"),
    ("pkg:docker/smartentry/debian@dc437cc87d10", None, Weak, E::Purl, Some("hex:dc437cc87d10"), "purl", "docs/types/definitions/docker-definition.md:39"),
    ("pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io", None, Mutable, E::Purl, None, "purl", "tests/types/docker-test.json:9"),
    ("pkg:PYPI/Django_package@1.11.1.dev1", None, Weak, E::Purl, Some("pip:django-package/1.11.1.dev1"), "purl", "tests/types/pypi-test.json:8"),
    ("pkg:pypi/django@1.11.1?file_name=Django-1.11.1-py2.py3-none-any.whl", None, Weak, E::Purl, Some("pip:django/1.11.1"), "purl", "docs/types/definitions/pypi-definition.md:51"),
    ("pkg:pypi/django-allauth@12.23", None, Weak, E::Purl, Some("pip:django-allauth/12.23"), "purl", "docs/types/definitions/pypi-definition.md:52"),
    ("pkg:github/package-url/purl-spec@244fd47e07d1004", None, Weak, E::Purl, Some("git:244fd47e07d1004"), "purl", "docs/types/definitions/github-definition.md:41"),
    ("pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c", None, Weak, E::Purl, Some("git:244fd47e07d1004f0aed9c"), "purl", "tests/types/github-test.json:8"),
    ("pkg:generic/openssl@1.1.10g", None, Weak, E::Purl, None, "purl", "docs/types/definitions/generic-definition.md:40"),
    ("pkg:generic/openssl@1.1.10g?download_url=https://openssl.org/source/openssl-1.1.0g.tar.gz&checksum=sha256:de4d501267da", None, Weak, E::Purl, None, "purl", "tests/types/generic-test.json:49"), // checksum truncated: the version decides
    ("pkg:generic/bitwarderl?vcs_url=git%2Bhttps://git.fsfe.org/dxtr/bitwarderl%40cc55108da32", None, Weak, E::Purl, Some("git:cc55108da32"), "purl", "tests/types/generic-test.json:96"),
    ("pkg:mlflow/CreditFraud@3?repository_url=https://adb-5245952564735461.0.azuredatabricks.net/api/2.0/mlflow", None, Immutable, E::Purl, Some("mlflow:CreditFraud/3"), "purl", "tests/types/mlflow-test.json:8"),
    ("pkg:mlflow/trafficsigns@10?model_uuid=36233173b22f4c89b451f1228d700d49&run_id=410a3121-2709-4f88-98dd-dba0ef056b0a&repository_url=https://adb-5245952564735461.0.azuredatabricks.net/api/2.0/mlflow", None, Immutable, E::Purl, Some("mlflow:trafficsigns/10"), "purl", "tests/types/mlflow-test.json:116"),
    ("pkg:maven/org.apache.commons/io@1.3.4", None, Weak, E::Purl, Some("maven:org.apache.commons:io/1.3.4"), "purl", "tests/types/maven-test.json:8"),
    ("pkg:maven/org.apache.commons/io", None, Mutable, E::Purl, None, "purl", "tests/types/maven-test.json:8"),
    ("pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=https://repo.spring.io/release", None, Weak, E::Purl, None, "purl", "tests/types/maven-test.json:108"),
    ("pkg://maven/org.apache.commons/io", None, Mutable, E::Purl, None, "purl", "tests/types/maven-test.json:326"),
    ("pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value", None, Weak, E::Purl, Some("maven:mygroup:myartifact/1.0.0 Final"), "purl", "tests/types/maven-test.json:476"),
    ("pkg:npm/%40angular/animation@12.3.1", None, Weak, E::Purl, Some("npm:@angular/animation/12.3.1"), "purl", "README.md:86"),
    ("pkg:npm/foobar@12.3.1", None, Weak, E::Purl, Some("npm:foobar/12.3.1"), "purl", "docs/specification/standard/specification.md:48"),
    ("pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343", None, Weak, E::Purl, None, "purl", "tests/types/npm-test.json:140"),
    ("pkg:npm/@babel/core#/googleapis/api/annotations/", None, Mutable, E::Purl, None, "purl", "tests/types/npm-test.json:185"),
    ("pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c", None, Weak, E::Purl, Some("git:234fd47e07d1004f0aed9c"), "purl", "docs/types/definitions/golang-definition.md:45"),
    ("pkg:GOLANG/google.golang.org/genproto#/googleapis/api/annotations/", None, Mutable, E::Purl, None, "purl", "tests/types/golang-test.json:8"),
    ("pkg:golang/github.com/ProtonMail/proton-bridge@v1.6.3", None, Weak, E::Purl, None, "cdx", "SBOM/proton-bridge/proton-bridge-v1.6.3.bom.json:34"),
    ("pkg:golang/github.com/0xAX/notificator@v0.0.0-20191016112426-3962a5ea8da1", None, Weak, E::Purl, None, "cdx", "SBOM/proton-bridge/proton-bridge-v1.6.3.bom.json:49"),
    ("pkg:golang/github.com/BurntSushi/toml@v0.3.1", None, Weak, E::Purl, None, "cdx", "SBOM/proton-bridge/proton-bridge-v1.6.3.bom.json:111"),
    ("pkg:maven/org.keycloak/keycloak-parent@10.0.2", None, Weak, E::Purl, Some("maven:org.keycloak:keycloak-parent/10.0.2"), "cdx", "OBOM/Example-1-Decoupled/bom.json:49"),
    ("pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar", None, Weak, E::Purl, None, "cdx", "OBOM/Example-1-Decoupled/bom.json:60"),
    ("pkg:maven/org.jboss.logging/jboss-logging@3.4.1.Final?type=jar", None, Weak, E::Purl, None, "cdx", "OBOM/Example-1-Decoupled/bom.json:174"),
    ("pkg:npm/puppeteer@1.19.0", None, Weak, E::Purl, Some("npm:puppeteer/1.19.0"), "cdx", "SBOM/cern-lhc-vdm-editor-e564943/bom.json:48"),
    ("pkg:npm/debug@4.1.1", None, Weak, E::Purl, None, "cdx", "SBOM/cern-lhc-vdm-editor-e564943/bom.json:83"),
    ("pkg:composer/brick/math@0.9.3", None, Weak, E::Purl, None, "cdx", "SBOM/laravel-7.12.0/bom.1.1.xml:46"),
    ("pkg:oci/my-image@sha256%3Afedcba09?repository_url=registry.example.com/my-project/my-image&tag=v1.2.3", None, Mutable, E::Purl, None, "intoto", "spec/predicates/release.md:172"), // digest truncated in the example
    ("pkg:github/aquasecurity/trivy@244fd47e07d1004f0aed9", None, Weak, E::Purl, Some("git:244fd47e07d1004f0aed9"), "intoto", "spec/predicates/vuln.md:132"),
    ("{\"dirHash1\": \"2a1bb6127fb481c60f67692e22285fb306f3c6ffe62075e0ccf674d7c3adcb8f\"}", None, Immutable, E::Digest, Some("dirhash1:2a1bb6127fb481c60f67692e22285fb306f3c6ffe62075e0ccf674d7c3adcb8f"), "intoto", "spec/v1/digest_set.md:52"),
    ("pkg:github/aquasecurity/trivy-db/commit/4c76bb580b2736d67751410fa4ab66d2b6b9b27d", None, Mutable, E::Purl, None, "cosign", "specs/COSIGN_VULN_ATTESTATION_SPEC.md:43"), // a commit URL path written as a purl: no version
    ("{\"gitCommit\": \"7fd1a60b01f91b314f59955a4e4d4e80d8edf11d\"}", None, Immutable, E::Digest, Some("git:7fd1a60b01f91b314f59955a4e4d4e80d8edf11d"), "slsa", "spec/build-provenance.md:253"),
    ("{\"gitCommit\": \"9a04d1ee393b5be2773b1ce204f61fe0fd02366a\"}", None, Immutable, E::Digest, Some("git:9a04d1ee393b5be2773b1ce204f61fe0fd02366a"), "slsa", "spec/source-requirements.md:566"),
    ("{ \"sha256\": \"ff332109abdd\" }", None, Mutable, E::Digest, None, "slsa", "www/_posts/2023-05-02-in-toto-and-slsa.md:257"), // truncated in the post
    ("{\"sha256\": \"dabc8907fa\"}", None, Mutable, E::Digest, None, "slsa", "www/_posts/2023-05-02-in-toto-and-slsa.md:300"),
    ("\"sha1\": \"01ce393d04eb6df2a7b2b3e95d4126e687afb7ae\"", None, Weak, E::Digest, Some("sha1:01ce393d04eb6df2a7b2b3e95d4126e687afb7ae"), "slsa", "www/_posts/2022-12-05-gcb-slsa-verification.md:29"),
    ("\"sha256\": \"29e5d68bdb6b95cbcb456953ae5981f9dca6a50c3621c01beb9a75869bc79bec\"", None, Immutable, E::Digest, Some("sha256:29e5d68bdb6b95cbcb456953ae5981f9dca6a50c3621c01beb9a75869bc79bec"), "slsa", "www/_posts/2022-12-05-gcb-slsa-verification.md:51"),
    ("{\"sha256\": \"2f0f9f9a37f20449875d851b74cfaaaeaccb954a71c8d1ce78fba7bcbfb7990f\", \"sha512\": \"f045158113f9cc8cd298c3903d5eb94aef5113c09f00e69d01e045aae71d015a9d6d535591d92571048c952807ed9f9cc4a3b9f877efc46fc76ad076c83b61e0\"}", None, Immutable, E::Digest, Some("sha256:2f0f9f9a37f20449875d851b74cfaaaeaccb954a71c8d1ce78fba7bcbfb7990f"), "slsa", "www/_posts/2025-10-21-slsa-e2e-with-ampel.md:424"), // two lines joined into one object
    ("pkg:docker/golang@1.21?digest=sha256:c82d4ad02c062cf2b393bf0374df26638c6fed3dfe52cdbd3635d4a7befab86e&platform=linux%2Famd64", None, Immutable, E::Purl, Some("sha256:c82d4ad02c062cf2b393bf0374df26638c6fed3dfe52cdbd3635d4a7befab86e"), "slsav", "cli/slsa-verifier/testdata/gha_generic_container/v1.10.0/container_workflow_dispatch/blobs/sha256/c1944d4717b644d2c7e1eccab4cc6e963cefbe288d75b7f7c3dfee4f4a894406:1"), // JSON-decoded (\u0026 is &)
    ("pkg:docker/gcr.io/distroless/static?digest=sha256:072d78bc452a2998929a9579464e55067db4bf6d2c5f9cde582e33c10a415bd1&platform=linux%2Famd64", None, Immutable, E::Purl, Some("sha256:072d78bc452a2998929a9579464e55067db4bf6d2c5f9cde582e33c10a415bd1"), "slsav", "cli/slsa-verifier/testdata/gha_generic_container/v1.10.0/container_workflow_dispatch/blobs/sha256/c1944d4717b644d2c7e1eccab4cc6e963cefbe288d75b7f7c3dfee4f4a894406:1"),
    ("pkg:docker/ghcr.io/slsa-framework/example-package.verifier-e2e.all.tag.main.default.slsa3@v13.0.30?platform=linux%2Famd64", None, Weak, E::Purl, None, "slsav", "cli/slsa-verifier/testdata/gha_generic_container/v1.10.0/container_workflow_dispatch/blobs/sha256/c1944d4717b644d2c7e1eccab4cc6e963cefbe288d75b7f7c3dfee4f4a894406:1"),
    ("pkg:docker/ghcr.io/slsa-framework/example-package.verifier-e2e.all.tag.main.default.slsa3@latest?platform=linux%2Famd64", None, Mutable, E::Purl, None, "slsav", "cli/slsa-verifier/testdata/gha_generic_container/v1.10.0/container_workflow_dispatch/blobs/sha256/c1944d4717b644d2c7e1eccab4cc6e963cefbe288d75b7f7c3dfee4f4a894406:1"),
    ("pkg:docker/ghcr.io/slsa-framework/example-package.verifier-e2e.all.tag.main.default.slsa3@main?platform=linux%2Famd64", None, Mutable, E::Purl, None, "slsav", "cli/slsa-verifier/testdata/gha_generic_container/v1.5.0/container_workflow_dispatch/blobs/sha256/c90ea216960d524d8404b99ba52136dfc8e34ae053a4cc9ceb4be61f06194923:1"),
    ("gs://slsa-tooling_cloudbuild/source/1663616632.078353-fc7db143dcc64b5f9fe71d0497125ca1.tgz#1663616635134845", None, Immutable, E::Gcs, Some("gcs:slsa-tooling_cloudbuild/source/1663616632.078353-fc7db143dcc64b5f9fe71d0497125ca1.tgz#1663616635134845"), "slsav", "cli/slsa-verifier/testdata/gcb_container/v0.3/gcloud-container-gcs.json:25"),
    ("gs://damith-sds_cloudbuild/source/1665165360.279777-955d1904741e4bbeb3461080299e929a.tgz#1665165361152729", None, Immutable, E::Gcs, None, "slsav", "verifiers/internal/gcb/provenance.go:396"),
    ("\"sha256\": \"11ad7efa24975ee4b0c3c3a38ed18737f0658a5f75a0a96787b576a78a023361\"", None, Immutable, E::Digest, Some("sha256:11ad7efa24975ee4b0c3c3a38ed18737f0658a5f75a0a96787b576a78a023361"), "oms", "docs/model_signing_format.md:137"),
    ("\"algorithm\": \"sha256\", \"digest\": \"fdd892...\"", None, Mutable, E::Digest, None, "oms", "src/model_signing/_signing/signing.py:229"), // two docstring lines; the digest is elided
    ("gs://kfserving-examples/models/sklearn/1.0/model", None, Mutable, E::Gcs, None, "kserve", ".github/workflows/e2e-test.yml:181"),
    ("gs://kfserving-examples/models/tensorflow/flowers", None, Mutable, E::Gcs, None, "kserve", "docs/kfp/README.md:68"),
    ("s3://my-bucket/model", None, Mutable, E::S3, None, "kserve", "docs/apis/v1beta1/ROLLOUT_STRATEGY_API.md:99"),
    ("pvc://model-pv-claim", None, Mutable, E::Kserve, None, "kserve", "docs/samples/v1beta1/custom/torchserve/torchserve-custom-pv.yaml:12"),
    ("https://github.com/tduffy000/kfserving-uri-examples/blob/master/sklearn/frozen/model.joblib?raw=true", None, Mutable, E::Git, None, "kserve", "docs/samples/storage/uri/README.md:54"),
    ("https://raw.githubusercontent.com/tduffy000/kfserving-uri-examples/master/tensorflow/frozen/model_artifacts.tar.gz", None, Mutable, E::Git, None, "kserve", "docs/samples/storage/uri/README.md:228"),
    ("s3://${bucket}/models/meta-llama--Meta-Llama-3.1-8B-Instruct", None, Mutable, E::Generic, None, "kserve", "docs/samples/fluid/README.md:94"),
    ("pvc://${PVC_NAME}/export", None, Mutable, E::Generic, None, "kserve", "docs/samples/storage/pvc/mnist-pvc.yaml:9"),
    ("oci+native://ghcr.io/my-org/my-sklearn-model:v1", None, Weak, E::Oci, None, "kserve", "docs/samples/storage/oci-image-volume/inference_service.yaml:57"),
    ("oci+native://<image-ref>", None, Mutable, E::Generic, None, "kserve", "docs/samples/storage/oci-image-volume/inference_service.yaml:18"),
    ("oci+fetch://ghcr.io/kliukovkin/kserve-oci-test-fixture:v1", None, Weak, E::Oci, None, "kserve", "docs/samples/storage/oci-fetch/inference_service.yaml:70"),
    ("https://kserve.blob.core.windows.net/triton/simple_string/", None, Mutable, E::AzureBlob, None, "kserve", "docs/samples/storage/azure/README.md:7"),
    ("hf://meta-llama/meta-llama-3-8b-instruct", None, Mutable, E::HuggingFace, None, "kserve", "docs/samples/localmodelcache/README.md:227"),
    ("hf://deepseek-ai/DeepSeek-R1-0528", None, Mutable, E::HuggingFace, None, "kserve", "docs/samples/llmisvc/dp-ep/deepseek-r1-gpu-rdma-roce/llm-inference-service-dp-ep-deepseek-r1-gpu-deepep-ht.yaml:13"),
    ("hf://user-id/repo-id:tag", None, Mutable, E::HuggingFace, None, "kserve", "pkg/controller/v1alpha2/llmisvc/controller_workload_storage_int_test.go:184"), // a named revision: branch or tag
    ("hf://org-name/model-name:revision", None, Mutable, E::HuggingFace, None, "kserve", "python/storage/README.md:99"),
    ("hdfs://path/to/model", None, Mutable, E::Generic, None, "kserve", "docs/samples/storage/hdfs/README.md:94"),
    ("docker.io/vllm/vllm-openai-cpu:v0.23.0@sha256:89e1fbe829038b1a560601990c8ec89625c622a969fcbc8f10ce48b6139795be", None, Immutable, E::Oci, Some("sha256:89e1fbe829038b1a560601990c8ec89625c622a969fcbc8f10ce48b6139795be"), "kserve", "charts/kserve-runtime-configs/files/llmisvcconfigs/resources.yaml:2618"),
    ("quay.io/flysangel/chrislusf/seaweedfs@sha256:a27e9c432f1dfaafb5bb3f5b39065c0df7a15423a3894025c714b3f06f998aeb", None, Immutable, E::Oci, None, "kserve", "config/overlays/test/s3-local-backend/seaweedfs-deployment.yaml:34"),
    ("docker.io/amazon/aws-cli:2.33.11@sha256:88ea087837da1b31a3afeeb4538888244a3087a867ddb1909848643fcc4b324e", None, Immutable, E::Oci, None, "kserve", "config/overlays/test/s3-local-backend/seaweedfs-init-job-from-cache.yaml:22"),
    ("gcr.io/knative-releases/knative.dev/net-kourier/cmd/kourier@sha256:ab7885b64daf628a6b1e8f0aef572ec6752cd0497172963ffeec80cd870f5fcc", None, Immutable, E::Oci, None, "kserve", "docs/openshift/serverless/knativeserving-kourier.yaml:372"),
    ("kserve/storage-initializer:latest", None, Mutable, E::Oci, None, "kserve", "charts/kserve-llmisvc-resources/files/common/configmap.yaml:148"),
    ("oci://rhuss/kserving-example-sklearn:1.0", None, Weak, E::Oci, None, "kserve", "pkg/webhook/admission/pod/storage_initializer_injector_test.go:5278"),
    ("gpt-3.5-turbo-0125", None, Weak, E::OpenAi, Some("openai:gpt-3.5-turbo-0125"), "kserve", "python/kserve/kserve/protocol/rest/openai/types/openapi-2.0.0.yaml:118"),
    ("gpt-4-0125-preview", None, Weak, E::OpenAi, None, "kserve", "python/kserve/kserve/protocol/rest/openai/types/openapi-2.0.0.yaml:6690"),
    ("gpt-4-1106-preview", None, Weak, E::OpenAi, None, "kserve", "python/kserve/kserve/protocol/rest/openai/types/openapi-2.0.0.yaml:6692"),
    ("gpt-4-0314", None, Weak, E::OpenAi, None, "kserve", "python/kserve/kserve/protocol/rest/openai/types/openapi-2.0.0.yaml:6695"),
    ("gpt-3.5-turbo-0301", None, Weak, E::OpenAi, None, "kserve", "python/kserve/kserve/protocol/rest/openai/types/openapi-2.0.0.yaml:6702"),
    ("gpt-3.5-turbo", None, Mutable, E::OpenAi, None, "kserve", "python/kserve/kserve/protocol/rest/openai/types/openapi-2.0.0.yaml:1756"),
    ("gs://seldon-models/triton/add20", None, Mutable, E::Gcs, None, "seldon", "docs-gb/examples/assets/models/add20.yaml:6"),
    ("gs://seldon-models/scv2/samples/triton_23-03/add10", None, Mutable, E::Gcs, None, "seldon", "docs-gb/examples/assets/models/add10.yaml:6"),
    ("seldonio/mlserver:1.6.0", None, Weak, E::Oci, None, "seldon", "docs-gb/getting-started/quickstart/quickstart.ipynb:124"),
    ("apache/kafka:latest", None, Mutable, E::Oci, None, "seldon", "docs-gb/managing-kafka-topics.md:45"),
    ("kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5", None, Immutable, E::Oci, None, "kuberay", "ci/kind-config-buildkite-kubernetes-was-v1alpha2.yml:11"),
    ("kuberay/apiserver:nightly", None, Mutable, E::Oci, None, "kuberay", "apiserver/DEVELOPMENT.md:197"),
    ("golang:1.26-bookworm", None, Weak, E::Oci, None, "kuberay", ".buildkite/test-e2e-kubernetes-was-v1alpha2.yml:3"),
    ("kindest/node:v1.29.0", None, Weak, E::Oci, None, "kuberay", ".github/workflows/actions/kind/kind.yaml:5"),
    ("kindest/node:v1.27.3@sha256:3966ac761ae0136263ffdb6cfd4db23ef8a83cba8a463690e98317add2c9ba72", None, Immutable, E::Oci, None, "vllmps", "utils/install-kind-cluster.sh:20"),
    ("ubuntu:22.04", None, Weak, E::Oci, None, "vllmps", "examples/disaggregated_prefill_orchestrated/decode-deploy.yaml:51"),
    ("busybox:latest", None, Mutable, E::Oci, None, "vllmps", "deployment_on_cloud/oci/README.md:468"),
    ("nvcr.io/nvidia/k8s-device-plugin:v0.15.0", None, Weak, E::Oci, None, "vllmps", "deployment_on_cloud/azure/nvidia-device-plugin-ds.yaml:29"),
    ("gpt-4o", None, Mutable, E::OpenAi, None, "vllmps", "src/tests/external_providers/conftest.py:28"),
    ("gke.gcr.io/pause:3.8@sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830", None, Immutable, E::Oci, None, "gke", "ai-ml/nemo-rl-on-gke/nemoRL/nccl-installer/nccl-installer.yaml:96"),
    ("envoyproxy/envoy:v1.24.0@sha256:9ae6b26d14ce92f67cd500cb3e5a89aa3351e013140f8b06c36619d929687ce0", None, Immutable, E::Oci, None, "gke", "networking/grpc-gke-nlb-tutorial/envoy/k8s/envoy-deployment.yaml:31"),
    ("vllm/vllm-openai:v0.8.5", None, Weak, E::Oci, None, "gke", "ai-ml/adk-vllm/deploy-llm/deploy-llm.yaml:34"),
    ("axolotlai/axolotl:main-latest", None, Mutable, E::Oci, None, "gke", "ai-ml/axolotl-multimodal-finetuning-gemma/k8s/axolotl-training-job.yaml:34"),
    ("google/cloud-sdk:latest", None, Mutable, E::Oci, None, "gke", "ai-ml/axolotl-multimodal-finetuning-gemma/k8s/model-export.yaml:28"),
    ("tensorflow/tensorflow:2.14.0", None, Weak, E::Oci, None, "gke", "ai-ml/axolotl-multimodal-finetuning-gemma/k8s/tensorboard.yaml:36"),
    ("hf://google/gemma-3-27b-it", None, Mutable, E::HuggingFace, None, "gke", "ai-ml/nemo-rl-on-gke/nemoRL/gemma3-27b-it/nim-gemma-deployment.yaml:58"),
    ("hf://datasets/HuggingFaceH4/ultrafeedback_binarized/", None, Mutable, E::HuggingFace, None, "gke", "ai-ml/gke-ray/tpu/get-started/data/prepare_preference_data.py:43"),
    ("https://huggingface.co/meta-llama/Llama-2-7b-chat-hf", None, Mutable, E::HuggingFace, None, "gke", "ai-ml/gke-ray/rayserve/README.md:9"),
    ("azureml://registries/azureml-meta/models/Meta-Llama-3.1-8B-Instruct/versions/2", None, Immutable, E::AzureMl, Some("azureml:registries/azureml-meta/models/Meta-Llama-3.1-8B-Instruct/2"), "aml", "cli/foundation-models/system/distillation/conversation/distillation_conversation.yaml:28"),
    ("azureml://registries/azureml/environments/model-evaluation/versions/6", None, Immutable, E::AzureMl, None, "aml", "cli/foundation-models/system/evaluation/fill-mask/fill-mask-pipeline.yml:16"),
    ("azureml:xgboost-sklearn-py38@latest", None, Mutable, E::AzureMl, None, "aml", "cli/endpoints/batch/deploy-pipelines/batch-scoring-with-preprocessing/components/prepare/prepare.yml:36"),
    ("azureml:credit-default:main", None, Mutable, E::AzureMl, None, "aml", "cli/monitoring/advanced-model-monitoring.yaml:24"), // an endpoint:deployment pair, not an asset version
    ("azureml:account:1", None, Immutable, E::AzureMl, Some("azureml:account/1"), "aml", "sdk/python/featurestore_sample/featurestore/featuresets/accounts/featureset_asset.yaml:9"),
    ("azureml://registries/azureml/models/Phi-3-mini-4k-instruct/versions/14", None, Immutable, E::AzureMl, None, "aml", "cli/jobs/finetuning/standalone/model-as-a-platform/chat-completion/chat-completion-finetuning-amlcompute.yaml:9"),
    ("azureml:production_data_preprocessing:1.0.0", None, Immutable, E::AzureMl, None, "aml", "cli/monitoring/model-monitoring-with-collected-data.yaml:34"),
    ("azureml://locations/{AI_PROJECT_LOCATION}/workspaces/{WORKSPACE_ID}/models/llama-conversation-distilled/versions/{VERSION}", None, Mutable, E::Generic, None, "aml", "cli/foundation-models/system/distillation/conversation/serverless_endpoint.yaml:2"),
    ("azureml://registries/azureml/environments/sklearn-1.5/labels/latest", None, Mutable, E::AzureMl, None, "aml", "cli/assets/component/README.md:76"),
    ("azureml://registries/azureml/components/dataset_downloader/labels/latest", None, Mutable, E::AzureMl, None, "aml", "sdk/python/foundation-models/benchmarking/evaluation_pipelines/azure_openai/boolq.yaml:13"),
    ("azureml://datastores/workspaceblobstore/paths/data/titanic.csv", None, Mutable, E::AzureMl, None, "aml", "cli/jobs/spark/attached-spark-pipeline-default-identity.yml:14"),
    ("azureml:sklearn-regression-env:1", None, Immutable, E::AzureMl, None, "aml", "cli/endpoints/online/deploy-with-packages/custom-model/package-external.yml:4"),
    ("azureml://registries/azureml/models/bert-based-uncased/versions/3", None, Immutable, E::AzureMl, None, "aml", "cli/foundation-models/system/finetune/question-answering/extractive-qa-pipeline.yml:14"),
    ("azureml:heart-classifier-mlflow@latest", None, Mutable, E::AzureMl, None, "aml", "cli/endpoints/batch/deploy-models/heart-classifier-mlflow/deployment-custom/deployment.yml:6"),
    ("azureml:AzureML-acpt-pytorch-2.8-cuda12.6@latest", None, Mutable, E::AzureMl, None, "aml", "cli/jobs/nebulaml/PyTorch_CNN_MNIST/job.yml:25"),
    ("azureml://locations/westus3/workspaces/f713c34a-3dbd-45ab-b91f-843ab890ce2f/models/GPT-2B/versions/1", None, Immutable, E::AzureMl, Some("azureml:workspaces/f713c34a-3dbd-45ab-b91f-843ab890ce2f/models/GPT-2B/1"), "aml", "sdk/python/foundation-models/nvidia-nemo/deploy_infer.ipynb:120"),
    ("/subscriptions/6c180dd2-1ec4-4fad-8ba8-1f2d8d67c129/resourceGroups/fmmg-mars-collab/providers/Microsoft.MachineLearningServices/workspaces/fmmg-mars-collab/environments/DefaultNcdEnv-mlflow-ubuntu20-04-py38-cpu-inference/versions/20240805", None, Immutable, E::AzureMl, Some("azureml:workspaces/fmmg-mars-collab/environments/DefaultNcdEnv-mlflow-ubuntu20-04-py38-cpu-inference/20240805"), "aml", "sdk/python/foundation-models/healthcare-ai/medimageinsight/mi2-deploy.ipynb:184"),
    ("/subscriptions/XXXXX/resourceGroups/XXXXX/providers/Microsoft.MachineLearningServices/workspaces/XXXXX/datasets/titanic-mltable/versions/1", None, Mutable, E::Generic, None, "aml", "sdk/python/assets/data/working_with_mltable.ipynb:300"),
    ("/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RESOURCE_GROUP/providers/Microsoft.MachineLearningServices/workspaces/$WORKSPACE/models/mnist/versions/1", None, Mutable, E::Generic, None, "aml", "cli/batch-score-rest.sh:93"),
    ("azureml:cpu-cluster", None, Mutable, E::AzureMl, None, "aml", "cli/jobs/automl-standalone-jobs/cli-automl-classification-task-bankmarketing/cli-automl-classification-task-bankmarketing.yml:8"),
    ("models:/heart-disease-classifier/1", None, Immutable, E::Mlflow, Some("mlflow:heart-disease-classifier/1"), "aml", "sdk/python/using-mlflow/deploy/scoring_to_mlmodel.ipynb:441"),
    ("runs:/{run.info.run_id}/model", None, Mutable, E::Generic, None, "aml", "sdk/python/using-mlflow/deploy/track_with_databricks_deploy_aml.ipynb:424"),
    ("runs:/$run_id/model", None, Mutable, E::Generic, None, "aml", "cli/train.sh:149"),
    ("models:/{model_name}/{version}", None, Mutable, E::Generic, None, "aml", "sdk/python/using-mlflow/deploy/mlflow_sdk_online_endpoints.ipynb:374"),
    ("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest", None, Mutable, E::Oci, None, "aml", "cli/endpoints/batch/deploy-models/custom-outputs-parquet/deployment.yml:9"),
    ("format=OpenAI name=gpt-35-turbo version=0613 versionUpgradeOption=OnceNewDefaultVersionAvailable", None, Mutable, E::AzureOpenAi, None, "aishow", "infra/bicep/openai.bicep:9 + :82"), // the deployment's model block and its versionUpgradeOption, flattened
    ("format=OpenAI name=gpt-4o version=2024-05-13 versionUpgradeOption=OnceNewDefaultVersionAvailable", None, Mutable, E::AzureOpenAi, None, "aishow", "infra/bicep/openai.bicep:21 + :82"),
    ("format=OpenAI name=text-embedding-3-large version=1 versionUpgradeOption=OnceNewDefaultVersionAvailable", None, Mutable, E::AzureOpenAi, None, "aishow", "infra/bicep/openai.bicep:32 + :82"),
    ("format=OpenAI name=dall-e-3 version=3.0 versionUpgradeOption=OnceNewDefaultVersionAvailable", None, Mutable, E::AzureOpenAi, None, "aishow", "infra/bicep/openai.bicep:57 + :82"),
    ("${AZURE_OPENAI_CHAT_MODEL=gpt-5.4}", None, Mutable, E::Generic, None, "aoaiq", "infra/main.parameters.json:18"),
    ("${AZURE_OPENAI_CHAT_MODEL_VERSION=2026-03-05}", None, Mutable, E::Generic, None, "aoaiq", "infra/main.parameters.json:21"),
    ("anthropic.claude-3-sonnet-20240229-v1:0", None, Weak, E::Bedrock, None, "bedrock", "agents-and-function-calling/bedrock-agents/features-examples/13-create-agent-using-CDK/BedrockAgentStack/config.json:11"),
    ("anthropic.claude-3-haiku-20240307-v1:0", None, Weak, E::Bedrock, None, "bedrock", "agents-and-function-calling/bedrock-agents/use-case-examples/cost-explorer-agent/agent_template.yaml:24"),
    ("amazon.titan-embed-text-v1", None, Weak, E::Bedrock, None, "bedrock", "agents-and-function-calling/bedrock-agents/features-examples/05-create-agent-with-knowledge-base-and-action-group/knowledge_base.py:9"),
    ("amazon.titan-embed-text-v2:0", None, Weak, E::Bedrock, None, "bedrock", "agents-and-function-calling/bedrock-agents/features-examples/08-create-agent-with-guardrails/knowledge_base.py:35"),
    ("cohere.embed-english-v3", None, Weak, E::Bedrock, None, "bedrock", "agents-and-function-calling/bedrock-agents/features-examples/05-create-agent-with-knowledge-base-and-action-group/knowledge_base.py:9"),
    ("mistral.mixtral-8x7b-instruct-v0:1", None, Weak, E::Bedrock, None, "bedrock", "docs/introduction-to-bedrock/converse_api/01_converse_api.md:83"),
    ("anthropic.claude-v2", None, Weak, E::Bedrock, None, "bedrock", "docs/agents-and-function-calling/open-source-agents/langgraph/02_medibot_V3_agents.md:301"),
    ("anthropic.claude-v2:1", None, Weak, E::Bedrock, None, "bedrock", "agents-and-function-calling/bedrock-agents/use-case-examples/insurance-claim-lifecycle-automation/agent/streamlit/bedrock_streamlit.py:173"),
    ("anthropic.claude-instant-v1", None, Weak, E::Bedrock, None, "bedrock", "docs/workshop/open-source-l200/04_retrieval_based_chat_application.md:774"),
    ("amazon.nova-micro-v1:0", None, Weak, E::Bedrock, None, "bedrock", "data-automation-bda/workshops/05-rag/utils/knowledge_base.py:20"),
    ("us.anthropic.claude-opus-4-6-v1", None, Weak, E::Bedrock, None, "bedrock", "advanced-prompt-optimization/data/defactify/reference_results.jsonl:1"),
    ("meta.llama3-1-70b-instruct-v1:0", None, Weak, E::Bedrock, None, "bedrock", "docs/agents/open-source-l400/00_Lab_Intro to Use-Case.md:121"),
    ("us.anthropic.claude-3-5-haiku-20241022-v1:0", None, Weak, E::Bedrock, Some("bedrock:anthropic.claude-3-5-haiku-20241022-v1:0"), "bedrock", "agents-and-function-calling/agentic-guardrails/langgraph_guardrails.py:94"),
    ("arn:aws:bedrock:us-east-1:622343165275:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0", None, Weak, E::Bedrock, Some("bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0"), "bedrock", "introduction-to-bedrock/cross-region/Getting_started_with_Cross-region_Inference.ipynb:286"),
    ("arn:aws:bedrock:us-east-1::foundation-model/ai21.j2-mid", None, Mutable, E::Bedrock, None, "bedrock", "articles-guides/prompt-engineering/session-4/Setup.ipynb:299"),
    ("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0", None, Weak, E::Bedrock, None, "bedrock", "introduction-to-bedrock/batch_api/batch-inference-launch-and-compare-jobs.ipynb:358"),
    ("arn:aws:bedrock:us-east-1:061051260563:agent/PXINSLJAOL", None, Mutable, E::Bedrock, None, "bedrock", "agents-and-function-calling/bedrock-agents/features-examples/12-models-not-yet-optimized-for-bedrock-agents/12-models-not-yet-optimized-for-bedrock-agents.ipynb:1081"),
    ("arn:aws:bedrock:us-east-1:769977401909:imported-model/4q02n3w8s02a", None, Immutable, E::Bedrock, None, "bedrock", "docs/custom-models/import_models/llama-3.1-jumpstart-chess/test_chess_model.md:23"),
    ("arn:aws:bedrock:us-east-1:686642339053:guardrail/h7t5aokrpe1n", None, Mutable, E::Bedrock, None, "bedrock", "responsible_ai/kiro-code-modality-guardrail-hook/kiro_agent_guardrails_demo.ipynb:387"),
    ("arn:aws:bedrock:us-east-1:095351214964:provisioned-model/fj8dou88yq5q", None, Mutable, E::Bedrock, None, "smex", " archived/bedrock-examples/fine_tune_bedrock_step_decorator.ipynb:1090"),
    ("arn:aws:bedrock:us-east-1:095351214964:custom-model/amazon.titan-text-lite-v1:0:4k/2zefi5rp4ez1", None, Immutable, E::Bedrock, None, "smex", " archived/bedrock-examples/fine_tune_bedrock_step_decorator.ipynb:1091"),
    ("arn:aws:sagemaker:us-west-2:729646638167:model-package-group/sdk-test-finetuned-models", None, Mutable, E::Sagemaker, None, "smsdk", "sagemaker-train/tests/integ/train/test_benchmark_evaluator.py:51"),
    ("arn:aws:sagemaker:us-west-2:123456789012:model-package/test-package", None, Weak, E::Sagemaker, None, "smsdk", "sagemaker-serve/tests/unit/test_inference_config_parameter_handling.py:75"),
    ("arn:aws:sagemaker:us-west-2:123456789012:model-package/my-model/1", None, Immutable, E::Sagemaker, Some("sagemaker:arn:aws:sagemaker:us-west-2:123456789012:model-package/my-model/1"), "smsdk", "sagemaker-serve/tests/unit/utils/test_lineage_utils.py:31"),
    ("arn:aws:sagemaker:us-west-2:729646638167:model-package/sdk-test-finetuned-models/1", None, Immutable, E::Sagemaker, None, "smsdk", "sagemaker-serve/tests/integ/test_model_customization_deployment.py:71"),
    ("arn:aws:sagemaker:us-west-2:052150106756:model-package/test-finetuned-models/28", None, Immutable, E::Sagemaker, None, "smsdk", "sagemaker-train/tests/integ/train/test_benchmark_evaluator.py:38"),
    ("arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint", None, Mutable, E::Sagemaker, None, "smsdk", "sagemaker-serve/tests/unit/test_model_reuse.py:72"),
    ("arn:aws:sagemaker:us-east-1:123456789012:inference-component/ic1", None, Mutable, E::Sagemaker, None, "smsdk", "sagemaker-serve/tests/unit/test_model_builder.py:358"),
    ("arn:aws:sagemaker:us-east-1:123456789012:model/test-model", None, Mutable, E::Sagemaker, None, "smsdk", "sagemaker-train/tests/unit/train/common_utils/test_finetune_utils.py:463"),
    ("arn:aws:sagemaker:us-west-2:123456789012:endpoint-config/my-config", None, Mutable, E::Sagemaker, None, "smsdk", "sagemaker-core/tests/unit/helper/test_session_helper.py:907"),
    ("arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/amazon-nova-lite-v1/1.0.0", None, Weak, E::Sagemaker, None, "smsdk", "sagemaker-train/tests/unit/train/evaluate/test_evaluator_dry_run.py:51"),
    ("arn:aws:bedrock:us-west-2:123:imported-model/abc", None, Immutable, E::Bedrock, None, "smsdk", "sagemaker-serve/tests/unit/test_bedrock_model_builder.py:565"),
    ("models:/my-model/1", None, Immutable, E::Mlflow, Some("mlflow:my-model/1"), "smsdk", "docs/ml_ops/index.rst:472"),
    ("runs:/abc123/model", None, Mutable, E::Mlflow, None, "smsdk", "sagemaker-serve/tests/unit/test_model_builder_utils_extended_coverage.py:276"), // a run id is 32 hex digits
    ("projects/my-project/locations/europe-west1/models/9876543210@1", None, Immutable, E::VertexAi, Some("vertex:projects/my-project/locations/europe-west1/models/9876543210/1"), "vertex", "tests/unit/agentplatform/genai/test_genai_model_garden.py:792"),
    ("projects/123/locations/us-central1/models/456@1", None, Immutable, E::VertexAi, None, "vertex", "google/cloud/aiplatform/models.py:7798"),
    ("projects/123/locations/us-central1/models/456", None, Mutable, E::VertexAi, None, "vertex", "agentplatform/model_garden/_model_garden.py:1507"),
    ("projects/580378083368/locations/us-central1/models/6430031960164270080", None, Mutable, E::VertexAi, None, "vertex", "samples/snippets/endpoint_service/deploy_model_custom_trained_model_sample_test.py:27"),
    ("projects/193595526740/locations/us-central1/endpoints/4203439000301600768", None, Mutable, E::VertexAi, None, "vertex", "google/cloud/aiplatform_v1beta1/types/batch_prediction_job.py:98"),
    ("gemini-pro", None, Mutable, E::VertexAi, None, "vertex", "gemini_docs/README.md:370"),
    ("gemini-2.5-flash", None, Mutable, E::VertexAi, None, "vertex", "README.rst:277"),
    ("text-bison@001", None, Weak, E::VertexAi, None, "vertex", "tests/system/aiplatform/test_language_models.py:377"),
    ("chat-bison@001", None, Weak, E::VertexAi, None, "vertex", "agentplatform/_genai/types/common.py:24617"),
    ("gemini-1.5-pro-002", None, Weak, E::VertexAi, None, "vertex", "tests/system/vertexai/test_generative_models.py:43"),
    ("gemini-1.0-pro-001", None, Weak, E::VertexAi, None, "vertex", "agentplatform/agent_engines/templates/ag2.py:282"),
    ("gemini-1.5-pro-preview-0409", None, Weak, E::VertexAi, None, "vertex", "tests/system/vertexai/test_generative_models.py:41"),
    ("textembedding-gecko@003", None, Weak, E::VertexAi, None, "vertex", "google/cloud/aiplatform_v1beta1/types/example_store.py:99"),
    ("text-embedding-004", None, Weak, E::VertexAi, None, "vertex", "google/cloud/aiplatform_v1beta1/types/example_store.py:100"),
    ("gemini-1.5-flash-exp", None, Mutable, E::VertexAi, None, "vertex", "tests/unit/aiplatform/test_multimodal_datasets.py:792"),
    ("publishers/google/models/gemini-1.0-pro", None, Mutable, E::VertexAi, None, "vertex", "agentplatform/batch_prediction/_batch_prediction.py:135"),
    ("publishers/google/models/gemma2@gemma-2-2b-it", None, Mutable, E::VertexAi, None, "vertex", "agentplatform/model_garden/_model_garden.py:337"), // a Model Garden variant name, not a version number
    ("md5: 22a1a2931c8370d3aeedd7183606fd7f", None, Weak, E::Dvc, Some("md5:22a1a2931c8370d3aeedd7183606fd7f"), "dvcex", "data/data.xml.dvc:9"),
    ("md5: 153aad06d376b6595932470e459ef42a.dir", None, Weak, E::Dvc, Some("md5:153aad06d376b6595932470e459ef42a"), "dvcex", "dvc.lock:21"),
    ("rev_lock: f59388cd04276e75d70b2136597aaa27e7937cc3", None, Immutable, E::Dvc, Some("git:f59388cd04276e75d70b2136597aaa27e7937cc3"), "dvcex", "data/data.xml.dvc:7"),
    ("md5: f5ea021eddd7b1df6de80b904cba1da6\nfrozen: true\ndeps:\n- path: get-started/data.xml\n  repo:\n    url: https://github.com/iterative/dataset-registry\n    rev_lock: f59388cd04276e75d70b2136597aaa27e7937cc3", None, Immutable, E::Dvc, Some("git:f59388cd04276e75d70b2136597aaa27e7937cc3"), "dvcex", "data/data.xml.dvc:1"), // the head of data/data.xml.dvc
    ("iris_classifier:qojf5xauugwqtgxi", Some(E::Bentoml), Weak, E::Bentoml, Some("bentoml:iris_classifier/qojf5xauugwqtgxi"), "bento", "src/bentoml_cli/bentos.py:134"),
    ("iris_clf:qojf5xauugwqtgxi", Some(E::Bentoml), Weak, E::Bentoml, None, "bento", "src/bentoml_cli/models.py:82"),
    ("bento: summarization:xq4dggshm25lecvj", Some(E::Bentoml), Weak, E::Bentoml, Some("bentoml:summarization/xq4dggshm25lecvj"), "bento", "docs/source/scale-with-bentocloud/deployment/canary-deployments.rst:93"),
    ("bento: summarization:t226bcshm2bqicvj", Some(E::Bentoml), Weak, E::Bentoml, None, "bento", "docs/source/scale-with-bentocloud/deployment/canary-deployments.rst:114"),
    ("iris_classifier:qojf5xauugwqtgxi", None, Mutable, E::Oci, None, "bento", "src/bentoml_cli/bentos.py:134"), // without the hint a name:tag reads as an image tag that is a word
    ("models:/IrisClf/Staging", None, Mutable, E::Mlflow, None, "bento", "tests/integration/frameworks/mlflow/test_apis.py:78"),
    ("bike dataset:v1", Some(E::Wandb), Immutable, E::Wandb, Some("wandb:bike dataset/v1"), "wandb", "artifacts/artifacts-api.md:19"),
    ("bike dataset:latest", Some(E::Wandb), Mutable, E::Wandb, None, "wandb", "artifacts/artifacts-api.md:35"),
];

#[test]
fn real_references_get_their_documented_class() {
    let mut failures = Vec::new();
    for (input, hint, class, eco, token, src, loc) in ROWS {
        assert!(
            SOURCES.iter().any(|(id, ..)| id == src),
            "{input:?}: unknown source {src}"
        );
        assert!(!loc.is_empty(), "{input:?}: no location");
        let got = match hint {
            Some(h) => classify_as(input, *h),
            None => classify(input),
        };
        let got_token = got.identity.as_ref().map(Identity::token);
        let token_ok = token.is_none() || got_token.as_deref() == *token;
        if got.class != *class || got.ecosystem != *eco || !token_ok {
            failures.push(format!(
                "{input:?} ({src} {loc}):\n    expected {class:?} {eco:?} {token:?}\n    got      {:?} {:?} {:?} -- {}",
                got.class, got.ecosystem, got_token, got.reason
            ));
        }
        if got.class == Immutable {
            assert!(
                got.identity.is_some(),
                "{input:?} is immutable without identity"
            );
        }
        if got.ecosystem == E::Generic && got.class == Mutable && input.contains(['$', '{', '<']) {
            assert!(
                got.reason.starts_with("placeholder"),
                "{input:?}: {}",
                got.reason
            );
        }
    }
    assert!(ROWS.len() >= 150, "only {} real rows", ROWS.len());
    assert!(
        failures.is_empty(),
        "{} of {} real references misclassified:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
}

#[test]
fn every_source_is_used_and_cited_with_a_commit_and_licence() {
    for (id, repo, commit, licence) in SOURCES {
        assert!(ROWS.iter().any(|r| r.5 == *id), "source {id} has no row");
        assert!(repo.contains('/'), "{id}: {repo}");
        assert_eq!(commit.len(), 40, "{id}: commit {commit}");
        assert!(!licence.is_empty(), "{id}: licence");
    }
}

#[test]
fn the_rows_cover_every_class_and_the_issue_forms() {
    for class in [Immutable, Weak, Mutable] {
        assert!(
            ROWS.iter().filter(|r| r.2 == class).count() >= 20,
            "{class:?}"
        );
    }
    for eco in [
        E::Purl,
        E::Oci,
        E::HuggingFace,
        E::AzureMl,
        E::AzureOpenAi,
        E::Bedrock,
        E::Sagemaker,
        E::VertexAi,
        E::Dvc,
        E::Digest,
        E::Gcs,
        E::Kserve,
        E::Bentoml,
        E::Mlflow,
        E::Wandb,
    ] {
        assert!(ROWS.iter().any(|r| r.3 == eco), "no real row read as {eco}");
    }
}
