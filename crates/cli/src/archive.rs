//! `lattice backup` and `lattice restore`. A backup is one folder (0700, its files 0600: it
//! holds password hashes, people's uploads and the key that seals signing keys and staff
//! second factors):
//!
//! - `lattice.db`: a consistent snapshot of the embedded database (SQLite only);
//! - `files/`: the uploads, as under the data dir;
//! - `credential.key`: the sealing key file, when the key is kept in the data dir;
//! - `BACKUP.txt`: what the folder holds and, for PostgreSQL, how to dump and restore it.
//!
//! Restore puts back what the folder holds, never under a running server, and keeps what it
//! replaces beside it, renamed, each a complete copy.

use std::path::{Path, PathBuf};

use lattice_web::Config;
use lattice_web::credential::KEY_FILE;
use lattice_web::private_fs;

use crate::commands::CliError;
use crate::data_lock::{self, Mode};

const DATABASE: &str = "lattice.db";
const FILES: &str = "files";
const MANIFEST: &str = "BACKUP.txt";

fn io(what: &Path) -> impl Fn(std::io::Error) -> CliError + '_ {
    move |e| CliError::Server(format!("{}: {e}", what.display()))
}

/// Copies a file as 0600, whatever the source's mode.
fn copy_private(from: &Path, to: &Path) -> Result<(), CliError> {
    private_fs::create_file(to).map_err(io(to))?;
    let mut source = std::fs::File::open(from).map_err(io(from))?;
    let mut target = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(to)
        .map_err(io(to))?;
    std::io::copy(&mut source, &mut target).map_err(io(to))?;
    target.sync_all().map_err(io(to))
}

/// Copies a folder tree: folders 0700, files 0600; symbolic links are not followed.
fn copy_tree_private(from: &Path, to: &Path) -> Result<usize, CliError> {
    private_fs::create_dir(to).map_err(io(to))?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let kind = entry.file_type().map_err(io(&entry.path()))?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copied += copy_tree_private(&entry.path(), &target)?;
        } else if kind.is_file() {
            copy_private(&entry.path(), &target)?;
            copied += 1;
        }
    }
    Ok(copied)
}

fn stamp() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%S").to_string()
}

pub async fn backup(config: &Config, output: &Path) -> Result<String, CliError> {
    if output.exists() {
        return Err(CliError::Usage(format!(
            "{}: already exists; choose a new folder",
            output.display()
        )));
    }
    let database = config.data_dir.join(DATABASE);
    let postgres = config.database_url.is_some();
    if !postgres && !database.exists() {
        return Err(CliError::Usage(format!(
            "{}: no database here (check --data-dir)",
            database.display()
        )));
    }
    private_fs::create_dir(output).map_err(io(output))?;
    let mut manifest = format!(
        "Lattice {} backup, {}\n\n",
        env!("CARGO_PKG_VERSION"),
        chrono::Utc::now().to_rfc3339()
    );
    let mut report = format!("backed up to {}:\n", output.display());
    if postgres {
        let command = format!(
            // umask 077: the dump holds password hashes, like the rest of the folder.
            "(umask 077 && pg_dump --format=custom --file {} \"$LATTICE_DATABASE_URL\")",
            output.join("lattice.pgdump").display()
        );
        manifest.push_str(&format!(
            "Database: PostgreSQL, not in this folder. Dump it beside these files with\n  {command}\n\
             and restore it with\n  pg_restore --clean --if-exists --dbname \"$LATTICE_DATABASE_URL\" lattice.pgdump\n"
        ));
        report.push_str(&format!(
            "  database: PostgreSQL is not copied; dump it now with\n    {command}\n"
        ));
    } else {
        let snapshot = output.join(DATABASE);
        // VACUUM INTO fills an empty file: made 0600 first, it is never readable by others.
        private_fs::create_file(&snapshot).map_err(io(&snapshot))?;
        let store = lattice_store::connect(config.database_url().expose(), 2)
            .await
            .map_err(|e| CliError::Server(e.to_string()))?;
        store
            .backup_to(&snapshot)
            .await
            .map_err(|e| CliError::Server(e.to_string()))?;
        private_fs::tighten(&snapshot).map_err(io(&snapshot))?;
        let size = std::fs::metadata(&snapshot).map(|m| m.len()).unwrap_or(0);
        manifest.push_str(&format!("Database: {DATABASE} (SQLite snapshot)\n"));
        report.push_str(&format!("  database: {DATABASE} ({size} bytes)\n"));
    }
    if let Some(bucket) = &config.files_bucket {
        manifest.push_str(&format!(
            "Uploads: in the S3 bucket {bucket}, not in this folder. Keep them with the \
             bucket's own versioning or replication, or copy them beside this folder with\n  \
             aws s3 sync s3://{bucket}/uploads files/uploads\n"
        ));
        report.push_str(&format!(
            "  uploads: in the S3 bucket {bucket}, not copied; back the bucket up with its own tools\n"
        ));
    } else {
        let uploads = config.data_dir.join(FILES);
        let copied = if uploads.is_dir() {
            copy_tree_private(&uploads, &output.join(FILES))?
        } else {
            0
        };
        manifest.push_str(&format!("Uploads: {FILES}/ ({copied} files)\n"));
        report.push_str(&format!("  uploads: {copied} file(s)\n"));
    }
    let key = config.data_dir.join(KEY_FILE);
    if key.is_file() {
        copy_private(&key, &output.join(KEY_FILE))?;
        manifest.push_str(&format!(
            "Credential key: {KEY_FILE} (seals signing keys and staff second factors; keep this folder private)\n"
        ));
        report.push_str(&format!("  credential key: {KEY_FILE}\n"));
    } else {
        let note = if config.credential_key.is_some() {
            "comes from the configuration (credential_key / LATTICE_CREDENTIAL_KEY); keep it with this backup, \
             without it the sealed signing keys and second factors do not open"
        } else {
            "none yet (the server makes one at the first credential or second factor)"
        };
        manifest.push_str(&format!("Credential key: {note}\n"));
        report.push_str(&format!("  credential key: {note}\n"));
    }
    let manifest_path = output.join(MANIFEST);
    private_fs::create_file(&manifest_path).map_err(io(&manifest_path))?;
    std::fs::write(&manifest_path, manifest).map_err(io(&manifest_path))?;
    Ok(report)
}

/// What a backup holds: a folder written by `backup`, or a database file alone (what
/// `backup` wrote before it wrote folders).
struct Archive {
    database: Option<PathBuf>,
    files: Option<PathBuf>,
    key: Option<PathBuf>,
}

impl Archive {
    fn open(input: &Path) -> Result<Archive, CliError> {
        if input.is_file() {
            return Ok(Archive {
                database: Some(input.to_path_buf()),
                files: None,
                key: None,
            });
        }
        if !input.is_dir() {
            return Err(CliError::Usage(format!(
                "{}: no such backup (a folder written by `lattice backup`)",
                input.display()
            )));
        }
        let present = |name: &str, dir: bool| {
            let path = input.join(name);
            let there = if dir { path.is_dir() } else { path.is_file() };
            there.then_some(path)
        };
        Ok(Archive {
            database: present(DATABASE, false),
            files: present(FILES, true),
            key: present(KEY_FILE, false),
        })
    }
}

pub fn restore(config: &Config, input: &Path) -> Result<String, CliError> {
    let archive = Archive::open(input)?;
    let postgres = config.database_url.is_some();
    if !postgres && archive.database.is_none() {
        return Err(CliError::Usage(format!(
            "{}: not a usable Lattice backup (no {DATABASE} in it)",
            input.display()
        )));
    }
    // Held until the restore is done: no server starts on a half-restored directory.
    let _lock = data_lock::lock(&config.data_dir, Mode::Alone, "restoring")?;
    let mut report = format!("restored {}", input.display());
    if !postgres && let Some(database) = &archive.database {
        report.push_str(&restore_database(&config.data_dir, database, input)?);
    }
    if let Some(files) = &archive.files {
        let target = config.data_dir.join(FILES);
        report.push_str(&keep_aside(&target, "uploads")?);
        let copied = copy_tree_private(files, &target)?;
        report.push_str(&format!("; {copied} upload(s)"));
    }
    if let Some(key) = &archive.key {
        let target = config.data_dir.join(KEY_FILE);
        let same = std::fs::read(&target).ok() == std::fs::read(key).ok();
        if !same {
            report.push_str(&keep_aside(&target, "credential key")?);
            copy_private(key, &target)?;
        }
        report.push_str("; the credential key");
    }
    if postgres {
        report.push_str(
            "\nThe PostgreSQL database is not in the backup folder: restore it with pg_restore (see BACKUP.txt)",
        );
    }
    report.push('\n');
    Ok(report)
}

/// Replaces the embedded database with the backup's, keeping the current one aside as a
/// complete database (its write-ahead log folded in first, never deleted unread).
fn restore_database(data_dir: &Path, backup: &Path, input: &Path) -> Result<String, CliError> {
    private_fs::create_dir(data_dir).map_err(io(data_dir))?;
    let database = data_dir.join(DATABASE);
    let staging = data_dir.join(format!("{DATABASE}.restoring"));
    let _ = std::fs::remove_file(&staging);
    copy_private(backup, &staging)?;
    let runtime = crate::server::runtime()?;
    // Open the copy first: a file that is not a Lattice database stops here, before anything
    // is replaced. Opening it also brings its schema up to this binary's.
    let checked = runtime.block_on(async {
        let store = lattice_store::connect(&lattice_store::sqlite_url(&staging), 1).await?;
        let associations = store.associations().await?.len();
        drop(store);
        lattice_store::checkpoint_sqlite(&staging).await?;
        Ok::<usize, lattice_store::StoreError>(associations)
    });
    let associations = match checked {
        Ok(n) => n,
        Err(e) => {
            remove_sqlite_files(&staging);
            let _ = std::fs::remove_file(&staging);
            return Err(CliError::Usage(format!(
                "{}: not a usable Lattice backup ({e})",
                input.display()
            )));
        }
    };
    let mut kept = String::new();
    if database.exists() {
        // After a crash the latest commits may live only in the log: fold them into the
        // file before it is set aside, or refuse and change nothing.
        runtime
            .block_on(lattice_store::checkpoint_sqlite(&database))
            .map_err(|e| {
                CliError::Server(format!(
                    "{}: could not fold the write-ahead log into the current database, nothing was replaced ({e})",
                    database.display()
                ))
            })?;
        let wal = sibling(&database, "-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(CliError::Server(format!(
                "{}: still holds writes after the checkpoint; nothing was replaced",
                wal.display()
            )));
        }
        kept = keep_aside(&database, "database")?;
    }
    // Both logs are empty now (checked above, or truncated by the checkpoint).
    remove_sqlite_files(&database);
    remove_sqlite_files(&staging);
    std::fs::rename(&staging, &database).map_err(io(&database))?;
    Ok(format!(" ({associations} associations){kept}"))
}

/// Renames what a restore replaces to `{name}.replaced-{time}` beside it, and says so.
fn keep_aside(path: &Path, what: &str) -> Result<String, CliError> {
    if !path.exists() {
        return Ok(String::new());
    }
    let aside = sibling(path, &format!(".replaced-{}", stamp()));
    std::fs::rename(path, &aside).map_err(io(path))?;
    Ok(format!(
        "; the previous {what} is kept as {}",
        aside.display()
    ))
}

fn sibling(database: &Path, suffix: &str) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes the SQLite side files of a database whose log is empty: a log that still holds
/// writes is left where it is.
fn remove_sqlite_files(database: &Path) {
    let wal = sibling(database, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return;
    }
    let _ = std::fs::remove_file(wal);
    let _ = std::fs::remove_file(sibling(database, "-shm"));
}
