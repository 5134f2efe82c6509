//! The `skillgate` binary: parse the command line, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use skillgate::cli::{Cli, Command};
use skillgate::commands;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Usage errors exit 2; `--help` and `--version` exit 0.
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let started = std::time::Instant::now();
    let verbose = match &cli.command {
        Command::Lint(a) => a.out.verbose,
        Command::Check(a) => a.out.verbose,
        Command::Test(a) => a.out.verbose,
        _ => false,
    };
    let outcome = match cli.command {
        Command::Lint(args) => commands::lint::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::Completions(args) => commands::completions::run(args),
        Command::Man => commands::completions::man(),
        Command::Test(args) => commands::test::run(args),
        Command::Ref(args) => commands::refs::run(args),
    };
    if verbose {
        eprintln!(
            "skillgate: finished in {:.1} ms ({outcome:?})",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    ExitCode::from(outcome)
}
