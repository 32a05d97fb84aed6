//! Bundles on a USB stick or in a folder: export one, import files or whole
//! folders. An import reports each file on its own: a refused file gives its
//! reason and changes nothing, and the files after it still go in.

use super::invalid;
use crate::error::{Error, Result};
use crate::export::{self, Exported};
use crate::import::{self, Imported, Outcome};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;
use xinfang_core::Ledger;
use xinfang_core::store::peers;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SyncExport {
    /// The folder to write into (a USB stick).
    pub dir: String,
    /// The recipient's device id: required at the township (which village),
    /// a village may leave it out (its township).
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportedBundle {
    /// The file written.
    pub path: String,
    pub file_name: String,
    /// `changes` (a village's changes) or `return` (the township's 回执).
    pub kind: String,
    pub to_device: String,
    pub to_name: String,
    /// The range of this device's change log carried (none for a return).
    #[ts(type = "number")]
    pub first_seq: i64,
    #[ts(type = "number")]
    pub last_seq: i64,
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl From<Exported> for ExportedBundle {
    fn from(e: Exported) -> Self {
        ExportedBundle {
            file_name: e.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            path: e.path.display().to_string(),
            kind: e.kind,
            to_device: e.to_device,
            to_name: e.to_name,
            first_seq: e.first_seq,
            last_seq: e.last_seq,
            entries: e.entries,
            bytes: e.bytes,
        }
    }
}

/// Writes the next bundle, or for a large export its parts (each whole in
/// itself, imported in name order).
pub fn export(ledger: &mut Ledger, args: SyncExport) -> Result<Vec<ExportedBundle>> {
    let dir = args.dir.trim();
    if dir.is_empty() {
        return Err(invalid("dir", "导出位置", "请选择 U 盘或填写一个文件夹"));
    }
    if !Path::new(dir).is_dir() {
        return Err(invalid("dir", "导出位置", format!("文件夹 {dir} 不存在，请检查 U 盘是否插好或路径是否正确")));
    }
    let to = args.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
    Ok(export::export_in_parts(ledger, to, Path::new(dir), export::PART_BYTES)?.into_iter().map(Into::into).collect())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SyncImport {
    /// Bundle files, or folders whose every `.xfb` is imported in name order.
    pub paths: Vec<String>,
}

/// What became of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileOutcome {
    /// New entries (or a return bundle's acknowledgement) are in the ledger.
    Imported,
    /// This very bundle was imported before: nothing changed.
    AlreadyImported,
    /// Refused, with its reason: nothing changed.
    Refused,
}

/// A bundle read into the ledger (or found imported already).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedBundle {
    /// `changes` or `return`.
    pub kind: String,
    pub from_device: String,
    pub from_name: String,
    #[ts(type = "number")]
    pub first_seq: i64,
    #[ts(type = "number")]
    pub last_seq: i64,
    /// Entries new to this ledger.
    #[ts(type = "number")]
    pub new_entries: u64,
    /// Entries it held already (from an earlier, overlapping bundle).
    #[ts(type = "number")]
    pub already_held: u64,
    /// For a return bundle (回执): how much of this device's log the township holds.
    #[ts(type = "number | null")]
    pub acknowledged: Option<i64>,
}

impl From<Imported> for ImportedBundle {
    fn from(i: Imported) -> Self {
        ImportedBundle {
            kind: i.kind,
            from_device: i.from_device,
            from_name: i.from_name,
            first_seq: i.first_seq,
            last_seq: i.last_seq,
            new_entries: i.new_entries,
            already_held: i.already_held,
            acknowledged: i.acknowledged,
        }
    }
}

/// Why a file was refused: the error's kind and its Chinese message.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Refusal {
    pub kind: String,
    pub message: String,
}

impl From<&Error> for Refusal {
    fn from(e: &Error) -> Self {
        Refusal { kind: e.kind().to_owned(), message: e.to_string() }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportedFile {
    pub path: String,
    pub file_name: String,
    pub outcome: FileOutcome,
    /// The bundle, unless refused.
    pub bundle: Option<ImportedBundle>,
    /// The reason, when refused.
    pub refusal: Option<Refusal>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// One per file, in the order imported.
    pub files: Vec<ImportedFile>,
    #[ts(type = "number")]
    pub imported: usize,
    #[ts(type = "number")]
    pub already_imported: usize,
    #[ts(type = "number")]
    pub refused: usize,
}

pub fn import(ledger: &mut Ledger, args: SyncImport) -> Result<ImportReport> {
    let inputs: Vec<PathBuf> =
        args.paths.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).map(PathBuf::from).collect();
    if inputs.is_empty() {
        return Err(invalid("paths", "数据包位置", "请选择 U 盘或填写数据包文件、文件夹的位置"));
    }
    let files = bundle_files(ledger.store.conn(), &inputs)?;
    let mut report = ImportReport { files: Vec::new(), imported: 0, already_imported: 0, refused: 0 };
    for file in files {
        let file_name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = file.display().to_string();
        let entry = match import::import(ledger, &file) {
            Ok(done) => {
                let outcome = match done.outcome {
                    Outcome::Imported => FileOutcome::Imported,
                    Outcome::AlreadyImported => FileOutcome::AlreadyImported,
                };
                ImportedFile { path, file_name, outcome, bundle: Some(done.into()), refusal: None }
            }
            Err(e) => ImportedFile {
                path,
                file_name,
                outcome: FileOutcome::Refused,
                bundle: None,
                refusal: Some(Refusal::from(&e)),
            },
        };
        match entry.outcome {
            FileOutcome::Imported => report.imported += 1,
            FileOutcome::AlreadyImported => report.already_imported += 1,
            FileOutcome::Refused => report.refused += 1,
        }
        report.files.push(entry);
    }
    Ok(report)
}

/// The files to import: each file as given, and for a folder every bundle
/// (`.xfb`) in it, in name order (which is sequence order: the names carry
/// the date and range), except those this device wrote itself (a stick
/// carries both directions). Nothing found at all is refused.
pub fn bundle_files(conn: &rusqlite::Connection, inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let read = |source| Error::Io { action: "读取文件夹中的", path: input.clone(), source };
            let bundles: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(read)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == export::EXTENSION) && p.is_file())
                .collect();
            let mut found = Vec::with_capacity(bundles.len());
            for p in bundles {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if !peers::wrote_bundle_file(conn, &name)? {
                    found.push(p);
                }
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    if files.is_empty() {
        let folders: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        return Err(invalid("paths", "数据包位置", format!("{} 里没有找到数据包（.xfb 文件）", folders.join("、"))));
    }
    Ok(files)
}
