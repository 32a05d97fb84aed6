//! xinfang-sheets: spreadsheets for the petition ledger, without Tauri.
//!
//! - [`report_xlsx`]: the township's report (统计报表) as an Excel workbook,
//!   written with `rust_xlsxwriter`; every number is the core's `Report`;
//! - [`columns`] and [`read`]: importing an existing Excel ledger (台账导入)
//!   with `calamine`: the header names recognised, and the rows read as the
//!   core's `LedgerRow`; the core checks and records them (`ledger_import_rows`);
//!   [`limits`] and `guard`: every file bounded before it is read (size, zip
//!   contents, cell positions), so a hostile workbook is refused, never an abort;
//! - [`output`]: whole-or-nothing files that never overwrite another;
//! - [`commands`]: the app's commands (`report_xlsx`, `ledger_import_preview`,
//!   `ledger_import`), typed with ts-rs like the core's.

pub mod columns;
pub mod commands;
mod error;
mod guard;
pub mod limits;
pub mod output;
pub mod read;
pub mod report_xlsx;

pub use error::{Error, Result};
