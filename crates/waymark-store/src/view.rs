//! What a window shows of an open project: the file, the chosen journey with its layout, and whether undo and
//! redo are possible. One value, built in one place, sent to the UI after every change.

use crate::{Access, Store, StoreError};
use serde::Serialize;
use waymark_core::*;

/// The open file.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileInfo {
    pub path: String,
    /// The file name, for the window title.
    pub name: String,
    /// Why the file is read-only, if it is.
    pub read_only: Option<String>,
    /// Something the window should say once about its file (it was replaced and merged), set by the shell.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub notice: Option<String>,
    /// The window's file was moved, deleted or replaced by something that is not a copy of this project: the
    /// window keeps its document, read-only, for Save As (set by the shell).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub detached: Option<Detached>,
    /// How many merge conflicts the file holds open (the window offers the merge review while there are any).
    pub open_conflicts: usize,
}

/// Why a window's file is no longer its document's (see `FileInfo::detached`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Detached {
    /// What happened, in one sentence naming the file.
    pub reason: String,
    /// Another file is at the path now (another project's, or one that does not open): it can be opened.
    pub another_file: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JourneySummary {
    pub id: JourneyId,
    pub name: String,
}

/// Everything a window draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProjectView {
    pub file: FileInfo,
    pub can_undo: bool,
    pub can_redo: bool,
    pub personas: Vec<Persona>,
    pub journeys: Vec<JourneySummary>,
    /// The journey on screen (the chosen one, else the first), with its geometry.
    pub journey: Option<JourneyData>,
    pub layout: Option<Layout>,
    /// The kind a new card gets in a lane of each kind.
    pub card_kind_for_lane: Vec<(LaneKind, CardKind)>,
    /// Feedback on the journey on screen.
    pub feedback: FeedbackView,
}

/// The journey's imported feedback, as the map shows it: scores per card, and what each metric means.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedbackView {
    pub scores: Vec<crate::CardScore>,
    /// Each stage's score and the journey's (stage `null`), per metric.
    pub scope_scores: Vec<crate::ScopeScore>,
    /// Each metric once, with its definition, for the legend.
    pub metrics: Vec<waymark_core::metrics::MetricDefinition>,
    pub datasets: Vec<crate::Dataset>,
    /// Scores on fewer responses are flagged low-confidence.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub min_n: u64,
}

impl Store {
    /// Lays out the journey a first [`Store::view`] of `journey` would show, ahead of it, so that the view need not:
    /// the app does it while WebKit starts and loads the window's page.
    pub fn lay_out_first_view(&self, journey: Option<JourneyId>, theme: &Theme) {
        let project = self.project();
        if let Some(j) = project.shown_journey(journey) {
            self.laid_out
                .borrow_mut()
                .lay_out_first(project, self.generation, j.id(), theme);
        }
    }

    /// The view of `journey` (or of the first journey when it is `None` or gone).
    pub fn view(
        &self,
        journey: Option<JourneyId>,
        theme: &Theme,
    ) -> Result<ProjectView, StoreError> {
        let project = self.project();
        let shown = project.shown_journey(journey);
        let (can_undo, can_redo) = self.can_undo_redo()?;
        let layout = shown.and_then(|j| {
            self.laid_out
                .borrow_mut()
                .for_view(project, self.generation, j.id(), theme)
        });
        Ok(ProjectView {
            file: FileInfo {
                path: self.path().display().to_string(),
                name: self
                    .path()
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                read_only: match self.access() {
                    Access::ReadWrite => None,
                    Access::ReadOnly(reason) => Some(reason.clone()),
                },
                notice: None,
                detached: None,
                open_conflicts: self.open_conflict_count()?,
            },
            can_undo,
            can_redo,
            personas: project.personas().to_vec(),
            journeys: project
                .journeys()
                .iter()
                .map(|j| JourneySummary {
                    id: j.id(),
                    name: j.name().to_owned(),
                })
                .collect(),
            journey: shown.map(|j| j.to_data(project.personas())),
            layout,
            card_kind_for_lane: LaneKind::ALL
                .iter()
                .map(|&k| (k, k.default_card_kind()))
                .collect(),
            feedback: match shown {
                Some(j) => self.feedback_view(j)?,
                None => FeedbackView::default(),
            },
        })
    }

    fn feedback_view(&self, journey: &Journey) -> Result<FeedbackView, StoreError> {
        let min_n = self.min_n;
        Ok(FeedbackView {
            scores: self.card_scores(journey)?,
            scope_scores: self.scope_scores(journey)?,
            metrics: self.metrics(journey.id())?,
            datasets: self
                .datasets()?
                .into_iter()
                .filter(|d| d.journey == journey.id())
                .collect(),
            min_n,
        })
    }
}
