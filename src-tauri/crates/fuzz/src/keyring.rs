//! The keyring (钥匙文件) beside a ledger: a file anyone could have swapped or damaged.

use xinfang_core::store::keyring::{self, Keyring};

/// The bytes as the keyring beside a ledger, loaded as sign-in loads it. Never a panic; a
/// refusal is Chinese; a keyring that loads lists its names and their accounts. (Unlocking is
/// left out: it is scrypt by design, far too slow to fuzz.)
pub fn keyring_read(data: &[u8]) {
    let ledger = crate::scratch().join("keyring-ledger.sqlite3");
    std::fs::write(keyring::path_beside(&ledger), data).expect("write the keyring");
    match Keyring::load(&ledger) {
        Ok(Some(keyring)) => {
            for name in keyring.names() {
                assert!(keyring.account_id(&name).is_some(), "a listed name without an account: {name}");
            }
        }
        Ok(None) => panic!("a keyring that is there read as none"),
        Err(error) => crate::text::assert_chinese(&error.to_string()),
    }
}
