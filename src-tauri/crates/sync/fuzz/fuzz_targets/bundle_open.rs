//! The whole bundle file, as read from a USB stick, given to `bundle::open` by the fixed
//! recipient with the fixed sender pinned. Must never panic, and must accept only a bundle the
//! sender really signed for the recipient (checked independently by `assert_genuine`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinfang_sync::bundle;
use xinfang_sync_fuzz::{assert_genuine, pinned, recipient};

fuzz_target!(|data: &[u8]| {
    match bundle::open(data, recipient(), pinned) {
        Ok(opened) => assert_genuine(data, &opened),
        // The clerk's message is built from the error: it must not panic either.
        Err(error) => drop(error.to_string()),
    }
});
