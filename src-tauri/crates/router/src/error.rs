//! A refusal from whichever crate handled the command, passed through as it
//! is: kind, Chinese message and field serialise as that crate's own.

use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] xinfang_core::Error),
    #[error(transparent)]
    Sync(#[from] xinfang_sync::Error),
    #[error(transparent)]
    Print(#[from] xinfang_print::Error),
    #[error(transparent)]
    Sheets(#[from] xinfang_sheets::Error),
}

impl Error {
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Core(e) => e.kind(),
            Error::Sync(e) => e.kind(),
            Error::Print(e) => e.kind(),
            Error::Sheets(e) => e.kind(),
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Core(e) => e.field(),
            Error::Sync(e) => e.field(),
            Error::Print(e) => e.field(),
            Error::Sheets(e) => e.field(),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // The core's whole: a form refused on several fields lists them all.
            Error::Core(e) => e.serialize(serializer),
            _ => xinfang_core::error::refusal(serializer, self.kind(), self, self.field()),
        }
    }
}

/// Lets an outer error type (the shell's, the CLI's) take each crate's error
/// through this one: `refusals_into!(Error::Refused)` where `Refused` holds
/// a `xinfang_router::Error`.
#[macro_export]
macro_rules! refusals_into {
    ($outer:ident :: $variant:ident) => {
        $crate::refusals_into!(@one $outer $variant xinfang_core::Error);
        $crate::refusals_into!(@one $outer $variant xinfang_sync::Error);
        $crate::refusals_into!(@one $outer $variant xinfang_print::Error);
        $crate::refusals_into!(@one $outer $variant xinfang_sheets::Error);
    };
    (@one $outer:ident $variant:ident $from:ty) => {
        impl From<$from> for $outer {
            fn from(e: $from) -> $outer {
                $outer::$variant($crate::Error::from(e))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_refused_on_several_fields_crosses_with_all_of_them() {
        let several = xinfang_core::Error::all(vec![
            xinfang_core::Error::invalid("category", "类别", "不能为空"),
            xinfang_core::Error::invalid("request", "诉求", "不能为空"),
        ])
        .unwrap_err();
        let v = serde_json::to_value(Error::Core(several)).unwrap();
        assert_eq!((v["kind"].as_str(), v["field"].as_str()), (Some("invalid"), Some("category")));
        let fields: Vec<&str> = v["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["category", "request"]);
        // One field: the usual three keys, nothing more.
        let one = serde_json::to_value(Error::Core(xinfang_core::Error::invalid("request", "诉求", "不能为空"))).unwrap();
        assert_eq!(one.as_object().unwrap().len(), 3, "{one}");
    }
}
