//! The sheets commands for the desktop app: save the report as an Excel
//! workbook, and preview or import an existing Excel ledger. The app's
//! `call` and `xinfang call` route these names here (see
//! [`access`]); everything they record goes through the core.

use crate::columns::Column;
use crate::output::{file_name, free_path};
use crate::read::{self, LeftOut, SheetNote, Workbook};
use crate::{Error, Result, report_xlsx};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;
use xinfang_core::Ledger;
use xinfang_core::commands::{
    CommandInfo, ImportMapping, ImportedRow, LedgerImport, LedgerImported, ReportQuery, RowError, Unmapped,
};
use xinfang_core::report::{ALL_VILLAGES, Report};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ReportXlsx {
    pub query: ReportQuery,
    /// The folder to save into; the file is named after the report.
    pub folder: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct XlsxSaved {
    pub path: String,
}

/// An Excel ledger to preview or import.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct LedgerFile {
    /// The .xlsx or .xls file.
    pub path: String,
    /// Who imports: the receiver of rows whose sheet names none.
    pub actor: String,
    /// The clerk's words mapped to the ledger's (added to those remembered
    /// from earlier imports, and remembered with them once imported).
    #[serde(default)]
    pub mapping: Option<ImportMapping>,
}

/// A recognised column: its name in the ledger and the header the sheet gave it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MappedColumn {
    pub column: String,
    pub header: String,
}

/// What a sheet holds and what importing it does (or did).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LedgerPreview {
    pub path: String,
    /// Every sheet of the workbook: read, or left out and why.
    pub sheets: Vec<SheetNote>,
    pub columns: Vec<MappedColumn>,
    /// Headers not recognised, left out.
    pub ignored: Vec<String>,
    /// Rows under a header that are not entries (合计, 注：…), left out.
    pub left_out: Vec<LeftOut>,
    /// The rows that passed every check, as recorded (ID numbers and phones masked).
    pub rows: Vec<ImportedRow>,
    /// Every problem, by row; the import writes nothing while there is one.
    pub errors: Vec<RowError>,
    /// The sheet's own words to map before anything is written, each once.
    pub unmapped: Unmapped,
    /// The mapping applied (remembered and given).
    pub mapping: ImportMapping,
    /// Cells kept out of rows that are imported (an ID number Excel stored
    /// as a number): the list to follow up.
    pub gaps: Vec<RowError>,
    /// Cases written (0 for a preview).
    pub recorded: u32,
    /// Rows already in the ledger, skipped.
    pub skipped: u32,
    pub dry_run: bool,
}

macro_rules! sheets_commands {
    ($( #[doc = $doc:literal] [$access:ident] $name:ident($args:ty) -> $out:ty = $handler:path; )*) => {
        /// Who may run the sheets command `name` (None: not a sheets command).
        pub fn access(name: &str) -> Option<xinfang_core::access::Access> {
            match name {
                $( stringify!($name) => Some(xinfang_core::access::Access::$access), )*
                _ => None,
            }
        }

        /// Runs the sheets command `name` with JSON `args`.
        pub fn dispatch(ledger: &mut Ledger, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
            if let Some(access) = access(name) {
                xinfang_core::access::permit(ledger.account.as_ref(), access)?;
            }
            run(ledger, name, args)
        }

        /// [`dispatch`] without the access check, for the router that made it already.
        pub fn run(ledger: &mut Ledger, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
            match name {
                $( stringify!($name) => {
                    let args: $args = xinfang_core::commands::args::parse(name, args)?;
                    let out: $out = $handler(ledger, args)?;
                    serde_json::to_value(out).map_err(|e| Error::Args(e.to_string()))
                } )*
                other => Err(Error::Args(format!("没有名为 {other} 的表格命令"))),
            }
        }

        /// The sheets commands, their summaries and argument shapes.
        pub fn catalogue() -> Vec<CommandInfo> {
            vec![ $( CommandInfo::of::<$args, $out>(stringify!($name), $doc, xinfang_core::access::Access::$access) ),* ]
        }
    };
}

sheets_commands! {
    /// 统计报表另存为 Excel（.xlsx）到指定文件夹，不覆盖已有文件
    [Lead] report_xlsx(ReportXlsx) -> XlsxSaved = save_report;
    /// 台账导入预览：读取 Excel 台账，列出将登记的各行和每行的错误，不写入
    [Work] ledger_import_preview(LedgerFile) -> LedgerPreview = preview;
    /// 台账导入：Excel 台账各行登记为信访事项；有任何错误则一行也不导入，已在台账中的行跳过
    [Work] ledger_import(LedgerFile) -> LedgerPreview = import;
}


/// The report's file name: 路居镇信访工作统计2009-01-01至2009-06-30, with
/// the villages when it covers only some.
pub fn report_title(r: &Report) -> String {
    let scope = if r.scope_label == ALL_VILLAGES { String::new() } else { format!("（{}）", r.scope_label) };
    format!("{}信访工作统计{}至{}{scope}", r.ledger_name, r.from, r.to)
}

fn save_report(ledger: &mut Ledger, args: ReportXlsx) -> Result<XlsxSaved> {
    let folder = PathBuf::from(args.folder.trim());
    if args.folder.trim().is_empty() || !folder.is_dir() {
        return Err(Error::Output {
            path: folder,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "文件夹不存在"),
        });
    }
    let report = ledger.typed().report_show(args.query)?;
    let path = free_path(&folder, &file_name(&report_title(&report)));
    report_xlsx::save_new(&path, &report)?;
    Ok(XlsxSaved { path: path.display().to_string() })
}

/// Reads the workbook and checks every row; writes nothing.
pub fn preview(ledger: &mut Ledger, args: LedgerFile) -> Result<LedgerPreview> {
    let book = read::read(Path::new(args.path.trim()))?;
    check(ledger, &args, book)
}

/// Imports only a workbook whose preview shows no error and nothing left
/// to map, so the refusal and the preview always agree.
pub fn import(ledger: &mut Ledger, args: LedgerFile) -> Result<LedgerPreview> {
    let book = read::read(Path::new(args.path.trim()))?;
    let checked = check(ledger, &args, book.clone())?;
    if let Some(first) = checked.errors.first() {
        return Err(Error::Cells { count: checked.errors.len(), first: first.message.clone() });
    }
    if !checked.unmapped.is_empty() {
        return Err(Error::Unmapped { count: checked.unmapped.count(), words: unmapped_words(&checked.unmapped) });
    }
    let done = rows(ledger, &args, &book, false)?;
    Ok(LedgerPreview { rows: done.rows, recorded: done.recorded, skipped: done.skipped, dry_run: false, ..checked })
}

/// The words still to map, for a message: 类别“民政”“水利”；方式“群众来访”.
fn unmapped_words(u: &Unmapped) -> String {
    let kinds = [("类别", &u.category), ("方式", &u.channel), ("办理情况", &u.outcome)];
    let each = kinds.iter().filter(|(_, w)| !w.is_empty()).map(|(kind, words)| {
        let quoted: Vec<String> = words.iter().take(8).map(|w| format!("“{w}”")).collect();
        format!("{kind}{}{}", quoted.join(""), if words.len() > 8 { "……" } else { "" })
    });
    each.collect::<Vec<_>>().join("；")
}

/// The core's dry run over the workbook's rows, with the workbook's own problems.
fn check(ledger: &mut Ledger, args: &LedgerFile, book: Workbook) -> Result<LedgerPreview> {
    let outcome = rows(ledger, args, &book, true)?;
    let at = |e: &RowError, row: u32, sheet: &Option<String>| e.row == row && e.sheet == *sheet;
    let spoiled = |e: &RowError| book.errors.iter().any(|s| at(s, e.row, &e.sheet) && s.column == e.column);
    // A cell the workbook spoiled was passed on empty: its error, not the core's "不能为空", is the one to fix.
    let mut errors: Vec<RowError> =
        outcome.errors.into_iter().filter(|e| !spoiled(e)).chain(book.errors.iter().cloned()).collect();
    let sheet_order = |s: &Option<String>| book.sheets.iter().position(|n| Some(&n.name) == s.as_ref());
    errors.sort_by_key(|e| (sheet_order(&e.sheet), e.row, column_order(&e.column)));
    let rows = outcome.rows.into_iter().filter(|r| !book.errors.iter().any(|e| at(e, r.row, &r.sheet))).collect();
    Ok(LedgerPreview {
        path: args.path.trim().to_owned(),
        sheets: book.sheets,
        left_out: book.left_out,
        unmapped: outcome.unmapped,
        mapping: outcome.mapping,
        gaps: book.gaps,
        columns: book
            .columns
            .into_iter()
            .map(|(c, header)| MappedColumn { column: c.label().to_owned(), header })
            .collect(),
        ignored: book.ignored,
        rows,
        errors,
        recorded: 0,
        skipped: outcome.skipped,
        dry_run: true,
    })
}

fn rows(ledger: &mut Ledger, args: &LedgerFile, book: &Workbook, dry_run: bool) -> Result<LedgerImported> {
    let import =
        LedgerImport { rows: book.rows.clone(), actor: args.actor.clone(), dry_run, mapping: args.mapping.clone() };
    // The rows come from a workbook and the actor may come straight from the
    // command line: outside input, which `dispatch` checked and a typed call
    // does not, so the same text check runs here (cells are tidied on
    // reading, so it refuses only what tidying cannot reach).
    let value = serde_json::to_value(&import).map_err(xinfang_core::Error::Json)?;
    xinfang_core::commands::args::check_text("ledger_import_rows", &value)?;
    Ok(ledger.typed().ledger_import_rows(import)?)
}

/// Errors of one row in the columns' order.
fn column_order(label: &str) -> usize {
    Column::ALL.iter().position(|c| c.label() == label).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests;
