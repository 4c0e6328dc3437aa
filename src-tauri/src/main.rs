// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // SAFETY: the first statements of `main`: no other thread exists yet.
    unsafe {
        waymark_app::draw_on_the_cpu_without_a_gpu();
        waymark_app::collect_script_garbage_sooner();
    }
    waymark_app::limit_malloc_arenas();
    waymark_app::run();
}
