//! The smallest Typst `World` that prints a form: one template folder on
//! disk, the fonts loaded once by the [`crate::Printer`], and the document's
//! data as the virtual file `/data.json`. Nothing is fetched: a `@preview`
//! package import is refused, and no system font is looked at.

use std::path::{Path, PathBuf};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

/// The path templates read their data from: `#let d = json("/data.json")`.
pub const DATA_PATH: &str = "/data.json";

pub(crate) struct DocWorld<'a> {
    pub library: &'a LazyHash<Library>,
    pub book: &'a LazyHash<FontBook>,
    pub fonts: &'a [Font],
    /// The folder the templates live in: the root of every path they use.
    pub root: &'a Path,
    pub main: Source,
    pub data: Bytes,
    /// Files the document brings besides its data (an attached photo), by
    /// their absolute path in the template's view.
    pub files: &'a [(String, Vec<u8>)],
    /// The document's own date, so `datetime.today()` and the PDF do not
    /// depend on the clock of the machine that prints.
    pub today: Option<Datetime>,
}

pub(crate) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed absolute path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl DocWorld<'_> {
    fn real_path(&self, id: FileId) -> FileResult<PathBuf> {
        let rooted = id.get();
        if *rooted.root() != VirtualRoot::Project {
            return Err(FileError::Other(Some("打印模板不能引用在线包（package）".into())));
        }
        rooted.vpath().realize(self.root).map_err(FileError::Realize)
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let path = self.real_path(id)?;
        let text = std::fs::read_to_string(&path).map_err(|e| FileError::from_io(e, &path))?;
        Ok(Source::new(id, text))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == file_id(DATA_PATH) {
            return Ok(self.data.clone());
        }
        if let Some((_, bytes)) = self.files.iter().find(|(path, _)| file_id(path) == id) {
            return Ok(Bytes::new(bytes.clone()));
        }
        let path = self.real_path(id)?;
        std::fs::read(&path).map(Bytes::new).map_err(|e| FileError::from_io(e, &path))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
