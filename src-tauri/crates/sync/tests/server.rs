//! The township's server as an attacker on its network meets it: requests
//! that are not signed by an enrolled device, signatures replayed or
//! forged, connections that say nothing or say it slowly, one address
//! taking every place — each against the real server on loopback, with a
//! real village syncing beside it.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use xinfang_core::store::peers;
use xinfang_core::{Clock, Ledger, Store, dispatch};
use xinfang_sync::http::auth;
use xinfang_sync::http::client::{self, Retry};
use xinfang_sync::http::listen::Limits;
use xinfang_sync::http::server;
use xinfang_sync::local;

fn at(s: &str) -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

fn ledger(path: &Path, role: &str, name: &str) -> Ledger {
    let mut l = Ledger::new(Store::create(path).unwrap(), at("2026-12-05T09:00:00+08:00"));
    dispatch(&mut l, "device_init", json!({"role": role, "name": name})).unwrap();
    l
}

fn pair(a: &mut Ledger, b: &mut Ledger) {
    let ea = local::me(a).unwrap().enrolment().unwrap();
    let eb = local::me(b).unwrap().enrolment().unwrap();
    local::enrol(b, ea.to_json().unwrap().as_bytes(), &ea.fingerprint.to_string(), "王某").unwrap();
    local::enrol(a, eb.to_json().unwrap().as_bytes(), &eb.fingerprint.to_string(), "李某").unwrap();
}

fn visit(l: &mut Ledger, who: &str) {
    dispatch(
        l,
        "visit_add",
        json!({"channel": "visit", "received_at": "2026-12-02T09:30:00+08:00", "category": "土地承包",
               "request": format!("{who}反映承包地被他人占用，要求处理。"), "received_by": "李某",
               "petitioners": [{"name": who, "village": "石岩哨村"}]}),
    )
    .unwrap();
}

struct Field {
    dir: tempfile::TempDir,
    village: Ledger,
    town_path: PathBuf,
    spool: PathBuf,
    addr: SocketAddr,
}

impl Field {
    fn town(&self) -> Ledger {
        Ledger::new(Store::open(&self.town_path).unwrap(), at("2026-12-05T09:00:00+08:00"))
    }

    fn spooled(&self) -> usize {
        spooled(&self.spool)
    }
}

/// Files in the spool's uploads folder.
fn spooled(spool: &Path) -> usize {
    std::fs::read_dir(spool.join("uploads")).map_or(0, |d| d.count())
}

/// A village and its township, enrolled at each other, the township serving
/// on 127.0.0.1 within `limits`.
async fn field(limits: Limits) -> Field {
    let dir = tempfile::tempdir().unwrap();
    let town_path = dir.path().join("town.sqlite3");
    let mut village = ledger(&dir.path().join("village.sqlite3"), "village", "石岩哨村");
    let mut town = ledger(&town_path, "township", "路居镇");
    pair(&mut village, &mut town);
    visit(&mut village, "张某某");
    let spool = dir.path().join("spool");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve(listener, town, spool.clone(), limits));
    Field { dir, village, town_path, spool, addr }
}

/// One village sync, as `xinfang sync` runs it.
async fn sync(village: Ledger, addr: SocketAddr) -> (Ledger, Result<client::Synced, xinfang_sync::Error>) {
    let retry = Retry { give_up_after: Duration::from_secs(60), ..Retry::default() };
    tokio::task::spawn_blocking(move || {
        let mut village = village;
        let done = client::sync(&mut village, &format!("http://{addr}"), None, retry);
        (village, done)
    })
    .await
    .unwrap()
}

/// Sends `request` raw from `from` and returns the whole answer.
async fn raw(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

fn status(answer: &str) -> u16 {
    answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// The JSON body of an answer.
fn body(answer: &str) -> Value {
    serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap_or("")).unwrap_or(Value::Null)
}

fn returns_sent(field: &Field) -> i64 {
    let town = field.town();
    let peers = peers::list(town.store.conn()).unwrap();
    peers.iter().map(|p| p.returns_sent).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_anonymous_or_forged_request_stores_or_exports_anything() {
    let mut f = field(Limits::default()).await;
    let me = local::me(&mut f.village).unwrap();
    let device = me.device.device_id.clone();
    let id = "ab".repeat(32);
    let patch = |headers: &str| {
        format!(
            "PATCH /v1/uploads/{id} HTTP/1.1\r\nhost: x\r\nupload-offset: 0\r\nupload-length: 4\r\n{headers}\
             content-length: 4\r\nconnection: close\r\n\r\nxxxx"
        )
    };
    // Unsigned, signed by a key the township never enrolled, signed for
    // another length, and from a device id the township does not know.
    let stranger = xinfang_sync::identity::Identity::generate().unwrap();
    let forged = auth::sign_upload(&stranger, &id, 4);
    let other_length = auth::sign_upload(&me.identity, &id, 5);
    let good = auth::sign_upload(&me.identity, &id, 4);
    for (headers, expected) in [
        (String::new(), 401),
        (format!("xinfang-device: {device}\r\nxinfang-signature: {forged}\r\n"), 401),
        (format!("xinfang-device: {device}\r\nxinfang-signature: {other_length}\r\n"), 401),
        (format!("xinfang-device: {device}\r\nxinfang-signature: nothex\r\n"), 401),
        (format!("xinfang-device: 0190abcd-0000-7000-8000-000000000000\r\nxinfang-signature: {good}\r\n"), 403),
    ] {
        let answer = raw(f.addr, patch(&headers).as_bytes()).await;
        assert_eq!(status(&answer), expected, "{headers}: {answer}");
        let message = body(&answer)["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("乡镇") || message.contains("设备"), "{message}");
    }
    assert_eq!(f.spooled(), 0, "nothing anonymous was stored");

    // A return: without a signature, with a forged one, with one for
    // another village, and a real one replayed.
    let challenge = raw(f.addr, b"GET /v1/challenge HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    let challenge = challenge.split("\r\n\r\n").nth(1).unwrap().to_owned();
    let get = |sig: &str, challenge: &str| {
        format!(
            "GET /v1/returns/{device} HTTP/1.1\r\nhost: x\r\nxinfang-challenge: {challenge}\r\n\
             xinfang-signature: {sig}\r\nconnection: close\r\n\r\n"
        )
    };
    let anonymous = format!("GET /v1/returns/{device} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    assert_eq!(status(&raw(f.addr, anonymous.as_bytes()).await), 401);
    let forged = auth::sign_returns(&stranger, &device, &challenge);
    assert_eq!(status(&raw(f.addr, get(&forged, &challenge).as_bytes()).await), 401);
    assert_eq!(returns_sent(&f), 0, "no anonymous request made the township export");
    let genuine = auth::sign_returns(&me.identity, &device, &challenge);
    assert_eq!(status(&raw(f.addr, get(&genuine, &challenge).as_bytes()).await), 200);
    assert_eq!(returns_sent(&f), 1);
    let replayed = raw(f.addr, get(&genuine, &challenge).as_bytes()).await;
    assert_eq!(status(&replayed), 401, "{replayed}");
    assert_eq!(returns_sent(&f), 1, "a replayed request exported nothing");

    // The village itself syncs as ever.
    let (_village, done) = sync(f.village, f.addr).await;
    let done = done.unwrap();
    assert!(done.sent.unwrap().new_entries > 0);
    let town = Ledger::new(Store::open(&f.town_path).unwrap(), at("2026-12-05T09:00:00+08:00"));
    let cases: i64 = town.store.conn().query_row("SELECT count(*) FROM petition_case", [], |r| r.get(0)).unwrap();
    assert_eq!(cases, 1);
    drop(f.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_village_is_refused_before_anything_is_stored() {
    let mut f = field(Limits::default()).await;
    let device = local::me(&mut f.village).unwrap().device.device_id;
    let mut town = f.town();
    local::revoke(&mut town, &device, "笔记本丢失").unwrap();
    drop(town);
    let (_village, done) = sync(f.village, f.addr).await;
    let e = done.unwrap_err();
    assert!(e.to_string().contains("注销"), "{e}");
    assert_eq!(spooled(&f.spool), 0);
}

/// Connects from `source` (any 127.0.0.0/8 address is this machine).
async fn connect_from(source: &str, addr: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{source}:0").parse().unwrap())?;
    socket.connect(addr).await
}

/// Whether the server closed `stream` (read gives end of file or a reset)
/// within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(within, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_slow_and_crowding_connections_are_closed_and_the_village_gets_through() {
    let limits = Limits {
        per_address: 8,
        max_connections: 64,
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    let f = field(limits).await;

    // Silent: closed after the header timeout.
    let mut silent = connect_from("127.0.0.2", f.addr).await.unwrap();
    let started = Instant::now();
    assert!(closed_within(&mut silent, Duration::from_secs(5)).await);
    assert!(started.elapsed() >= Duration::from_millis(900), "{:?}", started.elapsed());

    // Slow headers, a byte every 300 ms: closed although never silent for long.
    let mut slow = connect_from("127.0.0.2", f.addr).await.unwrap();
    let started = Instant::now();
    let dripped = async {
        for byte in b"GET /v1/health HTTP/1.1\r\nhost: x\r\n".iter().cycle().take(1000) {
            if slow.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(10), dripped).await;
    assert!(started.elapsed() < Duration::from_secs(5), "slow headers held {:?}", started.elapsed());

    // A kept-alive connection idle after its answer is closed too.
    let mut kept = connect_from("127.0.0.2", f.addr).await.unwrap();
    kept.write_all(b"GET /v1/health HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    assert!(closed_within(&mut kept, Duration::from_secs(5)).await);

    // One address takes its eight places; a ninth is closed at once, while
    // another address is served.
    let mut crowd = Vec::new();
    for _ in 0..8 {
        crowd.push(connect_from("127.0.0.3", f.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut ninth = connect_from("127.0.0.3", f.addr).await.unwrap();
    assert!(closed_within(&mut ninth, Duration::from_millis(500)).await, "ninth from one address kept");
    let health = raw(f.addr, b"GET /v1/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert_eq!(status(&health), 200, "{health}");

    // A body sent too slowly is dropped, and nothing of it is kept.
    let mut village = f.village;
    let me = local::me(&mut village).unwrap();
    let id = "cd".repeat(32);
    let signature = auth::sign_upload(&me.identity, &id, 1000);
    let mut stalled = TcpStream::connect(f.addr).await.unwrap();
    let head = format!(
        "PATCH /v1/uploads/{id} HTTP/1.1\r\nhost: x\r\nupload-offset: 0\r\nupload-length: 1000\r\n\
         xinfang-device: {}\r\nxinfang-signature: {signature}\r\ncontent-length: 1000\r\n\r\n0123456789",
        me.device.device_id
    );
    stalled.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(6), stalled.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert_eq!(status(&answer), 422, "{answer}");
    assert!(!f.spool.join("uploads").join(format!("{id}-1000.part")).exists());

    // With the crowd still holding its places, the village syncs.
    let (_village, done) = sync(village, f.addr).await;
    assert!(done.is_ok(), "{:?}", done.err().map(|e| e.to_string()));
    let town = Ledger::new(Store::open(&f.town_path).unwrap(), at("2026-12-05T09:00:00+08:00"));
    let cases: i64 = town.store.conn().query_row("SELECT count(*) FROM petition_case", [], |r| r.get(0)).unwrap();
    assert_eq!(cases, 1);
    drop(crowd);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_says_unhealthy_when_the_spool_cannot_be_written() {
    let f = field(Limits::default()).await;
    let ok = raw(f.addr, b"GET /v1/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert_eq!(status(&ok), 200, "{ok}");
    // The spool's place taken by a file: nothing can be written there.
    std::fs::remove_dir_all(&f.spool).ok();
    std::fs::write(&f.spool, b"not a folder").unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let sick = raw(f.addr, b"GET /v1/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
    assert_eq!(status(&sick), 503, "{sick}");
    let message = body(&sick)["message"].as_str().unwrap().to_owned();
    assert!(message.starts_with("乡镇服务器暂时不能同步"), "{message}");
    assert!(!message.contains("os error") && !message.contains("Not a directory"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_spool_asks_the_village_to_come_back_and_loses_nothing() {
    let limits = Limits { spool_bytes: 100, ..Limits::default() };
    let f = field(limits).await;
    let retry =
        Retry { give_up_after: Duration::from_secs(2), first_pause: Duration::from_millis(200), ..Retry::default() };
    let addr = f.addr;
    let (village, done) = tokio::task::spawn_blocking(move || {
        let mut village = f.village;
        let done = client::sync(&mut village, &format!("http://{addr}"), None, retry);
        (village, done)
    })
    .await
    .unwrap();
    let e = done.unwrap_err();
    assert!(e.to_string().contains("暂存空间已满"), "{e}");
    // The village's changes wait in its outbox for the next sync.
    let pending: i64 = village.store.conn().query_row("SELECT count(*) FROM petition_case", [], |r| r.get(0)).unwrap();
    assert_eq!(pending, 1);
    let town = Ledger::new(Store::open(&f.town_path).unwrap(), at("2026-12-05T09:00:00+08:00"));
    let cases: i64 = town.store.conn().query_row("SELECT count(*) FROM petition_case", [], |r| r.get(0)).unwrap();
    assert_eq!(cases, 0);
}
