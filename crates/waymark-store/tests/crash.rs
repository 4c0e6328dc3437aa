//! Crash test: a child process applies edits as fast as it can and prints the title of each one `apply`
//! acknowledged; the parent kills it with SIGKILL at a random moment. Every time, the file must pass SQLite's
//! `integrity_check`, open cleanly, and hold every acknowledged edit. Runs 60 kills on one file, so later rounds
//! also recover from the hot journals earlier kills left behind.
//!
//! A custom harness (`harness = false`): the same binary is the parent, and the child when given `--child FILE`.

use rand::Rng;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::Duration;
use waymark_core::*;
use waymark_store::Store;

const KILLS: usize = 60;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[at + 1]), &args[at + 2]);
        return;
    }
    // `cargo test` passes filters and flags; a filter that does not match "crash" skips this test, as libtest would.
    if args
        .iter()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"crash".contains(a.as_str()))
    {
        println!("crash: 0 passed, 0 failed, 1 skipped");
        return;
    }
    let (passed, failed) = parent();
    println!("crash: {passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}

fn child(path: &Path, round: &str) {
    let mut store = Store::open(path, "crash-child").expect("the child opens the file");
    let journey = store.project().journeys()[0].id();
    let stage = store.project().journeys()[0].stages()[0].id;
    let lane = store.project().journeys()[0].lanes()[0].id;
    let mut stdout = std::io::stdout().lock();
    for i in 0.. {
        let title = format!("round {round} edit {i}");
        let card = CardId::new();
        let command = Command::Batch {
            label: "crash".into(),
            commands: vec![
                Command::AddCard {
                    journey,
                    card,
                    stage,
                    lane,
                    index: Some(0),
                    fields: CardFields::titled(title.clone(), CardKind::Action),
                },
                Command::RenameStage {
                    journey,
                    stage,
                    name: title.clone(),
                },
            ],
        };
        store.apply(&command).expect("the child's edit applies");
        // Only after apply returned is the edit acknowledged.
        writeln!(stdout, "{title}").unwrap();
        stdout.flush().unwrap();
        if i % 7 == 3 {
            // Said before and after: killed in between, the undo may or may not have been committed.
            writeln!(stdout, "undoing {title}").unwrap();
            stdout.flush().unwrap();
            store.undo().expect("undo");
            writeln!(stdout, "undone {title}").unwrap();
            stdout.flush().unwrap();
        }
    }
}

fn parent() -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.waymark");
    drop(Store::create(&path, &sample::grocery(), "crash-parent").unwrap());
    let me = std::env::current_exe().unwrap();
    let mut rng = rand::rng();
    let (mut passed, mut failed) = (0, 0);
    let mut acknowledged: Vec<String> = Vec::new();
    let mut undoing: Vec<String> = Vec::new();
    let mut undone: Vec<String> = Vec::new();
    for round in 0..KILLS {
        let mut child = Process::new(&me)
            .args(["--child", path.to_str().unwrap(), &round.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(20..250)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        for line in reader.join().unwrap() {
            if let Some(title) = line.strip_prefix("undoing ") {
                undoing.push(title.to_owned());
            } else if let Some(title) = line.strip_prefix("undone ") {
                undone.push(title.to_owned());
            } else {
                acknowledged.push(line);
            }
        }
        match verify(&path, &acknowledged, &undoing, &undone) {
            Ok(()) => passed += 1,
            Err(problem) => {
                failed += 1;
                eprintln!("round {round}: {problem}");
            }
        }
    }
    eprintln!(
        "crash: {} edits acknowledged over {KILLS} kills",
        acknowledged.len()
    );
    if acknowledged.len() < KILLS {
        eprintln!("crash: the child acknowledged too few edits to test anything");
        failed += 1;
    }
    (passed, failed)
}

fn verify(
    path: &Path,
    acknowledged: &[String],
    undoing: &[String],
    undone: &[String],
) -> Result<(), String> {
    {
        let conn = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if integrity != "ok" {
            return Err(format!("integrity_check: {integrity}"));
        }
    }
    let store = Store::open(path, "crash-parent").map_err(|e| e.to_string())?;
    let journey = &store.project().journeys()[0];
    let titles: std::collections::HashSet<&str> = journey
        .cards_in_order()
        .map(|c| c.fields.title.as_str())
        .collect();
    for title in acknowledged {
        let present = titles.contains(title.as_str());
        if undone.contains(title) {
            if present {
                return Err(format!(
                    "'{title}' was undone, and the undo acknowledged, but is still there"
                ));
            }
        } else if !present && !undoing.contains(title) {
            return Err(format!("'{title}' was acknowledged but is missing"));
        }
    }
    // Each edit added a card at the top of the first cell and named the first stage after it, in one
    // transaction: whatever survived, the two still agree.
    let stage = &journey.stages()[0];
    let cell = Cell {
        stage: stage.id,
        lane: journey.lanes()[0].id,
    };
    let top = journey
        .cell_cards(cell)
        .first()
        .and_then(|&c| journey.card(c));
    if let Some(top) =
        top.filter(|t| t.fields.title.starts_with("round ") && t.fields.title != stage.name)
    {
        return Err(format!(
            "half a transaction: top card '{}', stage '{}'",
            top.fields.title, stage.name
        ));
    }
    drop(store);
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "crash.waymark")
        .collect();
    if !leftovers.is_empty() {
        return Err(format!(
            "files left beside the project after a clean close: {leftovers:?}"
        ));
    }
    Ok(())
}
