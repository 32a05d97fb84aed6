//! What anyone on the township's network can send `xinfang serve`: any request, signed or not.

use crate::fixtures::{SENDER_DEVICE, sender, sender_public};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use std::path::PathBuf;
use std::sync::OnceLock;
use tower::ServiceExt;
use xinfang_core::store::peers;
use xinfang_core::{Clock, Ledger, Store, dispatch};
use xinfang_sync::enrolment::{Enrolment, Role};
use xinfang_sync::http::auth;
use xinfang_sync::http::listen::Limits;
use xinfang_sync::{http::server, local};

/// A township server's routes over its own ledger, with the fixtures' village enrolled.
struct Township {
    app: Router,
    ledger: PathBuf,
    spool: PathBuf,
    runtime: tokio::runtime::Runtime,
}

fn township(name: &str) -> Township {
    let dir = crate::scratch().join(name);
    std::fs::create_dir_all(&dir).expect("folder");
    let ledger_path = dir.join("town.sqlite3");
    let now = "2026-12-05T01:00:00Z".parse().expect("time");
    let mut town = Ledger::new(Store::create(&ledger_path).expect("ledger"), Clock::Fixed(now));
    dispatch(&mut town, "device_init", serde_json::json!({"role": "township", "name": "路居镇"})).expect("init");
    let village = Enrolment::new(SENDER_DEVICE, Role::Village, "石岩哨村", sender_public().clone()).expect("enrolment");
    let file = village.to_json().expect("json");
    local::enrol(&mut town, file.as_bytes(), &village.fingerprint.to_string(), "王某").expect("enrol");
    let spool = dir.join("spool");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let app = server::app(town, spool.clone(), Limits { spool_bytes: 64 << 20, ..Limits::default() }).expect("app");
    Township { app, ledger: ledger_path, spool, runtime }
}

impl Township {
    fn answer(&self, request: Request<Body>) -> StatusCode {
        let app = self.app.clone();
        self.runtime
            .block_on(async move { app.oneshot(request).await.map(|r| r.status()) })
            .unwrap_or_else(|e| match e {})
    }

    /// Files in the spool's uploads folder.
    fn stored(&self) -> usize {
        std::fs::read_dir(self.spool.join("uploads")).map_or(0, |d| d.count())
    }

    /// Return bundles handed out, by the ledger's own count.
    fn returns_sent(&self) -> i64 {
        let store = Store::open(&self.ledger).expect("reopen the ledger");
        peers::list(store.conn()).expect("peers").iter().map(|p| p.returns_sent).sum()
    }
}

const METHODS: [Method; 6] = [Method::GET, Method::HEAD, Method::PATCH, Method::POST, Method::PUT, Method::DELETE];

/// `method: u8 ‖ path kind: u8 ‖ path argument line ‖ header lines ‖ blank line ‖ body`, sent as
/// it is (unsigned, so anonymous). Never a panic or a 500, nothing stored in the spool, and no
/// return bundle handed out.
pub fn http_request(data: &[u8]) {
    static TOWN: OnceLock<Township> = OnceLock::new();
    let town = TOWN.get_or_init(|| township("anonymous"));
    let [method, kind, rest @ ..] = data else { return };
    let (head, body) = split_head(rest);
    let mut lines = head.lines();
    let argument = lines.next().unwrap_or_default();
    let path = match kind % 5 {
        0 => format!("/v1/uploads/{argument}"),
        1 => format!("/v1/returns/{argument}"),
        2 => "/v1/challenge".to_owned(),
        3 => "/v1/health".to_owned(),
        _ => argument.to_owned(),
    };
    let mut request = Request::builder().method(METHODS[usize::from(*method) % METHODS.len()].clone()).uri(path);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            request = request.header(name.trim(), value.trim());
        }
    }
    let Ok(request) = request.body(Body::from(body.to_vec())) else { return };
    let status = town.answer(request);
    assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(town.stored(), 0, "an anonymous request stored something");
    assert_eq!(town.returns_sent(), 0, "an anonymous request made the township export");
}

/// `offset: u64 LE ‖ length: u64 LE ‖ mode: u8 ‖ piece`, sent as the enrolled village would sign
/// it: a HEAD or a PATCH (mode bit 0), for an upload named by the piece's own hash (bit 1; with
/// offset 0 and the piece's length that is a whole upload, imported as a bundle) or by a fixed
/// id. Reaches the offset arithmetic, the spool and the import. Never a panic or a 500.
pub fn http_signed(data: &[u8]) {
    static TOWN: OnceLock<Township> = OnceLock::new();
    let town = TOWN.get_or_init(|| township("signed"));
    let Some((offset, rest)) = data.split_first_chunk::<8>() else { return };
    let Some((length, rest)) = rest.split_first_chunk::<8>() else { return };
    let Some((mode, piece)) = rest.split_first() else { return };
    let (offset, length) = (u64::from_le_bytes(*offset), u64::from_le_bytes(*length));
    let id = if mode & 2 == 0 {
        blake3::hash(b"fixed").to_hex().to_string()
    } else {
        blake3::hash(piece).to_hex().to_string()
    };
    let signature = auth::sign_upload(sender(), &id, length);
    let method = if mode & 1 == 0 { Method::HEAD } else { Method::PATCH };
    let request = Request::builder()
        .method(method)
        .uri(format!("/v1/uploads/{id}"))
        .header("upload-offset", offset.to_string())
        .header("upload-length", length.to_string())
        .header(auth::DEVICE_HEADER, SENDER_DEVICE)
        .header(auth::SIGNATURE_HEADER, signature)
        .body(Body::from(piece.to_vec()))
        .expect("request");
    assert_ne!(town.answer(request), StatusCode::INTERNAL_SERVER_ERROR);
}

/// The text before the first blank line, and the bytes after it.
fn split_head(data: &[u8]) -> (String, &[u8]) {
    let end = data.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match end {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    (String::from_utf8_lossy(head).into_owned(), body)
}
