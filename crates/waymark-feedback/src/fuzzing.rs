//! The body of the fuzz targets (`fuzz/`) and of the smoke test that runs them on stable: read arbitrary bytes
//! as a feedback file of the given kind, all the way through. Whatever the bytes, this must return, not panic.

use crate::table::{OpenOptions, Table};
use csv::StringRecord;

/// Reads `bytes` as a file named `data.<extension>`; returns the rows read, or the error sentence.
pub fn read_bytes(bytes: &[u8], extension: &str) -> Result<u64, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join(format!("data.{extension}"));
    std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
    let mut table = Table::open(&path, &OpenOptions::default()).map_err(|e| e.to_string())?;
    let mut record = StringRecord::new();
    let mut rows = 0;
    while table
        .next_row(&mut record)
        .map_err(|e| e.to_string())?
        .is_some()
    {
        rows += 1;
    }
    Ok(rows)
}
