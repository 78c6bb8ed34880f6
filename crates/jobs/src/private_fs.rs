//! Files at rest are the service's alone: the SQLite database (with its `-wal` and `-shm`),
//! uploaded transcripts and certificates, and the mail folder hold people's records, so they
//! are made readable by the service's user only (folders 0700, files 0600) whatever the umask,
//! and the ones a previous version left readable are tightened at start.

use std::io;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

pub const DIR_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o600;

/// Creates the folder (and its missing parents) as 0700, and makes it 0700 if it was there.
pub fn create_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(DIR_MODE);
    builder.create(path)?;
    set_mode(path, DIR_MODE)
}

/// Creates an empty file as 0600 when it is missing (an existing one is left as it is, then
/// tightened), so a database file is never readable by others, not even for a moment.
pub fn create_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    options.mode(FILE_MODE);
    options.open(path)?;
    set_mode(path, FILE_MODE)
}

/// Writes and removes a probe file, so a folder the service cannot write to (a read-only
/// volume, the wrong owner) stops the start instead of the first upload.
pub fn check_writable(dir: &Path) -> io::Result<()> {
    let probe = dir.join(".lattice-write-probe");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    options.mode(FILE_MODE);
    // Opening it for writing is the proof.
    options.open(&probe)?;
    // Nodes sharing a data folder start together and probe the same name: another node
    // removing it between this open and this removal is no fault of the folder's.
    match std::fs::remove_file(&probe) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Makes a folder tree private: folders 0700, files 0600. Symbolic links are left alone (their
/// target may not be ours); a path that is not there is fine.
pub fn tighten(path: &Path) -> io::Result<()> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    let tightened = if metadata.is_dir() {
        set_mode(path, DIR_MODE).and_then(|()| {
            for entry in std::fs::read_dir(path)? {
                tighten(&entry?.path())?;
            }
            Ok(())
        })
    } else if metadata.is_file() {
        set_mode(path, FILE_MODE)
    } else {
        Ok(())
    };
    match tightened {
        // Gone since it was listed (another node's probe, a finished temporary upload):
        // nothing left to tighten.
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Tightens `relative` under `root` and every folder between them: object_store writes an
/// upload and its folders with the umask's modes.
pub fn tighten_below(root: &Path, relative: &str) -> io::Result<()> {
    let mut path = root.to_path_buf();
    for part in relative.split('/').filter(|p| !p.is_empty()) {
        path.push(part);
        tighten_one(&path)?;
    }
    Ok(())
}

fn tighten_one(path: &Path) -> io::Result<()> {
    let metadata = std::fs::symlink_metadata(path)?;
    if metadata.is_dir() {
        set_mode(path, DIR_MODE)
    } else if metadata.is_file() {
        set_mode(path, FILE_MODE)
    } else {
        Ok(())
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if current == mode {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three nodes sharing a data folder check it at the same moment (the cluster test
    /// `three_nodes_started_together_do_the_days_pass_once` once failed here with "not
    /// writable: No such file or directory").
    #[test]
    fn nodes_checking_one_folder_at_once_do_not_trip_each_other() {
        let dir = std::env::temp_dir().join(format!("lattice-probe-race-{}", std::process::id()));
        create_dir(&dir).expect("folder");
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| {
                    for _ in 0..300 {
                        tighten(&dir).expect("tighten");
                        check_writable(&dir).expect("writable");
                    }
                });
            }
        });
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
