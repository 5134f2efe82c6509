//! CycloneDX BOMs (`bomFormat: CycloneDX`), read for their ML-BOM content (CycloneDX 1.5-1.7:
//! <https://cyclonedx.org/capabilities/mlbom/>, schema `bom-1.6.schema.json` / `bom-1.7`).
//!
//! An ML-BOM documents a model: its model components (with their `modelCard`) and datasets are
//! the release's `model_card` stage, so a deployment that names the same artifact binds it, and
//! names listed together in one component (a `purl` commit and a `SHA-256` hash) are one
//! identity. A BOM deploys nothing: alone it is `not-analysed`.
//!
//! Read, for every component of `type: machine-learning-model` (role model) or `type: data`
//! (role dataset) in `components[]` (nested `components` too) and for a `metadata.component` of
//! those types — each component one artifact object:
//!
//! | field | read as |
//! |---|---|
//! | `group` + `name` | reference (`group/name`) |
//! | `version` | the component's pin (`version`): a full Hub commit pins, a label is weak |
//! | `purl` | reference |
//! | `hashes[] {alg, content}` | digest (`SHA-256`, `SHA-384`, `SHA-512`; `SHA-1` is a 40-hex id, as a Hub commit) |
//! | `externalReferences[]` of type `distribution` / `distribution-intake`: `url` | reference |
//! | `data[].contents.url` (data components) | dataset reference |
//! | `modelCard.modelParameters.datasets[]` written inline: `contents.url`, `hashes` | a dataset object of its own |
//!
//! Deliberately not read: the BOM's own `version` and `serialNumber` (the document's revision),
//! `bom-ref`s, `metadata.component` of another type (the application), `dependencies`, `tags`
//! (`dataset:…` are Hub tags), `licenses`, `externalReferences` of other types (a `website`),
//! `modelCard` metrics, considerations, energy and CO2 figures and graphics, `properties`,
//! `MD5` / `SHA3-*` / `BLAKE*` hashes. `quantitativeAnalysis.performanceMetrics` has no run id:
//! it is not credited as an evaluation, and a note says so. skillgate verifies no hash and no
//! signature; every BOM read yields a note saying so.

use super::intoto::{digest_text, join};
use super::{Emit, Format, Part, role};
use crate::yaml::Node;

/// A CycloneDX BOM.
pub static BOM: Format = Format {
    id: "cyclonedx-mlbom",
    title: "CycloneDX BOM (ML-BOM)",
    detect: |d| d.get("bomFormat").and_then(Node::as_str) == Some("CycloneDX"),
    read,
};

/// Deepest `components[].components[]` nesting read.
const MAX_NESTING: usize = 32;

fn read(doc: &Node, emit: &mut Emit<'_, '_>) {
    emit.note(
        doc.get("bomFormat").unwrap_or(doc),
        "skillgate compares the identities this BOM lists for its models and datasets (its subjects); it does not verify any hash or signature",
    );
    let mut found: Vec<(&Node, String, &'static str)> = Vec::new();
    if let Some(c) = doc.get("metadata").and_then(|m| m.get("component")) {
        if let Some(r) = component_role(c) {
            found.push((c, "metadata.component".to_string(), r));
        }
    }
    let mut stack: Vec<(&Node, String, usize)> = Vec::new();
    if let Some(list) = doc.get("components") {
        stack.push((list, "components".to_string(), 0));
    }
    while let Some((list, shown, depth)) = stack.pop() {
        for (i, c) in list.items().iter().enumerate().rev() {
            let at = format!("{shown}[{i}]");
            if let Some(r) = component_role(c) {
                found.push((c, at.clone(), r));
            }
            if let Some(inner) = c.get("components") {
                if depth < MAX_NESTING {
                    stack.push((inner, format!("{at}.components"), depth + 1));
                }
            }
        }
    }
    if found.is_empty() {
        emit.note(
            doc,
            "the BOM lists no machine-learning-model or data component: nothing is read",
        );
        return;
    }
    found.sort_by_key(|(c, ..)| c.span.start);
    let first = found[0].0;
    let Some(stage) = emit.stage(Part::ModelCard, "model_card", first, "components") else {
        return;
    };
    for (c, shown, r) in found {
        component(emit, stage, c, &shown, r);
    }
}

/// The role of a component: model or dataset; `None` for any other type.
fn component_role(c: &Node) -> Option<&'static str> {
    match c.get("type").and_then(Node::as_str) {
        Some("machine-learning-model") => Some(role::MODEL),
        Some("data") => Some(role::DATASET),
        _ => None,
    }
}

fn component(emit: &mut Emit<'_, '_>, stage: usize, c: &Node, shown: &str, r: &str) {
    let object = emit.object(stage, shown, c);
    let key = if r == role::DATASET {
        "dataset"
    } else {
        "model"
    };
    if let Some(name) = c.get("name") {
        if let Some(text) = name.as_str() {
            let full = match c.get("group").and_then(Node::as_str) {
                Some(g) if !g.trim().is_empty() => format!("{}/{text}", g.trim()),
                _ => text.to_string(),
            };
            emit.reference_text(
                stage,
                object,
                r,
                key,
                &format!("{shown}.name"),
                &full,
                name.span,
            );
        }
    }
    if let Some(v) = c.get("version") {
        emit.field(stage, object, "version", &format!("{shown}.version"), v);
    }
    if let Some(p) = c.get("purl") {
        emit.reference(stage, object, r, "purl", &format!("{shown}.purl"), p);
    }
    hashes(emit, stage, object, c, shown, r);
    if let Some(refs) = c.get("externalReferences") {
        for (i, x) in refs.items().iter().enumerate() {
            let kind = x.get("type").and_then(Node::as_str).unwrap_or("");
            if matches!(kind, "distribution" | "distribution-intake") {
                if let Some(u) = x.get("url") {
                    let at = format!("{shown}.externalReferences[{i}].url");
                    emit.reference(stage, object, r, "url", &at, u);
                }
            }
        }
    }
    if let Some(data) = c.get("data") {
        for (i, d) in data.items().iter().enumerate() {
            if let Some(u) = d.get("contents").and_then(|x| x.get("url")) {
                let at = format!("{shown}.data[{i}].contents.url");
                emit.reference(stage, object, role::DATASET, "url", &at, u);
            }
        }
    }
    if let Some(card) = c.get("modelCard") {
        model_card(emit, stage, card, &format!("{shown}.modelCard"));
    }
}

/// `hashes[] {alg, content}` of a component, one per hex length.
fn hashes(emit: &mut Emit<'_, '_>, stage: usize, object: usize, c: &Node, shown: &str, r: &str) {
    let Some(list) = c.get("hashes") else { return };
    let mut lens: Vec<usize> = Vec::new();
    for (i, h) in list.items().iter().enumerate() {
        let (Some(alg), Some(content)) = (h.get("alg").and_then(Node::as_str), h.get("content"))
        else {
            continue;
        };
        let Some(d) = digest_text(alg, content) else {
            continue;
        };
        if d.len != 0 {
            if lens.contains(&d.len) {
                continue;
            }
            lens.push(d.len);
        }
        let at = format!("{shown}.hashes[{i}].content");
        emit.reference_text(stage, object, r, "digest", &at, &d.text, content.span);
    }
}

/// A component's `modelCard`: its own object; datasets written inline; metrics noted.
fn model_card(emit: &mut Emit<'_, '_>, stage: usize, card: &Node, shown: &str) {
    emit.object(stage, shown, card);
    let params = card.get("modelParameters");
    if let Some(list) = params.and_then(|p| p.get("datasets")) {
        for (i, d) in list.items().iter().enumerate() {
            if d.get("ref").is_some() {
                continue; // a `data` component of the BOM, read on its own
            }
            let at = join(shown, &format!("modelParameters.datasets[{i}]"));
            let object = emit.object(stage, &at, d);
            if let Some(u) = d.get("contents").and_then(|x| x.get("url")) {
                emit.reference(
                    stage,
                    object,
                    role::DATASET,
                    "url",
                    &format!("{at}.contents.url"),
                    u,
                );
            }
            hashes(emit, stage, object, d, &at, role::DATASET);
        }
    }
    if let Some(m) = card
        .get("quantitativeAnalysis")
        .and_then(|q| q.get("performanceMetrics"))
    {
        if !m.items().is_empty() {
            emit.note(
                m,
                format!(
                    "`{shown}.quantitativeAnalysis.performanceMetrics` reports metrics without an evaluation run: it is not credited as an evaluation of the component"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::intoto::evidence_of;

    const D: &str = "5f1e0c4b3a2918d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2918d7c6b5a4f3e2d1c";
    const C: &str = "cd5ef92a9fb2f889e972770a36d4ed042daf221e";

    #[test]
    fn model_component_names_are_one_identity() {
        let text = format!(
            "{{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1,\n \"components\": [{{\"type\": \"machine-learning-model\", \"group\": \"google-bert\", \"name\": \"bert-base-cased\",\n  \"version\": \"{C}\",\n  \"purl\": \"pkg:huggingface/google-bert/bert-base-cased@{C}\",\n  \"hashes\": [{{\"alg\": \"SHA-256\", \"content\": \"{D}\"}}, {{\"alg\": \"SHA3-256\", \"content\": \"{}\"}}, {{\"alg\": \"MD5\", \"content\": \"0123456789abcdef0123456789abcdef\"}}],\n  \"modelCard\": {{\"modelParameters\": {{\"datasets\": [{{\"type\": \"dataset\", \"contents\": {{\"url\": \"https://example.com/d\"}}}}]}}}}}}]}}\n",
            "ab".repeat(32)
        );
        let ev = evidence_of("bom.json", &text);
        let cards: Vec<_> = ev.stages_of("model_card").collect();
        assert_eq!(cards.len(), 1);
        let f = &cards[0].fields;
        let digest = f.iter().find(|x| x.key == "digest").expect("hash");
        assert_eq!(digest.text, format!("sha256:{D}"));
        assert_eq!(ev.file().line_col(digest.span.start).0, 5);
        assert_eq!(f.iter().filter(|x| x.key == "digest").count(), 1);
        let name = f.iter().find(|x| x.key == "model").expect("name");
        assert_eq!(name.text, "google-bert/bert-base-cased");
        // The commit and the sha256 are one artifact.
        let commit = crate::gates::identity::Token::hex(C);
        let sha = crate::gates::identity::Token::hex(D);
        assert_eq!(
            ev.graph.class_of_token(&commit),
            ev.graph.class_of_token(&sha)
        );
        let ds = f.iter().find(|x| x.role == "dataset").expect("dataset");
        assert_ne!(ds.object, digest.object);
        assert!(!ev.is_analysable(&crate::gates::formats::intoto::test_vocab()));
    }

    #[test]
    fn document_version_application_and_tags_stay_quiet() {
        let text = format!(
            "{{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.7\", \"serialNumber\": \"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\", \"version\": 7,\n \"metadata\": {{\"component\": {{\"type\": \"application\", \"name\": \"svc\", \"version\": \"1.0.0\", \"hashes\": [{{\"alg\": \"SHA-256\", \"content\": \"{D}\"}}]}}}},\n \"components\": [{{\"type\": \"library\", \"name\": \"torch\", \"version\": \"2.3.0\", \"tags\": [\"dataset:wikipedia\"]}}],\n \"dependencies\": [{{\"ref\": \"svc\", \"dependsOn\": [\"torch\"]}}]}}\n"
        );
        let ev = evidence_of("sbom.json", &text);
        assert_eq!(ev.fields().count(), 0);
        assert_eq!(ev.stages.len(), 0);
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("nothing is read"))
        );
    }
}
