//! The sheets crate's one error type. Messages are Chinese and say what to
//! fix; like the core's and the print crate's, an error crosses to the UI
//! as `{kind, message, field}`.

use serde::Serialize;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The ledger refused (a bad period, an invalid row…): passed through as is.
    #[error(transparent)]
    Core(#[from] xinfang_core::Error),

    #[error("无法读取 {}：{reason}。请确认这是 Excel 文件（.xlsx 或 .xls），文件没有损坏、没有加密。", path.display())]
    Read { path: PathBuf, reason: String },

    /// Beyond what a ledger can be (limits.rs): refused before it is read.
    #[error("不能导入 {}：{reason}。", path.display())]
    TooLarge { path: PathBuf, reason: String },

    #[error(
        "在 {} 里找不到台账的表头行（已查看：{sheets}）。表头行应有“日期”“姓名”“内容”等列名，见《台账导入说明》。",
        path.display()
    )]
    NoHeader { path: PathBuf, sheets: String },

    /// Every required column the header lacks, each with the names it may have.
    #[error("表“{sheet}”缺少 {count} 个必填列：{list}。请在表头加上后重新导入。")]
    MissingColumns { sheet: String, count: usize, list: String },

    #[error("表“{sheet}”的表头下面没有任何数据行。")]
    NoRows { sheet: String },

    /// Cells the workbook itself spoils (an ID number stored as a number…):
    /// a real import is refused, the preview lists them.
    #[error("台账有 {count} 处错误，没有导入任何记录。请改正后重新导入：{first}")]
    Cells { count: usize, first: String },

    /// Words of the sheet not yet mapped to the ledger's: nothing is written.
    #[error(
        "台账里有 {count} 个写法还没有对照，没有导入任何记录：{words}。请在预览里为每个写法选好对应的类别、方式或办理情况后再导入。"
    )]
    Unmapped { count: usize, words: String },

    #[error("文件已存在：{}，不会覆盖。请换一个文件名，或先移走原文件。", path.display())]
    Exists { path: PathBuf },

    #[error("无法写入 {}：{source}。请检查文件夹是否存在、U 盘是否已插好、磁盘是否已满。", path.display())]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("生成 Excel 文件失败（{0}），请重试；如反复出现请联系维护人员。")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),

    #[error("参数有误：{0}")]
    Args(String),
}

impl Error {
    /// A short tag for the UI: the core's own kinds pass through.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Core(e) => e.kind(),
            Error::Read { .. } | Error::TooLarge { .. } => "read",
            Error::NoHeader { .. } | Error::MissingColumns { .. } | Error::NoRows { .. } => "columns",
            Error::Cells { .. } | Error::Unmapped { .. } => "refused",
            Error::Exists { .. } | Error::Output { .. } => "output",
            Error::Xlsx(_) => "internal",
            Error::Args(_) => "invalid",
        }
    }

    /// The form field to mark: the file for reading problems, the folder
    /// for writing ones.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Core(e) => e.field(),
            Error::Read { .. }
            | Error::TooLarge { .. }
            | Error::NoHeader { .. }
            | Error::MissingColumns { .. }
            | Error::NoRows { .. } => Some("path"),
            Error::Exists { .. } | Error::Output { .. } => Some("folder"),
            _ => None,
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        xinfang_core::error::refusal(serializer, self.kind(), self, self.field())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_as_kind_message_field() {
        let e = Error::MissingColumns {
            sheet: "Sheet1".into(), count: 1, list: "“类别”列（列名可以是：类别）".into()
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!((v["kind"].as_str(), v["field"].as_str()), (Some("columns"), Some("path")));
        assert!(v["message"].as_str().unwrap().contains("缺少 1 个必填列：“类别”列"));
        let core = xinfang_core::Error::invalid("to", "结束日期", "早于开始日期");
        assert_eq!(serde_json::to_value(Error::from(core)).unwrap()["field"], "to");
    }
}
