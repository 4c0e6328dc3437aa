//! Spreadsheets through calamine: XLSX cell by cell (so a sheet that declares or spreads to an absurd size is
//! refused before anything is allocated for it), XLS and ODS as ranges. Zip containers are checked for bombs
//! before they are opened.

use crate::error::ReadError;
use crate::table::{
    MAX_IN_MEMORY_BYTES, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_ZIP_RATIO, OpenOptions, Table,
};
use calamine::{Data, DataRef, Reader};
use std::collections::BTreeMap;
use std::path::Path;

pub fn open(path: &Path, options: &OpenOptions) -> Result<Table, ReadError> {
    let size = std::fs::metadata(path).map_err(ReadError::Io)?.len();
    if size > MAX_IN_MEMORY_BYTES {
        return Err(ReadError::TooLarge(format!(
            "{size} bytes of spreadsheet; export it as CSV, which streams"
        )));
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(extension.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods") {
        check_zip(path)?;
    }
    if extension == "xlsx" || extension == "xlsm" {
        return open_xlsx(path, options);
    }
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| ReadError::Sheet(e.to_string()))?;
    let name = pick_sheet(workbook.sheet_names(), options)?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| ReadError::Sheet(e.to_string()))?;
    let (rows, columns) = range.get_size();
    check_size(rows as u64, columns as u64)?;
    let start = range.start().unwrap_or((0, 0)).0;
    let table_rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = row.iter().map(|d| cell_text(&data_ref(d))).collect();
            (u64::from(start) + i as u64 + 1, cells)
        })
        .collect();
    Table::from_memory(
        table_rows,
        format!("{} sheet '{name}'", extension.to_uppercase()),
        "workbook",
        true,
    )
}

fn open_xlsx(path: &Path, options: &OpenOptions) -> Result<Table, ReadError> {
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path)
        .map_err(|e: calamine::XlsxError| ReadError::Sheet(e.to_string()))?;
    let name = pick_sheet(workbook.sheet_names(), options)?;
    let mut cells = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| ReadError::Sheet(e.to_string()))?;
    let declared = cells.dimensions();
    check_size(
        u64::from(declared.end.0.saturating_sub(declared.start.0)) + 1,
        u64::from(declared.end.1.saturating_sub(declared.start.1)) + 1,
    )?;
    // Rows as they come, sparse: a cell far away costs one entry, not the rectangle up to it.
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| ReadError::Sheet(e.to_string()))?
    {
        let (row, column) = cell.get_position();
        check_size(u64::from(row) + 1, u64::from(column) + 1)?;
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let cells = rows.entry(row).or_default();
        if cells.len() <= column as usize {
            cells.resize(column as usize + 1, String::new());
        }
        cells[column as usize] = text;
    }
    let table_rows = rows
        .into_iter()
        .map(|(row, cells)| (u64::from(row) + 1, cells))
        .collect();
    Table::from_memory(table_rows, format!("XLSX sheet '{name}'"), "workbook", true)
}

fn pick_sheet(names: Vec<String>, options: &OpenOptions) -> Result<String, ReadError> {
    match &options.sheet {
        Some(wanted) => names
            .into_iter()
            .find(|n| n == wanted)
            .ok_or_else(|| ReadError::NoSheet(wanted.clone())),
        None => names
            .into_iter()
            .next()
            .ok_or_else(|| ReadError::Sheet("it has no sheets".into())),
    }
}

fn check_size(rows: u64, columns: u64) -> Result<(), ReadError> {
    if rows > u64::from(MAX_SHEET_ROWS) || columns > u64::from(MAX_SHEET_COLUMNS) {
        return Err(ReadError::TooLarge(format!(
            "the sheet spans {rows} rows × {columns} columns (at most {MAX_SHEET_ROWS} × {MAX_SHEET_COLUMNS})"
        )));
    }
    Ok(())
}

/// Refuses a zip whose entries unpack to far more than they pack (a zip bomb), before any entry is unpacked.
fn check_zip(path: &Path) -> Result<(), ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|e| ReadError::Sheet(format!("the zip container is damaged ({e})")))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::Sheet(format!("the zip container is damaged ({e})")))?;
        let (packed, unpacked) = (entry.compressed_size().max(1), entry.size());
        total = total.saturating_add(unpacked);
        if unpacked > 1024 * 1024 && unpacked / packed > MAX_ZIP_RATIO {
            return Err(ReadError::TooLarge(format!(
                "{} would unpack {packed} bytes into {unpacked} (a zip bomb?)",
                entry.name().unwrap_or_default()
            )));
        }
    }
    if total > 4 * MAX_IN_MEMORY_BYTES {
        return Err(ReadError::TooLarge(format!(
            "it would unpack to {total} bytes"
        )));
    }
    Ok(())
}

fn data_ref(data: &Data) -> DataRef<'_> {
    match data {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// A cell as text; dates and times as ISO 8601 (from the serial number, 1900 date system).
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => f.to_string(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) => crate::mapping::excel_serial_to_iso(d.as_f64())
            .unwrap_or_else(|| d.as_f64().to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}
