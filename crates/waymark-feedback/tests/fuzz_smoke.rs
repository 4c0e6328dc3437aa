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
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (name, extension) in [
        ("qualtrics_3header.csv", "csv"),
        ("qualtrics_legacy_bom.csv", "csv"),
        ("google_forms_hot_dog.csv", "csv"),
        ("surveymonkey_steak_risk.csv", "csv"),
        ("appstore_reviews_jp.json", "json"),
        ("google_forms_hot_dog.xlsx", "xlsx"),
    ] {
        let original = std::fs::read(fixtures.join(name)).unwrap();
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
