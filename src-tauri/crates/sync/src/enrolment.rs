//! The enrolment file (设备登记文件): what a village device hands to its township to be enrolled,
//! and what the township hands back for the village to pin. It carries only public keys; what makes
//! it trustworthy is the clerks comparing the fingerprint on both screens, so reading one checks
//! that the fingerprint written in it is really the one of its keys.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::identity::{Fingerprint, PublicKeys};

/// The `format` field of every enrolment file.
pub const ENROLMENT_FORMAT: &str = "xinfang-enrolment";
/// The newest enrolment layout this software writes and reads.
pub const ENROLMENT_VERSION: u64 = 1;
/// Longest device id or name accepted: room for any UUID or village name, not for a novel.
const MAX_FIELD_CHARS: usize = 100;

/// The largest file read as an enrolment file: a real one is under 1 KiB.
pub const MAX_FILE_BYTES: u64 = 64 << 10;

/// What a device is in the sync topology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A village's device (村).
    Village,
    /// The township office's device (乡镇).
    Township,
}

impl Role {
    /// The spelling used in files and in the database (`village` / `township`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Village => "village",
            Role::Township => "township",
        }
    }
}

/// One device's enrolment: who it is and its public keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// Always [`ENROLMENT_FORMAT`].
    pub format: String,
    /// Always [`ENROLMENT_VERSION`] when written by this software.
    pub version: u64,
    pub device_id: String,
    pub role: Role,
    /// The device's display name, e.g. 石岩哨村 or 路居镇.
    pub name: String,
    pub keys: PublicKeys,
    /// The fingerprint of `keys`, written out so a person can compare it with the other screen.
    pub fingerprint: Fingerprint,
}

/// Just enough of the file to say whether it is an enrolment file at all, and of which version,
/// before insisting on the full layout.
#[derive(Deserialize)]
struct Probe {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// The full layout with the fingerprint as typed text, so a wrong one is reported as a mismatch
/// and not as a generic format error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    format: String,
    version: u64,
    device_id: String,
    role: Role,
    name: String,
    keys: PublicKeys,
    fingerprint: String,
}

impl Enrolment {
    /// An enrolment of this device, to write out with [`Enrolment::to_json`].
    pub fn new(device_id: &str, role: Role, name: &str, keys: PublicKeys) -> Result<Self> {
        check_text("device_id", device_id)?;
        check_text("name", name)?;
        keys.validate()?;
        Ok(Self {
            format: ENROLMENT_FORMAT.to_owned(),
            version: ENROLMENT_VERSION,
            device_id: device_id.to_owned(),
            role,
            name: name.to_owned(),
            fingerprint: keys.fingerprint(),
            keys,
        })
    }

    /// The file's contents: pretty JSON, readable in a text editor.
    pub fn to_json(&self) -> Result<String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| Error::Internal { detail: e.to_string() })?;
        text.push('\n');
        Ok(text)
    }

    /// Reads and checks an enrolment file: its format and version, its keys, and that its
    /// fingerprint is the one of its keys.
    pub fn read(bytes: &[u8]) -> Result<Self> {
        let format_error = |detail: &str| Error::EnrolmentFormat { detail: detail.to_owned() };
        // Notepad on Windows may save with a byte-order mark.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|_| format_error("不是文本文件"))?;
        let probe: Probe = serde_json::from_str(text).map_err(|_| format_error("不是 JSON 格式"))?;
        if probe.format.as_ref().and_then(|f| f.as_str()) != Some(ENROLMENT_FORMAT) {
            return Err(format_error("缺少登记文件标记"));
        }
        match probe.version.as_ref().and_then(serde_json::Value::as_u64) {
            Some(ENROLMENT_VERSION) => {}
            Some(version) if version > ENROLMENT_VERSION => return Err(Error::EnrolmentNewerVersion { version }),
            _ => return Err(format_error("版本号不对")),
        }
        let raw: Raw = serde_json::from_str(text).map_err(|e| Error::EnrolmentFormat { detail: field_problem(&e) })?;
        check_text("device_id", &raw.device_id)?;
        check_text("name", &raw.name)?;
        raw.keys.validate()?;
        let fingerprint = Fingerprint::parse(&raw.fingerprint).map_err(|_| Error::EnrolmentFingerprint)?;
        if fingerprint != raw.keys.fingerprint() {
            return Err(Error::EnrolmentFingerprint);
        }
        Ok(Self {
            format: raw.format,
            version: raw.version,
            device_id: raw.device_id,
            role: raw.role,
            name: raw.name,
            keys: raw.keys,
            fingerprint,
        })
    }
}

/// A short Chinese description of what serde found wrong (its own text is English).
fn field_problem(error: &serde_json::Error) -> String {
    let message = error.to_string();
    for field in ["device_id", "role", "name", "keys", "signing_key", "age_recipient", "fingerprint"] {
        if message.contains(&format!("`{field}`")) {
            return format!("字段 {field} 缺失或不对");
        }
    }
    if message.contains("unknown field") {
        return "含有不认识的字段".to_owned();
    }
    "字段不全或类型不对".to_owned()
}

fn check_text(field: &str, value: &str) -> Result<()> {
    let problem = if value.trim().is_empty() {
        Some("为空")
    } else if value.trim() != value {
        Some("首尾有空格")
    } else if value.chars().count() > MAX_FIELD_CHARS {
        Some("太长")
    } else if value.chars().any(char::is_control) {
        Some("含有控制字符")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::EnrolmentFormat { detail: format!("字段 {field} {problem}") }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Identity;

    fn sample() -> Enrolment {
        let keys = Identity::generate().expect("generate").public();
        Enrolment::new("0192b6a4-7c1e-7d2a-9f00-3c5e8a1b2c3d", Role::Village, "石岩哨村", keys).expect("new")
    }

    fn edited(enrolment: &Enrolment, edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
        let mut value: serde_json::Value = serde_json::from_str(&enrolment.to_json().expect("json")).expect("json");
        edit(&mut value);
        serde_json::to_vec_pretty(&value).expect("json")
    }

    #[test]
    fn written_file_reads_back() {
        let enrolment = sample();
        let json = enrolment.to_json().expect("json");
        assert!(json.contains("\"format\": \"xinfang-enrolment\""), "{json}");
        assert!(json.contains("\"role\": \"village\""), "{json}");
        assert!(json.contains("石岩哨村"), "{json}");
        assert_eq!(Enrolment::read(json.as_bytes()).expect("read"), enrolment);
    }

    #[test]
    fn byte_order_mark_and_typed_fingerprint_spelling_are_accepted() {
        let enrolment = sample();
        let lower = enrolment.fingerprint.to_string().to_lowercase().replace('-', " ");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(edited(&enrolment, |v| v["fingerprint"] = lower.into()));
        assert_eq!(Enrolment::read(&bytes).expect("read"), enrolment);
    }

    #[test]
    fn fingerprint_of_other_keys_is_its_own_error() {
        let enrolment = sample();
        let other = Identity::generate().expect("generate").fingerprint().to_string();
        let bytes = edited(&enrolment, |v| v["fingerprint"] = other.into());
        assert!(matches!(Enrolment::read(&bytes), Err(Error::EnrolmentFingerprint)));
        // Keys swapped for someone else's while the fingerprint stays: the same refusal.
        let keys = serde_json::to_value(Identity::generate().expect("generate").public()).expect("json");
        let bytes = edited(&enrolment, |v| v["keys"] = keys);
        assert!(matches!(Enrolment::read(&bytes), Err(Error::EnrolmentFingerprint)));
        let bytes = edited(&enrolment, |v| v["fingerprint"] = "not a fingerprint".into());
        assert!(matches!(Enrolment::read(&bytes), Err(Error::EnrolmentFingerprint)));
    }

    #[test]
    fn wrong_format_or_version_is_refused() {
        let enrolment = sample();
        let newer = edited(&enrolment, |v| v["version"] = 2.into());
        assert!(matches!(Enrolment::read(&newer), Err(Error::EnrolmentNewerVersion { version: 2 })));
        let message = Enrolment::read(&newer).unwrap_err().to_string();
        assert!(message.contains("请先升级软件"), "{message}");
        for bytes in [
            b"".to_vec(),
            b"\xff\xfe".to_vec(),
            b"[1, 2]".to_vec(),
            edited(&enrolment, |v| v["format"] = "xinfang-bundle".into()),
            edited(&enrolment, |v| v["version"] = 0.into()),
            edited(&enrolment, |v| v["version"] = "1".into()),
            edited(&enrolment, |v| v["role"] = "county".into()),
            edited(&enrolment, |v| v["name"] = "".into()),
            edited(&enrolment, |v| v["name"] = " 石岩哨村".into()),
            edited(&enrolment, |v| v["device_id"] = "a\u{0}b".into()),
            edited(&enrolment, |v| v["extra"] = true.into()),
            edited(&enrolment, |v| {
                v.as_object_mut().expect("object").remove("device_id");
            }),
        ] {
            assert!(
                matches!(Enrolment::read(&bytes), Err(Error::EnrolmentFormat { .. })),
                "{:?}: {:?}",
                String::from_utf8_lossy(&bytes),
                Enrolment::read(&bytes)
            );
        }
    }

    #[test]
    fn malformed_keys_are_refused() {
        let enrolment = sample();
        let bytes = edited(&enrolment, |v| v["keys"]["signing_key"] = "00".into());
        assert!(matches!(Enrolment::read(&bytes), Err(Error::BadPublicKey { .. })));
        let bytes = edited(&enrolment, |v| v["keys"]["age_recipient"] = "age1xyz".into());
        assert!(matches!(Enrolment::read(&bytes), Err(Error::BadPublicKey { .. })));
    }

    #[test]
    fn new_refuses_bad_fields() {
        let keys = Identity::generate().expect("generate").public();
        assert!(matches!(
            Enrolment::new("", Role::Township, "路居镇", keys.clone()),
            Err(Error::EnrolmentFormat { .. })
        ));
        assert!(matches!(Enrolment::new("d1", Role::Township, "", keys), Err(Error::EnrolmentFormat { .. })));
        assert_eq!(Role::Township.as_str(), "township");
    }
}
