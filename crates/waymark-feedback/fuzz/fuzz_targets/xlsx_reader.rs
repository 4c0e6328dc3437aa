#![no_main]
//! Any bytes as an XLSX workbook: zip checks, size guards, every cell.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = waymark_feedback::fuzzing::read_bytes(data, "xlsx");
});
