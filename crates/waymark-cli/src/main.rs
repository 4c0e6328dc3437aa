//! `waymark`: scripting and automation over the Waymark crates. Each subcommand parses its arguments, makes one
//! call into `waymark-store` or `waymark-core`, and prints the result; no document logic lives here.

mod find;
mod print;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use waymark_core::*;
use waymark_feedback::{Mapping, Target};
use waymark_render::{ExportOptions, Format, PageSize, Scope, SvgOptions, ThemeName};
use waymark_store::Store;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  `check` found problems
  2  the command line is wrong (unknown option, missing argument)
  3  a file could not be created, opened, read or written (it names the file and the reason)
  4  the edit was refused (invalid, nothing to undo or redo, or the file is open read-only elsewhere)

Cards, stages, lanes, personas and journeys are named by their id or by their title/name (case-insensitive).
The author recorded in the history is --author, else $WAYMARK_AUTHOR, else $USER.";

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
    /// Create a new project file: one journey with the usual stages and lanes, or with --sample the sample.
    New {
        file: PathBuf,
        /// Fill it with the sample project: ordering groceries online.
        #[arg(long)]
        sample: bool,
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
    /// List the newest edits, undos and redos.
    History {
        file: PathBuf,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Undo the newest edit.
    Undo { file: PathBuf },
    /// Redo the newest undone edit.
    Redo { file: PathBuf },
    /// Add a card to a (stage, lane) cell; prints the new card's id.
    AddCard {
        file: PathBuf,
        #[arg(long)]
        stage: String,
        #[arg(long)]
        lane: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        description: String,
        /// touchpoint, action, thought, pain_point, opportunity, frontstage, backstage, support, metric, note
        /// (default: what the lane holds).
        #[arg(long)]
        kind: Option<CardKind>,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Position in the cell, from 0 (default: last).
        #[arg(long)]
        index: Option<usize>,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Move a card to another cell (or position within its cell).
    MoveCard {
        file: PathBuf,
        card: String,
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        lane: Option<String>,
        #[arg(long)]
        index: Option<usize>,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Delete a card and its flows.
    DeleteCard {
        file: PathBuf,
        card: String,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Connect two cards with a flow; prints the new flow's id.
    Connect {
        file: PathBuf,
        from: String,
        to: String,
        /// happy_path, alternative, failure or loop.
        #[arg(long, default_value = "happy_path")]
        kind: FlowKind,
        #[arg(long)]
        label: Option<String>,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Remove the flow between two cards.
    Disconnect {
        file: PathBuf,
        from: String,
        to: String,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Add a stage (column); prints its id.
    AddStage {
        file: PathBuf,
        name: String,
        /// Position, from 0 (default: last).
        #[arg(long)]
        index: Option<usize>,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Add a lane (row); prints its id.
    AddLane {
        file: PathBuf,
        name: String,
        /// touchpoints, actions, thoughts, emotions, pain_points, opportunities, frontstage, backstage, support,
        /// metrics.
        #[arg(long)]
        kind: LaneKind,
        #[arg(long)]
        index: Option<usize>,
        #[command(flatten)]
        journey: JourneyArg,
    },
    /// Apply commands given as JSON (one object, or an array applied as one undo step) from a file or `-`.
    Apply { file: PathBuf, commands: PathBuf },
    /// Export a journey as an image (svg, png, pdf) or as text (mermaid, canvas, csv), or the project as json.
    Export {
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
        /// PDF page: a4, a3, letter (landscape; big maps are tiled) or fit (one page the size of the map).
        #[arg(long, default_value = "fit")]
        page: PageSize,
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
        /// Where to write (`-` for standard output).
        #[arg(short, long)]
        output: PathBuf,
    },
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
    /// Print every card's scores: value, n, 95% interval, low-confidence flag.
    Scores {
        file: PathBuf,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
        /// Scores on fewer responses are flagged low-confidence.
        #[arg(long, default_value_t = waymark_core::metrics::DEFAULT_MIN_N)]
        min_n: u64,
        #[command(flatten)]
        journey: JourneyArg,
    },
}

#[derive(clap::Args)]
struct ImportArgs {
    file: PathBuf,
    feedback: PathBuf,
    /// nps, csat, ces, rating or number (not needed with a saved --preset).
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
struct JourneyArg {
    /// The journey to edit (default: the first).
    #[arg(long)]
    journey: Option<String>,
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
            Invalid { .. } | ReadOnly { .. } => Failure::refused(error),
            _ => Failure::file(error),
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

fn run(action: Action, author: &str, out: &mut String) -> Result<u8, Failure> {
    use std::fmt::Write;
    match action {
        Action::New { file, sample, name } => {
            let project = if sample {
                sample::grocery()
            } else {
                let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
                sample::starter(&name.or(stem).unwrap_or_default())
            };
            Store::create(&file, &project, author)?;
            let j = &project.journeys()[0];
            let _ = writeln!(
                out,
                "Created {}: journey \"{}\" with {} stages, {} lanes, {} cards, {} flows.",
                file.display(),
                j.name(),
                j.stages().len(),
                j.lanes().len(),
                j.card_count(),
                j.flow_count()
            );
            Ok(0)
        }
        Action::Show { file, json, ids } => {
            let store = open(&file, author)?;
            if json {
                print::json(out, &store.project().to_data());
            } else {
                print::project(out, store.project(), ids);
            }
            Ok(0)
        }
        Action::View { file, journey } => {
            let store = open(&file, author)?;
            let journey = match journey {
                Some(name) => Some(
                    find::journey(store.project(), Some(&name))
                        .map_err(|e| Failure::refused(format!("{}: {e}", file.display())))?
                        .id(),
                ),
                None => None,
            };
            print::json(out, &store.view(journey, &Theme::default())?);
            Ok(0)
        }
        Action::Check { file, json } => {
            let store = open(&file, author)?;
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
        Action::History { file, limit, json } => {
            let store = open(&file, author)?;
            let history = store.history(limit)?;
            if json {
                print::json(out, &history);
            } else {
                print::history(out, &history);
            }
            Ok(0)
        }
        Action::Undo { file } => step(&file, author, out, "undo", Store::undo),
        Action::Redo { file } => step(&file, author, out, "redo", Store::redo),
        Action::AddCard {
            file,
            stage,
            lane,
            title,
            description,
            kind,
            channel,
            owner,
            tags,
            index,
            journey,
        } => edit(&file, author, out, |p| {
            let j = find::journey(p, journey.journey.as_deref())?;
            let stage = find::stage(j, &stage)?;
            let lane = find::lane(j, &lane)?;
            let kind = kind.unwrap_or_else(|| {
                j.lanes()
                    .iter()
                    .find(|l| l.id == lane)
                    .map_or(CardKind::Note, |l| l.kind.default_card_kind())
            });
            let card = CardId::new();
            let fields = CardFields {
                title,
                description,
                kind,
                channel,
                owner,
                tags,
            };
            Ok((
                Command::AddCard {
                    journey: j.id(),
                    card,
                    stage,
                    lane,
                    index,
                    fields,
                },
                card.to_string(),
            ))
        }),
        Action::MoveCard {
            file,
            card,
            stage,
            lane,
            index,
            journey,
        } => edit(&file, author, out, |p| {
            let j = find::journey(p, journey.journey.as_deref())?;
            let card = find::card(j, &card)?;
            let cell = j.card(card).map(|c| c.cell).expect("found cards exist");
            let stage = stage.map_or(Ok(cell.stage), |s| find::stage(j, &s))?;
            let lane = lane.map_or(Ok(cell.lane), |l| find::lane(j, &l))?;
            Ok((
                Command::MoveCard {
                    journey: j.id(),
                    card,
                    stage,
                    lane,
                    index,
                },
                "Moved.".into(),
            ))
        }),
        Action::DeleteCard {
            file,
            card,
            journey,
        } => edit(&file, author, out, |p| {
            let j = find::journey(p, journey.journey.as_deref())?;
            let card = find::card(j, &card)?;
            Ok((
                Command::DeleteCard {
                    journey: j.id(),
                    card,
                },
                "Deleted.".into(),
            ))
        }),
        Action::Connect {
            file,
            from,
            to,
            kind,
            label,
            journey,
        } => edit(&file, author, out, |p| {
            let j = find::journey(p, journey.journey.as_deref())?;
            let (from, to) = (find::card(j, &from)?, find::card(j, &to)?);
            let flow = FlowId::new();
            Ok((
                Command::Connect {
                    journey: j.id(),
                    flow,
                    from,
                    to,
                    kind,
                    label,
                },
                flow.to_string(),
            ))
        }),
        Action::Disconnect {
            file,
            from,
            to,
            journey,
        } => edit(&file, author, out, |p| {
            let j = find::journey(p, journey.journey.as_deref())?;
            let (from, to) = (find::card(j, &from)?, find::card(j, &to)?);
            let flow = j
                .flow_between(from, to)
                .ok_or_else(|| "no flow joins these cards".to_owned())?
                .id;
            Ok((
                Command::Disconnect {
                    journey: j.id(),
                    flow,
                },
                "Disconnected.".into(),
            ))
        }),
        Action::AddStage {
            file,
            name,
            index,
            journey,
        } => edit(&file, author, out, |p| {
            let j = find::journey(p, journey.journey.as_deref())?;
            let stage = StageId::new();
            let index = index.unwrap_or(j.stages().len());
            Ok((
                Command::AddStage {
                    journey: j.id(),
                    stage,
                    name,
                    index,
                },
                stage.to_string(),
            ))
        }),
        Action::AddLane {
            file,
            name,
            kind,
            index,
            journey,
        } => edit(&file, author, out, |p| {
            let j = find::journey(p, journey.journey.as_deref())?;
            let lane = LaneId::new();
            let index = index.unwrap_or(j.lanes().len());
            Ok((
                Command::AddLane {
                    journey: j.id(),
                    lane,
                    name,
                    kind,
                    index,
                },
                lane.to_string(),
            ))
        }),
        Action::Apply { file, commands } => {
            let text = if commands == Path::new("-") {
                std::io::read_to_string(std::io::stdin()).map_err(Failure::file)?
            } else {
                std::fs::read_to_string(&commands).map_err(|e| {
                    Failure::file(format!("{} could not be read: {e}", commands.display()))
                })?
            };
            let command = parse_commands(&text).map_err(|e| {
                Failure::refused(format!(
                    "{} holds no valid command: {e}",
                    commands.display()
                ))
            })?;
            edit(&file, author, out, |_| Ok((command, "Applied.".into())))
        }
        Action::Export {
            file,
            format,
            journey,
            scale,
            dpi,
            page,
            stages,
            cards,
            theme,
            transparent,
            heatmap,
            metric,
            output,
        } => {
            let format = match format {
                Some(f) => f,
                None => format_of(&output)?,
            };
            let store = open(&file, author)?;
            let project = store.project();
            let refused = |e: String| Failure::refused(format!("{}: {e}", file.display()));
            let j = find::journey(project, journey.as_deref()).map_err(refused)?;
            let scope = match (stages, cards.is_empty()) {
                (Some(range), _) => parse_stage_range(&range).map_err(refused)?,
                (None, false) => Scope::Cards(
                    cards
                        .iter()
                        .map(|c| find::card(j, c))
                        .collect::<Result<_, _>>()
                        .map_err(refused)?,
                ),
                (None, true) => Scope::Journey,
            };
            let mut options = ExportOptions::new(format, j.id());
            let min_n = waymark_core::metrics::DEFAULT_MIN_N;
            options.image = SvgOptions {
                feedback: waymark_render::Feedback::choose(
                    store.metrics(j.id())?,
                    store.card_scores(j, min_n)?,
                    metric,
                    heatmap,
                    min_n,
                ),
                theme,
                transparent,
                scope,
                project_name: file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                date: jiff::Zoned::now().date().to_string(),
            };
            options.scale = dpi.map_or(scale.unwrap_or(1.0), waymark_render::png::scale_for_dpi);
            options.page = page;
            let bytes = with_progress(&format!("Exporting {}", format.name()), || {
                waymark_render::export(project, &options)
            })
            .map_err(|e| refused(e.to_string()))?;
            if output == Path::new("-") {
                use std::io::Write;
                std::io::stdout().write_all(&bytes).map_err(|e| {
                    Failure::file(format!("standard output could not be written: {e}"))
                })?;
            } else {
                waymark_render::write_whole(&output, &bytes).map_err(|e| {
                    Failure::file(format!("{} could not be written: {e}", output.display()))
                })?;
                let _ = writeln!(out, "Wrote {} ({} bytes).", output.display(), bytes.len());
            }
            Ok(0)
        }
        Action::Import(args) => {
            let mut store = open(&args.file, author)?;
            let journey = find::journey(store.project(), args.journey.journey.as_deref())
                .map_err(|e| Failure::refused(format!("{}: {e}", args.file.display())))?
                .clone();
            let mapping = mapping_of(&args, &store, &journey)?;
            let failed = |e: waymark_feedback::FeedbackError| match e {
                waymark_feedback::FeedbackError::Store(e) => Failure::from(e),
                other => Failure::refused(other),
            };
            let name = args.feedback.file_name().map_or_else(
                || args.feedback.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            if args.dry_run {
                let preview = with_progress(&format!("Reading {name}"), || {
                    waymark_feedback::preview(&args.feedback, &mapping, &journey)
                })
                .map_err(failed)?;
                print::feedback_preview(out, &preview, "would be imported");
                return Ok(0);
            }
            let (preview, _) = with_progress(&format!("Importing {name}"), || {
                waymark_feedback::import(
                    &mut store,
                    &args.feedback,
                    &mapping,
                    &journey,
                    None,
                    &|_| true,
                )
            })
            .map_err(failed)?;
            print::feedback_preview(out, &preview, "imported");
            if let (Some(preset), Some(_)) = (&args.preset, &args.score) {
                store.save_preset(
                    preset,
                    &serde_json::to_string(&mapping).expect("mappings serialise"),
                )?;
                let _ = writeln!(out, "Saved the mapping as preset \"{preset}\".");
            }
            Ok(0)
        }
        Action::Datasets { file, json } => {
            let store = open(&file, author)?;
            let datasets = store.datasets()?;
            if json {
                print::json(out, &datasets);
            } else if datasets.is_empty() {
                out.push_str("No feedback imported yet.\n");
            } else {
                for d in &datasets {
                    let _ = writeln!(
                        out,
                        "{}  {}: {} rows read, {} on cards; {}",
                        d.id, d.source_name, d.rows_read, d.rows_mapped, d.definition.description
                    );
                }
            }
            Ok(0)
        }
        Action::RemoveDataset { file, dataset } => {
            let mut store = open(&file, author)?;
            let found: Vec<_> = store
                .datasets()?
                .into_iter()
                .filter(|d| d.id == dataset || d.source_name == dataset)
                .collect();
            let [found] = found.as_slice() else {
                return Err(Failure::refused(format!(
                    "{}: {} datasets match \"{dataset}\" (name one by id; see waymark datasets)",
                    file.display(),
                    found.len()
                )));
            };
            store.remove_dataset(&found.id)?;
            let _ = writeln!(
                out,
                "Removed {} ({} responses).",
                found.source_name, found.rows_mapped
            );
            Ok(0)
        }
        Action::Scores {
            file,
            json,
            csv,
            min_n,
            journey,
        } => {
            let store = open(&file, author)?;
            let j = find::journey(store.project(), journey.journey.as_deref())
                .map_err(|e| Failure::refused(format!("{}: {e}", file.display())))?;
            let scores = store.card_scores(j, min_n)?;
            if json {
                print::json(out, &scores);
            } else if csv {
                print::scores_csv(out, &scores);
            } else {
                print::scores(out, &scores);
                print::scope_scores(out, j, &store.scope_scores(j, min_n)?);
            }
            Ok(0)
        }
        Action::ImportMap { file, map } => {
            let bytes = std::fs::read(&map)
                .map_err(|e| Failure::file(format!("{} could not be read: {e}", map.display())))?;
            let name = map.file_name().map_or_else(
                || map.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            edit(&file, author, out, |project| {
                let imported = waymark_render::import_map(project, &name, &bytes)
                    .map_err(|e| format!("{} was not imported: {e}", map.display()))?;
                let journey = imported.journey.map(|j| j.to_string()).unwrap_or_default();
                Ok((imported.command(&name), journey))
            })
        }
    }
}

/// The mapping the import options describe, or the saved preset when they name no score column.
fn mapping_of(args: &ImportArgs, store: &Store, journey: &Journey) -> Result<Mapping, Failure> {
    use waymark_core::metrics::MetricDefinition;
    let wrong = |message: String| Failure { code: 2, message };
    if args.score.is_none() {
        let name = args
            .preset
            .as_deref()
            .ok_or_else(|| wrong("say --score COLUMN (and --metric), or --preset NAME".into()))?;
        let saved = store.preset(name)?.ok_or_else(|| {
            Failure::refused(format!(
                "{}: there is no preset named \"{name}\"",
                args.file.display()
            ))
        })?;
        return serde_json::from_str(&saved).map_err(|e| {
            Failure::file(format!(
                "{}: the preset \"{name}\" is damaged ({e})",
                args.file.display()
            ))
        });
    }
    let kind = args
        .metric
        .ok_or_else(|| wrong("say --metric nps|csat|ces|rating|number".into()))?;
    let scale = match &args.scale {
        Some(text) => {
            let (low, high) = text
                .split_once('-')
                .and_then(|(a, b)| {
                    Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
                })
                .filter(|(a, b)| a < b)
                .ok_or_else(|| wrong(format!("--scale wants MIN-MAX, like 1-5, not \"{text}\"")))?;
            Some((low, high))
        }
        None => None,
    };
    let mean = args.aggregate.as_deref().map(|a| a == "mean");
    let metric = MetricDefinition::for_kind(kind, scale, mean);
    let target = match (&args.card, &args.card_column, &args.channel_column, &args.stage_column) {
        (Some(card), _, _, _) => Target::Card {
            card: find::card(journey, card).map_err(|e| Failure::refused(format!("{}: {e}", args.file.display())))?,
        },
        (None, Some(column), _, _) => {
            let mut aliases = std::collections::BTreeMap::new();
            for alias in &args.alias {
                let (value, card) = alias
                    .split_once('=')
                    .ok_or_else(|| wrong(format!("--alias wants VALUE=CARD, not \"{alias}\"")))?;
                let card = find::card(journey, card).map_err(|e| Failure::refused(format!("{}: {e}", args.file.display())))?;
                aliases.insert(value.to_owned(), card);
            }
            Target::Column {
                column: column.clone(),
                aliases,
            }
        }
        (None, None, Some(channel), Some(stage)) => Target::ChannelStage {
            channel: channel.clone(),
            stage: stage.clone(),
        },
        _ => return Err(wrong("say how responses find cards: --card TITLE, --card-column COLUMN, or --channel-column and --stage-column".into())),
    };
    Ok(Mapping {
        metric,
        score: args.score.clone().unwrap_or_default(),
        comment: args.comment.clone(),
        date: args.date.clone(),
        day_first: args.day_first,
        segments: args.segment.clone(),
        target,
        sheet: args.sheet.clone(),
    })
}

/// The export format named by a file's extension.
fn format_of(output: &Path) -> Result<Format, Failure> {
    let extension = output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    Format::ALL
        .into_iter()
        .find(|f| f.extension() == extension || f.name() == extension)
        .ok_or_else(|| Failure {
            code: 2,
            message: format!(
                "say --format: {} has no extension Waymark knows",
                output.display()
            ),
        })
}

/// `FROM..TO` (or one stage `N`), counted from 1.
fn parse_stage_range(text: &str) -> Result<Scope, String> {
    let (from, to) = text.split_once("..").unwrap_or((text, text));
    let number = |s: &str| {
        s.trim().parse::<usize>().map_err(|_| {
            format!("--stages wants FROM..TO with stage numbers counted from 1, not \"{text}\"")
        })
    };
    Ok(Scope::Stages {
        from: number(from)?,
        to: number(to)?,
    })
}

/// One command object, or an array of them applied as one batch.
fn parse_commands(text: &str) -> Result<Command, serde_json::Error> {
    match serde_json::from_str::<Vec<Command>>(text) {
        Ok(commands) => Ok(Command::Batch {
            label: "commands from a script".into(),
            commands,
        }),
        Err(_) => serde_json::from_str::<Command>(text),
    }
}

/// Opens a project, showing a spinner if that takes a moment.
fn open(file: &Path, author: &str) -> Result<Store, Failure> {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(with_progress(&format!("Opening {name}"), || {
        Store::open(file, author)
    })?)
}

/// Builds a command from the open project, applies and saves it, and prints `done` (an id or a word).
fn edit(
    file: &Path,
    author: &str,
    out: &mut String,
    build: impl FnOnce(&Project) -> Result<(Command, String), String>,
) -> Result<u8, Failure> {
    let mut store = open(file, author)?;
    let (command, done) =
        build(store.project()).map_err(|e| Failure::refused(format!("{}: {e}", file.display())))?;
    store.apply(&command)?;
    let _ = std::fmt::Write::write_fmt(out, format_args!("{done}\n"));
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
        return Err(Failure::refused(format!(
            "{}: there is nothing to {word}",
            file.display()
        )));
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
