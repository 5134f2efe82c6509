//! Package URLs: `pkg:<type>/<namespace>/<name>@<version>?<qualifiers>#<subpath>`, parsed the
//! way the purl specification says (right to left, each component percent-decoded), and
//! classified by the type's own version semantics.

use super::Class::{Immutable, Mutable, Weak};
use super::registry::{Claim, Claimed, Form, On, Spec};
use super::scan::{MOVING_WORDS, eq_any, has_leading_zero, is_digits, is_hex, is_version_like, q, strip_zeros};
use super::{Class, Classification, Ecosystem, Identity};

const E: Ecosystem = Ecosystem::Purl;
const PARSE: &str = "https://github.com/package-url/purl-spec/blob/main/docs/specification/how-to-parse.md";
const T_HF: &str = "https://github.com/package-url/purl-spec/blob/main/docs/types/definitions/huggingface-definition.md";
const T_OCI: &str = "https://github.com/package-url/purl-spec/blob/main/docs/types/definitions/oci-definition.md";
const T_DOCKER: &str = "https://github.com/package-url/purl-spec/blob/main/docs/types/definitions/docker-definition.md";
const T_PYPI: &str = "https://github.com/package-url/purl-spec/blob/main/docs/types/definitions/pypi-definition.md";
const T_GITHUB: &str = "https://github.com/package-url/purl-spec/blob/main/docs/types/definitions/github-definition.md";
const T_GENERIC: &str = "https://github.com/package-url/purl-spec/blob/main/docs/types/definitions/generic-definition.md";
const T_MLFLOW: &str = "https://github.com/package-url/purl-spec/blob/main/docs/types/definitions/mlflow-definition.md";
const T_MAVEN: &str = "https://github.com/package-url/purl-spec/blob/main/docs/types/definitions/maven-definition.md";
const NPM_UNPUBLISH: &str = "https://docs.npmjs.com/policies/unpublish";
const MAVEN_SNAPSHOT: &str = "https://maven.apache.org/guides/getting-started/index.html#what-is-a-snapshot-version";

pub(crate) static SPEC: Spec = Spec {
    ecosystem: E,
    id: "purl",
    title: "Package URLs (purl)",
    summary: "The class follows the type's own version semantics: a Hugging Face or GitHub \
              commit and an OCI digest are immutable; a registry release version (PyPI, npm, \
              Maven) is weak; no version, a tag word or a SNAPSHOT is mutable.",
    claims: &[Claim { on: On::Scheme("pkg"), read: claim }],
    guess: None,
    forced: Some(forced),
    version_slots: &[
        "pkg:huggingface/org/model@{}",
        "pkg:oci/app@{}?repository_url=ghcr.io%2Forg%2Fapp",
        "pkg:oci/app@sha256%3A{}",
        "pkg:pypi/torch@{}",
        "pkg:npm/left-pad@{}",
        "pkg:maven/org.example/lib@{}",
        "pkg:github/org/repo@{}",
        "pkg:mlflow/fraud@{}",
        "pkg:generic/model@1.0?checksum=sha256:{}",
        "pkg:docker/library/debian@{}",
        "pkg:pypi/torch@2.4.1?repository_url={}",
    ],
    forms: &[
        Form::doc(
            "pkg:huggingface/distilbert/distilbert-base-uncased@043235d6088ecd3dd5fb5ca3592b6913fd516027",
            Immutable,
            "`huggingface` at a commit",
            T_HF,
        )
        .id("git:043235d6088ecd3dd5fb5ca3592b6913fd516027"),
        Form::doc("pkg:huggingface/org/model", Mutable, "`huggingface` without version", T_HF),
        Form::doc("pkg:huggingface/org/model@main", Mutable, "`huggingface` at a branch", T_HF),
        Form::doc(
            "pkg:oci/model@sha256%3A3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d?repository_url=ghcr.io%2Forg%2Fmodel&tag=v1",
            Immutable,
            "`oci` at a percent-encoded digest",
            T_OCI,
        )
        .id("sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"),
        Form::doc("pkg:oci/debian?repository_url=docker.io%2Flibrary%2Fdebian&tag=latest", Mutable, "`oci` with a tag only", T_OCI),
        Form::doc("pkg:oci/debian@sha256%3A244fd47e07d10", Mutable, "`oci` with a truncated digest", T_OCI),
        Form::doc("pkg:docker/cassandra@latest", Mutable, "`docker` at `latest`", T_DOCKER),
        Form::doc(
            "pkg:docker/library/debian@sha256%3A3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            Immutable,
            "`docker` at an image digest",
            T_DOCKER,
        ),
        Form::doc("pkg:docker/library/debian@12.5", Weak, "`docker` at a version tag", T_DOCKER),
        Form::doc("pkg:pypi/torch@2.4.1", Weak, "`pypi` release", T_PYPI).id("pip:torch/2.4.1"),
        Form::decided(
            "pkg:pypi/torch@2.4.1?checksum=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            Immutable,
            "`pypi` release with a checksum qualifier",
            "the `checksum` qualifier pins the file's bytes, like pip's `--hash`",
        ),
        Form::doc("pkg:npm/%40angular/animation@12.3.1", Weak, "`npm` release (scoped)", NPM_UNPUBLISH)
            .id("npm:@angular/animation/12.3.1"),
        Form::doc("pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1", Weak, "`maven` release", T_MAVEN),
        Form::doc("pkg:maven/org.example/lib@1.0-SNAPSHOT", Mutable, "`maven` SNAPSHOT", MAVEN_SNAPSHOT),
        Form::doc("pkg:github/package-url/purl-spec@244fd47e07d1004", Weak, "`github` at a short commit", T_GITHUB),
        Form::doc(
            "pkg:github/org/repo@a9e1c4b2d3f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9",
            Immutable,
            "`github` at a full commit",
            T_GITHUB,
        ),
        Form::doc("pkg:mlflow/creditfraud@3?repository_url=https:%2F%2Fwestus2.api.azureml.ms%2Fmlflow%2Fv1.0", Immutable, "`mlflow` model version", T_MLFLOW)
            .id("mlflow:creditfraud/3"),
        Form::doc("pkg:generic/openssl@1.1.10g", Weak, "`generic` version", T_GENERIC),
        Form::doc(
            "pkg:generic/model.bin?checksum=sha256:3b2f2c1f7e9c4a5d8b6e0f1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            Immutable,
            "`generic` with a checksum",
            T_GENERIC,
        ),
        Form::doc("pkg:pypi/torch@2.4.1%ZZ", Mutable, "malformed percent-encoding", PARSE),
    ],
    notes: &[
        "**purl.** Parsed right to left as the specification says (`#subpath`, `?qualifiers`, \
         `@version`, then type, namespace and name), every component percent-decoded \
         (`sha256%3A…`, `%40scope`); a malformed escape fails closed. Placeholders are looked \
         for again in the decoded version. The type decides what its version means: \
         `huggingface` (a revision commit), `github`, `bitbucket`, `git` (commit or tag, read by \
         the git rules); `oci` (a digest, required: a tag-only purl is mutable); `docker` (a \
         digest, an image id or a tag); `pypi`, `npm`, `maven`, `cargo`, `gem`, `nuget`, \
         `golang`, `composer` … (a registry release: weak, since nothing in the purl pins the \
         bytes, unless a `checksum` qualifier does; Maven `-SNAPSHOT` is mutable); `mlflow` (a \
         registry version number, immutable like `models:/name/N`); `generic` (an opaque \
         version: weak if it looks like one, pinned by `checksum` or a `vcs_url` at a commit). \
         Identities bind across spellings: `pkg:huggingface/org/m@<sha>` and \
         `org/m@<sha>` share `git:<sha>`; `pkg:pypi/torch@2.4.1` and `torch==2.4.1` share \
         `pip:torch/2.4.1`; `pkg:mlflow/m@3` and `models:/m/3` share `mlflow:m/3`.",
        "**npm versions are weak.** The npm registry never lets a published version number be \
         reused, even after an unpublish, but the purl carries no integrity hash, so the bytes \
         are the registry's word.",
    ],
};

fn claim(c: &Claimed<'_>) -> Option<Classification> {
    Some(classify_purl(c.rest))
}

/// A parsed package URL (decoded components).
struct Purl {
    ty: String,
    namespace: Vec<String>,
    name: String,
    version: Option<String>,
    qualifiers: Vec<(String, String)>,
}

impl Purl {
    fn qualifier(&self, key: &str) -> Option<&str> {
        self.qualifiers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `namespace/name` as written in the purl (decoded).
    fn full_name(&self) -> String {
        if self.namespace.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace.join("/"), self.name)
        }
    }
}

/// Percent-decode one component; `Err` names the bad escape.
fn decode(s: &str) -> Result<String, String> {
    if !s.contains('%') {
        return Ok(s.to_owned());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3).filter(|h| is_hex(h) && h.len() == 2);
            let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) else {
                let shown = s.get(i..(i + 3).min(s.len())).unwrap_or("%");
                return Err(format!("malformed percent-encoding {}", q(shown)));
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "percent-encoding decodes to invalid UTF-8".to_owned())
}

/// Parse the part after `pkg:` as the specification's "how to parse" says.
fn parse(rest: &str) -> Result<Purl, String> {
    let rest = rest.trim_start_matches('/');
    let rest = rest.rsplit_once('#').map_or(rest, |(r, _)| r);
    let (rest, query) = rest.rsplit_once('?').unwrap_or((rest, ""));
    let mut qualifiers = Vec::new();
    for kv in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let v = decode(v)?;
        if !v.is_empty() {
            qualifiers.push((k.to_ascii_lowercase(), v));
        }
    }
    let (ty, rest) = rest
        .split_once('/')
        .ok_or_else(|| "no `type/name` after `pkg:`".to_owned())?;
    let ty = ty.to_ascii_lowercase();
    if ty.is_empty() {
        return Err("empty purl type".into());
    }
    // The version `@` is in the last segment: an unencoded npm scope (`@babel/core`) is not one.
    let last_slash = rest.rfind('/');
    let at = rest.rfind('@').filter(|&i| last_slash.is_none_or(|s| i > s));
    let (rest, version) = match at {
        Some(i) => (
            rest.get(..i).unwrap_or(""),
            Some(decode(rest.get(i + 1..).unwrap_or(""))?),
        ),
        None => (rest, None),
    };
    let rest = rest.trim_end_matches('/');
    let (ns, name) = rest.rsplit_once('/').unwrap_or(("", rest));
    let name = decode(name)?;
    if name.is_empty() {
        return Err("purl without a name".into());
    }
    let mut namespace = Vec::new();
    for seg in ns.split('/').filter(|s| !s.is_empty()) {
        namespace.push(decode(seg)?);
    }
    Ok(Purl {
        ty,
        namespace,
        name,
        version,
        qualifiers,
    })
}

/// Verdict on the part after `pkg:`.
pub(crate) fn classify_purl(rest: &str) -> Classification {
    let p = match parse(rest) {
        Ok(p) => p,
        Err(why) => return Classification::mutable(E, format!("malformed purl: {why}")),
    };
    let prefix = format!("purl `pkg:{}`: ", p.ty);
    let checksum = p.qualifier("checksum").and_then(strong_checksum);
    let digest_q = p.qualifier("digest").and_then(strong_checksum);
    if let (Some((alg, hex)), "docker" | "oci") = (&digest_q, p.ty.as_str()) {
        let what = match p.version.as_deref() {
            Some(v) if !v.is_empty() => format!(" (version {} is a tag, ignored)", q(v)),
            _ => String::new(),
        };
        return Classification::immutable(
            E,
            format!("{prefix}`digest` qualifier pins the image ({alg}){what}"),
            Identity::digest(alg, hex),
        );
    }
    let Some(version) = p.version.clone().filter(|v| !v.is_empty()) else {
        if let Some(vcs) = p.qualifier("vcs_url") {
            let mut c = super::git::classify_url(vcs).with_ecosystem(E).prefixed(&prefix);
            c.reason = format!("{} (from `vcs_url`; the purl has no version)", c.reason);
            return c;
        }
        if let Some((alg, hex)) = checksum {
            return Classification::immutable(
                E,
                format!("{prefix}`checksum` qualifier pins the bytes ({alg}); there is no version"),
                Identity::digest(alg, &hex),
            );
        }
        if p.ty == "oci" {
            if let Some(tag) = p.qualifier("tag") {
                return Classification::mutable(
                    E,
                    format!(
                        "{prefix}{} has a tag qualifier {} but no digest: the tag can be re-pushed",
                        q(&p.name),
                        q(tag)
                    ),
                )
                .locator();
            }
        }
        return Classification::mutable(
            E,
            format!(
                "{prefix}{} has no version: it names the package, not a release",
                q(&p.full_name())
            ),
        )
        .locator();
    };
    if let Some(found) = super::placeholder::find(&version) {
        let shown = if found.token.is_empty() { version.as_str() } else { found.token };
        return Classification::mutable(
            E,
            format!(
                "placeholder {} in the version (percent-decoded): the reference is unfinished (fail closed)",
                q(shown)
            ),
        );
    }
    by_type(&p, &version).prefixed(&prefix)
}

/// The type's own version semantics.
fn by_type(p: &Purl, v: &str) -> Classification {
    let checksum = p.qualifier("checksum").and_then(strong_checksum);
    match p.ty.as_str() {
        "huggingface" | "github" | "bitbucket" | "gitlab" | "git" => {
            super::git::classify_rev(v, E)
        }
        "golang" if is_hex(v) && v.len() >= 7 => super::git::classify_rev(v, E),
        "oci" => match super::digest::split(v) {
            Some((alg, full, hex)) if v.as_bytes().get(alg.len()) == Some(&b':') => {
                let mut c = super::digest::classify_token(alg, full, hex, E);
                if let (Some(tag), Class::Immutable) = (p.qualifier("tag"), c.class) {
                    c.reason = format!("{} (tag qualifier {} is informational)", c.reason, q(tag));
                }
                c
            }
            _ => Classification::mutable(
                E,
                format!(
                    "version {} is not a digest; an oci purl's version must be `sha256:<hex>`",
                    q(v)
                ),
            ),
        },
        "docker" => match super::digest::split(v) {
            Some((alg, full, hex)) if v.as_bytes().get(alg.len()) == Some(&b':') => {
                super::digest::classify_token(alg, full, hex, E)
            }
            _ if is_hex(v) && v.len() >= 12 && v.len() < 64 => Classification::weak(
                E,
                format!("short image id {} can become ambiguous", q(v)),
                Some(Identity::digest("hex", v)),
            ),
            _ => super::oci::classify_tag(v, E),
        },
        "mlflow" => {
            if is_digits(v) && strip_zeros(v) == "0" {
                Classification::mutable(E, "MLflow numbers versions from 1: version 0 names nothing")
            } else if has_leading_zero(v) {
                Classification::weak(
                    E,
                    format!("non-canonical MLflow version {}: read as {}", q(v), strip_zeros(v)),
                    Some(Identity::version("mlflow", &p.name, strip_zeros(v))),
                )
            } else if is_digits(v) {
                Classification::immutable(
                    E,
                    format!("MLflow registry version {v} of {} is fixed", q(&p.name)),
                    Identity::version("mlflow", &p.name, v),
                )
            } else {
                Classification::mutable(E, format!("{} is an alias or stage, not a version number", q(v)))
            }
        }
        "generic" => {
            if let Some((alg, hex)) = &checksum {
                return Classification::immutable(
                    E,
                    format!("`checksum` qualifier pins the bytes ({alg})"),
                    Identity::digest(alg, hex),
                );
            }
            if let Some(vcs) = p.qualifier("vcs_url") {
                let c = super::git::classify_url(vcs);
                if c.class == Class::Immutable {
                    return c.with_ecosystem(E);
                }
            }
            release(v, None, "a generic version is a label")
        }
        ty => {
            let id = match ty {
                "pypi" => Some(Identity::version("pip", &super::pip::normalise(&p.name), v)),
                "maven" => Some(Identity::version(
                    "maven",
                    &format!("{}:{}", p.namespace.join("."), p.name),
                    v,
                )),
                _ => Some(Identity::version(ty, &p.full_name(), v)),
            };
            if ty == "maven" && v.ends_with("-SNAPSHOT") {
                return Classification::mutable(
                    E,
                    format!("{} is a SNAPSHOT: Maven re-deploys snapshots under the same version", q(v)),
                );
            }
            if let (Some((alg, _)), Some(id)) = (&checksum, id.clone()) {
                return Classification::immutable(
                    E,
                    format!("release {} with a `checksum` qualifier ({alg}) pins the bytes", q(v)),
                    id,
                );
            }
            let why = match ty {
                "npm" => "npm never reuses a version number, but the purl has no integrity hash",
                "pypi" => "PyPI can add files to a release and the purl pins none of them",
                _ => "a registry release without a checksum trusts the registry",
            };
            release(v, id, why)
        }
    }
}

/// A registry release version: weak if it looks like a version, mutable if a moving word.
fn release(v: &str, id: Option<Identity>, why: &str) -> Classification {
    if eq_any(v, MOVING_WORDS) {
        return Classification::mutable(E, format!("{} is a moving label, not a version", q(v)));
    }
    if is_version_like(v) || v.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return Classification::weak(E, format!("release {}: {why}", q(v)), id);
    }
    Classification::mutable(E, format!("{} does not look like a release version", q(v)))
}

/// A `checksum` qualifier (`sha256:<hex>[,…]`) with at least one full strong digest:
/// `(algorithm, hex)`.
fn strong_checksum(value: &str) -> Option<(&'static str, String)> {
    value.split(',').find_map(|c| {
        let (alg, full, hex) = super::digest::split(c.trim())?;
        let ok = hex.len() == full && is_hex(hex) && !matches!(alg, "md5" | "sha1");
        ok.then(|| (alg, hex.to_ascii_lowercase()))
    })
}

/// Forced reading: with or without the `pkg:` prefix.
pub(crate) fn forced(s: &str) -> Option<Classification> {
    let rest = super::scan::strip_prefix_ci(s, "pkg:").unwrap_or(s);
    Some(classify_purl(rest))
}
