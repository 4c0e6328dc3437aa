//! SVG, PNG and PDF exports of the sample project, checked as a user would look at them: the SVG as a snapshot,
//! the PNG decoded pixel by pixel, the PDF rendered back by poppler.

use std::process::Command as Process;
use waymark_core::{Project, Theme, sample};
use waymark_render::pdf::PageSize;
use waymark_render::{ExportOptions, Format, RenderError, Scope, SvgOptions, ThemeName, export};

fn options(format: Format, project: &Project) -> ExportOptions {
    let mut options = ExportOptions::new(format, project.journeys()[0].id());
    options.image = SvgOptions {
        project_name: "groceries".into(),
        date: "2026-11-26".into(),
        ..SvgOptions::default()
    };
    options
}

fn decode(png_bytes: &[u8]) -> (png::OutputInfo, Vec<u8>, Option<png::PixelDimensions>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .expect("a PNG");
    let dims = reader.info().pixel_dims;
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("PNG pixels");
    (info, pixels, dims)
}

fn pixel(info: &png::OutputInfo, pixels: &[u8], x: u32, y: u32) -> [u8; 4] {
    assert_eq!(info.color_type, png::ColorType::Rgba);
    let at = ((y * info.width + x) * 4) as usize;
    pixels[at..at + 4].try_into().unwrap()
}

fn hex(colour: [u8; 4]) -> String {
    format!("#{:02x}{:02x}{:02x}", colour[0], colour[1], colour[2])
}

#[test]
fn the_sample_as_svg_matches_its_snapshot_and_keeps_text_as_text() {
    let project = sample::grocery();
    let svg =
        String::from_utf8(export(&project, &options(Format::Svg, &project)).unwrap()).unwrap();
    let journey = &project.journeys()[0];
    for card in journey.cards_in_order().take(5) {
        let first_word = card.fields.title.split_whitespace().next().unwrap();
        assert!(
            svg.contains(first_word),
            "{first_word} is not text in the SVG"
        );
    }
    assert!(svg.contains(r#"font-family="DejaVu Sans""#));
    assert!(
        svg.contains("Personas: Maya"),
        "title block names the personas"
    );
    assert!(svg.contains(">Happy path<"), "legend");
    insta::assert_snapshot!("sample_svg", svg);
}

#[test]
fn png_size_follows_the_scale_and_shows_the_canvas_colours() {
    let project = sample::grocery();
    let one = export(&project, &options(Format::Png, &project)).unwrap();
    let mut at_two = options(Format::Png, &project);
    at_two.scale = 2.0;
    let two = export(&project, &at_two).unwrap();
    let (info1, pixels1, dims1) = decode(&one);
    let (info2, pixels2, _) = decode(&two);
    assert!((i64::from(info2.width) - 2 * i64::from(info1.width)).abs() <= 1);
    assert!((i64::from(info2.height) - 2 * i64::from(info1.height)).abs() <= 1);
    assert_eq!(dims1.map(|d| d.xppu), Some(3780), "96 dpi recorded");

    // Not blank: many distinct colours.
    let distinct: std::collections::HashSet<&[u8]> = pixels1.chunks(4).collect();
    assert!(distinct.len() > 50, "only {} colours", distinct.len());

    // A pain point card is filled with the token colour, where the layout puts it (plus the margins).
    let light = waymark_render::theme::palette(ThemeName::Light);
    let journey = &project.journeys()[0];
    let layout = journey.layout(&Theme::default(), &[]);
    let pain = journey
        .cards_in_order()
        .find(|c| c.fields.kind == waymark_core::model::CardKind::PainPoint)
        .unwrap();
    let rect = layout.cards.iter().find(|c| c.id == pain.id).unwrap().rect;
    // Right of the text, above the tag chips: plain card fill.
    let (x, y) = (
        24.0 + rect.x + rect.width - 8.0,
        24.0 + 64.0 + rect.y + 44.0,
    );
    assert_eq!(
        hex(pixel(&info1, &pixels1, x as u32, y as u32)),
        light.pain_bg
    );
    assert_eq!(
        hex(pixel(&info2, &pixels2, (2.0 * x) as u32, (2.0 * y) as u32)),
        light.pain_bg
    );
    // The page behind the map is the theme's background, opaque.
    assert_eq!(pixel(&info1, &pixels1, 2, 2), {
        let mut c = [0, 0, 0, 255];
        for (i, b) in c.iter_mut().take(3).enumerate() {
            *b = u8::from_str_radix(&light.bg[1 + 2 * i..3 + 2 * i], 16).unwrap();
        }
        c
    });
}

#[test]
fn png_at_300_dpi_records_it_and_can_be_transparent_and_dark() {
    let project = sample::grocery();
    let mut print = options(Format::Png, &project);
    print.scale = waymark_render::png::scale_for_dpi(300.0);
    print.image.transparent = true;
    print.image.theme = ThemeName::Dark;
    print.image.scope = Scope::Stages { from: 1, to: 2 };
    let (info, pixels, dims) = decode(&export(&project, &print).unwrap());
    assert_eq!(
        dims.map(|d| d.xppu),
        Some(11811),
        "300 dpi = 11811 pixels per metre"
    );
    assert_eq!(pixel(&info, &pixels, 1, 1)[3], 0, "transparent corner");
    let dark = waymark_render::theme::palette(ThemeName::Dark);
    let has_dark_card = pixels
        .chunks(4)
        .any(|p| p[3] == 255 && hex([p[0], p[1], p[2], 255]) == dark.card);
    assert!(has_dark_card, "dark card fill {} not found", dark.card);
}

#[test]
fn a_stage_range_draws_only_those_stages_and_bad_ranges_are_refused() {
    let project = sample::grocery();
    let mut part = options(Format::Svg, &project);
    part.image.scope = Scope::Stages { from: 2, to: 3 };
    let svg = String::from_utf8(export(&project, &part).unwrap()).unwrap();
    assert!(svg.contains(">Sign up<") && svg.contains(">Shop<"));
    assert!(!svg.contains(">Discover<") && !svg.contains(">Delivery<"));
    assert!(svg.contains("Stages 2–3"));
    part.image.scope = Scope::Stages { from: 3, to: 9 };
    let error = export(&project, &part).unwrap_err();
    assert!(
        matches!(error, RenderError::StagesOutOfRange { count: 6, .. }),
        "{error}"
    );
}

#[test]
fn a_selection_draws_its_cards_and_nothing_else() {
    let project = sample::grocery();
    let journey = &project.journeys()[0];
    let picked: Vec<_> = journey.cards_in_order().skip(3).take(2).collect();
    let mut part = options(Format::Svg, &project);
    part.image.scope = Scope::Cards(picked.iter().map(|c| c.id).collect());
    let svg = String::from_utf8(export(&project, &part).unwrap()).unwrap();
    let cards = svg.matches(r#"<g transform="translate("#).count() - 3; // minus title, map and legend groups
    assert_eq!(cards, 2);
    let other = journey.cards_in_order().last().unwrap();
    assert!(!svg.contains(&other.fields.title));
    part.image.scope = Scope::Cards(vec![]);
    assert!(matches!(
        export(&project, &part),
        Err(RenderError::EmptySelection)
    ));
}

#[test]
fn pdf_pages_render_back_with_selectable_text() {
    let project = sample::grocery();
    let dir = tempfile::tempdir().unwrap();
    // The sample is legible on one page of every size (`tests/pdf_pages.rs` checks the text size and tiles).
    for (page, expected_pages) in [(PageSize::Fit, 1), (PageSize::A3, 1), (PageSize::A4, 1)] {
        let mut pdf = options(Format::Pdf, &project);
        pdf.page = page;
        let bytes = export(&project, &pdf).unwrap();
        let path = dir.path().join(format!("{page:?}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        let text = Process::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils)");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("Ordering groceries online"),
            "{page:?}: {text}"
        );
        assert!(
            text.contains("Delivery slot picker"),
            "{page:?}: card titles are text"
        );
        let prefix = dir.path().join(format!("{page:?}-page"));
        let status = Process::new("pdftoppm")
            .args(["-png", "-r", "30"])
            .arg(&path)
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(status.success());
        let pages = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{page:?}-page"))
            })
            .count();
        assert_eq!(pages, expected_pages, "{page:?}");
    }
}

fn with_feedback(project: &Project, heatmap: bool) -> waymark_render::Feedback {
    use waymark_core::metrics::{CardScore, MetricDefinition};
    let journey = &project.journeys()[0];
    let score = |title: &str, value: f64, n: u64| {
        let card = journey
            .cards_in_order()
            .find(|c| c.fields.title == title)
            .unwrap();
        CardScore {
            card: title.into(),
            card_id: card.id,
            metric: waymark_core::metrics::MetricKind::Nps,
            n,
            value,
            low: value - 10.0,
            high: value + 10.0,
            low_confidence: n < 30,
        }
    };
    waymark_render::Feedback::choose(
        vec![MetricDefinition::nps()],
        vec![
            score("Card payment", 53.4, 120),
            score("Product page", -60.0, 12),
        ],
        None,
        heatmap,
        30,
    )
    .unwrap()
}

#[test]
fn feedback_draws_badges_a_heatmap_and_the_metric_definition() {
    let project = sample::grocery();
    let mut svg_options = options(Format::Svg, &project);
    svg_options.image.feedback = Some(with_feedback(&project, false));
    let svg = String::from_utf8(export(&project, &svg_options).unwrap()).unwrap();
    assert!(svg.contains(">+53 n=120<"), "badge");
    assert!(svg.contains(">-60 n=12<") && svg.contains("(low confidence)"));
    assert!(
        svg.contains("NPS: % promoters (9–10) − % detractors (0–6)"),
        "legend states the definition"
    );

    // With the heatmap, the scored card is filled with the colour of its score.
    let mut png_options = options(Format::Png, &project);
    png_options.image.feedback = Some(with_feedback(&project, true));
    let (info, pixels, _) = decode(&export(&project, &png_options).unwrap());
    let journey = &project.journeys()[0];
    let layout = journey.layout(&Theme::default(), &[]);
    let card = journey
        .cards_in_order()
        .find(|c| c.fields.title == "Card payment")
        .unwrap();
    let rect = layout.cards.iter().find(|c| c.id == card.id).unwrap().rect;
    let expected = waymark_render::theme::heat_colour(
        waymark_core::metrics::MetricDefinition::nps().position(53.4),
    );
    let (x, y) = (
        24.0 + rect.x + 30.0,
        24.0 + 64.0 + rect.y + rect.height - 6.0,
    );
    assert_eq!(hex(pixel(&info, &pixels, x as u32, y as u32)), expected);

    // The CSV lists every card with its score columns.
    let mut csv_options = options(Format::Csv, &project);
    csv_options.image.feedback = Some(with_feedback(&project, false));
    let csv = String::from_utf8(export(&project, &csv_options).unwrap()).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with("nps_value,nps_n,nps_low,nps_high,nps_low_confidence"),
        "{header}"
    );
    let row = csv.lines().find(|l| l.contains(",Card payment,")).unwrap();
    assert!(row.ends_with(",53.4,120,43.4,63.4,false"), "{row}");
}
