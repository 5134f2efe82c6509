//! `skillgate explain ID`: a lint rule's documentation, a gate's definition, or (`gates`) the
//! gate language guide.

use super::{Outcome, print_notices, stderr_color};
use crate::cli::{Color, ExplainArgs};
use crate::descriptor::Descriptor;
use crate::docs::GATES_MD;
use crate::gates::catalog::{self, Catalog};
use crate::gates::{Gate, GateFile};
use crate::rules;
use crate::source::DEFAULT_MAX_FILE_SIZE;

/// Runs the command.
pub fn run(args: ExplainArgs) -> Outcome {
    let id = args.id.trim();
    if id.eq_ignore_ascii_case("gates") {
        super::print_stdout(GATES_MD.as_bytes());
        return Outcome::Clean;
    }
    if let Some(rule) = rules::find(&id.to_ascii_lowercase()) {
        super::print_stdout(rule_text(&rule.meta().descriptor()).as_bytes());
        return Outcome::Clean;
    }
    let cat = Catalog::load(&args.skill, DEFAULT_MAX_FILE_SIZE);
    let found = cat.find(id);
    if !found.is_empty() {
        let shown: Vec<String> = found.iter().map(|(gf, g)| gate_text(gf, g)).collect();
        super::print_stdout_text(&shown.join("\n"));
        return Outcome::Clean;
    }
    print_notices(&cat.notices, stderr_color(Color::Auto), false);
    eprintln!(
        "error: unknown rule or gate id `{}`",
        crate::report::human::clean(id)
    );
    let mut known: Vec<String> = rules::registry()
        .iter()
        .map(|r| r.meta().id.to_string())
        .collect();
    known.extend(cat.gates().map(|(_, g)| g.id.clone()));
    known.push("gates".into());
    match closest(id, &known) {
        Some(best) => super::eprint_clean(&format!(
            "help: did you mean `{best}`? `skillgate rules` lists every id"
        )),
        None => eprintln!("help: `skillgate rules` lists every id"),
    }
    Outcome::Error
}

/// A lint rule: a header line, then its Markdown documentation.
pub fn rule_text(m: &Descriptor) -> String {
    format!(
        "{} (lint rule, default severity {}, precision {})\n{}\n\n{}",
        m.id,
        m.severity,
        m.precision,
        m.summary,
        m.docs.trim_end()
    ) + "\n"
}

/// A gate: title, where it is declared, severity, category, the checklist item and output
/// field it backs, how to fix, and its check as written in the gate file.
pub fn gate_text(gf: &GateFile, g: &Gate) -> String {
    let line = gf.file.line_col(g.id_span.start).0;
    let d = g.descriptor(Some(catalog::skill_name(gf)));
    let mut s = format!(
        "{}: {}\ngate of skill `{}`, declared at {}:{line}\n\n",
        d.id,
        d.summary,
        d.skill.as_deref().unwrap_or_default(),
        gf.file.path.display()
    );
    let rows = [
        ("severity", d.severity.to_string()),
        ("category", d.category.clone()),
        ("checklist item", d.checklist.clone()),
        ("output field", d.output_field.clone()),
    ];
    for (k, v) in rows {
        if !v.is_empty() {
            s.push_str(&format!("  {k:<15} {v}\n"));
        }
    }
    if !d.docs.is_empty() {
        s.push_str(&format!("\nhow to fix:\n  {}\n", wrap(&d.docs, 92, "  ")));
    }
    s.push_str("\ndefinition (`skillgate explain gates` documents the language):\n");
    for l in catalog::check_yaml(gf, g).lines() {
        s.push_str("  ");
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// The candidate nearest to `id` by edit distance (ignoring case), if any is near enough to be
/// a plausible typo: at most a third of the longer string, and at least 3 edits allowed.
pub fn closest<'a>(id: &str, candidates: &'a [String]) -> Option<&'a str> {
    let want = id.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (levenshtein(&want, &c.to_ascii_lowercase()), c))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, c)| *d <= (want.len().max(c.len()) / 3).max(3))
        .map(|(_, c)| c.as_str())
}

/// Edit distance (insertions, deletions, substitutions) over characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        if len > 0 && len + 1 + word.len() > width {
            out.push('\n');
            out.push_str(indent);
            len = 0;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += word.chars().count();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_and_suggestions() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        let known: Vec<String> = ["PG005", "broken-link", "frontmatter-schema"]
            .map(String::from)
            .to_vec();
        assert_eq!(closest("PG05", &known), Some("PG005"));
        assert_eq!(
            closest("frontmatter-schemaa", &known),
            Some("frontmatter-schema")
        );
        assert_eq!(closest("broken_links", &known), Some("broken-link"));
        assert_eq!(closest("completely-unrelated-words", &known), None);
    }
}
