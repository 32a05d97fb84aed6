//! The per-device change log: every change to a record, in order, each entry
//! carrying the hash of its predecessor, so a gap, a reordering or a rewritten
//! history is detectable. Sync ships this log; it exists from the first record.

use crate::error::{Error, Result};
use crate::store::Cached;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The `prev_hash` of a device's first entry.
pub const GENESIS: [u8; 32] = [0; 32];

/// One entry as stored (and as carried in a bundle).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeEntry {
    pub device_id: String,
    pub seq: i64,
    pub entity: String,
    pub entity_id: String,
    pub op: String,
    pub payload: String,
    pub recorded_at: String,
    #[ts(type = "string")]
    #[serde(with = "hex_bytes")]
    pub prev_hash: Vec<u8>,
    #[ts(type = "string")]
    #[serde(with = "hex_bytes")]
    pub hash: Vec<u8>,
    /// Who was signed in when the change was made (the account's name); none
    /// for the command line and for entries from before sign-in existed.
    /// Absent from the JSON when none, so such entries travel as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub account: Option<String>,
}

mod hex_bytes {
    use serde::Deserialize;

    pub fn serialize<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(b))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        hex::decode(text.as_bytes()).map_err(|e| serde::de::Error::custom(format!("not a hex string: {e}")))
    }
}

/// The hashed content of an entry.
pub struct EntryBody<'a> {
    pub device_id: &'a str,
    pub seq: i64,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub op: &'a str,
    pub payload: &'a str,
    pub recorded_at: &'a str,
    pub account: Option<&'a str>,
}

impl EntryBody<'_> {
    /// The entry's hash: domain-separated, every field length-prefixed so no
    /// two different entries encode alike, chained to `prev_hash`.
    pub fn hash(&self, prev_hash: &[u8]) -> [u8; 32] {
        let mut h = blake3::Hasher::new();
        h.update(b"xinfang change-log v1\0");
        for field in [self.device_id, self.entity, self.entity_id, self.op, self.payload, self.recorded_at] {
            h.update(&(field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
        h.update(&self.seq.to_le_bytes());
        // Only when there is one, so every entry made before accounts
        // existed keeps its hash; the input is then longer, so the two
        // forms never encode alike.
        if let Some(account) = self.account {
            h.update(b"account\0");
            h.update(&(account.len() as u64).to_le_bytes());
            h.update(account.as_bytes());
        }
        h.update(prev_hash);
        *h.finalize().as_bytes()
    }
}

impl ChangeEntry {
    pub(crate) fn body(&self) -> EntryBody<'_> {
        EntryBody {
            device_id: &self.device_id,
            seq: self.seq,
            entity: &self.entity,
            entity_id: &self.entity_id,
            op: &self.op,
            payload: &self.payload,
            recorded_at: &self.recorded_at,
            account: self.account.as_deref(),
        }
    }
}

/// An entry to append: everything but its place in the chain.
pub struct NewEntry<'a> {
    pub device_id: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub op: &'a str,
    pub payload: &'a str,
    pub recorded_at: &'a str,
    pub account: Option<&'a str>,
}

/// Appends an entry after the device's current head. Called only inside a
/// write transaction, so the entry commits with the change it describes.
pub fn append(conn: &Connection, entry: NewEntry<'_>) -> Result<()> {
    let NewEntry { device_id, entity, entity_id, op, payload, recorded_at, account } = entry;
    let head: Option<(i64, Vec<u8>)> = conn
        .query_row_cached(
            "SELECT seq, hash FROM change_log WHERE device_id = ?1 ORDER BY seq DESC LIMIT 1",
            [device_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match head {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_vec()),
    };
    let hash = EntryBody { device_id, seq, entity, entity_id, op, payload, recorded_at, account }.hash(&prev);
    conn.execute_cached(
        "INSERT INTO change_log (device_id, seq, entity, entity_id, op, payload, recorded_at, prev_hash, hash, account)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![device_id, seq, entity, entity_id, op, payload, recorded_at, prev, hash.as_slice(), account],
    )?;
    Ok(())
}

/// The stream in which the township logs its changes to one village's cases.
pub fn return_stream(township: &str, village: &str) -> String {
    format!("{township}>{village}")
}

pub fn is_return_stream(stream: &str) -> bool {
    stream.contains('>')
}

/// The township and village of a return stream.
pub fn split_return_stream(stream: &str) -> Option<(&str, &str)> {
    stream.split_once('>')
}

/// The stream that logged a record first: where it was created.
pub fn origin(conn: &Connection, entity: &str, entity_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row_cached(
            "SELECT device_id FROM change_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY rowid LIMIT 1",
            params![entity, entity_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Entries of one device from `from_seq` on, in order.
pub fn entries(conn: &Connection, device_id: &str, from_seq: i64) -> Result<Vec<ChangeEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT device_id, seq, entity, entity_id, op, payload, recorded_at, prev_hash, hash, account
         FROM change_log WHERE device_id = ?1 AND seq >= ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![device_id, from_seq], |r| {
        Ok(ChangeEntry {
            device_id: r.get(0)?,
            seq: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            op: r.get(4)?,
            payload: r.get(5)?,
            recorded_at: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
            account: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One change to a case or to a record of it (修改记录): when, on which
/// device, by whom, to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CaseChange {
    pub recorded_at: String,
    pub device_id: String,
    /// The village or township the device belongs to, when known here.
    pub device_name: Option<String>,
    /// Who was signed in; none for changes made before sign-in existed or
    /// from the command line.
    pub account: Option<String>,
    /// `case`, `case_event`, `visit`, `agreement`, `revisit`, `attachment`…
    pub entity: String,
    pub op: String,
}

/// Every change to the case `case_id` and to the records that name it, in
/// the order they were made. A township's entries in its stream to a village
/// (`township>village`) are named after the township.
pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<CaseChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.recorded_at, l.device_id, coalesce(p.name, d.name), l.account, l.entity, l.op
         FROM change_log l
         LEFT JOIN peer p ON p.device_id = substr(l.device_id, 1, instr(l.device_id || '>', '>') - 1)
         LEFT JOIN device d ON d.device_id = substr(l.device_id, 1, instr(l.device_id || '>', '>') - 1)
         WHERE (l.entity = 'case' AND l.entity_id = ?1)
            OR (json_valid(l.payload) AND json_extract(l.payload, '$.case_id') = ?1)
         ORDER BY l.recorded_at, l.device_id, l.seq",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(CaseChange {
            recorded_at: r.get(0)?,
            device_id: r.get(1)?,
            device_name: r.get(2)?,
            account: r.get(3)?,
            entity: r.get(4)?,
            op: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Summary of a verified chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChainReport {
    pub device_id: String,
    pub entries: i64,
}

/// Checks every device's chain: sequence numbers 1..n without a gap, each
/// entry's `prev_hash` the hash of the one before, each hash recomputed.
pub fn verify(conn: &Connection) -> Result<Vec<ChainReport>> {
    let devices: Vec<String> = conn
        .prepare("SELECT DISTINCT device_id FROM change_log ORDER BY device_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut reports = Vec::new();
    for device_id in devices {
        let mut prev = GENESIS.to_vec();
        let mut count = 0;
        for e in entries(conn, &device_id, 1)? {
            let expected = e.body().hash(&prev);
            if e.seq != count + 1 || e.prev_hash != prev || e.hash != expected {
                return Err(Error::BrokenChain { seq: e.seq });
            }
            prev = e.hash;
            count += 1;
        }
        reports.push(ChainReport { device_id, entries: count });
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(include_str!("migrations/0001_ledger.sql")).unwrap();
        c.execute_batch("ALTER TABLE change_log ADD COLUMN account TEXT;").unwrap();
        for i in 0..3 {
            let entity_id = format!("c{i}");
            let entry = NewEntry {
                device_id: "dev-a",
                entity: "case",
                entity_id: &entity_id,
                op: "insert",
                payload: "{}",
                recorded_at: "2026-03-02T01:30:00+00:00",
                account: (i == 2).then_some("王芳"),
            };
            append(&c, entry).unwrap();
        }
        c
    }

    #[test]
    fn entries_chain_from_genesis() {
        let c = log();
        let es = entries(&c, "dev-a", 1).unwrap();
        assert_eq!(es.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(es[0].prev_hash, GENESIS);
        assert_eq!(es[1].prev_hash, es[0].hash);
        assert_eq!(verify(&c).unwrap(), [ChainReport { device_id: "dev-a".into(), entries: 3 }]);
    }

    #[test]
    fn a_rewritten_payload_breaks_the_chain_at_that_entry() {
        let c = log();
        c.execute("UPDATE change_log SET payload = '{\"x\":1}' WHERE seq = 2", []).unwrap();
        assert!(matches!(verify(&c), Err(Error::BrokenChain { seq: 2 })));
    }

    #[test]
    fn who_made_a_change_is_bound_into_its_hash_and_entries_without_keep_theirs() {
        let c = log();
        let es = entries(&c, "dev-a", 1).unwrap();
        assert_eq!((es[1].account.as_deref(), es[2].account.as_deref()), (None, Some("王芳")));
        // Without an account the hash is the one entries always had.
        let without = EntryBody { account: None, ..es[1].body() };
        assert_eq!(without.hash(&es[1].prev_hash).as_slice(), es[1].hash.as_slice());
        let json = serde_json::to_string(&es[1]).unwrap();
        assert!(!json.contains("account"), "{json}");
        c.execute("UPDATE change_log SET account = '李明' WHERE seq = 3", []).unwrap();
        assert!(matches!(verify(&c), Err(Error::BrokenChain { seq: 3 })));
        c.execute("UPDATE change_log SET account = NULL WHERE seq = 3", []).unwrap();
        assert!(matches!(verify(&c), Err(Error::BrokenChain { seq: 3 })));
    }

    #[test]
    fn a_gap_is_detected() {
        let c = log();
        c.execute("DELETE FROM change_log WHERE seq = 2", []).unwrap();
        assert!(matches!(verify(&c), Err(Error::BrokenChain { seq: 3 })));
    }
}
