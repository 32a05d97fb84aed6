//! How a row of an existing Excel ledger (台账) reads as the ledger's own
//! records: the dates, channels and "handled" marks people actually type in
//! such sheets, and what a historical handled row becomes. No I/O here; the
//! command `ledger_import` applies these rules, the sheets crate only reads
//! the cells.

use super::channel::Channel;
use super::lifecycle::{Lifecycle, Outcome, Route, Step};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A day as clerks type it: 2009-03-06, 2009/3/6, 2009.3.6, 2009年3月6日,
/// optionally followed by a time (the sheets crate writes an Excel date cell
/// as `2009-03-06` or `2009-03-06 14:30`). `None` if it is not a real day.
pub fn parse_day_time(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    let (day, time) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    let normalised: String = day
        .trim_end_matches('日')
        .chars()
        .map(|c| if matches!(c, '/' | '.' | '年' | '月') { '-' } else { c })
        .collect();
    let mut parts = normalised.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    let time = match time.filter(|s| !s.is_empty()) {
        None => NaiveTime::MIN,
        Some(s) => NaiveTime::parse_from_str(s, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(s, "%H:%M")).ok()?,
    };
    Some(date.and_time(time))
}

/// The channel a sheet's 方式 / 来信来访 cell names, in the words ledgers use.
pub fn parse_channel(text: &str) -> Option<Channel> {
    let t = text.trim();
    let words: [(&[&str], Channel); 7] = [
        (&["来访", "上访", "走访", "来人", "访"], Channel::Visit),
        (&["来信", "信件", "信访件", "写信", "信"], Channel::Letter),
        (&["电话", "来电", "电话反映", "热线"], Channel::Phone),
        (&["网上", "网络", "网上信访", "微信", "邮件", "电子邮件", "信箱", "网信"], Channel::Online),
        (&["下访", "上门"], Channel::DoorToDoor),
        (&["约访", "预约"], Channel::Appointment),
        (&["交办", "上级交办", "转办", "县交办", "交办件"], Channel::HandedDown),
    ];
    words
        .iter()
        .find(|(names, _)| names.contains(&t))
        .map(|(_, c)| *c)
        .or_else(|| Channel::parse(t))
        .or_else(|| Channel::ALL.into_iter().find(|c| c.label() == t))
}

/// The channel words listed in a refusal.
pub const CHANNEL_WORDS: &str = "来访、来信、电话、网上、下访、约访、交办";

/// A 办结 / 办理情况 cell as the case's state: `Some(InProgress)` for still
/// open (否, 未办结, 正在办理…), a closing outcome for 已办结 / 已化解 /
/// 息访息诉 (and yes-marks such as 是, √), `None` if the words say neither.
pub fn parse_outcome(text: &str) -> Option<Outcome> {
    match text.trim() {
        "是" | "已办结" | "办结" | "已结" | "结案" | "已结案" | "已答复" | "√" | "✓" | "✔" | "Y" | "y" | "yes"
        | "TRUE" | "true" => Some(Outcome::Handled),
        "已化解" | "化解" | "已调解" | "调解成功" | "已调处" => Some(Outcome::Resolved),
        "息访息诉" | "已息访" | "息访" | "停访息诉" => Some(Outcome::Stopped),
        "否" | "未办结" | "未结" | "未结案" | "正在办理" | "办理中" | "在办" | "正在化解" | "化解中" | "×" | "N"
        | "n" | "no" | "FALSE" | "false" | "" => Some(Outcome::InProgress),
        _ => None,
    }
}

/// The state words listed where a clerk maps their own.
pub const OUTCOME_WORDS: &str = "已办结、已化解、息访息诉、正在办理";

/// The village in an address such as 路居镇石岩哨村大营头组: the name that
/// ends in 村 after any township prefix (…镇 / …乡). Used only when the sheet
/// has no 村 column, since many ledgers keep the village in 住址.
pub fn village_from_address(address: &str) -> Option<String> {
    let after_township = address.rsplit_once(['镇', '乡']).map_or(address, |(_, rest)| rest).trim();
    let end = after_township.find('村')?;
    let village = &after_township[..end + '村'.len_utf8()];
    (village.chars().count() >= 2).then(|| village.to_owned())
}

/// The action of the event every imported case carries, on the day it came
/// in from the old ledger: its deadlines that had passed by then are
/// history, not today's work (see `store::due`).
pub const IMPORTED_EVENT: &str = "import";

/// What a historical row the sheet marks as closed becomes: the answer was
/// given (反馈结果, the sheet's 办理结果) and the case closed with the sheet's
/// outcome (办结, 化解 or 息访息诉). The steps in between are not invented: no
/// 委托 and no 双向承诺书 is recorded for it.
pub fn closed_historically(outcome: Outcome) -> Lifecycle {
    Lifecycle { step: Step::FedBack, route: Route::FiveStep, outcome, extension_days: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_as_clerks_type_them() {
        let day = |s: &str| parse_day_time(s).map(|d| d.to_string());
        assert_eq!(day("2009-03-06").as_deref(), Some("2009-03-06 00:00:00"));
        assert_eq!(day("2009/3/6").as_deref(), Some("2009-03-06 00:00:00"));
        assert_eq!(day("2009.3.6").as_deref(), Some("2009-03-06 00:00:00"));
        assert_eq!(day("2009年3月6日").as_deref(), Some("2009-03-06 00:00:00"));
        assert_eq!(day(" 2009-03-06 14:30 ").as_deref(), Some("2009-03-06 14:30:00"));
        for bad in ["2009-13-01", "2009-02-30", "09-3-6", "三月六日", "", "39878", "2009-03-06 25:00"] {
            assert_eq!(day(bad), None, "{bad}");
        }
    }

    #[test]
    fn channels_in_the_words_of_ledgers() {
        assert_eq!(parse_channel("来信"), Some(Channel::Letter));
        assert_eq!(parse_channel(" 上访 "), Some(Channel::Visit));
        assert_eq!(parse_channel("来电"), Some(Channel::Phone));
        assert_eq!(parse_channel("上级交办"), Some(Channel::HandedDown));
        assert_eq!(parse_channel("letter"), Some(Channel::Letter));
        assert_eq!(parse_channel("网上"), Some(Channel::Online));
        assert_eq!(parse_channel("传真"), None);
    }

    #[test]
    fn states_as_sheets_write_them() {
        assert_eq!(parse_outcome("已办结"), Some(Outcome::Handled));
        assert_eq!(parse_outcome("√"), Some(Outcome::Handled));
        assert_eq!(parse_outcome("已化解"), Some(Outcome::Resolved));
        assert_eq!(parse_outcome("息访息诉"), Some(Outcome::Stopped));
        assert_eq!(parse_outcome("正在办理"), Some(Outcome::InProgress));
        assert_eq!(parse_outcome(""), Some(Outcome::InProgress));
        assert_eq!(parse_outcome("大概吧"), None);
    }

    #[test]
    fn the_village_in_an_address() {
        assert_eq!(village_from_address("路居镇石岩哨村大营头组").as_deref(), Some("石岩哨村"));
        assert_eq!(village_from_address("兰田村赵家湾").as_deref(), Some("兰田村"));
        assert_eq!(village_from_address("大营头组"), None);
        assert_eq!(village_from_address("村"), None);
    }

    #[test]
    fn a_historical_closed_row_is_handled_and_closed_with_its_outcome() {
        let l = closed_historically(Outcome::Resolved);
        assert!(l.is_handled() && l.is_closed());
        assert_eq!((l.step, l.outcome), (Step::FedBack, Outcome::Resolved));
    }
}
