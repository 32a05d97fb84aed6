//! What can stop the CLI, beyond what the core refuses.

use std::path::PathBuf;

/// The most a `--json` argument file (or standard input) is read: a
/// command's arguments are a few KB; a device or a stray video is not read
/// to its end.
pub const MAX_INPUT_BYTES: u64 = 16 << 20;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("未指定台账数据库：请用 --db PATH 或环境变量 XINFANG_DB 指定。")]
    NoDatabase,

    #[error("台账 {} 已加密：请用 --account 姓名（或环境变量 XINFANG_ACCOUNT）指定账号，并用环境变量 XINFANG_PASSPHRASE 给出口令。", path.display())]
    SignInNeeded { path: PathBuf },

    #[error("没有口令：请用环境变量 XINFANG_PASSPHRASE 给出账号“{name}”的口令（口令不写在命令行上）。")]
    PassphraseNeeded { name: String },

    #[error("台账 {} 已加密，但旁边的钥匙文件 {} 不见了，账号和口令都要靠它才能打开台账：请从备份中取回同名的 .keys 文件放回台账旁边，不要重新建台账。", path.display(), keys.display())]
    KeyringMissing { path: PathBuf, keys: PathBuf },

    #[error("{what} 不是普通文件（可能是文件夹、设备或管道），不会读取：请给出一个 JSON 文件，或用 - 从标准输入读取。")]
    InputNotAFile { what: String },

    #[error("{what} 超过了 {} MB，不像是命令的参数：请检查给出的文件。", MAX_INPUT_BYTES / 1024 / 1024)]
    InputTooLarge { what: String },

    #[error("{what} 不是 UTF-8 文字：请用 UTF-8 编码保存 JSON 文件。")]
    InputNotText { what: String },

    #[error("无法读取{what}：{}", xinfang_core::files::io_reason(source))]
    ReadInput {
        what: String,
        #[source]
        source: std::io::Error,
    },

    #[error("无法建立台账目录 {}：{}", path.display(), xinfang_core::files::io_reason(source))]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("无法写入 {}：{}", path.display(), xinfang_core::files::io_reason(source))]
    WriteOutput {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{refused} 个数据包被拒收（共 {total} 个），原因见上。被拒收的数据包没有改动台账。")]
    SomeRefused { refused: usize, total: usize },

    /// Whatever a crate refused (core, sync, print, sheets), as it was refused.
    #[error(transparent)]
    Refused(#[from] xinfang_router::Error),

    #[error("台账有 {count} 处错误（见上），没有导入任何记录。请改正后重新导入。")]
    ImportErrors { count: usize },

    #[error("台账里有 {count} 个写法还没有对照（见上），没有导入任何记录。请用 --map 对照表.json 给出对照后重新导入。")]
    ImportUnmapped { count: usize },

    #[error("输出 JSON 失败：{0}")]
    Output(#[from] serde_json::Error),
}

// A crate's refusal reaches the CLI through the router's error, which keeps
// the crate it came from.
xinfang_router::refusals_into!(CliError::Refused);
