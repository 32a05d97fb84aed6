//! Sync over HTTP between two real processes on loopback: `xinfang serve` at
//! the township and `xinfang sync` on the village laptop, through a proxy in
//! this test that cuts the connection — once in the middle of the upload,
//! once in the middle of the answer after the township had imported. The
//! village retries by itself, and the township ends with every record
//! exactly once.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

const BIN: &str = env!("CARGO_BIN_EXE_xinfang");

fn xinfang(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.env("XINFANG_DB", db).env("XINFANG_NOW", "2026-05-06T09:00:00+08:00");
    c
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = xinfang(db).args(args).output().unwrap();
    assert!(out.status.success(), "xinfang {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

/// Initialises both ledgers and enrols each at the other.
fn paired(dir: &Path) -> (PathBuf, PathBuf) {
    let mut fingerprints = Vec::new();
    for (role, name) in [("village", "石岩哨村"), ("township", "路居镇")] {
        let db = dir.join(format!("{role}.sqlite3"));
        ok(&db, &["init", "--role", role, "--name", name]);
        let file = dir.join(format!("{role}.json"));
        let shown = json(&db, &["device", "show", "--out", file.to_str().unwrap(), "--json"]);
        fingerprints.push((db, file, shown["fingerprint"].as_str().unwrap().to_owned()));
    }
    let (v, t) = (&fingerprints[0], &fingerprints[1]);
    ok(&t.0, &["enrol", v.1.to_str().unwrap(), "--fingerprint", &v.2, "--by", "王某"]);
    ok(&v.0, &["enrol", t.1.to_str().unwrap(), "--fingerprint", &t.2, "--by", "李某"]);
    (v.0.clone(), t.0.clone())
}

fn visit(db: &Path, who: &str) {
    let v = format!(
        r#"{{"channel": "visit", "received_at": "2026-05-02T09:30:00+08:00",
        "petitioners": [{{"name": "{who}", "village": "石岩哨村"}}], "category": "土地承包",
        "request": "{who}反映承包地被他人占用，要求处理。", "received_by": "李某"}}"#
    );
    ok(db, &["call", "visit_add", "--json", &v]);
}

/// The township's server, stopped when dropped.
struct Server(Child);

impl Server {
    fn start(db: &Path) -> (Server, String) {
        let mut child = xinfang(db)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line.trim().strip_prefix("正在监听 http://").unwrap_or_else(|| panic!("{line:?}")).to_owned();
        (Server(child), addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// How the proxy treats a connection.
#[derive(Clone, Copy, Debug)]
enum Cut {
    /// Forward everything.
    None,
    /// Forward only this many bytes of the request, then close both ends.
    Request(usize),
    /// Forward the whole request but only this many bytes of the answer.
    Answer(usize),
}

/// A TCP proxy to `upstream`; connection n is treated as `plan[n]` (then
/// `Cut::None`). Returns its address and the count of connections served.
fn proxy(upstream: String, plan: Vec<Cut>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let plan = Arc::new(Mutex::new(plan.into_iter()));
    thread::spawn(move || {
        for client in listener.incoming().take(20) {
            let Ok(client) = client else { continue };
            seen.fetch_add(1, Ordering::SeqCst);
            let cut = plan.lock().unwrap().next().unwrap_or(Cut::None);
            let server = TcpStream::connect(&upstream).unwrap();
            let (up_limit, down_limit) = match cut {
                Cut::None => (usize::MAX, usize::MAX),
                Cut::Request(n) => (n, usize::MAX),
                Cut::Answer(n) => (usize::MAX, n),
            };
            let both = || (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (up_both, down_both) = (both(), both());
            let (client_in, server_out) = both();
            let (client_out, server_in) = both();
            thread::spawn(move || pipe(client_in, server_out, up_limit, up_both));
            thread::spawn(move || pipe(server_in, client_out, down_limit, down_both));
        }
    });
    (addr, count)
}

/// Copies `from` → `to`; after `limit` bytes, closes both connections.
fn pipe(mut from: TcpStream, mut to: TcpStream, limit: usize, both: (TcpStream, TcpStream)) {
    let mut sent = 0;
    let mut buf = [0u8; 512];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let n = n.min(limit - sent);
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
        sent += n;
        if sent >= limit {
            let _ = both.0.shutdown(Shutdown::Both);
            let _ = both.1.shutdown(Shutdown::Both);
            return;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

fn sync(village: &Path, url: &str) -> Output {
    xinfang(village).args(["sync", "--server", url, "--wait", "30"]).output().unwrap()
}

#[test]
fn an_upload_cut_mid_request_or_mid_answer_is_retried_and_lands_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let (village, town) = paired(dir.path());
    for who in ["张某某", "王某", "赵某", "钱某"] {
        visit(&village, who);
    }
    let (_server, addr) = Server::start(&town);

    // 1. The connection drops in the middle of the upload.
    let (via, connections) = proxy(addr.clone(), vec![Cut::Request(600)]);
    let out = sync(&village, &format!("http://{via}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("重试"), "no retry was reported: {err}");
    assert!(connections.load(Ordering::SeqCst) >= 2, "the upload was not sent again");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("乡镇新增") && said.contains("已收到回执"), "{said}");
    assert_eq!(json(&town, &["case", "list", "--json"])["total"], 4);

    // 2. New work; this time the township imports it but its answer is cut.
    visit(&village, "孙某");
    let (via, _) = proxy(addr, vec![Cut::Answer(20)]);
    let out = sync(&village, &format!("http://{via}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("重试"));

    // Every record exactly once: the township holds the village's log as it is.
    let page = json(&town, &["case", "list", "--json"]);
    assert_eq!(page["total"], 5);
    let village_chain = json(&village, &["call", "chain_verify"]);
    let town_chain = json(&town, &["call", "chain_verify"]);
    let own = &village_chain["devices"][0];
    let held = town_chain["devices"].as_array().unwrap().iter().find(|d| d["device_id"] == own["device_id"]).unwrap();
    assert_eq!(held["entries"], own["entries"]);
    // And nothing is pending any more.
    let status = json(&village, &["call", "sync_status"]);
    assert_eq!(status["peers"][0]["pending"], 0);
}

#[test]
fn a_server_that_is_not_up_is_waited_for_then_reported_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (village, _town) = paired(dir.path());
    visit(&village, "张某某");
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let out =
        xinfang(&village).args(["sync", "--server", &format!("http://{closed}"), "--wait", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("连不上乡镇服务器") && err.contains("数据没有丢失"), "{err}");
    // Nothing was lost: still pending.
    let status = json(&village, &["call", "sync_status"]);
    assert!(status["peers"][0]["pending"].as_i64().unwrap() > 0);
}
