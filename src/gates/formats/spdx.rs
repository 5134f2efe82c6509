//! SPDX 3.0 JSON-LD documents (`@context` `https://spdx.org/rdf/3.0.x/spdx-context.jsonld`,
//! elements in `@graph[]`), read for their AI and Dataset profiles
//! (<https://spdx.github.io/spdx-spec/v3.0.1/>).
//!
//! Like a CycloneDX ML-BOM, an SPDX AI BOM documents a model: its AI packages and datasets are
//! the release's `model_card` stage; alone it deploys nothing (`not-analysed`). Read, for each
//! element of type `ai_AIPackage` (role model) or `dataset_DatasetPackage` (role dataset) —
//! each one artifact object:
//!
//! | field | read as |
//! |---|---|
//! | `name` | reference |
//! | `software_packageVersion` | the package's pin (`version`) |
//! | `software_packageUrl`, `externalIdentifier[]` of type `packageUrl` | reference (purl) |
//! | `software_downloadLocation` | reference |
//! | `software_contentIdentifier[].contentIdentifierValue` | reference (gitoid / SWHID) |
//! | `verifiedUsing[] {type: Hash, algorithm, hashValue}` | digest (`sha256`, `sha384`, `sha512`, `sha1`) |
//!
//! A package with none of them is described but not identified: a note says so at its
//! `spdxId`. `Relationship`s of type `trainedOn` / `testedOn` are checked for direction (SPDX
//! 3.0.1 `RelationshipType`: "the `from` Element has been trained / tested on the `to`
//! Element(s)"); a model `from` a dataset is reported in a note, never silently swapped.
//!
//! Deliberately not read: `spdxId` (names the SPDX element, not its content), `creationInfo`,
//! `ai_metric`, `ai_metricDecisionThreshold`, `ai_hyperparameter` and other `DictionaryEntry`
//! values, energy quantities, `releaseTime` / `builtTime`, `dataset_datasetSize`, elements of
//! other types (software packages, files, licences). skillgate verifies no hash and no
//! signature; every document read yields a note saying so.

use std::collections::HashSet;

use super::intoto::{MAX_NOTES, digest_text};
use super::{Emit, Format, Part, role};
use crate::yaml::Node;

/// An SPDX 3 JSON-LD document.
pub static JSONLD: Format = Format {
    id: "spdx3-jsonld",
    title: "SPDX 3 JSON-LD (AI and Dataset profiles)",
    detect,
    read,
};

fn detect(doc: &Node) -> bool {
    let Some(ctx) = doc.get("@context") else {
        return false;
    };
    let spdx3 = |n: &Node| n.as_str().is_some_and(|s| s.contains("spdx.org/rdf/3."));
    (spdx3(ctx) || ctx.items().iter().any(spdx3)) && doc.get("@graph").is_some_and(Node::is_seq)
}

/// The element's type (`type` or `@type`), without a namespace.
fn element_type(e: &Node) -> &str {
    let t = e
        .get("type")
        .or_else(|| e.get("@type"))
        .and_then(Node::as_str)
        .unwrap_or("");
    t.rsplit(['/', '#']).next().unwrap_or(t)
}

/// The role of an element: `ai_AIPackage` → model, `dataset_DatasetPackage` → dataset.
fn element_role(e: &Node) -> Option<&'static str> {
    match element_type(e) {
        "ai_AIPackage" | "AIPackage" => Some(role::MODEL),
        "dataset_DatasetPackage" | "DatasetPackage" => Some(role::DATASET),
        _ => None,
    }
}

fn read(doc: &Node, emit: &mut Emit<'_, '_>) {
    emit.note(
        doc.get("@context").unwrap_or(doc),
        "skillgate compares the identities this SPDX document lists for its AI packages and datasets (its subjects); it does not verify any hash or signature",
    );
    let graph = doc.get("@graph").map(Node::items).unwrap_or(&[]);
    let packages: Vec<(usize, &Node, &'static str)> = graph
        .iter()
        .enumerate()
        .filter_map(|(i, e)| element_role(e).map(|r| (i, e, r)))
        .collect();
    if packages.is_empty() {
        emit.note(
            doc,
            "the SPDX document has no ai_AIPackage or dataset_DatasetPackage element: nothing is read",
        );
        return;
    }
    let Some(stage) = emit.stage(Part::ModelCard, "model_card", packages[0].1, "@graph") else {
        return;
    };
    let mut unidentified = 0usize;
    for (i, e, r) in &packages {
        if !package(emit, stage, e, &format!("@graph[{i}]"), r) {
            if unidentified < MAX_NOTES {
                let kind = element_type(e);
                let id = e.get("spdxId").or_else(|| e.get("@id"));
                let name = id.and_then(Node::as_str).unwrap_or("");
                emit.note(
                    id.unwrap_or(e),
                    format!(
                        "`{kind}` `{name}` is described but not identified: it has no verifiedUsing hash, packageVersion, packageUrl, downloadLocation or contentIdentifier"
                    ),
                );
            }
            unidentified += 1;
        }
    }
    if unidentified > MAX_NOTES {
        emit.note(
            doc,
            format!(
                "{} more packages are described but not identified",
                unidentified - MAX_NOTES
            ),
        );
    }
    relationships(emit, graph);
}

/// Reads one package; `false` when it carries no identity at all.
fn package(emit: &mut Emit<'_, '_>, stage: usize, e: &Node, shown: &str, r: &str) -> bool {
    let object = emit.object(stage, shown, e);
    let key = if r == role::DATASET {
        "dataset"
    } else {
        "model"
    };
    let mut identified = false;
    if let Some(n) = e.get("name") {
        emit.reference(stage, object, r, key, &format!("{shown}.name"), n);
    }
    if let Some(v) = e.get("software_packageVersion") {
        emit.field(
            stage,
            object,
            "version",
            &format!("{shown}.software_packageVersion"),
            v,
        );
        identified = true;
    }
    for k in ["software_packageUrl", "software_downloadLocation"] {
        if let Some(u) = e.get(k) {
            let at = format!("{shown}.{k}");
            let synthetic = if k == "software_packageUrl" {
                "purl"
            } else {
                "url"
            };
            emit.reference(stage, object, r, synthetic, &at, u);
            identified = true;
        }
    }
    if let Some(list) = e.get("externalIdentifier") {
        for (i, x) in list.items().iter().enumerate() {
            if x.get("externalIdentifierType").and_then(Node::as_str) == Some("packageUrl") {
                if let Some(id) = x.get("identifier") {
                    let at = format!("{shown}.externalIdentifier[{i}].identifier");
                    emit.reference(stage, object, r, "purl", &at, id);
                    identified = true;
                }
            }
        }
    }
    if let Some(list) = e.get("software_contentIdentifier") {
        for (i, x) in list.items().iter().enumerate() {
            if let Some(v) = x.get("contentIdentifierValue") {
                let at = format!("{shown}.software_contentIdentifier[{i}].contentIdentifierValue");
                emit.reference(stage, object, r, "contentidentifier", &at, v);
                identified = true;
            }
        }
    }
    if let Some(list) = e.get("verifiedUsing") {
        let mut lens: Vec<usize> = Vec::new();
        for (i, h) in list.items().iter().enumerate() {
            if h.get("type").and_then(Node::as_str) != Some("Hash") {
                continue;
            }
            let (Some(alg), Some(value)) = (
                h.get("algorithm").and_then(Node::as_str),
                h.get("hashValue"),
            ) else {
                continue;
            };
            let Some(d) = digest_text(alg, value) else {
                continue;
            };
            if d.len != 0 {
                if lens.contains(&d.len) {
                    continue;
                }
                lens.push(d.len);
            }
            let at = format!("{shown}.verifiedUsing[{i}].hashValue");
            emit.reference_text(stage, object, r, "digest", &at, &d.text, value.span);
            identified = true;
        }
    }
    identified
}

/// `trainedOn` / `testedOn` relationships must go from a model to datasets. (One pass over
/// the graph: the dataset ids are collected first.)
fn relationships(emit: &mut Emit<'_, '_>, graph: &[Node]) {
    let datasets: HashSet<&str> = graph
        .iter()
        .filter(|e| element_role(e) == Some(role::DATASET))
        .filter_map(|e| {
            e.get("spdxId")
                .or_else(|| e.get("@id"))
                .and_then(Node::as_str)
        })
        .collect();
    let mut reversed = 0usize;
    for e in graph {
        if element_type(e) != "Relationship" {
            continue;
        }
        let kind = e
            .get("relationshipType")
            .and_then(Node::as_str)
            .unwrap_or("");
        if !matches!(kind, "trainedOn" | "testedOn") {
            continue;
        }
        let Some(from) = e.get("from").and_then(Node::as_str) else {
            continue;
        };
        if datasets.contains(from) {
            reversed += 1;
            if reversed > MAX_NOTES {
                continue;
            }
            let at = e.get("from").unwrap_or(e);
            emit.note(
                at,
                format!(
                    "`{kind}` goes from the dataset `{from}`: SPDX 3 reads it as \"the `from` element has been {} on the `to` element(s)\", so the direction looks reversed; the relationship is not used",
                    if kind == "trainedOn" { "trained" } else { "tested" }
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::intoto::evidence_of;

    const D: &str = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2918d7c6b5a4f3e2d1c0b9a8f7e6d5";

    #[test]
    fn ai_package_identity_and_dataset_are_read() {
        let text = format!(
            "{{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\",\n \"@graph\": [\n  {{\"spdxId\": \"urn:x#model\", \"type\": \"ai_AIPackage\", \"name\": \"ranker\", \"software_packageVersion\": \"3\",\n   \"verifiedUsing\": [{{\"type\": \"Hash\", \"algorithm\": \"sha256\", \"hashValue\": \"{D}\"}}]}},\n  {{\"spdxId\": \"urn:x#data\", \"type\": \"dataset_DatasetPackage\", \"software_downloadLocation\": \"https://example.com/d\"}},\n  {{\"spdxId\": \"urn:x#r\", \"type\": \"Relationship\", \"relationshipType\": \"trainedOn\", \"from\": \"urn:x#data\", \"to\": [\"urn:x#model\"]}}]}}\n"
        );
        let ev = evidence_of("ai.spdx.json", &text);
        let card: Vec<_> = ev.stages_of("model_card").collect();
        assert_eq!(card.len(), 1);
        let d = card[0]
            .fields
            .iter()
            .find(|f| f.key == "digest")
            .expect("hash");
        assert_eq!(d.text, format!("sha256:{D}"));
        assert_eq!(d.role, "model");
        assert_eq!(ev.file().line_col(d.span.start).0, 4);
        assert!(
            card[0]
                .fields
                .iter()
                .any(|f| f.role == "dataset" && f.text == "https://example.com/d")
        );
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("direction looks reversed"))
        );
    }

    #[test]
    fn spdx_ids_metrics_and_other_elements_stay_quiet() {
        let text = "{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": [\n {\"spdxId\": \"https://spdx.org/x#aipackage\", \"type\": \"ai_AIPackage\", \"ai_metric\": [{\"type\": \"DictionaryEntry\", \"key\": \"k\", \"value\": \"432\"}], \"releaseTime\": \"2025-10-22T08:50:00Z\"},\n {\"spdxId\": \"https://spdx.org/x#pkg\", \"type\": \"software_Package\", \"software_packageVersion\": \"1.2.3\", \"verifiedUsing\": [{\"type\": \"Hash\", \"algorithm\": \"sha256\", \"hashValue\": \"9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2918d7c6b5a4f3e2d1c0b9a8f7e6d5\"}]}]}";
        let ev = evidence_of("x.spdx.json", text);
        assert_eq!(
            ev.fields().count(),
            0,
            "{:?}",
            ev.fields().collect::<Vec<_>>()
        );
        assert!(
            ev.notes
                .iter()
                .any(|(_, _, m)| m.contains("described but not identified"))
        );
    }
}
