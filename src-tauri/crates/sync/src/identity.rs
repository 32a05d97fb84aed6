//! A device's identity (设备身份): an Ed25519 key that signs the bundles it writes and an age X25519
//! key that decrypts the bundles written to it; the public halves ([`PublicKeys`]) that peers pin at
//! enrolment; and the short, typo-checked [`Fingerprint`] (指纹) the clerks compare on two screens.

use std::fmt;
use std::str::FromStr;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub use age::secrecy::{ExposeSecret, SecretString};

/// First line of the secret text, so a future layout can be told apart.
const SECRET_TEXT_TAG: &str = "xinfang-identity 1";
/// Prefix of the line carrying the Ed25519 seed.
const SECRET_ED25519_PREFIX: &str = "ed25519 ";
/// BLAKE3 key-derivation context of fingerprints: a fingerprint can never collide with another
/// use of BLAKE3 over the same key text.
const FINGERPRINT_CONTEXT: &str = "xinfang 2026-11 device fingerprint v1";

/// This device's secret keys. Never leaves the device except inside its own ledger file.
pub struct Identity {
    signing: SigningKey,
    decrypting: age::x25519::Identity,
}

impl Identity {
    /// Makes a new identity from the operating system's random source.
    pub fn generate() -> Result<Self> {
        // The Ed25519 secret key is 32 uniformly random bytes; taking them from the OS directly
        // avoids tying this crate to a particular rand_core version.
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut_slice()).map_err(|_| Error::Random)?;
        Ok(Self { signing: SigningKey::from_bytes(&seed), decrypting: age::x25519::Identity::generate() })
    }

    /// The secret keys as one text the store can keep (three lines: a tag, the Ed25519 seed in
    /// hex, the age secret key). Treat it like a password.
    pub fn to_secret_text(&self) -> SecretString {
        let seed_hex = Zeroizing::new(hex::encode(self.signing.as_bytes()));
        let age_secret = self.decrypting.to_string();
        let text = format!(
            "{SECRET_TEXT_TAG}\n{SECRET_ED25519_PREFIX}{}\n{}\n",
            seed_hex.as_str(),
            age_secret.expose_secret()
        );
        SecretString::from(text)
    }

    /// Reads the text written by [`Identity::to_secret_text`].
    pub fn from_secret_text(text: &str) -> Result<Self> {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let (Some(tag), Some(ed_line), Some(age_line), None) = (lines.next(), lines.next(), lines.next(), lines.next())
        else {
            return Err(Error::BadSecret { detail: "行数不对" });
        };
        if tag != SECRET_TEXT_TAG {
            return Err(Error::BadSecret { detail: "开头标记不对" });
        }
        let seed_hex =
            ed_line.strip_prefix(SECRET_ED25519_PREFIX).ok_or(Error::BadSecret { detail: "签名密钥缺失" })?;
        let mut seed = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(seed_hex, seed.as_mut_slice())
            .map_err(|_| Error::BadSecret { detail: "签名密钥不对" })?;
        let decrypting =
            age::x25519::Identity::from_str(age_line).map_err(|_| Error::BadSecret { detail: "解密密钥不对" })?;
        Ok(Self { signing: SigningKey::from_bytes(&seed), decrypting })
    }

    /// The public halves, to hand to peers (in an enrolment file).
    pub fn public(&self) -> PublicKeys {
        PublicKeys {
            signing_key: hex::encode(self.signing.verifying_key().as_bytes()),
            age_recipient: self.decrypting.to_public().to_string(),
        }
    }

    /// This device's fingerprint (of its public keys).
    pub fn fingerprint(&self) -> Fingerprint {
        fingerprint(&self.public())
    }

    /// Signs `message` (the caller adds its own domain-separation prefix).
    pub(crate) fn sign(&self, message: &[u8]) -> Signature {
        self.signing.sign(message)
    }

    /// The age identity that decrypts bundles sent to this device.
    pub(crate) fn age_identity(&self) -> &age::x25519::Identity {
        &self.decrypting
    }
}

impl fmt::Debug for Identity {
    // Never print secrets, not even in logs or test failures.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity").field("fingerprint", &self.fingerprint().to_string()).finish_non_exhaustive()
    }
}

/// A device's public keys as pinned by its peers (and stored in the `peer` table).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicKeys {
    /// Ed25519 verifying key, 64 lowercase hex characters.
    pub signing_key: String,
    /// age X25519 recipient, `age1…` (lowercase Bech32).
    pub age_recipient: String,
}

impl PublicKeys {
    /// Checks both keys are well formed and in their one canonical spelling (so one key pair has
    /// exactly one fingerprint).
    pub fn validate(&self) -> Result<()> {
        self.verifying_key()?;
        self.recipient()?;
        Ok(())
    }

    /// The fingerprint of these keys.
    pub fn fingerprint(&self) -> Fingerprint {
        fingerprint(self)
    }

    pub(crate) fn verifying_key(&self) -> Result<VerifyingKey> {
        let bad = || Error::BadPublicKey { which: "签名公钥" };
        // Lowercase only: hex::decode accepts both cases, but two spellings would give two
        // fingerprints for one key.
        if self.signing_key.len() != 64 || !self.signing_key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(&self.signing_key, &mut bytes).map_err(|_| bad())?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| bad())?;
        // A small-order key lets anyone forge signatures that verify under it.
        if key.is_weak() {
            return Err(bad());
        }
        Ok(key)
    }

    pub(crate) fn recipient(&self) -> Result<age::x25519::Recipient> {
        let bad = || Error::BadPublicKey { which: "加密公钥" };
        let recipient = age::x25519::Recipient::from_str(&self.age_recipient).map_err(|_| bad())?;
        if recipient.to_string() != self.age_recipient {
            return Err(bad());
        }
        Ok(recipient)
    }
}

/// The fingerprint of a device's public keys: 80 bits of a domain-separated BLAKE3 hash over both
/// keys. 80 bits is short enough to read aloud and far beyond what a forger could match by trying
/// keys (2^80 work for one chosen fingerprint).
pub fn fingerprint(keys: &PublicKeys) -> Fingerprint {
    let mut hasher = blake3::Hasher::new_derive_key(FINGERPRINT_CONTEXT);
    // Length-prefixed, so no two different key pairs share the hashed bytes.
    for part in [&keys.signing_key, &keys.age_recipient] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let mut bytes = [0u8; 10];
    bytes.copy_from_slice(&hasher.finalize().as_bytes()[..10]);
    Fingerprint(bytes)
}

/// Crockford base32: no I, L, O, U, so fewer look-alikes when read off a screen.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Crockford's check alphabet: the 32 symbols above, then five more for check values 32..=36.
const CHECK_SYMBOLS: &[u8; 37] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
const DATA_SYMBOLS: usize = 16;

/// A device fingerprint (指纹), written `7K3Q-M2XD-9FTA-R8VN-C`: 80 bits as 16 Crockford base32
/// symbols plus one check symbol (the value mod 37). Because 37 is prime and larger than the
/// base, the check catches every single-symbol error and every swap of two adjacent symbols.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 10]);

impl Fingerprint {
    /// Reads a fingerprint typed or pasted by a person. Case, spaces, dashes and full-width
    /// characters are ignored; Crockford's look-alikes I/L read as 1 and O as 0.
    pub fn parse(typed: &str) -> Result<Self> {
        let symbols: Vec<char> =
            typed.chars().map(fold_full_width).filter(|c| !c.is_whitespace() && *c != '-').collect();
        if symbols.len() != DATA_SYMBOLS + 1 {
            return Err(Error::FingerprintFormat { detail: format!("应为 17 位，实际 {} 位", symbols.len()) });
        }
        let mut value: u128 = 0;
        for (i, &c) in symbols[..DATA_SYMBOLS].iter().enumerate() {
            let digit = symbol_value(c, false).ok_or_else(|| invalid_symbol(i, c))?;
            value = (value << 5) | u128::from(digit);
        }
        let check = symbol_value(symbols[DATA_SYMBOLS], true)
            .ok_or_else(|| invalid_symbol(DATA_SYMBOLS, symbols[DATA_SYMBOLS]))?;
        if u128::from(check) != value % 37 {
            return Err(Error::FingerprintCheck);
        }
        let mut bytes = [0u8; 10];
        bytes.copy_from_slice(&value.to_be_bytes()[6..]);
        Ok(Self(bytes))
    }

    fn value(&self) -> u128 {
        let mut wide = [0u8; 16];
        wide[6..].copy_from_slice(&self.0);
        u128::from_be_bytes(wide)
    }
}

fn invalid_symbol(index: usize, c: char) -> Error {
    Error::FingerprintFormat { detail: format!("第 {} 位“{c}”不是有效字符", index + 1) }
}

/// Full-width forms (typed with a Chinese input method) → ASCII; the ideographic space is
/// whitespace already.
fn fold_full_width(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The value of one symbol; `check` also admits the five extra check symbols.
fn symbol_value(c: char, check: bool) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    };
    let alphabet: &[u8] = if check { CHECK_SYMBOLS } else { CROCKFORD };
    let byte = u8::try_from(c).ok()?;
    alphabet.iter().position(|&s| s == byte).and_then(|p| u8::try_from(p).ok())
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.value();
        for i in 0..DATA_SYMBOLS {
            if i > 0 && i % 4 == 0 {
                f.write_str("-")?;
            }
            let digit = (value >> (5 * (DATA_SYMBOLS - 1 - i))) & 31;
            write!(f, "{}", char::from(CROCKFORD[digit as usize]))?;
        }
        write!(f, "-{}", char::from(CHECK_SYMBOLS[(value % 37) as usize]))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl FromStr for Fingerprint {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic fingerprints spread over the whole 80-bit range.
    fn sample_fingerprints() -> Vec<Fingerprint> {
        (0u32..200)
            .map(|i| {
                let hash = blake3::hash(&i.to_le_bytes());
                let mut bytes = [0u8; 10];
                bytes.copy_from_slice(&hash.as_bytes()[..10]);
                Fingerprint(bytes)
            })
            .chain([Fingerprint([0; 10]), Fingerprint([0xFF; 10])])
            .collect()
    }

    fn symbols(fp: &Fingerprint) -> Vec<char> {
        fp.to_string().chars().filter(|&c| c != '-').collect()
    }

    #[test]
    fn identity_secret_text_round_trips() {
        let id = Identity::generate().expect("generate");
        let text = id.to_secret_text();
        let back = Identity::from_secret_text(text.expose_secret()).expect("read back");
        assert_eq!(back.public(), id.public());
        assert_eq!(back.to_secret_text().expose_secret(), text.expose_secret());
        // Windows line ends and surrounding blank lines are tolerated.
        let crlf = format!("\r\n{}\r\n", text.expose_secret().replace('\n', "\r\n"));
        assert_eq!(Identity::from_secret_text(&crlf).expect("crlf").public(), id.public());
    }

    #[test]
    fn damaged_secret_text_is_refused() {
        let id = Identity::generate().expect("generate");
        let text = id.to_secret_text().expose_secret().to_owned();
        let lines: Vec<&str> = text.lines().collect();
        let cases = [
            String::new(),
            lines[..2].join("\n"),
            format!("xinfang-identity 2\n{}\n{}", lines[1], lines[2]),
            format!("{}\n{}\n{}", lines[0], &lines[1][..lines[1].len() - 2], lines[2]),
            format!("{}\ned25519 zz{}\n{}", lines[0], &lines[1][10..], lines[2]),
            format!("{}\n{}\n{}", lines[0], lines[1], &lines[2][..lines[2].len() - 1]),
            format!("{text}\nextra"),
        ];
        for case in cases {
            assert!(matches!(Identity::from_secret_text(&case), Err(Error::BadSecret { .. })), "{case:?}");
        }
    }

    #[test]
    fn debug_does_not_print_secrets() {
        let id = Identity::generate().expect("generate");
        let debug = format!("{id:?}");
        let secret = id.to_secret_text();
        for line in secret.expose_secret().lines().skip(1) {
            let key = line.trim_start_matches(SECRET_ED25519_PREFIX);
            assert!(!debug.contains(key));
        }
    }

    #[test]
    fn public_keys_validate() {
        let keys = Identity::generate().expect("generate").public();
        keys.validate().expect("own keys are valid");
        assert_eq!(keys.signing_key.len(), 64);
        assert!(keys.age_recipient.starts_with("age1"));

        let upper = PublicKeys { signing_key: keys.signing_key.to_uppercase(), ..keys.clone() };
        assert!(matches!(upper.validate(), Err(Error::BadPublicKey { .. })));
        let short = PublicKeys { signing_key: keys.signing_key[..62].to_owned(), ..keys.clone() };
        assert!(matches!(short.validate(), Err(Error::BadPublicKey { .. })));
        // The identity point is a small-order ("weak") key: signatures under it can be forged.
        let mut weak = [0u8; 32];
        weak[0] = 1;
        let weak = PublicKeys { signing_key: hex::encode(weak), ..keys.clone() };
        assert!(matches!(weak.validate(), Err(Error::BadPublicKey { .. })));
        let shouting = PublicKeys { age_recipient: keys.age_recipient.to_uppercase(), ..keys.clone() };
        assert!(matches!(shouting.validate(), Err(Error::BadPublicKey { .. })));
        let not_age = PublicKeys { age_recipient: "age1qqqq".to_owned(), ..keys };
        assert!(matches!(not_age.validate(), Err(Error::BadPublicKey { .. })));
    }

    #[test]
    fn fingerprint_has_the_documented_shape() {
        let fp = Identity::generate().expect("generate").fingerprint();
        let text = fp.to_string();
        assert_eq!(text.len(), 21, "{text}");
        let groups: Vec<&str> = text.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [4, 4, 4, 4, 1]);
        assert_eq!(Fingerprint::parse(&text).expect("parse"), fp);
    }

    #[test]
    fn fingerprint_round_trips_and_normalises() {
        for fp in sample_fingerprints() {
            let text = fp.to_string();
            assert_eq!(Fingerprint::parse(&text).expect("canonical"), fp);
            assert_eq!(Fingerprint::parse(&text.to_lowercase()).expect("lowercase"), fp);
            let spaced: String = symbols(&fp).iter().flat_map(|c| [*c, ' ']).collect();
            assert_eq!(Fingerprint::parse(&spaced).expect("spaced"), fp);
            // Look-alikes a person may type instead of 1 and 0.
            let alike = text.replace('1', "l").replace('0', "O");
            assert_eq!(Fingerprint::parse(&alike).expect("look-alikes"), fp);
            let alike = text.replace('1', "I").replace('0', "o");
            assert_eq!(Fingerprint::parse(&alike).expect("look-alikes"), fp);
            // Full-width, as typed with a Chinese input method.
            let wide: String = text.chars().map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c)).collect();
            assert_eq!(Fingerprint::parse(&wide).expect("full-width"), fp);
            assert_eq!(serde_json::from_str::<Fingerprint>(&serde_json::to_string(&fp).expect("ser")).expect("de"), fp);
        }
    }

    #[test]
    fn every_single_symbol_typo_is_detected() {
        let alphabet: Vec<char> = CHECK_SYMBOLS.iter().map(|&b| char::from(b)).collect();
        for fp in sample_fingerprints() {
            let original = symbols(&fp);
            for i in 0..original.len() {
                for &replacement in &alphabet {
                    if replacement == original[i] {
                        continue;
                    }
                    let mut typo = original.clone();
                    typo[i] = replacement;
                    let typed: String = typo.iter().collect();
                    assert!(Fingerprint::parse(&typed).is_err(), "{typed} accepted for {fp}");
                }
            }
        }
    }

    #[test]
    fn every_adjacent_transposition_is_detected() {
        for fp in sample_fingerprints() {
            let original = symbols(&fp);
            for i in 0..original.len() - 1 {
                if original[i] == original[i + 1] {
                    continue;
                }
                let mut swapped = original.clone();
                swapped.swap(i, i + 1);
                let typed: String = swapped.iter().collect();
                assert!(Fingerprint::parse(&typed).is_err(), "{typed} accepted for {fp}");
            }
        }
    }

    #[test]
    fn a_wrong_check_symbol_has_its_own_error() {
        let fp = sample_fingerprints()[0];
        let mut typo = symbols(&fp);
        typo[3] = if typo[3] == 'A' { 'B' } else { 'A' };
        let typed: String = typo.iter().collect();
        assert!(matches!(Fingerprint::parse(&typed), Err(Error::FingerprintCheck)));
        let message = Fingerprint::parse(&typed).unwrap_err().to_string();
        assert!(message.contains("校验位不对"), "{message}");
    }

    #[test]
    fn malformed_fingerprints_are_refused() {
        let fp = sample_fingerprints()[0].to_string();
        for typed in ["", "7K3Q-M2XD", &format!("{fp}0"), &fp.replacen(|c: char| c.is_ascii_alphanumeric(), "U", 1)] {
            assert!(matches!(Fingerprint::parse(typed), Err(Error::FingerprintFormat { .. })), "{typed}");
        }
    }

    #[test]
    fn different_keys_give_different_fingerprints() {
        let a = Identity::generate().expect("generate").public();
        let b = Identity::generate().expect("generate").public();
        assert_ne!(fingerprint(&a), fingerprint(&b));
        // Changing either key alone changes the fingerprint.
        let mixed = PublicKeys { signing_key: a.signing_key.clone(), age_recipient: b.age_recipient.clone() };
        assert_ne!(fingerprint(&mixed), fingerprint(&a));
        assert_ne!(fingerprint(&mixed), fingerprint(&b));
        assert_eq!(fingerprint(&a), a.fingerprint());
    }
}
