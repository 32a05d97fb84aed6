//! This device (本机) and its peers: the fingerprint shown for comparing by
//! eye, the enrolment file (设备登记文件) saved for the other side, enrolling
//! a peer once its fingerprint was typed off its screen, and revoking one.

use super::invalid;
use crate::error::{Error, Result};
use crate::local;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;
use xinfang_core::Ledger;
use xinfang_core::store::device::Role;
use xinfang_core::store::peers::Peer;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SyncIdentityArgs {
    /// Where to save this device's enrolment file: a file, or a folder (a USB
    /// stick) to write `名称-设备登记文件.json` into. Nothing is written without it.
    #[serde(default)]
    #[ts(optional)]
    pub save_to: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncIdentity {
    pub device_id: String,
    pub name: String,
    pub role: Role,
    /// The 17-symbol fingerprint as written, e.g. `7K3Q-M2XD-9FTA-R8VN-C`.
    pub fingerprint: String,
    /// The same in groups for reading aloud and comparing by eye.
    pub fingerprint_groups: Vec<String>,
    /// The enrolment file written, when one was asked for.
    pub enrolment_file: Option<String>,
}

pub fn identity(ledger: &mut Ledger, args: SyncIdentityArgs) -> Result<SyncIdentity> {
    let me = local::me(ledger)?;
    let enrolment = me.enrolment()?;
    let fingerprint = enrolment.fingerprint.to_string();
    let enrolment_file = match args.save_to.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(to) => {
            let path = enrolment_path(Path::new(to), &me.device.name);
            let text = enrolment.to_json()?;
            std::fs::write(&path, text).map_err(|source| Error::Io { action: "写入", path: path.clone(), source })?;
            Some(path.display().to_string())
        }
    };
    Ok(SyncIdentity {
        device_id: me.device.device_id,
        name: me.device.name,
        role: me.device.role,
        fingerprint_groups: fingerprint.split('-').map(str::to_owned).collect(),
        fingerprint,
        enrolment_file,
    })
}

/// A folder gets a file named after the device; anything else is the file.
fn enrolment_path(to: &Path, name: &str) -> PathBuf {
    if to.is_dir() {
        let safe: String =
            name.chars().map(|c| if c.is_control() || "\\/:*?\"<>|".contains(c) { '_' } else { c }).collect();
        to.join(format!("{safe}-设备登记文件.json"))
    } else {
        to.to_owned()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SyncEnrol {
    /// The other device's enrolment file.
    pub file: String,
    /// The fingerprint as read off the other device's screen.
    pub fingerprint: String,
    /// Who enrolled it (登记人).
    pub by: String,
}

/// An enrolled device, as the sync page shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EnrolledPeer {
    pub device_id: String,
    pub role: Role,
    pub name: String,
    pub fingerprint: String,
    pub enrolled_at: String,
    pub enrolled_by: String,
    pub revoked_at: Option<String>,
    pub revoke_reason: Option<String>,
    /// How much of this device's own log the peer confirmed holding.
    #[ts(type = "number")]
    pub acked_seq: i64,
}

impl From<Peer> for EnrolledPeer {
    fn from(p: Peer) -> Self {
        EnrolledPeer {
            device_id: p.device_id,
            role: p.role,
            name: p.name,
            fingerprint: p.fingerprint,
            enrolled_at: p.enrolled_at,
            enrolled_by: p.enrolled_by,
            revoked_at: p.revoked_at,
            revoke_reason: p.revoke_reason,
            acked_seq: p.acked_seq,
        }
    }
}

pub fn enrol(ledger: &mut Ledger, args: SyncEnrol) -> Result<EnrolledPeer> {
    let file = args.file.trim();
    if file.is_empty() {
        return Err(invalid("file", "设备登记文件", "请填写对方设备登记文件的位置"));
    }
    if args.fingerprint.trim().is_empty() {
        return Err(invalid("fingerprint", "指纹", "请照着对方屏幕输入 17 位指纹"));
    }
    let bytes = crate::import::read_file(Path::new(file), crate::enrolment::MAX_FILE_BYTES).map_err(|e| {
        let reason = match e {
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                "找不到这个文件，请检查位置是否正确".to_owned()
            }
            _ if Path::new(file).is_dir() => "这是一个文件夹，请选择其中的设备登记文件".to_owned(),
            Error::NotAFile { .. } => "这不是普通文件（可能是设备或管道），请选择对方导出的设备登记文件".to_owned(),
            Error::TooLarge { .. } => "文件太大，不是设备登记文件".to_owned(),
            Error::Io { source, .. } => format!("无法读取（{}）", xinfang_core::os_error::reason(&source)),
            other => other.to_string(),
        };
        invalid("file", "设备登记文件", reason)
    })?;
    Ok(local::enrol(ledger, &bytes, &args.fingerprint, &args.by)?.into())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SyncRevoke {
    pub device_id: String,
    /// Why (e.g. 电脑丢失), kept with the peer.
    pub reason: String,
}

pub fn revoke(ledger: &mut Ledger, args: SyncRevoke) -> Result<EnrolledPeer> {
    Ok(local::revoke(ledger, &args.device_id, &args.reason)?.into())
}
