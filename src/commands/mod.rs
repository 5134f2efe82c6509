//! One module per subcommand: each turns parsed arguments into outputs and an [`Outcome`].

pub mod check;
pub mod completions;
pub mod explain;
pub mod init;
pub mod lint;
pub mod refs;
pub mod rules;
pub mod test;

use std::process::ExitCode;

use crate::report::{Notice, NoticeLevel, human};

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
            eprintln!("{}", n.render(style));
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
    eprintln!("error: {message}");
    if !help.is_empty() {
        eprintln!("help: {help}");
    }
    Outcome::Error
}

/// Writes `text` to standard output. A closed pipe (`skillgate rules | head`) is not an error:
/// the reader has what it wanted.
pub fn print_stdout(text: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text).and_then(|()| out.flush());
}
