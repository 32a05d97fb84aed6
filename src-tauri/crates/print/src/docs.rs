//! What a printed document says: plain data, no database. The templates read
//! these as JSON (`json("/data.json")`), so a field's name here is the name a
//! template uses.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// Printed with every detail the form asks for, numbers whole, and a
    /// blank to fill in for each one not known (agreements and court
    /// papers); otherwise only what is known, numbers masked.
    pub whole: bool,
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

/// 人民调解口头协议登记表: an agreement the parties reached orally, which
/// takes effect when they reach it and is recorded by the mediator
/// (人民调解法第二十八条、第三十条).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OralAgreementDoc {
    /// 编号: the case's number, e.g. 石岩哨村信〔2026〕第3号.
    pub number: String,
    /// The committee that keeps the register, e.g. 石岩哨村人民调解委员会.
    pub committee: String,
    pub parties: Vec<PartyDoc>,
    /// 纠纷简要情况
    pub facts: String,
    /// 协议内容, printed numbered; amounts in figures get their capitals.
    pub terms: Vec<String>,
    /// 履行方式、时限
    pub performance: String,
    /// 人民调解员
    pub mediators: Vec<String>,
    /// 登记人: who writes the agreement down.
    pub recorder: String,
    /// The day the parties agreed (YYYY-MM-DD): the day it takes effect and
    /// is registered; a blank date line when absent.
    pub agreed_on: Option<String>,
    /// 草稿 / 已被更正 across each page, as on the written agreement.
    pub watermark: Option<String>,
    /// A correcting version: 第 N 版（更正原因：…）.
    pub version_note: Option<String>,
    /// The content fingerprint (内容指纹) in each page's footer, as on the
    /// written agreement.
    pub fingerprint: Option<String>,
}

/// 受理登记表 / 来访登记簿: every visit, letter, call or message received
/// in a date range, one row each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterDoc {
    /// Whose register: the village or township, e.g. 石岩哨村.
    pub place: String,
    /// The range, both ends included (YYYY-MM-DD).
    pub from: String,
    pub to: String,
    /// In the order received.
    pub rows: Vec<RegisterRow>,
}

/// One line of the reception register.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterRow {
    /// YYYY-MM-DD
    pub received_on: String,
    /// The case the visit belongs to, e.g. 石岩哨村信〔2026〕第3号.
    pub case_number: String,
    /// The petitioners named on the visit.
    pub petitioners: Vec<String>,
    /// How many came; more than the names listed prints as 某某等 N 人.
    pub headcount: u32,
    /// 村组/住址
    pub address: Option<String>,
    /// 来访 / 来信 / 电话 / 网上 / 下访 / 约访 / 交办
    pub channel: String,
    /// 信访事项 (the request as recorded on that visit).
    pub request: String,
    /// 重复访: the same matter again, added to its earlier case.
    pub repeat: bool,
    /// 类别
    pub category: String,
    /// 受理人 / 经办人
    pub received_by: String,
    /// 办理情况, e.g. 本级调处，化解.
    pub handling: String,
    /// 办结日期 (YYYY-MM-DD)
    pub handled_on: Option<String>,
}

/// 回访记录: one revisit after a case was handled (回访巩固), checking that
/// the answer or agreement was carried out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RevisitDoc {
    /// The village or township that revisits, e.g. 石岩哨村.
    pub place: String,
    /// The case's number, e.g. 石岩哨村信〔2026〕第3号.
    pub case_number: String,
    /// The agreement whose performance was checked, if any.
    pub agreement_number: Option<String>,
    /// The case's petitioners or the agreement's parties.
    pub residents: Vec<PartyDoc>,
    /// 被回访人, as recorded.
    pub visitee: String,
    /// 回访事由
    pub reason: String,
    /// YYYY-MM-DD
    pub visited_on: Option<String>,
    /// 上门回访 / 电话回访
    pub method: String,
    /// 回访人
    pub visitor: String,
    /// 协议履行情况 / 问题解决情况
    pub performance: String,
    /// 满意 / 基本满意 / 不满意; empty prints the three boxes unticked.
    pub satisfaction: String,
    /// 新的问题或诉求
    pub new_problems: String,
    /// 息访息诉; `None` prints both boxes unticked.
    pub stopped: Option<bool>,
    /// 下次回访日期 (YYYY-MM-DD), if another revisit is due.
    pub next_due_on: Option<String>,
}

/// The case file (调解卷宗): its cover and its list of contents (卷宗目录).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseFileDoc {
    /// 人民调解卷宗 for a mediated dispute, 信访事项卷宗 otherwise.
    pub title: String,
    /// Who keeps the file, e.g. 石岩哨村人民调解委员会.
    pub keeper: String,
    /// 卷宗号 (the agreement's number when there is one); blank to fill in.
    pub file_number: Option<String>,
    /// The case's number, e.g. 石岩哨村信〔2026〕第3号.
    pub case_number: String,
    /// 案由 (the category), e.g. 坟地/丧葬.
    pub category: String,
    /// 当事人
    pub parties: Vec<String>,
    /// 调解结果
    pub result: String,
    /// 受理日期 (YYYY-MM-DD)
    pub accepted_on: Option<String>,
    /// 结案日期
    pub closed_on: Option<String>,
    /// 调解员
    pub mediators: Vec<String>,
    /// 立卷人
    pub filed_by: Option<String>,
    /// 立卷日期
    pub filed_on: Option<String>,
    /// 保管期限, e.g. 长期; blank to fill in.
    pub retention: Option<String>,
    /// 卷宗目录, in the file's order. The ledger's records come first;
    /// attachments (evidence, proof of performance, court confirmation) are
    /// items the caller adds.
    pub items: Vec<FileItem>,
    /// The papers printed whole after the 卷宗目录, in its order, the pages
    /// running on (the 目录 gives each its page).
    pub sections: Vec<FileSection>,
    /// The attached photos and scans drawn after them, one a page.
    pub images: Vec<FileImage>,
    /// Their bytes, under each image's `path`; served to the template as
    /// files, never put in its data.
    #[serde(skip)]
    pub image_files: Vec<(String, Vec<u8>)>,
}

/// An attached image in the case file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileImage {
    /// e.g. 签字协议书：双方签字页
    pub title: String,
    /// Where the template finds it, e.g. /attachment-1.jpg.
    pub path: String,
}

/// A paper printed whole inside the case file: which body of
/// `bodies.typ` draws it (`notice`, `answer`, `record`, `agreement`,
/// `oral-agreement`, `revisit`, `confirmation`) and that paper's own data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileSection {
    pub body: String,
    pub data: serde_json::Value,
}

/// One line of the 卷宗目录.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileItem {
    /// 文书名称, e.g. 人民调解协议书（第1版，已被更正）.
    pub title: String,
    /// YYYY-MM-DD
    pub date: Option<String>,
    /// 页号 in the paper file; blank for the clerk to number by hand.
    pub pages: Option<String>,
    /// 备注
    pub note: Option<String>,
    /// The section printing it whole, if the file prints it (its page
    /// number then comes from the layout).
    pub section: Option<usize>,
}

/// 信访工作统计表: the township's statistics for a period and a scope, as
/// the core's report gives them (seed 003 is the model). Figures and rates
/// are keyed by the core's names (`received`, `handled_rate`, …), so a
/// template picks what it shows by key and a township can add a column
/// without a new build; their labels are the core's, never written twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportDoc {
    /// Whose statistics: the ledger's township or village, e.g. 路居镇.
    pub place: String,
    /// The period, both ends included (YYYY-MM-DD).
    pub from: String,
    pub to: String,
    /// 统计范围: 全部, or the villages, e.g. 上坝村、兰田村.
    pub scope: String,
    /// The villages asked for; empty for all.
    pub villages: Vec<String>,
    /// The day later states (handled, revisited, resolved) are counted up
    /// to: the period's end, or the day it was printed while the period runs.
    pub as_of: String,
    /// Every figure by key: its label and what it counts.
    pub figures: BTreeMap<String, FigureName>,
    /// Every rate's label by key.
    pub rates: BTreeMap<String, String>,
    pub total: TallyDoc,
    pub by_category: Vec<GroupDoc>,
    /// Every village asked for, even with nothing in it.
    pub by_village: Vec<GroupDoc>,
    /// Every month of the period (key YYYY-MM), even with nothing in it.
    pub by_month: Vec<GroupDoc>,
    /// What the ledger does not record and the report leaves out (说明).
    pub notes: Vec<String>,
}

/// A figure's label (受理, 排查矛盾纠纷) and its unit, which the template
/// turns into the measure word: `case` (件) or `finding` (起).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureName {
    pub label: String,
    pub unit: String,
}

/// The numbers of one group (or of the whole report), by key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TallyDoc {
    pub counts: BTreeMap<String, u32>,
    /// As shown: 87.5%, or — when the rate is over nothing.
    pub rates: BTreeMap<String, String>,
}

/// One row of a breakdown: a category, a village or a month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupDoc {
    pub key: String,
    pub tally: TallyDoc,
}

/// 信访台账操作指南: the one-page guide a liaison keeps by the computer. Its
/// wording is the template's; the data is only what differs between ledgers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuickGuideDoc {
    /// This device's village or township, e.g. 石岩哨村; `None` before the
    /// ledger is set up, and the title then names no place.
    pub place: Option<String>,
    /// The time limits as this ledger counts them, each with its rule's
    /// title and legal basis (the core's, never reworded here).
    pub limits: Vec<LimitRow>,
    /// The day it was printed (YYYY-MM-DD).
    pub printed_on: String,
}

/// One line of the guide's time-limit table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LimitRow {
    /// e.g. 受理告知期限
    pub title: String,
    /// Calendar days allowed.
    pub days: u32,
    /// The most one extension may add (办结 only).
    pub extension_days: Option<u32>,
    /// Where the rule comes from, e.g. 《信访工作条例》：收到信访事项后15日内….
    pub basis: String,
}

impl QuickGuideDoc {
    /// The document's name, for its file and the print job:
    /// 信访台账操作指南（石岩哨村）.
    pub fn title(&self) -> String {
        match &self.place {
            Some(place) => format!("信访台账操作指南（{place}）"),
            None => "信访台账操作指南".to_owned(),
        }
    }
}

/// Villages named in a report's title before the rest are counted.
const TITLE_VILLAGES: usize = 3;

impl ReportDoc {
    /// The document's name, for its file and the print job:
    /// 路居镇信访工作统计表2009-01-01至2009-06-30, with the villages when not all.
    pub fn title(&self) -> String {
        let scope = match self.villages.len() {
            0 => String::new(),
            n if n <= TITLE_VILLAGES => format!("（{}）", self.villages.join("、")),
            n => format!("（{}等{n}个村）", self.villages[..TITLE_VILLAGES].join("、")),
        };
        format!("{}信访工作统计表{}至{}{scope}", self.place, self.from, self.to)
    }
}

/// A written notice to the resident within 15 days of receipt (受理 /
/// 转送 / 法定途径 / 不予受理告知书). Its wording for each kind is the
/// template's (`notice.typ`), so a township can reword it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoticeDoc {
    /// e.g. 信访事项受理告知书
    pub title: String,
    /// accepted / transferred / legal_route / not_accepted
    pub kind: String,
    /// The case's number, e.g. 石岩哨村信〔2026〕第3号.
    pub case_number: String,
    /// The resident(s) it is addressed to.
    pub addressees: Vec<String>,
    /// The day the matter was received (YYYY-MM-DD).
    pub received_on: String,
    /// 信访事项 (the request in the resident's words).
    pub request: String,
    pub to_body: Option<String>,
    pub reason: Option<String>,
    /// Days to handle an accepted matter (the ledger's 办结期限).
    pub handle_days: u32,
    /// Who issues it, e.g. 石岩哨村信访站.
    pub issuer: String,
    /// The day delivered (YYYY-MM-DD).
    pub delivered_on: String,
    /// 当面送达 / 邮寄送达 / 电子送达
    pub delivery: String,
}

/// 信访事项处理意见书: the written answer, with the resident's right to ask
/// for review within 30 days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerDoc {
    pub case_number: String,
    pub addressees: Vec<String>,
    pub received_on: String,
    pub request: String,
    /// 经调查核实的事实
    pub facts: String,
    /// 处理依据
    pub basis: String,
    /// 处理意见
    pub answer: String,
    /// Who reviews it on request (复查机关).
    pub review_body: String,
    /// Days allowed to ask for review, counted from receipt of this paper.
    pub review_days: u32,
    /// The last day for asking (YYYY-MM-DD), from the day delivered.
    pub review_until: Option<String>,
    pub issuer: String,
    pub delivered_on: String,
    pub delivery: String,
}

/// 司法确认申请书: the parties jointly ask the court to confirm a signed
/// agreement (人民调解法第三十三条). Every applicant is identified in full.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfirmationDoc {
    /// The court, e.g. 石岩县人民法院; blank to fill in by hand.
    pub court: Option<String>,
    pub applicants: Vec<PartyDoc>,
    /// The agreement's number and the committee that presided.
    pub agreement_number: String,
    pub committee: String,
    /// The day the agreement took effect (YYYY-MM-DD).
    pub signed_on: String,
    /// 纠纷主要事实、争议事项
    pub facts: String,
    /// 协议内容, numbered.
    pub terms: Vec<String>,
    /// The day filed, if recorded; a blank date line otherwise.
    pub applied_on: Option<String>,
}

/// One record of the mediation file, by kind (`application`,
/// `rights_notice`, `investigation`, `mediation_record`): 人民调解申请书 (or
/// the oral application written down), 当事人权利义务告知书, 调查记录,
/// 调解记录. One shape for the four, read by `record.typ`; a field a kind
/// does not use stays empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordDoc {
    pub kind: String,
    /// e.g. 人民调解申请书（口头申请记录）
    pub title: String,
    /// e.g. 石岩哨村人民调解委员会
    pub committee: String,
    pub case_number: String,
    /// The day (YYYY-MM-DD): applied, signed, investigated, mediated.
    pub dated_on: String,
    /// Applicants, or the parties told or present (masked details).
    pub people: Vec<PartyDoc>,
    /// Investigators or mediators.
    pub staff: Vec<String>,
    pub place: String,
    /// 被调查人
    pub interviewee: String,
    /// 申请事项
    pub request: String,
    /// 事实和理由
    pub facts: String,
    /// 调查内容 / 调解情况
    pub record: String,
    /// 调解结果
    pub result: String,
    /// An oral application, written down by the committee.
    pub oral: bool,
}
