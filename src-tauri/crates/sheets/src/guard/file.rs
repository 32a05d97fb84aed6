//! The file's bytes: only a regular file, at most `MAX_FILE_BYTES`. A
//! FIFO would keep the reader waiting forever and /dev/zero says its size
//! is 0 and never ends, so the kind is asked before opening and the bytes
//! are counted while reading, whatever the size said.

use super::{Checked, Refusal, too_large};
use crate::limits::MAX_FILE_BYTES;
use std::io::Read;
use std::path::Path;

const NOT_A_FILE: &str = "这不是一个普通文件（可能是文件夹或设备），请选择 Excel 文件本身";

fn file_too_large() -> Refusal {
    too_large(format!("文件超过 {} MB，台账不会这么大。请只保留台账那一张表，另存后再导入", MAX_FILE_BYTES >> 20))
}

pub fn read_file(path: &Path) -> Checked<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|_| Refusal::Unreadable("文件不存在或无法打开".into()))?;
    if !meta.is_file() {
        return Err(Refusal::Unreadable(NOT_A_FILE.into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(file_too_large());
    }
    let file =
        std::fs::File::open(path).map_err(|_| Refusal::Unreadable("文件无法打开（可能正被别的程序占用）".into()))?;
    // Replaced by something else between the two looks: ask the open file.
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(Refusal::Unreadable(NOT_A_FILE.into()));
    }
    // Room for what the size says (at most the limit), so that reading a
    // 60 MB file does not briefly hold twice that.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| Refusal::Unreadable("读取文件时出错（U 盘是否已拔出？）".into()))?;
    // Grown since its size was asked.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(file_too_large());
    }
    Ok(bytes)
}
