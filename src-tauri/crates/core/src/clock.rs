//! The time the ledger believes it is. Injectable so tests (and the
//! end-to-end suite, through `XINFANG_NOW`) can stand on a known day.

use crate::error::{Error, Result};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

/// China Standard Time, in which deadlines fall and dates are shown.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// `XINFANG_NOW` (RFC 3339) fixes the clock; otherwise the system clock.
    pub fn from_env() -> Result<Clock> {
        match std::env::var("XINFANG_NOW") {
            Ok(s) if !s.trim().is_empty() => DateTime::parse_from_rfc3339(s.trim())
                .map(|t| Clock::Fixed(t.with_timezone(&Utc)))
                .map_err(|_| Error::invalid("XINFANG_NOW", "环境变量 XINFANG_NOW", "应为 RFC 3339 时间")),
            _ => Ok(Clock::System),
        }
    }

    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t,
        }
    }

    /// Today's date in China.
    pub fn today(self) -> NaiveDate {
        self.now().with_timezone(&china()).date_naive()
    }
}

/// The day this release was made. A computer whose clock reads earlier has
/// lost its time (a dead CMOS battery resets it to 2009 or so).
pub const RELEASED_ON: &str = "2026-12-07";

/// How far the newest change this ledger stamped may be ahead of the clock
/// before the clock is doubted: a received stamp may pull the ledger's own
/// clock a day ahead ([`crate::store::hlc::MAX_LEAD`]), plus an hour's drift.
const STAMP_SLACK: Duration = Duration::hours(25);

/// Why this computer's clock looks wrong (本机时间可能不对).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// It reads earlier than the day this software was released.
    BeforeRelease { released: NaiveDate },
    /// It reads earlier than the newest change this ledger recorded.
    BehindRecords { newest: DateTime<Utc> },
}

impl Clock {
    /// Whether this clock is clearly wrong, given the newest stamp the ledger
    /// wrote or received (its hybrid clock, never behind a change it holds).
    /// A clock fixed with `XINFANG_NOW` stands on a day chosen on purpose
    /// (training, tests, replaying an old ledger), so only the computer's own
    /// clock is held against this release's date.
    pub fn doubt(self, newest_stamp: Option<DateTime<Utc>>) -> Option<Doubt> {
        let released = match self {
            Clock::System => NaiveDate::parse_from_str(RELEASED_ON, "%Y-%m-%d").ok(),
            Clock::Fixed(_) => None,
        };
        doubt(self.now(), newest_stamp, released)
    }
}

/// Whether the clock reading `wall` is clearly wrong: behind the newest stamp
/// by more than a peer's fast clock explains, or before `released`. A clock
/// ahead cannot be told from a long quiet spell, so only a clock behind what
/// is known is doubted.
pub fn doubt(wall: DateTime<Utc>, newest_stamp: Option<DateTime<Utc>>, released: Option<NaiveDate>) -> Option<Doubt> {
    if let Some(newest) = newest_stamp.filter(|n| *n > wall + STAMP_SLACK) {
        return Some(Doubt::BehindRecords { newest });
    }
    let released = released.filter(|r| wall.with_timezone(&china()).date_naive() < *r)?;
    Some(Doubt::BeforeRelease { released })
}

impl Doubt {
    /// The latest moment known to have passed: the real time is after it.
    fn known_past(self) -> DateTime<Utc> {
        match self {
            Doubt::BeforeRelease { released } => released.and_hms_opt(0, 0, 0).map_or_else(Utc::now, |t| t.and_utc()),
            Doubt::BehindRecords { newest } => newest,
        }
    }

    /// The warning every screen shows until the clock is corrected.
    pub fn message(self, wall: DateTime<Utc>) -> String {
        let shown = |t: DateTime<Utc>| t.with_timezone(&china()).format("%Y年%-m月%-d日").to_string();
        let why = match self {
            Doubt::BeforeRelease { released } => {
                format!("早于本软件发布的日期（{}）", released.format("%Y年%-m月%-d日"))
            }
            Doubt::BehindRecords { newest } => format!("早于台账中最新一条记录的时间（{}）", shown(newest)),
        };
        format!(
            "本机时间可能不对：电脑显示 {}，{why}。请先校正电脑时间（日期和时间设置）。\
             在此之前，期限和工作台按电脑时间计算；登记时请填写实际日期。",
            shown(wall)
        )
    }
}

/// The latest moment a date typed in may stand for: the clock's own time,
/// or, when the clock is clearly behind, a year past the latest moment
/// known to have passed — the person typing knows today's date better than
/// a clock that lost it, so their date is written as they entered it.
pub fn latest_plausible(wall: DateTime<Utc>, doubt: Option<Doubt>) -> DateTime<Utc> {
    match doubt {
        Some(d) => wall.max(d.known_past()) + Duration::days(366),
        None => wall,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_clock_before_the_release_or_behind_the_records_is_doubted() {
        let released = NaiveDate::parse_from_str(RELEASED_ON, "%Y-%m-%d").ok();
        assert_eq!(doubt(at("2027-03-01T08:00:00+08:00"), None, released), None);
        let reset = at("2009-01-01T08:00:00+08:00");
        assert!(matches!(doubt(reset, None, released), Some(Doubt::BeforeRelease { .. })));
        assert_eq!(Clock::Fixed(reset).doubt(None), None, "a day chosen with XINFANG_NOW");
        let newest = at("2027-05-06T09:00:00Z");
        assert_eq!(doubt(at("2027-05-01T09:00:00Z"), Some(newest), None), Some(Doubt::BehindRecords { newest }));
        assert_eq!(Clock::Fixed(reset).doubt(Some(newest)), Some(Doubt::BehindRecords { newest }));
        // A stamp pulled a day ahead by a peer's fast clock is no proof.
        assert_eq!(doubt(at("2027-05-05T12:00:00Z"), Some(newest), released), None);
        let words = doubt(reset, Some(newest), released).unwrap().message(reset);
        assert!(
            words.starts_with("本机时间可能不对：电脑显示 2009年1月1日，早于台账中最新一条记录的时间（2027年5月6日）"),
            "{words}"
        );
    }

    #[test]
    fn a_doubted_clock_lets_the_real_date_in_and_a_trusted_one_does_not_move() {
        let reset = at("2009-01-01T08:00:00+08:00");
        let d = doubt(reset, None, NaiveDate::from_ymd_opt(2026, 12, 7));
        assert!(latest_plausible(reset, d) > at("2026-12-08T10:00:00+08:00"));
        assert!(latest_plausible(reset, d) < at("2028-12-08T10:00:00+08:00"));
        let fine = at("2027-03-01T08:00:00+08:00");
        assert_eq!(latest_plausible(fine, None), fine);
    }
}
