//! Adding, updating and deleting personas, and setting their emotions at the stages of a journey.

use super::{
    Change, Command, CommandError, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, check_index, check_len,
    check_name,
};
use crate::ids::PersonaId;
use crate::model::{Persona, Project};
use std::collections::BTreeSet;

impl Project {
    /// Applies a persona or emotion command; `apply_into` sends no other kind here.
    pub(super) fn apply_persona_command(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            AddPersona {
                persona,
                name,
                description,
                index,
            } => {
                check_persona(name, description)?;
                let index = index.unwrap_or(self.personas.len());
                check_index(index, self.personas.len())?;
                self.check_unused(persona.0)?;
                self.personas.insert(
                    index,
                    Persona {
                        id: *persona,
                        name: name.clone(),
                        description: description.clone(),
                        segment: None,
                    },
                );
                changes.insert(Change::Personas);
                Ok(DeletePersona { persona: *persona })
            }
            UpdatePersona {
                persona,
                name,
                description,
            } => {
                check_persona(name, description)?;
                let p = self
                    .personas
                    .iter_mut()
                    .find(|p| p.id == *persona)
                    .ok_or(CommandError::UnknownPersona(*persona))?;
                let old_name = std::mem::replace(&mut p.name, name.clone());
                let old_description = std::mem::replace(&mut p.description, description.clone());
                changes.insert(Change::Personas);
                Ok(UpdatePersona {
                    persona: *persona,
                    name: old_name,
                    description: old_description,
                })
            }
            DeletePersona { persona } => self.delete_persona(*persona, changes),
            LinkPersona { persona, segment } => {
                if let Some(link) = segment {
                    check_name("segment column", &link.column)?;
                    check_len("segment value", &link.value, MAX_NAME_CHARS)?;
                }
                let p = self
                    .personas
                    .iter_mut()
                    .find(|p| p.id == *persona)
                    .ok_or(CommandError::UnknownPersona(*persona))?;
                let old = std::mem::replace(&mut p.segment, segment.clone());
                changes.insert(Change::Personas);
                Ok(LinkPersona {
                    persona: *persona,
                    segment: old,
                })
            }
            SetEmotion {
                journey,
                persona,
                stage,
                value,
            } => {
                if let Some(v) = value
                    && !(-2..=2).contains(v)
                {
                    return Err(CommandError::EmotionOutOfRange(*v));
                }
                if self.persona(*persona).is_none() {
                    return Err(CommandError::UnknownPersona(*persona));
                }
                let j = self.journey_mut_or_err(*journey)?;
                j.stage_index_or_err(*stage)?;
                let old = match value {
                    Some(v) => j.emotions.insert((*persona, *stage), *v),
                    None => j.emotions.remove(&(*persona, *stage)),
                };
                changes.insert(Change::Emotion(*journey, *persona, *stage));
                Ok(SetEmotion {
                    journey: *journey,
                    persona: *persona,
                    stage: *stage,
                    value: old,
                })
            }
            other => unreachable!("not a persona command: {other:?}"),
        }
    }

    /// Deletes a persona; its segment link and its emotion values in every journey are cleared first, in one batch.
    fn delete_persona(
        &mut self,
        persona: PersonaId,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        let index = self
            .personas
            .iter()
            .position(|p| p.id == persona)
            .ok_or(CommandError::UnknownPersona(persona))?;
        let unlink = self.personas[index]
            .segment
            .is_some()
            .then_some(Command::LinkPersona {
                persona,
                segment: None,
            });
        let steps: Vec<Command> = unlink
            .into_iter()
            .chain(
                self.journeys
                    .iter()
                    .flat_map(|j| j.clear_emotions(|p, _| p == persona)),
            )
            .collect();
        if !steps.is_empty() {
            let delete = Command::DeletePersona { persona };
            return self.clear_then_delete("delete persona", steps, delete, changes);
        }
        let removed = self.personas.remove(index);
        changes.insert(Change::Personas);
        Ok(Command::AddPersona {
            persona,
            name: removed.name,
            description: removed.description,
            index: Some(index),
        })
    }
}

fn check_persona(name: &str, description: &str) -> Result<(), CommandError> {
    check_name("persona name", name)?;
    check_len("persona description", description, MAX_DESCRIPTION_CHARS)
}
