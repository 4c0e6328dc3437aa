//! `copies`: the conflict copies a sync tool left beside a project (one `waymark_api::copies` call), newest first,
//! each with when it was last written and the tool that named it. `waymark merge` merges one into a new file;
//! the app merges one into the open project and offers to move it to the trash.

use crate::{Failure, file_name, print};
use std::fmt::Write;
use std::path::Path;
use waymark_api::copies::conflict_copies;

pub fn run(file: &Path, json: bool, author: &str, out: &mut String) -> Result<u8, Failure> {
    let copies = conflict_copies(file, author)?;
    if json {
        print::json(out, &copies);
        return Ok(0);
    }
    let project = file_name(file);
    match copies.len() {
        0 => {
            let _ = writeln!(out, "No conflict copies of {project} beside it.");
            return Ok(0);
        }
        1 => {
            let _ = writeln!(out, "1 conflict copy of {project} beside it:");
        }
        n => {
            let _ = writeln!(out, "{n} conflict copies of {project} beside it:");
        }
    }
    let zone = jiff::tz::TimeZone::system();
    let widest = copies
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    for copy in &copies {
        let when = jiff::Timestamp::from_millisecond(copy.modified_ms)
            .map(|t| {
                t.to_zoned(zone.clone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| "?".into());
        let pad = widest - copy.name.chars().count();
        let _ = writeln!(
            out,
            "  {}{}  {when}  {}",
            copy.name,
            " ".repeat(pad),
            copy.tool.label()
        );
    }
    Ok(0)
}
