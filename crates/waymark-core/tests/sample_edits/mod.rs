//! Edits of the sample's first journey by card title, for the merge and settling tests.

use waymark_core::*;

pub fn journey(p: &Project) -> &Journey {
    &p.journeys()[0]
}

pub fn card(p: &Project, title: &str) -> CardId {
    journey(p)
        .cards_in_order()
        .find(|c| c.fields.title == title)
        .unwrap_or_else(|| panic!("no card {title}"))
        .id
}

/// `base` with `commands` applied, each of which must apply.
pub fn edited(base: &Project, commands: &[Command]) -> Project {
    let mut p = base.clone();
    for c in commands {
        p.apply(c).unwrap();
    }
    p
}

pub fn retitle(p: &Project, title: &str, new: &str) -> Command {
    let j = journey(p);
    let id = card(p, title);
    let mut fields = j.card(id).unwrap().fields.clone();
    fields.title = new.into();
    Command::UpdateCard {
        journey: j.id(),
        card: id,
        fields,
    }
}
