//! The generic checks a gate combines, one file each, over one evidence graph.
//!
//! Every check reads the same [`Context`]: the evidence, the deployed artifact as a
//! [`Target`] (its identity classes per role), and the occurrences of every identity node.
//! [`compare`] is the one place that decides whether a stage is bound to a target; the `bound`
//! and `consistent` checks and the evidence chain all call it, so the report cannot disagree
//! with the findings.

pub mod bound;
pub mod consistent;
pub mod fields;
pub mod pinned;
pub mod references;
pub mod subjects;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::evidence::{Evidence, Field, Stage};
use super::identity::Token;
use super::{Gate, GateFile, Level, Vocabulary, normalize_key};
use crate::finding::{Finding, Label, Location};
use crate::source::Span;

/// A field by stage and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldRef {
    /// Stage index.
    pub stage: usize,
    /// Field index in the stage.
    pub field: usize,
}

/// What a set of stages (the deployed artifact, an approval) names, per role.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The stages.
    pub stages: Vec<usize>,
    /// Roles with a reference or an identity.
    pub roles: BTreeSet<String>,
    /// Identity classes per role.
    pub classes: BTreeMap<String, BTreeSet<usize>>,
    /// The roles a stage must bind: the first artifact role tier the target names.
    pub primary: Vec<String>,
    /// The first field naming each role (for labels and messages).
    pub first: BTreeMap<String, FieldRef>,
    /// Graph nodes the target names.
    pub nodes: HashSet<usize>,
}

impl Target {
    /// Builds the target of some stages.
    pub fn of(ev: &Evidence, vocab: &Vocabulary, stages: Vec<usize>) -> Target {
        let mut stages = stages;
        stages.sort_unstable();
        stages.dedup();
        let mut t = Target {
            stages,
            ..Target::default()
        };
        for &si in &t.stages {
            for (fi, f) in ev.stages[si].fields.iter().enumerate() {
                let has_id = f.identities().next().is_some();
                if !(has_id || f.reference) {
                    continue;
                }
                t.roles.insert(f.role.clone());
                let r = FieldRef {
                    stage: si,
                    field: fi,
                };
                let first = t.first.entry(f.role.clone()).or_insert(r);
                // Prefer a field with an identity for messages.
                if has_id
                    && ev.stages[first.stage].fields[first.field]
                        .identities()
                        .next()
                        .is_none()
                {
                    *first = r;
                }
                for tok in f.identities() {
                    if let Some(n) = ev.graph.find_node(tok) {
                        t.nodes.insert(n);
                        t.classes
                            .entry(f.role.clone())
                            .or_default()
                            .insert(ev.graph.class_of(n));
                    }
                }
            }
        }
        t.primary = vocab
            .artifact_roles
            .iter()
            .map(|tier| {
                tier.iter()
                    .filter(|r| t.roles.contains(*r))
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .find(|v| !v.is_empty())
            .unwrap_or_else(|| t.roles.iter().cloned().collect());
        t
    }

    /// Is stage `i` part of the target? (Stages are kept in index order.)
    pub fn has_stage(&self, i: usize) -> bool {
        self.stages.binary_search(&i).is_ok()
    }

    /// Does the target name any identity?
    pub fn has_identity(&self) -> bool {
        !self.nodes.is_empty()
    }

    /// Every class the target names.
    pub fn all_classes(&self) -> impl Iterator<Item = usize> + '_ {
        self.classes.values().flatten().copied()
    }
}

/// How one stage stands to a target for one required role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleState {
    /// The stage names an identity of the target's artifact of this role (`weak`: only by a
    /// short prefix).
    Bound {
        /// Only by a short digest.
        weak: bool,
        /// The stage's field that binds.
        by: FieldRef,
    },
    /// The stage names no identity of the target's artifact of this role.
    Missing {
        /// The stage's own identity for that role, when it names one (a different one).
        ours: Option<(FieldRef, Token)>,
    },
    /// The target names the role but no identity for it.
    NoTargetIdentity,
}

/// A contradiction: the stage names `ours` where the target names `theirs`, for one artifact.
#[derive(Debug, Clone)]
pub struct Contradiction {
    /// The role.
    pub role: String,
    /// The stage's field and token.
    pub ours: (FieldRef, Token),
    /// The target's field and token.
    pub theirs: (FieldRef, Token),
    /// Objects that make the two one artifact (empty when the role alone does).
    pub witnesses: Vec<usize>,
}

/// A stage compared with a target.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Artifact identities the stage names.
    pub identities: usize,
    /// Per required role.
    pub roles: Vec<(String, RoleState)>,
    /// Different identities of one kind for one artifact.
    pub contradictions: Vec<Contradiction>,
    /// A witness stage (an approval citing this stage's run id) that is bound in its place.
    pub credited_by: Option<usize>,
}

impl Comparison {
    /// Bound on every required role (weakly or strongly).
    pub fn is_bound(&self) -> bool {
        self.credited_by.is_some()
            || !self.roles.is_empty()
                && self
                    .roles
                    .iter()
                    .all(|(_, s)| matches!(s, RoleState::Bound { .. }))
                && self.contradictions.is_empty()
    }

    /// Bound only through a short prefix somewhere.
    pub fn is_weak(&self) -> bool {
        self.roles
            .iter()
            .any(|(_, s)| matches!(s, RoleState::Bound { weak: true, .. }))
    }
}

/// Per graph node, the fields naming it (first per stage).
#[derive(Debug, Default)]
pub struct Occurrences {
    by_node: HashMap<usize, Vec<FieldRef>>,
}

impl Occurrences {
    /// Indexes the evidence.
    pub fn of(ev: &Evidence) -> Occurrences {
        let mut by_node: HashMap<usize, Vec<FieldRef>> = HashMap::new();
        for (si, s) in ev.stages.iter().enumerate() {
            for (fi, f) in s.fields.iter().enumerate() {
                for t in f.identities() {
                    if let Some(n) = ev.graph.find_node(t) {
                        let v = by_node.entry(n).or_default();
                        if v.last().is_none_or(|r| r.stage != si) {
                            v.push(FieldRef {
                                stage: si,
                                field: fi,
                            });
                        }
                    }
                }
            }
        }
        Occurrences { by_node }
    }

    /// The fields naming a node.
    pub fn of_node(&self, n: usize) -> &[FieldRef] {
        self.by_node.get(&n).map_or(&[], Vec::as_slice)
    }
}

/// Compares one stage with a target: binding per required role and contradictions.
pub fn compare(ev: &Evidence, occ: &Occurrences, stage: usize, target: &Target) -> Comparison {
    let g = &ev.graph;
    let s = &ev.stages[stage];
    let mut out = Comparison::default();
    // The stage's identities: (field, token, node, class).
    let mut ours: Vec<(FieldRef, &Token, usize, usize)> = Vec::new();
    for (fi, f) in s.fields.iter().enumerate() {
        for t in f.identities() {
            if let Some(n) = g.find_node(t) {
                ours.push((FieldRef { stage, field: fi }, t, n, g.class_of(n)));
            }
        }
    }
    out.identities = ours.len();
    let role_of = |r: FieldRef| ev.stages[r.stage].fields[r.field].role.as_str();
    for role in &target.primary {
        let classes = target.classes.get(role);
        let state = match classes {
            None => RoleState::NoTargetIdentity,
            Some(cs) => {
                let strong = ours
                    .iter()
                    .find(|(_, t, _, c)| cs.contains(c) && !t.is_short());
                let weak = ours.iter().find(|(_, _, _, c)| cs.contains(c)).or_else(|| {
                    ours.iter().find(|(_, t, _, _)| {
                        t.is_short()
                            && cs.iter().any(|c| {
                                g.members(*c)
                                    .iter()
                                    .any(|m| t.matches(g.token(*m)).is_some())
                            })
                    })
                });
                match (strong, weak) {
                    (Some((r, ..)), _) => RoleState::Bound {
                        weak: false,
                        by: *r,
                    },
                    (None, Some((r, ..))) => RoleState::Bound { weak: true, by: *r },
                    _ => RoleState::Missing {
                        ours: ours
                            .iter()
                            .find(|(r, ..)| role_of(*r) == role)
                            .map(|(r, t, ..)| (*r, (*t).clone())),
                    },
                }
            }
        };
        out.roles.push((role.clone(), state));
    }
    // Contradictions inside one class: the stage names one name, the target another.
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let our_nodes: HashSet<usize> = ours.iter().map(|o| o.2).collect();
    let classes: BTreeSet<usize> = ours.iter().map(|o| o.3).collect();
    for c in classes {
        for conflict in g.conflicts(c) {
            let (x, y) = conflict.nodes;
            let (mine, theirs) = if our_nodes.contains(&x) && target.nodes.contains(&y) {
                (x, y)
            } else if our_nodes.contains(&y) && target.nodes.contains(&x) {
                (y, x)
            } else {
                continue;
            };
            if our_nodes.contains(&theirs) || !seen.insert((mine, theirs)) {
                continue;
            }
            let Some(&or) = occ.of_node(mine).iter().find(|r| r.stage == stage) else {
                continue;
            };
            let Some(&tr) = occ
                .of_node(theirs)
                .iter()
                .find(|r| target.has_stage(r.stage))
            else {
                continue;
            };
            out.contradictions.push(Contradiction {
                role: role_of(tr).to_string(),
                ours: (or, g.token(mine).clone()),
                theirs: (tr, g.token(theirs).clone()),
                witnesses: g.witnesses(mine, theirs),
            });
        }
    }
    // Contradictions by role: the stage and the target name one role with names of one kind
    // that share nothing (a candidate's runtime image digest that is not the deployed one).
    for (role, cs) in &target.classes {
        if target.primary.contains(role) {
            continue; // a required role that is not bound is reported as unbound
        }
        let mine: Vec<&(FieldRef, &Token, usize, usize)> =
            ours.iter().filter(|o| role_of(o.0) == role).collect();
        if mine.is_empty() || mine.iter().any(|o| cs.contains(&o.3)) {
            continue;
        }
        'found: for o in &mine {
            let Some(k) = o.1.conflict_key() else {
                continue;
            };
            for c in cs {
                for &m in g.members(*c) {
                    let theirs = g.token(m);
                    if theirs.conflict_key().as_deref() == Some(k.as_str())
                        && target.nodes.contains(&m)
                    {
                        if let Some(&tr) = occ.of_node(m).iter().find(|r| target.has_stage(r.stage))
                        {
                            if seen.insert((o.2, m)) {
                                out.contradictions.push(Contradiction {
                                    role: role.clone(),
                                    ours: (o.0, o.1.clone()),
                                    theirs: (tr, theirs.clone()),
                                    witnesses: Vec::new(),
                                });
                            }
                            break 'found;
                        }
                    }
                }
            }
        }
    }
    out
}

/// The state of one evaluation: the evidence, the deployed artifact, occurrences, and the
/// bindings the `bound` checks computed (read by the evidence chain).
pub struct Context<'a> {
    /// The gate file.
    pub gf: &'a GateFile,
    /// The evidence.
    pub ev: &'a Evidence,
    /// The deployed artifact.
    pub artifact: Target,
    /// Where each identity node occurs.
    pub occ: Occurrences,
    /// Per stage index: the binding a `bound` check computed, with the target's label.
    pub bindings: HashMap<usize, (Comparison, String)>,
    /// Stage kinds absent from the record but credited through a witness stage (an approval
    /// that cites the evaluation's run id), with the witness's index.
    pub credits: Vec<(String, usize)>,
}

impl<'a> Context<'a> {
    /// Prepares the evaluation of a gate file over the evidence.
    pub fn new(gf: &'a GateFile, ev: &'a Evidence) -> Context<'a> {
        let vocab = &gf.vocab;
        let stages: Vec<usize> = vocab
            .artifact_tiers
            .iter()
            .map(|tier| {
                ev.stages
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| tier.contains(&s.kind))
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            })
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        let artifact = Target::of(ev, vocab, stages);
        Context {
            gf,
            ev,
            artifact,
            occ: Occurrences::of(ev),
            bindings: HashMap::new(),
            credits: Vec::new(),
        }
    }

    /// The gate file's vocabulary.
    pub fn vocab(&self) -> &'a Vocabulary {
        &self.gf.vocab
    }

    /// A field.
    pub fn field(&self, r: FieldRef) -> &'a Field {
        &self.ev.stages[r.stage].fields[r.field]
    }

    /// The target named `to`: `artifact`, or the instances of a stage (with a fallback stage
    /// when it is absent). `None` when neither is in the record.
    pub fn target(&self, to: &str, fallback: Option<&String>) -> Option<(Target, String)> {
        if to == "artifact" {
            return Some((self.artifact.clone(), "the deployed artifact".into()));
        }
        let mut kind = to;
        if self.ev.stages_of(kind).next().is_none() {
            kind = fallback.map(String::as_str)?;
            if kind == "artifact" {
                return self.target(kind, None);
            }
        }
        let stages: Vec<usize> = self
            .ev
            .stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == kind)
            .map(|(i, _)| i)
            .collect();
        if stages.is_empty() {
            return None;
        }
        Some((
            Target::of(self.ev, self.vocab(), stages),
            format!("the {}", kind.replace('_', " ")),
        ))
    }

    /// Where record-level findings point: the first artifact stage, else the first stage,
    /// else line 1 of the record.
    pub fn anchor(&self) -> (usize, Span) {
        self.artifact
            .stages
            .first()
            .or_else(|| (!self.ev.stages.is_empty()).then_some(&0))
            .map_or((0, Span::default()), |&i| {
                (self.ev.stages[i].file, self.ev.stages[i].span)
            })
    }

    /// Roles named by a role selector (`primary` is the record's artifact roles).
    pub fn expand_roles(&self, names: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for n in names {
            if n == "primary" {
                out.extend(self.artifact.primary.iter().cloned());
            } else {
                out.push(n.clone());
            }
        }
        out
    }
}

/// Collects the findings of one gate.
pub struct Reporter<'a> {
    /// The gate.
    pub gate: &'a Gate,
    /// Findings so far.
    pub out: Vec<Finding>,
}

impl<'a> Reporter<'a> {
    /// Reports a finding at a span of a file of the evidence.
    pub fn report(
        &mut self,
        ev: &Evidence,
        severity: Level,
        file: usize,
        span: Span,
        message: String,
    ) -> Option<&mut Finding> {
        let severity = severity?;
        let loc = Location::new(ev.file_of(file).clone(), span);
        let mut f = Finding::new(self.gate.id.clone(), severity, message, loc);
        if !self.gate.help.is_empty() {
            f.help = Some(self.gate.help.clone());
        }
        f.category = Some(self.gate.category.clone());
        self.out.push(f);
        self.out.last_mut()
    }

    /// Reports at a field.
    pub fn at_field(
        &mut self,
        ev: &Evidence,
        severity: Level,
        field: &Field,
        message: String,
    ) -> Option<&mut Finding> {
        self.report(ev, severity, field.file, field.span, message)
    }

    /// Reports at a stage's key.
    pub fn at_stage(
        &mut self,
        ev: &Evidence,
        severity: Level,
        stage: &Stage,
        message: String,
    ) -> Option<&mut Finding> {
        self.report(ev, severity, stage.file, stage.span, message)
    }
}

/// Adds a label pointing at a field.
pub fn label(f: &mut Finding, ev: &Evidence, field: &Field, message: String) {
    f.labels.push(Label {
        location: Location::new(ev.file_of(field.file).clone(), field.span),
        message,
    });
}

/// Describes the objects that make two names one artifact: "`deploy` (line 12)".
pub fn witness_text(ev: &Evidence, objects: &[usize]) -> String {
    let parts: Vec<String> = objects
        .iter()
        .filter_map(|o| ev.objects.get(*o))
        .map(|o| {
            let line = ev.file_of(o.file).line_col(o.span.start).0;
            format!("`{}` (line {line})", o.display)
        })
        .collect();
    parts.join(" and ")
}

/// `deploy`, `environment `canary``, ...
pub fn stage_label(stage: &Stage) -> String {
    stage_label_of(&stage.kind, &stage.name)
}

/// The label of a stage kind and instance name.
pub fn stage_label_of(kind: &str, name: &str) -> String {
    let shown = kind.replace('_', " ");
    if normalize_key(name) == normalize_key(kind) {
        shown
    } else {
        format!("{shown} `{name}`")
    }
}

/// A repository / model name with no revision of its own (`org/name`, `hf://org/name`,
/// `gpt-4o`): a separate pin field in the same object can complete it.
pub fn is_bare_locator(f: &Field) -> bool {
    let t = f.text.to_ascii_lowercase();
    use crate::refs::Ecosystem as E;
    matches!(
        f.class.ecosystem,
        E::HuggingFace
            | E::Git
            | E::OpenAi
            | E::AzureOpenAi
            | E::VertexAi
            | E::Bedrock
            | E::AzureMl
            | E::Generic
    ) && !t.contains('@')
        && ![
            "/resolve/",
            "/tree/",
            "/blob/",
            "latest",
            "/main",
            "master",
            "refs/",
        ]
        .iter()
        .any(|m| t.contains(m))
        && !crate::refs::is_placeholder(&t)
}

/// Does a pin field pin? Immutable, or for a hosted model a provider version (a date or a
/// number).
pub fn pin_holds(g: &Field, hosted: bool) -> bool {
    use crate::refs::Class;
    if crate::refs::is_placeholder(&g.text) {
        return false;
    }
    if g.class.class == Class::Immutable {
        return true;
    }
    if hosted {
        let t = g.text.trim();
        let date = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
        let digits = !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
        return date || digits || g.class.provider_pinned;
    }
    false
}

/// Is a field pinned by a pin field beside it (same object)?
pub fn pinned_by_sibling(vocab: &Vocabulary, stage: &Stage, f: &Field, pins: &str) -> bool {
    is_bare_locator(f)
        && stage.fields.iter().any(|g| {
            !std::ptr::eq(g, f)
                && g.object == f.object
                && vocab.field_matches(pins, &g.key)
                && pin_holds(g, stage.hosted)
        })
}

/// Token list for messages: at most two, displayed.
pub fn shown(tokens: &[Token]) -> String {
    let mut v: Vec<String> = tokens.iter().take(2).map(Token::display).collect();
    if tokens.len() > 2 {
        v.push(format!("and {} more", tokens.len() - 2));
    }
    v.join(", ")
}
