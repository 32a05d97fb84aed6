//! 台账导入 (`ledger_import_rows`): the rows of an existing Excel ledger
//! recorded as cases, each on its original day; a row the sheet marks
//! handled is recorded handled with its result. All or nothing: every row is checked first, a sheet with
//! any error writes nothing, and a clean sheet is written in one transaction
//! through `Store::write`, so the change log and sync carry every case.
//!
//! Re-importing is safe: a row already in the ledger (same day, name and
//! content) is skipped and named, never recorded twice.
//!
//! The file is met as it is: a category, channel or state in the clerk's own
//! words is gathered for one mapping step ([`mapping`]) rather than refused
//! row by row; a day without its year, a 15-digit ID number and a local
//! landline are read and the row says how (`read_as`); head count, gender,
//! 承办单位 and 备注 are kept. Every imported case carries an `import`
//! event, so the agenda can leave its long-past deadlines to one review.

use super::Ledger;
use super::catalog;
use super::visit;
use crate::clock::china;
use crate::domain::Channel;
use crate::domain::identity::{Gender, mask_id_number, mask_phone, upgrade_15};
use crate::domain::intake::{
    COLLECTIVE_VISIT_HEADCOUNT, MAX_NAME_CHARS, MAX_SHORT_CHARS, MAX_TEXT_CHARS, Petitioner, PetitionerInput, Visit,
    VisitInput, optional_text, required_text,
};
use crate::domain::ledger_import::{
    IMPORTED_EVENT, OUTCOME_WORDS, closed_historically, parse_day_time, village_from_address,
};
use crate::domain::ledger_words::{local_landline, parse_gender, parse_headcount, parse_month_day};
use crate::domain::lifecycle::Outcome;
use crate::error::{Error, Result};
use crate::store::device::Role;
use crate::store::{cases, device, events, imports, settings};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

mod mapping;
pub use mapping::{ImportMapping, NewCategories, Unmapped};

/// Rows one import may hold: a township's few years, not a slip that pastes a whole database.
pub const MAX_ROWS: usize = 5000;
/// Errors quoted in the refusal of a real import (the preview lists them all).
const ERRORS_QUOTED: usize = 5;

/// The columns' names in messages, as `docs/ledger-import.md` lists them.
pub mod column {
    pub const DATE: &str = "日期";
    pub const NAME: &str = "姓名";
    pub const GENDER: &str = "性别";
    pub const ID_NUMBER: &str = "身份证号";
    pub const PHONE: &str = "电话";
    pub const VILLAGE: &str = "村";
    pub const GROUP: &str = "组";
    pub const ADDRESS: &str = "住址";
    pub const HEADCOUNT: &str = "人数";
    pub const REQUEST: &str = "内容";
    pub const CATEGORY: &str = "类别";
    pub const CHANNEL: &str = "方式";
    pub const RECEIVED_BY: &str = "接待人";
    pub const HANDLER: &str = "承办单位";
    pub const RESULT: &str = "办理结果";
    pub const HANDLED: &str = "办结";
    pub const HANDLED_ON: &str = "办结日期";
    pub const NOTES: &str = "备注";
}

/// One row of the sheet, its cells as text (the sheets crate writes a date
/// cell as YYYY-MM-DD); absent columns are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct LedgerRow {
    /// The sheet the row is on, named in messages when a workbook has several.
    pub sheet: Option<String>,
    /// The row's number as the spreadsheet shows it, for messages.
    pub row: u32,
    pub date: String,
    /// The year of a day written without one (4月8日) …
    pub year: Option<i32>,
    /// … and where it comes from, e.g. 标题“路居镇2009年信访台账”.
    pub year_from: Option<String>,
    pub name: String,
    /// 男 / 女.
    pub gender: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub village: Option<String>,
    pub group: Option<String>,
    pub address: Option<String>,
    /// 人数: 15, "30余人".
    pub headcount: Option<String>,
    pub request: String,
    pub category: String,
    /// 来信 / 来访 / 电话 …
    pub channel: String,
    /// Who received it; the person importing when absent.
    pub received_by: Option<String>,
    /// 承办单位: the body that handled it.
    pub handler: Option<String>,
    /// 办理结果 / 处理情况; a state word here (已办结) is read as the state.
    pub result: Option<String>,
    /// 办结 / 办理状态: 是 / 否 / 已办结 / 已化解 / 正在办理 …
    pub handled: Option<String>,
    pub handled_on: Option<String>,
    /// 备注, settlement amounts and all.
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct LedgerImport {
    pub rows: Vec<LedgerRow>,
    /// Who imports: recorded as the receiver of rows that name none.
    pub actor: String,
    /// Check and show only; write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// The clerk's words mapped to the ledger's, added to those remembered.
    #[serde(default)]
    pub mapping: Option<ImportMapping>,
}

/// A row as it is (or would be) recorded. ID numbers and phones are masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedRow {
    pub sheet: Option<String>,
    pub row: u32,
    /// YYYY-MM-DD.
    pub received_on: String,
    pub name: String,
    /// 男 / 女, as written or from the ID number.
    pub gender: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub village: Option<String>,
    /// People who came (5 or more: a collective visit).
    pub headcount: u32,
    pub category: String,
    pub channel: Channel,
    pub request: String,
    pub received_by: String,
    pub handler: Option<String>,
    /// 正在化解 / 办结 / 化解 / 息访息诉.
    pub outcome: String,
    /// The day it was handled, when the sheet says it was.
    pub handled_on: Option<String>,
    pub result: Option<String>,
    pub notes: Option<String>,
    /// How the import read what the sheet wrote, e.g. a 15-digit ID number
    /// converted, a day's year taken from the title, a local landline kept.
    pub read_as: Vec<String>,
    /// The case already in the ledger that this row repeats: skipped.
    pub existing: Option<String>,
    /// The case recorded for it, after a real import.
    pub case_number: Option<String>,
}

/// One problem in one cell, e.g. 第 7 行“日期”：2009-13-01 不是有效日期.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowError {
    pub sheet: Option<String>,
    pub row: u32,
    /// The column's name (see [`column`]).
    pub column: String,
    /// The whole sentence, sheet, row and column included.
    pub message: String,
}

impl RowError {
    pub fn new(row: u32, column: &str, reason: impl std::fmt::Display) -> RowError {
        RowError {
            sheet: None, row, column: column.to_owned(), message: format!("第 {row} 行“{column}”：{reason}")
        }
    }

    /// The same problem placed on `sheet`: 表“下半年”第 5 行“日期”：….
    pub fn on_sheet(mut self, sheet: Option<&str>) -> RowError {
        if let (Some(name), None) = (sheet, &self.sheet) {
            self.message = format!("表“{name}”{}", self.message);
            self.sheet = Some(name.to_owned());
        }
        self
    }
}

/// Also read back by the sheets crate, which calls this through `dispatch`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LedgerImported {
    /// The rows that passed the checks, in sheet order.
    pub rows: Vec<ImportedRow>,
    pub errors: Vec<RowError>,
    /// The sheet's own words that need mapping before anything is written.
    pub unmapped: Unmapped,
    /// The mapping applied: the one remembered with the one given.
    pub mapping: ImportMapping,
    /// Cases written (0 on a dry run or when anything is wrong).
    pub recorded: u32,
    /// Rows already in the ledger, skipped.
    pub skipped: u32,
    pub dry_run: bool,
}

/// A row that passed every check.
struct Checked {
    visit: Visit,
    outcome: Outcome,
    handled: Option<NaiveDate>,
    view: ImportedRow,
}

/// What every row is checked against.
struct Context<'a> {
    actor: &'a str,
    categories: &'a [String],
    mapping: &'a ImportMapping,
    today: NaiveDate,
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
    let mapping = ImportMapping::remembered(ledger.store.conn())?.with(args.mapping.unwrap_or_default());
    let known = catalog::categories(ledger, super::NoArgs {})?;
    // Categories the clerk adds in the mapping step: the township's list
    // with them, as the settings page would store it.
    let added = mapping.new_categories.added_to(&known)?;
    if added.is_some() && device.role != Role::Township {
        return Err(Error::refused(
            "类别清单由乡镇信访办设置，随同步发到各村：请把表里的类别对照为清单里已有的类别，或请乡镇信访办在清单中添加。",
        ));
    }
    let list = added.clone().unwrap_or(known);
    let categories: Vec<String> = list.disputes.into_iter().chain(list.requests).collect();
    mapping.check(&categories)?;
    let today = ledger.clock.today();
    let cx = Context { actor: &actor, categories: &categories, mapping: &mapping, today };
    let mut errors = Vec::new();
    let mut unmapped = Unmapped::default();
    let mut checked = Vec::new();
    // (day, name, content) → the row it first appeared on.
    let mut seen: HashMap<(NaiveDate, String, String), String> = HashMap::new();
    for row in &args.rows {
        let sheet = row.sheet.as_deref();
        match check(row, &cx, &mut unmapped) {
            Err(e) => errors.extend(e.into_iter().map(|e| e.on_sheet(sheet))),
            Ok(mut c) => {
                let name = c.view.name.clone();
                let key = (c.visit.received_at.date_naive(), name.clone(), c.visit.request.clone());
                if let Some(first) = seen.get(&key) {
                    let reason = format!("与{first}重复（日期、姓名、内容都相同）");
                    errors.push(RowError::new(row.row, column::REQUEST, reason).on_sheet(sheet));
                    continue;
                }
                let place = match sheet {
                    Some(s) => format!("表“{s}”第 {} 行", row.row),
                    None => format!("第 {} 行", row.row),
                };
                seen.insert(key.clone(), place);
                c.view.existing = imports::same_visit(ledger.store.conn(), key.0, &name, &key.2)?;
                checked.push(c);
            }
        }
    }
    let skipped = checked.iter().filter(|c| c.view.existing.is_some()).count() as u32;
    let blocked = !errors.is_empty() || !unmapped.is_empty();
    if args.dry_run || blocked {
        if !args.dry_run {
            return Err(refusal(&errors, &unmapped));
        }
        let rows = checked.into_iter().map(|c| c.view).collect();
        return Ok(LedgerImported { rows, errors, unmapped, mapping, recorded: 0, skipped, dry_run: true });
    }
    let rows = ledger.store.write(ledger.clock, |w| {
        mapping.remember(w.tx())?;
        if let Some(list) = &added {
            settings::set(w, settings::CATEGORIES, &serde_json::to_string(list)?, &actor)?;
        }
        let mut rows = Vec::with_capacity(checked.len());
        for mut c in checked {
            if c.view.existing.is_none() {
                let added = visit::record(w, &device, &c.visit)?;
                if let Some(on) = c.handled {
                    mark_closed(w, &added.case_id, on, c.outcome, &c.view, &actor)?;
                }
                events::record(w, &added.case_id, IMPORTED_EVENT, &today.to_string(), &actor, Some(IMPORTED_NOTE))?;
                c.view.case_number = Some(added.case_number);
            }
            rows.push(c.view);
        }
        Ok(rows)
    })?;
    let recorded = rows.iter().filter(|r| r.case_number.is_some()).count() as u32;
    Ok(LedgerImported { rows, errors, unmapped, mapping, recorded, skipped, dry_run: false })
}

/// The note of the `import` event.
pub const IMPORTED_NOTE: &str = "从原 Excel 台账导入的历史记录";

/// Records a historical row as closed on `on` with the sheet's result and
/// outcome: the answer fed back and the case closed (see
/// [`closed_historically`]).
fn mark_closed(
    w: &crate::store::Writer<'_>,
    case_id: &str,
    on: NaiveDate,
    outcome: Outcome,
    row: &ImportedRow,
    actor: &str,
) -> Result<()> {
    let mut case = cases::get(w.tx(), case_id)?;
    let next = closed_historically(outcome);
    (case.step, case.route, case.outcome) = (next.step, next.route, next.outcome);
    let day = on.to_string();
    case.accepted_on = Some(day.clone());
    case.handled_on = Some(day.clone());
    case.closed_on = Some(day.clone());
    case.updated_at = w.now_text();
    cases::save(w, &case, "update")?;
    events::record(w, case_id, "feed_back", &day, &row.received_by, row.result.as_deref())?;
    events::record(w, case_id, "close", &day, actor, Some(&format!("{IMPORTED_CLOSE_NOTE}{}", outcome.label())))
}

/// The timeline's note on a case closed by an import (the outcome follows).
pub const IMPORTED_CLOSE_NOTE: &str = "按原台账导入：";

fn refusal(errors: &[RowError], unmapped: &Unmapped) -> Error {
    if errors.is_empty() {
        return Error::refused(format!(
            "台账里有 {} 个类别、方式或办理情况的写法还没有对照，没有导入任何记录。请先在预览中逐一对照后再导入",
            unmapped.count()
        ));
    }
    let quoted: Vec<&str> = errors.iter().take(ERRORS_QUOTED).map(|e| e.message.as_str()).collect();
    let more = if errors.len() > ERRORS_QUOTED { "……" } else { "" };
    Error::refused(format!(
        "台账有 {} 处错误，没有导入任何记录。请改正后重新导入：{}{more}",
        errors.len(),
        quoted.join("；")
    ))
}

/// Every check of one row in one pass: all of its problems, not just the
/// first; words to map are gathered in `unmapped` (such a row is held back
/// without an error of its own).
fn check(row: &LedgerRow, cx: &Context<'_>, unmapped: &mut Unmapped) -> Result<Checked, Vec<RowError>> {
    let n = row.row;
    let mut errors = Vec::new();
    let mut read_as = Vec::new();
    let mut fail = |column: &str, reason: String| errors.push(RowError::new(n, column, reason));

    let received = match parse_day(&row.date, row, cx.today) {
        Ok((d, how)) => {
            read_as.extend(how);
            Some(d)
        }
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
        t => cx.mapping.channel(t).or_else(|| {
            mapping::note(&mut unmapped.channel, t);
            None
        }),
    };
    let category = match row.category.trim() {
        "" => {
            fail(column::CATEGORY, "不能为空".into());
            None
        }
        t => {
            let mapped = cx.mapping.category(t);
            if cx.categories.iter().any(|c| c == mapped) {
                Some(mapped.to_owned())
            } else {
                mapping::note(&mut unmapped.category, t);
                None
            }
        }
    };
    let request = reason_of(required_text(&row.request, "request", "内容", MAX_TEXT_CHARS))
        .map_err(|r| fail(column::REQUEST, r))
        .ok();
    let received_by = row.received_by.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(cx.actor);
    let received_by = reason_of(required_text(received_by, "received_by", "接待人", MAX_NAME_CHARS))
        .map_err(|r| fail(column::RECEIVED_BY, r))
        .ok();
    let handler = reason_of(optional_text(row.handler.as_deref(), "handler", "承办单位", MAX_SHORT_CHARS))
        .map_err(|r| fail(column::HANDLER, r))
        .ok()
        .flatten();
    let notes = reason_of(optional_text(row.notes.as_deref(), "notes", "备注", MAX_TEXT_CHARS))
        .map_err(|r| fail(column::NOTES, r))
        .ok()
        .flatten();
    // A state word in the result column (办理情况：已办结) is the state, not measures.
    let result_text = row.result.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let (state_text, state_column, result_text) = match (row.handled.as_deref(), result_text) {
        (Some(h), r) if !h.trim().is_empty() => (Some(h.trim()), column::HANDLED, r),
        (_, Some(r)) if cx.mapping.outcome(r).is_some() => (Some(r), column::RESULT, None),
        (_, r) => (None, column::HANDLED, r),
    };
    let result = reason_of(optional_text(result_text, "result", "办理结果", MAX_TEXT_CHARS))
        .map_err(|r| fail(column::RESULT, r))
        .ok()
        .flatten();
    let outcome = match state_text {
        None => Some(None),
        Some(t) => match cx.mapping.outcome(t) {
            Some(o) => Some(Some(o)),
            None => {
                mapping::note(&mut unmapped.outcome, t);
                None
            }
        },
    };
    let gender = match row.gender.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => parse_gender(t).or_else(|| {
            fail(column::GENDER, format!("“{t}”不是性别（填 男 或 女）"));
            None
        }),
    };
    let headcount = match row.headcount.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => parse_headcount(t).or_else(|| {
            fail(column::HEADCOUNT, format!("看不出“{t}”是多少人（可填 15、8人、30余人）"));
            None
        }),
    };
    let collective = headcount.is_some_and(|h| h >= COLLECTIVE_VISIT_HEADCOUNT);
    if let (Some(h), Some(t)) = (headcount, row.headcount.as_deref()) {
        if !t.trim().chars().all(|c| c.is_ascii_digit()) && t.trim() != format!("{h}人") {
            read_as.push(format!("人数“{}”按至少 {h} 人计", t.trim()));
        }
        if collective {
            read_as.push(format!("{h} 人同一诉求为集体访，{}记为代表", row.name.trim()));
        }
    }
    let id_number = match row.id_number.as_deref().and_then(upgrade_15) {
        Some(full) => {
            read_as.push(format!("15 位身份证号已按国家标准升为 18 位：{}", mask_id_number(&full)));
            Some(full)
        }
        None => row.id_number.clone(),
    };
    let landline = row.phone.as_deref().and_then(local_landline);
    if let Some(p) = &landline {
        read_as.push(format!("电话 {} 是本地座机，未写区号，照原样保存", mask_phone(p)));
    }
    let input = PetitionerInput {
        name: row.name.clone(),
        id_number,
        phone: if landline.is_some() { None } else { row.phone.clone() },
        gender,
        village: row.village.clone().or_else(|| row.address.as_deref().and_then(village_from_address)),
        group: row.group.clone(),
        address: row.address.clone(),
        representative: collective.then_some(true),
        ..Default::default()
    };
    // Born by the row's own day (today when the day itself is wrong).
    let petitioner = match input.validate(received.map_or(cx.today, |d| d.date())) {
        Ok(p) => Some(p),
        Err(e) => {
            let col = petitioner_column(e.field().unwrap_or_default());
            fail(col, reason_text(e));
            None
        }
    };
    let closing = outcome.flatten().filter(|o| *o != Outcome::InProgress);
    let handled = match (received, outcome) {
        (Some(d), Some(o)) => handled_on(row, state_text.map(|t| (t, state_column)), o, d, cx.today)
            .map_err(|(col, r)| fail(col, r))
            .ok()
            .flatten()
            .map(|(on, how)| {
                read_as.extend(how);
                on
            }),
        _ => None,
    };

    let (Some(received), Some(channel), Some(category), Some(request), Some(received_by), Some(petitioner), Some(_)) =
        (received, channel, category, request, received_by, petitioner, outcome)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let at = china().from_local_datetime(&received).single().map(|t| t.to_rfc3339()).unwrap_or_default();
    let facts = [("承办单位", &handler), ("备注", &notes)]
        .iter()
        .filter_map(|(label, v)| v.as_ref().map(|v| format!("{label}：{v}")))
        .collect::<Vec<_>>();
    let mut visit = VisitInput {
        channel,
        received_at: at,
        petitioners: vec![input],
        headcount,
        category,
        request,
        received_by,
        facts: (!facts.is_empty()).then(|| facts.join("\n")),
        measures: result.clone(),
        urgency: None,
        repeat_of: None,
        confidential: false,
    }
    .validate()
    .map_err(|e| vec![RowError::new(n, visit_column(e.field().unwrap_or_default()), reason_text(e))])?;
    // Kept as written: the form's own check wants an area code.
    if let Some(p) = landline {
        visit.petitioners[0].phone = Some(p);
    }
    // A handled day with no state word: handled (办结).
    let outcome = closing.unwrap_or(if handled.is_some() { Outcome::Handled } else { Outcome::InProgress });
    let parts = Parts { handler, notes, outcome, read_as };
    let view = view(row, &visit, &petitioner, handled, result, parts);
    Ok(Checked { visit, outcome, handled, view })
}

/// What a row's view shows beside the visit itself.
struct Parts {
    handler: Option<String>,
    notes: Option<String>,
    outcome: Outcome,
    read_as: Vec<String>,
}

fn view(
    row: &LedgerRow,
    v: &Visit,
    p: &Petitioner,
    handled: Option<NaiveDate>,
    result: Option<String>,
    parts: Parts,
) -> ImportedRow {
    let shown = v.petitioners.first().unwrap_or(p);
    ImportedRow {
        sheet: row.sheet.clone(),
        row: row.row,
        received_on: v.received_at.date_naive().to_string(),
        name: shown.name.clone(),
        gender: shown.gender.map(|g: Gender| g.label().to_owned()),
        id_number: shown.id_number.as_ref().map(|i| mask_id_number(i.as_str())),
        phone: shown.phone.as_deref().map(mask_phone),
        village: shown.village.clone(),
        headcount: v.headcount,
        category: v.category.clone(),
        channel: v.channel,
        request: v.request.clone(),
        received_by: v.received_by.clone(),
        handler: parts.handler,
        outcome: parts.outcome.label().to_owned(),
        handled_on: handled.map(|d| d.to_string()),
        result,
        notes: parts.notes,
        read_as: parts.read_as,
        existing: None,
        case_number: None,
    }
}

/// A day as written, with the year completed from the row's context when
/// the sheet leaves it out (and a word saying so).
fn day_in(t: &str, row: &LedgerRow) -> Option<(NaiveDateTime, Option<String>)> {
    if let Some(d) = parse_day_time(t) {
        return Some((d, None));
    }
    let year = row.year?;
    let d = parse_month_day(t, year)?;
    let from = row.year_from.as_deref().unwrap_or("表格");
    Some((d, Some(format!("“{t}”没有写年份，按{from}取 {year} 年"))))
}

/// The received day (and time, if the cell has one): a real day, not after today.
fn parse_day(
    text: &str,
    row: &LedgerRow,
    today: NaiveDate,
) -> std::result::Result<(NaiveDateTime, Option<String>), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("不能为空".into());
    }
    let (d, how) = day_in(t, row).ok_or_else(|| not_a_day(t, row))?;
    if d.date() > today {
        return Err(format!("{} 晚于今天", d.date()));
    }
    Ok((d, how))
}

fn not_a_day(t: &str, row: &LedgerRow) -> String {
    if row.year.is_none() && parse_month_day(t, 2000).is_some() {
        format!("{t} 没有写年份，表格标题和表名里也找不到年份，请写成如 2009年{t}")
    } else {
        format!("{t} 不是有效日期")
    }
}

/// When the row was closed: its 办结日期, which a closing state requires and
/// an open one contradicts.
fn handled_on(
    row: &LedgerRow,
    state: Option<(&str, &'static str)>,
    outcome: Option<Outcome>,
    received: NaiveDateTime,
    today: NaiveDate,
) -> std::result::Result<Option<(NaiveDate, Option<String>)>, (&'static str, String)> {
    let on = match row.handled_on.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            let (d, how) = day_in(t, row).ok_or_else(|| (column::HANDLED_ON, not_a_day(t, row)))?;
            let d = d.date();
            if d < received.date() {
                return Err((column::HANDLED_ON, format!("{d} 早于登记日期 {}", received.date())));
            }
            if d > today {
                return Err((column::HANDLED_ON, format!("{d} 晚于今天")));
            }
            Some((d, how))
        }
    };
    match (outcome, on, state) {
        (Some(o), None, Some((text, _))) if o != Outcome::InProgress => {
            Err((column::HANDLED_ON, format!("写的是“{text}”，须填写办结日期")))
        }
        (Some(Outcome::InProgress), Some(_), Some((text, col))) => {
            Err((col, format!("写的是“{text}”，却填了办结日期（可填：{OUTCOME_WORDS}）")))
        }
        (_, on, _) => Ok(on),
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
        "id_number" => column::ID_NUMBER,
        "gender" => column::GENDER,
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
        "headcount" => column::HEADCOUNT,
        "facts" => column::NOTES,
        f => match f.strip_prefix("petitioners[0].") {
            Some(inner) => petitioner_column(inner),
            None => column::REQUEST,
        },
    }
}

#[cfg(test)]
mod tests;
