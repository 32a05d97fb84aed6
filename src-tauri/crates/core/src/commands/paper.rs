//! The papers of a case beyond the agreement (issue 24): recording them
//! (`paper_add`), reading one back for print (`paper_show`), and the one way
//! a printed paper gets every party's whole ID number and phone
//! (`party_identities`), which records each party as looked at.

use super::case::CaseDetail;
use super::day::parse_day;
use super::paper_view::{PaperView, view};
use super::schedule::{date_of, day};
use super::{Ledger, visibility};
use crate::domain::agreement::{AgreementForm, AgreementStatus};
use crate::domain::disclosure::{Disclosure, Paper};
use crate::domain::identity::Gender;
use crate::domain::intake::{MAX_NAME_CHARS, required_text};
use crate::domain::paper::PaperContent;
use crate::error::{Error, Result};
use crate::store::access_log::{self, PersonAccess};
use crate::store::case_views::ViewedPart;
use crate::store::cases::CaseRow;
use crate::store::papers::{self, PaperRow};
use crate::store::people;
use crate::store::{agreements, cases, new_id, settings};
use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Record a paper of a case.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PaperAdd {
    pub case_id: String,
    /// The day it counts from (YYYY-MM-DD): the notice's or answer's day of
    /// delivery, the day the parties signed the rights notice, the day of an
    /// investigation or a mediation session, the day the application was
    /// filed, the day the court decided.
    pub dated_on: String,
    pub content: PaperContent,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PaperId {
    pub id: String,
}

/// The parties of an agreement whole, for a paper that must identify them
/// completely ([`Paper::disclosure`] is [`Disclosure::Full`]).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PartyIdentities {
    pub agreement_id: String,
    pub paper: Paper,
}

/// One party as a binding paper prints it: every detail, numbers whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PartyIdentity {
    pub id: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<String>,
    pub occupation: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub village: Option<String>,
    pub group: Option<String>,
    pub address: Option<String>,
}

/// One field's problem, shown beside the field (`field` as in
/// [`crate::Error::field`], e.g. `content.place`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// Every field of a paper checked at once, writing nothing: the form marks
/// each problem beside its field before `paper_add`, which refuses on the
/// first of the same problems. The order of the judicial confirmation
/// (`paper_add` refuses it whole) is not a field's problem.
pub fn check(ledger: &mut Ledger, args: PaperAdd) -> Result<Vec<FieldProblem>> {
    let case = visibility::visible(ledger, args.case_id.trim())?;
    Ok(problems(ledger, &args, &case)?
        .into_iter()
        .map(|e| FieldProblem { field: e.field().unwrap_or_default().to_owned(), message: e.to_string() })
        .collect())
}

/// The checks of each field of `args` for `case`, in the form's order:
/// the paper's own, its day, the people it names, who records it.
fn problems(ledger: &Ledger, args: &PaperAdd, case: &CaseRow) -> Result<Vec<Error>> {
    let mut out = Vec::new();
    if let Err(e) = args.content.checked() {
        out.extend(e);
    }
    match parse_day(&args.dated_on, "dated_on", "日期") {
        Err(e) => out.push(e),
        Ok(on) if on > ledger.latest_day()? => out.push(Error::invalid("dated_on", "日期", "不能晚于今天")),
        Ok(on) if on < date_of(&case.received_at) => out.push(Error::invalid("dated_on", "日期", "不能早于登记日期")),
        Ok(_) => {}
    }
    let field = match args.content {
        PaperContent::Application { .. } => "content.applicant_ids",
        _ => "content.party_ids",
    };
    for (i, id) in args.content.person_ids().iter().enumerate() {
        if people::get(ledger.store.conn(), id.trim()).is_err() {
            out.push(Error::invalid(field, "当事人", format!("第 {} 人不在台账中，请重新选择", i + 1)));
            break;
        }
    }
    if let Err(e) = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS) {
        out.push(e);
    }
    Ok(out)
}

pub fn add(ledger: &mut Ledger, args: PaperAdd) -> Result<CaseDetail> {
    let case = visibility::visible(ledger, args.case_id.trim())?;
    if let Some(first) = problems(ledger, &args, &case)?.into_iter().next() {
        return Err(first);
    }
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let content = args.content.normalised()?;
    let on = parse_day(&args.dated_on, "dated_on", "日期")?;
    let limits = settings::time_limits(ledger.store.conn())?;
    ledger.store.write(ledger.clock, |w| {
        let case = cases::get(w.tx(), &case.id)?;
        if case.voided_at.is_some() {
            return Err(Error::refused("本件已作废，不能再登记文书。"));
        }
        check_confirmation(w.tx(), &case.id, &content, on, limits.court_confirmation_days)?;
        let row = PaperRow {
            id: new_id(),
            case_id: case.id.clone(),
            agreement_id: content.agreement_id().map(str::to_owned),
            dated_on: on.to_string(),
            content: content.clone(),
            created_by: actor.clone(),
            created_at: w.now_text(),
        };
        papers::insert(w, &row)
    })?;
    super::case::detail(ledger, &case.id)
}

/// The judicial confirmation's order: an application only for a signed
/// written agreement of this case, within the window after signing, once;
/// a decision only on an application, once, not before it.
fn check_confirmation(
    conn: &Connection,
    case_id: &str,
    content: &PaperContent,
    on: NaiveDate,
    days: u32,
) -> Result<()> {
    let Some(agreement_id) = content.agreement_id() else { return Ok(()) };
    let agreement = agreements::get(conn, agreement_id)
        .ok()
        .filter(|a| a.case_id == case_id)
        .ok_or_else(|| Error::invalid("content.agreement_id", "调解协议", "不是本件的调解协议"))?;
    let earlier = papers::for_case(conn, case_id)?;
    let of_this = |kind: &str| {
        earlier.iter().find(|p| p.agreement_id.as_deref() == Some(agreement_id) && p.content.kind() == kind)
    };
    match content {
        PaperContent::ConfirmationApplication { .. } => {
            if agreement.form != AgreementForm::Written || agreement.status != AgreementStatus::Signed {
                return Err(Error::refused("只有已签订、仍然有效的书面调解协议可以申请司法确认。"));
            }
            let signed = agreement.signed_on.as_deref().and_then(day).unwrap_or(on);
            if on < signed {
                return Err(Error::invalid("dated_on", "申请日期", "不能早于协议签订日期"));
            }
            let last = signed + Days::new(u64::from(days));
            if on > last {
                return Err(Error::refused(format!(
                    "协议于{signed}生效，申请司法确认应在{days}日内（至{last}）提出，已超过期限。"
                )));
            }
            if of_this("confirmation_application").is_some() {
                return Err(Error::refused("这份协议已登记过司法确认申请。"));
            }
        }
        PaperContent::ConfirmationDecision { .. } => {
            let Some(applied) = of_this("confirmation_application") else {
                return Err(Error::refused("这份协议还没有登记司法确认申请，不能登记法院的确认结果。"));
            };
            if on < day(&applied.dated_on).unwrap_or(on) {
                return Err(Error::invalid("dated_on", "裁定日期", "不能早于申请日期"));
            }
            if of_this("confirmation_decision").is_some() {
                return Err(Error::refused("这份协议已登记过法院的确认结果。"));
            }
        }
        _ => {}
    }
    Ok(())
}

pub fn show(ledger: &mut Ledger, args: PaperId) -> Result<PaperView> {
    let row = papers::get(ledger.store.conn(), args.id.trim())?;
    let case = visibility::look(ledger, &row.case_id, ViewedPart::Case)?;
    view(ledger.store.conn(), row, &case.number)
}

/// Every party of the agreement with whole numbers, for a paper that must
/// carry them (the rule is [`Paper::disclosure`]); each party is recorded
/// in the access log as looked at, with the paper as the reason, before
/// anything is answered.
pub fn party_identities(ledger: &mut Ledger, args: PartyIdentities) -> Result<Vec<PartyIdentity>> {
    if args.paper.disclosure() != Disclosure::Full {
        return Err(Error::refused(format!("{}上的身份证号码和电话只显示部分。", args.paper.label())));
    }
    crate::access::may_reveal(ledger.account.as_ref())?;
    let agreement = agreements::get(ledger.store.conn(), args.agreement_id.trim())?;
    let case = visibility::look(ledger, &agreement.case_id, ViewedPart::Agreement)?;
    let parties: Vec<people::PersonRow> =
        agreement.content.party_ids.iter().map(|id| people::get(ledger.store.conn(), id)).collect::<Result<_>>()?;
    let reason = format!("打印{}（{}）", args.paper.label(), agreement.number.as_deref().unwrap_or(&case.number));
    let (account_name, role) = crate::access::who(ledger.account.as_ref());
    ledger.store.write(ledger.clock, |w| {
        for p in &parties {
            let entry = PersonAccess {
                id: new_id(),
                person_id: p.id.clone(),
                case_id: Some(case.id.clone()),
                account_name: account_name.clone(),
                role: role.clone(),
                device_id: w.device_id().to_owned(),
                reason: reason.clone(),
                accessed_at: w.now_text(),
            };
            access_log::insert(w, &entry)?;
        }
        Ok(())
    })?;
    Ok(parties
        .into_iter()
        .map(|p| PartyIdentity {
            id: p.id,
            name: p.name,
            gender: p.gender,
            ethnicity: p.ethnicity,
            birth_date: p.birth_date,
            occupation: p.occupation,
            id_number: p.id_number,
            phone: p.phone,
            village: p.village,
            group: p.group,
            address: p.address,
        })
        .collect())
}
