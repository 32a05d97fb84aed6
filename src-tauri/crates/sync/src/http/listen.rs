//! The township server's doors: how many connections it keeps open, from
//! whom, and for how long. The server is reachable by anyone on the
//! township's network, so no one address may take the places every village
//! needs, an idle or slow connection is closed (at once when the places are
//! all taken), and running out of file handles pauses accepting instead of
//! ending the server.

use axum::Router;
use hyper::service::{Service, service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;

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
        let inner = TowerToHyperService::new(app.clone());
        let busy = pass.busy.clone();
        let service = service_fn(move |request| {
            let working = Working::start(&busy);
            let answer = inner.call(request);
            async move {
                let _working = working;
                answer.await
            }
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            tokio::select! {
                _ = tokio::time::timeout(limits.connection_lifetime, connection) => {}
                () = pass.close.notified() => {}
            }
            drop(pass);
        });
    }
}

/// The connections open: whence, since when, and whether each is working
/// on a request (an idle one may be closed to let another in).
#[derive(Clone)]
struct Gate {
    limits: Limits,
    open: Arc<Mutex<Doors>>,
}

#[derive(Default)]
struct Doors {
    next: u64,
    open: HashMap<u64, Door>,
}

struct Door {
    from: IpAddr,
    busy: Arc<AtomicUsize>,
    close: Arc<Notify>,
}

/// One open connection's place; given back when the connection ends.
struct Pass {
    gate: Gate,
    id: u64,
    busy: Arc<AtomicUsize>,
    close: Arc<Notify>,
}

/// A request being answered on a connection.
struct Working(Arc<AtomicUsize>);

impl Working {
    fn start(busy: &Arc<AtomicUsize>) -> Working {
        busy.fetch_add(1, Ordering::SeqCst);
        Working(busy.clone())
    }
}

impl Drop for Working {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Gate {
    fn new(limits: Limits) -> Gate {
        Gate { limits, open: Arc::default() }
    }

    /// A place for a connection from `from`: none when that address holds
    /// its share, or when every place is taken by a connection at work.
    /// When all are taken but some sit idle (never sent a whole request, or
    /// wait between requests), the longest-open idle one is closed: a crowd
    /// of silent connections, from however many addresses, cannot keep a
    /// village out.
    fn enter(&self, from: IpAddr) -> Option<Pass> {
        let mut doors = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if doors.open.values().filter(|d| d.from == from).count() >= self.limits.per_address {
            return None;
        }
        if doors.open.len() >= self.limits.max_connections {
            // Ids grow with time: the smallest idle one is the oldest.
            let idle =
                doors.open.iter().filter(|(_, d)| d.busy.load(Ordering::SeqCst) == 0).map(|(id, _)| *id).min()?;
            if let Some(door) = doors.open.remove(&idle) {
                door.close.notify_one();
            }
        }
        let id = doors.next;
        doors.next += 1;
        let (busy, close) = (Arc::new(AtomicUsize::new(0)), Arc::new(Notify::new()));
        doors.open.insert(id, Door { from, busy: busy.clone(), close: close.clone() });
        Some(Pass { gate: self.clone(), id, busy, close })
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        let mut doors = self.gate.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        doors.open.remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(gate: &Gate, from: IpAddr) -> usize {
        gate.open.lock().unwrap().open.values().filter(|d| d.from == from).count()
    }

    #[test]
    fn places_are_shared_out_by_address_and_given_back() {
        let gate = Gate::new(Limits { max_connections: 5, per_address: 3, ..Limits::default() });
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let held: Vec<_> = (0..3).map(|_| gate.enter(a).unwrap()).collect();
        assert!(gate.enter(a).is_none(), "a fourth from one address");
        let b1 = gate.enter(b).unwrap();
        drop(b1);
        assert_eq!(count(&gate, b), 0);
        drop(held);
        assert_eq!(count(&gate, a), 0);
    }

    #[test]
    fn when_full_the_oldest_idle_connection_makes_way_and_working_ones_stay() {
        let gate = Gate::new(Limits { max_connections: 3, per_address: 3, ..Limits::default() });
        let (a, b, c): (IpAddr, IpAddr, IpAddr) =
            ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap(), "10.0.0.3".parse().unwrap());
        let first = gate.enter(a).unwrap();
        let second = gate.enter(a).unwrap();
        let third = gate.enter(b).unwrap();
        let _working = Working::start(&first.busy);
        // Full: the oldest idle one (the second) is told to close.
        let fourth = gate.enter(c).unwrap();
        assert_eq!(count(&gate, a), 1);
        let told = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
            tokio::time::timeout(Duration::from_millis(100), second.close.notified()).await.is_ok()
        });
        assert!(told, "the idle connection was not told to close");
        drop(second);
        // With the rest at work too, no place can be freed.
        let _working_third = Working::start(&third.busy);
        let _working_fourth = Working::start(&fourth.busy);
        assert!(gate.enter(c).is_none(), "every place at work");
    }
}
