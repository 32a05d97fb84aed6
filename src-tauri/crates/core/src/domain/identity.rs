//! Resident identity numbers (居民身份号码, GB 11643) and mobile numbers.

use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Gender as derived from the ID number's sequence digit (odd = male).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// A validated 18-character resident ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    digits: String,
    birth_date: NaiveDate,
    gender: Gender,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// A number whose check character does not fit: somewhere a digit is wrong,
/// said so that a villager knows what to do.
pub const ID_MISTYPED: &str = "有误，请对照身份证重新输入";

const FIELD: &str = "id_number";
const LABEL: &str = "身份证号码";

impl IdNumber {
    /// Validates length, digits, birth date (a real day, not before 1900;
    /// not in the future is [`IdNumber::born_by`], which knows the day) and
    /// the ISO 7064 MOD 11-2 check character. A lower-case `x` is accepted
    /// and stored upper-case.
    pub fn parse(input: &str) -> Result<Self> {
        let digits = input.trim().to_ascii_uppercase();
        let invalid = |reason: String| Error::invalid(FIELD, LABEL, reason);
        if digits.chars().count() != 18 {
            return Err(invalid(format!("应为 18 位，实际 {} 位", digits.chars().count())));
        }
        let bytes = digits.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit) {
            return Err(invalid("前 17 位必须是数字".into()));
        }
        if !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
            return Err(invalid("最后一位必须是数字或 X".into()));
        }
        let sum: u32 = bytes[..17].iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        let expected = CHECK_CHARS[(sum % 11) as usize];
        if bytes[17] != expected {
            // Never the digit the sum expects: that invites changing the last
            // digit to fit instead of checking the number against the card.
            return Err(invalid(ID_MISTYPED.into()));
        }
        let birth_date = NaiveDate::parse_from_str(&digits[6..14], "%Y%m%d")
            .ok()
            .filter(|d| d.format("%Y").to_string().as_str() >= "1900")
            .ok_or_else(|| invalid(format!("出生日期“{}”无效", &digits[6..14])))?;
        let gender = if (bytes[16] - b'0') % 2 == 1 { Gender::Male } else { Gender::Female };
        Ok(IdNumber { digits, birth_date, gender })
    }

    /// The same number, if its holder was born by `day` (the day the record
    /// stands for: a visit's day, or the ledger's today): a birth date after
    /// it is a mistyped number, whatever its check character says.
    pub fn born_by(self, day: NaiveDate) -> Result<Self> {
        if self.birth_date > day {
            return Err(Error::invalid(
                FIELD,
                LABEL,
                format!(
                    "出生日期“{}”晚于登记的日期（{}），号码有误，请核对",
                    &self.digits[6..14],
                    day.format("%Y年%-m月%-d日")
                ),
            ));
        }
        Ok(self)
    }

    pub fn as_str(&self) -> &str {
        &self.digits
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    pub fn gender(&self) -> Gender {
        self.gender
    }
}

/// A first-generation 15-digit ID number (issued until 2004: 6-digit area,
/// 6-digit birth date without the century, 3-digit sequence) as the
/// 18-digit number GB 11643 gives it: "19" inserted before the birth year
/// and the check character computed. `None` if `input` is not 15 digits.
/// The result is still to be checked by [`IdNumber::parse`] (a real day).
pub fn upgrade_15(input: &str) -> Option<String> {
    let t = input.trim();
    if t.len() != 15 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let body = format!("{}19{}", &t[..6], &t[6..]);
    let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(format!("{body}{}", CHECK_CHARS[(sum % 11) as usize] as char))
}

/// Masks an ID number for display to people who do not need all of it:
/// area code and last four kept, e.g. `330102**********1234`.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// Masks a mobile number as `138****8000`.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// Validates a mainland mobile number (11 digits starting 1[3-9]) or a
/// landline (digits with an optional area-code hyphen, 7–13 digits), since
/// many elderly residents only have a landline.
pub fn parse_phone(input: &str) -> Result<String> {
    let phone: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let invalid = |reason: &str| Error::invalid("phone", "联系电话", reason);
    if phone.starts_with('1') {
        let ok = phone.len() == 11
            && phone.bytes().all(|b| b.is_ascii_digit())
            && (b'3'..=b'9').contains(&phone.as_bytes()[1]);
        return if ok { Ok(phone) } else { Err(invalid("手机号码应为 11 位数字，以 13–19 开头")) };
    }
    let digit_count = phone.bytes().filter(u8::is_ascii_digit).count();
    let shape_ok = phone.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && phone.matches('-').count() <= 1
        && phone.starts_with('0')
        && (7..=13).contains(&digit_count);
    if shape_ok {
        Ok(phone)
    } else {
        Err(invalid("号码格式不正确（手机 11 位，座机如 0871-12345678）"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_valid_number_and_derives_birth_and_gender() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.gender(), Gender::Female);
        let male = IdNumber::parse("110105194912310011").unwrap();
        assert_eq!(male.gender(), Gender::Male);
    }

    #[test]
    fn a_15_digit_number_becomes_18_digits_by_the_standard_rule() {
        // 110105491231002 is the old form of the valid 11010519491231002X.
        assert_eq!(upgrade_15("110105491231002").as_deref(), Some("11010519491231002X"));
        let up = upgrade_15(" 530102750612301 ").unwrap();
        assert_eq!(&up[..14], "53010219750612");
        assert!(IdNumber::parse(&up).is_ok(), "{up}");
        assert_eq!(upgrade_15("11010519491231002X"), None);
        assert_eq!(upgrade_15("11010549123100A"), None);
    }

    #[test]
    fn lower_case_x_is_normalised() {
        assert_eq!(IdNumber::parse("11010519491231002x").unwrap().as_str(), "11010519491231002X");
    }

    #[test]
    fn a_wrong_check_digit_asks_to_check_the_card_and_suggests_no_digit() {
        let err = IdNumber::parse("110105194912310021").unwrap_err();
        assert_eq!(err.field(), Some("id_number"));
        assert_eq!(err.to_string(), "身份证号码：有误，请对照身份证重新输入");
        assert!(!err.to_string().contains('X'), "{err}");
    }

    #[test]
    fn wrong_length_letters_and_impossible_dates_are_refused() {
        assert!(IdNumber::parse("1101051949123100").unwrap_err().to_string().contains("18 位"));
        assert!(IdNumber::parse("11010519491231A02X").is_err());
        // 1949-02-30 does not exist; check digit computed to be otherwise valid.
        let body = "11010519490230002";
        let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        let full = format!("{body}{}", CHECK_CHARS[(sum % 11) as usize] as char);
        assert!(IdNumber::parse(&full).unwrap_err().to_string().contains("出生日期"));
    }

    /// A number for someone born on `born` with its check character right.
    fn born(born: &str) -> String {
        let body = format!("110105{born}002");
        let sum: u32 = body.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        format!("{body}{}", CHECK_CHARS[(sum % 11) as usize] as char)
    }

    #[test]
    fn a_birth_date_before_1900_on_no_real_day_or_after_the_day_is_refused() {
        for date in ["18991231", "19990230", "20230229", "19991301"] {
            let e = IdNumber::parse(&born(date)).unwrap_err();
            assert_eq!(e.to_string(), format!("身份证号码：出生日期“{date}”无效"));
        }
        let day = NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
        assert!(IdNumber::parse(&born("20260506")).unwrap().born_by(day).is_ok());
        assert!(IdNumber::parse(&born("19000101")).unwrap().born_by(day).is_ok());
        let e = IdNumber::parse(&born("20260507")).unwrap().born_by(day).unwrap_err();
        assert_eq!(e.field(), Some("id_number"));
        assert_eq!(e.to_string(), "身份证号码：出生日期“20260507”晚于登记的日期（2026年5月6日），号码有误，请核对");
    }

    #[test]
    fn masks_keep_only_what_identifies_the_area_and_last_digits() {
        assert_eq!(mask_id_number("330102199001011234"), "330102********1234");
        assert_eq!(mask_phone("13800138000"), "138****8000");
    }

    #[test]
    fn phones() {
        assert_eq!(parse_phone("138 0013 8000").unwrap(), "13800138000");
        assert!(parse_phone("12800138000").is_err());
        assert!(parse_phone("1380013800").is_err());
        assert_eq!(parse_phone("0871-5551234").unwrap(), "0871-5551234");
        assert!(parse_phone("abc").is_err());
    }
}
