//! The township's `xinfang serve` under load on loopback, as an attacker on
//! its network would try it: a thousand connections that say nothing, from
//! forty addresses (more than the server keeps open at once), fifty that
//! send their headers a byte at a time, and a stream of unsigned and forged
//! uploads and challenge requests — while three real villages sync. Every
//! village's sync completes with every record, and the server's memory stays
//! bounded. Bounded itself: the crowd lasts only as long as the villages
//! take, at most a few minutes. The figures it prints are in BENCHMARKS.md.

use crate::common;

use common::{BIN, ok, run};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

const NOW: &str = "2026-12-05T09:00:00+08:00";
const VILLAGES: [&str; 3] = ["石岩哨村", "中坝村", "红石岩村"];
const VISITS_EACH: usize = 4;
const IDLE: usize = 1000;
const IDLE_ADDRESSES: usize = 40;
const SLOW: usize = 50;

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(&run(db, NOW, args, None))).unwrap()
}

/// The township and three villages, each village enrolled with it.
fn field(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let town = dir.join("town.sqlite3");
    ok(&run(&town, NOW, &["init", "--role", "township", "--name", "路居镇"], None));
    let town_file = dir.join("town.json");
    let shown = json(&town, &["device", "show", "--out", town_file.to_str().unwrap(), "--json"]);
    let town_print = shown["fingerprint"].as_str().unwrap().to_owned();
    let mut villages = Vec::new();
    for (i, name) in VILLAGES.iter().enumerate() {
        let db = dir.join(format!("village{i}.sqlite3"));
        ok(&run(&db, NOW, &["init", "--role", "village", "--name", name], None));
        let file = dir.join(format!("village{i}.json"));
        let shown = json(&db, &["device", "show", "--out", file.to_str().unwrap(), "--json"]);
        let print = shown["fingerprint"].as_str().unwrap();
        ok(&run(&town, NOW, &["enrol", file.to_str().unwrap(), "--fingerprint", print, "--by", "王某"], None));
        ok(&run(&db, NOW, &["enrol", town_file.to_str().unwrap(), "--fingerprint", &town_print, "--by", "李某"], None));
        for n in 0..VISITS_EACH {
            let visit = format!(
                r#"{{"channel": "visit", "received_at": "2026-12-02T09:30:00+08:00",
                "petitioners": [{{"name": "张某{n}", "village": "{name}"}}], "category": "土地承包",
                "request": "反映承包地被他人占用，要求处理。", "received_by": "李某"}}"#
            );
            ok(&run(&db, NOW, &["call", "visit_add", "--json", &visit], None));
        }
        villages.push(db);
    }
    (town, villages)
}

/// `xinfang serve` on a free loopback port, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Started with the common limit of 1,024 open files, which the crowd
    /// alone would exhaust if the server kept every connection it was given.
    fn start(town: &Path) -> Server {
        // Windows has no such limit to set (and no `sh`): the server starts as it is.
        let mut server = if cfg!(unix) {
            let mut sh = Command::new("sh");
            sh.args(["-c", "ulimit -n 1024 && exec \"$0\" \"$@\"", BIN]);
            sh
        } else {
            Command::new(BIN)
        };
        let mut child = server
            .args(["--db", town.to_str().unwrap(), "serve", "--listen", "127.0.0.1:0"])
            .env("XINFANG_NOW", NOW)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line.trim().strip_prefix("正在监听 http://").unwrap_or_else(|| panic!("{line:?}")).parse().unwrap();
        Server { child, addr }
    }

    /// The server's peak resident memory so far (VmHWM), in KiB; Linux's
    /// /proc tells it, so the Windows run (under Wine) does without.
    fn peak_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the crowd managed.
#[derive(Default)]
struct Tally {
    opened: AtomicUsize,
    held: AtomicUsize,
    most_held: AtomicUsize,
    hostile_requests: AtomicUsize,
}

async fn connect(source: &str, addr: SocketAddr) -> Option<tokio::net::TcpStream> {
    let socket = TcpSocket::new_v4().ok()?;
    socket.bind(format!("{source}:0").parse().ok()?).ok()?;
    socket.connect(addr).await.ok()
}

/// Holds a silent connection from `source` until the server closes it, then
/// opens another, until `stop`.
async fn idle(source: String, addr: SocketAddr, stop: Arc<AtomicBool>, tally: Arc<Tally>) {
    while !stop.load(Ordering::SeqCst) {
        let Some(mut stream) = connect(&source, addr).await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        tally.opened.fetch_add(1, Ordering::SeqCst);
        let now = tally.held.fetch_add(1, Ordering::SeqCst) + 1;
        tally.most_held.fetch_max(now, Ordering::SeqCst);
        let mut buf = [0u8; 64];
        while !stop.load(Ordering::SeqCst) {
            if let Ok(Ok(0) | Err(_)) = tokio::time::timeout(Duration::from_millis(500), stream.read(&mut buf)).await {
                break;
            }
        }
        tally.held.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Sends a request's headers a byte every half second, over and over.
async fn slow(source: String, addr: SocketAddr, stop: Arc<AtomicBool>, tally: Arc<Tally>) {
    while !stop.load(Ordering::SeqCst) {
        let Some(mut stream) = connect(&source, addr).await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        tally.opened.fetch_add(1, Ordering::SeqCst);
        for byte in b"PATCH /v1/uploads/x HTTP/1.1\r\nhost: x\r\nx-pad: ".iter().chain(std::iter::repeat(&b'a')) {
            if stop.load(Ordering::SeqCst) || stream.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

/// Unsigned and forged uploads of a full piece, probes of made-up uploads,
/// and challenge requests, as fast as the server answers them.
async fn hostile(source: String, addr: SocketAddr, stop: Arc<AtomicBool>, tally: Arc<Tally>, kind: usize) {
    let piece = vec![b'x'; 1 << 20];
    let id = format!("{:064x}", kind);
    while !stop.load(Ordering::SeqCst) {
        let Some(mut stream) = connect(&source, addr).await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        tally.opened.fetch_add(1, Ordering::SeqCst);
        let head = match kind % 4 {
            0 => format!(
                "PATCH /v1/uploads/{id} HTTP/1.1\r\nhost: x\r\nupload-offset: 0\r\nupload-length: 268435456\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n",
                piece.len()
            ),
            1 => format!(
                "PATCH /v1/uploads/{id} HTTP/1.1\r\nhost: x\r\nupload-offset: 0\r\nupload-length: 268435456\r\n\
                 xinfang-device: 0190abcd-0000-7000-8000-000000000000\r\nxinfang-signature: {}\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n",
                "ab".repeat(64),
                piece.len()
            ),
            2 => format!("HEAD /v1/uploads/{id} HTTP/1.1\r\nhost: x\r\nupload-length: 5\r\nconnection: close\r\n\r\n"),
            _ => "GET /v1/challenge HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".to_owned(),
        };
        let _ = stream.write_all(head.as_bytes()).await;
        if kind % 4 < 2 {
            let _ = stream.write_all(&piece).await;
        }
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
        tally.hostile_requests.fetch_add(1, Ordering::SeqCst);
    }
}

/// How many files this process may open (the crowd needs one per connection).
fn open_file_limit() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap_or("");
    line.split_whitespace().nth(3).and_then(|n| n.parse().ok()).unwrap_or(1024)
}

#[test]
fn a_crowd_of_idle_slow_and_hostile_connections_does_not_keep_three_villages_from_syncing() {
    let dir = tempfile::tempdir().unwrap();
    let (town, villages) = field(dir.path());
    let server = Server::start(&town);
    let addr = server.addr;
    let idle_count = IDLE.min(open_file_limit().saturating_sub(200));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let mut crowd = Vec::new();
    for i in 0..idle_count {
        let source = format!("127.0.0.{}", 10 + i % IDLE_ADDRESSES);
        crowd.push(runtime.spawn(idle(source, addr, stop.clone(), tally.clone())));
    }
    for i in 0..SLOW {
        crowd.push(runtime.spawn(slow(format!("127.0.1.{}", 10 + i % 10), addr, stop.clone(), tally.clone())));
    }
    for kind in 0..8 {
        crowd.push(runtime.spawn(hostile(format!("127.0.2.{}", 10 + kind), addr, stop.clone(), tally.clone(), kind)));
    }
    // Let the crowd fill every place the server has.
    let started = Instant::now();
    while tally.held.load(Ordering::SeqCst) < idle_count / 2 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let crowd_before = tally.held.load(Ordering::SeqCst);

    let syncing = Instant::now();
    let url = format!("http://{addr}");
    let runs: Vec<_> = villages
        .iter()
        .map(|db| {
            let (db, url) = (db.clone(), url.clone());
            std::thread::spawn(move || run(&db, NOW, &["sync", "--server", &url, "--wait", "120", "--json"], None))
        })
        .collect();
    let outcomes: Vec<_> = runs.into_iter().map(|r| r.join().unwrap()).collect();
    let sync_secs = syncing.elapsed().as_secs_f64();
    stop.store(true, Ordering::SeqCst);
    let peak_mib = server.peak_kib().map(|kib| kib as f64 / 1024.0);
    assert!(peak_mib.is_some() || cfg!(windows), "Linux's /proc gives the server's peak memory");
    let peak_mib = peak_mib.unwrap_or(0.0);
    runtime.shutdown_timeout(Duration::from_secs(5));

    let mut retries = 0;
    for (db, out) in villages.iter().zip(&outcomes) {
        let done: Value = serde_json::from_str(&ok(out)).unwrap();
        assert_eq!(done["sent"]["new_entries"].as_u64().map(|n| n > 0), Some(true), "{db:?}: {done}");
        retries += done["retries"].as_u64().unwrap_or(0);
    }
    drop(server);
    let spool = PathBuf::from(format!("{}-sync", town.display())).join("spool").join("uploads");
    let kept: Vec<_> =
        std::fs::read_dir(&spool).map(|d| d.flatten().map(|e| e.file_name()).collect()).unwrap_or_default();
    assert!(kept.iter().all(|name| name.to_string_lossy().ends_with(".answer")), "the crowd stored {kept:?}");
    let cases = json(&town, &["case", "list", "--json"]);
    assert_eq!(cases["total"], VILLAGES.len() * VISITS_EACH, "every village's every record, once");
    println!(
        "load: {idle_count} idle from {IDLE_ADDRESSES} addresses + {SLOW} slow + 8 hostile streams; \
         crowd had {crowd_before} (at most {}) connections open on its side, opened {} in all, {} hostile requests answered; \
         {} villages synced in {sync_secs:.1} s with {retries} retries; server peak memory {peak_mib:.1} MiB",
        tally.most_held.load(Ordering::SeqCst),
        tally.opened.load(Ordering::SeqCst),
        tally.hostile_requests.load(Ordering::SeqCst),
        VILLAGES.len(),
    );
    assert!(peak_mib < 256.0, "server peak memory {peak_mib:.1} MiB");
    drop(crowd);
}
