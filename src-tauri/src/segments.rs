//! Scores by segment and touchpoint channels side by side, for the journey on show: the legend's segment filter,
//! the card panel's table per segment value and the Channels panel. Each is one call (`waymark_api::scores`, or the
//! store for the columns there are), read on a blocking thread under the window's lock.

use crate::AppState;
use crate::commands::UiError;
use crate::session::in_background;
use tauri::{State, WebviewWindow};
use waymark_api::scores::{ChannelReport, SegmentReport};

/// The segment columns of the journey on show, as its datasets' mappings list them (none: no filter to offer).
#[tauri::command]
pub async fn segment_columns(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Vec<String>, UiError> {
    in_background(state.windows.get(window.label()), |session, _| {
        let journey = waymark_api::project::shown_journey(&session.store, session.journey)?;
        Ok(session.store.segment_columns(journey.id())?)
    })
    .await
}

/// Every card's, stage's and the journey's scores split by the segment column `column`, at the window's
/// minimum n.
#[tauri::command]
pub async fn scores_by_segment(
    window: WebviewWindow,
    state: State<'_, AppState>,
    column: String,
) -> Result<SegmentReport, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        Ok(waymark_api::scores::scores_by_segment(
            &session.store,
            session.journey,
            &column,
        )?)
    })
    .await
}

/// The touchpoint channels of the stage `stage` (an id or a name; every stage without one) side by side.
#[tauri::command]
pub async fn channel_consistency(
    window: WebviewWindow,
    state: State<'_, AppState>,
    stage: Option<String>,
) -> Result<ChannelReport, UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        Ok(waymark_api::scores::channel_consistency(
            &session.store,
            session.journey,
            stage.as_deref(),
        )?)
    })
    .await
}
