//! Import (导入): open a bundle addressed to this device, check it came from
//! an enrolled, unrevoked peer and that its entries are the ones its header
//! signed, then apply every entry in one transaction. A refused bundle
//! changes nothing; the same bundle twice says so and changes nothing.
//! A return bundle (回执, [`crate::returns`]) is read and accepted here too,
//! its number and acknowledgement checked first.

use crate::attachments::{self, Carried};
use crate::bundle::{self, FORMAT_V1, FORMAT_V3, Header};
use crate::error::{Error, Result};
use crate::local::{self, Me};
use crate::returns::{self, ReturnContent};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use xinfang_core::Ledger;
use xinfang_core::store::attachments::{AttachmentRow, put_content};
use xinfang_core::store::changelog::{self, ChangeEntry};
use xinfang_core::store::device::Role;
use xinfang_core::store::peers::{self, BundleIn, Peer};
use xinfang_core::store::replica;

/// The largest file read as a bundle: far above a year of a township's
/// changes, far below what would strain the laptop.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// What became of an imported bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its entries are now in the ledger (some may have been held already).
    Imported,
    /// This very bundle was imported before: nothing changed.
    AlreadyImported,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub path: PathBuf,
    pub outcome: Outcome,
    pub bundle_id: String,
    /// `changes` or `return`.
    pub kind: String,
    pub from_device: String,
    pub from_name: String,
    pub first_seq: i64,
    pub last_seq: i64,
    /// Entries new to this ledger.
    pub new_entries: u64,
    /// Entries it held already (from an earlier, overlapping bundle).
    pub already_held: u64,
    /// For a return bundle: how much of this device's log the township holds.
    pub acknowledged: Option<i64>,
}

/// A bundle checked without importing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    pub path: PathBuf,
    pub bundle_id: String,
    pub kind: String,
    pub from_device: String,
    pub from_name: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub entries: u64,
    pub created_at: String,
    /// Imported before (this very bundle).
    pub already_imported: bool,
    /// The last entry of the sender this ledger holds.
    pub held_seq: i64,
}

/// Imports one bundle file.
pub fn import(ledger: &mut Ledger, path: &Path) -> Result<Imported> {
    ledger.store.import_cache(true)?;
    let imported = import_bundle(ledger, path);
    ledger.store.import_cache(false)?;
    imported
}

fn import_bundle(ledger: &mut Ledger, path: &Path) -> Result<Imported> {
    let me = local::me(ledger)?;
    let bytes = read(path)?;
    let (header, content, peer) = open(ledger, &me, &bytes)?;
    let imported = |outcome, new_entries, already_held, acknowledged| Imported {
        path: path.to_owned(),
        outcome,
        bundle_id: header.bundle_id.clone(),
        kind: header.kind.clone(),
        from_device: header.from_device.clone(),
        from_name: peer.name.clone(),
        first_seq: header.first_seq,
        last_seq: header.last_seq,
        new_entries,
        already_held,
        acknowledged,
    };
    if peers::bundle_in(ledger.store.conn(), &header.bundle_id)?.is_some() {
        return Ok(imported(Outcome::AlreadyImported, 0, 0, None));
    }
    if header.kind == returns::RETURN {
        let accepted = accept_return(ledger, &me, &header, &content, &peer)?;
        return Ok(imported(
            Outcome::Imported,
            accepted.new_entries,
            accepted.already_held,
            Some(accepted.acknowledged),
        ));
    }
    let (entries, files) = changes_of(&header, &content)?;
    let clock = ledger.clock;
    let applied = ledger.store.write(clock, |w| {
        let applied = replica::apply(w.tx(), &header.from_device, &entries, w.now())?;
        // Checked chunk by chunk in `changes_of`; kept once per hash.
        for f in &files {
            put_content(w.tx(), &f.bytes)?;
        }
        peers::record_bundle_in(w.tx(), &bundle_in(&header, applied.new, w.now_text()))?;
        Ok(applied)
    })?;
    Ok(imported(Outcome::Imported, applied.new, applied.already_held, None))
}

/// Checks a bundle as [`import`] would, without changing the ledger.
pub fn verify(ledger: &mut Ledger, path: &Path) -> Result<Verified> {
    let me = local::me(ledger)?;
    let bytes = read(path)?;
    let (header, content, peer) = open(ledger, &me, &bytes)?;
    let entries = if header.kind == returns::RETURN {
        read_return(&header, &content)?;
        Vec::new()
    } else {
        changes_of(&header, &content)?.0
    };
    let conn = ledger.store.conn();
    let held_seq = replica::head(conn, &header.from_device)?.map_or(0, |h| h.seq);
    if !entries.is_empty() && header.first_seq > held_seq + 1 {
        return Err(xinfang_core::Error::MissingEntries {
            device: replica::named(conn, &header.from_device),
            missing_from: held_seq + 1,
            missing_to: header.first_seq - 1,
        }
        .into());
    }
    Ok(Verified {
        path: path.to_owned(),
        already_imported: peers::bundle_in(conn, &header.bundle_id)?.is_some(),
        bundle_id: header.bundle_id,
        kind: header.kind,
        from_device: header.from_device,
        from_name: peer.name,
        first_seq: header.first_seq,
        last_seq: header.last_seq,
        entries: entries.len() as u64,
        created_at: header.created_at,
        held_seq,
    })
}

/// Accepts a return bundle from this village's township: checks its number
/// and that the township holds this device's own history, applies the
/// township's changes to this village's cases (logging a receipt for them in
/// this device's log) with the content of attachments added there (format 3,
/// each chunk checked), and records the acknowledgement, all in one
/// transaction.
pub fn accept_return(
    ledger: &mut Ledger,
    me: &Me,
    header: &Header,
    content: &[u8],
    from: &Peer,
) -> Result<ReturnAccepted> {
    if me.device.role != Role::Village || from.role != Role::Township {
        return Err(Error::BadHeader { detail: "回执只能由乡镇发给村".to_owned() });
    }
    let (ret, files) = read_return(header, content)?;
    if ret.ack.device_id != me.device.device_id {
        return Err(Error::ContentMismatch);
    }
    if ret.return_seq <= from.returns_received {
        return Err(Error::StaleReturn { number: ret.return_seq, last: from.returns_received });
    }
    if ret.ack.held_seq > 0 {
        let mine = changelog::entries(ledger.store.conn(), &me.device.device_id, ret.ack.held_seq)?;
        let matches =
            mine.first().is_some_and(|e| e.seq == ret.ack.held_seq && Some(hex::encode(&e.hash)) == ret.ack.head_hash);
        if !matches {
            return Err(Error::AckMismatch { held_seq: ret.ack.held_seq });
        }
    }
    let stream = changelog::return_stream(&from.device_id, &me.device.device_id);
    let signed_range = ret.entries.len() as u64 == header.entry_count
        && ret
            .entries
            .first()
            .is_none_or(|e| e.seq == header.first_seq && hex::encode(&e.prev_hash) == header.prev_hash)
        && ret.entries.last().is_none_or(|e| e.seq == header.last_seq && hex::encode(&e.hash) == header.head_hash);
    if !signed_range || ret.entries.iter().any(|e| e.device_id != stream) {
        return Err(Error::ContentMismatch);
    }
    let clock = ledger.clock;
    let applied = ledger.store.write(clock, |w| {
        let applied = replica::apply_return_stream(w, &stream, &ret.entries)?;
        for f in &files {
            put_content(w.tx(), &f.bytes)?;
        }
        peers::accept_return(w.tx(), &from.device_id, ret.return_seq, ret.ack.held_seq)?;
        peers::record_bundle_in(w.tx(), &bundle_in(header, applied.new, w.now_text()))?;
        Ok(applied)
    })?;
    Ok(ReturnAccepted { acknowledged: ret.ack.held_seq, new_entries: applied.new, already_held: applied.already_held })
}

/// A return's JSON and the attachment content it carries (format 3), each
/// chunk and file checked against its hash.
fn read_return(header: &Header, content: &[u8]) -> Result<(ReturnContent, Vec<Carried>)> {
    let parse = |json: &[u8]| serde_json::from_slice::<ReturnContent>(json).map_err(|_| Error::ContentMismatch);
    if header.format_version < FORMAT_V3 {
        return Ok((parse(content)?, Vec::new()));
    }
    let ret = parse(attachments::entries_json(content)?)?;
    let files = carried_files(content, &ret.entries)?;
    Ok((ret, files))
}

/// What accepting a return bundle did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnAccepted {
    /// How much of this device's own log the township holds.
    pub acknowledged: i64,
    /// The township's changes to this village's cases, new here.
    pub new_entries: u64,
    pub already_held: u64,
}

/// The record of a bundle read, kept so the same bundle twice is a no-op.
fn bundle_in(header: &Header, new_entries: u64, imported_at: String) -> BundleIn {
    BundleIn {
        bundle_id: header.bundle_id.clone(),
        from_device: header.from_device.clone(),
        first_seq: header.first_seq,
        last_seq: header.last_seq,
        new_entries: new_entries as i64,
        created_at: header.created_at.clone(),
        imported_at,
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    read_file(path, MAX_FILE_BYTES)
}

/// Reads a file that came from outside (a USB stick, another computer): only
/// a regular file, and at most `limit` bytes, counted while reading. A device
/// such as /dev/zero, whose size says 0, would otherwise be read until memory
/// ran out, and opening a FIFO would wait forever, so anything but a regular
/// file is refused before it is opened.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| Error::Io { action: "读取", path: path.to_owned(), source };
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(Error::NotAFile { path: path.to_owned() });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).map_err(io)?.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge { limit_mib: limit.div_ceil(1 << 20) });
    }
    Ok(bytes)
}

/// Decrypts and verifies the bundle against the sender's pinned keys.
fn open(ledger: &Ledger, me: &Me, bytes: &[u8]) -> Result<(Header, Vec<u8>, Peer)> {
    let conn = ledger.store.conn();
    let mut sender = None;
    let opened = bundle::open(bytes, &me.identity, |h| {
        if h.to_device != me.device.device_id {
            return Err(Error::AddressedToOther { to_device: h.to_device.clone() });
        }
        let peer = peers::get(conn, &h.from_device)?
            .ok_or_else(|| Error::UnknownDevice { device_id: h.from_device.clone() })?;
        if peer.revoked_at.is_some() {
            return Err(Error::Revoked { device_id: peer.device_id, name: peer.name });
        }
        let keys = local::keys_of(&peer);
        sender = Some(peer);
        Ok(keys)
    })?;
    let peer = sender.ok_or_else(|| Error::Internal { detail: "sender not looked up".into() })?;
    let header = opened.header;
    if header.kind != crate::export::CHANGES && header.kind != returns::RETURN {
        return Err(Error::BadHeader { detail: format!("本软件不认识的数据包类型“{}”", header.kind) });
    }
    Ok((header, opened.content, peer))
}

/// The change-log entries of a `changes` bundle and the attachment content it
/// carries (format 2 and later), every chunk and file checked against its hash,
/// and each file the content of an attachment record among the entries.
fn changes_of(header: &Header, content: &[u8]) -> Result<(Vec<ChangeEntry>, Vec<Carried>)> {
    if header.format_version == FORMAT_V1 {
        return Ok((entries_of(header, content)?, Vec::new()));
    }
    let entries = entries_of(header, attachments::entries_json(content)?)?;
    let files = carried_files(content, &entries)?;
    Ok((entries, files))
}

/// The files laid out after the JSON of `content`, checked chunk by chunk,
/// each the content of an attachment record among `entries` (named by it in
/// a refusal) and of the size that record says.
fn carried_files(content: &[u8], entries: &[ChangeEntry]) -> Result<Vec<Carried>> {
    let records: HashMap<String, AttachmentRow> = entries
        .iter()
        .filter(|e| e.entity == "attachment")
        .filter_map(|e| serde_json::from_str::<AttachmentRow>(&e.payload).ok())
        .map(|a| (a.hash.clone(), a))
        .collect();
    let name_of = |hash: &str| records.get(hash).map_or_else(|| "（无记录）".to_owned(), |a| a.file_name.clone());
    let (_, files) = attachments::decode(content, name_of)?;
    if !files.iter().all(|f| records.get(&f.hash).is_some_and(|a| a.size == f.bytes.len() as u64)) {
        return Err(Error::ContentMismatch);
    }
    Ok(files)
}

/// The change-log entries of a `changes` bundle, checked to be exactly what
/// its signed header describes.
fn entries_of(header: &Header, content: &[u8]) -> Result<Vec<ChangeEntry>> {
    let entries: Vec<ChangeEntry> = serde_json::from_slice(content).map_err(|_| Error::ContentMismatch)?;
    let continuous = entries.iter().enumerate().all(|(i, e)| e.seq == header.first_seq + i as i64)
        && entries.iter().all(|e| e.device_id == header.from_device);
    let ends_match = match (entries.first(), entries.last()) {
        (Some(first), Some(last)) => {
            hex::encode(&first.prev_hash) == header.prev_hash
                && hex::encode(&last.hash) == header.head_hash
                && last.seq == header.last_seq
        }
        _ => false,
    };
    if !continuous || !ends_match || entries.len() as u64 != header.entry_count {
        return Err(Error::ContentMismatch);
    }
    Ok(entries)
}
