//! A day typed in (YYYY-MM-DD), checked: the dates of a step, a signing, a
//! revisit or a screening round, and the bounds of a search.

use crate::error::{Error, Result};
use chrono::NaiveDate;

pub(crate) fn parse_day(s: &str, field: &str, label: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, label, format!("“{s}”不是有效日期，应如 2026-03-02")))
}
