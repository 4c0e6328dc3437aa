//! The layout of the journey on show, worked out while an edit is being written, or before a window's first view.
//!
//! An edit's write ends in fsyncs (rollback journal, `synchronous = FULL`): milliseconds in which the CPU waits.
//! Meanwhile the journey the last view showed is laid out on another thread ([`beside`]), and the view after the
//! edit takes that layout instead of working it out again. A window opening a project lays its first view out
//! while the window's page loads ([`LaidOut::lay_out_first`]). A layout made ahead is taken only for the state of the
//! project it was made from (numbered by `Store::record_with`), the same journey and the same theme, and only once.
//! Each layout starts from what the one before it left (`Journey::layout_remembering`): after most edits its routes
//! are worked out once and most of its stretches of flows keep their tracks without being spread again.

use std::panic::{self, AssertUnwindSafe};
use std::sync::OnceLock;
use waymark_core::layout::{Layout, LayoutMemo, Theme};
use waymark_core::{JourneyId, PersonaId, Project};

#[derive(Debug, Default)]
pub(crate) struct LaidOut {
    /// The journey and theme the last view showed: the layout worth making ahead.
    shown: Option<(JourneyId, Theme)>,
    /// What the last layout of that journey in that theme left for the next (`Journey::layout_remembering`).
    memo: LayoutMemo,
    /// A layout made ahead: for the project's state of this number, of this journey, in this theme.
    ready: Option<(u64, JourneyId, Theme, Layout)>,
}

impl LaidOut {
    /// What to lay out while the next edit is written: the journey and theme of the last view, if there was one,
    /// with what its last layout left (handed over: [`LaidOut::keep`] takes it back).
    pub fn ahead(&mut self) -> Option<(JourneyId, Theme, LayoutMemo)> {
        let (journey, theme) = self.shown.clone()?;
        Some((journey, theme, std::mem::take(&mut self.memo)))
    }

    /// Lays `journey` out in `theme` for the project's state numbered `generation`, for the first view to take: a
    /// window opening a project lays it out while WebKit starts, before its page asks for the view. Nothing to do
    /// once a view has been shown (its layouts come from the edits) or a layout is waiting.
    pub fn lay_out_first(
        &mut self,
        project: &Project,
        generation: u64,
        journey: JourneyId,
        theme: &Theme,
    ) {
        if self.shown.is_some() || self.ready.is_some() {
            return;
        }
        if let Some(layout) = lay_out(project, journey, theme, &mut self.memo) {
            self.ready = Some((generation, journey, theme.clone(), layout));
        }
    }

    /// Keeps a layout made ahead for the project's state numbered `generation`, and what it left for the next.
    pub fn keep(&mut self, generation: u64, (journey, theme, layout, memo): MadeAhead) {
        self.ready = Some((generation, journey, theme, layout));
        self.memo = memo;
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
        let shown = Some((journey, theme.clone()));
        let before = std::mem::replace(&mut self.shown, shown.clone());
        match self.ready.take() {
            Some((made, j, t, layout)) if made == generation && j == journey && t == *theme => {
                Some(layout)
            }
            _ => {
                // What another journey's layout left is of no use to this one.
                if before != shown {
                    self.memo = LayoutMemo::default();
                }
                lay_out(project, journey, theme, &mut self.memo)
            }
        }
    }
}

/// A journey laid out ahead: its id, the theme, the layout and what it left for the next.
pub(crate) type MadeAhead = (JourneyId, Theme, Layout, LayoutMemo);

/// Runs `work` (an edit's write) on this thread while the journey `ahead` names is laid out on another, from a pool
/// that stays from edit to edit (starting a thread for each edit cost 0.2–0.4 ms of a 3 ms edit). With no pool, or
/// when the layout fails, nothing is made ahead: the view then lays the journey out itself.
pub(crate) fn beside<R>(
    project: &Project,
    ahead: Option<(JourneyId, Theme, LayoutMemo)>,
    work: impl FnOnce() -> R,
) -> (R, Option<MadeAhead>) {
    let (Some((journey, theme, mut memo)), Some(pool)) = (ahead, pool()) else {
        return (work(), None);
    };
    let mut made = None;
    let done = pool.in_place_scope(|scope| {
        let made = &mut made;
        scope.spawn(move |_| {
            let layout = panic::catch_unwind(AssertUnwindSafe(|| {
                lay_out(project, journey, &theme, &mut memo)
            }));
            *made = layout
                .ok()
                .flatten()
                .map(|layout| (journey, theme, layout, memo));
        });
        work()
    });
    (done, made)
}

/// The threads layouts are made ahead on (as many as the machine has cores), started on first use; none when they
/// cannot be started.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("waymark-layout-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// The layout of one journey of `project`, its emotion curves in the order of the project's personas, from what an
/// earlier layout of it left in `memo`.
pub(crate) fn lay_out(
    project: &Project,
    journey: JourneyId,
    theme: &Theme,
    memo: &mut LayoutMemo,
) -> Option<Layout> {
    let personas: Vec<PersonaId> = project.personas().iter().map(|p| p.id).collect();
    project
        .journey(journey)
        .map(|j| j.layout_remembering(theme, &personas, memo))
}

#[cfg(test)]
mod tests {
    use super::*;
    use waymark_core::sample;

    /// The sample's first journey in the default theme, and its layout made from nothing.
    fn sample_laid_out() -> (Project, JourneyId, Theme, Layout) {
        let project = sample::grocery();
        let journey = project.journeys()[0].id();
        let theme = Theme::default();
        let fresh = lay_out(&project, journey, &theme, &mut LayoutMemo::default()).unwrap();
        (project, journey, theme, fresh)
    }

    #[test]
    fn beside_the_work_on_this_thread_the_journey_is_laid_out_on_another() {
        let project = sample::grocery();
        let journey = project.journeys()[0].id();
        let theme = Theme::default();
        let here = std::thread::current().id();
        let (worked_on, made) = beside(
            &project,
            Some((journey, theme.clone(), LayoutMemo::default())),
            || std::thread::current().id(),
        );
        assert_eq!(worked_on, here, "the work runs on the calling thread");
        let (j, t, layout, _) = made.expect("a layout made ahead");
        assert_eq!((j, &t), (journey, &theme));
        assert_eq!(
            Some(layout),
            lay_out(&project, journey, &theme, &mut LayoutMemo::default())
        );
        let (_, made) = beside(&project, None, || ());
        assert!(made.is_none(), "nothing is laid out when nothing was asked");
    }

    #[test]
    fn a_layout_made_ahead_is_shown_only_for_what_it_was_made_for_and_once() {
        let (project, journey, theme, fresh) = sample_laid_out();
        // One made ahead, marked to tell it from one made now.
        let made_ahead = || {
            let mut laid = LaidOut::default();
            let mut layout = fresh.clone();
            layout.width = -1.0;
            laid.keep(3, (journey, theme.clone(), layout, LayoutMemo::default()));
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
            laid.ahead().map(|(j, t, _)| (j, t)),
            Some((journey, theme.clone()))
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
                lay_out(&project, journey, theme, &mut LayoutMemo::default()),
                "state {generation}, journey {journey:?}, {theme:?}"
            );
        }
    }

    #[test]
    fn the_first_view_takes_the_layout_made_before_it_and_later_views_make_their_own() {
        let (project, journey, theme, fresh) = sample_laid_out();
        // Laid out before any view, then marked to tell it from one made by the view.
        let laid_out_first = |generation| {
            let mut laid = LaidOut::default();
            laid.lay_out_first(&project, generation, journey, &theme);
            let (made, _, _, layout) = laid.ready.as_mut().expect("laid out before any view");
            assert_eq!(*made, generation);
            assert_eq!(*layout, fresh);
            layout.width = -1.0;
            laid
        };

        let mut laid = laid_out_first(0);
        let shown = laid.for_view(&project, 0, journey, &theme).unwrap();
        assert_eq!(shown.width, -1.0, "the first view takes it");
        laid.lay_out_first(&project, 0, journey, &theme);
        assert!(
            laid.ready.is_none(),
            "once a view is shown, its layouts come from the edits"
        );

        // A layout waiting (made while an edit was written) is not replaced.
        let mut laid = laid_out_first(0);
        laid.lay_out_first(&project, 0, journey, &theme);
        assert_eq!(
            laid.for_view(&project, 0, journey, &theme).unwrap().width,
            -1.0
        );

        // Made for a state the project has left (an edit came first) or another theme: the view lays out anew.
        let wider = Theme {
            card_width: theme.card_width + 40.0,
            ..theme.clone()
        };
        assert_eq!(
            laid_out_first(0).for_view(&project, 1, journey, &theme),
            Some(fresh.clone())
        );
        assert_eq!(
            laid_out_first(0).for_view(&project, 0, journey, &wider),
            lay_out(&project, journey, &wider, &mut LayoutMemo::default())
        );
    }
}
