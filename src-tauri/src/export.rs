//! Export and map import. The UI sends settings, never a path: an export goes to the window's export folder (the
//! project's own folder until the user picks another in a native dialog) or to a file chosen in a save dialog.

use crate::commands::{UiError, no_project, pick_file};
use crate::{AppState, Slot};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use waymark_core::{CardId, JourneyId, Project};
use waymark_render::pdf::Pagination;
use waymark_render::{ExportOptions, Format, Scope, SvgOptions};
use waymark_store::ViewUpdate;

/// The Export panel's settings.
#[derive(Clone, Debug, Deserialize, ts_rs::TS)]
pub struct ExportRequest {
    /// svg, png, pdf, mermaid, canvas, json or csv.
    pub format: String,
    /// PNG: pixels per canvas pixel (300 dpi = 3.125).
    pub scale: f64,
    /// PDF: a4, a3, letter or fit.
    pub page: String,
    /// light or dark.
    pub theme: String,
    pub transparent: bool,
    /// Stages from..to, counted from 1; `None`: all.
    pub stages: Option<(usize, usize)>,
    /// Only these cards (the selection); empty: all.
    pub cards: Vec<CardId>,
    /// Colour cards by score (badges are drawn whenever there is feedback).
    pub heatmap: bool,
    /// The metric badges and heatmap show (default: the journey's first).
    pub metric: Option<waymark_core::metrics::MetricKind>,
}

/// What the panel shows before exporting.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ExportPreview {
    /// The map as SVG (image formats), shown as an image, never inserted as markup.
    pub svg: Option<String>,
    /// The start of the file (text formats).
    pub text: Option<String>,
    /// PDF: how many pages the chosen page size takes.
    pub pages: usize,
    /// PNG: the image size in pixels.
    pub pixels: Option<(u32, u32)>,
    /// Where "Export" writes.
    pub folder: String,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ExportDone {
    pub path: String,
    pub bytes: u64,
}

/// What an export needs of a window: a copy of its project (so the lock is not held while rendering), its file,
/// its export folder, the journey on show, and that journey's feedback.
struct Snapshot {
    project: Project,
    file: PathBuf,
    folder: PathBuf,
    journey: Option<JourneyId>,
    metrics: Vec<waymark_core::metrics::MetricDefinition>,
    scores: Vec<waymark_core::metrics::CardScore>,
}

fn snapshot(state: &AppState, window: &WebviewWindow) -> Result<Snapshot, UiError> {
    let windows = state.windows.lock().expect("windows lock");
    let Some(Slot::Open(session)) = windows.get(window.label()) else {
        return Err(no_project());
    };
    let file = session.store.path().to_path_buf();
    let folder = session
        .export_dir
        .clone()
        .or_else(|| file.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let project = session.store.project().clone();
    let shown = session
        .journey
        .and_then(|id| project.journey(id))
        .or_else(|| project.journeys().first());
    let (metrics, scores) = match shown {
        Some(j) => (
            session.store.metrics(j.id())?,
            session
                .store
                .card_scores(j, waymark_core::metrics::DEFAULT_MIN_N)?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(Snapshot {
        journey: shown.map(|j| j.id()),
        project,
        file,
        folder,
        metrics,
        scores,
    })
}

fn options(request: &ExportRequest, snapshot: &Snapshot) -> Result<ExportOptions, UiError> {
    let Snapshot {
        project,
        file,
        journey,
        ..
    } = snapshot;
    let fail = |message: String| UiError { message };
    let format: Format = request.format.parse().map_err(fail)?;
    let journey = journey
        .or_else(|| project.journeys().first().map(|j| j.id()))
        .ok_or_else(|| fail("The project has no journey to export.".into()))?;
    let mut options = ExportOptions::new(format, journey);
    options.scale = request.scale;
    options.page = request.page.parse().map_err(fail)?;
    let min_n = waymark_core::metrics::DEFAULT_MIN_N;
    options.image = SvgOptions {
        feedback: waymark_render::Feedback::choose(
            snapshot.metrics.clone(),
            snapshot.scores.clone(),
            request.metric,
            request.heatmap,
            min_n,
        ),
        theme: request.theme.parse().map_err(fail)?,
        transparent: request.transparent,
        scope: match (request.stages, request.cards.is_empty()) {
            (Some((from, to)), _) => Scope::Stages { from, to },
            (None, false) => Scope::Cards(request.cards.clone()),
            (None, true) => Scope::Journey,
        },
        project_name: file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        date: jiff::Zoned::now().date().to_string(),
    };
    Ok(options)
}

fn render_error(error: waymark_render::RenderError) -> UiError {
    UiError {
        message: format!("The export failed: {error}."),
    }
}

#[tauri::command]
pub async fn export_preview(
    window: WebviewWindow,
    state: State<'_, AppState>,
    request: ExportRequest,
) -> Result<ExportPreview, UiError> {
    let snapshot = snapshot(&state, &window)?;
    let options = options(&request, &snapshot)?;
    let project = &snapshot.project;
    let folder = snapshot.folder.display().to_string();
    if matches!(options.format, Format::Svg | Format::Png | Format::Pdf) {
        let svg = waymark_render::journey_svg(project, options.journey, &options.image)
            .map_err(render_error)?;
        let (width, height) = svg_size(&svg);
        let pages = Pagination::plan(width as f32, height as f32, options.page).pages();
        let pixels = (options.format == Format::Png).then(|| {
            (
                (width * options.scale).ceil() as u32,
                (height * options.scale).ceil() as u32,
            )
        });
        return Ok(ExportPreview {
            svg: Some(svg),
            text: None,
            pages,
            pixels,
            folder,
        });
    }
    let bytes = waymark_render::export(project, &options).map_err(render_error)?;
    let text: String = String::from_utf8_lossy(&bytes).chars().take(4000).collect();
    Ok(ExportPreview {
        svg: None,
        text: Some(text),
        pages: 0,
        pixels: None,
        folder,
    })
}

/// The width and height this crate's SVG declares on its root element.
fn svg_size(svg: &str) -> (f64, f64) {
    let attribute = |name: &str| {
        let key = format!(" {name}=\"");
        svg.find(&key)
            .and_then(|at| svg[at + key.len()..].split('"').next()?.parse().ok())
            .unwrap_or(0.0)
    };
    (attribute("width"), attribute("height"))
}

/// Exports to the export folder (`choose`: to a file picked in a save dialog) and says where it went.
#[tauri::command]
pub async fn export_file(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    request: ExportRequest,
    choose: bool,
) -> Result<Option<ExportDone>, UiError> {
    let snapshot = snapshot(&state, &window)?;
    let options = options(&request, &snapshot)?;
    let (project, folder) = (&snapshot.project, &snapshot.folder);
    let journey_name = project
        .journey(options.journey)
        .map(|j| j.name().to_owned())
        .unwrap_or_default();
    let extension = options.format.extension();
    let suggested = format!("{}.{extension}", file_name_safe(&journey_name));
    let path = if choose {
        let picked = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title("Export the map as")
            .set_directory(folder)
            .set_file_name(&suggested)
            .add_filter(options.format.name().to_uppercase(), &[extension])
            .blocking_save_file();
        let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
            return Ok(None);
        };
        if let Some(Slot::Open(session)) = state
            .windows
            .lock()
            .expect("windows lock")
            .get_mut(window.label())
        {
            session.export_dir = path.parent().map(Path::to_path_buf);
        }
        path
    } else {
        unused_name(folder, &suggested)
    };
    let bytes = waymark_render::export(project, &options).map_err(render_error)?;
    waymark_render::write_whole(&path, &bytes).map_err(|e| UiError {
        message: format!("{} could not be written: {e}.", path.display()),
    })?;
    Ok(Some(ExportDone {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    }))
}

/// A journey name as a file name: path separators and control characters replaced.
fn file_name_safe(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "Journey".into()
    } else {
        cleaned
    }
}

/// `folder/name`, or `folder/stem (2).ext` and so on: an export never replaces an existing file unasked.
fn unused_name(folder: &Path, name: &str) -> PathBuf {
    let first = folder.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| folder.join(format!("{stem} ({n}).{extension}")))
        .find(|p| !p.exists())
        .expect("some number is free")
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
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let unreadable = |reason: String| UiError {
        message: format!("{} was not imported: {reason}.", path.display()),
    };
    let metadata = std::fs::metadata(&path).map_err(|e| unreadable(e.to_string()))?;
    if metadata.len() > waymark_render::interchange::MAX_MAP_BYTES as u64 {
        return Err(unreadable(format!(
            "it is {} bytes, more than a map file may have",
            metadata.len()
        )));
    }
    let bytes = std::fs::read(&path).map_err(|e| unreadable(e.to_string()))?;
    let mut windows = state.windows.lock().expect("windows lock");
    let Some(Slot::Open(session)) = windows.get_mut(window.label()) else {
        return Err(no_project());
    };
    let imported = waymark_render::import_map(session.store.project(), &name, &bytes)
        .map_err(|e| unreadable(e.to_string()))?;
    let journey = imported.journey;
    session.store.apply(&imported.command(&name))?;
    session.journey = journey.or(session.journey);
    Ok(Some(session.updated_view()?))
}
