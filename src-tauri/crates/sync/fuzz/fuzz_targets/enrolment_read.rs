//! An enrolment file (plaintext JSON handed over on a USB stick) given to `Enrolment::read`, and
//! the same bytes as a typed fingerprint to `Fingerprint::parse`. Neither may panic; whatever
//! they accept must be self-consistent and round-trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinfang_sync::enrolment::{ENROLMENT_FORMAT, ENROLMENT_VERSION, Enrolment};
use xinfang_sync::identity::Fingerprint;

fuzz_target!(|data: &[u8]| {
    match Enrolment::read(data) {
        Ok(enrolment) => {
            assert_eq!(enrolment.format, ENROLMENT_FORMAT);
            assert_eq!(enrolment.version, ENROLMENT_VERSION);
            enrolment.keys.validate().expect("accepted invalid keys");
            assert_eq!(enrolment.fingerprint, enrolment.keys.fingerprint(), "accepted a wrong fingerprint");
            let json = enrolment.to_json().expect("to_json");
            assert_eq!(Enrolment::read(json.as_bytes()).expect("own output refused"), enrolment);
        }
        Err(error) => drop(error.to_string()),
    }

    if let Ok(text) = std::str::from_utf8(data) {
        match Fingerprint::parse(text) {
            Ok(fingerprint) => {
                let canonical = fingerprint.to_string();
                assert_eq!(Fingerprint::parse(&canonical).expect("canonical form refused"), fingerprint);
                assert_eq!(canonical.len(), 21);
            }
            Err(error) => drop(error.to_string()),
        }
    }
});
