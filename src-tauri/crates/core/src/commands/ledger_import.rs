//! 台账导入 (`ledger_import_rows`): the rows of an existing Excel ledger
//! recorded as cases, each on its original day; a row the sheet marks
//! handled is recorded handled with its result. All or nothing: every row is checked first, a sheet with
//! any error writes nothing, and a clean sheet is written in one transaction
//! through `Store::write`, so the change log and sync carry every case.
//!
//! Re-importing is safe: a row already in the ledger (same day, name and
//! content) is skipped and named, never recorded twice.

use super::Ledger;
use super::catalog;
use super::visit;
use crate::clock::china;
use crate::domain::Channel;
use crate::domain::identity::{mask_id_number, mask_phone};
use crate::domain::intake::{
    MAX_NAME_CHARS, MAX_TEXT_CHARS, Petitioner, PetitionerInput, Visit, VisitInput, optional_text, required_text,
};
use crate::domain::ledger_import::{
    CHANNEL_WORDS, handled_historically, parse_channel, parse_day_time, parse_handled, village_from_address,
};
use crate::error::{Error, Result};
use crate::store::{cases, device, events, imports};
use chrono::{NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Rows one import may hold: a township's few years, not a slip that pastes a whole database.
pub const MAX_ROWS: usize = 5000;
/// Errors quoted in the refusal of a real import (the preview lists them all).
const ERRORS_QUOTED: usize = 5;

/// The columns' names in messages, as `docs/ledger-import.md` lists them.
pub mod column {
    pub const DATE: &str = "日期";
    pub const NAME: &str = "姓名";
    pub const ID_NUMBER: &str = "身份证号";
    pub const PHONE: &str = "电话";
    pub const VILLAGE: &str = "村";
    pub const GROUP: &str = "组";
    pub const ADDRESS: &str = "住址";
    pub const REQUEST: &str = "内容";
    pub const CATEGORY: &str = "类别";
    pub const CHANNEL: &str = "方式";
    pub const RECEIVED_BY: &str = "接待人";
    pub const RESULT: &str = "办理结果";
    pub const HANDLED: &str = "办结";
    pub const HANDLED_ON: &str = "办结日期";
}

/// One row of the sheet, its cells as text (the sheets crate writes a date
/// cell as YYYY-MM-DD); absent columns are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct LedgerRow {
    /// The row's number as the spreadsheet shows it, for messages.
    pub row: u32,
    pub date: String,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub village: Option<String>,
    pub group: Option<String>,
    pub address: Option<String>,
    pub request: String,
    pub category: String,
    /// 来信 / 来访 / 电话 …
    pub channel: String,
    /// Who received it; the person importing when absent.
    pub received_by: Option<String>,
    /// 办理结果 / 处理情况.
    pub result: Option<String>,
    /// 办结: 是 / 否 / 已办结 …
    pub handled: Option<String>,
    pub handled_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LedgerImport {
    pub rows: Vec<LedgerRow>,
    /// Who imports: recorded as the receiver of rows that name none.
    pub actor: String,
    /// Check and show only; write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// A row as it is (or would be) recorded. ID numbers and phones are masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedRow {
    pub row: u32,
    /// YYYY-MM-DD.
    pub received_on: String,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub village: Option<String>,
    pub category: String,
    pub channel: Channel,
    pub request: String,
    pub received_by: String,
    /// The day it was handled, when the sheet says it was.
    pub handled_on: Option<String>,
    pub result: Option<String>,
    /// The case already in the ledger that this row repeats: skipped.
    pub existing: Option<String>,
    /// The case recorded for it, after a real import.
    pub case_number: Option<String>,
}

/// One problem in one cell, e.g. 第 7 行“日期”：2009-13-01 不是有效日期.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowError {
    pub row: u32,
    /// The column's name (see [`column`]).
    pub column: String,
    /// The whole sentence, row and column included.
    pub message: String,
}

impl RowError {
    pub fn new(row: u32, column: &str, reason: impl std::fmt::Display) -> RowError {
        RowError { row, column: column.to_owned(), message: format!("第 {row} 行“{column}”：{reason}") }
    }
}

/// Also read back by the sheets crate, which calls this through `dispatch`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LedgerImported {
    /// The rows that passed the checks, in sheet order.
    pub rows: Vec<ImportedRow>,
    pub errors: Vec<RowError>,
    /// Cases written (0 on a dry run or when anything is wrong).
    pub recorded: u32,
    /// Rows already in the ledger, skipped.
    pub skipped: u32,
    pub dry_run: bool,
}

/// A row that passed every check.
struct Checked {
    visit: Visit,
    handled: Option<NaiveDate>,
    view: ImportedRow,
}

pub fn import(ledger: &mut Ledger, args: LedgerImport) -> Result<LedgerImported> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    if args.rows.is_empty() {
        return Err(Error::invalid("rows", "台账", "没有可导入的行"));
    }
    if args.rows.len() > MAX_ROWS {
        return Err(Error::invalid("rows", "台账", format!("一次最多导入 {MAX_ROWS} 行，请分几个表导入")));
    }
    let device = device::load(ledger.store.conn())?.ok_or(Error::NotInitialised)?;
    let known = catalog::categories(ledger, super::NoArgs {})?;
    let categories: Vec<String> = known.disputes.into_iter().chain(known.requests).collect();
    let today = ledger.clock.today();
    let mut errors = Vec::new();
    let mut checked = Vec::new();
    // (day, name, content) → the row it first appeared on.
    let mut seen: HashMap<(NaiveDate, String, String), u32> = HashMap::new();
    for row in &args.rows {
        match check(row, &actor, &categories, today) {
            Err(mut e) => errors.append(&mut e),
            Ok(mut c) => {
                let name = c.view.name.clone();
                let key = (c.visit.received_at.date_naive(), name.clone(), c.visit.request.clone());
                if let Some(first) = seen.get(&key) {
                    errors.push(RowError::new(
                        row.row,
                        column::REQUEST,
                        format!("与第 {first} 行重复（日期、姓名、内容都相同）"),
                    ));
                    continue;
                }
                seen.insert(key.clone(), row.row);
                c.view.existing = imports::same_visit(ledger.store.conn(), key.0, &name, &key.2)?;
                checked.push(c);
            }
        }
    }
    let skipped = checked.iter().filter(|c| c.view.existing.is_some()).count() as u32;
    if args.dry_run || !errors.is_empty() {
        if !args.dry_run {
            return Err(refusal(&errors));
        }
        let rows = checked.into_iter().map(|c| c.view).collect();
        return Ok(LedgerImported { rows, errors, recorded: 0, skipped, dry_run: true });
    }
    let rows = ledger.store.write(ledger.clock, |w| {
        let mut rows = Vec::with_capacity(checked.len());
        for mut c in checked {
            if c.view.existing.is_none() {
                let added = visit::record(w, &device, &c.visit)?;
                if let Some(on) = c.handled {
                    mark_handled(w, &added.case_id, on, &c.view, &actor)?;
                }
                c.view.case_number = Some(added.case_number);
            }
            rows.push(c.view);
        }
        Ok(rows)
    })?;
    let recorded = rows.iter().filter(|r| r.case_number.is_some()).count() as u32;
    Ok(LedgerImported { rows, errors, recorded, skipped, dry_run: false })
}

/// Records a historical row as handled on `on` with the sheet's result:
/// the answer fed back and the case closed as 办结 (see
/// [`handled_historically`]).
fn mark_handled(
    w: &crate::store::Writer<'_>,
    case_id: &str,
    on: NaiveDate,
    row: &ImportedRow,
    actor: &str,
) -> Result<()> {
    let mut case = cases::get(w.tx(), case_id)?;
    let next = handled_historically();
    (case.step, case.route, case.outcome) = (next.step, next.route, next.outcome);
    let day = on.to_string();
    case.accepted_on = Some(day.clone());
    case.handled_on = Some(day.clone());
    case.closed_on = Some(day.clone());
    case.updated_at = w.now_text();
    cases::save(w, &case, "update")?;
    events::record(w, case_id, "feed_back", &day, &row.received_by, row.result.as_deref())?;
    events::record(w, case_id, "close", &day, actor, Some(IMPORTED_CLOSE_NOTE))
}

/// The timeline's note on a case closed by an import.
pub const IMPORTED_CLOSE_NOTE: &str = "按原台账导入：办结";

fn refusal(errors: &[RowError]) -> Error {
    let quoted: Vec<&str> = errors.iter().take(ERRORS_QUOTED).map(|e| e.message.as_str()).collect();
    let more = if errors.len() > ERRORS_QUOTED { "……" } else { "" };
    Error::refused(format!(
        "台账有 {} 处错误，没有导入任何记录。请改正后重新导入：{}{more}",
        errors.len(),
        quoted.join("；")
    ))
}

/// Every check of one row; all of its problems, not just the first.
fn check(row: &LedgerRow, actor: &str, categories: &[String], today: NaiveDate) -> Result<Checked, Vec<RowError>> {
    let n = row.row;
    let mut errors = Vec::new();
    let mut fail = |column: &str, reason: String| errors.push(RowError::new(n, column, reason));

    let received = match parse_day(&row.date, today) {
        Ok(d) => Some(d),
        Err(reason) => {
            fail(column::DATE, reason);
            None
        }
    };
    let channel = match row.channel.trim() {
        "" => {
            fail(column::CHANNEL, "不能为空".into());
            None
        }
        t => parse_channel(t).or_else(|| {
            fail(column::CHANNEL, format!("“{t}”不是可识别的信访方式（可填：{CHANNEL_WORDS}）"));
            None
        }),
    };
    let category = match row.category.trim() {
        "" => {
            fail(column::CATEGORY, "不能为空".into());
            None
        }
        t if categories.iter().any(|c| c == t) => Some(t.to_owned()),
        t => {
            fail(column::CATEGORY, format!("“{t}”不在类别清单中，请改为其中之一：{}", categories.join("、")));
            None
        }
    };
    let request = reason_of(required_text(&row.request, "request", "内容", MAX_TEXT_CHARS))
        .map_err(|r| fail(column::REQUEST, r))
        .ok();
    let received_by = row.received_by.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(actor);
    let received_by = reason_of(required_text(received_by, "received_by", "接待人", MAX_NAME_CHARS))
        .map_err(|r| fail(column::RECEIVED_BY, r))
        .ok();
    let result = reason_of(optional_text(row.result.as_deref(), "result", "办理结果", MAX_TEXT_CHARS))
        .map_err(|r| fail(column::RESULT, r))
        .ok()
        .flatten();
    let input = PetitionerInput {
        name: row.name.clone(),
        id_number: row.id_number.clone(),
        phone: row.phone.clone(),
        village: row.village.clone().or_else(|| row.address.as_deref().and_then(village_from_address)),
        group: row.group.clone(),
        address: row.address.clone(),
        ..Default::default()
    };
    // Born by the row's own day (today when the day itself is wrong).
    let petitioner = match input.validate(received.map_or(today, |d| d.date())) {
        Ok(p) => Some(p),
        Err(e) => {
            let col = petitioner_column(e.field().unwrap_or_default());
            fail(col, reason_text(e));
            None
        }
    };
    let handled = received.and_then(|d| handled_on(row, d, today).map_err(|(col, r)| fail(col, r)).ok()).flatten();

    let (Some(received), Some(channel), Some(category), Some(request), Some(received_by), Some(petitioner)) =
        (received, channel, category, request, received_by, petitioner)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let at = china().from_local_datetime(&received).single().map(|t| t.to_rfc3339()).unwrap_or_default();
    let visit = VisitInput {
        channel,
        received_at: at,
        petitioners: vec![input],
        headcount: None,
        category,
        request,
        received_by,
        facts: None,
        measures: result.clone(),
        urgency: None,
        repeat_of: None,
        confidential: false,
    }
    .validate()
    .map_err(|e| vec![RowError::new(n, visit_column(e.field().unwrap_or_default()), reason_text(e))])?;
    let view = view(n, &visit, &petitioner, handled, result);
    Ok(Checked { visit, handled, view })
}

fn view(row: u32, v: &Visit, p: &Petitioner, handled: Option<NaiveDate>, result: Option<String>) -> ImportedRow {
    ImportedRow {
        row,
        received_on: v.received_at.date_naive().to_string(),
        name: p.name.clone(),
        id_number: p.id_number.as_ref().map(|i| mask_id_number(i.as_str())),
        phone: p.phone.as_deref().map(mask_phone),
        village: p.village.clone(),
        category: v.category.clone(),
        channel: v.channel,
        request: v.request.clone(),
        received_by: v.received_by.clone(),
        handled_on: handled.map(|d| d.to_string()),
        result,
        existing: None,
        case_number: None,
    }
}

/// The received day (and time, if the cell has one): a real day, not after today.
fn parse_day(text: &str, today: NaiveDate) -> std::result::Result<chrono::NaiveDateTime, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("不能为空".into());
    }
    let d = parse_day_time(t).ok_or_else(|| format!("{t} 不是有效日期"))?;
    if d.date() > today {
        return Err(format!("{} 晚于今天", d.date()));
    }
    Ok(d)
}

/// When the row was handled: its 办结日期, which a 办结 mark of yes requires
/// and a mark of no contradicts.
fn handled_on(
    row: &LedgerRow,
    received: chrono::NaiveDateTime,
    today: NaiveDate,
) -> std::result::Result<Option<NaiveDate>, (&'static str, String)> {
    let mark = row.handled.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let flag = match mark {
        None => None,
        Some(t) => Some(
            parse_handled(t)
                .ok_or_else(|| (column::HANDLED, format!("看不出“{t}”是否办结（可填：是、否、已办结、未办结）")))?,
        ),
    };
    let on = match row.handled_on.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            let d = parse_day_time(t).ok_or_else(|| (column::HANDLED_ON, format!("{t} 不是有效日期")))?.date();
            if d < received.date() {
                return Err((column::HANDLED_ON, format!("{d} 早于登记日期 {}", received.date())));
            }
            if d > today {
                return Err((column::HANDLED_ON, format!("{d} 晚于今天")));
            }
            Some(d)
        }
    };
    match (flag, on) {
        (Some(true), None) => Err((column::HANDLED_ON, "已办结的须填写办结日期".into())),
        (Some(false), Some(_)) => {
            Err((column::HANDLED, format!("写的是“{}”，却填了办结日期", mark.unwrap_or_default())))
        }
        (_, on) => Ok(on),
    }
}

fn reason_of<T>(r: Result<T>) -> std::result::Result<T, String> {
    r.map_err(reason_text)
}

/// The reason alone (the row and column say where).
fn reason_text(e: Error) -> String {
    match e {
        Error::Invalid { reason, .. } => reason,
        other => other.to_string(),
    }
}

fn petitioner_column(field: &str) -> &'static str {
    match field {
        "id_number" | "gender" => column::ID_NUMBER,
        "phone" => column::PHONE,
        "village" => column::VILLAGE,
        "group" => column::GROUP,
        "address" => column::ADDRESS,
        _ => column::NAME,
    }
}

fn visit_column(field: &str) -> &'static str {
    match field {
        "received_at" => column::DATE,
        "category" => column::CATEGORY,
        "received_by" => column::RECEIVED_BY,
        "measures" => column::RESULT,
        f => match f.strip_prefix("petitioners[0].") {
            Some(inner) => petitioner_column(inner),
            None => column::REQUEST,
        },
    }
}

#[cfg(test)]
mod tests;
