//! The rest of what clerks write in an Excel ledger (台账) and the ledger
//! must read rather than refuse: a day without its year (4月8日 under a
//! title that names 2009), a head count such as "30余人", a gender, a local
//! landline without its area code, and the year a title or sheet name gives.
//! Pure rules; `ledger_import` applies them.

use super::identity::Gender;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A day written without its year, 4月8日 (or 4月8号), on `year`.
pub fn parse_month_day(text: &str, year: i32) -> Option<NaiveDateTime> {
    let t = text.trim();
    let (month, rest) = t.split_once('月')?;
    let day = rest.strip_suffix('日').or_else(|| rest.strip_suffix('号')).unwrap_or(rest);
    let (m, d) = (month.trim().parse().ok()?, day.trim().parse().ok()?);
    Some(NaiveDate::from_ymd_opt(year, m, d)?.and_time(NaiveTime::MIN))
}

/// Years a ledger may name (anything else in a title is a number, not a year).
const YEARS: std::ops::RangeInclusive<i32> = 1980..=2100;

/// The year a title or sheet name gives, e.g. 路居镇2009年上半年信访台账 →
/// 2009: four digits, preferably followed by 年.
pub fn year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    let mut plain = None;
    for i in 0..chars.len().saturating_sub(3) {
        let window = &chars[i..i + 4];
        let before_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let after_digit = chars.get(i + 4).is_some_and(|c| c.is_ascii_digit());
        if before_digit || after_digit || !window.iter().all(char::is_ascii_digit) {
            continue;
        }
        let Ok(y) = window.iter().collect::<String>().parse::<i32>() else { continue };
        if !YEARS.contains(&y) {
            continue;
        }
        if chars.get(i + 4) == Some(&'年') {
            return Some(y);
        }
        plain = plain.or(Some(y));
    }
    plain
}

/// A head count as written: 15, "8人", "30余人", "30多人", "约30人". The
/// number is a lower bound when the words say "more than".
pub fn parse_headcount(text: &str) -> Option<u32> {
    let t = text.trim().trim_start_matches(['约', '近']);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim();
    let n: u32 = digits.parse().ok()?;
    let known = ["", "人", "余人", "多人", "余", "多", "人以上", "名", "余名", "多名"];
    (n > 0 && known.contains(&rest)).then_some(n)
}

/// 男 / 女 as a 性别 cell writes it.
pub fn parse_gender(text: &str) -> Option<Gender> {
    match text.trim() {
        "男" | "男性" | "M" | "m" => Some(Gender::Male),
        "女" | "女性" | "F" | "f" => Some(Gender::Female),
        _ => None,
    }
}

/// A local landline without its area code (7 or 8 digits, as old ledgers
/// of a county write them), kept as written.
pub fn local_landline(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let ok = (7..=8).contains(&t.len())
        && t.bytes().all(|b| b.is_ascii_digit())
        && !t.starts_with('0')
        && !t.starts_with('1');
    ok.then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_without_its_year() {
        let d = |s: &str| parse_month_day(s, 2009).map(|d| d.date().to_string());
        assert_eq!(d("4月27日").as_deref(), Some("2009-04-27"));
        assert_eq!(d(" 12月1号 ").as_deref(), Some("2009-12-01"));
        assert_eq!(d("2月30日"), None);
        assert_eq!(d("2009年4月8日"), None, "a full date is not a month and a day");
        assert_eq!(d("四月八日"), None);
    }

    #[test]
    fn the_year_a_title_names() {
        assert_eq!(year_in("路居镇2009年上半年信访台账"), Some(2009));
        assert_eq!(year_in("2009下半年"), Some(2009));
        assert_eq!(year_in("共13800元 2010年"), Some(2010), "a year with 年 wins over a number");
        assert_eq!(year_in("电话 13800138000"), None);
        assert_eq!(year_in("上半年"), None);
    }

    #[test]
    fn head_counts_as_written() {
        assert_eq!(parse_headcount("30余人"), Some(30));
        assert_eq!(parse_headcount("15"), Some(15));
        assert_eq!(parse_headcount("8人"), Some(8));
        assert_eq!(parse_headcount("约20多人"), Some(20));
        for bad in ["", "0", "许多人", "3-5人", "三十人"] {
            assert_eq!(parse_headcount(bad), None, "{bad}");
        }
    }

    #[test]
    fn genders_and_local_landlines() {
        assert_eq!(parse_gender(" 女 "), Some(Gender::Female));
        assert_eq!(parse_gender("男性"), Some(Gender::Male));
        assert_eq!(parse_gender("未知"), None);
        assert_eq!(local_landline("7654321").as_deref(), Some("7654321"));
        assert_eq!(local_landline("765-4321").as_deref(), Some("7654321"));
        assert_eq!(local_landline("13800138000"), None, "a mobile is not a landline");
        assert_eq!(local_landline("0871765"), None, "an area code starts with 0");
        assert_eq!(local_landline("12345"), None);
    }
}
