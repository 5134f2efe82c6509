//! The verdict on a release: every gate's checks over one evidence graph become findings at
//! the exact values that failed, the findings fold into a promotion [`Status`], and the
//! evidence chain is read off the same graph and the same bindings, so it cannot contradict
//! the findings.

use super::checks::{self, Context, Reporter, stage_label_of};
use super::evidence::{Evidence, Stage};
use super::identity::Token;
use super::{Check, GateFile, normalize_key};
use crate::finding::{Finding, Severity};
use crate::refs::Class;

/// The promotion verdict of the spec, plus `not-analysed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Nothing of medium or above remains.
    Pass,
    /// The worst remaining finding is medium.
    Partial,
    /// A high or critical finding remains.
    Fail,
    /// No stage the gates know could be read: nothing was judged. `check` fails closed on it
    /// unless `--allow-not-analysed`.
    NotAnalysed,
}

impl Status {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Partial => "partial",
            Status::Fail => "fail",
            Status::NotAnalysed => "not-analysed",
        }
    }

    /// Uppercase label for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Partial => "PARTIAL",
            Status::Fail => "FAIL",
            Status::NotAnalysed => "NOT ANALYSED",
        }
    }

    /// The status findings of these severities give.
    pub fn of(findings: &[Finding]) -> Status {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::High | Severity::Critical) => Status::Fail,
            Some(Severity::Medium) => Status::Partial,
            _ => Status::Pass,
        }
    }

    /// Parses `pass`/`partial`/`fail`/`not-analysed` and the synonyms fixtures use.
    pub fn parse(s: &str) -> Option<Status> {
        match normalize_key(s).as_str() {
            "pass" | "passed" | "ok" | "benign" | "nofinding" | "conforming" | "safe" | "clean" => {
                Some(Status::Pass)
            }
            "partial" | "warn" | "warning" => Some(Status::Partial),
            "fail" | "failed" | "finding" | "vulnerable" | "gap" | "block" | "blocked" => {
                Some(Status::Fail)
            }
            "notanalysed" | "notanalyzed" | "unanalysed" => Some(Status::NotAnalysed),
            _ => None,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a link of the evidence chain stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkState {
    /// It is (part of) the deployed artifact.
    Artifact,
    /// A gate judged it bound to its target.
    Bound,
    /// Bound only through a short digest.
    WeakBound,
    /// Bound through a witness (an approval citing its run id).
    Credited,
    /// A gate judged it not bound, or it contradicts its target.
    Unbound,
    /// No gate binds this stage (a rollback target is another artifact by design).
    NotJudged,
}

impl LinkState {
    /// Is the link bound (in any way)?
    pub fn is_bound(self) -> bool {
        matches!(
            self,
            LinkState::Artifact | LinkState::Bound | LinkState::WeakBound | LinkState::Credited
        )
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::Artifact => "artifact",
            LinkState::Bound => "bound",
            LinkState::WeakBound => "weak-bound",
            LinkState::Credited => "credited",
            LinkState::Unbound => "unbound",
            LinkState::NotJudged => "not-judged",
        }
    }
}

/// One link of the evidence chain: a stage, what it references, its identity, and how it is
/// bound.
#[derive(Debug, Clone)]
pub struct Link {
    /// Stage kind.
    pub stage: String,
    /// Instance name (`canary`) or the kind.
    pub name: String,
    /// The main reference (the value as written), if any.
    pub reference: Option<String>,
    /// Dotted key of that reference.
    pub key: Option<String>,
    /// The file of the reference (index in the evidence's files).
    pub file: usize,
    /// 1-based line of the reference (or of the stage key).
    pub line: usize,
    /// Identities, as people read them (`sha256:…`, `mlflow:fraud/14`, `run eval-7`).
    pub identity: Vec<String>,
    /// The same identities as tokens (kind and normalised value), in the order of `identity`:
    /// what the JSON view shows.
    pub tokens: Vec<Token>,
    /// The reference's class.
    pub class: Option<Class>,
    /// How it is bound.
    pub state: LinkState,
    /// Labels of the stages sharing an identity of the artifact with it (at most ten, then a
    /// count).
    pub bound_to: Vec<String>,
    /// What the binding is judged against (`the deployed artifact`, `the approval`).
    pub judged_against: Option<String>,
    /// For a credited link: the witness stage's label.
    pub credited_by: Option<String>,
}

/// The verdict on one release.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// The status.
    pub status: Status,
    /// The evidence chain.
    pub chain: Vec<Link>,
}

/// Runs every gate over the evidence, then builds the chain from the same bindings.
pub fn evaluate(gf: &GateFile, ev: &Evidence) -> Verdict {
    if !ev.is_analysable(&gf.vocab) {
        return Verdict {
            findings: Vec::new(),
            status: Status::NotAnalysed,
            chain: Vec::new(),
        };
    }
    let mut cx = Context::new(gf, ev);
    let skill = gf
        .skill_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let mut out = Vec::new();
    for gate in &gf.gates {
        let mut rep = Reporter {
            gate,
            out: Vec::new(),
        };
        for check in &gate.checks {
            match check {
                Check::References(c) => checks::references::run(&cx, &mut rep, c),
                Check::Bound(c) => checks::bound::run(&mut cx, &mut rep, c),
                Check::Evidence(c) => checks::fields::run(&cx, &mut rep, c),
                Check::Pinned(c) => checks::pinned::run(&cx, &mut rep, c),
                Check::Subjects(c) => checks::subjects::run(&cx, &mut rep, c),
                Check::Consistent(c) => checks::consistent::run(&cx, &mut rep, c),
            }
        }
        for mut f in rep.out {
            f.skill = skill.clone();
            out.push(f);
        }
    }
    crate::finding::sort(&mut out);
    let status = Status::of(&out);
    let chain = chain(&cx);
    Verdict {
        findings: out,
        status,
        chain,
    }
}

/// How many stage labels a link lists before it counts the rest.
const BOUND_TO_CAP: usize = 10;

/// The evidence chain, in the gate file's chain order (then any other stage).
fn chain(cx: &Context<'_>) -> Vec<Link> {
    let ev = cx.ev;
    let vocab = cx.vocab();
    let g = &ev.graph;
    // Stages by primary-role class, so "bound to" lists are linear to build.
    let primary: Vec<&String> = cx.artifact.primary.iter().collect();
    let mut by_class: std::collections::HashMap<usize, Vec<usize>> =
        std::collections::HashMap::new();
    let mut classes_of: Vec<Vec<usize>> = vec![Vec::new(); ev.stages.len()];
    for (si, s) in ev.stages.iter().enumerate() {
        for f in &s.fields {
            if !primary.contains(&&f.role) && !cx.artifact.has_stage(si) {
                continue;
            }
            for t in f.identities() {
                if let Some(c) = g.class_of_token(t) {
                    if !classes_of[si].contains(&c) {
                        classes_of[si].push(c);
                        let v = by_class.entry(c).or_default();
                        if v.last() != Some(&si) {
                            v.push(si);
                        }
                    }
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..ev.stages.len()).collect();
    order.sort_by_key(|&i| vocab.chain_position(&ev.stages[i].kind));
    let mut links: Vec<(usize, Link)> = order
        .into_iter()
        .map(|si| {
            let s = &ev.stages[si];
            let mut bound_to = Vec::new();
            let mut listed = std::collections::HashSet::new();
            let mut total = 0usize;
            for c in &classes_of[si] {
                let others = by_class.get(c).map_or(&[][..], Vec::as_slice);
                // Count without walking: the list holds this stage itself once.
                total += others.len().saturating_sub(1);
                for &o in others {
                    if bound_to.len() >= BOUND_TO_CAP {
                        break;
                    }
                    if o != si && listed.insert(o) {
                        bound_to.push(stage_label_of(&ev.stages[o].kind, &ev.stages[o].name));
                    }
                }
            }
            if total > bound_to.len() && bound_to.len() >= BOUND_TO_CAP {
                bound_to.push(format!("{} more", total - bound_to.len()));
            }
            let (state, against, credited_by) = match cx.bindings.get(&si) {
                Some((cmp, against)) => {
                    let state = if let Some(w) = cmp.credited_by {
                        let ws = &ev.stages[w];
                        return (
                            vocab.chain_position(&s.kind),
                            link(
                                cx,
                                si,
                                LinkState::Credited,
                                bound_to,
                                Some(against.clone()),
                                Some(stage_label_of(&ws.kind, &ws.name)),
                            ),
                        );
                    } else if cmp.is_bound() && cmp.is_weak() {
                        LinkState::WeakBound
                    } else if cmp.is_bound() {
                        LinkState::Bound
                    } else {
                        LinkState::Unbound
                    };
                    (state, Some(against.clone()), None)
                }
                None if cx.artifact.has_stage(si) => {
                    // The deployed artifact is a link only when it has an identity to bind to.
                    let pinned = s.fields.iter().any(|f| {
                        cx.artifact.primary.contains(&f.role) && f.identities().next().is_some()
                    });
                    let state = if pinned {
                        LinkState::Artifact
                    } else {
                        LinkState::Unbound
                    };
                    (state, None, None)
                }
                None => (LinkState::NotJudged, None, None),
            };
            (
                vocab.chain_position(&s.kind),
                link(cx, si, state, bound_to, against, credited_by),
            )
        })
        .collect();
    // Stages credited through a witness although the record has none of them.
    for (kind, w) in &cx.credits {
        let ws: &Stage = &ev.stages[*w];
        let run_tokens: Vec<Token> = ws
            .fields
            .iter()
            .flat_map(|f| f.tokens.iter().filter(|t| t.is_run()))
            .cloned()
            .collect();
        let runs: Vec<String> = run_tokens.iter().map(Token::display).collect();
        let line = ev.file_of(ws.file).line_col(ws.span.start).0;
        links.push((
            vocab.chain_position(kind),
            Link {
                stage: kind.clone(),
                name: kind.clone(),
                reference: None,
                key: None,
                file: ws.file,
                line,
                identity: runs,
                tokens: run_tokens,
                class: None,
                state: LinkState::Credited,
                bound_to: vec![stage_label_of(&ws.kind, &ws.name)],
                judged_against: Some("the deployed artifact".into()),
                credited_by: Some(stage_label_of(&ws.kind, &ws.name)),
            },
        ));
    }
    links.sort_by_key(|(p, _)| *p);
    links.into_iter().map(|(_, l)| l).collect()
}

fn link(
    cx: &Context<'_>,
    si: usize,
    state: LinkState,
    bound_to: Vec<String>,
    judged_against: Option<String>,
    credited_by: Option<String>,
) -> Link {
    let ev = cx.ev;
    let s = &ev.stages[si];
    let primary = &cx.artifact.primary;
    let main = s
        .fields
        .iter()
        .filter(|f| f.reference)
        .rev()
        .max_by_key(|f| {
            (
                f.class.class,
                f.identities().next().is_some(),
                primary.contains(&f.role),
            )
        })
        .or_else(|| s.fields.iter().find(|f| f.identities().next().is_some()));
    let mut identity: Vec<String> = Vec::new();
    let mut tokens: Vec<(String, Token)> = Vec::new();
    for f in &s.fields {
        for t in &f.tokens {
            let d = t.display();
            if !identity.contains(&d) {
                identity.push(d.clone());
                tokens.push((d, t.clone()));
            }
        }
    }
    identity.sort();
    tokens.sort_by(|a, b| a.0.cmp(&b.0));
    let tokens: Vec<Token> = tokens.into_iter().map(|(_, t)| t).collect();
    let (file, offset) = main.map_or((s.file, s.span.start), |f| (f.file, f.span.start));
    Link {
        stage: s.kind.clone(),
        name: s.name.clone(),
        reference: main.map(|f| f.text.clone()),
        key: main.map(|f| f.display.clone()),
        file,
        line: ev.file_of(file).line_col(offset).0,
        identity,
        tokens,
        class: main.map(|f| f.class.class),
        state,
        bound_to,
        judged_against,
        credited_by,
    }
}

/// `deploy`, `environment `canary``, ...
pub fn stage_label(stage: &Stage) -> String {
    checks::stage_label(stage)
}
