//! `lattice`: one binary, subcommands over the library crates.

mod admin;
mod archive;
mod commands;
mod data_lock;
mod keys;
mod mail;
mod render;
mod server;

use std::process::ExitCode;

use clap::Parser;

/// See the workspace manifest for why the server does not use the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
