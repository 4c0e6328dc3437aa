//! The layout of the journey on show, worked out while an edit is being written.
//!
//! An edit's write ends in fsyncs (rollback journal, `synchronous = FULL`): milliseconds in which the CPU waits.
//! Meanwhile the journey the last view showed is laid out on a thread of its own, and the view after the edit takes
//! that layout instead of working it out again. A layout made ahead is taken only for the state of the project it
//! was made from (numbered by `Store::record_with`), the same journey and the same theme, and only once. Each
//! layout starts from the spacing of the one before it, so that after most edits its routes are worked out once
//! (`Journey::layout_guessing`).

use waymark_core::layout::{Layout, Spacing, Theme};
use waymark_core::{JourneyId, PersonaId, Project};

#[derive(Debug, Default)]
pub(crate) struct LaidOut {
    /// The journey and theme the last view showed, and its layout's spacing: the layout worth making ahead, and the
    /// spacing to try first for it (see `Journey::layout_guessing`).
    shown: Option<(JourneyId, Theme, Spacing)>,
    /// A layout made ahead: for the project's state of this number, of this journey, in this theme.
    ready: Option<(u64, JourneyId, Theme, Layout, Spacing)>,
}

impl LaidOut {
    /// What to lay out while the next edit is written: the journey and theme of the last view, if there was one,
    /// and the spacing to try first.
    pub fn ahead(&self) -> Option<(JourneyId, Theme, Spacing)> {
        self.shown.clone()
    }

    /// Keeps a layout made ahead for the project's state numbered `generation`.
    pub fn keep(
        &mut self,
        generation: u64,
        journey: JourneyId,
        theme: Theme,
        laid: (Layout, Spacing),
    ) {
        self.ready = Some((generation, journey, theme, laid.0, laid.1));
    }

    /// The layout a view of `journey` in `theme` shows, `project` being in its state numbered `generation`: the one
    /// made ahead when it is for just that, else made now. Remembers what is on show, to make the next one ahead.
    pub fn for_view(
        &mut self,
        project: &Project,
        generation: u64,
        journey: JourneyId,
        theme: &Theme,
    ) -> Option<Layout> {
        let (layout, spacing) = match self.ready.take() {
            Some((made, j, t, layout, spacing))
                if made == generation && j == journey && t == *theme =>
            {
                (layout, spacing)
            }
            _ => {
                let guess = self
                    .shown
                    .as_ref()
                    .filter(|(j, t, _)| *j == journey && t == theme)
                    .map(|(_, _, spacing)| spacing);
                lay_out(project, journey, theme, guess)?
            }
        };
        self.shown = Some((journey, theme.clone(), spacing));
        Some(layout)
    }
}

/// The layout of one journey of `project`, its emotion curves in the order of the project's personas, trying
/// `guess` first (the spacing of an earlier layout of it), and its spacing.
pub(crate) fn lay_out(
    project: &Project,
    journey: JourneyId,
    theme: &Theme,
    guess: Option<&Spacing>,
) -> Option<(Layout, Spacing)> {
    let personas: Vec<PersonaId> = project.personas().iter().map(|p| p.id).collect();
    project
        .journey(journey)
        .map(|j| j.layout_guessing(theme, &personas, guess))
}

#[cfg(test)]
mod tests {
    use super::*;
    use waymark_core::sample;

    #[test]
    fn a_layout_made_ahead_is_shown_only_for_what_it_was_made_for_and_once() {
        let project = sample::grocery();
        let journey = project.journeys()[0].id();
        let theme = Theme::default();
        let (fresh, spacing) = lay_out(&project, journey, &theme, None).unwrap();
        // One made ahead, marked to tell it from one made now.
        let made_ahead = || {
            let mut laid = LaidOut::default();
            let mut layout = fresh.clone();
            layout.width = -1.0;
            laid.keep(3, journey, theme.clone(), (layout, spacing.clone()));
            laid
        };
        let mut laid = made_ahead();
        let shown = laid.for_view(&project, 3, journey, &theme).unwrap();
        assert_eq!(shown.width, -1.0, "the layout made ahead is taken");
        assert_eq!(
            laid.for_view(&project, 3, journey, &theme),
            Some(fresh.clone())
        );
        assert_eq!(
            laid.ahead(),
            Some((journey, theme.clone(), spacing.clone()))
        );

        let wider = Theme {
            card_width: theme.card_width + 40.0,
            ..theme.clone()
        };
        let elsewhere = JourneyId::new();
        for (generation, journey, theme) in [
            (4, journey, &theme),
            (3, journey, &wider),
            (3, elsewhere, &theme),
        ] {
            assert_eq!(
                made_ahead().for_view(&project, generation, journey, theme),
                lay_out(&project, journey, theme, None).map(|(layout, _)| layout),
                "state {generation}, journey {journey:?}, {theme:?}"
            );
        }
    }
}
