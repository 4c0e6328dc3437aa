//! Copies of one project become one again: what changed between two files ([`diff_files`]), a three-way merge of
//! two copies into a new file ([`merge_files`], the common ancestor rebuilt from the history both share) or, for
//! git's merge driver, over ours with the base git gives ([`merge_with_base`]); and the text git shows for a file
//! ([`text_of`]). Inputs are untrusted files like any other; a merge is written beside its destination and renamed
//! into place, so an interrupted merge leaves nothing at the destination.

use crate::ApiError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use waymark_core::Project;
use waymark_core::diff::{ItemChange, diff};
use waymark_core::items::{ItemKind, Items};
use waymark_core::merge::{Conflict, merge};
use waymark_core::resolve::{Choice, choices_for, resolve};
use waymark_store::{MergeRecord, Store, StoreError, Version};

/// What changed from file A to file B: the shape of `waymark diff --json`.
///
/// ```text
/// {"same_project": true,
///  "changes": [{"item": {"kind": "card", "journey": "0190…", "id": "0190…"}, "label": "Pay by card",
///               "change": {"kind": "changed",
///                          "fields": [{"field": "title", "old": "Card payment", "new": "Pay by card"}],
///                          "moved": {"from": {"list": "cell:…", "after": "Delivery slot picker"},
///                                    "to": {"list": "cell:…", "after": null}}}},
///              {"item": {…}, "label": "…", "change": {"kind": "added", "fields": {…}}},
///              {"item": {…}, "label": "…", "change": {"kind": "removed", "fields": {…}}}],
///  "datasets": {"added": ["survey.csv"], "removed": []},
///  "versions": {"added": ["v2"], "removed": []}}
/// ```
///
/// Kinds: persona, journey, stage, lane, card, flow, emotion (id `PERSONA/STAGE`). Changes run in kind, journey,
/// id order; a card's stage and lane are fields, its order in its cell is `moved`.
#[derive(Clone, Debug, Serialize)]
pub struct FileDiff {
    /// Whether the two files are copies of one project (the same project id).
    pub same_project: bool,
    pub changes: Vec<ItemChange>,
    pub datasets: Names,
    pub versions: Names,
}

/// Names present in B and not in A (added), and the other way round (removed).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Names {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

fn names_changed(a: Vec<String>, b: Vec<String>) -> Names {
    Names {
        added: b.iter().filter(|n| !a.contains(n)).cloned().collect(),
        removed: a.iter().filter(|n| !b.contains(n)).cloned().collect(),
    }
}

fn dataset_names(store: &Store) -> Result<Vec<String>, ApiError> {
    Ok(store
        .datasets()?
        .into_iter()
        .map(|d| d.source_name)
        .collect())
}

fn version_labels(store: &Store) -> Result<Vec<String>, ApiError> {
    Ok(store.versions()?.into_iter().map(|v| v.label).collect())
}

/// What changed from `a` to `b`, by id; any two Waymark files (`same_project` says whether they are copies of one).
pub fn diff_files(a: &Path, b: &Path, author: &str) -> Result<FileDiff, ApiError> {
    let (a, b) = (Store::open(a, author)?, Store::open(b, author)?);
    Ok(FileDiff {
        same_project: a.project_id()? == b.project_id()?,
        changes: diff(&a.project().to_data(), &b.project().to_data()),
        datasets: names_changed(dataset_names(&a)?, dataset_names(&b)?),
        versions: names_changed(version_labels(&a)?, version_labels(&b)?),
    })
}

/// What a merge did: the shape of `waymark merge --json`.
#[derive(Clone, Debug, Serialize)]
pub struct MergeReport {
    pub out: PathBuf,
    /// The newest history entry both files hold (0: the project as created); `None` with a base given.
    pub shared_entry: Option<i64>,
    /// History entries each side made since.
    pub ours_entries: usize,
    pub theirs_entries: usize,
    /// Items each side changed (added, removed, changed or moved) since the base.
    pub ours_changes: usize,
    pub theirs_changes: usize,
    /// Disagreements left to resolve; until then the file holds ours for each.
    pub conflicts: Vec<Conflict>,
}

/// Where a merge's common ancestor comes from.
pub enum Base<'a> {
    /// The history both files share.
    SharedHistory,
    /// A file holding it (git gives the merge base).
    File(&'a Path),
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn name(path: &Path) -> String {
    crate::file_name(path)
}

/// Merges `theirs` into `ours`, writing the result to `out` (a new file, never an input). The common ancestor is
/// rebuilt from the history both share. Conflicts are reported and recorded in `out`, which holds ours for each.
pub fn merge_files(
    ours: &Path,
    theirs: &Path,
    out: &Path,
    author: &str,
) -> Result<MergeReport, ApiError> {
    let refuse = |reason: String| Err(ApiError::Refused(reason));
    if same_file(ours, theirs) {
        return refuse(format!(
            "{} and {} are the same file: there is nothing to merge",
            ours.display(),
            theirs.display()
        ));
    }
    for input in [ours, theirs] {
        if same_file(out, input) || out == input {
            return refuse(format!(
                "{} is an input of the merge: write the result to a new file (-o)",
                out.display()
            ));
        }
    }
    if out.exists() {
        return refuse(format!(
            "{} already exists: merge into a new file, so no work is written over",
            out.display()
        ));
    }
    merge_into(ours, theirs, Base::SharedHistory, out, author)
}

/// git's merge driver: merges `theirs` into `ours` from the `base` git found, and writes the result over `ours`
/// (git's contract), whole or not at all.
pub fn merge_with_base(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    author: &str,
) -> Result<MergeReport, ApiError> {
    merge_into(ours, theirs, Base::File(base), ours, author)
}

fn merge_into(
    ours_path: &Path,
    theirs_path: &Path,
    base: Base,
    out: &Path,
    author: &str,
) -> Result<MergeReport, ApiError> {
    let ours = Store::open(ours_path, author)?;
    let theirs = Store::open(theirs_path, author)?;
    let not_copies = |other: &Path| {
        ApiError::Refused(format!(
            "{} and {} are not copies of one project, so they have no history in common to merge from; to add \
             the other's journeys, export them (waymark export {} -o journeys.json) and import them \
             (waymark import-map {} journeys.json)",
            ours_path.display(),
            other.display(),
            other.display(),
            ours_path.display(),
        ))
    };
    let project = ours.project_id()?;
    if project != theirs.project_id()? {
        return Err(not_copies(theirs_path));
    }
    let shared = ours.shared_point(&theirs)?;
    // What theirs held when the two were last one: the history both share, or what an earlier merge took in.
    let (base_data, since, shared_entry) = match base {
        Base::File(path) => {
            let base = Store::open(path, author)?;
            if base.project_id()? != project {
                return Err(not_copies(path));
            }
            (base.project().to_data(), shared, None)
        }
        Base::SharedHistory => match (ours.merged_up_to(&theirs)?, theirs.merged_up_to(&ours)?) {
            (Some(seq), _) => (theirs.document_at(seq)?.to_data(), seq, Some(seq)),
            (None, Some(seq)) => (ours.document_at(seq)?.to_data(), shared, Some(seq)),
            (None, None) => (ours.document_at(shared)?.to_data(), shared, Some(shared)),
        },
    };
    let (ours_data, theirs_data) = (ours.project().to_data(), theirs.project().to_data());
    let merged = merge(&base_data, &ours_data, &theirs_data).map_err(|e| {
        ApiError::Refused(format!("{} could not be merged: {e}", ours_path.display()))
    })?;
    Project::from_data(&merged.data).map_err(|e| {
        ApiError::Refused(format!(
            "{} and {} could not be merged into a valid project ({e})",
            ours_path.display(),
            theirs_path.display()
        ))
    })?;
    let theirs_entries = theirs.entries_since(since)?;
    let report = MergeReport {
        out: out.to_owned(),
        shared_entry,
        ours_entries: ours.entries_since(shared)?.len(),
        theirs_entries: theirs_entries.len(),
        ours_changes: merged.ours_changes,
        theirs_changes: merged.theirs_changes,
        conflicts: merged.conflicts.clone(),
    };
    // Their versions this file does not hold (the same label saved at the same moment is the same version).
    let ours_versions = ours.versions()?;
    let theirs_versions: Vec<Version> = theirs
        .versions()?
        .into_iter()
        .filter(|v| {
            !ours_versions
                .iter()
                .any(|o| o.label == v.label && o.at_ms == v.at_ms)
        })
        .collect();
    let label = format!("merge {}", name(theirs_path));
    let record = MergeRecord {
        label: &label,
        merged: &merged.data,
        base: &base_data,
        theirs: &theirs_data,
        theirs_name: &name(theirs_path),
        theirs_entries: &theirs_entries,
        theirs_versions: &theirs_versions,
        conflicts: &merged.conflicts,
    };
    let temporary = write_merged(&ours, theirs_path, out, &record)?;
    // The inputs are closed before the result takes its place (over ours, for git).
    drop((ours, theirs));
    std::fs::rename(&temporary, out).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        ApiError::File(format!("{} could not be written: {e}", out.display()))
    })?;
    Ok(report)
}

/// Writes `ours` with the merge recorded — and the feedback datasets only `theirs` holds — to a temporary file
/// beside `out`, and returns its path (nothing is left behind on failure).
fn write_merged(
    ours: &Store,
    theirs: &Path,
    out: &Path,
    record: &MergeRecord<'_>,
) -> Result<PathBuf, ApiError> {
    let temporary = out.with_file_name(format!(".{}.{}.merging", name(out), std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let written = (|| -> Result<(), StoreError> {
        let mut copy = ours.save_as(&temporary)?;
        copy.record_merge(record)?;
        copy.add_datasets_from(theirs)?;
        Ok(())
    })();
    match written {
        Ok(()) => Ok(temporary),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(e.into())
        }
    }
}

/// Merges the project file `theirs` (another copy, never the window's own file) into the file a window holds open,
/// in place: the window's document is the "ours" side (where both changed a field, the window's value is kept and
/// the conflict recorded in the file), the merge is one step of its history (so it undoes), and the result takes
/// the window file's place whole or not at all. Returns the merged file, opened, and what the merge did. Another
/// project, or a file that does not open, is refused with a sentence and nothing is written.
pub fn merge_into_window(
    window: &Store,
    theirs: &Path,
    author: &str,
) -> Result<(Store, MergeReport), ApiError> {
    if theirs == window.path() || same_file(theirs, window.path()) {
        return Err(ApiError::Refused(format!(
            "{} is the file this window has open: pick another copy to merge",
            theirs.display()
        )));
    }
    merge_in(window, theirs, author)
}

/// The file at `window`'s path was replaced by another file while the window held it open (a sync client, git, a
/// colleague): when it is another copy of the same project, what the window holds that the new file lacks is merged
/// into the new file, in place, as [`merge_into_window`] does.
pub fn merge_window_into_replaced(
    window: &Store,
    author: &str,
) -> Result<(Store, MergeReport), ApiError> {
    merge_in(window, window.path(), author)
}

fn merge_in(window: &Store, theirs: &Path, author: &str) -> Result<(Store, MergeReport), ApiError> {
    let path = window.path().to_owned();
    // A window that is not the file's writer must not put a merged file in place of the writer's.
    if let waymark_store::Access::ReadOnly(reason) = window.access() {
        return Err(ApiError::Refused(format!(
            "{} is open read-only because {reason}: nothing can be merged into it here",
            path.display()
        )));
    }
    let other = Store::open(theirs, author)?;
    if other.project_id()? != window.project_id()? {
        return Err(ApiError::Refused(if theirs == path {
            format!(
                "{} was replaced on disk by another project's file; this window keeps your document: use Save As \
                 to keep it",
                path.display()
            )
        } else {
            format!(
                "{} is a file of another project, not a copy of {}: only copies of one project can be merged",
                theirs.display(),
                name(&path)
            )
        }));
    }
    drop(other);
    let held = path.with_file_name(format!(".{}.{}.window", name(&path), std::process::id()));
    let _ = std::fs::remove_file(&held);
    window.save_as(&held)?;
    let merged = merge_into(&held, theirs, Base::SharedHistory, &path, author);
    let _ = std::fs::remove_file(&held);
    let report = merged?;
    Ok((Store::open(&path, author)?, report))
}

/// The file as text for git (`diff.waymark.textconv`): one line per item in reading order, each holding every
/// field, flows naming their cards by id — so a card renamed is a one-line change.
pub fn text_of(path: &Path, author: &str) -> Result<String, ApiError> {
    let store = Store::open(path, author)?;
    let data = store.project().to_data();
    let items = Items::of(&data);
    let mut out = format!("project {}\n", store.project_id()?);
    let line = |key: &waymark_core::items::ItemKey| -> String {
        let item = &items.items[key];
        let fields: Vec<String> = item
            .fields
            .iter()
            .filter(|(name, _)| {
                !(key.kind == ItemKind::Card && (*name == "stage" || *name == "lane"))
            })
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let indent = if key.journey.is_some() { "  " } else { "" };
        format!(
            "{indent}{} {} {}\n",
            key.kind.as_str(),
            key.id,
            fields.join(" ")
        )
    };
    let list = |name: String| items.lists.get(&name).cloned().unwrap_or_default();
    for key in list("personas".into()) {
        out.push_str(&line(&key));
    }
    for journey in &data.journeys {
        let j = journey.id.to_string();
        let jkey = list("journeys".into())
            .into_iter()
            .find(|k| k.id == j)
            .expect("a journey is listed");
        out.push_str(&line(&jkey));
        for key in list(format!("stages:{j}"))
            .iter()
            .chain(&list(format!("lanes:{j}")))
        {
            out.push_str(&line(key));
        }
        for stage in &journey.stages {
            for lane in &journey.lanes {
                let cards = list(format!("cell:{j}:{}:{}", stage.id, lane.id));
                if !cards.is_empty() {
                    out.push_str(&format!("  cell {} {}\n", stage.id, lane.id));
                }
                for key in cards {
                    out.push_str(&line(&key));
                }
            }
        }
        for key in items.items.keys().filter(|k| {
            k.journey.as_deref() == Some(j.as_str())
                && matches!(k.kind, ItemKind::Flow | ItemKind::Emotion)
        }) {
            out.push_str(&line(key));
        }
    }
    Ok(out)
}

/// What a file's open merge conflicts are, for the review: the merges that left them and the newest merge, oldest
/// first — each with what either side changed since their common ancestor — and each conflict with the choices it
/// offers.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeReview {
    pub merges: Vec<MergeSummary>,
    pub conflicts: Vec<OpenConflict>,
}

/// One merge that left open conflicts.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeSummary {
    pub merge_seq: i64,
    /// The file merged in; `None` for a merge recorded before files kept their merges' sides.
    pub theirs_name: Option<String>,
    /// What this file ("mine") and the other changed since the base.
    pub ours_changes: Vec<ItemChange>,
    pub theirs_changes: Vec<ItemChange>,
}

/// An open conflict, numbered as the file numbers it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenConflict {
    pub number: i64,
    pub merge_seq: i64,
    pub conflict: Conflict,
    /// "mine", "theirs", and "both" or "edit" where they apply.
    pub choices: Vec<String>,
}

/// The open conflicts in `store`'s file and the merges that left them (an empty review when there are none).
pub fn merge_review(store: &Store) -> Result<MergeReview, ApiError> {
    let open = store.conflicts()?;
    // The merges that left open conflicts, and the newest merge (whose changes a window shows after merging).
    let mut seqs: Vec<i64> = open.iter().map(|c| c.merge_seq).collect();
    seqs.extend(store.newest_merge()?);
    seqs.sort_unstable();
    seqs.dedup();
    let mut merges = Vec::new();
    for merge_seq in seqs {
        merges.push(match store.merge_sides(merge_seq)? {
            Some(s) => MergeSummary {
                merge_seq,
                theirs_name: Some(s.theirs_name),
                ours_changes: diff(&s.base, &s.ours),
                theirs_changes: diff(&s.base, &s.theirs),
            },
            None => MergeSummary {
                merge_seq,
                theirs_name: None,
                ours_changes: Vec::new(),
                theirs_changes: Vec::new(),
            },
        });
    }
    let conflicts = open
        .into_iter()
        .map(|s| OpenConflict {
            number: s.number,
            merge_seq: s.merge_seq,
            choices: choices_for(&s.conflict)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            conflict: s.conflict,
        })
        .collect();
    Ok(MergeReview { merges, conflicts })
}

/// Settles open conflicts, each by its number with a choice, as one history step (undoing it reopens them).
/// A number that is not an open conflict, a choice the conflict does not offer, or a result the document refuses
/// is one sentence, and nothing changes.
pub fn settle_conflicts(store: &mut Store, choices: &[(i64, Choice)]) -> Result<(), ApiError> {
    let file = name(store.path());
    let open = store.conflicts()?;
    let mut answered = Vec::new();
    for (number, choice) in choices {
        let stored = open.iter().find(|c| c.number == *number).ok_or_else(|| {
            ApiError::Refused(format!("{file} has no open merge conflict #{number}"))
        })?;
        answered.push((stored.conflict.clone(), choice.clone()));
    }
    if answered.is_empty() {
        return Err(ApiError::Refused(format!(
            "no conflict of {file} was answered: choose mine, theirs, both or an edit for at least one"
        )));
    }
    let refused =
        |e: String| ApiError::Refused(format!("the conflicts of {file} could not be settled: {e}"));
    let settled = resolve(&store.project().to_data(), &answered).map_err(refused)?;
    Project::from_data(&settled).map_err(|e| refused(e.to_string()))?;
    let numbers: Vec<i64> = choices.iter().map(|(n, _)| *n).collect();
    store.settle_conflicts(&numbers, &settled)?;
    Ok(())
}
