//! Resumable uploads (断点续传) at the township: a bundle arrives in pieces,
//! each appended to a partial file named by the BLAKE3 hash of the whole
//! bundle, so a village whose connection dropped asks how much arrived and
//! sends only the rest, in this run or the next. The whole file is checked
//! against its name before it is imported; the result of an import is kept,
//! so a village whose answer was lost learns it without sending again.
//!
//! Only files: the ledger is touched by the caller, once the bundle is whole.

use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long an unfinished upload is kept: long enough for a village whose
/// line dropped to come back the same day, short enough that abandoned
/// uploads do not fill the township's disk.
const PARTS_KEPT_FOR: Duration = Duration::from_secs(6 * 3600);
/// How long the answer to a finished upload is kept (a few hundred bytes),
/// for a village whose answer was lost to ask again.
const ANSWERS_KEPT_FOR: Duration = Duration::from_secs(14 * 24 * 3600);

/// Where a village's upload stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// This many bytes are held; send from there.
    Partial(u64),
    /// Every byte arrived and matches the name: the bundle file, to import.
    Whole(PathBuf),
    /// Imported before: the township's answer, as it was given.
    Answered(Vec<u8>),
}

/// The folder of uploads in flight (the server's spool), and the most the
/// unfinished ones may take together, counted by the lengths they announced.
#[derive(Debug, Clone)]
pub struct Uploads {
    dir: PathBuf,
    quota: u64,
}

impl Uploads {
    pub fn new(spool: &Path, quota: u64) -> Uploads {
        Uploads { dir: spool.join("uploads"), quota }
    }

    /// Where upload `id` of `length` bytes stands: how many bytes are held,
    /// or its answer.
    pub fn progress(&self, id: &str, length: u64) -> Result<Progress> {
        check_id(id)?;
        if let Some(answer) = self.answer(id)? {
            return Ok(Progress::Answered(answer));
        }
        let part = self.part(id, length);
        match fs::metadata(&part) {
            Ok(meta) => Ok(Progress::Partial(meta.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Progress::Partial(0)),
            Err(source) => Err(Error::Io { action: "读取", path: part, source }),
        }
    }

    /// Appends `piece`, which starts at byte `offset` of a bundle of `length`
    /// bytes. A piece that does not start where the held bytes end is refused
    /// with [`Error::UploadOffset`] naming where they end. When the last byte
    /// arrives the whole file is checked against `id`: a mismatch discards it.
    pub fn append(&self, id: &str, offset: u64, length: u64, piece: &[u8]) -> Result<Progress> {
        check_id(id)?;
        if let Some(answer) = self.answer(id)? {
            return Ok(Progress::Answered(answer));
        }
        if length == 0 || length > crate::import::MAX_FILE_BYTES {
            return Err(Error::TooLarge { limit_mib: crate::import::MAX_FILE_BYTES >> 20 });
        }
        // Checked: the offset is anyone's number, and u64::MAX plus a piece
        // must be a refusal, not an overflow.
        if offset.checked_add(piece.len() as u64).is_none_or(|end| end > length) {
            return Err(Error::UploadOffset { held: offset, length });
        }
        let path = self.part(id, length);
        let io = |action| {
            let path = path.clone();
            move |source| Error::Io { action, path, source }
        };
        if !path.exists() {
            if offset != 0 {
                return Err(Error::UploadOffset { held: 0, length });
            }
            fs::create_dir_all(&self.dir).map_err(io("建立"))?;
            self.forget_old();
            if self.reserved().saturating_add(length) > self.quota {
                return Err(Error::SpoolFull { limit_mib: self.quota >> 20 });
            }
        }
        let mut file = OpenOptions::new().create(true).append(true).open(&path).map_err(io("打开"))?;
        let held = file.metadata().map_err(io("读取"))?.len();
        if held != offset {
            return Err(Error::UploadOffset { held, length });
        }
        file.write_all(piece).map_err(io("写入"))?;
        file.sync_data().map_err(io("写入"))?;
        let held = held + piece.len() as u64;
        if held < length {
            return Ok(Progress::Partial(held));
        }
        let whole = self.dir.join(format!("{id}.xfb"));
        if hash_of(&path)? != id {
            let _ = fs::remove_file(&path);
            return Err(Error::UploadDamaged);
        }
        fs::rename(&path, &whole).map_err(io("保存"))?;
        Ok(Progress::Whole(whole))
    }

    /// Keeps the township's answer to upload `id` and drops its bundle file.
    pub fn answered(&self, id: &str, answer: &[u8]) -> Result<()> {
        check_id(id)?;
        let path = self.dir.join(format!("{id}.answer"));
        crate::export::write_durably(&path, answer)?;
        let _ = fs::remove_file(self.dir.join(format!("{id}.xfb")));
        Ok(())
    }

    /// Drops a whole bundle the ledger refused: the village must export anew.
    pub fn refused(&self, id: &str) {
        let _ = fs::remove_file(self.dir.join(format!("{id}.xfb")));
    }

    fn answer(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let path = self.dir.join(format!("{id}.answer"));
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { action: "读取", path, source }),
        }
    }

    /// The partial file, named by the upload and the length it announced.
    fn part(&self, id: &str, length: u64) -> PathBuf {
        self.dir.join(format!("{id}-{length}.part"))
    }

    /// The bytes the unfinished uploads announced, together.
    fn reserved(&self) -> u64 {
        let Ok(entries) = fs::read_dir(&self.dir) else { return 0 };
        entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                name.strip_suffix(".part")?.rsplit_once('-')?.1.parse::<u64>().ok()
            })
            .fold(0, u64::saturating_add)
    }

    /// Removes uploads abandoned longer than [`PARTS_KEPT_FOR`] and answers
    /// kept longer than [`ANSWERS_KEPT_FOR`].
    fn forget_old(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let kept_for = if entry.file_name().to_string_lossy().ends_with(".answer") {
                ANSWERS_KEPT_FOR
            } else {
                PARTS_KEPT_FOR
            };
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > kept_for);
            if old {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The id of an upload: the BLAKE3 hash (hex) of the whole bundle file.
pub fn upload_id(bundle: &[u8]) -> String {
    blake3::hash(bundle).to_hex().to_string()
}

/// An id is 64 lowercase hex digits, so it can never name a path elsewhere.
fn check_id(id: &str) -> Result<()> {
    if id.len() == 64 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(Error::BadHeader { detail: "上传编号不对".to_owned() })
    }
}

fn hash_of(path: &Path) -> Result<String> {
    let io = |source| Error::Io { action: "读取", path: path.to_owned(), source };
    let mut file = File::open(path).map_err(io)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            return Ok(hasher.finalize().to_hex().to_string());
        }
        hasher.update(&buf[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> Vec<u8> {
        (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn pieces_resume_where_the_held_bytes_end_and_the_whole_is_checked_by_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = Uploads::new(dir.path(), 1 << 30);
        let bytes = bundle();
        let id = upload_id(&bytes);
        assert_eq!(uploads.progress(&id, 10_000).unwrap(), Progress::Partial(0));
        assert_eq!(uploads.append(&id, 0, 10_000, &bytes[..4000]).unwrap(), Progress::Partial(4000));
        // A piece sent again after a lost answer, or one skipping ahead, is
        // refused with where the held bytes end.
        for offset in [0, 3000, 6000] {
            match uploads.append(&id, offset, 10_000, &bytes[offset as usize..offset as usize + 1000]) {
                Err(Error::UploadOffset { held: 4000, length: 10_000 }) => {}
                other => panic!("offset {offset}: {other:?}"),
            }
        }
        assert_eq!(uploads.progress(&id, 10_000).unwrap(), Progress::Partial(4000));
        let Progress::Whole(path) = uploads.append(&id, 4000, 10_000, &bytes[4000..]).unwrap() else {
            panic!("not whole")
        };
        assert_eq!(fs::read(&path).unwrap(), bytes);
        uploads.answered(&id, b"{\"new_entries\":3}").unwrap();
        assert!(!path.exists());
        assert_eq!(uploads.progress(&id, 10_000).unwrap(), Progress::Answered(b"{\"new_entries\":3}".to_vec()));
        // The last piece sent again (its answer lost) gets the same answer.
        assert_eq!(
            uploads.append(&id, 4000, 10_000, &bytes[4000..]).unwrap(),
            Progress::Answered(b"{\"new_entries\":3}".to_vec())
        );
    }

    #[test]
    fn a_whole_that_does_not_match_its_name_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = Uploads::new(dir.path(), 1 << 30);
        let bytes = bundle();
        let id = upload_id(&bytes);
        let mut damaged = bytes.clone();
        damaged[5000] ^= 1;
        uploads.append(&id, 0, 10_000, &damaged[..5000]).unwrap();
        assert!(matches!(uploads.append(&id, 5000, 10_000, &damaged[5000..]), Err(Error::UploadDamaged)));
        assert_eq!(uploads.progress(&id, 10_000).unwrap(), Progress::Partial(0));
        assert_eq!(fs::read_dir(dir.path().join("uploads")).unwrap().count(), 0);
    }

    #[test]
    fn ids_that_are_not_a_hash_and_pieces_past_the_end_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = Uploads::new(dir.path(), 1 << 30);
        for id in ["../../etc/passwd", "", &"A".repeat(64), &"0".repeat(63)] {
            assert!(matches!(uploads.progress(id, 10), Err(Error::BadHeader { .. })), "{id}");
        }
        let id = "0".repeat(64);
        assert!(matches!(uploads.append(&id, 0, 10, &[0; 11]), Err(Error::UploadOffset { .. })));
        assert!(matches!(uploads.append(&id, u64::MAX, 10, &[0; 1]), Err(Error::UploadOffset { .. })));
        assert!(matches!(uploads.append(&id, 0, 0, &[]), Err(Error::TooLarge { .. })));
        assert!(!dir.path().join("uploads").exists());
    }

    #[test]
    fn unfinished_uploads_share_a_quota_by_the_lengths_they_announce_and_expire_in_hours() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = Uploads::new(dir.path(), 25_000);
        let ids: Vec<String> = (0..3u8).map(|i| upload_id(&[i])).collect();
        assert_eq!(uploads.append(&ids[0], 0, 10_000, &[0; 10]).unwrap(), Progress::Partial(10));
        assert_eq!(uploads.append(&ids[1], 0, 10_000, &[0; 10]).unwrap(), Progress::Partial(10));
        // Announced, not held, counts: 20,000 reserved, 10,000 more would pass 25,000.
        assert!(matches!(uploads.append(&ids[2], 0, 10_000, &[0; 10]), Err(Error::SpoolFull { .. })));
        // A piece not at the start of an upload the township never began is refused too.
        assert!(matches!(uploads.append(&ids[2], 10, 1000, &[0; 10]), Err(Error::UploadOffset { held: 0, .. })));
        assert_eq!(uploads.append(&ids[2], 0, 5_000, &[0; 10]).unwrap(), Progress::Partial(10));
        // Left for more than six hours, the first two are forgotten when the
        // next upload begins; an answer of that age is kept.
        let old = SystemTime::now() - PARTS_KEPT_FOR - Duration::from_secs(60);
        for id in &ids[..2] {
            File::options().append(true).open(uploads.part(id, 10_000)).unwrap().set_modified(old).unwrap();
        }
        uploads.answered(&upload_id(b"done"), b"{}").unwrap();
        let answer = dir.path().join("uploads").join(format!("{}.answer", upload_id(b"done")));
        File::options().append(true).open(&answer).unwrap().set_modified(old).unwrap();
        let next = upload_id(b"next");
        assert_eq!(uploads.append(&next, 0, 20_000, &[0; 10]).unwrap(), Progress::Partial(10));
        assert_eq!(uploads.progress(&ids[0], 10_000).unwrap(), Progress::Partial(0));
        assert_eq!(uploads.progress(&ids[2], 5_000).unwrap(), Progress::Partial(10));
        assert!(answer.exists());
    }
}
