//! The `driftless` command line: a thin layer over the library crates.
//!
//! `run` parses the command line, dispatches to one module per command under
//! [`commands`], and turns the result into an exit status: 0 when nothing is left, 1 when
//! findings are left, 2 when an input could not be read or parsed or the command failed
//! (docs/architecture.md §4, "Exit status"). A closed pipe (`driftless scan | head`) counts as success.

#![warn(missing_docs)]

pub mod args;
pub mod commands;
pub mod config;
pub mod render;

use clap::Parser as _;

/// The process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: nothing left to fix.
    Clean = 0,
    /// 1: findings are left.
    Findings = 1,
    /// 2: an input could not be read or parsed, or the command failed.
    Error = 2,
}

/// Runs the command line and returns the exit code.
#[must_use]
pub fn run() -> i32 {
    let cli = args::Cli::parse();
    init_logging(cli.verbose);
    let result = match &cli.command {
        args::Command::Scan(a) => commands::scan::run(a),
        args::Command::Rules(a) => commands::rules::list(a),
        args::Command::Rule { id } => commands::rules::show(id),
        args::Command::Map(a) => commands::map::run(a),
        args::Command::Demo(a) => commands::demo::run(a),
        args::Command::Campaign(a) => commands::campaign::run(a),
        args::Command::Exception(a) => commands::exception::run(a),
        args::Command::Violation(a) => commands::violation::run(a),
        args::Command::User(a) => commands::user::run(a),
        args::Command::Repo(a) => commands::repo::run(a),
        args::Command::Serve(a) => commands::serve::run(a),
        args::Command::Token(a) => commands::serve::token(a),
    };
    match result {
        Ok(status) => status as i32,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitStatus::Error as i32
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn init_logging(verbose: u8) {
    // sqlx reports queries over a second at WARN: on a large campaign that is expected, not
    // something to alarm a user with; `-v` shows them.
    let default = match verbose {
        0 => "warn,sqlx=error",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}
