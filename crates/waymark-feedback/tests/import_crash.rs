//! Kill test of feedback imports: a child process imports a large survey export into a project and the parent kills
//! it with SIGKILL at a random moment of the import. An import is one transaction, so every time the file must
//! pass SQLite's `integrity_check`, open cleanly, and hold either exactly what it held before the import or
//! exactly what a complete import gives — never a part of a dataset.
//!
//! Two generated exports take turns: one with satisfaction answers as words ("Very satisfied", "Somewhat
//! dissatisfied"… read through the 5-point satisfaction scale the first rows are found to be on), one with a 0–10
//! likelihood whose ends are labelled ("0 - Not at all likely"). Before a round the parent removes the dataset of
//! the export about to be imported, so that a successful import adds it back; every third round it is left in
//! place instead, so that the import replaces it (the same file imported again) within its transaction. The
//! states to expect are computed once, independently, by importing into copies of the project in this process.
//! The kill delays are spread over 1.5 times the import's duration (the median of the imports measured so far: here,
//! in a child, and every acknowledged one), so some land after the commit.
//!
//! A custom harness (`harness = false`): the same binary is the parent, and the child when given
//! `--child PROJECT SURVEY`.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use waymark_core::metrics::{CardScore, MetricDefinition, Tally};
use waymark_core::{Journey, LaneKind, sample};
use waymark_feedback::answers::Answers;
use waymark_feedback::suggest::guess_score;
use waymark_feedback::table::OpenOptions;
use waymark_feedback::{Mapping, Target, import};
use waymark_store::Store;

const KILLS: usize = 54;
/// Responses in each export.
const ROWS: usize = 80_000;
/// Kill delays are spread over this many times the import's measured duration.
const SPREAD: f64 = 1.5;
/// Each outcome (killed before the commit, after it) must occur at least this often.
const AT_LEAST: usize = 3;

/// The export with satisfaction labels (CSAT) and the one with labelled likelihood ends (NPS).
const SATISFACTION: &str = "satisfaction.csv";
const RECOMMEND: &str = "recommend.csv";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[at + 1]), Path::new(&args[at + 2]));
        return;
    }
    // `cargo test` passes filters and flags; a filter that does not match this test skips it, as libtest would.
    if args
        .iter()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"import_crash".contains(a.as_str()))
    {
        println!("import_crash: 0 passed, 0 failed, 1 skipped");
        return;
    }
    let started = Instant::now();
    let (passed, failed) = parent();
    println!(
        "import_crash: {passed} passed, {failed} failed in {:.1?}",
        started.elapsed()
    );
    if failed > 0 {
        std::process::exit(1);
    }
}

/// The mapping both sides use for an export, with the label scale its first rows are on (as the CLI finds it).
fn mapping_for(survey: &Path) -> Mapping {
    let name = survey.file_name().unwrap().to_str().unwrap();
    let (metric, score, date) = match name {
        SATISFACTION => (
            MetricDefinition::csat(5.0, false),
            "satisfaction",
            "submitted_at",
        ),
        RECOMMEND => (MetricDefinition::nps(), "recommend", "date"),
        other => panic!("no mapping for {other}"),
    };
    let guess = guess_score(survey, &OpenOptions::default(), score)
        .expect("the export reads")
        .expect("the score column exists");
    Mapping {
        metric,
        score: score.into(),
        answers: Answers {
            scale: guess.answers.scale,
            ..Answers::default()
        },
        comment: Some("comment".into()),
        date: Some(date.into()),
        day_first: false,
        segments: Vec::new(),
        target: Target::Column {
            column: "touchpoint".into(),
            aliases: BTreeMap::new(),
        },
        sheet: None,
    }
}

fn child(project: &Path, survey: &Path) {
    let mut store =
        Store::open(project, "import-crash-child").expect("the child opens the project");
    let journey: Journey = store.project().journeys()[0].clone();
    let mapping = mapping_for(survey);
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "importing").unwrap();
    stdout.flush().unwrap();
    import(&mut store, survey, &mapping, &journey, None, &|_| true).expect("the child's import");
    // Only after `import` returned is the import acknowledged.
    writeln!(stdout, "imported").unwrap();
    stdout.flush().unwrap();
    // Waits to be killed (a kill now lands after the commit); the parent going away ends the wait too.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

/// A dataset as it must be whenever it is there: what its import read and the tallies it wrote.
#[derive(Clone, Debug, PartialEq)]
struct Facts {
    rows_read: i64,
    rows_mapped: i64,
    definition: MetricDefinition,
    /// (card, period: "" for all time, else the month) → tally.
    tallies: BTreeMap<(String, String), Tally>,
}

/// What the project holds: datasets by source file name (with their id), and the card scores.
#[derive(Clone, Debug, PartialEq)]
struct State {
    datasets: BTreeMap<String, (String, Facts)>,
    scores: Vec<CardScore>,
}

impl State {
    fn sources(&self) -> BTreeSet<String> {
        self.datasets.keys().cloned().collect()
    }
}

fn state_of(store: &Store) -> Result<State, String> {
    let journey = &store.project().journeys()[0];
    let mut datasets = BTreeMap::new();
    for d in store.datasets().map_err(|e| e.to_string())? {
        let facts = Facts {
            rows_read: d.rows_read,
            rows_mapped: d.rows_mapped,
            definition: d.definition,
            tallies: BTreeMap::new(),
        };
        if datasets
            .insert(d.source_name.clone(), (d.id.0.clone(), facts))
            .is_some()
        {
            return Err(format!("two datasets of {}", d.source_name));
        }
    }
    let ids: BTreeMap<String, String> = datasets
        .iter()
        .map(|(source, (id, _))| (id.clone(), source.clone()))
        .collect();
    for t in store.tallies(journey.id()).map_err(|e| e.to_string())? {
        let source = ids
            .get(&t.dataset.0)
            .ok_or_else(|| format!("tallies of dataset {} that is not listed", t.dataset.0))?;
        let key = (
            t.card.to_string(),
            t.period.map_or_else(String::new, |m| m.to_string()),
        );
        datasets
            .get_mut(source)
            .unwrap()
            .1
            .tallies
            .insert(key, t.tally);
    }
    Ok(State {
        datasets,
        scores: store.card_scores(journey).map_err(|e| e.to_string())?,
    })
}

/// The rows of the export with satisfaction answers as words.
fn write_satisfaction(path: &Path, titles: &[String], rng: &mut StdRng) {
    const LABELS: [&str; 5] = [
        "Very dissatisfied",
        "Somewhat dissatisfied",
        "Neither satisfied nor dissatisfied",
        "Somewhat satisfied",
        "Very satisfied",
    ];
    const COMMENTS: [&str; 6] = [
        "Delivery was quick",
        "substitutions were poor",
        "\"could not find a slot, again\"",
        "app crashed at checkout",
        "great fresh produce",
        "\"missing items.\nrefund was slow\"",
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "response_id,submitted_at,touchpoint,satisfaction,comment"
    )
    .unwrap();
    for i in 0..ROWS {
        let card = rng.random_range(0..titles.len());
        let touchpoint = if rng.random_ratio(1, 50) {
            "Kiosk in store"
        } else {
            &titles[card]
        };
        // Each card leans its own way, so scores differ across cards.
        let point = (rng.random_range(0..5) + card % 3).min(4);
        let answer = match rng.random_range(0..100) {
            0..=2 => "Don't know",
            3 => "",
            _ => LABELS[point],
        };
        let comment = if rng.random_ratio(3, 10) {
            COMMENTS[rng.random_range(0..COMMENTS.len())]
        } else {
            ""
        };
        writeln!(
            out,
            "R_{i:07},2026-{:02}-{:02} {:02}:{:02},{touchpoint},{answer},{comment}",
            rng.random_range(1..=12),
            rng.random_range(1..=28),
            rng.random_range(0..24),
            rng.random_range(0..60),
        )
        .unwrap();
    }
    out.flush().unwrap();
}

/// The rows of the export with a 0–10 likelihood whose ends are labelled.
fn write_recommend(path: &Path, titles: &[String], rng: &mut StdRng) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "id,date,touchpoint,recommend,comment").unwrap();
    for i in 0..ROWS {
        let card = rng.random_range(0..titles.len());
        let score = (rng.random_range(0..=10) + card % 4).min(10);
        let answer = match (rng.random_range(0..100), score) {
            (0..=1, _) => "Not sure".to_owned(),
            (_, 0) => "0 - Not at all likely".to_owned(),
            (_, 10) => "10 - Extremely likely".to_owned(),
            (_, n) => n.to_string(),
        };
        let comment = if rng.random_ratio(1, 5) {
            "would tell a friend"
        } else {
            ""
        };
        writeln!(
            out,
            "{i},{:02}/{:02}/2026,{},{answer},{comment}",
            rng.random_range(1..=12),
            rng.random_range(1..=28),
            titles[card]
        )
        .unwrap();
    }
    out.flush().unwrap();
}

/// Imports `survey` into the project at `path` in this process; returns how long the import took.
fn import_here(path: &Path, survey: &Path) -> Duration {
    let mut store = Store::open(path, "import-crash-parent").unwrap();
    let journey: Journey = store.project().journeys()[0].clone();
    let mapping = mapping_for(survey);
    let started = Instant::now();
    import(&mut store, survey, &mapping, &journey, None, &|_| true).unwrap();
    started.elapsed()
}

/// What complete imports give: each export's dataset facts, the scores of each set of exports, and how long each
/// export's imports took.
struct Expected {
    facts: BTreeMap<String, Facts>,
    scores: BTreeMap<BTreeSet<String>, Vec<CardScore>>,
    durations: BTreeMap<String, Vec<Duration>>,
}

/// The median of the durations measured.
fn median(durations: &[Duration]) -> Duration {
    let mut sorted = durations.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn expected(dir: &Path, empty: &Path, surveys: &[PathBuf]) -> Expected {
    let mut facts = BTreeMap::new();
    let mut scores = BTreeMap::new();
    let mut durations: BTreeMap<String, Vec<Duration>> = BTreeMap::new();
    scores.insert(BTreeSet::new(), Vec::new());
    for (i, survey) in surveys.iter().enumerate() {
        let copy = dir.join(format!("expected-{i}.waymark"));
        std::fs::copy(empty, &copy).unwrap();
        durations
            .entry(name(survey))
            .or_default()
            .push(import_here(&copy, survey));
        // Then the other export on top.
        let other = &surveys[1 - i];
        let alone = state_of(&Store::open(&copy, "import-crash-parent").unwrap()).unwrap();
        let on_top = import_here(&copy, other);
        let both = state_of(&Store::open(&copy, "import-crash-parent").unwrap()).unwrap();
        durations.entry(name(other)).or_default().push(on_top);
        for state in [&alone, &both] {
            for (source, (_, f)) in &state.datasets {
                if let Some(earlier) = facts.insert(source.clone(), f.clone()) {
                    assert_eq!(&earlier, f, "{source} imports the same every time");
                }
            }
            if let Some(earlier) = scores.insert(state.sources(), state.scores.clone()) {
                assert_eq!(
                    earlier, state.scores,
                    "the same exports give the same scores"
                );
            }
        }
    }
    Expected {
        facts,
        scores,
        durations,
    }
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn parent() -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let project_dir = dir.path().join("project");
    std::fs::create_dir(&project_dir).unwrap();
    let path = project_dir.join("import.waymark");
    let empty = dir.path().join("empty.waymark");
    let journey: Journey = {
        let store = Store::create(&empty, &sample::grocery(), "import-crash-parent").unwrap();
        store.project().journeys()[0].clone()
    };
    std::fs::copy(&empty, &path).unwrap();
    // Responses name the touchpoint cards by title.
    let titles: Vec<String> = journey
        .cards_in_order()
        .filter(|c| {
            journey
                .lanes()
                .iter()
                .any(|l| l.id == c.cell.lane && l.kind == LaneKind::Touchpoints)
        })
        .map(|c| c.fields.title.clone())
        .collect();
    assert!(titles.len() >= 5, "the sample has touchpoint cards");
    let mut data = StdRng::seed_from_u64(12);
    let surveys = [dir.path().join(SATISFACTION), dir.path().join(RECOMMEND)];
    write_satisfaction(&surveys[0], &titles, &mut data);
    write_recommend(&surveys[1], &titles, &mut data);
    let satisfaction_scale = mapping_for(&surveys[0]).answers.scale;
    assert_eq!(
        satisfaction_scale.as_deref(),
        Some("satisfaction_5"),
        "the first rows say the answers are on the 5-point satisfaction scale"
    );

    let me = std::env::current_exe().unwrap();
    let measuring = Instant::now();
    let mut expected = expected(dir.path(), &empty, &surveys);
    // The same import in a child, as the rounds run it.
    for survey in &surveys {
        let copy = dir.path().join("measure.waymark");
        std::fs::copy(&empty, &copy).unwrap();
        let took = kill_during_import(&me, &copy, survey, None)
            .unwrap()
            .expect("the child's import completes");
        let durations = expected.durations.get_mut(&name(survey)).unwrap();
        durations.push(took);
        eprintln!(
            "import_crash: {} imports in {:.0?} and {:.0?} here, {took:.0?} in a child",
            name(survey),
            durations[0],
            durations[1]
        );
    }
    eprintln!(
        "import_crash: complete imports measured in {:.1?}",
        measuring.elapsed()
    );
    for (source, facts) in &expected.facts {
        let read = facts.rows_read as usize;
        assert!(
            read == ROWS && facts.rows_mapped > 0 && (facts.rows_mapped as usize) < read,
            "{source}: {} rows read, {} mapped",
            facts.rows_read,
            facts.rows_mapped
        );
    }

    // Delays for each export's rounds: one in each of as many equal slices of the spread, in random order.
    let mut rng = rand::rng();
    let mut delays: Vec<Vec<f64>> = (0..surveys.len())
        .map(|s| {
            let rounds = (s..KILLS).step_by(surveys.len()).count();
            let mut slices: Vec<f64> = (0..rounds)
                .map(|i| SPREAD * (i as f64 + rng.random::<f64>()) / rounds as f64)
                .collect();
            slices.shuffle(&mut rng);
            slices
        })
        .collect();

    let (mut passed, mut failed) = (0, 0);
    let (mut before_commit, mut after_commit) = (0, 0);
    // The latest kill (as a share of the import's duration) that found the file as before, the earliest that
    // found the import complete.
    let (mut latest_before, mut earliest_after) = (0.0f64, f64::INFINITY);
    let mut store = Some(Store::open(&path, "import-crash-parent").unwrap());
    for round in 0..KILLS {
        let which = round % surveys.len();
        let survey = &surveys[which];
        let source = name(survey);
        // Make sure a successful import changes the file: remove the export's dataset (the import adds it
        // back), except every third round, where the import replaces it.
        let mut open = store.take().unwrap();
        if round % 3 != 2 {
            let present: Vec<_> = open
                .datasets()
                .unwrap()
                .into_iter()
                .filter(|d| d.source_name == source)
                .collect();
            for d in present {
                assert!(open.remove_dataset(&d.id).unwrap());
            }
        }
        let before = state_of(&open).unwrap();
        drop(open);
        let mut after = before.clone();
        after.datasets.insert(
            source.clone(),
            (String::new(), expected.facts[&source].clone()),
        );
        after.scores = expected.scores[&after.sources()].clone();
        let share = delays[which].pop().unwrap();
        let delay = median(&expected.durations[&source]).mul_f64(share);

        let outcome = kill_during_import(&me, &path, survey, Some(delay));
        let result = outcome.and_then(|imported| {
            let acknowledged = imported.is_some();
            expected.durations.get_mut(&source).unwrap().extend(imported);
            let (opened, now) = verify(&path)?;
            store = Some(opened);
            let replaced_id = before.datasets.get(&source).map(|(id, _)| id.clone());
            let new_id = now.datasets.get(&source).map(|(id, _)| id.clone());
            if now == before {
                if acknowledged {
                    return Err("the import was acknowledged, but the file is as before".into());
                }
                before_commit += 1;
                latest_before = latest_before.max(share);
                Ok(())
            } else if new_id.is_some() && new_id != replaced_id && {
                let mut seen = now.clone();
                seen.datasets.get_mut(&source).unwrap().0 = String::new();
                seen == after
            } {
                after_commit += 1;
                earliest_after = earliest_after.min(share);
                Ok(())
            } else {
                Err(format!(
                    "neither before nor after the import of {source}:\n  before {}\n  now {}\n  complete {}",
                    summary(&before),
                    summary(&now),
                    summary(&after)
                ))
            }
        });
        match result {
            Ok(()) => passed += 1,
            Err(problem) => {
                failed += 1;
                eprintln!("round {round} (killed {delay:.0?} into {source}): {problem}");
            }
        }
        if store.is_none() {
            // A failed round left the file unreadable or unopened; later rounds need it open.
            match Store::open(&path, "import-crash-parent") {
                Ok(s) => store = Some(s),
                Err(e) => {
                    eprintln!("round {round}: the project no longer opens ({e}); stopping");
                    failed += KILLS - round - 1;
                    return (passed, failed);
                }
            }
        }
    }
    eprintln!(
        "import_crash: {KILLS} kills: {before_commit} before the commit (file as before), {after_commit} after it \
         (the complete import); the latest kill that found the file as before came {} into the import, \
         the earliest that found it complete {}",
        percent(latest_before),
        percent(earliest_after)
    );
    if before_commit < AT_LEAST || after_commit < AT_LEAST {
        eprintln!(
            "import_crash: each outcome must occur at least {AT_LEAST} times to show the kills land during imports"
        );
        failed += 1;
    }
    (passed, failed)
}

fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.0}%", share * 100.0)
    } else {
        "—".into()
    }
}

/// The datasets and their size, for a failure's message.
fn summary(state: &State) -> String {
    let datasets: Vec<String> = state
        .datasets
        .iter()
        .map(|(source, (id, f))| {
            format!(
                "{source} ({}…): {} read, {} mapped, {} tallies",
                id.get(..8).unwrap_or(id),
                f.rows_read,
                f.rows_mapped,
                f.tallies.len()
            )
        })
        .collect();
    format!(
        "[{}], {} card scores",
        datasets.join("; "),
        state.scores.len()
    )
}

/// Starts the child importing `survey` into `project` and kills it `delay` after the import began (with no delay,
/// once the import is acknowledged); returns how long the import took if the child acknowledged it.
fn kill_during_import(
    me: &Path,
    project: &Path,
    survey: &Path,
    delay: Option<Duration>,
) -> Result<Option<Duration>, String> {
    let mut child = Process::new(me)
        .arg("--child")
        .arg(project)
        .arg(survey)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Held until the child is killed: the child waits on it after its import.
    let stdin = child.stdin.take();
    let stdout = child.stdout.take().unwrap();
    let (lines, said) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send((Instant::now(), line));
        }
    });
    let wait = Duration::from_secs(120);
    let started = said
        .recv_timeout(wait)
        .ok()
        .filter(|(_, l)| l == "importing");
    let mut imported = None;
    if let Some((began, _)) = started {
        match delay {
            Some(delay) => std::thread::sleep(delay),
            None => imported = said.recv_timeout(wait).ok().map(|(at, _)| at - began),
        }
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let Some((began, _)) = started else {
        return Err(format!("the child never began its import ({status})"));
    };
    if status.signal() != Some(libc::SIGKILL) {
        return Err(format!("the child ended by itself: {status}"));
    }
    Ok(imported.or_else(|| {
        said.try_iter()
            .find(|(_, l)| l == "imported")
            .map(|(at, _)| at - began)
    }))
}

/// Checks the file after a kill: SQLite's integrity check, every dataset whole (its responses, runs, tallies and
/// kept source all there, none of a dataset that is not), and that it opens; returns the open store and its state.
fn verify(path: &Path) -> Result<(Store, State), String> {
    {
        let conn = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if integrity != "ok" {
            return Err(format!("integrity_check: {integrity}"));
        }
        let sql = |e: rusqlite::Error| e.to_string();
        for table in ["response", "response_run", "tally", "dataset_source"] {
            let orphans: i64 = conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM {table} WHERE dataset NOT IN (SELECT number FROM dataset)"
                    ),
                    [],
                    |r| r.get(0),
                )
                .map_err(sql)?;
            if orphans > 0 {
                return Err(format!("{orphans} rows of {table} belong to no dataset"));
            }
        }
        let mut responses: BTreeMap<i64, i64> = BTreeMap::new();
        let mut statement = conn
            .prepare("SELECT dataset, count(*) FROM response GROUP BY dataset")
            .map_err(sql)?;
        for row in statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(sql)?
        {
            let (dataset, n) = row.map_err(sql)?;
            responses.insert(dataset, n);
        }
        let mut statement = conn
            .prepare(
                "SELECT d.number, d.source_name, d.id, d.source_hash, d.rows_mapped, \
                 (SELECT coalesce(sum(n), 0) FROM tally t WHERE t.dataset = d.number AND t.period = ''), \
                 (SELECT count(*) FROM response_run u WHERE u.dataset = d.number), \
                 (SELECT count(*) FROM dataset_source s WHERE s.dataset = d.number) FROM dataset d",
            )
            .map_err(sql)?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })
            .map_err(sql)?;
        for row in rows {
            let (number, source, id, hash, mapped, tallied, runs, pieces) = row.map_err(sql)?;
            let stored = responses.get(&number).copied().unwrap_or(0);
            if stored != mapped || tallied != mapped || runs == 0 || pieces == 0 || hash == id {
                return Err(format!(
                    "dataset {source} is not whole: {mapped} mapped, {stored} responses stored, {tallied} tallied, \
                     {runs} runs, {pieces} pieces of its source, hash {hash}"
                ));
            }
        }
    }
    let store = Store::open(path, "import-crash-parent").map_err(|e| e.to_string())?;
    let state = state_of(&store)?;
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| *n != *path.file_name().unwrap())
        .collect();
    if !leftovers.is_empty() {
        return Err(format!(
            "files left beside the project once it was recovered: {leftovers:?}"
        ));
    }
    Ok((store, state))
}
