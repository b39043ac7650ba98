//! Writing the long-format CSV (and the reject file) atomically: into a
//! temporary file beside the target, renamed into place only when complete.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::cells::Cell;

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

/// Writes a file atomically: `write` fills a temporary file in the same
/// directory, which replaces `path` only if everything succeeded.
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".uppsikt-")
        .suffix(".partial")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file());
        write(&mut buf).with_context(|| format!("cannot write {}", path.display()))?;
        buf.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    tmp.persist(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    Ok(())
}
