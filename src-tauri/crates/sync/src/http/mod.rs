//! Sync over HTTP (联网同步): the same bundles as on a USB stick, carried by
//! a small server at the township (`serve`) and a client on the village
//! laptop (`sync`). The transport is dumb on purpose: a bundle is signed and
//! encrypted before it leaves, and the server imports it exactly as a file
//! would be imported, so security never depends on the connection.
//!
//! A bundle goes up in pieces ([`uploads`]), so a connection cut in the
//! middle of a large one (a month of photos over a weak village line) costs
//! only the piece in flight: the village asks how much arrived and sends the
//! rest, in the same run or the next.

pub mod auth;
pub mod client;
pub mod listen;
pub mod server;
pub mod uploads;

/// Where a village uploads a bundle: `/v1/uploads/{upload_id}`, the id being
/// the BLAKE3 hash of the whole bundle file. `HEAD` asks how much arrived;
/// `PATCH` appends a piece.
pub const UPLOADS_PATH: &str = "/v1/uploads";
/// Where a village fetches its return bundle: `/v1/returns/{device_id}`,
/// signing a challenge fetched just before from [`CHALLENGE_PATH`].
pub const RETURNS_PATH: &str = "/v1/returns";
/// Where a village asks for a fresh challenge to sign.
pub const CHALLENGE_PATH: &str = "/v1/challenge";
/// Where a piece starts (request), or how many bytes the township holds (answer).
pub const OFFSET_HEADER: &str = "upload-offset";
/// The size of the whole bundle being uploaded.
pub const LENGTH_HEADER: &str = "upload-length";
/// Set on a `HEAD` answer when the upload was imported already; a `PATCH` at
/// the end then fetches the township's answer.
pub const COMPLETE_HEADER: &str = "upload-complete";
/// The largest piece sent in one request: little to send again when a weak
/// line drops, few enough requests on a good one.
pub const PIECE_BYTES: usize = 1 << 20;

/// A progress or refusal line on standard error. A closed or full stderr
/// (a service started without a console) loses the line instead of
/// panicking, as `eprintln!` would, inside a request.
pub(crate) fn say(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
