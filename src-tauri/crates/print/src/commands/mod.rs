//! The print commands (打印) for the desktop app: preview, save as PDF and
//! send to a printer, each for a document named by a [`PrintRequest`]. The
//! data comes from the ledger through [`from_ledger`](crate::from_ledger); a
//! printed or saved agreement is recorded on its case (`agreement_printed`)
//! with the fingerprint the paper carries.

use crate::output::{file_name, free_path, write_pdf};
use crate::system_printer::{self, SystemPrinter};
use crate::{Error, Printer, Rendered, Result, from_ledger};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;
use xinfang_core::Ledger;
use xinfang_core::commands::{AgreementId, AgreementPrinted, CommandInfo, NoArgs, PaperId};
use xinfang_core::domain::agreement::{AgreementForm, PrintMedium};

/// Which document to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "document", rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum PrintRequest {
    /// One agreement version: the 人民调解协议书 of a written agreement, the
    /// 人民调解口头协议登记表 of an oral one.
    Agreement { id: String },
    /// 群众信访双向承诺书 of a case.
    Commitment { case_id: String },
    /// 信访事项受理登记表: what was received from `from` to `to` (YYYY-MM-DD).
    Register { from: String, to: String },
    /// 回访记录 of one revisit.
    Revisit { id: String },
    /// 卷宗: the case file's cover and its list of contents.
    CaseFile { case_id: String },
    /// The 15-day notice recorded as paper `id` (受理 / 转送 / 法定途径 /
    /// 不予受理告知书).
    Notice { id: String },
    /// 信访事项处理意见书 recorded as paper `id`.
    Answer { id: String },
    /// 司法确认申请书 of a signed written agreement.
    Confirmation { agreement_id: String },
    /// A record of the mediation file kept as paper `id`: 人民调解申请书,
    /// 当事人权利义务告知书, 调查记录 or 调解记录.
    Record { id: String },
    /// 信访工作统计表: the statistics from `from` to `to` (YYYY-MM-DD) over
    /// `villages` (all when empty).
    Report {
        from: String,
        to: String,
        #[serde(default)]
        villages: Vec<String>,
    },
    /// 信访台账操作指南: the one-page guide for this device's liaison.
    QuickGuide,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PrintPreview {
    pub request: PrintRequest,
}

/// The document as it will print: one SVG per A4 page.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PrintPreviewed {
    /// e.g. 人民调解协议书（2026）石岩哨村人调字第1号
    pub title: String,
    pub pages: Vec<String>,
    /// The agreement's content fingerprint, when the document is one.
    pub fingerprint: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PrintSave {
    pub request: PrintRequest,
    /// The folder to save into; the file is named after the document.
    pub folder: String,
    /// PDF/A-2b for the archive (存档) instead of a plain PDF.
    #[serde(default)]
    pub archive: bool,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PrintSaved {
    pub path: String,
    pub pages: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PrintSend {
    pub request: PrintRequest,
    /// The printer's name; the system's default printer when absent.
    #[serde(default)]
    pub printer: Option<String>,
    pub copies: u32,
    pub actor: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PrintSent {
    /// The spooler's job id (e.g. Office-12), empty where the system gives none.
    pub job: String,
    pub pages: u32,
}

/// Where a document can go: the printers, and a folder to suggest for saving.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PrintTargets {
    pub printers: Vec<SystemPrinter>,
    /// Why no printer can be listed (no print service installed), if so.
    pub problem: Option<String>,
    /// The person's documents folder, or home.
    pub folder: Option<String>,
}

/// Most copies one print job may ask for.
pub const MAX_COPIES: u32 = 20;

macro_rules! print_commands {
    ($( #[doc = $doc:literal] [$access:ident] $name:ident($args:ty) -> $out:ty = $handler:path; )*) => {
        /// Who may run the print command `name` (None: not a print command).
        pub fn access(name: &str) -> Option<xinfang_core::access::Access> {
            match name {
                $( stringify!($name) => Some(xinfang_core::access::Access::$access), )*
                _ => None,
            }
        }

        /// Runs the print command `name` with JSON `args`.
        pub fn dispatch(ledger: &mut Ledger, printer: &Printer, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
            if let Some(access) = access(name) {
                xinfang_core::access::permit(ledger.account.as_ref(), access)?;
            }
            run(ledger, printer, name, args)
        }

        /// [`dispatch`] without the access check, for the router that made it already.
        pub fn run(ledger: &mut Ledger, printer: &Printer, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
            match name {
                $( stringify!($name) => {
                    let args: $args = xinfang_core::commands::args::parse(name, args)?;
                    let out: $out = $handler(ledger, printer, args)?;
                    serde_json::to_value(out).map_err(|e| Error::Data(e.to_string()))
                } )*
                other => Err(Error::Data(format!("没有名为 {other} 的打印命令"))),
            }
        }

        /// The print commands, their summaries and argument shapes.
        pub fn catalogue() -> Vec<CommandInfo> {
            vec![ $( CommandInfo::of::<$args, $out>(stringify!($name), $doc, xinfang_core::access::Access::$access) ),* ]
        }
    };
}

print_commands! {
    /// 打印预览：文书排版后的每一页
    [Read] print_preview(PrintPreview) -> PrintPreviewed = preview;
    /// 另存为 PDF（或存档用 PDF/A）到指定文件夹；调解协议记入打印记录
    [Print] print_save(PrintSave) -> PrintSaved = save;
    /// 送系统打印机打印；调解协议记入打印记录
    [Print] print_send(PrintSend) -> PrintSent = send;
    /// 本机的打印机和建议的保存位置
    [Read] print_targets(NoArgs) -> PrintTargets = targets;
}


/// A document typeset from the ledger, with what is needed to name and record it.
struct Prepared {
    rendered: Rendered,
    title: String,
    /// The agreement version and its fingerprint, for the print record.
    agreement: Option<(String, String)>,
}

fn prepare(ledger: &mut Ledger, printer: &Printer, request: &PrintRequest) -> Result<Prepared> {
    let plain = |rendered, title: String| Prepared { rendered, title, agreement: None };
    if !matches!(request, PrintRequest::Report { .. } | PrintRequest::QuickGuide) {
        xinfang_core::access::permit_personal_document(ledger.account.as_ref())?;
    }
    Ok(match request {
        PrintRequest::Agreement { id } => {
            let form = ledger.typed().agreement_show(AgreementId { id: id.clone() })?.agreement.form;
            let (rendered, title, fingerprint) = if form == AgreementForm::Oral {
                let doc = from_ledger::oral_agreement(ledger, id)?;
                let title = versioned(format!("人民调解口头协议登记表{}", doc.number), &doc.version_note);
                (printer.oral_agreement(&doc)?, title, doc.fingerprint)
            } else {
                let doc = from_ledger::agreement(ledger, id)?;
                let title = format!("人民调解协议书{}", doc.number.as_deref().unwrap_or("（草稿）"));
                (printer.agreement(&doc)?, versioned(title, &doc.version_note), doc.fingerprint)
            };
            let fingerprint = fingerprint.ok_or_else(|| Error::Data("协议缺少内容指纹".into()))?;
            Prepared { rendered, title, agreement: Some((id.clone(), fingerprint)) }
        }
        PrintRequest::Commitment { case_id } => {
            let doc = from_ledger::commitment(ledger, case_id)?;
            plain(printer.commitment(&doc)?, format!("群众信访双向承诺书{}", doc.case_number))
        }
        PrintRequest::Register { from, to } => {
            let doc = from_ledger::register(ledger, from, to)?;
            plain(printer.register(&doc)?, format!("信访事项受理登记表{from}至{to}"))
        }
        PrintRequest::Revisit { id } => {
            let doc = from_ledger::revisit(ledger, id)?;
            let title = format!("回访记录{}{}", doc.case_number, doc.visited_on.as_deref().unwrap_or(""));
            plain(printer.revisit(&doc)?, title)
        }
        PrintRequest::CaseFile { case_id } => {
            let doc = from_ledger::case_file(ledger, case_id, None)?;
            plain(printer.case_file(&doc)?, format!("卷宗{}", doc.case_number))
        }
        PrintRequest::Notice { id } => {
            let doc = from_ledger::notice(ledger, id)?;
            plain(printer.notice(&doc)?, format!("{}{}", doc.title, doc.case_number))
        }
        PrintRequest::Answer { id } => {
            let doc = from_ledger::answer(ledger, id)?;
            plain(printer.answer(&doc)?, format!("信访事项处理意见书{}", doc.case_number))
        }
        PrintRequest::Record { id } => {
            let kind = ledger.typed().paper_show(PaperId { id: id.clone() })?.paper.content.kind();
            let doc = from_ledger::record(ledger, id, kind)?;
            plain(printer.record(&doc)?, format!("{}{}", doc.title, doc.case_number))
        }
        PrintRequest::Confirmation { agreement_id } => {
            let doc = from_ledger::confirmation(ledger, agreement_id)?;
            plain(printer.confirmation(&doc)?, format!("司法确认申请书{}", doc.agreement_number))
        }
        PrintRequest::Report { from, to, villages } => {
            let doc = from_ledger::report(ledger, from, to, villages)?;
            plain(printer.report(&doc)?, doc.title())
        }
        PrintRequest::QuickGuide => {
            let doc = from_ledger::quick_guide(ledger)?;
            plain(printer.quick_guide(&doc)?, doc.title())
        }
    })
}

/// A corrected version's title says which version: 人民调解协议书（2026）…号第2版.
fn versioned(title: String, version_note: &Option<String>) -> String {
    match version_note {
        Some(note) => format!("{title}{}", note.split('（').next().unwrap_or(note)),
        None => title,
    }
}

/// Records that an agreement left the ledger on paper or as a file.
fn record(ledger: &mut Ledger, prepared: &Prepared, medium: PrintMedium, actor: &str) -> Result<()> {
    if let Some((id, fingerprint)) = &prepared.agreement {
        let printed =
            AgreementPrinted { id: id.clone(), fingerprint: fingerprint.clone(), medium, actor: actor.to_owned() };
        ledger.typed().agreement_printed(printed)?;
    }
    Ok(())
}

fn required_actor(actor: &str) -> Result<&str> {
    let actor = actor.trim();
    if actor.is_empty() {
        return Err(Error::Data("请先填写经办人".into()));
    }
    Ok(actor)
}

fn preview(ledger: &mut Ledger, printer: &Printer, args: PrintPreview) -> Result<PrintPreviewed> {
    let prepared = prepare(ledger, printer, &args.request)?;
    Ok(PrintPreviewed {
        pages: prepared.rendered.svg_pages(),
        fingerprint: prepared.agreement.as_ref().map(|(_, f)| f.clone()),
        title: prepared.title,
    })
}

fn save(ledger: &mut Ledger, printer: &Printer, args: PrintSave) -> Result<PrintSaved> {
    let actor = required_actor(&args.actor)?;
    let folder = PathBuf::from(args.folder.trim());
    if args.folder.trim().is_empty() || !folder.is_dir() {
        return Err(Error::Output {
            path: folder,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "文件夹不存在"),
        });
    }
    let prepared = prepare(ledger, printer, &args.request)?;
    let pdf = if args.archive { prepared.rendered.archive_pdf()? } else { prepared.rendered.pdf()? };
    let path = free_path(&folder, &file_name(&prepared.title));
    write_pdf(&path, &pdf)?;
    // The file is whole on disk before the ledger says it was saved.
    record(ledger, &prepared, PrintMedium::Pdf, actor)?;
    Ok(PrintSaved { path: path.display().to_string(), pages: prepared.rendered.page_count() as u32 })
}

fn send(ledger: &mut Ledger, printer: &Printer, args: PrintSend) -> Result<PrintSent> {
    let actor = required_actor(&args.actor)?;
    if !(1..=MAX_COPIES).contains(&args.copies) {
        return Err(Error::Data(format!("打印份数应为 1 到 {MAX_COPIES} 份")));
    }
    let prepared = prepare(ledger, printer, &args.request)?;
    let pdf = prepared.rendered.pdf()?;
    // The spooler takes its own copy when the job is submitted; ours, which
    // holds residents' details, is removed at once.
    let dir = std::env::temp_dir().join("xinfang-print");
    std::fs::create_dir_all(&dir).map_err(|source| Error::Output { path: dir.clone(), source })?;
    let path = dir.join(format!("{}.pdf", xinfang_core::store::new_id()));
    write_pdf(&path, &pdf)?;
    let printer_name = args.printer.as_deref().filter(|p| !p.is_empty());
    let job = system_printer::send(&path, printer_name, args.copies, &prepared.title);
    let _ = std::fs::remove_file(&path);
    let job = job?;
    record(ledger, &prepared, PrintMedium::Paper, actor)?;
    Ok(PrintSent { job, pages: prepared.rendered.page_count() as u32 })
}

fn targets(_: &mut Ledger, _: &Printer, _: NoArgs) -> Result<PrintTargets> {
    let (printers, problem) = match system_printer::list() {
        Ok(p) => (p, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).map(PathBuf::from);
    let folder = home.map(|h| documents_folder(&h));
    Ok(PrintTargets { printers, problem, folder: folder.map(|f| f.display().to_string()) })
}

/// The person's documents folder: 文档 on a Chinese desktop, Documents on
/// others; home only when neither exists. (A USB stick, when one is in, is
/// offered beside it by the dialog, from the sync crate's places.)
fn documents_folder(home: &std::path::Path) -> PathBuf {
    ["文档", "Documents"].iter().map(|d| home.join(d)).find(|d| d.is_dir()).unwrap_or_else(|| home.to_path_buf())
}

#[cfg(test)]
mod tests;
