//! `waymark`: scripting and automation over the Waymark crates. Each subcommand parses its arguments, makes one
//! call — `waymark-api` for the operations the app offers too, `Store::apply` for edits, `waymark-core` for
//! checks — and prints the result; no document logic or policy lives here.

mod comments;
mod copies;
mod edits;
mod find;
mod history;
mod journeys;
mod print;
mod segments;
mod sharing;

use clap::{Parser, Subcommand};
use edits::Edit;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use waymark_api::ApiError;
use waymark_api::export::{Export, ExportRequest};
use waymark_api::feedback::{FeedbackImport, MappingSource};
use waymark_core::metrics::{Aggregation, MetricDefinition, MetricKind};
use waymark_core::*;
use waymark_feedback::answers::Answers;
use waymark_feedback::suggest::ScoreGuess;
use waymark_feedback::{Mapping, Target};
use waymark_render::{Format, PageSize, PdfPages, ThemeName};
use waymark_store::Store;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  `check` found problems, or `merge` left conflicts
  2  the command line is wrong (unknown option, missing argument)
  3  a file could not be created, opened, read or written (it names the file and the reason)
  4  the edit was refused (invalid, nothing to undo or redo, no such history entry or version, or the file is
     open read-only elsewhere), or the merge (not two copies of one project, or the result would overwrite a file)

Cards, stages, lanes, personas and journeys are named by their id or by their title/name (case-insensitive).
The author recorded in the history is --author, else $WAYMARK_AUTHOR, else $USER.
Your templates are kept where the app keeps them: $XDG_DATA_HOME (or ~/.local/share)/app.waymark.desktop/templates.";

#[derive(Parser)]
#[command(name = "waymark", version, about = "Customer journey maps in one local file.", after_help = EXIT_CODES)]
struct Cli {
    /// Who is making the edits, as recorded in the history.
    #[arg(long, global = true)]
    author: Option<String>,
    #[command(subcommand)]
    command: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Create a new project file: one journey with the usual stages and lanes, or a template, or the sample.
    New {
        file: PathBuf,
        /// Fill it with the sample project: ordering groceries online.
        #[arg(long, conflicts_with = "template")]
        sample: bool,
        /// Make its journey from this template (`waymark templates` lists them).
        #[arg(long)]
        template: Option<String>,
        /// Name of the first journey (default: the file name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Print stages, lanes, cards and flows (--json: the stable `waymark.project/1` shape).
    Show {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Also print every id.
        #[arg(long)]
        ids: bool,
    },
    /// Print what the desktop app draws for a journey, layout included, as JSON (the app's `ProjectView`).
    View {
        file: PathBuf,
        /// The journey (default: the first).
        #[arg(long)]
        journey: Option<String>,
    },
    /// Check the flows of every journey: entries, exits, dead ends, unreachable cards, loops, paths.
    Check {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Undo the newest edit.
    Undo { file: PathBuf },
    /// Redo the newest undone edit.
    Redo { file: PathBuf },
    #[command(flatten)]
    History(history::HistoryAction),
    #[command(flatten)]
    Edit(Edit),
    #[command(flatten)]
    Journey(journeys::JourneyAction),
    #[command(flatten)]
    Sharing(sharing::SharingAction),
    /// List the conflict copies a sync tool (Dropbox, Nextcloud, Syncthing, OneDrive…) left beside a project:
    /// files named as its copies that are copies of the same project, newest first.
    Copies {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Comments(comments::CommentAction),
    /// Apply commands given as JSON (one object, or an array applied as one undo step) from a file or `-`.
    Apply { file: PathBuf, commands: PathBuf },
    /// Export a journey as an image (svg, png, pdf) or as text (mermaid, canvas, csv), or the project as json.
    Export(ExportArgs),
    /// Add the journeys of a map file (Mermaid .mmd, JSON Canvas .canvas, Waymark .json) as one undo step.
    ImportMap { file: PathBuf, map: PathBuf },
    /// Import a survey or review export (CSV/TSV, XLSX/XLS/ODS, JSON) as feedback on cards; all or nothing.
    Import(ImportArgs),
    /// List the imported feedback datasets (id, file, rows read and mapped, metric).
    Datasets {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Remove an imported dataset (by id or file name) with its responses and scores.
    RemoveDataset { file: PathBuf, dataset: String },
    /// Write the survey file a dataset (by id or file name) was imported from, as the project keeps it, to OUT.
    DatasetSource {
        file: PathBuf,
        dataset: String,
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Print every card's scores: value, n, 95% interval, low-confidence flag.
    Scores {
        file: PathBuf,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
        /// Split each card's, stage's and the journey's scores by this segment column (as imported with
        /// --segment): each value's score, and its difference from the other values with its significance.
        #[arg(long, conflicts_with = "csv", value_name = "COLUMN")]
        by: Option<String>,
        /// Each persona linked to a segment value (`waymark link-persona`): its segment's score at each stage,
        /// against the stage's other values.
        #[arg(long, conflicts_with_all = ["csv", "by"])]
        personas: bool,
        /// Scores on fewer responses are flagged low-confidence.
        #[arg(long, default_value_t = waymark_core::metrics::DEFAULT_MIN_N)]
        min_n: u64,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Print each stage's touchpoint channels side by side (value, n, 95% interval) and flag a channel
    /// significantly below the stage's other channels.
    Channels {
        file: PathBuf,
        /// Only this stage (its name or id).
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        json: bool,
        /// Scores on fewer responses are flagged low-confidence.
        #[arg(long, default_value_t = waymark_core::metrics::DEFAULT_MIN_N)]
        min_n: u64,
        #[command(flatten)]
        journey: JourneyArg,
    },
}

#[derive(clap::Args)]
struct ExportArgs {
    file: PathBuf,
    /// svg, png, pdf, mermaid, canvas, json or csv (default: from the output's extension).
    #[arg(long)]
    format: Option<Format>,
    /// The journey (default: the first).
    #[arg(long)]
    journey: Option<String>,
    /// PNG: pixels per canvas pixel (1, 2, 3…).
    #[arg(long, conflicts_with = "dpi")]
    scale: Option<f64>,
    /// PNG: dots per inch (96 = scale 1).
    #[arg(long)]
    dpi: Option<f64>,
    /// PDF page: a4, a3, letter (one page when the text stays at 4 pt or more on it, else tiles; portrait or
    /// landscape, whichever suits the map) or fit (one page the size of the map).
    #[arg(long, default_value = "fit")]
    page: PageSize,
    /// PDF: one page however small the text gets (a warning says the size when it is under 4 pt).
    #[arg(long, conflicts_with = "tile")]
    fit: bool,
    /// PDF: tiles at print size (text as on the canvas at 100 %), overlapping and labelled.
    #[arg(long)]
    tile: bool,
    /// Only stages FROM..TO, counted from 1 (e.g. 2..4).
    #[arg(long)]
    stages: Option<String>,
    /// Only these cards (ids or titles, comma-separated), in the stages and lanes that hold them.
    #[arg(long, value_delimiter = ',')]
    cards: Vec<String>,
    /// light or dark.
    #[arg(long, default_value = "light")]
    theme: ThemeName,
    /// PNG and SVG: no background.
    #[arg(long)]
    transparent: bool,
    /// Images: colour cards by their score (badges with value and n are drawn whenever there is feedback).
    #[arg(long)]
    heatmap: bool,
    /// Images: the metric the badges and heatmap show (default: the journey's first).
    #[arg(long)]
    metric: Option<waymark_core::metrics::MetricKind>,
    /// Images: open comment threads as numbered markers on their cards and notes below the map.
    #[arg(long)]
    comments: bool,
    /// Scores on fewer responses are drawn as low-confidence (dashed badges; the CSV's low_confidence column).
    #[arg(long, default_value_t = waymark_core::metrics::DEFAULT_MIN_N)]
    min_n: u64,
    /// Where to write (`-` for standard output).
    #[arg(short, long)]
    output: PathBuf,
}

#[derive(clap::Args)]
struct ImportArgs {
    file: PathBuf,
    feedback: PathBuf,
    /// nps, csat, ces, rating, number or share (not needed with a saved --preset).
    #[arg(long)]
    metric: Option<waymark_core::metrics::MetricKind>,
    /// The column holding the score.
    #[arg(long)]
    score: Option<String>,
    /// The scale as MIN-MAX (CSAT 1-5 or 1-7, rating 1-5, number: any).
    #[arg(long)]
    scale: Option<String>,
    /// CSAT and CES: the mean instead of the share of top answers (CSAT's default is top-2-box, CES's the mean).
    #[arg(long, value_parser = ["mean", "share"])]
    aggregate: Option<String>,
    /// LABEL=N: the number an answer given as words stands for, over or beside the built-in label scales
    /// (repeatable).
    #[arg(long = "value", value_name = "LABEL=N")]
    values: Vec<String>,
    /// With --metric share: an answer that counts (repeatable; default "Yes").
    #[arg(long)]
    positive: Vec<String>,
    #[arg(long)]
    comment: Option<String>,
    #[arg(long)]
    date: Option<String>,
    /// Dates like 3/4/2025 are 3 April.
    #[arg(long)]
    day_first: bool,
    /// Columns to keep as segments (repeatable).
    #[arg(long)]
    segment: Vec<String>,
    /// Every response is about this card.
    #[arg(long, conflicts_with_all = ["card_column", "channel_column"])]
    card: Option<String>,
    /// The column whose values name cards (titles, compared without case and accents, or --alias).
    #[arg(long)]
    card_column: Option<String>,
    /// VALUE=CARD: a value of the card column that names a card differently (repeatable).
    #[arg(long)]
    alias: Vec<String>,
    /// With --stage-column: the channel column; a response lands on that stage's card in that channel's lane.
    #[arg(long, requires = "stage_column")]
    channel_column: Option<String>,
    #[arg(long, requires = "channel_column")]
    stage_column: Option<String>,
    /// The sheet of a workbook (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Use the mapping saved under this name; after an import with a mapping given here, save it under this name.
    #[arg(long)]
    preset: Option<String>,
    /// Show what would be imported (rows read, mapped, unmapped by value, invalid with line numbers); change nothing.
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    journey: JourneyArg,
}

#[derive(clap::Args)]
pub(crate) struct JourneyArg {
    /// The journey to edit (default: the first).
    #[arg(long)]
    pub journey: Option<String>,
}

/// A failure to report: one sentence on stderr, and the exit code.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn file(error: impl std::fmt::Display) -> Self {
        Failure {
            code: 3,
            message: error.to_string(),
        }
    }
    fn refused(message: impl std::fmt::Display) -> Self {
        Failure {
            code: 4,
            message: message.to_string(),
        }
    }
}

impl From<waymark_store::StoreError> for Failure {
    fn from(error: waymark_store::StoreError) -> Self {
        use waymark_store::StoreError::*;
        match error {
            Invalid { .. } | ReadOnly { .. } | NoSuchEntry { .. } | Refused { .. } => {
                Failure::refused(error)
            }
            _ => Failure::file(error),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Store(e) => e.into(),
            ApiError::File(message) => Failure::file(message),
            ApiError::Refused(message) => Failure::refused(message),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let author = cli
        .author
        .clone()
        .unwrap_or_else(waymark_store::default_author);
    let mut out = String::new();
    let result = run(cli.command, &author, &mut out);
    // A reader that went away (`waymark show … | head`) is not an error worth reporting.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes());
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("waymark: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Runs one subcommand; returns the exit code (`check` says 1 when it finds problems).
fn run(action: Action, author: &str, out: &mut String) -> Result<u8, Failure> {
    match action {
        Action::New {
            file,
            sample,
            template,
            name,
        } => new(&file, sample, template, name, author, out),
        Action::Show { file, json, ids } => {
            let store = open(&file, author)?;
            if json {
                print::json(out, &store.project().to_data());
            } else {
                print::project(out, store.project(), ids);
            }
            Ok(0)
        }
        Action::View { file, journey } => view(&file, journey.as_deref(), author, out),
        Action::Check { file, json } => check(&file, json, author, out),
        Action::History(action) => history::run(action, author, out),
        Action::Undo { file } => step(&file, author, out, "undo", Store::undo),
        Action::Redo { file } => step(&file, author, out, "redo", Store::redo),
        Action::Edit(edit) => {
            let file = edit.file().to_owned();
            apply_edit(&file, author, out, |project| edit.command(project))
        }
        Action::Journey(action) => journeys::run(action, author, out),
        Action::Sharing(action) => sharing::run(action, author, out),
        Action::Copies { file, json } => copies::run(&file, json, author, out),
        Action::Comments(action) => comments::run(action, author, out),
        Action::Apply { file, commands } => apply_file(&file, &commands, author, out),
        Action::Export(args) => export(args, author, out),
        Action::ImportMap { file, map } => {
            let mut store = open(&file, author)?;
            let journey = waymark_api::maps::import_map(&mut store, &map)?;
            out.push_str(&format!(
                "{}\n",
                journey.map(|j| j.to_string()).unwrap_or_default()
            ));
            Ok(0)
        }
        Action::Import(args) => import(args, author, out),
        Action::Datasets { file, json } => datasets(&file, json, author, out),
        Action::DatasetSource {
            file,
            dataset,
            out: to,
        } => {
            let store = open(&file, author)?;
            let (found, length) =
                waymark_api::feedback::write_dataset_source(&store, &dataset, &to)?;
            out.push_str(&format!(
                "Wrote {} ({length} bytes), the file {} was imported from.\n",
                to.display(),
                found.source_name
            ));
            Ok(0)
        }
        Action::RemoveDataset { file, dataset } => {
            let mut store = open(&file, author)?;
            let removed = waymark_api::feedback::remove_dataset(&mut store, &dataset)?;
            out.push_str(&format!(
                "Removed {} ({} responses).\n",
                removed.source_name, removed.rows_mapped
            ));
            Ok(0)
        }
        Action::Scores {
            file,
            json,
            personas: true,
            min_n,
            journey,
            ..
        } => segments::persona_scores(&file, json, min_n, journey.journey.as_deref(), author, out),
        Action::Scores {
            file,
            json,
            by: Some(column),
            min_n,
            journey,
            ..
        } => segments::scores_by(
            &file,
            &column,
            json,
            min_n,
            journey.journey.as_deref(),
            author,
            out,
        ),
        Action::Scores {
            file,
            json,
            csv,
            by: None,
            min_n,
            journey,
            ..
        } => {
            let mut store = open(&file, author)?;
            store.set_min_n(min_n);
            let j = find::journey(store.project(), journey.journey.as_deref())
                .map_err(|e| refused_in(&file, e))?;
            let scores = store.card_scores(j)?;
            if json {
                print::json(out, &scores);
            } else if csv {
                print::scores_csv(out, &scores);
            } else {
                print::scores(out, &scores);
                print::scope_scores(out, j, &store.scope_scores(j)?);
            }
            Ok(0)
        }
        Action::Channels {
            file,
            stage,
            json,
            min_n,
            journey,
        } => segments::channels(
            &file,
            stage.as_deref(),
            json,
            min_n,
            journey.journey.as_deref(),
            author,
            out,
        ),
    }
}

fn new(
    file: &Path,
    sample: bool,
    template: Option<String>,
    name: Option<String>,
    author: &str,
    out: &mut String,
) -> Result<u8, Failure> {
    let store = match template {
        Some(template) => waymark_api::project::create_from_template(
            file,
            &template,
            name.as_deref(),
            waymark_api::templates::default_user_dir().as_deref(),
            author,
        )?,
        None => {
            let request = waymark_api::project::NewProject { sample, name };
            waymark_api::project::create(file, &request, author)?
        }
    };
    let j = store
        .project()
        .shown_journey(None)
        .expect("a new project has a journey");
    out.push_str(&format!(
        "Created {}: journey \"{}\" with {} stages, {} lanes, {} cards, {} flows.\n",
        file.display(),
        j.name(),
        j.stages().len(),
        j.lanes().len(),
        j.card_count(),
        j.flow_count()
    ));
    Ok(0)
}

fn view(file: &Path, journey: Option<&str>, author: &str, out: &mut String) -> Result<u8, Failure> {
    let store = open(file, author)?;
    let journey = match journey {
        Some(name) => Some(
            find::journey(store.project(), Some(name))
                .map_err(|e| refused_in(file, e))?
                .id(),
        ),
        None => None,
    };
    print::json(out, &store.view(journey, &Theme::default())?);
    Ok(0)
}

fn check(file: &Path, json: bool, author: &str, out: &mut String) -> Result<u8, Failure> {
    let store = open(file, author)?;
    let findings: Vec<(&Journey, Findings)> = with_progress("Checking flows", || {
        store
            .project()
            .journeys()
            .iter()
            .map(|j| (j, j.check(PathLimits::default())))
            .collect()
    });
    let problems: usize = findings.iter().map(|(_, f)| f.problem_count()).sum();
    if json {
        print::json(out, &print::findings_json(&findings));
    } else {
        print::findings(out, &findings);
    }
    Ok(u8::from(problems > 0))
}

/// `waymark apply`: one command object, or an array of them applied as one batch, from a file or stdin.
fn apply_file(file: &Path, commands: &Path, author: &str, out: &mut String) -> Result<u8, Failure> {
    let text = if commands == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).map_err(Failure::file)?
    } else {
        std::fs::read_to_string(commands)
            .map_err(|e| Failure::file(format!("{} could not be read: {e}", commands.display())))?
    };
    let command = match serde_json::from_str::<Vec<Command>>(&text) {
        Ok(commands) => Ok(Command::Batch {
            label: "commands from a script".into(),
            commands,
        }),
        Err(_) => serde_json::from_str::<Command>(&text),
    }
    .map_err(|e| {
        Failure::refused(format!(
            "{} holds no valid command: {e}",
            commands.display()
        ))
    })?;
    apply_edit(file, author, out, |_| Ok((command, "Applied.".into())))
}

fn export(args: ExportArgs, author: &str, out: &mut String) -> Result<u8, Failure> {
    let format = match args.format {
        Some(f) => f,
        None => waymark_api::export::format_of(&args.output).ok_or_else(|| Failure {
            code: 2,
            message: format!(
                "say --format: {} has no extension Waymark knows",
                args.output.display()
            ),
        })?,
    };
    let mut store = open(&args.file, author)?;
    store.set_min_n(args.min_n);
    let refused = |e: String| refused_in(&args.file, e);
    let j = find::journey(store.project(), args.journey.as_deref()).map_err(refused)?;
    let mut request = ExportRequest::new(format);
    request.journey = Some(j.id());
    request.stages = args
        .stages
        .as_deref()
        .map(parse_stage_range)
        .transpose()
        .map_err(refused)?;
    request.cards = args
        .cards
        .iter()
        .map(|c| find::card(j, c))
        .collect::<Result<_, _>>()
        .map_err(refused)?;
    request.scale = args.dpi.map_or(
        args.scale.unwrap_or(1.0),
        waymark_render::png::scale_for_dpi,
    );
    request.page = args.page;
    request.pages = match (args.fit, args.tile) {
        (true, _) => PdfPages::Fit,
        (_, true) => PdfPages::Tile,
        _ => PdfPages::Auto,
    };
    request.theme = args.theme;
    request.transparent = args.transparent;
    request.heatmap = args.heatmap;
    request.metric = args.metric;
    request.comments = args.comments;
    let export = Export::prepare(&store, &request)?;
    drop(store);
    if let Some(warning) = export.warning()? {
        eprintln!("waymark: warning: {warning}");
    }
    let message = format!("Exporting {}", format.name());
    if args.output == Path::new("-") {
        let bytes = with_progress(&message, || export.render())?;
        std::io::Write::write_all(&mut std::io::stdout(), &bytes)
            .map_err(|e| Failure::file(format!("standard output could not be written: {e}")))?;
    } else {
        let done = with_progress(&message, || export.write(&args.output))?;
        out.push_str(&format!("Wrote {} ({} bytes).\n", done.path, done.bytes));
    }
    Ok(0)
}

fn import(args: ImportArgs, author: &str, out: &mut String) -> Result<u8, Failure> {
    let mut store = open(&args.file, author)?;
    let journey = find::journey(store.project(), args.journey.journey.as_deref())
        .map_err(|e| refused_in(&args.file, e))?;
    let request = FeedbackImport {
        file: args.feedback.clone(),
        mapping: mapping_source(&args, journey)?,
        journey: Some(journey.id()),
    };
    let name = file_name(&args.feedback);
    if args.dry_run {
        let preview = with_progress(&format!("Reading {name}"), || {
            waymark_api::feedback::preview(&store, &request)
        })?;
        print::feedback_preview(out, &preview, "would be imported");
        return Ok(0);
    }
    let imported = with_progress(&format!("Importing {name}"), || {
        waymark_api::feedback::import(&mut store, &request, &|_| true)
    })?;
    print::feedback_preview(out, &imported.preview, "imported");
    if let Some(preset) = imported.preset {
        out.push_str(&format!("Saved the mapping as preset \"{preset}\".\n"));
    }
    Ok(0)
}

fn datasets(file: &Path, json: bool, author: &str, out: &mut String) -> Result<u8, Failure> {
    let datasets = open(file, author)?.datasets()?;
    if json {
        print::json(out, &datasets);
    } else if datasets.is_empty() {
        out.push_str("No feedback imported yet.\n");
    } else {
        for d in &datasets {
            out.push_str(&format!(
                "{}  {}: {} rows read, {} on cards; {}\n",
                d.id, d.source_name, d.rows_read, d.rows_mapped, d.definition.description
            ));
        }
    }
    Ok(0)
}

/// The mapping the import options describe (saved under `--preset` once imported), or with no `--score`, the
/// preset they name.
fn mapping_source(args: &ImportArgs, journey: &Journey) -> Result<MappingSource, Failure> {
    let wrong = |message: String| Failure { code: 2, message };
    let Some(score) = &args.score else {
        let name = args
            .preset
            .clone()
            .ok_or_else(|| wrong("say --score COLUMN (and --metric), or --preset NAME".into()))?;
        return Ok(MappingSource::Preset(name));
    };
    let kind = args
        .metric
        .ok_or_else(|| wrong("say --metric nps|csat|ces|rating|number".into()))?;
    let scale = match &args.scale {
        Some(text) => Some(
            text.split_once('-')
                .and_then(|(a, b)| {
                    Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
                })
                .filter(|(a, b)| a < b)
                .ok_or_else(|| wrong(format!("--scale wants MIN-MAX, like 1-5, not \"{text}\"")))?,
        ),
        None => None,
    };
    let mean = args.aggregate.as_deref().map(|a| a == "mean");
    let guess = waymark_api::feedback::guess_score(&args.feedback, args.sheet.clone(), score)?;
    let answers = answers(args, guess.as_ref())?;
    // Without --scale, a scale of free size takes the one the answers are on.
    let scale = scale.or_else(|| {
        let seen = &guess.as_ref()?.metric;
        match kind {
            MetricKind::Csat | MetricKind::Rating
                if seen.scale_max == 5.0 || seen.scale_max == 7.0 =>
            {
                Some((1.0, seen.scale_max))
            }
            MetricKind::Number
                if seen.aggregation == Aggregation::Mean || seen.kind == MetricKind::Nps =>
            {
                Some((seen.scale_min, seen.scale_max))
            }
            _ => None,
        }
    });
    let mapping = Mapping {
        metric: MetricDefinition::for_kind(kind, scale, mean, &answers.positive),
        score: score.clone(),
        answers,
        comment: args.comment.clone(),
        date: args.date.clone(),
        day_first: args.day_first,
        segments: args.segment.clone(),
        target: target(args, journey)?,
        sheet: args.sheet.clone(),
    };
    Ok(MappingSource::Given {
        mapping: Box::new(mapping),
        save_as: args.preset.clone(),
    })
}

/// How the score column's answers become numbers: `--value` and `--positive` as given, and the label scale the
/// column's first rows are on.
fn answers(args: &ImportArgs, guess: Option<&ScoreGuess>) -> Result<Answers, Failure> {
    let wrong = |message: String| Failure { code: 2, message };
    let mut values = std::collections::BTreeMap::new();
    for pair in &args.values {
        let (label, number) = pair
            .rsplit_once('=')
            .and_then(|(l, n)| Some((l, n.trim().parse::<f64>().ok()?)))
            .ok_or_else(|| {
                wrong(format!(
                    "--value wants LABEL=N, like \"Very satisfied=5\", not \"{pair}\""
                ))
            })?;
        values.insert(label.to_owned(), number);
    }
    Ok(Answers {
        scale: guess.and_then(|g| g.answers.scale.clone()),
        values,
        positive: args.positive.clone(),
    })
}

/// How responses find their cards, from `--card`, `--card-column` (with `--alias`) or the channel and stage columns.
fn target(args: &ImportArgs, journey: &Journey) -> Result<Target, Failure> {
    let wrong = |message: String| Failure { code: 2, message };
    let card = |name: &str| find::card(journey, name).map_err(|e| refused_in(&args.file, e));
    match (&args.card, &args.card_column, &args.channel_column, &args.stage_column) {
        (Some(name), _, _, _) => Ok(Target::Card { card: card(name)? }),
        (None, Some(column), _, _) => {
            let mut aliases = std::collections::BTreeMap::new();
            for alias in &args.alias {
                let (value, name) = alias
                    .split_once('=')
                    .ok_or_else(|| wrong(format!("--alias wants VALUE=CARD, not \"{alias}\"")))?;
                aliases.insert(value.to_owned(), card(name)?);
            }
            Ok(Target::Column {
                column: column.clone(),
                aliases,
            })
        }
        (None, None, Some(channel), Some(stage)) => Ok(Target::ChannelStage {
            channel: channel.clone(),
            stage: stage.clone(),
        }),
        _ => Err(wrong(
            "say how responses find cards: --card TITLE, --card-column COLUMN, or --channel-column and --stage-column"
                .into(),
        )),
    }
}

/// `FROM..TO` (or one stage `N`), counted from 1.
fn parse_stage_range(text: &str) -> Result<(usize, usize), String> {
    let (from, to) = text.split_once("..").unwrap_or((text, text));
    let number = |s: &str| {
        s.trim().parse::<usize>().map_err(|_| {
            format!("--stages wants FROM..TO with stage numbers counted from 1, not \"{text}\"")
        })
    };
    Ok((number(from)?, number(to)?))
}

/// A refusal that names the project file.
fn refused_in(file: &Path, reason: String) -> Failure {
    Failure::refused(format!("{}: {reason}", file.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Opens a project, showing a spinner if that takes a moment.
fn open(file: &Path, author: &str) -> Result<Store, Failure> {
    Ok(with_progress(
        &format!("Opening {}", file_name(file)),
        || Store::open(file, author),
    )?)
}

/// Builds a command from the open project, applies and saves it, and prints `done` (an id or a word).
fn apply_edit(
    file: &Path,
    author: &str,
    out: &mut String,
    build: impl FnOnce(&Project) -> Result<(Command, String), String>,
) -> Result<u8, Failure> {
    let mut store = open(file, author)?;
    let (command, done) = build(store.project()).map_err(|e| refused_in(file, e))?;
    store.apply(&command)?;
    out.push_str(&format!("{done}\n"));
    Ok(0)
}

/// Undoes or redoes one step and says what it was.
fn step(
    file: &Path,
    author: &str,
    out: &mut String,
    word: &str,
    step: fn(&mut Store) -> Result<Option<Applied>, waymark_store::StoreError>,
) -> Result<u8, Failure> {
    let mut store = open(file, author)?;
    let Some(applied) = step(&mut store)? else {
        return Err(refused_in(file, format!("there is nothing to {word}")));
    };
    let done = if word == "undo" { "Undid" } else { "Redid" };
    out.push_str(&format!("{done}: {}\n", applied.inverse.describe()));
    Ok(0)
}

/// Runs `work` with a spinner on stderr (drawn only on a terminal, and only if the work outlasts a moment).
fn with_progress<T>(message: &str, work: impl FnOnce() -> T) -> T {
    let spinner = indicatif::ProgressBar::new_spinner().with_message(message.to_owned());
    spinner.enable_steady_tick(Duration::from_millis(120));
    let result = work();
    spinner.finish_and_clear();
    result
}
