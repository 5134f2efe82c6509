//! Outputs: one module per format, each a plain function over the results, and the plumbing
//! that sends each requested format to standard output or a file.

pub mod github;
pub mod human;
pub mod json;
pub mod links;
pub mod markdown;
pub mod sanitize;
pub mod sarif;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::{Color, Format, OutputArgs};

/// How serious a notification is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLevel {
    /// skillgate could not do part of what was asked (exit 2).
    Error,
    /// Something was not analysed.
    Warning,
    /// For the record.
    Note,
}

/// A message about the run rather than about the content: a path that does not exist, a file
/// that could not be analysed, a symlink not followed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Notice {
    /// Severity of the notice.
    pub level: NoticeLevel,
    /// The file or folder concerned.
    pub path: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What happened.
    pub message: String,
}

impl Notice {
    /// An error notice.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Notice {
            level: NoticeLevel::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A warning notice.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Notice {
            level: NoticeLevel::Warning,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A note: for the record, neither an error nor something left unanalysed.
    pub fn note(path: impl Into<String>, message: impl Into<String>) -> Self {
        Notice {
            level: NoticeLevel::Note,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// Adds a position.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// `error: path:line:col: message` for standard error.
    pub fn render(&self, style: human::Style) -> String {
        let head = match self.level {
            NoticeLevel::Error => style.paint("1;31", "error"),
            NoticeLevel::Warning => style.paint("1;33", "warning"),
            NoticeLevel::Note => style.paint("1;36", "note"),
        };
        let path = human::clean(&self.path);
        let loc = match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
            (Some(l), None) => format!("{path}:{l}"),
            _ => path,
        };
        format!("{head}: {loc}: {}", human::clean(&self.message))
    }
}

/// Human output with workflow commands neutralised ([`sanitize::lines`]); GitHub output is
/// nothing but skillgate's own commands, its data escaped line by line in [`github`].
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
                            crate::skill::discover::describe_io(&e)
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
