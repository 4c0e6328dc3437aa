//! Which text encoding a file is in: a byte-order mark says so; otherwise strict UTF-8 if every byte of the file
//! is valid UTF-8; otherwise chardetng's guess from the whole file (so a Latin-1 or Windows-1252 export keeps its
//! accents). Reading then streams through a decoder; nothing here holds the file in memory.

use encoding_rs::Encoding;
use std::io::Read;

/// The encoding of everything `reader` yields, and how many bytes of byte-order mark start it.
pub fn detect(mut reader: impl Read) -> std::io::Result<(&'static Encoding, usize)> {
    let mut buffer = vec![0; 1 << 16];
    let mut filled = 0;
    let mut first = true;
    let mut utf8_valid = true;
    // Bytes of a character cut at the end of a chunk, carried into the next.
    let mut carry: Vec<u8> = Vec::new();
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let mut non_ascii_seen = false;
    loop {
        let read = reader.read(&mut buffer[filled..])?;
        let end = read == 0;
        filled += read;
        if !end && filled < buffer.len() {
            continue;
        }
        let chunk = &buffer[..filled];
        if first {
            first = false;
            if let Some((encoding, bom)) = Encoding::for_bom(chunk) {
                return Ok((encoding, bom));
            }
        }
        non_ascii_seen |= !chunk.is_ascii();
        detector.feed(chunk, end);
        if utf8_valid {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                Err(e) if e.error_len().is_none() && !end => {
                    let rest = carry.split_off(e.valid_up_to());
                    carry = rest;
                }
                Err(_) => utf8_valid = false,
            }
        }
        if end {
            break;
        }
        filled = 0;
    }
    if utf8_valid || !non_ascii_seen {
        return Ok((encoding_rs::UTF_8, 0));
    }
    Ok((detector.guess(None, chardetng::Utf8Detection::Deny), 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_utf8_and_latin1_are_told_apart() {
        let (e, bom) = detect(&b"\xEF\xBB\xBFname,score\n"[..]).unwrap();
        assert_eq!((e.name(), bom), ("UTF-8", 3));
        let (e, bom) = detect(&b"\xFF\xFEn\0"[..]).unwrap();
        assert_eq!((e.name(), bom), ("UTF-16LE", 2));
        let (e, _) = detect("caf\u{e9},d\u{e9}j\u{e0}\n".as_bytes()).unwrap();
        assert_eq!(e.name(), "UTF-8");
        let latin1 = b"commentaire\nIl y a tr\xe8s peu de caisses ouvertes et le d\xe9lai d'attente est long\n";
        let (e, _) = detect(&latin1[..]).unwrap();
        assert_eq!(e.name(), "windows-1252");
    }

    #[test]
    fn a_character_cut_between_chunks_is_still_utf8() {
        let mut text = "a".repeat((1 << 16) - 1).into_bytes();
        text.extend_from_slice("é and more".as_bytes());
        let (e, _) = detect(&text[..]).unwrap();
        assert_eq!(e.name(), "UTF-8");
    }
}
