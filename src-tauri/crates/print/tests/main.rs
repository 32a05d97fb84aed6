//! The crate's integration tests, one binary: each file under `tests/` is a
//! module here, so the whole dependency graph is linked once, not once per
//! file (a cold CI build links ten test binaries instead of fifty-five).

mod common;

mod agreement;
mod case_file;
mod commitment;
mod ledger;
mod oral_agreement;
mod paperwork;
mod quick_guide;
mod register;
mod report;
mod revisit;
mod windows;
