//! The papers of a case other than the agreement (issue 24): the 15-day
//! notice to the resident, the written answer (处理意见书), the mediation
//! file's application, rights notice, investigation and mediation records,
//! and the joint application for judicial confirmation with the court's
//! decision. Each is written once; a mistake is put right by a new paper.
//! What each must say is checked here, before anything is stored.

use super::intake::{MAX_NAME_CHARS, MAX_SHORT_CHARS, MAX_TEXT_CHARS, required_text};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which way the matter goes, as the 15-day notice tells the resident
/// (信访工作条例: taken up, passed to the body responsible, or directed to
/// the legal route; or not accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NoticeKind {
    /// 受理告知书: taken up here.
    Accepted,
    /// 转送告知书: passed to the body responsible for it.
    Transferred,
    /// 告知书（法定途径）: to be brought by a lawsuit, arbitration or an
    /// administrative review instead.
    LegalRoute,
    /// 不予受理告知书, with the reason.
    NotAccepted,
}

impl NoticeKind {
    /// The paper's title.
    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Accepted => "信访事项受理告知书",
            NoticeKind::Transferred => "信访事项转送告知书",
            NoticeKind::LegalRoute => "依法通过法定途径解决告知书",
            NoticeKind::NotAccepted => "信访事项不予受理告知书",
        }
    }
}

/// How a paper reached the resident (送达方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Delivery {
    /// 当面送达
    InPerson,
    /// 邮寄送达
    Post,
    /// 电子送达 (短信、微信等)
    Electronic,
}

impl Delivery {
    pub fn label(self) -> &'static str {
        match self {
            Delivery::InPerson => "当面送达",
            Delivery::Post => "邮寄送达",
            Delivery::Electronic => "电子送达",
        }
    }
}

/// What a paper says, by kind. `dated_on` (beside it) is the day it
/// counts from: delivered, signed, held, applied or decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum PaperContent {
    /// The written notice within 15 days of receipt of how the matter is
    /// dealt with; recording it (with its delivery) meets the 受理告知 limit.
    Notice {
        notice: NoticeKind,
        /// The body it was passed to, or the court / arbitration body /
        /// reviewing organ of the legal route.
        #[serde(default)]
        to_body: Option<String>,
        /// Why it is not accepted, or why the legal route is the way.
        #[serde(default)]
        reason: Option<String>,
        delivery: Delivery,
    },
    /// 信访事项处理意见书: the facts found, the basis, the answer; the
    /// resident may ask `review_body` for review within 30 days.
    Answer { facts: String, basis: String, answer: String, review_body: String, delivery: Delivery },
    /// 人民调解申请书, or an oral application the mediator wrote down.
    Application {
        oral: bool,
        /// The applicant(s), person ids.
        applicant_ids: Vec<String>,
        /// 申请事项
        request: String,
        /// 事实和理由
        facts: String,
    },
    /// 当事人权利义务告知书, signed by the parties on `dated_on`.
    RightsNotice { party_ids: Vec<String> },
    /// 调查记录
    Investigation { place: String, investigators: Vec<String>, interviewee: String, record: String },
    /// 调解记录: who, when, where, what each party said, what was agreed.
    MediationRecord {
        place: String,
        mediators: Vec<String>,
        /// Persons present (parties).
        party_ids: Vec<String>,
        /// What each party said and how the mediation went.
        record: String,
        /// 调解结果
        result: String,
    },
    /// 司法确认申请书: both parties ask the court to confirm a signed
    /// written agreement (人民调解法第三十三条, within 30 days).
    ConfirmationApplication { agreement_id: String, court: String },
    /// The court's decision on that application.
    ConfirmationDecision { agreement_id: String, confirmed: bool, note: Option<String> },
}

impl PaperContent {
    /// The kind as stored (`case_paper.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            PaperContent::Notice { .. } => "notice",
            PaperContent::Answer { .. } => "answer",
            PaperContent::Application { .. } => "application",
            PaperContent::RightsNotice { .. } => "rights_notice",
            PaperContent::Investigation { .. } => "investigation",
            PaperContent::MediationRecord { .. } => "mediation_record",
            PaperContent::ConfirmationApplication { .. } => "confirmation_application",
            PaperContent::ConfirmationDecision { .. } => "confirmation_decision",
        }
    }

    /// The paper's name, as the case page and the 卷内目录 list it.
    pub fn title(&self) -> String {
        match self {
            PaperContent::Notice { notice, .. } => notice.title().to_owned(),
            PaperContent::Answer { .. } => "信访事项处理意见书".to_owned(),
            PaperContent::Application { oral: false, .. } => "人民调解申请书".to_owned(),
            PaperContent::Application { oral: true, .. } => "人民调解申请书（口头申请记录）".to_owned(),
            PaperContent::RightsNotice { .. } => "人民调解当事人权利义务告知书".to_owned(),
            PaperContent::Investigation { .. } => "调查记录".to_owned(),
            PaperContent::MediationRecord { .. } => "调解记录".to_owned(),
            PaperContent::ConfirmationApplication { .. } => "司法确认申请书".to_owned(),
            PaperContent::ConfirmationDecision { confirmed: true, .. } => "司法确认结果（确认有效）".to_owned(),
            PaperContent::ConfirmationDecision { confirmed: false, .. } => "司法确认结果（不予确认）".to_owned(),
        }
    }

    /// The agreement the paper is about, if it is about one.
    pub fn agreement_id(&self) -> Option<&str> {
        match self {
            PaperContent::ConfirmationApplication { agreement_id, .. }
            | PaperContent::ConfirmationDecision { agreement_id, .. } => Some(agreement_id),
            _ => None,
        }
    }

    /// The persons the paper names, to check they are on file.
    pub fn person_ids(&self) -> &[String] {
        match self {
            PaperContent::Application { applicant_ids: ids, .. }
            | PaperContent::RightsNotice { party_ids: ids }
            | PaperContent::MediationRecord { party_ids: ids, .. } => ids,
            _ => &[],
        }
    }

    /// Trims every text and checks what the paper must say; field names
    /// are those of the command's `content`. The first problem; the form
    /// asks [`PaperContent::checked`] for all of them.
    pub fn normalised(&self) -> Result<PaperContent> {
        self.checked().map_err(|mut problems| problems.remove(0))
    }

    /// Every field checked in one pass: the paper trimmed, or each field's
    /// problem (never an empty list), in the order the form shows them.
    pub fn checked(&self) -> std::result::Result<PaperContent, Vec<Error>> {
        let mut c = Problems::default();
        let text =
            |s: &str, field: &str, label: &str| required_text(s, &format!("content.{field}"), label, MAX_TEXT_CHARS);
        let short =
            |s: &str, field: &str, label: &str| required_text(s, &format!("content.{field}"), label, MAX_SHORT_CHARS);
        let names = |v: &[String], field: &str, label: &str| -> Result<Vec<String>> {
            let names: Vec<String> = v
                .iter()
                .map(|n| required_text(n, &format!("content.{field}"), label, MAX_NAME_CHARS))
                .collect::<Result<_>>()?;
            if names.is_empty() {
                return Err(Error::invalid(&format!("content.{field}"), label, "至少填写一人"));
            }
            Ok(names)
        };
        let people = |v: &[String], field: &str, label: &str| -> Result<Vec<String>> {
            let mut ids: Vec<String> = Vec::new();
            for id in v.iter().map(|i| i.trim().to_owned()) {
                if ids.contains(&id) {
                    return Err(Error::invalid(&format!("content.{field}"), label, "同一人选了两次"));
                }
                ids.push(id);
            }
            if ids.is_empty() {
                return Err(Error::invalid(&format!("content.{field}"), label, "至少选择一人"));
            }
            Ok(ids)
        };
        let paper = match self {
            PaperContent::Notice { notice, to_body, reason, delivery } => {
                let optional = |s: &Option<String>, field: &str, label: &str| {
                    s.as_deref().map(|s| short(s, field, label)).transpose()
                };
                let to_body = c.take(optional(to_body, "to_body", "转送或告知的机关")).flatten();
                let reason = c.take(optional(reason, "reason", "理由")).flatten();
                let missing = match notice {
                    NoticeKind::Transferred if to_body.is_none() => {
                        Some(Error::invalid("content.to_body", "转送机关", "请写明转送给哪个机关、单位"))
                    }
                    NoticeKind::LegalRoute if to_body.is_none() => Some(Error::invalid(
                        "content.to_body",
                        "法定途径",
                        "请写明通过哪种法定途径、向哪个机关提出（如向某某人民法院起诉）",
                    )),
                    NoticeKind::NotAccepted if reason.is_none() => {
                        Some(Error::invalid("content.reason", "不予受理的理由", "请写明不予受理的理由"))
                    }
                    _ => None,
                };
                // A blank text already named its field; say it once.
                if let Some(e) = missing.filter(|e| !c.names(e.field())) {
                    c.0.push(e);
                }
                PaperContent::Notice { notice: *notice, to_body, reason, delivery: *delivery }
            }
            PaperContent::Answer { facts, basis, answer, review_body, delivery } => PaperContent::Answer {
                facts: c.take(text(facts, "facts", "查明的事实")).unwrap_or_default(),
                basis: c.take(text(basis, "basis", "处理依据")).unwrap_or_default(),
                answer: c.take(text(answer, "answer", "处理意见")).unwrap_or_default(),
                review_body: c.take(short(review_body, "review_body", "复查机关")).unwrap_or_default(),
                delivery: *delivery,
            },
            PaperContent::Application { oral, applicant_ids, request, facts } => PaperContent::Application {
                oral: *oral,
                applicant_ids: c.take(people(applicant_ids, "applicant_ids", "申请人")).unwrap_or_default(),
                request: c.take(text(request, "request", "申请事项")).unwrap_or_default(),
                facts: c.take(text(facts, "facts", "事实和理由")).unwrap_or_default(),
            },
            PaperContent::RightsNotice { party_ids } => PaperContent::RightsNotice {
                party_ids: c.take(people(party_ids, "party_ids", "当事人")).unwrap_or_default(),
            },
            PaperContent::Investigation { place, investigators, interviewee, record } => PaperContent::Investigation {
                place: c.take(short(place, "place", "调查地点")).unwrap_or_default(),
                investigators: c.take(names(investigators, "investigators", "调查人")).unwrap_or_default(),
                interviewee: c.take(short(interviewee, "interviewee", "被调查人")).unwrap_or_default(),
                record: c.take(text(record, "record", "调查内容")).unwrap_or_default(),
            },
            PaperContent::MediationRecord { place, mediators, party_ids, record, result } => {
                PaperContent::MediationRecord {
                    place: c.take(short(place, "place", "调解地点")).unwrap_or_default(),
                    mediators: c.take(names(mediators, "mediators", "调解员")).unwrap_or_default(),
                    party_ids: c.take(people(party_ids, "party_ids", "当事人")).unwrap_or_default(),
                    record: c.take(text(record, "record", "调解情况")).unwrap_or_default(),
                    result: c.take(text(result, "result", "调解结果")).unwrap_or_default(),
                }
            }
            PaperContent::ConfirmationApplication { agreement_id, court } => PaperContent::ConfirmationApplication {
                agreement_id: c.take(short(agreement_id, "agreement_id", "调解协议")).unwrap_or_default(),
                court: c.take(short(court, "court", "人民法院")).unwrap_or_default(),
            },
            PaperContent::ConfirmationDecision { agreement_id, confirmed, note } => {
                PaperContent::ConfirmationDecision {
                    agreement_id: c.take(short(agreement_id, "agreement_id", "调解协议")).unwrap_or_default(),
                    confirmed: *confirmed,
                    note: c
                        .take(note.as_deref().map(|n| short(n, "note", "说明")).transpose())
                        .flatten()
                        .filter(|n| !n.is_empty()),
                }
            }
        };
        if c.0.is_empty() { Ok(paper) } else { Err(c.0) }
    }
}

/// The problems found so far in one pass over a paper's fields.
#[derive(Default)]
struct Problems(Vec<Error>);

impl Problems {
    /// The value, or `None` with its problem noted.
    fn take<T>(&mut self, r: Result<T>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }

    /// Whether a problem is already noted on `field`.
    fn names(&self, field: Option<&str>) -> bool {
        self.0.iter().any(|e| e.field() == field)
    }
}

/// Days a resident has to ask for review of a written answer (复查): from
/// the day the answer was received (信访工作条例).
pub const REVIEW_DAYS: u32 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_names_what_its_kind_needs() {
        let notice = |notice, to_body: Option<&str>, reason: Option<&str>| PaperContent::Notice {
            notice,
            to_body: to_body.map(str::to_owned),
            reason: reason.map(str::to_owned),
            delivery: Delivery::InPerson,
        };
        let e = notice(NoticeKind::Transferred, None, None).normalised().unwrap_err();
        assert_eq!(e.field(), Some("content.to_body"));
        let e = notice(NoticeKind::NotAccepted, Some("  "), Some(" ")).normalised().unwrap_err();
        assert_eq!(e.field(), Some("content.to_body"), "a blank text is refused, not kept");
        let e = notice(NoticeKind::NotAccepted, None, None).normalised().unwrap_err();
        assert_eq!(e.field(), Some("content.reason"));
        let ok = notice(NoticeKind::LegalRoute, Some(" 石岩县人民法院 "), None).normalised().unwrap();
        assert!(matches!(ok, PaperContent::Notice { to_body: Some(b), .. } if b == "石岩县人民法院"));
        assert!(notice(NoticeKind::Accepted, None, None).normalised().is_ok());
    }

    #[test]
    fn records_need_their_people_and_text() {
        let r = PaperContent::MediationRecord {
            place: "村委会".into(),
            mediators: vec!["李调解".into()],
            party_ids: vec!["a".into(), "a".into()],
            record: "双方陈述".into(),
            result: "达成协议".into(),
        };
        assert_eq!(r.normalised().unwrap_err().field(), Some("content.party_ids"));
        let i = PaperContent::Investigation {
            place: "现场".into(),
            investigators: vec![],
            interviewee: "王某".into(),
            record: "查看".into(),
        };
        assert_eq!(i.normalised().unwrap_err().field(), Some("content.investigators"));
    }

    /// The form marks every field at once: each blank or missing field has
    /// its own problem, in the form's order, and none twice.
    #[test]
    fn every_problem_of_a_paper_is_found_in_one_pass() {
        let fields = |p: PaperContent| -> Vec<String> {
            p.checked().unwrap_err().iter().map(|e| e.field().unwrap().to_owned()).collect()
        };
        let r = PaperContent::MediationRecord {
            place: " ".into(),
            mediators: vec![],
            party_ids: vec![],
            record: "".into(),
            result: "达成协议".into(),
        };
        assert_eq!(fields(r), ["content.place", "content.mediators", "content.party_ids", "content.record"]);
        let a = PaperContent::Application { oral: true, applicant_ids: vec![], request: "".into(), facts: "".into() };
        assert_eq!(fields(a), ["content.applicant_ids", "content.request", "content.facts"]);
        let n = PaperContent::Notice {
            notice: NoticeKind::NotAccepted,
            to_body: None,
            reason: Some(" ".into()),
            delivery: Delivery::Post,
        };
        assert_eq!(fields(n), ["content.reason"], "a blank reason is named once");
        let ok = PaperContent::Investigation {
            place: " 现场 ".into(),
            investigators: vec!["李某".into()],
            interviewee: "王某".into(),
            record: "查看".into(),
        };
        assert!(matches!(ok.checked(), Ok(PaperContent::Investigation { place, .. }) if place == "现场"));
    }
}
