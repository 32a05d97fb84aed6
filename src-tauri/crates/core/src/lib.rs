//! xinfang-core: the petition ledger (信访台账) without any GUI.
//!
//! - [`domain`]: what is recorded and the rules (ID numbers, the five-step
//!   lifecycle, deadlines, agreements, screening), no I/O;
//! - [`store`]: the SQLite file, migrations, the change log, queries;
//! - [`commands`]: the one command layer the desktop app and the CLI share;
//! - [`access`]: what each role may do, checked before every command;
//! - [`session`]: signing in to the encrypted ledger (the accounts and their
//!   roles are [`domain::account`]);
//! - [`demo`]: the demo ledger (演示台账) for training, recorded through `commands`;
//! - [`report`]: the township's statistics, each figure defined once.

pub mod access;
pub mod clock;
pub mod commands;
pub mod demo;
pub mod domain;
pub mod error;
pub mod files;
#[cfg(any(test, feature = "fixtures"))]
pub mod generate;
pub mod os_error;
pub mod report;
pub mod safe_name;
pub mod session;
pub mod store;

pub use clock::Clock;
pub use commands::{Ledger, catalogue, dispatch};
pub use error::{Error, Result};
pub use store::Store;
