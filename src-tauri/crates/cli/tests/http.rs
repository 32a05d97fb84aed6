//! Sync over HTTP between two real processes on loopback: `xinfang serve` at
//! the township and `xinfang sync` on the village laptop, through a proxy in
//! this test that cuts the connection — in the middle of the upload, in the
//! middle of the answer after the township had imported, and in the middle
//! of a 20 MB photo, where the upload resumes where it stopped (in the same
//! run and in the next) instead of starting again. The township ends with
//! every record exactly once and the photo byte for byte.

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
    /// Close the connection at once (the line is down).
    Drop,
}

/// A proxy's counts: connections accepted, request bytes passed on.
#[derive(Clone, Default)]
struct Counts {
    connections: Arc<AtomicUsize>,
    sent_up: Arc<AtomicUsize>,
}

/// A TCP proxy to `upstream`; connection n is treated as `plan[n]` (then
/// `Cut::None`, or `after` once the plan is used up). Returns its address
/// and its counts.
fn proxy_then(upstream: String, plan: Vec<Cut>, after: Cut) -> (String, Counts) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let counts = Counts::default();
    let seen = counts.clone();
    let plan = Arc::new(Mutex::new(plan.into_iter()));
    thread::spawn(move || {
        for client in listener.incoming().take(200) {
            let Ok(client) = client else { continue };
            seen.connections.fetch_add(1, Ordering::SeqCst);
            let cut = plan.lock().unwrap().next().unwrap_or(after);
            let server = TcpStream::connect(&upstream).unwrap();
            let (up_limit, down_limit) = match cut {
                Cut::None => (usize::MAX, usize::MAX),
                Cut::Request(n) => (n, usize::MAX),
                Cut::Answer(n) => (usize::MAX, n),
                Cut::Drop => (0, 0),
            };
            let both = || (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (up_both, down_both) = (both(), both());
            let (client_in, server_out) = both();
            let (client_out, server_in) = both();
            let sent_up = Arc::clone(&seen.sent_up);
            thread::spawn(move || pipe(client_in, server_out, up_limit, up_both, Some(sent_up)));
            thread::spawn(move || pipe(server_in, client_out, down_limit, down_both, None));
        }
    });
    (addr, counts)
}

fn proxy(upstream: String, plan: Vec<Cut>) -> (String, Counts) {
    proxy_then(upstream, plan, Cut::None)
}

/// Copies `from` → `to`, counting into `count`; after `limit` bytes, closes
/// both connections.
fn pipe(
    mut from: TcpStream,
    mut to: TcpStream,
    limit: usize,
    both: (TcpStream, TcpStream),
    count: Option<Arc<AtomicUsize>>,
) {
    let mut sent = 0;
    if limit == 0 {
        let _ = both.0.shutdown(Shutdown::Both);
        let _ = both.1.shutdown(Shutdown::Both);
        return;
    }
    let mut buf = [0u8; 16 << 10];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let n = n.min(limit - sent);
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
        if let Some(count) = &count {
            count.fetch_add(n, Ordering::SeqCst);
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
    let (via, counts) = proxy(addr.clone(), vec![Cut::Request(600)]);
    let out = sync(&village, &format!("http://{via}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("重试"), "no retry was reported: {err}");
    assert!(counts.connections.load(Ordering::SeqCst) >= 2, "the upload was not sent again");
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

/// A PNG signature then `len` bytes from a xorshift generator: a photo's
/// worth of data that does not compress.
fn photo(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    bytes.extend((0..len).map(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 24) as u8
    }));
    bytes
}

#[test]
fn a_20_mb_photo_cut_midway_resumes_where_it_stopped_and_arrives_byte_for_byte() {
    const MIB: usize = 1 << 20;
    let dir = tempfile::tempdir().unwrap();
    let (village, town) = paired(dir.path());
    visit(&village, "张某某");
    let case = json(&village, &["case", "list", "--json"])["items"][0]["id"].as_str().unwrap().to_owned();
    let original = photo(20 * MIB);
    let file = dir.path().join("被占耕地.png");
    std::fs::write(&file, &original).unwrap();
    let attachment = ok(&village, &["attach", &case, file.to_str().unwrap(), "--kind", "evidence", "--by", "李某"])
        .trim()
        .to_owned();
    let (_server, addr) = Server::start(&town);

    // 1. The line drops 8 MiB into the upload and stays down: this run gives
    // up, saying nothing is lost.
    let (via, _) = proxy_then(addr.clone(), vec![Cut::Request(8 * MIB)], Cut::Drop);
    let out = xinfang(&village).args(["sync", "--server", &format!("http://{via}"), "--wait", "2"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("连不上乡镇服务器") && err.contains("数据没有丢失"), "{err}");
    assert_eq!(json(&town, &["case", "list", "--json"])["total"], 0, "a partial upload was imported");

    // 2. The next run resumes from what the township holds; the line drops
    // once more, 5 MiB in, and the run resumes again by itself.
    let (via, counts) = proxy(addr, vec![Cut::Request(5 * MIB)]);
    let out = xinfang(&village)
        .args(["sync", "--server", &format!("http://{via}"), "--wait", "30", "--json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("乡镇已收到本数据包") && err.contains("重试"), "{err}");
    let done: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bundle = done["bundle_bytes"].as_u64().unwrap() as usize;
    let uploaded = done["uploaded_bytes"].as_u64().unwrap() as usize;
    assert!(bundle > 20 * MIB, "the photo was not in the bundle: {bundle} bytes");
    // Of the first run's 8 MiB, the pieces complete before the cut (all but
    // the one in flight) were kept and not sent again.
    assert!(uploaded <= bundle - 6 * MIB, "sent {uploaded} of {bundle} bytes: the upload started over");
    let on_the_line = counts.sent_up.load(Ordering::SeqCst);
    assert!(on_the_line < bundle, "{on_the_line} request bytes for a {bundle}-byte bundle");
    assert!(done["sent"]["new_entries"].as_u64().unwrap() >= 2, "{done}");

    // The township has the record and the content, byte for byte.
    let listed = json(&town, &["attachments", &case, "--json"]);
    assert_eq!(listed[0]["id"], attachment.as_str());
    assert_eq!(listed[0]["present"], true);
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let saved = ok(&town, &["extract", &attachment, "--to", usb.to_str().unwrap()]).trim().to_owned();
    let extracted = std::fs::read(&saved).unwrap();
    assert_eq!(extracted.len(), original.len());
    assert!(extracted == original, "the extracted photo differs from the original");
    // Nothing is left pending at the village, nor half-received at the township.
    assert_eq!(json(&village, &["call", "sync_status"])["peers"][0]["pending"], 0);
    let spool = PathBuf::from(format!("{}-sync/spool/uploads", town.display()));
    let left: Vec<_> = std::fs::read_dir(&spool).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(left.iter().all(|n| n.to_string_lossy().ends_with(".answer")), "{left:?}");
}

/// A replaced township laptop: the village is enrolled with the old and the
/// new one, each serving. `sync` without `--for` names both and sends
/// nothing; with `--for` it syncs with each; once the old one is revoked the
/// new one is the village's township, and nothing is lost or applied twice.
#[test]
fn a_village_enrolled_with_two_township_devices_syncs_with_each_and_the_new_one_takes_over() {
    let dir = tempfile::tempdir().unwrap();
    let (village, old_town) = paired(dir.path());
    let new_town = dir.path().join("new-township.sqlite3");
    ok(&new_town, &["init", "--role", "township", "--name", "路居镇"]);
    let enrolment = |db: &Path, file: &str| {
        let path = dir.path().join(file);
        let shown = json(db, &["device", "show", "--out", path.to_str().unwrap(), "--json"]);
        (path, shown["fingerprint"].as_str().unwrap().to_owned(), shown["device_id"].as_str().unwrap().to_owned())
    };
    let (new_file, new_fp, new_id) = enrolment(&new_town, "new.json");
    let (village_file, village_fp, _) = enrolment(&village, "village-again.json");
    let (_, _, old_id) = enrolment(&old_town, "old-again.json");
    ok(&village, &["enrol", new_file.to_str().unwrap(), "--fingerprint", &new_fp, "--by", "李某"]);
    ok(&new_town, &["enrol", village_file.to_str().unwrap(), "--fingerprint", &village_fp, "--by", "王某"]);
    visit(&village, "张某某");
    let (_old, old_addr) = Server::start(&old_town);
    let (_new, new_addr) = Server::start(&new_town);

    let out = sync(&village, &format!("http://{old_addr}"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("请指定收件设备") && err.matches("路居镇（").count() == 2, "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");

    for (addr, id) in [(&old_addr, &old_id), (&new_addr, &new_id)] {
        let out =
            xinfang(&village).args(["sync", "--server", &format!("http://{addr}"), "--for", id]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    for town in [&old_town, &new_town] {
        assert_eq!(json(town, &["case", "list", "--json"])["total"], 1);
    }
    ok(&village, &["revoke", &old_id, "--reason", "乡镇换了新电脑"]);
    visit(&village, "王某");
    let out = sync(&village, &format!("http://{new_addr}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let done: Value =
        serde_json::from_str(&ok(&village, &["sync", "--server", &format!("http://{new_addr}"), "--json"])).unwrap();
    assert!(done["sent"].is_null(), "everything already acknowledged: {done}");
    assert_eq!(json(&new_town, &["case", "list", "--json"])["total"], 2);
}

/// Sends one raw HTTP/1.1 request (which closes the connection) and
/// returns the whole answer.
fn raw_request(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// An anonymous piece claiming to start at byte 2^64−1 once overflowed the
/// server's arithmetic and, panicking under the ledger's lock, left every
/// later village answered with an error until a restart. Anonymous, it is
/// now refused before anything is read (the arithmetic itself is checked in
/// `uploads`), in Chinese, and a real village syncs right after.
#[test]
fn an_anonymous_upload_at_the_end_of_u64_is_refused_and_the_server_serves_on() {
    let dir = tempfile::tempdir().unwrap();
    let (village, town) = paired(dir.path());
    visit(&village, "张某某");
    let (_server, addr) = Server::start(&town);
    let id = "0".repeat(64);
    let answer = raw_request(
        &addr,
        &format!(
            "PATCH /v1/uploads/{id} HTTP/1.1\r\nHost: {addr}\r\nupload-offset: 18446744073709551615\r\n\
             upload-length: 100\r\ncontent-length: 1\r\nconnection: close\r\n\r\nx"
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("乡镇服务器拒绝了这个请求"), "{answer}");
    let out = sync(&village, &format!("http://{addr}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&town, &["case", "list", "--json"])["total"], 1);
}
