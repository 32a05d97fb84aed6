//! The BIFF records of an .xls Workbook stream, framed and walked exactly
//! as calamine's `xls.rs` frames and walks them (`RecordIter`, `Record`,
//! `parse_sst`), so that what `xls.rs` counts is what calamine will read.

use super::{Checked, damaged, too_large};
use crate::limits::{MAX_CELLS, MAX_CONTINUES, too_many_cells};

/// A record as calamine's `RecordIter` yields it: its type, its data, the
/// Continue records after it (which calamine appends), and where its
/// data starts in the stream.
pub(super) struct Record<'a> {
    pub typ: u16,
    pub at: usize,
    pub data: &'a [u8],
    pub cont: Vec<&'a [u8]>,
}

pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

pub(super) const CONTINUE: u16 = 0x003C;

pub(super) fn records(stream: &[u8], from: usize) -> impl Iterator<Item = Checked<Record<'_>>> {
    let mut at = from;
    std::iter::from_fn(move || {
        let rest = stream.get(at..).unwrap_or_default();
        if rest.is_empty() {
            return None;
        }
        let frame = |at: usize| -> Option<(u16, usize)> {
            let (typ, len) = (u16_at(stream, at)?, u16_at(stream, at + 2)? as usize);
            (stream.len() >= at + 4 + len).then_some((typ, len))
        };
        let Some((typ, len)) = frame(at) else {
            at = stream.len();
            return Some(Err(damaged()));
        };
        let record = Record { typ, at: at + 4, data: &stream[at + 4..at + 4 + len], cont: Vec::new() };
        at += 4 + len;
        let mut record = record;
        // calamine looks for a Continue only with more than 4 bytes left.
        while stream.len() - at > 4 && u16_at(stream, at) == Some(CONTINUE) {
            let Some((_, len)) = frame(at) else {
                at = stream.len();
                return Some(Err(damaged()));
            };
            record.cont.push(&stream[at + 4..at + 4 + len]);
            at += 4 + len;
            // calamine takes them one by one from the front: quadratic.
            if record.cont.len() > MAX_CONTINUES {
                at = stream.len();
                return Some(Err(damaged()));
            }
        }
        Some(Ok(record))
    })
}

/// The SST's strings' lengths in characters, walked as calamine's
/// `parse_sst` and `read_rich_extended_string` walk them across Continue
/// records; a string calamine would fail on is damage.
pub(super) fn shared_strings(r: &Record<'_>) -> Checked<Vec<u16>> {
    let mut cur = Walk { data: r.data.get(8..).ok_or_else(damaged)?, cont: r.cont.iter() };
    let mut lengths = Vec::new();
    while !cur.data.is_empty() || cur.next() {
        if cur.data.is_empty() {
            lengths.push(0);
            continue;
        }
        let chars = u16_at(cur.data, 0).ok_or_else(damaged)?;
        let flags = *cur.data.get(2).ok_or_else(damaged)?;
        cur.data = &cur.data[3..];
        let runs = if flags & 0x8 != 0 { cur.take_u16()? as usize } else { 0 };
        // calamine reads the extension size as i32 and casts it: a
        // negative one is a huge skip, which fails.
        let ext = if flags & 0x4 != 0 { cur.take_u32()? as i32 as usize } else { 0 };
        let (mut left, mut high) = (chars as usize, flags & 0x1 != 0);
        while left > 0 {
            let n = if high { (cur.data.len() / 2).min(left) } else { cur.data.len().min(left) };
            cur.data = &cur.data[if high { 2 * n } else { n }..];
            left -= n;
            if left > 0 {
                if !cur.next() || cur.data.is_empty() {
                    return Err(damaged());
                }
                high = cur.data[0] & 0x1 != 0;
                cur.data = &cur.data[1..];
            }
        }
        cur.skip(runs * 4)?;
        cur.skip(ext)?;
        lengths.push(chars);
        if lengths.len() as u64 > MAX_CELLS {
            return Err(too_large(too_many_cells()));
        }
    }
    Ok(lengths)
}

/// A record's data and its Continue records, read as calamine's `Record`.
struct Walk<'a, 'r> {
    data: &'a [u8],
    cont: std::slice::Iter<'r, &'a [u8]>,
}

impl Walk<'_, '_> {
    fn next(&mut self) -> bool {
        self.cont.next().map(|d| self.data = d).is_some()
    }

    fn take_u16(&mut self) -> Checked<u16> {
        let v = u16_at(self.data, 0).ok_or_else(damaged)?;
        self.data = &self.data[2..];
        Ok(v)
    }

    fn take_u32(&mut self) -> Checked<u32> {
        let v = u32_at(self.data, 0).ok_or_else(damaged)?;
        self.data = &self.data[4..];
        Ok(v)
    }

    fn skip(&mut self, mut n: usize) -> Checked<()> {
        while n > 0 {
            if self.data.is_empty() && !self.next() {
                return Err(damaged());
            }
            let l = n.min(self.data.len());
            self.data = &self.data[l..];
            n -= l;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod build {
    //! Records for the tests of `biff.rs` and `xls.rs`.

    pub fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// An SST of `strings`, each `chars` compressed characters long.
    pub fn sst(strings: u32, chars: u16) -> Vec<u8> {
        let mut d = [strings.to_le_bytes(), strings.to_le_bytes()].concat();
        for _ in 0..strings {
            d.extend(chars.to_le_bytes());
            d.push(0);
            d.extend(std::iter::repeat_n(b'a', chars as usize));
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::build::{record, sst};
    use super::*;

    #[test]
    fn shared_strings_are_walked_across_continue_records() {
        let data = sst(3, 5);
        let (head, tail) = data.split_at(8 + 3 + 3);
        // The second string continues in a Continue record with its own flags byte.
        let mut s = record(0x00FC, head);
        s.extend(record(CONTINUE, &[[0u8].as_slice(), &tail[..2]].concat()));
        s.extend(record(CONTINUE, &tail[2..]));
        let r = records(&s, 0).next().unwrap().unwrap();
        assert_eq!(r.cont.len(), 2);
        assert_eq!(shared_strings(&r).unwrap(), vec![5, 5, 5]);
        let cut = record(0x00FC, &data[..data.len() - 1]);
        assert_eq!(shared_strings(&records(&cut, 0).next().unwrap().unwrap()), Err(damaged()));
    }
}
