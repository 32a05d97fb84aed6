//! A report as a CSV file for Excel on Chinese Windows: UTF-8 with a byte
//! order mark (without it Excel reads the file as GBK and shows mojibake),
//! CRLF line ends, one row per figure or rate per group, the total first.

use super::Report;
use super::tally::{Breakdown, Tally};

/// The byte order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

pub const HEADER: [&str; 8] = ["统计期间", "范围", "分类方式", "分组", "指标", "数值", "分子", "分母"];

/// The whole report as CSV text, starting with the byte order mark.
pub fn render(report: &Report) -> String {
    let period = format!("{}至{}", report.from, report.to);
    let mut out = String::from(BOM);
    line(&mut out, HEADER.map(str::to_owned));
    let mut rows = |breakdown: &str, group: &str, tally: &Tally| {
        // A count has no numerator or denominator of its own; a rate shows both.
        let counts = tally.counts.iter().map(|c| (&c.label, c.count.to_string(), String::new(), String::new()));
        let rates = tally
            .rates
            .iter()
            .map(|r| (&r.label, r.display.clone(), r.numerator.to_string(), r.denominator.to_string()));
        for (label, value, numerator, denominator) in counts.chain(rates) {
            line(
                &mut out,
                [
                    period.clone(),
                    report.scope_label.clone(),
                    breakdown.to_owned(),
                    group.to_owned(),
                    label.clone(),
                    value,
                    numerator,
                    denominator,
                ],
            );
        }
    };
    rows(TOTAL, TOTAL_GROUP, &report.total);
    for d in Breakdown::ALL {
        for g in report.breakdown(d) {
            rows(d.label(), &g.key, &g.tally);
        }
    }
    out
}

/// The breakdown and group of the totals' rows.
pub const TOTAL: &str = "合计";
pub const TOTAL_GROUP: &str = "全部";

fn line(out: &mut String, cells: [String; 8]) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One field: quoted when it holds a comma, quote or line break; text that
/// Excel would run as a formula (a leading = + - @) is prefixed with an
/// apostrophe, since village and category names are typed by people.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\r', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(cell("石岩哨村"), "石岩哨村");
        assert_eq!(cell("坟地/丧葬"), "坟地/丧葬");
        assert_eq!(cell("甲,乙"), "\"甲,乙\"");
        assert_eq!(cell("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("-"), "'-");
    }
}
