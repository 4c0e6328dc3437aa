//! Scores by segment and by channel, read from a real project file with imported responses, against counts made
//! here from the same rows.

use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use waymark_core::compare::compare;
use waymark_core::metrics::{MetricDefinition, MetricKind, Tally};
use waymark_core::*;
use waymark_store::*;

/// One response as generated: card, score, segment values (`None`: the key is absent).
struct Row {
    card: CardId,
    score: f64,
    segments: Vec<(&'static str, Option<String>)>,
}

impl Row {
    fn json(&self) -> Option<String> {
        let present: BTreeMap<&str, &str> = self
            .segments
            .iter()
            .filter_map(|(k, v)| Some((*k, v.as_deref()?)))
            .collect();
        (!self.segments.is_empty()).then(|| serde_json::to_string(&present).unwrap())
    }

    /// The row's value of `column` as the scores should group it: trimmed, blanks and absent keys as `None`.
    fn value(&self, column: &str) -> Option<String> {
        self.segments
            .iter()
            .find(|(k, _)| *k == column)
            .and_then(|(_, v)| v.as_deref())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }
}

/// Imports `rows` as one dataset whose mapping lists `segments`; `name` also makes its source file unique.
fn import(
    store: &mut Store,
    dir: &Path,
    name: &str,
    definition: &MetricDefinition,
    segments: &[&str],
    rows: &[Row],
) {
    let source = dir.join(format!("{name}.csv"));
    std::fs::write(&source, format!("the file of {name}\n")).unwrap();
    let journey = store.project().journeys()[0].id();
    let dataset = NewDataset {
        journey,
        name: name.into(),
        source_name: format!("{name}.csv"),
        definition: definition.clone(),
        mapping: serde_json::json!({ "metric": definition, "segments": segments }).to_string(),
        columns: Vec::new(),
    };
    let texts: Vec<Option<String>> = rows.iter().map(Row::json).collect();
    store
        .import_dataset(&dataset, &source, |writer| {
            for (i, (row, text)) in rows.iter().zip(&texts).enumerate() {
                writer.add(&NewResponse {
                    row: i as u64 + 2,
                    card: row.card,
                    score: row.score,
                    time: None,
                    comment: None,
                    segments: text.as_deref(),
                })?;
            }
            Ok::<u64, WritingStopped>(rows.len() as u64)
        })
        .unwrap();
}

/// Counts of a group of responses: n, at or above the top threshold, at or below the bottom one.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Counts {
    n: u64,
    high: u64,
    low: u64,
}

impl Counts {
    fn add(&mut self, definition: &MetricDefinition, score: f64) {
        self.n += 1;
        match definition.kind {
            MetricKind::Nps => {
                self.high += u64::from(score >= 9.0);
                self.low += u64::from(score <= 6.0);
            }
            _ => self.high += u64::from(score >= 4.0),
        }
    }

    fn value(&self, definition: &MetricDefinition) -> f64 {
        let n = self.n as f64;
        match definition.kind {
            MetricKind::Nps => 100.0 * (self.high as f64 - self.low as f64) / n,
            _ => 100.0 * self.high as f64 / n,
        }
    }

    fn tally(&self) -> Tally {
        Tally {
            n: self.n,
            high: self.high,
            low: self.low,
            ..Tally::default()
        }
    }
}

/// A scope's name as the splits give it: `card:TITLE`, `stage:NAME` or `journey`.
fn scope_name(scope: &ScoreScope) -> String {
    match scope {
        ScoreScope::Card { title, .. } => format!("card:{title}"),
        ScoreScope::Stage { name, .. } => format!("stage:{name}"),
        ScoreScope::Journey => "journey".into(),
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    nps_rows: Vec<Row>,
    csat_rows: Vec<Row>,
    plain_rows: Vec<Row>,
    /// The cards added to the sample's "Shop" stage: web, app, app with the channel " web ", email.
    shop: [CardId; 4],
    other: CardId,
}

const DEVICE: &str = "Device \"type\"";

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("groceries.waymark");
    let mut store = Store::create(&path, &sample::grocery(), "tester").unwrap();
    let j = store.project().journeys()[0].clone();
    let shop = j.stages().iter().find(|s| s.name == "Shop").unwrap().id;
    let lane = |name: &str| j.lanes().iter().find(|l| l.name == name).unwrap().id;
    let mut add = |title: &str, lane: LaneId, channel: Option<&str>| {
        let card = CardId::new();
        let mut fields = CardFields::titled(title, CardKind::Touchpoint);
        fields.channel = channel.map(str::to_owned);
        store
            .apply(&Command::AddCard {
                journey: j.id(),
                card,
                stage: shop,
                lane,
                index: None,
                fields,
            })
            .unwrap();
        card
    };
    let web = add("Search the shop", lane("Web"), None);
    let app = add("Basket in the app", lane("Mobile app"), None);
    let app_web = add("Web page in the app", lane("Mobile app"), Some(" web "));
    let email = add("Basket reminder", lane("Email & SMS"), None);
    let other = j
        .cards_in_order()
        .find(|c| c.fields.title == "Card payment")
        .unwrap()
        .id;

    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let cards = [web, app, app_web, email, other];
    let regions = [
        Some("North"),
        Some("South"),
        Some(" East "),
        Some(""),
        Some("   "),
        None,
    ];
    let nps_rows: Vec<Row> = (0..1500)
        .map(|_| {
            let card = cards[rng.random_range(0..cards.len())];
            let region = regions[rng.random_range(0..regions.len())];
            let mut score: u32 = rng.random_range(0..=10);
            if region == Some("North") {
                score = score.max(rng.random_range(6..=10));
            }
            if card == email && rng.random_bool(0.6) {
                score = score.min(6);
            }
            let device = ["Mobile", "Desktop"][rng.random_range(0..2)];
            Row {
                card,
                score: f64::from(score),
                segments: vec![
                    ("Region", region.map(str::to_owned)),
                    (DEVICE, Some(device.to_owned())),
                ],
            }
        })
        .collect();
    let csat_rows: Vec<Row> = (0..400)
        .map(|_| {
            let card = [web, other][rng.random_range(0..2)];
            Row {
                card,
                score: f64::from(rng.random_range(1..=5)),
                segments: vec![
                    (
                        "Region",
                        Some(["North", "South"][rng.random_range(0..2)].to_owned()),
                    ),
                    (
                        "Age group",
                        Some(["18-34", "35+"][rng.random_range(0..2)].to_owned()),
                    ),
                ],
            }
        })
        .collect();
    let plain_rows: Vec<Row> = (0..200)
        .map(|_| Row {
            card: app,
            score: f64::from(rng.random_range(0..=10)),
            segments: Vec::new(),
        })
        .collect();
    let nps = MetricDefinition::nps();
    import(
        &mut store,
        dir.path(),
        "nps",
        &nps,
        &["Region", DEVICE],
        &nps_rows,
    );
    import(
        &mut store,
        dir.path(),
        "csat",
        &MetricDefinition::csat(5.0, false),
        &["Region", "Age group"],
        &csat_rows,
    );
    import(&mut store, dir.path(), "plain", &nps, &[], &plain_rows);
    Fixture {
        _dir: dir,
        store,
        nps_rows,
        csat_rows,
        plain_rows,
        shop: [web, app, app_web, email],
        other,
    }
}

/// The counts by (scope, metric, value) that the splits by `column` should show, from the rows.
fn expected_splits(
    journey: &Journey,
    datasets: &[(&MetricDefinition, &[Row])],
    column: &str,
) -> BTreeMap<(String, MetricKind, Option<String>), Counts> {
    let mut expected = BTreeMap::new();
    for (definition, rows) in datasets {
        for row in rows.iter() {
            let card = journey.card(row.card).unwrap();
            let stage = journey
                .stages()
                .iter()
                .find(|s| s.id == card.cell.stage)
                .unwrap();
            for scope in [
                format!("card:{}", card.fields.title),
                format!("stage:{}", stage.name),
                "journey".to_owned(),
            ] {
                expected
                    .entry((scope, definition.kind, row.value(column)))
                    .or_insert_with(Counts::default)
                    .add(definition, row.score);
            }
        }
    }
    expected
}

fn check_splits(
    splits: &[SegmentSplit],
    expected: &BTreeMap<(String, MetricKind, Option<String>), Counts>,
) {
    let definition = |kind: MetricKind| match kind {
        MetricKind::Nps => MetricDefinition::nps(),
        _ => MetricDefinition::csat(5.0, false),
    };
    let mut seen = 0;
    for split in splits {
        let scope = scope_name(&split.scope);
        let d = definition(split.metric);
        let total: u64 = split.segments.iter().map(|s| s.n).sum();
        assert_eq!(split.n, total, "{scope}");
        for s in &split.segments {
            let key = (scope.clone(), split.metric, s.segment.clone());
            let counts = expected
                .get(&key)
                .unwrap_or_else(|| panic!("unexpected {key:?}"));
            assert_eq!(s.n, counts.n, "{key:?}");
            assert!((s.value - counts.value(&d)).abs() < 1e-9, "{key:?}");
            assert_eq!(s.low_confidence, counts.n < 30, "{key:?}");
            // The rest: the other values' responses of the same scope and metric, the no-value group left out.
            let rest = expected
                .iter()
                .filter(|((sc, m, v), _)| *sc == scope && *m == split.metric && v.is_some())
                .filter(|((_, _, v), _)| *v != s.segment)
                .fold(Counts::default(), |mut all, (_, c)| {
                    all.n += c.n;
                    all.high += c.high;
                    all.low += c.low;
                    all
                });
            let compared = match s.segment {
                Some(_) => compare(&d, &counts.tally(), &rest.tally()),
                None => None,
            };
            assert_eq!(s.versus_rest, compared, "{key:?}");
            seen += 1;
        }
        // Values in text order, the no-value group last.
        let values: Vec<&Option<String>> = split.segments.iter().map(|s| &s.segment).collect();
        let mut sorted = values.clone();
        sorted.sort_by_key(|v| (v.is_none(), (*v).clone()));
        assert_eq!(values, sorted);
    }
    assert_eq!(seen, expected.len(), "every expected group is shown");
}

#[test]
fn segment_columns_come_from_the_mappings_in_order() {
    let f = fixture();
    let j = f.store.project().journeys()[0].id();
    assert_eq!(
        f.store.segment_columns(j).unwrap(),
        ["Region", DEVICE, "Age group"]
    );
    assert!(
        f.store
            .segment_columns(JourneyId::new())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn segment_scores_match_counts_made_from_the_rows() {
    let f = fixture();
    let j = &f.store.project().journeys()[0];
    let (nps, csat) = (MetricDefinition::nps(), MetricDefinition::csat(5.0, false));
    // Region: in the NPS and the CSAT datasets (not the third, which has no segments).
    let splits = f.store.segment_scores(j, "Region").unwrap();
    let expected = expected_splits(
        j,
        &[(&nps, &f.nps_rows[..]), (&csat, &f.csat_rows[..])],
        "Region",
    );
    check_splits(&splits, &expected);
    // Blank values and absent keys are the no-value group; " East " is "East".
    let journey_nps = splits
        .iter()
        .find(|s| s.scope == ScoreScope::Journey && s.metric == MetricKind::Nps)
        .unwrap();
    let names: Vec<Option<&str>> = journey_nps
        .segments
        .iter()
        .map(|s| s.segment.as_deref())
        .collect();
    assert_eq!(names, [Some("East"), Some("North"), Some("South"), None]);
    assert_eq!(journey_nps.n, f.nps_rows.len() as u64);
    let north = &journey_nps.segments[1];
    let c = north.versus_rest.unwrap();
    assert!(
        c.significant && c.difference > 0.0,
        "North was made to score higher: {c:?}"
    );
    // Splits run cards in reading order, then stages, then the journey.
    let kinds: Vec<u8> = splits
        .iter()
        .map(|s| match s.scope {
            ScoreScope::Card { .. } => 0,
            ScoreScope::Stage { .. } => 1,
            ScoreScope::Journey => 2,
        })
        .collect();
    assert!(kinds.is_sorted());

    // A column name with quotes (read through json_each), and one with a space (json_extract).
    check_splits(
        &f.store.segment_scores(j, DEVICE).unwrap(),
        &expected_splits(j, &[(&nps, &f.nps_rows[..])], DEVICE),
    );
    check_splits(
        &f.store.segment_scores(j, "Age group").unwrap(),
        &expected_splits(j, &[(&csat, &f.csat_rows[..])], "Age group"),
    );
    assert!(f.store.segment_scores(j, "Nope").unwrap().is_empty());
    let _ = f.plain_rows;
}

/// Removes the tallies by segment value the imports kept, as a file from before schema 8 has none.
fn forget_kept_tallies(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("DELETE FROM segment_tally; DELETE FROM segment_kept;")
        .unwrap();
}

/// The columns whose tallies by value the file keeps, as (dataset number, column), and its rows of them.
fn kept(path: &Path) -> (Vec<(i64, String)>, i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let columns = conn
        .prepare("SELECT dataset, segment FROM segment_kept ORDER BY dataset, segment")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let rows = conn
        .query_row("SELECT count(*) FROM segment_tally", [], |r| r.get(0))
        .unwrap();
    (columns, rows)
}

/// A response whose segments are not readable JSON is in the no-value group when the split reads the responses
/// (a dataset imported before its tallies by value were kept).
#[test]
fn a_response_with_damaged_segments_counts_as_no_value() {
    let mut f = fixture();
    let path = f.store.path().to_owned();
    drop(f.store);
    forget_kept_tallies(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (rowid, row): (i64, i64) = conn
        .query_row(
            "SELECT rowid, row FROM response WHERE dataset = 1 ORDER BY rowid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute(
        "UPDATE response SET segments = '{\"Region\": ' WHERE rowid = ?1",
        [rowid],
    )
    .unwrap();
    drop(conn);
    f.store = Store::open(&path, "tester").unwrap();
    let damaged = &mut f.nps_rows[row as usize - 2];
    for (_, value) in &mut damaged.segments {
        *value = None;
    }
    let j = &f.store.project().journeys()[0];
    let nps = MetricDefinition::nps();
    check_splits(
        &f.store.segment_scores(j, "Region").unwrap(),
        &expected_splits(
            j,
            &[
                (&nps, &f.nps_rows[..]),
                (&MetricDefinition::csat(5.0, false), &f.csat_rows[..]),
            ],
            "Region",
        ),
    );
}

#[test]
fn channels_of_a_stage_add_up_their_cards_and_flag_the_one_below() {
    let f = fixture();
    let j = &f.store.project().journeys()[0];
    let [web, app, app_web, email] = f.shop;
    let channel_of: HashMap<CardId, &str> = [
        (web, "Web"),
        (app, "Mobile app"),
        (app_web, "Web"),
        (email, "Email & SMS"),
    ]
    .into();
    // Every NPS response (both NPS datasets add up), by channel.
    let nps = MetricDefinition::nps();
    let mut expected: BTreeMap<&str, Counts> = BTreeMap::new();
    for row in f.nps_rows.iter().chain(&f.plain_rows) {
        if let Some(channel) = channel_of.get(&row.card) {
            expected.entry(channel).or_default().add(&nps, row.score);
        }
    }
    let shop = j.stages().iter().find(|s| s.name == "Shop").unwrap().id;
    let all = f.store.channel_scores(j, None).unwrap();
    let only = f.store.channel_scores(j, Some(shop)).unwrap();
    assert!(only.iter().all(|s| s.stage == shop));
    assert_eq!(
        all[..only.len()],
        only[..],
        "stages in order: Shop, then Check out"
    );
    let stage = only.iter().find(|s| s.metric == MetricKind::Nps).unwrap();
    assert_eq!(stage.name, "Shop");
    let names: Vec<&str> = stage.channels.iter().map(|c| c.channel.as_str()).collect();
    assert_eq!(names, ["Web", "Mobile app", "Email & SMS"], "lane order");
    let web_channel = &stage.channels[0];
    assert_eq!(web_channel.cards, [web, app_web]);
    for channel in &stage.channels {
        let counts = expected[channel.channel.as_str()];
        assert_eq!(channel.n, counts.n, "{}", channel.channel);
        assert!((channel.value - counts.value(&nps)).abs() < 1e-9);
        let rest = expected
            .iter()
            .filter(|(name, _)| **name != channel.channel)
            .fold(Tally::default(), |mut t, (_, c)| {
                t.merge(&c.tally());
                t
            });
        let compared = compare(&nps, &counts.tally(), &rest);
        assert_eq!(channel.versus_rest, compared);
        assert_eq!(
            channel.below_rest,
            compared.is_some_and(|c| c.significant && c.difference < 0.0)
        );
    }
    assert!(
        stage.channels[2].below_rest,
        "email was made to score lower"
    );
    assert!(!stage.channels[0].below_rest && !stage.channels[1].below_rest);
    // CSAT: only the web card of Shop has CSAT responses, so its one channel is compared with nothing.
    let csat = only.iter().find(|s| s.metric == MetricKind::Csat).unwrap();
    assert_eq!(csat.channels.len(), 1);
    let csat_web = f.csat_rows.iter().filter(|r| r.card == web).count() as u64;
    assert_eq!(
        (csat.channels[0].n, csat.channels[0].versus_rest),
        (csat_web, None)
    );
    // "Card payment" is the one touchpoint of Check out with feedback: one channel per metric, not compared.
    let checkout = j.card(f.other).unwrap().cell.stage;
    let at_checkout = f.store.channel_scores(j, Some(checkout)).unwrap();
    assert_eq!(all[only.len()..], at_checkout[..]);
    let nps_payment = f.nps_rows.iter().filter(|r| r.card == f.other).count() as u64;
    let csat_payment = f.csat_rows.iter().filter(|r| r.card == f.other).count() as u64;
    let found: Vec<(MetricKind, &str, u64, bool)> = at_checkout
        .iter()
        .flat_map(|s| {
            s.channels
                .iter()
                .map(|c| (s.metric, c.channel.as_str(), c.n, c.versus_rest.is_none()))
        })
        .collect();
    assert_eq!(
        found,
        [
            (MetricKind::Csat, "Web", csat_payment, true),
            (MetricKind::Nps, "Web", nps_payment, true)
        ],
        "metrics in the order scope scores give them"
    );
    // A stage with no touchpoint feedback has nothing to show.
    let discover = j.stages()[0].id;
    assert!(
        f.store
            .channel_scores(j, Some(discover))
            .unwrap()
            .is_empty()
    );
}

/// The imports kept their tallies by value (every segment column of the two datasets that have one); without them —
/// a file from before schema 8 — a split reads the responses, finds the same figures, and a file open for writing
/// keeps what it found (every column of the dataset, from one read), so the next split reads no response. A file
/// open read-only keeps nothing.
#[test]
fn splits_without_kept_tallies_read_the_responses_and_keep_what_they_found() {
    let f = fixture();
    let path = f.store.path().to_owned();
    let imported = kept(&path);
    assert_eq!(
        imported.0,
        [
            (1, DEVICE.to_owned()),
            (1, "Region".to_owned()),
            (2, "Age group".to_owned()),
            (2, "Region".to_owned())
        ]
    );
    drop(f.store);
    let (nps, csat) = (MetricDefinition::nps(), MetricDefinition::csat(5.0, false));
    let both = [(&nps, &f.nps_rows[..]), (&csat, &f.csat_rows[..])];
    forget_kept_tallies(&path);
    let writer = Store::open(&path, "tester").unwrap();
    let reader = Store::open(&path, "tester").unwrap();
    assert!(matches!(reader.access(), Access::ReadOnly(_)));
    let j = writer.project().journeys()[0].clone();
    check_splits(
        &reader.segment_scores(&j, "Region").unwrap(),
        &expected_splits(&j, &both, "Region"),
    );
    assert_eq!(kept(&path), (Vec::new(), 0), "a reader keeps nothing");
    check_splits(
        &writer.segment_scores(&j, "Region").unwrap(),
        &expected_splits(&j, &both, "Region"),
    );
    assert_eq!(
        kept(&path),
        imported,
        "the writer keeps what the import would have"
    );
    check_splits(
        &writer.segment_scores(&j, DEVICE).unwrap(),
        &expected_splits(&j, &[(&nps, &f.nps_rows[..])], DEVICE),
    );
    drop((writer, reader));
    // What was kept is what is read now: the responses could be gone.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE response SET segments = NULL", [])
        .unwrap();
    drop(conn);
    let store = Store::open(&path, "tester").unwrap();
    check_splits(
        &store.segment_scores(&j, "Age group").unwrap(),
        &expected_splits(&j, &[(&csat, &f.csat_rows[..])], "Age group"),
    );
}

/// A column with more values than are kept (an id) is not kept, its split reads the responses each time and is
/// still right; the dataset's other columns are kept.
#[test]
fn a_column_with_too_many_values_is_split_from_the_responses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ids.waymark");
    let mut store = Store::create(&path, &sample::grocery(), "tester").unwrap();
    let j = store.project().journeys()[0].clone();
    let cards: Vec<CardId> = j.cards_in_order().take(3).map(|c| c.id).collect();
    let rows: Vec<Row> = (0..1_200)
        .map(|i| Row {
            card: cards[i % 3],
            score: (i % 11) as f64,
            segments: vec![
                ("Id", Some(format!("respondent {}", i / 2))),
                ("Region", Some(["North", "South"][i % 2].to_owned())),
            ],
        })
        .collect();
    let nps = MetricDefinition::nps();
    import(
        &mut store,
        dir.path(),
        "ids",
        &nps,
        &["Id", "Region"],
        &rows,
    );
    assert_eq!(kept(&path).0, [(1, "Region".to_owned())]);
    for column in ["Id", "Region"] {
        check_splits(
            &store.segment_scores(&j, column).unwrap(),
            &expected_splits(&j, &[(&nps, &rows[..])], column),
        );
    }
    assert_eq!(
        kept(&path).0,
        [(1, "Region".to_owned())],
        "an id is never kept"
    );
}

/// Datasets merged in from another copy bring their tallies by value along.
#[test]
fn datasets_merged_in_from_a_copy_bring_their_kept_tallies() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let copy_path = dir.path().join("copy.waymark");
    let mut copy = f.store.save_as(&copy_path).unwrap();
    for dataset in copy.datasets().unwrap() {
        copy.remove_dataset(&dataset.id).unwrap();
    }
    assert_eq!(kept(&copy_path), (Vec::new(), 0));
    assert_eq!(copy.add_datasets_from(f.store.path()).unwrap(), 3);
    let ours = kept(f.store.path());
    let theirs = kept(&copy_path);
    assert_eq!((theirs.0.len(), theirs.1), (ours.0.len(), ours.1));
    let j = copy.project().journeys()[0].clone();
    let (nps, csat) = (MetricDefinition::nps(), MetricDefinition::csat(5.0, false));
    check_splits(
        &copy.segment_scores(&j, "Region").unwrap(),
        &expected_splits(
            &j,
            &[(&nps, &f.nps_rows[..]), (&csat, &f.csat_rows[..])],
            "Region",
        ),
    );
}
