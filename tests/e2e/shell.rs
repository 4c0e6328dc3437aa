//! The desktop shell around the canvas, with the real app: a second launch hands its file to the running app
//! (single instance: a new window, no second process), and a window comes back at the size it was left at.
//! A test binary of its own, so no other test's app is running on the same D-Bus session meanwhile.

use std::process::Command;
use std::time::{Duration, Instant};
use waymark_core::sample;
use waymark_e2e::*;
use waymark_store::{Access, Store};

/// One app at a time: two apps on the same D-Bus session would be one instance.
static ONE_APP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_opens_its_file_in_the_running_app() {
    let _app = ONE_APP.lock().await;
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let first = project_file(home.path(), "first.waymark", &sample::grocery());
    let second = project_file(
        home.path(),
        "second.waymark",
        &sample::starter("Second journey"),
    );
    let driver = Driver::start(home.path());
    let client = driver.session(&first).await;
    card(&client, "Builds a basket").await;
    assert_eq!(client.windows().await.unwrap().len(), 1);

    // Launched again on another file, the app hands it to the running one and exits at once.
    let mut launch = Command::new(app_binary())
        .arg(&second)
        .envs(app_environment(home.path()))
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = launch.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = launch.kill();
            panic!("the second launch kept running instead of handing its file over");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        status.success(),
        "the second launch exits cleanly: {status}"
    );

    // The running app opened the file in a window of its own: it now holds the file's write lock, and the
    // first window is still there and still answers.
    eventually("the running app opens the second file", || async {
        matches!(
            Store::open(&second, "check").map(|s| s.access().clone()),
            Ok(Access::ReadOnly(_))
        )
    })
    .await;
    eventually("a second window", || async {
        client.windows().await.is_ok_and(|w| w.len() == 2)
    })
    .await;
    // Made hidden until its page has loaded, it is shown and has the focus (under Xvfb with no window manager a
    // window shown gets the focus anyway: this checks that it is shown).
    let first_window = client.window().await.unwrap();
    let second_window = client
        .windows()
        .await
        .unwrap()
        .into_iter()
        .find(|w| *w != first_window)
        .unwrap();
    client.switch_to_window(second_window).await.unwrap();
    eventually("the second window shown", || async {
        client
            .execute(
                "return document.visibilityState === 'visible' && document.hasFocus()",
                vec![],
            )
            .await
            .is_ok_and(|shown| shown == true)
    })
    .await;
    client.switch_to_window(first_window).await.unwrap();
    card(&client, "Builds a basket").await;
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_comes_back_at_the_size_it_was_left_at() {
    let _app = ONE_APP.lock().await;
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "groceries.waymark", &sample::grocery());
    let driver = Driver::start(home.path());

    let client = driver.session(&file).await;
    card(&client, "Builds a basket").await;
    client.set_window_size(1000, 700).await.unwrap();
    eventually("the window takes the new size", || async {
        client
            .get_window_size()
            .await
            .is_ok_and(|s| s == (1000, 700))
    })
    .await;
    // As a user would, stay a moment after resizing: the app saves the geometry when the resizing has settled.
    tokio::time::sleep(Duration::from_secs(1)).await;
    client.close().await.unwrap();

    let client = driver.session(&file).await;
    card(&client, "Builds a basket").await;
    let size = client.get_window_size().await.unwrap();
    assert_eq!(
        size,
        (1000, 700),
        "the window opens at the size it was closed at"
    );
    client.close().await.unwrap();
}

/// The app sets WebKit's web process up before it starts (`src-tauri/src/main.rs`), as its environment shows (the
/// harness removes both variables from the environment it passes on): with no GPU render node the user can open it
/// draws on the CPU (`rendering.rs`: the DMA-BUF renderer turned off; with one, WebKit's default is left alone),
/// and JavaScriptCore is given the heap growth of `script_heap.rs`.
#[tokio::test(flavor = "multi_thread")]
async fn the_web_process_starts_with_the_apps_webkit_settings() {
    let _app = ONE_APP.lock().await;
    no_app_running().await;
    let home = tempfile::tempdir().unwrap();
    let file = project_file(home.path(), "map.waymark", &sample::grocery());
    let driver = Driver::start(home.path());
    let client = driver.session(&file).await;
    card(&client, "Builds a basket").await;

    let usable_gpu = std::fs::read_dir("/dev/dri").is_ok_and(|nodes| {
        nodes.flatten().any(|node| {
            node.file_name().to_string_lossy().starts_with("renderD")
                && std::fs::File::options()
                    .read(true)
                    .write(true)
                    .open(node.path())
                    .is_ok()
        })
    });
    // This test's web process: the one started with this test's config folder.
    let environments: Vec<Vec<String>> = processes_with_home("WebKitWebProces", home.path())
        .into_iter()
        .filter_map(|p| std::fs::read(p.join("environ")).ok())
        .map(|raw| {
            raw.split(|&b| b == 0)
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    client.close().await.unwrap();
    assert_eq!(
        environments.len(),
        1,
        "one web process for the app's window"
    );
    let has = |setting: &str| environments[0].iter().any(|v| v == setting);
    assert_eq!(
        has("WEBKIT_DISABLE_DMABUF_RENDERER=1"),
        !usable_gpu,
        "the DMA-BUF renderer is off exactly when the machine has no GPU the user can open"
    );
    assert!(
        has("JSC_heapGrowthMaxIncrease=0.5"),
        "the web process's environment holds the app's JavaScriptCore heap growth"
    );
}
