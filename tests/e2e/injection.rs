//! Untrusted text never runs in the real app. A project built with the real CLI by `payload-project.mjs` holds
//! every script-injection payload of `payloads.json` in every place a colleague's file can put text (card titles,
//! descriptions, channels, owners and tags; stage, lane, journey and persona names; flow labels; comments,
//! replies and their authors; history authors and version names; imported survey files' names, their column
//! names, segment values and respondents' comments; the project file's own name) and a survey file of the same
//! kind waits to be imported. The app is opened on it, the survey's import panel first, and every view that shows
//! that text is visited: the import panel (columns, answers, cards by a column), the canvas, the legend's datasets
//! and segment filter, each payload card framed on the canvas with its details, comment threads and survey
//! comments, "Card payment"'s survey comments, a stage's channels, the Comments, Personas, Journeys, History (a
//! version compared), Check, Stages and lanes, Export and Dot voting panels, the command palette and another
//! journey.
//!
//! After each, nothing may have run (`window.__pwned`, `document.title`) and `probe.js` may find no element or
//! attribute a payload would have made — it reads the DOM only, so it also finds markup the app's Content Security
//! Policy kept from running. Nothing is installed in the page. The payloads must be there as text.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use waymark_e2e::*;

const PROBE: &str = include_str!("probe.js");

/// The payload project built in `dir` by the real CLI; its manifest (what went where).
fn build_payload_project(dir: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/payload-project.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(dir)
        .arg(cli_binary())
        .output()
        .expect("node runs (it builds the UI too)");
    assert!(
        output.status.success(),
        "payload-project.mjs: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the manifest is JSON")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// A payload as a command-line argument holds it (no NUL): as the CLI stored it.
fn stored(payload: &str) -> String {
    payload.replace('\0', "")
}

/// A text compared with what a one-line field shows (a text input drops line breaks).
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], "")
}

/// After a moment for handlers and loads to fire: no payload ran and none left markup in the document.
async fn assert_clean(client: &Client, view: &str) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let script = format!(
        "return {{ pwned: typeof window.__pwned, title: document.title, found: ({PROBE})(document) }}"
    );
    let result = client.execute(&script, vec![]).await.unwrap();
    assert_eq!(result["pwned"], "undefined", "a payload ran in {view}");
    assert_ne!(
        result["title"], "PWNED",
        "a payload set the title in {view}"
    );
    assert_eq!(
        result["found"],
        json!([]),
        "payload markup in {view}: {:#}",
        result["found"]
    );
}

/// Everything the element `css` shows as text: its text, its fields' values and its titles; "" while there is none.
async fn shown_in(client: &Client, css: &str) -> String {
    let script = r#"
        const el = document.querySelector(arguments[0]);
        if (!el) return "";
        const parts = [el.textContent];
        for (const f of el.querySelectorAll("input, textarea, select")) parts.push(f.value);
        for (const t of el.querySelectorAll("[title]")) parts.push(t.getAttribute("title"));
        return parts.join("\n");
    "#;
    client
        .execute(script, vec![json!(css)])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The texts of every element `css` finds.
async fn texts_of(client: &Client, css: &str) -> Vec<String> {
    let script = "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)";
    strings(&client.execute(script, vec![json!(css)]).await.unwrap())
}

/// Which of `expected` the element `css` does not show (compared as one-line fields show them).
async fn missing_in(client: &Client, css: &str, expected: &[String]) -> Vec<String> {
    let shown = one_line(&shown_in(client, css).await);
    expected
        .iter()
        .filter(|e| !shown.contains(&one_line(e)))
        .cloned()
        .collect()
}

/// Waits until the element `css` shows every one of `expected`.
async fn eventually_shows(client: &Client, css: &str, expected: &[String], what: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let missing = missing_in(client, css, expected).await;
        if missing.is_empty() {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{what} does not show {missing:#?}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
}

/// Opens a side panel with its shortcut (after taking focus out of any field, where shortcuts type instead).
async fn open_panel(client: &Client, modifiers: &[Key], key: char, label: &str) {
    blur(client).await;
    let css = format!("aside[aria-label='{label}']");
    if count(client, &css).await > 0 {
        press(client, &[], Key::Escape.into()).await;
    }
    press(client, modifiers, key).await;
    find(client, &css).await;
}

/// Clicks the element `css` in a side panel, scrolled to first as a user scrolls the panel (WebKitWebDriver does not
/// scroll a panel's own scrollbar).
async fn click_in_panel(client: &Client, css: &str) {
    let element = find(client, css).await;
    client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' })",
            vec![serde_json::to_value(&element).unwrap()],
        )
        .await
        .unwrap();
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
}

/// Focus out of any field: a click on the toolbar's file name, which takes no focus.
async fn blur(client: &Client) {
    find(client, ".toolbar .file-name")
        .await
        .click()
        .await
        .unwrap();
}

/// The `option` index of `value` in the select `css` (compared as stored).
async fn option_index(client: &Client, css: &str, value: &str) -> usize {
    let script = "return [...document.querySelector(arguments[0]).options].map((o) => o.value)";
    let values = strings(&client.execute(script, vec![json!(css)]).await.unwrap());
    values
        .iter()
        .position(|v| v == value)
        .unwrap_or_else(|| panic!("{css} offers no {value:?} among {values:#?}"))
}

async fn select(client: &Client, css: &str, value: &str) {
    let element = find(client, css).await;
    eventually(&format!("{css} is enabled"), || async {
        element.is_enabled().await.unwrap_or(false)
    })
    .await;
    let index = option_index(client, css, value).await;
    element.select_by_index(index).await.unwrap();
}

/// What the card `id` shows on the canvas and in its details, once both are there and show `title`.
async fn card_and_details(client: &Client, id: &str, title: &str) -> Value {
    let script = r#"
        const [id, title] = arguments;
        const node = document.querySelector(`[data-testid=card][data-card-id="${id}"]`);
        const panel = document.querySelector("aside[aria-label='Card details']");
        const heading = node?.querySelector(".card-title");
        const fields = panel ? [...panel.querySelectorAll("input, textarea")].map((f) => f.value) : [];
        const feedback = panel?.querySelector("[data-testid=comments]");
        if (!heading || heading.textContent !== title || !feedback) return null;
        return {
            tags: [...node.querySelectorAll(".card-tags span")].map((s) => s.textContent),
            hover: node.getAttribute("title"),
            fields,
            threads: panel.querySelector("[data-testid=card-comments]")?.textContent ?? "",
            feedback: feedback.textContent,
        };
    "#;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let found = client
            .execute(script, vec![json!(id), json!(title)])
            .await
            .unwrap();
        if !found.is_null() {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "card {title:?} is not framed with its details and feedback"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_payload_runs_or_becomes_markup_anywhere_in_the_app() {
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let m = build_payload_project(home.path());
    let payloads = strings(&m["payloads"]);
    assert!(payloads.len() >= 30, "{} payloads", payloads.len());
    let names: Vec<String> = payloads.iter().map(|p| stored(p)).collect();
    let file = m["file"].as_str().unwrap();
    let pending = m["pending"].as_str().unwrap();
    let columns = &m["columns"];
    let column = |key: &str| columns[key].as_str().unwrap().to_owned();

    let driver = Driver::start(home.path());
    let client = driver
        .session_with(&[file.as_ref(), "--import".as_ref(), pending.as_ref()])
        .await;

    // The import panel on a survey whose file name, columns and answers are payloads.
    let panel = "aside[aria-label='Import feedback']";
    find(&client, "select[aria-label='Score column']").await;
    let all_columns: Vec<String> = ["score", "comment", "segment", "card", "words"]
        .iter()
        .map(|k| column(k))
        .collect();
    eventually_shows(&client, panel, &all_columns, "the import panel").await;
    assert_clean(&client, "the import panel").await;
    // Its answers given as words: the payloads, as the score column.
    select(
        &client,
        "select[aria-label='Score column']",
        &column("words"),
    )
    .await;
    let answers = find(&client, "[data-testid=answers]").await;
    let in_answers = answers.text().await.unwrap();
    assert!(
        in_answers.contains("Answers given as words"),
        "{in_answers}"
    );
    eventually_shows(
        &client,
        "[data-testid=answers]",
        &payloads[..10],
        "the answers table",
    )
    .await;
    screenshot("injection-import-answers").await;
    assert_clean(&client, "the import panel's answers").await;
    // Rows matched to cards by a column of payloads; the cards offered for one are the payload cards.
    find(&client, "input[aria-label='The card a column names']")
        .await
        .click()
        .await
        .unwrap();
    select(
        &client,
        "select[aria-label='Card column']",
        &column("segment"),
    )
    .await;
    find(&client, "[data-testid=import-counts]").await;
    assert_clean(&client, "the import panel matching cards by a column").await;
    let cancel = client
        .find(Locator::XPath(
            "//aside[@aria-label='Import feedback']//button[normalize-space()='Cancel']",
        ))
        .await
        .unwrap();
    client
        .execute(
            // In the panel's sticky footer: scrolled to, as a user scrolls the panel to its end.
            "const panel = arguments[0].closest('aside'); panel.scrollTop = panel.scrollHeight; arguments[0].scrollIntoView({ block: 'nearest' })",
            vec![serde_json::to_value(&cancel).unwrap()],
        )
        .await
        .unwrap();
    cancel.click().await.unwrap();

    // The canvas, fitted to the whole map: every stage and lane header, the journey and file names.
    find(&client, "[data-testid=card]").await;
    assert_clean(&client, "the canvas").await;
    let stages = texts_of(&client, ".stage-name").await;
    let lanes = texts_of(&client, ".lane-name").await;
    for name in &names {
        assert!(stages.contains(name), "no stage header shows {name:?}");
        assert!(lanes.contains(name), "no lane header shows {name:?}");
    }
    let curves = client
        .execute(
            "return [...document.querySelectorAll('[data-testid=emotion-curve]')].map((c) => c.dataset.persona)",
            vec![],
        )
        .await
        .unwrap();
    let personas: Vec<String> = m["personas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    for name in &personas {
        assert!(
            strings(&curves).contains(name),
            "no emotion curve is {name:?}'s"
        );
    }
    let journeys = texts_of(&client, "select[aria-label='Journey'] option").await;
    assert_eq!(journeys, names, "the journey list");
    let file_name = Path::new(file).file_name().unwrap().to_string_lossy();
    let shown_file = shown_in(&client, ".toolbar .file-name").await;
    assert!(
        file_name.starts_with(shown_file.lines().next().unwrap()),
        "{shown_file:?} for {file_name:?}"
    );

    // The legend: the datasets by their file names, and the segment filter on a payload column and value.
    find(&client, "details.datasets > summary")
        .await
        .click()
        .await
        .unwrap();
    let datasets: Vec<String> = strings(&m["surveys"])
        .iter()
        .map(|s| {
            Path::new(s)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    eventually_shows(&client, "details.datasets", &datasets, "the datasets list").await;
    assert_clean(&client, "the legend's datasets").await;
    select(
        &client,
        "select[aria-label='Segment column']",
        &column("segment"),
    )
    .await;
    select(&client, "select[aria-label='Segment value']", &payloads[1]).await;
    let showing = format!("Showing: {} = {}", column("segment"), payloads[1]);
    eventually_shows(
        &client,
        "[data-testid=segment-showing]",
        &[showing],
        "the segment filter",
    )
    .await;
    eventually_shows(
        &client,
        "select[aria-label='Segment value']",
        &payloads,
        "the segment values",
    )
    .await;
    assert_clean(&client, "the legend's segment filter").await;
    screenshot("injection-legend").await;
    select(&client, "select[aria-label='Segment column']", "").await;

    // The Comments panel: every thread's card, first comment and author.
    open_panel(&client, &[Key::Control, Key::Shift], 'm', "Comments").await;
    let comments = m["comments"].as_array().unwrap();
    let listed: Vec<String> = comments
        .iter()
        .flat_map(|c| [&c["text"], &c["author"]])
        .map(|v| v.as_str().unwrap().to_owned())
        .chain(names.iter().cloned())
        .collect();
    eventually_shows(
        &client,
        "aside[aria-label='Comments']",
        &listed,
        "the Comments panel",
    )
    .await;
    assert_clean(&client, "the Comments panel").await;
    screenshot("injection-comments-panel").await;

    // Each payload card, framed on the canvas from its thread in the Comments panel, with its details.
    let cards = m["cards"].as_array().unwrap();
    for (i, (card, comment)) in cards.iter().zip(comments).enumerate() {
        let (id, title) = (
            card["id"].as_str().unwrap(),
            card["title"].as_str().unwrap(),
        );
        open_panel(&client, &[Key::Control, Key::Shift], 'm', "Comments").await;
        let thread = format!(
            "button[data-thread-id='{}']",
            comment["id"].as_str().unwrap()
        );
        click_in_panel(&client, &thread).await;
        let shown = card_and_details(&client, id, title).await;
        let view = format!("card {i} ({title:?}) on the canvas and in its details");
        assert_clean(&client, &view).await;
        let payload = &payloads[i];
        let description = if i == cards.len() - 1 {
            None // the very long one
        } else {
            Some(stored(payload))
        };
        assert_eq!(shown["tags"], json!([title, "payload"]), "{view}: tags");
        let fields = strings(&shown["fields"]);
        // Title, description, channel, owner, tags; then the comment boxes.
        assert_eq!(fields[0], one_line(title), "{view}: title field");
        if let Some(description) = &description {
            assert_eq!(&fields[1], description, "{view}: description");
            assert_eq!(
                shown["hover"],
                json!(description),
                "{view}: the card's tooltip"
            );
        } else {
            assert!(
                fields[1].chars().count() > 10_000,
                "{view}: long description"
            );
        }
        assert_eq!(fields[2], one_line(title), "{view}: channel");
        assert_eq!(fields[3], one_line(title), "{view}: owner");
        assert_eq!(
            fields[4],
            one_line(&format!("{title}, payload")),
            "{view}: tags field"
        );
        let threads = shown["threads"].as_str().unwrap();
        for key in ["text", "author", "reply", "replyAuthor"] {
            let expected = comment[key].as_str().unwrap();
            assert!(
                threads.contains(expected),
                "{view}: the thread lacks its {key} {expected:?}"
            );
        }
        let feedback = shown["feedback"].as_str().unwrap();
        assert!(
            feedback.contains(payload.as_str()),
            "{view}: the survey comment {payload:?} is not among {feedback:?}"
        );
        // The flow from this card to the next, labelled with the payload, drawn beside it.
        if i < cards.len() - 1 {
            let labels = texts_of(&client, ".flow-label").await;
            assert!(
                labels.contains(&names[i]),
                "{view}: no flow label {:?} among {labels:#?}",
                names[i]
            );
        }
        if i == 0 {
            screenshot("injection-card").await;
        }
        // A touchpoint's stage: its channels side by side (Ctrl+Shift+C), the payload channel among them.
        if i == 1 {
            open_panel(&client, &[Key::Control, Key::Shift], 'c', "Channels").await;
            eventually_shows(
                &client,
                "aside[aria-label='Channels']",
                std::slice::from_ref(&names[1]),
                "the Channels panel",
            )
            .await;
            assert_clean(&client, "the Channels panel").await;
        }
        press(&client, &[], Key::Escape.into()).await;
    }

    // "Card payment": every survey comment of the first survey.
    open_panel(&client, &[Key::Control, Key::Shift], 'm', "Comments").await;
    let thread = format!(
        "button[data-thread-id='{}']",
        m["cardPayment"]["thread"].as_str().unwrap()
    );
    find(&client, &thread).await.click().await.unwrap();
    eventually_shows(
        &client,
        "aside[aria-label='Card details'] [data-testid=comments]",
        &payloads[payloads.len() - 10..],
        "Card payment's survey comments",
    )
    .await;
    assert_clean(&client, "Card payment's survey comments").await;
    screenshot("injection-card-payment").await;
    press(&client, &[], Key::Escape.into()).await;

    // Personas (names and descriptions, NUL kept: they came as JSON), journeys, stages and lanes.
    open_panel(&client, &[Key::Control], 'p', "Personas").await;
    eventually_shows(
        &client,
        "aside[aria-label='Personas']",
        &personas,
        "the Personas panel",
    )
    .await;
    assert_clean(&client, "the Personas panel").await;
    screenshot("injection-personas").await;
    open_panel(&client, &[Key::Control, Key::Shift], 'j', "Journeys").await;
    eventually_shows(
        &client,
        "aside[aria-label='Journeys']",
        &names,
        "the Journeys panel",
    )
    .await;
    assert_clean(&client, "the Journeys panel").await;
    open_panel(&client, &[Key::Control], 'l', "Stages and lanes").await;
    eventually_shows(
        &client,
        "aside[aria-label='Stages and lanes']",
        &names,
        "the Stages and lanes panel",
    )
    .await;
    assert_clean(&client, "the Stages and lanes panel").await;

    // History: versions named by payloads, the newest edits' payload authors; a version compared with now.
    open_panel(&client, &[Key::Control, Key::Shift], 'h', "History").await;
    eventually_shows(
        &client,
        "aside[aria-label='History']",
        &names,
        "the History panel's versions",
    )
    .await;
    eventually_shows(
        &client,
        "[data-testid=history]",
        &names[..10],
        "the History panel's authors",
    )
    .await;
    assert_clean(&client, "the History panel").await;
    screenshot("injection-history").await;
    find(&client, ".version-list input[type=checkbox]")
        .await
        .click()
        .await
        .unwrap();
    find(&client, "[data-testid=comparison]").await;
    assert_clean(&client, "a version compared with now").await;
    find(&client, ".version-list input[type=checkbox]")
        .await
        .click()
        .await
        .unwrap();

    // Check: the findings name payload cards.
    open_panel(&client, &[Key::Control, Key::Shift], 'k', "Check").await;
    eventually_shows(
        &client,
        "[data-testid=check-findings]",
        &names[names.len() - 1..],
        "the Check panel",
    )
    .await;
    assert_clean(&client, "the Check panel").await;
    screenshot("injection-check").await;

    // Export (its preview is the SVG in an <img>), dot voting, the command palette.
    blur(&client).await;
    press(&client, &[], Key::Escape.into()).await;
    open_export_panel(&client).await;
    assert_clean(&client, "the Export panel").await;
    open_panel(&client, &[Key::Control], 'd', "Dot voting").await;
    assert_clean(&client, "the Dot voting panel").await;
    blur(&client).await;
    press(&client, &[Key::Control], 'k').await;
    find(&client, "[role=dialog][aria-label='Command palette']").await;
    assert_clean(&client, "the command palette").await;
    press(&client, &[], Key::Escape.into()).await;

    // Another journey, named by a payload, shown on the canvas.
    find(&client, "select[aria-label='Journey']")
        .await
        .select_by_index(1)
        .await
        .unwrap();
    eventually("the second journey is shown", || async {
        count(&client, "[data-testid=card]").await == 0
            && count(&client, "[data-testid=stage-header]").await > 0
    })
    .await;
    let chosen = texts_of(&client, "select[aria-label='Journey'] option:checked").await;
    assert_eq!(chosen, [names[1].clone()]);
    assert_clean(&client, "another journey").await;
    screenshot("injection-second-journey").await;
    client.close().await.unwrap();
}
