//! Past the encryption and the signature: the input is `header_len: u16 LE || header JSON ||
//! compressed content`; the target signs the header with the sender's key, lays the bundle out,
//! encrypts it to the recipient and opens it. This reaches what `bundle_open` can hardly reach
//! (every mutation of a sealed file dies at decryption): the header parser and checks, the
//! addressing checks, the bounded zstd decompression and the content hash. Uses only the public
//! API of `xinfang-sync` (the layout is re-implemented in the fuzz crate).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinfang_sync::bundle;
use xinfang_sync_fuzz::{assert_genuine_plaintext, pinned, plaintext, recipient, recipient_age_recipient};

fuzz_target!(|data: &[u8]| {
    let Some((len, rest)) = data.split_first_chunk::<2>() else { return };
    let header_len = usize::from(u16::from_le_bytes(*len)).min(rest.len());
    let (header_json, compressed) = rest.split_at(header_len);
    let plain = plaintext(header_json, compressed);
    let file = age::encrypt(recipient_age_recipient(), &plain).expect("encrypt");
    match bundle::open(&file, recipient(), pinned) {
        Ok(opened) => assert_genuine_plaintext(&plain, &opened),
        Err(error) => drop(error.to_string()),
    }
});
