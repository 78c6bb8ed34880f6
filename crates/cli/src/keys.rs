//! `lattice keys rotate`: gives an association a new credential signing key (the old ones
//! stay published, so what they signed still verifies).
//!
//! `lattice keys reseal`: changes the key-encryption key (`credential_key`) that seals the
//! associations' signing keys and the staff's second factors. Every sealed secret is opened
//! with the current key and sealed under the new one in one transaction, so a failure leaves
//! everything under the old key; the public keys, and so every credential already issued,
//! are untouched.

use std::path::{Path, PathBuf};

use lattice_store::{NewAudit, StoreError};
use lattice_web::config::decode_credential_key;
use lattice_web::credential::KEY_FILE;

use crate::commands::CliError;
use crate::data_lock;
use crate::server::ServerArgs;

#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Seal every signing key and second factor under a new credential_key. Stop every node
    /// first; then give the nodes the new key.
    Reseal {
        /// A file holding the new key: base64 of 32 random bytes (openssl rand -base64 32).
        #[arg(long)]
        new_key_file: PathBuf,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Make a new signing key for an association: it signs every credential from now on, and
    /// the earlier keys stay in the key set so the credentials they signed still verify.
    Rotate {
        /// The association's short name, as in its pages' addresses (e.g. massaimh).
        #[arg(long)]
        association: String,
        #[command(flatten)]
        server: ServerArgs,
    },
}

pub fn run(command: KeysCommand) -> Result<String, CliError> {
    match command {
        KeysCommand::Reseal {
            new_key_file,
            server,
        } => reseal(&new_key_file, &server),
        KeysCommand::Rotate {
            association,
            server,
        } => rotate(&association, &server),
    }
}

fn rotate(slug: &str, server: &ServerArgs) -> Result<String, CliError> {
    let config = server.config(None)?;
    crate::server::runtime()?.block_on(async {
        let store = crate::server::open_existing(&config).await?;
        let association = match store.association_by_slug(slug).await {
            Ok(association) => association,
            Err(StoreError::NotFound) => {
                return Err(CliError::Usage(format!(
                    "--association: no association {slug:?} (its short name, as in /a/{slug})"
                )));
            }
            Err(other) => return Err(stored(other)),
        };
        let state =
            lattice_web::key_rotation::command_state(store, config).map_err(CliError::Usage)?;
        let how = format!("lattice keys rotate, by {}", crate::admin::operator());
        let kid = lattice_web::key_rotation::rotate(&state, association.id, None, &how)
            .await
            .map_err(|e| CliError::Server(e.to_string()))?;
        Ok(format!(
            "{} signs with the new key {kid} from now on; its earlier keys stay published, \
             so the credentials they signed still verify\n",
            association.name
        ))
    })
}

/// Where the current key comes from, which decides where the new one goes.
enum Current {
    Configured([u8; 32]),
    File([u8; 32], PathBuf),
}

/// A key file's key, with its text as written (base64), read once.
fn read_key(path: &Path, what: &str) -> Result<([u8; 32], String), CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("{what} {}: {e}", path.display())))?;
    let key = decode_credential_key(&text)
        .map_err(|problem| CliError::Usage(format!("{what} {}: {problem}", path.display())))?;
    Ok((key, text.trim().to_string()))
}

fn reseal(new_key_file: &Path, server: &ServerArgs) -> Result<String, CliError> {
    let config = server.config(None)?;
    let (new, new_text) = read_key(new_key_file, "--new-key-file")?;
    let current = match &config.credential_key {
        Some(secret) => Current::Configured(
            decode_credential_key(secret.expose())
                .map_err(|problem| CliError::Usage(format!("credential_key: {problem}")))?,
        ),
        None => {
            let path = config.data_dir.join(KEY_FILE);
            if !path.is_file() {
                return Err(CliError::Usage(format!(
                    "credential_key is not set and {} does not exist: nothing is sealed yet, \
                     so set the new key as credential_key and start the service",
                    path.display()
                )));
            }
            Current::File(read_key(&path, "the current key file")?.0, path)
        }
    };
    let old = match &current {
        Current::Configured(key) | Current::File(key, _) => *key,
    };
    if old == new {
        return Err(CliError::Usage(
            "--new-key-file: this is the current key; make a new one with openssl rand -base64 32"
                .to_string(),
        ));
    }
    // On SQLite a running server would keep using the old key it read at start: refused.
    // PostgreSQL nodes cannot be seen from here; the docs say to stop them first.
    let _lock = match config.database_url {
        None => Some(data_lock::lock(
            &config.data_dir,
            data_lock::Mode::Alone,
            "resealing",
        )?),
        Some(_) => None,
    };
    let (keys, factors) = crate::server::runtime()?.block_on(async {
        let store = crate::server::open_existing(&config).await?;
        let secrets = store.sealed_secrets().await.map_err(stored)?;
        let replacements = lattice_web::credential::reseal(&old, &new, &secrets).map_err(|e| {
            CliError::Usage(format!(
                "the current credential_key does not open what is stored ({e}); nothing changed"
            ))
        })?;
        let keys = secrets
            .iter()
            .filter(|s| matches!(s.owner, lattice_store::SealedOwner::SigningKey(_)))
            .count();
        let factors = secrets.len() - keys;
        store
            .reseal(
                &replacements,
                &NewAudit {
                    at: chrono::Utc::now(),
                    actor: None,
                    association: None,
                    subject: "credential_key".to_string(),
                    action: "reseal".to_string(),
                    reason: format!(
                        "{keys} signing key(s) and {factors} second factor(s) sealed under a new key; by {}",
                        crate::admin::operator()
                    ),
                },
            )
            .await
            .map_err(stored)?;
        Ok::<_, CliError>((keys, factors))
    })?;
    let mut said = format!(
        "resealed {keys} signing key(s) and {factors} second factor(s) under the new key\n"
    );
    match current {
        Current::Configured(_) => said.push_str(
            "Now set credential_key (LATTICE_CREDENTIAL_KEY) to the new key on every node and \
             start them; the old key opens nothing any more.\n",
        ),
        Current::File(_, path) => {
            let aside = path.with_file_name(format!(
                "{KEY_FILE}.replaced-{}",
                chrono::Utc::now().format("%Y%m%dT%H%M%S")
            ));
            std::fs::rename(&path, &aside)
                .map_err(|e| CliError::Server(format!("{}: {e}", path.display())))?;
            // Made 0600 before the key goes in, so it is never readable by others.
            lattice_web::private_fs::create_file(&path)
                .and_then(|()| std::fs::write(&path, format!("{new_text}\n")))
                .map_err(|e| CliError::Server(format!("{}: {e}", path.display())))?;
            said.push_str(&format!(
                "The new key is in {}; the old one is kept as {} until you delete it.\n",
                path.display(),
                aside.display()
            ));
        }
    }
    Ok(said)
}

fn stored(error: StoreError) -> CliError {
    match error {
        StoreError::Conflict(message) => CliError::Usage(message),
        other => CliError::Server(other.to_string()),
    }
}
