//! Hostile files built in the test. The zip container is written by hand
//! because the point is to lie in it (declared sizes, a repeated deflate
//! block), which a zip library's writer will not do.

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use std::io::Write;

/// One zip entry as it is stored: its name, its method (0 stored, 8
/// deflated), the bytes in the file, and the size and CRC its headers declare.
pub struct Entry {
    pub name: String,
    pub method: u16,
    pub packed: Vec<u8>,
    pub size: u32,
    pub crc: u32,
}

fn crc(parts: &[&[u8]]) -> u32 {
    let mut c = Crc::new();
    for p in parts {
        c.update(p);
    }
    c.sum()
}

/// `data` through `c`, flushed as `flush` says.
fn squeeze(c: &mut Compress, data: &[u8], flush: FlushCompress) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 50 + 1024);
    let before = c.total_in();
    let status = c.compress_vec(data, &mut out, flush).unwrap();
    assert_eq!(c.total_in() - before, data.len() as u64, "all of it in one call");
    assert!(flush != FlushCompress::Finish || status == Status::StreamEnd);
    out
}

impl Entry {
    /// Honest, deflated.
    pub fn deflated(name: &str, data: &[u8]) -> Entry {
        let packed = squeeze(&mut Compress::new(Compression::default(), false), data, FlushCompress::Finish);
        Entry { name: name.into(), method: 8, packed, size: data.len() as u32, crc: crc(&[data]) }
    }

    /// Honest, stored as is.
    pub fn stored(name: &str, data: &[u8]) -> Entry {
        Entry { name: name.into(), method: 0, packed: data.to_vec(), size: data.len() as u32, crc: crc(&[data]) }
    }

    /// `head`, then `mib` MiB of `fill`, then `tail`, in about 1 KB per MiB:
    /// one MiB deflated after a full flush (which forgets the dictionary, so
    /// the block stands alone) and that block repeated.
    pub fn bomb(name: &str, head: &[u8], fill: u8, mib: usize, tail: &[u8]) -> Entry {
        let mut c = Compress::new(Compression::best(), false);
        let chunk = vec![fill; 1 << 20];
        let mut packed = squeeze(&mut c, head, FlushCompress::Full);
        let block = squeeze(&mut c, &chunk, FlushCompress::Full);
        for _ in 0..mib {
            packed.extend_from_slice(&block);
        }
        packed.extend(squeeze(&mut c, tail, FlushCompress::Finish));
        let mut sum = Crc::new();
        sum.update(head);
        for _ in 0..mib {
            sum.update(&chunk);
        }
        sum.update(tail);
        let size = head.len() + (mib << 20) + tail.len();
        Entry { name: name.into(), method: 8, packed, size: u32::try_from(size).unwrap(), crc: sum.sum() }
    }
}

/// A zip of `entries`, headers saying what each entry declares.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for e in entries {
        let offset = out.len() as u32;
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(e.method.to_le_bytes());
            v.extend([0, 0, 0x21, 0]); // 1980-01-01 00:00
            v.extend(e.crc.to_le_bytes());
            v.extend((e.packed.len() as u32).to_le_bytes());
            v.extend(e.size.to_le_bytes());
            v.extend((e.name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra field
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(e.name.as_bytes());
        out.extend(&e.packed);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // made by
        common(&mut central);
        central.extend([0; 6]); // comment length, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(e.name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// The header row and two rows of a ledger.
pub const LEDGER: [[&str; 5]; 3] = [
    ["登记日期", "信访人", "反映问题", "问题类别", "来信/来访"],
    ["2009-01-08", "赵德明", "来信反映家中房屋年久失修，申请危房改造补助。", "民政救助", "来信"],
    ["2009-02-10", "张国富", "反映承包地边界与邻户有争议，要求重新丈量。", "土地承包", "来访"],
];

pub fn column(mut c: u32) -> String {
    let mut s = Vec::new();
    c += 1;
    while c > 0 {
        s.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// The ledger as .xlsx sheet rows from `top` (0-based), inline strings.
pub fn xlsx_rows(top: u32) -> String {
    let mut xml = String::new();
    for (i, row) in LEDGER.iter().enumerate() {
        let r = top + i as u32 + 1;
        xml += &format!("<row r=\"{r}\">");
        for (j, text) in row.iter().enumerate() {
            xml += &format!("<c r=\"{}{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>", column(j as u32));
        }
        xml += "</row>";
    }
    xml
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A worksheet part: `dimension` (as its ref says) and `rows`.
pub fn worksheet(dimension: &str, rows: &str) -> String {
    format!("<worksheet xmlns=\"{MAIN}\"><dimension ref=\"{dimension}\"/><sheetData>{rows}</sheetData></worksheet>")
}

/// An .xlsx of one sheet 台账 (`sheet`, its part), and `more` parts.
pub fn xlsx(sheet: Entry, more: Vec<Entry>) -> Vec<u8> {
    let types = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
        <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
        </Types>";
    let rels = format!(
        "<Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{DOC}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    );
    let book = format!(
        "<workbook xmlns=\"{MAIN}\" xmlns:r=\"{DOC}\"><sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    );
    let book_rels = format!(
        "<Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{DOC}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
    );
    let mut entries = vec![
        Entry::deflated("[Content_Types].xml", types.as_bytes()),
        Entry::deflated("_rels/.rels", rels.as_bytes()),
        Entry::deflated("xl/workbook.xml", book.as_bytes()),
        Entry::deflated("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
        sheet,
    ];
    entries.extend(more);
    zip(&entries)
}

/// An .ods of one table 台账 whose rows are `rows`.
pub fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"台账\">{rows}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    zip(&[
        Entry::stored("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        Entry::deflated("META-INF/manifest.xml", manifest.as_bytes()),
        Entry::deflated("content.xml", content.as_bytes()),
    ])
}

/// The ledger as .ods rows.
pub fn ods_rows() -> String {
    LEDGER
        .iter()
        .map(|row| {
            let cells: String = row
                .iter()
                .map(|t| {
                    format!("<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>")
                })
                .collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect()
}

/// A BIFF record.
pub fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
    r.extend(data);
    r
}

/// LabelSst: the cell at (`row`, `col`) is shared string `index`.
pub fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
    record(0x00FD, &[&row.to_le_bytes()[..], &col.to_le_bytes(), &[0, 0], &index.to_le_bytes()].concat())
}

/// An .xls (BIFF8 in a compound file) of one sheet 台账: `strings` as its
/// shared strings (UTF-16), `cells` as its cell records.
pub fn xls(strings: &[&str], cells: &[Vec<u8>]) -> Vec<u8> {
    let bof = |dt: u16| record(0x0809, &[&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat());
    let mut sst = [(strings.len() as u32).to_le_bytes(), (strings.len() as u32).to_le_bytes()].concat();
    for s in strings {
        let units: Vec<u16> = s.encode_utf16().collect();
        sst.extend((units.len() as u16).to_le_bytes());
        sst.push(1);
        sst.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    }
    let name: Vec<u16> = "台账".encode_utf16().collect();
    let mut bound = vec![0, 0, 0, 0, 0, 0, name.len() as u8, 1];
    bound.extend(name.iter().flat_map(|u| u.to_le_bytes()));
    let mut stream = bof(0x0005);
    stream.extend(record(0x0042, &1200u16.to_le_bytes()));
    let at = stream.len() + 4;
    stream.extend(record(0x0085, &bound));
    stream.extend(record(0x00FC, &sst));
    stream.extend(record(0x000A, &[]));
    let start = (stream.len() as u32).to_le_bytes();
    stream[at..at + 4].copy_from_slice(&start);
    stream.extend(bof(0x0010));
    for c in cells {
        stream.extend(c);
    }
    stream.extend(record(0x000A, &[]));
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// The ledger as .xls cells on shared strings 0.. (row by row).
pub fn xls_ledger() -> (Vec<&'static str>, Vec<Vec<u8>>) {
    let strings: Vec<&str> = LEDGER.iter().flatten().copied().collect();
    let cells = (0..strings.len()).map(|i| label_sst((i / 5) as u16, (i % 5) as u16, i as u32)).collect();
    (strings, cells)
}
