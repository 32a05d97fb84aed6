//! Files handed to the person at the desk (an extracted attachment, a saved
//! PDF or workbook): written whole or not at all, and never over a file
//! already there.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary `.part` file, flushed to
/// disk, then renamed: a full disk or a pulled USB stick leaves no
/// half-written file under the real name.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&part)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&part, path)
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&part);
    })
}

/// Flushes the file at `path` to disk (a whole copy SQLite wrote, before it
/// is renamed into place). The handle is opened for writing: Windows refuses
/// to flush through a read-only one (FlushFileBuffers: access denied).
pub fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new().write(true).open(path)?.sync_all()
}

/// The longest name one file may have, in bytes of UTF-8: Linux and macOS
/// count bytes (255), Windows and a FAT32 stick count UTF-16 units (255),
/// which are never more than the bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Room kept after every name this software picks for what it writes beside
/// the file: the temporary `.part` of [`write_whole`], and a backup's keyring
/// (`….keys`, itself written through `.keys.part`).
const SUFFIX_ROOM: usize = ".keys.part".len();

/// `folder/stem.ext`, or `folder/stem（2）.ext` and so on when that file is
/// already there, so saving again never overwrites an earlier copy. A long
/// stem is shortened (at a character's edge) so that the name, its number
/// and the temporary suffix beside it fit in [`MAX_NAME_BYTES`]; the
/// extension is always kept.
pub fn free_path(folder: &Path, stem: &str, ext: &str) -> PathBuf {
    let dotted = if ext.is_empty() { String::new() } else { format!(".{ext}") };
    let named = |suffix: String| {
        let room = MAX_NAME_BYTES.saturating_sub(SUFFIX_ROOM + suffix.len() + dotted.len());
        folder.join(format!("{}{suffix}{dotted}", fit(stem, room)))
    };
    let first = named(String::new());
    if !first.exists() {
        return first;
    }
    (2..).map(|n| named(format!("（{n}）"))).find(|p| !p.exists()).expect("some free name")
}

/// `stem` cut to at most `room` bytes at a character's edge, without the
/// dots and spaces a cut can leave at its end.
fn fit(stem: &str, room: usize) -> &str {
    if stem.len() <= room {
        return stem;
    }
    let end = (0..=room).rev().find(|&i| stem.is_char_boundary(i)).unwrap_or(0);
    let cut = stem[..end].trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    if cut.is_empty() { &stem[..end] } else { cut }
}

/// A title as a file name's stem on any system: see [`crate::safe_name`].
pub fn file_name(title: &str) -> String {
    crate::safe_name::stem(title)
}

/// What went wrong with a file, in Chinese: the system's own words ("No
/// such file or directory (os error 2)") are English, and a refusal is said
/// in one Chinese line.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let said = match e.kind() {
        K::NotFound => "不存在",
        K::PermissionDenied => "没有权限（文件可能被设为只读，或属于别的用户）",
        K::AlreadyExists => "已经有同名的文件",
        K::StorageFull | K::QuotaExceeded => "磁盘已满",
        K::ReadOnlyFilesystem => "磁盘是只读的（U 盘可能打开了写保护）",
        K::IsADirectory => "是文件夹，不是文件",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::FileTooLarge => "文件过大",
        K::InvalidFilename => "文件名不合规（太长或含有不允许的字符）",
        K::InvalidData => "内容无法识别（不是 UTF-8 文字）",
        K::UnexpectedEof => "文件不完整",
        K::ResourceBusy | K::ExecutableFileBusy => "正被别的程序占用",
        K::CrossesDevices => "不能跨磁盘移动",
        K::TimedOut => "读写超时",
        K::Interrupted => "读写被中断",
        K::OutOfMemory => "内存不足",
        K::StaleNetworkFileHandle | K::NotConnected | K::NetworkDown | K::HostUnreachable => "网络磁盘已断开",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("读写出错（系统错误代码 {code}）"),
                None => "读写出错".to_owned(),
            };
        }
    };
    said.to_owned()
}

/// `e` with its text in Chinese ([`io_reason`]), its kind kept: for an
/// error whose text is shown to a person.
pub fn in_chinese(e: std::io::Error) -> std::io::Error {
    let text = io_reason(&e);
    std::io::Error::new(e.kind(), text)
}

/// Why a file from outside could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A device, a FIFO, a folder: not something to read to its end.
    NotAFile,
    /// More than the limit, counted while reading.
    TooLarge,
    Io(std::io::Error),
}

/// Opens `path` for reading if it is a regular file (a symbolic link to
/// one is too); anything else is refused before it is opened, and the open
/// handle is checked again in case the path was swapped in between.
pub fn regular_file(path: &Path) -> Result<std::fs::File, ReadError> {
    if !std::fs::metadata(path).map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    Ok(file)
}

/// Reads a file that came from outside (a keyring, a file to attach, a USB
/// stick's content): only a regular file, and at most `limit` bytes, counted
/// while reading rather than taken from the size the file claims. A device
/// such as /dev/zero says its size is 0 and never ends; opening a FIFO
/// waits for a writer forever; so anything but a regular file is refused
/// before it is opened, and checked again on the open handle.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = regular_file(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_twice_keeps_both_copies_and_names_are_safe_everywhere() {
        let dir = tempfile::tempdir().unwrap();
        let stem = file_name("人民调解协议书（2026）石岩哨村人调字第1号 a/b:c");
        assert_eq!(stem, "人民调解协议书（2026）石岩哨村人调字第1号 a_b_c");
        let first = free_path(dir.path(), &stem, "pdf");
        write_whole(&first, b"%PDF-1").unwrap();
        let second = free_path(dir.path(), &stem, "pdf");
        assert_eq!(second, dir.path().join(format!("{stem}（2）.pdf")));
        write_whole(&second, b"%PDF-2").unwrap();
        assert_eq!(std::fs::read(&first).unwrap(), b"%PDF-1");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().all(|e| !e.unwrap().path().display().to_string().ends_with(".part"))
        );
    }

    #[test]
    fn a_long_name_is_shortened_at_a_character_keeping_its_extension_and_room_for_the_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        // 84 three-byte characters and a stray byte: 253 bytes, as a phone may name a scan.
        let stem = format!("{}a", "证".repeat(84));
        let first = free_path(dir.path(), &stem, "pdf");
        let name = first.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(name.ends_with(".pdf") && name.starts_with("证证"), "{name}");
        assert!(name.len() + ".keys.part".len() <= MAX_NAME_BYTES, "{} bytes", name.len());
        write_whole(&first, b"%PDF-1").unwrap();
        let second = free_path(dir.path(), &stem, "pdf");
        let name = second.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(name.ends_with("（2）.pdf"), "{name}");
        assert!(name.len() + ".keys.part".len() <= MAX_NAME_BYTES, "{} bytes", name.len());
        write_whole(&second, b"%PDF-2").unwrap();
        assert_eq!(fit("ab. . c", 5), "ab");
        assert_eq!(fit("证据", 4), "证");
        assert_eq!(fit("证据", 2), "");
    }

    #[test]
    fn reading_stops_at_the_limit_and_refuses_what_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, [7u8; 100]).unwrap();
        assert_eq!(read_limited(&path, 100).unwrap().len(), 100);
        assert!(matches!(read_limited(&path, 99), Err(ReadError::TooLarge)));
        assert!(matches!(read_limited(dir.path(), 99), Err(ReadError::NotAFile)));
        assert!(matches!(read_limited(&dir.path().join("none"), 99), Err(ReadError::Io(_))));
        #[cfg(unix)]
        {
            assert!(matches!(read_limited(Path::new("/dev/zero"), 99), Err(ReadError::NotAFile)));
            let fifo = dir.path().join("fifo");
            assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
            assert!(matches!(read_limited(&fifo, 99), Err(ReadError::NotAFile)));
        }
    }

    #[test]
    fn io_errors_are_said_in_chinese_their_kind_kept() {
        let missing = std::fs::read("/没有这个文件").unwrap_err();
        assert_eq!(io_reason(&missing), "不存在");
        let said = in_chinese(missing);
        assert_eq!((said.kind(), said.to_string()), (std::io::ErrorKind::NotFound, "不存在".to_owned()));
        let odd = std::io::Error::from_raw_os_error(71);
        assert!(!io_reason(&odd).is_ascii() && io_reason(&odd).contains("71"), "{}", io_reason(&odd));
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("a.pdf");
        assert!(write_whole(&path, b"%PDF").is_err());
        assert!(!path.exists());
    }
}
