//! Counting: each record is classified once against every figure's
//! definition, then added to the total and to its category, village and
//! month. The same classification answers a drill-down, so a number and the
//! list behind it cannot disagree.

use super::figures::{Context, FigureKey, FigureUnit, Subject};
use super::rates::{Rate, RateKey};
use crate::store::report::{CaseFacts, FindingFacts, RepeatFacts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// How a report is broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Breakdown {
    /// 按类别: the case's or the dispute's category.
    Category,
    /// 按村: the case's village; for a dispute, the village of its round
    /// (none for a township-wide round).
    Village,
    /// 按月: the month the case was received, its first repeat visit in the
    /// period came, or the round was held (YYYY-MM).
    Month,
}

impl Breakdown {
    pub const ALL: [Breakdown; 3] = [Breakdown::Category, Breakdown::Village, Breakdown::Month];

    pub fn label(self) -> &'static str {
        match self {
            Breakdown::Category => "按类别",
            Breakdown::Village => "按村",
            Breakdown::Month => "按月",
        }
    }

    /// The group a record falls in.
    pub fn group_of(self, subject: Subject<'_>) -> String {
        let (category, village, day) = match subject {
            Subject::Received(c) => (&c.category, &c.village, c.received_on),
            Subject::Repeat(r) => (&r.category, &r.village, r.first_repeat_on),
            Subject::Finding(f) => (&f.category, &f.village, f.held_on),
        };
        match self {
            Breakdown::Category => category.clone(),
            Breakdown::Village => village.clone().unwrap_or_else(|| NO_VILLAGE.to_owned()),
            Breakdown::Month => day.format("%Y-%m").to_string(),
        }
    }
}

/// The village group of records that name no village (a township-wide
/// screening round, a case recorded at the township without a village).
pub const NO_VILLAGE: &str = "（未注明村）";

/// One figure's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FigureCount {
    pub figure: FigureKey,
    pub label: String,
    pub unit: FigureUnit,
    pub count: u32,
}

/// Every figure and rate over one set of records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Tally {
    /// In the order of `FigureKey::ALL`.
    pub counts: Vec<FigureCount>,
    /// In the order of `RateKey::ALL`.
    pub rates: Vec<Rate>,
}

impl Tally {
    fn from_counts(counts: &[u32; FigureKey::ALL.len()]) -> Tally {
        let of = |key: FigureKey| counts[index(key)];
        Tally {
            counts: FigureKey::ALL
                .iter()
                .zip(counts)
                .map(|(&figure, &count)| FigureCount {
                    figure,
                    label: figure.label().to_owned(),
                    unit: figure.unit(),
                    count,
                })
                .collect(),
            rates: RateKey::ALL
                .iter()
                .map(|&rate| {
                    let (n, d) = rate.parts();
                    Rate::new(rate, of(n), of(d))
                })
                .collect(),
        }
    }

    pub fn count(&self, figure: FigureKey) -> u32 {
        self.counts.iter().find(|c| c.figure == figure).map_or(0, |c| c.count)
    }

    pub fn rate(&self, rate: RateKey) -> Option<&Rate> {
        self.rates.iter().find(|r| r.rate == rate)
    }
}

/// One group of a breakdown, e.g. the village 石岩哨村.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BreakdownGroup {
    pub key: String,
    pub tally: Tally,
}

/// The records a report reads, as `store::report` returned them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    pub received: Vec<CaseFacts>,
    pub repeats: Vec<RepeatFacts>,
    pub findings: Vec<FindingFacts>,
}

impl Records {
    pub fn subjects(&self) -> impl Iterator<Item = Subject<'_>> {
        self.received
            .iter()
            .map(Subject::Received)
            .chain(self.repeats.iter().map(Subject::Repeat))
            .chain(self.findings.iter().map(Subject::Finding))
    }
}

// One bit per figure in a record's classification.
const _: () = assert!(FigureKey::ALL.len() <= 32);

fn index(key: FigureKey) -> usize {
    FigureKey::ALL.iter().position(|k| *k == key).expect("every figure is in FigureKey::ALL")
}

/// The figures a record counts in, as a bit per `FigureKey::ALL` entry.
fn classify(subject: Subject<'_>, cx: &Context) -> u32 {
    FigureKey::ALL.iter().enumerate().filter(|(_, k)| k.counts(subject, cx)).fold(0, |m, (i, _)| m | 1 << i)
}

fn add(counts: &mut [u32; FigureKey::ALL.len()], mask: u32) {
    for (i, c) in counts.iter_mut().enumerate() {
        *c += mask >> i & 1;
    }
}

/// The total and each breakdown, in the order of `Breakdown::ALL`. `shown`
/// lists, per breakdown, groups to show even when nothing falls in them
/// (every month of the period, every village asked for), before any others.
pub fn tally(records: &Records, cx: &Context, shown: &[(Breakdown, Vec<String>)]) -> (Tally, [Vec<BreakdownGroup>; 3]) {
    let mut total = [0; FigureKey::ALL.len()];
    let mut by: [BTreeMap<String, [u32; FigureKey::ALL.len()]>; 3] = Default::default();
    for subject in records.subjects() {
        let mask = classify(subject, cx);
        add(&mut total, mask);
        for d in Breakdown::ALL {
            add(by[d as usize].entry(d.group_of(subject)).or_insert([0; FigureKey::ALL.len()]), mask);
        }
    }
    let breakdowns = Breakdown::ALL.map(|d| {
        let mut map = std::mem::take(&mut by[d as usize]);
        let first: &[String] = shown.iter().find(|(g, _)| *g == d).map_or(&[], |(_, keys)| keys);
        let mut out: Vec<BreakdownGroup> = first
            .iter()
            .map(|k| BreakdownGroup {
                key: k.clone(),
                tally: Tally::from_counts(&map.remove(k).unwrap_or([0; FigureKey::ALL.len()])),
            })
            .collect();
        out.extend(map.into_iter().map(|(key, c)| BreakdownGroup { key, tally: Tally::from_counts(&c) }));
        out
    });
    (Tally::from_counts(&total), breakdowns)
}

/// The ids of the records `figure` counts, optionally only in one group of a
/// breakdown, in the order the records came.
pub fn ids(records: &Records, cx: &Context, figure: FigureKey, group: Option<(Breakdown, &str)>) -> Vec<String> {
    records
        .subjects()
        .filter(|s| figure.counts(*s, cx))
        .filter(|s| group.is_none_or(|(d, key)| d.group_of(*s) == key))
        .map(|s| match s {
            Subject::Received(c) => c.id.clone(),
            Subject::Repeat(r) => r.case_id.clone(),
            Subject::Finding(f) => f.id.clone(),
        })
        .collect()
}
