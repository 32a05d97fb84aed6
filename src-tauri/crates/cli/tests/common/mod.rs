//! Running the real `xinfang` binary from the CLI's tests, and reading its
//! answers: stdout on success, one Chinese line on stderr on refusal.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_xinfang");

/// `xinfang --db DB ARGS…` on the ledger's day `now`, with `stdin` as its
/// input; the caller's own XINFANG_DB and XINFANG_ASSETS are not inherited.
pub fn run(db: &Path, now: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XINFANG_NOW", now)
        .env_remove("XINFANG_DB")
        .env_remove("XINFANG_ASSETS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A refusal may exit before reading its input: a broken pipe is expected then.
    match input.write_all(stdin.unwrap_or("").as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// The stdout of a command that must succeed.
pub fn ok(out: &Output) -> String {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Asserts a refusal: non-zero exit, one Chinese line on stderr containing `needle`.
pub fn refused(out: &Output, needle: &str) {
    assert!(!out.status.success(), "should have failed");
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line on stderr: {err}");
    assert!(err.starts_with("错误："), "{err}");
    assert!(err.contains(needle), "{err} should mention {needle}");
}
