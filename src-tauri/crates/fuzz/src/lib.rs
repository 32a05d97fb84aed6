//! Fuzz targets (模糊测试) for every parser of outside input: what arrives on a USB stick (a
//! bundle, an enrolment file, a spreadsheet), what sits beside the ledger (the keyring), what
//! anyone on the township's network sends the server, and every command's JSON arguments.
//!
//! Each target is a plain function over bytes that panics on a finding: a panic inside the code
//! under test, or a broken promise checked after it (a forged bundle accepted, an anonymous request
//! that stored something, a refusal that speaks a library's English). The same functions run
//! under libFuzzer for long runs (`libfuzzer/`, `make fuzz`) and, in `cargo test`, over the
//! committed corpus, every minimised crash in `regressions/`, and brief random mutations.

pub mod bundle;
pub mod dispatch;
pub mod enrolment;
pub mod fixtures;
pub mod http;
pub mod keyring;
pub mod sheet;
mod text;

/// A fuzz target: any bytes in, a panic on a finding.
pub type Target = fn(&[u8]);

/// Every target, by the name of its corpus folder and libFuzzer binary.
pub const TARGETS: [(&str, Target); 8] = [
    ("bundle_open", bundle::bundle_open),
    ("bundle_signed", bundle::bundle_signed),
    ("enrolment_read", enrolment::enrolment_read),
    ("keyring_read", keyring::keyring_read),
    ("dispatch_json", dispatch::dispatch_json),
    ("sheet_read", sheet::sheet_read),
    ("http_request", http::http_request),
    ("http_signed", http::http_signed),
];

/// A scratch folder for the process, kept until it ends.
fn scratch() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("scratch folder")).path()
}
