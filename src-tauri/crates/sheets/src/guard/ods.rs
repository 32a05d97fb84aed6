//! calamine parses an .ods's content.xml whole when it opens the file and
//! builds each table's rectangle with the repeats expanded: a cell repeated
//! across columns and a row repeated down are copies, text included, and a
//! `<text:s text:c="…"/>` is that many spaces. So every table's cells with
//! content, their positions, the rectangle and the text of all the copies
//! are counted first, as calamine will make them.

use super::xml::{Archive, Xml, attribute, count, parts, reader};
use super::{Checked, damaged, too_large};
use crate::limits::{MAX_CELLS, MAX_TEXT_BYTES, beyond, too_many_cells, too_much_text};
use quick_xml::events::{BytesStart, Event};

pub(super) fn check(archive: &mut Archive<'_>) -> Checked<()> {
    // Without content.xml calamine says the file is damaged; nothing to count.
    for index in parts(archive, |n| n == "content.xml") {
        let Some(xml) = reader(archive, index) else { return Err(damaged()) };
        Scan::default().run(xml)?;
    }
    Ok(())
}

/// A table's first and last rows and columns with content.
type Bounds = (u64, u64, u64, u64);

#[derive(Default)]
struct Scan {
    /// Cells calamine holds before it expands the rows, the rectangles'
    /// area, and the text of every copy.
    held: u64,
    area: u64,
    text: u64,
    table: Option<Bounds>,
    /// The current row, how many times it repeats, its next column, and
    /// its first and last columns with content.
    row: u64,
    repeats: u64,
    col: u64,
    content: Option<(u64, u64)>,
}

impl Scan {
    fn run(mut self, mut xml: Xml<'_, '_>) -> Checked<()> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let event = xml.read_event_into(&mut buf).map_err(|_| damaged())?;
            match &event {
                Event::Start(e) if e.name().as_ref() == "table:table" => {
                    self.close_table()?;
                    self.row = 0;
                }
                Event::End(e) if e.name().as_ref() == "table:table" => self.close_table()?,
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                    self.repeats =
                        attribute(e, "table:number-rows-repeated").and_then(|v| count(&v)).unwrap_or(1).max(1);
                    self.col = 0;
                    self.content = None;
                    if matches!(event, Event::Empty(_)) {
                        self.row = self.row.saturating_add(self.repeats);
                    }
                }
                Event::End(e) if e.name().as_ref() == "table:table-row" => self.close_row()?,
                Event::Start(e) | Event::Empty(e)
                    if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
                {
                    let inner = if matches!(event, Event::Start(_)) { Some(&mut xml) } else { None };
                    self.cell(e, inner)?;
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn close_row(&mut self) -> Checked<()> {
        if let Some((left, right)) = self.content.take() {
            let bottom = self.row.saturating_add(self.repeats - 1);
            if let Some(reason) = beyond(bottom, right) {
                return Err(too_large(reason));
            }
            self.held = self.held.saturating_add(right + 1);
            if self.held > MAX_CELLS {
                return Err(too_large(too_many_cells()));
            }
            let (top, b, l, r) = self.table.unwrap_or((self.row, bottom, left, right));
            self.table = Some((top.min(self.row), b.max(bottom), l.min(left), r.max(right)));
        }
        self.row = self.row.saturating_add(self.repeats);
        Ok(())
    }

    fn close_table(&mut self) -> Checked<()> {
        if let Some((top, bottom, left, right)) = self.table.take() {
            self.area = self.area.saturating_add((bottom - top + 1).saturating_mul(right - left + 1));
            if self.area > MAX_CELLS {
                return Err(too_large(too_many_cells()));
            }
        }
        Ok(())
    }

    /// A cell, its content read from `inner` if it has any.
    fn cell(&mut self, e: &BytesStart<'_>, inner: Option<&mut Xml<'_, '_>>) -> Checked<()> {
        let across = attribute(e, "table:number-columns-repeated").and_then(|v| count(&v)).unwrap_or(1).max(1);
        let mut filled = attribute(e, "office:value-type").is_some() || attribute(e, "table:formula").is_some();
        // The value and the formula calamine keeps: from the attributes, or
        // the paragraphs, spaces and entities inside.
        let mut text = ["office:string-value", "office:date-value", "office:time-value", "table:formula"]
            .iter()
            .filter_map(|k| attribute(e, k))
            .map(|v| v.len() as u64)
            .sum::<u64>();
        if let Some(xml) = inner {
            let mut buf = Vec::new();
            let mut depth = 1usize;
            while depth > 0 {
                buf.clear();
                let event = xml.read_event_into(&mut buf).map_err(|_| damaged())?;
                let added = match &event {
                    Event::Start(c) | Event::Empty(c) if c.name().as_ref() == "text:s" => {
                        attribute(c, "text:c").and_then(|v| count(&v)).unwrap_or(1)
                    }
                    // A paragraph, a tab or a line break adds a character.
                    Event::Start(_) | Event::Empty(_) => 1,
                    // An entity is at most one character (4 bytes).
                    Event::GeneralRef(_) => 4,
                    Event::Text(t) => t.len() as u64,
                    _ => 0,
                };
                filled |= added > 0 && !matches!(&event, Event::Text(t) if t.trim().is_empty());
                text = text.saturating_add(added);
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    Event::Eof => return Err(damaged()),
                    _ => {}
                }
            }
        }
        if filled {
            let last = self.col.saturating_add(across - 1);
            if let Some(reason) = beyond(self.row, last) {
                return Err(too_large(reason));
            }
            self.content = Some(self.content.map_or((self.col, last), |(l, _)| (l, last)));
            // Copied into every repeat, across and down.
            self.text = self.text.saturating_add(text.saturating_mul(across).saturating_mul(self.repeats));
            if self.text > MAX_TEXT_BYTES {
                return Err(too_large(too_much_text()));
            }
        }
        self.col = self.col.saturating_add(across);
        Ok(())
    }
}
