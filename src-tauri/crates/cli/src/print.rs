//! `xinfang print`: the legal forms as A4 PDFs (人民调解协议书, 双向承诺书,
//! 口头协议登记表, 受理登记表, 回访记录, the case file's cover and contents),
//! the statistics (信访工作统计表) and the liaison's one-page guide
//! (信访台账操作指南), typeset by `xinfang-print` from the
//! templates in `assets/templates/`.

use crate::error::CliError;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use xinfang_core::Ledger;
use xinfang_print::output::{file_name, free_path};
use xinfang_print::{Printer, from_ledger};

#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    /// 打印人民调解协议书（某一版本）为 A4 PDF
    Agreement {
        /// 调解协议 ID（某一版本）
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印某件信访事项的群众信访双向承诺书为 A4 PDF
    Commitment {
        /// 信访事项 ID
        case_id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印人民调解口头协议登记表（口头协议的某一版本）为 A4 PDF
    OralAgreement {
        /// 调解协议 ID（口头协议的某一版本）
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印一段时间的信访事项受理登记表（来访登记簿）为 A4 横向 PDF
    Register {
        /// 开始日期（含），如 2026-03-01
        #[arg(long, value_name = "DATE")]
        from: String,
        /// 结束日期（含），如 2026-03-31
        #[arg(long, value_name = "DATE")]
        to: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印一次回访的回访记录为 A4 PDF
    Revisit {
        /// 回访记录 ID
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印某件信访事项的卷宗封面和卷宗目录为 A4 PDF
    CaseFile {
        /// 信访事项 ID
        case_id: String,
        /// 立卷人（不填则留空，手写）
        #[arg(long, value_name = "NAME")]
        filed_by: Option<String>,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印已登记的受理告知书（或转送、法定途径、不予受理告知书）为 A4 PDF
    Notice {
        /// 文书 ID（paper_add 登记的告知书）
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印已登记的信访事项处理意见书为 A4 PDF
    Answer {
        /// 文书 ID（paper_add 登记的处理意见书）
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印已签订的书面调解协议的司法确认申请书为 A4 PDF（各方当事人身份信息完整，记入查阅记录）
    Confirmation {
        /// 调解协议 ID（已签订的版本）
        agreement_id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印已登记的人民调解申请书（或口头申请记录）为 A4 PDF
    Application {
        /// 文书 ID（paper_add 登记的调解申请）
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印已登记的当事人权利义务告知书为 A4 PDF
    RightsNotice {
        /// 文书 ID（paper_add 登记的权利义务告知书）
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印已登记的调查记录为 A4 PDF
    Investigation {
        /// 文书 ID（paper_add 登记的调查记录）
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印已登记的调解记录为 A4 PDF
    MediationRecord {
        /// 文书 ID（paper_add 登记的调解记录）
        id: String,
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 打印一段时间的信访工作统计表为 A4 PDF（可只统计某几个村）
    Report {
        /// 开始日期（含），如 2026-01-01
        #[arg(long, value_name = "DATE")]
        from: String,
        /// 结束日期（含），如 2026-06-30
        #[arg(long, value_name = "DATE")]
        to: String,
        /// 只统计这个村（可重复，如 --village 石岩哨村 --village 上坝村）；不填则统计全部
        #[arg(long = "village", value_name = "NAME")]
        villages: Vec<String>,
        /// 写入的 PDF 文件；不填则以报表名称存到当前文件夹，不覆盖已有文件
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// 打印本机的一页纸操作指南（五步法、办理时限、同步、备份、联系电话）为 A4 PDF
    Guide {
        /// 写入的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

/// Renders the document and writes it to `--out` (whole or not at all:
/// `files::write_whole`, flushed to disk before it takes the real name);
/// prints the path.
pub fn run(ledger: &mut Ledger, command: PrintCommand) -> Result<(), CliError> {
    let (pdf, out) = match command {
        PrintCommand::Agreement { id, out } => {
            let doc = from_ledger::agreement(ledger, &id)?;
            (Printer::new()?.agreement(&doc)?.pdf()?, out)
        }
        PrintCommand::Commitment { case_id, out } => {
            let doc = from_ledger::commitment(ledger, &case_id)?;
            (Printer::new()?.commitment(&doc)?.pdf()?, out)
        }
        PrintCommand::OralAgreement { id, out } => {
            let doc = from_ledger::oral_agreement(ledger, &id)?;
            (Printer::new()?.oral_agreement(&doc)?.pdf()?, out)
        }
        PrintCommand::Register { from, to, out } => {
            let doc = from_ledger::register(ledger, &from, &to)?;
            (Printer::new()?.register(&doc)?.pdf()?, out)
        }
        PrintCommand::Revisit { id, out } => {
            let doc = from_ledger::revisit(ledger, &id)?;
            (Printer::new()?.revisit(&doc)?.pdf()?, out)
        }
        PrintCommand::CaseFile { case_id, filed_by, out } => {
            let doc = from_ledger::case_file(ledger, &case_id, filed_by.as_deref())?;
            (Printer::new()?.case_file(&doc)?.pdf()?, out)
        }
        PrintCommand::Notice { id, out } => {
            let doc = from_ledger::notice(ledger, &id)?;
            (Printer::new()?.notice(&doc)?.pdf()?, out)
        }
        PrintCommand::Answer { id, out } => {
            let doc = from_ledger::answer(ledger, &id)?;
            (Printer::new()?.answer(&doc)?.pdf()?, out)
        }
        PrintCommand::Confirmation { agreement_id, out } => {
            let doc = from_ledger::confirmation(ledger, &agreement_id)?;
            (Printer::new()?.confirmation(&doc)?.pdf()?, out)
        }
        PrintCommand::Application { id, out } => record(ledger, &id, "application", out)?,
        PrintCommand::RightsNotice { id, out } => record(ledger, &id, "rights_notice", out)?,
        PrintCommand::Investigation { id, out } => record(ledger, &id, "investigation", out)?,
        PrintCommand::MediationRecord { id, out } => record(ledger, &id, "mediation_record", out)?,
        PrintCommand::Report { from, to, villages, out } => {
            let doc = from_ledger::report(ledger, &from, &to, &villages)?;
            let pdf = Printer::new()?.report(&doc)?.pdf()?;
            // Without --out, the report is named after itself, next to the
            // earlier copies rather than over them.
            let out = match out {
                Some(out) => out,
                None => {
                    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                    free_path(&here, &file_name(&doc.title()))
                }
            };
            (pdf, out)
        }
        PrintCommand::Guide { out } => {
            let doc = from_ledger::quick_guide(ledger)?;
            (Printer::new()?.quick_guide(&doc)?.pdf()?, out)
        }
    };
    write_pdf(&out, &pdf)?;
    outln!("{}", out.display());
    Ok(())
}

/// A record of the mediation file, which must be of `kind`.
fn record(ledger: &mut Ledger, id: &str, kind: &str, out: PathBuf) -> Result<(Vec<u8>, PathBuf), CliError> {
    let doc = from_ledger::record(ledger, id, kind)?;
    Ok((Printer::new()?.record(&doc)?.pdf()?, out))
}

pub(crate) fn write_pdf(out: &Path, pdf: &[u8]) -> Result<(), CliError> {
    xinfang_core::files::write_whole(out, pdf)
        .map_err(|source| CliError::WriteOutput { path: out.to_path_buf(), source })
}
