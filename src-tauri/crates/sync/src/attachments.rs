//! Attachment content (附件内容) in a `changes` bundle: pure functions over bytes.
//!
//! Bundle format 1 carries only change-log entries: the content is their JSON array. Format 2
//! (see [`crate::bundle::FORMAT_V2`]) adds the content of the attachments whose records are
//! among the entries, after the entries:
//!
//! ```text
//! entries_len: u64 LE | entries JSON (the format-1 content)
//! files_len:   u64 LE | files JSON: [{hash, size, chunks: [{hash, len}]}]
//! chunk bytes         every file's chunks, in the order the files JSON lists them
//! ```
//!
//! The whole content is committed to by the signed header, as in format 1; each chunk and each
//! file is checked again against its own BLAKE3 hash when read, so a damaged chunk is named (the
//! file and the chunk number) and the bundle refused before anything is stored. An exporter
//! writes format 1 when it carries no attachment content, so software that knows only format 1
//! keeps reading those bundles. A `return` bundle (format 3) lays out its JSON and the files the
//! same way, for attachments the township added to the village's cases. Format 4 (entries that
//! name the account that made them) always uses this layout, with or without files.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use xinfang_core::domain::attachment::CHUNK_BYTES;

/// One attachment's content, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    /// BLAKE3 (hex) of `bytes`.
    pub hash: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    hash: String,
    size: u64,
    chunks: Vec<ChunkEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChunkEntry {
    hash: String,
    len: u64,
}

fn hex(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn internal(error: impl std::fmt::Display) -> Error {
    Error::Internal { detail: error.to_string() }
}

/// Lays out `entries_json` and the files' content in 1 MiB chunks (format 2).
pub fn encode(entries_json: &[u8], files: &[Carried]) -> Result<Vec<u8>> {
    let list: Vec<FileEntry> = files
        .iter()
        .map(|f| FileEntry {
            hash: f.hash.clone(),
            size: f.bytes.len() as u64,
            chunks: f.bytes.chunks(CHUNK_BYTES).map(|c| ChunkEntry { hash: hex(c), len: c.len() as u64 }).collect(),
        })
        .collect();
    let list_json = serde_json::to_vec(&list).map_err(internal)?;
    let body: usize = files.iter().map(|f| f.bytes.len()).sum();
    let mut out = Vec::with_capacity(16 + entries_json.len() + list_json.len() + body);
    out.extend_from_slice(&(entries_json.len() as u64).to_le_bytes());
    out.extend_from_slice(entries_json);
    out.extend_from_slice(&(list_json.len() as u64).to_le_bytes());
    out.extend_from_slice(&list_json);
    for f in files {
        out.extend_from_slice(&f.bytes);
    }
    Ok(out)
}

/// Splits format-2 content into the entries' JSON and the files it carries, each chunk and
/// each file checked against its hash. `name_of` gives a file's name for the refusal (from the
/// attachment records among the entries).
pub fn decode(content: &[u8], name_of: impl Fn(&str) -> String) -> Result<(&[u8], Vec<Carried>)> {
    let (entries_json, rest) = section(content)?;
    let (list_json, mut body) = section(rest)?;
    let list: Vec<FileEntry> = serde_json::from_slice(list_json).map_err(|_| Error::ContentMismatch)?;
    let mut files = Vec::with_capacity(list.len());
    for file in list {
        let mut bytes = Vec::with_capacity(usize::try_from(file.size.min(64 << 20)).unwrap_or(0));
        for (i, chunk) in file.chunks.iter().enumerate() {
            let len = usize::try_from(chunk.len).map_err(|_| Error::ContentMismatch)?;
            let (piece, after) = body.split_at_checked(len).ok_or(Error::ContentMismatch)?;
            if hex(piece) != chunk.hash {
                return Err(Error::AttachmentDamaged { file_name: name_of(&file.hash), chunk: i + 1 });
            }
            bytes.extend_from_slice(piece);
            body = after;
        }
        if bytes.len() as u64 != file.size || hex(&bytes) != file.hash {
            return Err(Error::AttachmentMismatch { file_name: name_of(&file.hash) });
        }
        files.push(Carried { hash: file.hash, bytes });
    }
    if !body.is_empty() {
        return Err(Error::ContentMismatch);
    }
    Ok((entries_json, files))
}

/// The entries' JSON of format-2 content, read before the files so that a refusal can name a
/// damaged file by its attachment record.
pub fn entries_json(content: &[u8]) -> Result<&[u8]> {
    Ok(section(content)?.0)
}

/// A length-prefixed section and what follows it.
fn section(bytes: &[u8]) -> Result<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<8>().ok_or(Error::ContentMismatch)?;
    let len = usize::try_from(u64::from_le_bytes(*len)).map_err(|_| Error::ContentMismatch)?;
    rest.split_at_checked(len).ok_or(Error::ContentMismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(len: usize) -> Carried {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 253) as u8).collect();
        Carried { hash: hex(&bytes), bytes }
    }

    fn name(_: &str) -> String {
        "现场照片.png".to_owned()
    }

    /// Where file `f`'s chunk `c` (0-based) starts in the encoded content.
    fn chunk_at(content: &[u8], f: usize, c: usize) -> usize {
        let (entries, rest) = section(content).unwrap();
        let (list_json, _) = section(rest).unwrap();
        let list: Vec<FileEntry> = serde_json::from_slice(list_json).unwrap();
        let before: u64 = list[..f].iter().flat_map(|x| &x.chunks).map(|x| x.len).sum::<u64>()
            + list[f].chunks[..c].iter().map(|x| x.len).sum::<u64>();
        16 + entries.len() + list_json.len() + before as usize
    }

    #[test]
    fn files_come_back_whole_after_the_entries() {
        let files = [photo(3 * CHUNK_BYTES + 5), photo(10)];
        let content = encode(b"[1,2]", &files).unwrap();
        let (entries, back) = decode(&content, name).unwrap();
        assert_eq!(entries, b"[1,2]");
        assert_eq!(entries_json(&content).unwrap(), b"[1,2]");
        assert_eq!(back, files);
        let empty = encode(b"[]", &[]).unwrap();
        let (entries, back) = decode(&empty, name).unwrap();
        assert_eq!((entries, back.len()), (&b"[]"[..], 0));
    }

    #[test]
    fn a_flipped_byte_in_a_chunk_names_the_file_and_the_chunk() {
        let files = [photo(10), photo(3 * CHUNK_BYTES + 5)];
        let mut content = encode(b"[]", &files).unwrap();
        let at = chunk_at(&content, 1, 2) + 77;
        content[at] ^= 0x01;
        let e = decode(&content, name).unwrap_err();
        assert!(matches!(e, Error::AttachmentDamaged { chunk: 3, .. }), "{e:?}");
        assert_eq!(
            e.to_string(),
            "数据包中的附件“现场照片.png”第 3 块校验失败：数据包已损坏，已拒绝导入，台账未改变。请让对方重新导出。"
        );
    }

    #[test]
    fn a_file_not_matching_its_hash_or_a_cut_layout_is_refused() {
        // Chunks that each match their listed hash but not the file's hash.
        let mut files = vec![photo(2 * CHUNK_BYTES)];
        files[0].hash = hex(b"another file");
        let e = decode(&encode(b"[]", &files).unwrap(), name).unwrap_err();
        assert!(matches!(e, Error::AttachmentMismatch { .. }), "{e:?}");

        let content = encode(b"[]", &[photo(CHUNK_BYTES + 1)]).unwrap();
        for len in [0, 7, 12, content.len() - 1] {
            assert!(decode(&content[..len], name).is_err(), "cut at {len}");
        }
        let mut longer = content.clone();
        longer.push(0);
        assert!(matches!(decode(&longer, name), Err(Error::ContentMismatch)));
    }
}
