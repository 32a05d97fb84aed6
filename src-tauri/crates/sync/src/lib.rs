//! The cryptographic layer of sync (同步): pure functions over bytes, no database.
//!
//! - Every device has an [`identity::Identity`]: an Ed25519 key that **signs** the bundles it
//!   writes, and an age X25519 key that **decrypts** the bundles written to it. Its public halves
//!   ([`identity::PublicKeys`]) are pinned by its peers at enrolment
//!   ([`enrolment::Enrolment`], the 设备登记文件), after two clerks compared the short,
//!   typo-checked [`identity::Fingerprint`] (指纹) on both screens.
//! - A bundle (数据包, [`bundle`]) is written by one device for exactly one other: its header
//!   names both devices and both key fingerprints, the sender's change-log range and hash-chain
//!   ends, and the length and BLAKE3 hash of the content. The sender signs the header; through the
//!   content hash the signature commits to the content as well. Header, signature and compressed
//!   content are then encrypted to the recipient, so only the recipient can read anything, and
//!   a lost USB stick leaks nothing.
//! - Opening refuses, each with its own [`error::Error`] (a message in Chinese for the clerk):
//!   a bundle for another device, a damaged or truncated file, a newer format, an unknown or
//!   revoked sender, a bad signature, a decompression bomb, or content not matching its hash.
//!
//! Over the ledger (the only modules that know `xinfang-core`):
//! - [`local`]: this device's keys, made once and kept in the ledger; enrolling and revoking peers;
//! - [`export`]: the change log the recipient lacks, sealed into a bundle file written durably;
//! - [`attachments`]: the attachment content a `changes` bundle carries after its entries (format 2),
//!   each chunk checked against its hash on arrival;
//! - [`import`]: a bundle opened against the pinned keys, its entries checked against the signed
//!   header, then applied in one transaction by the core (which refuses gaps and forked histories);
//! - [`http`]: the same bundles over HTTP: `serve` at the township, `sync` on the village laptop;
//! - [`returns`]: the township's return bundle (回执) to a village: numbered, expiring, carrying the
//!   acknowledgement the village's next export starts from.
//!
//! [`commands`] puts all of this behind typed commands for the desktop app and `xinfang call`,
//! and passes every other command name on to the core's `dispatch`.

pub mod attachments;
pub mod bundle;
pub mod commands;
pub mod enrolment;
pub mod error;
pub mod export;
pub mod http;
pub mod identity;
pub mod import;
pub mod local;
pub mod returns;

pub use error::{Error, Result};
