//! What can stop the CLI, beyond what the core refuses.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("未指定台账数据库：请用 --db PATH 或环境变量 XINFANG_DB 指定。")]
    NoDatabase,

    #[error("台账 {} 已加密：请用 --account 姓名（或环境变量 XINFANG_ACCOUNT）指定账号，并用环境变量 XINFANG_PASSPHRASE 给出口令。", path.display())]
    SignInNeeded { path: PathBuf },

    #[error("无法读取 {what}：{source}")]
    ReadInput {
        what: String,
        #[source]
        source: std::io::Error,
    },

    #[error("无法建立台账目录 {}：{source}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("无法写入 {}：{source}", path.display())]
    WriteOutput {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{refused} 个数据包被拒收（共 {total} 个），原因见上。被拒收的数据包没有改动台账。")]
    SomeRefused { refused: usize, total: usize },

    #[error(transparent)]
    Core(#[from] xinfang_core::Error),

    #[error(transparent)]
    Sync(#[from] xinfang_sync::Error),

    #[error(transparent)]
    Print(#[from] xinfang_print::Error),

    #[error(transparent)]
    Sheets(#[from] xinfang_sheets::Error),

    #[error("台账有 {count} 处错误（见上），没有导入任何记录。请改正后重新导入。")]
    ImportErrors { count: usize },

    #[error("输出 JSON 失败：{0}")]
    Output(#[from] serde_json::Error),
}
