//! `xinfang serve`: the township's HTTP endpoint. A bundle arrives in
//! pieces ([`super::uploads`]); once whole and matching its hash it is
//! imported like one from a USB stick. A GET of a village's returns exports
//! its next return bundle (encrypted to that village, so handing it to
//! whoever asks reveals nothing).

use super::uploads::{Progress, Uploads};
use super::{COMPLETE_HEADER, LENGTH_HEADER, OFFSET_HEADER, PIECE_BYTES, RETURNS_PATH, UPLOADS_PATH};
use crate::error::Error;
use crate::{export, import};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, head};
use serde_json::json;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use xinfang_core::Ledger;

#[derive(Clone)]
struct Shared {
    ledger: Arc<Mutex<Ledger>>,
    /// Kept across restarts, so an upload resumes after the server was down.
    spool: PathBuf,
}

/// Binds `listen` (e.g. `0.0.0.0:8740`), tells `ready` the address bound
/// (port 0 picks a free one), then serves until the process ends.
pub fn run(
    listen: &str,
    ledger: Ledger,
    spool: PathBuf,
    ready: impl FnOnce(std::net::SocketAddr),
) -> Result<(), Error> {
    let io = |source| Error::Io { action: "监听", path: PathBuf::from(listen), source };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(io)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(io)?;
        ready(listener.local_addr().map_err(io)?);
        serve(listener, ledger, spool).await.map_err(io)
    })
}

/// Serves on `listener` until the process ends. `spool` holds uploads in
/// flight and return bundles while they are read.
pub async fn serve(listener: tokio::net::TcpListener, ledger: Ledger, spool: PathBuf) -> std::io::Result<()> {
    let shared = Shared { ledger: Arc::new(Mutex::new(ledger)), spool };
    let app = Router::new()
        .route(&format!("{UPLOADS_PATH}/{{upload_id}}"), head(progress).patch(piece))
        .route(&format!("{RETURNS_PATH}/{{device_id}}"), get(returns))
        .route("/v1/health", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(2 * PIECE_BYTES))
        .with_state(shared);
    axum::serve(listener, app).await
}

/// How much of an upload arrived, or that it was imported already.
async fn progress(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    blocking(s, move |_, spool| {
        Ok(match Uploads::new(&spool).progress(&id)? {
            Progress::Partial(held) => ([(OFFSET_HEADER, held.to_string())], StatusCode::OK).into_response(),
            Progress::Answered(_) => ([(COMPLETE_HEADER, "1")], StatusCode::OK).into_response(),
            Progress::Whole(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        })
    })
    .await
}

/// Appends a piece; the last one has the whole bundle checked and imported.
async fn piece(State(s): State<Shared>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let number = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let (Some(offset), Some(length)) = (number(OFFSET_HEADER), number(LENGTH_HEADER)) else {
        let message = "请求缺少上传位置或总长度";
        return (StatusCode::BAD_REQUEST, axum::Json(json!({"kind": "bad_request", "message": message})))
            .into_response();
    };
    blocking(s, move |ledger, spool| {
        let uploads = Uploads::new(&spool);
        let path = match uploads.append(&id, offset, length, &body) {
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
                uploads.refused(&id);
                return Err(e);
            }
        };
        eprintln!(
            "已接收 {} 的数据包：第 {}–{} 条变更，新增 {} 条。",
            done.from_name, done.first_seq, done.last_seq, done.new_entries
        );
        let answer = serde_json::to_vec(&done).map_err(|e| Error::Internal { detail: e.to_string() })?;
        uploads.answered(&id, &answer)?;
        Ok(answered(answer))
    })
    .await
}

fn answered(answer: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], answer).into_response()
}

async fn returns(State(s): State<Shared>, Path(device_id): Path<String>) -> Response {
    blocking(s, move |ledger, spool| {
        let done = export::export(ledger, Some(&device_id), &spool)?;
        let bytes = std::fs::read(&done.path);
        let _ = std::fs::remove_file(&done.path);
        let bytes = bytes.map_err(|source| Error::Io { action: "读取", path: done.path.clone(), source })?;
        Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
    })
    .await
}

/// Runs ledger work off the async threads; a refusal becomes a JSON body
/// with the kind and the Chinese message.
async fn blocking(
    s: Shared,
    work: impl FnOnce(&mut Ledger, PathBuf) -> Result<Response, Error> + Send + 'static,
) -> Response {
    let joined = tokio::task::spawn_blocking(move || {
        // A handler that panicked left the lock poisoned, but not the ledger:
        // its transaction rolled back as it unwound. Serve on rather than
        // answer every village with an error until a restart.
        let mut ledger = s.ledger.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut ledger, s.spool)
    })
    .await;
    match joined {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => {
            eprintln!("拒绝：{e}");
            let status = match e.kind() {
                "io" | "internal" | "storage" => StatusCode::INTERNAL_SERVER_ERROR,
                "peer" | "unknown_device" | "revoked" => StatusCode::FORBIDDEN,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (status, axum::Json(json!({"kind": e.kind(), "message": e.to_string()}))).into_response()
        }
        Err(e) => {
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(json!({"kind": "internal", "message": e.to_string()})))
                .into_response()
        }
    }
}
