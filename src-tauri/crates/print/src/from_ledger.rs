//! The documents' data from the ledger, through the command layer's typed
//! calls (`agreement_show`, `case_show`, `case_list`, `device_show`,
//! `clock_now`): the same handlers and the same role check as the UI's, in the
//! core's own types, so a field the core renames breaks this file at compile
//! time. The print crate never opens the store, and a template never sees
//! more than what is mapped here. ID numbers and phones come masked, because
//! the command layer's views only carry masked ones — except on the papers
//! the core's `domain::disclosure` rule names (the agreement and the
//! application for judicial confirmation), whose
//! parties come whole from `party_identities`, which logs the look.

use crate::docs::{
    AgreementDoc, AnswerDoc, CaseFileDoc, CommitmentDoc, ConfirmationDoc, FigureName, FileImage, FileItem, FileSection, GroupDoc,
    LimitRow, NoticeDoc, OralAgreementDoc, PartyDoc, QuickGuideDoc, RecordDoc, RegisterDoc, RegisterRow, ReportDoc,
    RevisitDoc, TallyDoc,
};
use crate::{Error, Result};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::Serialize;
use serde_json::Value;
use xinfang_core::Ledger;
use xinfang_core::commands::{
    AgreementId, AgreementView, AttachmentView, CaseDetail, CaseId, NoArgs, PaperId, PaperView, PartyIdentities,
    PartyIdentity, ReportQuery, args, attachment_picture,
};
use xinfang_core::domain::disclosure::Paper;
use xinfang_core::domain::identity::Gender;
use xinfang_core::domain::paper::{PaperContent, REVIEW_DAYS};
use xinfang_core::domain::agreement::{AgreementForm, AgreementStatus};
use xinfang_core::domain::deadlines::Rule;
use xinfang_core::domain::lifecycle::{Route, Step};
use xinfang_core::domain::revisit::{RevisitMethod, Satisfaction};
use xinfang_core::report::{BreakdownGroup, FigureKey, RateKey, Report, Tally};
use xinfang_core::store::agreements::AgreementRow;
use xinfang_core::store::cases::{CaseQuery, CaseSort, CaseSummary, MAX_PAGE, StatusFilter};
use xinfang_core::store::device::{Device, Role};
use xinfang_core::store::people::PersonView;
use xinfang_core::store::revisits::RevisitRow;

/// `args` once they pass the text check `dispatch` gives every command's
/// arguments: the ids, dates and villages the public functions here are
/// given may come straight from outside (the command line passes its own
/// arguments), and a typed call does not check them, so a control character
/// is still refused by field, in the same words.
fn outside<A: Serialize>(command: &str, args: A) -> Result<A> {
    let value = serde_json::to_value(&args).map_err(xinfang_core::Error::Json)?;
    args::check_text(command, &value)?;
    Ok(args)
}

/// This install's village or township, if it is set up.
fn device(ledger: &mut Ledger) -> Result<Option<Device>> {
    Ok(ledger.typed().device_show(NoArgs {})?.device)
}

fn agreement_shown(ledger: &mut Ledger, id: &str) -> Result<AgreementView> {
    let args = outside("agreement_show", AgreementId { id: id.to_owned() })?;
    Ok(ledger.typed().agreement_show(args)?)
}

fn case_shown(ledger: &mut Ledger, id: &str) -> Result<CaseDetail> {
    let args = outside("case_show", CaseId { id: id.to_owned() })?;
    Ok(ledger.typed().case_show(args)?)
}

/// This ledger's village or township (the committee's name) and today.
fn place_and_today(ledger: &mut Ledger) -> Result<(String, NaiveDate)> {
    let place = device(ledger)?.ok_or_else(|| Error::Data("本机台账尚未初始化".into()))?.name;
    let today = ledger.typed().clock_now(NoArgs {})?.today;
    Ok((place, today))
}

/// The agreement version `id` as printed.
pub fn agreement(ledger: &mut Ledger, id: &str) -> Result<AgreementDoc> {
    let shown = agreement_shown(ledger, id)?;
    let (place, today) = place_and_today(ledger)?;
    let parties = identities(ledger, id, Paper::Agreement)?;
    let a = shown.agreement;
    let date = a.signed_on.as_deref().and_then(parse_day).unwrap_or(today);
    let watermark = status_mark(a.status);
    let version_note = version_note(&a);
    let c = a.content;
    Ok(AgreementDoc {
        number: a.number,
        committee: format!("{place}人民调解委员会"),
        parties: parties.iter().map(|p| party_whole(p, date)).collect(),
        facts: c.facts,
        responsibilities: c.responsibilities,
        terms: c.terms,
        performance: c.performance,
        // 人民调解法第二十九条: each party keeps one, and the committee one.
        copies: if c.copies == 0 { shown.parties.len() as u32 + 1 } else { c.copies },
        mediators: c.mediators,
        recorder: c.recorder,
        signed_on: a.signed_on,
        watermark,
        version_note,
        fingerprint: Some(shown.fingerprint),
    })
}

/// The two-way commitment of case `case_id`: its petitioners and the liaison
/// who took it on at step 2 (委托), or who received it if that step is still
/// to come.
pub fn commitment(ledger: &mut Ledger, case_id: &str) -> Result<CommitmentDoc> {
    let shown = case_shown(ledger, case_id)?;
    let (place, today) = place_and_today(ledger)?;
    let commission = shown.events.iter().find(|e| e.action == "commission");
    let date = commission.and_then(|e| parse_day(&e.happened_on)).unwrap_or(today);
    let mut residents: Vec<PartyDoc> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for p in shown.visits.iter().flat_map(|v| &v.petitioners).map(|p| &p.person) {
        if !seen.contains(&p.id.as_str()) {
            seen.push(&p.id);
            residents.push(party(p, date));
        }
    }
    Ok(CommitmentDoc {
        case_number: shown.case.number,
        place: shown.case.village.unwrap_or(place),
        residents,
        request: shown.case.request,
        liaison: commission.map(|e| e.actor.clone()).unwrap_or(shown.case.received_by),
        signed_on: commission.map(|e| e.happened_on.clone()),
    })
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn party(p: &PersonView, on: NaiveDate) -> PartyDoc {
    PartyDoc {
        id_number: p.id_number_masked.clone(),
        address: address(p),
        phone: p.phone_masked.clone(),
        ..basics(&p.name, p.gender, &p.ethnicity, &p.birth_date, &p.occupation, on)
    }
}

/// What every paper prints of a party the same way, masked or whole: the
/// rest (number, address, phone) depends on the paper's rule.
fn basics(
    name: &str,
    gender: Option<Gender>,
    ethnicity: &Option<String>,
    birth_date: &Option<String>,
    occupation: &Option<String>,
    on: NaiveDate,
) -> PartyDoc {
    let birth = birth_date.as_deref().and_then(parse_day);
    PartyDoc {
        name: name.to_owned(),
        gender: gender.map(|g| g.label().to_owned()),
        ethnicity: ethnicity.clone(),
        birth_date: birth_date.clone(),
        age: birth.and_then(|b| age_on(b, on)),
        occupation: occupation.clone(),
        id_number: None,
        address: None,
        phone: None,
        whole: false,
    }
}

/// The parties of agreement `id` whole, for `paper` (the core refuses a
/// paper its rule keeps masked, and records each party as looked at).
fn identities(ledger: &mut Ledger, id: &str, paper: Paper) -> Result<Vec<PartyIdentity>> {
    let args = outside("party_identities", PartyIdentities { agreement_id: id.to_owned(), paper })?;
    Ok(ledger.typed().party_identities(args)?)
}

/// A party on a paper that identifies every party whole: the same details,
/// the same way, for all; what is not known prints as a blank to fill in.
fn party_whole(p: &PartyIdentity, on: NaiveDate) -> PartyDoc {
    PartyDoc {
        id_number: p.id_number.clone(),
        address: joined_address(p.village.as_deref(), p.group.as_deref(), p.address.as_deref()),
        phone: p.phone.clone(),
        whole: true,
        ..basics(&p.name, p.gender, &p.ethnicity, &p.birth_date, &p.occupation, on)
    }
}

/// Whole years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// 住址: the written address, with the village and group in front unless it
/// already names them.
fn address(p: &PersonView) -> Option<String> {
    joined_address(p.village.as_deref(), p.group.as_deref(), p.address.as_deref())
}

fn joined_address(village: Option<&str>, group: Option<&str>, written: Option<&str>) -> Option<String> {
    let mut prefix = String::new();
    let written = written.unwrap_or("");
    for part in [village, group].into_iter().flatten() {
        if !written.contains(part) {
            prefix.push_str(part);
        }
    }
    let full = format!("{prefix}{written}");
    (!full.is_empty()).then_some(full)
}

/// Every line of `case_list` for `query` (its own `offset` and `limit` are
/// set here), page by page.
fn case_lines(ledger: &mut Ledger, query: CaseQuery) -> Result<Vec<CaseSummary>> {
    let mut lines = Vec::new();
    loop {
        let offset = u32::try_from(lines.len()).unwrap_or(u32::MAX);
        let page =
            ledger.typed().case_list(CaseQuery { offset: Some(offset), limit: Some(MAX_PAGE), ..query.clone() })?;
        let done = page.items.is_empty();
        lines.extend(page.items);
        if done || lines.len() >= page.total as usize {
            return Ok(lines);
        }
    }
}

/// The 人民调解口头协议登记表 of the oral agreement version `id`.
pub fn oral_agreement(ledger: &mut Ledger, id: &str) -> Result<OralAgreementDoc> {
    let shown = agreement_shown(ledger, id)?;
    let a = shown.agreement;
    if a.form != AgreementForm::Oral {
        return Err(Error::Data("这是一份书面协议，请打印人民调解协议书。".into()));
    }
    let (place, today) = place_and_today(ledger)?;
    let date = a.signed_on.as_deref().and_then(parse_day).unwrap_or(today);
    let watermark = status_mark(a.status);
    let version_note = version_note(&a);
    let c = a.content;
    Ok(OralAgreementDoc {
        number: shown.case_number,
        committee: format!("{place}人民调解委员会"),
        parties: shown.parties.iter().map(|p| party(p, date)).collect(),
        facts: c.facts,
        terms: c.terms,
        performance: c.performance,
        mediators: c.mediators,
        recorder: c.recorder,
        agreed_on: a.signed_on,
        watermark,
        version_note,
        fingerprint: Some(shown.fingerprint),
    })
}

/// A version in force prints plain; any other carries its status across the page.
fn status_mark(status: AgreementStatus) -> Option<String> {
    (status != AgreementStatus::Signed).then(|| status.label().to_owned())
}

fn version_note(a: &AgreementRow) -> Option<String> {
    (a.version > 1).then(|| match &a.correction_reason {
        Some(reason) => format!("第{}版（更正原因：{reason}）", a.version),
        None => format!("第{}版", a.version),
    })
}

/// The reception register of this ledger: every visit received from `from`
/// to `to` (YYYY-MM-DD, China time, both included) on a case that is not
/// voided, in the order received.
pub fn register(ledger: &mut Ledger, from: &str, to: &str) -> Result<RegisterDoc> {
    let first = parse_day(from).filter(|_| from.len() == 10);
    let last = parse_day(to).filter(|_| to.len() == 10);
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::Data(format!("登记期间“{from}”至“{to}”不是有效日期，应如 2026-03-01")));
    };
    if first > last {
        return Err(Error::Data(format!("登记期间的开始日期 {from} 晚于结束日期 {to}")));
    }
    let (place, _) = place_and_today(ledger)?;
    let mut received: Vec<(DateTime<FixedOffset>, RegisterRow)> = Vec::new();
    let received_by_to =
        CaseQuery { to: Some(to.to_owned()), sort: Some(CaseSort::ReceivedAsc), ..CaseQuery::default() };
    for line in case_lines(ledger, received_by_to)? {
        // A case opened before the range is only read when it has a later
        // (repeat) visit that may fall inside it.
        if china_day(&line.received_at).is_some_and(|d| d < first) && line.visits < 2 {
            continue;
        }
        let shown = case_shown(ledger, &line.id)?;
        for v in &shown.visits {
            let Some(at) = DateTime::parse_from_rfc3339(&v.received_at).ok() else { continue };
            let day = at.with_timezone(&china()).date_naive();
            if day < first || day > last {
                continue;
            }
            let c = &shown.case;
            received.push((
                at,
                RegisterRow {
                    received_on: day.to_string(),
                    case_number: c.number.clone(),
                    petitioners: v.petitioners.iter().map(|p| p.person.name.clone()).collect(),
                    headcount: v.headcount,
                    address: v.petitioners.first().and_then(|p| address(&p.person)).or_else(|| {
                        let place =
                            format!("{}{}", c.village.as_deref().unwrap_or(""), c.group.as_deref().unwrap_or(""));
                        (!place.is_empty()).then_some(place)
                    }),
                    channel: v.channel.label().to_owned(),
                    request: v.request.clone(),
                    repeat: v.is_repeat,
                    category: c.category.clone(),
                    received_by: v.received_by.clone(),
                    handling: handling(&shown),
                    handled_on: c.handled_on.clone(),
                },
            ));
        }
    }
    received.sort_by_key(|(at, _)| *at);
    Ok(RegisterDoc {
        place,
        from: first.to_string(),
        to: last.to_string(),
        rows: received.into_iter().map(|(_, row)| row).collect(),
    })
}

/// 办理情况 in a few words: how the case went (its step, or the village's
/// mediation or the legal route), an agreement if one is in force, and
/// where it stands.
fn handling(shown: &CaseDetail) -> String {
    let c = &shown.case;
    let mut parts = vec![
        match c.route {
            Route::SettledOnSpot => "本级调处",
            Route::LegalRoute => "导入法律程序",
            Route::FiveStep => c.step.label(),
        }
        .to_owned(),
    ];
    if let Some(to) = &c.assigned_to {
        parts.push(format!("交办{to}"));
    }
    if let Some(a) = in_force(shown) {
        parts.push(match a.agreement.form {
            AgreementForm::Written => "达成书面调解协议".to_owned(),
            AgreementForm::Oral => "达成口头调解协议".to_owned(),
        });
    }
    parts.push(c.outcome.label().to_owned());
    parts.join("，")
}

/// The signed agreement version in force on the case, if any.
fn in_force(shown: &CaseDetail) -> Option<&AgreementView> {
    shown.agreements.iter().rev().find(|a| a.agreement.status == AgreementStatus::Signed)
}

/// The 回访记录 of revisit `id`. Revisits are shown only on their case, so
/// this looks through the cases that have been revisited.
pub fn revisit(ledger: &mut Ledger, id: &str) -> Result<RevisitDoc> {
    let status = |s| CaseQuery { status: Some(s), ..CaseQuery::default() };
    let mut lines = case_lines(ledger, status(StatusFilter::All))?;
    lines.extend(case_lines(ledger, status(StatusFilter::Voided))?);
    for line in lines.iter().filter(|l| l.step == Step::Revisited) {
        let shown = case_shown(ledger, &line.id)?;
        if let Some(r) = shown.revisits.iter().find(|r| r.id == id) {
            let (place, _) = place_and_today(ledger)?;
            return Ok(revisit_doc(&shown, r, place));
        }
    }
    Err(Error::Data(format!("找不到回访记录：{id}")))
}

fn revisit_doc(shown: &CaseDetail, r: &RevisitRow, place: String) -> RevisitDoc {
    let on = parse_day(&r.visited_on).unwrap_or_default();
    let agreement = r.agreement_id.as_ref().and_then(|id| shown.agreements.iter().find(|a| &a.agreement.id == id));
    let agreement_number = agreement.map(|a| match &a.agreement.number {
        Some(n) => n.clone(),
        None => format!("口头协议（{}达成）", a.agreement.signed_on.as_deref().map(cn_day).unwrap_or_default()),
    });
    let residents = match agreement {
        Some(a) => a.parties.iter().map(|p| party(p, on)).collect(),
        None => petitioners(shown).into_iter().map(|p| party(p, on)).collect(),
    };
    RevisitDoc {
        place: shown.case.village.clone().unwrap_or(place),
        case_number: shown.case.number.clone(),
        reason: match &agreement_number {
            Some(n) => format!("了解{n}调解协议的履行情况和当事人意见"),
            None => "了解信访事项的办理结果落实情况和信访人意见".to_owned(),
        },
        agreement_number,
        residents,
        visitee: r.visitee.clone(),
        visited_on: Some(r.visited_on.clone()),
        method: revisit_method(r.method).to_owned(),
        visitor: r.visitor.clone(),
        performance: r.performance.clone().unwrap_or_default(),
        satisfaction: satisfaction(r.satisfaction).to_owned(),
        new_problems: r.new_problems.clone().unwrap_or_else(|| "无".to_owned()),
        stopped: Some(r.stopped),
        next_due_on: r.next_due_on.clone(),
    }
}

fn revisit_method(m: RevisitMethod) -> &'static str {
    match m {
        RevisitMethod::InPerson => "上门回访",
        RevisitMethod::Phone => "电话回访",
    }
}

fn satisfaction(s: Satisfaction) -> &'static str {
    match s {
        Satisfaction::Satisfied => "满意",
        Satisfaction::MostlySatisfied => "基本满意",
        Satisfaction::Dissatisfied => "不满意",
    }
}

/// Every petitioner of the case once, in the order first recorded.
fn petitioners(shown: &CaseDetail) -> Vec<&PersonView> {
    let mut out: Vec<&PersonView> = Vec::new();
    for p in shown.visits.iter().flat_map(|v| &v.petitioners).map(|p| &p.person) {
        if !out.iter().any(|seen| seen.id == p.id) {
            out.push(p);
        }
    }
    out
}

/// The case file of case `case_id`: the cover from the case and its
/// agreement in force, and a 卷宗目录 of the ledger's records in date order
/// (attachments are added by the caller). `filed_by` is the clerk who puts
/// the file together; it is dated today.
pub fn case_file(ledger: &mut Ledger, case_id: &str, filed_by: Option<&str>) -> Result<CaseFileDoc> {
    let shown = case_shown(ledger, case_id)?;
    let (place, today) = place_and_today(ledger)?;
    let township = device(ledger)?.is_some_and(|d| d.role == Role::Township);
    let c = &shown.case;
    let mediated = c.route == Route::SettledOnSpot || !shown.agreements.is_empty();
    let (items, sections) = file_contents(ledger, &shown)?;
    let agreement = in_force(&shown).or(shown.agreements.last());
    CaseFileDoc {
        title: if mediated { "人民调解卷宗" } else { "信访事项卷宗" }.to_owned(),
        keeper: match (mediated, township) {
            (true, _) => format!("{place}人民调解委员会"),
            (false, false) => format!("{place}信访站"),
            (false, true) => format!("{place}信访办"),
        },
        file_number: agreement.and_then(|a| a.agreement.number.clone()),
        case_number: c.number.clone(),
        category: c.category.clone(),
        parties: match agreement {
            Some(a) => a.parties.iter().map(|p| p.name.clone()).collect(),
            None => petitioners(&shown).iter().map(|p| p.name.clone()).collect(),
        },
        result: handling(&shown),
        accepted_on: c.accepted_on.clone().or_else(|| china_day(&c.received_at).map(|d| d.to_string())),
        closed_on: c.closed_on.clone(),
        mediators: agreement.map(|a| a.agreement.content.mediators.clone()).unwrap_or_default(),
        filed_by: filed_by.map(str::to_owned),
        filed_on: Some(today.to_string()),
        retention: None,
        items,
        sections,
        images: Vec::new(),
        image_files: Vec::new(),
    }
    .with_images(ledger, &shown.attachments)
}

impl CaseFileDoc {
    /// Adds a page for each attached photo or scan whose content is here,
    /// in the order attached. A photo is drawn from its display copy (long
    /// side 1600 px), so a 20 MB original does not swell the file; a file
    /// with no picture (a PDF scan, a HEIC photo) is only listed.
    fn with_images(mut self, ledger: &mut Ledger, attachments: &[AttachmentView]) -> Result<CaseFileDoc> {
        for a in attachments.iter().filter(|a| a.present) {
            let Some(picture) = attachment_picture(ledger, &a.row)? else { continue };
            let ext = match picture.media_type.as_str() {
                "image/png" => "png",
                "image/webp" => "webp",
                _ => "jpg",
            };
            let path = format!("/attachment-{}.{ext}", self.image_files.len() + 1);
            self.images.push(FileImage { title: attachment_title(a), path: path.clone() });
            self.image_files.push((path, picture.bytes));
        }
        Ok(self)
    }
}

fn attachment_title(a: &AttachmentView) -> String {
    match &a.row.caption {
        Some(c) => format!("{}：{c}", a.kind_label),
        None => format!("{}：{}", a.kind_label, a.row.file_name),
    }
}

/// Where a paper stands in the file, after the Ministry of Justice's order
/// for a mediation file: how the matter came (registration, application),
/// the notices, the rights notice, investigations, the steps taken, the
/// mediation records, the agreement, the answer, evidence and proof of
/// performance, revisits, the court's papers, and the closing last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Registration,
    Notice,
    RightsNotice,
    Investigation,
    Step,
    MediationRecord,
    Agreement,
    Answer,
    Attachment,
    Revisit,
    Court,
    Closing,
}

fn paper_place(kind: &str) -> Place {
    match kind {
        "application" => Place::Registration,
        "notice" => Place::Notice,
        "rights_notice" => Place::RightsNotice,
        "investigation" => Place::Investigation,
        "mediation_record" => Place::MediationRecord,
        "answer" => Place::Answer,
        _ => Place::Court,
    }
}

/// A paper of the case printed whole inside the file, by the body of its
/// template in `bodies.typ`.
struct Printed {
    body: &'static str,
    data: Result<Value>,
}

/// What the file holds, in the Ministry's order (oldest first within each
/// kind), with the papers the ledger can print whole: each registration,
/// notice, record, agreement version, answer, revisit and court paper, the
/// documents of the steps taken, and the attachments.
fn file_contents(ledger: &mut Ledger, shown: &CaseDetail) -> Result<(Vec<FileItem>, Vec<FileSection>)> {
    let mut items: Vec<(Place, Option<String>, FileItem, Option<Printed>)> = Vec::new();
    for v in &shown.visits {
        let kind = if v.is_repeat { "重复来访登记" } else { "受理登记表" };
        let date = china_day(&v.received_at).map(|d| d.to_string());
        let note = Some(format!("受理人：{}", v.received_by));
        let title = format!("{kind}（{}）", v.channel.label());
        items.push((Place::Registration, date.clone(), FileItem { title, date, note, ..FileItem::default() }, None));
    }
    for e in &shown.events {
        // Registrations, agreements and revisits are listed from their own
        // records; what is left is the paper each step leaves. Anything else
        // on the timeline (a sync decision) is not a document of the file.
        let title = match e.action.as_str() {
            "commission" => "群众信访双向承诺书",
            "carry_up" => "代言代访记录",
            "feed_back" => "反馈结果记录",
            "settle_on_spot" => "调解记录（本级调处）",
            "direct_to_legal_route" => "告知书（导入法律程序）",
            "extend" => "延期办理告知",
            "assign" => "交办记录",
            "close" => "结案记录",
            "void" => "作废说明",
            _ => continue,
        };
        let note = match &e.note {
            Some(n) => format!("{}；{n}", e.actor),
            None => e.actor.clone(),
        };
        let place = if matches!(e.action.as_str(), "close" | "void") { Place::Closing } else { Place::Step };
        let date = Some(e.happened_on.clone());
        let item = FileItem { title: title.to_owned(), date: date.clone(), note: Some(note), ..FileItem::default() };
        items.push((place, date, item, None));
    }
    for p in &shown.papers {
        let date = Some(p.paper.dated_on.clone());
        let kind = p.paper.content.kind();
        let id = p.paper.id.as_str();
        let printed = match kind {
            "notice" => Some(Printed { body: "notice", data: notice(ledger, id).and_then(json_of) }),
            "answer" => Some(Printed { body: "answer", data: answer(ledger, id).and_then(json_of) }),
            "confirmation_application" => p.paper.agreement_id.as_deref().map(|a| Printed {
                body: "confirmation",
                data: confirmation(ledger, a).map(|d| d.capitalised()).and_then(json_of),
            }),
            "confirmation_decision" => None,
            record_kind => Some(Printed { body: "record", data: record(ledger, id, record_kind).and_then(json_of) }),
        };
        let item = FileItem { title: p.title.clone(), date: date.clone(), note: Some(p.paper.created_by.clone()), ..FileItem::default() };
        items.push((paper_place(kind), date, item, printed));
    }
    let versions = shown.agreements.len();
    for a in &shown.agreements {
        let row = &a.agreement;
        let name = match row.form {
            AgreementForm::Written => "人民调解协议书",
            AgreementForm::Oral => "人民调解口头协议登记表",
        };
        let status = row.status.label();
        let date = row.signed_on.clone().or_else(|| china_day(&row.created_at).map(|d| d.to_string()));
        let item = FileItem {
            title: if versions > 1 {
                format!("{name}（第{}版，{status}）", row.version)
            } else {
                format!("{name}（{status}）")
            },
            date: date.clone(),
            note: row.number.clone().or_else(|| row.correction_reason.as_ref().map(|r| format!("更正原因：{r}"))),
            ..FileItem::default()
        };
        let printed = match row.form {
            AgreementForm::Written => Some(Printed { body: "agreement", data: agreement(ledger, &row.id).map(|d| d.capitalised()).and_then(json_of) }),
            AgreementForm::Oral => Some(Printed { body: "oral-agreement", data: oral_agreement(ledger, &row.id).map(|d| d.capitalised()).and_then(json_of) }),
        };
        items.push((Place::Agreement, date, item, printed));
    }
    for r in &shown.revisits {
        let date = Some(r.visited_on.clone());
        let item = FileItem {
            title: format!("回访记录（{}）", revisit_method(r.method)),
            date: date.clone(),
            note: Some(format!("回访人：{}；{}", r.visitor, satisfaction(r.satisfaction))),
            ..FileItem::default()
        };
        let printed = Printed { body: "revisit", data: revisit(ledger, &r.id).and_then(json_of) };
        items.push((Place::Revisit, date, item, Some(printed)));
    }
    for a in &shown.attachments {
        let date = china_day(&a.row.added_at).map(|d| d.to_string());
        let note = if a.present {
            format!("{}；{}添加", a.row.file_name, a.row.added_by)
        } else {
            format!("{}；文件尚未同步到本机", a.row.file_name)
        };
        let item = FileItem { title: attachment_title(a), date: date.clone(), note: Some(note), ..FileItem::default() };
        items.push((Place::Attachment, date, item, None));
    }
    // Stable, so the ledger's own order holds among equals.
    items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut listed = Vec::new();
    let mut sections = Vec::new();
    for (_, _, mut item, printed) in items {
        if let Some(Printed { body, data }) = printed {
            item.section = Some(sections.len());
            sections.push(FileSection { body: body.to_owned(), data: data? });
        }
        listed.push(item);
    }
    Ok((listed, sections))
}

fn json_of(doc: impl Serialize) -> Result<Value> {
    serde_json::to_value(doc).map_err(|e| Error::Data(e.to_string()))
}

/// Who issues a notice or an answer: this village's 信访站 or the
/// township's 信访办 (the case's village when the township prints it for
/// one of its villages).
fn issuer(ledger: &mut Ledger) -> Result<String> {
    let device = device(ledger)?.ok_or_else(|| Error::Data("本机台账尚未初始化".into()))?;
    Ok(match device.role {
        Role::Township => format!("{}信访办", device.name),
        Role::Village => format!("{}信访站", device.name),
    })
}

/// Paper `id` of case `shown`, which must be of the kind `kind` (the
/// command names it: `xinfang print notice` prints only a notice).
fn paper_of(ledger: &mut Ledger, id: &str, kind: &str, what: &str) -> Result<(PaperView, CaseDetail)> {
    let args = outside("paper_show", PaperId { id: id.to_owned() })?;
    let paper = ledger.typed().paper_show(args)?;
    if paper.paper.content.kind() != kind {
        return Err(Error::Data(format!("这份文书是“{}”，不是{what}。", paper.title)));
    }
    let shown = case_shown(ledger, &paper.paper.case_id)?;
    Ok((paper, shown))
}

fn received_on(shown: &CaseDetail) -> String {
    china_day(&shown.case.received_at).map(|d| d.to_string()).unwrap_or_default()
}

/// The 15-day notice recorded as paper `id`.
pub fn notice(ledger: &mut Ledger, id: &str) -> Result<NoticeDoc> {
    let (paper, shown) = paper_of(ledger, id, "notice", "告知书")?;
    let PaperContent::Notice { notice, to_body, reason, delivery } = &paper.paper.content else {
        return Err(Error::Data("这份文书不是告知书。".into()));
    };
    let handle_days = ledger.typed().time_limits(NoArgs {})?.handle_days;
    Ok(NoticeDoc {
        title: paper.title.clone(),
        kind: key(*notice),
        case_number: shown.case.number.clone(),
        addressees: petitioners(&shown).iter().map(|p| p.name.clone()).collect(),
        received_on: received_on(&shown),
        request: shown.case.request.clone(),
        to_body: to_body.clone(),
        reason: reason.clone(),
        handle_days,
        issuer: issuer(ledger)?,
        delivered_on: paper.paper.dated_on.clone(),
        delivery: delivery.label().to_owned(),
    })
}

/// The 信访事项处理意见书 recorded as paper `id`.
pub fn answer(ledger: &mut Ledger, id: &str) -> Result<AnswerDoc> {
    let (paper, shown) = paper_of(ledger, id, "answer", "处理意见书")?;
    let PaperContent::Answer { facts, basis, answer, review_body, delivery } = &paper.paper.content else {
        return Err(Error::Data("这份文书不是处理意见书。".into()));
    };
    Ok(AnswerDoc {
        case_number: shown.case.number.clone(),
        addressees: petitioners(&shown).iter().map(|p| p.name.clone()).collect(),
        received_on: received_on(&shown),
        request: shown.case.request.clone(),
        facts: facts.clone(),
        basis: basis.clone(),
        answer: answer.clone(),
        review_body: review_body.clone(),
        review_days: REVIEW_DAYS,
        review_until: paper.review_until.map(|d| d.to_string()),
        issuer: issuer(ledger)?,
        delivered_on: paper.paper.dated_on.clone(),
        delivery: delivery.label().to_owned(),
    })
}

/// The mediation file's kinds of record, as `paper_show` names them, and
/// what a command asking for one calls it.
pub const RECORD_KINDS: [(&str, &str); 4] = [
    ("application", "人民调解申请书"),
    ("rights_notice", "当事人权利义务告知书"),
    ("investigation", "调查记录"),
    ("mediation_record", "调解记录"),
];

/// The record of the mediation file kept as paper `id`, which must be of
/// `kind` (one of [`RECORD_KINDS`]).
pub fn record(ledger: &mut Ledger, id: &str, kind: &str) -> Result<RecordDoc> {
    let Some((_, what)) = RECORD_KINDS.iter().find(|(k, _)| *k == kind) else {
        return Err(Error::Data("这份文书不是调解卷宗中的申请书、告知书、调查记录或调解记录。".into()));
    };
    let (paper, shown) = paper_of(ledger, id, kind, what)?;
    let (place, _) = place_and_today(ledger)?;
    let on = parse_day(&paper.paper.dated_on).unwrap_or_default();
    let mut doc = RecordDoc {
        kind: kind.to_owned(),
        title: paper.title.clone(),
        committee: format!("{place}人民调解委员会"),
        case_number: shown.case.number.clone(),
        dated_on: paper.paper.dated_on.clone(),
        people: paper.people.iter().map(|p| party(p, on)).collect(),
        ..RecordDoc::default()
    };
    match &paper.paper.content {
        PaperContent::Application { oral, request, facts, .. } => {
            (doc.oral, doc.request, doc.facts) = (*oral, request.clone(), facts.clone());
        }
        PaperContent::Investigation { place, investigators, interviewee, record, .. } => {
            (doc.place, doc.staff, doc.interviewee, doc.record) =
                (place.clone(), investigators.clone(), interviewee.clone(), record.clone());
        }
        PaperContent::MediationRecord { place, mediators, record, result, .. } => {
            (doc.place, doc.staff, doc.record, doc.result) =
                (place.clone(), mediators.clone(), record.clone(), result.clone());
        }
        _ => {}
    }
    Ok(doc)
}

/// The joint application for judicial confirmation of the signed written
/// agreement `agreement_id`: its parties whole, its terms, and the court
/// and the day filed once the application is recorded (blank before).
pub fn confirmation(ledger: &mut Ledger, agreement_id: &str) -> Result<ConfirmationDoc> {
    let shown = agreement_shown(ledger, agreement_id)?;
    let a = &shown.agreement;
    if a.form != AgreementForm::Written || a.status != AgreementStatus::Signed {
        return Err(Error::Data("只有已签订、仍然有效的书面调解协议可以申请司法确认。".into()));
    }
    let (place, _) = place_and_today(ledger)?;
    let signed_on = a.signed_on.clone().unwrap_or_default();
    let on = parse_day(&signed_on).unwrap_or_default();
    let applicants = identities(ledger, agreement_id, Paper::ConfirmationApplication)?;
    Ok(ConfirmationDoc {
        court: shown.confirmation.as_ref().map(|c| c.court.clone()),
        applicants: applicants.iter().map(|p| party_whole(p, on)).collect(),
        agreement_number: a.number.clone().unwrap_or_default(),
        committee: format!("{place}人民调解委员会"),
        signed_on,
        facts: a.content.facts.clone(),
        terms: a.content.terms.clone(),
        applied_on: shown.confirmation.as_ref().map(|c| c.applied_on.clone()),
    })
}

/// The guide's time-limit table, in the order a matter meets them.
const GUIDE_RULES: [Rule; 7] = [
    Rule::Accept,
    Rule::Handle,
    Rule::Mediation,
    Rule::CourtConfirmation,
    Rule::Revisit,
    Rule::VillageScreening,
    Rule::TownshipScreening,
];

/// The one-page guide (信访台账操作指南) for this device: its village or
/// township in the title when the ledger is set up, and the time limits as
/// this ledger counts them (`time_limits`), so the paper never disagrees
/// with the agenda.
pub fn quick_guide(ledger: &mut Ledger) -> Result<QuickGuideDoc> {
    let place = device(ledger)?.map(|d| d.name);
    let limits = ledger.typed().time_limits(NoArgs {})?;
    let printed_on = ledger.typed().clock_now(NoArgs {})?.today.to_string();
    Ok(QuickGuideDoc {
        place,
        limits: GUIDE_RULES
            .iter()
            .map(|&rule| LimitRow {
                title: rule.title().to_owned(),
                days: rule.days(&limits),
                extension_days: (rule == Rule::Handle).then_some(limits.max_extension_days),
                basis: rule.basis().to_owned(),
            })
            .collect(),
        printed_on,
    })
}

/// The statistics report (信访工作统计表) of `from` to `to` (YYYY-MM-DD, both
/// included) over `villages` (all when empty), as `report_show` computes it;
/// the core refuses a bad date or an unknown village, in Chinese.
pub fn report(ledger: &mut Ledger, from: &str, to: &str, villages: &[String]) -> Result<ReportDoc> {
    let query = ReportQuery { from: from.to_owned(), to: to.to_owned(), villages: villages.to_vec() };
    let report = ledger.typed().report_show(outside("report_show", query)?)?;
    Ok(report_doc(&report))
}

/// The printed report of a report the caller already has (e.g. the CLI's
/// `xinfang report`): every figure and rate by its key, with the core's labels.
pub fn report_doc(report: &Report) -> ReportDoc {
    let groups = |groups: &[BreakdownGroup]| -> Vec<GroupDoc> {
        groups.iter().map(|g| GroupDoc { key: g.key.clone(), tally: tally_doc(&g.tally) }).collect()
    };
    ReportDoc {
        place: report.ledger_name.clone(),
        from: report.from.clone(),
        to: report.to.clone(),
        scope: report.scope_label.clone(),
        villages: report.villages.clone(),
        as_of: report.as_of.clone(),
        figures: FigureKey::ALL
            .iter()
            .map(|&f| (key(f), FigureName { label: f.label().to_owned(), unit: key(f.unit()) }))
            .collect(),
        rates: RateKey::ALL.iter().map(|&r| (key(r), r.label().to_owned())).collect(),
        total: tally_doc(&report.total),
        by_category: groups(&report.by_category),
        by_village: groups(&report.by_village),
        by_month: groups(&report.by_month),
        notes: report.notes.clone(),
    }
}

fn tally_doc(t: &Tally) -> TallyDoc {
    TallyDoc {
        counts: t.counts.iter().map(|c| (key(c.figure), c.count)).collect(),
        rates: t.rates.iter().map(|r| (key(r.rate), r.display.clone())).collect(),
    }
}

/// A key's name as the JSON contract spells it (`received`, `handled_rate`).
fn key(k: impl Serialize) -> String {
    match serde_json::to_value(k) {
        Ok(Value::String(name)) => name,
        // The keys are unit enum variants, which serialise as their names.
        other => unreachable!("a report key serialised as {other:?}"),
    }
}

fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The China-time date of an RFC 3339 timestamp.
fn china_day(timestamp: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(timestamp).ok().map(|t| t.with_timezone(&china()).date_naive())
}

/// 2026-04-03 → 2026年4月3日
fn cn_day(s: &str) -> String {
    parse_day(s).map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day())).unwrap_or_else(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(age_on(d("1968-03-02"), d("2026-03-01")), Some(57));
        assert_eq!(age_on(d("1968-03-02"), d("2026-03-02")), Some(58));
        assert_eq!(age_on(d("2027-01-01"), d("2026-03-02")), None);
    }
}
