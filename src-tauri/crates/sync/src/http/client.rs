//! `xinfang sync --server URL`: the village side. Uploads what the township
//! has not acknowledged, in pieces, then fetches and imports its return
//! bundle. A failed connection (server not up yet, network gone, upload cut
//! short) is retried with growing pauses while it keeps failing for less
//! than the time allowed; a refusal by the server is not retried, it is
//! reported. The bundle waits in the outbox until the township has answered,
//! so a run that gave up is resumed by the next one where the upload stopped.

use super::auth::{self, CHALLENGE_HEADER, DEVICE_HEADER, SIGNATURE_HEADER};
use super::uploads::upload_id;
use super::{say, CHALLENGE_PATH, COMPLETE_HEADER, LENGTH_HEADER, OFFSET_HEADER, PIECE_BYTES, RETURNS_PATH, UPLOADS_PATH};
use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::import::{self, Imported};
use crate::{export, local};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::{Duration, Instant};
use xinfang_core::Ledger;
use xinfang_core::store::{peers, replica};

/// How long to keep trying without progress, the first pause (doubled each
/// time, up to 30 s), and how long one request may take before it counts as cut.
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
    /// What the township said of the changes sent (none if nothing was pending).
    pub sent: Option<Sent>,
    /// The size of the bundles sent, and how much of them went over the line
    /// in this run (less when an earlier upload was resumed).
    pub bundle_bytes: u64,
    pub uploaded_bytes: u64,
    /// The return bundle imported here.
    pub returned: Imported,
    /// Connection attempts that failed and were retried.
    pub retries: u32,
}

/// The changes the township received, over every part sent.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub first_seq: i64,
    pub last_seq: i64,
    /// Entries new to the township.
    pub new_entries: u64,
    /// Bundles sent (more than one for a large export).
    pub parts: usize,
}

/// One round: push what is pending, then pull the return. `to` names the
/// township (its device id or name) when the village is enrolled with more
/// than one (a replaced laptop, merged townships).
pub fn sync(ledger: &mut Ledger, server: &str, to: Option<&str>, retry: Retry) -> Result<Synced> {
    let server = server.trim_end_matches('/');
    let me = local::me(ledger)?;
    let outbox = local::work_dir(ledger, "outbox")?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(retry.request_timeout))
        .build()
        .into();
    let mut link =
        Link { agent, retry, retries: 0, uploaded: 0, device_id: me.device.device_id.clone(), identity: &me.identity };
    let mut sent: Option<Sent> = None;
    let mut bundle_bytes = 0;
    if let Some(mut pending) = outgoing(ledger, to, &outbox)? {
        while let Some(part) = pending.parts.first() {
            let path = outbox.join(&part.file_name);
            let bytes = std::fs::read(&path).map_err(|source| Error::Io { action: "读取", path, source })?;
            let answer: serde_json::Value = serde_json::from_slice(&link.upload(server, &bytes)?)
                .map_err(|_| Error::Server { status: 200, message: "应答格式不对".into() })?;
            bundle_bytes += bytes.len() as u64;
            let total = sent.get_or_insert(Sent { first_seq: part.first_seq, last_seq: 0, new_entries: 0, parts: 0 });
            total.last_seq = part.last_seq;
            total.new_entries += answer["new_entries"].as_u64().unwrap_or(0);
            total.parts += 1;
            // The township holds this part: a run cut off later resumes at the next.
            let _ = std::fs::remove_file(outbox.join(&part.file_name));
            pending.parts.remove(0);
            pending.save(&outbox)?;
        }
        clear(&outbox);
    }
    let bytes = link.fetch_returns(server)?;
    let path = outbox.join(format!("回执-{}.xfb", xinfang_core::store::new_id()));
    std::fs::write(&path, &bytes).map_err(|source| Error::Io { action: "保存", path: path.clone(), source })?;
    let returned = import::import(ledger, &path);
    let _ = std::fs::remove_file(&path);
    Ok(Synced { sent, bundle_bytes, uploaded_bytes: link.uploaded, returned: returned?, retries: link.retries })
}

/// The export in the outbox still waiting for the township's answer: the
/// range it covers and the parts not yet answered.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    to_device: String,
    first_seq: i64,
    last_seq: i64,
    parts: Vec<PendingPart>,
}

#[derive(Debug, Serialize, Deserialize)]
struct PendingPart {
    file_name: String,
    first_seq: i64,
    last_seq: i64,
}

const PENDING: &str = "pending.json";

impl Pending {
    fn save(&self, outbox: &Path) -> Result<()> {
        let json = serde_json::to_vec(self).map_err(|e| Error::Internal { detail: e.to_string() })?;
        export::write_durably(&outbox.join(PENDING), &json)
    }
}

/// The parts to upload: those left by an earlier run when they are still
/// exactly what an export would write now (same township, nothing recorded
/// or acknowledged since), so the upload resumes; otherwise a new export.
fn outgoing(ledger: &mut Ledger, to: Option<&str>, outbox: &Path) -> Result<Option<Pending>> {
    if let Some(pending) = still_pending(ledger, to, outbox)? {
        return Ok(Some(pending));
    }
    clear(outbox);
    match export::export_in_parts(ledger, to, outbox, export::PART_BYTES) {
        Ok(parts) => {
            let (Some(first), Some(last)) = (parts.first(), parts.last()) else { return Ok(None) };
            let pending = Pending {
                to_device: first.to_device.clone(),
                first_seq: first.first_seq,
                last_seq: last.last_seq,
                parts: parts
                    .iter()
                    .map(|p| PendingPart {
                        file_name: p.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                        first_seq: p.first_seq,
                        last_seq: p.last_seq,
                    })
                    .collect(),
            };
            pending.save(outbox)?;
            Ok(Some(pending))
        }
        Err(Error::NothingToExport) => Ok(None),
        Err(e) => Err(e),
    }
}

fn still_pending(ledger: &mut Ledger, to: Option<&str>, outbox: &Path) -> Result<Option<Pending>> {
    let Some(pending) =
        std::fs::read(outbox.join(PENDING)).ok().and_then(|b| serde_json::from_slice::<Pending>(&b).ok())
    else {
        return Ok(None);
    };
    let me = local::me(ledger)?;
    let conn = ledger.store.conn();
    let head = replica::head(conn, &me.device.device_id)?.map_or(0, |h| h.seq);
    let current = peers::get(conn, &pending.to_device)?.is_some_and(|peer| {
        peer.revoked_at.is_none()
            && to.is_none_or(|to| to == peer.device_id || to == peer.name)
            && pending.first_seq == peer.acked_seq + 1
            && pending.last_seq == head
    });
    let files_there = pending.parts.iter().all(|p| outbox.join(&p.file_name).is_file());
    Ok((current && files_there && !pending.parts.is_empty()).then_some(pending))
}

/// Empties the outbox (the township has answered, or the export is stale).
fn clear(outbox: &Path) {
    for entry in std::fs::read_dir(outbox).into_iter().flatten().flatten() {
        let _ = std::fs::remove_file(entry.path());
    }
}

/// The connection to the township, counting retries and bytes sent, and
/// the keys that sign each request.
struct Link<'a> {
    agent: ureq::Agent,
    retry: Retry,
    retries: u32,
    uploaded: u64,
    device_id: String,
    identity: &'a Identity,
}

/// What one request came to.
enum Step {
    /// The township holds this many bytes of the upload.
    Held(u64),
    /// The upload was imported before; a piece at the end fetches the answer.
    Complete,
    /// The township's answer (2xx body).
    Answer(Vec<u8>),
    /// A refusal: not retried.
    Refused(Error),
    /// No answer (no connection, cut, timeout, 5xx): retried.
    Failed(String),
}

impl Link<'_> {
    /// Sends `bundle` in pieces from wherever the township's copy ends, and
    /// returns the township's answer once it has imported the whole.
    fn upload(&mut self, server: &str, bundle: &[u8]) -> Result<Vec<u8>> {
        let id = upload_id(bundle);
        let url = format!("{server}{UPLOADS_PATH}/{id}");
        let length = bundle.len() as u64;
        let signature = auth::sign_upload(self.identity, &id, length);
        let mut waits = Waits::new(self.retry);
        let mut held: Option<u64> = None;
        let mut most = 0;
        loop {
            let step = match held {
                None => self.ask(&url, length, &signature),
                Some(offset) => self.send_piece(&url, bundle, offset, &signature),
            };
            match step {
                Step::Held(n) if n > length => {
                    return Err(Error::Server {
                        status: 200, message: format!("应答的上传位置 {n} 超出数据包长度")
                    });
                }
                Step::Held(n) => {
                    if held.is_none() && n > 0 {
                        say(format_args!("乡镇已收到本数据包 {} / {}，接着上传其余部分……", mib(n), mib(length)));
                    }
                    if n > most {
                        most = n;
                        waits.progressed();
                    }
                    held = Some(n);
                }
                Step::Complete => held = Some(length),
                Step::Answer(body) => return Ok(body),
                Step::Refused(e) => return Err(e),
                Step::Failed(detail) => {
                    waits.wait(&url, detail, &mut self.retries)?;
                    held = None;
                }
            }
        }
    }

    /// How much of the upload the township holds.
    fn ask(&mut self, url: &str, length: u64, signature: &str) -> Step {
        let asked = self
            .agent
            .head(url)
            .header(LENGTH_HEADER, length.to_string())
            .header(DEVICE_HEADER, &self.device_id)
            .header(SIGNATURE_HEADER, signature)
            .call();
        match asked {
            Ok(response) => {
                let status = response.status().as_u16();
                if response.headers().contains_key(COMPLETE_HEADER) {
                    return Step::Complete;
                }
                match (status, offset_of(&response)) {
                    (200, Some(n)) => Step::Held(n),
                    // A HEAD answer has no body to say why; the first
                    // piece, sent next, is refused with the reason.
                    (400..=499, _) => Step::Held(0),
                    _ => Step::Failed(format!("服务器错误 {status}")),
                }
            }
            Err(e) => Step::Failed(network(&e)),
        }
    }

    fn send_piece(&mut self, url: &str, bundle: &[u8], offset: u64, signature: &str) -> Step {
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(bundle.len());
        let piece = &bundle[start..(start + PIECE_BYTES).min(bundle.len())];
        let sent = self
            .agent
            .patch(url)
            .header("content-type", "application/octet-stream")
            .header(OFFSET_HEADER, offset.to_string())
            .header(LENGTH_HEADER, bundle.len().to_string())
            .header(DEVICE_HEADER, &self.device_id)
            .header(SIGNATURE_HEADER, signature)
            .send(piece);
        let mut response = match sent {
            Ok(response) => response,
            Err(e) => return Step::Failed(network(&e)),
        };
        let status = response.status().as_u16();
        if status == 204 || status == 409 {
            if status == 204 {
                self.uploaded += piece.len() as u64;
            }
            return offset_of(&response).map_or_else(|| Step::Failed("应答缺少上传位置".into()), Step::Held);
        }
        match answer(&mut response) {
            Step::Answer(body) => {
                self.uploaded += piece.len() as u64;
                Step::Answer(body)
            }
            other => other,
        }
    }

    /// Fetches this village's return bundle: a fresh challenge, signed,
    /// for each try.
    fn fetch_returns(&mut self, server: &str) -> Result<Vec<u8>> {
        let url = format!("{server}{RETURNS_PATH}/{}", self.device_id);
        let mut waits = Waits::new(self.retry);
        loop {
            let step = match self.challenge(server) {
                Ok(challenge) => {
                    let signature = auth::sign_returns(self.identity, &self.device_id, &challenge);
                    let asked = self
                        .agent
                        .get(&url)
                        .header(CHALLENGE_HEADER, &challenge)
                        .header(SIGNATURE_HEADER, &signature)
                        .call();
                    match asked {
                        Ok(mut response) => answer(&mut response),
                        Err(e) => Step::Failed(network(&e)),
                    }
                }
                Err(step) => step,
            };
            match step {
                Step::Answer(body) => return Ok(body),
                Step::Refused(e) => return Err(e),
                Step::Held(_) | Step::Complete => return Err(Error::Internal { detail: "unexpected answer".into() }),
                Step::Failed(detail) => waits.wait(&url, detail, &mut self.retries)?,
            }
        }
    }

    /// A challenge from the township, or the step that stopped it.
    fn challenge(&mut self, server: &str) -> std::result::Result<String, Step> {
        let mut response =
            self.agent.get(format!("{server}{CHALLENGE_PATH}")).call().map_err(|e| Step::Failed(network(&e)))?;
        match answer(&mut response) {
            // A challenge is short ASCII; anything else is not our server.
            Step::Answer(body) if body.len() < 200 && body.is_ascii() => {
                Ok(String::from_utf8_lossy(&body).into_owned())
            }
            Step::Answer(_) => Err(Step::Refused(Error::Server { status: 200, message: "应答格式不对".into() })),
            other => Err(other),
        }
    }
}

/// 2xx → its body; 4xx → the server's refusal, its message passed on; 5xx or
/// a body cut short → failed (retried).
fn answer(response: &mut ureq::http::Response<ureq::Body>) -> Step {
    let status = response.status().as_u16();
    match response.body_mut().with_config().limit(import::MAX_FILE_BYTES).read_to_vec() {
        Ok(body) if (200..300).contains(&status) => Step::Answer(body),
        Ok(body) if (400..500).contains(&status) => {
            let message = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["message"].as_str().map(str::to_owned))
                .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
            Step::Refused(Error::Server { status, message })
        }
        // A server that is busy or unwell says why (in Chinese); retried.
        Ok(body) => Step::Failed(
            serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["message"].as_str().map(str::to_owned))
                .unwrap_or_else(|| format!("服务器错误 {status}")),
        ),
        Err(e) => Step::Failed(network(&e)),
    }
}

fn offset_of(response: &ureq::http::Response<ureq::Body>) -> Option<u64> {
    response.headers().get(OFFSET_HEADER)?.to_str().ok()?.parse().ok()
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
}

/// What went wrong on the network, in Chinese: ureq's own words are English.
fn network(e: &ureq::Error) -> String {
    match e {
        ureq::Error::StatusCode(status) => format!("服务器错误 {status}"),
        ureq::Error::Io(io) => xinfang_core::os_error::reason(io),
        ureq::Error::Timeout(_) => "等待应答超时".to_owned(),
        ureq::Error::HostNotFound => "找不到这个服务器地址".to_owned(),
        ureq::Error::ConnectionFailed => "连接失败".to_owned(),
        ureq::Error::BadUri(_) => "服务器地址写得不对".to_owned(),
        ureq::Error::BodyExceedsLimit(_) | ureq::Error::LargeResponseHeader(..) => "服务器的应答过大".to_owned(),
        ureq::Error::Protocol(_) | ureq::Error::Http(_) => "服务器的应答不合规范（可能不是乡镇服务器）".to_owned(),
        _ => "网络出错".to_owned(),
    }
}

/// Pauses between failed tries, growing; given up once failures have lasted
/// longer than allowed since the last progress.
struct Waits {
    retry: Retry,
    since: Instant,
    pause: Duration,
}

impl Waits {
    fn new(retry: Retry) -> Waits {
        Waits { retry, since: Instant::now(), pause: retry.first_pause }
    }

    fn progressed(&mut self) {
        self.since = Instant::now();
        self.pause = self.retry.first_pause;
    }

    fn wait(&mut self, url: &str, failure: String, retries: &mut u32) -> Result<()> {
        if self.since.elapsed() + self.pause > self.retry.give_up_after {
            return Err(Error::Unreachable { url: url.to_owned(), detail: failure });
        }
        *retries += 1;
        say(format_args!("连接 {url} 失败（{failure}），{} 秒后重试……", self.pause.as_secs_f32()));
        std::thread::sleep(self.pause);
        self.pause = (self.pause * 2).min(Duration::from_secs(30));
        Ok(())
    }
}
