//! KServe `storageUri` schemes of its own: `pvc://` and the OCI delivery modes
//! `oci+native://`, `oci+fetch://`, `oci+modelcar://`; every other scheme (`hf://`, `s3://`,
//! `gs://`, `oci://` …) is read by its own ecosystem.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::scan::{q, strip_prefix_ci};
use super::{Classification, Ecosystem};

const STORAGE: &str = "https://kserve.github.io/website/docs/model-serving/storage/overview";
const OCI: &str = "https://kserve.github.io/website/docs/model-serving/storage/providers/oci";
const OCI_SCHEME: &str = "https://github.com/kserve/kserve/blob/master/pkg/utils/storage.go";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: Ecosystem::Kserve,
    id: "kserve",
    title: "KServe storageUri",
    summary: "A PVC path is mutable; `oci+native://`, `oci+fetch://` and `oci+modelcar://` are \
              read by the OCI image rules (digest immutable, version tag weak).",
    claims: &[
        Claim { on: On::Scheme("pvc"), read: pvc_claim },
        Claim { on: On::Scheme("oci+native"), read: oci_claim },
        Claim { on: On::Scheme("oci+fetch"), read: oci_claim },
        Claim { on: On::Scheme("oci+modelcar"), read: oci_claim },
    ],
    guess: None,
    forced: Some(forced),
    version_slots: &["oci+native://ghcr.io/org/model:{}", "oci+fetch://ghcr.io/org/model@sha256:{}"],
    forms: &[
        Form::decided("pvc://model-store/fraud/v3", Mutable, "PVC path", "files on a volume can be overwritten in place; nothing versions them"),
        Form::doc(
            "oci+native://ghcr.io/org/model@sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d::/models",
            Immutable,
            "image volume by digest, with a path",
            OCI_SCHEME,
        )
        .reads_as(Ecosystem::Oci)
        .id("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"),
        Form::doc("oci+native://ghcr.io/my-org/my-sklearn-model:v1", Weak, "image volume by tag", OCI).reads_as(Ecosystem::Oci),
        Form::doc("oci+fetch://ghcr.io/org/model:latest", Mutable, "fetched image at `latest`", OCI).reads_as(Ecosystem::Oci),
        Form::doc("hf://meta-llama/Llama-3.1-8B", Mutable, "`hf://` storageUri", STORAGE).reads_as(Ecosystem::HuggingFace),
    ],
    notes: &[
        "**KServe.** `oci+<mode>://` is normalised to `oci://` the way KServe does \
         (`ParseOciScheme`) and read by the OCI rules; a trailing `::<path>` (the path inside \
         the image) is ignored. `hf://org/name:<rev>` is KServe's Hugging Face spelling.",
    ],
};

fn pvc_claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_pvc(c.rest.strip_prefix("//")?))
}

/// `oci+<mode>://<image>[::<path>]`.
fn oci_claim(c: &Claimed<'_>) -> Option<Classification> {
    let r = c.rest.strip_prefix("//")?;
    let image = r.split("::").next().unwrap_or(r);
    let mode = c.text.split("://").next().unwrap_or("");
    let mut out = super::oci::classify_ref(image, Ecosystem::Oci);
    out.reason = format!("{} (KServe `{mode}://`)", out.reason);
    Some(out)
}

/// `pvc://<claim>/<path>`: a Kubernetes volume whose files can be overwritten in place.
pub(crate) fn classify_pvc(rest: &str) -> Classification {
    let claim = rest.split('/').next().unwrap_or("");
    Classification::mutable(
        Ecosystem::Kserve,
        format!("PVC {} contents can be overwritten in place", q(claim)),
    )
}

/// Forced reading as a KServe `storageUri`: dispatch on the scheme.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    if let Some(rest) = strip_prefix_ci(s, "pvc://") {
        return Some(classify_pvc(rest));
    }
    if s.contains("://") {
        return Some(super::classify(s));
    }
    None
}
