//! The hybrid logical clock (混合逻辑时钟) that stamps every change-log entry:
//! never behind the wall clock, never behind any stamp this device issued or
//! received, so a change made after seeing another is always stamped later,
//! whatever the laptops' clocks say.
//!
//! Stamps are UTC with microseconds in one fixed width
//! (`2026-03-02T01:30:00.000000Z`), so text order is time order.

use crate::error::{Error, Result};
use crate::store::Cached;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// How far ahead of this device's own clock a received stamp may pull the
/// clock. A laptop set a year ahead still has its entries applied (and every
/// conflict it wins listed as such), but it cannot drag this device's stamps
/// into the future with it.
pub const MAX_LEAD: Duration = Duration::hours(24);

/// A stamp in the fixed-width form.
pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Reads any RFC 3339 time (older entries carry `+00:00` and varying
/// fractions) into the fixed-width form.
pub fn normalise(text: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| format(t.with_timezone(&Utc)))
}

fn parse(stamp: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::refused(format!("时间戳“{stamp}”无法识别，台账的时钟记录可能已损坏。")))
}

/// The latest stamp this ledger issued or received, if any.
pub fn latest(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let text: Option<String> = conn.query_row_cached("SELECT latest FROM hlc", [], |r| r.get(0)).optional()?;
    text.as_deref().map(parse).transpose()
}

fn store(conn: &Connection, t: DateTime<Utc>) -> Result<()> {
    conn.execute_cached(
        "INSERT INTO hlc (singleton, latest) VALUES (1, ?1) ON CONFLICT (singleton) DO UPDATE SET latest = ?1",
        params![format(t)],
    )?;
    Ok(())
}

/// The next stamp: the wall clock, or one microsecond past the latest stamp
/// if that is ahead. Called inside the write that logs the entry.
pub fn tick(conn: &Connection, wall: DateTime<Utc>) -> Result<String> {
    let wall = parse(&format(wall))?;
    let next = match latest(conn)? {
        Some(l) if l >= wall => l + Duration::microseconds(1),
        _ => wall,
    };
    store(conn, next)?;
    Ok(format(next))
}

/// Takes note of a received stamp, moving the clock up to it but never more
/// than [`MAX_LEAD`] past the wall clock. Returns whether the stamp was
/// further ahead of the wall clock than a few minutes' drift explains.
pub fn observe(conn: &Connection, stamp: &str, wall: DateTime<Utc>) -> Result<bool> {
    let seen = parse(stamp)?;
    let capped = seen.min(wall + MAX_LEAD);
    if latest(conn)?.is_none_or(|l| l < capped) {
        store(conn, capped)?;
    }
    Ok(seen > wall + Duration::minutes(10))
}

/// Makes the next [`tick`] later than `stamp`, however far ahead it is: a
/// write based on a stamp must be stamped after it, or it could lose to the
/// very change it replaces.
pub fn pass(conn: &Connection, stamp: &str) -> Result<()> {
    let t = parse(stamp)?;
    if latest(conn)?.is_none_or(|l| l < t) {
        store(conn, t)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE hlc (singleton INTEGER PRIMARY KEY, latest TEXT NOT NULL)").unwrap();
        c
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn stamps_increase_even_when_the_wall_clock_goes_back() {
        let c = conn();
        let a = tick(&c, at("2026-03-02T10:00:00Z")).unwrap();
        let b = tick(&c, at("2026-03-02T09:00:00Z")).unwrap();
        let d = tick(&c, at("2026-03-02T10:00:00Z")).unwrap();
        assert_eq!(a, "2026-03-02T10:00:00.000000Z");
        assert_eq!(b, "2026-03-02T10:00:00.000001Z");
        assert_eq!(d, "2026-03-02T10:00:00.000002Z");
    }

    #[test]
    fn a_received_stamp_moves_the_clock_but_a_far_future_one_only_by_a_day() {
        let c = conn();
        let wall = at("2026-03-02T10:00:00Z");
        assert!(!observe(&c, "2026-03-02T10:05:00+00:00", wall).unwrap());
        assert_eq!(tick(&c, wall).unwrap(), "2026-03-02T10:05:00.000001Z");
        assert!(observe(&c, "2027-03-02T10:00:00Z", wall).unwrap(), "a year ahead is flagged");
        assert_eq!(tick(&c, wall).unwrap(), "2026-03-03T10:00:00.000001Z");
        pass(&c, "2027-03-02T10:00:00Z").unwrap();
        assert_eq!(tick(&c, wall).unwrap(), "2027-03-02T10:00:00.000001Z");
    }

    #[test]
    fn older_entry_times_normalise_to_the_fixed_width() {
        assert_eq!(normalise("2026-03-02T01:30:00+00:00").unwrap(), "2026-03-02T01:30:00.000000Z");
        assert_eq!(normalise("2026-03-02T09:30:00.5+08:00").unwrap(), "2026-03-02T01:30:00.500000Z");
        assert!(normalise("yesterday").is_none());
    }
}
