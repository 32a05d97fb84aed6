//! Attachments (附件): what a file attached to a case may be, and how big.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an attached file is, for the case file (调解卷宗) and for finding
/// the signed paper of an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttachmentKind {
    /// 签字协议书: the scan or photo of the paper the parties signed; linked
    /// to the agreement version it belongs to.
    SignedAgreement,
    /// 证据材料
    Evidence,
    /// 履行凭证: proof an agreement was carried out (a receipt, a photo of the
    /// cleared field).
    PerformanceProof,
    /// 其他
    Other,
}

impl AttachmentKind {
    pub fn label(self) -> &'static str {
        match self {
            AttachmentKind::SignedAgreement => "签字协议书",
            AttachmentKind::Evidence => "证据材料",
            AttachmentKind::PerformanceProof => "履行凭证",
            AttachmentKind::Other => "其他材料",
        }
    }
}

/// The largest file one attachment may be: a phone photo or a multi-page
/// scan fits many times over; a video does not belong in the ledger.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;
/// Attachments one case may hold.
pub const MAX_PER_CASE: usize = 200;
/// The chunk size the content is kept and carried in.
pub const CHUNK_BYTES: usize = 1024 * 1024;

/// The kinds of file accepted, told by their first bytes (not the name,
/// which a copied file can lose).
pub fn media_type(head: &[u8]) -> Result<&'static str> {
    let is = |magic: &[u8]| head.starts_with(magic);
    let brand = head.get(4..12);
    Ok(if is(b"\xFF\xD8\xFF") {
        "image/jpeg"
    } else if is(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if is(b"%PDF-") {
        "application/pdf"
    } else if is(b"II*\0") || is(b"MM\0*") {
        "image/tiff"
    } else if is(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        "image/webp"
    } else if matches!(brand, Some(b) if &b[..4] == b"ftyp" && matches!(&b[4..], b"heic" | b"heix" | b"mif1" | b"msf1" | b"heif"))
    {
        "image/heic"
    } else {
        return Err(Error::invalid("path", "文件", "只能添加照片（JPG、PNG、HEIC、WebP）、扫描件（TIFF）或 PDF 文件"));
    })
}

/// The size check of what was read: not empty, not over the limit.
pub fn check_size(size: u64) -> Result<()> {
    if size == 0 {
        return Err(Error::invalid("path", "文件", "文件是空的（0 字节）"));
    }
    if size > MAX_BYTES {
        return Err(Error::invalid(
            "path",
            "文件",
            format!(
                "文件有 {:.1} MB，超过了 {} MB 的上限：请压缩照片或分成几个文件",
                size as f64 / 1024.0 / 1024.0,
                MAX_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

/// A file found larger than [`MAX_BYTES`] while reading it (its size is
/// not known, only that it is more).
pub fn too_large() -> Error {
    Error::invalid(
        "path",
        "文件",
        format!("文件超过了 {} MB 的上限：请压缩照片或分成几个文件", MAX_BYTES / 1024 / 1024),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_by_their_first_bytes() {
        assert_eq!(media_type(b"\xFF\xD8\xFF\xE0\0\x10JFIF").unwrap(), "image/jpeg");
        assert_eq!(media_type(b"\x89PNG\r\n\x1a\n\0\0").unwrap(), "image/png");
        assert_eq!(media_type(b"%PDF-1.7\n").unwrap(), "application/pdf");
        assert_eq!(media_type(b"\0\0\0\x18ftypheic\0\0").unwrap(), "image/heic");
        assert_eq!(media_type(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(), "image/webp");
        let e = media_type(b"MZ\x90\0").unwrap_err();
        assert_eq!(e.field(), Some("path"));
        assert!(e.to_string().contains("只能添加照片"), "{e}");
    }

    #[test]
    fn an_empty_or_oversized_file_is_refused_before_reading() {
        assert!(check_size(1).is_ok());
        assert!(check_size(MAX_BYTES).is_ok());
        assert!(check_size(0).unwrap_err().to_string().contains("空的"));
        let e = check_size(MAX_BYTES + 1).unwrap_err();
        assert!(e.to_string().contains("超过了 50 MB"), "{e}");
    }
}
