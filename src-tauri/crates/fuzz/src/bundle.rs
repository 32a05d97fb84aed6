//! A bundle file (数据包) as read from a USB stick, and past its encryption and signature.

use crate::fixtures::{
    assert_genuine, assert_genuine_plaintext, pinned, plaintext, recipient, recipient_age_recipient,
};
use xinfang_sync::bundle;

/// The whole file, given to `bundle::open` by the fixed recipient with the fixed sender pinned:
/// never a panic, and `Ok` only for a bundle the sender really signed for the recipient (checked
/// independently by `assert_genuine`).
pub fn bundle_open(data: &[u8]) {
    match bundle::open(data, recipient(), pinned) {
        Ok(opened) => assert_genuine(data, &opened),
        // The clerk's message is built from the error: it must not panic either.
        Err(error) => drop(error.to_string()),
    }
}

/// `header_len: u16 LE ‖ header JSON ‖ compressed content`: the target signs the header with the
/// sender's key, lays the bundle out, encrypts it to the recipient and opens it. This reaches
/// what `bundle_open` hardly can (every mutation of a sealed file dies at decryption): the header
/// parser and checks, addressing, bounded decompression and the content hash.
pub fn bundle_signed(data: &[u8]) {
    let Some((len, rest)) = data.split_first_chunk::<2>() else { return };
    let header_len = usize::from(u16::from_le_bytes(*len)).min(rest.len());
    let (header_json, compressed) = rest.split_at(header_len);
    let plain = plaintext(header_json, compressed);
    let file = age::encrypt(recipient_age_recipient(), &plain).expect("encrypt");
    match bundle::open(&file, recipient(), pinned) {
        Ok(opened) => assert_genuine_plaintext(&plain, &opened),
        Err(error) => drop(error.to_string()),
    }
}
