//! What a printed document says: plain data, no database. The templates read
//! these as JSON (`json("/data.json")`), so a field's name here is the name a
//! template uses.

use serde::{Deserialize, Serialize};

/// One party (当事人) as printed. Every detail but the name is optional; the
/// template prints what is there. ID number and phone are printed exactly as
/// given, so the caller decides whether they are masked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartyDoc {
    pub name: String,
    /// 男 / 女
    pub gender: Option<String>,
    /// 民族, e.g. 汉族
    pub ethnicity: Option<String>,
    /// YYYY-MM-DD
    pub birth_date: Option<String>,
    /// Age on the document's date, when the birth date is known or was told.
    pub age: Option<u32>,
    /// 职业
    pub occupation: Option<String>,
    /// 身份证号码 (masked or full, as given)
    pub id_number: Option<String>,
    /// 住址
    pub address: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
}

/// 人民调解协议书 (人民调解法第二十九条; the Ministry of Justice's layout).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementDoc {
    /// （2026）石岩哨村人调字第1号; `None` for a draft not yet numbered.
    pub number: Option<String>,
    /// The committee that seals it, e.g. 石岩哨村人民调解委员会.
    pub committee: String,
    pub parties: Vec<PartyDoc>,
    /// 纠纷主要事实、争议事项
    pub facts: String,
    /// 各方当事人的责任
    pub responsibilities: String,
    /// 协议内容, printed numbered 1. 2. 3.; amounts in figures get their capitals.
    pub terms: Vec<String>,
    /// 履行方式、时限
    pub performance: String,
    /// 本协议一式 N 份
    pub copies: u32,
    /// 调解员
    pub mediators: Vec<String>,
    /// 记录人
    pub recorder: String,
    /// The day it was signed (YYYY-MM-DD); a blank date line when absent.
    pub signed_on: Option<String>,
    /// Printed faintly across each page: 草稿 for a draft, 已被更正 for a
    /// superseded version; `None` for the signed agreement in force.
    pub watermark: Option<String>,
    /// A correcting version: 第 N 版，更正原因：… (printed small under the number).
    pub version_note: Option<String>,
    /// The ledger's content fingerprint of this version (内容指纹), printed
    /// small in every page's footer so a signed paper can be matched to the
    /// version it was printed from.
    pub fingerprint: Option<String>,
}

/// 群众信访双向承诺书: signed at step 2 of the five-step method, when the
/// resident entrusts the liaison (信访代理员) with the matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommitmentDoc {
    /// The case's number, e.g. 石岩哨村信〔2026〕第3号.
    pub case_number: String,
    /// The village (or township) whose liaison signs, e.g. 石岩哨村.
    pub place: String,
    /// The resident(s) entrusting the matter.
    pub residents: Vec<PartyDoc>,
    /// 信访事项 (the request in the resident's words).
    pub request: String,
    /// The liaison (代理人) who takes the matter on.
    pub liaison: String,
    /// The day both signed (YYYY-MM-DD); a blank date line when absent.
    pub signed_on: Option<String>,
}
