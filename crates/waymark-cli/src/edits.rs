//! The editing subcommands: each names what it changes (by id or title) and becomes one `Command`, which the
//! caller applies through `Store::apply` — the one path every edit takes.

use crate::JourneyArg;
use crate::find;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use waymark_core::*;

#[derive(Subcommand)]
pub enum Edit {
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
    /// Link a persona to the respondents of one value of a feedback segment column (`--unlink` removes the link):
    /// its scores then stand beside its emotions (`waymark scores FILE --personas`).
    LinkPersona {
        file: PathBuf,
        persona: String,
        /// The segment column (as imported with --segment) and its value.
        #[arg(long, value_names = ["COLUMN", "VALUE"], num_args = 2, required_unless_present = "unlink")]
        segment: Vec<String>,
        #[arg(long, conflicts_with = "segment")]
        unlink: bool,
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
    /// Change the kind or label of the flow between two cards.
    UpdateFlow {
        file: PathBuf,
        from: String,
        to: String,
        /// happy_path, alternative, failure or loop (default: as it is).
        #[arg(long)]
        kind: Option<FlowKind>,
        /// The label (default: as it is; "" removes it).
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
}

impl Edit {
    /// The project file the edit is for.
    pub fn file(&self) -> &Path {
        match self {
            Edit::AddCard { file, .. }
            | Edit::MoveCard { file, .. }
            | Edit::DeleteCard { file, .. }
            | Edit::Connect { file, .. }
            | Edit::UpdateFlow { file, .. }
            | Edit::Disconnect { file, .. }
            | Edit::AddStage { file, .. }
            | Edit::AddLane { file, .. }
            | Edit::LinkPersona { file, .. } => file,
        }
    }

    /// The command, and what to print once it is applied (the new item's id, or a word).
    pub fn command(self, project: &Project) -> Result<(Command, String), String> {
        match self {
            Edit::AddCard {
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
                ..
            } => {
                let j = find::journey(project, journey.journey.as_deref())?;
                let fields = CardFields {
                    title,
                    description,
                    kind: CardKind::Note,
                    channel,
                    owner,
                    tags,
                };
                add_card(j, &stage, &lane, kind, fields, index)
            }
            Edit::MoveCard {
                card,
                stage,
                lane,
                index,
                journey,
                ..
            } => {
                let j = find::journey(project, journey.journey.as_deref())?;
                move_card(j, &card, stage.as_deref(), lane.as_deref(), index)
            }
            Edit::DeleteCard { card, journey, .. } => {
                let j = find::journey(project, journey.journey.as_deref())?;
                let card = find::card(j, &card)?;
                let command = Command::DeleteCard {
                    journey: j.id(),
                    card,
                };
                Ok((command, "Deleted.".into()))
            }
            Edit::Connect {
                from,
                to,
                kind,
                label,
                journey,
                ..
            } => {
                let j = find::journey(project, journey.journey.as_deref())?;
                let (from, to) = (find::card(j, &from)?, find::card(j, &to)?);
                let flow = FlowId::new();
                let command = Command::Connect {
                    journey: j.id(),
                    flow,
                    from,
                    to,
                    kind,
                    label,
                };
                Ok((command, flow.to_string()))
            }
            Edit::UpdateFlow {
                from,
                to,
                kind,
                label,
                journey,
                ..
            } => {
                let j = find::journey(project, journey.journey.as_deref())?;
                let flow = find::flow(j, &from, &to)?;
                let command = Command::UpdateFlow {
                    journey: j.id(),
                    flow: flow.id,
                    kind: kind.unwrap_or(flow.kind),
                    label: label
                        .map_or_else(|| flow.label.clone(), |l| Some(l).filter(|l| !l.is_empty())),
                };
                Ok((command, "Updated.".into()))
            }
            Edit::Disconnect {
                from, to, journey, ..
            } => {
                let j = find::journey(project, journey.journey.as_deref())?;
                let command = Command::Disconnect {
                    journey: j.id(),
                    flow: find::flow(j, &from, &to)?.id,
                };
                Ok((command, "Disconnected.".into()))
            }
            Edit::LinkPersona {
                persona, segment, ..
            } => {
                let persona = find::persona(project, &persona)?;
                let segment = match segment.as_slice() {
                    [column, value] => Some(SegmentLink {
                        column: column.clone(),
                        value: value.clone(),
                    }),
                    _ => None,
                };
                let done = if segment.is_some() {
                    "Linked."
                } else {
                    "Unlinked."
                };
                Ok((Command::LinkPersona { persona, segment }, done.into()))
            }
            Edit::AddStage {
                name,
                index,
                journey,
                ..
            } => {
                let j = find::journey(project, journey.journey.as_deref())?;
                let stage = StageId::new();
                let command = Command::AddStage {
                    journey: j.id(),
                    stage,
                    name,
                    index: index.unwrap_or(j.stages().len()),
                };
                Ok((command, stage.to_string()))
            }
            Edit::AddLane {
                name,
                kind,
                index,
                journey,
                ..
            } => {
                let j = find::journey(project, journey.journey.as_deref())?;
                let lane = LaneId::new();
                let command = Command::AddLane {
                    journey: j.id(),
                    lane,
                    name,
                    kind,
                    index: index.unwrap_or(j.lanes().len()),
                };
                Ok((command, lane.to_string()))
            }
        }
    }
}

/// A card in the named cell, of `kind` or else of the kind its lane holds.
fn add_card(
    j: &Journey,
    stage: &str,
    lane: &str,
    kind: Option<CardKind>,
    mut fields: CardFields,
    index: Option<usize>,
) -> Result<(Command, String), String> {
    let stage = find::stage(j, stage)?;
    let lane = find::lane(j, lane)?;
    fields.kind = kind.unwrap_or_else(|| {
        j.lanes()
            .iter()
            .find(|l| l.id == lane)
            .map_or(CardKind::Note, |l| l.kind.default_card_kind())
    });
    let card = CardId::new();
    let command = Command::AddCard {
        journey: j.id(),
        card,
        stage,
        lane,
        index,
        fields,
    };
    Ok((command, card.to_string()))
}

/// The card moved to the named stage and lane (each defaulting to where it is now).
fn move_card(
    j: &Journey,
    card: &str,
    stage: Option<&str>,
    lane: Option<&str>,
    index: Option<usize>,
) -> Result<(Command, String), String> {
    let card = find::card(j, card)?;
    let cell = j.card(card).map(|c| c.cell).expect("found cards exist");
    let stage = stage.map_or(Ok(cell.stage), |s| find::stage(j, s))?;
    let lane = lane.map_or(Ok(cell.lane), |l| find::lane(j, l))?;
    let command = Command::MoveCard {
        journey: j.id(),
        card,
        stage,
        lane,
        index,
    };
    Ok((command, "Moved.".into()))
}
