//! Adding, updating, moving and deleting cards.

use super::{
    Change, Command, CommandError, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_TAGS,
    MAX_TITLE_CHARS, check_index, check_len, check_name,
};
use crate::ids::{CardId, JourneyId};
use crate::model::{Card, CardFields, Cell, Journey, Project};
use petgraph::Direction;
use std::collections::BTreeSet;

impl Project {
    /// Applies a card command; `apply_into` sends no other kind here.
    pub(super) fn apply_card_command(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            AddCard {
                journey,
                card,
                stage,
                lane,
                index,
                fields,
            } => {
                check_fields(fields)?;
                self.check_unused(card.0)?;
                let j = self.journey_mut_or_err(*journey)?;
                let cell = j.cell_or_err(*stage, *lane)?;
                let len = j.cell_cards(cell).len();
                let index = index.unwrap_or(len);
                check_index(index, len)?;
                let node = j.graph.add_node(Card {
                    id: *card,
                    cell,
                    fields: fields.clone(),
                });
                j.cards.insert(*card, node);
                j.cells.entry(cell).or_default().insert(index, *card);
                changes.insert(Change::Card(*journey, *card));
                changes.insert(Change::Cell(*journey, cell));
                Ok(DeleteCard {
                    journey: *journey,
                    card: *card,
                })
            }
            UpdateCard {
                journey,
                card,
                fields,
            } => {
                check_fields(fields)?;
                let j = self.journey_mut_or_err(*journey)?;
                let node = j.node_or_err(*card)?;
                let old = std::mem::replace(&mut j.graph[node].fields, fields.clone());
                changes.insert(Change::Card(*journey, *card));
                Ok(UpdateCard {
                    journey: *journey,
                    card: *card,
                    fields: old,
                })
            }
            MoveCard {
                journey,
                card,
                stage,
                lane,
                index,
            } => {
                let j = self.journey_mut_or_err(*journey)?;
                let node = j.node_or_err(*card)?;
                let to = j.cell_or_err(*stage, *lane)?;
                let from = j.graph[node].cell;
                let from_index = j.card_position(*card).unwrap_or_default();
                let len_without = j.cell_cards(to).len() - usize::from(from == to);
                let index = index.unwrap_or(len_without);
                check_index(index, len_without)?;
                j.take_from_cell(from, *card);
                j.cells.entry(to).or_default().insert(index, *card);
                j.graph[node].cell = to;
                changes.insert(Change::Card(*journey, *card));
                changes.insert(Change::Cell(*journey, from));
                changes.insert(Change::Cell(*journey, to));
                Ok(MoveCard {
                    journey: *journey,
                    card: *card,
                    stage: from.stage,
                    lane: from.lane,
                    index: Some(from_index),
                })
            }
            DeleteCard { journey, card } => self.delete_card(*journey, *card, changes),
            other => unreachable!("not a card command: {other:?}"),
        }
    }

    /// Deletes a card; its flows are disconnected, its dots removed and its comments deleted first, in one batch.
    fn delete_card(
        &mut self,
        journey: JourneyId,
        card: CardId,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        let j = self.journey_or_err(journey)?;
        let node = j.node_or_err(card)?;
        let mut steps: Vec<Command> = j
            .graph
            .edges_directed(node, Direction::Outgoing)
            .chain(j.graph.edges_directed(node, Direction::Incoming))
            .map(|e| Disconnect {
                journey,
                flow: e.weight().id,
            })
            .collect();
        if j.dots(card) > 0 {
            steps.push(SetDots {
                journey,
                card,
                dots: 0,
            });
        }
        // Its comments go too (a thread's delete takes its replies first).
        steps.extend(
            j.comments()
                .filter(|c| c.card == card && c.reply_to.is_none())
                .map(|c| DeleteComment {
                    journey,
                    comment: c.id,
                }),
        );
        if !steps.is_empty() {
            let delete = DeleteCard { journey, card };
            return self.clear_then_delete("delete card", steps, delete, changes);
        }
        let j = self.journey_mut_or_err(journey)?;
        let index = j.card_position(card).unwrap_or_default();
        let removed = j
            .graph
            .remove_node(node)
            .expect("indexed card is in the graph");
        j.cards.remove(&card);
        j.take_from_cell(removed.cell, card);
        changes.insert(Change::Card(journey, card));
        changes.insert(Change::Cell(journey, removed.cell));
        Ok(AddCard {
            journey,
            card,
            stage: removed.cell.stage,
            lane: removed.cell.lane,
            index: Some(index),
            fields: removed.fields,
        })
    }
}

impl Journey {
    fn take_from_cell(&mut self, cell: Cell, card: CardId) {
        if let Some(cards) = self.cells.get_mut(&cell) {
            cards.retain(|&c| c != card);
            if cards.is_empty() {
                self.cells.remove(&cell);
            }
        }
    }
}

fn check_fields(fields: &CardFields) -> Result<(), CommandError> {
    if fields.title.trim().is_empty() {
        return Err(CommandError::Blank("card title"));
    }
    check_len("card title", &fields.title, MAX_TITLE_CHARS)?;
    check_len(
        "card description",
        &fields.description,
        MAX_DESCRIPTION_CHARS,
    )?;
    for (what, value) in [("channel", &fields.channel), ("owner", &fields.owner)] {
        if let Some(value) = value {
            check_len(what, value, MAX_NAME_CHARS)?;
        }
    }
    if fields.tags.len() > MAX_TAGS {
        return Err(CommandError::TooManyTags);
    }
    for tag in &fields.tags {
        check_name("tag", tag)?;
    }
    Ok(())
}
