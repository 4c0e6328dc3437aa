//! `waymark scores --by` and `waymark channels`, run as a user runs them, checked against figures worked out here
//! from the rows written to the survey files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;

use common::{stderr, stdout, waymark};

const CARDS: [&str; 4] = [
    "Delivery slot picker",
    "Card payment",
    "Apple Pay / Google Pay",
    "Order confirmation",
];
const REGIONS: [&str; 4] = ["North", "South", "East", ""];

/// One survey row: the card it is about, its region, its score.
struct Row {
    card: &'static str,
    region: &'static str,
    score: u32,
}

/// 600 NPS answers on the four touchpoints of "Check out" from a fixed pseudo-random sequence: the North
/// answers high, "Order confirmation" low.
fn rows() -> Vec<Row> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |below: u32| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % u64::from(below)) as u32
    };
    (0..600)
        .map(|_| {
            let card = CARDS[next(4) as usize];
            let region = REGIONS[next(4) as usize];
            let mut score = next(11);
            if region == "North" {
                score = score.max(6 + next(5));
            }
            if card == "Order confirmation" && next(10) < 6 {
                score = score.min(6);
            }
            Row {
                card,
                region,
                score,
            }
        })
        .collect()
}

/// n, promoters and detractors.
#[derive(Clone, Copy, Default, Debug)]
struct Nps {
    n: f64,
    promoters: f64,
    detractors: f64,
}

impl Nps {
    fn add(&mut self, score: u32) {
        self.n += 1.0;
        self.promoters += f64::from(u8::from(score >= 9));
        self.detractors += f64::from(u8::from(score <= 6));
    }

    fn plus(self, other: Nps) -> Nps {
        Nps {
            n: self.n + other.n,
            promoters: self.promoters + other.promoters,
            detractors: self.detractors + other.detractors,
        }
    }

    fn value(&self) -> f64 {
        100.0 * (self.promoters - self.detractors) / self.n
    }

    /// The adjusted-Wald interval of `self − other` (Lewis & Sauro 2021): per group 3/4 added to promoters and
    /// detractors, 3 to n.
    fn adjusted_wald(&self, other: &Nps) -> (f64, f64) {
        let adjusted = |g: &Nps| {
            let n = g.n + 3.0;
            let (p, d) = ((g.promoters + 0.75) / n, (g.detractors + 0.75) / n);
            (p - d, (p + d - (p - d) * (p - d)) / n)
        };
        let ((a, va), (b, vb)) = (adjusted(self), adjusted(other));
        let se = (va + vb).sqrt();
        (
            100.0 * (a - b - 1.959_964 * se),
            100.0 * (a - b + 1.959_964 * se),
        )
    }
}

fn close(actual: &serde_json::Value, expected: f64, tolerance: f64) {
    let actual = actual.as_f64().unwrap();
    assert!(
        (actual - expected).abs() < tolerance,
        "{actual} is not {expected}"
    );
}

/// The sample with the 600 NPS answers (segment "region") and 23 star ratings of "Card payment" (also by region).
fn project(dir: &Path) -> (PathBuf, Vec<Row>) {
    let file = dir.join("groceries.waymark");
    let f = file.to_str().unwrap();
    assert!(waymark(&["new", f, "--sample"]).status.success());
    let rows = rows();
    let mut csv = String::from("id,touchpoint,score,region\n");
    for (i, r) in rows.iter().enumerate() {
        csv.push_str(&format!("{i},{},{},{}\n", r.card, r.score, r.region));
    }
    let survey = dir.join("survey.csv");
    std::fs::write(&survey, csv).unwrap();
    let imported = waymark(&[
        "import",
        f,
        survey.to_str().unwrap(),
        "--metric",
        "nps",
        "--score",
        "score",
        "--card-column",
        "touchpoint",
        "--segment",
        "region",
    ]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    // The worked example of Welch's test in waymark-core's compare.rs: North against South.
    let north = [5, 4, 5, 3, 4, 5, 4, 4, 5, 3, 5, 4];
    let south = [3, 2, 4, 3, 3, 2, 4, 3, 2, 3, 5];
    let mut csv = String::from("touchpoint,stars,region\n");
    for (stars, region) in north
        .iter()
        .map(|s| (s, "North"))
        .chain(south.iter().map(|s| (s, "South")))
    {
        csv.push_str(&format!("Card payment,{stars},{region}\n"));
    }
    let ratings = dir.join("ratings.csv");
    std::fs::write(&ratings, csv).unwrap();
    let imported = waymark(&[
        "import",
        f,
        ratings.to_str().unwrap(),
        "--metric",
        "rating",
        "--scale",
        "1-5",
        "--score",
        "stars",
        "--card-column",
        "touchpoint",
        "--segment",
        "region",
    ]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    (file, rows)
}

#[test]
fn scores_by_a_segment_match_counts_made_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (file, rows) = project(dir.path());
    let f = file.to_str().unwrap();
    // By (card, region); "" is no value.
    let mut by_card: BTreeMap<(&str, &str), Nps> = BTreeMap::new();
    let mut by_region: BTreeMap<&str, Nps> = BTreeMap::new();
    for r in &rows {
        by_card.entry((r.card, r.region)).or_default().add(r.score);
        by_region.entry(r.region).or_default().add(r.score);
    }

    let output = waymark(&["scores", f, "--by", "region", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["column"], "region");
    let splits = json["splits"].as_array().unwrap();
    let split = |kind: &str, name: &str, metric: &str| {
        splits
            .iter()
            .find(|s| {
                s["scope"]["kind"] == kind
                    && (kind == "journey"
                        || s["scope"]["title"] == name
                        || s["scope"]["name"] == name)
                    && s["metric"] == metric
            })
            .unwrap_or_else(|| panic!("no {kind} {name} {metric}"))
    };
    for card in CARDS {
        let segments = split("card", card, "nps")["segments"].as_array().unwrap();
        let shown: Vec<&str> = segments
            .iter()
            .map(|s| s["segment"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(shown, ["East", "North", "South", ""], "{card}");
        for s in segments {
            let region = s["segment"].as_str().unwrap_or("");
            let counts = by_card[&(card, region)];
            assert_eq!(s["n"].as_f64().unwrap(), counts.n, "{card} {region}");
            close(&s["value"], counts.value(), 1e-9);
            assert_eq!(s["low_confidence"], counts.n < 30.0);
        }
        assert_eq!(segments[3]["versus_rest"], serde_json::Value::Null);
    }
    // The whole journey: North against East and South together (the no-value answers are not "the rest").
    let journey = split("journey", "", "nps");
    assert_eq!(journey["n"], 600);
    let north = &journey["segments"][1];
    let rest = by_region["East"].plus(by_region["South"]);
    let (low, high) = by_region["North"].adjusted_wald(&rest);
    let versus = &north["versus_rest"];
    close(
        &versus["difference"],
        by_region["North"].value() - rest.value(),
        1e-9,
    );
    close(&versus["low"], low, 1e-3);
    close(&versus["high"], high, 1e-3);
    assert_eq!(versus["method"], "adjusted_wald_nps_difference");
    assert_eq!(
        versus["significant"], true,
        "North was made to answer higher"
    );

    // Star ratings: Welch's test, with the figures computed in Python in waymark-core's compare.rs.
    let ratings = split("journey", "", "rating");
    let north = &ratings["segments"][0];
    assert_eq!(
        (north["segment"].as_str(), north["n"].as_u64()),
        (Some("North"), Some(12))
    );
    close(&north["value"], 51.0 / 12.0, 1e-9);
    let versus = &north["versus_rest"];
    assert_eq!(versus["method"], "welch_t");
    close(&versus["difference"], 1.159_091, 1e-6);
    close(&versus["low"], 0.409_691, 1e-5);
    close(&versus["high"], 1.908_491, 1e-5);
    close(&versus["p_value"], 0.004_319_16, 1e-7);

    // The text: one table per card, stage and journey.
    let text = stdout(&waymark(&["scores", f, "--by", "region"]));
    let whole = text
        .split("\n\n")
        .find(|block| block.starts_with("Whole journey: NPS, n = 600"))
        .unwrap_or_else(|| panic!("{text}"));
    let line = whole
        .lines()
        .find(|l| l.trim_start().starts_with("North"))
        .unwrap();
    let n = by_region["North"].n;
    for expected in [
        format!("{:.1}", by_region["North"].value()),
        format!("{n}"),
        format!("(95% {low:.1} to {high:.1})"),
        "above the rest, significant at 95% (adjusted-Wald NPS difference)".to_owned(),
    ] {
        assert!(line.contains(&expected), "{expected:?} not in {line:?}");
    }
    assert!(
        whole
            .lines()
            .any(|l| l.trim_start().starts_with("(no value)") && l.ends_with("not compared")),
        "{whole}"
    );
    let rating_block = text
        .split("\n\n")
        .find(|block| block.starts_with("Whole journey: RATING, n = 23"))
        .unwrap();
    assert!(
        rating_block.contains(
            "+1.16 (95% 0.41 to 1.91), above the rest, significant at 95% (Welch's t test)"
        ),
        "{rating_block}"
    );
    assert!(
        rating_block.contains("12*"),
        "12 answers is low confidence: {rating_block}"
    );
    assert!(text.contains("* low confidence: fewer than 30 responses."));
}

#[test]
fn channels_are_side_by_side_with_the_one_below_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let (file, rows) = project(dir.path());
    let f = file.to_str().unwrap();
    let channel = |card: &str| match card {
        "Delivery slot picker" | "Card payment" => "Web",
        "Apple Pay / Google Pay" => "Mobile app",
        _ => "Email & SMS",
    };
    let mut by_channel: BTreeMap<&str, Nps> = BTreeMap::new();
    for r in &rows {
        by_channel.entry(channel(r.card)).or_default().add(r.score);
    }
    let output = waymark(&["channels", f, "--stage", "check out", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let stages = json["stages"].as_array().unwrap();
    let nps = stages.iter().find(|s| s["metric"] == "nps").unwrap();
    assert_eq!(nps["name"], "Check out");
    let channels = nps["channels"].as_array().unwrap();
    let names: Vec<&str> = channels
        .iter()
        .map(|c| c["channel"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Web", "Mobile app", "Email & SMS"]);
    assert_eq!(channels[0]["cards"].as_array().unwrap().len(), 2);
    for c in channels {
        let name = c["channel"].as_str().unwrap();
        let counts = by_channel[name];
        assert_eq!(c["n"].as_f64().unwrap(), counts.n);
        close(&c["value"], counts.value(), 1e-9);
        let rest = by_channel
            .iter()
            .filter(|(other, _)| **other != name)
            .fold(Nps::default(), |all, (_, g)| all.plus(*g));
        let (low, high) = counts.adjusted_wald(&rest);
        close(&c["versus_rest"]["low"], low, 1e-3);
        close(&c["versus_rest"]["high"], high, 1e-3);
        assert_eq!(c["below_rest"], high < 0.0, "{name}");
    }
    assert_eq!(
        channels[2]["below_rest"], true,
        "email was made to score lower"
    );
    // The ratings are all on "Card payment": one channel, nothing to compare it with.
    let ratings = stages.iter().find(|s| s["metric"] == "rating").unwrap();
    assert_eq!(
        ratings["channels"][0]["versus_rest"],
        serde_json::Value::Null
    );

    let text = stdout(&waymark(&["channels", f]));
    let email = text
        .lines()
        .find(|l| l.trim_start().starts_with("Email & SMS"))
        .unwrap();
    assert!(
        email.contains(&format!("{:.1}", by_channel["Email & SMS"].value()))
            && email.contains("below the other channels, significant at 95%")
            && email.ends_with("<- BELOW"),
        "{email}"
    );
    assert!(text.contains("the only channel"), "{text}");
}

#[test]
fn an_unknown_column_or_stage_is_one_sentence_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = project(dir.path());
    let f = file.to_str().unwrap();
    let output = waymark(&["scores", f, "--by", "device"]);
    assert_eq!(output.status.code(), Some(4));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(f)
            && message.contains("no segment column \"device\"; its segment columns are \"region\""),
        "{message}"
    );
    let output = waymark(&["channels", f, "--stage", "Payment"]);
    assert_eq!(output.status.code(), Some(4));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(f) && message.contains("no stage named \"Payment\""),
        "{message}"
    );
    assert_eq!(
        waymark(&["scores", f, "--by", "region", "--csv"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_persona_linked_to_a_segment_value_has_that_segments_stage_scores() {
    let dir = tempfile::tempdir().unwrap();
    let (file, rows) = project(dir.path());
    let f = file.to_str().unwrap();
    let persona = "Maya, busy parent";
    let linked = waymark(&["link-persona", f, persona, "--segment", "region", "north"]);
    assert!(linked.status.success(), "{}", stderr(&linked));
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["scores", f, "--personas", "--json"]))).unwrap();
    let linked = &report.as_array().unwrap()[0];
    assert_eq!(linked["name"], persona);
    assert_eq!(linked["segment"]["value"], "north");
    // Every row is about a touchpoint of "Check out": the persona's NPS there is the North rows' NPS.
    let mut north = Nps::default();
    for r in rows.iter().filter(|r| r.region == "North") {
        north.add(r.score);
    }
    let nps = linked["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["metric"] == "nps")
        .unwrap();
    assert_eq!(nps["score"]["n"].as_f64().unwrap(), north.n);
    close(&nps["score"]["value"], north.value(), 1e-9);
    let text = stdout(&waymark(&["scores", f, "--personas"]));
    assert!(
        text.contains(&format!("{persona}: the responses with region = \"north\"")),
        "{text}"
    );
    // The link is one undoable edit.
    let undone = waymark(&["undo", f]);
    assert!(undone.status.success(), "{}", stderr(&undone));
    let after: serde_json::Value =
        serde_json::from_str(&stdout(&waymark(&["scores", f, "--personas", "--json"]))).unwrap();
    assert_eq!(after.as_array().unwrap().len(), 0);
    let unknown = waymark(&["link-persona", f, "Nobody", "--segment", "region", "North"]);
    assert_eq!(unknown.status.code(), Some(4), "{}", stderr(&unknown));
    assert!(stderr(&unknown).contains("there is no persona named \"Nobody\""));
}
