//! Export (导出): every change of this device the recipient has not yet
//! acknowledged, as one bundle file in a folder (a USB stick, or the outbox
//! the HTTP transport sends from). The file is written under a temporary
//! name, flushed, renamed and read back, so a stick pulled out mid-write
//! never leaves a file that looks complete.

use crate::attachments::{self, Carried};
use crate::bundle::{self, FORMAT_V1, FORMAT_V2, FORMAT_V3, FORMAT_V4, FORMAT_VERSION, Header};
use crate::error::{Error, Result};
use crate::local::{self, Me};
use crate::returns;
use serde::Serialize;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use xinfang_core::Ledger;
use xinfang_core::store::attachments::{AttachmentRow, has_content, read_content};
use xinfang_core::store::changelog::{self, ChangeEntry, GENESIS};
use xinfang_core::store::device::Role;
use xinfang_core::store::peers::{self, BundleOut, Peer};

/// The kind of bundle that carries a device's change log.
pub const CHANGES: &str = "changes";
/// File name ending of a bundle.
pub const EXTENSION: &str = "xfb";

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exported {
    pub path: PathBuf,
    pub bundle_id: String,
    /// [`CHANGES`] (village → township) or [`returns::RETURN`] (township → village).
    pub kind: String,
    pub to_device: String,
    pub to_name: String,
    /// The range of this device's log carried (empty for a return bundle).
    pub first_seq: i64,
    pub last_seq: i64,
    pub entries: u64,
    pub bytes: u64,
}

/// The content one part of a large export carries at most, uncompressed: a
/// month of photos becomes several bundles, each whole in itself, that the
/// township imports in name order (which is their order).
pub const PART_BYTES: u64 = 200 << 20;

/// Writes the next bundle for `to` (a device id; for a village, its township
/// when omitted) into `dir`: a village sends the changes its township has not
/// acknowledged; the township sends a village its return bundle. Changes too
/// large for one bundle are refused; [`export_in_parts`] splits them.
pub fn export(ledger: &mut Ledger, to: Option<&str>, dir: &Path) -> Result<Exported> {
    let me = local::me(ledger)?;
    let peer = recipient(ledger, &me, to)?;
    match me.device.role {
        Role::Village => {
            let mut written = export_changes(ledger, &me, &peer, dir, bundle::MAX_CONTENT_LEN, false)?;
            Ok(written.remove(0))
        }
        Role::Township => export_return(ledger, &me, &peer, dir),
    }
}

/// As [`export`], but a village's changes whose content exceeds `part_bytes`
/// are written as several bundles (parts), each carrying a consecutive range
/// of the log and the attachments recorded in it, so nothing is too large to
/// send. If writing a part fails, the parts already written are removed.
pub fn export_in_parts(ledger: &mut Ledger, to: Option<&str>, dir: &Path, part_bytes: u64) -> Result<Vec<Exported>> {
    let me = local::me(ledger)?;
    let peer = recipient(ledger, &me, to)?;
    match me.device.role {
        Role::Village => export_changes(ledger, &me, &peer, dir, part_bytes.min(bundle::MAX_CONTENT_LEN), true),
        Role::Township => Ok(vec![export_return(ledger, &me, &peer, dir)?]),
    }
}

fn export_changes(
    ledger: &mut Ledger,
    me: &Me,
    peer: &Peer,
    dir: &Path,
    part_bytes: u64,
    parts_allowed: bool,
) -> Result<Vec<Exported>> {
    let entries = changelog::entries(ledger.store.conn(), &me.device.device_id, peer.acked_seq + 1)?;
    if entries.is_empty() {
        return Err(Error::NothingToExport);
    }
    let sizes = entries.iter().map(|e| content_size(ledger, e)).collect::<Result<Vec<u64>>>()?;
    let parts = split(&sizes, part_bytes);
    if parts.len() > 1 && !parts_allowed {
        return Err(Error::ExportTooLarge {
            mib: sizes.iter().sum::<u64>().div_ceil(1 << 20),
            limit_mib: bundle::MAX_CONTENT_LEN >> 20,
        });
    }
    let mut written = Vec::with_capacity(parts.len());
    for range in parts {
        match export_part(ledger, me, peer, dir, &entries[range]) {
            Ok(done) => written.push(done),
            Err(e) => {
                for done in &written {
                    let _ = fs::remove_file(&done.path);
                }
                return Err(e);
            }
        }
    }
    Ok(written)
}

/// Consecutive ranges of entries whose sizes add up to at most `limit` each
/// (an entry larger than `limit` alone in its range).
fn split(sizes: &[u64], limit: u64) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut total) = (0, 0u64);
    for (i, &size) in sizes.iter().enumerate() {
        if i > start && total + size > limit {
            ranges.push(start..i);
            (start, total) = (i, 0);
        }
        total += size;
    }
    ranges.push(start..sizes.len());
    ranges
}

/// What an entry adds to a bundle's content: its JSON, and for an attachment
/// record whose content is here, the file.
fn content_size(ledger: &Ledger, entry: &ChangeEntry) -> Result<u64> {
    let json = serde_json::to_vec(entry).map_err(|e| Error::Internal { detail: e.to_string() })?.len() as u64 + 1;
    if entry.entity != "attachment" {
        return Ok(json);
    }
    let row: AttachmentRow =
        serde_json::from_str(&entry.payload).map_err(|e| Error::Internal { detail: e.to_string() })?;
    Ok(json + if has_content(ledger.store.conn(), &row.hash)? { row.size } else { 0 })
}

fn export_part(ledger: &mut Ledger, me: &Me, peer: &Peer, dir: &Path, entries: &[ChangeEntry]) -> Result<Exported> {
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return Err(Error::NothingToExport);
    };
    let files = attachment_content(ledger, entries)?;
    let format_version = if needs_v5(entries) {
        FORMAT_VERSION
    } else if names_people(entries) {
        FORMAT_V4
    } else if files.is_empty() {
        FORMAT_V1
    } else {
        FORMAT_V2
    };
    let now = ledger.clock.now();
    let header = Header {
        format_version,
        bundle_id: xinfang_core::store::new_id(),
        kind: CHANGES.to_owned(),
        from_device: me.device.device_id.clone(),
        to_device: peer.device_id.clone(),
        from_key: me.identity.fingerprint(),
        to_key: local::keys_of(peer).fingerprint(),
        first_seq: first.seq,
        last_seq: last.seq,
        prev_hash: hex::encode(&first.prev_hash),
        head_hash: hex::encode(&last.hash),
        entry_count: entries.len() as u64,
        content_len: 0,
        content_hash: String::new(),
        created_at: now.to_rfc3339(),
        expires_at: None,
    };
    let entries_json = serde_json::to_vec(entries).map_err(|e| Error::Internal { detail: e.to_string() })?;
    let content = if format_version == FORMAT_V1 { entries_json } else { attachments::encode(&entries_json, &files)? };
    fits_one_bundle(content.len() as u64)?;
    let day = now.with_timezone(&xinfang_core::clock::china()).format("%Y%m%d");
    let file_name = format!("{}-{day}-{:06}-{:06}.{EXTENSION}", safe_name(&me.device.name), first.seq, last.seq);
    write_bundle(ledger, me, peer, header, &content, &dir.join(file_name), |_| Ok(()))
}

/// Whether any entry names the account that made it: only format 4 carries that.
fn names_people(entries: &[ChangeEntry]) -> bool {
    entries.iter().any(|e| e.account.is_some())
}

/// Whether any entry marks a case as a report against an official, takes the mark off, logs a
/// look at such a case, or carries a setting: what software before format 5 must not read.
fn needs_v5(entries: &[ChangeEntry]) -> bool {
    entries.iter().any(|e| match e.entity.as_str() {
        "case_view" | "setting" => true,
        "case" => serde_json::from_str::<serde_json::Value>(&e.payload).is_ok_and(|v| {
            let row = v.get("row").unwrap_or(&v);
            row.get("confidential") == Some(&serde_json::Value::Bool(true))
                || v.get("changed").and_then(|c| c.get("confidential")).is_some()
        }),
        _ => false,
    })
}

/// Refuses, before sealing, content too large for one bundle, saying so
/// rather than what a receiver says of a bomb.
fn fits_one_bundle(len: u64) -> Result<()> {
    if len > bundle::MAX_CONTENT_LEN {
        return Err(Error::ExportTooLarge { mib: len.div_ceil(1 << 20), limit_mib: bundle::MAX_CONTENT_LEN >> 20 });
    }
    Ok(())
}

/// The content of every attachment whose record is among `entries` and whose content this
/// device holds (checked against its hashes as it is read), each file once.
fn attachment_content(ledger: &Ledger, entries: &[ChangeEntry]) -> Result<Vec<Carried>> {
    let conn = ledger.store.conn();
    let mut files: Vec<Carried> = Vec::new();
    for e in entries.iter().filter(|e| e.entity == "attachment") {
        let row: AttachmentRow =
            serde_json::from_str(&e.payload).map_err(|e| Error::Internal { detail: e.to_string() })?;
        if files.iter().any(|f| f.hash == row.hash) || !has_content(conn, &row.hash)? {
            continue;
        }
        let bytes = read_content(conn, &row.hash)?;
        files.push(Carried { hash: row.hash, bytes });
    }
    Ok(files)
}

fn export_return(ledger: &mut Ledger, me: &Me, peer: &Peer, dir: &Path) -> Result<Exported> {
    let content = returns::content_for(ledger, me, peer)?;
    // The content of attachments added here to that village's cases.
    let files = attachment_content(ledger, &content.entries)?;
    let format_version = if needs_v5(&content.entries) {
        FORMAT_VERSION
    } else if names_people(&content.entries) {
        FORMAT_V4
    } else if files.is_empty() {
        FORMAT_V2
    } else {
        FORMAT_V3
    };
    let now = ledger.clock.now();
    let header = Header {
        format_version,
        bundle_id: xinfang_core::store::new_id(),
        kind: returns::RETURN.to_owned(),
        from_device: me.device.device_id.clone(),
        to_device: peer.device_id.clone(),
        from_key: me.identity.fingerprint(),
        to_key: local::keys_of(peer).fingerprint(),
        first_seq: content.entries.first().map_or(1, |e| e.seq),
        last_seq: content.entries.last().map_or(0, |e| e.seq),
        prev_hash: hex::encode(content.entries.first().map_or(GENESIS.as_slice(), |e| &e.prev_hash)),
        head_hash: hex::encode(content.entries.last().map_or(GENESIS.as_slice(), |e| &e.hash)),
        entry_count: content.entries.len() as u64,
        content_len: 0,
        content_hash: String::new(),
        created_at: now.to_rfc3339(),
        expires_at: None,
    };
    let json = serde_json::to_vec(&content).map_err(|e| Error::Internal { detail: e.to_string() })?;
    let bytes = if format_version < FORMAT_V3 { json } else { attachments::encode(&json, &files)? };
    fits_one_bundle(bytes.len() as u64)?;
    let day = now.with_timezone(&xinfang_core::clock::china()).format("%Y%m%d");
    let file_name = format!(
        "{}-致{}-{day}-回执{:04}.{EXTENSION}",
        safe_name(&me.device.name),
        safe_name(&peer.name),
        content.return_seq
    );
    let number = content.return_seq;
    write_bundle(ledger, me, peer, header, &bytes, &dir.join(file_name), |tx| {
        peers::record_return_sent(tx, &peer.device_id, number)
    })
}

/// Seals, writes the file durably, then records the export (and whatever
/// `record` adds) in one transaction; if recording fails the file is removed,
/// so no bundle exists that the ledger does not know it wrote.
fn write_bundle(
    ledger: &mut Ledger,
    me: &Me,
    peer: &Peer,
    header: Header,
    content: &[u8],
    path: &Path,
    record: impl FnOnce(&rusqlite::Connection) -> xinfang_core::Result<()>,
) -> Result<Exported> {
    let sealed = bundle::seal(header.clone(), content, &me.identity, &local::keys_of(peer))?;
    write_durably(path, &sealed)?;
    let out = BundleOut {
        bundle_id: header.bundle_id.clone(),
        to_device: peer.device_id.clone(),
        first_seq: header.first_seq,
        last_seq: header.last_seq,
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        created_at: header.created_at.clone(),
    };
    let clock = ledger.clock;
    let recorded = ledger.store.write(clock, |w| {
        record(w.tx())?;
        peers::record_bundle_out(w.tx(), &out)
    });
    if let Err(e) = recorded {
        let _ = fs::remove_file(path);
        return Err(e.into());
    }
    Ok(Exported {
        path: path.to_owned(),
        bundle_id: header.bundle_id,
        kind: header.kind,
        to_device: peer.device_id.clone(),
        to_name: peer.name.clone(),
        first_seq: header.first_seq,
        last_seq: header.last_seq,
        entries: header.entry_count,
        bytes: sealed.len() as u64,
    })
}

/// The peer to send to: the one named (by device id, or by its name when
/// only one unrevoked peer has it), or a village's only township. A village
/// enrolled with two townships (a replaced laptop, merged townships) must say
/// which; the refusal names them.
fn recipient(ledger: &Ledger, me: &Me, to: Option<&str>) -> Result<Peer> {
    let conn = ledger.store.conn();
    let usable: Vec<Peer> = peers::list(conn)?.into_iter().filter(|p| p.revoked_at.is_none()).collect();
    let peer = match to {
        Some(to) => match peers::get(conn, to)? {
            Some(peer) => peer,
            None => {
                let named: Vec<&Peer> = usable.iter().filter(|p| p.name == to).collect();
                match named.as_slice() {
                    [only] => (*only).clone(),
                    [] => return Err(Error::NoSuchPeer { device_id: to.to_owned() }),
                    _ => return Err(Error::ChooseRecipient { choices: choices(named.into_iter()) }),
                }
            }
        },
        None => {
            let townships: Vec<&Peer> = usable.iter().filter(|p| p.role == Role::Township).collect();
            match (me.device.role, townships.as_slice()) {
                (Role::Village, [only]) => (*only).clone(),
                _ => return Err(Error::ChooseRecipient { choices: choices(townships.into_iter()) }),
            }
        }
    };
    if peer.revoked_at.is_some() {
        return Err(Error::Revoked { device_id: peer.device_id, name: peer.name });
    }
    Ok(peer)
}

/// Peers as a person picks among them: name and the start of the id.
fn choices<'a>(peers: impl Iterator<Item = &'a Peer>) -> String {
    let listed: Vec<String> =
        peers.map(|p| format!("{}（{}）", p.name, p.device_id.chars().take(8).collect::<String>())).collect();
    if listed.is_empty() {
        "还没有登记可用的对端设备".to_owned()
    } else {
        format!("可选：{}", listed.join("、"))
    }
}

/// A name fit for any file system (FAT32 on a USB stick included).
fn safe_name(name: &str) -> String {
    name.chars().map(|c| if c.is_control() || "\\/:*?\"<>|".contains(c) { '_' } else { c }).collect()
}

/// Temp file, flush to the device, rename, then read back and compare: the
/// file is either complete and correct under its name, or not there.
pub(crate) fn write_durably(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |action: &'static str, p: &Path| {
        let p = p.to_owned();
        move |source| Error::Io { action, path: p, source }
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::Io {
            action: "打开导出文件夹",
            path: dir.to_owned(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    let tmp = path.with_extension("part");
    let written = (|| {
        let mut f = File::create(&tmp).map_err(io("创建", &tmp))?;
        f.write_all(bytes).map_err(io("写入", &tmp))?;
        f.sync_all().map_err(io("写入", &tmp))?;
        drop(f);
        fs::rename(&tmp, path).map_err(io("保存", path))?;
        if let Ok(d) = File::open(dir) {
            // Makes the rename itself durable where the platform allows it.
            let _ = d.sync_all();
        }
        let back = fs::read(path).map_err(io("读回", path))?;
        if back != bytes {
            return Err(Error::ReadBackMismatch { path: path.to_owned() });
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
        if path.exists() && fs::read(path).map(|b| b != bytes).unwrap_or(true) {
            let _ = fs::remove_file(path);
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_split_into_consecutive_parts_within_the_limit() {
        assert_eq!(split(&[10, 10, 10], 100), vec![0..3]);
        assert_eq!(split(&[40, 40, 40, 5], 100), vec![0..2, 2..4]);
        // An entry over the limit travels alone; nothing is ever dropped.
        assert_eq!(split(&[5, 150, 5], 100), vec![0..1, 1..2, 2..3]);
        assert_eq!(split(&[150], 100), vec![0..1]);
        assert_eq!(split(&[100, 1], 100), vec![0..1, 1..2]);
    }

    #[test]
    fn content_over_the_bundle_limit_is_refused_at_export_with_its_size() {
        fits_one_bundle(bundle::MAX_CONTENT_LEN).unwrap();
        let e = fits_one_bundle(300 << 20).unwrap_err();
        assert_eq!(e.kind(), "too_large");
        assert!(e.to_string().starts_with("本次要导出的变更连同附件共 300 MiB，超过一个数据包的上限 256 MiB"), "{e}");
    }
}
