//! BentoML on Kubernetes (Yatai): `BentoDeployment` and `Bento` resources.
//!
//! - `serving.yatai.ai/v1alpha1|v1alpha2` `BentoDeployment` → `deploy`: `spec.bento_tag`
//!   (`<name>:<version>`) is the deployed Bento — service code and the models it bundles — so
//!   its role is the model. The version is generated per build and names one build in a Bento
//!   store, but it is a label, not a content digest (apis/serving/v1alpha1/bentodeployment_types.go
//!   in bentoml/yatai-deployment; <https://docs.bentoml.com/en/latest/reference/bentoml/stores.html>).
//! - `serving.yatai.ai/v2alpha1` `BentoDeployment` names a `Bento` resource BY NAME
//!   (`spec.bento`); the identity is in that resource.
//! - `resources.yatai.ai/v1alpha1` `Bento` → `deploy`: `spec.tag` is the Bento (model role) and
//!   `spec.image` the image Yatai built for it (runtime image). Yatai creates a Bento resource
//!   for the Bento a v2alpha1 deployment runs, so it is read as deployed: in the usual file,
//!   the Bento resource and the BentoDeployment that names it are one deploy stage.
//!
//! Deliberately not read: `spec.bento` itself (a resource name), `runners[].name`,
//! `runnableType`, `monitorExporter` options, mounts, `resources`, `autoscaling`, ingress.

use super::{Emit, Format, Part, api_kind, metadata_name, role};
use crate::refs::Ecosystem;
use crate::yaml::Node;

/// `BentoDeployment` (v1alpha1, v1alpha2, v2alpha1).
pub static BENTO_DEPLOYMENT: Format = Format {
    id: "bentoml-bentodeployment",
    title: "BentoML (Yatai) BentoDeployment",
    detect: |d| api_kind(d) == Some(("serving.yatai.ai", "BentoDeployment")),
    read: read_deployment,
};

/// `Bento` resources.
pub static BENTO: Format = Format {
    id: "bentoml-bento",
    title: "BentoML (Yatai) Bento",
    detect: |d| api_kind(d) == Some(("resources.yatai.ai", "Bento")),
    read: read_bento,
};

fn read_deployment(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "bentodeployment");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    // A BentoDeployment always runs a Bento.
    emit.expect_role(stage, role::MODEL);
    for key in ["bento_tag", "bentoTag"] {
        if let Some(tag) = spec.get(key) {
            let shown = format!("spec.{key}");
            let object = emit.object(stage, &shown, tag);
            // A Bento tag is BentoML's `name:version`, not an image tag.
            emit.reference_as(
                stage,
                object,
                role::MODEL,
                "bento",
                &shown,
                tag,
                Ecosystem::Bentoml,
            );
        }
    }
    if let Some(b) = spec.get("bento") {
        emit.note(
            b,
            "a v2alpha1 BentoDeployment names a Bento resource by name: the Bento's tag and image are read from that resource when it is in the release",
        );
    }
}

fn read_bento(doc: &Node, emit: &mut Emit<'_, '_>) {
    let name = metadata_name(doc, "bento");
    let Some(spec) = doc.get("spec") else { return };
    let Some(stage) = emit.stage(Part::Deploy, name, doc, "spec") else {
        return;
    };
    if let Some(tag) = spec.get("tag") {
        let object = emit.object(stage, "spec.tag", tag);
        emit.reference_as(
            stage,
            object,
            role::MODEL,
            "bento",
            "spec.tag",
            tag,
            Ecosystem::Bentoml,
        );
    }
    if let Some(img) = spec.get("image") {
        let object = emit.object(stage, "spec.image", img);
        emit.reference_as(
            stage,
            object,
            role::RUNTIME_IMAGE,
            "image",
            "spec.image",
            img,
            Ecosystem::Oci,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::read_alone;

    #[test]
    fn bento_tag_and_bento_resource_are_read() {
        let doc = "apiVersion: resources.yatai.ai/v1alpha1\nkind: Bento\nmetadata:\n  name: b\nspec:\n  image: quay.io/bentoml/iris:abc\n  runners:\n  - name: iris_clf\n  tag: iris:abc\n---\napiVersion: serving.yatai.ai/v2alpha1\nkind: BentoDeployment\nmetadata:\n  name: d\nspec:\n  bento: b\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("bentoml-bento"));
        assert_eq!(
            got.references(),
            vec![
                ("model".to_string(), 9, "iris:abc".to_string()),
                (
                    "runtime_image".to_string(),
                    6,
                    "quay.io/bentoml/iris:abc".to_string()
                ),
            ]
        );
        assert_eq!(got.stages.len(), 1, "one deploy stage: {:?}", got.stages);
    }

    #[test]
    fn v1alpha2_bento_tag_and_look_alikes() {
        let doc = "apiVersion: serving.yatai.ai/v1alpha2\nkind: BentoDeployment\nmetadata:\n  name: demo\n  labels:\n    model: iris\nspec:\n  bento_tag: iris_classifier:nxapohu4codzplg6\n  runners:\n  - name: iris_clf\n  resources:\n    limits:\n      cpu: 1000m\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("bentoml-bentodeployment"));
        assert_eq!(
            got.references(),
            vec![(
                "model".to_string(),
                8,
                "iris_classifier:nxapohu4codzplg6".to_string()
            )]
        );
        assert!(got.fields.is_empty());
    }
}
