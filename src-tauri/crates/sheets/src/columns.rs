//! The column mapping of 台账导入: which header names, as township and
//! village ledgers actually write them, mean which column. The list is
//! documented for clerks in `docs/ledger-import.md` (a test keeps the two
//! in step). Names are compared without spaces, line breaks, notes in
//! brackets wherever they stand (来访（来信）时间, 日期（年月日）) or a *
//! marking a required column.

use xinfang_core::commands::column as label;

/// A column the import understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Date,
    Name,
    Gender,
    IdNumber,
    Phone,
    Village,
    Group,
    Address,
    Headcount,
    Request,
    Category,
    Channel,
    ReceivedBy,
    Handler,
    Result,
    Handled,
    HandledOn,
    Notes,
}

impl Column {
    pub const ALL: [Column; 18] = [
        Column::Date,
        Column::Name,
        Column::Gender,
        Column::IdNumber,
        Column::Phone,
        Column::Village,
        Column::Group,
        Column::Address,
        Column::Headcount,
        Column::Request,
        Column::Category,
        Column::Channel,
        Column::ReceivedBy,
        Column::Handler,
        Column::Result,
        Column::Handled,
        Column::HandledOn,
        Column::Notes,
    ];

    /// The field of the core's `LedgerRow` the column fills.
    pub fn field(self) -> &'static str {
        match self {
            Column::Date => "date",
            Column::Name => "name",
            Column::Gender => "gender",
            Column::IdNumber => "id_number",
            Column::Phone => "phone",
            Column::Village => "village",
            Column::Group => "group",
            Column::Address => "address",
            Column::Headcount => "headcount",
            Column::Request => "request",
            Column::Category => "category",
            Column::Channel => "channel",
            Column::ReceivedBy => "received_by",
            Column::Handler => "handler",
            Column::Result => "result",
            Column::Handled => "handled",
            Column::HandledOn => "handled_on",
            Column::Notes => "notes",
        }
    }

    /// The column's name in messages (the core's, so both say the same).
    pub fn label(self) -> &'static str {
        match self {
            Column::Date => label::DATE,
            Column::Name => label::NAME,
            Column::Gender => label::GENDER,
            Column::IdNumber => label::ID_NUMBER,
            Column::Phone => label::PHONE,
            Column::Village => label::VILLAGE,
            Column::Group => label::GROUP,
            Column::Address => label::ADDRESS,
            Column::Headcount => label::HEADCOUNT,
            Column::Request => label::REQUEST,
            Column::Category => label::CATEGORY,
            Column::Channel => label::CHANNEL,
            Column::ReceivedBy => label::RECEIVED_BY,
            Column::Handler => label::HANDLER,
            Column::Result => label::RESULT,
            Column::Handled => label::HANDLED,
            Column::HandledOn => label::HANDLED_ON,
            Column::Notes => label::NOTES,
        }
    }

    /// Every header name recognised for it, its label first.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Column::Date => &[
                "日期",
                "登记日期",
                "来访日期",
                "来信日期",
                "来信来访日期",
                "信访日期",
                "受理日期",
                "接待日期",
                "时间",
                "登记时间",
                "来访时间",
                "接待时间",
                "来信来访时间",
                "信访时间",
                "受理时间",
            ],
            Column::Name => &[
                "姓名",
                "信访人",
                "信访人姓名",
                "来访人",
                "来访人姓名",
                "来信人",
                "反映人",
                "当事人",
                "上访人",
                "来访人员",
                "信访人员",
            ],
            Column::Gender => &["性别"],
            Column::IdNumber => &["身份证号", "身份证号码", "身份证", "公民身份号码", "证件号码"],
            Column::Phone => &["电话", "联系电话", "电话号码", "手机", "手机号", "手机号码", "联系方式"],
            Column::Village => &["村", "村别", "村名", "所在村", "所属村", "村委会"],
            Column::Group => &["组", "村民小组", "小组", "所在组"],
            Column::Address => &["住址", "地址", "家庭住址", "现住址", "居住地"],
            Column::Headcount => &["人数", "来访人数", "上访人数", "信访人数", "参与人数"],
            Column::Request => &[
                "内容",
                "事由",
                "反映问题",
                "信访事由",
                "来访事由",
                "主要内容",
                "信访内容",
                "反映内容",
                "诉求",
                "主要诉求",
                "反映事项",
                "信访事项",
                "问题",
                "信访问题",
                "主要问题",
                "反映主要问题",
                "简要内容",
            ],
            Column::Category => &["类别", "问题类别", "类型", "问题类型", "信访类别", "纠纷类型", "分类"],
            Column::Channel => &[
                "方式",
                "来信来访",
                "来信/来访",
                "信访形式",
                "信访方式",
                "形式",
                "渠道",
                "信访渠道",
                "来访方式",
                "来访形式",
                "来信来访形式",
                "反映方式",
                "反映形式",
            ],
            Column::ReceivedBy => &["接待人", "接访人", "登记人", "经办人", "接待干部", "首问责任人", "接待领导"],
            Column::Handler => &["承办单位", "承办部门", "责任单位", "办理单位", "包案单位", "交办单位"],
            Column::Result => &[
                "办理结果",
                "处理情况",
                "处理结果",
                "办理情况",
                "答复情况",
                "处理意见",
                "化解情况",
                "落实情况",
                "调处情况",
            ],
            Column::Handled => {
                &["办结", "是否办结", "办结情况", "办理状态", "状态", "是否结案", "办结状态", "是否化解"]
            }
            Column::HandledOn => &["办结日期", "办结时间", "结案日期", "答复日期", "结案时间", "化解日期", "化解时间"],
            Column::Notes => &["备注", "备注说明", "说明"],
        }
    }

    /// Without these a row cannot become a case.
    pub fn required(self) -> bool {
        matches!(self, Column::Date | Column::Name | Column::Request | Column::Category | Column::Channel)
    }
}

/// A header cell's text as compared: notes in brackets left out wherever
/// they stand (来访（来信）时间 is 来访时间), unless that would leave nothing.
pub fn normalise(header: &str) -> String {
    let mut kept = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：') => kept.push(c),
            _ => {}
        }
    }
    if kept.is_empty() { header.chars().filter(|c| !c.is_whitespace()).collect() } else { kept }
}

/// The column a header names, if any.
pub fn recognise(header: &str) -> Option<Column> {
    let h = normalise(header);
    Column::ALL.into_iter().find(|c| c.names().contains(&h.as_str()))
}

/// The header row: where it is and which column each header names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Index of the header row among the rows searched.
    pub row: usize,
    /// Each recognised column with its index and the header as written; a
    /// column named twice is read from its first place.
    pub columns: Vec<(Column, usize, String)>,
    /// Headers not recognised, left out of the import.
    pub ignored: Vec<String>,
}

/// Rows searched for the header: sheets often start with a title or a note.
pub const HEADER_SEARCH_ROWS: usize = 20;
/// A row is the header when it names at least this many known columns.
const HEADER_MIN_COLUMNS: usize = 3;

/// The row among the first `rows` (each the cells' text) naming the most
/// known columns, at least [`HEADER_MIN_COLUMNS`]; the first of equals. A
/// header in two rows (信访人 merged over 姓名 and 性别) is read from its
/// lower row, which holds the merged names too (see `read`).
pub fn find_header(rows: impl IntoIterator<Item = Vec<String>>) -> Option<Header> {
    let candidates = rows.into_iter().take(HEADER_SEARCH_ROWS).enumerate().filter_map(|(i, cells)| {
        let mut columns: Vec<(Column, usize, String)> = Vec::new();
        let mut ignored = Vec::new();
        for (j, text) in cells.iter().enumerate().filter(|(_, t)| !t.trim().is_empty()) {
            match recognise(text) {
                Some(c) if !columns.iter().any(|(k, ..)| *k == c) => columns.push((c, j, text.trim().to_owned())),
                Some(_) => {}
                None => ignored.push(text.trim().to_owned()),
            }
        }
        (columns.len() >= HEADER_MIN_COLUMNS).then_some(Header { row: i, columns, ignored })
    });
    candidates.fold(None, |best: Option<Header>, h| match best {
        Some(b) if b.columns.len() >= h.columns.len() => Some(b),
        _ => Some(h),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_as_ledgers_write_them() {
        assert_eq!(recognise("登记日期"), Some(Column::Date));
        assert_eq!(recognise(" 信访人\n姓名 "), Some(Column::Name));
        assert_eq!(recognise("日期（年月日）"), Some(Column::Date));
        assert_eq!(recognise("*类别"), Some(Column::Category));
        assert_eq!(recognise("来信/来访"), Some(Column::Channel));
        assert_eq!(recognise("反映问题"), Some(Column::Request));
        assert_eq!(recognise("来访（来信）时间"), Some(Column::Date));
        assert_eq!(recognise("来访(来信)形式"), Some(Column::Channel));
        assert_eq!(recognise("人数（人）"), Some(Column::Headcount));
        assert_eq!(recognise("承办单位"), Some(Column::Handler));
        assert_eq!(recognise("备 注"), Some(Column::Notes));
        assert_eq!(recognise("序号"), None);
        assert_eq!(recognise("（空）"), None);
    }

    #[test]
    fn every_name_means_one_column_and_each_label_is_its_first_name() {
        let mut all: Vec<&str> = Column::ALL.iter().flat_map(|c| c.names().iter().copied()).collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "a name listed for two columns");
        for c in Column::ALL {
            assert_eq!(c.names()[0], c.label());
        }
    }

    #[test]
    fn the_header_row_is_found_below_a_title() {
        let row = |cells: &[&str]| cells.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rows = vec![
            row(&["路居镇2009年信访台账", "", ""]),
            row(&[]),
            row(&["序号", "日期", "信访人", "反映问题", "类别", "信访形式", "姓名"]),
        ];
        let h = find_header(rows).unwrap();
        assert_eq!(h.row, 2);
        let found: Vec<(Column, usize)> = h.columns.iter().map(|(c, i, _)| (*c, *i)).collect();
        assert_eq!(
            found,
            [(Column::Date, 1), (Column::Name, 2), (Column::Request, 3), (Column::Category, 4), (Column::Channel, 5)]
        );
        assert_eq!(h.ignored, ["序号"]);
        assert_eq!(find_header(vec![row(&["姓名", "备注"])]), None);
    }

    /// docs/ledger-import.md lists every name, so clerks can read what the
    /// import knows: its table has a row `| label | 必填/可选 | name、name… |`.
    #[test]
    fn the_documentation_lists_exactly_these_names() {
        let doc = include_str!("../../../../docs/ledger-import.md");
        for c in Column::ALL {
            let line = doc.lines().find(|l| l.starts_with(&format!("| {} |", c.label())));
            let cells: Vec<&str> = line.unwrap_or_else(|| panic!("no row for {}", c.label())).split('|').collect();
            let names: Vec<&str> = cells[3].trim().split('、').collect();
            assert_eq!(names, c.names(), "docs/ledger-import.md, row {}", c.label());
            assert_eq!(cells[2].trim(), if c.required() { "必填" } else { "可选" }, "row {}", c.label());
        }
    }
}
