#![no_main]
//! Any bytes as a CSV export: encoding detection, delimiter sniffing, header recognition, every row.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = waymark_feedback::fuzzing::read_bytes(data, "csv");
});
