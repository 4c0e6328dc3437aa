//! How WebKitGTK draws the window on a machine without a GPU.
//!
//! By default WebKitGTK composites the page on the GPU and hands the frames to the window as DMA-BUF buffers. With
//! no GPU device it may use (no DRM render node: containers, CI, many virtual machines) Mesa emulates the GPU in
//! software (llvmpipe), so the CPU does the GPU's work as well as its own: on the 1,000-card map the edit round trip
//! was 28 / 49 ms (median / p95) against 24 / 41 without the emulation, pan and zoom 42 and 38 fps against 62 and
//! 52, and memory with the whole map on screen 447 MB against 274 (5,000 cards: about 750 against 397;
//! bench/RESULTS.md, 2026-12-05). So without a usable render node the DMA-BUF renderer is turned off and WebKit
//! draws on the CPU. A user's own setting of the variable wins.

/// WebKitGTK's switch for its DMA-BUF (GPU) renderer.
const DISABLE_DMABUF_RENDERER: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Draws on the CPU when the machine has no GPU (none whose render node this user can open).
///
/// # Safety
///
/// No other thread may exist yet (it sets an environment variable): call it first thing in `main`. WebKit reads
/// the variable when the first web view starts, and the web process inherits the environment.
pub unsafe fn draw_on_the_cpu_without_a_gpu() {
    if cfg!(target_os = "linux")
        && std::env::var_os(DISABLE_DMABUF_RENDERER).is_none()
        && !has_usable_render_node()
    {
        // SAFETY: the caller guarantees that no other thread exists to read the environment meanwhile.
        unsafe { std::env::set_var(DISABLE_DMABUF_RENDERER, "1") };
    }
}

/// Whether a GPU offers a render node (`/dev/dri/renderD128`…) this user may open, the device Mesa draws through (a
/// session without the right to it, or a container given the device but not access, gets the software GPU).
fn has_usable_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.file_name().to_string_lossy().starts_with("renderD")
                && std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(e.path())
                    .is_ok()
        })
    })
}
