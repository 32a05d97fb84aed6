//! One push-and-pull with the township's server (`xinfang serve`), as the
//! desktop app does it: the ledger is held while this runs, so a server that
//! is not there is found out within seconds (a quick connection probe, then
//! at most two tries) and reported as unreachable, never waited for.

use super::bundles::ImportedBundle;
use super::invalid;
use crate::error::{Error, Result};
use crate::http::client::{self, Retry};
use serde::{Deserialize, Serialize};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;
use ts_rs::TS;
use xinfang_core::Ledger;
use xinfang_core::store::device::Role;

/// How long the probe waits for the server to accept a connection.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
/// Two tries at most, the second a second after the first failed; a server
/// that accepts but then stalls holds the ledger no more than 20 s a request.
const APP_RETRY: Retry = Retry {
    give_up_after: Duration::from_secs(2),
    first_pause: Duration::from_secs(1),
    request_timeout: Duration::from_secs(20),
};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SyncOverHttp {
    /// The township server, e.g. `http://192.168.1.10:8740` (`http://` may be left out).
    pub server: String,
    /// The township device to sync with (its id or name), when this village
    /// is enrolled with more than one.
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

/// What the township said of the bundle sent.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SentBundle {
    #[ts(type = "number")]
    pub first_seq: i64,
    #[ts(type = "number")]
    pub last_seq: i64,
    /// Entries new to the township.
    #[ts(type = "number")]
    pub new_entries: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncedOverHttp {
    /// The server address used (normalised).
    pub server: String,
    /// What was sent (none if the township had everything already).
    pub sent: Option<SentBundle>,
    /// The return bundle (回执) received and imported.
    pub returned: ImportedBundle,
    /// Connection attempts that failed and were tried again.
    #[ts(type = "number")]
    pub retries: u32,
}

pub fn over_http(ledger: &mut Ledger, args: SyncOverHttp) -> Result<SyncedOverHttp> {
    let server = normalise(&args.server)?;
    let me = crate::local::me(ledger)?;
    if me.device.role == Role::Township {
        return Err(xinfang_core::Error::refused(
            "乡镇设备不主动联网同步：请在乡镇电脑上运行“xinfang serve”，由各村连接过来同步。",
        )
        .into());
    }
    probe(&server)?;
    let to = args.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let done = client::sync(ledger, &server, to, APP_RETRY)?;
    let sent =
        done.sent.map(|s| SentBundle { first_seq: s.first_seq, last_seq: s.last_seq, new_entries: s.new_entries });
    Ok(SyncedOverHttp { server, sent, returned: done.returned.into(), retries: done.retries })
}

/// `192.168.1.10:8740` → `http://192.168.1.10:8740`; no trailing slash.
/// Only plain HTTP: the bundles are end-to-end encrypted and signed, and the
/// client carries no TLS.
fn normalise(server: &str) -> Result<String> {
    let s = server.trim();
    if s.is_empty() {
        return Err(invalid("server", "乡镇服务器地址", "请填写，例如 http://192.168.1.10:8740"));
    }
    if s.to_ascii_lowercase().starts_with("https://") {
        return Err(invalid("server", "乡镇服务器地址", "请用 http:// 开头（数据包本身已加密并签名，不依赖 https）"));
    }
    let rest = if s.to_ascii_lowercase().starts_with("http://") { &s[7..] } else { s };
    let rest = rest.trim_end_matches('/');
    let host = host_port(&format!("http://{rest}"));
    if host.is_empty() || rest.contains("://") || host.starts_with(':') || host.contains(char::is_whitespace) {
        return Err(invalid("server", "乡镇服务器地址", "格式不对，例如 http://192.168.1.10:8740"));
    }
    Ok(format!("http://{rest}"))
}

/// `http://host:port/path` → `host:port` (port 80 when none is given).
fn host_port(url: &str) -> String {
    let rest = url.trim_start_matches("http://");
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() || authority.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    }
}

/// Can a connection be made at all, within a few seconds?
fn probe(server: &str) -> Result<()> {
    let unreachable = |detail: String| Error::Unreachable { url: server.to_owned(), detail };
    let addrs: Vec<_> =
        host_port(server).to_socket_addrs().map_err(|e| unreachable(format!("地址无法解析：{e}")))?.collect();
    let mut last = String::from("地址无法解析");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, PROBE_TIMEOUT) {
            Ok(_) => return Ok(()),
            Err(e) => last = e.to_string(),
        }
    }
    Err(unreachable(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_and_bad_ones_marked() {
        assert_eq!(normalise(" 192.168.1.10:8740/ ").unwrap(), "http://192.168.1.10:8740");
        assert_eq!(normalise("http://xiang.local").unwrap(), "http://xiang.local");
        assert_eq!(host_port("http://xiang.local"), "xiang.local:80");
        assert_eq!(host_port("http://10.0.0.1:8740/x"), "10.0.0.1:8740");
        assert_eq!(normalise("HTTP://10.0.0.1:8740").unwrap(), "http://10.0.0.1:8740");
        for bad in ["", "  ", "https://10.0.0.1", "http://", "http:///x", "ftp://x", "10.0.0.1 8740"] {
            let e = normalise(bad).unwrap_err();
            assert_eq!(e.field(), Some("server"), "{bad}");
        }
    }
}
