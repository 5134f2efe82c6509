//! The ecosystem registry: what each ecosystem declares about itself, and the dispatch built
//! from those declarations.
//!
//! Every ecosystem file declares one [`Spec`] (`pub(crate) static SPEC`): the URL schemes,
//! hosts, ARN services and literal prefixes it claims, how it guesses unclaimed text, how it
//! reads text it is told is its own, the example forms it documents (each with the class it must
//! get and the page that says so), and its judgement calls. Dispatch, `skillgate ref --list`,
//! `docs/references.md` and the table tests all read these declarations; adding an ecosystem is
//! one file plus one line in the `ecosystems!` list in `mod.rs`.

use std::sync::OnceLock;

use super::scan::strip_prefix_ci;
use super::{Class, Classification, Ecosystem};

/// Everything one ecosystem declares about itself.
pub struct Spec {
    /// The ecosystem this declares.
    pub ecosystem: Ecosystem,
    /// Kebab-case id, as `Ecosystem::as_str` and JSON output spell it.
    pub id: &'static str,
    /// Human name, e.g. `"Hugging Face Hub"`.
    pub title: &'static str,
    /// One sentence: what pins, what is weak, what moves.
    pub summary: &'static str,
    /// The schemes, hosts, ARN services and prefixes this ecosystem reads.
    pub claims: &'static [Claim],
    /// How this ecosystem recognises text nothing claimed (`None`: only claims and hints).
    pub(crate) guess: Option<Guess>,
    /// Reading when the caller says the text is this ecosystem's (`classify_as`); `None`
    /// falls back to guessing.
    pub(crate) forced: Option<Reader0>,
    /// Templates with `{}` where a version, revision, tag or digest goes. Every placeholder
    /// spelling put there must classify as mutable (tested exhaustively).
    pub version_slots: &'static [&'static str],
    /// Documented example forms, each with the class it must get and its source.
    pub forms: &'static [Form],
    /// Judgement calls, one Markdown paragraph each.
    pub notes: &'static [&'static str],
}

/// A piece of text an ecosystem reads as its own, whatever else the text looks like.
pub struct Claim {
    /// What is claimed.
    pub on: On,
    /// Reads the claimed text; `None` hands it back to guessing.
    pub(crate) read: Reader,
}

/// The kinds of claim, matched ASCII case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// A URI scheme: `hf` claims `hf://…` and `hf:…`.
    Scheme(&'static str),
    /// An `http(s)://` host, exactly.
    Host(&'static str),
    /// An `http(s)://` host ending in this suffix (`.blob.core.windows.net`).
    HostSuffix(&'static str),
    /// An AWS ARN service: `arn:<partition>:<service>:…`.
    ArnService(&'static str),
    /// A literal prefix of the whole text (`/subscriptions/`, `git@`).
    Prefix(&'static str),
}

impl On {
    /// How the claim reads in `ref --list` and the docs: `hf:`, `https://hf.co/…`, `arn:…:sagemaker:…`.
    pub fn display(self) -> String {
        match self {
            On::Scheme(s) => format!("{s}:"),
            On::Host(h) => format!("https://{h}/…"),
            On::HostSuffix(h) => format!("https://…{h}/…"),
            On::ArnService(s) => format!("arn:…:{s}:…"),
            On::Prefix(p) => format!("{p}…"),
        }
    }

    fn key(self) -> (&'static str, &'static str) {
        match self {
            On::Scheme(s) => ("scheme", s),
            On::Host(s) => ("host", s),
            On::HostSuffix(s) => ("host-suffix", s),
            On::ArnService(s) => ("arn", s),
            On::Prefix(s) => ("prefix", s),
        }
    }
}

/// What a claim's reader gets.
pub(crate) struct Claimed<'a> {
    /// The whole (trimmed) reference.
    pub text: &'a str,
    /// Scheme: everything after `scheme:`. Host: the path, query and fragment after the host.
    /// ARN: the resource part. Prefix: everything after the prefix.
    pub rest: &'a str,
    /// Host claims: the lowercase host. ARN claims: the service. Otherwise empty.
    pub host: &'a str,
}

/// Reads claimed text.
pub(crate) type Reader = fn(&Claimed<'_>) -> Option<Classification>;

/// Reads a whole string (a guess, or a forced reading).
pub(crate) type Reader0 = fn(&str) -> Option<Classification>;

/// A guess's cheap pre-filter: can the text possibly be this ecosystem's?
pub(crate) type Prefilter = fn(&Shape, &str) -> bool;

/// How an ecosystem recognises text that no claim took.
pub(crate) struct Guess {
    /// Lower ranks are tried first (unique across ecosystems; a test checks).
    pub rank: u8,
    /// Cheap pre-filter on the one-pass [`Shape`] of the text.
    pub when: Prefilter,
    /// The exact recogniser: `Some` if the whole text is this ecosystem's.
    pub detect: Reader0,
}

/// One documented example form.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// A realistic example of the form.
    pub example: &'static str,
    /// The class it must get.
    pub class: Class,
    /// What the form is, in a few words.
    pub note: &'static str,
    /// Where the class comes from.
    pub source: Source,
    /// Classified with `classify_as(example, <this ecosystem>)` instead of `classify`.
    pub hinted: bool,
    /// The ecosystem `classify` reports, when not the declaring one (KServe's `oci+native://`
    /// is read by the OCI rules).
    pub reads_as: Option<Ecosystem>,
    /// The identity token it must carry, when it carries one that matters.
    pub identity: Option<&'static str>,
}

/// Where a form's class comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The ecosystem's own documentation says so: the page.
    Doc(&'static str),
    /// The ecosystem does not say; skillgate decided, for this reason.
    Decided(&'static str),
}

impl Form {
    /// A form whose class the ecosystem's documentation (`url`) states.
    pub const fn doc(
        example: &'static str,
        class: Class,
        note: &'static str,
        url: &'static str,
    ) -> Form {
        Form {
            example,
            class,
            note,
            source: Source::Doc(url),
            hinted: false,
            reads_as: None,
            identity: None,
        }
    }

    /// A form whose class skillgate decided, for the reason `why`.
    pub const fn decided(
        example: &'static str,
        class: Class,
        note: &'static str,
        why: &'static str,
    ) -> Form {
        Form {
            example,
            class,
            note,
            source: Source::Decided(why),
            hinted: false,
            reads_as: None,
            identity: None,
        }
    }

    /// Classified with the declaring ecosystem as hint.
    pub const fn hinted(mut self) -> Form {
        self.hinted = true;
        self
    }

    /// Reported under another ecosystem.
    pub const fn reads_as(mut self, e: Ecosystem) -> Form {
        self.reads_as = Some(e);
        self
    }

    /// Must carry this identity token.
    pub const fn id(mut self, token: &'static str) -> Form {
        self.identity = Some(token);
        self
    }
}

/// Cheap facts about a string, gathered in one pass, used to skip impossible guesses.
pub(crate) struct Shape {
    /// Number of `/`.
    pub slashes: usize,
    /// Contains `:`.
    pub colon: bool,
    /// Contains `.`.
    pub dot: bool,
    /// Contains ASCII whitespace.
    pub space: bool,
    /// Contains a version-specifier or assignment character (`=`, `<`, `>`, `~`, `!`).
    pub op: bool,
    /// Only ASCII letters and digits (policy words, branch names, labels).
    pub word: bool,
}

/// Per-byte flags for [`Shape::of`].
const F_COLON: u8 = 1;
const F_DOT: u8 = 2;
const F_SPACE: u8 = 4;
const F_OP: u8 = 8;
const F_WORD: u8 = 32;

/// Byte -> flags table, built at compile time.
static FLAGS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b':' => F_COLON,
            b'.' => F_DOT,
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => F_SPACE,
            b'<' | b'=' | b'>' | b'~' | b'!' => F_OP,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => F_WORD,
            _ => 0,
        };
        i += 1;
    }
    t
};

impl Shape {
    /// One branch-free pass: OR the flags of every byte, AND the word flag, count `/`.
    pub(crate) fn of(s: &str) -> Shape {
        let mut any = 0u8;
        let mut all = F_WORD;
        let mut slashes = 0usize;
        for &b in s.as_bytes() {
            let f = FLAGS[b as usize];
            any |= f;
            all &= f;
            slashes += usize::from(b == b'/');
        }
        Shape {
            slashes,
            colon: any & F_COLON != 0,
            dot: any & F_DOT != 0,
            space: any & F_SPACE != 0,
            op: any & F_OP != 0,
            word: all & F_WORD != 0 && !s.is_empty(),
        }
    }

    /// No `/` and no whitespace: a bare id or word.
    pub(crate) fn bare(&self) -> bool {
        self.slashes == 0 && !self.space
    }
}

/// Every declaration, in `Ecosystem::ALL` order.
pub fn specs() -> impl Iterator<Item = &'static Spec> {
    Ecosystem::ALL.into_iter().map(Ecosystem::spec)
}

/// The claims and guesses of every ecosystem, flattened once for dispatch.
struct Index {
    schemes: Vec<(&'static str, Reader)>,
    hosts: Vec<(&'static str, bool, Reader)>,
    arns: Vec<(&'static str, Reader)>,
    prefixes: Vec<(&'static str, Reader)>,
    guesses: Vec<(u8, Prefilter, Reader0)>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut ix = Index {
            schemes: Vec::new(),
            hosts: Vec::new(),
            arns: Vec::new(),
            prefixes: Vec::new(),
            guesses: Vec::new(),
        };
        for spec in specs() {
            for c in spec.claims {
                match c.on {
                    On::Scheme(s) => ix.schemes.push((s, c.read)),
                    On::Host(h) => ix.hosts.push((h, false, c.read)),
                    On::HostSuffix(h) => ix.hosts.push((h, true, c.read)),
                    On::ArnService(s) => ix.arns.push((s, c.read)),
                    On::Prefix(p) => ix.prefixes.push((p, c.read)),
                }
            }
            if let Some(g) = &spec.guess {
                ix.guesses.push((g.rank, g.when, g.detect));
            }
        }
        ix.guesses.sort_by_key(|g| g.0);
        ix
    })
}

/// Every claim as `(kind, key, ecosystem)`, for the uniqueness test and `ref --list`.
pub fn claims() -> Vec<(&'static str, &'static str, Ecosystem)> {
    specs()
        .flat_map(|s| {
            s.claims.iter().map(move |c| {
                let (kind, key) = c.on.key();
                (kind, key, s.ecosystem)
            })
        })
        .collect()
}

/// Every guessing rank as `(rank, ecosystem)`, in the order guesses are tried.
pub fn guess_order() -> Vec<(u8, Ecosystem)> {
    let mut v: Vec<(u8, Ecosystem)> = specs()
        .filter_map(|s| s.guess.as_ref().map(|g| (g.rank, s.ecosystem)))
        .collect();
    v.sort_by_key(|g| g.0);
    v
}

/// Longest scheme read from the front of a reference.
const SCHEME_MAX: usize = 24;

/// Guess the ecosystem from the text and classify. `s` is trimmed and has no placeholder.
pub(crate) fn dispatch(s: &str) -> Classification {
    let ix = index();
    if let Some(c) = by_scheme(ix, s) {
        return c;
    }
    for (p, read) in &ix.prefixes {
        if let Some(rest) = strip_prefix_ci(s, p) {
            if let Some(c) = read(&Claimed {
                text: s,
                rest,
                host: "",
            }) {
                return c;
            }
        }
    }
    let sh = Shape::of(s);
    for (_, when, detect) in &ix.guesses {
        if when(&sh, s) {
            if let Some(c) = detect(s) {
                return c;
            }
        }
    }
    super::generic::classify(s)
}

/// References that start with a URI scheme: claimed schemes, `http(s)://` hosts and ARNs.
fn by_scheme(ix: &Index, s: &str) -> Option<Classification> {
    let b = s.as_bytes();
    let mut buf = [0u8; SCHEME_MAX];
    let mut i = 0;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'+' | b'.' | b'-')) {
        if i == SCHEME_MAX {
            return None;
        }
        buf[i] = b[i].to_ascii_lowercase();
        i += 1;
    }
    if i == 0 || b.get(i) != Some(&b':') {
        return None;
    }
    let scheme = buf.get(..i)?;
    let rest = s.get(i + 1..)?;
    match scheme {
        b"http" | b"https" => {
            let after = rest.strip_prefix("//")?;
            Some(by_host(ix, s, after))
        }
        b"arn" => Some(by_arn(ix, s)),
        _ => {
            let Some(read) = ix
                .schemes
                .iter()
                .find(|(k, _)| k.as_bytes() == scheme)
                .map(|(_, r)| *r)
            else {
                // `hdfs://…`, `ftp://…`, `file://…`: a location in a system no ecosystem reads.
                return rest
                    .starts_with("//")
                    .then(|| super::generic::unknown_url(s, scheme));
            };
            read(&Claimed {
                text: s,
                rest,
                host: "",
            })
        }
    }
}

/// `http(s)://` URLs: route by host; unclaimed hosts are plain URLs.
fn by_host(ix: &Index, full: &str, rest: &str) -> Classification {
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest.get(..host_end).unwrap_or(rest);
    let after = rest.get(host_end..).unwrap_or("");
    let host_l = host.to_ascii_lowercase();
    let host_l = host_l.rsplit('@').next().unwrap_or("");
    let host_l = host_l.split(':').next().unwrap_or("");
    for (h, suffix, read) in &ix.hosts {
        let hit = if *suffix {
            host_l.ends_with(h)
        } else {
            host_l == *h
        };
        if hit {
            if let Some(c) = read(&Claimed {
                text: full,
                rest: after,
                host: host_l,
            }) {
                return c;
            }
        }
    }
    if let Some(c) = super::generic::embedded(full) {
        return c;
    }
    Classification::mutable(
        Ecosystem::Generic,
        "a plain URL serves whatever is there when fetched",
    )
}

/// `arn:<partition>:<service>:<region>:<account>:<resource>`.
fn by_arn(ix: &Index, s: &str) -> Classification {
    let Some([_, service, _, _, resource]) = super::scan::parse_arn(s) else {
        return Classification::mutable(Ecosystem::Generic, "malformed ARN");
    };
    for (svc, read) in &ix.arns {
        if service.eq_ignore_ascii_case(svc) {
            if let Some(c) = read(&Claimed {
                text: s,
                rest: resource,
                host: service,
            }) {
                return c;
            }
        }
    }
    Classification::mutable(
        Ecosystem::Generic,
        format!(
            "{} ARN does not name a versioned model",
            super::scan::q(service)
        ),
    )
}
