//! `unbalanced-fence`: a fenced code block that is opened and never closed.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::fix::{Edit, Fix};
use crate::skill::Skill;
use crate::source::Span;

/// The rule.
pub(super) struct UnbalancedFence;

static META: RuleMeta = RuleMeta {
    id: "unbalanced-fence",
    severity: Severity::Medium,
    summary: "a fenced code block is opened and never closed",
    precision: "very-high",
    tags: &["correctness", "markdown"],
    docs: r#"## What it does
Finds a fenced code block (```` ``` ```` or `~~~`) whose last line is not a closing fence: the
same character, at least as many times as the opening fence, and nothing else. Markdown then runs
the block to the end of the document (or of the list item or quote that holds it). The finding
points at the opening fence.

`--fix` repairs the one case whose intended end is unambiguous: an outer block shows a fenced
example (```` ```bash ```` … ```` ``` ````), the example's closing fence ended the outer block
early, and the outer block's own closing fence then opened a block that runs to the end of the
document. Both outer fences get one more fence character, so the inner ones no longer end it.

## Why is this bad?
Everything after the opening fence becomes code: headings, checklists and the output format
vanish from the rendered skill, required sections look missing, and an agent may read the rest
of the skill as an example rather than as instructions.

## Example
````markdown
## Process
```yaml
model: org/model
## Output Format
...
````

## How to fix
Close the block with a fence line of the same character and at least the same length (```` ``` ````
after a ```` ``` ```` block; ```` ```` ```` after a ```` ```` ```` block that shows fences).
"#,
};

impl Rule for UnbalancedFence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let file = &skill.file;
        for block in skill.body.code_blocks.iter().filter(|b| b.fenced) {
            if !is_unclosed(file, block) {
                continue;
            }
            let text = file.slice(block.span).trim_end_matches(['\n', '\r']);
            let Some(open) = text.lines().next() else {
                continue;
            };
            let Some((ch, len)) = fence(open) else {
                continue;
            };
            let open_span = Span::new(block.span.start, block.span.start + open.len());
            let fix = nested_fence_fix(skill, block, ch, len);
            let mut finding = Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "fenced code block opened with {} is never closed: the rest of the document is code",
                        ch.to_string().repeat(len)
                    ),
                    Location::new(file.clone(), open_span),
                )
                .with_help(if info_less(open) {
                    format!(
                        "if this line was meant to close an earlier block, a fence inside that block closed it first: open the outer block with a longer fence ({}); otherwise close this block with a {} line",
                        ch.to_string().repeat(len + 1),
                        ch.to_string().repeat(len)
                    )
                } else {
                    format!("close the block with a {} line", ch.to_string().repeat(len))
                });
            if let Some(fix) = fix {
                finding = finding.with_fix(fix);
            }
            out.push(finding);
        }
    }
}

/// The one case whose intended end is unambiguous: a bare fence opens `block` and runs to the
/// end of the document, the fenced block before it (same character and length, nothing fenced
/// in between) holds exactly one opening fence with an info string (`` ```bash ``) whose closing
/// fence ended that block early. The intended outer block spans both: open it and close it with
/// one more fence character, so the inner fence no longer ends it.
fn nested_fence_fix(
    skill: &Skill,
    block: &crate::skill::markdown::CodeBlock,
    ch: char,
    len: usize,
) -> Option<Fix> {
    let file = &skill.file;
    let text = &file.text;
    let own = file.slice(block.span);
    let opener = own.lines().next()?;
    if !info_less(opener) || !text[block.span.end..].trim().is_empty() {
        return None;
    }
    let prev = skill
        .body
        .code_blocks
        .iter()
        .rfind(|b| b.fenced && b.span.end <= block.span.start)?;
    let prev_text = file.slice(prev.span);
    let mut lines = prev_text.lines();
    let prev_open = lines.next()?;
    if fence(prev_open) != Some((ch, len)) {
        return None;
    }
    // Exactly one inner opening fence (with an info string) of this character and length.
    let inner = lines
        .filter(|l| fence(l) == Some((ch, len)) && !info_less(l))
        .count();
    if inner != 1 {
        return None;
    }
    // Nothing that looks like a fence between the two blocks.
    if text[prev.span.end..block.span.start]
        .lines()
        .any(|l| fence(l).is_some())
    {
        return None;
    }
    let insert_at = |start: usize, line: &str| {
        let lead = line.len() - strip_container(line).len();
        Span::point(start + lead)
    };
    let c = ch.to_string();
    Some(Fix {
        title: format!(
            "lengthen the fences of the block at line {} in {}",
            file.line_col(prev.span.start).0,
            file.path.display()
        ),
        edits: vec![
            Edit {
                file: file.clone(),
                span: insert_at(prev.span.start, prev_open),
                text: c.clone(),
            },
            Edit {
                file: file.clone(),
                span: insert_at(block.span.start, opener),
                text: c,
            },
        ],
    })
}

/// True when a fenced block's last line is not a closing fence for its opening one.
pub(super) fn is_unclosed(
    file: &crate::source::SourceFile,
    block: &crate::skill::markdown::CodeBlock,
) -> bool {
    fence_unclosed(file.slice(block.span))
}

/// True when the fenced block `text` (from its opening fence on) does not end with a closing
/// fence for its opening one.
fn fence_unclosed(text: &str) -> bool {
    let text = text.trim_end_matches(['\n', '\r']);
    // The first and the last line, found without splitting the whole block into lines.
    let open = match memchr::memchr(b'\n', text.as_bytes()) {
        Some(i) => &text[..i],
        None => text,
    };
    let Some((ch, len)) = fence(open.strip_suffix('\r').unwrap_or(open)) else {
        return false;
    };
    let closed =
        memchr::memrchr(b'\n', text.as_bytes()).is_some_and(|i| closes(&text[i + 1..], ch, len));
    !closed
}

/// The fence character and length of an opening fence line (after indentation and `>` markers).
fn fence(line: &str) -> Option<(char, usize)> {
    let s = strip_container(line);
    let ch = s.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = s.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

/// True when the opening fence has no info string (it may have been meant as a closing fence).
fn info_less(line: &str) -> bool {
    strip_container(line)
        .trim_end()
        .chars()
        .all(|c| c == '`' || c == '~')
}

/// True when `line` is a closing fence for `ch` repeated `len` times.
fn closes(line: &str, ch: char, len: usize) -> bool {
    let s = strip_container(line).trim_end();
    let n = s.chars().take_while(|c| *c == ch).count();
    n >= len && s.chars().skip(n).all(char::is_whitespace)
}

/// Drops leading whitespace, block-quote markers and list markers' indentation.
fn strip_container(line: &str) -> &str {
    line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    proptest::proptest! {
        /// The first-and-last-line search agrees with splitting the block into lines.
        #[test]
        fn fence_unclosed_is_the_lines_definition(text in "[`~ >a\r\n]{0,24}") {
            let trimmed = text.trim_end_matches(['\n', '\r']);
            let want = match trimmed.lines().next().and_then(fence) {
                None => false,
                Some((ch, len)) => !(trimmed.lines().count() > 1
                    && trimmed.lines().last().is_some_and(|l| closes(l, ch, len))),
            };
            proptest::prop_assert_eq!(fence_unclosed(&text), want);
        }
    }

    #[test]
    fn fires_on_unclosed_fence() {
        let text = CLEAN.replace("Look.\n", "Look.\n\n```yaml\nmodel: x\n``\n");
        let out = run(&UnbalancedFence, "s/demo-skill", &text);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].message,
            "fenced code block opened with ``` is never closed: the rest of the document is code"
        );
        assert_eq!(out[0].location.position().line, 31);
    }

    #[test]
    fn fixes_a_nested_fence_by_lengthening_the_outer_pair() {
        let text = CLEAN.replace(
            "Look.\n",
            "Look.\n\n```\n## Report\n  ```python\n  x = 1\n  ```\n- done\n```\n",
        );
        let out = run(&UnbalancedFence, "s/demo-skill", &text);
        assert_eq!(out.len(), 1);
        let plan = crate::fix::plan(&out);
        assert_eq!(plan.files.len(), 1);
        let fixed = &plan.files[0].new;
        assert!(
            fixed.contains("\n````\n## Report\n  ```python\n  x = 1\n  ```\n- done\n````\n"),
            "{fixed}"
        );
        // An unclosed block with no such neighbour has no fix: where it should end is a guess.
        let text = CLEAN.replace("Look.\n", "Look.\n\n```\nmodel: x\n");
        let out = run(&UnbalancedFence, "s/demo-skill", &text);
        assert_eq!(out.len(), 1);
        assert!(out[0].fix.is_none());
    }

    #[test]
    fn quiet_on_closed_tilde_and_nested_fences() {
        assert!(run(&UnbalancedFence, "s/demo-skill", CLEAN).is_empty());
        let text = CLEAN.replace(
            "Look.\n",
            "Look.\n\n~~~\na\n~~~\n\n````markdown\n```yaml\nb: 1\n```\n````\n\n> ```\n> quoted\n> ```\n",
        );
        assert!(run(&UnbalancedFence, "s/demo-skill", &text).is_empty());
    }
}
