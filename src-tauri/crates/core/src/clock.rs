//! The time the ledger believes it is. Injectable so tests (and the
//! end-to-end suite, through `XINFANG_NOW`) can stand on a known day.

use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

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
