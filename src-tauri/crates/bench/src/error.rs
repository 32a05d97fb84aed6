//! The one error type of the benchmark binary: a figure that could not be
//! measured (a benchmark never fails for being slow).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("core: {0}")]
    Core(#[from] xinfang_core::Error),
    #[error("sync: {0}")]
    Sync(#[from] xinfang_sync::Error),
    #[error("print: {0}")]
    Print(#[from] xinfang_print::Error),
    #[error("SQLite (reference): {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("reference {what}: {detail}")]
    Reference { what: &'static str, detail: String },
    #[error("app cold start: {0}")]
    App(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Wraps an I/O error with what was done to which path.
pub fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { action, path, source }
}
