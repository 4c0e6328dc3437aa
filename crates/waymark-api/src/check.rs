//! The check of a journey's flows, and the paths between two cards, for the Check panel and `waymark check`.

use crate::ApiError;
use waymark_core::{CardId, Findings, JourneyId, PathLimits, PathsBetween};
use waymark_store::Store;

/// How many paths between two cards are listed at most, and how much searching may go into them.
const PATHS_SHOWN: usize = 20;
const PATH_STEPS: usize = 200_000;

/// What `waymark check` finds in the journey on show.
pub fn check(store: &Store, journey: Option<JourneyId>) -> Result<Findings, ApiError> {
    let journey = crate::project::shown_journey(store, journey)?;
    Ok(journey.check(PathLimits::default()))
}

/// The paths from one card to another along flows, shortest first (at most 20).
pub fn paths_between(
    store: &Store,
    journey: Option<JourneyId>,
    from: CardId,
    to: CardId,
) -> Result<PathsBetween, ApiError> {
    let journey = crate::project::shown_journey(store, journey)?;
    Ok(journey.paths_between(from, to, PATHS_SHOWN, PATH_STEPS))
}
