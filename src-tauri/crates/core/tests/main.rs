//! The crate's integration tests, one binary: each file under `tests/` is a
//! module here, so the whole dependency graph is linked once, not once per
//! file (a cold CI build links ten test binaries instead of fifty-five).

mod common;

mod access;
mod architecture;
mod attachments;
mod backup;
mod case_page;
mod desk;
mod display_copy;
mod fields;
mod imported;
mod ledger;
mod limits;
mod merge;
mod paperwork;
mod replica;
mod report;
mod upgrade;
