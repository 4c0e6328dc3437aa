//! App Store review feeds saved as XML (Atom): a hand-made sample in tests/data, the real French JSON feed
//! written out as the equivalent XML here and read by both readers, a full import, and broken or hostile XML,
//! each refused with one sentence.

use csv::StringRecord;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use waymark_core::CardId;
use waymark_core::metrics::MetricDefinition;
use waymark_core::sample;
use waymark_feedback::table::{OpenOptions, Table};
use waymark_feedback::{Mapping, Target, import};
use waymark_store::Store;

fn sample_feed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/appstore_reviews_fr.xml")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A star-rating mapping onto one card (built from JSON, so fields added later keep their defaults).
fn mapping(score: &str, comment: Option<&str>, card: CardId) -> Mapping {
    serde_json::from_value(serde_json::json!({
        "metric": MetricDefinition::rating(5.0),
        "score": score,
        "comment": comment,
        "target": Target::Card { card },
    }))
    .unwrap()
}

/// A row: its line, and column name → value.
type Row = (u64, HashMap<String, String>);

/// The table's rows.
fn read(path: &Path) -> (Table, Vec<Row>) {
    let mut table = Table::open(path, &OpenOptions::default()).unwrap();
    let mut record = StringRecord::new();
    let mut rows = Vec::new();
    while let Some(line) = table.next_row(&mut record).unwrap() {
        let cells = table
            .columns
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        rows.push((line, cells));
    }
    (table, rows)
}

#[test]
fn the_app_store_sample_reads_entry_by_entry_with_the_json_feeds_column_names() {
    let (table, rows) = read(&sample_feed());
    assert_eq!(table.info.format, "App Store review feed (Atom XML)");
    assert_eq!(table.info.encoding, "UTF-8");
    let lines: Vec<u64> = rows.iter().map(|(line, _)| *line).collect();
    assert_eq!(
        lines,
        [14, 32, 46, 60, 74],
        "each row is numbered by its <entry> line"
    );
    for column in [
        "im:rating",
        "title",
        "content",
        "content.attributes.type",
        "author.name",
        "author.uri",
        "author",
        "updated",
        "im:version",
        "im:voteSum",
        "im:voteCount",
        "id",
        "link.attributes.href",
        "im:contentType.attributes.term",
        "im:contentType.attributes",
    ] {
        assert!(
            table.columns.iter().any(|c| c == column),
            "{column} in {:?}",
            table.columns
        );
    }
    assert!(
        !table
            .columns
            .iter()
            .any(|c| c.contains("xmlns") || c.contains('/')),
        "{:?}",
        table.columns
    );

    // The first entry describes the app: a row, as in the JSON reader, without a rating.
    let app = &rows[0].1;
    assert_eq!(app["im:name"], "Le Marché du Coin");
    assert_eq!(app["im:rating"], "");
    assert_eq!(app["category.attributes.term"], "Food & Drink");
    assert_eq!(
        app["im:image"],
        "https://example.org/icon-53.png, https://example.org/icon-75.png, https://example.org/icon-100.png"
    );

    let first = &rows[1].1;
    assert_eq!(first["im:rating"], "5");
    assert_eq!(first["title"], "Très pratique 👍");
    assert_eq!(
        first["content"],
        "Commande prête en dix minutes, retrait au drive sans attendre. Fruits & légumes frais, rien à redire !",
        "the text content, not the html one"
    );
    assert_eq!(first["content.attributes.type"], "text");
    assert_eq!(first["author.name"], "Cécile_B");
    assert_eq!(
        first["author.uri"],
        "https://itunes.apple.com/fr/reviews/id100000001"
    );
    assert_eq!(first["author"], "");
    assert_eq!(first["updated"], "2025-03-13T11:02:09-07:00");
    assert_eq!(first["im:version"], "4.12.0");
    assert_eq!(
        (first["im:voteSum"].as_str(), first["im:voteCount"].as_str()),
        ("3", "4")
    );
    assert_eq!(first["id"], "11890012345");
    assert_eq!(
        first["link.attributes.href"],
        "https://itunes.apple.com/fr/review?id=1234567890&type=Purple%20Software"
    );
    assert_eq!(
        rows[2].1["content"],
        "Depuis la mise à jour, ma carte est refusée à chaque fois … obligée de repasser en caisse. Très déçue 😞"
    );
    assert_eq!(
        rows[4].1["content"],
        "Ça dépanne.\nIl manque un mode sombre 🌙"
    );
    assert_eq!(rows[4].1["author.name"], "nico&co");
    assert!(rows.iter().all(|(_, r)| !r["content"].contains("<table")));
}

#[test]
fn an_xml_feed_saved_as_csv_or_without_an_extension_is_read_as_xml() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["reviews.csv", "reviews", "reviews.txt"] {
        let path = dir.path().join(name);
        std::fs::copy(sample_feed(), &path).unwrap();
        let (table, rows) = read(&path);
        assert_eq!(
            table.info.format, "App Store review feed (Atom XML)",
            "{name}"
        );
        assert_eq!(rows.len(), 5, "{name}");
        assert!(table.columns.iter().all(|c| !c.starts_with("<?xml")));
    }
}

/// `text` escaped for XML; characters beyond the Basic Multilingual Plane (emoji) and `é` as character references
/// (other accents stay UTF-8).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if u32::from(c) > 0xFFFF => write!(out, "&#x{:X};", u32::from(c)).unwrap(),
            'é' => out.push_str("&#233;"),
            c => out.push(c),
        }
    }
    out
}

/// One value of the iTunes JSON feed as the XML element it was made from: `label` is the text (or a `<label>`
/// child beside other children, as the feed writes `author`), `attributes` the attributes, other keys children.
fn element(name: &str, value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| element(name, item, out)),
        Value::Object(map) => {
            write!(out, "<{name}").unwrap();
            if let Some(Value::Object(attributes)) = map.get("attributes") {
                for (key, value) in attributes {
                    write!(out, " {key}=\"{}\"", escape(value.as_str().unwrap())).unwrap();
                }
            }
            out.push('>');
            let children = map.keys().any(|k| k != "label" && k != "attributes");
            for (key, value) in map {
                match key.as_str() {
                    "attributes" => {}
                    "label" if !children => out.push_str(&escape(value.as_str().unwrap())),
                    _ => element(key, value, out),
                }
            }
            write!(out, "</{name}>").unwrap();
        }
        Value::String(text) => write!(out, "<{name}>{}</{name}>", escape(text)).unwrap(),
        other => write!(out, "<{name}>{other}</{name}>").unwrap(),
    }
}

/// The App Store JSON feed as the Atom XML feed it comes from, each entry followed by its html `<content>`.
fn atom_from_json(feed: &Value) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns:im=\"http://itunes.apple.com/rss\" \
         xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n",
    );
    for (key, value) in feed["feed"].as_object().unwrap() {
        if key == "entry" {
            for entry in value.as_array().unwrap() {
                xml.push_str("\t<entry>\n");
                for (key, value) in entry.as_object().unwrap() {
                    xml.push_str("\t\t");
                    element(key, value, &mut xml);
                    xml.push('\n');
                }
                let html = format!(
                    "<table><tr><td>{}</td></tr></table>",
                    escape(entry["content"]["label"].as_str().unwrap())
                );
                writeln!(
                    xml,
                    "\t\t<content type=\"html\">{}</content>",
                    escape(&html)
                )
                .unwrap();
                xml.push_str("\t</entry>\n");
            }
        } else {
            xml.push('\t');
            element(key, value, &mut xml);
            xml.push('\n');
        }
    }
    xml.push_str("</feed>\n");
    xml
}

#[test]
fn the_xml_reader_gives_what_the_json_reader_gives_for_the_same_feed() {
    let json_path = fixture("appstore_reviews_fr.json");
    let feed: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let xml_path = dir.path().join("497799835_fr_1.xml");
    let xml = atom_from_json(&feed);
    assert!(
        xml.contains("&amp;") && xml.contains("&#233;") && xml.contains("à"),
        "escapes and character references are exercised"
    );
    std::fs::write(&xml_path, &xml).unwrap();

    let (json_table, json_rows) = read(&json_path);
    let (xml_table, xml_rows) = read(&xml_path);
    assert_eq!(json_table.info.format, "JSON feed");
    assert_eq!(xml_table.info.format, "App Store review feed (Atom XML)");
    assert_eq!((json_rows.len(), xml_rows.len()), (50, 50));
    let mut json_columns = json_table.columns.clone();
    let mut xml_columns = xml_table.columns.clone();
    json_columns.sort();
    xml_columns.sort();
    assert_eq!(xml_columns, json_columns, "the same column names");
    for (i, ((_, from_json), (_, from_xml))) in json_rows.iter().zip(&xml_rows).enumerate() {
        assert_eq!(from_xml, from_json, "entry {i}");
    }

    // And against the JSON itself, for the columns a mapping uses.
    for (entry, (_, row)) in feed["feed"]["entry"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&xml_rows)
    {
        assert_eq!(
            row["im:rating"],
            entry["im:rating"]["label"].as_str().unwrap()
        );
        assert_eq!(row["title"], entry["title"]["label"].as_str().unwrap());
        assert_eq!(row["content"], entry["content"]["label"].as_str().unwrap());
        assert_eq!(
            row["author.name"],
            entry["author"]["name"]["label"].as_str().unwrap()
        );
    }
    assert!(xml_rows.iter().any(|(_, r)| r["content"].contains('é')));
}

#[test]
fn the_sample_feed_imports_as_star_ratings_with_its_text_comments() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(
        &dir.path().join("groceries.waymark"),
        &sample::grocery(),
        "test",
    )
    .unwrap();
    let journey = store.project().journeys()[0].clone();
    let card = journey
        .cards_in_order()
        .find(|c| c.fields.title == "App store listing")
        .unwrap()
        .id;
    let m = mapping("im:rating", Some("content"), card);
    let (read, _) = import(&mut store, &sample_feed(), &m, &journey, None, &|_| true).unwrap();
    assert_eq!(read.info.format, "App Store review feed (Atom XML)");
    // Five entries; the first describes the app and has no rating.
    assert_eq!((read.rows_read, read.mapped), (5, 4));

    // By hand: the ratings in the sample are 5, 1, 4 and 3.
    let stars = [5.0, 1.0, 4.0, 3.0];
    let mean: f64 = stars.iter().sum::<f64>() / 4.0;
    assert_eq!(mean, 3.25);
    let scores = store.card_scores(&journey).unwrap();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].n, 4);
    assert!((scores[0].value - mean).abs() < 1e-9, "{}", scores[0].value);

    let comments: Vec<String> = store
        .comments(card, 10)
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(comments.len(), 4, "{comments:?}");
    assert!(
        comments
            .iter()
            .any(|c| c.contains("Fruits & légumes frais"))
    );
    assert!(comments.iter().any(|c| c.contains("mode sombre 🌙")));
    assert!(
        comments
            .iter()
            .all(|c| !c.contains("<table") && !c.contains("&lt;"))
    );
}

/// Imports `file` into a fresh sample project; returns the error sentence after checking that the project file
/// did not change and that the sentence is one line naming the file.
fn refused(dir: &Path, file: &Path) -> String {
    let project = dir.join("project.waymark");
    let _ = std::fs::remove_file(&project);
    let mut store = Store::create(&project, &sample::grocery(), "test").unwrap();
    let journey = store.project().journeys()[0].clone();
    let card = journey.cards_in_order().next().unwrap().id;
    let before = std::fs::read(&project).unwrap();
    let error = import(
        &mut store,
        file,
        &mapping("im:rating", None, card),
        &journey,
        None,
        &|_| true,
    )
    .expect_err("the import is refused")
    .to_string();
    drop(store);
    assert_eq!(std::fs::read(&project).unwrap(), before, "{error}");
    assert!(
        error.starts_with(&format!("{} could not be read: ", file.display())),
        "the sentence names the file: {error}"
    );
    assert!(!error.contains('\n'), "one sentence: {error}");
    error
}

fn refused_text(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let error = refused(dir.path(), &file);
    let prefix = format!("{} could not be read: ", file.display());
    error[prefix.len()..].to_owned()
}

#[test]
fn broken_xml_is_refused_with_one_sentence_and_its_line() {
    assert_eq!(
        refused_text(
            "unclosed.xml",
            b"<?xml version=\"1.0\"?>\n<feed>\n<entry>\n<im:rating>4</im:rating>\n<title>Bien\n</entry>\n</feed>\n"
        ),
        "line 6 is not well-formed XML: expected </title> but found </entry>"
    );
    assert_eq!(
        refused_text("cut.xml", b"<feed>\n<entry>\n<im:rating>4</im:rating>\n"),
        "line 4 is not well-formed XML: expected </entry> but the file ends"
    );
    assert_eq!(
        refused_text(
            "mismatched.xml",
            b"<feed>\n<entry><im:rating>4</im:rating>\n</feed>\n"
        ),
        "line 3 is not well-formed XML: expected </entry> but found </feed>"
    );
    assert_eq!(
        refused_text(
            "garbage.xml",
            b"<feed><entry><im:rating>4</im:rating></entry></feed>\n<entry/>\n"
        ),
        "line 2 is not well-formed XML: a second root element <entry> follows </feed>"
    );
    assert_eq!(
        refused_text(
            "entity.xml",
            b"<feed>\n<entry><title>caf&eacute;</title></entry></feed>"
        ),
        "line 2 is not well-formed XML: &eacute; is not an entity XML defines (only &lt; &gt; &amp; &quot; \
         &apos; and character references like &#233; are)"
    );
    assert_eq!(
        refused_text(
            "latin1.xml",
            b"<feed>\n<entry><title>caf\xe9</title></entry></feed>"
        ),
        "line 2 is not UTF-8 (byte 0xE9), and no XML declaration names another encoding"
    );
    assert_eq!(refused_text("empty.xml", b""), "it is empty");
    assert_eq!(refused_text("blank.rss", b" \n\t\n"), "it is empty");
    assert_eq!(
        refused_text(
            "config.xml",
            b"<?xml version=\"1.0\"?>\n<configuration><setting name=\"a\">1</setting></configuration>\n"
        ),
        "it is XML but not a review feed (no <entry> or <item> elements)"
    );
}

#[test]
fn a_doctype_is_refused_so_no_entity_bomb_or_external_entity_is_ever_expanded() {
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [\n <!ENTITY lol \"lol\">\n \
                  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n \
                  <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n \
                  <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n \
                  <!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n]>\n\
                  <feed><entry><im:rating>5</im:rating><content>&lol9;</content></entry></feed>\n";
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n\
                    <feed><entry><im:rating>5</im:rating><content>&secret;</content></entry></feed>\n";
    for (name, xml) in [("laughs.xml", laughs), ("external.atom", external)] {
        assert_eq!(
            refused_text(name, xml.as_bytes()),
            "line 2 has a <!DOCTYPE>, which a review feed never has (refused, so that no entity is defined or \
             expanded)"
        );
    }
}

#[test]
fn fifty_megabytes_of_nesting_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.xml");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    let chunk = "<a>".repeat(1 << 16);
    let mut written = 0;
    while written < 50 << 20 {
        out.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    out.flush().unwrap();
    drop(out);
    let started = Instant::now();
    let error = refused(dir.path(), &file);
    assert!(
        error.ends_with("line 1 nests elements more than 64 deep, which a review feed never does"),
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}
