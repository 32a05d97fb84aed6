//! The crate's integration tests, one binary: each file under `tests/` is a
//! module here, so the whole dependency graph is linked once, not once per
//! file (a cold CI build links ten test binaries instead of fifty-five).

mod common;

mod attach;
mod cli;
mod disk_full;
mod encrypted;
mod hostile;
mod http;
mod import_ledger;
mod load;
mod not_files;
mod print;
mod report;
mod sigkill;
mod sync;
mod viewer;
mod workflows;
