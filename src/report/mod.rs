//! Outputs: one module per format, each a plain function over the results. The plumbing that
//! sends each requested format to standard output or a file is `commands::output`.

pub mod github;
pub mod human;
pub mod json;
pub mod links;
pub mod markdown;
pub mod sanitize;
pub mod sarif;

pub use crate::diag::{Notice, NoticeLevel};

/// `error: path:line:col: message` for standard error.
pub fn render_notice(n: &Notice, style: human::Style) -> String {
    let head = match n.level {
        NoticeLevel::Error => style.paint("1;31", "error"),
        NoticeLevel::Warning => style.paint("1;33", "warning"),
        NoticeLevel::Note => style.paint("1;36", "note"),
    };
    let path = human::clean(&n.path);
    let loc = match (n.line, n.column) {
        (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
        (Some(l), None) => format!("{path}:{l}"),
        _ => path,
    };
    format!("{head}: {loc}: {}", human::clean(&n.message))
}
