//! Which text encoding a file is in: a byte-order mark says so; otherwise strict UTF-8 if every byte of the file
//! is valid UTF-8; otherwise chardetng's guess from the whole file (so a Latin-1 or Windows-1252 export keeps its
//! accents). Reading then streams through a decoder; nothing here holds the file in memory.

use encoding_rs::Encoding;
use std::io::Read;
use std::path::Path;

/// Files at least this long are checked for UTF-8 in two halves at once.
const HALVES_FROM: u64 = 16 << 20;

/// The encoding of the file at `path`, and how many bytes of byte-order mark start it. Valid UTF-8 is checked
/// first (fast; a large file in two halves on two threads); only a file that is not UTF-8 is read again for
/// chardetng's guess.
pub fn detect_file(path: &Path) -> std::io::Result<(&'static Encoding, usize)> {
    let open = || std::fs::File::open(path).map(|f| std::io::BufReader::with_capacity(1 << 16, f));
    let mut head = Vec::with_capacity(4);
    open()?.take(4).read_to_end(&mut head)?;
    if let Some((encoding, bom)) = Encoding::for_bom(&head) {
        return Ok((encoding, bom));
    }
    let length = std::fs::metadata(path)?.len();
    if is_utf8(path, length, length >= HALVES_FROM)? {
        Ok((encoding_rs::UTF_8, 0))
    } else {
        Ok((guess(open()?)?, 0))
    }
}

/// Whether the first `length` bytes of the file are UTF-8 — checked in one pass, or in two halves at once.
fn is_utf8(path: &Path, length: u64, halves: bool) -> std::io::Result<bool> {
    if !halves {
        let whole = check_range(path, 0, length)?;
        return Ok(whole.valid && whole.carry.is_empty());
    }
    let middle = length / 2;
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| check_range(path, middle, length));
        let first = check_range(path, 0, middle);
        (first, second.join().expect("checking UTF-8 does not panic"))
    });
    let (first, second) = (first?, second?);
    // The character the halves cut: the first half's unfinished end and the second's continuation bytes.
    let joined = [first.carry, second.lead].concat();
    Ok(first.valid
        && second.valid
        && std::str::from_utf8(&joined).is_ok()
        && second.carry.is_empty())
}

/// What checking a range of a file for UTF-8 found.
struct RangeCheck {
    /// Valid, apart from `lead` and `carry`.
    valid: bool,
    /// Continuation bytes (up to three) the range starts with, when it does not start at the file's start: the end
    /// of a character begun before it.
    lead: Vec<u8>,
    /// The bytes of a character the range ends inside.
    carry: Vec<u8>,
}

/// Checks bytes `from..to` of the file for UTF-8.
fn check_range(path: &Path, from: u64, to: u64) -> std::io::Result<RangeCheck> {
    let mut file = std::fs::File::open(path)?;
    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(from))?;
    let mut chunks = Chunks::new(std::io::BufReader::with_capacity(1 << 16, file).take(to - from));
    let mut found = RangeCheck {
        valid: true,
        lead: Vec::new(),
        carry: Vec::new(),
    };
    let mut first = true;
    while let Some(mut chunk) = chunks.next()? {
        if std::mem::take(&mut first) && from > 0 {
            let lead = chunk
                .iter()
                .take(3)
                .take_while(|&&b| b & 0xC0 == 0x80)
                .count();
            found.lead = chunk[..lead].to_vec();
            chunk = &chunk[lead..];
        }
        let valid = if found.carry.is_empty() {
            check_utf8(chunk, &mut found.carry)
        } else {
            let mut joined = std::mem::take(&mut found.carry);
            joined.extend_from_slice(chunk);
            check_utf8(&joined, &mut found.carry)
        };
        if !valid {
            found.valid = false;
            break;
        }
    }
    Ok(found)
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
    fn halves_find_what_one_pass_finds_wherever_the_middle_falls() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        // One- to four-byte characters, so that the middle falls inside each kind at some length.
        let text = "aé€😀b".repeat(5);
        let mut checked = 0;
        for cut in 0..=text.len() {
            let mut bytes = text.as_bytes()[..cut].to_vec();
            let variants = [
                bytes.clone(),
                // A stray continuation byte, a lone lead byte, an overlong form, in the middle.
                {
                    bytes.insert(cut / 2, 0x80);
                    bytes.clone()
                },
                {
                    bytes[cut / 2] = 0xE2;
                    bytes.clone()
                },
                {
                    bytes[cut / 2] = 0xC0;
                    bytes.clone()
                },
            ];
            for variant in variants {
                std::fs::write(&path, &variant).unwrap();
                let expected = std::str::from_utf8(&variant).is_ok();
                let length = variant.len() as u64;
                assert_eq!(
                    is_utf8(&path, length, true).unwrap(),
                    expected,
                    "{variant:?}"
                );
                assert_eq!(
                    is_utf8(&path, length, false).unwrap(),
                    expected,
                    "{variant:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 4 * (text.len() + 1));
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
