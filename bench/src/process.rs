//! Timing whole processes, as a user runs them: wall time and peak resident memory.

use std::process::Command;
use std::time::{Duration, Instant};

/// Runs a command to completion; returns its wall time and peak resident memory (KiB).
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its rusage"
)]
pub fn run_process(command: &mut Command) -> (Duration, i64) {
    let started = Instant::now();
    let child = command
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the command starts");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which std has not waited for.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed"
    );
    (elapsed, usage.ru_maxrss)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
