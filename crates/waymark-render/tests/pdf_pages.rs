//! PDF pages that fit: the sample on one A4 page with legible text, a 300-card map tiled over A4 pages that are
//! each well filled, and one page or tiles on demand. Everything is measured in the PDF as poppler reads it back
//! (`pdfinfo`, `pdftotext -bbox`, `pdftoppm`), not taken from the layout code; the expected figures come from the
//! map's size and the page's.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use waymark_core::model::{CardFields, CardKind, FlowKind, LaneKind};
use waymark_core::{CardId, Command, FlowId, JourneyId, LaneId, Project, StageId, sample};
use waymark_render::pdf::{MIN_TEXT_PT, MapSize, PageSize, PdfLayout, PdfMode, PdfPages};
use waymark_render::{ExportOptions, Format, SvgOptions, export};

/// The rule, restated here so that a change to it is a visible change to this test.
const MINIMUM_PT: f32 = 4.0;
/// A4 in points, and CSS pixels to points.
const A4_LONG: f32 = 841.89;
const A4_SHORT: f32 = 595.28;
const PT_PER_PX: f32 = 0.75;
/// The smallest text the map draws (kind labels, tags, badges), in CSS pixels.
const SMALLEST_PX: f32 = 11.0;

fn options(format: Format, project: &Project) -> ExportOptions {
    let mut options = ExportOptions::new(format, project.journeys()[0].id());
    options.image = SvgOptions {
        project_name: "pages".into(),
        date: "2026-12-05".into(),
        ..SvgOptions::default()
    };
    options
}

/// The map's size in CSS pixels, from the SVG's root element.
fn svg_size(project: &Project) -> (f32, f32) {
    let svg = String::from_utf8(export(project, &options(Format::Svg, project)).unwrap()).unwrap();
    let attribute = |name: &str| -> f32 {
        let at = svg.find(&format!(r#" {name}=""#)).unwrap() + name.len() + 3;
        svg[at..].split('"').next().unwrap().parse().unwrap()
    };
    (attribute("width"), attribute("height"))
}

fn pdf(project: &Project, pages: PdfPages, dir: &Path, name: &str) -> PathBuf {
    let mut pdf = options(Format::Pdf, project);
    pdf.page = PageSize::A4;
    pdf.pages = pages;
    let path = dir.join(name);
    std::fs::write(&path, export(project, &pdf).unwrap()).unwrap();
    path
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Process::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} (poppler-utils): {e}"));
    assert!(output.status.success(), "{program} {args:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `Pages:` and the first page's size as `pdfinfo` reports them.
fn info(path: &Path) -> (usize, f32, f32) {
    let text = run("pdfinfo", &[path.to_str().unwrap()]);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap()
            .trim()
            .to_owned()
    };
    let pages = field("Pages:").parse().unwrap();
    // "841.89 x 595.28 pts (A4)"
    let size: Vec<f32> = field("Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (pages, size[0], size[1])
}

/// A word poppler found, with its page and box (points, y down).
#[derive(Debug)]
struct Word {
    page: usize,
    x_min: f32,
    y_min: f32,
    y_max: f32,
    text: String,
}

fn words(path: &Path) -> Vec<Word> {
    let html = run("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let mut page = 0;
    let mut words = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        }
        let Some(rest) = line.strip_prefix("<word ") else {
            continue;
        };
        let attribute = |name: &str| -> f32 {
            let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            rest[at..].split('"').next().unwrap().parse().unwrap()
        };
        let text = rest.split('>').nth(1).unwrap().trim_end_matches("</word");
        words.push(Word {
            page,
            x_min: attribute("xMin"),
            y_min: attribute("yMin"),
            y_max: attribute("yMax"),
            text: text.to_owned(),
        });
    }
    words
}

/// How tall poppler's word boxes are per point of font size. It takes a word's box from the font descriptor's
/// Ascent and Descent (thousandths of the size); those are read from the PDF and checked against the bundled
/// font's own OS/2 typographic ascender and descender, which is where they come from.
fn box_per_point(path: &Path) -> f32 {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let number = |key: &str| -> f32 {
        let at = text.find(key).unwrap_or_else(|| panic!("{key} in the PDF")) + key.len();
        text[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let from_pdf = (number("/Ascent") - number("/Descent")) / 1000.0;
    let face = ttf_parser::Face::parse(waymark_render::text::FONT_FILES[0], 0).unwrap();
    let (ascender, descender) = (
        face.typographic_ascender().unwrap(),
        face.typographic_descender().unwrap(),
    );
    let from_font = f32::from(ascender - descender) / f32::from(face.units_per_em());
    assert!(
        (from_pdf - from_font).abs() < 1e-3,
        "{from_pdf} {from_font}"
    );
    from_pdf
}

/// The smallest font size on each page, in points, from the word boxes. A tile's label (set in Helvetica, with
/// poppler's own metrics) is left out: it is the only text in the page's bottom 30 pt, below the map's window.
fn smallest_text_per_page(path: &Path, pages: usize) -> Vec<f32> {
    let per_point = box_per_point(path);
    let (_, _, page_h) = info(path);
    let words = words(path);
    (1..=pages)
        .map(|page| {
            words
                .iter()
                .filter(|w| w.page == page && w.y_min < page_h - 30.0)
                .map(|w| (w.y_max - w.y_min) / per_point)
                .fold(f32::INFINITY, f32::min)
        })
        .collect()
}

/// Each page's label: the words on the line of the bottom 30 pt that starts with the journey's name, left to
/// right. (pdftotext also reports the map's text that the page's window clips away, so the line is picked by
/// its exact box.)
fn labels(path: &Path, pages: usize, name: &str) -> Vec<String> {
    let (_, _, page_h) = info(path);
    let words = words(path);
    (1..=pages)
        .map(|page| {
            let Some(first) = words
                .iter()
                .find(|w| w.page == page && w.y_min >= page_h - 30.0 && w.text == name)
            else {
                return String::new();
            };
            let mut line: Vec<&Word> = words
                .iter()
                .filter(|w| {
                    w.page == page
                        && (w.y_min - first.y_min).abs() < 0.01
                        && (w.y_max - first.y_max).abs() < 0.01
                })
                .collect();
            line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
            line.iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// A generated journey of `cards` touchpoint cards on 12 stages and 8 lanes, spread unevenly (a fixed
/// pseudo-random sequence), with a flow from every card to one in the next stage.
fn generated(cards: usize) -> Project {
    let (stages_count, lanes_count) = (12, 8);
    let journey = JourneyId::new();
    let mut commands = vec![Command::AddJourney {
        journey,
        name: "Generated".into(),
        index: 0,
    }];
    let stages: Vec<StageId> = (0..stages_count).map(|_| StageId::new()).collect();
    let lanes: Vec<LaneId> = (0..lanes_count).map(|_| LaneId::new()).collect();
    for (index, &stage) in stages.iter().enumerate() {
        commands.push(Command::AddStage {
            journey,
            stage,
            name: format!("Stage {}", index + 1),
            index,
        });
    }
    for (index, &lane) in lanes.iter().enumerate() {
        commands.push(Command::AddLane {
            journey,
            lane,
            name: format!("Lane {}", index + 1),
            kind: LaneKind::ALL[index % LaneKind::ALL.len()],
            index,
        });
    }
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as usize
    };
    let mut by_stage: Vec<Vec<CardId>> = vec![Vec::new(); stages_count];
    for i in 0..cards {
        let (s, l) = (i % stages_count, next(lanes_count));
        let card = CardId::new();
        by_stage[s].push(card);
        let mut fields = CardFields::titled(format!("Card {i}"), CardKind::Touchpoint);
        fields.tags = vec!["web".into()];
        commands.push(Command::AddCard {
            journey,
            card,
            stage: stages[s],
            lane: lanes[l],
            index: None,
            fields,
        });
    }
    for s in 0..stages_count - 1 {
        for (i, &from) in by_stage[s].iter().enumerate() {
            let to = by_stage[s + 1][i % by_stage[s + 1].len()];
            commands.push(Command::Connect {
                journey,
                flow: FlowId::new(),
                from,
                to,
                kind: FlowKind::HappyPath,
                label: None,
            });
        }
    }
    let mut project = Project::new();
    project
        .apply(&Command::Batch {
            label: "generate".into(),
            commands,
        })
        .unwrap();
    project
}

/// The share of each page's area inside 20 pt margins that the map covers: the bounding box of the page's
/// non-white pixels at 20 dpi, the label's line (the bottom 40 pt) left out.
fn fill_per_page(path: &Path, dir: &Path) -> Vec<f32> {
    let prefix = dir.join("fill");
    run(
        "pdftoppm",
        &[
            "-r",
            "20",
            "-gray",
            path.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("fill"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let (width, height, pixels) = read_pgm(file);
            let px_per_pt: f32 = 20.0 / 72.0;
            let label_rows = (40.0 * px_per_pt).ceil() as usize;
            let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
            for y in 0..height - label_rows {
                for x in 0..width {
                    if pixels[y * width + x] < 245 {
                        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
                    }
                }
            }
            let covered = (x1.saturating_sub(x0) * y1.saturating_sub(y0)) as f32;
            let printable = (width as f32 - 40.0 * px_per_pt) * (height as f32 - 40.0 * px_per_pt);
            covered / printable
        })
        .collect()
}

/// A binary PGM (P5) as `pdftoppm -gray` writes it.
fn read_pgm(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (width, height, bytes[at + 1..].to_vec())
}

#[test]
fn the_rule_is_four_points() {
    assert_eq!(MIN_TEXT_PT, MINIMUM_PT);
}

#[test]
fn the_sample_on_a4_is_one_page_with_its_smallest_text_legible() {
    let project = sample::grocery();
    let dir = tempfile::tempdir().unwrap();
    let path = pdf(&project, PdfPages::Auto, dir.path(), "sample.pdf");
    let (pages, page_w, page_h) = info(&path);
    assert_eq!(pages, 1);
    assert_eq!(
        (page_w, page_h),
        (A4_LONG, A4_SHORT),
        "landscape for a wide map"
    );

    // Expected: the map scaled to fit the page inside 20 pt margins.
    let (w, h) = svg_size(&project);
    let scale = ((A4_LONG - 40.0) / w).min((A4_SHORT - 40.0) / h);
    let expected = SMALLEST_PX * scale;
    let measured = smallest_text_per_page(&path, 1)[0];
    eprintln!("sample {w} × {h} px on A4: one page, smallest text {measured:.2} pt");
    assert!(measured >= MINIMUM_PT, "{measured} pt");
    assert!(
        (measured - expected).abs() < 0.02,
        "{measured} pt, {expected} pt"
    );

    // The preview reports what was printed.
    let svg = waymark_render::journey_svg(
        &project,
        project.journeys()[0].id(),
        &options(Format::Svg, &project).image,
    )
    .unwrap();
    let layout = PdfLayout::plan(&MapSize::of(&svg).unwrap(), PageSize::A4, PdfPages::Auto);
    assert_eq!((layout.mode, layout.pages), (PdfMode::Fit, 1));
    assert!((layout.text_pt - measured).abs() < 0.02, "{layout:?}");
    assert!(layout.legible);
}

#[test]
fn a_300_card_map_on_a4_is_tiled_with_every_tile_at_least_half_full() {
    let project = generated(300);
    let dir = tempfile::tempdir().unwrap();
    let path = pdf(&project, PdfPages::Auto, dir.path(), "big.pdf");
    let (pages, page_w, page_h) = info(&path);
    let (w, h) = svg_size(&project);

    // On one A4 page (either way round) the smallest text would be well under the minimum.
    let one_page = SMALLEST_PX
        * ((A4_LONG - 40.0) / w)
            .min((A4_SHORT - 40.0) / h)
            .max(((A4_SHORT - 40.0) / w).min((A4_LONG - 40.0) / h));
    assert!(one_page < MINIMUM_PT, "{one_page} pt");
    assert!(pages > 1, "tiled: {pages} pages");

    // The labels give the grid: every page says its row and column, and there are rows × columns pages.
    let labels = labels(&path, pages, "Generated");
    let (rows, columns) = grid(&labels[0]).expect("labelled tiles");
    assert_eq!(pages, rows * columns, "{labels:?}");
    for (index, label) in labels.iter().enumerate() {
        let (page, row, column) = (index + 1, index / columns + 1, index % columns + 1);
        assert_eq!(
            label,
            &format!(
                "Generated - page {page} of {pages} (row {row} of {rows}, column {column} of {columns}); \
                 pages overlap by 10 mm"
            )
        );
    }

    // Text: legible on every tile, and no larger than print size.
    let sizes = smallest_text_per_page(&path, pages);
    for (page, size) in sizes.iter().enumerate() {
        assert!(*size >= MINIMUM_PT - 0.01, "page {}: {size} pt", page + 1);
        assert!(
            *size <= SMALLEST_PX * PT_PER_PX + 0.01,
            "page {}: {size} pt",
            page + 1
        );
    }
    let text_pt = sizes.iter().copied().fold(f32::INFINITY, f32::min);

    // Expected fill: at the scale the text shows, the map divided evenly over the grid, against the page inside
    // 20 pt margins.
    let scale = text_pt / SMALLEST_PX;
    let expected = (w * scale / columns as f32) * (h * scale / rows as f32)
        / ((page_w - 40.0) * (page_h - 40.0));
    // The fewest pages at the minimum size: neither orientation covers the map with fewer whole pages.
    let at_minimum = |pw: f32, ph: f32| {
        ((w * MINIMUM_PT / SMALLEST_PX) / (pw - 40.0)).ceil()
            * ((h * MINIMUM_PT / SMALLEST_PX) / (ph - 40.0)).ceil()
    };
    let lower_bound = at_minimum(A4_LONG, A4_SHORT).min(at_minimum(A4_SHORT, A4_LONG));
    assert!(pages as f32 >= lower_bound);
    assert!(
        pages as f32 <= 2.0 * lower_bound,
        "{pages} pages, {lower_bound} would do"
    );

    let fills = fill_per_page(&path, dir.path());
    assert_eq!(fills.len(), pages);
    let emptiest = fills.iter().copied().fold(f32::INFINITY, f32::min);
    eprintln!(
        "300 cards, {w} × {h} px on A4 ({page_w} × {page_h} pt): {columns} × {rows} tiles, text {text_pt:.2} pt, \
         expected fill {expected:.2}, measured fills {fills:.2?}"
    );
    assert!(expected >= 0.5, "{expected}");
    for (page, fill) in fills.iter().enumerate() {
        assert!(*fill >= 0.5, "page {} is {fill:.2} full", page + 1);
    }
    // The picture agrees with the arithmetic: the emptiest tile is not far under the even share (its edge of
    // the map has the map's white padding).
    assert!(emptiest >= expected - 0.12, "{emptiest} against {expected}");
}

/// The grid from the first label: "(row 1 of R, column 1 of C)".
fn grid(text: &str) -> Option<(usize, usize)> {
    let at = text.find("(row 1 of ")? + "(row 1 of ".len();
    let rows = text[at..].split(',').next()?.trim().parse().ok()?;
    let at = text.find("column 1 of ")? + "column 1 of ".len();
    let columns = text[at..].split(')').next()?.trim().parse().ok()?;
    Some((rows, columns))
}

#[test]
fn one_page_or_tiles_can_be_forced() {
    let dir = tempfile::tempdir().unwrap();
    // The sample as tiles: at print size, 11 px text is 8.25 pt.
    let sample = sample::grocery();
    let path = pdf(&sample, PdfPages::Tile, dir.path(), "tiles.pdf");
    let (pages, _, _) = info(&path);
    assert!(pages > 1, "{pages}");
    let sizes = smallest_text_per_page(&path, pages);
    for size in sizes {
        assert!((size - SMALLEST_PX * PT_PER_PX).abs() < 0.02, "{size} pt");
    }
    let labels = labels(&path, pages, "Ordering");
    assert!(
        labels[1].contains(&format!("page 2 of {pages}")),
        "{labels:?}"
    );

    // 300 cards on one page, as asked: the text is smaller than the minimum, and the layout says so.
    let big = generated(300);
    let path = pdf(&big, PdfPages::Fit, dir.path(), "one.pdf");
    assert_eq!(info(&path).0, 1);
    let size = smallest_text_per_page(&path, 1)[0];
    assert!(size < MINIMUM_PT, "{size} pt");
    let svg = waymark_render::journey_svg(
        &big,
        big.journeys()[0].id(),
        &options(Format::Svg, &big).image,
    )
    .unwrap();
    let layout = PdfLayout::plan(&MapSize::of(&svg).unwrap(), PageSize::A4, PdfPages::Fit);
    assert!(
        !layout.legible && (layout.text_pt - size).abs() < 0.02,
        "{layout:?}"
    );
}
