//! Writes the committed seeds: `cargo run --example gen_seeds` from the fuzz folder.
//! Bundles are sealed with fresh age randomness, so each run writes different (equally valid) bytes.

use std::fs;
use std::path::Path;

use xinfang_sync::bundle::{self, Header};
use xinfang_sync::enrolment::{Enrolment, Role};
use xinfang_sync_fuzz::*;

fn content(entries: usize) -> Vec<u8> {
    "[{\"entity\":\"case\",\"payload\":\"石岩哨村信〔2026〕第1号\"}]".repeat(entries).into_bytes()
}

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(target);
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join(format!("seed-{name}")), bytes).expect("write");
    println!("{target}/seed-{name}: {} bytes", bytes.len());
}

/// A header as `seal` fills it, for the plaintext seeds of `bundle_signed`.
fn filled(header: Header, content: &[u8]) -> Header {
    Header { content_len: content.len() as u64, content_hash: blake3::hash(content).to_hex().to_string(), ..header }
}

fn main() {
    let to = recipient_public();
    let cases = [
        ("changes", sample_header(1, 3, None), content(3)),
        ("empty", sample_header(4, 3, None), Vec::new()),
        ("expires", sample_header(1, 1, Some("2026-12-01T00:00:00+08:00")), content(1)),
        ("larger", sample_header(1, 40, None), content(40)),
    ];
    for (name, header, content) in &cases {
        let sealed = bundle::seal(header.clone(), content, sender(), to).expect("seal");
        let opened = bundle::open(&sealed, recipient(), pinned).expect("seed must open");
        assert_genuine(&sealed, &opened);
        write("bundle_open", name, &sealed);

        let header_json = serde_json::to_vec(&filled(header.clone(), content)).expect("json");
        let compressed = zstd::bulk::compress(content, 3).expect("zstd");
        let mut signed_input = (header_json.len() as u16).to_le_bytes().to_vec();
        signed_input.extend_from_slice(&header_json);
        signed_input.extend_from_slice(&compressed);
        write("bundle_signed", name, &signed_input);
    }
    // An age file for the recipient with no bundle inside, and a bundle for another device.
    write("bundle_open", "not-a-bundle", &age::encrypt(recipient_age_recipient(), b"hello").expect("encrypt"));
    let other = bundle::seal(sample_header(1, 3, None), &content(3), recipient(), sender_public()).expect("seal");
    write("bundle_open", "other-recipient", &other);

    let village = Enrolment::new(SENDER_DEVICE, Role::Village, "石岩哨村", sender_public().clone()).expect("enrolment");
    let township = Enrolment::new(RECIPIENT_DEVICE, Role::Township, "路居镇", to.clone()).expect("enrolment");
    for (name, enrolment) in [("village", &village), ("township", &township)] {
        let json = enrolment.to_json().expect("json");
        assert_eq!(&Enrolment::read(json.as_bytes()).expect("seed must read"), enrolment);
        write("enrolment_read", name, json.as_bytes());
    }
    write("enrolment_read", "fingerprint", village.fingerprint.to_string().to_lowercase().as_bytes());
}
