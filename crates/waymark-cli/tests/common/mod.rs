//! What every CLI test file runs the binary with.

use std::process::{Command, Output};

/// Runs the built `waymark` with `args`, as the author "cli-test".
pub fn waymark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .env("WAYMARK_AUTHOR", "cli-test")
        .output()
        .unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}
