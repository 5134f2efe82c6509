//! The one diagnostic type of every layer: a [`Notice`] about the run rather than about the
//! content (a path that does not exist, a file that could not be analysed, a symlink not
//! followed), and the short description of an I/O error that notices carry.

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
}

/// A short, user-facing description of an I/O error.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
