//! Survey and review exports on the map: the file summarised for the import wizard, previewed and imported
//! through a mapping (given, or a saved preset), datasets removed, and a card's comments and monthly trend.

use crate::ApiError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use waymark_core::{CardId, JourneyId};
use waymark_feedback::import::Progress;
use waymark_feedback::suggest::{FileSummary, ScoreGuess};
use waymark_feedback::table::OpenOptions;
use waymark_feedback::{Mapping, Preview};
use waymark_store::{Comment, Dataset, DatasetId, Store, TrendPoint};

/// The file types the import reads.
pub const FEEDBACK_EXTENSIONS: [&str; 12] = [
    "csv", "tsv", "txt", "xlsx", "xls", "ods", "json", "jsonl", "ndjson", "xml", "atom", "rss",
];

/// Whether `path` looks like a file the import reads (by its extension).
pub fn is_feedback_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| FEEDBACK_EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
}

/// Where an import's mapping comes from.
#[derive(Clone, Debug)]
pub enum MappingSource {
    /// Given now; saved as a preset under `save_as` (trimmed, if not blank) once the import has succeeded.
    Given {
        mapping: Box<Mapping>,
        save_as: Option<String>,
    },
    /// The preset saved under this name.
    Preset(String),
}

/// A feedback import: which file, how its rows become responses, and into which journey.
#[derive(Clone, Debug)]
pub struct FeedbackImport {
    pub file: PathBuf,
    pub mapping: MappingSource,
    /// Default: the first journey.
    pub journey: Option<JourneyId>,
}

/// What an import did.
#[derive(Debug)]
pub struct FeedbackImported {
    pub preview: Preview,
    pub dataset: DatasetId,
    /// The preset the mapping was saved as, if it was.
    pub preset: Option<String>,
}

/// The head of a survey export and a first guess at its mapping, for the import wizard.
pub fn summarise(
    store: &Store,
    journey: Option<JourneyId>,
    file: &Path,
) -> Result<FileSummary, ApiError> {
    let journey = crate::project::shown_journey(store, journey)?;
    waymark_feedback::suggest::summarise(file, &OpenOptions::default(), journey)
        .map_err(|e| ApiError::Refused(format!("{} could not be read: {e}.", file.display())))
}

/// What the first rows of a column (its id or question text) say it measures — metric, answer scale, why — for
/// a score column the user picked; `None` when the file has no such column.
pub fn guess_score(
    file: &Path,
    sheet: Option<String>,
    column: &str,
) -> Result<Option<ScoreGuess>, ApiError> {
    waymark_feedback::suggest::guess_score(file, &OpenOptions { sheet }, column)
        .map_err(|e| ApiError::Refused(format!("{} could not be read: {e}.", file.display())))
}

/// The mapping a source stands for (a preset is read from the project).
pub fn mapping_of(store: &Store, source: &MappingSource) -> Result<Mapping, ApiError> {
    let name = match source {
        MappingSource::Given { mapping, .. } => return Ok(Mapping::clone(mapping)),
        MappingSource::Preset(name) => name,
    };
    let file = store.path().display();
    let saved = store
        .preset(name)?
        .ok_or_else(|| ApiError::Refused(format!("{file}: there is no preset named \"{name}\"")))?;
    serde_json::from_str(&saved)
        .map_err(|e| ApiError::Refused(format!("{file}: the preset \"{name}\" is damaged ({e})")))
}

/// What importing would do — rows read, mapped, unmatched and invalid — without changing anything.
pub fn preview(store: &Store, request: &FeedbackImport) -> Result<Preview, ApiError> {
    let mapping = mapping_of(store, &request.mapping)?;
    let journey = crate::project::shown_journey(store, request.journey)?;
    Ok(waymark_feedback::preview(&request.file, &mapping, journey)?)
}

/// Imports the file, all or nothing, reporting rows read to `progress` (which returns `false` to stop it); then
/// saves a given mapping as a preset when one is named.
pub fn import(
    store: &mut Store,
    request: &FeedbackImport,
    progress: &Progress<'_>,
) -> Result<FeedbackImported, ApiError> {
    let mapping = mapping_of(store, &request.mapping)?;
    let journey = crate::project::shown_journey(store, request.journey)?.clone();
    let (preview, dataset) =
        waymark_feedback::import(store, &request.file, &mapping, &journey, None, progress)?;
    let preset = match &request.mapping {
        MappingSource::Given {
            save_as: Some(name),
            ..
        } if !name.trim().is_empty() => {
            let name = name.trim().to_owned();
            let json = serde_json::to_string(&mapping).expect("mappings serialise");
            store.save_preset(&name, &json)?;
            Some(name)
        }
        _ => None,
    };
    Ok(FeedbackImported {
        preview,
        dataset,
        preset,
    })
}

/// The dataset named by its id or its file name, which must name exactly one.
fn dataset_named(store: &Store, id_or_file: &str) -> Result<Dataset, ApiError> {
    let found: Vec<Dataset> = store
        .datasets()?
        .into_iter()
        .filter(|d| d.id.as_str() == id_or_file || d.source_name == id_or_file)
        .collect();
    <[Dataset; 1]>::try_from(found)
        .map(|[found]| found)
        .map_err(|found| {
            ApiError::Refused(format!(
                "{}: {} datasets match \"{id_or_file}\" (name one by id)",
                store.path().display(),
                found.len()
            ))
        })
}

/// Removes the dataset named by its id or its file name (which must name exactly one) with its responses.
pub fn remove_dataset(store: &mut Store, id_or_file: &str) -> Result<Dataset, ApiError> {
    let found = dataset_named(store, id_or_file)?;
    store.remove_dataset(&found.id)?;
    Ok(found)
}

/// Writes the file a dataset (named by its id or file name) was imported from, as the project keeps it, to `to`
/// (which must not exist yet); returns the dataset and the file's length.
pub fn write_dataset_source(
    store: &Store,
    id_or_file: &str,
    to: &std::path::Path,
) -> Result<(Dataset, u64), ApiError> {
    let found = dataset_named(store, id_or_file)?;
    let length = store.write_dataset_source(&found.id, to)?.ok_or_else(|| {
        ApiError::Refused(format!(
            "{}: the dataset {} is gone",
            store.path().display(),
            found.id.as_str()
        ))
    })?;
    Ok((found, length))
}

/// A card's comments (newest first, filtered) and monthly trend.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardFeedback {
    pub comments: Vec<Comment>,
    /// Comments matching the filter, of which `comments` holds the first ones.
    pub matching: usize,
    pub trend: Vec<TrendPoint>,
}

/// Which of a card's comments to show.
#[derive(Clone, Debug, Default)]
pub struct CommentFilter {
    /// Words the comment contains (any case); blank: all.
    pub search: String,
    /// Only comments whose score lies in `low..=high`.
    pub band: Option<(f64, f64)>,
}

/// How many comments a card's details show (the filter narrows the rest down).
const COMMENTS_SHOWN: usize = 200;

pub fn card_feedback(
    store: &Store,
    journey: Option<JourneyId>,
    card: CardId,
    filter: &CommentFilter,
) -> Result<CardFeedback, ApiError> {
    let journey = crate::project::shown_journey(store, journey)?;
    let needle = filter.search.trim().to_lowercase();
    let (comments, matching) = store.comments_matching(card, COMMENTS_SHOWN, |text, score| {
        filter
            .band
            .is_none_or(|(low, high)| score >= low && score <= high)
            && (needle.is_empty() || text.to_lowercase().contains(&needle))
    })?;
    Ok(CardFeedback {
        comments,
        matching,
        trend: store.card_trend(journey, card)?,
    })
}
