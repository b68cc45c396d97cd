//! Errors. Every error is either bad input (exit code 2) or an internal failure (exit code 1).

use std::path::{Path, PathBuf};

/// The error type of every lode library function.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file that cannot be used as given: wrong magic, truncated, inconsistent header, …
    #[error("{}: {msg}", path.display())]
    Input { path: PathBuf, msg: String },
    /// Bad parameters or data not tied to one file (usage errors, invalid arguments).
    #[error("{0}")]
    Invalid(String),
    /// A failure of lode itself or of the machine (disk full on write, a bug).
    #[error("internal error: {0}")]
    Internal(String),
}

/// Result with the lode [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A problem with the file at `path`.
    pub fn input(path: impl AsRef<Path>, msg: impl Into<String>) -> Self {
        Error::Input {
            path: path.as_ref().to_path_buf(),
            msg: msg.into(),
        }
    }

    /// A bad parameter or an inconsistent request.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    /// An internal failure.
    pub fn internal(msg: impl Into<String>) -> Self {
        Error::Internal(msg.into())
    }

    /// A read error on `path`: a missing or unreadable file is bad input.
    pub fn read_io(path: impl AsRef<Path>, e: std::io::Error) -> Self {
        let msg = match e.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_string(),
            std::io::ErrorKind::UnexpectedEof => "file is truncated".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        Error::input(path, msg)
    }

    /// A write error on `path`.
    pub fn write_io(path: impl AsRef<Path>, e: std::io::Error) -> Self {
        Error::Internal(format!("{}: cannot write: {e}", path.as_ref().display()))
    }

    /// Attach a file name to an [`Error::Invalid`] (other kinds are returned unchanged).
    pub fn at(self, path: impl AsRef<Path>) -> Self {
        match self {
            Error::Invalid(msg) => Error::input(path, msg),
            other => other,
        }
    }

    /// The process exit code: 2 for bad input or usage, 1 for internal failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. } | Error::Invalid(_) => 2,
            Error::Internal(_) => 1,
        }
    }
}
