//! How much garbage the window's JavaScript may leave before JavaScriptCore collects it.
//!
//! On a machine with 16 GB of memory or more, JavaScriptCore lets its heap grow to about four times what is live
//! before a full collection (3·e^(−2·heap/RAM) + 1; two times on smaller machines). Every edit on a large map
//! rebuilds the canvas's node lists and the patch's objects, so the web process swung between what lives and
//! several hundred MB more: on the 5,000-card map 278–741 MB over the app bench's edits, pan and zoom. Held to 1.5
//! times (`heapGrowthMaxIncrease` 0.5) it stayed at 296–400 MB, all three processes 424 MB after the bench against
//! 553, with the edit round trips, pan and zoom unchanged within the spread between runs (bench/RESULTS.md,
//! "JavaScriptCore's garbage held to half of what lives"). A user's own setting of the variable wins.

/// JavaScriptCore's option for how far its heap may grow past what is live, read from the environment by the web
/// process when it starts.
const HEAP_GROWTH: &str = "JSC_heapGrowthMaxIncrease";

/// Has JavaScriptCore collect when its heap reaches 1.5 times what is live, rather than about four times, on a machine
/// with 16 GB or more (a smaller one collects at about two times, which the variable does not change).
///
/// # Safety
///
/// No other thread may exist yet (it sets an environment variable): call it first thing in `main`. The web process
/// inherits the environment.
pub unsafe fn collect_script_garbage_sooner() {
    // Only WebKitGTK's web process reads it.
    if cfg!(target_os = "linux") && std::env::var_os(HEAP_GROWTH).is_none() {
        // SAFETY: the caller guarantees that no other thread exists to read the environment meanwhile.
        unsafe { std::env::set_var(HEAP_GROWTH, "0.5") };
    }
}
