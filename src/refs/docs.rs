//! Renders the registry for people: `docs/references.md` ([`markdown`]) and
//! `skillgate ref --list` ([`list_text`]). Both read only the ecosystem declarations and the
//! classifier itself, so they cannot drift from the code.

use std::fmt::Write as _;

use super::registry::{Form, Source, Spec, guess_order, specs};
use super::{Classification, Ecosystem, classify, classify_as};

/// What a documented form actually gets: `classify`, or `classify_as` for hinted forms.
pub fn classify_form(spec: &Spec, form: &Form) -> Classification {
    if form.hinted {
        classify_as(form.example, spec.ecosystem)
    } else {
        classify(form.example)
    }
}

const INTRO: &str = "\
# Reference classes

<!-- Generated from the ecosystem declarations in `src/refs/` (each file's `SPEC`) by
     `skillgate::refs::markdown()`. Do not edit by hand: run
     `SKILLGATE_BLESS=1 cargo test --test refs_docs`. -->

`skillgate::refs::classify` reads one reference string and says how firmly it pins content:

| class | meaning |
|---|---|
| **immutable** | can only ever denote the same bytes: full content digest, full commit SHA, registry version number, object version id |
| **weak** | usually denotes the same bytes, but only by convention or trust: short SHA, version tag without digest, provider-pinned dated model id, digest embedded in a path, md5/sha1, non-canonical (uppercase hex, leading-zero) spellings |
| **mutable** | can be re-pointed: branch, `latest`/`stable`/`current`/`prod`, alias, stage, label, unversioned key or prefix, empty or placeholder value (fail closed) |

Classes are ordered `mutable < weak < immutable`, so a gate can require a minimum. Every
verdict carries a one-line reason naming which part pins and which part can move.
`provider_pinned` is set on weak, provider-pinned model ids (OpenAI snapshots, Bedrock
versioned ids, Vertex `-00N` ids, Azure OpenAI model+version) so a gate can accept them for
API-only models whose weights cannot be hashed. `locator` is set when the reference names a
repository, model, package or object but carries no version at all (`hf://org/model`,
`gpt-4o`, `pkg:pypi/torch`, `s3://bucket/key`): a separate pin field can complete it. An
explicit moving version (`@main`, `:latest`) is not a locator.

`classify` guesses the ecosystem from the text. When the caller knows it (a record says
`provider: openai`), `classify_as(text, Ecosystem::OpenAi)` forces that reading; text the
hinted ecosystem cannot read falls back to `classify`. On the command line:
`skillgate ref --as <ecosystem> REF…`; `skillgate ref --list` prints this registry.

Each form below is declared once, in its ecosystem's file, with the class it must get and the
page that says so; the *reason* and *identity* columns are what the classifier prints today
(a test fails when they disagree with the declaration, or when this file is stale). Where an
ecosystem's documentation does not settle a form, the source column says **decided** and why.
";

/// `docs/references.md`.
pub fn markdown() -> String {
    let mut out = String::from(INTRO);
    out.push_str(&how_guessed());
    out.push_str("\n## Ecosystems\n");
    for spec in specs() {
        ecosystem_section(&mut out, spec);
    }
    out.push('\n');
    out.push_str(IDENTITY);
    out.push_str(
        "\n## Performance\n\nSee [`bench/README.md`](../bench/README.md#reference-classifier): \
                  `cargo bench --bench refs` classifies 1,000,000 references on one core and \
                  asserts it takes under one second.\n",
    );
    out
}

fn how_guessed() -> String {
    let mut out = String::from("\n## How a reference is read\n\n");
    out.push_str(
        "1. **Placeholders first**, in every position (see *generic* below): mutable, reason \
         `placeholder …`.\n2. **Claims**: a URI scheme, an `http(s)://` host, an ARN service or a \
         literal prefix that one ecosystem declares (each is claimed by exactly one).\n3. \
         **Guesses**, in this order, for text nothing claimed: ",
    );
    let order: Vec<String> = guess_order()
        .iter()
        .map(|(_, e)| format!("`{}`", e.as_str()))
        .collect();
    out.push_str(&order.join(" → "));
    out.push_str(
        ".\n4. Otherwise **generic**: moving words, bare numbers, embedded digests, or \
                  unrecognised (mutable, fail closed).\n",
    );
    out
}

fn ecosystem_section(out: &mut String, spec: &Spec) {
    let _ = write!(
        out,
        "\n### {} (`{}`)\n\n{}\n",
        spec.title, spec.id, spec.summary
    );
    if !spec.claims.is_empty() {
        let claims: Vec<String> = spec
            .claims
            .iter()
            .map(|c| format!("`{}`", c.on.display()))
            .collect();
        let _ = write!(out, "\nClaims: {}.\n", claims.join(", "));
    }
    if spec.guess.is_none() && spec.claims.is_empty() && spec.ecosystem != Ecosystem::Generic {
        out.push_str("\nRead only with a hint (`classify_as`, `skillgate ref --as`).\n");
    }
    out.push_str(
        "\n| form | example | class | reason | identity | source |\n|---|---|---|---|---|---|\n",
    );
    for f in spec.forms {
        let c = classify_form(spec, f);
        let id = c
            .identity
            .as_ref()
            .map(|i| cell(&i.token()))
            .unwrap_or_default();
        let mut class = c.class.as_str().to_owned();
        if c.provider_pinned {
            class.push_str(" (provider-pinned)");
        }
        if c.locator {
            class.push_str(" (locator)");
        }
        let mut note = f.note.replace('|', "\\|");
        if f.hinted {
            note.push_str(" *(with the hint)*");
        }
        let source = match f.source {
            Source::Doc(url) => format!("[doc]({url})"),
            Source::Decided(why) => format!("**decided**: {}", why.replace('|', "\\|")),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            note,
            cell(f.example),
            class,
            c.reason.replace('|', "\\|"),
            id,
            source
        );
    }
    for n in spec.notes {
        let _ = write!(out, "\n{n}\n");
    }
}

/// A table cell for an example or token: code, `|` escaped, long hex abbreviated.
fn cell(s: &str) -> String {
    if s.is_empty() {
        return "*(empty)*".to_owned();
    }
    let n = s.chars().count();
    let shown = if n > 90 {
        let head: String = s.chars().take(60).collect();
        let tail: String = s.chars().skip(n - 12).collect();
        format!("{head}…{tail}")
    } else {
        s.to_owned()
    };
    format!("`{}`", shown.replace('|', "\\|"))
}

/// `skillgate ref --list`: every ecosystem, what it claims, and its documented forms.
pub fn list_text() -> String {
    let mut out = String::new();
    let ranks = guess_order();
    for spec in specs() {
        let _ = writeln!(out, "{}  {}", spec.id, spec.title);
        let mut how: Vec<String> = spec.claims.iter().map(|c| c.on.display()).collect();
        if let Some(pos) = ranks.iter().position(|(_, e)| *e == spec.ecosystem) {
            how.push(format!("guessed (step {} of {})", pos + 1, ranks.len()));
        }
        if spec.forced.is_some() {
            how.push(format!("--as {}", spec.id));
        }
        let _ = writeln!(out, "  reads: {}", how.join(", "));
        for f in spec.forms {
            let c = classify_form(spec, f);
            let _ = writeln!(out, "  {:<9}  {}", c.class.as_str(), f.example);
        }
        out.push('\n');
    }
    out
}

const IDENTITY: &str = "\
## Identity normalisation

Every immutable reference, and every weak one that still carries a token, has an `Identity`.
Two references denote the same content iff their identities are equal. The canonical string
(`Identity::token()`) is shown in the tables above.

| written as | identity | token |
|---|---|---|
| `sha256:ABC…`, `sha256-abc…`, `@sha256:abc…`, `sha256=abc…`, `{\"sha256\": \"abc…\"}`, bare 64-hex | `Digest{sha256, abc…}` (hex lowercased) | `sha256:abc…` |
| bare 128-hex | `Digest{sha512, …}` | `sha512:…` |
| bare 40-hex, a git/HF revision of 40 or 64 hex, `gitCommit`, `pkg:huggingface/…@<sha>`, `pkg:github/…@<sha>` | `Commit{sha}` | `git:<sha>` |
| short git/HF revision (7–39 hex) | `Commit{sha}` (weak) | `git:<short>` |
| any other bare hex run of 7–127 digits mixing digits and `a-f` | `Digest{hex, …}` | `hex:<hex>` |
| `models:/name/14`, `pkg:mlflow/name@14` | `Version{mlflow, name, 14}` | `mlflow:name/14` |
| `runs:/<run id>/path` | `Version{mlflow-run, <run id>, path}` | `mlflow-run:<run id>/path` |
| `azureml://registries/r/models/m/versions/3`, `azureml:m:3`, ARM `…/workspaces/ws/models/m/versions/3` | `Version{azureml, registries/r/models/m, 3}`, `Version{azureml, m, 3}`, `Version{azureml, workspaces/ws/models/m, 3}` | `azureml:…/3` |
| `entity/project/name:v3` | `Version{wandb, entity/project/name, v3}` | `wandb:…/v3` |
| SageMaker package version | `Version{sagemaker, <package ARN>, 3}` | `sagemaker:<arn>/3` |
| Vertex registry version (`@3`, `/versions/3`) | `Version{vertex, projects/…/models/m, 3}` | `vertex:…/3` |
| `pkg==1.2.3`, `pkg:pypi/pkg@1.2.3` | `Version{pip, <PEP 503 name>, 1.2.3}` | `pip:pkg/1.2.3` |
| `pkg:npm/…@v`, `pkg:maven/g/a@v`, other purl releases | `Version{npm, name, v}`, `Version{maven, g:a, v}`, `Version{<type>, name, v}` | `npm:name/v` |
| Bento tag | `Version{bentoml, name, version}` | `bentoml:name/version` |
| S3 `versionId`, GCS generation, Azure `versionid` / `snapshot` | `ObjectVersion{store, path, version}` (snapshots as `snapshot:<ts>`) | `s3:bucket/key#<v>` |
| provider-pinned model id | `ProviderModel{provider, model}`; Bedrock geo prefixes (`us.`, `eu.` …) are dropped | `openai:gpt-4o-2024-08-06` |

Non-canonical spellings that a registry still reads as one version (a leading zero in
`models:/m/014`, `v012`, `@03`, a GCS generation) are weak and carry the identity of the
canonical number, so they bind with the canonical spelling.

`identities_in(text)` returns every token found anywhere in a longer text (a mirror path, a
log line, a whole record), in order, without duplicates: first the whole-string
`classify` identity, then a single left-to-right scan over runs of ASCII letters and digits:

* an algorithm name (`sha256`, `sha512`, `sha384`, `sha224`, `sha1`, `md5`, `blake3`,
  `blake2b`) followed by `:`, `-`, `_` or `=` and a hex run of 7+ digits yields
  `Digest{alg, hex}`; if the run is shorter than the algorithm's full length it **also** yields
  `Digest{hex, hex}`;
* a bare 64-hex run yields `Digest{sha256}`, 128-hex `Digest{sha512}`, 40-hex `Commit`;
* any other bare hex run of 7–127 characters that contains both a digit and a letter `a-f`
  yields `Digest{hex, hex}`. Pure-digit runs (dates, GCS generations) and pure-letter words
  (`deadbeef`, `facade`) are not tokens.

So `3b2f2c1f7e9c` in one stage and `sha256:3b2f2c1f7e9c` in another both yield
`hex:3b2f2c1f7e9c` and bind; a full digest binds across every spelling. A bare short hex does
not also yield a `Commit`: short SHAs written bare are matched through the `hex` form.
";
