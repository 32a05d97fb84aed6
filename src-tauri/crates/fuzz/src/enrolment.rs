//! An enrolment file (设备登记文件, plaintext JSON handed over on a USB stick), and a typed
//! fingerprint.

use xinfang_sync::enrolment::{ENROLMENT_FORMAT, ENROLMENT_VERSION, Enrolment};
use xinfang_sync::identity::Fingerprint;

/// The bytes to `Enrolment::read` and, as text, to `Fingerprint::parse`. Neither may panic;
/// whatever they accept must be self-consistent and round-trip; a refusal is Chinese.
pub fn enrolment_read(data: &[u8]) {
    match Enrolment::read(data) {
        Ok(enrolment) => {
            assert_eq!(enrolment.format, ENROLMENT_FORMAT);
            assert_eq!(enrolment.version, ENROLMENT_VERSION);
            enrolment.keys.validate().expect("accepted invalid keys");
            assert_eq!(enrolment.fingerprint, enrolment.keys.fingerprint(), "accepted a wrong fingerprint");
            let json = enrolment.to_json().expect("to_json");
            assert_eq!(Enrolment::read(json.as_bytes()).expect("own output refused"), enrolment);
        }
        Err(error) => crate::text::assert_chinese(&error.to_string()),
    }
    if let Ok(text) = std::str::from_utf8(data) {
        match Fingerprint::parse(text) {
            Ok(fingerprint) => {
                let canonical = fingerprint.to_string();
                assert_eq!(Fingerprint::parse(&canonical).expect("canonical form refused"), fingerprint);
                assert_eq!(canonical.len(), 21);
            }
            Err(error) => crate::text::assert_chinese(&error.to_string()),
        }
    }
}
