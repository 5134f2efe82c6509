//! `broken-table`: a Markdown table broken by an unescaped `|` or by a blank line.

use super::{LintContext, Rule, RuleMeta};
use crate::finding::{Finding, Location, Severity};
use crate::skill::Skill;
use crate::source::Span;

/// The rule.
pub(super) struct BrokenTable;

static META: RuleMeta = RuleMeta {
    id: "broken-table",
    severity: Severity::Medium,
    summary: "a Markdown table loses cells to an unescaped `|` or ends early at a blank line",
    precision: "high",
    tags: &["correctness", "markdown"],
    docs: r#"## What it does
Checks every table the way GitHub renders it (GitHub Flavored Markdown):

* a row with more cells than the header: a `|` inside a cell, even inside `` `code` ``,
  starts a new cell unless written `\|`, and the cells past the header's count are dropped
  (one finding per table, the other such rows as notes);
* rows that follow a table after a blank line: the blank line ends the table, and the rows
  render as a paragraph of pipes;
* two or more lines written as table rows with no delimiter row (`|---|---|`) under the first:
  they never become a table.

Lines in code blocks are not read.

## Why is this bad?
Skills put their decision tables, severity scales and field lists in tables. A cell cut at a
`|` silently drops the rest of the row (`` `a || b` `` becomes `` `a `` and nothing), and rows
after a blank line vanish from the table an agent or a reviewer reads.

## Example
```markdown
| Pattern | Meaning |
|---|---|
| `a|b` | either |

| `c` | more |
```

## How to fix
Escape pipes inside cells as `\|`, remove blank lines between rows, and put a delimiter row
under the header.
"#,
};

impl Rule for BrokenTable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_skill(&self, _cx: &LintContext<'_>, skill: &Skill, out: &mut Vec<Finding>) {
        let file = &skill.file;
        let text = &file.text;
        let body_start = skill.body_start.min(text.len());
        // Extra cells in parsed tables.
        for table in &skill.body.tables {
            let mut header_cells = None;
            let mut offset = table.span.start;
            // One finding per table: the first split row, with the others as notes.
            let mut split_rows: Vec<(Span, usize, usize)> = Vec::new();
            for (i, line) in file.slice(table.span).split_inclusive('\n').enumerate() {
                let row = strip_container(line.trim_end_matches(['\n', '\r']));
                let lead = line.len() - line.trim_start_matches(['>', ' ', '\t']).len();
                let cells = cell_starts(row).count();
                match (i, header_cells) {
                    (0, _) => header_cells = Some(cells),
                    (1, _) => {}
                    (_, Some(n)) if cells > n && !row.trim().is_empty() => {
                        let nth = cell_starts(row).nth(n).unwrap_or(row.len());
                        let at = offset + lead + nth - 1;
                        let end = offset + line.trim_end_matches(['\n', '\r']).len();
                        split_rows.push((Span::new(at, end.max(at + 1)), cells, n));
                    }
                    _ => {}
                }
                offset += line.len();
            }
            let mut rows = split_rows.into_iter();
            if let Some((span, cells, n)) = rows.next() {
                let mut f = Finding::new(
                    META.id,
                    META.severity,
                    format!(
                        "this row has {cells} cells and the header {n}: an unescaped `|` splits a cell, and the cells past {n} are dropped"
                    ),
                    Location::new(file.clone(), span),
                )
                .with_help("escape the `|` that belongs to the cell's text as `\\|` (inside `code` too)");
                for (span, cells, _) in rows {
                    f = f.with_label(
                        Location::new(file.clone(), span),
                        format!("this row of the same table has {cells} cells"),
                    );
                }
                out.push(f);
            }
        }
        // Rows outside any table: after a blank line that ended a table, or without a
        // delimiter row. One pass over the lines, with cursors over the sorted spans (skipped
        // when no line starts with a pipe).
        if !file
            .lines_from(body_start)
            .any(|(_, l)| l.trim_start_matches(['>', ' ', '\t']).starts_with('|'))
        {
            return;
        }
        let mut tables = skill.body.tables.iter().map(|t| t.span).peekable();
        let mut code = skill.body.code_blocks.iter().map(|c| c.span).peekable();
        // What the last non-blank line was (`true`: a table row) and whether blank lines followed.
        let mut last_was_table = false;
        let mut gap = false;
        let mut run: Vec<Span> = Vec::new();
        let mut run_after_table = false;
        for (start, line) in file.lines_from(body_start) {
            while tables.peek().is_some_and(|t| t.end <= start) {
                tables.next();
            }
            while code.peek().is_some_and(|c| c.end <= start) {
                code.next();
            }
            let in_table = tables.peek().is_some_and(|t| t.start <= start);
            let in_code = code.peek().is_some_and(|c| c.start <= start);
            let content = line.trim_end_matches(['\n', '\r']);
            let row = content.trim();
            if row.is_empty() {
                flush(file, &mut run, run_after_table, out);
                gap = true;
                continue;
            }
            let looks_like_row = row.len() > 2 && row.starts_with('|') && row.ends_with('|');
            if in_table || in_code || !looks_like_row {
                flush(file, &mut run, run_after_table, out);
                last_was_table = in_table;
                gap = false;
                continue;
            }
            if run.is_empty() {
                run_after_table = last_was_table && gap;
            }
            let lead = content.len() - content.trim_start().len();
            run.push(Span::new(start + lead, start + lead + row.len()));
            last_was_table = false;
            gap = false;
        }
        flush(file, &mut run, run_after_table, out);
    }
}

/// Reports a run of row-like lines outside any table, then empties it.
fn flush(
    file: &std::sync::Arc<crate::source::SourceFile>,
    run: &mut Vec<Span>,
    after_table: bool,
    out: &mut Vec<Finding>,
) {
    let Some(first) = run.first().copied() else {
        return;
    };
    let report = if after_table {
        Some((
            "a blank line ended the table above: this row renders as text, not as part of the table",
            "remove the blank line between the rows",
        ))
    } else if run.len() >= 2 {
        Some((
            "these lines look like a table but have no delimiter row, so they render as text",
            "add a delimiter row such as `|---|---|` under the header row",
        ))
    } else {
        None
    };
    if let Some((message, help)) = report {
        out.push(
            Finding::new(
                META.id,
                META.severity,
                message,
                Location::new(file.clone(), first),
            )
            .with_help(help),
        );
    }
    run.clear();
}

/// Byte offsets (within `row`) just after each cell-opening pipe, GFM-style: an unescaped `|`
/// separates cells; a leading and a trailing pipe are optional. An iterator, so counting a
/// row's cells allocates nothing.
fn cell_starts(row: &str) -> impl Iterator<Item = usize> + '_ {
    let t = row.trim_end();
    let lead = t.len() - t.trim_start().len();
    let t = t.trim_start();
    let bytes = t.as_bytes();
    let first = usize::from(t.starts_with('|'));
    let mut i = first;
    let rest = std::iter::from_fn(move || {
        while i < bytes.len() {
            let at = i;
            i += 1;
            match bytes[at] {
                b'\\' => i += 1,
                b'|' if at + 1 < bytes.len() => return Some(lead + at + 1),
                _ => {}
            }
        }
        None
    });
    std::iter::once(lead + first).chain(rest)
}

/// Drops block-quote markers and indentation before a row.
fn strip_container(line: &str) -> &str {
    line.trim_start_matches(['>', ' ', '\t'])
}

#[cfg(test)]
mod tests {
    use super::super::testing::{CLEAN, run};
    use super::*;

    proptest::proptest! {
        /// The cell iterator yields what the GFM rule gives: after each unescaped `|` that is
        /// not the row's last character, plus the first cell's start.
        #[test]
        fn cell_starts_are_the_unescaped_pipes(row in "[ |\\\\a`]{0,20}") {
            let t = row.trim_end();
            let lead = t.len() - t.trim_start().len();
            let t = t.trim_start();
            let b = t.as_bytes();
            let mut want = vec![lead + usize::from(t.starts_with('|'))];
            let mut i = usize::from(t.starts_with('|'));
            while i < b.len() {
                if b[i] == b'\\' {
                    i += 1;
                } else if b[i] == b'|' && i + 1 < b.len() {
                    want.push(lead + i + 1);
                }
                i += 1;
            }
            proptest::prop_assert_eq!(cell_starts(&row).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn fires_on_split_cells_blank_lines_and_missing_delimiters() {
        let text = CLEAN.replace(
            "Look.\n",
            "Look.\n\n| Pattern | Meaning |\n|---|---|\n| `a|b` | either |\n| ok | fine |\n\n| `c` | more |\n\nText.\n\n| a | b |\n| c | d |\n",
        );
        let out = run(&BrokenTable, "s/demo-skill", &text);
        let got: Vec<(usize, &str)> = out
            .iter()
            .map(|f| (f.location.position().line, f.message.as_str()))
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, 33);
        assert!(
            got[0]
                .1
                .starts_with("this row has 3 cells and the header 2"),
            "{got:?}"
        );
        assert_eq!(got[1].0, 36);
        assert!(
            got[1].1.starts_with("a blank line ended the table"),
            "{got:?}"
        );
        assert_eq!(got[2].0, 40);
        assert!(got[2].1.contains("no delimiter row"), "{got:?}");
    }

    #[test]
    fn quiet_on_good_tables_and_code() {
        assert!(run(&BrokenTable, "s/demo-skill", CLEAN).is_empty());
        let text = CLEAN.replace(
            "Look.\n",
            "Look.\n\n| a | `x \\| y` |\n|---|---|\n| 1 | 2 |\n| 3 |\n\n```\n| not | a table |\n| just | code |\n```\n\nA | B\n--|--\n1 | 2\n",
        );
        let out = run(&BrokenTable, "s/demo-skill", &text);
        assert!(
            out.is_empty(),
            "{:?}",
            out.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
    }
}
