//! The real app, end to end: open the sample, add a card, move it, connect it, undo once, close, start the app
//! again on the same file, and find the changes (and the undo) persisted — in the window and in the file; then
//! export the map as SVG and PNG from the Export panel; import a survey export and see its score on the map.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use waymark_core::sample;
use waymark_e2e::*;
use waymark_store::Store;

const NEW_TITLE: &str = "Checks the fridge from the app";

#[tokio::test(flavor = "multi_thread")]
async fn edit_close_reopen_and_find_everything_persisted() {
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let driver = Driver::start(home.path());

    let client = driver.session(&file).await;
    card(&client, "Builds a basket").await;
    // The window, made hidden until its page has loaded, is shown.
    let shown = client
        .execute("return document.visibilityState", vec![])
        .await
        .unwrap();
    assert_eq!(shown, "visible");
    assert_eq!(count(&client, "[data-testid=card]").await, 41);
    assert_eq!(count(&client, "[data-testid=flow]").await, 36);
    screenshot("01-sample-open").await;

    // Add: pick a cell by clicking a card in it, then N, type the title, Enter.
    card(&client, "Builds a basket")
        .await
        .click()
        .await
        .unwrap();
    press(&client, &[], 'n').await;
    client
        .wait()
        .for_element(Locator::Css("input[aria-label='Card title']"))
        .await
        .unwrap();
    type_text(&client, NEW_TITLE).await;
    press(&client, &[], Key::Enter.into()).await;
    let added = card(&client, NEW_TITLE).await;
    assert_eq!(count(&client, "[data-testid=card]").await, 42);

    // Move: Alt+→ sends it one stage on, to "Check out".
    added.click().await.unwrap();
    press(&client, &[Key::Alt], Key::Right.into()).await;
    eventually("the card moves to Check out", || async {
        title_of_stage_holding(&client, NEW_TITLE).await.as_deref() == Some("Check out")
    })
    .await;

    // Connect: select it, Shift-click the slot picker, C.
    card(&client, NEW_TITLE).await.click().await.unwrap();
    shift_click(&client, &card(&client, "Delivery slot picker").await).await;
    press(&client, &[], 'c').await;
    eventually("a 37th flow", || async {
        count(&client, "[data-testid=flow]").await == 37
    })
    .await;
    screenshot("02-added-moved-connected").await;

    // Undo once: the flow goes, the card stays where it was moved.
    press(&client, &[Key::Control], 'z').await;
    eventually("the flow is undone", || async {
        count(&client, "[data-testid=flow]").await == 36
    })
    .await;
    client.close().await.unwrap();

    // The file holds exactly that, with the undone connect on the redo stack.
    {
        let store = Store::open(&file, "check").unwrap();
        let journey = &store.project().journeys()[0];
        let moved = journey
            .cards_in_order()
            .find(|c| c.fields.title == NEW_TITLE)
            .expect("the new card was saved");
        let stage = journey
            .stages()
            .iter()
            .find(|s| s.id == moved.cell.stage)
            .unwrap();
        assert_eq!(stage.name, "Check out");
        assert_eq!(journey.flow_count(), 36);
        // Add, retitle and move are undoable; the connect waits on the redo stack.
        assert_eq!(store.stack_depths().unwrap(), (3, 1));
    }

    // Start the app again on the same file.
    let client = driver.session(&file).await;
    card(&client, NEW_TITLE).await;
    assert_eq!(
        title_of_stage_holding(&client, NEW_TITLE).await.as_deref(),
        Some("Check out")
    );
    assert_eq!(count(&client, "[data-testid=flow]").await, 36);
    let redo = client
        .find(Locator::Css("button[data-action='edit.redo']"))
        .await
        .unwrap();
    assert_eq!(
        redo.attr("disabled").await.unwrap(),
        None,
        "the undone connect can be redone after a restart"
    );
    redo.click().await.unwrap();
    eventually("redo brings the flow back", || async {
        count(&client, "[data-testid=flow]").await == 37
    })
    .await;
    screenshot("03-reopened-and-redone").await;

    // Export: Ctrl+E opens the Export panel; Export writes beside the project and says where.
    open_export_panel(&client).await;
    for (format, magic) in [("svg", &b"<svg"[..]), ("png", &b"\x89PNG"[..])] {
        client
            .find(Locator::Css("select[aria-label='Format']"))
            .await
            .unwrap()
            .select_by_value(format)
            .await
            .unwrap();
        let exported = home
            .path()
            .join(format!("Ordering groceries online.{format}"));
        client
            .find(Locator::Css("[data-testid=export-run]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        eventually("the panel says where the export went", || async {
            let done = client.find(Locator::Css("[data-testid=export-done]")).await;
            match done {
                Ok(done) => done
                    .text()
                    .await
                    .is_ok_and(|t| t.contains(&exported.display().to_string())),
                Err(_) => false,
            }
        })
        .await;
        let bytes = std::fs::read(&exported).expect("the export is beside the project");
        assert!(bytes.starts_with(magic), "{format}");
        if format == "svg" {
            let svg = String::from_utf8(bytes).unwrap();
            // Titles wrap over two lines: look for the first words.
            assert!(
                svg.contains(">Checks the fridge"),
                "the export shows the card added in this session"
            );
        }
    }
    screenshot("04-export").await;
    client.close().await.unwrap();

    // Import feedback: the app started with `--import FILE` opens the import panel on it, suggests the mapping
    // (score `nps`, comment `explication`, one card), and the import puts a score badge on that card.
    let survey = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/waymark-feedback/tests/fixtures/nps_retail_fr_latin1.csv");
    let client = driver
        .session_with(&[file.as_os_str(), "--import".as_ref(), survey.as_os_str()])
        .await;
    let badge = import_from_panel(&client, "13954 rows read: 13612 to import").await;
    assert_eq!(badge.text().await.unwrap(), "+53 n=13612");
    screenshot("05-feedback-imported").await;
    client.close().await.unwrap();
    let store = Store::open(&file, "check").unwrap();
    let datasets = store.datasets().unwrap();
    assert_eq!(datasets.len(), 1);
    assert_eq!(
        (datasets[0].rows_read, datasets[0].rows_mapped),
        (13_954, 13_612)
    );
}

/// The name of the stage whose column holds the card titled `title`, read from the screen.
async fn title_of_stage_holding(client: &Client, title: &str) -> Option<String> {
    let script = r#"
        const title = arguments[0];
        const card = [...document.querySelectorAll("[data-testid=card]")]
            .find((c) => c.querySelector(".card-title")?.textContent.trim() === title);
        if (!card) return null;
        const x = card.getBoundingClientRect().left + card.getBoundingClientRect().width / 2;
        const header = [...document.querySelectorAll("[data-testid=stage-header]")].find((h) => {
            const r = h.getBoundingClientRect();
            return x >= r.left && x < r.right;
        });
        return header ? header.textContent.replace(/^\s*\d+\s*/, "").trim() : null;
    "#;
    let value = client
        .execute(script, vec![serde_json::json!(title)])
        .await
        .ok()?;
    value.as_str().map(str::to_owned)
}
