//! `xinfang serve`: the township's HTTP endpoint. A bundle arrives in
//! pieces ([`super::uploads`]); once whole and matching its hash it is
//! imported like one from a USB stick. A village fetches its next return
//! bundle by signing a fresh challenge.
//!
//! Anyone on the township's network can reach the server, so: every request
//! that stores or hands out anything is signed by an enrolled, unrevoked
//! device ([`super::auth`]) and checked before its body is read; nothing an
//! anonymous request sends is written anywhere; connections are limited and
//! timed ([`super::listen`]); a handler that fails never stops the others.

use super::auth::{self, CHALLENGE_HEADER, Challenges, DEVICE_HEADER, SIGNATURE_HEADER};
use super::listen::{self, Limits};
use super::uploads::{Progress, Uploads};
use super::{CHALLENGE_PATH, COMPLETE_HEADER, LENGTH_HEADER, OFFSET_HEADER, PIECE_BYTES, RETURNS_PATH, UPLOADS_PATH};
use crate::error::Error;
use crate::{export, import};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, head};
use serde_json::json;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use xinfang_core::Ledger;
use xinfang_core::store::peers;

/// The last health check: when it ran, and why the server cannot serve, if it cannot.
type Health = Option<(Instant, Result<(), String>)>;

#[derive(Clone)]
struct Shared {
    ledger: Arc<Mutex<Ledger>>,
    /// Kept across restarts, so an upload resumes after the server was down.
    spool: PathBuf,
    limits: Limits,
    challenges: Arc<Challenges>,
    health: Arc<Mutex<Health>>,
}

/// Binds `listen` (e.g. `0.0.0.0:8740`), tells `ready` the address bound
/// (port 0 picks a free one), then serves until the process ends.
pub fn run(
    listen: &str,
    ledger: Ledger,
    spool: PathBuf,
    limits: Limits,
    ready: impl FnOnce(std::net::SocketAddr),
) -> Result<(), Error> {
    let io = |source| Error::Io { action: "监听", path: PathBuf::from(listen), source };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(io)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(io)?;
        ready(listener.local_addr().map_err(io)?);
        serve(listener, ledger, spool, limits).await
    })
}

/// Serves on `listener` until the process ends. `spool` holds uploads in
/// flight and return bundles while they are read.
pub async fn serve(listener: tokio::net::TcpListener, ledger: Ledger, spool: PathBuf, limits: Limits) -> Result<(), Error> {
    listen::accept(listener, app(ledger, spool, limits)?, limits).await;
    Ok(())
}

/// The server's routes over `ledger`, without the connections: what
/// [`serve`] answers each request with (and what the fuzz target calls).
pub fn app(ledger: Ledger, spool: PathBuf, limits: Limits) -> Result<Router, Error> {
    std::fs::create_dir_all(&spool).map_err(|source| Error::Io { action: "建立", path: spool.clone(), source })?;
    let shared = Shared {
        ledger: Arc::new(Mutex::new(ledger)),
        spool,
        limits,
        challenges: Arc::new(Challenges::new()?),
        health: Arc::default(),
    };
    Ok(Router::new()
        .route(&format!("{UPLOADS_PATH}/{{upload_id}}"), head(progress).patch(piece))
        .route(CHALLENGE_PATH, get(challenge))
        .route(&format!("{RETURNS_PATH}/{{device_id}}"), get(returns))
        .route("/v1/health", get(health))
        .layer(DefaultBodyLimit::max(2 * PIECE_BYTES))
        .with_state(shared))
}

/// The signed upload a request belongs to: its id, length and device.
struct UploadRequest {
    id: String,
    length: u64,
    device: String,
    signature: String,
}

impl UploadRequest {
    fn of(id: String, headers: &HeaderMap) -> Result<UploadRequest, Error> {
        let length =
            number(headers, LENGTH_HEADER).ok_or(Error::Unauthenticated { reason: "请求缺少总长度" })?;
        let (Some(device), Some(signature)) = (text(headers, DEVICE_HEADER), text(headers, SIGNATURE_HEADER)) else {
            return Err(Error::Unauthenticated { reason: "请求没有本机签名" });
        };
        Ok(UploadRequest { id, length, device, signature })
    }

    /// Refused unless signed by an enrolled, unrevoked device.
    fn check(&self, ledger: &Ledger) -> Result<(), Error> {
        auth::check_upload(ledger, &self.device, &self.signature, &self.id, self.length).map(drop)
    }
}

fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok())
}

/// How much of an upload arrived, or that it was imported already.
async fn progress(State(s): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let request = match UploadRequest::of(id, &headers) {
        Ok(request) => request,
        Err(e) => return refusal(&e),
    };
    let quota = s.limits.spool_bytes;
    blocking(&s, move |ledger, spool| {
        request.check(ledger)?;
        Ok(match Uploads::new(&spool, quota).progress(&request.id, request.length)? {
            Progress::Partial(held) => ([(OFFSET_HEADER, held.to_string())], StatusCode::OK).into_response(),
            Progress::Answered(_) => ([(COMPLETE_HEADER, "1")], StatusCode::OK).into_response(),
            Progress::Whole(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        })
    })
    .await
}

/// Appends a piece; the last one has the whole bundle checked and imported.
/// The signature is checked before the body is read.
async fn piece(State(s): State<Shared>, Path(id): Path<String>, headers: HeaderMap, body: Body) -> Response {
    let Some(offset) = number(&headers, OFFSET_HEADER) else {
        return refusal(&Error::BadHeader { detail: "请求缺少上传位置".to_owned() });
    };
    let request = match UploadRequest::of(id, &headers) {
        Ok(request) => request,
        Err(e) => return refusal(&e),
    };
    let request = match blocking_value(&s, move |ledger, _| request.check(ledger).map(|()| request)).await {
        Ok(Ok(request)) => request,
        Ok(Err(e)) => return refusal(&e),
        Err(response) => return response,
    };
    let read = tokio::time::timeout(s.limits.body_timeout, axum::body::to_bytes(body, 2 * PIECE_BYTES)).await;
    let Ok(Ok(piece)) = read else {
        // Too slow, cut off or too large: nothing of it is kept.
        return refusal(&Error::BadHeader { detail: "上传的数据不完整或超时".to_owned() });
    };
    let quota = s.limits.spool_bytes;
    blocking(&s, move |ledger, spool| {
        let uploads = Uploads::new(&spool, quota);
        let id = &request.id;
        let path = match uploads.append(id, offset, request.length, &piece) {
            Ok(Progress::Partial(held)) => {
                return Ok(([(OFFSET_HEADER, held.to_string())], StatusCode::NO_CONTENT).into_response());
            }
            Ok(Progress::Answered(answer)) => return Ok(answered(answer)),
            Ok(Progress::Whole(path)) => path,
            Err(Error::UploadOffset { held, .. }) => {
                return Ok(([(OFFSET_HEADER, held.to_string())], StatusCode::CONFLICT).into_response());
            }
            Err(e) => return Err(e),
        };
        let done = match import::import(ledger, &path) {
            Ok(done) => done,
            Err(e) => {
                uploads.refused(id);
                return Err(e);
            }
        };
        crate::http::say(format_args!(
            "已接收 {} 的数据包：第 {}–{} 条变更，新增 {} 条。",
            done.from_name, done.first_seq, done.last_seq, done.new_entries
        ));
        let answer = serde_json::to_vec(&done).map_err(|e| Error::Internal { detail: e.to_string() })?;
        uploads.answered(id, &answer)?;
        Ok(answered(answer))
    })
    .await
}

fn answered(answer: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], answer).into_response()
}

/// A fresh challenge for a return request. Costs the server nothing to keep.
async fn challenge(State(s): State<Shared>) -> Response {
    match s.challenges.issue() {
        Ok(challenge) => challenge.into_response(),
        Err(e) => refusal(&e),
    }
}

/// The village's next return bundle, to the village that signed the
/// challenge. Encrypted to that village as well, so it reveals nothing
/// even if it were overheard.
async fn returns(State(s): State<Shared>, Path(device_id): Path<String>, headers: HeaderMap) -> Response {
    let (Some(challenge), Some(signature)) = (text(&headers, CHALLENGE_HEADER), text(&headers, SIGNATURE_HEADER))
    else {
        return refusal(&Error::Unauthenticated { reason: "请求没有本机签名" });
    };
    let challenges = s.challenges.clone();
    blocking(&s, move |ledger, spool| {
        auth::check_returns(ledger, &device_id, &signature, &challenge)?;
        challenges.redeem(&challenge)?;
        let done = export::export(ledger, Some(&device_id), &spool)?;
        let bytes = std::fs::read(&done.path);
        let _ = std::fs::remove_file(&done.path);
        let bytes = bytes.map_err(|source| Error::Io { action: "读取", path: done.path.clone(), source })?;
        Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
    })
    .await
}

/// Whether the server can serve: the ledger answers and the spool takes a
/// write. Checked at most once a second, whoever asks how often.
async fn health(State(s): State<Shared>) -> Response {
    const FRESH: Duration = Duration::from_secs(1);
    let cached = s.health.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let state = match cached {
        Some((at, state)) if at.elapsed() < FRESH => state,
        _ => {
            let check = blocking_value(&s, |ledger, spool| check_health(ledger, &spool));
            let checked = match tokio::time::timeout(Duration::from_secs(20), check).await {
                Ok(Ok(state)) => state,
                Ok(Err(_)) => Err("检查台账时出错".to_owned()),
                Err(_) => Err("台账长时间无响应".to_owned()),
            };
            *s.health.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                Some((Instant::now(), checked.clone()));
            checked
        }
    };
    match state {
        Ok(()) => "ok".into_response(),
        Err(message) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"kind": "unhealthy", "message": format!("乡镇服务器暂时不能同步：{message}")})),
        )
            .into_response(),
    }
}

fn check_health(ledger: &mut Ledger, spool: &std::path::Path) -> Result<(), String> {
    peers::list(ledger.store.conn()).map_err(|e| format!("台账无法读取（{e}）"))?;
    let probe = spool.join("health.probe");
    let written = std::fs::create_dir_all(spool).and_then(|()| std::fs::write(&probe, b"ok"));
    let _ = std::fs::remove_file(&probe);
    written.map_err(|e| format!("上传暂存目录无法写入（{}）", xinfang_core::os_error::reason(&e)))
}

/// The Chinese refusal of `e`, with the status that tells the village
/// whether to try again (5xx) or not (4xx).
fn refusal(e: &Error) -> Response {
    crate::http::say(format_args!("拒绝：{e}"));
    let status = match e.kind() {
        "io" | "internal" | "storage" => StatusCode::INTERNAL_SERVER_ERROR,
        "busy" => StatusCode::SERVICE_UNAVAILABLE,
        "unauthenticated" => StatusCode::UNAUTHORIZED,
        "peer" | "unknown_device" | "revoked" => StatusCode::FORBIDDEN,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    (status, axum::Json(json!({"kind": e.kind(), "message": e.to_string()}))).into_response()
}

/// Runs ledger work off the async threads; a refusal becomes a JSON body
/// with the kind and the Chinese message.
async fn blocking(
    s: &Shared,
    work: impl FnOnce(&mut Ledger, PathBuf) -> Result<Response, Error> + Send + 'static,
) -> Response {
    match blocking_value(s, work).await {
        Ok(Ok(response)) | Err(response) => response,
        Ok(Err(e)) => refusal(&e),
    }
}

/// Runs ledger work off the async threads. A handler that panicked is a 500
/// for its own request only.
async fn blocking_value<T: Send + 'static>(
    s: &Shared,
    work: impl FnOnce(&mut Ledger, PathBuf) -> T + Send + 'static,
) -> Result<T, Response> {
    let (ledger, spool) = (s.ledger.clone(), s.spool.clone());
    tokio::task::spawn_blocking(move || {
        // A handler that panicked left the lock poisoned, but not the ledger:
        // its transaction rolled back as it unwound. Serve on rather than
        // answer every village with an error until a restart.
        let mut ledger = ledger.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut ledger, spool)
    })
    .await
    .map_err(|_| refusal(&Error::Internal { detail: "处理请求时出错".to_owned() }))
}
