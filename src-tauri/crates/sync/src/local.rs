//! This device in sync (本机): its keys, made once and kept in the ledger;
//! its enrolment file; and the peers it trusts, enrolled after the clerk
//! compared fingerprints and revoked when a laptop is lost.

use crate::enrolment::{Enrolment, Role};
use crate::error::{Error, Result};
use crate::identity::{ExposeSecret, Fingerprint, Identity, PublicKeys};
use xinfang_core::Ledger;
use xinfang_core::store::device::{self, Device};
use xinfang_core::store::peers::{self, Peer};
use xinfang_core::store::settings;

/// This device: who it is in the ledger and its keys.
pub struct Me {
    pub device: Device,
    pub identity: Identity,
}

impl Me {
    pub fn role(&self) -> Role {
        role_of(self.device.role)
    }

    /// The enrolment file this device hands to its peer.
    pub fn enrolment(&self) -> Result<Enrolment> {
        Enrolment::new(&self.device.device_id, self.role(), &self.device.name, self.identity.public())
    }
}

/// This device, its keys made and stored on first use.
pub fn me(ledger: &mut Ledger) -> Result<Me> {
    let device = device::load(ledger.store.conn())?.ok_or(xinfang_core::Error::NotInitialised)?;
    if let Some(secret) = device::secret(ledger.store.conn())? {
        return Ok(Me { device, identity: Identity::from_secret_text(&secret)? });
    }
    let identity = Identity::generate()?;
    let secret = identity.to_secret_text();
    let clock = ledger.clock;
    ledger.store.write(clock, |w| device::store_secret(w.tx(), secret.expose_secret(), &w.now_text()))?;
    Ok(Me { device, identity })
}

/// Enrols the device described by an enrolment file, once the clerk has
/// typed the fingerprint shown on that device's screen: a typo is caught by
/// the check symbol, a different device by the comparison.
pub fn enrol(ledger: &mut Ledger, file: &[u8], typed_fingerprint: &str, by: &str) -> Result<Peer> {
    let me = me(ledger)?;
    let other = Enrolment::read(file)?;
    let typed = Fingerprint::parse(typed_fingerprint)?;
    if typed != other.fingerprint {
        return Err(Error::FingerprintMismatch { typed: typed.to_string(), file: other.fingerprint.to_string() });
    }
    if other.device_id == me.device.device_id {
        return Err(Error::EnrolSelf);
    }
    if other.role == me.role() {
        return Err(Error::SameRole { name: other.name.clone() });
    }
    if by.trim().is_empty() {
        return Err(xinfang_core::Error::invalid("by", "登记人", "不能为空").into());
    }
    let peer = Peer {
        device_id: other.device_id,
        role: core_role(other.role),
        name: other.name,
        signing_key: other.keys.signing_key,
        age_recipient: other.keys.age_recipient,
        fingerprint: other.fingerprint.to_string(),
        enrolled_at: String::new(),
        enrolled_by: by.trim().to_owned(),
        revoked_at: None,
        revoke_reason: None,
        acked_seq: 0,
        returns_sent: 0,
        returns_received: 0,
    };
    let clock = ledger.clock;
    Ok(ledger.store.write(clock, |w| {
        let enrolled = peers::enrol(w.tx(), &Peer { enrolled_at: w.now_text(), ..peer })?;
        // A village works to its township's time limits and categories from
        // its first return bundle on.
        if enrolled.role == device::Role::Village {
            settings::send_to_village(w, &enrolled.device_id, &enrolled.enrolled_by)?;
        }
        Ok(enrolled)
    })?)
}

/// Revokes an enrolled device: its bundles from now on are refused.
pub fn revoke(ledger: &mut Ledger, device_id: &str, reason: &str) -> Result<Peer> {
    if reason.trim().is_empty() {
        return Err(xinfang_core::Error::invalid("reason", "注销原因", "不能为空（如：电脑丢失）").into());
    }
    let clock = ledger.clock;
    Ok(ledger.store.write(clock, |w| peers::revoke(w.tx(), device_id, &w.now_text(), reason.trim()))?)
}

/// The keys pinned for a peer.
pub fn keys_of(peer: &Peer) -> PublicKeys {
    PublicKeys { signing_key: peer.signing_key.clone(), age_recipient: peer.age_recipient.clone() }
}

fn role_of(role: device::Role) -> Role {
    match role {
        device::Role::Village => Role::Village,
        device::Role::Township => Role::Township,
    }
}

fn core_role(role: Role) -> device::Role {
    match role {
        Role::Village => device::Role::Village,
        Role::Township => device::Role::Township,
    }
}

/// A folder of this ledger's sync files in flight (`outbox`: bundles not yet
/// acknowledged; `spool`: uploads arriving), beside the ledger file so they
/// outlive a restart: an upload cut off resumes in the next run. A ledger in
/// memory (tests) gets one under the temporary folder.
pub fn work_dir(ledger: &Ledger, name: &str) -> Result<std::path::PathBuf> {
    let base = match ledger.store.conn().path().filter(|p| !p.is_empty()) {
        Some(path) => std::path::PathBuf::from(format!("{path}-sync")),
        None => std::env::temp_dir().join(format!("xinfang-sync-{}", std::process::id())),
    };
    let dir = base.join(name);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io { action: "建立", path: dir.clone(), source })?;
    Ok(dir)
}
