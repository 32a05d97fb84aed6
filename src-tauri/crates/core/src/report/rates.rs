//! The rates of the township's statistics, each one figure over another,
//! kept as the exact pair. A rate over nothing (a denominator of 0) is
//! undefined: shown as "—", never as 100% or 0%.

use super::figures::FigureKey;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RateKey {
    /// Handled rate (办结率): `Handled` ÷ `Received`.
    HandledRate,
    /// Handled-in-time rate (按期办结率): `HandledInTime` ÷ `Handled`.
    InTimeRate,
    /// Reply rate of handed-down cases (上级交办件办理回复率):
    /// `HandedDownReplied` ÷ `HandedDown`.
    ReplyRate,
    /// Resolution rate (化解率): `DisputesResolved` ÷ `DisputesScreened`.
    ResolutionRate,
    /// Revisit rate (回访率): `Revisited` ÷ `Handled` (only a handled case can
    /// be revisited).
    RevisitRate,
    /// Satisfaction rate (满意率): `Satisfied` ÷ `Revisited` (satisfaction is
    /// only known from a revisit).
    SatisfactionRate,
}

impl RateKey {
    pub const ALL: [RateKey; 6] = [
        RateKey::HandledRate,
        RateKey::InTimeRate,
        RateKey::ReplyRate,
        RateKey::ResolutionRate,
        RateKey::RevisitRate,
        RateKey::SatisfactionRate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RateKey::HandledRate => "办结率",
            RateKey::InTimeRate => "按期办结率",
            RateKey::ReplyRate => "上级交办件办理回复率",
            RateKey::ResolutionRate => "化解率",
            RateKey::RevisitRate => "回访率",
            RateKey::SatisfactionRate => "满意率",
        }
    }

    /// The definition: (numerator, denominator).
    pub fn parts(self) -> (FigureKey, FigureKey) {
        match self {
            RateKey::HandledRate => (FigureKey::Handled, FigureKey::Received),
            RateKey::InTimeRate => (FigureKey::HandledInTime, FigureKey::Handled),
            RateKey::ReplyRate => (FigureKey::HandedDownReplied, FigureKey::HandedDown),
            RateKey::ResolutionRate => (FigureKey::DisputesResolved, FigureKey::DisputesScreened),
            RateKey::RevisitRate => (FigureKey::Revisited, FigureKey::Handled),
            RateKey::SatisfactionRate => (FigureKey::Satisfied, FigureKey::Revisited),
        }
    }
}

/// A rate's value: the exact pair, and the percentage for showing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rate {
    pub rate: RateKey,
    pub label: String,
    pub numerator: u32,
    pub denominator: u32,
    /// The figures counted over, so a rate's parts can be drilled into.
    pub numerator_figure: FigureKey,
    pub denominator_figure: FigureKey,
    /// Rounded to 0.1; null when the denominator is 0.
    #[ts(type = "number | null")]
    pub percent: Option<f64>,
    /// As shown: "87.5%", or "—" when undefined.
    pub display: String,
}

impl Rate {
    pub fn new(rate: RateKey, numerator: u32, denominator: u32) -> Rate {
        // Tenths of a percent, rounded half up, in integers.
        let tenths = (denominator > 0)
            .then(|| (u64::from(numerator) * 1000 + u64::from(denominator) / 2) / u64::from(denominator));
        let display = match tenths {
            None => UNDEFINED.to_owned(),
            Some(t) if t % 10 == 0 => format!("{}%", t / 10),
            Some(t) => format!("{}.{}%", t / 10, t % 10),
        };
        let (numerator_figure, denominator_figure) = rate.parts();
        Rate {
            rate,
            label: rate.label().to_owned(),
            numerator,
            denominator,
            numerator_figure,
            denominator_figure,
            percent: tenths.map(|t| t as f64 / 10.0),
            display,
        }
    }
}

/// How an undefined rate is shown.
pub const UNDEFINED: &str = "—";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_keeps_the_pair_and_rounds_only_for_showing() {
        let r = Rate::new(RateKey::ResolutionRate, 8, 10);
        assert_eq!((r.numerator, r.denominator, r.percent, r.display.as_str()), (8, 10, Some(80.0), "80%"));
        assert_eq!(Rate::new(RateKey::HandledRate, 11, 11).display, "100%");
        assert_eq!(Rate::new(RateKey::HandledRate, 2, 3).display, "66.7%");
        assert_eq!(Rate::new(RateKey::HandledRate, 1, 3).percent, Some(33.3));
        assert_eq!(Rate::new(RateKey::HandledRate, 1, 2000).display, "0.1%", "0.05% rounds half up");
        assert_eq!(Rate::new(RateKey::HandledRate, 0, 5).display, "0%");
    }

    #[test]
    fn a_rate_over_nothing_is_undefined_not_full_or_empty() {
        let r = Rate::new(RateKey::ReplyRate, 0, 0);
        assert_eq!((r.percent, r.display.as_str()), (None, UNDEFINED));
        assert_eq!(serde_json::to_value(&r).unwrap()["percent"], serde_json::Value::Null);
    }

    #[test]
    fn each_rate_is_one_figure_over_another_of_the_same_kind() {
        for rate in RateKey::ALL {
            let (n, d) = rate.parts();
            assert_ne!(n, d, "{rate:?}");
            assert_eq!(n.unit(), d.unit(), "{rate:?}");
        }
    }
}
