//! Identity tokens and the identity graph: which names denote one artifact.
//!
//! Every value in a release record that pins content yields [`Token`]s: a digest or commit
//! (hex), a registry version, an object-store version, a provider snapshot, or a run id. The
//! record reader groups the tokens of one *artifact object* (the scalars of one mapping that
//! share a role: `{git_commit, sha256}`, an in-toto digest set, a `storageUri` beside its
//! `digest`) and the [`Graph`] unites them (union–find), so two names of one artifact are one
//! identity. A class that ends up holding two different full names of one kind (two different
//! sha256 digests, two versions of one registered model) is a **conflict**: the record says one
//! artifact is two different things.
//!
//! The graph is built in one pass over the fields and answers class look-ups in constant time,
//! so evaluation stays linear in the size of the record.

use std::collections::HashMap;

use crate::refs::Identity;

/// The kind of a token: tokens of one kind that are both full and differ denote different
/// content.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A content digest or a commit SHA: the value is the lowercase hex.
    Hex,
    /// A registry version: the value is `name/version`; the field is the registry.
    Version(String),
    /// An object-store version: the value is `path#version`; the field is the store.
    Object(String),
    /// A provider-held model snapshot: the value is the model id; the field is the provider.
    Provider(String),
    /// A run id (an evaluation run, a pipeline run): proves which run, never which artifact.
    Run,
}

/// One normalised identity token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token {
    /// What kind of name it is.
    pub kind: Kind,
    /// The comparable value (lowercase hex, `name/version`, ...).
    pub value: String,
}

impl Token {
    /// A hex token (digest or commit).
    pub fn hex(hex: &str) -> Token {
        Token {
            kind: Kind::Hex,
            value: hex.to_ascii_lowercase(),
        }
    }

    /// A run id token.
    pub fn run(id: &str) -> Token {
        Token {
            kind: Kind::Run,
            value: id.trim().to_string(),
        }
    }

    /// A provider snapshot token (`openai`, `gpt-4o-2024-08-06`).
    pub fn provider(provider: &str, model: &str) -> Token {
        Token {
            kind: Kind::Provider(provider.to_string()),
            value: model.to_string(),
        }
    }

    /// The token of a classifier identity.
    pub fn of(id: &Identity) -> Token {
        match id {
            Identity::Digest { hex, .. } | Identity::Commit { sha: hex } => Token::hex(hex),
            Identity::Version {
                registry,
                name,
                version,
            } => Token {
                kind: Kind::Version(registry.clone()),
                value: format!("{name}/{version}"),
            },
            Identity::ObjectVersion {
                store,
                path,
                version,
            } => Token {
                kind: Kind::Object(store.clone()),
                value: format!("{path}#{version}"),
            },
            Identity::ProviderModel { provider, model } => Token::provider(provider, model),
        }
    }

    /// Is this a run id rather than an artifact identity?
    pub fn is_run(&self) -> bool {
        self.kind == Kind::Run
    }

    /// The hex of a digest or commit token.
    pub fn as_hex(&self) -> Option<&str> {
        (self.kind == Kind::Hex).then_some(self.value.as_str())
    }

    /// A hex token shorter than a full commit SHA (40 digits): it names content only by
    /// convention and never conflicts with anything.
    pub fn is_short(&self) -> bool {
        self.kind == Kind::Hex && self.value.len() < 40
    }

    /// The key under which two *different* full tokens contradict each other, if any: hex of
    /// one length, versions of one registered name, versions of one object, snapshots of one
    /// provider. Short hex and run ids have none.
    pub fn conflict_key(&self) -> Option<String> {
        match &self.kind {
            Kind::Hex if !self.is_short() => Some(format!("hex{}", self.value.len())),
            Kind::Version(r) => {
                let name = self.value.rsplit_once('/').map_or("", |(n, _)| n);
                Some(format!("version:{r}:{name}"))
            }
            Kind::Object(s) => {
                let path = self.value.rsplit_once('#').map_or("", |(p, _)| p);
                Some(format!("object:{s}:{path}"))
            }
            Kind::Provider(p) => Some(format!("provider:{p}")),
            Kind::Hex | Kind::Run => None,
        }
    }

    /// What a reader sees: `sha256:<hex>` for a 64-digit digest, `commit <hex>` for 40 digits,
    /// `mlflow:name/14`, `s3:bucket/key#<versionId>`, `openai:gpt-4o-2024-08-06`, `run eval-7`.
    pub fn display(&self) -> String {
        match &self.kind {
            Kind::Hex => match self.value.len() {
                64 => format!("sha256:{}", self.value),
                128 => format!("sha512:{}", self.value),
                40 => format!("commit {}", self.value),
                _ => self.value.clone(),
            },
            Kind::Version(r) => format!("{r}:{}", self.value),
            Kind::Object(s) => format!("{s}:{}", self.value),
            Kind::Provider(p) => format!("{p}:{}", self.value),
            Kind::Run => format!("run {}", self.value),
        }
    }

    /// Does `self` name the same content as `other`? `Some(false)` when equal and full,
    /// `Some(true)` when the match rests on a short hex prefix (at least 7 digits), `None`
    /// when they differ.
    pub fn matches(&self, other: &Token) -> Option<bool> {
        if self == other {
            return Some(self.is_short());
        }
        let (a, b) = (self.as_hex()?, other.as_hex()?);
        let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
        (short.len() >= 7 && long.starts_with(short)).then_some(true)
    }
}

/// Where a union came from: the object whose fields named both tokens.
pub type ObjectId = usize;

/// Two full names of one kind in one class: the record calls one artifact two things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The class.
    pub class: usize,
    /// Node ids of the two contradicting tokens.
    pub nodes: (usize, usize),
}

/// The identity graph: tokens as nodes, united when one artifact object names them together.
#[derive(Debug, Default, Clone)]
pub struct Graph {
    index: HashMap<Token, usize>,
    tokens: Vec<Token>,
    parent: Vec<usize>,
    size: Vec<usize>,
    /// Union edges with the object that caused them (for witnesses).
    edges: Vec<(usize, usize, ObjectId)>,
    /// After [`Graph::finish`]: the class (root) of each node.
    class: Vec<usize>,
    /// After [`Graph::finish`]: members of each class, by root.
    members: HashMap<usize, Vec<usize>>,
    /// After [`Graph::finish`]: conflicts by class root.
    conflicts: HashMap<usize, Vec<Conflict>>,
}

impl Graph {
    /// The node of a token, created when new.
    pub fn node(&mut self, t: &Token) -> usize {
        if let Some(&n) = self.index.get(t) {
            return n;
        }
        let n = self.tokens.len();
        self.index.insert(t.clone(), n);
        self.tokens.push(t.clone());
        self.parent.push(n);
        self.size.push(1);
        n
    }

    /// The node of a token, if the graph has it.
    pub fn find_node(&self, t: &Token) -> Option<usize> {
        self.index.get(t).copied()
    }

    /// The token of a node.
    pub fn token(&self, n: usize) -> &Token {
        &self.tokens[n]
    }

    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            let grand = self.parent[self.parent[x]];
            self.parent[x] = grand;
            x = grand;
        }
        x
    }

    /// Unites two nodes because `object` names both.
    pub fn union(&mut self, a: usize, b: usize, object: ObjectId) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return;
        }
        let (big, small) = if self.size[ra] >= self.size[rb] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small] = big;
        self.size[big] += self.size[small];
        self.edges.push((a, b, object));
    }

    /// Unites the tokens one artifact object names for one role: an object describes one
    /// artifact, so its names are one identity. Two different full names of one kind among
    /// them (a reference and a checksum that disagree) become a conflict of the class.
    pub fn unite_object(&mut self, tokens: &[Token], object: ObjectId) {
        let nodes: Vec<usize> = tokens
            .iter()
            .filter(|t| !t.is_run())
            .map(|t| self.node(t))
            .collect();
        for pair in nodes.windows(2) {
            self.union(pair[0], pair[1], object);
        }
    }

    /// Fixes the classes and finds the conflicts. Call once, after every union.
    pub fn finish(&mut self) {
        let n = self.tokens.len();
        self.class = (0..n).map(|i| self.root(i)).collect();
        self.members.clear();
        for (i, &c) in self.class.iter().enumerate() {
            self.members.entry(c).or_default().push(i);
        }
        self.conflicts.clear();
        for (&c, nodes) in &self.members {
            if nodes.len() < 2 {
                continue;
            }
            let mut first: HashMap<String, usize> = HashMap::new();
            for &m in nodes {
                let Some(k) = self.tokens[m].conflict_key() else {
                    continue;
                };
                match first.get(&k) {
                    Some(&o) => self.conflicts.entry(c).or_default().push(Conflict {
                        class: c,
                        nodes: (o, m),
                    }),
                    None => {
                        first.insert(k, m);
                    }
                }
            }
        }
    }

    /// The class of a node (after [`Graph::finish`]).
    pub fn class_of(&self, node: usize) -> usize {
        self.class.get(node).copied().unwrap_or(node)
    }

    /// The class of a token, if the graph has it.
    pub fn class_of_token(&self, t: &Token) -> Option<usize> {
        self.find_node(t).map(|n| self.class_of(n))
    }

    /// The nodes of a class.
    pub fn members(&self, class: usize) -> &[usize] {
        self.members.get(&class).map_or(&[], Vec::as_slice)
    }

    /// The conflicts of a class.
    pub fn conflicts(&self, class: usize) -> &[Conflict] {
        self.conflicts.get(&class).map_or(&[], Vec::as_slice)
    }

    /// The objects whose unions connect node `a` to node `b` (empty when they are not in one
    /// class). Breadth-first over the class's union edges: linear in the class.
    pub fn witnesses(&self, a: usize, b: usize) -> Vec<ObjectId> {
        if a == b || self.class_of(a) != self.class_of(b) {
            return Vec::new();
        }
        let class = self.class_of(a);
        let mut adj: HashMap<usize, Vec<(usize, ObjectId)>> = HashMap::new();
        for &(x, y, o) in &self.edges {
            if self.class_of(x) == class {
                adj.entry(x).or_default().push((y, o));
                adj.entry(y).or_default().push((x, o));
            }
        }
        let mut prev: HashMap<usize, (usize, ObjectId)> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([a]);
        while let Some(x) = queue.pop_front() {
            if x == b {
                break;
            }
            for &(y, o) in adj.get(&x).map_or(&[][..], Vec::as_slice) {
                if y != a && !prev.contains_key(&y) {
                    prev.insert(y, (x, o));
                    queue.push_back(y);
                }
            }
        }
        let mut out = Vec::new();
        let mut at = b;
        while let Some(&(p, o)) = prev.get(&at) {
            if !out.contains(&o) {
                out.push(o);
            }
            at = p;
        }
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "3b2f2c1f7e9c4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b";
    const B: &str = "d440e50454f31af3176813e02ea68ef786e4d3cea27d26934b484e73cf575dca";
    const C: &str = "7fd1b4c9e2a04d8b9c3f5e6a7b8c9d0e1f2a3b4c";

    fn version(n: &str, v: &str) -> Token {
        Token {
            kind: Kind::Version("mlflow".into()),
            value: format!("{n}/{v}"),
        }
    }

    #[test]
    fn two_names_in_one_object_are_one_class() {
        let mut g = Graph::default();
        g.unite_object(&[Token::hex(C), Token::hex(A)], 0);
        g.node(&Token::hex(B));
        g.finish();
        let (a, c, b) = (
            g.class_of_token(&Token::hex(A)),
            g.class_of_token(&Token::hex(C)),
            g.class_of_token(&Token::hex(B)),
        );
        assert_eq!(a, c);
        assert_ne!(a, b);
        assert!(g.conflicts(a.unwrap_or(0)).is_empty());
    }

    #[test]
    fn classes_join_through_a_shared_name_and_a_contradiction_is_a_conflict() {
        let mut g = Graph::default();
        // deploy: {commit C, sha256 A}; evaluation: {commit C, sha256 B}
        g.unite_object(&[Token::hex(C), Token::hex(A)], 0);
        g.unite_object(&[Token::hex(C), Token::hex(B)], 1);
        g.finish();
        let class = g.class_of_token(&Token::hex(A)).unwrap_or(usize::MAX);
        assert_eq!(g.class_of_token(&Token::hex(B)), Some(class));
        let conflicts = g.conflicts(class);
        assert_eq!(conflicts.len(), 1);
        let (x, y) = conflicts[0].nodes;
        let mut pair = [g.token(x).value.clone(), g.token(y).value.clone()];
        pair.sort();
        assert_eq!(pair, [A.to_string(), B.to_string()]);
        assert_eq!(g.witnesses(x, y).len(), 2, "both objects explain the link");
    }

    #[test]
    fn an_object_with_two_names_of_one_kind_is_a_conflict() {
        let mut g = Graph::default();
        // rollback: {target_uri: ...sha256-A..., checksum_sha256: B}
        g.unite_object(&[Token::hex(A), Token::hex(B)], 0);
        g.finish();
        let a = g.class_of_token(&Token::hex(A)).unwrap_or(usize::MAX);
        assert_eq!(g.class_of_token(&Token::hex(B)), Some(a));
        assert_eq!(g.conflicts(a).len(), 1);
    }

    #[test]
    fn short_hex_and_run_ids_never_conflict_and_runs_never_unite() {
        let mut g = Graph::default();
        g.unite_object(
            &[
                Token::hex("27534840519b"),
                Token::hex("7ada7dc03785"),
                Token::run("e"),
            ],
            0,
        );
        g.finish();
        let c = g.class_of_token(&Token::hex("27534840519b"));
        assert_eq!(c, g.class_of_token(&Token::hex("7ada7dc03785")));
        assert!(g.conflicts(c.unwrap_or(0)).is_empty());
        assert_eq!(g.class_of_token(&Token::run("e")), None);
    }

    #[test]
    fn registry_versions_of_one_name_conflict_but_other_names_do_not() {
        let mut g = Graph::default();
        g.unite_object(&[version("fraud", "14"), Token::hex(A)], 0);
        g.unite_object(&[version("fraud", "15"), Token::hex(A)], 1);
        g.unite_object(&[version("other", "3"), Token::hex(A)], 2);
        g.finish();
        let c = g.class_of_token(&Token::hex(A)).unwrap_or(0);
        assert_eq!(g.conflicts(c).len(), 1);
    }

    #[test]
    fn matches_is_equality_or_a_short_prefix() {
        assert_eq!(Token::hex(A).matches(&Token::hex(A)), Some(false));
        assert_eq!(Token::hex(&A[..12]).matches(&Token::hex(A)), Some(true));
        assert_eq!(Token::hex(&A[..6]).matches(&Token::hex(A)), None);
        assert_eq!(Token::hex(A).matches(&Token::hex(B)), None);
        assert_eq!(Token::run("x").matches(&Token::run("x")), Some(false));
    }

    #[test]
    fn display_never_leaks_internal_prefixes() {
        assert_eq!(Token::hex(A).display(), format!("sha256:{A}"));
        assert_eq!(Token::hex(C).display(), format!("commit {C}"));
        assert_eq!(version("fraud", "14").display(), "mlflow:fraud/14");
    }

    #[test]
    fn union_is_linear_on_a_long_chain() {
        let mut g = Graph::default();
        for i in 0..20_000u32 {
            let a = Token::hex(&format!("{:064x}", i));
            let b = Token::hex(&format!("{:040x}", i + 1));
            g.unite_object(&[a, b], i as usize);
        }
        g.finish();
        assert_eq!(g.members(g.class_of(0)).len(), 1 + 1);
    }
}
