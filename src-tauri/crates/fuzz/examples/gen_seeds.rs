//! Writes the committed seeds: `cargo run -p xinfang-fuzz --example gen_seeds`.
//! Bundles and keyrings are sealed with fresh randomness, so each run writes different (equally
//! valid) bytes.

use std::fs;
use std::path::Path;

use xinfang_core::store::keyring::{Keyring, LedgerKey};
use xinfang_fuzz::fixtures::*;
use xinfang_sync::bundle::{self, Header};
use xinfang_sync::enrolment::{Enrolment, Role};
use xinfang_sync::http::auth;

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

    keyring_seeds();
    dispatch_seeds();
    sheet_seeds();
    http_seeds();
}

fn keyring_seeds() {
    let dir = tempfile::tempdir().expect("folder");
    let ledger = dir.path().join("ledger.sqlite3");
    let key = LedgerKey::generate().expect("key");
    let mut keyring = Keyring::new();
    keyring.add("0192b6a4-7c1e-7d2a-9f00-3c5e8a1b2c40", "李某", "石岩哨村2026冬", &key).expect("add");
    keyring.add("0192b6a4-7c1e-7d2a-9f00-3c5e8a1b2c41", "王某（文书）", "路居镇信访办2026", &key).expect("add");
    keyring.save(&ledger).expect("save");
    let path = xinfang_core::store::keyring::path_beside(&ledger);
    write("keyring_read", "two-accounts", &fs::read(path).expect("read"));
    write("keyring_read", "not-json", b"\x00\x01 not a keyring");
}

/// `[index of the command] ‖ JSON`: the index found by name, so the seeds reach those commands.
fn dispatch_seeds() {
    let names = xinfang_fuzz::dispatch::names();
    let pick =
        |name: &str| names.iter().position(|n| n == name).unwrap_or_else(|| panic!("{name} is not fuzzed")) as u8;
    let seeds = [
        (
            "visit-add",
            "visit_add",
            r#"{"channel":"letter","received_at":"2026-12-03T10:00:00+08:00","petitioners":[{"name":"刘某某","village":"石岩哨村","id_number":"530323198001011236","phone":"13800000000"}],"category":"邻里纠纷","request":"反映邻居建房占用通道。","received_by":"李某"}"#,
        ),
        (
            "visit-bad-channel",
            "visit_add",
            r#"{"channel":"fax","received_at":"2026-12-03","petitioners":[],"category":"","request":"","received_by":""}"#,
        ),
        ("case-list", "case_list", r#"{}"#),
        ("screening", "screening_add", r#"{"held_on":"2026-12-01","village":"石岩哨村","found":"six"}"#),
        ("report", "report_show", r#"{"from":"2026-01-01","to":"2026-12-31"}"#),
        (
            "nul-name",
            "visit_add",
            "{\"channel\":\"phone\",\"received_at\":\"2026-12-03T10:00:00+08:00\",\"petitioners\":[{\"name\":\"张\\u0000某\"}],\"category\":\"其他\",\"request\":\"咨询\",\"received_by\":\"李某\"}",
        ),
    ];
    for (seed, name, json) in seeds {
        if names.iter().any(|n| n == name) {
            let mut input = vec![pick(name)];
            input.extend_from_slice(json.as_bytes());
            write("dispatch_json", seed, &input);
        }
    }
}

/// `[extension index] ‖ workbook`: a small old ledger as a township keeps it.
fn sheet_seeds() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["序号", "来访日期", "姓名", "身份证号", "住址", "反映问题", "办理情况"],
        ["1", "2025-03-04", "张某某", "530323196503041210", "石岩哨村", "承包地被占用", "已调解"],
        ["2", "2025-04-11", "刘某某", "530323198001011236", "路居村", "邻居建房占道", "办理中"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).expect("cell");
        }
    }
    let bytes = book.save_to_buffer().expect("xlsx");
    let mut input = vec![0u8]; // EXTENSIONS[0] is xlsx
    input.extend_from_slice(&bytes);
    write("sheet_read", "ledger-xlsx", &input);
    write("sheet_read", "not-a-workbook", b"\x01PK\x03\x04 truncated");
}

/// What anyone may send the server, and the enrolled village's signed uploads.
fn http_seeds() {
    let id = blake3::hash(b"fixed").to_hex().to_string();
    let requests: [(&str, u8, u8, String); 5] = [
        ("patch-anonymous", 2, 0, format!("{id}\nupload-offset: 18446744073709551615\nupload-length: 10\n\npiece")),
        (
            "head-forged",
            1,
            0,
            format!(
                "{id}\nupload-length: 10\n{}: {SENDER_DEVICE}\n{}: AAAA\n\n",
                auth::DEVICE_HEADER,
                auth::SIGNATURE_HEADER
            ),
        ),
        (
            "returns",
            0,
            1,
            format!("{SENDER_DEVICE}\n{}: {SENDER_DEVICE}\n{}: 00\n\n", auth::DEVICE_HEADER, auth::CHALLENGE_HEADER),
        ),
        ("challenge", 0, 2, "\n\n".to_owned()),
        ("health", 0, 3, "\n\n".to_owned()),
    ];
    for (name, method, kind, text) in requests {
        let mut input = vec![method, kind];
        input.extend_from_slice(text.as_bytes());
        write("http_request", name, &input);
    }
    let piece = b"not a bundle, but a whole upload";
    for (name, offset, mode) in [("whole-upload", 0u64, 3u8), ("head", 0, 0), ("far-offset", u64::MAX - 3, 1)] {
        let mut input = offset.to_le_bytes().to_vec();
        input.extend_from_slice(&(piece.len() as u64).to_le_bytes());
        input.push(mode);
        input.extend_from_slice(piece);
        write("http_signed", name, &input);
    }
}
