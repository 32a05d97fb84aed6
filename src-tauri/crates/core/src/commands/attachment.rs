//! Attachments (附件): a file attached to a case, an agreement version or a
//! revisit, listed on the case, extracted byte for byte, voided with a reason;
//! a photo is previewed from its display copy (显示副本), made when attached
//! or, for content that arrived by sync, when first shown.

use super::Ledger;
use crate::domain::agreement::AgreementStatus;
use crate::domain::attachment::{self, AttachmentKind, MAX_PER_CASE};
use crate::domain::display_copy::{self, Display};
use crate::domain::intake::{MAX_NAME_CHARS, MAX_SHORT_CHARS, optional_text, required_text};
use crate::error::{Error, Result};
use crate::files;
use crate::safe_name;
use crate::store::attachments::{self, AttachmentRow, DisplayLink};
use crate::store::case_views::ViewedPart;
use crate::store::{agreements, cases, new_id, revisits};
use base64::Engine;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export, optional_fields)]
pub struct AttachmentAdd {
    pub case_id: String,
    /// The file on this computer (a scan, a photo, a PDF).
    pub path: String,
    pub kind: AttachmentKind,
    #[serde(default)]
    pub caption: Option<String>,
    /// The agreement version a signed scan (or proof of performance) belongs to.
    #[serde(default)]
    pub agreement_id: Option<String>,
    #[serde(default)]
    pub revisit_id: Option<String>,
    /// Who attaches it.
    pub actor: String,
}

/// An attachment as the case page shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachmentView {
    #[serde(flatten)]
    pub row: AttachmentRow,
    /// e.g. 签字协议书
    pub kind_label: String,
    /// Whether the file's content is on this computer (a record can arrive
    /// from a village before the content does).
    pub present: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AttachmentExtract {
    pub id: String,
    /// The folder to save the file into, e.g. a USB stick.
    pub folder: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExtractedFile {
    pub path: String,
    #[ts(type = "number")]
    pub size: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AttachmentId {
    pub id: String,
}

/// A photo's picture for the case page.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AttachmentPreview {
    pub id: String,
    /// `image/jpeg` for a display copy; the original's type when it is
    /// small enough to be shown as it is.
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    /// The picture as a `data:` URL for an `<img>` (the app's CSP allows
    /// `data:` images; nothing is loaded from the network).
    pub data_url: String,
}

/// The picture shown for an attachment, with its bytes.
#[derive(Debug, Clone)]
pub struct Picture {
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AttachmentVoid {
    pub id: String,
    pub reason: String,
    pub actor: String,
}

pub fn view(conn: &rusqlite::Connection, row: AttachmentRow) -> Result<AttachmentView> {
    Ok(AttachmentView {
        kind_label: row.kind.label().to_owned(),
        present: attachments::has_content(conn, &row.hash)?,
        row,
    })
}

/// The case's attachments in force, in the order added.
pub fn for_case(conn: &rusqlite::Connection, case_id: &str) -> Result<Vec<AttachmentView>> {
    attachments::for_case(conn, case_id)?.into_iter().filter(|a| a.voided_at.is_none()).map(|a| view(conn, a)).collect()
}

pub fn add(ledger: &mut Ledger, input: AttachmentAdd) -> Result<AttachmentView> {
    let actor = required_text(&input.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let caption = optional_text(input.caption.as_deref(), "caption", "说明", MAX_SHORT_CHARS)?;
    let path = PathBuf::from(input.path.trim());
    let bytes = read_file(&path)?;
    let media_type = attachment::media_type(&bytes)?;
    // Kept as it will be written out: safe on any system, its extension the
    // content's (see `extract`, which makes sure again for records that came
    // from elsewhere).
    let original = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (stem, ext) = safe_name::for_content(&original, &bytes);
    let file_name = format!("{stem}.{ext}");
    // Decoded before the write, so the ledger is not held while a large
    // photo is scaled; a photo already here has its copy already.
    let shown = match attachments::display_of(ledger.store.conn(), &attachments::content_hash(&bytes))? {
        Some(_) => None,
        None => display_copy::display(&bytes, media_type),
    };
    ledger.store.write(ledger.clock, |w| {
        let conn = w.tx();
        let case = cases::get(conn, &input.case_id)?;
        if case.voided_at.is_some() {
            return Err(Error::refused("本件已作废，不能再添加附件。"));
        }
        if attachments::for_case(conn, &case.id)?.iter().filter(|a| a.voided_at.is_none()).count() >= MAX_PER_CASE {
            return Err(Error::refused(format!("一件信访事项最多保存 {MAX_PER_CASE} 个附件。")));
        }
        if let Some(id) = &input.agreement_id {
            let agreement = agreements::get(conn, id)?;
            if agreement.case_id != case.id {
                return Err(Error::invalid("agreement_id", "调解协议", "不是本件的协议"));
            }
            if input.kind == AttachmentKind::SignedAgreement && agreement.status == AgreementStatus::Draft {
                return Err(Error::invalid("agreement_id", "调解协议", "这份协议还是草稿，签订后才有签字协议书"));
            }
        } else if input.kind == AttachmentKind::SignedAgreement {
            return Err(Error::invalid("agreement_id", "调解协议", "签字协议书请选择它属于哪一份协议"));
        }
        if let Some(id) = &input.revisit_id
            && !revisits::for_case(conn, &case.id)?.iter().any(|r| &r.id == id)
        {
            return Err(Error::invalid("revisit_id", "回访记录", "不是本件的回访记录"));
        }
        let hash = attachments::put_content(conn, &bytes)?;
        if let Some(shown) = &shown {
            keep_display(conn, &hash, shown)?;
        }
        let row = AttachmentRow {
            id: new_id(),
            case_id: case.id,
            agreement_id: input.agreement_id.clone(),
            revisit_id: input.revisit_id.clone(),
            kind: input.kind,
            caption,
            file_name,
            media_type: media_type.to_owned(),
            size: bytes.len() as u64,
            hash,
            added_by: actor,
            added_at: w.now_text(),
            voided_at: None,
            void_reason: None,
        };
        attachments::save(w, &row, "insert")?;
        view(conn, row)
    })
}

/// Reads the file: a regular file only, at most [`attachment::MAX_BYTES`]
/// counted while reading (not the size the file claims), and not empty.
fn read_file(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str().is_empty() {
        return Err(Error::invalid("path", "文件", "请选择要添加的文件"));
    }
    let bytes = files::read_limited(path, attachment::MAX_BYTES).map_err(|e| match e {
        files::ReadError::NotAFile => Error::invalid("path", "文件", format!("{} 不是普通文件", path.display())),
        files::ReadError::TooLarge => attachment::too_large(),
        files::ReadError::Io(source) => Error::File {
            action: "读取",
            path: path.to_path_buf(),
            field: "path",
            source: crate::files::in_chinese(source),
        },
    })?;
    attachment::check_size(bytes.len() as u64)?;
    Ok(bytes)
}

pub fn list(ledger: &mut Ledger, args: super::CaseId) -> Result<Vec<AttachmentView>> {
    let case = super::visibility::visible(ledger, &args.id)?;
    for_case(ledger.store.conn(), &case.id)
}

/// Writes the file, byte for byte as attached and checked against its hash,
/// into `folder` under its own name made safe for any system (the record may
/// come from another device or an older version), with the extension of its
/// content, beside (never over) a file already there.
pub fn extract(ledger: &mut Ledger, args: AttachmentExtract) -> Result<ExtractedFile> {
    let row = attachments::get(ledger.store.conn(), &args.id)?;
    super::visibility::look(ledger, &row.case_id, ViewedPart::Attachment)?;
    let bytes = attachments::read_content(ledger.store.conn(), &row.hash)?;
    let folder = PathBuf::from(args.folder.trim());
    if args.folder.trim().is_empty() {
        return Err(Error::invalid("folder", "文件夹", "请填写保存到哪个文件夹"));
    }
    let (stem, ext) = safe_name::for_content(&row.file_name, &bytes);
    let path = files::free_path(&folder, &stem, &ext);
    files::write_whole(&path, &bytes).map_err(|source| Error::File {
        action: "写入",
        path: path.clone(),
        field: "folder",
        source: crate::files::in_chinese(source),
    })?;
    Ok(ExtractedFile { path: path.display().to_string(), size: row.size })
}

/// The photo's picture for the case page, or why there is none.
pub fn preview(ledger: &mut Ledger, args: AttachmentId) -> Result<AttachmentPreview> {
    let row = attachments::get(ledger.store.conn(), &args.id)?;
    // The case page shows its photos as it opens: that look is the page's own.
    super::visibility::visible(ledger, &row.case_id)?;
    if row.media_type == "image/heic" {
        return Err(Error::refused("HEIC 照片无法在本机预览，可另存后用其他软件查看。"));
    }
    if !row.media_type.starts_with("image/") {
        return Err(Error::refused("这个附件不是照片，没有预览：可另存后用其他软件打开。"));
    }
    if !attachments::has_content(ledger.store.conn(), &row.hash)? {
        return Err(Error::refused("文件尚未同步到本机：对方的数据包（含附件）到达后才能预览。"));
    }
    let Some(p) = picture(ledger, &row)? else {
        return Err(Error::refused("这张照片无法读取，没有预览：原文件已原样保存，可另存后用其他软件查看。"));
    };
    let data = base64::engine::general_purpose::STANDARD.encode(&p.bytes);
    Ok(AttachmentPreview {
        id: row.id,
        data_url: format!("data:{};base64,{data}", p.media_type),
        media_type: p.media_type,
        width: p.width,
        height: p.height,
    })
}

/// The picture shown for an attachment whose content is here (the case
/// page's preview, the case file's page): its display copy, made now if the
/// content arrived by sync, or the original when that is small. `None` when
/// it cannot be shown here (not a picture, HEIC, undecodable).
pub fn picture(ledger: &mut Ledger, row: &AttachmentRow) -> Result<Option<Picture>> {
    let (link, bytes) = match attachments::display_of(ledger.store.conn(), &row.hash)? {
        Some(link) => {
            let bytes = attachments::read_content(ledger.store.conn(), &link.hash)?;
            (link, bytes)
        }
        None => {
            let original = attachments::read_content(ledger.store.conn(), &row.hash)?;
            let Some(shown) = display_copy::display(&original, &row.media_type) else { return Ok(None) };
            // Local derived data: written in a transaction of its own, not logged.
            let link = ledger.store.write_local(|tx| keep_display(tx, &row.hash, &shown))?;
            match shown {
                Display::Original { .. } => (link, original),
                Display::Copy { jpeg, .. } => (link, jpeg),
            }
        }
    };
    let media_type = if link.hash == row.hash { row.media_type.clone() } else { "image/jpeg".to_owned() };
    Ok(Some(Picture { media_type, width: link.width, height: link.height, bytes }))
}

fn keep_display(conn: &Connection, original: &str, shown: &Display) -> Result<DisplayLink> {
    match shown {
        Display::Original { width, height } => attachments::put_display(conn, original, None, *width, *height),
        Display::Copy { jpeg, width, height } => attachments::put_display(conn, original, Some(jpeg), *width, *height),
    }
}

pub fn void(ledger: &mut Ledger, args: AttachmentVoid) -> Result<AttachmentView> {
    let actor = required_text(&args.actor, "actor", "经办人", MAX_NAME_CHARS)?;
    let reason = required_text(&args.reason, "reason", "作废理由", MAX_SHORT_CHARS)?;
    ledger.store.write(ledger.clock, |w| {
        let mut row = attachments::get(w.tx(), &args.id)?;
        if row.voided_at.is_some() {
            return Err(Error::refused("这个附件已经作废。"));
        }
        row.voided_at = Some(w.now_text());
        row.void_reason = Some(format!("{reason}（{actor}）"));
        attachments::save(w, &row, "update")?;
        view(w.tx(), row)
    })
}
