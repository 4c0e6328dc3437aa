//! Personas and the respondents they stand for: the stage scores of each persona linked to a segment value, for
//! the Personas panel and the emotion curves. One call (`waymark_api::scores::persona_scores`), read on a blocking
//! thread under the window's lock. Linking itself is an edit (`Command::LinkPersona` through `apply`).

use crate::AppState;
use crate::commands::UiError;
use crate::session::in_background;
use tauri::{State, WebviewWindow};
use waymark_api::scores::PersonaScores;

/// Every linked persona's segment scores at the stages of the journey on show.
#[tauri::command]
pub async fn persona_scores(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Vec<PersonaScores>, UiError> {
    in_background(state.windows.get(window.label()), |session, _| {
        Ok(waymark_api::scores::persona_scores(
            &session.store,
            session.journey,
        )?)
    })
    .await
}
