//! Journeys as wholes: moving them, copying them, and the templates new ones start from.

use std::collections::HashSet;
use waymark_core::*;

fn names(p: &Project) -> Vec<&str> {
    p.journeys().iter().map(|j| j.name()).collect()
}

/// Every id a journey holds.
fn ids_of(j: &JourneyData) -> HashSet<uuid::Uuid> {
    let mut ids = HashSet::from([j.id.0]);
    ids.extend(j.stages.iter().map(|s| s.id.0));
    ids.extend(j.lanes.iter().map(|l| l.id.0));
    ids.extend(j.cards.iter().map(|c| c.id.0));
    ids.extend(j.flows.iter().map(|f| f.id.0));
    ids
}

/// The journey with its ids replaced by their place (stage, lane and card positions, flows by the cards they
/// join), so that two journeys of the same structure compare equal whatever their ids.
fn structure(j: &JourneyData) -> serde_json::Value {
    let stage = |id: StageId| j.stages.iter().position(|s| s.id == id);
    let lane = |id: LaneId| j.lanes.iter().position(|l| l.id == id);
    let card = |id: CardId| j.cards.iter().position(|c| c.id == id);
    serde_json::json!({
        "stages": j.stages.iter().map(|s| &s.name).collect::<Vec<_>>(),
        "lanes": j.lanes.iter().map(|l| (&l.name, l.kind)).collect::<Vec<_>>(),
        "cards": j.cards.iter().map(|c| (stage(c.stage), lane(c.lane), c.position, c.dots, &c.fields))
            .collect::<Vec<_>>(),
        "flows": j.flows.iter().map(|f| (card(f.from), card(f.to), f.kind, &f.label)).collect::<Vec<_>>(),
        "emotions": j.emotions.iter().map(|e| (e.persona, stage(e.stage), e.value)).collect::<Vec<_>>(),
        "voting": j.voting,
    })
}

fn add_empty_journey(p: &mut Project, name: &str) -> JourneyId {
    let journey = JourneyId::new();
    let index = p.journeys().len();
    p.apply(&Command::AddJourney {
        journey,
        name: name.into(),
        index,
    })
    .unwrap();
    journey
}

#[test]
fn moving_a_journey_reorders_and_undo_puts_it_back() {
    let mut p = sample::grocery();
    let second = add_empty_journey(&mut p, "Returns");
    let third = add_empty_journey(&mut p, "Delivery");
    let before = p.clone();

    let applied = p
        .apply(&Command::MoveJourney {
            journey: third,
            index: 0,
        })
        .unwrap();
    assert_eq!(
        names(&p),
        ["Delivery", sample::JOURNEY_NAME, "Returns"],
        "moved to the front"
    );
    assert!(applied.changes.contains(&Change::Journeys));
    assert_eq!(
        applied.inverse,
        Command::MoveJourney {
            journey: third,
            index: 2
        }
    );
    p.apply(&applied.inverse).unwrap();
    assert_eq!(p, before);

    // Refused like MoveStage: an unknown journey, a position past the end; nothing changes.
    for (journey, index) in [(JourneyId::new(), 0), (second, 3)] {
        let error = p
            .apply(&Command::MoveJourney { journey, index })
            .unwrap_err();
        assert!(
            matches!(
                error,
                CommandError::UnknownJourney(_)
                    | CommandError::IndexOutOfRange { index: 3, max: 2 }
            ),
            "{error}"
        );
        assert_eq!(p, before);
    }
}

#[test]
fn a_copied_journey_has_fresh_ids_and_the_same_structure() {
    let mut p = sample::grocery();
    let original = p.journeys()[0].id();
    let card = p.journeys()[0].cards_in_order().next().unwrap().id;
    p.apply(&Command::Batch {
        label: "votes".into(),
        commands: vec![
            Command::SetVoting {
                journey: original,
                voting: Some(Voting {
                    dots_per_person: 3,
                    open: true,
                }),
            },
            Command::SetDots {
                journey: original,
                card,
                dots: 2,
            },
        ],
    })
    .unwrap();
    add_empty_journey(&mut p, "Returns");
    let personas_before = p.personas().to_vec();
    let before = p.clone();

    let copy = JourneyId::new();
    let command = p
        .copy_journey_command(original, copy, "Groceries, variant")
        .unwrap();
    let applied = p.apply(&command).unwrap();
    assert_eq!(
        names(&p),
        [sample::JOURNEY_NAME, "Groceries, variant", "Returns"],
        "the copy comes right after its original"
    );
    assert_eq!(
        p.personas(),
        personas_before,
        "the copy's emotions are of the same personas"
    );
    let data = p.to_data();
    let (a, b) = (&data.journeys[0], &data.journeys[1]);
    assert_eq!(b.id, copy);
    assert!(ids_of(a).is_disjoint(&ids_of(b)), "every id is fresh");
    assert_eq!(structure(a), structure(b));
    assert_eq!(b.emotions.len(), 12);
    assert_eq!(b.voting, a.voting);

    // One undo step takes the whole copy away.
    p.apply(&applied.inverse).unwrap();
    assert_eq!(p, before);
    let unknown = JourneyId::new();
    assert_eq!(
        p.copy_journey_command(unknown, JourneyId::new(), "x"),
        Err(CommandError::UnknownJourney(unknown))
    );
}

#[test]
fn every_builtin_template_applies_cleanly_and_passes_the_check() {
    let templates = templates::builtin();
    assert!(templates.len() >= 8);
    let mut names = HashSet::new();
    let mut project = Project::new();
    for template in &templates {
        assert!(names.insert(template.name()), "{} twice", template.name());
        assert!(!template.description().is_empty(), "{}", template.name());
        let id = JourneyId::new();
        let index = project.journeys().len();
        project
            .apply(&template.add_command(&project, id, template.name(), index))
            .unwrap_or_else(|e| panic!("{}: {e}", template.name()));
        let journey = project.journey(id).unwrap();
        let findings = journey.check(PathLimits::default());
        assert_eq!(
            findings.problem_count(),
            0,
            "{}: {findings:?}",
            template.name()
        );
        assert!(findings.happy_path.is_some(), "{}", template.name());
        assert!(journey.stages().len() >= 4, "{}", template.name());
        assert!(journey.card_count() >= 15, "{}", template.name());
        assert!(journey.flow_count() >= 10, "{}", template.name());
    }
    let blueprint = templates
        .iter()
        .find(|t| t.name() == "Service blueprint")
        .unwrap();
    let kinds: Vec<LaneKind> = blueprint.journey().lanes.iter().map(|l| l.kind).collect();
    for kind in [
        LaneKind::Touchpoints,
        LaneKind::Actions,
        LaneKind::Frontstage,
        LaneKind::Backstage,
        LaneKind::Support,
    ] {
        assert!(kinds.contains(&kind), "{kind}");
    }
    assert_eq!(blueprint.journey().lanes[0].name, "Physical evidence");
}

#[test]
fn a_journey_saved_as_a_template_reads_back_and_adds_to_another_project() {
    let mut p = sample::grocery();
    let journey = p.journeys()[0].id();
    let card = p.journeys()[0].cards_in_order().next().unwrap().id;
    p.apply(&Command::SetDots {
        journey,
        card,
        dots: 4,
    })
    .unwrap();
    let template =
        Template::of_journey(&p, journey, "Weekly shop", "Our grocery journey.").unwrap();
    assert_eq!(template.name(), "Weekly shop");
    assert!(
        template.journey().cards.iter().all(|c| c.dots == 0),
        "votes are left out"
    );
    let text = template.to_json();
    assert!(text.contains("\"format\": \"waymark.project/1\""));
    let read = Template::from_json(&text).unwrap();
    assert_eq!(read, template);

    // Into an empty project: the personas its emotions name come with it, under fresh ids.
    let mut other = Project::new();
    let id = JourneyId::new();
    other
        .apply(&read.add_command(&other, id, "Shop", 0))
        .unwrap();
    assert_eq!(other.personas().len(), 2);
    assert!(other.persona(p.personas()[0].id).is_none());
    assert_eq!(other.journey(id).unwrap().card_count(), 41);
    // Into the project it came from: its own personas are used again.
    p.apply(&read.add_command(&p, JourneyId::new(), "Shop", 1))
        .unwrap();
    assert_eq!(p.personas().len(), 2);
    assert_eq!(p.to_data().journeys[1].emotions.len(), 12);

    assert_eq!(
        Template::of_journey(&p, journey, "  ", ""),
        Err(CommandError::Blank("template name"))
    );
}

#[test]
fn hostile_template_files_are_refused_with_a_reason() {
    let good = templates::builtin().remove(0).to_json();
    let two_journeys = {
        let mut value: serde_json::Value = serde_json::from_str(&good).unwrap();
        let journey = value["journeys"][0].clone();
        value["journeys"].as_array_mut().unwrap().push(journey);
        value.to_string()
    };
    let cases = [
        ("not json".to_owned(), "it is not Waymark JSON"),
        (
            good.replace("waymark.project/1", "waymark.project/9"),
            "its format is \"waymark.project/9\"",
        ),
        (two_journeys, "it holds 2 journeys"),
        (
            good.replacen("\"name\": \"Service blueprint\"", "\"name\": \"\"", 1),
            "must not be blank",
        ),
        (
            good.replacen("\"kind\": \"happy_path\"", "\"kind\": \"<script>\"", 1),
            "it is not Waymark JSON",
        ),
    ];
    for (text, reason) in cases {
        let error = Template::from_json(&text).unwrap_err().to_string();
        assert!(error.contains(reason), "{reason}: {error}");
    }
    // A flow whose card is not in the journey is refused by the same checks as any edit.
    let mut value: serde_json::Value = serde_json::from_str(&good).unwrap();
    value["journeys"][0]["flows"][0]["to"] = serde_json::json!(CardId::new());
    let error = Template::from_json(&value.to_string()).unwrap_err();
    assert!(
        matches!(&error, TemplateError::Invalid(e) if e.to_string().contains("no card")),
        "{error}"
    );
}
