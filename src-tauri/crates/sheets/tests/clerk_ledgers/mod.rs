//! Ledgers as clerks keep them (see `books`), written to the repository's
//! `tests/fixtures/ledgers/` by the tests that read them, so the CLI's and
//! the app's tests import the very same files.

pub mod books;
pub mod build;

use std::path::PathBuf;

/// Where the workbooks are kept.
pub fn fixtures() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/ledgers");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
