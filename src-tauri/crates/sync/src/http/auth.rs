//! Who is asking (请求签名): a village proves it is an enrolled device before
//! the township stores anything it sends or hands it anything. Both proofs are
//! Ed25519 signatures by the key the township pinned at enrolment, so nothing
//! new has to be set up in the field, and neither depends on either clock.
//!
//! - An upload is signed once for its whole bundle: the message names the
//!   upload id (the bundle's hash) and its length. Replaying the signature
//!   can only upload those same bytes again, which the id already makes
//!   harmless.
//! - A return is asked for with a fresh challenge from the township
//!   ([`Challenges`]), signed with the village's device id, so a request
//!   overheard on the network cannot be replayed to make the township export
//!   again.

use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::local;
use ed25519_dalek::Signature;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use xinfang_core::Ledger;
use xinfang_core::store::peers::{self, Peer};

/// The device a request comes from.
pub const DEVICE_HEADER: &str = "xinfang-device";
/// Its signature (hex) over what the request is for.
pub const SIGNATURE_HEADER: &str = "xinfang-signature";
/// The township's challenge a return request answers.
pub const CHALLENGE_HEADER: &str = "xinfang-challenge";

/// Domain separation: a request signature can never be taken for a bundle's
/// or for the other kind of request's.
const UPLOAD_CONTEXT: &str = "xinfang 2026-12 upload request v1\n";
const RETURNS_CONTEXT: &str = "xinfang 2026-12 returns request v1\n";

/// How long a challenge may take to come back signed. Measured on the
/// township's clock alone: a village whose clock is years off still syncs.
pub const CHALLENGE_LIFETIME: Duration = Duration::from_secs(300);

fn upload_message(upload_id: &str, length: u64) -> String {
    format!("{UPLOAD_CONTEXT}{upload_id}\n{length}")
}

fn returns_message(device_id: &str, challenge: &str) -> String {
    format!("{RETURNS_CONTEXT}{device_id}\n{challenge}")
}

/// The village's signature for uploading the bundle with this id and length.
pub fn sign_upload(identity: &Identity, upload_id: &str, length: u64) -> String {
    hex::encode(identity.sign(upload_message(upload_id, length).as_bytes()).to_bytes())
}

/// The village's signature for fetching its returns against `challenge`.
pub fn sign_returns(identity: &Identity, device_id: &str, challenge: &str) -> String {
    hex::encode(identity.sign(returns_message(device_id, challenge).as_bytes()).to_bytes())
}

/// The enrolled, unrevoked device `device_id` if `signature` is its
/// signature for this upload.
pub fn check_upload(ledger: &Ledger, device_id: &str, signature: &str, upload_id: &str, length: u64) -> Result<Peer> {
    check(ledger, device_id, signature, &upload_message(upload_id, length))
}

/// The enrolled, unrevoked device `device_id` if `signature` is its
/// signature over `challenge` (whose freshness the caller checks).
pub fn check_returns(ledger: &Ledger, device_id: &str, signature: &str, challenge: &str) -> Result<Peer> {
    check(ledger, device_id, signature, &returns_message(device_id, challenge))
}

fn check(ledger: &Ledger, device_id: &str, signature: &str, message: &str) -> Result<Peer> {
    let mut bytes = [0u8; 64];
    if signature.len() != 128 || hex::decode_to_slice(signature, &mut bytes).is_err() {
        return Err(Error::Unauthenticated { reason: "签名格式不对" });
    }
    let peer = peers::get(ledger.store.conn(), device_id)?
        .ok_or_else(|| Error::UnknownDevice { device_id: device_id.to_owned() })?;
    if peer.revoked_at.is_some() {
        return Err(Error::Revoked { device_id: peer.device_id, name: peer.name });
    }
    let key = local::keys_of(&peer).verifying_key()?;
    key.verify_strict(message.as_bytes(), &Signature::from_bytes(&bytes))
        .map_err(|_| Error::Unauthenticated { reason: "签名不对" })?;
    Ok(peer)
}

/// Challenges handed out for return requests. A challenge is the time it was
/// made, random bytes and a keyed BLAKE3 tag over both, so the township keeps
/// nothing for a challenge until it comes back signed; only those (at most one
/// per real request, for [`CHALLENGE_LIFETIME`]) are remembered, to refuse
/// them a second time.
pub struct Challenges {
    key: [u8; 32],
    used: Mutex<HashMap<String, u64>>,
}

impl Challenges {
    pub fn new() -> Result<Challenges> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|_| Error::Random)?;
        Ok(Challenges { key, used: Mutex::new(HashMap::new()) })
    }

    /// A new challenge.
    pub fn issue(&self) -> Result<String> {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).map_err(|_| Error::Random)?;
        let body = format!("{}.{}", now_secs(), hex::encode(nonce));
        Ok(format!("{body}.{}", self.tag(&body)))
    }

    /// Checks `challenge` is one of ours, fresh and not used before. Call it
    /// only once the request's signature has verified, so that nothing an
    /// anonymous request sends is remembered.
    pub fn redeem(&self, challenge: &str) -> Result<()> {
        let expired = Error::Unauthenticated { reason: "同步校验码已过期或已用过，请再同步一次" };
        let Some((body, tag)) = challenge.rsplit_once('.') else { return Err(expired) };
        let made = body.split_once('.').and_then(|(secs, _)| secs.parse::<u64>().ok());
        // Compared as keyed hashes, in constant time (blake3::Hash's `==`).
        let genuine = blake3::Hash::from_hex(tag).is_ok_and(|t| t == self.tag_hash(body));
        let now = now_secs();
        let Some(made) = made
            .filter(|made| genuine && *made <= now + 5 && now.saturating_sub(*made) <= CHALLENGE_LIFETIME.as_secs())
        else {
            return Err(expired);
        };
        let mut used = self.used.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        used.retain(|_, at| now.saturating_sub(*at) <= CHALLENGE_LIFETIME.as_secs() + 5);
        if used.insert(challenge.to_owned(), made).is_some() {
            return Err(expired);
        }
        Ok(())
    }

    fn tag_hash(&self, body: &str) -> blake3::Hash {
        blake3::keyed_hash(&self.key, body.as_bytes())
    }

    fn tag(&self, body: &str) -> String {
        self.tag_hash(body).to_hex().to_string()
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_is_good_once_and_only_if_it_is_ours() {
        let ours = Challenges::new().unwrap();
        let theirs = Challenges::new().unwrap();
        let c = ours.issue().unwrap();
        assert!(theirs.redeem(&c).is_err(), "another server's challenge");
        ours.redeem(&c).unwrap();
        assert!(ours.redeem(&c).is_err(), "used twice");
        let mut forged = ours.issue().unwrap();
        forged.replace_range(0..1, "9");
        assert!(ours.redeem(&forged).is_err(), "time changed");
        for junk in ["", ".", "..", "1.2.3", "x.y.z", &"f".repeat(300)] {
            assert!(ours.redeem(junk).is_err(), "{junk}");
        }
        // Only redeemed challenges are remembered.
        assert_eq!(ours.used.lock().unwrap().len(), 1);
    }

    #[test]
    fn an_old_challenge_is_refused() {
        let ours = Challenges::new().unwrap();
        let body = format!("{}.{}", now_secs() - CHALLENGE_LIFETIME.as_secs() - 1, "00".repeat(16));
        let old = format!("{body}.{}", ours.tag(&body));
        assert!(ours.redeem(&old).is_err());
        let body = format!("{}.{}", now_secs() - 10, "00".repeat(16));
        ours.redeem(&format!("{body}.{}", ours.tag(&body))).unwrap();
    }
}
