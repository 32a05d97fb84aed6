//! `xinfang sync --server URL`: the village side. Exports what the township
//! has not acknowledged, posts it, then fetches and imports its return
//! bundle. A failed connection (server not up yet, network gone, upload cut
//! short) is retried with growing pauses until the time allowed runs out; a
//! refusal by the server is not retried, it is reported.

use super::{BUNDLES_PATH, RETURNS_PATH};
use crate::error::{Error, Result};
use crate::import::{self, Imported};
use crate::{export, local};
use serde::Serialize;
use std::path::Path;
use std::time::{Duration, Instant};
use xinfang_core::Ledger;

/// How long to keep trying, the first pause (doubled each time, up to 30 s),
/// and how long one request may take before it counts as cut.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub give_up_after: Duration,
    pub first_pause: Duration,
    pub request_timeout: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            give_up_after: Duration::from_secs(120),
            first_pause: Duration::from_millis(500),
            request_timeout: Duration::from_secs(60),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Synced {
    /// What the township said of the bundle sent (none if nothing was pending).
    pub sent: Option<serde_json::Value>,
    /// The return bundle imported here.
    pub returned: Imported,
    /// Connection attempts that failed and were retried.
    pub retries: u32,
}

/// One round: push what is pending, then pull the return.
pub fn sync(ledger: &mut Ledger, server: &str, outbox: &Path, retry: Retry) -> Result<Synced> {
    let server = server.trim_end_matches('/');
    let me = local::me(ledger)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(retry.request_timeout))
        .build()
        .into();
    let mut retries = 0;
    let sent = match export::export(ledger, None, outbox) {
        Ok(done) => {
            let bytes = std::fs::read(&done.path).map_err(|source| Error::Io {
                action: "读取",
                path: done.path.clone(),
                source,
            })?;
            let url = format!("{server}{BUNDLES_PATH}");
            let body = with_retry(&url, retry, &mut retries, || {
                agent.post(&url).header("content-type", "application/octet-stream").send(&bytes[..])
            })?;
            let _ = std::fs::remove_file(&done.path);
            Some(
                serde_json::from_slice(&body)
                    .map_err(|_| Error::Server { status: 200, message: "应答格式不对".into() })?,
            )
        }
        Err(Error::NothingToExport) => None,
        Err(e) => return Err(e),
    };
    let url = format!("{server}{RETURNS_PATH}/{}", me.device.device_id);
    let bytes = with_retry(&url, retry, &mut retries, || agent.get(&url).call())?;
    let path = outbox.join(format!("回执-{}.xfb", xinfang_core::store::new_id()));
    std::fs::write(&path, &bytes).map_err(|source| Error::Io { action: "保存", path: path.clone(), source })?;
    let returned = import::import(ledger, &path);
    let _ = std::fs::remove_file(&path);
    Ok(Synced { sent, returned: returned?, retries })
}

/// Sends until an answer comes: 2xx → its body; 4xx → the server's refusal;
/// no connection, a cut connection or 5xx → wait and send again.
fn with_retry(
    url: &str,
    retry: Retry,
    retries: &mut u32,
    mut send: impl FnMut() -> std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Vec<u8>> {
    let started = Instant::now();
    let mut pause = retry.first_pause;
    loop {
        let failure = match send() {
            Ok(mut response) => {
                let status = response.status().as_u16();
                match response.body_mut().with_config().limit(import::MAX_FILE_BYTES).read_to_vec() {
                    Ok(body) if (200..300).contains(&status) => return Ok(body),
                    Ok(body) if (400..500).contains(&status) => {
                        let message = serde_json::from_slice::<serde_json::Value>(&body)
                            .ok()
                            .and_then(|v| v["message"].as_str().map(str::to_owned))
                            .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
                        return Err(Error::Server { status, message });
                    }
                    Ok(_) => format!("服务器错误 {status}"),
                    Err(e) => e.to_string(),
                }
            }
            Err(e) => e.to_string(),
        };
        if started.elapsed() + pause > retry.give_up_after {
            return Err(Error::Unreachable { url: url.to_owned(), detail: failure });
        }
        *retries += 1;
        eprintln!("连接 {url} 失败（{failure}），{} 秒后重试……", pause.as_secs_f32());
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_secs(30));
    }
}
