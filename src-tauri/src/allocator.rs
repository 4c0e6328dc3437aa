//! How many malloc arenas the app's threads share.
//!
//! glibc gives each thread that allocates while the others hold theirs an arena of its own, up to eight per core,
//! and keeps what is freed in an arena for that arena. The app allocates a map's view on one thread (an edit runs
//! on Tauri's blocking pool, its layout on a thread beside the write) and frees it on another, so freed memory
//! piled up in arenas no thread came back to: on the 5,000-card map the app's own process grew from 104 to 220 MB
//! over the app bench's 120 edits, and stayed at 117 MB with two arenas, the edits as fast (bench/RESULTS.md,
//! 2026-12-06). A user's own `MALLOC_ARENA_MAX` wins.

/// The arenas the app's threads share (glibc's own setting for a process, `MALLOC_ARENA_MAX`).
const ARENAS: i32 = 2;

/// Has the app's threads share `ARENAS` malloc arenas. Call it before other threads start: a thread already
/// given an arena keeps it.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a parameter of glibc's allocator, under the allocator's own lock.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, ARENAS) };
    }
}
