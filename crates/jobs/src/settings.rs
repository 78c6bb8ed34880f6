//! What the jobs need to know, built by the web crate's `Config` (which reads the file and the
//! environment): the jobs take only their part, so they do not depend on the web crate.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

/// A value that never appears in logs.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailConfig {
    /// Each message becomes an `.eml` file in the folder: for the demo and for trying things.
    Files { dir: PathBuf },
    /// A real SMTP relay.
    Smtp {
        host: String,
        port: u16,
        /// Plain SMTP is for a relay on the same host or a test sink; anything else uses TLS.
        starttls: bool,
        username: Option<String>,
        password: Option<Secret>,
    },
}

/// How the mail worker reaches its relay and names its mail.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub mail: MailConfig,
    /// The whole SMTP conversation of one mail (and lettre's connect timeout).
    pub smtp_timeout: Duration,
    /// The site's address: its host names every Message-ID.
    pub base_url: String,
}
