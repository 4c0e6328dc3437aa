#![no_main]
//! Any bytes as an XML review feed: encoding, well-formedness, depth and DOCTYPE guards, every entry.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = waymark_feedback::fuzzing::read_bytes(data, "xml");
});
