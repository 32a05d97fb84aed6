//! Sync over HTTP (联网同步): the same bundles as on a USB stick, carried by
//! a small server at the township (`serve`) and a client on the village
//! laptop (`push`). The transport is dumb on purpose: a bundle is signed and
//! encrypted before it leaves, and the server imports it exactly as a file
//! would be imported, so security never depends on the connection, and an
//! upload cut short is simply sent again (importing twice changes nothing).

pub mod client;
pub mod server;

/// Where a village posts its bundles.
pub const BUNDLES_PATH: &str = "/v1/bundles";
/// Where a village fetches its return bundle: `/v1/returns/{device_id}`.
pub const RETURNS_PATH: &str = "/v1/returns";
