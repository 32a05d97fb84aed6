//! xinfang-print: the legal forms as A4 PDFs, typeset by Typst used as a
//! library.
//!
//! - Templates are plain `.typ` files in `assets/templates/` that a township
//!   can edit without recompiling; each reads its document from the virtual
//!   file `/data.json` (see [`world`]).
//! - Fonts come only from `assets/fonts/` (Noto Serif CJK SC, SIL OFL), are
//!   loaded once per [`Printer`] and are subset into every PDF.
//! - The API takes plain data ([`AgreementDoc`], [`CommitmentDoc`], the
//!   statistics' [`ReportDoc`]) and returns PDF bytes. Templates never touch
//!   SQL; [`from_ledger`] builds the data from the command layer's answers,
//!   as the UI would.

pub mod assets;
pub mod commands;
mod docs;
pub mod from_ledger;
pub mod money;
pub mod output;
pub mod sample;
pub mod system_printer;
mod world;

pub use docs::{
    AgreementDoc, AnswerDoc, CaseFileDoc, CommitmentDoc, ConfirmationDoc, FigureName, FileItem, GroupDoc, LimitRow,
    NoticeDoc, OralAgreementDoc, PartyDoc, QuickGuideDoc, RecordDoc, RegisterDoc, RegisterRow, ReportDoc, RevisitDoc,
    TallyDoc,
};
pub use money::{amount_in_capitals, with_capitals};

use serde::Serialize;
use std::path::{Path, PathBuf};
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::Source;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use typst_svg::SvgOptions;
use world::{DocWorld, file_id};

/// The family every template asks for; the fonts folder must provide it.
pub const FONT_FAMILY: &str = "Noto Serif CJK SC";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("找不到打印资源目录 assets（已找过：{tried}）。可用环境变量 XINFANG_ASSETS 指定。")]
    AssetsMissing { tried: String },
    #[error("找不到打印模板：{0}")]
    TemplateMissing(PathBuf),
    #[error("打印模板 {template}{} 有错误：{message}", line.map(|l| format!(" 第 {l} 行")).unwrap_or_default())]
    Template { template: String, line: Option<usize>, message: String },
    #[error("找不到打印字体：{0}")]
    FontMissing(String),
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
    #[error("读取 {path} 失败：{source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("打印数据有误：{0}")]
    Data(String),
    /// The ledger refused (not found, a rule): passed through as is.
    #[error(transparent)]
    Core(#[from] xinfang_core::Error),
    #[error("无法写入 {path}：{source}。请检查文件夹是否存在、U 盘是否已插好、磁盘是否已满。")]
    Output { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Printing(String),
}

impl Error {
    /// What kind of problem, for the UI to branch on: the core's own kinds
    /// pass through; `print` otherwise.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Core(e) => e.kind(),
            Error::Output { .. } => "output",
            Error::Printing(_) => "printer",
            _ => "print",
        }
    }

    /// The form field the problem is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Core(e) => e.field(),
            Error::Output { .. } => Some("folder"),
            _ => None,
        }
    }
}

/// Sent to the UI as `{kind, message, field}`, like the core's errors.
impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        xinfang_core::error::refusal(serializer, self.kind(), self, self.field())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Renders documents; holds the fonts and Typst's standard library, so make
/// one and keep it (loading the fonts is the slow part).
pub struct Printer {
    assets: PathBuf,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Printer {
    /// A printer over the assets folder found by [`assets::locate`].
    pub fn new() -> Result<Printer> {
        Printer::with_assets(assets::locate()?)
    }

    /// A printer over the given assets folder (with `templates/` and `fonts/`).
    pub fn with_assets(assets: impl Into<PathBuf>) -> Result<Printer> {
        let assets = assets.into();
        let fonts = load_fonts(&assets.join("fonts"))?;
        let book = FontBook::from_fonts(&fonts);
        if !book.families().any(|(family, _)| family.eq_ignore_ascii_case(FONT_FAMILY)) {
            return Err(Error::FontMissing(format!("{} 中没有 {FONT_FAMILY}", assets.join("fonts").display())));
        }
        Ok(Printer { assets, library: LazyHash::new(Library::default()), book: LazyHash::new(book), fonts })
    }

    pub fn assets(&self) -> &Path {
        &self.assets
    }

    /// 人民调解协议书.
    pub fn agreement(&self, doc: &AgreementDoc) -> Result<Rendered> {
        let data = doc.capitalised();
        self.render("agreement.typ", &data, data.signed_on.as_deref())
    }

    /// 群众信访双向承诺书.
    pub fn commitment(&self, doc: &CommitmentDoc) -> Result<Rendered> {
        self.render("commitment.typ", doc, doc.signed_on.as_deref())
    }

    /// 人民调解口头协议登记表.
    pub fn oral_agreement(&self, doc: &OralAgreementDoc) -> Result<Rendered> {
        let data = doc.capitalised();
        self.render("oral-agreement.typ", &data, data.agreed_on.as_deref())
    }

    /// 信访事项受理登记表 for the range `doc.from`..=`doc.to`, dated by its
    /// last day.
    pub fn register(&self, doc: &RegisterDoc) -> Result<Rendered> {
        let day = |s: &str, label: &str| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| Error::Data(format!("登记表的{label}“{s}”不是有效日期，应如 2026-03-01")))
        };
        if day(&doc.from, "开始日期")? > day(&doc.to, "结束日期")? {
            return Err(Error::Data(format!("登记表的开始日期 {} 晚于结束日期 {}", doc.from, doc.to)));
        }
        self.render("register.typ", doc, Some(&doc.to))
    }

    /// 回访记录.
    pub fn revisit(&self, doc: &RevisitDoc) -> Result<Rendered> {
        self.render("revisit.typ", doc, doc.visited_on.as_deref())
    }

    /// The 15-day notice (受理 / 转送 / 法定途径 / 不予受理告知书).
    pub fn notice(&self, doc: &NoticeDoc) -> Result<Rendered> {
        self.render("notice.typ", doc, Some(&doc.delivered_on))
    }

    /// 信访事项处理意见书.
    pub fn answer(&self, doc: &AnswerDoc) -> Result<Rendered> {
        self.render("answer.typ", doc, Some(&doc.delivered_on))
    }

    /// A record of the mediation file (申请书, 权利义务告知书, 调查记录, 调解记录).
    pub fn record(&self, doc: &RecordDoc) -> Result<Rendered> {
        self.render("record.typ", doc, Some(&doc.dated_on))
    }

    /// 司法确认申请书.
    pub fn confirmation(&self, doc: &ConfirmationDoc) -> Result<Rendered> {
        let data = doc.capitalised();
        self.render("confirmation.typ", &data, data.applied_on.as_deref())
    }

    /// The case file's cover and its 卷宗目录.
    pub fn case_file(&self, doc: &CaseFileDoc) -> Result<Rendered> {
        self.render_with("case-file.typ", doc, doc.filed_on.as_deref(), &doc.image_files)
    }

    /// 信访工作统计表, dated by the day its figures stand on (`doc.as_of`).
    pub fn report(&self, doc: &ReportDoc) -> Result<Rendered> {
        self.render("report.typ", doc, Some(&doc.as_of))
    }

    /// 信访台账操作指南, dated by the day it was printed.
    pub fn quick_guide(&self, doc: &QuickGuideDoc) -> Result<Rendered> {
        self.render("quick-guide.typ", doc, Some(&doc.printed_on))
    }

    /// Typesets `templates/{template}` over `data`. The result depends only
    /// on the template, the fonts and the data (no clock), so the same
    /// document prints to the same bytes.
    pub fn render(&self, template: &str, data: &impl Serialize, date: Option<&str>) -> Result<Rendered> {
        self.render_with(template, data, date, &[])
    }

    /// [`Printer::render`], with `files` (path, bytes) the template may read.
    pub fn render_with(
        &self,
        template: &str,
        data: &impl Serialize,
        date: Option<&str>,
        files: &[(String, Vec<u8>)],
    ) -> Result<Rendered> {
        let root = self.assets.join("templates");
        let path = root.join(template);
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::TemplateMissing(path.clone()),
            _ => Error::Io { path: path.clone(), source: e },
        })?;
        let json = serde_json::to_vec(data).map_err(|e| Error::Data(e.to_string()))?;
        let world = DocWorld {
            library: &self.library,
            book: &self.book,
            fonts: &self.fonts,
            root: &root,
            main: Source::new(file_id(&format!("/{template}")), text),
            data: Bytes::new(json),
            files,
            today: date.and_then(parse_date),
        };
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        // Typst memoises layouts; drop what has not been used for a while so a
        // long-running app does not grow.
        comemo::evict(10);
        let document = output.map_err(|errors| template_error(&world, template, &errors))?;
        if let Some(w) = warnings.iter().find(|w| w.message.contains("unknown font family")) {
            return Err(Error::FontMissing(w.message.to_string()));
        }
        Ok(Rendered { document, ident: template.to_owned(), date: date.map(str::to_owned) })
    }
}

// An amount written in figures in a term or the performance clause gets
// its capitals appended (2600元 → 2600元（大写：贰仟陆佰元整）), alone or
// inside the case file.
impl AgreementDoc {
    pub(crate) fn capitalised(&self) -> AgreementDoc {
        let mut d = self.clone();
        d.terms = d.terms.iter().map(|t| with_capitals(t)).collect();
        d.performance = with_capitals(&d.performance);
        d
    }
}

impl OralAgreementDoc {
    pub(crate) fn capitalised(&self) -> OralAgreementDoc {
        let mut d = self.clone();
        d.terms = d.terms.iter().map(|t| with_capitals(t)).collect();
        d.performance = with_capitals(&d.performance);
        d
    }
}

impl ConfirmationDoc {
    pub(crate) fn capitalised(&self) -> ConfirmationDoc {
        let mut d = self.clone();
        d.terms = d.terms.iter().map(|t| with_capitals(t)).collect();
        d
    }
}

/// A typeset document, ready to leave as a PDF to print or save, a PDF/A to
/// archive, or SVG pages to preview on screen (the same layout in all three).
pub struct Rendered {
    document: PagedDocument,
    ident: String,
    /// The document's own date (YYYY-MM-DD), the archive's creation date.
    date: Option<String>,
}

impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendered").field("template", &self.ident).field("pages", &self.page_count()).finish()
    }
}

impl Rendered {
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }

    /// The PDF to print or save.
    pub fn pdf(&self) -> Result<Vec<u8>> {
        self.write(&self.options(PdfStandards::default()))
    }

    /// The archive copy: PDF/A-2b (ISO 19005-2), all fonts embedded and
    /// nothing that needs outside resources to display in decades.
    pub fn archive_pdf(&self) -> Result<Vec<u8>> {
        let standards = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| Error::Pdf(e.message().to_string()))?;
        // PDF/A requires a creation date: the document's own, so the same
        // document archives to the same bytes; today for an undated draft.
        let day = self
            .date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        use chrono::Datelike;
        let stamp = Datetime::from_ymd_hms(day.year(), day.month() as u8, day.day() as u8, 0, 0, 0)
            .ok_or_else(|| Error::Data(format!("文书日期 {day} 无法写入存档")))?;
        let options = PdfOptions { timestamp: Some(Timestamp::new_utc(stamp)), ..self.options(standards) };
        self.write(&options)
    }

    /// One SVG per page, glyphs drawn as outlines, so the preview needs no
    /// font and looks exactly like the paper.
    pub fn svg_pages(&self) -> Vec<String> {
        let options = SvgOptions::default();
        self.document.pages().iter().map(|page| typst_svg::svg(page, &options)).collect()
    }

    fn options(&self, standards: PdfStandards) -> PdfOptions {
        PdfOptions { ident: Smart::Custom(self.ident.clone()), standards, ..PdfOptions::default() }
    }

    fn write(&self, options: &PdfOptions) -> Result<Vec<u8>> {
        typst_pdf::pdf(&self.document, options)
            .map_err(|errors| Error::Pdf(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；")))
    }
}

fn template_error(world: &DocWorld<'_>, template: &str, errors: &[SourceDiagnostic]) -> Error {
    let first = &errors[0];
    let (file, line) = match first.span.id() {
        Some(id) => {
            let line = world
                .range(first.span)
                .and_then(|r| typst::World::source(world, id).ok()?.lines().byte_to_line(r.start))
                .map(|l| l + 1);
            (id.get().vpath().get_without_slash().to_owned(), line)
        }
        None => (template.to_owned(), None),
    };
    let mut message = first.message.to_string();
    for hint in &first.hints {
        message.push_str("（提示：");
        message.push_str(&hint.v);
        message.push('）');
    }
    Error::Template { template: file, line, message }
}

fn parse_date(s: &str) -> Option<Datetime> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
}

fn load_fonts(dir: &Path) -> Result<Vec<Font>> {
    let entries =
        std::fs::read_dir(dir).map_err(|_| Error::FontMissing(format!("字体目录 {} 不存在", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["otf", "ttf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    paths.sort();
    let mut fonts = Vec::new();
    for path in paths {
        let data = std::fs::read(&path).map_err(|e| Error::Io { path: path.clone(), source: e })?;
        fonts.extend(Font::iter(Bytes::new(data)));
    }
    if fonts.is_empty() {
        return Err(Error::FontMissing(format!("{} 中没有字体文件", dir.display())));
    }
    Ok(fonts)
}
