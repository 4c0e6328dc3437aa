//! Broken and hostile feedback files, made here: each gets one clear sentence and leaves the project file byte for
//! byte as it was.

use std::io::Write;
use std::path::{Path, PathBuf};
use waymark_core::metrics::MetricDefinition;
use waymark_core::sample;
use waymark_feedback::{Mapping, Target, import};
use waymark_store::Store;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Imports `file` (score column `score`, one card) into a fresh sample project; returns the error sentence after
/// checking that the project file did not change.
fn refused(dir: &Path, file: &Path) -> String {
    let project = dir.join("project.waymark");
    let _ = std::fs::remove_file(&project);
    let mut store = Store::create(&project, &sample::grocery(), "test").unwrap();
    let journey = store.project().journeys()[0].clone();
    let card = journey.cards_in_order().next().unwrap().id;
    let mapping = Mapping {
        metric: MetricDefinition::nps(),
        score: "score".into(),
        answers: Default::default(),
        comment: None,
        date: None,
        day_first: false,
        segments: vec![],
        target: Target::Card { card },
        sheet: None,
    };
    let before = std::fs::read(&project).unwrap();
    let error = import(&mut store, file, &mapping, &journey, None, &|_| true)
        .expect_err("the import is refused")
        .to_string();
    drop(store);
    assert_eq!(std::fs::read(&project).unwrap(), before, "{error}");
    assert!(
        error.starts_with(&file.display().to_string()),
        "the sentence names the file: {error}"
    );
    assert!(!error.contains('\n'), "one sentence: {error}");
    error
}

#[test]
fn binary_junk_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junk.csv");
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&file, junk).unwrap();
    assert!(refused(dir.path(), &file).contains("not text"));
}

#[test]
fn an_empty_file_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.csv");
    std::fs::write(&file, "\n\n").unwrap();
    assert!(refused(dir.path(), &file).contains("is empty"));
}

#[test]
fn a_truncated_workbook_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cut.xlsx");
    let whole = std::fs::read(fixture("google_forms_hot_dog.xlsx")).unwrap();
    std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
    let error = refused(dir.path(), &file);
    assert!(
        error.contains("damaged") || error.contains("workbook"),
        "{error}"
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(
        std::fs::metadata(&file).unwrap().len() < 1 << 20,
        "64 MB packed small"
    );
    let error = refused(dir.path(), &file);
    assert!(error.contains("zip bomb"), "{error}");
}

#[test]
fn a_sheet_that_declares_an_absurd_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.xlsx");
    // The real workbook, its sheet claiming to span every row and column Excel has.
    let mut source =
        zip::ZipArchive::new(std::fs::File::open(fixture("google_forms_hot_dog.xlsx")).unwrap())
            .unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut changed = false;
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        if name.starts_with("xl/worksheets/sheet") {
            // This export has no <dimension>; add one in its schema place, before the sheet views.
            let xml = String::from_utf8(bytes).unwrap();
            let at = xml.find("<sheetViews>").expect("sheet views");
            bytes = format!(
                "{}<dimension ref=\"A1:XFD1048576\"/>{}",
                &xml[..at],
                &xml[at..]
            )
            .into_bytes();
            changed = true;
        }
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    assert!(changed);
    let error = refused(dir.path(), &file);
    assert!(error.contains("1048576 rows"), "{error}");
}

#[test]
fn a_file_in_an_encoding_it_does_not_declare_is_decoded_anyway() {
    // Not an error: Windows-1252 without a BOM is detected and keeps its accents; UTF-16 with a BOM too.
    let dir = tempfile::tempdir().unwrap();
    let latin = dir.path().join("latin.csv");
    std::fs::write(
        &latin,
        b"score;commentaire\n10;tr\xe8s bien, caf\xe9 compris\n3;d\xe9\xe7u\n",
    )
    .unwrap();
    let utf16 = dir.path().join("utf16.csv");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "score,comment\n9,très bien\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    for (file, comment) in [(&latin, "commentaire"), (&utf16, "comment")] {
        let project = dir.path().join(format!("{comment}.waymark"));
        let mut store = Store::create(&project, &sample::grocery(), "test").unwrap();
        let journey = store.project().journeys()[0].clone();
        let card = journey.cards_in_order().next().unwrap().id;
        let mapping = Mapping {
            metric: MetricDefinition::nps(),
            score: "score".into(),
            answers: Default::default(),
            comment: Some(comment.into()),
            date: None,
            day_first: false,
            segments: vec![],
            target: Target::Card { card },
            sheet: None,
        };
        import(&mut store, file, &mapping, &journey, None, &|_| true).unwrap();
        let texts: Vec<String> = store
            .comments(card, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert!(
            texts.iter().any(|t| t.starts_with("très bien")),
            "{texts:?}"
        );
    }
}

#[test]
fn ragged_rows_whose_cells_do_not_line_up_are_refused_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ragged.csv");
    std::fs::write(&file, "score,comment\n9,fine\n7,too,many,cells\n").unwrap();
    let error = refused(dir.path(), &file);
    assert!(
        error.contains("line 3 has 4 cells but the header has 2 columns"),
        "{error}"
    );
}

#[test]
fn a_missing_score_column_is_named_with_the_columns_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no-score.csv");
    std::fs::write(&file, "rating,comment\n9,fine\n").unwrap();
    let error = refused(dir.path(), &file);
    assert!(
        error.contains("no column named \"score\" (its columns: rating, comment)"),
        "{error}"
    );
}

#[test]
fn a_huge_single_line_is_refused_without_reading_it_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one-line.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    out.write_all(b"score,comment\n9,").unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..20 {
        out.write_all(&chunk).unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let error = refused(dir.path(), &file);
    assert!(error.contains("longer than 16 MB"), "{error}");
}
