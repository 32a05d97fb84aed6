//! `xinfang attach`, `xinfang attachments`, `xinfang extract`: attaching a
//! file to a case, listing a case's attachments, saving one to a folder.
//! Each is one call of the core's `attachment_*` commands; this only reads
//! the arguments and lays out the answer.

use crate::error::CliError;
use crate::output;
use crate::report::{display_width, pad};
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use std::path::PathBuf;
use xinfang_core::{Ledger, dispatch};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// 签字协议书（须用 --agreement 指明属于哪一份协议）
    SignedAgreement,
    /// 证据材料
    Evidence,
    /// 履行凭证
    PerformanceProof,
    /// 其他材料
    Other,
}

impl KindArg {
    fn name(self) -> &'static str {
        match self {
            KindArg::SignedAgreement => "signed_agreement",
            KindArg::Evidence => "evidence",
            KindArg::PerformanceProof => "performance_proof",
            KindArg::Other => "other",
        }
    }
}

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// 信访事项 ID
    pub case: String,
    /// 要添加的文件（照片、扫描件、PDF）
    pub file: PathBuf,
    /// 附件类别
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// 说明，如“现场照片”
    #[arg(long)]
    pub caption: Option<String>,
    /// 所属调解协议的 ID（签字协议书、履行凭证）
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// 所属回访记录的 ID
    #[arg(long, value_name = "ID")]
    pub revisit: Option<String>,
    /// 经办人姓名
    #[arg(long)]
    pub by: String,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

/// Attaches the file; prints the new attachment's id.
pub fn attach(ledger: &mut Ledger, a: AttachArgs) -> Result<(), CliError> {
    let args = json!({
        "case_id": a.case,
        "path": a.file.to_string_lossy(),
        "kind": a.kind.name(),
        "caption": a.caption,
        "agreement_id": a.agreement,
        "revisit_id": a.revisit,
        "actor": a.by,
    });
    let added = dispatch(ledger, "attachment_add", args)?;
    if a.json {
        return output::json(&added);
    }
    outln!("{}", s(&added["id"]));
    Ok(())
}

/// The case's attachments in force, as a table or JSON.
pub fn list(ledger: &mut Ledger, case: &str, as_json: bool) -> Result<(), CliError> {
    let list = dispatch(ledger, "attachment_list", json!({ "id": case }))?;
    if as_json {
        return output::json(&list);
    }
    out!("{}", table(list.as_array().map(Vec::as_slice).unwrap_or_default()));
    Ok(())
}

/// Saves the attachment into `folder`; prints the file's path.
pub fn extract(ledger: &mut Ledger, id: &str, folder: &std::path::Path) -> Result<(), CliError> {
    let saved = dispatch(ledger, "attachment_extract", json!({ "id": id, "folder": folder.to_string_lossy() }))?;
    outln!("{}", s(&saved["path"]));
    Ok(())
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

const HEADINGS: [&str; 8] = ["编号", "类别", "说明", "文件名", "大小", "添加人", "添加时间", "是否在本机"];

fn table(items: &[Value]) -> String {
    if items.is_empty() {
        return "本件还没有附件。\n".to_owned();
    }
    let rows: Vec<[String; 8]> = items
        .iter()
        .map(|a| {
            [
                s(&a["id"]).to_owned(),
                s(&a["kind_label"]).to_owned(),
                s(&a["caption"]).to_owned(),
                s(&a["file_name"]).to_owned(),
                size(a["size"].as_u64().unwrap_or(0)),
                s(&a["added_by"]).to_owned(),
                s(&a["added_at"]).to_owned(),
                if a["present"].as_bool() == Some(true) { "是" } else { "否（内容尚未同步到本机）" }.to_owned(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..HEADINGS.len())
        .map(|i| rows.iter().map(|r| display_width(&r[i])).chain([display_width(HEADINGS[i])]).max().unwrap_or(0) + 2)
        .collect();
    let line = |cells: &[&str]| {
        let mut out: String = cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let mut out = format!("共 {} 个附件\n", rows.len());
    out.push_str(&line(&HEADINGS));
    for r in &rows {
        out.push_str(&line(&r.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    out
}

/// A size a clerk reads: 3.2 MB, 48 KB, 512 字节.
fn size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} 字节"),
        1024..1_048_576 => format!("{} KB", bytes.div_ceil(1024)),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_clerk_says_them() {
        assert_eq!(size(512), "512 字节");
        assert_eq!(size(48 * 1024 + 1), "49 KB");
        assert_eq!(size(3 * 1_048_576 + 200_000), "3.2 MB");
    }

    #[test]
    fn the_table_has_the_chinese_columns_and_says_what_is_missing() {
        let rows = [json!({"id": "a1", "kind_label": "证据材料", "caption": "现场照片", "file_name": "田埂.png",
            "size": 2048, "added_by": "李某", "added_at": "2026-11-24T09:00:00+08:00", "present": false})];
        let t = table(&rows);
        assert!(t.starts_with("共 1 个附件\n编号"), "{t}");
        for word in ["类别", "说明", "文件名", "大小", "添加人", "添加时间", "是否在本机", "现场照片", "2 KB", "否（"]
        {
            assert!(t.contains(word), "{word} missing from {t}");
        }
        assert_eq!(table(&[]), "本件还没有附件。\n");
    }
}
