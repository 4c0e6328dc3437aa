//! Open comment threads in image exports: numbered markers on their cards and notes below the map, only when asked
//! for, resolved threads left out, every text escaped. Read back as an XML document and, for the PDF, by poppler.

use resvg::usvg::roxmltree;
use std::process::Command as Process;
use waymark_core::{CardId, Command, Comment, CommentId, Project, Theme, sample};
use waymark_render::{ExportOptions, Format, SvgOptions, export};

const HOSTILE: &str = "</text><script>alert(1)</script>";

fn card(project: &Project, title: &str) -> CardId {
    project.journeys()[0]
        .cards_in_order()
        .find(|c| c.fields.title == title)
        .unwrap_or_else(|| panic!("the sample has {title}"))
        .id
}

/// Adds a comment through the ordinary command and returns its id.
fn say(
    project: &mut Project,
    title: &str,
    author: &str,
    at_ms: i64,
    text: &str,
    reply_to: Option<CommentId>,
) -> CommentId {
    let comment = Comment {
        id: CommentId::new(),
        card: card(project, title),
        reply_to,
        author: author.into(),
        at_ms,
        text: text.into(),
        edited_ms: None,
        resolved: false,
    };
    let id = comment.id;
    let journey = project.journeys()[0].id();
    project
        .apply(&Command::AddComment { journey, comment })
        .unwrap();
    id
}

/// The sample with open threads on three cards of the "Check out" stage (added out of reading order), a reply, and
/// a resolved thread on an earlier card.
fn commented() -> Project {
    let mut project = sample::grocery();
    // 2023-11-14 and 2000-02-29 (UTC), from `date -u -d @1700000000` and `date -u -d @951782400`.
    let asked = say(
        &mut project,
        "Card payment",
        "Ann",
        1_700_000_000_000,
        "Why does the bank ask for a code?",
        None,
    );
    say(
        &mut project,
        "Card payment",
        "Bob",
        1_700_000_100_000,
        "3-D Secure is required",
        Some(asked),
    );
    say(
        &mut project,
        "Delivery slot picker",
        "Eve",
        951_782_400_000,
        HOSTILE,
        None,
    );
    let fixed = say(
        &mut project,
        "Product page",
        "Dan",
        1_700_000_000_000,
        "Already fixed",
        None,
    );
    let journey = project.journeys()[0].id();
    project
        .apply(&Command::ResolveComment {
            journey,
            comment: fixed,
            resolved: true,
        })
        .unwrap();
    say(
        &mut project,
        "Picks a slot and pays",
        "Ann",
        1_700_000_000_000,
        "Slots first, then payment?",
        None,
    );
    project
}

fn options(format: Format, project: &Project, comments: bool) -> ExportOptions {
    let mut options = ExportOptions::new(format, project.journeys()[0].id());
    options.image = SvgOptions {
        project_name: "groceries".into(),
        date: "2026-11-26".into(),
        comments,
        ..SvgOptions::default()
    };
    options
}

fn svg(project: &Project, comments: bool) -> String {
    String::from_utf8(export(project, &options(Format::Svg, project, comments)).unwrap()).unwrap()
}

fn height(svg: &str) -> f64 {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn open_threads_are_numbered_in_reading_order_and_listed_below_the_map() {
    let project = commented();
    let svg = svg(&project, true);
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect();
    let heading = texts
        .iter()
        .position(|t| t == "Comments")
        .expect("a Comments heading");
    // Reading order: "Check out" is one stage; "Picks a slot and pays" is in the lane above the two Web cards,
    // which sit in their cell in this order. Resolved threads are left out.
    assert_eq!(
        texts[heading..],
        [
            "Comments",
            "1",
            "Picks a slot and pays",
            "Ann",
            "2023-11-14",
            "Slots first, then payment?",
            "2",
            "Delivery slot picker",
            "Eve",
            "2000-02-29",
            HOSTILE,
            "3",
            "Card payment",
            "Ann",
            "2023-11-14",
            "Why does the bank ask for a code?",
            "Bob",
            "2023-11-14",
            "3-D Secure is required",
        ]
    );
    assert!(
        !svg.contains("Already fixed"),
        "resolved threads are left out"
    );
    // The hostile text is text, escaped, and no element came of it.
    assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
    assert!(!svg.contains("<script"));
    assert!(svg.contains("&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));

    // Each marker is centred on its card's top-left corner, in the map's coordinates (core's layout).
    let journey = &project.journeys()[0];
    let personas: Vec<_> = project.personas().iter().map(|p| p.id).collect();
    let layout = journey.layout(&Theme::default(), &personas);
    let corner = |title: &str| {
        let r = layout
            .cards
            .iter()
            .find(|b| b.id == card(&project, title))
            .unwrap()
            .rect;
        (r.x, r.y)
    };
    let map = doc
        .descendants()
        .find(|n| n.attribute("transform") == Some("translate(24 88)"))
        .expect("the map's group, below the 64-pixel title block");
    let markers: Vec<((f64, f64), String)> = map
        .children()
        .filter(|n| n.has_tag_name("rect") && n.attribute("stroke-width") == Some("1.5"))
        .map(|rect| {
            let attr = |name| -> f64 { rect.attribute(name).unwrap().parse().unwrap() };
            let centre = (
                attr("x") + attr("width") / 2.0,
                attr("y") + attr("height") / 2.0,
            );
            let label = rect
                .next_sibling_element()
                .and_then(|t| t.text())
                .unwrap()
                .to_owned();
            (centre, label)
        })
        .collect();
    assert_eq!(
        markers,
        [
            (corner("Picks a slot and pays"), "1".to_owned()),
            (corner("Delivery slot picker"), "2".to_owned()),
            (corner("Card payment"), "3".to_owned()),
        ]
    );
}

#[test]
fn without_the_option_the_export_is_the_same_bytes_as_before() {
    let project = commented();
    let plain = sample::grocery();
    let default = {
        let mut o = ExportOptions::new(Format::Svg, project.journeys()[0].id());
        o.image = SvgOptions {
            project_name: "groceries".into(),
            date: "2026-11-26".into(),
            ..SvgOptions::default()
        };
        String::from_utf8(export(&project, &o).unwrap()).unwrap()
    };
    // Off by default, and off is the picture of the same project without any comments.
    assert_eq!(default, svg(&project, false));
    assert_eq!(default, svg(&plain, false));
    assert!(!default.contains(">Comments<") && !default.contains("Why does the bank"));
    // Asked for on a project without open threads, there is nothing to add.
    assert_eq!(svg(&plain, true), default);
    // With them, the picture grows to hold the notes.
    assert!(height(&svg(&project, true)) > height(&default) + 100.0);
    // The PNG is drawn from that SVG (the PDF too, but svg2pdf's bytes vary from run to run in the order of its
    // font resources, so it is read back as text in the next test).
    assert_eq!(
        export(&project, &options(Format::Png, &project, false)).unwrap(),
        export(&plain, &options(Format::Png, &plain, false)).unwrap(),
    );
}

fn pdf_text(project: &Project, comments: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.pdf");
    let bytes = export(project, &options(Format::Pdf, project, comments)).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let out = Process::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_holds_the_notes_as_text_only_when_asked() {
    let project = commented();
    let text = pdf_text(&project, true);
    for expected in [
        "Comments",
        "Why does the bank ask for a code?",
        "3-D Secure is required",
        "Slots first, then payment?",
        HOSTILE,
        "2000-02-29",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains("Already fixed"));
    let first = text.find("Slots first").unwrap();
    assert!(first < text.find(HOSTILE).unwrap() && first < text.find("Why does the bank").unwrap());
    assert_eq!(
        pdf_text(&project, false),
        pdf_text(&sample::grocery(), false)
    );
}
