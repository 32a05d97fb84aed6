//! What a refused sync command sends to the UI and to `--json`: the same
//! `{kind, message, field}` as the core's errors, so the page marks the input
//! at fault (a mistyped fingerprint, a file that is no enrolment file).

use crate::error::Error;
use serde::Serialize;

impl Error {
    /// The input a refusal belongs to, if a person typed or picked it.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Ledger(e) => e.field(),
            Error::FingerprintFormat { .. } | Error::FingerprintCheck | Error::FingerprintMismatch { .. } => {
                Some("fingerprint")
            }
            Error::EnrolmentFormat { .. }
            | Error::EnrolmentNewerVersion { .. }
            | Error::EnrolmentFingerprint
            | Error::BadPublicKey { .. }
            | Error::EnrolSelf
            | Error::SameRole { .. } => Some("file"),
            _ => None,
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        xinfang_core::error::refusal(serializer, self.kind(), self, self.field())
    }
}
