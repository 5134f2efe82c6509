//! One module per subcommand: each turns parsed arguments into outputs and an [`Outcome`].

pub mod check;
pub mod completions;
pub mod explain;
pub mod init;
pub mod lint;
pub mod output;
pub mod refs;
pub mod rules;
pub mod test;

use std::process::ExitCode;

use crate::diag::{Notice, NoticeLevel};
use crate::report::{human, sanitize};

/// How a command ended, mapped to the exit codes of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing at or above the failure threshold (exit 0).
    Clean,
    /// Findings, failed fixtures or a failing promotion (exit 1).
    Failed,
    /// skillgate could not do what was asked (exit 2).
    Error,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> Self {
        ExitCode::from(match o {
            Outcome::Clean => 0,
            Outcome::Failed => 1,
            Outcome::Error => 2,
        })
    }
}

/// Prints notices on standard error and says whether any was an error.
pub fn print_notices(notices: &[Notice], color: bool, quiet: bool) -> bool {
    let style = human::Style::new(color);
    let mut error = false;
    for n in notices {
        error |= n.level == NoticeLevel::Error;
        if !quiet || n.level == NoticeLevel::Error {
            eprintln!(
                "{}",
                sanitize::lines(&crate::report::render_notice(n, style))
            );
        }
    }
    error
}

/// Colour for standard error.
pub fn stderr_color(choice: crate::cli::Color) -> bool {
    use std::io::IsTerminal;
    match choice {
        crate::cli::Color::Always => true,
        crate::cli::Color::Never => false,
        crate::cli::Color::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
        }
    }
}

/// A usage problem: printed with a `help:` line, exit 2.
pub fn usage_error(message: &str, help: &str) -> Outcome {
    eprint_clean(&format!("error: {message}"));
    if !help.is_empty() {
        eprint_clean(&format!("help: {help}"));
    }
    Outcome::Error
}

/// Prints `text` and a line break on standard error through [`sanitize::terminal_text`]: for
/// any message that may carry a path or text from an input.
pub fn eprint_clean(text: &str) {
    eprintln!("{}", sanitize::terminal_text(text));
}

/// [`print_stdout`] of text that may carry input strings (gate titles, ids, help), through
/// [`sanitize::terminal_text`].
pub fn print_stdout_text(text: &str) {
    print_stdout(sanitize::terminal_text(text).as_bytes());
}

/// Writes `text` to standard output. A closed pipe (`skillgate rules | head`) is not an error:
/// the reader has what it wanted.
pub fn print_stdout(text: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text).and_then(|()| out.flush());
}

/// Every rule id and the gate ids of the gate files under `root` and of the reference skill.
pub fn known_ids(root: &std::path::Path) -> Vec<String> {
    let mut ids: Vec<String> = crate::rules::registry()
        .iter()
        .map(|r| r.meta().id.to_string())
        .collect();
    let cat = crate::gates::catalog::Catalog::load(
        &[root.to_path_buf()],
        crate::source::DEFAULT_MAX_FILE_SIZE,
    );
    ids.extend(cat.gates().map(|(_, g)| g.id.clone()));
    if let Ok(gf) = crate::gates::catalog::reference() {
        ids.extend(gf.gates.iter().map(|g| g.id.clone()));
    }
    ids.sort();
    ids.dedup();
    ids
}
