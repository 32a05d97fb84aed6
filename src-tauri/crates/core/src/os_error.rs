//! What the operating system said, in Chinese (系统错误的说明). An I/O error's
//! own text is English ("No space left on device (os error 28)") and is not
//! for the person at the desk; every crate's messages name the reason with
//! [`reason`] instead.

use std::io::{Error, ErrorKind};

/// A one-phrase Chinese reason for `e`, with the system's error number so
/// support can still tell the cases apart.
pub fn reason(e: &Error) -> String {
    let text = match e.kind() {
        ErrorKind::NotFound => "找不到文件或文件夹",
        ErrorKind::PermissionDenied => "没有权限（文件可能被其他程序占用，或需要管理员权限）",
        ErrorKind::AlreadyExists => "同名文件已存在",
        ErrorKind::StorageFull => "磁盘空间已满",
        ErrorKind::QuotaExceeded => "超出磁盘配额",
        ErrorKind::ReadOnlyFilesystem => "磁盘是只读的（U 盘的写保护开关可能打开了）",
        ErrorKind::FileTooLarge => "文件太大，这个磁盘存不下",
        ErrorKind::InvalidFilename => "文件名不合法或太长",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一段不是文件夹",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::CrossesDevices => "不能跨磁盘移动",
        ErrorKind::ResourceBusy => "文件正被其他程序使用",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::UnexpectedEof => "文件提前结束（可能不完整）",
        ErrorKind::InvalidData => "文件内容不对",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::AddrInUse => "端口已被占用（可能已经有一个服务在运行）",
        ErrorKind::AddrNotAvailable => "本机没有这个地址",
        ErrorKind::ConnectionRefused => "对方拒绝连接（服务可能没有启动）",
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => "连接被中断",
        ErrorKind::NotConnected | ErrorKind::NetworkDown | ErrorKind::NetworkUnreachable => "网络不通",
        ErrorKind::HostUnreachable => "找不到对方电脑",
        ErrorKind::BrokenPipe => "对方已关闭连接",
        _ => "系统错误",
    };
    match e.raw_os_error() {
        Some(code) => format!("{text}，系统错误码 {code}"),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reason_is_chinese_and_keeps_the_system_code() {
        let full = Error::from_raw_os_error(28);
        if cfg!(target_os = "linux") {
            assert_eq!(reason(&full), "磁盘空间已满，系统错误码 28");
        }
        let text = reason(&Error::other("some English detail"));
        assert_eq!(text, "系统错误");
        assert!(!reason(&Error::from(ErrorKind::NotFound)).is_ascii());
    }
}
