//! The bundle (数据包) wire format: what one device writes to a file for exactly one other device.
//!
//! ```text
//! age( X25519 recipient = the receiving device )[
//!     b"XINFANG1"                     magic
//!     header_len: u32 little-endian   at most MAX_HEADER_LEN
//!     header: JSON (header_len bytes) signed exactly as written
//!     signature: 64 bytes             Ed25519 over SIGNATURE_CONTEXT || header
//!     zstd frame                      the content, compressed (level 3)
//! ]
//! ```
//!
//! The signature covers the header's exact bytes, and the header commits to the content by its
//! BLAKE3 hash and length, so one signature binds both without signing the compressed bytes.
//! Opening checks, in this order, each refusal with its own error: decryption (only the recipient
//! can read anything, including the header), magic and layout, format version, the sender's pinned
//! keys (looked up by the caller), the signature, the header's fields, that the header names this
//! device as the recipient, then decompression under a hard size limit and the content hash.

use std::io::Read;

use chrono::DateTime;
use ed25519_dalek::Signature;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::identity::{Fingerprint, Identity, PublicKeys};

/// The newest bundle format this software writes and reads. Version 5 may carry cases marked
/// as reports against officials (检举、揭发) and the log of each look at them (software that
/// does not know the mark would show such a case to everyone, so it must refuse the bundle),
/// and the township's settings for its villages (which older software cannot apply). Laid out
/// as version 4.
/// Each bundle is written in the oldest version that can hold it, so older software keeps
/// reading all it can, and tells its clerk to upgrade on a newer one ([`Error::NewerFormat`]).
pub const FORMAT_VERSION: u16 = 5;
/// Version 4 lets change-log entries name the account that made them (bound into each entry's
/// hash), which older software would refuse as altered; its content is always laid out as in
/// version 2 ([`crate::attachments`]), with or without files.
pub const FORMAT_V4: u16 = 4;
/// Version 3 lets a `return` bundle carry attachment content after its JSON, laid out as in
/// version 2.
pub const FORMAT_V3: u16 = 3;
/// Version 2 lets a `changes` bundle carry attachment content after its entries; a `return`
/// bundle is its JSON only (as written before version 3).
pub const FORMAT_V2: u16 = 2;
/// The first format: a `changes` bundle's content is the JSON array of its entries.
pub const FORMAT_V1: u16 = 1;
/// First bytes of every decrypted bundle.
pub const MAGIC: [u8; 8] = *b"XINFANG1";
/// The largest content a bundle may carry, uncompressed. A whole village's year fits many times
/// over; anything larger is refused before it is decompressed into memory.
pub const MAX_CONTENT_LEN: u64 = 256 << 20;
/// The largest header accepted: a header is a few hundred bytes.
pub const MAX_HEADER_LEN: usize = 64 << 10;
/// Signed before the header bytes, so a bundle signature can never be taken for a signature over
/// anything else this key signs (domain separation).
const SIGNATURE_CONTEXT: &[u8] = b"xinfang bundle v1\0";
const SIGNATURE_LEN: usize = 64;
const ZSTD_LEVEL: i32 = 3;
/// Level 3 uses at most a 2 MiB window; refusing frames that ask for more than 16 MiB caps the
/// decoder's memory whatever the frame says.
const ZSTD_WINDOW_LOG_MAX: u32 = 24;
/// Every age file starts with this line; anything else is not a bundle at all.
const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// The bundle's header: signed by the sender, readable only by the recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// [`FORMAT_VERSION`]; a newer one is refused with [`Error::NewerFormat`].
    pub format_version: u16,
    /// UUIDv7, lowercase hyphenated: the key that makes importing twice a no-op.
    pub bundle_id: String,
    /// What the content is, e.g. `changes`.
    pub kind: String,
    pub from_device: String,
    pub to_device: String,
    /// Fingerprint of the sender's keys. Filled by [`seal`].
    pub from_key: Fingerprint,
    /// Fingerprint of the recipient's keys. Filled by [`seal`].
    pub to_key: Fingerprint,
    /// The sender's change-log range carried, inclusive (empty when `last_seq = first_seq - 1`).
    pub first_seq: i64,
    pub last_seq: i64,
    /// Hash (hex) of the log entry before `first_seq`, and of `last_seq`'s entry: ties the bundle
    /// into the sender's hash chain.
    pub prev_hash: String,
    pub head_hash: String,
    pub entry_count: u64,
    /// Length of the uncompressed content. Filled by [`seal`].
    pub content_len: u64,
    /// BLAKE3 (hex) of the uncompressed content. Filled by [`seal`].
    pub content_hash: String,
    /// RFC 3339 with offset.
    pub created_at: String,
    /// RFC 3339 with offset. Set on return bundles by earlier versions; never checked now: a
    /// receiving laptop's clock may be years off (a dead CMOS battery), so no bundle is refused
    /// by it. A return's freshness is its number (`ReturnContent::return_seq`).
    pub expires_at: Option<String>,
}

impl Header {
    /// Checks the fields are well formed (not whether the sequence range fits the receiver's log:
    /// that is the importer's job).
    pub fn validate(&self) -> Result<()> {
        let bad = |detail: &str| Err(Error::BadHeader { detail: detail.to_owned() });
        if self.format_version > FORMAT_VERSION {
            return Err(Error::NewerFormat { version: self.format_version, supported: FORMAT_VERSION });
        }
        if self.format_version < FORMAT_V1 {
            return bad("格式版本不对");
        }
        // One spelling per id: the id is a primary key, and a second spelling of the same id
        // would let a replayed bundle pass as new.
        match uuid::Uuid::try_parse(&self.bundle_id) {
            Ok(id) if id.get_version_num() == 7 && id.hyphenated().to_string() == self.bundle_id => {}
            _ => return bad("数据包编号不对"),
        }
        let kind_ok = (1..=32).contains(&self.kind.len())
            && self.kind.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !kind_ok {
            return bad("数据包类型不对");
        }
        if !device_id_ok(&self.from_device) {
            return bad("发件设备编号不对");
        }
        if !device_id_ok(&self.to_device) {
            return bad("收件设备编号不对");
        }
        if self.first_seq < 1 || self.last_seq < self.first_seq - 1 {
            return bad("序号范围不对");
        }
        if ![&self.prev_hash, &self.head_hash, &self.content_hash].into_iter().all(|h| is_hash_hex(h)) {
            return bad("摘要格式不对");
        }
        if self.content_len > MAX_CONTENT_LEN {
            return Err(too_large());
        }
        let Ok(created_at) = DateTime::parse_from_rfc3339(&self.created_at) else {
            return bad("生成时间格式不对");
        };
        if let Some(expires_at) = &self.expires_at {
            match DateTime::parse_from_rfc3339(expires_at) {
                Ok(expires_at) if expires_at > created_at => {}
                _ => return bad("有效期格式不对"),
            }
        }
        Ok(())
    }
}

fn device_id_ok(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= 100 && id.trim() == id && !id.chars().any(char::is_control)
}

fn is_hash_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn too_large() -> Error {
    Error::TooLarge { limit_mib: MAX_CONTENT_LEN >> 20 }
}

fn internal(error: impl std::fmt::Display) -> Error {
    Error::Internal { detail: error.to_string() }
}

/// A bundle that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub header: Header,
    pub content: Vec<u8>,
}

/// Writes a bundle of `content` from `signer` to the device with the keys `to`.
///
/// Fills in `from_key`, `to_key`, `content_len` and `content_hash` (whatever the caller put
/// there is replaced), checks the header, compresses, signs and encrypts.
pub fn seal(mut header: Header, content: &[u8], signer: &Identity, to: &PublicKeys) -> Result<Vec<u8>> {
    to.validate()?;
    let content_len = u64::try_from(content.len()).map_err(|_| too_large())?;
    if content_len > MAX_CONTENT_LEN {
        return Err(too_large());
    }
    header.from_key = signer.fingerprint();
    header.to_key = to.fingerprint();
    header.content_len = content_len;
    header.content_hash = blake3::hash(content).to_hex().to_string();
    header.validate()?;
    let compressed = zstd::bulk::compress(content, ZSTD_LEVEL).map_err(internal)?;
    assemble(&header, &compressed, signer, to)
}

/// Lays out, signs and encrypts, trusting its inputs; tests use it to build bundles that `seal`
/// would refuse to write.
fn assemble(header: &Header, compressed: &[u8], signer: &Identity, to: &PublicKeys) -> Result<Vec<u8>> {
    let header_json = serde_json::to_vec(header).map_err(internal)?;
    if header_json.len() > MAX_HEADER_LEN {
        return Err(Error::BadHeader { detail: "头部太长".to_owned() });
    }
    let header_len = u32::try_from(header_json.len()).map_err(internal)?;
    let signature = signer.sign(&signed_message(&header_json));

    let mut plain = Vec::with_capacity(MAGIC.len() + 4 + header_json.len() + SIGNATURE_LEN + compressed.len());
    plain.extend_from_slice(&MAGIC);
    plain.extend_from_slice(&header_len.to_le_bytes());
    plain.extend_from_slice(&header_json);
    plain.extend_from_slice(&signature.to_bytes());
    plain.extend_from_slice(compressed);
    age::encrypt(&to.recipient()?, &plain).map_err(internal)
}

fn signed_message(header_json: &[u8]) -> Vec<u8> {
    [SIGNATURE_CONTEXT, header_json].concat()
}

/// Opens a bundle written to `me`.
///
/// `sender_keys` maps the (not yet verified) header to the sender's pinned keys; it refuses an
/// unknown or revoked sender with its own error (e.g. [`Error::UnknownDevice`],
/// [`Error::Revoked`]), which is returned as is. Nothing is decompressed before the signature
/// has been verified under those keys.
pub fn open(bytes: &[u8], me: &Identity, sender_keys: impl FnOnce(&Header) -> Result<PublicKeys>) -> Result<Opened> {
    let plain = decrypt(bytes, me)?;
    let parts = Parts::split(&plain)?;
    let header = parse_header(parts.header_json)?;

    let keys = sender_keys(&header)?;
    let verifying_key = keys.verifying_key()?;
    let signature = Signature::from_bytes(parts.signature);
    // Strict: refuses the malleable and small-order cases plain `verify` lets through.
    verifying_key.verify_strict(&signed_message(parts.header_json), &signature).map_err(|_| Error::BadSignature)?;

    header.validate()?;
    if header.from_key != keys.fingerprint() {
        return Err(Error::SenderKeyMismatch { device_id: header.from_device });
    }
    // Signed for another device and re-encrypted to this one (forwarded): not ours to import.
    if header.to_key != me.fingerprint() {
        return Err(Error::AddressedToOther { to_device: header.to_device });
    }

    let content = decompress(parts.compressed, header.content_len)?;
    let expected = blake3::Hash::from_hex(&header.content_hash).map_err(|_| Error::ContentMismatch)?;
    if blake3::hash(&content) != expected {
        return Err(Error::ContentMismatch);
    }
    Ok(Opened { header, content })
}

fn decrypt(bytes: &[u8], me: &Identity) -> Result<Vec<u8>> {
    if !bytes.starts_with(AGE_MAGIC) {
        // Also a file cut off within its first few bytes; either way nothing to decrypt.
        return Err(if AGE_MAGIC.starts_with(bytes) && !bytes.is_empty() {
            Error::Truncated
        } else {
            Error::NotABundle
        });
    }
    age::decrypt(me.age_identity(), bytes).map_err(|error| match error {
        age::DecryptError::NoMatchingKeys => Error::NotForMe,
        age::DecryptError::UnknownFormat => Error::NotABundle,
        age::DecryptError::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Error::Truncated,
        _ => Error::Corrupt,
    })
}

/// The decrypted bundle cut into its parts (borrowed).
struct Parts<'a> {
    header_json: &'a [u8],
    signature: &'a [u8; SIGNATURE_LEN],
    compressed: &'a [u8],
}

impl<'a> Parts<'a> {
    fn split(plain: &'a [u8]) -> Result<Self> {
        // Anyone can encrypt to a public key, so the decrypted bytes are still untrusted.
        let Some(rest) = plain.strip_prefix(&MAGIC) else { return Err(Error::NotABundle) };
        let (len_bytes, rest) = rest.split_first_chunk::<4>().ok_or(Error::Corrupt)?;
        let header_len = usize::try_from(u32::from_le_bytes(*len_bytes)).map_err(|_| Error::Corrupt)?;
        if header_len > MAX_HEADER_LEN {
            return Err(Error::BadHeader { detail: "头部太长".to_owned() });
        }
        let (header_json, rest) = rest.split_at_checked(header_len).ok_or(Error::Corrupt)?;
        let (signature, compressed) = rest.split_first_chunk::<SIGNATURE_LEN>().ok_or(Error::Corrupt)?;
        Ok(Self { header_json, signature, compressed })
    }
}

fn parse_header(json: &[u8]) -> Result<Header> {
    // Read the version alone first: a newer header may have fields this version does not know,
    // and the clerk should be told to upgrade, not that the bundle is broken.
    #[derive(Deserialize)]
    struct Version {
        format_version: u16,
    }
    let bad = |detail: &str| Error::BadHeader { detail: detail.to_owned() };
    let version: Version = serde_json::from_slice(json).map_err(|_| bad("无法读取格式版本"))?;
    if version.format_version > FORMAT_VERSION {
        return Err(Error::NewerFormat { version: version.format_version, supported: FORMAT_VERSION });
    }
    serde_json::from_slice(json).map_err(|_| bad("字段不全或格式不对"))
}

/// Decompresses at most `content_len` bytes (itself at most [`MAX_CONTENT_LEN`]), streaming, so a
/// frame that expands further (a decompression bomb) is refused having produced one byte more.
fn decompress(compressed: &[u8], content_len: u64) -> Result<Vec<u8>> {
    if content_len > MAX_CONTENT_LEN {
        return Err(too_large());
    }
    let mut decoder = zstd::stream::read::Decoder::with_buffer(compressed).map_err(internal)?.single_frame();
    decoder.window_log_max(ZSTD_WINDOW_LOG_MAX).map_err(internal)?;
    // Grow as data arrives rather than trusting the claimed length for one big allocation.
    let mut content = Vec::with_capacity(usize::try_from(content_len.min(1 << 20)).unwrap_or(0));
    decoder.by_ref().take(content_len + 1).read_to_end(&mut content).map_err(|_| Error::Corrupt)?;
    let produced = u64::try_from(content.len()).map_err(|_| too_large())?;
    if produced > content_len {
        return Err(too_large());
    }
    if produced < content_len {
        return Err(Error::ContentMismatch);
    }
    // Bytes after the frame were not written by `seal`.
    if !decoder.finish().is_empty() {
        return Err(Error::Corrupt);
    }
    Ok(content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const VILLAGE: &str = "0192b6a4-7c1e-7d2a-9f00-3c5e8a1b2c3d";
    const TOWNSHIP: &str = "0192b6a4-7c1e-7d2a-9f00-0000000000aa";

    struct Parties {
        village: Identity,
        township: Identity,
    }

    fn parties() -> Parties {
        Parties { village: Identity::generate().expect("generate"), township: Identity::generate().expect("generate") }
    }

    /// A header from the village to the township, as an exporter would fill it.
    fn header(p: &Parties) -> Header {
        Header {
            format_version: FORMAT_VERSION,
            bundle_id: uuid::Uuid::now_v7().to_string(),
            kind: "changes".to_owned(),
            from_device: VILLAGE.to_owned(),
            to_device: TOWNSHIP.to_owned(),
            from_key: p.village.fingerprint(),
            to_key: p.township.fingerprint(),
            first_seq: 1,
            last_seq: 3,
            prev_hash: "0".repeat(64),
            head_hash: "ab".repeat(32),
            entry_count: 3,
            content_len: 0,
            content_hash: String::new(),
            created_at: "2026-11-23T09:30:00+08:00".to_owned(),
            expires_at: None,
        }
    }

    fn content() -> Vec<u8> {
        "[{\"entity\":\"case\",\"payload\":\"石岩哨村信〔2026〕第1号\"}]".repeat(3).into_bytes()
    }

    /// The township's pinned keys: the village is the only enrolled device.
    fn pinned(p: &Parties) -> impl Fn(&Header) -> Result<PublicKeys> + '_ {
        move |h: &Header| {
            if h.from_device == VILLAGE {
                Ok(p.village.public())
            } else {
                Err(Error::UnknownDevice { device_id: h.from_device.clone() })
            }
        }
    }

    /// A header `seal` would write for `content`, for tests that then break one thing.
    fn filled(p: &Parties, content: &[u8]) -> Header {
        Header {
            content_len: content.len() as u64,
            content_hash: blake3::hash(content).to_hex().to_string(),
            ..header(p)
        }
    }

    #[test]
    fn sealed_bundle_opens() {
        let p = parties();
        let sealed = seal(header(&p), &content(), &p.village, &p.township.public()).expect("seal");
        let opened = open(&sealed, &p.township, pinned(&p)).expect("open");
        assert_eq!(opened.content, content());
        assert_eq!(opened.header.content_len, content().len() as u64);
        assert_eq!(opened.header.content_hash, blake3::hash(&content()).to_hex().to_string());
        assert_eq!(opened.header.from_key, p.village.fingerprint());
        assert_eq!(opened.header.to_key, p.township.fingerprint());
        assert_eq!(opened.header.kind, "changes");
        // Nothing readable outside the encryption: not the magic, not the device ids.
        assert!(!sealed.windows(MAGIC.len()).any(|w| w == MAGIC));
        assert!(!sealed.windows(VILLAGE.len()).any(|w| w == VILLAGE.as_bytes()));
    }

    #[test]
    fn empty_content_opens() {
        let p = parties();
        let h = Header { first_seq: 4, last_seq: 3, entry_count: 0, ..header(&p) };
        let sealed = seal(h, b"", &p.village, &p.township.public()).expect("seal");
        assert_eq!(open(&sealed, &p.township, pinned(&p)).expect("open").content, b"");
    }

    #[test]
    fn another_identity_cannot_open() {
        let p = parties();
        let sealed = seal(header(&p), &content(), &p.village, &p.township.public()).expect("seal");
        let stranger = Identity::generate().expect("generate");
        assert!(matches!(open(&sealed, &stranger, pinned(&p)), Err(Error::NotForMe)));
        // Not even the sender can read what it sent.
        assert!(matches!(open(&sealed, &p.village, pinned(&p)), Err(Error::NotForMe)));
    }

    #[test]
    fn every_byte_flip_is_refused() {
        let p = parties();
        let sealed = seal(header(&p), &content(), &p.village, &p.township.public()).expect("seal");
        for i in 0..sealed.len() {
            for mask in [0x01, 0x80] {
                let mut damaged = sealed.clone();
                damaged[i] ^= mask;
                let result = open(&damaged, &p.township, pinned(&p));
                assert!(result.is_err(), "flipping {mask:#04x} at byte {i} of {} was accepted", sealed.len());
            }
        }
    }

    #[test]
    fn every_truncation_is_refused() {
        let p = parties();
        let sealed = seal(header(&p), &content(), &p.village, &p.township.public()).expect("seal");
        for len in 0..sealed.len() {
            let result = open(&sealed[..len], &p.township, pinned(&p));
            assert!(
                matches!(result, Err(Error::Truncated | Error::Corrupt | Error::NotABundle)),
                "cut at {len} of {}: {result:?}",
                sealed.len()
            );
        }
        // Bytes appended after the end are refused too.
        let mut longer = sealed.clone();
        longer.push(0);
        assert!(open(&longer, &p.township, pinned(&p)).is_err());
    }

    #[test]
    fn non_bundles_are_refused() {
        let p = parties();
        for bytes in [&b""[..], b"%PDF-1.7", b"age-enc", &[0u8; 300]] {
            assert!(
                matches!(open(bytes, &p.township, pinned(&p)), Err(Error::NotABundle | Error::Truncated)),
                "{bytes:?}"
            );
        }
        // Anyone can encrypt to the township: an age file without a bundle inside.
        let other = age::encrypt(&p.township.public().recipient().expect("recipient"), b"hello").expect("encrypt");
        assert!(matches!(open(&other, &p.township, pinned(&p)), Err(Error::NotABundle)));
    }

    #[test]
    fn impostor_claiming_a_known_device_is_refused() {
        let p = parties();
        let impostor = Identity::generate().expect("generate");
        // Sealed with the impostor's key under the village's device id...
        let sealed = seal(header(&p), &content(), &impostor, &p.township.public()).expect("seal");
        assert!(matches!(open(&sealed, &p.township, pinned(&p)), Err(Error::BadSignature)));
        // ...even when the header copies the village's real fingerprint.
        let forged = assemble(
            &filled(&p, &content()),
            &zstd::bulk::compress(&content(), 3).expect("zstd"),
            &impostor,
            &p.township.public(),
        )
        .expect("assemble");
        let result = open(&forged, &p.township, pinned(&p));
        assert!(matches!(result, Err(Error::BadSignature)), "{result:?}");
        assert!(result.unwrap_err().to_string().starts_with("数据包签名无效"));
    }

    #[test]
    fn unknown_or_revoked_senders_are_refused_with_the_callers_error() {
        let p = parties();
        let stranger = Header { from_device: "0192b6a4-7c1e-7d2a-9f00-ffffffffffff".to_owned(), ..header(&p) };
        let sealed = seal(stranger, &content(), &p.village, &p.township.public()).expect("seal");
        assert!(matches!(open(&sealed, &p.township, pinned(&p)), Err(Error::UnknownDevice { .. })));

        let sealed = seal(header(&p), &content(), &p.village, &p.township.public()).expect("seal");
        let revoked = |h: &Header| -> Result<PublicKeys> {
            Err(Error::Revoked { device_id: h.from_device.clone(), name: "石岩哨村".to_owned() })
        };
        let result = open(&sealed, &p.township, revoked);
        assert!(matches!(result, Err(Error::Revoked { .. })));
        assert!(result.unwrap_err().to_string().contains("已注销的设备“石岩哨村”"));
    }

    #[test]
    fn newer_format_is_refused_before_anything_else() {
        let p = parties();
        let newer = Header { format_version: FORMAT_VERSION + 1, ..filled(&p, &content()) };
        let sealed =
            assemble(&newer, &zstd::bulk::compress(&content(), 3).expect("zstd"), &p.village, &p.township.public())
                .expect("assemble");
        let asked = Cell::new(false);
        let result = open(&sealed, &p.township, |h| {
            asked.set(true);
            pinned(&p)(h)
        });
        assert!(matches!(result, Err(Error::NewerFormat { version: 6, supported: 5 })), "{result:?}");
        assert!(!asked.get(), "keys looked up for a format this version cannot check");
        assert!(result.unwrap_err().to_string().contains("请先升级软件"));
    }

    #[test]
    fn decompression_bomb_is_refused() {
        let p = parties();
        // 300 MiB of zeros compresses to a few kilobytes; the signed header claims 1000 bytes.
        let bomb = zstd::stream::encode_all(std::io::repeat(0).take(300 << 20), 1).expect("zstd");
        assert!(bomb.len() < 1 << 20, "bomb is {} bytes", bomb.len());
        let claimed =
            Header { content_len: 1000, content_hash: blake3::hash(&[0; 1000]).to_hex().to_string(), ..header(&p) };
        let sealed = assemble(&claimed, &bomb, &p.village, &p.township.public()).expect("assemble");
        let result = open(&sealed, &p.township, pinned(&p));
        assert!(matches!(result, Err(Error::TooLarge { limit_mib: 256 })), "{result:?}");

        // Claiming more than the limit is refused without decompressing at all.
        let huge = Header { content_len: MAX_CONTENT_LEN + 1, ..claimed };
        let sealed = assemble(&huge, &bomb, &p.village, &p.township.public()).expect("assemble");
        assert!(matches!(open(&sealed, &p.township, pinned(&p)), Err(Error::TooLarge { .. })));
    }

    #[test]
    fn content_not_matching_the_signed_hash_is_refused() {
        let p = parties();
        let other = b"[{\"entity\":\"case\",\"payload\":\"forged\"}]";
        let h = Header { content_len: other.len() as u64, ..filled(&p, &content()) };
        let compressed = zstd::bulk::compress(other, 3).expect("zstd");
        let sealed = assemble(&h, &compressed, &p.village, &p.township.public()).expect("assemble");
        assert!(matches!(open(&sealed, &p.township, pinned(&p)), Err(Error::ContentMismatch)));

        // Shorter than the signed length.
        let h = filled(&p, &content());
        let compressed = zstd::bulk::compress(&content()[1..], 3).expect("zstd");
        let sealed = assemble(&h, &compressed, &p.village, &p.township.public()).expect("assemble");
        assert!(matches!(open(&sealed, &p.township, pinned(&p)), Err(Error::ContentMismatch)));

        // Garbage after the frame.
        let mut compressed = zstd::bulk::compress(&content(), 3).expect("zstd");
        compressed.extend_from_slice(b"junk");
        let sealed = assemble(&h, &compressed, &p.village, &p.township.public()).expect("assemble");
        assert!(matches!(open(&sealed, &p.township, pinned(&p)), Err(Error::Corrupt)));
    }

    #[test]
    fn forwarded_bundle_is_refused() {
        let p = parties();
        let other_village = Identity::generate().expect("generate");
        let sealed = seal(header(&p), &content(), &p.village, &p.township.public()).expect("seal");
        // The township decrypts and re-encrypts the signed bundle to another device.
        let plain = age::decrypt(p.township.age_identity(), &sealed).expect("decrypt");
        let forwarded = age::encrypt(&other_village.public().recipient().expect("recipient"), &plain).expect("encrypt");
        let result = open(&forwarded, &other_village, pinned(&p));
        assert!(matches!(&result, Err(Error::AddressedToOther { to_device }) if to_device == TOWNSHIP), "{result:?}");
    }

    #[test]
    fn header_naming_another_sender_key_is_refused() {
        let p = parties();
        let h = Header { from_key: p.township.fingerprint(), ..filled(&p, &content()) };
        let compressed = zstd::bulk::compress(&content(), 3).expect("zstd");
        let sealed = assemble(&h, &compressed, &p.village, &p.township.public()).expect("assemble");
        assert!(matches!(open(&sealed, &p.township, pinned(&p)), Err(Error::SenderKeyMismatch { .. })));
    }

    #[test]
    fn seal_refuses_malformed_headers() {
        let p = parties();
        let to = p.township.public();
        let cases = [
            Header { format_version: 0, ..header(&p) },
            Header { bundle_id: "not-a-uuid".to_owned(), ..header(&p) },
            Header { bundle_id: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f".to_owned(), ..header(&p) }, // v4
            Header { bundle_id: uuid::Uuid::now_v7().to_string().to_uppercase(), ..header(&p) },
            Header { kind: "Changes!".to_owned(), ..header(&p) },
            Header { from_device: String::new(), ..header(&p) },
            Header { to_device: " x".to_owned(), ..header(&p) },
            Header { first_seq: 0, ..header(&p) },
            Header { first_seq: 5, last_seq: 3, ..header(&p) },
            Header { prev_hash: "0".repeat(63), ..header(&p) },
            Header { head_hash: "AB".repeat(32), ..header(&p) },
            Header { created_at: "2026-11-23 09:30".to_owned(), ..header(&p) },
            Header { expires_at: Some("2026-11-22T09:30:00+08:00".to_owned()), ..header(&p) },
        ];
        for h in cases {
            let result = seal(h.clone(), &content(), &p.village, &to);
            assert!(matches!(result, Err(Error::BadHeader { .. })), "{h:?}: {result:?}");
        }
        let newer = Header { format_version: FORMAT_VERSION + 1, ..header(&p) };
        assert!(matches!(seal(newer, &content(), &p.village, &to), Err(Error::NewerFormat { .. })));
        let bad_to = PublicKeys { age_recipient: "age1".to_owned(), ..to };
        assert!(matches!(seal(header(&p), &content(), &p.village, &bad_to), Err(Error::BadPublicKey { .. })));
    }
}
