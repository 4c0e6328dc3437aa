//! How many malloc arenas the app's threads share.
//!
//! glibc gives each thread that allocates while the others hold theirs an arena of its own, up to eight per core,
//! and keeps what is freed in an arena for that arena. The app allocates a map's view on one thread (an edit runs
//! on Tauri's blocking pool, its layout on a thread beside the write) and frees it on another, so freed memory
//! piled up in arenas no thread came back to: on the 5,000-card map the app's own process grew from 104 to 220 MB
//! over the app bench's 120 edits, and stayed at 117 MB with two arenas, for 0.2–0.3 ms more per edit on the
//! 1,000-card map (the layout thread and the write share arenas; bench/RESULTS.md, 2026-12-06). A user's own
//! setting (`MALLOC_ARENA_MAX`, or `glibc.malloc.arena_max` in `GLIBC_TUNABLES`) wins.

/// Has the app's threads share two malloc arenas. Call it before other threads start: a thread already given an
/// arena keeps it.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let tunables = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
        if std::env::var_os("MALLOC_ARENA_MAX").is_none()
            && !tunables.contains("glibc.malloc.arena_max")
        {
            // SAFETY: mallopt only sets a parameter of glibc's allocator, under the allocator's own lock.
            unsafe { libc::mallopt(libc::M_ARENA_MAX, 2) };
        }
    }
}
