//! The whole file's integrity check, remembered outside the file for the exact content it passed, so that a project
//! checked once is not checked again at every open (1.2 s at ten million responses).
//!
//! A passed check is remembered as one line of `checked-files` in the user's cache folder (`$WAYMARK_CACHE_DIR`,
//! else `$XDG_CACHE_HOME/waymark` or `~/.cache/waymark`; `~/Library/Caches/Waymark` on macOS), keyed by what the
//! kernel says identifies the file's content: device, inode, size, modification and change times to the
//! nanosecond, and a hash of SQLite's 100-byte header (its change counter, page count, schema cookie and freelist).
//! Any write to the file — through SQLite or not, in place or by replacing it — moves its change time, which no
//! user can set back, so the key no longer matches and the next bulk read checks again. Only passes are remembered,
//! never read from the project file, so a hostile file cannot claim one.
//!
//! The key is only as good as the change time, so nothing is remembered:
//! - on file systems whose times the kernel does not keep itself (removable FAT or exFAT media, network shares,
//!   FUSE): only ext2/3/4, XFS, Btrfs, F2FS, ZFS, bcachefs, tmpfs and overlayfs on Linux, APFS and HFS+ on macOS,
//!   and nothing on other systems (Windows' "ctime" is the creation time);
//! - for a file changed less than [`SETTLED`] before it is keyed: a second change within the same tick of the file
//!   system's clock would leave both times as they were (the "racy" case git's index knows).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where this process remembers passed checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CheckMemory {
    /// `$WAYMARK_CACHE_DIR`, else the user's cache folder for Waymark.
    #[default]
    UserCache,
    /// This folder (tests and benchmarks).
    Folder(PathBuf),
    /// Nowhere: every store checks its file.
    Off,
}

static MEMORY: Mutex<CheckMemory> = Mutex::new(CheckMemory::UserCache);

/// Sets where this process remembers passed checks (and looks them up), for every store opened after.
pub fn set_check_memory(memory: CheckMemory) {
    *MEMORY.lock().unwrap_or_else(|e| e.into_inner()) = memory;
}

/// How long before it is keyed a file must have last changed for its check to be remembered.
pub(crate) const SETTLED: Duration = Duration::from_secs(1);
/// The most files remembered (the newest are kept).
const KEPT: usize = 256;
const FILE_NAME: &str = "checked-files";

/// What identifies a file's exact content, as far as the kernel tells it (and when that was read).
#[derive(Clone, Debug)]
pub(crate) struct ContentKey {
    device: u64,
    inode: u64,
    size: u64,
    /// Seconds and nanoseconds.
    modified: (i64, i64),
    changed: (i64, i64),
    /// xxh3 of the first 100 bytes.
    header: u64,
    /// When the key was read, since 1970: what it says of the file is only trusted if the file had not changed
    /// for [`SETTLED`] then.
    taken: Duration,
}

/// Two keys of the same content (whenever they were read).
impl PartialEq for ContentKey {
    fn eq(&self, other: &ContentKey) -> bool {
        self.line() == other.line()
    }
}

impl ContentKey {
    fn line(&self) -> String {
        let time = |(s, ns): (i64, i64)| format!("{s}.{ns:09}");
        format!(
            "1 {} {} {} {} {} {:016x}",
            self.device,
            self.inode,
            self.size,
            time(self.modified),
            time(self.changed),
            self.header
        )
    }

    /// Whether the file had last changed at least [`SETTLED`] before the key was read. (Judged at the reading, not
    /// later: a check that began right after a change may have read a page before a second change in the same
    /// tick, which leaves the times as they were.)
    fn settled(&self) -> bool {
        let latest = self.modified.max(self.changed);
        let settled = self.taken.saturating_sub(SETTLED);
        latest < (settled.as_secs() as i64, i64::from(settled.subsec_nanos()))
    }
}

/// The device and inode of the file at `path`, where the platform has them.
#[cfg(unix)]
pub(crate) fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
pub(crate) fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The key of the file at `path`, when it is still the file `opened` (device, inode) and sits on a file system
/// whose change times the kernel keeps; else `None` (nothing to look up or remember).
#[cfg(unix)]
pub(crate) fn key(path: &Path, opened: (u64, u64)) -> Option<ContentKey> {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    if !kernel_keeps_times(path) {
        return None;
    }
    let taken = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
    let mut file = std::fs::File::open(path).ok()?;
    let before = file.metadata().ok()?;
    let mut header = [0u8; 100];
    file.read_exact(&mut header).ok()?;
    let after = file.metadata().ok()?;
    let same = |m: &std::fs::Metadata| {
        (m.dev(), m.ino()) == opened
            && (
                m.len(),
                m.mtime(),
                m.mtime_nsec(),
                m.ctime(),
                m.ctime_nsec(),
            ) == (
                before.len(),
                before.mtime(),
                before.mtime_nsec(),
                before.ctime(),
                before.ctime_nsec(),
            )
    };
    if !before.is_file() || !same(&after) {
        return None;
    }
    Some(ContentKey {
        device: before.dev(),
        inode: before.ino(),
        size: before.len(),
        modified: (before.mtime(), before.mtime_nsec()),
        changed: (before.ctime(), before.ctime_nsec()),
        header: xxhash_rust::xxh3::xxh3_64(&header),
        taken,
    })
}

#[cfg(not(unix))]
pub(crate) fn key(_: &Path, _: (u64, u64)) -> Option<ContentKey> {
    None
}

/// Whether a passed check of exactly this content is remembered.
pub(crate) fn remembered(key: &ContentKey) -> bool {
    let Some(dir) = memory_dir() else {
        return false;
    };
    let line = key.line();
    std::fs::read_to_string(dir.join(FILE_NAME)).is_ok_and(|text| text.lines().any(|l| l == line))
}

/// Remembers a passed check of this content (replacing what was remembered of the same file), unless the file had
/// changed too recently, when the key was read, for the key to be trusted. Failing to write is not an error: the
/// next open checks again.
pub(crate) fn remember(key: &ContentKey) {
    if !key.settled() {
        return;
    }
    let Some(dir) = memory_dir() else {
        return;
    };
    let temporary = dir.join(format!(".{FILE_NAME}.{}", uuid::Uuid::now_v7()));
    let written = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(FILE_NAME);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let same_file = format!("1 {} {} ", key.device, key.inode);
        let line = key.line();
        let mut lines: Vec<&str> = old
            .lines()
            .filter(|l| l.starts_with("1 ") && !l.starts_with(&same_file))
            .collect();
        lines.push(&line);
        let kept = &lines[lines.len().saturating_sub(KEPT)..];
        std::fs::write(&temporary, kept.join("\n") + "\n")?;
        std::fs::rename(&temporary, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

/// Where passed checks are remembered: as set ([`set_check_memory`]), else `$WAYMARK_CACHE_DIR`, else the
/// platform's cache folder for Waymark.
fn memory_dir() -> Option<PathBuf> {
    match &*MEMORY.lock().unwrap_or_else(|e| e.into_inner()) {
        CheckMemory::UserCache => {}
        CheckMemory::Folder(dir) => return Some(dir.clone()),
        CheckMemory::Off => return None,
    }
    if let Some(dir) = std::env::var_os("WAYMARK_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let home = || {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(target_os = "macos") {
        return home().map(|h| h.join("Library/Caches/Waymark"));
    }
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
        .or_else(|| home().map(|h| h.join(".cache")))
        .map(|d| d.join("waymark"))
}

/// Whether the file system holding `path` is one whose change times the kernel keeps (see the module's note).
#[cfg(target_os = "linux")]
fn kernel_keeps_times(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    const KEPT_BY_THE_KERNEL: [u32; 8] = [
        0xEF53,      // ext2, ext3, ext4
        0x5846_5342, // XFS
        0x9123_683E, // Btrfs
        0xF2F5_2010, // F2FS
        0x2FC1_2FC1, // ZFS
        0xCA45_1A4E, // bcachefs
        0x0102_1994, // tmpfs
        0x794C_7630, // overlayfs
    ];
    let Ok(path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: an all-zero statfs is a valid value for statfs(2) to fill in.
    let mut found: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a statfs to fill, both alive for the call.
    if unsafe { libc::statfs(path.as_ptr(), &mut found) } != 0 {
        return false;
    }
    KEPT_BY_THE_KERNEL.contains(&(found.f_type as u32))
}

#[cfg(target_os = "macos")]
fn kernel_keeps_times(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: an all-zero statfs is a valid value for statfs(2) to fill in.
    let mut found: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a statfs to fill, both alive for the call.
    if unsafe { libc::statfs(path.as_ptr(), &mut found) } != 0 {
        return false;
    }
    // SAFETY: statfs fills f_fstypename with a NUL-terminated name.
    let name = unsafe { std::ffi::CStr::from_ptr(found.f_fstypename.as_ptr()) };
    matches!(name.to_bytes(), b"apfs" | b"hfs")
}

#[cfg(all(unix, not(any(target_os = "linux", target_os = "macos"))))]
fn kernel_keeps_times(_: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_settled_change_is_remembered() {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        let key = |changed: (i64, i64)| ContentKey {
            device: 1,
            inode: 2,
            size: 3,
            modified: (0, 0),
            changed,
            header: 4,
            taken: now,
        };
        let at = |d: Duration| (d.as_secs() as i64, i64::from(d.subsec_nanos()));
        assert!(key(at(now - 2 * SETTLED)).settled());
        assert!(!key(at(now - SETTLED / 2)).settled());
        assert!(
            !key(at(now + SETTLED)).settled(),
            "a time ahead of the clock"
        );
        assert_eq!(
            key((5, 7)).line(),
            "1 1 2 3 0.000000000 5.000000007 0000000000000004"
        );
    }
}
