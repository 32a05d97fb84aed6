//! Conflicts (冲突) for the clerk: a part of a case changed on two devices
//! before either heard of the other. The later change already stands on every
//! device; the clerk sees both sides, who made them and when, and confirms
//! the one that stands or takes the other. Either way the decision is a new
//! change, synced like any other, which settles the conflict everywhere.

use super::Ledger;
use crate::domain::intake::{MAX_NAME_CHARS, required_text};
use crate::domain::lifecycle::{Outcome, Route, Step};
use crate::error::{Error, Result};
use crate::store::merge::{self, Conflict, Stamp};
use crate::store::{cases, events, peers, search};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct ConflictQuery {
    /// Only those not yet settled (the default); `false` lists settled ones too.
    pub open_only: Option<bool>,
}

/// One side of a conflict: what it set, on which device, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConflictSide {
    /// The value in words, e.g. 反馈结果，正在化解.
    pub value: String,
    /// The device that made the change (a village, or the township).
    pub by: String,
    /// Its stamp (hybrid logical clock, UTC).
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConflictView {
    pub id: String,
    pub case_id: String,
    pub case_number: String,
    /// Which part of the case, e.g. `lifecycle`.
    pub unit: String,
    /// Its name for the clerk, e.g. 办理进度.
    pub label: String,
    /// The change that stands now.
    pub kept: ConflictSide,
    /// The change it replaced.
    pub lost: ConflictSide,
    /// The change that stands was stamped ahead of this device's clock when
    /// it arrived: its laptop's clock may be wrong, so check it.
    pub clock_ahead: bool,
    pub detected_at: String,
    pub settled_at: Option<String>,
    pub settled_by: Option<String>,
    /// `kept`, `changed` (the clerk took the other side) or `superseded` (a
    /// later change to the same part settled it).
    pub settlement: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictChoice {
    /// Confirm the change that stands.
    Kept,
    /// Take the change it replaced.
    Lost,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ConflictSettle {
    pub id: String,
    pub choice: ConflictChoice,
    /// Who decided.
    pub actor: String,
}

pub fn list(ledger: &mut Ledger, q: ConflictQuery) -> Result<Vec<ConflictView>> {
    let conn = ledger.store.conn();
    let mut shown = Vec::new();
    for c in merge::conflicts(conn, q.open_only.unwrap_or(true))? {
        if c.entity != "case" || super::visibility::visible(ledger, &c.entity_id).is_ok() {
            shown.push(view(conn, c)?);
        }
    }
    Ok(shown)
}

pub fn settle(ledger: &mut Ledger, args: ConflictSettle) -> Result<ConflictView> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let today = ledger.clock.today().to_string();
    ledger.store.write(ledger.clock, |w| {
        let c = merge::conflict(w.tx(), &args.id)?;
        if c.settled_at.is_some() {
            return Err(Error::refused("这个冲突已经处理过了。"));
        }
        let unit = merge::unit(&c.unit).filter(|_| c.entity == "case").ok_or_else(|| {
            Error::refused(format!("本软件不认识冲突的内容（{}.{}），请先升级软件。", c.entity, c.unit))
        })?;
        let case = cases::get(w.tx(), &c.entity_id)?;
        let (value, how) = match args.choice {
            ConflictChoice::Kept => (&c.kept_value, "kept"),
            ConflictChoice::Lost => (&c.lost_value, "changed"),
        };
        let mut settled: cases::CaseRow =
            serde_json::from_value(merge::with_part(unit, &serde_json::to_value(&case)?, value))
                .map_err(|_| Error::refused("冲突的内容无法读取，请先升级软件。"))?;
        settled.updated_at = w.now_text();
        merge::settle(w.tx(), &c.id, how, &actor, &w.now_text())?;
        cases::save_forcing(w, &settled, "update", &[unit.name])?;
        search::reindex(w.tx(), &case.id)?;
        let note = format!("{}：确认为“{}”", unit.label, describe(&c.unit, value));
        events::record(w, &case.id, "conflict_settled", &today, &actor, Some(&note))
    })?;
    let conn = ledger.store.conn();
    view(conn, merge::conflict(conn, &args.id)?)
}

fn view(conn: &Connection, c: Conflict) -> Result<ConflictView> {
    let side = |value: &Value, stamp: &Stamp| -> Result<ConflictSide> {
        Ok(ConflictSide {
            value: describe(&c.unit, value),
            by: peers::author(conn, &stamp.stream)?,
            at: stamp.hlc.clone(),
        })
    };
    Ok(ConflictView {
        case_number: cases::find(conn, &c.entity_id)?.map(|k| k.number).unwrap_or_default(),
        label: merge::unit(&c.unit).map_or_else(|| c.unit.clone(), |u| u.label.to_owned()),
        kept: side(&c.kept_value, &c.kept)?,
        lost: side(&c.lost_value, &c.lost)?,
        id: c.id,
        case_id: c.entity_id,
        unit: c.unit,
        clock_ahead: c.clock_ahead,
        detected_at: c.detected_at,
        settled_at: c.settled_at,
        settled_by: c.settled_by,
        settlement: c.settlement,
    })
}

/// A unit's value in words.
fn describe(unit: &str, value: &Value) -> String {
    let text = |f: &str| value.get(f).and_then(Value::as_str).map(str::to_owned);
    match unit {
        "lifecycle" => {
            let step = serde_json::from_value::<Step>(value["step"].clone()).map_or("？", |s| s.label());
            let outcome = serde_json::from_value::<Outcome>(value["outcome"].clone()).map_or("？", |o| o.label());
            // The route tells apart a case sent to the courts from one
            // carried up on the five-step route at the same step.
            let route = serde_json::from_value::<Route>(value["route"].clone()).map_or("？", |r| r.label());
            let mut out = format!("{route}：{step}，{outcome}");
            if let Some(days) = value.get("extension_days").and_then(Value::as_u64) {
                out.push_str(&format!("，延期 {days} 天"));
            }
            if let Some(day) = text("handled_on") {
                let day = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                    .map_or(day, |d| d.format("%Y年%-m月%-d日").to_string());
                out.push_str(&format!("，{day}办结"));
            }
            out
        }
        "confidential" => match value.get("confidential").and_then(Value::as_bool) {
            Some(true) => "检举、揭发事项".to_owned(),
            _ => "非检举、揭发事项".to_owned(),
        },
        "void" => match text("voided_at") {
            Some(_) => format!("已作废（{}）", text("void_reason").unwrap_or_default()),
            None => "未作废".to_owned(),
        },
        _ => value
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .map_or_else(|| "（空）".to_owned(), str::to_owned),
    }
}
