//! Waymark files in a real git repository, end to end: `waymark git-setup`, branches that edit one project apart,
//! `git merge` through Waymark's merge driver (clean, and with a conflict), and `git diff` / `git log -p` through
//! its textconv.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WAYMARK: &str = env!("CARGO_BIN_EXE_waymark");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A repository in a temporary folder; git and waymark run there with no user or system configuration.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("maps");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        let repo = Repo {
            _dir: dir,
            root,
            home,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test Author"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(&self.root)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CEILING_DIRECTORIES", self.root.parent().unwrap())
            .env("WAYMARK_AUTHOR", "git-test")
            .env("GIT_PAGER", "cat")
            .env("LC_ALL", "C");
        command
    }

    /// Runs git; the output, whatever the exit.
    fn try_git(&self, args: &[&str]) -> Output {
        self.command("git", args).output().unwrap()
    }

    /// Runs git, which must succeed; its standard output.
    fn git(&self, args: &[&str]) -> String {
        let output = self.try_git(args);
        assert!(
            output.status.success(),
            "git {args:?} failed:\n{}{}",
            text(&output.stdout),
            text(&output.stderr)
        );
        text(&output.stdout)
    }

    fn try_waymark(&self, args: &[&str]) -> Output {
        self.command(WAYMARK, args).output().unwrap()
    }

    fn waymark(&self, args: &[&str]) -> String {
        let output = self.try_waymark(args);
        assert!(
            output.status.success(),
            "waymark {args:?} failed: {}",
            text(&output.stderr)
        );
        text(&output.stdout)
    }

    fn file(&self) -> PathBuf {
        self.root.join("journey.waymark")
    }

    /// The sample project committed on main, and git set up for Waymark (its .gitattributes committed too).
    fn with_project() -> Repo {
        let repo = Repo::new();
        repo.waymark(&["new", "journey.waymark", "--sample"]);
        repo.git(&["add", "journey.waymark"]);
        repo.git(&["commit", "-q", "-m", "The sample journey"]);
        repo.waymark(&["git-setup"]);
        repo.git(&["add", ".gitattributes"]);
        repo.git(&[
            "commit",
            "-q",
            "-m",
            "Waymark merges and diffs .waymark files",
        ]);
        repo
    }

    fn show_json(&self) -> Value {
        serde_json::from_str(&self.waymark(&["show", "journey.waymark", "--json"])).unwrap()
    }

    fn card(&self, title: &str) -> Value {
        self.show_json()["journeys"][0]["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["title"] == title)
            .unwrap_or_else(|| panic!("no card \"{title}\""))
            .clone()
    }

    /// Sets one field of the card titled `title` (`waymark apply`: there is no update-card subcommand).
    fn update_card(&self, title: &str, field: &str, value: &str) {
        let journey = self.show_json()["journeys"][0]["id"].clone();
        let card = self.card(title);
        let mut fields = json!({});
        for name in ["title", "description", "kind", "channel", "owner", "tags"] {
            fields[name] = card[name].clone();
        }
        fields[field] = json!(value);
        let command =
            json!({"op": "update_card", "journey": journey, "card": card["id"], "fields": fields});
        let path = self.home.join("command.json");
        std::fs::write(&path, command.to_string()).unwrap();
        self.waymark(&["apply", "journey.waymark", path.to_str().unwrap()]);
    }

    fn commit_all(&self, message: &str) {
        self.git(&["commit", "-q", "-a", "-m", message]);
    }
}

#[test]
fn git_setup_registers_the_driver_and_textconv_once() {
    let repo = Repo::new();
    std::fs::write(repo.root.join(".gitattributes"), "*.png binary").unwrap();
    let said = repo.waymark(&["git-setup"]);
    let exe = Path::new(WAYMARK).canonicalize().unwrap();
    let quoted = format!("\"{}\"", exe.display());
    let attributes = repo.root.join(".gitattributes");
    let config = repo.root.join(".git").join("config");
    assert_eq!(
        said,
        format!(
            "Added to {}: *.waymark merge=waymark diff=waymark\n\
             Set in {}:\n  merge.waymark.name = Waymark three-way merge\n  \
             merge.waymark.driver = {quoted} merge-driver %O %A %B %P\n  \
             diff.waymark.textconv = {quoted} textconv\n\
             Commit .gitattributes so other clones merge .waymark files too; each clone runs waymark git-setup once.\n",
            attributes.display(),
            config.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&attributes).unwrap(),
        "*.png binary\n*.waymark merge=waymark diff=waymark\n"
    );
    assert_eq!(
        repo.git(&["config", "merge.waymark.driver"]).trim_end(),
        format!("{quoted} merge-driver %O %A %B %P")
    );
    assert_eq!(
        repo.git(&["config", "diff.waymark.textconv"]).trim_end(),
        format!("{quoted} textconv")
    );
    assert_eq!(
        repo.git(&["check-attr", "merge", "diff", "--", "a.waymark"]),
        "a.waymark: merge: waymark\na.waymark: diff: waymark\n"
    );
    // Again, from a subfolder: the line is not added twice.
    std::fs::create_dir(repo.root.join("sub")).unwrap();
    let mut again = repo.command(WAYMARK, &["git-setup"]);
    let output = again.current_dir(repo.root.join("sub")).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).starts_with(&format!(
        "{} already has: *.waymark merge=waymark diff=waymark\n",
        attributes.display()
    )));
    assert_eq!(
        std::fs::read_to_string(&attributes).unwrap(),
        "*.png binary\n*.waymark merge=waymark diff=waymark\n"
    );

    // Outside a repository: one sentence, a failing exit, nothing written.
    let outside = repo.home.join("not-a-repo");
    std::fs::create_dir(&outside).unwrap();
    let output = repo
        .command(WAYMARK, &["git-setup"])
        .current_dir(&outside)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    let message = text(&output.stderr);
    assert!(
        message.starts_with("waymark: this is not inside a git work tree")
            && message.lines().count() == 1,
        "{message}"
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

#[test]
fn git_merge_of_two_branches_is_clean_and_holds_both_branches_edits() {
    let repo = Repo::with_project();
    repo.git(&["checkout", "-q", "-b", "rename"]);
    repo.update_card("Card payment", "title", "Pay by card");
    repo.waymark(&[
        "add-card",
        "journey.waymark",
        "--stage",
        "Check out",
        "--lane",
        "Web",
        "--title",
        "Pay with Wero",
    ]);
    repo.commit_all("Pay by card, and Wero");

    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["checkout", "-q", "-b", "describe"]);
    repo.update_card("Sign-up form", "description", "Three fields only.");
    repo.waymark(&[
        "add-card",
        "journey.waymark",
        "--stage",
        "Delivery",
        "--lane",
        "Email & SMS",
        "--title",
        "Driver ETA text",
    ]);
    repo.commit_all("Sign-up described, ETA texts");

    repo.git(&["checkout", "-q", "rename"]);
    let merged = repo.try_git(&["merge", "--no-edit", "describe"]);
    let said = format!("{}{}", text(&merged.stdout), text(&merged.stderr));
    assert!(merged.status.success(), "{said}");
    assert!(
        said.contains("waymark: merged journey.waymark cleanly"),
        "{said}"
    );
    // A merge commit with both branches as parents, and nothing left over.
    let parents = repo.git(&["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "{parents}");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");

    let shown = repo.waymark(&["show", "journey.waymark"]);
    for expected in ["Pay by card", "Pay with Wero", "Driver ETA text"] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
    assert_eq!(
        repo.card("Sign-up form")["description"],
        "Three fields only."
    );
    let history = repo.waymark(&["history", "journey.waymark"]);
    assert!(
        history.lines().next().unwrap().contains("merge "),
        "{history}"
    );

    // The branches go on apart and meet again: the second merge takes only what is new.
    repo.git(&["checkout", "-q", "describe"]);
    repo.update_card("Driver ETA text", "title", "Driver ETA text and live map");
    repo.commit_all("Live map");
    repo.git(&["checkout", "-q", "rename"]);
    repo.waymark(&["delete-card", "journey.waymark", "Pay with Wero"]);
    repo.commit_all("No Wero after all");
    let merged = repo.try_git(&["merge", "--no-edit", "describe"]);
    let said = format!("{}{}", text(&merged.stdout), text(&merged.stderr));
    assert!(merged.status.success(), "{said}");
    let shown = repo.waymark(&["show", "journey.waymark"]);
    assert!(shown.contains("Driver ETA text and live map"), "{shown}");
    assert!(
        shown.contains("Pay by card") && !shown.contains("Pay with Wero"),
        "{shown}"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn git_merge_of_one_card_retitled_differently_stops_with_a_conflict_and_keeps_ours() {
    let repo = Repo::with_project();
    let id = repo.card("Sign-up form")["id"].clone();
    repo.git(&["checkout", "-q", "-b", "ours"]);
    repo.update_card("Sign-up form", "title", "Register");
    repo.commit_all("Register");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    repo.update_card("Sign-up form", "title", "Join");
    repo.commit_all("Join");

    repo.git(&["checkout", "-q", "ours"]);
    let merged = repo.try_git(&["merge", "--no-edit", "theirs"]);
    let said = format!("{}{}", text(&merged.stdout), text(&merged.stderr));
    assert_eq!(merged.status.code(), Some(1), "{said}");
    assert!(
        said.contains("CONFLICT") && said.contains("journey.waymark"),
        "{said}"
    );
    assert!(
        said.contains("waymark: journey.waymark: 1 conflict(s) (card \"Register\" title)"),
        "{said}"
    );
    assert!(
        repo.git(&["status", "--porcelain"])
            .contains("UU journey.waymark")
    );

    // The work-tree file is a project that opens, holding ours, with the conflict recorded.
    let shown = repo.waymark(&["show", "journey.waymark"]);
    assert!(
        shown.contains("Register") && !shown.contains("Join"),
        "{shown}"
    );
    let store = waymark_store::Store::open(&repo.file(), "git-test").unwrap();
    let conflicts = store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0].conflict;
    assert_eq!(
        (c.item.id.as_str(), c.field.as_str()),
        (id.as_str().unwrap(), "title")
    );
    assert_eq!(
        [&c.base, &c.ours, &c.theirs],
        [
            &Some(json!("Sign-up form")),
            &Some(json!("Register")),
            &Some(json!("Join"))
        ]
    );
    drop(store);
    // Taking it as it is ends the merge.
    repo.git(&["add", "journey.waymark"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    assert_eq!(
        repo.git(&["log", "-1", "--format=%P"])
            .split_whitespace()
            .count(),
        2
    );
}

#[test]
fn git_diff_shows_a_retitled_card_as_one_changed_line_and_log_p_works() {
    let repo = Repo::with_project();
    repo.update_card("Card payment", "title", "Pay by card");
    let diff = repo.git(&["diff"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(changed.len(), 2, "{diff}");
    assert!(
        changed[0].starts_with("-  card ") && changed[0].contains("title=\"Card payment\""),
        "{diff}"
    );
    assert!(
        changed[1].starts_with("+  card ") && changed[1].contains("title=\"Pay by card\""),
        "{diff}"
    );
    assert!(!diff.contains("Binary files"), "{diff}");

    repo.commit_all("Pay by card");
    let log = repo.git(&["log", "-p"]);
    assert!(
        log.contains("+  card ") && log.contains("title=\"Pay by card\""),
        "{log}"
    );
    // The first commit's patch is the whole project as text.
    assert!(log.contains("+project "), "{log}");
    assert!(log.contains("+journey "), "{log}");
}
