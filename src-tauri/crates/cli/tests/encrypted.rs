//! An encrypted ledger from the command line: `init --account` encrypts it;
//! opening it takes the account and the passphrase (from the environment
//! only); a copy of the file without them, or with a wrong passphrase, reads
//! nothing and says why in one Chinese line.

use crate::common;

use common::{BIN, ok, refused};
use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-03-10T10:00:00+08:00";
const PASSPHRASE: &str = "石岩哨村口令2026";

fn xinfang(db: &Path, account: Option<&str>, passphrase: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(BIN);
    c.arg("--db").arg(db).args(args).env("XINFANG_NOW", NOW).env_remove("XINFANG_DB");
    c.env_remove("XINFANG_ACCOUNT").env_remove("XINFANG_PASSPHRASE");
    if let Some(a) = account {
        c.env("XINFANG_ACCOUNT", a);
    }
    if let Some(p) = passphrase {
        c.env("XINFANG_PASSPHRASE", p);
    }
    c.output().unwrap()
}

#[test]
fn an_encrypted_ledger_opens_only_with_an_account_and_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let init = ["init", "--role", "village", "--name", "石岩哨村"];
    refused(&xinfang(&db, Some("王芳"), None, &init), "XINFANG_PASSPHRASE");
    assert!(!db.exists());
    ok(&xinfang(&db, Some("王芳"), Some(PASSPHRASE), &init));
    let head = std::fs::read(&db).unwrap();
    assert_ne!(&head[..16], b"SQLite format 3\0", "the file is encrypted");
    assert!(dir.path().join("ledger.sqlite3.keys").is_file());

    let visit = r#"{"channel": "visit", "received_at": "2026-03-02T09:30:00+08:00",
        "petitioners": [{"name": "张某某", "id_number": "11010519491231002X"}],
        "category": "土地承包", "request": "反映承包地被占用。", "received_by": "李某"}"#;
    let add = xinfang(&db, Some("王芳"), Some(PASSPHRASE), &["call", "visit_add", "--json", visit]);
    ok(&add);
    refused(&xinfang(&db, None, None, &["case", "list"]), "已加密");
    refused(&xinfang(&db, Some("王芳"), Some("不是这个口令"), &["case", "list"]), "口令");
    refused(&xinfang(&db, Some("李明"), Some(PASSPHRASE), &["case", "list"]), "没有“李明”的账号");
    let listed = ok(&xinfang(&db, Some("王芳"), Some(PASSPHRASE), &["case", "list", "--json"]));
    assert!(listed.contains("\"total\":1") || listed.contains("\"total\": 1"), "{listed}");

    // A copy of the file alone (a lost laptop's disk, a stick) reveals nothing.
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("copy.sqlite3");
    std::fs::copy(&db, &copy).unwrap();
    refused(&xinfang(&copy, None, None, &["case", "list"]), "已加密");
    let bytes = std::fs::read(&copy).unwrap();
    for secret in ["张某某", "11010519491231002X", "石岩哨村"] {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} is in the file");
    }
}
