//! 台账导入 given files built to hurt (issue 22): cells at A1 and
//! XFD1048576, a zip bomb in the shared strings, declared sizes that lie,
//! a shared string copied into thousands of cells, forged counts, truncated
//! and foreign files, a huge CSV, a directory, a FIFO, /dev/zero. Each is
//! refused with one line of Chinese naming no library, within a few MiB of
//! memory (measured), and nothing is recorded; an ordinary ledger in each
//! format still reads.

mod hostile;

use hostile::build::{self, Entry, LEDGER, label_sst, record};
use hostile::memory::{one_at_a_time, peak};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use xinfang_core::{Clock, Ledger, Store};
use xinfang_sheets::limits::{MAX_TEXT_BYTES, MAX_UNPACKED_BYTES};
use xinfang_sheets::{commands, read};

const MIB: usize = 1 << 20;

fn township() -> Ledger {
    let now = chrono::DateTime::parse_from_rfc3339("2009-07-10T09:00:00+08:00").unwrap().to_utc();
    let mut l = Ledger::new(Store::in_memory().unwrap(), Clock::Fixed(now));
    xinfang_core::dispatch(&mut l, "device_init", json!({"role": "township", "name": "路居镇"})).unwrap();
    l
}

fn cases(l: &Ledger) -> i64 {
    l.store.conn().query_row("SELECT count(*) FROM petition_case", [], |r| r.get(0)).unwrap()
}

/// File kinds and the product's name, which a message may spell in letters.
const WORDS: [&str; 8] = ["xlsx", "xls", "xlsm", "xlsb", "ods", "csv", "CSV", "Excel"];

/// One line of Chinese with no library's English in it: with the path taken
/// out, every run of three or more ASCII letters is in `WORDS` or the
/// column of a cell reference (capitals followed by the row number).
fn chinese(message: &str, path: &Path) -> String {
    let m = message.replace(&path.display().to_string(), "");
    assert!(!m.contains('\n') && m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{m}");
    let chars: Vec<char> = m.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphabetic() {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let cell = run.chars().all(|c| c.is_ascii_uppercase()) && chars.get(i).is_some_and(char::is_ascii_digit);
        assert!(run.len() < 3 || WORDS.contains(&run.as_str()) || cell, "“{run}” in {m}");
        i = i.max(start + 1);
    }
    m
}

/// `bytes` saved as `name` in a fresh folder.
fn saved(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Importing `path` is refused, as a reading problem of the file, using
/// less than `limit` bytes of memory and within 30 s; nothing is recorded.
/// The message, path taken out.
fn refused_at(path: &Path, limit: usize) -> String {
    let mut l = township();
    let started = Instant::now();
    let (outcome, used) =
        peak(|| commands::dispatch(&mut l, "ledger_import", json!({"path": path, "actor": "镇信访办刘专干"})));
    let e = outcome.expect_err("refused");
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}: {e}", started.elapsed());
    assert!(used < limit, "{} MiB to refuse {}: {e}", used / MIB, path.display());
    assert_eq!((e.kind(), e.field()), ("read", Some("path")), "{e}");
    assert_eq!(cases(&l), 0, "nothing recorded");
    chinese(&e.to_string(), path)
}

fn refused(name: &str, bytes: &[u8], limit: usize) -> String {
    let (_dir, path) = saved(name, bytes);
    refused_at(&path, limit)
}

/// `bytes` saved as `name` read as the ledger's two rows, in less than `limit`.
fn reads(name: &str, bytes: &[u8], limit: usize) {
    let (_dir, path) = saved(name, bytes);
    let (sheet, used) = peak(|| read::read(&path));
    let sheet = sheet.unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(used < limit, "{} MiB to read {name}", used / MIB);
    let names: Vec<&str> = sheet.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["赵德明", "张国富"], "{name}");
}

fn sheet(dimension: &str, rows: &str) -> Entry {
    Entry::deflated("xl/worksheets/sheet1.xml", build::worksheet(dimension, rows).as_bytes())
}

const SST: &str =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\">";

#[test]
fn cells_at_a1_and_xfd1048576_are_refused_without_building_the_range() {
    let _one = one_at_a_time();
    // Before: for this 1.7 KB file calamine asked for 549,755,813,888 bytes
    // (the whole rectangle) and the process aborted.
    let far = "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>远</t></is></c></row>";
    let book = build::xlsx(sheet("A1:XFD1048576", &(build::xlsx_rows(0) + far)), vec![]);
    assert!(book.len() < 2_000, "{} bytes", book.len());
    let m = refused("远处单元格.xlsx", &book, 4 * MIB);
    assert!(m.contains("单元格 XFD1048576 超出了台账的范围（最多 200000 行、1024 列）"), "{m}");

    // The same from a real writer.
    let mut ws = rust_xlsxwriter::Worksheet::new();
    ws.set_name("台账").unwrap();
    ws.write_string(0, 0, "登记日期").unwrap();
    ws.write_string(1_048_575, 16_383, "远").unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.push_worksheet(ws);
    let m = refused("远处单元格2.xlsx", &wb.save_to_buffer().unwrap(), 4 * MIB);
    assert!(m.contains("XFD1048576"), "{m}");

    // Below row 200,000 in the first column, or past column AMJ in the first row.
    for (cell, name) in [("A200001", "远行.xlsx"), ("AMK1", "远列.xlsx")] {
        let row = cell.trim_start_matches(char::is_alphabetic);
        let rows = format!("<row r=\"{row}\"><c r=\"{cell}\"><v>1</v></c></row>");
        let m = refused(name, &build::xlsx(sheet("A1", &rows), vec![]), 4 * MIB);
        assert!(m.contains(cell), "{m}");
    }
}

#[test]
fn a_far_dimension_or_an_empty_formatted_far_cell_is_not_content() {
    let _one = one_at_a_time();
    let empty_far = "<row r=\"1048576\"><c r=\"XFD1048576\" s=\"0\"/></row>";
    let book = build::xlsx(sheet("A1:XFD1048576", &(build::xlsx_rows(2) + empty_far)), vec![]);
    reads("远处空格.xlsx", &book, 4 * MIB);
}

#[test]
fn a_zip_bomb_in_the_shared_strings_is_refused_before_it_is_unpacked() {
    let _one = one_at_a_time();
    // A 1 GiB shared string in about 1 MB, as issue 22 found it.
    let bomb = Entry::bomb("xl/sharedStrings.xml", format!("{SST}<si><t>").as_bytes(), b'a', 1024, b"</t></si></sst>");
    let cell = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>";
    let book = build::xlsx(sheet("A1", cell), vec![bomb]);
    assert!(book.len() < 2 * MIB, "{} bytes", book.len());
    let m = refused("炸弹.xlsx", &book, 8 * MIB);
    assert!(m.contains(&format!("解压后的内容超过 {} MB", MAX_UNPACKED_BYTES >> 20)), "{m}");

    // The same, its headers claiming 100 bytes: unpacked only as far as the claim.
    let mut liar =
        Entry::bomb("xl/sharedStrings.xml", format!("{SST}<si><t>").as_bytes(), b'a', 300, b"</t></si></sst>");
    liar.size = 100;
    let m = refused("谎报大小.xlsx", &build::xlsx(sheet("A1", cell), vec![liar]), 8 * MIB);
    assert!(m.contains("损坏"), "{m}");

    // Within the total, but 150 MiB of one byte from 150 KB.
    let dense = Entry::bomb("xl/sharedStrings.xml", format!("{SST}<si><t>").as_bytes(), b'a', 150, b"</t></si></sst>");
    let m = refused("压缩比.xlsx", &build::xlsx(sheet("A1", cell), vec![dense]), 8 * MIB);
    assert!(m.contains("压缩比异常（超过 100 倍）"), "{m}");
}

#[test]
fn a_part_beside_the_cells_is_small() {
    let _one = one_at_a_time();
    // 17 MiB of styles, stored: honest, but no real workbook's styles are so large.
    let styles = format!("<styleSheet><!--{}--></styleSheet>", "样".repeat(17 * MIB / 3));
    let book = build::xlsx(sheet("A1", &build::xlsx_rows(0)), vec![Entry::stored("xl/styles.xml", styles.as_bytes())]);
    let m = refused("样式.xlsx", &book, 48 * MIB);
    assert!(m.contains("解压后超过 16 MB"), "{m}");
}

/// Text that deflate cannot shrink much: `n` pseudo-random Chinese characters.
fn noise(n: usize) -> String {
    let mut x = 0x2545_F491u32;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from_u32(0x4E00 + x % 0x5000).unwrap()
        })
        .collect()
}

#[test]
fn one_shared_string_in_many_cells_is_refused_by_its_copies() {
    let _one = one_at_a_time();
    // 256 KiB once in the file, copied into 600 cells: 150 MiB.
    let strings = format!("{SST}<si><t>{}</t></si></sst>", noise(MIB / 12));
    let cells: String = (1..=600).map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>0</v></c></row>")).collect();
    let book = build::xlsx(sheet("A1:A600", &cells), vec![Entry::deflated("xl/sharedStrings.xml", strings.as_bytes())]);
    assert!(book.len() < MIB, "{} bytes", book.len());
    let m = refused("复制.xlsx", &book, MAX_TEXT_BYTES as usize + 32 * MIB);
    assert!(m.contains("文字共超过 128 MB"), "{m}");
}

#[test]
fn forged_counts_are_refused_before_a_reader_reserves_them() {
    let _one = one_at_a_time();
    let forged = SST.replace("uniqueCount=\"1\"", "uniqueCount=\"4294967295000\"") + "<si><t>甲</t></si></sst>";
    let book = build::xlsx(
        sheet("A1", &build::xlsx_rows(0)),
        vec![Entry::deflated("xl/sharedStrings.xml", forged.as_bytes())],
    );
    let m = refused("伪造数量.xlsx", &book, 4 * MIB);
    assert!(m.contains("单元格超过 4194304 个"), "{m}");

    // Varied enough that deflate does not shrink it a hundred times.
    let xfs: String = (0..70_000).map(|i| format!("<xf numFmtId=\"{}\" fontId=\"{i}\"></xf>", i % 200)).collect();
    let formats = format!("<styleSheet><cellXfs>{xfs}</cellXfs></styleSheet>");
    let book =
        build::xlsx(sheet("A1", &build::xlsx_rows(0)), vec![Entry::deflated("xl/styles.xml", formats.as_bytes())]);
    let m = refused("格式.xlsx", &book, 8 * MIB);
    assert!(m.contains("单元格格式多得异常（超过 65536 种）"), "{m}");

    // A number format of 2 KB, which each of 10,000 cell formats copies (42 MB).
    let long = format!("<numFmts><numFmt numFmtId=\"164\" formatCode=\"{}\"/></numFmts>", noise(700));
    let xfs: String = (0..10_000).map(|i| format!("<xf numFmtId=\"164\" fontId=\"{i}\"></xf>")).collect();
    let formats = format!("<styleSheet>{long}<cellXfs>{xfs}</cellXfs></styleSheet>");
    let book =
        build::xlsx(sheet("A1", &build::xlsx_rows(0)), vec![Entry::deflated("xl/styles.xml", formats.as_bytes())]);
    let m = refused("长格式.xlsx", &book, 8 * MIB);
    assert!(m.contains("单元格格式长得异常"), "{m}");
}

/// An ordinary ledger from a real writer.
fn ledger_xlsx() -> Vec<u8> {
    let mut ws = rust_xlsxwriter::Worksheet::new();
    for (i, row) in LEDGER.iter().enumerate() {
        for (j, text) in row.iter().enumerate() {
            ws.write_string(i as u32, j as u16, *text).unwrap();
        }
    }
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.push_worksheet(ws);
    wb.save_to_buffer().unwrap()
}

#[test]
fn an_ordinary_ledger_in_each_format_still_reads() {
    let _one = one_at_a_time();
    reads("台账.xlsx", &ledger_xlsx(), 4 * MIB);
    // An .xlsx saved with an .xls name by another program: told by its content.
    reads("改名.xls", &ledger_xlsx(), 4 * MIB);
    let (strings, cells) = build::xls_ledger();
    reads("台账.xls", &build::xls(&strings, &cells), 4 * MIB);
    reads("台账.ods", &build::ods(&build::ods_rows()), 4 * MIB);
}

#[test]
fn truncated_and_foreign_files_are_refused() {
    let _one = one_at_a_time();
    let good = ledger_xlsx();
    for (name, bytes) in [("半截.xlsx", &good[..good.len() / 2]), ("缺尾.xlsx", &good[..good.len() - 30])] {
        let m = refused(name, bytes, 4 * MIB);
        assert!(m.contains("损坏"), "{name}: {m}");
    }
    let m = refused("文本.xlsx", "这不是 Excel 文件，是改了扩展名的文本。".as_bytes(), MIB);
    assert!(m.contains("文件内容不是 Excel 工作簿"), "{m}");
    let readme = build::zip(&[Entry::deflated("readme.txt", b"hello")]);
    assert!(refused("压缩包.xlsx", &readme, MIB).contains("文件内容不是 Excel 工作簿"));

    // .xls: a compound file's signature then noise; a Word-like compound file; a cut one.
    let mut garbage = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    garbage.extend(noise(4_000).bytes());
    assert!(refused("乱码.xls", &garbage, 4 * MIB).contains("损坏"));
    let mut word = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    std::io::Write::write_all(&mut word.create_stream("/WordDocument").unwrap(), b"not a workbook").unwrap();
    word.flush().unwrap();
    let word = word.into_inner().into_inner();
    assert!(refused("文档.xls", &word, 4 * MIB).contains("文件里没有工作簿"));
    let (strings, cells) = build::xls_ledger();
    let xls = build::xls(&strings, &cells);
    assert!(refused("半截.xls", &xls[..xls.len() / 2], 4 * MIB).contains("损坏"));
    // An .xlsx with a password is a compound file holding the encrypted package.
    let mut locked = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for stream in ["/EncryptionInfo", "/EncryptedPackage"] {
        std::io::Write::write_all(&mut locked.create_stream(stream).unwrap(), &[7; 64]).unwrap();
    }
    locked.flush().unwrap();
    let locked = locked.into_inner().into_inner();
    assert!(refused("加密.xlsx", &locked, 4 * MIB).contains("设置了打开密码"));
}

#[test]
fn an_enormous_file_is_refused_unread() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    // Sparse: their sizes say 1 GiB and 65 MiB, nothing is on disk.
    let csv = dir.path().join("台账.csv");
    std::fs::File::create(&csv).unwrap().set_len(1 << 30).unwrap();
    assert!(refused_at(&csv, MIB).contains("CSV 请先用 Excel 另存为 .xlsx"));
    let xlsx = dir.path().join("巨大.xlsx");
    std::fs::File::create(&xlsx).unwrap().set_len(65 << 20).unwrap();
    assert!(refused_at(&xlsx, MIB).contains("文件超过 64 MB"));
}

#[cfg(unix)]
#[test]
fn a_directory_a_fifo_or_a_device_is_refused_at_once() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("文件夹.xlsx");
    std::fs::create_dir(&folder).unwrap();
    let fifo = dir.path().join("管道.xlsx");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let zero = dir.path().join("零.xlsx");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for path in [&folder, &fifo, &zero] {
        assert!(refused_at(path, MIB).contains("这不是一个普通文件"), "{}", path.display());
    }
}

#[test]
fn ods_repeats_and_spaces_are_counted_as_calamine_expands_them() {
    let _one = one_at_a_time();
    let rows = build::ods_rows();
    let cell = |attrs: &str, inner: &str| {
        format!(
            "<table:table-row><table:table-cell office:value-type=\"string\"{attrs}>{inner}</table:table-cell></table:table-row>"
        )
    };
    // 100 billion spaces in 40 bytes.
    let spaces = rows.clone() + &cell("", "<text:p><text:s text:c=\"99999999999\"/></text:p>");
    assert!(refused("空格.ods", &build::ods(&spaces), 4 * MIB).contains("文字共超过 128 MB"));
    // One cell repeated across a million columns, one row down 10 million rows.
    let across = rows.clone() + &cell(" table:number-columns-repeated=\"1000000\"", "<text:p>甲</text:p>");
    assert!(refused("重复列.ods", &build::ods(&across), 4 * MIB).contains("超出了台账的范围"));
    let down = format!(
        "{rows}<table:table-row table:number-rows-repeated=\"10000000\"><table:table-cell office:value-type=\"string\"><text:p>乙</text:p></table:table-cell></table:table-row>"
    );
    assert!(refused("重复行.ods", &build::ods(&down), 4 * MIB).contains("超出了台账的范围"));
    // 150,000 rows of a 1 KB cell: 150 MB of copies from one cell.
    let long = format!(
        "{rows}<table:table-row table:number-rows-repeated=\"150000\"><table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell></table:table-row>",
        "丙".repeat(350)
    );
    assert!(refused("长文重复.ods", &build::ods(&long), 4 * MIB).contains("文字共超过 128 MB"));
}

#[test]
fn xls_far_cells_and_copied_strings_are_refused_before_calamine_opens_it() {
    let _one = one_at_a_time();
    let (strings, mut cells) = build::xls_ledger();
    // A number at column 65,536 of row 1.
    cells.push(record(0x0203, &[&[0u8, 0, 0xFF, 0xFF, 0, 0][..], &1f64.to_le_bytes()].concat()));
    let m = refused("远处.xls", &build::xls(&strings, &cells), 4 * MIB);
    assert!(m.contains("单元格 CRXP1 超出了台账的范围"), "{m}");

    // An 8,000-character shared string in 6,000 cells: 144 MB of copies from 100 KB.
    let long = "丁".repeat(8_000);
    let mut strings = vec![long.as_str()];
    strings.extend(&LEDGER[0]);
    let cells: Vec<_> = (0..6_000u32).map(|i| label_sst((i / 50) as u16 + 1, (i % 50) as u16, 0)).collect();
    let m = refused("复制.xls", &build::xls(&strings, &cells), 4 * MIB);
    assert!(m.contains("文字共超过 128 MB"), "{m}");
}

#[test]
fn the_bombs_built_here_are_valid_zips() {
    let _one = one_at_a_time();
    use std::io::Read;
    let honest = build::zip(&[Entry::bomb("x.xml", b"<a>", b'a', 8, b"</a>")]);
    assert!(honest.len() < 16 * 1024, "{} bytes", honest.len());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&honest)).unwrap();
    let mut out = Vec::new();
    archive.by_index(0).unwrap().read_to_end(&mut out).unwrap();
    assert_eq!(out.len(), 8 * MIB + 7);
    assert!(out.starts_with(b"<a>aaa") && out.ends_with(b"aaa</a>"));

    // Data larger than the headers say: the zip crate stops at the claim,
    // as the guard's own count would.
    let mut liar = Entry::bomb("x.xml", b"<a>", b'a', 8, b"</a>");
    liar.size = 100;
    let liar = build::zip(&[liar]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&liar)).unwrap();
    let mut out = Vec::new();
    assert!(archive.by_index(0).unwrap().read_to_end(&mut out).is_err());
    assert!(out.len() <= 101, "{}", out.len());
}

#[test]
fn a_large_ordinary_ledger_is_within_every_limit() {
    let _one = one_at_a_time();
    // 20,000 rows as a township writes them: the same villages, categories
    // and channels again and again (which compresses well), long requests.
    let mut ws = rust_xlsxwriter::Worksheet::new();
    ws.set_name("台账").unwrap();
    for (j, h) in LEDGER[0].iter().chain(&["身份证号", "联系电话", "住址", "处理情况", "办结日期"]).enumerate()
    {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    let request = noise(60);
    for i in 1..=20_000u32 {
        let row = [
            format!("2009-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            format!("信访人{i}"),
            format!("{request}{i}"),
            ["民政救助", "土地承包", "农田水利"][i as usize % 3].to_owned(),
            ["来信", "来访"][i as usize % 2].to_owned(),
            String::new(),
            format!("138{:08}", i),
            format!("路居镇{}村", ["兰田", "中坝", "上坝"][i as usize % 3]),
            "已办结并告知本人".to_owned(),
            "2009-12-31".to_owned(),
        ];
        for (j, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            ws.write_string(i, j as u16, text).unwrap();
        }
    }
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.push_worksheet(ws);
    let (_dir, path) = saved("大台账.xlsx", &wb.save_to_buffer().unwrap());
    let (sheet, used) = peak(|| read::read(&path));
    let sheet = sheet.unwrap();
    assert_eq!(sheet.rows.len(), 20_000);
    assert_eq!(sheet.rows[19_999].name, "信访人20000");
    assert!(used < 128 * MIB, "{} MiB", used / MIB);
}
