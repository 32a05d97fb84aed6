//! The township server's doors: how many connections it keeps open, from
//! whom, and for how long. The server is reachable by anyone on the
//! township's network, so no one address may take the places every village
//! needs, an idle or slow connection is closed, and running out of file
//! handles pauses accepting instead of ending the server.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// What one server allows. The defaults suit a township: a few hundred
/// villages, each syncing over one connection at a time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once, over all addresses. Below the common limit
    /// of 1,024 open files, leaving room for the ledger and the spool.
    pub max_connections: usize,
    /// Connections open at once from one address (a village behind a shared
    /// router syncs over a few; one machine cannot take them all).
    pub per_address: usize,
    /// Time to send a request's headers, and the longest a kept-alive
    /// connection may sit idle between requests.
    pub header_timeout: Duration,
    /// Time to send a request's body: a 1 MiB piece over a weak village line
    /// (64 kbit/s) takes about two minutes.
    pub body_timeout: Duration,
    /// The longest any connection is kept, whatever it does.
    pub connection_lifetime: Duration,
    /// Bytes the uploads in flight may take on the township's disk together.
    pub spool_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            per_address: 32,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(180),
            connection_lifetime: Duration::from_secs(15 * 60),
            spool_bytes: 2 << 30,
        }
    }
}

/// Accepts connections on `listener` and serves `app` on each, within `limits`.
pub async fn accept(listener: TcpListener, app: Router, limits: Limits) {
    let gate = Gate::new(limits);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).max_buf_size(64 * 1024);
    loop {
        let (stream, from) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file handles (EMFILE) or a connection reset before it
            // was taken: wait a moment for handles to free up, and go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Some(pass) = gate.enter(from.ip()) else {
            // Full: closed at once, so the client retries instead of waiting.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        tokio::spawn(async move {
            let _pass = pass;
            let _ = tokio::time::timeout(limits.connection_lifetime, connection).await;
        });
    }
}

/// Counts the connections open, in all and per address.
#[derive(Clone)]
struct Gate {
    limits: Limits,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One open connection's place; given back when the connection ends.
struct Pass {
    gate: Gate,
    from: IpAddr,
}

impl Gate {
    fn new(limits: Limits) -> Gate {
        Gate { limits, open: Arc::default() }
    }

    fn enter(&self, from: IpAddr) -> Option<Pass> {
        let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let total: usize = open.values().sum();
        let mine = open.get(&from).copied().unwrap_or(0);
        if total >= self.limits.max_connections || mine >= self.limits.per_address {
            return None;
        }
        open.insert(from, mine + 1);
        Some(Pass { gate: self.clone(), from })
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        let mut open = self.gate.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = open.get_mut(&self.from) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.from);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_shared_out_by_address_and_given_back() {
        let gate = Gate::new(Limits { max_connections: 5, per_address: 3, ..Limits::default() });
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let held: Vec<_> = (0..3).map(|_| gate.enter(a).unwrap()).collect();
        assert!(gate.enter(a).is_none(), "a fourth from one address");
        let b1 = gate.enter(b).unwrap();
        let _b2 = gate.enter(b).unwrap();
        assert!(gate.enter("10.0.0.3".parse().unwrap()).is_none(), "all five taken");
        drop(b1);
        assert!(gate.enter(b).is_some());
        drop(held);
        assert_eq!(gate.open.lock().unwrap().get(&a), None);
    }
}
