//! AWS CloudFormation templates (YAML or JSON) that deploy SageMaker or Bedrock models:
//! `AWS::SageMaker::Model`, `EndpointConfig`, `Endpoint`, `InferenceComponent` and
//! `AWS::Bedrock::Agent`, `ProvisionedModelThroughput`, `ApplicationInferenceProfile`.
//!
//! - `AWS::SageMaker::Model`: its containers are read as in the SageMaker API
//!   ([`super::sagemaker`]). An `EndpointConfig` ties variants to models through
//!   `!GetAtt <Model>.ModelName` / `!Ref <Model>`: models of `ProductionVariants` are deployed;
//!   models of `ShadowProductionVariants` are the `shadow` environment
//!   (<https://docs.aws.amazon.com/sagemaker/latest/dg/model-shadow-deployment.html>); a model no
//!   endpoint config names is read as deployed. `InferenceComponent.Specification.Container`
//!   (`Image`, `ArtifactUrl`) is deployed.
//! - Bedrock: `Agent.FoundationModel`, `ProvisionedModelThroughput.ModelId` and
//!   `ApplicationInferenceProfile.ModelSource.CopyFrom` are hosted models (provider `bedrock`;
//!   <https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html>).
//! - Intrinsic functions (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html>)
//!   are resolved only where the template itself says what they yield: `!Ref <Parameter>` with
//!   `AllowedValues` is each allowed value (the `Default` first, judged where it is written);
//!   with only a `Default`, that default (an override at deploy time is possible, and a note
//!   says so); `!FindInMap` over the template's `Mappings` is judged by the least pinned value
//!   it can yield, at the call; `!If` is both branches. Anything else — a Parameter without a
//!   `Default`, `!Sub`, `!GetAtt`, `!Join`, `!ImportValue`, `{{resolve:…}}` — is unresolved: it
//!   is judged as written (never a pin) and a note says its value is supplied at deploy time.
//!
//! Deliberately not read: IAM policies (`Version: "2012-10-17"` is the policy language; a
//! `Resource` ARN is a permission scope), `ExecutionRoleArn`, `DataCaptureConfig`,
//! `VariantName`, `InstanceType`, `InitialVariantWeight`, `AWS::Bedrock::AgentAlias` (an alias of
//! an agent version, not a model), Lambda functions and layers, `Outputs`.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::sagemaker::{container, model_containers};
use super::{Emit, Format, Part, role};
use crate::refs::{self, Class};
use crate::yaml::Node;

/// Templates with SageMaker resources (and any Bedrock resources beside them).
pub static SAGEMAKER: Format = Format {
    id: "cloudformation-sagemaker",
    title: "CloudFormation template (SageMaker)",
    detect: |d| has_type(d, "AWS::SageMaker::"),
    read,
};

/// Templates with Bedrock resources.
pub static BEDROCK: Format = Format {
    id: "cloudformation-bedrock",
    title: "CloudFormation template (Bedrock)",
    detect: |d| has_type(d, "AWS::Bedrock::"),
    read,
};

fn has_type(d: &Node, prefix: &str) -> bool {
    d.get("Resources").is_some_and(|r| {
        r.entries().iter().any(|(_, v)| {
            v.get("Type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.starts_with(prefix))
        })
    })
}

/// A value a reference can take, and the node it is judged at.
#[derive(Debug, Clone)]
pub(crate) struct Cand<'n> {
    /// The text.
    pub text: String,
    /// Where it is reported (the value, a Parameter's `Default`, the `!FindInMap` call).
    pub node: &'n Node,
    /// Written literally (not an unresolved intrinsic).
    pub literal: bool,
}

/// Resolves CloudFormation values against a template (or takes them literally). The
/// template's Parameters and Mappings are indexed once and `!FindInMap` results are cached, so
/// resolving every value of a template is linear in its size.
pub(crate) struct Resolver<'n> {
    template: bool,
    /// Parameter name → (`Default`, `AllowedValues`).
    params: HashMap<&'n str, Param<'n>>,
    /// Mapping name → top-level key → second-level key → value.
    maps: HashMap<&'n str, Mapping<'n>>,
    /// `!FindInMap` results by (map, top key or none for any, second key).
    cache: RefCell<HashMap<FindKey<'n>, Option<(&'n str, usize)>>>,
}

type Param<'n> = (Option<&'n Node>, Vec<&'n Node>);
type Mapping<'n> = Vec<(&'n str, HashMap<&'n str, &'n str>)>;
type FindKey<'n> = (&'n str, Option<&'n str>, &'n str);

impl<'n> Resolver<'n> {
    /// Values taken as written (API JSON).
    pub(crate) fn literal() -> Resolver<'n> {
        Resolver {
            template: false,
            params: HashMap::new(),
            maps: HashMap::new(),
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// Values resolved against `template`.
    pub(crate) fn template(template: &'n Node) -> Resolver<'n> {
        let mut params = HashMap::new();
        if let Some(ps) = template.get("Parameters") {
            for (k, p) in ps.entries() {
                let Some(name) = k.as_str() else { continue };
                let mut default = None;
                let mut allowed = Vec::new();
                for (pk, pv) in p.entries() {
                    match pk.as_str() {
                        Some("Default") if pv.as_str().is_some() => default = Some(pv),
                        Some("AllowedValues") => {
                            allowed = pv.items().iter().filter(|v| v.as_str().is_some()).collect();
                        }
                        _ => {}
                    }
                }
                params.entry(name).or_insert((default, allowed));
            }
        }
        let mut maps = HashMap::new();
        if let Some(ms) = template.get("Mappings") {
            for (k, m) in ms.entries() {
                let Some(name) = k.as_str() else { continue };
                let tops: Mapping<'n> = m
                    .entries()
                    .iter()
                    .filter_map(|(tk, tv)| {
                        let inner: HashMap<&str, &str> = tv
                            .entries()
                            .iter()
                            .filter_map(|(sk, sv)| Some((sk.as_str()?, sv.as_str()?)))
                            .collect();
                        Some((tk.as_str()?, inner))
                    })
                    .collect();
                maps.entry(name).or_insert(tops);
            }
        }
        Resolver {
            template: true,
            params,
            maps,
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// The values `n` can take.
    pub(crate) fn values(&self, emit: &mut Emit<'_, '_>, n: &'n Node) -> Vec<Cand<'n>> {
        let mut out = Vec::new();
        self.collect(emit, n, &mut out, 0);
        out
    }

    fn collect(&self, emit: &mut Emit<'_, '_>, n: &'n Node, out: &mut Vec<Cand<'n>>, depth: usize) {
        if !self.template {
            if let Some(t) = n.as_str() {
                out.push(Cand {
                    text: t.to_string(),
                    node: n,
                    literal: true,
                });
            }
            return;
        }
        match intrinsic(emit, n) {
            Intrinsic::None => {
                if let Some(t) = n.as_str() {
                    if t.contains("{{resolve:") {
                        emit.note(
                            n,
                            "a CloudFormation dynamic reference (`{{resolve:…}}`) is resolved at deploy time: unresolved here, never a pin",
                        );
                        out.push(unresolved(emit, n));
                    } else {
                        out.push(Cand {
                            text: t.to_string(),
                            node: n,
                            literal: true,
                        });
                    }
                }
            }
            Intrinsic::Ref(name) => self.reference(emit, n, name, out),
            Intrinsic::FindInMap(args) => self.find_in_map(emit, n, args, out),
            Intrinsic::If(args) if depth < 8 => {
                for branch in args.iter().skip(1).take(2) {
                    self.collect(emit, branch, out, depth + 1);
                }
            }
            Intrinsic::If(_) | Intrinsic::Other => {
                emit.note(
                    n,
                    "a CloudFormation intrinsic function (`!Sub`, `!GetAtt`, `!Join`, `!ImportValue`, ...) is evaluated at deploy time: unresolved here, never a pin",
                );
                out.push(unresolved(emit, n));
            }
        }
    }

    /// `!Ref <Parameter>`: its `AllowedValues` (the `Default` first), else its `Default`.
    fn reference(&self, emit: &mut Emit<'_, '_>, n: &'n Node, name: &str, out: &mut Vec<Cand<'n>>) {
        let (default, allowed) = match self.params.get(name) {
            Some((d, a)) if d.is_some() || !a.is_empty() => (*d, a),
            _ => {
                emit.note(
                    n,
                    "a `!Ref` to a template Parameter without Default or AllowedValues (or to a pseudo parameter or a resource) is supplied at deploy time: unresolved here, never a pin",
                );
                out.push(unresolved(emit, n));
                return;
            }
        };
        if let Some(d) = default {
            out.push(Cand {
                text: d.as_str().unwrap_or_default().to_string(),
                node: d,
                literal: true,
            });
        }
        let default_text = default.and_then(Node::as_str);
        for v in allowed {
            if default_text != v.as_str() {
                out.push(Cand {
                    text: v.as_str().unwrap_or_default().to_string(),
                    node: v,
                    literal: true,
                });
            }
        }
        let msg = if allowed.is_empty() {
            "a `!Ref` to a template Parameter is read as the Parameter's Default: a deploy can override it, and the value it used is not in this file"
        } else {
            "a `!Ref` to a template Parameter with AllowedValues is read as each allowed value (the Default first): a deploy may choose any of them"
        };
        emit.note(n, msg);
    }

    /// `!FindInMap [Map, TopKey, SecondKey]` over the template's `Mappings`: judged by the
    /// least pinned value it can yield, at the call.
    fn find_in_map(
        &self,
        emit: &mut Emit<'_, '_>,
        n: &'n Node,
        args: &'n [Node],
        out: &mut Vec<Cand<'n>>,
    ) {
        let literal = |emit: &Emit<'_, '_>, a: Option<&'n Node>| -> Option<&'n str> {
            let a = a?;
            match intrinsic(emit, a) {
                Intrinsic::None => a.as_str(),
                _ => None,
            }
        };
        let (Some(map), Some(second)) = (literal(emit, args.first()), literal(emit, args.get(2)))
        else {
            out.push(unresolved(emit, n));
            return;
        };
        // A top-level key chosen at deploy time (`!Ref "AWS::Region"`): any entry.
        let top = literal(emit, args.get(1));
        let key = (map, top, second);
        let cached = self.cache.borrow().get(&key).copied();
        let result = match cached {
            Some(r) => r,
            None => {
                let r = self.worst_in_map(map, top, second);
                self.cache.borrow_mut().insert(key, r);
                r
            }
        };
        let Some((worst, distinct)) = result else {
            out.push(unresolved(emit, n));
            return;
        };
        if distinct > 1 {
            emit.note(
                n,
                "`!FindInMap` yields one of several mapping values at deploy time: it is judged by the least pinned of them",
            );
        }
        out.push(Cand {
            text: worst.to_string(),
            node: n,
            literal: true,
        });
    }

    /// The least pinned value a `!FindInMap` can yield, and how many distinct values it can.
    fn worst_in_map(&self, map: &str, top: Option<&str>, second: &str) -> Option<(&'n str, usize)> {
        let tops = self.maps.get(map)?;
        let mut values: Vec<&'n str> = tops
            .iter()
            .filter(|(k, _)| top.is_none_or(|t| t == *k))
            .filter_map(|(_, inner)| inner.get(second).copied())
            .collect();
        let rank = |t: &str| match refs::classify(t).class {
            Class::Mutable => 0,
            Class::Weak => 1,
            Class::Immutable => 2,
        };
        let worst = values.iter().copied().min_by_key(|t| rank(t))?;
        values.sort_unstable();
        values.dedup();
        Some((worst, values.len()))
    }
}

/// A value written as an intrinsic function, judged as written.
fn unresolved<'n>(emit: &Emit<'_, '_>, n: &'n Node) -> Cand<'n> {
    Cand {
        text: as_written(emit, n),
        node: n,
        literal: false,
    }
}

/// The source of a value on one line (`!Ref S3PathToModels`), bounded.
fn as_written(emit: &Emit<'_, '_>, n: &Node) -> String {
    let raw = match (emit.source_of(n), n.scalar()) {
        (Some(src), _) => {
            // Only the beginning matters for a message (an intrinsic can span many lines).
            let mut end = src.len().min(512);
            while !src.is_char_boundary(end) {
                end -= 1;
            }
            src[..end].to_string()
        }
        (None, Some(s)) => match &s.tag {
            Some(tag) => format!("{tag} {}", s.text),
            None => s.text.clone(),
        },
        (None, None) => "<intrinsic function>".to_string(),
    };
    let one: Vec<&str> = raw.split_whitespace().collect();
    shorten(&one.join(" "))
}

fn shorten(t: &str) -> String {
    const MAX: usize = 160;
    if t.len() <= MAX {
        return t.to_string();
    }
    let mut end = MAX;
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &t[..end])
}

/// A CloudFormation intrinsic function, short (`!Ref X`) or long (`{"Ref": "X"}`) form.
enum Intrinsic<'n> {
    None,
    Ref(&'n str),
    FindInMap(&'n [Node]),
    If(&'n [Node]),
    Other,
}

fn intrinsic<'n>(emit: &Emit<'_, '_>, n: &'n Node) -> Intrinsic<'n> {
    if let Some(s) = n.scalar() {
        return match s.tag.as_deref() {
            None => Intrinsic::None,
            Some("!Ref") => Intrinsic::Ref(s.text.trim()),
            Some(t) if t.starts_with('!') && !t.starts_with("!!") => Intrinsic::Other,
            Some(_) => Intrinsic::None,
        };
    }
    if n.is_seq() {
        // Tags of collections are not kept in the tree: read the tag from the source.
        let tag = emit.source_of(n).filter(|s| s.starts_with('!')).map(|s| {
            s.split(|c: char| c.is_whitespace() || c == '[' || c == '{')
                .next()
                .unwrap_or("")
        });
        return match tag {
            None => Intrinsic::None,
            Some("!FindInMap") => Intrinsic::FindInMap(n.items()),
            Some("!If") => Intrinsic::If(n.items()),
            Some(_) => Intrinsic::Other,
        };
    }
    let entries = n.entries();
    if entries.len() == 1 {
        let (k, v) = &entries[0];
        return match k.as_str() {
            Some("Ref") => v
                .as_str()
                .map_or(Intrinsic::Other, |r| Intrinsic::Ref(r.trim())),
            Some("Fn::FindInMap") => Intrinsic::FindInMap(v.items()),
            Some("Fn::If") => Intrinsic::If(v.items()),
            Some(k) if k.starts_with("Fn::") => Intrinsic::Other,
            _ => Intrinsic::None,
        };
    }
    Intrinsic::None
}

/// The logical id a variant's `ModelName` names (`!GetAtt M.ModelName`, `!Ref M`,
/// `{"Fn::GetAtt": ["M", "ModelName"]}`, or a literal `ModelName` property).
fn model_id_of(n: &Node, by_name: &BTreeMap<String, String>) -> Option<String> {
    if let Some(s) = n.scalar() {
        return match s.tag.as_deref() {
            Some("!GetAtt") => s.text.split('.').next().map(str::to_string),
            Some("!Ref") => Some(s.text.trim().to_string()),
            None => by_name.get(s.text.trim()).cloned(),
            _ => None,
        };
    }
    let entries = n.entries();
    let (k, v) = entries.first()?;
    match k.as_str()? {
        "Ref" => v.as_str().map(str::to_string),
        "Fn::GetAtt" => match v.as_str() {
            Some(t) => t.split('.').next().map(str::to_string),
            None => v.items().first().and_then(Node::as_str).map(str::to_string),
        },
        _ => None,
    }
}

/// The branches of a value that may be an `!If` (each a mapping), or the value itself.
fn branches<'n>(emit: &Emit<'_, '_>, n: &'n Node) -> Vec<&'n Node> {
    match intrinsic(emit, n) {
        Intrinsic::If(args) => args.iter().skip(1).take(2).collect(),
        _ => vec![n],
    }
}

fn read(doc: &Node, emit: &mut Emit<'_, '_>) {
    let Some(resources) = doc.get("Resources") else {
        return;
    };
    let r = Resolver::template(doc);
    let typed: Vec<(&str, &str, &Node)> = resources
        .entries()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?, v.get("Type").and_then(Node::as_str)?, v)))
        .collect();
    // Model logical ids by their literal `ModelName` property.
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for (id, ty, v) in &typed {
        if *ty == "AWS::SageMaker::Model" {
            if let Some(n) = v
                .get("Properties")
                .and_then(|p| p.get("ModelName"))
                .and_then(Node::as_str)
            {
                by_name.insert(n.to_string(), (*id).to_string());
            }
        }
    }
    // Which models the endpoint configs deploy, and which they shadow.
    let mut production: HashSet<String> = HashSet::new();
    let mut shadow: HashMap<String, Vec<String>> = HashMap::new();
    for (_, ty, v) in &typed {
        if *ty != "AWS::SageMaker::EndpointConfig" && *ty != "AWS::SageMaker::InferenceComponent" {
            continue;
        }
        let Some(props) = v.get("Properties") else {
            continue;
        };
        for p in branches(emit, props) {
            for (list, shadowed) in [
                ("ProductionVariants", false),
                ("ShadowProductionVariants", true),
            ] {
                for variant in p.get(list).map(Node::items).unwrap_or(&[]) {
                    let Some(id) = variant
                        .get("ModelName")
                        .and_then(|m| model_id_of(m, &by_name))
                    else {
                        continue;
                    };
                    if shadowed {
                        let name = variant
                            .get("VariantName")
                            .and_then(Node::as_str)
                            .unwrap_or("shadow")
                            .to_string();
                        shadow.entry(id).or_default().push(name);
                    } else {
                        production.insert(id);
                    }
                }
            }
            if let Some(id) = p
                .get("Specification")
                .and_then(|s| s.get("ModelName"))
                .and_then(|m| model_id_of(m, &by_name))
            {
                production.insert(id);
            }
        }
    }
    let sagemaker_models = typed
        .iter()
        .any(|(_, ty, _)| *ty == "AWS::SageMaker::Model");
    for (id, ty, v) in &typed {
        let Some(props) = v.get("Properties") else {
            continue;
        };
        let at = format!("Resources.{id}.Properties");
        match *ty {
            "AWS::SageMaker::Model" => {
                let shadows: &[String] = shadow.get(*id).map_or(&[], Vec::as_slice);
                let deployed = production.contains(*id) || shadows.is_empty();
                if deployed {
                    if let Some(stage) = emit.stage(Part::Deploy, id, v, "Resources") {
                        model_containers(emit, stage, props, &at, &r);
                    }
                }
                for name in shadows {
                    if let Some(stage) = emit.stage(Part::Environment, name, v, &at) {
                        model_containers(emit, stage, props, &at, &r);
                    }
                }
            }
            "AWS::SageMaker::InferenceComponent" => {
                if let Some(c) = props.get("Specification").and_then(|s| s.get("Container")) {
                    if let Some(stage) = emit.stage(Part::Deploy, id, v, "Resources") {
                        emit.expect_role(stage, role::MODEL);
                        container(emit, stage, c, &format!("{at}.Specification.Container"), &r);
                    }
                }
            }
            "AWS::Bedrock::Agent" => bedrock(
                emit,
                v,
                props,
                "FoundationModel",
                &at,
                !sagemaker_models,
                &r,
            ),
            "AWS::Bedrock::ProvisionedModelThroughput" => {
                bedrock(emit, v, props, "ModelId", &at, !sagemaker_models, &r)
            }
            "AWS::Bedrock::ApplicationInferenceProfile" => {
                if let Some(src) = props.get("ModelSource") {
                    bedrock(
                        emit,
                        v,
                        src,
                        "CopyFrom",
                        &format!("{at}.ModelSource"),
                        !sagemaker_models,
                        &r,
                    );
                }
            }
            _ => {}
        }
    }
}

/// A Bedrock model id or ARN at `props.<key>`: a hosted model in the deploy stage.
fn bedrock<'n>(
    emit: &mut Emit<'_, '_>,
    resource: &'n Node,
    props: &'n Node,
    key: &str,
    at: &str,
    provider: bool,
    r: &Resolver<'n>,
) {
    let Some(n) = props.get(key) else { return };
    let Some(stage) = emit.stage(Part::Deploy, "bedrock", resource, "Resources") else {
        return;
    };
    let shown = format!("{at}.{key}");
    for cand in r.values(emit, n) {
        let object = emit.object(stage, &shown, cand.node);
        emit.reference_text(
            stage,
            object,
            role::MODEL,
            "model",
            &shown,
            &cand.text,
            cand.node.span,
        );
        // The provider is Bedrock by the resource type: the model is hosted (PG007), even
        // when its id is an unresolved intrinsic. (Not beside SageMaker models, which would
        // be judged as hosted too: one template deploys into one deploy stage.)
        if provider {
            if let Some(ty) = resource.get("Type") {
                emit.field_text(
                    stage,
                    object,
                    "provider",
                    &format!("{at}.Type"),
                    "bedrock",
                    ty.span,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::read_alone;

    #[test]
    fn sagemaker_model_with_unresolved_refs() {
        let doc = "Parameters:\n  Img:\n    Type: String\nResources:\n  Model:\n    Type: AWS::SageMaker::Model\n    Properties:\n      PrimaryContainer:\n        Image: !Ref Img\n        ModelDataUrl: s3://bucket/model.tar.gz\n      ExecutionRoleArn: !GetAtt Role.Arn\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("cloudformation-sagemaker"));
        assert_eq!(
            got.references(),
            vec![
                ("runtime_image".to_string(), 9, "!Ref Img".to_string()),
                (
                    "model".to_string(),
                    10,
                    "s3://bucket/model.tar.gz".to_string()
                ),
            ]
        );
        assert!(
            got.notes
                .iter()
                .any(|(l, m)| *l == 9 && m.contains("`!Ref`"))
        );
    }

    #[test]
    fn ref_resolves_to_default_and_allowed_values() {
        let doc = "Parameters:\n  M:\n    Type: String\n    Default: anthropic.claude-3-haiku-20240307-v1:0\n    AllowedValues:\n      - anthropic.claude-3-haiku-20240307-v1:0\n      - amazon.titan-tg1-large\nResources:\n  A:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      FoundationModel: !Ref M\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("cloudformation-bedrock"));
        assert_eq!(
            got.references(),
            vec![
                (
                    "model".to_string(),
                    4,
                    "anthropic.claude-3-haiku-20240307-v1:0".to_string()
                ),
                ("model".to_string(), 7, "amazon.titan-tg1-large".to_string()),
            ]
        );
        assert!(
            got.fields
                .iter()
                .any(|f| f.0 == "provider" && f.2 == "bedrock")
        );
    }

    #[test]
    fn find_in_map_and_shadow_variants() {
        let doc = "Mappings:\n  R:\n    us-east-1:\n      Img: 1.dkr.ecr.us-east-1.amazonaws.com/m@sha256:4dc8a7e4a010a19bb9e0a6b063f355393f6e623603361bd8b105f554d4f0c004\n    eu-west-1:\n      Img: 1.dkr.ecr.eu-west-1.amazonaws.com/m:latest\nResources:\n  Cur:\n    Type: AWS::SageMaker::Model\n    Properties:\n      PrimaryContainer:\n        Image: !FindInMap [R, !Ref \"AWS::Region\", Img]\n  New:\n    Type: AWS::SageMaker::Model\n    Properties:\n      Containers:\n        - ModelPackageName: arn:aws:sagemaker:us-east-1:1:model-package/g/3\n  Cfg:\n    Type: AWS::SageMaker::EndpointConfig\n    Properties:\n      ProductionVariants:\n        - ModelName: !GetAtt Cur.ModelName\n      ShadowProductionVariants:\n        - ModelName: !GetAtt New.ModelName\n          VariantName: ShadowTraffic\n";
        let got = read_alone(doc);
        assert_eq!(
            got.refs
                .iter()
                .map(|r| (r.0.as_str(), r.1, r.2.as_str(), r.3.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (
                    "runtime_image",
                    12,
                    "1.dkr.ecr.eu-west-1.amazonaws.com/m:latest",
                    "deploy"
                ),
                (
                    "model",
                    17,
                    "arn:aws:sagemaker:us-east-1:1:model-package/g/3",
                    "environment"
                ),
            ]
        );
    }

    #[test]
    fn iam_policies_and_aliases_stay_quiet() {
        let doc = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyDocument:\n            Version: \"2012-10-17\"\n            Statement:\n              - Resource: arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-tg1-large\n  Alias:\n    Type: AWS::Bedrock::AgentAlias\n    Properties:\n      AgentAliasName: beta\n";
        let got = read_alone(doc);
        assert_eq!(got.format.as_deref(), Some("cloudformation-bedrock"));
        assert!(got.refs.is_empty() && got.fields.is_empty(), "{got:?}");
        assert!(got.stages.is_empty());
    }
}
