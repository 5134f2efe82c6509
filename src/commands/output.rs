//! Where each requested format goes: standard output or files (`--format`, `-o`, `--color`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::{Color, Format, OutputArgs};
use crate::report::sanitize;

/// Human output with workflow commands neutralised ([`sanitize::lines`]); GitHub output is
/// nothing but skillgate's own commands, its data escaped line by line in [`crate::report::github`].
fn for_log(format: Format, text: String) -> String {
    match format {
        Format::Human => match sanitize::lines(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(t) => t,
        },
        _ => text,
    }
}

/// Where each requested format goes.
#[derive(Debug)]
pub struct Destinations {
    /// The format printed on standard output, if any.
    pub stdout: Option<Format>,
    /// Files to write.
    pub files: Vec<(Format, PathBuf)>,
    /// Colour for human output on stdout.
    pub color: bool,
    /// Quiet mode.
    pub quiet: bool,
}

impl Destinations {
    /// Interprets `--format`, `-o` and `--color`.
    pub fn from_args(args: &OutputArgs) -> Result<Self, String> {
        let mut files = Vec::new();
        let mut stdout = Some(args.format);
        for spec in &args.outputs {
            let (format, path) = match spec.split_once('=') {
                Some((f, p)) if !f.is_empty() && !f.contains(['/', '\\', '.']) => {
                    let format = <Format as clap::ValueEnum>::from_str(f, true).map_err(|_| {
                        format!("unknown output format `{f}` in `--output {spec}` (human, json, sarif, markdown, github)")
                    })?;
                    (format, PathBuf::from(p))
                }
                _ => {
                    // A plain FILE takes the --format output off the terminal.
                    stdout = None;
                    (args.format, PathBuf::from(spec))
                }
            };
            if path.as_os_str().is_empty() {
                return Err(format!("`--output {spec}` names no file"));
            }
            files.push((format, path));
        }
        let color = match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
            }
        };
        Ok(Destinations {
            stdout,
            files,
            color,
            quiet: args.quiet,
        })
    }

    /// Every format requested.
    pub fn formats(&self) -> Vec<Format> {
        let mut v: Vec<Format> = self
            .stdout
            .into_iter()
            .chain(self.files.iter().map(|(f, _)| *f))
            .collect();
        v.dedup();
        v
    }

    /// Renders each destination with `render` and writes it (files through
    /// [`crate::source::write_atomic`]: a regular file or a new one, never through a symlink).
    /// Human output, which lands in terminals and CI logs, passes through [`sanitize::lines`]
    /// last (GitHub output escapes its data itself). A destination that fails to render or write does not stop the
    /// others; the errors (naming the file) come back together.
    pub fn write(
        &self,
        mut render: impl FnMut(Format, bool) -> Result<String, String>,
    ) -> Result<(), String> {
        let mut errors = Vec::new();
        for (format, path) in &self.files {
            match render(*format, false).map(|t| for_log(*format, t)) {
                Ok(text) => {
                    if let Err(e) = crate::source::write_atomic(path, text.as_bytes()) {
                        errors.push(format!(
                            "cannot write {}: {}",
                            path.display(),
                            crate::diag::describe_io(&e)
                        ));
                    }
                }
                Err(e) => errors.push(format!("{} not written: {e}", path.display())),
            }
        }
        if let Some(format) = self.stdout {
            let text = match render(format, self.color && format == Format::Human) {
                Ok(t) => for_log(format, t),
                Err(e) => {
                    errors.push(e);
                    return Err(errors.join("\n"));
                }
            };
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("\n"))
        }
    }
}
