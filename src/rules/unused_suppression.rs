//! `unused-suppression`: an inline suppression that matches no finding.
//!
//! The findings come from [`crate::suppress::apply`]; this rule only declares the id and docs.

use super::{Rule, RuleMeta};
use crate::finding::Severity;

/// The rule.
pub(super) struct UnusedSuppression;

static META: RuleMeta = RuleMeta {
    id: crate::suppress::UNUSED_ID,
    severity: Severity::Low,
    summary: "an inline suppression comment matches no finding",
    precision: "very-high",
    tags: &["maintenance"],
    docs: r#"## What it does
Reports a `<!-- skillgate-disable-next-line ID -->`, `<!-- skillgate-disable ID -->` range or a
YAML `# skillgate: ignore[ID] reason` comment that suppressed nothing in this run.

## Why is this bad?
Stale suppressions pile up and hide the next real finding on that line. A suppression should
name the id it silences and the reason, and go away when the reason does.

## Example
```markdown
<!-- skillgate-disable-next-line PG001 -- mirror path is digest-addressed -->
The deploy section below no longer has the mirror path.
```

## How to fix
Delete the comment, or correct the id it names. `skillgate explain ID` shows each id.
"#,
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
