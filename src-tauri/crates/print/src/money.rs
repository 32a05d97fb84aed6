//! Money in Chinese capitals (大写金额), as agreements and receipts write it so
//! that a figure cannot be altered: 6,666 元 → 陆仟陆佰陆拾陆元整.
//!
//! The rules are those of the accounting standard (会计基础工作规范 第五十二条)
//! and the bank settlement rules: 壹拾 (never a bare 拾) at the head; one 零
//! for any run of zeros inside the number or between sections (万, 亿); no 零
//! for zeros at the end of a section; 整 after 元 or 角, never after 分; a
//! zero 角 before a non-zero 分 is written 零 (叁佰贰拾伍元零肆分).

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
/// Section names for groups of four digits: 1, 万, 亿, 万亿, 亿亿 (an `i64` of
/// fen stays below 10^17 yuan, inside 亿亿's range).
const SECTIONS: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];

/// The amount `fen` (hundredths of a yuan) in capitals, e.g. 666600 →
/// 陆仟陆佰陆拾陆元整, 32504 → 叁佰贰拾伍元零肆分, 0 → 零元整. A negative
/// amount is written with 负 in front.
pub fn amount_in_capitals(fen: i64) -> String {
    let negative = fen < 0;
    let fen = fen.unsigned_abs();
    let (yuan, jiao, fen) = (fen / 100, (fen / 10 % 10) as usize, (fen % 10) as usize);
    let mut out = String::new();
    if negative {
        out.push('负');
    }
    if yuan > 0 {
        out.push_str(&integer_in_capitals(yuan));
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => {
            if yuan == 0 {
                out.push_str("零元");
            }
            out.push('整');
        }
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push_str("角整");
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    out
}

/// A positive whole number in capitals with 拾佰仟 and 万亿 sections.
fn integer_in_capitals(n: u64) -> String {
    // Four-digit sections, lowest first.
    let mut sections = Vec::new();
    let mut rest = n;
    while rest > 0 {
        sections.push((rest % 10_000) as usize);
        rest /= 10_000;
    }
    let mut out = String::new();
    // A zero was skipped since the last digit written (inside or between sections).
    let mut pending_zero = false;
    for (i, &section) in sections.iter().enumerate().rev() {
        if section == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        let digits = [section / 1000, section / 100 % 10, section / 10 % 10, section % 10];
        for (pos, &d) in digits.iter().enumerate() {
            let unit = 3 - pos;
            if d == 0 {
                pending_zero |= !out.is_empty();
                continue;
            }
            if pending_zero {
                out.push('零');
                pending_zero = false;
            }
            out.push(DIGITS[d]);
            out.push_str(UNITS[unit]);
        }
        out.push_str(SECTIONS[i]);
        // Zeros at the end of a section are not written (壹拾万伍仟): a 零 is
        // owed only to a whole zero section or to the next section's leading zeros.
        pending_zero = false;
    }
    out
}

/// Appends the capitals after every amount of money written in figures
/// (2600元, 6,666.50元, 8万元): "2600元" → "2600元（大写：贰仟陆佰元整）".
/// An amount already followed by a 大写 note is left as it is, and so is one
/// with more than two decimals (not a sum of money to the fen).
pub fn with_capitals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 32);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_number = c.is_ascii_digit() && (i == 0 || !is_number_char(chars[i - 1]));
        if starts_number && let Some((end, fen)) = amount_at(&chars, i) {
            let mut end = end;
            // "2600元整": keep 整 with the figure.
            if matches!(chars.get(end), Some('整' | '正')) {
                end += 1;
            }
            out.extend(&chars[i..end]);
            let after: String = chars[end..chars.len().min(end + 4)].iter().collect();
            if !(after.starts_with("（大写") || after.starts_with("(大写")) {
                out.push_str("（大写：");
                out.push_str(&amount_in_capitals(fen));
                out.push('）');
            }
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || c == ','
}

/// Reads "1,234.5元" / "8万元" starting at `start`; returns the index after
/// 元 and the amount in fen.
fn amount_at(chars: &[char], start: usize) -> Option<(usize, i64)> {
    let mut i = start;
    let mut whole = String::new();
    let mut decimals = String::new();
    let mut in_decimals = false;
    while let Some(&c) = chars.get(i) {
        match c {
            '0'..='9' if in_decimals => decimals.push(c),
            '0'..='9' => whole.push(c),
            // A thousands separator only between digits.
            ',' if !in_decimals && chars.get(i + 1).is_some_and(char::is_ascii_digit) => {}
            '.' if !in_decimals && chars.get(i + 1).is_some_and(char::is_ascii_digit) => in_decimals = true,
            _ => break,
        }
        i += 1;
    }
    let wan = chars.get(i) == Some(&'万');
    if wan {
        i += 1;
    }
    if chars.get(i) != Some(&'元') {
        return None;
    }
    let scale: u32 = if wan { 6 } else { 2 };
    if decimals.len() > scale as usize || whole.len() > 13 {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let mut frac: i64 = if decimals.is_empty() { 0 } else { decimals.parse().ok()? };
    for _ in decimals.len()..scale as usize {
        frac *= 10;
    }
    let fen = whole.checked_mul(10_i64.pow(scale))?.checked_add(frac)?;
    Some((i + 1, fen))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(y: i64) -> String {
        amount_in_capitals(y * 100)
    }

    #[test]
    fn the_seed_amounts() {
        assert_eq!(yuan(6666), "陆仟陆佰陆拾陆元整");
        assert_eq!(yuan(2600), "贰仟陆佰元整");
        assert_eq!(yuan(80_000), "捌万元整");
    }

    #[test]
    fn zero_and_small() {
        assert_eq!(amount_in_capitals(0), "零元整");
        assert_eq!(amount_in_capitals(1), "壹分");
        assert_eq!(amount_in_capitals(10), "壹角整");
        assert_eq!(amount_in_capitals(55), "伍角伍分");
        assert_eq!(yuan(1), "壹元整");
        assert_eq!(yuan(10), "壹拾元整");
        assert_eq!(yuan(16), "壹拾陆元整");
    }

    #[test]
    fn zeros_inside_a_section() {
        assert_eq!(yuan(101), "壹佰零壹元整");
        assert_eq!(yuan(1001), "壹仟零壹元整");
        assert_eq!(yuan(1010), "壹仟零壹拾元整");
        assert_eq!(yuan(1100), "壹仟壹佰元整");
        assert_eq!(yuan(1409), "壹仟肆佰零玖元整");
        assert_eq!(yuan(6007), "陆仟零柒元整");
    }

    #[test]
    fn zeros_across_wan_and_yi() {
        assert_eq!(yuan(10_000), "壹万元整");
        assert_eq!(yuan(10_001), "壹万零壹元整");
        assert_eq!(yuan(10_500), "壹万零伍佰元整");
        assert_eq!(yuan(15_000), "壹万伍仟元整");
        assert_eq!(yuan(100_100), "壹拾万零壹佰元整");
        assert_eq!(yuan(105_000), "壹拾万伍仟元整");
        assert_eq!(yuan(110_000), "壹拾壹万元整");
        assert_eq!(yuan(1_000_000), "壹佰万元整");
        assert_eq!(yuan(10_010_000), "壹仟零壹万元整");
        assert_eq!(yuan(100_000_000), "壹亿元整");
        assert_eq!(yuan(100_000_001), "壹亿零壹元整");
        assert_eq!(yuan(100_010_000), "壹亿零壹万元整");
        assert_eq!(yuan(101_000_000), "壹亿零壹佰万元整");
        assert_eq!(yuan(110_000_000), "壹亿壹仟万元整");
        assert_eq!(yuan(1_234_567_890), "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元整");
        assert_eq!(yuan(1_000_000_000_000), "壹万亿元整");
        assert_eq!(yuan(1_000_000_000_001), "壹万亿零壹元整");
    }

    #[test]
    fn jiao_and_fen() {
        assert_eq!(amount_in_capitals(140_950), "壹仟肆佰零玖元伍角整");
        assert_eq!(amount_in_capitals(32_504), "叁佰贰拾伍元零肆分");
        assert_eq!(amount_in_capitals(600_714), "陆仟零柒元壹角肆分");
        assert_eq!(amount_in_capitals(168_032), "壹仟陆佰捌拾元叁角贰分");
        assert_eq!(amount_in_capitals(10_700_053), "壹拾万柒仟元伍角叁分");
        assert_eq!(amount_in_capitals(4), "肆分");
    }

    #[test]
    fn negative_and_extremes() {
        assert_eq!(amount_in_capitals(-666_600), "负陆仟陆佰陆拾陆元整");
        assert_eq!(
            amount_in_capitals(i64::MAX),
            "玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"
        );
        assert!(amount_in_capitals(i64::MIN).starts_with('负'));
    }

    #[test]
    fn figures_in_text_get_their_capitals() {
        assert_eq!(
            with_capitals("李家一次性补偿王家土地款2600元。"),
            "李家一次性补偿王家土地款2600元（大写：贰仟陆佰元整）。"
        );
        assert_eq!(with_capitals("赔偿6,666.50元整"), "赔偿6,666.50元整（大写：陆仟陆佰陆拾陆元伍角整）");
        assert_eq!(with_capitals("共计8万元"), "共计8万元（大写：捌万元整）");
        assert_eq!(with_capitals("1.5万元"), "1.5万元（大写：壹万伍仟元整）");
        assert_eq!(with_capitals("付300元，另付45元"), "付300元（大写：叁佰元整），另付45元（大写：肆拾伍元整）");
    }

    #[test]
    fn text_without_money_is_unchanged() {
        for text in [
            "房屋距坟墓不少于1米，正前方不少于2米。",
            "2026年3月15日前付清",
            "已写明2600元（大写：贰仟陆佰元整）",
            "金额0.123元",
            "",
        ] {
            assert_eq!(with_capitals(text), text);
        }
    }
}
