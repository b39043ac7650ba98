//! Unpacking zip archives that come from outside (the report template as
//! .xlsx, Word documents, REFI-QDA projects) within a bound on what they
//! unpack to. A zip bomb declares small sizes and unpacks to gigabytes, so
//! the bound counts the bytes actually unpacked, never the declared sizes.

use std::fmt;
use std::io::{self, Read, Seek};

use uppsikt_domain::tr;
use zip::ZipArchive;

/// The most an imported archive may unpack to, in all: far beyond any real
/// report template, interview or project, far below what would exhaust memory.
pub const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;

/// Why an archive was not unpacked.
#[derive(Debug)]
pub enum UnzipError {
    /// Not a zip archive, or a damaged one (the zip library's words).
    Zip(zip::result::ZipError),
    /// Reading or unpacking failed.
    Io(io::Error),
    /// It unpacks to more than `limit` bytes.
    TooLarge {
        /// The bound it exceeded.
        limit: u64,
    },
}

impl fmt::Display for UnzipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnzipError::Zip(e) => e.fmt(f),
            UnzipError::Io(e) => e.fmt(f),
            UnzipError::TooLarge { limit } => f.write_str(&tr!(input.unpacks_too_large, mb = limit >> 20)),
        }
    }
}

impl std::error::Error for UnzipError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UnzipError::Zip(e) => Some(e),
            UnzipError::Io(e) => Some(e),
            UnzipError::TooLarge { .. } => None,
        }
    }
}

impl From<zip::result::ZipError> for UnzipError {
    fn from(e: zip::result::ZipError) -> UnzipError {
        UnzipError::Zip(e)
    }
}

impl From<io::Error> for UnzipError {
    fn from(e: io::Error) -> UnzipError {
        UnzipError::Io(e)
    }
}

/// The unpacked bytes of the entry `name`, refused beyond `limit` bytes.
pub fn read_entry<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str, limit: u64) -> Result<Vec<u8>, UnzipError> {
    let entry = zip.by_name(name)?;
    let mut out = Vec::new();
    entry.take(limit + 1).read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Err(UnzipError::TooLarge { limit });
    }
    Ok(out)
}

/// Checks that the archive in `reader` unpacks to at most `limit` bytes in
/// all, by unpacking every entry (into nothing) up to the bound.
pub fn check_unpacked_size<R: Read + Seek>(reader: R, limit: u64) -> Result<(), UnzipError> {
    let mut zip = ZipArchive::new(reader)?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i)?;
        let left = limit - total;
        total += io::copy(&mut entry.take(left + 1), &mut io::sink())?;
        if total > limit {
            return Err(UnzipError::TooLarge { limit });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use zip::write::SimpleFileOptions;

    use super::*;

    /// A zip whose entries unpack to `sizes` bytes of zeros each.
    fn archive(sizes: &[(&str, usize)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, size) in sizes {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            let chunk = vec![0u8; 64 * 1024];
            let mut left = *size;
            while left > 0 {
                let n = left.min(chunk.len());
                zip.write_all(&chunk[..n]).unwrap();
                left -= n;
            }
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_bomb_is_refused_by_what_it_unpacks_to() {
        // 3 MB of zeros pack to a few kilobytes: the ratio of a bomb.
        let bomb = archive(&[("a.xml", 1_000), ("b.xml", 3_000_000)]);
        assert!(bomb.len() < 20_000, "{} bytes", bomb.len());
        let limit = 2_000_000;
        assert!(matches!(
            check_unpacked_size(Cursor::new(&bomb), limit),
            Err(UnzipError::TooLarge { limit: 2_000_000 })
        ));
        let mut zip = ZipArchive::new(Cursor::new(&bomb)).unwrap();
        assert!(matches!(
            read_entry(&mut zip, "b.xml", limit),
            Err(UnzipError::TooLarge { .. })
        ));
        assert_eq!(read_entry(&mut zip, "a.xml", limit).unwrap().len(), 1_000);
        // Exactly at the bound is allowed; the sum over entries counts.
        assert!(check_unpacked_size(Cursor::new(&bomb), 3_001_000).is_ok());
        assert!(check_unpacked_size(Cursor::new(&bomb), 3_000_999).is_err());
    }

    #[test]
    fn not_a_zip_is_a_zip_error() {
        assert!(matches!(
            check_unpacked_size(Cursor::new(b"PK but not really"), 10),
            Err(UnzipError::Zip(_))
        ));
    }
}
