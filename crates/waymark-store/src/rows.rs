//! Reading the document from its tables, and writing the rows a command changed.

use rusqlite::{Connection, OptionalExtension, params};
use std::str::FromStr;
use waymark_core::*;

/// Reads every row into plain data; [`Project::from_data`] then validates it.
pub(crate) fn read_project(conn: &Connection) -> rusqlite::Result<ProjectData> {
    let personas = conn
        .prepare(
            "SELECT id, name, description, segment_column, segment_value FROM persona ORDER BY position",
        )?
        .query_map([], |r| {
            let segment = match (r.get(3)?, r.get(4)?) {
                (Some(column), Some(value)) => Some(SegmentLink { column, value }),
                _ => None,
            };
            Ok(Persona {
                id: parse(r, 0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                segment,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let journeys = conn
        .prepare("SELECT id, name FROM journey ORDER BY position")?
        .query_map([], |r| {
            Ok((parse::<JourneyId>(r, 0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let journeys = journeys
        .into_iter()
        .map(|(id, name)| read_journey(conn, id, name))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ProjectData {
        format: DATA_FORMAT.to_owned(),
        personas,
        journeys,
    })
}

fn read_journey(conn: &Connection, id: JourneyId, name: String) -> rusqlite::Result<JourneyData> {
    let j = id.to_string();
    let stages = conn
        .prepare("SELECT id, name FROM stage WHERE journey_id = ?1 ORDER BY position")?
        .query_map([&j], |r| {
            Ok(Stage {
                id: parse(r, 0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let lanes = conn
        .prepare("SELECT id, name, kind FROM lane WHERE journey_id = ?1 ORDER BY position")?
        .query_map([&j], |r| {
            Ok(Lane {
                id: parse(r, 0)?,
                name: r.get(1)?,
                kind: parse(r, 2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let cards = conn
        .prepare(
            "SELECT id, stage_id, lane_id, position, title, description, kind, channel, owner, tags, dots
             FROM card WHERE journey_id = ?1",
        )?
        .query_map([&j], |r| {
            let tags: String = r.get(9)?;
            Ok(CardData {
                id: parse(r, 0)?,
                stage: parse(r, 1)?,
                lane: parse(r, 2)?,
                position: usize::try_from(r.get::<_, i64>(3)?).map_err(|e| bad_value(3, e))?,
                dots: u32::try_from(r.get::<_, i64>(10)?).map_err(|e| bad_value(10, e))?,
                fields: CardFields {
                    title: r.get(4)?,
                    description: r.get(5)?,
                    kind: parse(r, 6)?,
                    channel: r.get(7)?,
                    owner: r.get(8)?,
                    tags: serde_json::from_str(&tags).map_err(|e| bad_value(9, e))?,
                },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let flows = conn
        .prepare("SELECT id, from_card, to_card, kind, label FROM flow WHERE journey_id = ?1")?
        .query_map([&j], |r| {
            Ok(Flow {
                id: parse(r, 0)?,
                from: parse(r, 1)?,
                to: parse(r, 2)?,
                kind: parse(r, 3)?,
                label: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let emotions = conn
        .prepare("SELECT persona_id, stage_id, value FROM emotion WHERE journey_id = ?1")?
        .query_map([&j], |r| {
            Ok(EmotionData {
                persona: parse(r, 0)?,
                stage: parse(r, 1)?,
                value: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let voting = conn
        .prepare("SELECT dots_per_person, open FROM voting WHERE journey_id = ?1")?
        .query_row([&j], |r| {
            Ok(Voting {
                dots_per_person: u32::try_from(r.get::<_, i64>(0)?).map_err(|e| bad_value(0, e))?,
                open: r.get(1)?,
            })
        })
        .optional()?;
    let comments = conn
        .prepare(
            "SELECT id, card_id, reply_to, author, at_ms, text, edited_ms, resolved FROM comment \
             WHERE journey_id = ?1 ORDER BY id",
        )?
        .query_map([&j], |r| {
            let reply_to: Option<String> = r.get(2)?;
            Ok(Comment {
                id: parse(r, 0)?,
                card: parse(r, 1)?,
                reply_to: reply_to
                    .map(|text| text.parse().map_err(|e: uuid::Error| bad_value(2, e)))
                    .transpose()?,
                author: r.get(3)?,
                at_ms: r.get(4)?,
                text: r.get(5)?,
                edited_ms: r.get(6)?,
                resolved: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(JourneyData {
        id,
        name,
        stages,
        lanes,
        cards,
        flows,
        emotions,
        voting,
        comments,
    })
}

/// A text column parsed with `FromStr` (ids and kinds); a bad value is a conversion error naming the column.
fn parse<T: FromStr>(row: &rusqlite::Row, column: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    let text: String = row.get(column)?;
    text.parse()
        .map_err(|e: T::Err| bad_value(column, format!("'{text}': {e}")))
}

fn bad_value(column: usize, error: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        error.to_string().into(),
    )
}

/// Writes every row of a project into an empty schema.
pub(crate) fn write_all(conn: &Connection, project: &Project) -> rusqlite::Result<()> {
    let mut changes = vec![Change::Personas, Change::Journeys];
    for j in project.journeys() {
        let id = j.id();
        changes.extend([Change::Stages(id), Change::Lanes(id)]);
        changes.extend(j.cards_in_order().map(|c| Change::Card(id, c.id)));
        changes.extend(j.flows_by_id().iter().map(|f| Change::Flow(id, f.id)));
        changes.extend(j.emotions().map(|(p, s, _)| Change::Emotion(id, p, s)));
        changes.push(Change::Voting(id));
        changes.extend(j.comments().map(|c| Change::Comment(id, c.id)));
    }
    write_changes(conn, project, changes.iter())
}

/// Makes the named rows hold what `project` holds now (deleting those it no longer has).
pub(crate) fn write_changes<'a>(
    conn: &Connection,
    project: &Project,
    changes: impl Iterator<Item = &'a Change>,
) -> rusqlite::Result<()> {
    for change in changes {
        match *change {
            Change::Personas => write_personas(conn, project)?,
            Change::Journeys => write_journeys(conn, project)?,
            Change::Stages(journey) => write_stages(conn, project, journey)?,
            Change::Lanes(journey) => write_lanes(conn, project, journey)?,
            Change::Card(journey, card) => write_card(conn, project, journey, card)?,
            Change::Cell(journey, cell) => write_cell_order(conn, project, journey, cell)?,
            Change::Flow(journey, flow) => write_flow(conn, project, journey, flow)?,
            Change::Voting(journey) => write_voting(conn, project, journey)?,
            Change::Comment(journey, comment) => write_comment(conn, project, journey, comment)?,
            Change::Emotion(journey, persona, stage) => {
                write_emotion(conn, project, journey, persona, stage)?
            }
        }
    }
    Ok(())
}

/// Rewrites the persona list, in order.
fn write_personas(conn: &Connection, project: &Project) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM persona", [])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO persona (id, position, name, description, segment_column, segment_value) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, p) in project.personas().iter().enumerate() {
        let segment = p.segment.as_ref();
        insert.execute(params![
            p.id.to_string(),
            i as i64,
            p.name,
            p.description,
            segment.map(|s| &s.column),
            segment.map(|s| &s.value)
        ])?;
    }
    Ok(())
}

/// Rewrites the journey list, in order.
fn write_journeys(conn: &Connection, project: &Project) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM journey", [])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO journey (id, position, name) VALUES (?1, ?2, ?3)")?;
    for (i, j) in project.journeys().iter().enumerate() {
        insert.execute(params![j.id().to_string(), i as i64, j.name()])?;
    }
    Ok(())
}

/// Rewrites a journey's stages, in order (none if the journey is gone).
fn write_stages(conn: &Connection, project: &Project, journey: JourneyId) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM stage WHERE journey_id = ?1")?
        .execute([journey.to_string()])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO stage (id, journey_id, position, name) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, s) in project
        .journey(journey)
        .map_or(&[][..], |j| j.stages())
        .iter()
        .enumerate()
    {
        insert.execute(params![
            s.id.to_string(),
            journey.to_string(),
            i as i64,
            s.name
        ])?;
    }
    Ok(())
}

/// Rewrites a journey's lanes, in order (none if the journey is gone).
fn write_lanes(conn: &Connection, project: &Project, journey: JourneyId) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM lane WHERE journey_id = ?1")?
        .execute([journey.to_string()])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO lane (id, journey_id, position, name, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, l) in project
        .journey(journey)
        .map_or(&[][..], |j| j.lanes())
        .iter()
        .enumerate()
    {
        insert.execute(params![
            l.id.to_string(),
            journey.to_string(),
            i as i64,
            l.name,
            l.kind.as_str()
        ])?;
    }
    Ok(())
}

/// Writes a card's row (its cell, position, fields and dots), or deletes it if the card is gone.
fn write_card(
    conn: &Connection,
    project: &Project,
    journey: JourneyId,
    card: CardId,
) -> rusqlite::Result<()> {
    let j = project.journey(journey);
    match j.and_then(|j| Some((j.card(card)?, j.card_position(card)?))) {
        Some((c, position)) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO card
                             (id, journey_id, stage_id, lane_id, position, title, description, kind, channel, owner, tags, dots)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                card.to_string(),
                journey.to_string(),
                c.cell.stage.to_string(),
                c.cell.lane.to_string(),
                position as i64,
                c.fields.title,
                c.fields.description,
                c.fields.kind.as_str(),
                c.fields.channel,
                c.fields.owner,
                serde_json::to_string(&c.fields.tags).expect("strings serialize"),
                j.map_or(0, |j| j.dots(card)),
            ])?;
        }
        None => {
            conn.prepare_cached("DELETE FROM card WHERE id = ?1")?
                .execute([card.to_string()])?;
        }
    }
    Ok(())
}

/// Renumbers the positions of the cards in a cell (nothing if the journey is gone).
fn write_cell_order(
    conn: &Connection,
    project: &Project,
    journey: JourneyId,
    cell: Cell,
) -> rusqlite::Result<()> {
    let Some(j) = project.journey(journey) else {
        return Ok(());
    };
    let mut update = conn.prepare_cached("UPDATE card SET position = ?2 WHERE id = ?1")?;
    for (i, card) in j.cell_cards(cell).iter().enumerate() {
        update.execute(params![card.to_string(), i as i64])?;
    }
    Ok(())
}

/// Writes a flow's row, or deletes it if the flow is gone.
fn write_flow(
    conn: &Connection,
    project: &Project,
    journey: JourneyId,
    flow: FlowId,
) -> rusqlite::Result<()> {
    match project.journey(journey).and_then(|j| j.flow(flow)) {
        Some(f) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO flow (id, journey_id, from_card, to_card, kind, label)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                flow.to_string(),
                journey.to_string(),
                f.from.to_string(),
                f.to.to_string(),
                f.kind.as_str(),
                f.label,
            ])?;
        }
        None => {
            conn.prepare_cached("DELETE FROM flow WHERE id = ?1")?
                .execute([flow.to_string()])?;
        }
    }
    Ok(())
}

/// Writes a comment, or deletes it if the journey no longer holds it.
fn write_comment(
    conn: &Connection,
    project: &Project,
    journey: JourneyId,
    comment: CommentId,
) -> rusqlite::Result<()> {
    match project.journey(journey).and_then(|j| j.comment(comment)) {
        Some(c) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO comment (id, journey_id, card_id, reply_to, author, at_ms, text, edited_ms, \
                 resolved) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                c.id.to_string(),
                journey.to_string(),
                c.card.to_string(),
                c.reply_to.map(|r| r.to_string()),
                c.author,
                c.at_ms,
                c.text,
                c.edited_ms,
                c.resolved
            ])?;
        }
        None => {
            conn.prepare_cached("DELETE FROM comment WHERE id = ?1")?
                .execute([comment.to_string()])?;
        }
    }
    Ok(())
}

/// Writes a journey's voting settings, or deletes them if voting is off (or the journey gone).
fn write_voting(conn: &Connection, project: &Project, journey: JourneyId) -> rusqlite::Result<()> {
    match project.journey(journey).and_then(|j| j.voting()) {
        Some(v) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO voting (journey_id, dots_per_person, open) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![journey.to_string(), v.dots_per_person, v.open])?;
        }
        None => {
            conn.prepare_cached("DELETE FROM voting WHERE journey_id = ?1")?
                .execute([journey.to_string()])?;
        }
    }
    Ok(())
}

/// Writes a persona's emotion at a stage, or deletes it if there is none.
fn write_emotion(
    conn: &Connection,
    project: &Project,
    journey: JourneyId,
    persona: PersonaId,
    stage: StageId,
) -> rusqlite::Result<()> {
    let (j, p, s) = (journey.to_string(), persona.to_string(), stage.to_string());
    match project
        .journey(journey)
        .and_then(|jr| jr.emotion(persona, stage))
    {
        Some(value) => {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO emotion (journey_id, persona_id, stage_id, value)
                             VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![j, p, s, value])?;
        }
        None => {
            conn.prepare_cached(
                "DELETE FROM emotion WHERE journey_id = ?1 AND persona_id = ?2 AND stage_id = ?3",
            )?
            .execute(params![j, p, s])?;
        }
    }
    Ok(())
}

/// The newest op-log row on a stack: (seq, the command that moves it to the other stack).
pub(crate) fn top_of_stack(
    conn: &Connection,
    stack: &str,
) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached(
        "SELECT seq, inverse FROM op_log WHERE stack = ?1 ORDER BY seq DESC LIMIT 1",
    )?
    .query_row([stack], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}
