//! The one router (路由) of the petition ledger: every command the desktop
//! app and `xinfang call` run goes through [`dispatch`], which checks once
//! that the signed-in role may run it (`xinfang_core::access`) and hands it
//! to the crate that handles it — print, sheets, sync, else the core. The
//! shell and the CLI never route themselves, so they cannot disagree on
//! where a command goes or who may run it; [`catalogue`] lists every command
//! they can reach, for `xinfang call --list` and the UI's generated types.

mod error;

pub use error::Error;

use serde_json::Value;
use std::sync::OnceLock;
use xinfang_core::Ledger;
use xinfang_core::access::Access;
use xinfang_core::commands::CommandInfo;
use xinfang_print::Printer;

/// The crate a command belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handler {
    Print,
    Sheets,
    Sync,
    Core,
}

/// Which crate handles `name` (the core for a name no crate knows: it
/// answers "no such command").
pub fn handler(name: &str) -> Handler {
    if xinfang_print::commands::access(name).is_some() {
        Handler::Print
    } else if xinfang_sheets::commands::access(name).is_some() {
        Handler::Sheets
    } else if xinfang_sync::commands::access(name).is_some() {
        Handler::Sync
    } else {
        Handler::Core
    }
}

/// Who may run `name`: the class its crate's table declares beside it
/// (None: no crate has such a command).
pub fn access(name: &str) -> Option<Access> {
    match handler(name) {
        Handler::Print => xinfang_print::commands::access(name),
        Handler::Sheets => xinfang_sheets::commands::access(name),
        Handler::Sync => xinfang_sync::commands::access(name),
        Handler::Core => xinfang_core::commands::access(name),
    }
}

/// Runs the command `name` with JSON `args` on `ledger`, once the signed-in
/// account's role is allowed its class ([`access`]); a name no crate knows
/// is refused by the core as no such command. A print command typesets with the printer
/// in `printer`, loading its fonts on the first print.
pub fn dispatch(ledger: &mut Ledger, printer: &OnceLock<Printer>, name: &str, args: Value) -> Result<Value, Error> {
    if let Some(access) = access(name) {
        xinfang_core::access::permit(ledger.account.as_ref(), access)?;
    }
    Ok(match handler(name) {
        Handler::Print => xinfang_print::commands::run(ledger, loaded(printer)?, name, args)?,
        Handler::Sheets => xinfang_sheets::commands::run(ledger, name, args)?,
        Handler::Sync => xinfang_sync::commands::run(ledger, name, args)?,
        Handler::Core => xinfang_core::commands::run(ledger, name, args)?,
    })
}

/// The printer, loading the templates' fonts the first time.
fn loaded(cell: &OnceLock<Printer>) -> Result<&Printer, Error> {
    if let Some(p) = cell.get() {
        return Ok(p);
    }
    let printer = Printer::new()?;
    Ok(cell.get_or_init(|| printer))
}

/// Every command [`dispatch`] runs: the core's, sync's, print's and
/// sheets', each once.
pub fn catalogue() -> Vec<CommandInfo> {
    let mut all = xinfang_core::catalogue();
    all.extend(xinfang_sync::commands::sync_catalogue());
    all.extend(xinfang_print::commands::catalogue());
    all.extend(xinfang_sheets::commands::catalogue());
    all
}

#[cfg(test)]
mod tests;
