//! Export and map import. The UI sends settings, never a path: an export goes to the window's export folder (the
//! project's own folder until the user picks another in a native dialog) or to a file chosen in a save dialog.
//! The export is prepared under the window's lock and rendered after letting go of it, on a blocking thread.

use crate::AppState;
use crate::commands::{UiError, edit, pick_file};
use crate::session::in_background;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use waymark_api::export::{Export, ExportDone, ExportPreview, ExportRequest, FormatInfo};
use waymark_store::ViewUpdate;

/// Every export format, as the Export panel lists them.
#[tauri::command]
pub fn export_formats() -> Vec<FormatInfo> {
    waymark_api::export::formats()
}

/// The export prepared from the window's project (the journey on show unless the request names one), and the
/// folder it goes to.
async fn prepare(
    state: &AppState,
    window: &WebviewWindow,
    mut request: ExportRequest,
) -> Result<(Export, PathBuf), UiError> {
    in_background(state.windows.get(window.label()), move |session, _| {
        request.journey = request.journey.or(session.journey);
        let folder = session
            .export_dir
            .clone()
            .or_else(|| session.store.path().parent().map(Path::to_path_buf))
            .unwrap_or_default();
        Ok((Export::prepare(&session.store, &request)?, folder))
    })
    .await
}

/// Runs slow rendering on a blocking thread.
async fn rendering<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, waymark_api::ApiError> + Send + 'static,
) -> Result<T, UiError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| UiError {
            message: format!("The export stopped on an internal error ({e})."),
        })?
        .map_err(UiError::from)
}

#[tauri::command]
pub async fn export_preview(
    window: WebviewWindow,
    state: State<'_, AppState>,
    request: ExportRequest,
) -> Result<ExportPreview, UiError> {
    let (export, folder) = prepare(&state, &window, request).await?;
    rendering(move || export.preview(&folder)).await
}

/// Exports to the export folder (`choose`: to a file picked in a save dialog) and says where it went; `None`
/// when the dialog was cancelled or the export stopped (see `export_cancel`) before writing.
#[tauri::command]
pub async fn export_file(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    request: ExportRequest,
    choose: bool,
) -> Result<Option<ExportDone>, UiError> {
    let (export, folder) = prepare(&state, &window, request).await?;
    let suggested = export.suggested_file_name();
    let path = if choose {
        let format = export.format();
        let picked = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title("Export the map as")
            .set_directory(&folder)
            .set_file_name(&suggested)
            .add_filter(format.name().to_uppercase(), &[format.extension()])
            .blocking_save_file();
        let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
            return Ok(None);
        };
        let chosen = path.parent().map(Path::to_path_buf);
        edit(&state, &window, move |session| {
            session.export_dir = chosen;
            Ok(())
        })
        .await?;
        path
    } else {
        waymark_api::export::unused_name(&folder, &suggested)
    };
    let window = state.windows.get(window.label());
    window.start_stoppable();
    let bytes = rendering(move || export.render()).await?;
    // Stopped while rendering: nothing is written.
    if window.stop_requested() {
        return Ok(None);
    }
    rendering(move || waymark_api::export::write_rendered(&path, &bytes))
        .await
        .map(Some)
}

/// Stops this window's export before it writes anything.
#[tauri::command]
pub fn export_cancel(window: WebviewWindow, state: State<'_, AppState>) {
    state.windows.get(window.label()).stop();
}

/// Asks for a map file (Mermaid, JSON Canvas, Waymark JSON), adds it as one undo step and shows it.
#[tauri::command]
pub async fn import_map(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> Result<Option<ViewUpdate>, UiError> {
    let extensions = ["mmd", "mermaid", "canvas", "json"];
    let Some(path) = pick_file(&app, &window, "Import a map", "Maps", &extensions) else {
        return Ok(None);
    };
    edit(&state, &window, move |session| {
        let journey = waymark_api::maps::import_map(&mut session.store, &path)?;
        session.journey = journey.or(session.journey);
        Ok(())
    })
    .await
    .map(Some)
}
