//! Paths that name something other than a file, as a USB stick or a
//! careless click can hand over: a device that never ends (/dev/zero, whose
//! size says 0), a FIFO that would keep the reader waiting forever. Each is
//! refused at once, in Chinese, and the ledger is left as it was.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_xinfang");

fn xinfang(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN).env("XINFANG_DB", db).env("XINFANG_NOW", "2026-05-06T09:00:00+08:00").args(args).output().unwrap()
}

/// Refused with exit code 1; every line on stderr is Chinese words, the
/// first saying what the path is not.
fn refused_in_chinese(out: &Output) {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    assert!(err.lines().next().is_some_and(|l| l.contains("不是普通文件")), "{err}");
    assert!(err.lines().count() <= 2, "{err}");
}

#[test]
fn a_device_or_a_fifo_given_as_a_bundle_or_an_enrolment_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("town.sqlite3");
    assert!(xinfang(&db, &["init", "--role", "township", "--name", "路居镇"]).status.success());
    let fifo = dir.path().join("数据包.xfb");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let status = |db: &Path| String::from_utf8(xinfang(db, &["call", "sync_status"]).stdout).unwrap();
    let before = status(&db);
    for path in [Path::new("/dev/zero"), fifo.as_path()] {
        let p = path.to_str().unwrap();
        let started = Instant::now();
        refused_in_chinese(&xinfang(&db, &["import", p]));
        refused_in_chinese(&xinfang(&db, &["verify", p]));
        refused_in_chinese(&xinfang(&db, &["enrol", p, "--fingerprint", "7K3Q-M2XD-9FTA-R8VN-C", "--by", "王某"]));
        assert!(started.elapsed() < Duration::from_secs(20), "{p} took {:?}", started.elapsed());
    }
    assert_eq!(status(&db), before, "nothing was recorded");
}
