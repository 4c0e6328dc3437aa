//! The layout of the journey on show, worked out while an edit is being written.
//!
//! An edit's write ends in fsyncs (rollback journal, `synchronous = FULL`): milliseconds in which the CPU waits.
//! Meanwhile the journey the last view showed is laid out on a thread of its own, and the view after the edit takes
//! that layout instead of working it out again. A layout made ahead is taken only for the state of the project it
//! was made from (counted in edits by `Store::record_with`), the same journey and the same theme, and only once.

use waymark_core::layout::{Layout, Theme};
use waymark_core::{JourneyId, PersonaId, Project};

#[derive(Debug, Default)]
pub(crate) struct LaidOut {
    /// The journey and theme the last view showed: the layout worth making ahead.
    shown: Option<(JourneyId, Theme)>,
    /// A layout made ahead: for the project after this many edits, of this journey, in this theme.
    ready: Option<(u64, JourneyId, Theme, Layout)>,
}

impl LaidOut {
    /// What to lay out while the next edit is written: the journey and theme of the last view, if there was one.
    pub fn ahead(&self) -> Option<(JourneyId, Theme)> {
        self.shown.clone()
    }

    /// Keeps a layout made ahead for the project after `edit` edits.
    pub fn keep(&mut self, edit: u64, journey: JourneyId, theme: Theme, layout: Layout) {
        self.ready = Some((edit, journey, theme, layout));
    }

    /// The layout of `journey` in `theme` for `project` after `edit` edits: the one made ahead when it is for just
    /// that, else made now.
    pub fn take(
        &mut self,
        project: &Project,
        edit: u64,
        journey: JourneyId,
        theme: &Theme,
    ) -> Option<Layout> {
        self.shown = Some((journey, theme.clone()));
        match self.ready.take() {
            Some((made, j, t, layout)) if made == edit && j == journey && t == *theme => {
                Some(layout)
            }
            _ => lay_out(project, journey, theme),
        }
    }
}

/// The layout of one journey of `project`, its emotion curves in the order of the project's personas.
pub(crate) fn lay_out(project: &Project, journey: JourneyId, theme: &Theme) -> Option<Layout> {
    let personas: Vec<PersonaId> = project.personas().iter().map(|p| p.id).collect();
    project.journey(journey).map(|j| j.layout(theme, &personas))
}
