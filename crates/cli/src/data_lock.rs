//! The data directory's lock: `lattice serve` holds it for its whole life, and `restore`
//! takes it alone, so a database, its uploads or its key are never replaced under a running
//! server (whose later writes would then go to a file nobody keeps). The lock is the
//! operating system's advisory lock on `lattice.lock`; it ends with the process, also after
//! `kill -9`, so a crash leaves nothing to clean up.

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use crate::commands::CliError;

const LOCK_FILE: &str = "lattice.lock";

/// Held while the value lives.
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

/// How the lock is taken: one SQLite server owns its directory alone; PostgreSQL nodes may
/// share theirs (uploads on one shared folder), so they share the lock, and `restore` still
/// waits for all of them to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Alone,
    Shared,
}

pub fn lock(data_dir: &Path, mode: Mode, for_what: &str) -> Result<DataLock, CliError> {
    lattice_web::private_fs::create_dir(data_dir)
        .map_err(|e| CliError::Server(format!("data_dir {}: {e}", data_dir.display())))?;
    let path = data_dir.join(LOCK_FILE);
    let io = |e: std::io::Error| CliError::Server(format!("{}: {e}", path.display()));
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    let taken = match mode {
        Mode::Alone => file.try_lock(),
        Mode::Shared => file.try_lock_shared(),
    };
    match taken {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(CliError::Usage(format!(
                "data_dir {}: in use by a running `lattice serve`{} (it holds {}); stop it before {for_what}",
                data_dir.display(),
                holder(&mut file),
                path.display()
            )));
        }
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    if mode == Mode::Alone {
        // Who holds it, for the message another command prints.
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        write!(file, "{}", std::process::id()).map_err(io)?;
    }
    Ok(DataLock { _file: file })
}

/// ", process 1234" when the holder wrote its id.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    match text.trim().parse::<u32>() {
        Ok(pid) => format!(", process {pid}"),
        Err(_) => String::new(),
    }
}
