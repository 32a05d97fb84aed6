//! Mediation agreements (人民调解协议书). Per the People's Mediation Law an
//! agreement takes effect when every party and the mediator sign and the
//! committee seals it; a signed agreement is never edited: a correction is a
//! new version that supersedes it, and both stay in the file.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AgreementForm {
    /// 书面协议: printed and signed.
    Written,
    /// 口头协议: recorded by the mediator (人民调解法 Art. 28/30).
    Oral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AgreementStatus {
    /// 草稿: still being written; may be edited.
    Draft,
    /// 已签订: signed by every party; locked.
    Signed,
    /// 已被更正: replaced by a newer version; kept for the file.
    Superseded,
}

impl AgreementStatus {
    pub fn label(self) -> &'static str {
        match self {
            AgreementStatus::Draft => "草稿",
            AgreementStatus::Signed => "已签订",
            AgreementStatus::Superseded => "已被更正",
        }
    }
}

/// What an agreement says (人民调解法第二十九条 lists these contents).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct AgreementContent {
    /// Person ids of the parties (当事人).
    pub party_ids: Vec<String>,
    /// 纠纷主要事实、争议事项
    pub facts: String,
    /// 各方当事人的责任
    pub responsibilities: String,
    /// 协议内容, numbered when printed: 1… 2… 3…
    pub terms: Vec<String>,
    /// 履行方式、时限
    pub performance: String,
    /// 本协议一式＿份
    pub copies: u32,
    /// 调解员
    pub mediators: Vec<String>,
    /// 记录人
    pub recorder: String,
}

/// Parties named on one agreement at most (the print layout holds ten).
pub const MAX_PARTIES: usize = 10;

/// Bounds on one agreement, so the printed form stays a document.
pub const MAX_TERMS: usize = 50;
pub const MAX_MEDIATORS: usize = 5;
pub const MAX_COPIES: u32 = 20;

impl AgreementContent {
    /// Trims every text and checks its bounds; a draft may still be
    /// incomplete (see [`AgreementContent::check_signable`]).
    pub fn normalised(&self) -> Result<AgreementContent> {
        use crate::domain::intake::{MAX_NAME_CHARS, MAX_SHORT_CHARS, MAX_TEXT_CHARS, optional_text};
        let text = |s: &str, field: &str, label: &str, max: usize| {
            optional_text(Some(s), field, label, max).map(Option::unwrap_or_default)
        };
        let mut party_ids: Vec<String> = Vec::new();
        for id in &self.party_ids {
            if party_ids.contains(id) {
                return Err(Error::invalid("party_ids", "当事人", "同一当事人选了两次"));
            }
            party_ids.push(id.clone());
        }
        if party_ids.len() > MAX_PARTIES {
            return Err(Error::invalid("party_ids", "当事人", format!("一份协议最多 {MAX_PARTIES} 方当事人")));
        }
        let terms: Vec<String> = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| text(t, &format!("terms[{i}]"), &format!("第 {} 条协议内容", i + 1), MAX_SHORT_CHARS * 10))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect();
        if terms.len() > MAX_TERMS {
            return Err(Error::invalid("terms", "协议内容", format!("最多 {MAX_TERMS} 条")));
        }
        let mediators: Vec<String> = self
            .mediators
            .iter()
            .map(|m| text(m, "mediators", "调解员", MAX_NAME_CHARS))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|m| !m.is_empty())
            .collect();
        if mediators.len() > MAX_MEDIATORS {
            return Err(Error::invalid("mediators", "调解员", format!("最多 {MAX_MEDIATORS} 名")));
        }
        if self.copies > MAX_COPIES {
            return Err(Error::invalid("copies", "份数", format!("最多 {MAX_COPIES} 份")));
        }
        Ok(AgreementContent {
            party_ids,
            facts: text(&self.facts, "facts", "纠纷主要事实、争议事项", MAX_TEXT_CHARS)?,
            responsibilities: text(&self.responsibilities, "responsibilities", "各方当事人的责任", MAX_TEXT_CHARS)?,
            terms,
            performance: text(&self.performance, "performance", "履行方式、时限", MAX_TEXT_CHARS)?,
            copies: self.copies,
            mediators,
            recorder: text(&self.recorder, "recorder", "记录人", MAX_NAME_CHARS)?,
        })
    }

    /// Checks what must be there before the parties can sign: the first of
    /// [`AgreementContent::signing_problems`].
    pub fn check_signable(&self, form: AgreementForm) -> Result<()> {
        self.signing_problems(form).into_iter().next().map_or(Ok(()), Err)
    }

    /// Everything that stands between this text and signing, all at once and
    /// in the form's order, so a form can mark every field in one go rather
    /// than one refusal per try.
    pub fn signing_problems(&self, form: AgreementForm) -> Vec<Error> {
        let mut problems = Vec::new();
        if self.party_ids.len() < 2 {
            problems.push(Error::invalid("party_ids", "当事人", "调解协议至少要有两方当事人"));
        }
        if self.party_ids.len() > MAX_PARTIES {
            problems.push(Error::invalid("party_ids", "当事人", format!("一份协议最多 {MAX_PARTIES} 方当事人")));
        }
        if self.facts.trim().is_empty() {
            problems.push(Error::invalid("facts", "纠纷主要事实、争议事项", "不能为空"));
        } else if has_blank(&self.facts) {
            problems.push(Error::invalid("facts", "纠纷主要事实、争议事项", BLANK_LEFT));
        }
        if self.terms.iter().all(|t| t.trim().is_empty()) {
            problems.push(Error::invalid("terms", "协议内容", "至少写一条双方达成的协议"));
        }
        for (i, _) in self.terms.iter().enumerate().filter(|(_, t)| has_blank(t)) {
            problems.push(Error::invalid(&format!("terms[{i}]"), &format!("第 {} 条协议内容", i + 1), BLANK_LEFT));
        }
        if form == AgreementForm::Written {
            if self.performance.trim().is_empty() {
                problems.push(Error::invalid("performance", "履行方式、时限", "不能为空"));
            } else if has_blank(&self.performance) {
                problems.push(Error::invalid("performance", "履行方式、时限", BLANK_LEFT));
            }
            if self.copies < self.party_ids.len() as u32 + 1 {
                problems.push(Error::invalid(
                    "copies",
                    "份数",
                    format!("当事人各持一份、调解委员会留存一份，至少 {} 份", self.party_ids.len() + 1),
                ));
            }
        }
        if self.mediators.iter().all(|m| m.trim().is_empty()) {
            problems.push(Error::invalid("mediators", "调解员", "至少一名调解员"));
        }
        problems
    }
}

/// The mark a template leaves where a figure agreed in the mediation goes
/// (an amount, a date): signing waits until it is filled in.
pub const BLANK: char = '＿';
const BLANK_LEFT: &str = "还有空白（＿＿）没有填写";

fn has_blank(text: &str) -> bool {
    text.contains(BLANK)
}

/// May this version's text still be changed?
pub fn check_editable(status: AgreementStatus) -> Result<()> {
    match status {
        AgreementStatus::Draft => Ok(()),
        AgreementStatus::Signed => {
            Err(Error::refused("协议已签订，不能修改；如需更正，请“更正协议”生成新版本，原协议保留在卷宗中。"))
        }
        AgreementStatus::Superseded => Err(Error::refused("此版本已被更正的新版本取代，不能修改。")),
    }
}

/// May a correcting version be made from this one?
pub fn check_correctable(status: AgreementStatus) -> Result<()> {
    match status {
        AgreementStatus::Signed => Ok(()),
        AgreementStatus::Draft => Err(Error::refused("草稿可以直接修改，无需更正。")),
        AgreementStatus::Superseded => Err(Error::refused("此版本已被更正过，请在最新版本上更正。")),
    }
}

/// How a version left the ledger on paper (打印记录的方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrintMedium {
    /// 打印: sent to a printer.
    Paper,
    /// 另存 PDF: saved as a PDF file (to print elsewhere or send).
    Pdf,
}

impl PrintMedium {
    pub fn label(self) -> &'static str {
        match self {
            PrintMedium::Paper => "打印",
            PrintMedium::Pdf => "另存 PDF",
        }
    }
}

/// Everything of one agreement version that its paper says: the number,
/// version, form, date, the parties (by id and name) and the whole content.
/// Its fingerprint (内容指纹) is printed in every page's footer.
#[derive(Debug, Serialize)]
pub struct PrintedAgreement<'a> {
    pub number: Option<&'a str>,
    pub version: u32,
    pub form: AgreementForm,
    pub signed_on: Option<&'a str>,
    pub party_names: Vec<&'a str>,
    pub content: &'a AgreementContent,
}

impl PrintedAgreement<'_> {
    /// The first 64 bits of the BLAKE3 hash of the printed content, as four
    /// groups of four hex digits (e.g. `3F2A-9C1B-77D0-E412`): short enough to
    /// read off a paper and compare by eye, and any change to what is printed
    /// changes it.
    pub fn fingerprint(&self) -> String {
        let bytes = serde_json::to_vec(self).expect("an agreement serialises");
        let hash = blake3::hash(&bytes);
        let hex: String = hash.as_bytes()[..8].iter().map(|b| format!("{b:02X}")).collect();
        hex.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).expect("hex is ASCII")).collect::<Vec<_>>().join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_changes_with_anything_printed_and_only_then() {
        let content = content();
        fn printed(content: &AgreementContent) -> PrintedAgreement<'_> {
            PrintedAgreement {
                number: Some("（2026）石岩哨村人调字第1号"),
                version: 1,
                form: AgreementForm::Written,
                signed_on: Some("2026-05-04"),
                party_names: vec!["王玥", "张堃"],
                content,
            }
        }
        let fp = printed(&content).fingerprint();
        assert_eq!(fp.len(), 19);
        assert!(fp.split('-').all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit())), "{fp}");
        assert_eq!(fp, printed(&content.clone()).fingerprint(), "the same content, the same fingerprint");
        let mut edited = content.clone();
        edited.terms[0] = "甲方一次性补偿乙方土地款2700元。".into();
        assert_ne!(fp, printed(&edited).fingerprint(), "a changed amount");
        let mut renamed = printed(&content);
        renamed.party_names[1] = "张坤";
        assert_ne!(fp, renamed.fingerprint(), "a changed name");
        let mut later = printed(&content);
        later.version = 2;
        assert_ne!(fp, later.fingerprint(), "another version");
    }

    fn content() -> AgreementContent {
        AgreementContent {
            party_ids: vec!["a".into(), "b".into()],
            facts: "甲方在乙方承包地内安葬亲属，双方发生争议。".into(),
            responsibilities: "甲方未经同意占用乙方承包地。".into(),
            terms: vec!["甲方一次性补偿乙方土地款2600元。".into()],
            performance: "签订协议之日当场付清。".into(),
            copies: 3,
            mediators: vec!["王某".into()],
            recorder: "李某".into(),
        }
    }

    #[test]
    fn every_gap_before_signing_is_named_at_once_in_the_forms_order() {
        let mut c = content();
        c.facts = String::new();
        c.terms = vec!["甲方一次性补偿乙方葬坟占地费人民币＿＿元。".into(), "不再葬坟。".into()];
        c.performance = String::new();
        c.mediators = vec![String::new()];
        let fields: Vec<String> = c
            .signing_problems(AgreementForm::Written)
            .iter()
            .map(|e| e.field().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(fields, ["facts", "terms[0]", "performance", "mediators"]);
        let first = c.check_signable(AgreementForm::Written).unwrap_err();
        assert_eq!(first.field(), Some("facts"), "the sign command still refuses with the first");
        c.terms[0] = "甲方一次性补偿乙方葬坟占地费人民币2600元。".into();
        assert_eq!(
            c.signing_problems(AgreementForm::Oral).iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            ["纠纷主要事实、争议事项：不能为空", "调解员：至少一名调解员"],
            "an oral agreement needs no performance line"
        );
    }

    #[test]
    fn a_complete_written_agreement_can_be_signed() {
        content().check_signable(AgreementForm::Written).unwrap();
    }

    #[test]
    fn missing_parts_are_named() {
        let mut c = content();
        c.party_ids.pop();
        assert_eq!(c.check_signable(AgreementForm::Written).unwrap_err().field(), Some("party_ids"));
        let mut c = content();
        c.terms = vec!["  ".into()];
        assert_eq!(c.check_signable(AgreementForm::Written).unwrap_err().field(), Some("terms"));
        let mut c = content();
        c.copies = 2;
        assert_eq!(c.check_signable(AgreementForm::Written).unwrap_err().field(), Some("copies"));
        // An oral agreement has no copies to hand out.
        c.check_signable(AgreementForm::Oral).unwrap();
    }

    #[test]
    fn normalising_trims_drops_blank_terms_and_refuses_duplicates() {
        let mut c = content();
        c.terms = vec!["  甲方补偿2600元。 ".into(), "".into()];
        c.mediators = vec!["王某".into(), " ".into()];
        let n = c.normalised().unwrap();
        assert_eq!(n.terms, vec!["甲方补偿2600元。".to_owned()]);
        assert_eq!(n.mediators, vec!["王某".to_owned()]);
        c.party_ids.push("a".into());
        assert_eq!(c.normalised().unwrap_err().field(), Some("party_ids"));
        let mut c = content();
        c.party_ids = (0..11).map(|i| i.to_string()).collect();
        assert!(c.normalised().unwrap_err().to_string().contains("最多 10 方"));
    }

    #[test]
    fn only_drafts_are_edited_and_only_signed_versions_corrected() {
        assert!(check_editable(AgreementStatus::Draft).is_ok());
        assert_eq!(check_editable(AgreementStatus::Signed).unwrap_err().kind(), "refused");
        assert!(check_editable(AgreementStatus::Superseded).is_err());
        assert!(check_correctable(AgreementStatus::Signed).is_ok());
        assert!(check_correctable(AgreementStatus::Draft).is_err());
        assert!(check_correctable(AgreementStatus::Superseded).is_err());
    }
}

/// A party's basic situation (当事人的基本情况, 人民调解法第二十九条) as the
/// Ministry's agreement form lists it: what is known of one party.
#[derive(Debug, Clone, Copy, Default)]
pub struct BasicSituation<'a> {
    pub gender: bool,
    pub ethnicity: Option<&'a str>,
    /// Age comes from the birth date (from the ID number, or as told).
    pub birth_date: Option<&'a str>,
    pub occupation: Option<&'a str>,
    /// 住址: an address, or at least the village.
    pub address: bool,
    /// 联系方式
    pub phone: bool,
}

impl BasicSituation<'_> {
    /// What the form asks for that is not known, in the form's order; empty
    /// when the party is fully identified.
    pub fn missing(&self) -> Vec<&'static str> {
        let known = |s: Option<&str>| s.is_some_and(|s| !s.trim().is_empty());
        [
            ("性别", self.gender),
            ("民族", known(self.ethnicity)),
            ("年龄", known(self.birth_date)),
            ("职业", known(self.occupation)),
            ("住址", self.address),
            ("联系方式", self.phone),
        ]
        .into_iter()
        .filter(|(_, known)| !known)
        .map(|(label, _)| label)
        .collect()
    }
}
