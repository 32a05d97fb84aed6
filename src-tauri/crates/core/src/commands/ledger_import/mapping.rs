//! The clerk's own words mapped once (对照): a category, channel or state an
//! Excel ledger writes in words the ledger does not know (民政, 来访形式
//! "群众来访", 办理情况 "已落实") is gathered once per import, mapped by the
//! clerk in one step, and remembered in the ledger for the next import.
//! Kept as this computer's setting: it describes the files this office
//! keeps, not a rule for its villages, so it is not sent anywhere.
//!
//! A category the list lacks may instead be added to the township's own
//! list (`new_categories`): that is the township's setting (设置 → 类别清单),
//! stored, logged and sent to the villages like a change made on the
//! settings page, so later imports and the intake's choice offer it.

use crate::domain::Channel;
use crate::domain::ledger_import::{CHANNEL_WORDS, OUTCOME_WORDS, parse_channel, parse_outcome};
use crate::domain::lifecycle::Outcome;
use crate::domain::settings::Categories;
use crate::error::{Error, Result};
use crate::store::settings;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The settings key the mapping is remembered under.
const KEY: &str = "ledger_import_mapping";

/// Words of a sheet → the ledger's own, e.g. `{"category": {"民政": "民政救助"}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct ImportMapping {
    pub category: BTreeMap<String, String>,
    pub channel: BTreeMap<String, String>,
    /// 办理情况 / 办结 words → 已办结, 已化解, 息访息诉 or 正在办理.
    pub outcome: BTreeMap<String, String>,
    /// Categories to add to the township's list (类别清单) with this import,
    /// e.g. `{"disputes": ["坟地纠纷"], "requests": ["水利"]}`. A sheet's
    /// word that names one reads as it; `category` may map other words to
    /// one. Not remembered here: once added, it is on the list.
    pub new_categories: NewCategories,
}

/// Categories added in the mapping step, by group of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct NewCategories {
    /// 矛盾纠纷类
    pub disputes: Vec<String>,
    /// 诉求类
    pub requests: Vec<String>,
}

impl NewCategories {
    /// `list` with these added at the end of their groups, checked as the
    /// settings page checks a list; a name already on the list is already
    /// there (so a mapping file used again adds nothing), not an error.
    /// `None` when nothing is new.
    pub fn added_to(&self, list: &Categories) -> Result<Option<Categories>> {
        let on_list = |c: &str| list.disputes.iter().chain(&list.requests).any(|k| k == c);
        let new = |v: &[String]| -> Vec<String> {
            v.iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty() && !on_list(c)).collect()
        };
        let (disputes, requests) = (new(&self.disputes), new(&self.requests));
        if disputes.is_empty() && requests.is_empty() {
            return Ok(None);
        }
        let merged = Categories {
            disputes: list.disputes.iter().cloned().chain(disputes).collect(),
            requests: list.requests.iter().cloned().chain(requests).collect(),
        };
        merged.validate().map(Some).map_err(|e| match e {
            Error::Invalid { reason, .. } => Error::invalid("mapping", "新增类别", reason),
            other => other,
        })
    }
}

/// The words that still need a decision, each once, in sheet order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Unmapped {
    pub category: Vec<String>,
    pub channel: Vec<String>,
    pub outcome: Vec<String>,
}

impl Unmapped {
    pub fn is_empty(&self) -> bool {
        self.category.is_empty() && self.channel.is_empty() && self.outcome.is_empty()
    }

    pub fn count(&self) -> usize {
        self.category.len() + self.channel.len() + self.outcome.len()
    }
}

/// Adds `word` to `list` unless it is there.
pub fn note(list: &mut Vec<String>, word: &str) {
    if !list.iter().any(|w| w == word) {
        list.push(word.to_owned());
    }
}

impl ImportMapping {
    /// The mapping remembered from earlier imports.
    pub fn remembered(conn: &Connection) -> Result<ImportMapping> {
        Ok(match settings::get(conn, KEY)? {
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => ImportMapping::default(),
        })
    }

    /// Remembers the words' mapping; categories added are on the list now.
    pub fn remember(&self, conn: &Connection) -> Result<()> {
        let words = ImportMapping { new_categories: NewCategories::default(), ..self.clone() };
        settings::put_local(conn, KEY, &serde_json::to_string(&words)?)
    }

    /// `self` with `newer`'s entries added or replacing its own.
    pub fn with(mut self, newer: ImportMapping) -> ImportMapping {
        self.category.extend(newer.category);
        self.channel.extend(newer.channel);
        self.outcome.extend(newer.outcome);
        self.new_categories = newer.new_categories;
        self
    }

    /// Refuses a mapping to anything the ledger cannot record, naming it.
    pub fn check(&self, categories: &[String]) -> Result<()> {
        let bad = |kind: &str, from: &str, to: &str, known: &str| {
            Err(Error::invalid("mapping", "对照表", format!("{kind}“{from}”对照为“{to}”，但“{to}”不是{known}")))
        };
        for (from, to) in &self.category {
            if !categories.contains(to) {
                return bad("类别", from, to, &format!("类别清单中的一项（{}）", categories.join("、")));
            }
        }
        for (from, to) in &self.channel {
            if parse_channel(to).is_none() {
                return bad("方式", from, to, &format!("可识别的信访方式（{CHANNEL_WORDS}）"));
            }
        }
        for (from, to) in &self.outcome {
            if parse_outcome(to).is_none() {
                return bad("办理情况", from, to, &format!("可识别的办理情况（{OUTCOME_WORDS}）"));
            }
        }
        Ok(())
    }

    pub fn category<'a>(&'a self, word: &'a str) -> &'a str {
        self.category.get(word).map_or(word, String::as_str)
    }

    pub fn channel(&self, word: &str) -> Option<Channel> {
        parse_channel(self.channel.get(word).map_or(word, String::as_str))
    }

    pub fn outcome(&self, word: &str) -> Option<Outcome> {
        parse_outcome(self.outcome.get(word).map_or(word, String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_mapping_wins_and_bad_targets_are_named() {
        let old: ImportMapping = serde_json::from_value(serde_json::json!({"category": {"民政": "其他诉求"}})).unwrap();
        let new: ImportMapping = serde_json::from_value(
            serde_json::json!({"category": {"民政": "民政救助"}, "channel": {"群众来访": "来访"}}),
        )
        .unwrap();
        let m = old.with(new);
        assert_eq!(m.category("民政"), "民政救助");
        assert_eq!(m.category("水利"), "水利");
        assert_eq!(m.channel("群众来访"), Some(Channel::Visit));
        assert!(m.check(&["民政救助".to_owned()]).is_ok());
        let e = m.check(&["其他诉求".to_owned()]).unwrap_err().to_string();
        assert!(e.contains("类别“民政”对照为“民政救助”"), "{e}");
        let bad: ImportMapping = serde_json::from_value(serde_json::json!({"outcome": {"已落实": "大概"}})).unwrap();
        assert!(bad.check(&[]).unwrap_err().to_string().contains("办理情况“已落实”"));
    }

    #[test]
    fn new_categories_join_their_group_once_and_are_checked_as_the_list_is() {
        let list = Categories { disputes: vec!["邻里纠纷".into()], requests: vec!["民政救助".into()] };
        let new = |d: &[&str], r: &[&str]| NewCategories {
            disputes: d.iter().map(|s| s.to_string()).collect(),
            requests: r.iter().map(|s| s.to_string()).collect(),
        };
        let added = new(&[" 坟地纠纷 "], &["水利"]).added_to(&list).unwrap().unwrap();
        assert_eq!(added.disputes, ["邻里纠纷", "坟地纠纷"]);
        assert_eq!(added.requests, ["民政救助", "水利"]);
        assert_eq!(new(&["邻里纠纷"], &[]).added_to(&list).unwrap(), None, "already on the list: nothing to add");
        let e = new(&["水利"], &["水利"]).added_to(&list).unwrap_err();
        assert_eq!(e.field(), Some("mapping"));
        assert!(e.to_string().contains("“水利”重复了"), "{e}");
        let long = new(&["一二三四五六七八九十一二三四五六七八九十一"], &[]).added_to(&list).unwrap_err();
        assert!(long.to_string().contains("最多 20 个字"), "{long}");
        // The remembered mapping keeps the words, not the additions.
        let m = ImportMapping { new_categories: new(&["坟地纠纷"], &[]), ..ImportMapping::default() };
        assert_eq!(ImportMapping::default().with(m.clone()).new_categories, m.new_categories);
    }
}
