//! The recent-files list: the paths a user chose in a dialog or on the command line, newest first. A path the UI
//! asks to open must be on this list, so the UI can never name a file the user did not pick.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const KEEP: usize = 10;

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Recent {
    paths: Vec<PathBuf>,
}

impl Recent {
    /// Reads the list from `file`; a missing or unreadable list is an empty one.
    pub fn load(file: &Path) -> Recent {
        std::fs::read(file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(
            file,
            serde_json::to_vec_pretty(self).expect("paths serialize"),
        )
    }

    /// Puts `path` first, once.
    pub fn touch(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
        self.paths.insert(0, path.to_owned());
        self.paths.truncate(KEEP);
    }

    pub fn forget(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.paths.iter().any(|p| p == path)
    }

    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates_and_bounded() {
        let mut recent = Recent::default();
        for i in 0..12 {
            recent.touch(Path::new(&format!("/p/{i}.waymark")));
        }
        recent.touch(Path::new("/p/5.waymark"));
        assert_eq!(recent.paths().len(), KEEP);
        assert_eq!(recent.paths()[0], Path::new("/p/5.waymark"));
        assert_eq!(recent.paths()[1], Path::new("/p/11.waymark"));
        assert_eq!(
            recent
                .paths()
                .iter()
                .filter(|p| p.ends_with("5.waymark"))
                .count(),
            1
        );
        assert!(
            !recent.contains(Path::new("/p/0.waymark")),
            "the oldest fell off"
        );
    }

    #[test]
    fn survives_a_round_trip_and_a_garbled_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config/recent.json");
        let mut recent = Recent::default();
        recent.touch(Path::new("/a.waymark"));
        recent.save(&file).unwrap();
        assert_eq!(Recent::load(&file), recent);
        std::fs::write(&file, b"{not json").unwrap();
        assert_eq!(Recent::load(&file), Recent::default());
    }
}
