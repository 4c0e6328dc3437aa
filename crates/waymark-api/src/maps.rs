//! A map file — Mermaid journey, JSON Canvas, Waymark JSON — added to a project as one undo step.

use crate::ApiError;
use std::io::Read;
use std::path::Path;
use waymark_core::JourneyId;
use waymark_render::interchange::MAX_MAP_BYTES;
use waymark_store::Store;

/// Reads `map` (its size checked before a byte is read), turns it into commands and applies them as one batch.
/// Returns the journey to show afterwards.
pub fn import_map(store: &mut Store, map: &Path) -> Result<Option<JourneyId>, ApiError> {
    let name = crate::file_name(map);
    let refused = |reason: String| {
        ApiError::Refused(format!("{} was not imported: {reason}.", map.display()))
    };
    let unreadable =
        |e: std::io::Error| ApiError::File(format!("{} could not be read: {e}.", map.display()));
    let bytes = read_at_most(map, MAX_MAP_BYTES)
        .map_err(unreadable)?
        .map_err(|size| {
            refused(format!(
                "it is {size} bytes, more than the {MAX_MAP_BYTES} a map file may have"
            ))
        })?;
    let imported = waymark_render::import_map(store.project(), &name, &bytes)
        .map_err(|e| refused(e.to_string()))?;
    let journey = imported.journey;
    store.apply(&imported.command(&name))?;
    Ok(journey)
}

/// The file's bytes, or its size when that is over `limit` (checked before reading, and again while reading in
/// case the file grows meanwhile).
pub(crate) fn read_at_most(path: &Path, limit: usize) -> std::io::Result<Result<Vec<u8>, u64>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit as u64 {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}
