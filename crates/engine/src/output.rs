//! Writing the long-format CSV (and the reject file) atomically, through
//! `uppsikt_files`: into a temporary file beside the target, renamed into
//! place only when complete.

use std::io::Write;
use std::path::Path;

use crate::cells::Cell;
use crate::{Error, Result};

/// The output header of the contract.
pub const HEADER: [&str; 8] = [
    "indicator",
    "region",
    "period",
    "sex",
    "numerator",
    "denominator",
    "value",
    "suppressed",
];

/// Writes `cells` (already sorted) as CSV. With `publish`, suppressed cells
/// keep their keys but leave numerator, denominator and value empty.
pub fn write_cells(w: impl Write, cells: &[Cell], publish: bool) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(HEADER)?;
    for c in cells {
        let hide = publish && c.suppressed;
        let (num, den, value) = if hide {
            (String::new(), String::new(), String::new())
        } else {
            (c.numerator.to_string(), c.denominator.to_string(), c.value())
        };
        out.write_record([
            c.indicator.as_str(),
            &c.region,
            &c.period,
            &c.sex,
            &num,
            &den,
            &value,
            if c.suppressed { "true" } else { "false" },
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Writes a file atomically: `write` fills a buffered temporary file in the
/// same directory, which replaces `path` only if everything succeeded.
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let mut file = uppsikt_files::AtomicFile::create(path).map_err(|e| Error::io(path, e))?;
    {
        let mut buf = std::io::BufWriter::new(file.file());
        write(&mut buf)?;
        buf.flush().map_err(|e| Error::io(path, e))?;
    }
    file.commit().map_err(|e| Error::io(path, e))
}
