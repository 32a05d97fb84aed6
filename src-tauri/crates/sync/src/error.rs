//! The one error type of the crate. Every message is written for a village clerk (村信访联络员):
//! Simplified Chinese, saying what happened and what to do next. Each kind of refusal is its own
//! variant so that callers and tests can match on it instead of on text.

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Why a key, fingerprint, enrolment file or bundle (数据包) was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ---- keys and fingerprints ----
    /// The operating system could not give random bytes, so no key can be made.
    #[error("无法取得系统随机数，不能生成本机密钥。请重启电脑后再试；仍不行请联系技术支持。")]
    Random,

    /// The stored secret keys of this device could not be read.
    #[error(
        "本机密钥数据已损坏，无法读取（{detail}）。请从备份恢复台账文件；不要重新生成密钥，否则乡镇需要重新登记本机。"
    )]
    BadSecret { detail: &'static str },

    /// A public key (of a peer, an enrolment file or a header) is malformed.
    #[error("公钥格式不对（{which}）。请让对方重新导出登记文件。")]
    BadPublicKey { which: &'static str },

    /// A typed fingerprint does not have the shape of one (length or characters).
    #[error("指纹格式不对：{detail}。指纹是 16 个字母或数字加 1 位校验位，例如 7K3Q-M2XD-9FTA-R8VN-C。")]
    FingerprintFormat { detail: String },

    /// A typed fingerprint has the right shape but its check symbol does not match.
    #[error("指纹校验位不对，请逐位核对（可能抄错了一位，或相邻两位写颠倒了）。")]
    FingerprintCheck,

    // ---- enrolment files (设备登记文件) ----
    /// The file is not an enrolment file, or a field is missing or malformed.
    #[error("登记文件格式不对：{detail}。请确认选的是本软件导出的“设备登记文件”。")]
    EnrolmentFormat { detail: String },

    /// The enrolment file was written by a newer version of the software.
    #[error("登记文件格式版本 {version} 比本软件新，请先升级软件再登记。")]
    EnrolmentNewerVersion { version: u64 },

    /// The fingerprint written in the enrolment file is not the one of its keys.
    #[error("登记文件中的指纹与其中的公钥不符：文件被改动过或已损坏。请让对方重新导出登记文件，并当面核对指纹。")]
    EnrolmentFingerprint,

    // ---- bundles (数据包) ----
    /// The file is not a bundle at all (not an age file, or no bundle inside).
    #[error("这不是信访台账的数据包，请确认选对了文件。")]
    NotABundle,

    /// None of this device's keys can decrypt the bundle.
    #[error(
        "数据包不是发给本机的（本机的密钥打不开它）。请确认导出时选的收件设备是本机；如确是发给本机的，文件可能已损坏，请重新导出。"
    )]
    NotForMe,

    /// The bundle decrypts, but its signed header names another device as the recipient
    /// (e.g. a bundle forwarded by the device it was meant for).
    #[error("数据包不是发给本机的（收件设备：{to_device}），已拒收。请把它交给收件设备导入。")]
    AddressedToOther { to_device: String },

    /// The encrypted stream is damaged: authentication failed somewhere.
    #[error("数据包已损坏或不完整（可能是拷贝中断或 U 盘出错），请重新拷贝或重新导出。")]
    Corrupt,

    /// The file ends before the bundle does.
    #[error("数据包不完整（文件被截断，可能是拷贝中断），请重新拷贝或重新导出。")]
    Truncated,

    /// The header inside the bundle is malformed or inconsistent.
    #[error("数据包的头部信息不对（{detail}），已拒收。请让对方重新导出。")]
    BadHeader { detail: String },

    /// The bundle uses a format version this software does not know yet.
    #[error("数据包格式版本 {version} 比本软件新（本软件支持到版本 {supported}），请先升级软件再导入。")]
    NewerFormat { version: u16, supported: u16 },

    /// The sender is not a pinned (enrolled) device. Returned by the caller's key lookup.
    #[error("数据包来自未登记的设备（设备编号：{device_id}），已拒收。请先在乡镇登记该设备并当面核对指纹。")]
    UnknownDevice { device_id: String },

    /// The sender was enrolled but has since been revoked. Returned by the caller's key lookup.
    #[error("数据包来自已注销的设备“{name}”（设备编号：{device_id}），已拒收。如有疑问请联系乡镇管理员。")]
    Revoked { device_id: String, name: String },

    /// The signature does not verify under the sender's pinned key.
    #[error("数据包签名无效：内容被改动或不是由登记过的设备生成，已拒收。请让对方重新导出。")]
    BadSignature,

    /// The signature verifies, but the header names a sender key other than the pinned one.
    #[error("数据包标明的发件密钥与登记的不一致（设备编号：{device_id}），已拒收。请联系乡镇管理员核对该设备的登记。")]
    SenderKeyMismatch { device_id: String },

    /// The content is (or would decompress to) more than the limit: refused before it fills memory.
    #[error("数据包解压后超过上限（{limit_mib} MiB），已拒收。文件可能被恶意构造，请联系乡镇管理员。")]
    TooLarge { limit_mib: u64 },

    /// The decompressed content is not the content the signed header commits to.
    #[error("数据包内容与签名时的摘要不符：内容被改动或已损坏，已拒收。请让对方重新导出。")]
    ContentMismatch,

    /// A chunk of an attachment's content does not match its hash (counted from 1).
    #[error(
        "数据包中的附件“{file_name}”第 {chunk} 块校验失败：数据包已损坏，已拒绝导入，台账未改变。请让对方重新导出。"
    )]
    AttachmentDamaged { file_name: String, chunk: usize },

    /// An attachment's content, put together, is not the file its record names.
    #[error(
        "数据包中的附件“{file_name}”与其记录的校验值不符：数据包已损坏，已拒绝导入，台账未改变。请让对方重新导出。"
    )]
    AttachmentMismatch { file_name: String },

    // ---- the ledger side: enrolment, export, import ----
    /// The fingerprint typed from the other screen is not the one in the file.
    #[error("指纹不一致：输入的是 {typed}，登记文件里的是 {file}。请确认登记文件来自屏幕上显示这个指纹的那台设备。")]
    FingerprintMismatch { typed: String, file: String },

    #[error("这是本机自己的登记文件：请登记对方设备的登记文件。")]
    EnrolSelf,

    /// Villages exchange bundles with their township only, not with each other.
    #[error("“{name}”与本机是同一级设备：村设备只登记所属乡镇，乡镇设备登记各村。")]
    SameRole { name: String },

    #[error("没有登记过设备 {device_id}：请先用设备登记文件登记它。")]
    NoSuchPeer { device_id: String },

    /// No recipient named and more than one (or none) could be meant.
    #[error("请指定收件设备（发给哪一台）：{choices}。村设备登记了多个乡镇设备时、乡镇导出时，都须写明收件设备。")]
    ChooseRecipient { choices: String },

    /// The changes and the attachment content to send do not fit in one bundle.
    #[error(
        "本次要导出的变更连同附件共 {mib} MiB，超过一个数据包的上限 {limit_mib} MiB，无法导出，台账未改变。请用分包导出（每包不超过上限）。"
    )]
    ExportTooLarge { mib: u64, limit_mib: u64 },

    #[error("没有需要导出的变更：对方已确认收到本机的全部变更（或本机还没有登记任何内容）。")]
    NothingToExport,

    /// A path given as a file is a device, a pipe or a folder: refused before it is opened.
    #[error("{} 不是普通文件（可能是文件夹、设备或管道），没有读取。请选择本软件导出的文件。", path.display())]
    NotAFile { path: std::path::PathBuf },

    /// Reading or writing a file failed (a full or removed USB stick, no permission…).
    #[error("无法{action}文件 {}：{}。请检查 U 盘是否插好、空间是否足够。", path.display(), xinfang_core::os_error::reason(source))]
    Io {
        action: &'static str,
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The file read back after writing is not what was written (a failing stick).
    #[error("写入后读回的数据包与写入的不一致：{}。U 盘可能有故障，请换一个再导出。", path.display())]
    ReadBackMismatch { path: std::path::PathBuf },

    /// A return bundle not newer than the last one accepted (an old file replayed).
    #[error("这份回执（第 {number} 号）不比已收到的第 {last} 号新：可能是 U 盘里留下的旧文件，已拒收，台账没有变化。")]
    StaleReturn { number: i64, last: i64 },

    /// The township acknowledges a history this device does not have.
    #[error(
        "乡镇确认收到的第 {held_seq} 条变更与本机的记录不一致：本机台账可能是从旧备份恢复的。请联系乡镇信访办核对。"
    )]
    AckMismatch { held_seq: i64 },

    /// The township's server refused what was sent (its reason is passed on).
    #[error("乡镇服务器拒收（{status}）：{message}")]
    Server { status: u16, message: String },

    /// A piece of an upload does not start where the bytes the township holds end.
    #[error("上传位置不对：乡镇已收到 {held} / {length} 字节，应从那里继续。")]
    UploadOffset { held: u64, length: u64 },

    /// An upload, put together, is not the bundle it was named for (damaged on the way).
    #[error("上传的数据包在传输中损坏（与其校验值不符），乡镇已丢弃它。请再同步一次，会重新发送。")]
    UploadDamaged,

    /// A request to the township's server that does not prove it comes from
    /// an enrolled device (no signature, a wrong one, a stale challenge).
    #[error("乡镇服务器拒绝了这个请求：{reason}。请确认本机已在乡镇登记，并把软件升级到最新版本。")]
    Unauthenticated { reason: &'static str },

    /// The server's space for uploads in flight is full: the village tries again later.
    #[error("乡镇服务器的上传暂存空间已满（上限 {limit_mib} MiB），请稍后再同步；本机数据没有丢失。")]
    SpoolFull { limit_mib: u64 },

    /// The server could not be reached in the time allowed.
    #[error("连不上乡镇服务器 {url}（{detail}）。数据没有丢失：网络恢复后再同步一次，或改用 U 盘导出。")]
    Unreachable { url: String, detail: String },

    /// The ledger refused (a gap, a forked history, a storage failure…).
    #[error(transparent)]
    Ledger(#[from] xinfang_core::Error),

    /// Something that cannot happen with valid inputs (e.g. a compressor failure).
    #[error("内部错误：{detail}。请联系技术支持。")]
    Internal { detail: String },
}

impl Error {
    /// A short, stable tag for the UI and scripts (`--json`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Random | Error::BadSecret { .. } | Error::Internal { .. } => "internal",
            Error::BadPublicKey { .. }
            | Error::FingerprintFormat { .. }
            | Error::FingerprintCheck
            | Error::FingerprintMismatch { .. } => "fingerprint",
            Error::EnrolmentFormat { .. } | Error::EnrolmentNewerVersion { .. } | Error::EnrolmentFingerprint => {
                "enrolment_file"
            }
            Error::EnrolSelf | Error::SameRole { .. } | Error::NoSuchPeer { .. } | Error::ChooseRecipient { .. } => {
                "peer"
            }
            Error::NothingToExport => "nothing_to_export",
            Error::ExportTooLarge { .. } => "too_large",
            Error::NotABundle
            | Error::Corrupt
            | Error::Truncated
            | Error::BadHeader { .. }
            | Error::AttachmentDamaged { .. }
            | Error::AttachmentMismatch { .. } => "damaged",
            Error::NotForMe | Error::AddressedToOther { .. } => "not_for_me",
            Error::NewerFormat { .. } => "newer_version",
            Error::UnknownDevice { .. } => "unknown_device",
            Error::Revoked { .. } => "revoked",
            Error::BadSignature | Error::SenderKeyMismatch { .. } | Error::ContentMismatch => "forged",
            Error::TooLarge { .. } => "too_large",
            Error::StaleReturn { .. } => "stale_return",
            Error::AckMismatch { .. } => "forked_history",
            Error::Io { .. } | Error::ReadBackMismatch { .. } | Error::NotAFile { .. } => "io",
            Error::Server { .. } => "server_refused",
            Error::UploadOffset { .. } => "upload_offset",
            Error::UploadDamaged => "damaged",
            Error::Unauthenticated { .. } => "unauthenticated",
            Error::SpoolFull { .. } => "busy",
            Error::Unreachable { .. } => "unreachable",
            Error::Ledger(e) => e.kind(),
        }
    }
}
