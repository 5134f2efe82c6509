//! `skillgate completions SHELL` and the hidden `skillgate man`: text generated from the clap
//! definitions, so both follow the CLI as it changes.

use clap::CommandFactory;

use super::{Outcome, usage_error};
use crate::cli::{Cli, CompletionsArgs};

/// Prints the completion script for a shell.
pub fn run(args: CompletionsArgs) -> Outcome {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "skillgate", &mut buf);
    super::print_stdout(&buf);
    Outcome::Clean
}

/// The man page (roff) of `skillgate`: synopsis, options and the list of subcommands (each
/// subcommand's options are in its `--help`).
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(out)
}

/// Prints the man page.
pub fn man() -> Outcome {
    match man_page() {
        Ok(bytes) => {
            super::print_stdout(&bytes);
            Outcome::Clean
        }
        Err(e) => usage_error(&format!("cannot render the man page: {e}"), ""),
    }
}
