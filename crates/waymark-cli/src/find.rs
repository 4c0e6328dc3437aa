//! Finding journeys, stages, lanes, cards and flows by id or by name, as typed on the command line.

use waymark_core::*;

/// The one item whose id is `wanted`, or whose name equals it ignoring case; an error sentence otherwise.
fn one<'a, T, Id: std::fmt::Display + Copy>(
    what: &str,
    wanted: &str,
    items: impl Iterator<Item = &'a T> + Clone,
    id: impl Fn(&T) -> Id,
    name: impl Fn(&T) -> &str,
) -> Result<Id, String>
where
    T: 'a,
{
    if let Some(item) = items.clone().find(|i| id(i).to_string() == wanted) {
        return Ok(id(item));
    }
    let matches: Vec<&T> = items
        .filter(|i| name(i).to_lowercase() == wanted.to_lowercase())
        .collect();
    match matches.as_slice() {
        [item] => Ok(id(item)),
        [] => Err(format!("there is no {what} named \"{wanted}\"")),
        many => Err(format!(
            "{} {what}s are named \"{wanted}\"; name it by id ({})",
            many.len(),
            many.iter()
                .map(|i| id(i).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

pub fn journey<'p>(project: &'p Project, wanted: Option<&str>) -> Result<&'p Journey, String> {
    let Some(wanted) = wanted else {
        return project
            .shown_journey(None)
            .ok_or_else(|| "the project has no journey".to_owned());
    };
    let id = one(
        "journey",
        wanted,
        project.journeys().iter(),
        |j| j.id(),
        |j| j.name(),
    )?;
    Ok(project.journey(id).expect("found journeys exist"))
}

pub fn persona(project: &Project, wanted: &str) -> Result<PersonaId, String> {
    one(
        "persona",
        wanted,
        project.personas().iter(),
        |p| p.id,
        |p| &p.name,
    )
}

pub fn stage(journey: &Journey, wanted: &str) -> Result<StageId, String> {
    one(
        "stage",
        wanted,
        journey.stages().iter(),
        |s| s.id,
        |s| &s.name,
    )
}

pub fn lane(journey: &Journey, wanted: &str) -> Result<LaneId, String> {
    one(
        "lane",
        wanted,
        journey.lanes().iter(),
        |l| l.id,
        |l| &l.name,
    )
}

pub fn card(journey: &Journey, wanted: &str) -> Result<CardId, String> {
    one(
        "card",
        wanted,
        journey.cards_in_order(),
        |c| c.id,
        |c| &c.fields.title,
    )
}

/// The flow from the card named `from` to the card named `to`.
pub fn flow<'j>(journey: &'j Journey, from: &str, to: &str) -> Result<&'j Flow, String> {
    let (from, to) = (card(journey, from)?, card(journey, to)?);
    journey
        .flow_between(from, to)
        .ok_or_else(|| "no flow joins these cards".to_owned())
}
