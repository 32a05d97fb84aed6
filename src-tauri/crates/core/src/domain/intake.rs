//! Intake (来访登记): the record of one visit, letter or call, as typed in,
//! and the checks that turn it into something the store may keep.

use super::channel::Channel;
use super::identity::{Gender, IdNumber, parse_phone};
use super::urgency::Urgency;
use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A resident as typed on the intake form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct PetitionerInput {
    /// An existing resident picked on the form (找到已登记的人).
    pub person_id: Option<String>,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    /// Only needed when there is no ID number to derive it from.
    pub gender: Option<Gender>,
    pub village: Option<String>,
    pub group: Option<String>,
    pub address: Option<String>,
    /// In a collective visit (5 or more people), the representatives chosen.
    pub representative: Option<bool>,
    /// 民族 and 职业: part of a party's basic situation on a mediation
    /// agreement (人民调解法第二十九条).
    pub ethnicity: Option<String>,
    pub occupation: Option<String>,
}

/// One visit, letter or call (the JSON that `xinfang visit add` reads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct VisitInput {
    pub channel: Channel,
    /// RFC 3339 with offset, e.g. `2026-03-02T09:30:00+08:00`.
    pub received_at: String,
    pub petitioners: Vec<PetitionerInput>,
    /// People who came; 5 or more with one shared request is a collective visit.
    #[serde(default)]
    pub headcount: Option<u32>,
    pub category: String,
    /// The request in the resident's own words (诉求).
    pub request: String,
    /// Who received it (首问责任人).
    pub received_by: String,
    #[serde(default)]
    pub facts: Option<String>,
    #[serde(default)]
    pub measures: Option<String>,
    #[serde(default)]
    pub urgency: Option<Urgency>,
    /// The earlier case this repeat visit belongs to (重复访).
    #[serde(default)]
    pub repeat_of: Option<String>,
    /// A report against an official (检举、揭发): the case is then seen only
    /// by those who handle it ([`crate::access::sees_confidential`]).
    #[serde(default)]
    pub confidential: bool,
}

/// A petitioner after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Petitioner {
    pub person_id: Option<String>,
    pub name: String,
    pub id_number: Option<IdNumber>,
    pub phone: Option<String>,
    pub gender: Option<Gender>,
    pub village: Option<String>,
    pub group: Option<String>,
    pub address: Option<String>,
    pub representative: bool,
    pub ethnicity: Option<String>,
    pub occupation: Option<String>,
}

/// A visit after validation: every field is what the store will keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub channel: Channel,
    pub received_at: DateTime<FixedOffset>,
    pub petitioners: Vec<Petitioner>,
    pub headcount: u32,
    pub category: String,
    pub request: String,
    pub received_by: String,
    pub facts: Option<String>,
    pub measures: Option<String>,
    pub urgency: Urgency,
    pub repeat_of: Option<String>,
    pub confidential: bool,
}

/// People in a collective visit (集体访) who must choose representatives.
pub const COLLECTIVE_VISIT_HEADCOUNT: u32 = 5;
/// At most this many representatives speak for a collective visit.
pub const MAX_REPRESENTATIVES: usize = 5;
/// Bounds on what one intake may hold, so a slip of the keyboard or a bad
/// script cannot fill the ledger.
pub const MAX_PETITIONERS: usize = 50;
pub const MAX_NAME_CHARS: usize = 50;
pub const MAX_SHORT_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 10_000;

/// Trims `s`; refuses it if empty or longer than `max` characters.
pub fn required_text(s: &str, field: &str, label: &str, max: usize) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::invalid(field, label, "不能为空"));
    }
    bounded(t, field, label, max)
}

/// Trims `s`; empty becomes `None`; refuses it if longer than `max`.
pub fn optional_text(s: Option<&str>, field: &str, label: &str, max: usize) -> Result<Option<String>> {
    match s.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => bounded(t, field, label, max).map(Some),
    }
}

fn bounded(t: &str, field: &str, label: &str, max: usize) -> Result<String> {
    let n = t.chars().count();
    if n > max {
        return Err(Error::invalid(field, label, format!("最多 {max} 个字，现有 {n} 个字")));
    }
    Ok(t.to_owned())
}

pub fn parse_time(s: &str, field: &str, label: &str) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s.trim())
        .map_err(|_| Error::invalid(field, label, format!("“{s}”不是有效的时间，应如 2026-03-02T09:30:00+08:00")))
}

impl PetitionerInput {
    /// The resident as the store may keep them, recorded for the day `on`
    /// (the visit's day, or the ledger's today): an ID number whose holder
    /// was born after it is refused.
    pub fn validate(&self, on: NaiveDate) -> Result<Petitioner> {
        let mut problems = Vec::new();
        let id_number = kept(
            &mut problems,
            optional_text(self.id_number.as_deref(), "id_number", "身份证号码", 18 * 4)
                .and_then(|s| s.map(|s| IdNumber::parse(&s).and_then(|id| id.born_by(on))).transpose()),
        )
        .flatten();
        let gender = match (&id_number, self.gender) {
            (Some(id), Some(g)) if id.gender() != g => {
                problems.push(Error::invalid(
                    "gender",
                    "性别",
                    format!("与身份证号码不符（号码显示为{}）", id.gender().label()),
                ));
                None
            }
            (Some(id), _) => Some(id.gender()),
            (None, g) => g,
        };
        let phone = kept(
            &mut problems,
            optional_text(self.phone.as_deref(), "phone", "联系电话", 20)
                .and_then(|p| p.map(|p| parse_phone(&p)).transpose()),
        )
        .flatten();
        let mut keep = |checked: Result<Option<String>>| kept(&mut problems, checked).flatten();
        let person_id = keep(optional_text(self.person_id.as_deref(), "person_id", "已登记的人", MAX_NAME_CHARS));
        let name = keep(required_text(&self.name, "name", "姓名", MAX_NAME_CHARS).map(Some));
        let village = keep(optional_text(self.village.as_deref(), "village", "村", MAX_NAME_CHARS));
        let group = keep(optional_text(self.group.as_deref(), "group", "组", MAX_NAME_CHARS));
        let address = keep(optional_text(self.address.as_deref(), "address", "住址", MAX_SHORT_CHARS));
        let ethnicity = keep(optional_text(self.ethnicity.as_deref(), "ethnicity", "民族", MAX_NAME_CHARS));
        let occupation = keep(optional_text(self.occupation.as_deref(), "occupation", "职业", MAX_NAME_CHARS));
        Error::all(problems)?;
        Ok(Petitioner {
            person_id,
            name: name.unwrap_or_default(),
            id_number,
            phone,
            gender,
            village,
            group,
            address,
            representative: self.representative.unwrap_or(false),
            ethnicity,
            occupation,
        })
    }
}

impl VisitInput {
    /// The visit as the store may keep it, or every field that is wrong, in
    /// the form's order (one [`Error::Fields`] when more than one), so the
    /// form marks them all at once.
    pub fn validate(&self) -> Result<Visit> {
        let mut problems = Vec::new();
        if self.petitioners.is_empty() {
            problems.push(Error::invalid("petitioners", "信访人", "至少登记一位信访人"));
        }
        if self.petitioners.len() > MAX_PETITIONERS {
            problems.push(Error::invalid(
                "petitioners",
                "信访人",
                format!("一次最多登记 {MAX_PETITIONERS} 人；集体访请只登记代表"),
            ));
        }
        let received_at = kept(&mut problems, parse_time(&self.received_at, "received_at", "登记时间"));
        // Without a time, a birth date is checked against no day (the time is refused already).
        let received_on =
            received_at.map_or(NaiveDate::MAX, |t| t.with_timezone(&crate::clock::china()).date_naive());
        let petitioners: Vec<Option<Petitioner>> = self
            .petitioners
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let checked = p
                    .validate(received_on)
                    .map_err(|e| e.within(&format!("petitioners[{i}]"), &format!("第 {} 位信访人的", i + 1)));
                kept(&mut problems, checked)
            })
            .collect();
        // What depends on every petitioner is checked once each of them is whole.
        let petitioners: Option<Vec<Petitioner>> = petitioners.into_iter().collect();
        let headcount = petitioners.as_ref().and_then(|petitioners| {
            kept(&mut problems, Self::check_people(petitioners, self.headcount))
        });
        let category = kept(&mut problems, required_text(&self.category, "category", "类别", MAX_NAME_CHARS));
        let request = kept(&mut problems, required_text(&self.request, "request", "诉求", MAX_TEXT_CHARS));
        let received_by =
            kept(&mut problems, required_text(&self.received_by, "received_by", "接待人", MAX_NAME_CHARS));
        let facts =
            kept(&mut problems, optional_text(self.facts.as_deref(), "facts", "调查核实情况", MAX_TEXT_CHARS));
        let measures =
            kept(&mut problems, optional_text(self.measures.as_deref(), "measures", "采取措施", MAX_TEXT_CHARS));
        let repeat_of = kept(&mut problems, optional_text(self.repeat_of.as_deref(), "repeat_of", "原信访事项", 64));
        Error::all(problems)?;
        // No problem was found, so every part is there.
        let (Some(received_at), Some(petitioners), Some(headcount)) = (received_at, petitioners, headcount) else {
            return Err(Error::invalid("petitioners", "信访人", "至少登记一位信访人"));
        };
        Ok(Visit {
            channel: self.channel,
            received_at,
            petitioners,
            headcount,
            category: category.unwrap_or_default(),
            request: request.unwrap_or_default(),
            received_by: received_by.unwrap_or_default(),
            facts: facts.flatten(),
            measures: measures.flatten(),
            urgency: self.urgency.unwrap_or_default(),
            repeat_of: repeat_of.flatten(),
            confidential: self.confidential,
        })
    }

    /// The head count against the people listed: one ID number once, no
    /// fewer people than listed, and a collective visit's representatives.
    fn check_people(petitioners: &[Petitioner], headcount: Option<u32>) -> Result<u32> {
        let mut seen = std::collections::HashSet::new();
        for p in petitioners.iter().filter_map(|p| p.id_number.as_ref()) {
            if !seen.insert(p.as_str()) {
                return Err(Error::invalid("petitioners", "信访人", "同一身份证号码登记了两次"));
            }
        }
        let headcount = headcount.unwrap_or(petitioners.len() as u32);
        if (headcount as usize) < petitioners.len() {
            return Err(Error::invalid(
                "headcount",
                "来访人数",
                format!("不能少于登记的信访人数（{} 人）", petitioners.len()),
            ));
        }
        if headcount >= COLLECTIVE_VISIT_HEADCOUNT {
            let reps = petitioners.iter().filter(|p| p.representative).count();
            if reps == 0 || reps > MAX_REPRESENTATIVES {
                return Err(Error::invalid(
                    "petitioners",
                    "代表",
                    format!(
                        "{headcount} 人同一诉求为集体访，须推选代表，代表不超过 {MAX_REPRESENTATIVES} 人（现为 {reps} 人）"
                    ),
                ));
            }
        }
        Ok(headcount)
    }
}

/// A part that passed, or nothing with its problem kept for the answer.
fn kept<T>(problems: &mut Vec<Error>, checked: Result<T>) -> Option<T> {
    checked.map_err(|e| problems.push(e)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> VisitInput {
        serde_json::from_str(
            r#"{"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
                "petitioners": [{"name": "张某某", "id_number": "11010519491231002X", "phone": "13800138000", "village": "石岩哨村", "group": "大营头组"}],
                "headcount": 1, "category": "土地承包", "request": "反映承包地被他人占用葬坟，要求处理。", "received_by": "李某"}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_documented_example_is_valid() {
        let v = input().validate().unwrap();
        assert_eq!(v.channel, Channel::Visit);
        assert_eq!(v.petitioners[0].gender, Some(Gender::Female));
        assert_eq!(v.received_at.offset().local_minus_utc(), 8 * 3600);
        assert_eq!(v.urgency, Urgency::Normal);
    }

    #[test]
    fn unknown_keys_and_channels_are_refused_by_the_parser() {
        assert!(serde_json::from_str::<VisitInput>(r#"{"channel":"fax"}"#).is_err());
        let mut j = serde_json::to_value(input()).unwrap();
        j["requset"] = "typo".into();
        assert!(serde_json::from_value::<VisitInput>(j).is_err());
    }

    #[test]
    fn bad_fields_are_named() {
        let mut v = input();
        v.request = "   ".into();
        assert_eq!(v.validate().unwrap_err().field(), Some("request"));
        let mut v = input();
        v.petitioners[0].id_number = Some("110105194912310021".into());
        let e = v.validate().unwrap_err();
        assert_eq!(e.field(), Some("petitioners[0].id_number"));
        assert!(e.to_string().starts_with("第 1 位信访人的身份证号码"), "{e}");
        let mut v = input();
        v.received_at = "yesterday".into();
        assert_eq!(v.validate().unwrap_err().field(), Some("received_at"));
        let mut v = input();
        v.petitioners[0].gender = Some(Gender::Male);
        assert_eq!(v.validate().unwrap_err().field(), Some("petitioners[0].gender"));
        let mut v = input();
        v.request = "诉".repeat(MAX_TEXT_CHARS + 1);
        assert!(v.validate().unwrap_err().to_string().contains("最多"));
    }

    #[test]
    fn every_wrong_field_is_named_at_once_in_the_forms_order() {
        let mut v = input();
        v.petitioners[0].id_number = Some("110105194912310021".into());
        v.petitioners[0].phone = Some("12345".into());
        v.category = " ".into();
        v.received_by = String::new();
        let e = v.validate().unwrap_err();
        let Error::Fields(all) = &e else { panic!("one problem only: {e}") };
        let fields: Vec<&str> = all.iter().filter_map(Error::field).collect();
        assert_eq!(fields, ["petitioners[0].id_number", "petitioners[0].phone", "category", "received_by"]);
        assert_eq!(e.field(), Some("petitioners[0].id_number"), "said as the first");
        assert_eq!(all[0].to_string(), "第 1 位信访人的身份证号码：有误，请对照身份证重新输入");
    }

    #[test]
    fn collective_visits_need_one_to_five_representatives() {
        let rep = |name: &str| PetitionerInput { name: name.into(), representative: Some(true), ..Default::default() };
        let mut v = input();
        v.headcount = Some(30);
        let e = v.validate().unwrap_err();
        assert!(e.to_string().contains("集体访"), "{e}");
        v.petitioners = ["甲", "乙", "丙", "丁", "戊"].map(rep).to_vec();
        assert_eq!(v.validate().unwrap().headcount, 30);
        v.petitioners.push(rep("己"));
        assert!(v.validate().unwrap_err().to_string().contains("不超过 5 人"));
    }

    #[test]
    fn headcount_cannot_be_below_the_people_listed() {
        let mut v = input();
        v.petitioners.push(PetitionerInput { name: "王某".into(), ..Default::default() });
        v.headcount = Some(1);
        assert_eq!(v.validate().unwrap_err().field(), Some("headcount"));
    }
}
