//! What a message shown to a person must be: Chinese, one line, with no fragment of a library's
//! English (serde's "expected …", an OS error's "No such file …").

/// Fragments that only a library's English message contains.
const ENGLISH: [&str; 14] = [
    "expected",
    "invalid type",
    "invalid value",
    "unknown variant",
    "unknown field",
    "missing field",
    "at line",
    "EOF while",
    "trailing characters",
    "os error",
    "No such file",
    "Permission denied",
    "called `",
    "panicked",
];

/// Panics unless `message` is fit for the person at the desk.
pub fn assert_chinese(message: &str) {
    assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "not Chinese: {message}");
    assert!(!message.contains('\n'), "more than one line: {message}");
    if let Some(fragment) = ENGLISH.iter().find(|f| message.contains(*f)) {
        panic!("English fragment {fragment:?} in: {message}");
    }
}
