//! Copies of one project become one again: `diff` and `merge` of two files, and what git needs — `merge-driver`
//! (`merge.waymark.driver`), `textconv` (`diff.waymark.textconv`) and `git-setup`, which registers both in a
//! repository; `conflicts` and `settle` for what a merge left open. Each makes one `waymark-api` call (`waymark_api::sharing`) and prints what it gives; the diff's text
//! names stages, lanes, cards and personas from the two documents instead of by id.

use crate::{Failure, file_name, print};
use clap::Subcommand;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use waymark_api::sharing::{self, FileDiff, MergeReport, MergeReview};
use waymark_core::ProjectData;
use waymark_core::diff::{ChangeKind, FieldChange, ItemChange, Place};
use waymark_core::items::{ItemKey, ItemKind};
use waymark_core::merge::{Conflict, ConflictReason};
use waymark_core::resolve::Choice;
use waymark_store::Store;

/// Values and titles longer than this are cut (with "…") in text output.
const LONGEST_VALUE: usize = 48;

/// The line `git-setup` adds to `.gitattributes`.
const ATTRIBUTES: &str = "*.waymark merge=waymark diff=waymark";

#[derive(Subcommand)]
pub enum SharingAction {
    /// What changed from file A to file B, item by item, and whether they are copies of one project (--json: the
    /// stable shape documented on `waymark_api::sharing::FileDiff`).
    Diff {
        a: PathBuf,
        b: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Merge two copies of one project into a new file, from the history both hold; exit 1 when conflicts are
    /// left (the new file holds ours for each).
    Merge {
        ours: PathBuf,
        theirs: PathBuf,
        /// The merged project: a new file (never one of the two).
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// git's merge driver (`waymark git-setup` registers it): BASE OURS THEIRS PATH as git's %O %A %B %P; the
    /// result is written over OURS; exit 1 when conflicts are left.
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// The file's path in the repository (for the summary).
        path: String,
    },
    /// The merge conflicts still open in a project, numbered, each with base / ours / theirs and the choices it
    /// offers (--json: `waymark_api::sharing::MergeReview`).
    Conflicts {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Settle an open merge conflict: `mine`, `theirs`, `both` (an item both sides added: keep both) or `edit`
    /// with `--value` (the field's new value, as text). One history step, undone by `waymark undo`.
    Settle {
        file: PathBuf,
        /// The conflict's number, as `waymark conflicts` lists it.
        number: i64,
        #[arg(value_parser = ["mine", "theirs", "both", "edit"])]
        choice: String,
        /// With `edit`: the value to give the field.
        #[arg(long, required_if_eq("choice", "edit"))]
        value: Option<String>,
    },
    /// Print a project as text for `git diff` (`diff.waymark.textconv`): one line per item.
    Textconv { file: PathBuf },
    /// Register the merge driver and the text for diffs in this git repository: `*.waymark` in .gitattributes,
    /// and the commands in the repository's config (once per clone).
    GitSetup,
}

/// Runs one sharing subcommand.
pub fn run(action: SharingAction, author: &str, out: &mut String) -> Result<u8, Failure> {
    match action {
        SharingAction::Diff { a, b, json } => diff(&a, &b, json, author, out),
        SharingAction::Merge {
            ours,
            theirs,
            output,
            json,
        } => {
            let report = sharing::merge_files(&ours, &theirs, &output, author)?;
            if json {
                print::json(out, &report);
            } else {
                merge_text(out, &ours, &theirs, &report);
            }
            Ok(u8::from(!report.conflicts.is_empty()))
        }
        SharingAction::MergeDriver {
            base,
            ours,
            theirs,
            path,
        } => {
            let report = sharing::merge_with_base(&base, &ours, &theirs, author)?;
            eprintln!("waymark: {}", driver_summary(&path, &report));
            Ok(u8::from(!report.conflicts.is_empty()))
        }
        SharingAction::Conflicts { file, json } => {
            let review = sharing::merge_review(&Store::open(&file, author)?)?;
            if json {
                print::json(out, &review);
            } else {
                conflicts_text(out, &file, &review);
            }
            Ok(0)
        }
        SharingAction::Settle {
            file,
            number,
            choice,
            value,
        } => {
            let choice = match (choice.as_str(), value) {
                ("mine", _) => Choice::Mine,
                ("theirs", _) => Choice::Theirs,
                ("both", _) => Choice::Both,
                (_, value) => Choice::Edit(Value::from(value.unwrap_or_default())),
            };
            let mut store = Store::open(&file, author)?;
            sharing::settle_conflicts(&mut store, &[(number, choice)])?;
            let left = store.conflicts()?.len();
            let _ = writeln!(
                out,
                "Settled conflict #{number} of {}; {left} still open.",
                file_name(&file)
            );
            Ok(0)
        }
        SharingAction::Textconv { file } => {
            out.push_str(&sharing::text_of(&file, author)?);
            Ok(0)
        }
        SharingAction::GitSetup => git_setup(out),
    }
}

fn diff(a: &Path, b: &Path, json: bool, author: &str, out: &mut String) -> Result<u8, Failure> {
    let found = sharing::diff_files(a, b, author)?;
    if json {
        print::json(out, &found);
        return Ok(0);
    }
    // Names for the ids the changes hold: B's as they are now, else A's for what B no longer has.
    let data = |path: &Path| -> Result<ProjectData, Failure> {
        Ok(Store::open(path, author)?.project().to_data())
    };
    let names = Names::of(&[&data(b)?, &data(a)?]);
    diff_text(out, a, b, &found, &names);
    Ok(0)
}

/// Names of stages, lanes, cards, personas and journeys by id, from one or more documents (the first wins).
struct Names {
    by_id: HashMap<String, String>,
    /// Whether places need their journey named (the documents hold more than one).
    many_journeys: bool,
}

impl Names {
    fn of(docs: &[&ProjectData]) -> Names {
        let mut by_id = HashMap::new();
        let mut journeys = std::collections::HashSet::new();
        for doc in docs.iter().rev() {
            for p in &doc.personas {
                by_id.insert(p.id.to_string(), p.name.clone());
            }
            for j in &doc.journeys {
                journeys.insert(j.id);
                by_id.insert(j.id.to_string(), j.name.clone());
                for s in &j.stages {
                    by_id.insert(s.id.to_string(), s.name.clone());
                }
                for l in &j.lanes {
                    by_id.insert(l.id.to_string(), l.name.clone());
                }
                for c in &j.cards {
                    by_id.insert(c.id.to_string(), c.fields.title.clone());
                }
            }
        }
        Names {
            by_id,
            many_journeys: journeys.len() > 1,
        }
    }

    /// The name of `id`, else the id itself.
    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.by_id.get(id).map_or(id, String::as_str)
    }

    /// A list as people read it: `Check out / Web` for a cell, `the stages of "Groceries"`…
    fn list(&self, container: &str) -> String {
        let mut parts = container.split(':');
        let (kind, journey) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let journey_name = shorten(self.name(journey), LONGEST_VALUE);
        match kind {
            "cell" => {
                let (stage, lane) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                self.cell(journey, stage, lane)
            }
            "stages" => format!("the stages of \"{journey_name}\""),
            "lanes" => format!("the lanes of \"{journey_name}\""),
            "personas" => "the personas".into(),
            "journeys" => "the journeys".into(),
            _ => container.to_owned(),
        }
    }

    /// `Stage / Lane`, after the journey's name when there are several.
    fn cell(&self, journey: &str, stage: &str, lane: &str) -> String {
        let cell = format!(
            "{} / {}",
            shorten(self.name(stage), LONGEST_VALUE),
            shorten(self.name(lane), LONGEST_VALUE)
        );
        if self.many_journeys {
            format!("{}: {cell}", shorten(self.name(journey), LONGEST_VALUE))
        } else {
            cell
        }
    }

    /// A place: its list and the item it follows there.
    fn place(&self, place: &Place) -> String {
        let after = match &place.after {
            Some(label) => format!("after \"{}\"", shorten(label, LONGEST_VALUE)),
            None => "first".into(),
        };
        format!("{} {after}", self.list(&place.list))
    }

    /// An item as people read it: `card "Pay by card" (ID)`; an emotion as its persona at its stage.
    fn item(&self, key: &ItemKey, label: &str) -> String {
        if key.kind == ItemKind::Emotion {
            let (persona, stage) = key.id.split_once('/').unwrap_or((&key.id, ""));
            return format!(
                "emotion of \"{}\" at \"{}\"",
                shorten(self.name(persona), LONGEST_VALUE),
                shorten(self.name(stage), LONGEST_VALUE)
            );
        }
        format!(
            "{} \"{}\" ({})",
            key.kind.as_str(),
            shorten(label, LONGEST_VALUE),
            key.id
        )
    }

    /// A field's value: text quoted, an id by its name, nothing as "none", a list or object as compact JSON; cut
    /// when long.
    fn value(&self, value: Option<&Value>) -> String {
        match value {
            None | Some(Value::Null) => "none".into(),
            Some(Value::String(s)) => format!(
                "\"{}\"",
                shorten(self.by_id.get(s).unwrap_or(s), LONGEST_VALUE)
            ),
            Some(other) => shorten(&other.to_string(), LONGEST_VALUE),
        }
    }

    /// Where an item an added or removed change holds sits, as ` in Check out / Web`; empty when it has no place
    /// worth naming.
    fn where_in(&self, key: &ItemKey, fields: &waymark_core::items::Fields) -> String {
        let journey = key.journey.as_deref().unwrap_or("");
        let field = |name: &str| fields.get(name).and_then(Value::as_str).unwrap_or("");
        match key.kind {
            ItemKind::Card => format!(" in {}", self.cell(journey, field("stage"), field("lane"))),
            ItemKind::Stage | ItemKind::Lane if self.many_journeys => {
                format!(" in \"{}\"", shorten(self.name(journey), LONGEST_VALUE))
            }
            ItemKind::Flow => format!(" ({})", field("kind")),
            ItemKind::Emotion => format!(": {}", self.value(fields.get("value"))),
            _ => String::new(),
        }
    }
}

/// `text` on one line, cut to `longest` characters with "…".
fn shorten(text: &str, longest: usize) -> String {
    let line = text.replace("\r\n", "⏎").replace(['\n', '\r'], "⏎");
    if line.chars().count() <= longest {
        line
    } else {
        let mut cut: String = line.chars().take(longest - 1).collect();
        cut.push('…');
        cut
    }
}

/// `A and B are copies of one project`, then one line per change, then datasets and versions.
fn diff_text(out: &mut String, a: &Path, b: &Path, found: &FileDiff, names: &Names) {
    let _ = writeln!(
        out,
        "{} and {} are {}.",
        a.display(),
        b.display(),
        if found.same_project {
            "copies of one project"
        } else {
            "different projects"
        }
    );
    for change in &found.changes {
        let _ = writeln!(out, "{}", change_line(change, names));
    }
    for (what, list) in [("dataset", &found.datasets), ("version", &found.versions)] {
        for name in &list.added {
            let _ = writeln!(out, "+ {what} \"{}\" added", shorten(name, LONGEST_VALUE));
        }
        for name in &list.removed {
            let _ = writeln!(out, "- {what} \"{}\" removed", shorten(name, LONGEST_VALUE));
        }
    }
    let nothing = found.changes.is_empty()
        && [&found.datasets, &found.versions]
            .iter()
            .all(|n| n.added.is_empty() && n.removed.is_empty());
    if nothing {
        let _ = writeln!(out, "No differences.");
    }
}

/// One change on one line: `+ card "X" (ID) added in Shop / Web`, `- …removed from…`,
/// `card "X" (ID): title "A" → "B"`, `card "X" (ID) moved from Shop / Web after "Y" to Check out / Web first`.
fn change_line(change: &ItemChange, names: &Names) -> String {
    let what = names.item(&change.item, &change.label);
    match &change.change {
        ChangeKind::Added { fields } => {
            format!("+ {what} added{}", names.where_in(&change.item, fields))
        }
        ChangeKind::Removed { fields } => {
            let place = names.where_in(&change.item, fields);
            let place = place
                .strip_prefix(" in ")
                .map_or(place.clone(), |cell| format!(" from {cell}"));
            format!("- {what} removed{place}")
        }
        ChangeKind::Changed { fields, moved } => {
            // A card moved to another cell changes its stage or lane: the move says so.
            let shown: Vec<&FieldChange> = fields
                .iter()
                .filter(|f| {
                    !(moved.is_some()
                        && change.item.kind == ItemKind::Card
                        && (f.field == "stage" || f.field == "lane"))
                })
                .collect();
            let fields = shown
                .iter()
                .map(|f| {
                    format!(
                        "{} {} → {}",
                        f.field,
                        names.value(f.old.as_ref()),
                        names.value(f.new.as_ref())
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            let moved = moved.as_ref().map(|m| {
                format!(
                    "moved from {} to {}",
                    names.place(&m.from),
                    names.place(&m.to)
                )
            });
            match (fields.is_empty(), moved) {
                (true, Some(moved)) => format!("{what} {moved}"),
                (false, Some(moved)) => format!("{what}: {fields}; {moved}"),
                (_, None) => format!("{what}: {fields}"),
            }
        }
    }
}

/// What the merge took and left: the shared entry, each side's entries and changes, then each conflict.
fn merge_text(out: &mut String, ours: &Path, theirs: &Path, report: &MergeReport) {
    let (o, t, result) = (file_name(ours), file_name(theirs), report.out.display());
    let _ = writeln!(out, "Merged {t} into a copy of {o}: {result}.");
    let shared = match report.shared_entry {
        Some(0) | None => {
            "The copies share no history entries, only the project as created.".to_owned()
        }
        Some(seq) => format!("The copies share their history up to entry #{seq}."),
    };
    let entries = |n: usize| format!("{n} history entr{}", if n == 1 { "y" } else { "ies" });
    let items = |n: usize| format!("{n} item{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "{shared} Since then {o} made {} ({} changed), {t} made {} ({} changed).",
        entries(report.ours_entries),
        items(report.ours_changes),
        entries(report.theirs_entries),
        items(report.theirs_changes),
    );
    let except = match report.conflicts.len() {
        0 => String::new(),
        1 => ", except the conflict below".into(),
        n => format!(", except the {n} conflicts below"),
    };
    let _ = writeln!(
        out,
        "Taken: every change of both sides{except}; {t}'s {} kept in {result}'s history with the merge.",
        if report.theirs_entries == 1 {
            "entry is".to_owned()
        } else {
            format!("{} are", entries(report.theirs_entries))
        },
    );
    if report.conflicts.is_empty() {
        let _ = writeln!(out, "No conflicts.");
        return;
    }
    let count = report.conflicts.len();
    let _ = writeln!(
        out,
        "{count} conflict{}: {result} holds ours for {} until resolved.",
        if count == 1 { "" } else { "s" },
        if count == 1 { "it" } else { "each" }
    );
    for conflict in &report.conflicts {
        let _ = writeln!(out, "  {}", conflict_line(conflict));
    }
}

/// Each open conflict on a line after its number and choices, under the merge that left it.
fn conflicts_text(out: &mut String, file: &Path, review: &MergeReview) {
    if review.conflicts.is_empty() {
        let _ = writeln!(out, "{} has no open merge conflicts.", file_name(file));
        return;
    }
    for merge in &review.merges {
        let from = merge.theirs_name.as_deref().unwrap_or("another copy");
        let _ = writeln!(
            out,
            "Merge #{} of {from}: {} item(s) changed here, {} there.",
            merge.merge_seq,
            merge.ours_changes.len(),
            merge.theirs_changes.len()
        );
        for open in review
            .conflicts
            .iter()
            .filter(|c| c.merge_seq == merge.merge_seq)
        {
            let _ = writeln!(
                out,
                "  #{} {} [{}]",
                open.number,
                conflict_line(&open.conflict),
                open.choices.join("|")
            );
        }
    }
}

/// `card "X" (ID) title, changed on both sides: base "A" / ours "B" / theirs "C"`.
fn conflict_line(c: &Conflict) -> String {
    let names = Names {
        by_id: HashMap::new(),
        many_journeys: false,
    };
    let why = match c.reason {
        ConflictReason::BothChanged => "changed on both sides",
        ConflictReason::BothAdded => "added on both sides, differently",
        ConflictReason::ChangedAndDeleted => "changed on one side, deleted on the other",
        ConflictReason::AddedIntoDeleted => {
            "added or moved on one side into what the other side deleted"
        }
    };
    let field = if c.field == "(item)" {
        "the whole item".to_owned()
    } else {
        c.field.clone()
    };
    let gone = if c.base.is_some() {
        "deleted"
    } else {
        "not there"
    };
    let value = |v: &Option<Value>, absent: &str| match v {
        None => absent.to_owned(),
        Some(Value::Object(map)) => {
            if let Some(list) = map.get("in").and_then(Value::as_str) {
                let after = map.get("after").and_then(Value::as_str);
                names.place(&Place {
                    list: list.to_owned(),
                    after: after.map(str::to_owned),
                })
            } else if let Some(name) = map.get("title").or_else(|| map.get("name")) {
                names.value(Some(name))
            } else {
                "there".to_owned()
            }
        }
        Some(other) => names.value(Some(other)),
    };
    format!(
        "{} {field}, {why}: base {} / ours {} / theirs {}",
        names.item(&c.item, &c.label),
        value(&c.base, "not there"),
        value(&c.ours, gone),
        value(&c.theirs, gone)
    )
}

/// git's merge driver's one line: the file, what each side changed, the conflicts.
fn driver_summary(path: &str, report: &MergeReport) -> String {
    let sides = format!(
        "{} item(s) changed on this branch, {} on the other",
        report.ours_changes, report.theirs_changes
    );
    match report.conflicts.as_slice() {
        [] => format!("merged {path} cleanly ({sides})"),
        conflicts => {
            let what: Vec<String> = conflicts
                .iter()
                .take(3)
                .map(|c| {
                    format!(
                        "{} \"{}\" {}",
                        c.item.kind.as_str(),
                        shorten(&c.label, 30),
                        c.field
                    )
                })
                .collect();
            let more = if conflicts.len() > 3 { ", …" } else { "" };
            format!(
                "{path}: {} conflict(s) ({}{more}); the file holds this branch's side of each until resolved ({sides})",
                conflicts.len(),
                what.join(", ")
            )
        }
    }
}

/// Runs git with `args` in `dir`; its output, or why it failed, in one sentence.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<String, Failure> {
    let mut command = Command::new("git");
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command
        .output()
        .map_err(|e| Failure::file(format!("git could not be run: {e}")))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(Failure::refused(format!(
            "git {} failed: {}",
            args.join(" "),
            said.trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_owned())
}

/// `path` in double quotes for the shell git runs drivers with.
fn shell_quoted(path: &Path) -> String {
    let mut quoted = String::from("\"");
    for c in path.display().to_string().chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// `waymark git-setup`: the attributes line in the repository's .gitattributes (once), and the driver and
/// textconv commands, naming this executable, in its config.
fn git_setup(out: &mut String) -> Result<u8, Failure> {
    let root = git(None, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        Failure::refused(
            "this is not inside a git work tree: run waymark git-setup in the repository that holds your .waymark files",
        )
    })?;
    let root = PathBuf::from(root);
    let exe = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| Failure::file(format!("the waymark executable could not be found: {e}")))?;
    let attributes = root.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Failure::file(format!(
                "{} could not be read: {e}",
                attributes.display()
            )));
        }
    };
    if existing.lines().any(|l| l.trim() == ATTRIBUTES) {
        let _ = writeln!(out, "{} already has: {ATTRIBUTES}", attributes.display());
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(ATTRIBUTES);
        text.push('\n');
        std::fs::write(&attributes, text).map_err(|e| {
            Failure::file(format!(
                "{} could not be written: {e}",
                attributes.display()
            ))
        })?;
        let _ = writeln!(out, "Added to {}: {ATTRIBUTES}", attributes.display());
    }
    let exe = shell_quoted(&exe);
    let settings = [
        ("merge.waymark.name", "Waymark three-way merge".to_owned()),
        (
            "merge.waymark.driver",
            format!("{exe} merge-driver %O %A %B %P"),
        ),
        ("diff.waymark.textconv", format!("{exe} textconv")),
    ];
    let config = git(Some(&root), &["rev-parse", "--git-common-dir"])?;
    let config = root.join(config).join("config");
    let _ = writeln!(out, "Set in {}:", config.display());
    for (key, value) in &settings {
        git(Some(&root), &["config", "--local", key, value])?;
        let _ = writeln!(out, "  {key} = {value}");
    }
    let _ = writeln!(
        out,
        "Commit .gitattributes so other clones merge .waymark files too; each clone runs waymark git-setup once."
    );
    Ok(0)
}
