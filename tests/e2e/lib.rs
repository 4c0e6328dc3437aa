//! Drives the real Waymark app: starts `tauri-driver` (which starts Debian's WebKitWebDriver, which starts the
//! built `waymark-app` binary) and talks WebDriver to it with fantoccini. Needs a display (Xvfb in CI) and a D-Bus
//! session bus; `.ci/run` provides both.

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MOUSE_BUTTON_LEFT, MouseActions, PointerAction,
};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The app binary `.ci/run` builds before the tests (debug profile, UI embedded), or `$WAYMARK_APP`.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("WAYMARK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/waymark-app")
        });
    assert!(
        path.exists(),
        "{} is missing: build it first with `cargo build -p waymark-app`",
        path.display()
    );
    path
}

/// The `waymark` command `.ci/run` builds before the tests, or `$WAYMARK_CLI`.
pub fn cli_binary() -> PathBuf {
    let path = std::env::var_os("WAYMARK_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/waymark"));
    assert!(
        path.exists(),
        "{} is missing: build it first with `cargo build -p waymark-cli`",
        path.display()
    );
    path
}

/// Runs the `waymark` command; fails the test, with its error, when it fails.
pub fn waymark(args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(cli_binary())
        .args(args)
        .env("WAYMARK_AUTHOR", "e2e")
        .output()
        .expect("the waymark command runs");
    assert!(
        output.status.success(),
        "waymark {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Waits until the last test's app has exited: one still shutting down would take the next launch as its second
/// instance.
pub async fn no_app_running() {
    let running = || {
        std::fs::read_dir("/proc").unwrap().flatten().any(|e| {
            std::fs::read_to_string(e.path().join("comm")).is_ok_and(|c| c.trim() == "waymark-app")
        })
    };
    let started = Instant::now();
    while running() && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Where screenshots of test runs go (git-ignored).
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A new project file `name` in `dir` holding `project`, written the way the app writes one.
pub fn project_file(dir: &Path, name: &str, project: &waymark_core::Project) -> PathBuf {
    let path = dir.join(name);
    drop(waymark_store::Store::create(&path, project, "e2e").expect("the project file is written"));
    path
}

/// The environment the app runs in: its config and data under `home`, so a test never sees the user's. WebKit's
/// renderer is left to the app (`src-tauri/src/rendering.rs`), as when a user launches it: on a machine with a GPU
/// the tests then run it under Xvfb with the DMA-BUF renderer.
pub fn app_environment(home: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    vec![
        ("XDG_CONFIG_HOME", home.join("config").into()),
        ("XDG_DATA_HOME", home.join("data").into()),
        ("XDG_CACHE_HOME", home.join("cache").into()),
        ("WAYMARK_AUTHOR", "e2e".into()),
    ]
}

/// A running tauri-driver, stopped with SIGTERM on drop (SIGKILL would leave WebKitWebDriver running); an app it
/// started that is still running then (a test failed before closing its session) is killed, so it cannot take the
/// next test's launch as its second instance.
pub struct Driver {
    child: Child,
    pub port: u16,
    home: PathBuf,
}

impl Driver {
    /// Starts tauri-driver on a free port, with the app's config and data under `home`.
    pub fn start(home: &Path) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let child = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .envs(app_environment(home))
            // What the app sets for WebKit itself (shell.rs checks it), not inherited from whoever runs the tests.
            .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
            .env_remove("JSC_heapGrowthMaxIncrease")
            // Lets WebKitWebDriver drive the first webview (tauri-runtime-wry reads it).
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver starts (cargo install tauri-driver --locked)");
        // tauri-driver passes each request on to WebKitWebDriver, which it starts beside itself, and drops the
        // connection if that one is not listening yet (seen once on a first, cold start): wait for both.
        let deadline = Instant::now() + Duration::from_secs(20);
        for listener in [port, native_port] {
            while TcpStream::connect(("127.0.0.1", listener)).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "tauri-driver or WebKitWebDriver did not listen on port {listener}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Driver {
            child,
            port,
            home: home.to_owned(),
        }
    }

    /// A WebDriver session: the app started on `file`.
    pub async fn session(&self, file: &Path) -> Client {
        self.session_with(&[file.as_os_str()]).await
    }

    /// A WebDriver session: the app started with these arguments.
    pub async fn session_with(&self, args: &[&std::ffi::OsStr]) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({
                "application": app_binary(),
                "args": args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>(),
            }),
        );
        ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session with the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        for app in processes_with_home("waymark-app", &self.home) {
            let pid = app
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
    }
}

/// The `/proc` folders of the running processes called `name` (as `comm` has it: `waymark-app`, `WebKitWebProces`)
/// whose config lives under `home`: the ones a driver started with that home, and their web processes.
pub fn processes_with_home(name: &str, home: &Path) -> Vec<PathBuf> {
    let config = format!("XDG_CONFIG_HOME={}", home.join("config").display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| std::fs::read_to_string(p.join("comm")).is_ok_and(|c| c.trim() == name))
        .filter(|p| {
            std::fs::read(p.join("environ"))
                .is_ok_and(|env| env.split(|&b| b == 0).any(|v| v == config.as_bytes()))
        })
        .collect()
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until `check` is true, or fails naming `what`.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(15);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The card whose title is `title`.
pub async fn card(client: &Client, title: &str) -> Element {
    let xpath = format!(
        "//div[@data-testid='card'][.//div[@class='card-title'][normalize-space()='{title}']]"
    );
    client
        .wait()
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("card '{title}': {e}"))
}

pub async fn count(client: &Client, css: &str) -> usize {
    client
        .find_all(Locator::Css(css))
        .await
        .map(|v| v.len())
        .unwrap_or(0)
}

/// Presses keys as a user would: `modifiers` held while `key` is pressed.
pub async fn press(client: &Client, modifiers: &[Key], key: char) {
    let mut keys = KeyActions::new("keyboard".into());
    for &m in modifiers {
        keys = keys.then(KeyAction::Down { value: m.into() });
    }
    keys = keys
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    for &m in modifiers.iter().rev() {
        keys = keys.then(KeyAction::Up { value: m.into() });
    }
    client.perform_actions(keys).await.expect("keys pressed");
    client.release_actions().await.expect("keys released");
}

/// Types text into whatever has focus.
pub async fn type_text(client: &Client, text: &str) {
    let mut keys = KeyActions::new("keyboard".into());
    for c in text.chars() {
        keys = keys
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    client.perform_actions(keys).await.expect("text typed");
}

/// Clicks an element with Shift held (adds it to the selection).
pub async fn shift_click(client: &Client, element: &Element) {
    let shift: char = Key::Shift.into();
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: shift })
        .pause(Duration::ZERO)
        .pause(Duration::ZERO)
        .pause(Duration::ZERO)
        .then(KeyAction::Up { value: shift });
    let mouse = MouseActions::new("mouse".into())
        .pause(Duration::ZERO)
        .then(PointerAction::MoveToElement {
            element: element.clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client
        .perform_actions(fantoccini::actions::Actions::from(keys).and(mouse))
        .await
        .expect("shift-click");
    client.release_actions().await.expect("released");
}

/// Waits for the import panel's preview to say `counts`, then imports (the panel is taller than the window: the
/// button is brought into view first, as a user scrolls to it) and waits for a score badge on the canvas.
pub async fn import_from_panel(client: &Client, counts: &str) -> Element {
    let shown = client
        .wait()
        .for_element(Locator::Css("[data-testid=import-counts]"))
        .await
        .unwrap();
    eventually("the preview counts the rows", || async {
        shown.text().await.is_ok_and(|t| t.contains(counts))
    })
    .await;
    let run = client
        .find(Locator::Css("[data-testid=import-run]"))
        .await
        .unwrap();
    client
        .execute(
            // The button sits in the panel's sticky footer: scroll the panel to its end so the footer rests there.
            "const panel = arguments[0].closest('aside'); panel.scrollTop = panel.scrollHeight; arguments[0].scrollIntoView({ block: 'nearest' })",
            vec![serde_json::to_value(&run).unwrap()],
        )
        .await
        .unwrap();
    run.click().await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("[data-testid=score-badge]"))
        .await
        .unwrap()
}

/// Opens the Export panel (Ctrl+E) and waits for its preview.
pub async fn open_export_panel(client: &Client) {
    press(client, &[Key::Control], 'e').await;
    client
        .wait()
        .for_element(Locator::Css("[data-testid=export-preview] img"))
        .await
        .unwrap();
}

/// A screenshot of the whole X display, window frame included. (WebKitWebDriver's own screenshot command hangs
/// under Xvfb without GPU compositing, so the picture is taken from the X server with ImageMagick.)
pub async fn screenshot(name: &str) {
    let path = screenshot_dir().join(format!("{name}.png"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status()
        .expect("ImageMagick's import runs");
    assert!(
        status.success() && path.exists(),
        "screenshot {name} was not written"
    );
}
