//! Evaluates a gate file over a release record: each generic check becomes findings at the
//! exact value that failed, and the findings fold into a promotion status.

use super::*;
use crate::finding::{Finding, Location};
use crate::record::{Field, Record, Stage, Token};
use crate::refs::Class;

/// The promotion verdict of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing of medium or above remains.
    Pass,
    /// The worst remaining finding is medium.
    Partial,
    /// A high or critical finding remains.
    Fail,
}

impl Status {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Partial => "partial",
            Status::Fail => "fail",
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

    /// Parses `pass`/`partial`/`fail` and the synonyms fixtures use.
    pub fn parse(s: &str) -> Option<Status> {
        match normalize_key(s).as_str() {
            "pass" | "passed" | "ok" | "benign" | "nofinding" | "conforming" | "safe" | "clean" => {
                Some(Status::Pass)
            }
            "partial" | "warn" | "warning" => Some(Status::Partial),
            "fail" | "failed" | "finding" | "vulnerable" | "gap" | "block" | "blocked" => {
                Some(Status::Fail)
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Runs every gate over `record`. Findings are sorted; the status follows the spec.
pub fn evaluate(gf: &GateFile, record: &Record) -> (Vec<Finding>, Status) {
    let mut out = Vec::new();
    let skill = gf
        .skill_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    for gate in &gf.gates {
        let mut cx = Cx {
            gf,
            gate,
            record,
            out: Vec::new(),
        };
        for check in &gate.checks {
            match check {
                Check::References(c) => cx.references(c),
                Check::Bound(c) => cx.bound(c),
                Check::Evidence(c) => cx.evidence(c),
                Check::Pinned(c) => cx.pinned(c),
                Check::Subjects(c) => cx.subjects(c),
            }
        }
        for mut f in cx.out {
            f.skill = skill.clone();
            out.push(f);
        }
    }
    crate::finding::sort(&mut out);
    let status = Status::of(&out);
    (out, status)
}

struct Cx<'a> {
    gf: &'a GateFile,
    gate: &'a Gate,
    record: &'a Record,
    out: Vec<Finding>,
}

impl<'a> Cx<'a> {
    fn vocab(&self) -> &'a Vocabulary {
        &self.gf.vocab
    }

    fn report(&mut self, severity: Level, span: Span, message: String) -> Option<&mut Finding> {
        let severity = severity?;
        let loc = Location::new(self.record.file.clone(), span);
        let mut f = Finding::new(self.gate.id.clone(), severity, message, loc);
        if !self.gate.help.is_empty() {
            f.help = Some(self.gate.help.clone());
        }
        f.category = Some(self.gate.category.clone());
        self.out.push(f);
        self.out.last_mut()
    }

    /// Where record-level findings point: the first artifact stage, else the first stage, else
    /// line 1.
    fn anchor(&self) -> Span {
        let vocab = self.vocab();
        let artifact = vocab
            .artifact_tiers
            .iter()
            .flatten()
            .find_map(|k| self.record.stages_of(k).next());
        artifact
            .into_iter()
            .chain(self.record.stages.iter().filter(|s| s.kind != "record"))
            .map(|s| s.span)
            .next()
            .unwrap_or_default()
    }

    fn stages<'s>(&self, kinds: &'s [String]) -> impl Iterator<Item = &'a Stage> + 's
    where
        'a: 's,
    {
        let record: &'a Record = self.record;
        record
            .stages
            .iter()
            .filter(move |s| kinds.contains(&s.kind))
    }

    fn target(&self, to: &str, fallback: Option<&String>) -> (Vec<Token>, Option<Span>) {
        if to == "artifact" {
            let ids = self.record.artifact_identity(self.vocab());
            let kinds: Vec<&str> = self.vocab().artifact_kinds().collect();
            let span = self.first_identity_field(&kinds);
            return (ids, span);
        }
        let mut kind = to;
        if self.record.stages_of(kind).next().is_none() {
            match fallback {
                Some(f) => kind = f,
                None => return (Vec::new(), None),
            }
        }
        if kind == "artifact" {
            return self.target(kind, None);
        }
        let ids: Vec<Token> = self
            .record
            .stages_of(kind)
            .flat_map(|s| s.identity().cloned())
            .collect();
        (ids, self.first_identity_field(&[kind]))
    }

    fn first_identity_field(&self, kinds: &[&str]) -> Option<Span> {
        self.record
            .stages
            .iter()
            .filter(|s| kinds.contains(&s.kind.as_str()))
            .flat_map(|s| &s.fields)
            .find(|f| f.tokens.iter().any(|t| !t.is_run()))
            .map(|f| f.span)
    }

    fn references(&mut self, c: &ReferencesCheck) {
        let stages: Vec<&Stage> = self.stages(&c.stages).collect();
        if stages.is_empty() {
            let anchor = self.anchor();
            self.report(
                c.missing_stage,
                anchor,
                format!("the record has no {} stage", c.stages.join(" / ")),
            );
            return;
        }
        for stage in stages {
            match c.hosted {
                Hosted::Skip if stage.hosted => continue,
                Hosted::Only if !stage.hosted => continue,
                _ => {}
            }
            let vocab = self.vocab();
            let refs: Vec<&Field> = stage
                .fields_in(vocab, &c.fields)
                .filter(|f| {
                    c.except_fields
                        .as_ref()
                        .is_none_or(|x| !vocab.field_matches(x, &f.key))
                })
                .collect();
            if refs.is_empty() {
                self.report(
                    c.missing_reference,
                    stage.span,
                    format!(
                        "{} `{}` names no artifact reference",
                        stage.kind, stage.name
                    ),
                );
                continue;
            }
            let bound: Vec<Token> = c
                .bound_to
                .iter()
                .flat_map(|k| {
                    let (ids, _) = self.target(k, None);
                    ids
                })
                .collect();
            for f in refs {
                let verdict = self.judge(c, stage, f, &bound);
                if let Some((level, why)) = verdict {
                    let msg = format!(
                        "{} `{}` is {}: {}{why}",
                        stage_label(stage),
                        f.display,
                        f.class.class,
                        f.class.reason
                    );
                    self.report(level, f.span, msg);
                }
            }
        }
    }

    /// `None` when the reference passes; else the severity and a suffix for the message.
    fn judge(
        &self,
        c: &ReferencesCheck,
        stage: &Stage,
        f: &Field,
        bound: &[Token],
    ) -> Option<(Level, String)> {
        let vocab = self.vocab();
        let cls = &f.class;
        if cls.class == Class::Immutable {
            return None;
        }
        let pinned_ok =
            c.accept == Accept::ProviderPinned || c.hosted == Hosted::AcceptProviderPinned;
        if cls.provider_pinned && pinned_ok {
            return None;
        }
        if c.repo_paths
            .as_ref()
            .is_some_and(|v| vocab.field_matches(v, &f.key))
            && is_repo_path(&f.text)
        {
            return None; // a file in the repository is pinned by the commit that holds the record
        }
        let is_pin = c
            .pins
            .as_ref()
            .is_some_and(|p| vocab.field_matches(p, &f.key));
        if !is_pin && is_bare_locator(f) {
            if let Some(p) = &c.pins {
                let pinned_by = stage.fields.iter().find(|g| {
                    !std::ptr::eq(*g, f)
                        && vocab.field_matches(p, &g.key)
                        && pin_holds(g, stage.hosted)
                });
                if pinned_by.is_some() {
                    return None;
                }
            }
        }
        // A digest inside the reference (a digest-addressed mirror path, say) that equals the
        // evaluated / approved digest binds it: full digest, no finding; short, `weak_bound`.
        let strong = f
            .tokens
            .iter()
            .any(|t| !t.short && bound.iter().any(|b| t.matches(b) == Some(false)));
        let weakly = f
            .tokens
            .iter()
            .any(|t| bound.iter().any(|b| t.matches(b).is_some()));
        // A non-canonical (uppercase) digest stays weak even when bound: registries and
        // verifiers compare digests case-sensitively.
        let canonical = !f
            .tokens
            .iter()
            .any(|t| t.hex().is_some_and(|h| !f.text.contains(h)));
        if strong && canonical && !c.bound_to.is_empty() {
            return None;
        }
        if weakly && canonical && !c.bound_to.is_empty() {
            return c.weak_bound.map(|l| {
                (
                    Some(l),
                    " (bound to the evaluation/approval by a short digest only)".to_string(),
                )
            });
        }
        match cls.class {
            Class::Mutable => Some((c.mutable, String::new())),
            _ => Some((c.weak, String::new())),
        }
    }

    fn bound(&mut self, c: &BoundCheck) {
        let instances: Vec<&Stage> = self.record.stages_of(&c.stage).collect();
        if instances.is_empty() {
            let anchor = self.anchor();
            self.report(
                c.missing,
                anchor,
                format!(
                    "the record has no {} bound to the deployed artifact",
                    c.stage.replace('_', " ")
                ),
            );
            return;
        }
        let (target, target_span) = self.target(&c.to, c.fallback_to.as_ref());
        let to_label = if c.to == "artifact" {
            "the deployed artifact".to_string()
        } else {
            format!("the {}", c.to)
        };
        for stage in instances {
            if let Some(req) = &c.require_fields {
                if stage.fields_in(self.vocab(), req).next().is_none() {
                    self.report(
                        c.unbound,
                        stage.span,
                        format!("{} has no {}", stage_label(stage), req.replace('_', " ")),
                    );
                }
            }
            let ids: Vec<&Token> = stage.identity().collect();
            let first = stage
                .fields
                .iter()
                .find(|f| f.tokens.iter().any(|t| !t.is_run()));
            if ids.is_empty() {
                let shown: Vec<String> = stage
                    .fields
                    .iter()
                    .take(3)
                    .map(|f| format!("{}: {}", last_key(&f.display), f.text))
                    .collect();
                let only = if shown.is_empty() {
                    String::new()
                } else {
                    format!(" (only {})", shown.join(", "))
                };
                let span = stage.fields.first().map_or(stage.span, |f| f.span);
                let level = if c.no_identity.is_some() {
                    c.no_identity
                } else {
                    c.unbound
                };
                self.report(
                    level,
                    span,
                    format!("{} names no artifact identity{only}", stage_label(stage)),
                );
                continue;
            }
            if target.is_empty() {
                if c.to == "artifact" {
                    let span = first.map_or(stage.span, |f| f.span);
                    self.report(
                        c.unbound,
                        span,
                        format!(
                            "{} cannot be bound: the deployed artifact has no immutable identity",
                            stage_label(stage)
                        ),
                    );
                }
                continue;
            }
            let strong = ids
                .iter()
                .any(|a| target.iter().any(|b| a.matches(b) == Some(false)));
            let weak = ids
                .iter()
                .any(|a| target.iter().any(|b| a.matches(b).is_some()));
            if strong {
                continue;
            }
            let span = first.map_or(stage.span, |f| f.span);
            let (level, msg) = if weak {
                (
                    c.weak_bound,
                    format!(
                        "{} is bound to {to_label} by a short digest only",
                        stage_label(stage)
                    ),
                )
            } else {
                let theirs: Vec<&str> = ids.iter().map(|t| t.value.as_str()).take(2).collect();
                let wanted: Vec<&str> = target.iter().map(|t| t.value.as_str()).take(2).collect();
                (
                    c.unbound,
                    format!(
                        "{} names {} but {to_label} is {}",
                        stage_label(stage),
                        theirs.join(", "),
                        wanted.join(", ")
                    ),
                )
            };
            if let Some(f) = self.report(level, span, msg) {
                if let Some(ts) = target_span {
                    let loc = Location::new(f.location.file.clone(), ts);
                    f.labels.push(crate::finding::Label {
                        location: loc,
                        message: format!("{to_label} is identified here"),
                    });
                }
            }
        }
    }

    fn evidence(&mut self, c: &EvidenceCheck) {
        let hosted = self.record.hosted(self.vocab());
        let stages: Vec<&Stage> = self.stages(&c.stages).collect();
        for stage in stages {
            for req in &c.require {
                if req.unless_hosted && hosted {
                    continue;
                }
                let candidates: Vec<&Field> = stage
                    .fields
                    .iter()
                    .filter(|f| req.applies_to(self.vocab(), &f.key))
                    .collect();
                if candidates
                    .iter()
                    .any(|f| self.value_ok(f, req.values.as_deref()))
                {
                    continue;
                }
                match candidates.first() {
                    Some(f) => {
                        let msg = format!("{}: `{}` is `{}`", req.message, f.display, f.text);
                        self.report(req.severity, f.span, msg);
                    }
                    None => {
                        self.report(
                            req.severity,
                            stage.span,
                            format!("{} ({})", req.message, stage_label(stage)),
                        );
                    }
                }
            }
            for req in &c.forbid {
                let hits: Vec<&Field> = stage
                    .fields
                    .iter()
                    .filter(|f| req.applies_to(self.vocab(), &f.key))
                    .filter(|f| match &req.values {
                        Some(set) => self.vocab().value_in(set, &f.text),
                        None => true,
                    })
                    .collect();
                for f in hits {
                    let msg = format!("{}: `{}` is `{}`", req.message, f.display, f.text);
                    self.report(req.severity, f.span, msg);
                }
            }
        }
    }

    fn value_ok(&self, f: &Field, set: Option<&str>) -> bool {
        if crate::refs::is_placeholder(&f.text) {
            return false;
        }
        match set {
            None => true,
            Some(s) => self.vocab().value_in(s, &f.text) || f.class.class == Class::Immutable,
        }
    }

    fn pinned(&mut self, c: &PinnedCheck) {
        let Some(trigger) = self.record.stages_of(&c.when_stage).next() else {
            return;
        };
        let trigger_span = trigger.span;
        for kind in &c.stages {
            let instances: Vec<&Stage> = self.record.stages_of(kind).collect();
            if instances.is_empty() {
                self.report(
                    c.severity,
                    trigger_span,
                    format!(
                        "the {} release records no {} identity",
                        c.when_stage,
                        kind.replace('_', " ")
                    ),
                );
                continue;
            }
            for stage in instances {
                let vocab = self.vocab();
                let pins = c.pins.as_deref();
                let pinned = stage
                    .fields
                    .iter()
                    .any(|f| f.class.class == Class::Immutable)
                    || stage.fields.iter().any(|f| {
                        is_bare_locator(f)
                            && pins.is_some_and(|p| {
                                stage.fields.iter().any(|g| {
                                    vocab.field_matches(p, &g.key) && pin_holds(g, stage.hosted)
                                })
                            })
                    });
                if pinned {
                    continue;
                }
                let culprit = pins
                    .and_then(|p| stage.fields.iter().find(|f| vocab.field_matches(p, &f.key)))
                    .or_else(|| {
                        stage
                            .fields
                            .iter()
                            .find(|f| vocab.field_matches("model_refs", &f.key))
                    })
                    .or_else(|| stage.fields.first());
                let (span, msg) = match culprit {
                    Some(f) => (
                        f.span,
                        format!(
                            "{} `{}` is not pinned: {} is {} ({})",
                            stage_label(stage),
                            f.display,
                            f.text,
                            f.class.class,
                            f.class.reason
                        ),
                    ),
                    None => (
                        stage.span,
                        format!("{} has no reference", stage_label(stage)),
                    ),
                };
                self.report(c.severity, span, msg);
            }
        }
    }

    fn subjects(&mut self, c: &SubjectsCheck) {
        let instances: Vec<&Stage> = self.record.stages_of(&c.stage).collect();
        for stage in instances {
            let vocab = self.vocab();
            let subj: Vec<&Field> = stage
                .fields
                .iter()
                .filter(|f| f.path.iter().any(|p| vocab.field_matches(&c.fields, p)))
                .filter(|f| f.tokens.iter().any(|t| t.hex().is_some()))
                .collect();
            if subj.is_empty() {
                self.report(
                    c.severity,
                    stage.span,
                    format!("{} names no subject digest", stage_label(stage)),
                );
                continue;
            }
            let (target, tspan) = self.target(&c.matches, None);
            let target: Vec<Token> = target.into_iter().filter(|t| t.hex().is_some()).collect();
            if target.is_empty() {
                continue; // nothing deployed by digest: the reference gates report that
            }
            let ok = subj.iter().any(|f| {
                f.tokens
                    .iter()
                    .any(|t| target.iter().any(|b| t.matches(b).is_some()))
            });
            if ok {
                continue;
            }
            let f = subj[0];
            let msg = format!(
                "attestation subject `{}` does not match the deployed digest {}",
                f.text,
                target
                    .iter()
                    .map(|t| t.value.as_str())
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(found) = self.report(c.severity, f.span, msg) {
                if let Some(ts) = tspan {
                    let loc = Location::new(found.location.file.clone(), ts);
                    found.labels.push(crate::finding::Label {
                        location: loc,
                        message: "the deployed digest".into(),
                    });
                }
            }
        }
    }
}

/// `deploy`, `environment canary`, ...
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

fn last_key(display: &str) -> &str {
    display.rsplit('.').next().unwrap_or(display)
}

/// A repository / model name with no revision of its own (`org/name`, `hf://org/name`,
/// `gpt-4o`): a separate pin field in the same stage can complete it.
fn is_bare_locator(f: &Field) -> bool {
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
}

/// A relative path with no scheme, revision or parent escape: a file of the same repository.
fn is_repo_path(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && !t.contains("://")
        && !t.contains('@')
        && !t.contains(':')
        && !t.starts_with('/')
        && !t.split('/').any(|p| p == "..")
        && !crate::refs::is_placeholder(t)
}

/// Does a pin field pin? Immutable, or for a hosted model a provider version (a date or number).
fn pin_holds(g: &Field, hosted: bool) -> bool {
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

/// One link of the evidence chain: a stage, what it references, its identity, and the stages
/// it shares an identity with.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Link {
    /// Stage kind.
    pub stage: String,
    /// Instance name (`canary`) or the kind.
    pub name: String,
    /// The main reference (the value as written), if any.
    pub reference: Option<String>,
    /// Dotted key of that reference.
    pub key: Option<String>,
    /// 1-based line of the reference (or of the stage key).
    pub line: usize,
    /// Identity tokens (`hex:…`, `mlflow:name/14`, `run:…`).
    pub identity: Vec<String>,
    /// The reference's class (`immutable`, `weak`, `mutable`).
    pub class: Option<Class>,
    /// Labels of the stages bound to this one.
    pub bound_to: Vec<String>,
}

/// Stage kinds in evidence-chain order.
pub const CHAIN_ORDER: &[&str] = &[
    "candidate",
    "evaluation",
    "model_card",
    "approval",
    "deploy",
    "environment",
    "rollback",
    "adapter",
    "base",
    "attestation",
];

/// The evidence chain of a record, in [`CHAIN_ORDER`] (then any other declared stage).
pub fn chain(gf: &GateFile, record: &Record) -> Vec<Link> {
    let vocab = &gf.vocab;
    let mut stages: Vec<&Stage> = record
        .stages
        .iter()
        .filter(|s| s.kind != "record")
        .collect();
    stages.sort_by_key(|s| {
        CHAIN_ORDER
            .iter()
            .position(|k| *k == s.kind)
            .unwrap_or(CHAIN_ORDER.len())
    });
    stages
        .iter()
        .map(|s| {
            let main = s
                .fields
                .iter()
                .filter(|f| {
                    vocab.field_matches("model_refs", &f.key)
                        || vocab.field_matches("runtime_images", &f.key)
                })
                .rev()
                .max_by_key(|f| {
                    let model = !vocab.field_matches("runtime_images", &f.key);
                    (f.class.class, !f.tokens.is_empty(), model)
                })
                .or_else(|| s.fields.iter().find(|f| !f.tokens.is_empty()));
            let mut identity: Vec<String> = s
                .fields
                .iter()
                .flat_map(|f| &f.tokens)
                .map(|t| t.value.clone())
                .collect();
            identity.sort();
            identity.dedup();
            let bound_to = stages
                .iter()
                .filter(|o| !std::ptr::eq(**o, *s))
                .filter(|o| {
                    s.identity()
                        .any(|a| o.identity().any(|b| a.matches(b).is_some()))
                })
                .map(|o| stage_label(o))
                .collect();
            Link {
                stage: s.kind.clone(),
                name: s.name.clone(),
                reference: main.map(|f| f.text.clone()),
                key: main.map(|f| f.display.clone()),
                line: record
                    .file
                    .line_col(main.map_or(s.span.start, |f| f.span.start))
                    .0,
                identity,
                class: main.map(|f| f.class.class),
                bound_to,
            }
        })
        .collect()
}
