//! The keys to an encrypted ledger (钥匙圈). The ledger file is encrypted by
//! SQLCipher with one random 256-bit key ([`LedgerKey`]). That key never
//! sits on disk in the clear: the keyring file beside the ledger
//! (`ledger.sqlite3.keys`) holds one copy per person who may open it, each
//! encrypted with age's passphrase mode (scrypt, memory-hard, then
//! ChaCha20-Poly1305) under that person's own passphrase.
//!
//! So each person signs in with their own passphrase, a new person is added
//! without anyone else's, and changing a passphrase re-wraps one copy and
//! touches none of the ledger's pages. The keyring says only who may try
//! (names); what each person may do is in the encrypted ledger itself.

use crate::error::{Error, Result};
use crate::files::ReadError;
use age::secrecy::SecretString;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// scrypt's cost, N = 2^17 with age's r = 8: 128 MiB and about half a
/// second to try one passphrase, on the oldest laptops too. Fixed rather
/// than tuned to this computer, so a keyring copied with a backup opens on
/// a slower one.
const WORK_FACTOR: u8 = 17;
/// The most a keyring may ask of this computer (2^20: 1 GiB), so a forged
/// keyring cannot make the sign-in run for hours.
const MAX_WORK_FACTOR: u8 = 20;
/// The shortest passphrase accepted. A copied file is attacked offline, at
/// half a second per guess per core: six digits would fall in days.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
const MAX_PASSPHRASE_CHARS: usize = 128;
const FORMAT: u32 = 1;
/// The largest keyring file read: a slot is under 1 KB, so this is
/// thousands of people; anything larger is not a keyring.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// The key the ledger file is encrypted with.
#[derive(Clone)]
pub struct LedgerKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for LedgerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LedgerKey(…)")
    }
}

impl LedgerKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Result<LedgerKey> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut())
            .map_err(|e| Error::refused(format!("无法取得系统随机数，不能生成台账密钥：{e}")))?;
        Ok(LedgerKey(key))
    }

    /// The SQLCipher raw-key literal, `x'…'`: used as it is, no key
    /// derivation on every open (the passphrase was already stretched).
    pub(crate) fn literal(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        for b in self.0.iter() {
            s.push_str(&format!("{b:02x}"));
        }
        s.push('\'');
        s
    }

    /// Gives SQLCipher the key; the first statement on a new connection.
    pub(crate) fn apply(&self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        let sql = Zeroizing::new(format!("PRAGMA key = \"{}\";", self.literal().as_str()));
        conn.execute_batch(&sql)
    }
}

/// One person's copy of the ledger key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Slot {
    /// The account's id in the ledger's `accounts` table.
    account_id: String,
    name: String,
    /// The ledger key, age-encrypted under this person's passphrase (base64).
    wrapped: String,
}

/// Everyone who may open one ledger file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyring {
    format: u32,
    slots: Vec<Slot>,
}

/// Where the keyring of the ledger at `ledger` lives: beside it.
pub fn path_beside(ledger: &Path) -> PathBuf {
    let mut p = ledger.as_os_str().to_owned();
    p.push(".keys");
    PathBuf::from(p)
}

/// Checks a passphrase a person chose.
pub fn check_new_passphrase(passphrase: &str) -> Result<()> {
    let n = passphrase.chars().count();
    if n < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "passphrase",
            "口令",
            format!("至少 {MIN_PASSPHRASE_CHARS} 个字符（现在 {n} 个）：丢失的电脑上的台账全靠口令保护"),
        ));
    }
    if n > MAX_PASSPHRASE_CHARS {
        return Err(Error::invalid("passphrase", "口令", format!("最多 {MAX_PASSPHRASE_CHARS} 个字符")));
    }
    if passphrase.trim() != passphrase {
        return Err(Error::invalid("passphrase", "口令", "开头和结尾不能是空格"));
    }
    Ok(())
}

impl Keyring {
    pub fn new() -> Keyring {
        Keyring { format: FORMAT, slots: Vec::new() }
    }

    /// The keyring beside the ledger at `ledger`, if there is one.
    pub fn load(ledger: &Path) -> Result<Option<Keyring>> {
        let path = path_beside(ledger);
        let bytes = match crate::files::read_limited(&path, MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(ReadError::Io(source)) => {
                return Err(Error::File {
                    field: "keys",
                    path,
                    action: "读取",
                    source: crate::files::in_chinese(source),
                });
            }
            Err(ReadError::NotAFile) => {
                return Err(Error::refused(format!(
                    "钥匙文件 {} 不是普通文件：请从备份中取回同名的 .keys 文件放回台账旁边。",
                    path.display()
                )));
            }
            Err(ReadError::TooLarge) => return Err(damaged_file(&path)),
        };
        let keyring: Keyring = serde_json::from_slice(&bytes).map_err(|_| damaged_file(&path))?;
        if keyring.format != FORMAT {
            return Err(Error::refused(format!(
                "钥匙文件 {} 由更新版本的软件写成（格式 {}）：请先升级软件。",
                path.display(),
                keyring.format
            )));
        }
        Ok(Some(keyring))
    }

    /// Writes the keyring beside the ledger at `ledger`, whole or not at all.
    pub fn save(&self, ledger: &Path) -> Result<()> {
        let path = path_beside(ledger);
        let text = serde_json::to_string_pretty(self)?;
        crate::files::write_whole(&path, text.as_bytes()).map_err(|source| Error::File {
            field: "keys",
            path,
            action: "写入",
            source: crate::files::in_chinese(source),
        })
    }

    /// The names of everyone who may sign in, in the order they were added.
    pub fn names(&self) -> Vec<String> {
        self.slots.iter().map(|s| s.name.clone()).collect()
    }

    pub fn account_id(&self, name: &str) -> Option<&str> {
        self.slots.iter().find(|s| s.name == name).map(|s| s.account_id.as_str())
    }

    /// Adds `name`'s copy of `key`, encrypted under `passphrase`.
    pub fn add(&mut self, account_id: &str, name: &str, passphrase: &str, key: &LedgerKey) -> Result<()> {
        check_new_passphrase(passphrase)?;
        if self.slots.iter().any(|s| s.name == name) {
            return Err(Error::invalid("name", "姓名", format!("“{name}”已有账号，请换一个（可加上职务区分）")));
        }
        let wrapped = wrap(passphrase, key)?;
        self.slots.push(Slot { account_id: account_id.to_owned(), name: name.to_owned(), wrapped });
        Ok(())
    }

    /// The ledger key, if `passphrase` is `name`'s.
    pub fn unlock(&self, name: &str, passphrase: &str) -> Result<LedgerKey> {
        let slot = self.slot(name)?;
        let bytes = BASE64.decode(&slot.wrapped).map_err(|_| damaged_slot(name))?;
        let mut identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
        identity.set_max_work_factor(MAX_WORK_FACTOR);
        let plain = Zeroizing::new(age::decrypt(&identity, &bytes).map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => wrong_passphrase(),
            _ => damaged_slot(name),
        })?);
        let key: [u8; 32] = plain.as_slice().try_into().map_err(|_| damaged_slot(name))?;
        Ok(LedgerKey(Zeroizing::new(key)))
    }

    /// Re-wraps `name`'s copy under a new passphrase; the ledger itself is
    /// untouched, so nothing in it can be lost.
    pub fn change_passphrase(&mut self, name: &str, old: &str, new: &str) -> Result<()> {
        check_new_passphrase(new)?;
        let key = self.unlock(name, old)?;
        let wrapped = wrap(new, &key)?;
        let slot = self.slots.iter_mut().find(|s| s.name == name).ok_or_else(|| no_account(name))?;
        slot.wrapped = wrapped;
        Ok(())
    }

    /// Takes `name`'s copy away: that passphrase opens the ledger no more.
    pub fn remove(&mut self, name: &str) -> Result<()> {
        self.slot(name)?;
        if self.slots.len() == 1 {
            return Err(Error::refused("这是唯一能打开台账的账号，不能删除：请先为接替的人建账号。"));
        }
        self.slots.retain(|s| s.name != name);
        Ok(())
    }

    fn slot(&self, name: &str) -> Result<&Slot> {
        self.slots.iter().find(|s| s.name == name).ok_or_else(|| no_account(name))
    }
}

impl Default for Keyring {
    fn default() -> Self {
        Keyring::new()
    }
}

fn wrap(passphrase: &str, key: &LedgerKey) -> Result<String> {
    let mut recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
    recipient.set_work_factor(WORK_FACTOR);
    let wrapped =
        age::encrypt(&recipient, key.0.as_slice()).map_err(|e| Error::refused(format!("无法加密台账密钥：{e}")))?;
    Ok(BASE64.encode(wrapped))
}

fn damaged_file(path: &Path) -> Error {
    Error::refused(format!("钥匙文件 {} 已损坏：请从备份中取回同名的 .keys 文件放回台账旁边。", path.display()))
}

fn wrong_passphrase() -> Error {
    Error::invalid("passphrase", "口令", "不对，请重新输入（注意大小写和输入法）")
}

fn no_account(name: &str) -> Error {
    Error::invalid("name", "账号", format!("本台账没有“{name}”的账号"))
}

fn damaged_slot(name: &str) -> Error {
    Error::refused(format!("钥匙文件中“{name}”的钥匙已损坏：请用其他账号登录，或从备份中取回 .keys 文件。"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_person_unlocks_the_same_key_with_their_own_passphrase() {
        let key = LedgerKey::generate().unwrap();
        let mut ring = Keyring::new();
        ring.add("a1", "王芳", "村里的口令2026", &key).unwrap();
        ring.add("a2", "李明", "另一个人的口令ab", &key).unwrap();
        assert_eq!(ring.unlock("王芳", "村里的口令2026").unwrap().literal(), key.literal());
        assert_eq!(ring.unlock("李明", "另一个人的口令ab").unwrap().literal(), key.literal());
        let e = ring.unlock("王芳", "另一个人的口令ab").unwrap_err();
        assert_eq!(e.field(), Some("passphrase"));
        assert_eq!(ring.unlock("张三", "村里的口令2026").unwrap_err().field(), Some("name"));
    }

    #[test]
    fn a_changed_passphrase_opens_and_the_old_one_no_longer_does() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("l.sqlite3");
        let key = LedgerKey::generate().unwrap();
        let mut ring = Keyring::new();
        ring.add("a1", "王芳", "第一个口令abc", &key).unwrap();
        ring.save(&ledger).unwrap();
        let mut ring = Keyring::load(&ledger).unwrap().unwrap();
        assert_eq!(
            ring.change_passphrase("王芳", "错的口令abcd", "第二个口令xyz").unwrap_err().field(),
            Some("passphrase")
        );
        ring.change_passphrase("王芳", "第一个口令abc", "第二个口令xyz").unwrap();
        ring.save(&ledger).unwrap();
        let ring = Keyring::load(&ledger).unwrap().unwrap();
        assert!(ring.unlock("王芳", "第一个口令abc").is_err());
        assert_eq!(ring.unlock("王芳", "第二个口令xyz").unwrap().literal(), key.literal());
        let text = std::fs::read_to_string(path_beside(&ledger)).unwrap();
        assert!(!text.contains(&key.literal()[2..66]), "the key is never in the file in the clear");
    }

    #[test]
    fn short_names_taken_twice_and_the_last_account_are_refused() {
        let key = LedgerKey::generate().unwrap();
        let mut ring = Keyring::new();
        assert_eq!(ring.add("a1", "王芳", "1234567", &key).unwrap_err().field(), Some("passphrase"));
        ring.add("a1", "王芳", "12345678", &key).unwrap();
        assert_eq!(ring.add("a2", "王芳", "87654321", &key).unwrap_err().field(), Some("name"));
        assert_eq!(ring.remove("王芳").unwrap_err().kind(), "refused");
    }

    #[test]
    fn a_damaged_keyring_file_is_refused_with_the_way_out() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("l.sqlite3");
        std::fs::write(path_beside(&ledger), "{not json").unwrap();
        let e = Keyring::load(&ledger).unwrap_err();
        assert!(e.to_string().contains("备份"), "{e}");
        assert!(Keyring::load(&dir.path().join("other.sqlite3")).unwrap().is_none());
        std::fs::write(path_beside(&ledger), vec![b' '; MAX_FILE_BYTES as usize + 1]).unwrap();
        assert!(Keyring::load(&ledger).unwrap_err().to_string().contains("已损坏"));
    }

    #[cfg(unix)]
    #[test]
    fn a_keyring_that_is_a_fifo_or_a_device_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("l.sqlite3");
        assert!(std::process::Command::new("mkfifo").arg(path_beside(&ledger)).status().unwrap().success());
        let e = Keyring::load(&ledger).unwrap_err();
        assert!(e.to_string().contains("不是普通文件"), "{e}");
        let other = dir.path().join("m.sqlite3");
        std::os::unix::fs::symlink("/dev/zero", path_beside(&other)).unwrap();
        assert!(Keyring::load(&other).unwrap_err().to_string().contains("不是普通文件"));
    }
}
