//! Fixtures shared by the bundle and enrolment targets and the seed generator: two fixed identities (made once,
//! from fixed secret texts, so the committed seeds stay decryptable), the sender lookup the
//! targets hand to `bundle::open`, and an independent check that whatever `open` accepts really
//! is a bundle the sender signed for the recipient.
//!
//! The keys below are test keys derived from public strings. Never use them for anything else.

use std::str::FromStr;
use std::sync::OnceLock;

use ed25519_dalek::{Signature, Signer, SigningKey};
use xinfang_sync::Error;
use xinfang_sync::bundle::{self, Header, Opened};
use xinfang_sync::identity::{Identity, PublicKeys};

/// The device the fuzzed bundles are written to (a township).
pub const RECIPIENT_SECRET: &str = "xinfang-identity 1
ed25519 d085884617bfe55401267a90b951173e4b14681614230096089363bfef19190b
AGE-SECRET-KEY-1KQEZEV63CTEPCG33WJ27NYUW8X254F6JX6TCE6UFD6SYHXW6KDYSYY2AMU
";
/// The one enrolled sender (a village).
pub const SENDER_SECRET: &str = "xinfang-identity 1
ed25519 8c96db0da6678b4d7227bf4bdb94d5442ab3f1fc258cc55eb3d68c4c0ad8124f
AGE-SECRET-KEY-1Y4XZG00W8SR6M00D403NAGG3XLN57R5KM3RL5JPX6CH6606LCWNS5HPLUK
";
pub const SENDER_DEVICE: &str = "0192b6a4-7c1e-7d2a-9f00-3c5e8a1b2c3d";
pub const RECIPIENT_DEVICE: &str = "0192b6a4-7c1e-7d2a-9f00-0000000000aa";

/// Copied from bundle.rs (private there): the domain-separation prefix of bundle signatures.
pub const SIGNATURE_CONTEXT: &[u8] = b"xinfang bundle v1\0";

pub fn recipient() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| Identity::from_secret_text(RECIPIENT_SECRET).expect("recipient secret"))
}

pub fn sender() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| Identity::from_secret_text(SENDER_SECRET).expect("sender secret"))
}

pub fn sender_public() -> &'static PublicKeys {
    static KEYS: OnceLock<PublicKeys> = OnceLock::new();
    KEYS.get_or_init(|| sender().public())
}

pub fn recipient_public() -> &'static PublicKeys {
    static KEYS: OnceLock<PublicKeys> = OnceLock::new();
    KEYS.get_or_init(|| recipient().public())
}

/// The sender's signing key, read from the secret text directly (`Identity::sign` is crate-private).
pub fn sender_signing_key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::from_bytes(&ed25519_seed(SENDER_SECRET)))
}

/// The recipient's age identity, read from the secret text directly.
pub fn recipient_age() -> &'static age::x25519::Identity {
    static ID: OnceLock<age::x25519::Identity> = OnceLock::new();
    ID.get_or_init(|| age::x25519::Identity::from_str(RECIPIENT_SECRET.lines().nth(2).expect("age line")).expect("age"))
}

pub fn recipient_age_recipient() -> &'static age::x25519::Recipient {
    static R: OnceLock<age::x25519::Recipient> = OnceLock::new();
    R.get_or_init(|| recipient_age().to_public())
}

fn ed25519_seed(secret: &str) -> [u8; 32] {
    let hex_seed = secret.lines().nth(1).and_then(|l| l.strip_prefix("ed25519 ")).expect("ed25519 line");
    let mut seed = [0u8; 32];
    hex::decode_to_slice(hex_seed, &mut seed).expect("seed hex");
    seed
}

/// The recipient's pinned keys: the sender is the only enrolled device.
pub fn pinned(header: &Header) -> xinfang_sync::Result<PublicKeys> {
    if header.from_device == SENDER_DEVICE {
        Ok(sender_public().clone())
    } else {
        Err(Error::UnknownDevice { device_id: header.from_device.clone() })
    }
}

/// Signs and lays out a decrypted bundle exactly as `bundle.rs` does, trusting its inputs.
pub fn plaintext(header_json: &[u8], compressed: &[u8]) -> Vec<u8> {
    let mut message = SIGNATURE_CONTEXT.to_vec();
    message.extend_from_slice(header_json);
    let signature: Signature = sender_signing_key().sign(&message);
    let mut plain = bundle::MAGIC.to_vec();
    plain.extend_from_slice(&(header_json.len() as u32).to_le_bytes());
    plain.extend_from_slice(header_json);
    plain.extend_from_slice(&signature.to_bytes());
    plain.extend_from_slice(compressed);
    plain
}

/// Everything `open` promised, checked again without its code: the age file decrypts for the
/// recipient, the layout holds, the signature verifies (strictly) under the sender's key, the
/// header is the one returned, names both keys and is well formed, and the content is exactly
/// what the zstd frame holds and matches the signed length and hash. Panics (a fuzzer finding)
/// on any difference.
pub fn assert_genuine(file: &[u8], opened: &Opened) {
    let plain = age::decrypt(recipient_age(), file).expect("open() accepted a file age cannot decrypt");
    assert_genuine_plaintext(&plain, opened);
}

pub fn assert_genuine_plaintext(plain: &[u8], opened: &Opened) {
    let rest = plain.strip_prefix(&bundle::MAGIC).expect("accepted without magic");
    let (len, rest) = rest.split_first_chunk::<4>().expect("accepted without header length");
    let header_len = u32::from_le_bytes(*len) as usize;
    assert!(header_len <= bundle::MAX_HEADER_LEN, "accepted an over-long header");
    let (header_json, rest) = rest.split_at(header_len);
    let (signature, compressed) = rest.split_first_chunk::<64>().expect("accepted without signature");

    let mut message = SIGNATURE_CONTEXT.to_vec();
    message.extend_from_slice(header_json);
    sender_signing_key()
        .verifying_key()
        .verify_strict(&message, &Signature::from_bytes(signature))
        .expect("accepted a header the sender did not sign");

    let header: Header = serde_json::from_slice(header_json).expect("accepted an unparsable header");
    assert_eq!(header, opened.header, "returned header differs from the signed one");
    header.validate().expect("accepted an invalid header");
    assert_eq!(header.from_device, SENDER_DEVICE);
    assert_eq!(header.from_key, sender().fingerprint(), "accepted a wrong sender key");
    assert_eq!(header.to_key, recipient().fingerprint(), "accepted a bundle for another device");

    let content = zstd::decode_all(compressed).expect("accepted content that is not zstd");
    assert_eq!(content, opened.content, "returned content differs from the zstd frame");
    assert_eq!(content.len() as u64, header.content_len, "content length differs from the signed one");
    assert_eq!(blake3::hash(&content).to_hex().as_str(), header.content_hash, "content hash differs");
}

/// A header the sender would write to the recipient (the `*_key`/`content_*` fields are
/// filled by `seal`).
pub fn sample_header(first_seq: i64, last_seq: i64, expires_at: Option<&str>) -> Header {
    Header {
        format_version: bundle::FORMAT_VERSION,
        bundle_id: "0192b6a4-7c1e-7d2a-9f00-3c5e8a1b2c3e".to_owned(),
        kind: "changes".to_owned(),
        from_device: SENDER_DEVICE.to_owned(),
        to_device: RECIPIENT_DEVICE.to_owned(),
        from_key: sender().fingerprint(),
        to_key: recipient().fingerprint(),
        first_seq,
        last_seq,
        prev_hash: "0".repeat(64),
        head_hash: "ab".repeat(32),
        entry_count: (last_seq - first_seq + 1).max(0) as u64,
        content_len: 0,
        content_hash: String::new(),
        created_at: "2026-11-23T09:30:00+08:00".to_owned(),
        expires_at: expires_at.map(str::to_owned),
    }
}
