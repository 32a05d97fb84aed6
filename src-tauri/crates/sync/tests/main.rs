//! The crate's integration tests, one binary: each file under `tests/` is a
//! module here, so the whole dependency graph is linked once, not once per
//! file (a cold CI build links ten test binaries instead of fifty-five).

mod architecture;
mod attachments;
mod convergence;
mod exchange;
mod field;
mod server;
mod simulation;
