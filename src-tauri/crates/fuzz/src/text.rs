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

/// Panics unless `message` is fit for the person at the desk. What it quotes
/// back between “ and ” is what the person (or the fuzzer) gave, not a
/// library's words, and is left out of the search for English.
pub fn assert_chinese(message: &str) {
    assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "not Chinese: {message}");
    assert!(!message.contains('\n'), "more than one line: {message}");
    let own = unquoted(message);
    if let Some(fragment) = ENGLISH.iter().find(|f| own.contains(*f)) {
        panic!("English fragment {fragment:?} in: {message}");
    }
}

/// `message` without the text between “ and ” (nested quotes counted).
fn unquoted(message: &str) -> String {
    let mut depth = 0usize;
    message
        .chars()
        .filter(|&c| match c {
            '“' => {
                depth += 1;
                false
            }
            '”' if depth > 0 => {
                depth -= 1;
                false
            }
            _ => depth == 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_quoted_back_is_not_searched_but_the_rest_is() {
        assert_chinese("参数：应为一组字段，收到的是文字“unknown field x”");
        let caught = std::panic::catch_unwind(|| assert_chinese("参数：unknown field `x`，收到的是“文字”"));
        assert!(caught.is_err());
    }
}
