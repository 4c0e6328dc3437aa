//! Checks made on the first 100 bytes of a file before SQLite is allowed to touch it: is it SQLite at all, is it
//! ours (`application_id`), is its schema one we read (`user_version`), is it as long as its header says.
//! See <https://www.sqlite.org/fileformat.html#the_database_header>.

use crate::error::{StoreError, display};
use std::io::Read;
use std::path::Path;

/// Written into every `.waymark` file's header ("WYMK").
pub const APPLICATION_ID: i32 = 0x5759_4D4B;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What the header says.
#[derive(Debug)]
pub(crate) struct Header {
    pub user_version: i32,
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Reads and checks the header; `newest` is the newest schema version this build reads.
pub(crate) fn check(path: &Path, newest: i32) -> Result<Header, StoreError> {
    let shown = display(path);
    let io = |source| StoreError::Io {
        path: shown.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound {
            path: shown.clone(),
        },
        _ => io(e),
    })?;
    let not_ours = |reason: &str| StoreError::NotAProject {
        path: shown.clone(),
        reason: reason.to_owned(),
    };
    if !meta.is_file() {
        return Err(not_ours("it is not a regular file"));
    }
    let len = meta.len();
    if len == 0 {
        return Err(not_ours("the file is empty"));
    }
    let mut header = Vec::with_capacity(100);
    std::fs::File::open(path)
        .map_err(io)?
        .take(100)
        .read_to_end(&mut header)
        .map_err(io)?;
    if !header.starts_with(MAGIC) {
        return Err(not_ours("it is not an SQLite database"));
    }
    let truncated = |detail: String| StoreError::Truncated {
        path: shown.clone(),
        detail,
    };
    if header.len() < 100 {
        return Err(truncated(format!(
            "it ends after {len} bytes, inside the database header"
        )));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(StoreError::Corrupt {
            path: shown,
            detail: format!("its header names an invalid page size ({page_size})"),
        });
    }
    if header[18] == 2 || header[19] == 2 {
        return Err(StoreError::Hostile {
            path: shown,
            what: "write-ahead-log (WAL) mode".into(),
        });
    }
    // The in-header page count is valid only when the change counter matches "version-valid-for".
    let pages = u64::from(be_u32(&header, 28));
    if pages > 0 && be_u32(&header, 24) == be_u32(&header, 92) && len < pages * page_size {
        return Err(truncated(format!(
            "it holds {len} bytes where its header promises {}",
            pages * page_size
        )));
    }
    if len % page_size != 0 {
        return Err(truncated(format!(
            "its size ({len} bytes) is not a whole number of {page_size}-byte pages"
        )));
    }
    let application_id = be_u32(&header, 68) as i32;
    let user_version = be_u32(&header, 60) as i32;
    if application_id != APPLICATION_ID {
        return Err(not_ours(&format!(
            "it is an SQLite database of another application (application_id {application_id:#x})"
        )));
    }
    if user_version > newest {
        return Err(StoreError::Newer {
            path: shown,
            found: user_version,
            supported: newest,
        });
    }
    if user_version < 1 {
        return Err(StoreError::Corrupt {
            path: shown,
            detail: format!("its schema version is {user_version}"),
        });
    }
    Ok(Header { user_version })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal valid-looking header for a one-page file of ours.
    fn header() -> Vec<u8> {
        let mut bytes = vec![0u8; 4096];
        bytes[..16].copy_from_slice(MAGIC);
        bytes[16..18].copy_from_slice(&4096u16.to_be_bytes());
        bytes[18] = 1;
        bytes[19] = 1;
        bytes[28..32].copy_from_slice(&1u32.to_be_bytes());
        bytes[60..64].copy_from_slice(&1i32.to_be_bytes());
        bytes[68..72].copy_from_slice(&APPLICATION_ID.to_be_bytes());
        bytes
    }

    fn check_bytes(bytes: &[u8]) -> Result<Header, StoreError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.waymark");
        std::fs::write(&path, bytes).unwrap();
        check(&path, 1)
    }

    #[test]
    fn accepts_our_header() {
        assert_eq!(check_bytes(&header()).unwrap().user_version, 1);
    }

    #[test]
    fn refuses_bad_page_sizes_wal_files_and_short_files() {
        let mut bytes = header();
        bytes[16..18].copy_from_slice(&1000u16.to_be_bytes());
        assert!(matches!(
            check_bytes(&bytes),
            Err(StoreError::Corrupt { .. })
        ));

        let mut bytes = header();
        bytes[18] = 2;
        let error = check_bytes(&bytes).unwrap_err().to_string();
        assert!(error.contains("write-ahead-log"), "{error}");

        let mut bytes = header();
        bytes[28..32].copy_from_slice(&3u32.to_be_bytes());
        let error = check_bytes(&bytes).unwrap_err().to_string();
        assert!(
            error.contains("holds 4096 bytes where its header promises 12288"),
            "{error}"
        );

        let mut bytes = header();
        bytes.extend([0u8; 100]);
        let error = check_bytes(&bytes).unwrap_err().to_string();
        assert!(
            error.contains("its size (4196 bytes) is not a whole number of 4096-byte pages"),
            "{error}"
        );
    }

    #[test]
    fn a_zero_version_is_not_a_finished_file() {
        let mut bytes = header();
        bytes[60..64].copy_from_slice(&0i32.to_be_bytes());
        assert!(matches!(
            check_bytes(&bytes),
            Err(StoreError::Corrupt { .. })
        ));
    }
}
