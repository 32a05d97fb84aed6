//! The mediation agreement editor (人民调解协议书): draft, edit, sign, correct.
//! A signed version is locked; a correction is a new version that supersedes
//! it once signed, and every version stays in the file.

use super::Ledger;
use super::day::parse_day;
use super::schedule::date_of;
use crate::domain::agreement::{
    AgreementContent, AgreementForm, AgreementStatus, BasicSituation, PrintMedium, PrintedAgreement, check_correctable,
    check_editable,
};
use crate::domain::intake::{MAX_NAME_CHARS, MAX_SHORT_CHARS, required_text};
use crate::error::{Error, Result};
use crate::store::agreements::{self, AgreementRow};
use crate::store::case_views::ViewedPart;
use crate::store::people::{self, PersonView};
use crate::store::prints::{self, AgreementPrint};
use crate::store::{cases, device, events, new_id, numbers};
use chrono::Datelike;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An agreement version as the editor and the case page show it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AgreementView {
    pub agreement: AgreementRow,
    /// The parties, in the agreement's order (masked details).
    pub parties: Vec<PersonView>,
    pub case_number: String,
    /// 草稿 / 已签订 / 已被更正
    pub status_label: String,
    /// The content fingerprint (内容指纹) this version prints with.
    pub fingerprint: String,
    /// Each time this version was printed or saved as a PDF, oldest first.
    pub prints: Vec<AgreementPrint>,
    /// Parties whose basic situation (人民调解法第二十九条) is incomplete,
    /// to be filled in before signing; empty when every party is identified.
    pub party_gaps: Vec<PartyGap>,
    /// Where it stands with the court (司法确认), once applied for.
    pub confirmation: Option<super::paper_view::Confirmation>,
    /// A draft's text short of what signing needs, every gap at once, in
    /// the form's order (what `agreement_sign` would refuse, first one
    /// first); empty once it can be signed, and for a signed version.
    pub sign_gaps: Vec<SignGap>,
}

/// One thing to fill in before signing, beside the field it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SignGap {
    /// The content's field: `facts`, `terms[0]`, `performance`, `copies`, `mediators`, `party_ids`.
    pub field: String,
    /// e.g. 履行方式、时限：不能为空
    pub message: String,
}

fn sign_gaps(a: &AgreementRow) -> Vec<SignGap> {
    if a.status != AgreementStatus::Draft {
        return Vec::new();
    }
    a.content
        .signing_problems(a.form)
        .into_iter()
        .map(|e| SignGap { field: e.field().unwrap_or_default().to_owned(), message: e.to_string() })
        .collect()
}

/// A party whose details the agreement form asks for are not all known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PartyGap {
    pub person_id: String,
    pub name: String,
    /// e.g. ["民族", "职业"]
    pub missing: Vec<String>,
    /// 当事人二张东红缺少：民族、职业、联系方式
    pub message: String,
}

/// Each party short of the basic situation the form asks for.
fn party_gaps(parties: &[PersonView]) -> Vec<PartyGap> {
    const ORDINALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    parties
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let missing = BasicSituation {
                gender: p.gender.is_some(),
                ethnicity: p.ethnicity.as_deref(),
                birth_date: p.birth_date.as_deref(),
                occupation: p.occupation.as_deref(),
                address: p.address.is_some() || p.village.is_some(),
                phone: p.phone_masked.is_some(),
            }
            .missing();
            (!missing.is_empty()).then(|| PartyGap {
                person_id: p.id.clone(),
                name: p.name.clone(),
                message: format!("当事人{}{}缺少：{}", ORDINALS.get(i).unwrap_or(&""), p.name, missing.join("、")),
                missing: missing.into_iter().map(str::to_owned).collect(),
            })
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AgreementId {
    pub id: String,
}

/// Begin an agreement on a case.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AgreementDraft {
    pub case_id: String,
    pub form: AgreementForm,
    pub content: AgreementContent,
    pub actor: String,
}

/// Change a draft.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AgreementEdit {
    pub id: String,
    pub form: AgreementForm,
    pub content: AgreementContent,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct AgreementSign {
    pub id: String,
    /// The day every party signed (YYYY-MM-DD); today if absent.
    #[serde(default)]
    pub signed_on: Option<String>,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AgreementCorrect {
    pub id: String,
    /// 更正原因
    pub reason: String,
    pub actor: String,
}

/// Record that a version was printed or saved as a PDF. `fingerprint` is the
/// one on the paper: a print of anything but the ledger's current content
/// (say, a preview made before the draft was edited) is refused.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AgreementPrinted {
    pub id: String,
    pub fingerprint: String,
    pub medium: PrintMedium,
    pub actor: String,
}

pub(crate) fn view(conn: &Connection, agreement: AgreementRow, case_number: &str) -> Result<AgreementView> {
    let parties: Vec<PersonView> = agreement
        .content
        .party_ids
        .iter()
        .map(|id| people::get(conn, id).map(PersonView::from))
        .collect::<Result<_>>()?;
    Ok(AgreementView {
        status_label: agreement.status.label().to_owned(),
        case_number: case_number.to_owned(),
        fingerprint: printed(&agreement, &parties).fingerprint(),
        prints: prints::for_agreement(conn, &agreement.id)?,
        party_gaps: party_gaps(&parties),
        sign_gaps: sign_gaps(&agreement),
        confirmation: super::paper_view::confirmation(&crate::store::papers::for_case(conn, &agreement.case_id)?, &agreement.id),
        parties,
        agreement,
    })
}

fn printed<'a>(a: &'a AgreementRow, parties: &'a [PersonView]) -> PrintedAgreement<'a> {
    PrintedAgreement {
        number: a.number.as_deref(),
        version: a.version,
        form: a.form,
        signed_on: a.signed_on.as_deref(),
        party_names: parties.iter().map(|p| p.name.as_str()).collect(),
        content: &a.content,
    }
}

fn show_row(conn: &Connection, a: AgreementRow) -> Result<AgreementView> {
    let number = cases::get(conn, &a.case_id)?.number;
    view(conn, a, &number)
}

pub fn show(ledger: &mut Ledger, args: AgreementId) -> Result<AgreementView> {
    let row = agreements::get(ledger.store.conn(), &args.id)?;
    let case = super::visibility::look(ledger, &row.case_id, ViewedPart::Agreement)?;
    view(ledger.store.conn(), row, &case.number)
}

/// The case an agreement belongs to, refusing a voided one.
fn live_case(conn: &Connection, case_id: &str) -> Result<cases::CaseRow> {
    let case = cases::get(conn, case_id)?;
    if case.voided_at.is_some() {
        return Err(Error::refused("本件已作废，不能制作、修改、签订或更正调解协议。"));
    }
    Ok(case)
}

/// Checks that every party is a person on file.
fn check_parties(conn: &Connection, content: &AgreementContent) -> Result<()> {
    for (i, id) in content.party_ids.iter().enumerate() {
        people::get(conn, id).map_err(|_| {
            Error::invalid(&format!("party_ids[{i}]"), "当事人", format!("第 {} 方当事人不在台账中，请重新选择", i + 1))
        })?;
    }
    Ok(())
}

pub fn draft(ledger: &mut Ledger, args: AgreementDraft) -> Result<AgreementView> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let content = args.content.normalised()?;
    let today = ledger.clock.today().to_string();
    let row = ledger.store.write(ledger.clock, |w| {
        let case = live_case(w.tx(), &args.case_id)?;
        if agreements::for_case(w.tx(), &case.id)?.iter().any(|a| a.status != AgreementStatus::Superseded) {
            return Err(Error::refused("本件已有调解协议：请修改现有草稿，或对已签订的协议“更正协议”。"));
        }
        check_parties(w.tx(), &content)?;
        let row = AgreementRow {
            id: new_id(),
            case_id: case.id.clone(),
            number: None,
            version: 1,
            supersedes_id: None,
            form: args.form,
            status: AgreementStatus::Draft,
            content: content.clone(),
            signed_on: None,
            correction_reason: None,
            created_by: Some(actor.clone()),
            signed_by: None,
            created_at: w.now_text(),
            updated_at: w.now_text(),
        };
        agreements::save(w, &row, "insert")?;
        events::record(w, &case.id, "agreement_draft", &today, &actor, None)?;
        Ok(row)
    })?;
    show_row(ledger.store.conn(), row)
}

pub fn edit(ledger: &mut Ledger, args: AgreementEdit) -> Result<AgreementView> {
    let content = args.content.normalised()?;
    let row = ledger.store.write(ledger.clock, |w| {
        let mut row = agreements::get(w.tx(), &args.id)?;
        live_case(w.tx(), &row.case_id)?;
        check_editable(row.status)?;
        check_parties(w.tx(), &content)?;
        row.form = args.form;
        row.content = content.clone();
        row.updated_at = w.now_text();
        agreements::save(w, &row, "update")?;
        Ok(row)
    })?;
    show_row(ledger.store.conn(), row)
}

pub fn sign(ledger: &mut Ledger, args: AgreementSign) -> Result<AgreementView> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let today = ledger.clock.today();
    let signed_on = match &args.signed_on {
        Some(s) => parse_day(s, "signed_on", "签订日期")?,
        None => today,
    };
    if signed_on > ledger.latest_day()? {
        return Err(Error::invalid("signed_on", "签订日期", "不能晚于今天"));
    }
    let committee = match crate::store::settings::committee(ledger.store.conn())? {
        Some(name) => name,
        None => device::load(ledger.store.conn())?.ok_or(Error::NotInitialised)?.name,
    };
    let row = ledger.store.write(ledger.clock, |w| {
        let mut row = agreements::get(w.tx(), &args.id)?;
        if row.status != AgreementStatus::Draft {
            return Err(Error::refused(format!("此版本{}，不能再签订。", row.status.label())));
        }
        let case = live_case(w.tx(), &row.case_id)?;
        row.content.check_signable(row.form)?;
        check_parties(w.tx(), &row.content)?;
        if signed_on < date_of(&case.received_at) {
            return Err(Error::invalid("signed_on", "签订日期", "不能早于登记日期"));
        }
        let superseded = match &row.supersedes_id {
            Some(old_id) => {
                let mut old = agreements::get(w.tx(), old_id)?;
                if old.signed_on.as_deref().is_some_and(|d| d > signed_on.to_string().as_str()) {
                    return Err(Error::invalid("signed_on", "签订日期", "不能早于被更正协议的签订日期"));
                }
                old.status = AgreementStatus::Superseded;
                old.updated_at = w.now_text();
                agreements::save(w, &old, "update")?;
                Some(old)
            }
            None => None,
        };
        if row.number.is_none() && row.form == AgreementForm::Written {
            let n = numbers::next(w.tx(), "agreement", &committee, signed_on.year())?;
            row.number = Some(numbers::agreement_number(&committee, signed_on.year(), n));
        }
        row.status = AgreementStatus::Signed;
        row.signed_on = Some(signed_on.to_string());
        row.signed_by = Some(actor.clone());
        row.updated_at = w.now_text();
        agreements::save(w, &row, "update")?;
        let note = match (&row.number, &superseded) {
            (Some(n), Some(old)) => format!("{n} 第{}版，更正第{}版", row.version, old.version),
            (Some(n), None) => n.clone(),
            (None, _) => "口头协议".to_owned(),
        };
        events::record(w, &row.case_id, "agreement_sign", &signed_on.to_string(), &actor, Some(&note))?;
        Ok(row)
    })?;
    show_row(ledger.store.conn(), row)
}

pub fn printed_record(ledger: &mut Ledger, args: AgreementPrinted) -> Result<AgreementView> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let row = ledger.store.write(ledger.clock, |w| {
        let row = agreements::get(w.tx(), &args.id)?;
        live_case(w.tx(), &row.case_id)?;
        let current = view(w.tx(), row.clone(), "")?.fingerprint;
        if args.fingerprint.trim() != current {
            return Err(Error::refused(format!(
                "打印的内容（指纹 {}）与台账中此版本的协议（指纹 {current}）不一致，可能在预览后又修改过。请重新预览后再打印。",
                args.fingerprint.trim()
            )));
        }
        prints::insert(
            w,
            &AgreementPrint {
                id: new_id(),
                agreement_id: row.id.clone(),
                case_id: row.case_id.clone(),
                number: row.number.clone(),
                version: row.version,
                fingerprint: current,
                medium: args.medium,
                printed_at: w.now_text(),
                printed_by: actor.clone(),
            },
        )?;
        Ok(row)
    })?;
    show_row(ledger.store.conn(), row)
}

pub fn correct(ledger: &mut Ledger, args: AgreementCorrect) -> Result<AgreementView> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let reason = required_text(&args.reason, "reason", "更正原因", MAX_SHORT_CHARS)?;
    let today = ledger.clock.today().to_string();
    let row = ledger.store.write(ledger.clock, |w| {
        let old = agreements::get(w.tx(), &args.id)?;
        live_case(w.tx(), &old.case_id)?;
        check_correctable(old.status)?;
        if let Some(pending) = agreements::correction_of(w.tx(), &old.id)? {
            return Err(Error::refused(format!("此协议已有更正中的第{}版草稿，请直接修改该草稿。", pending.version)));
        }
        let row = AgreementRow {
            id: new_id(),
            case_id: old.case_id.clone(),
            number: old.number.clone(),
            version: old.version + 1,
            supersedes_id: Some(old.id.clone()),
            form: old.form,
            status: AgreementStatus::Draft,
            content: old.content.clone(),
            signed_on: None,
            correction_reason: Some(reason.clone()),
            created_by: Some(actor.clone()),
            signed_by: None,
            created_at: w.now_text(),
            updated_at: w.now_text(),
        };
        agreements::save(w, &row, "insert")?;
        events::record(w, &row.case_id, "agreement_correct", &today, &actor, Some(&reason))?;
        Ok(row)
    })?;
    show_row(ledger.store.conn(), row)
}
