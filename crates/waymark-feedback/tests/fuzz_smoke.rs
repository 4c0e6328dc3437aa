//! The fuzz targets' body on stable, over damaged copies of the real exports: flipped bytes, cut files, spliced
//! halves. Every one must come back with rows or with an error sentence — never a panic. (`fuzz/` runs the same
//! body under libFuzzer for as long as you like.)

use std::path::Path;
use waymark_feedback::fuzzing::read_bytes;

/// A small deterministic generator, so a failure names a seed that reproduces it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutations(original: &[u8], seed: u64, count: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed);
    (0..count)
        .map(|_| {
            let mut bytes = original.to_vec();
            match rng.below(4) {
                0 => {
                    for _ in 0..1 + rng.below(16) {
                        let at = rng.below(bytes.len());
                        bytes[at] = rng.next() as u8;
                    }
                }
                1 => bytes.truncate(rng.below(bytes.len())),
                2 => {
                    let at = rng.below(bytes.len());
                    const AWKWARD: &[u8] = b"\",\n\r;\t\xff\x00";
                    let insert: Vec<u8> = (0..rng.below(64))
                        .map(|_| AWKWARD[rng.below(AWKWARD.len())])
                        .collect();
                    bytes.splice(at..at, insert);
                }
                _ => {
                    let (a, b) = (rng.below(bytes.len()), rng.below(bytes.len()));
                    let (a, b) = (a.min(b), a.max(b));
                    bytes.drain(a..b);
                }
            }
            bytes
        })
        .collect()
}

#[test]
fn damaged_exports_never_panic_the_readers() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for (name, extension) in [
        ("fixtures/qualtrics_3header.csv", "csv"),
        ("fixtures/qualtrics_legacy_bom.csv", "csv"),
        ("fixtures/google_forms_hot_dog.csv", "csv"),
        ("fixtures/surveymonkey_steak_risk.csv", "csv"),
        ("fixtures/appstore_reviews_jp.json", "json"),
        ("fixtures/google_forms_hot_dog.xlsx", "xlsx"),
        ("data/appstore_reviews_fr.xml", "xml"),
        // Sniffed as XML (while a damaged copy may not be, and goes to the CSV reader).
        ("data/appstore_reviews_fr.xml", "csv"),
    ] {
        let original = std::fs::read(tests.join(name)).unwrap();
        assert!(
            read_bytes(&original, extension).unwrap() > 0,
            "{name} reads whole"
        );
        for (i, bytes) in mutations(&original, 0x5eed ^ original.len() as u64, 200)
            .into_iter()
            .enumerate()
        {
            if let Err(sentence) = read_bytes(&bytes, extension) {
                assert!(
                    !sentence.is_empty() && !sentence.contains("panicked"),
                    "{name} #{i}: {sentence}"
                );
            }
        }
    }
}

#[test]
fn xml_feeds_damaged_in_their_markup_never_panic_the_reader() {
    let original = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/appstore_reviews_fr.xml"),
    )
    .unwrap();
    const MARKUP: &[&[u8]] = &[
        b"<",
        b">",
        b"</",
        b"/>",
        b"&",
        b"&amp",
        b"&#x0;",
        b"&#xD800;",
        b"&#99999999;",
        b"<entry>",
        b"</entry>",
        b"<![CDATA[",
        b"]]>",
        b"<!--",
        b"<!DOCTYPE a>",
        b"<?xml version=\"1.0\" encoding=\"latin1\"?>",
        b"=\"",
        b"'",
        b"\xEF\xBB\xBF",
        b"\xC3",
    ];
    let mut rng = Rng(0x3a11);
    for i in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            let insert = MARKUP[rng.below(MARKUP.len())];
            bytes.splice(at..at, insert.iter().copied());
        }
        if let Err(sentence) = read_bytes(&bytes, "xml") {
            assert!(
                !sentence.is_empty() && !sentence.contains("panicked") && !sentence.contains('\n'),
                "#{i}: {sentence}"
            );
        }
    }
}
