//! Attachments (附件): the record of each attached file (synced in the change
//! log) and the file's content, kept once per BLAKE3 hash in 1 MiB chunks.
//! Content is local data like the search index: it is written inside the
//! same transaction as its record but not logged; bundles carry it apart.

use super::{Writer, enum_parse, enum_text};
use crate::domain::attachment::{AttachmentKind, CHUNK_BYTES};
use crate::error::{Error, Result};
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An attached file, as stored (and as logged for sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachmentRow {
    pub id: String,
    pub case_id: String,
    /// The agreement version a signed scan belongs to.
    pub agreement_id: Option<String>,
    pub revisit_id: Option<String>,
    pub kind: AttachmentKind,
    pub caption: Option<String>,
    /// The name it is saved under: the attached file's name made safe on
    /// any system, with the extension of its content (`safe_name`).
    pub file_name: String,
    /// Told from the content: image/jpeg, application/pdf, …
    pub media_type: String,
    #[ts(type = "number")]
    pub size: u64,
    /// BLAKE3 of the content, hex.
    pub hash: String,
    pub added_by: String,
    pub added_at: String,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
}

const COLUMNS: &str = "id, case_id, agreement_id, revisit_id, kind, caption, file_name, media_type, size, hash,
    added_by, added_at, voided_at, void_reason";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AttachmentRow> {
    Ok(AttachmentRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        agreement_id: r.get(2)?,
        revisit_id: r.get(3)?,
        kind: enum_parse(r.get(4)?, 4)?,
        caption: r.get(5)?,
        file_name: r.get(6)?,
        media_type: r.get(7)?,
        size: r.get::<_, i64>(8)?.max(0) as u64,
        hash: r.get(9)?,
        added_by: r.get(10)?,
        added_at: r.get(11)?,
        voided_at: r.get(12)?,
        void_reason: r.get(13)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<AttachmentRow> {
    conn.query_row_cached(&format!("SELECT {COLUMNS} FROM attachment WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "附件", id: id.to_owned() })
}

/// A case's attachments, voided ones included, in the order added.
pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<AttachmentRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM attachment WHERE case_id = ?1 ORDER BY added_at, id"))?;
    Ok(stmt.query_map([case_id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Writes the record and logs it (`insert`, or `update` when voiding).
pub fn save(w: &Writer<'_>, a: &AttachmentRow, op: &str) -> Result<()> {
    put(w.tx(), a)?;
    w.log("attachment", &a.id, op, a)
}

/// Writes the record without logging (for records received in a bundle).
pub(crate) fn put(conn: &Connection, a: &AttachmentRow) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO attachment (id, case_id, agreement_id, revisit_id, kind, caption, file_name, media_type, size,
             hash, added_by, added_at, voided_at, void_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (id) DO UPDATE SET caption = excluded.caption, voided_at = excluded.voided_at,
             void_reason = excluded.void_reason",
        params![
            a.id,
            a.case_id,
            a.agreement_id,
            a.revisit_id,
            enum_text(&a.kind),
            a.caption,
            a.file_name,
            a.media_type,
            a.size as i64,
            a.hash,
            a.added_by,
            a.added_at,
            a.voided_at,
            a.void_reason
        ],
    )?;
    Ok(())
}

/// The hex BLAKE3 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Keeps `bytes` under their hash, once: the same file again writes nothing.
pub fn put_content(conn: &Connection, bytes: &[u8]) -> Result<String> {
    let hash = content_hash(bytes);
    if has_content(conn, &hash)? {
        return Ok(hash);
    }
    let mut chunk = conn.prepare_cached(
        "INSERT OR REPLACE INTO attachment_chunk (hash, seq, chunk_hash, bytes) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut chunks = 0u32;
    for (seq, piece) in bytes.chunks(CHUNK_BYTES).enumerate() {
        chunk.execute(params![hash, seq as i64, content_hash(piece), piece])?;
        chunks += 1;
    }
    conn.execute_cached(
        "INSERT INTO attachment_blob (hash, size, chunks) VALUES (?1, ?2, ?3)",
        params![hash, bytes.len() as i64, chunks],
    )?;
    Ok(hash)
}

/// Whether the whole content of `hash` is here (a township may hold the
/// record of a village's attachment before its content arrives).
pub fn has_content(conn: &Connection, hash: &str) -> Result<bool> {
    Ok(conn.query_row_cached("SELECT 1 FROM attachment_blob WHERE hash = ?1", [hash], |_| Ok(())).optional()?.is_some())
}

/// The content of `hash`, each chunk and the whole checked against their
/// hashes, so a damaged file is refused rather than handed out.
pub fn read_content(conn: &Connection, hash: &str) -> Result<Vec<u8>> {
    let (size, chunks): (i64, i64) = conn
        .query_row_cached("SELECT size, chunks FROM attachment_blob WHERE hash = ?1", [hash], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .ok_or_else(|| {
            Error::refused("这个附件的文件内容还没有同步到本机：请等对方的数据包（含附件）到达后再打开。")
        })?;
    let mut out = Vec::with_capacity(size as usize);
    let mut stmt =
        conn.prepare_cached("SELECT seq, chunk_hash, bytes FROM attachment_chunk WHERE hash = ?1 ORDER BY seq")?;
    let mut rows = stmt.query([hash])?;
    let mut expected = 0i64;
    while let Some(r) = rows.next()? {
        let (seq, chunk_hash, bytes): (i64, String, Vec<u8>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if seq != expected || content_hash(&bytes) != chunk_hash {
            return Err(damaged(hash));
        }
        out.extend_from_slice(&bytes);
        expected += 1;
    }
    if expected != chunks || out.len() as i64 != size || content_hash(&out) != hash {
        return Err(damaged(hash));
    }
    Ok(out)
}

/// The picture shown for an original: its display copy, or the original
/// itself when that is small enough (then `hash` is the original's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayLink {
    pub hash: String,
    pub width: u32,
    pub height: u32,
}

/// What is shown for the content `original`, if a display copy was made here.
pub fn display_of(conn: &Connection, original: &str) -> Result<Option<DisplayLink>> {
    Ok(conn
        .query_row_cached(
            "SELECT display_hash, width, height FROM attachment_display WHERE original_hash = ?1",
            [original],
            |r| Ok(DisplayLink { hash: r.get(0)?, width: r.get(1)?, height: r.get(2)? }),
        )
        .optional()?)
}

/// Links `original` to what is shown for it: `copy` (a display copy, kept as
/// content once per hash) or, without one, the original itself. Local data:
/// not logged, never synced.
pub fn put_display(
    conn: &Connection,
    original: &str,
    copy: Option<&[u8]>,
    width: u32,
    height: u32,
) -> Result<DisplayLink> {
    let hash = match copy {
        Some(bytes) => put_content(conn, bytes)?,
        None => original.to_owned(),
    };
    conn.execute_cached(
        "INSERT OR REPLACE INTO attachment_display (original_hash, display_hash, width, height) VALUES (?1, ?2, ?3, ?4)",
        params![original, hash, width, height],
    )?;
    Ok(DisplayLink { hash, width, height })
}

fn damaged(hash: &str) -> Error {
    Error::refused(format!(
        "附件内容已损坏（校验值 {}… 对不上）：请从备份恢复，或请对方重新发送该附件。",
        &hash[..hash.len().min(12)]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn content_is_kept_once_in_chunks_and_read_back_whole() {
        let store = Store::in_memory().unwrap();
        let conn = store.writable();
        let bytes: Vec<u8> = (0..(2 * CHUNK_BYTES + 17)).map(|i| (i * 7 % 251) as u8).collect();
        let hash = put_content(conn, &bytes).unwrap();
        assert_eq!(put_content(conn, &bytes).unwrap(), hash, "the same content again");
        let chunks: i64 = conn.query_row("SELECT count(*) FROM attachment_chunk", [], |r| r.get(0)).unwrap();
        assert_eq!(chunks, 3);
        assert_eq!(read_content(conn, &hash).unwrap(), bytes);
    }

    #[test]
    fn a_damaged_or_missing_chunk_is_refused() {
        let store = Store::in_memory().unwrap();
        let conn = store.writable();
        let bytes = vec![42u8; CHUNK_BYTES + 1];
        let hash = put_content(conn, &bytes).unwrap();
        conn.execute("UPDATE attachment_chunk SET bytes = zeroblob(1) WHERE seq = 1", []).unwrap();
        assert!(read_content(conn, &hash).unwrap_err().to_string().contains("已损坏"));
        conn.execute("DELETE FROM attachment_chunk WHERE seq = 1", []).unwrap();
        assert!(read_content(conn, &hash).unwrap_err().to_string().contains("已损坏"));
        let e = read_content(conn, &content_hash(b"other")).unwrap_err();
        assert!(e.to_string().contains("还没有同步到本机"), "{e}");
    }
}
