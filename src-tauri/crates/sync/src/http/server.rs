//! `xinfang serve`: the township's HTTP endpoint. A POSTed bundle is spooled
//! to a file and imported like one from a USB stick; a GET of a village's
//! returns exports its next return bundle (encrypted to that village, so
//! handing it to whoever asks reveals nothing).

use super::{BUNDLES_PATH, RETURNS_PATH};
use crate::error::Error;
use crate::{export, import};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use xinfang_core::Ledger;

#[derive(Clone)]
struct Shared {
    ledger: Arc<Mutex<Ledger>>,
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

/// Serves on `listener` until the process ends. `spool` holds bundles while they are read.
pub async fn serve(listener: tokio::net::TcpListener, ledger: Ledger, spool: PathBuf) -> std::io::Result<()> {
    let shared = Shared { ledger: Arc::new(Mutex::new(ledger)), spool };
    let app = Router::new()
        .route(BUNDLES_PATH, post(receive))
        .route(&format!("{RETURNS_PATH}/{{device_id}}"), get(returns))
        .route("/v1/health", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(import::MAX_FILE_BYTES as usize))
        .with_state(shared);
    axum::serve(listener, app).await
}

async fn receive(State(s): State<Shared>, body: Bytes) -> Response {
    blocking(s, move |ledger, spool| {
        let path = spool.join(format!("{}.xfb", xinfang_core::store::new_id()));
        std::fs::write(&path, &body).map_err(|source| Error::Io { action: "暂存", path: path.clone(), source })?;
        let result = import::import(ledger, &path);
        let _ = std::fs::remove_file(&path);
        let done = result?;
        eprintln!(
            "已接收 {} 的数据包：第 {}–{} 条变更，新增 {} 条。",
            done.from_name, done.first_seq, done.last_seq, done.new_entries
        );
        Ok((StatusCode::OK, axum::Json(done)).into_response())
    })
    .await
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
        let mut ledger = s.ledger.lock().map_err(|_| Error::Internal { detail: "台账锁已损坏".into() })?;
        work(&mut ledger, s.spool)
    })
    .await;
    match joined {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => {
            eprintln!("拒绝：{e}");
            let status = match e.kind() {
                "io" | "internal" | "storage" => StatusCode::INTERNAL_SERVER_ERROR,
                "peer" | "unknown_device" => StatusCode::FORBIDDEN,
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
