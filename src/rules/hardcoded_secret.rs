//! `hardcoded-secret`: credential-shaped literals in any file of a skill.

use std::sync::{Arc, LazyLock};

use regex::{Regex, RegexSet};

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::{ReadProblem, SourceFile, Span};

/// The rule.
pub(super) struct HardcodedSecret;

static META: RuleMeta = RuleMeta {
    id: "hardcoded-secret",
    severity: Severity::High,
    summary: "a skill file holds a credential-shaped literal (cloud key, token, private key)",
    precision: "high",
    tags: &["security", "secrets"],
    docs: r#"## What it does
Searches `SKILL.md` and every other text file of the skill's folder (references, scripts,
assets; files over the size limit, files named like binary formats — images, fonts, media,
archives, office documents, PDFs, compiled code — and files that turn out not to be UTF-8 text
are not searched) for literals shaped like live
credentials: AWS access key ids (`AKIA…`, `ASIA…`), GitHub tokens (`ghp_…`, `gho_…`, `ghs_…`,
`github_pat_…`), GitLab tokens (`glpat-…`), Slack tokens (`xoxb-…`) and webhook URLs, Google API
keys (`AIza…`), Stripe live keys (`sk_live_…`), OpenAI (`sk-…T3BlbkFJ…`, `sk-proj-…`) and
Anthropic (`sk-ant-api03-…`) keys, Hugging Face (`hf_…`), npm (`npm_…`) and PyPI tokens, and
PEM private key blocks that carry key material.

Documented placeholders are not findings: a value that contains `EXAMPLE`, `your`, `xxxx`,
`placeholder`, `dummy`, `fake`, `sample`, `redacted` or `changeme` (any case), a run of one
character (`AIzaXXXXXXXX…`), a counting sequence (`A1B2C3D4…`), or a private key block whose
body is elided (`...`). The message never repeats the value.

## Why is this bad?
A skill is copied into every agent and repository that installs it. A live credential in it is
leaked to all of them, and an agent told to "use this key" will.

## Example
```bash
export GITHUB_TOKEN=ghp_R8x2Lq9ZtV4mN7bK1sD3fH6jW0pC5yE8uA2g
```

## How to fix
Revoke the credential, remove it from the file (and its history), and write a placeholder the
reader must replace: `export GITHUB_TOKEN=<your token>`.
"#,
};

/// Kinds of secret, each with its pattern; group 1 (or the whole match) is the literal.
const KINDS: [(&str, &str); 14] = [
    (
        "an AWS access key id",
        r"(?-u:\b)((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})(?-u:\b)",
    ),
    (
        "an AWS secret access key",
        r#"(?i)aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?-u:\b)"#,
    ),
    (
        "a GitHub token",
        r"(?-u:\b)(gh[pousr]_[A-Za-z0-9]{36,255})(?-u:\b)",
    ),
    (
        "a GitHub token",
        r"(?-u:\b)(github_pat_[A-Za-z0-9_]{60,255})(?-u:\b)",
    ),
    (
        "a GitLab token",
        r"(?-u:\b)(glpat-[A-Za-z0-9_-]{20,})(?-u:\b)",
    ),
    (
        "a Slack token",
        r"(?-u:\b)(xox[abposr]-[A-Za-z0-9-]{10,})(?-u:\b)",
    ),
    (
        "a Slack webhook URL",
        r"(https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,})",
    ),
    (
        "a Google API key",
        r"(?-u:\b)(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)",
    ),
    (
        "a Stripe live key",
        r"(?-u:\b)((?:sk|rk)_live_[0-9A-Za-z]{20,})(?-u:\b)",
    ),
    (
        "an OpenAI API key",
        r"(?-u:\b)(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}|sk-proj-[A-Za-z0-9_-]{60,})",
    ),
    (
        "an Anthropic API key",
        r"(?-u:\b)(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{60,})",
    ),
    (
        "a Hugging Face token",
        r"(?-u:\b)(hf_[A-Za-z0-9]{34,})(?-u:\b)",
    ),
    (
        "an npm or PyPI token",
        r"(?-u:\b)(npm_[A-Za-z0-9]{36}|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})",
    ),
    (
        "a private key",
        r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----",
    ),
];

/// The literal every pattern of [`KINDS`] contains: a text without any of them is skipped with
/// one fast literal search (most files), and only the rest pay for the full set.
static PREFILTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"AKIA|ASIA|ABIA|ACCA|(?i:aws_?secret)|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|hooks\.slack\.com|AIza|_live_|T3BlbkFJ|sk-proj-|sk-ant-|hf_|npm_|pypi-|PRIVATE KEY",
    )
    .ok()
});

static SET: LazyLock<Option<RegexSet>> =
    LazyLock::new(|| RegexSet::new(KINDS.iter().map(|(_, p)| *p)).ok());

static REGEXES: LazyLock<Vec<Option<Regex>>> =
    LazyLock::new(|| KINDS.iter().map(|(_, p)| Regex::new(p).ok()).collect());

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        if !matches!(skill.read_problem, Some((ReadProblem::TooLarge { .. }, _))) {
            scan(&skill.file, out);
        }
        for f in skill.files() {
            if let Some(text) = f.text(cx.config.max_file_size) {
                scan(text, out);
            }
        }
    }
}

/// Reports every secret-shaped literal in `file`.
fn scan(file: &Arc<SourceFile>, out: &mut Vec<Finding>) {
    let Some(set) = SET.as_ref() else { return };
    let text = &file.text;
    if PREFILTER.as_ref().is_some_and(|p| !p.is_match(text)) {
        return;
    }
    let hits = set.matches(text);
    if !hits.matched_any() {
        return;
    }
    let first = out.len();
    for i in hits.iter() {
        let (what, _) = KINDS[i];
        let Some(re) = REGEXES.get(i).and_then(Option::as_ref) else {
            continue;
        };
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                continue;
            };
            let value = m.as_str();
            let real = if what == "a private key" {
                pem_has_key_material(&text[m.end()..])
            } else {
                !is_placeholder(value)
            };
            if !real {
                continue;
            }
            let shown: String = value.chars().take(4).collect();
            out.push(
                Finding::new(
                    META.id,
                    META.severity,
                    if what == "a private key" {
                        format!("a PEM {value} block with key material is committed in the skill")
                    } else {
                        format!("`{shown}…` looks like {what} committed in the skill")
                    },
                    Location::new(file.clone(), Span::new(m.start(), m.end())),
                )
                .with_help(
                    "revoke it, remove it from the file and its history, and write a placeholder such as `<your token>`",
                ),
            );
        }
    }
    out[first..].sort_by_key(|f| f.location.span.start);
}

/// True for the values documentation writes in place of a secret.
fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    const WORDS: [&str; 10] = [
        "example",
        "your",
        "xxxx",
        "placeholder",
        "dummy",
        "fake",
        "sample",
        "redacted",
        "changeme",
        "0000",
    ];
    WORDS.iter().any(|w| lower.contains(w)) || has_run(value, 5) || counts_up(value)
}

/// A run of `n` equal characters (`XXXXX`, `*****`).
fn has_run(s: &str, n: usize) -> bool {
    let mut run = 0;
    let mut prev = None;
    for c in s.chars() {
        run = if Some(c) == prev { run + 1 } else { 1 };
        if run >= n {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// Letters or digits that count up (`A1B2C3D4E5`, `abcdef`, `123456`): made up, not random.
fn counts_up(s: &str) -> bool {
    let longest = |chars: Vec<u8>, wrap: u8, base: u8| {
        let mut best = 0;
        let mut run = 0;
        for w in chars.windows(2) {
            let next = (w[0] - base + 1) % wrap + base;
            run = if w[1] == next { run + 1 } else { 0 };
            best = best.max(run);
        }
        best
    };
    let letters: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    longest(letters, 26, b'a') >= 5 || longest(digits, 10, b'0') >= 5
}

/// True when the lines after a `BEGIN … PRIVATE KEY` marker hold base64 key material (a line of
/// 40 or more base64 characters before the END marker), not an elided `...` body.
fn pem_has_key_material(after: &str) -> bool {
    for line in after.lines().skip(1).take(40) {
        let l = line.trim();
        if l.starts_with("-----END") || l.contains("...") || l.contains('…') {
            return false;
        }
        if l.len() >= 40
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
            && !is_placeholder(l)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    #[test]
    fn fires_on_live_looking_credentials() {
        let text = CLEAN.replace(
            "Look.\n",
            "Look.\n\nexport GITHUB_TOKEN=ghp_R8x2Lq9ZtV4mN7bK1sD3fH6jW0pC5yE8uA2g\naws_access_key_id = AKIA2Q7RZ4LMXN3KPW5T\n\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4Zl9Qm2v8Lr3TnJp0WcB7eY5uKd1sHf6aG2oN8iVt4XjQbR\n-----END RSA PRIVATE KEY-----\n",
        );
        let out = run(&HardcodedSecret, "s/demo-skill", &text);
        let got: Vec<(&str, usize)> = out
            .iter()
            .map(|f| (f.message.as_str(), f.location.position().line))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got.iter()
                .any(|(m, l)| m.contains("GitHub token") && *l == 31)
        );
        assert!(
            got.iter()
                .any(|(m, l)| m.contains("AWS access key id") && *l == 32)
        );
        assert!(
            got.iter()
                .any(|(m, l)| m.contains("PRIVATE KEY") && *l == 34),
            "{got:?}"
        );
        assert!(
            out.iter().all(|f| !f.message.contains("R8x2Lq9Z")),
            "the message must not repeat the secret"
        );
        assert_eq!(
            out[0].location.file.slice(out[0].location.span).len(),
            40,
            "the span covers the literal"
        );
    }

    #[test]
    fn quiet_on_documented_placeholders() {
        assert!(run(&HardcodedSecret, "s/demo-skill", CLEAN).is_empty());
        let text = CLEAN.replace(
            "Look.\n",
            "Look.\n\nAKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nAIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX AIzaSyA1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q\nclient_secret: your_client_secret\nghp_your_token_here_xxxxxxxxxxxxxxxxxxxxx\n-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",
        );
        let out = run(&HardcodedSecret, "s/demo-skill", &text);
        assert!(
            out.is_empty(),
            "{:?}",
            out.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}
