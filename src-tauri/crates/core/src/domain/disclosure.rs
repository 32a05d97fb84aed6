//! Which printed papers carry residents' ID numbers and phones in full, and
//! which masked: decided here, once, for every form (see ARCHITECTURE.md,
//! "Personal data on paper").
//!
//! A paper that binds the parties or goes to a court must identify every
//! party completely and the same way for all, or a court cannot confirm it:
//! the written agreement and the joint application for judicial
//! confirmation. Every other paper (notices, answers, the mediation file's
//! records, registers — the oral agreements' register among them — lists,
//! the case file) shows numbers masked.
//! A full number is only ever given out through
//! `commands::paper::full_parties`, which records each party as looked at
//! (`person_access`) before it answers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A printed paper, as far as personal data is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Paper {
    /// 人民调解协议书
    Agreement,
    /// 司法确认申请书
    ConfirmationApplication,
    /// Notices, answers, the mediation file's records, registers (the oral
    /// agreements' register too), revisit records, the case file, the
    /// two-way commitment.
    Other,
}

/// How ID numbers and phones appear on a paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    /// Whole, for every party alike.
    Full,
    /// `522426********2028`, `138****5678`.
    Masked,
}

impl Paper {
    pub fn disclosure(self) -> Disclosure {
        match self {
            Paper::Agreement | Paper::ConfirmationApplication => Disclosure::Full,
            Paper::Other => Disclosure::Masked,
        }
    }

    /// The paper's name, for the reason written in the access record.
    pub fn label(self) -> &'static str {
        match self {
            Paper::Agreement => "人民调解协议书",
            Paper::ConfirmationApplication => "司法确认申请书",
            Paper::Other => "文书",
        }
    }
}
