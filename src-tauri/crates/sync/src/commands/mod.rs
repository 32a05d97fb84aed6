//! The sync commands (同步) for the desktop app and `xinfang call`: typed
//! handlers over [`local`](crate::local), [`export`](crate::export),
//! [`import`](crate::import) and the HTTP client, with ts-rs argument and
//! result types. [`dispatch`] runs these and passes every other command name
//! to [`xinfang_core::dispatch`], so one entry point serves the whole app;
//! [`catalogue`] lists the core's commands and these.

mod bundles;
mod device;
mod error;
mod network;
mod places;

pub use bundles::{
    ExportedBundle, FileOutcome, ImportReport, ImportedBundle, ImportedFile, Refusal, SyncExport, SyncImport,
    bundle_files,
};
pub use device::{EnrolledPeer, SyncEnrol, SyncIdentity, SyncIdentityArgs, SyncRevoke};
pub use network::{SentBundle, SyncOverHttp, SyncedOverHttp};
pub use places::{Place, places_under};

use crate::error::{Error, Result};
use xinfang_core::Ledger;
use xinfang_core::commands::{CommandInfo, NoArgs};

macro_rules! sync_commands {
    ($( #[doc = $doc:literal] [$access:ident] $name:ident($args:ty) -> $out:ty = $handler:path; )*) => {
        /// Runs the command `name` with JSON `args`: a sync command here, any
        /// other name in the core.
        pub fn dispatch(ledger: &mut Ledger, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
            if let Some(access) = access(name).or_else(|| xinfang_core::commands::access(name)) {
                xinfang_core::access::permit(ledger.account.as_ref(), access)?;
            }
            run(ledger, name, args)
        }

        /// Who may run the sync command `name` (None: not a sync command).
        pub fn access(name: &str) -> Option<xinfang_core::access::Access> {
            match name {
                $( stringify!($name) => Some(xinfang_core::access::Access::$access), )*
                _ => None,
            }
        }

        /// [`dispatch`] without the access check, for the router that made
        /// it already; a name not here goes to the core's `run`, unchecked
        /// again.
        pub fn run(ledger: &mut Ledger, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
            match name {
                $( stringify!($name) => {
                    let args: $args = xinfang_core::commands::args::parse(name, args)?;
                    let out: $out = $handler(ledger, args)?;
                    Ok(serde_json::to_value(out).map_err(xinfang_core::Error::Json)?)
                } )*
                _ => Ok(xinfang_core::commands::run(ledger, name, args)?),
            }
        }

        /// The sync commands only, their summaries and argument shapes.
        pub fn sync_catalogue() -> Vec<CommandInfo> {
            vec![ $( CommandInfo::of::<$args, $out>(stringify!($name), $doc, xinfang_core::access::Access::$access) ),* ]
        }
    };
}

sync_commands! {
    /// 本机设备：编号、名称、角色和指纹；可同时保存本机的设备登记文件
    [Read] sync_identity(SyncIdentityArgs) -> SyncIdentity = device::identity;
    /// 登记对方设备：读取对方的设备登记文件，输入对方屏幕上的指纹核对无误后登记
    [Work] sync_enrol(SyncEnrol) -> EnrolledPeer = device::enrol;
    /// 注销对方设备（如电脑丢失）：此后它的数据包一律拒收
    [Work] sync_revoke(SyncRevoke) -> EnrolledPeer = device::revoke;
    /// 导出数据包到 U 盘或文件夹（村：对方未确认的变更，过大时分成几个包；乡镇：给某村的回执）
    [Work] sync_export(SyncExport) -> Vec<ExportedBundle> = bundles::export;
    /// 导入数据包：文件，或文件夹里的全部数据包（按文件名顺序）；每个文件各自报告结果
    [Work] sync_import(SyncImport) -> ImportReport = bundles::import;
    /// 通过网络与乡镇服务器同步一次：上传未确认的变更，取回回执
    [Work] sync_over_http(SyncOverHttp) -> SyncedOverHttp = network::over_http;
    /// 可用于导出和导入的 U 盘（移动存储）位置
    [Read] sync_places(NoArgs) -> Vec<Place> = places::places;
}

/// Every command the app can call: the core's, then the sync commands.
pub fn catalogue() -> Vec<CommandInfo> {
    let mut all = xinfang_core::catalogue();
    all.extend(sync_catalogue());
    all
}


/// An `Error` for a field the person filled in.
fn invalid(field: &str, label: &str, reason: impl Into<String>) -> Error {
    xinfang_core::Error::invalid(field, label, reason).into()
}

#[cfg(test)]
mod tests;
