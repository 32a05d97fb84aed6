//! The sync commands: this device's fingerprint and enrolment file, peers,
//! export, import and verify. Each prints short Chinese text, or JSON with
//! `--json`.

use crate::error::CliError;
use crate::output;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;
use xinfang_core::Ledger;
use xinfang_sync::{export, http, import, local};

pub fn device_show(ledger: &mut Ledger, out: Option<&Path>, as_json: bool) -> Result<(), CliError> {
    let me = local::me(ledger)?;
    let enrolment = me.enrolment()?;
    if let Some(path) = out {
        std::fs::write(path, enrolment.to_json()?)
            .map_err(|source| CliError::WriteOutput { path: path.to_owned(), source })?;
    }
    if as_json {
        return output::json(&json!({
            "device_id": me.device.device_id, "role": me.device.role, "name": me.device.name,
            "fingerprint": enrolment.fingerprint.to_string(), "enrolment_file": out,
        }));
    }
    outln!("设备编号：{}", me.device.device_id);
    outln!("名称：{}（{}）", me.device.name, role_label(me.role()));
    outln!("指纹：{}", enrolment.fingerprint);
    if let Some(path) = out {
        outln!("设备登记文件已写入：{}", path.display());
    }
    Ok(())
}

pub fn peers(ledger: &mut Ledger, as_json: bool) -> Result<(), CliError> {
    let peers = xinfang_core::store::peers::list(ledger.store.conn())?;
    if as_json {
        return output::json(&serde_json::to_value(&peers)?);
    }
    if peers.is_empty() {
        outln!("还没有登记任何对端设备。");
    }
    for p in peers {
        let state = p.revoked_at.as_deref().map_or("有效".to_owned(), |at| format!("已注销（{at}）"));
        outln!("{}\t{}\t{}\t{}", p.device_id, p.name, p.fingerprint, state);
    }
    Ok(())
}

pub fn enrol(ledger: &mut Ledger, file: &Path, fingerprint: &str, by: &str, as_json: bool) -> Result<(), CliError> {
    let bytes = xinfang_sync::import::read_file(file, xinfang_sync::enrolment::MAX_FILE_BYTES)?;
    let peer = local::enrol(ledger, &bytes, fingerprint, by)?;
    if as_json {
        return output::json(&serde_json::to_value(&peer)?);
    }
    outln!("已登记设备：{}（{}），指纹 {}", peer.name, peer.device_id, peer.fingerprint);
    Ok(())
}

pub fn revoke(ledger: &mut Ledger, device: &str, reason: &str, as_json: bool) -> Result<(), CliError> {
    let peer = local::revoke(ledger, device, reason)?;
    if as_json {
        return output::json(&serde_json::to_value(&peer)?);
    }
    outln!("已注销设备：{}（{}）。此后它的数据包一律拒收。", peer.name, peer.device_id);
    Ok(())
}

pub fn export(
    ledger: &mut Ledger,
    dir: &Path,
    recipient: Option<&str>,
    part_bytes: u64,
    as_json: bool,
) -> Result<(), CliError> {
    let parts = export::export_in_parts(ledger, recipient, dir, part_bytes)?;
    if as_json {
        return output::json(&serde_json::to_value(&parts)?);
    }
    for (i, done) in parts.iter().enumerate() {
        let part = if parts.len() > 1 { format!("（第 {}/{} 包）", i + 1, parts.len()) } else { String::new() };
        if done.kind == xinfang_sync::returns::RETURN {
            errln!("已导出给 {} 的回执。", done.to_name);
        } else {
            errln!(
                "已导出第 {}–{} 条变更（{} 条）给 {}{part}。",
                done.first_seq,
                done.last_seq,
                done.entries,
                done.to_name
            );
        }
        outln!("{}", done.path.display());
    }
    if parts.len() > 1 {
        errln!("变更较多，分成了 {} 个数据包：请全部拷走，乡镇导入整个文件夹即可（按文件名顺序）。", parts.len());
    }
    Ok(())
}

/// Imports every file given (a folder: every bundle in it, in name order,
/// which is sequence order). A refused bundle is reported and the others still
/// go in; the exit code says whether any was refused.
pub fn import(ledger: &mut Ledger, inputs: &[PathBuf], as_json: bool) -> Result<(), CliError> {
    let files = xinfang_sync::commands::bundle_files(ledger.store.conn(), inputs)?;
    let mut results = Vec::new();
    let mut refused = 0;
    for file in &files {
        match import::import(ledger, file) {
            Ok(done) => {
                if !as_json {
                    match (done.outcome, done.acknowledged) {
                        (import::Outcome::Imported, Some(acked)) => outln!(
                            "{}：已收到 {} 的回执：对方已收到本机第 1–{acked} 条变更。{}",
                            file.display(),
                            done.from_name,
                            brought_back(done.new_entries)
                        ),
                        (import::Outcome::Imported, None) => outln!(
                            "{}：已导入 {} 的第 {}–{} 条变更，新增 {} 条。",
                            file.display(),
                            done.from_name,
                            done.first_seq,
                            done.last_seq,
                            done.new_entries
                        ),
                        (import::Outcome::AlreadyImported, _) => {
                            outln!("{}：这个数据包已经导入过，台账没有变化。", file.display())
                        }
                    }
                }
                results.push(serde_json::to_value(&done)?);
            }
            Err(e) => {
                refused += 1;
                errln!("错误：{}：{e}", file.display());
                results.push(json!({"path": file, "error": {"kind": e.kind(), "message": e.to_string()}}));
            }
        }
    }
    if as_json {
        output::json(&serde_json::Value::Array(results))?;
    }
    if refused > 0 { Err(CliError::SomeRefused { refused, total: files.len() }) } else { Ok(()) }
}

pub fn verify(ledger: &mut Ledger, file: &Path, as_json: bool) -> Result<(), CliError> {
    let v = import::verify(ledger, file)?;
    if as_json {
        return output::json(&serde_json::to_value(&v)?);
    }
    outln!(
        "数据包完好：来自 {}，第 {}–{} 条变更（{} 条），生成于 {}。{}",
        v.from_name,
        v.first_seq,
        v.last_seq,
        v.entries,
        v.created_at,
        if v.already_imported { "已经导入过。" } else { "尚未导入。" }
    );
    Ok(())
}

/// `xinfang serve`: prints the address it listens on (first line of
/// stdout, so scripts and tests can read the port), then serves.
pub fn serve(ledger: Ledger, listen: &str, limits: xinfang_sync::http::listen::Limits) -> Result<(), CliError> {
    let spool = xinfang_sync::local::work_dir(&ledger, "spool")?;
    xinfang_sync::http::server::run(listen, ledger, spool, limits, |addr| {
        outln!("正在监听 http://{addr}");
    })?;
    Ok(())
}

pub fn sync(ledger: &mut Ledger, server: &str, wait: u64, to: Option<&str>, as_json: bool) -> Result<(), CliError> {
    let retry = http::client::Retry { give_up_after: Duration::from_secs(wait), ..Default::default() };
    let done = http::client::sync(ledger, server, to, retry)?;
    if as_json {
        return output::json(&serde_json::to_value(&done)?);
    }
    match &done.sent {
        Some(sent) => outln!(
            "已上传第 {}–{} 条变更，乡镇新增 {} 条。{}",
            sent.first_seq,
            sent.last_seq,
            sent.new_entries,
            resumed(done.bundle_bytes, done.uploaded_bytes)
        ),
        None => outln!("没有需要上传的变更。"),
    }
    if let Some(acked) = done.returned.acknowledged {
        outln!("已收到回执：乡镇已收到本机第 1–{acked} 条变更。{}", brought_back(done.returned.new_entries));
    }
    Ok(())
}

/// Says so when part of the bundle had reached the township in an earlier run.
fn resumed(bundle_bytes: u64, uploaded_bytes: u64) -> String {
    if uploaded_bytes >= bundle_bytes {
        return String::new();
    }
    let mib = |b: u64| b as f64 / f64::from(1 << 20);
    format!("（断点续传：数据包共 {:.1} MiB，本次只发送了其余的 {:.1} MiB）", mib(bundle_bytes), mib(uploaded_bytes))
}

/// What a return bundle brought besides the acknowledgement.
fn brought_back(new_entries: u64) -> String {
    match new_entries {
        0 => String::new(),
        n => format!("带回乡镇对本村信访事项的 {n} 条交办、反馈。"),
    }
}

fn role_label(role: xinfang_sync::enrolment::Role) -> &'static str {
    match role {
        xinfang_sync::enrolment::Role::Village => "村信访员",
        xinfang_sync::enrolment::Role::Township => "乡镇信访办",
    }
}
