//! Which text encoding a file is in: a byte-order mark says so; otherwise strict UTF-8 if every byte of the file
//! is valid UTF-8; otherwise chardetng's guess from the whole file (so a Latin-1 or Windows-1252 export keeps its
//! accents). Reading then streams through a decoder; nothing here holds the file in memory.

use encoding_rs::Encoding;
use std::io::Read;
use std::path::Path;

/// The encoding of the file at `path`, and how many bytes of byte-order mark start it. Valid UTF-8 is checked
/// first (fast); only a file that is not UTF-8 is read again for chardetng's guess.
pub fn detect_file(path: &Path) -> std::io::Result<(&'static Encoding, usize)> {
    let open = || std::fs::File::open(path).map(|f| std::io::BufReader::with_capacity(1 << 16, f));
    let mut chunks = Chunks::new(open()?);
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    while let Some(chunk) = chunks.next()? {
        if first {
            first = false;
            if let Some((encoding, bom)) = Encoding::for_bom(chunk) {
                return Ok((encoding, bom));
            }
        }
        let valid = if carry.is_empty() {
            check_utf8(chunk, &mut carry)
        } else {
            let mut joined = std::mem::take(&mut carry);
            joined.extend_from_slice(chunk);
            check_utf8(&joined, &mut carry)
        };
        if !valid {
            return Ok((guess(open()?)?, 0));
        }
    }
    if carry.is_empty() {
        Ok((encoding_rs::UTF_8, 0))
    } else {
        // The file ends inside a character.
        Ok((guess(open()?)?, 0))
    }
}

/// Whether `bytes` is UTF-8 up to a character cut at its end, which goes into `carry`.
fn check_utf8(bytes: &[u8], carry: &mut Vec<u8>) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => {
            carry.extend_from_slice(&bytes[e.valid_up_to()..]);
            true
        }
        Err(_) => false,
    }
}

/// chardetng's guess over the whole of `reader`.
fn guess(reader: impl Read) -> std::io::Result<&'static Encoding> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let mut chunks = Chunks::new(reader);
    while let Some(chunk) = chunks.next()? {
        detector.feed(chunk, false);
    }
    detector.feed(&[], true);
    Ok(detector.guess(None, chardetng::Utf8Detection::Deny))
}

/// A reader's bytes in 64 KiB pieces.
struct Chunks<R> {
    reader: R,
    buffer: Vec<u8>,
}

impl<R: Read> Chunks<R> {
    fn new(reader: R) -> Self {
        Chunks {
            reader,
            buffer: vec![0; 1 << 16],
        }
    }

    fn next(&mut self) -> std::io::Result<Option<&[u8]>> {
        let mut filled = 0;
        while filled < self.buffer.len() {
            let n = self.reader.read(&mut self.buffer[filled..])?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        Ok((filled > 0).then(|| &self.buffer[..filled]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(bytes: &[u8]) -> (&'static Encoding, usize) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        detect_file(&path).unwrap()
    }

    #[test]
    fn boms_utf8_and_latin1_are_told_apart() {
        let (e, bom) = detect(b"\xEF\xBB\xBFname,score\n");
        assert_eq!((e.name(), bom), ("UTF-8", 3));
        let (e, bom) = detect(b"\xFF\xFEn\0");
        assert_eq!((e.name(), bom), ("UTF-16LE", 2));
        let (e, _) = detect("caf\u{e9},d\u{e9}j\u{e0}\n".as_bytes());
        assert_eq!(e.name(), "UTF-8");
        let latin1 = b"commentaire\nIl y a tr\xe8s peu de caisses ouvertes et le d\xe9lai d'attente est long\n";
        assert_eq!(detect(latin1).0.name(), "windows-1252");
    }

    #[test]
    fn a_character_cut_between_chunks_is_still_utf8() {
        let mut text = "a".repeat((1 << 16) - 1).into_bytes();
        text.extend_from_slice("é and more".as_bytes());
        assert_eq!(detect(&text).0.name(), "UTF-8");
        // A late non-UTF-8 byte, far past the first chunk, still turns the guess.
        let mut late = "a".repeat(300_000).into_bytes();
        late.extend_from_slice(b" caf\xe9 cr\xe8me br\xfbl\xe9e\n");
        assert_ne!(detect(&late).0.name(), "UTF-8");
    }
}
