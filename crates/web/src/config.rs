//! Typed, layered configuration: defaults, then an optional TOML file, then `LATTICE_*`
//! environment variables. Secrets print as `[redacted]` in Debug, so logging the config at
//! start-up shows where it came from without leaking a password.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub use lattice_jobs::settings::{MailConfig, Secret};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// PostgreSQL URL; None means the embedded SQLite file under `data_dir`.
    pub database_url: Option<Secret>,
    /// The address people reach the service at, for links in mail.
    pub base_url: String,
    pub mail: MailConfig,
    pub mail_from: String,
    /// Mark cookies Secure (set when served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
    pub session_hours: i64,
    pub log_format: LogFormat,
    /// How often the mail worker looks for due mail.
    pub mail_poll_ms: u64,
    /// At most this many bulk mails (reminders, lapse notices) a second, so a yearly pass that
    /// queues one for every endorsee neither takes the CPU from people using the site nor
    /// floods the relay. Mail somebody waits for is never held back.
    pub bulk_mail_per_second: u32,
    /// How often the mail worker looks for due reminders. Reminders are decided by calendar
    /// day and sent once per key, so this only bounds how late in the day one goes out.
    pub reminder_interval: Duration,
    /// The key-encryption key sealing the associations' credential signing keys: base64 of
    /// 32 random bytes. None: a key generated into `{data_dir}/credential.key`, fine for one
    /// node with SQLite; several nodes must share one set here.
    pub credential_key: Option<Secret>,
    /// How long a client may take to send a request's header before the connection is
    /// closed, so slow or stalled clients cannot hold connections open.
    pub header_read_timeout: Duration,
    /// How long a request body may stall between two pieces before the request is refused.
    pub body_read_timeout: Duration,
    /// Reverse proxies in front of the service. A request arriving from one of them is
    /// counted against the address it forwarded for (the nearest untrusted address of
    /// `X-Forwarded-For`); from anywhere else the header is ignored, since anyone can send it.
    /// Empty (the default): the connecting address is the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// After a stop signal, how long requests in flight may take to finish before the process
    /// stops anyway: a stalled upload must not keep a node from restarting.
    pub shutdown_grace: Duration,
    /// After a stop signal, how long the node goes on serving while `/ready` says it is
    /// draining, so the load balancer takes it out before it stops accepting (zero, the
    /// default, for a single node: it stops accepting at once).
    pub drain_delay: Duration,
    /// The longest one mail may take over SMTP: connecting, the relay's greeting and every
    /// command until the relay accepts it. A relay that accepts the connection and then says
    /// nothing would otherwise hold the mail worker for ever.
    pub smtp_timeout: Duration,
    /// Uploads go to this S3 bucket instead of `{data_dir}/files`, so that every node reads
    /// every upload. Where it is and the credentials come from the standard `AWS_*`
    /// environment variables (`AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, …).
    pub files_bucket: Option<String>,
    /// Where the Prometheus metrics page (`/metrics`) is served, apart from the site so that
    /// only the monitoring network reaches it. None (the default): no metrics are served.
    pub metrics_bind: Option<SocketAddr>,
}

/// S3's rules for a bucket's name, so a typo is named at start rather than at the first upload.
fn bucket_name_is_valid(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge(name.chars().next())
        && edge(name.chars().last())
}

/// Reads a `credential_key`: base64 (standard alphabet) of exactly 32 bytes.
pub fn decode_credential_key(text: &str) -> Result<[u8; 32], String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| "expected base64 of 32 random bytes (openssl rand -base64 32)".to_string())?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
        format!(
            "expected 32 bytes, got {} (make one with openssl rand -base64 32)",
            bytes.len()
        )
    })
}

pub const DEFAULT_REMINDER_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// Ample for a person on a slow phone connection; a header is a few hundred bytes.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Between two pieces of an upload: a 10 MB transcript on a slow line still arrives.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// Long enough for an ordinary request to finish, short enough for a service manager's own
/// stop timeout (systemd waits 90 s) not to kill the process first.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// `LATTICE_*` variables that belong to the tools and tests around the service rather than to
/// its configuration; any other unknown `LATTICE_*` name is a misspelled setting. Names
/// starting `LATTICE_TEST_` are the test suite's.
const TOOL_VARIABLES: &[&str] = &[
    "LATTICE_LOG",
    "LATTICE_CONFIG",
    "LATTICE_AXE_JS",
    "LATTICE_JOSE_DIR",
    "LATTICE_PG_PORT",
    "LATTICE_PG_DIR",
    "LATTICE_FUZZ_TARGET_DIR",
    "LATTICE_SESSION",
    "LATTICE_A11Y_SHOTS",
    // `lattice serve --demo` on a throwaway PostgreSQL database (a flag of its own, not a setting).
    "LATTICE_DEMO_ON_POSTGRES",
];

/// The settings, as they are spelled in the file; `LATTICE_` and the upper-cased name in the
/// environment.
const SETTINGS: &[&str] = &[
    "bind",
    "data_dir",
    "database_url",
    "base_url",
    "mail_dir",
    "smtp_host",
    "smtp_port",
    "smtp_starttls",
    "smtp_username",
    "smtp_password",
    "mail_from",
    "secure_cookies",
    "session_hours",
    "log_format",
    "mail_poll_ms",
    "bulk_mail_per_second",
    "reminder_interval",
    "credential_key",
    "header_read_timeout",
    "body_read_timeout",
    "trusted_proxies",
    "shutdown_grace",
    "drain_delay",
    "smtp_timeout",
    "files_bucket",
    "metrics_bind",
];
/// Generous for a relay across the internet (RFC 5321 allows minutes per command, but a relay
/// that needs more than this is better retried later than waited for).
pub const DEFAULT_SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A length of time written for people: a whole number with a unit, `30s`, `15m` or `2h`
/// (a bare number is seconds). Zero is refused: it would look for reminders on every mail poll.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit_secs) = match text.char_indices().last() {
        Some((at, 's')) => (&text[..at], 1),
        Some((at, 'm')) => (&text[..at], 60),
        Some((at, 'h')) => (&text[..at], 3600),
        _ => (text, 1),
    };
    let count: u64 = number
        .trim()
        .parse()
        .map_err(|_| format!("expected a time like 15m, 90s or 1h, got {text:?}"))?;
    if count == 0 {
        return Err("must be longer than zero".to_string());
    }
    count
        .checked_mul(unit_secs)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("{text:?} is too long"))
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

/// The file layer: every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayer {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<Secret>,
    base_url: Option<String>,
    mail_dir: Option<PathBuf>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_starttls: Option<bool>,
    smtp_username: Option<String>,
    smtp_password: Option<Secret>,
    mail_from: Option<String>,
    secure_cookies: Option<bool>,
    session_hours: Option<i64>,
    log_format: Option<String>,
    mail_poll_ms: Option<u64>,
    bulk_mail_per_second: Option<u32>,
    reminder_interval: Option<String>,
    credential_key: Option<Secret>,
    header_read_timeout: Option<String>,
    body_read_timeout: Option<String>,
    trusted_proxies: Option<Vec<String>>,
    shutdown_grace: Option<String>,
    drain_delay: Option<String>,
    smtp_timeout: Option<String>,
    files_bucket: Option<String>,
    metrics_bind: Option<String>,
}

/// Settings given on the command line. They go into the same layer as the file and the
/// environment (over both), before any default is derived from another setting: `--bind`
/// changes the address only, and a `base_url` given anywhere stays.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
}

/// A TOML error as `file:line: key: message`, so the operator finds the line to fix.
fn file_error(
    path: &Path,
    text: &str,
    error: serde_path_to_error::Error<toml::de::Error>,
) -> ConfigError {
    let key = error.path().to_string();
    let inner = error.into_inner();
    let line = inner
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    let place = match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    };
    if key.is_empty() || key == "." {
        ConfigError(format!("{place}: {}", inner.message()))
    } else {
        ConfigError(format!("{place}: {key}: {}", inner.message()))
    }
}

/// A setting given as an empty text is a mistake (an unfilled template, a variable set to
/// nothing), not a request for the default.
fn non_empty(name: &str, value: Option<String>) -> Result<Option<String>, ConfigError> {
    match value {
        Some(text) if text.trim().is_empty() => Err(ConfigError(format!(
            "{name}: empty; give a value or leave the setting out"
        ))),
        other => Ok(other),
    }
}

impl Config {
    /// The mail worker's part of the settings.
    pub fn mail_settings(&self) -> lattice_jobs::settings::MailSettings {
        lattice_jobs::settings::MailSettings {
            mail: self.mail.clone(),
            smtp_timeout: self.smtp_timeout,
            base_url: self.base_url.clone(),
        }
    }

    /// Loads from an optional file and the given environment (`std::env::vars()` in the binary).
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        Config::load_with_flags(file, env, Flags::default())
    }

    /// Like [`Config::load`], with command-line flags over the file and the environment.
    pub fn load_with_flags(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        flags: Flags,
    ) -> Result<Config, ConfigError> {
        let mut layer = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
                serde_path_to_error::deserialize::<_, FileLayer>(toml::Deserializer::new(&text))
                    .map_err(|e| file_error(path, &text, e))?
            }
            None => FileLayer::default(),
        };
        for (key, value) in env {
            if key.starts_with("LATTICE_") && key != "LATTICE_TRUSTED_PROXIES" {
                let setting = key["LATTICE_".len()..].to_lowercase();
                if SETTINGS.contains(&setting.as_str()) && value.trim().is_empty() {
                    return Err(ConfigError(format!(
                        "{key}: empty; give a value or unset the variable"
                    )));
                }
            }
            let Some(name) = key.strip_prefix("LATTICE_") else {
                // The conventional name, for platforms that set it.
                if key == "DATABASE_URL" && layer.database_url.is_none() && !value.is_empty() {
                    layer.database_url = Some(Secret::new(value));
                }
                continue;
            };
            let parse_bool = |v: &str| match v {
                "1" | "true" | "yes" => Ok(true),
                "0" | "false" | "no" => Ok(false),
                _ => Err(ConfigError(format!(
                    "{key}: expected true or false, got {v:?}"
                ))),
            };
            let parse_num = |v: &str| {
                v.parse::<u64>()
                    .map_err(|_| ConfigError(format!("{key}: expected a number, got {v:?}")))
            };
            match name {
                "BIND" => layer.bind = Some(value),
                "DATA_DIR" => layer.data_dir = Some(value.into()),
                "DATABASE_URL" => layer.database_url = Some(Secret::new(value)),
                "BASE_URL" => layer.base_url = Some(value),
                "MAIL_DIR" => layer.mail_dir = Some(value.into()),
                "SMTP_HOST" => layer.smtp_host = Some(value),
                "SMTP_PORT" => {
                    layer.smtp_port = Some(
                        u16::try_from(parse_num(&value)?)
                            .map_err(|_| ConfigError(format!("{key}: not a port: {value}")))?,
                    )
                }
                "SMTP_STARTTLS" => layer.smtp_starttls = Some(parse_bool(&value)?),
                "SMTP_USERNAME" => layer.smtp_username = Some(value),
                "SMTP_PASSWORD" => layer.smtp_password = Some(Secret::new(value)),
                "MAIL_FROM" => layer.mail_from = Some(value),
                "SECURE_COOKIES" => layer.secure_cookies = Some(parse_bool(&value)?),
                "SESSION_HOURS" => layer.session_hours = Some(parse_num(&value)? as i64),
                "LOG_FORMAT" => layer.log_format = Some(value),
                "MAIL_POLL_MS" => layer.mail_poll_ms = Some(parse_num(&value)?),
                "BULK_MAIL_PER_SECOND" => {
                    layer.bulk_mail_per_second = Some(
                        u32::try_from(parse_num(&value)?)
                            .map_err(|_| ConfigError(format!("{key}: too large: {value}")))?,
                    );
                }
                "REMINDER_INTERVAL" => layer.reminder_interval = Some(value),
                "CREDENTIAL_KEY" => layer.credential_key = Some(Secret::new(value)),
                "HEADER_READ_TIMEOUT" => layer.header_read_timeout = Some(value),
                "BODY_READ_TIMEOUT" => layer.body_read_timeout = Some(value),
                "SHUTDOWN_GRACE" => layer.shutdown_grace = Some(value),
                "DRAIN_DELAY" => layer.drain_delay = Some(value),
                "SMTP_TIMEOUT" => layer.smtp_timeout = Some(value),
                "FILES_BUCKET" => layer.files_bucket = Some(value),
                "METRICS_BIND" => layer.metrics_bind = Some(value),
                "TRUSTED_PROXIES" => {
                    layer.trusted_proxies = Some(
                        value
                            .split(',')
                            .map(str::trim)
                            .filter(|v| !v.is_empty())
                            .map(str::to_string)
                            .collect(),
                    );
                }
                _ if TOOL_VARIABLES.contains(&key.as_str()) || name.starts_with("TEST_") => {}
                _ => {
                    let known: Vec<String> = SETTINGS
                        .iter()
                        .map(|s| format!("LATTICE_{}", s.to_uppercase()))
                        .collect();
                    return Err(ConfigError(format!(
                        "{key}: not a setting (misspelled?); the settings are {}",
                        known.join(", ")
                    )));
                }
            }
        }
        if let Some(bind) = flags.bind {
            layer.bind = Some(bind);
        }
        if let Some(dir) = flags.data_dir {
            layer.data_dir = Some(dir);
        }
        if let Some(url) = flags.database_url {
            layer.database_url = Some(Secret::new(url));
        }
        Config::from_layer(layer)
    }

    fn from_layer(mut layer: FileLayer) -> Result<Config, ConfigError> {
        layer.bind = non_empty("bind", layer.bind)?;
        layer.base_url = non_empty("base_url", layer.base_url)?;
        layer.smtp_host = non_empty("smtp_host", layer.smtp_host)?;
        layer.mail_from = non_empty("mail_from", layer.mail_from)?;
        layer.metrics_bind = non_empty("metrics_bind", layer.metrics_bind)?;
        if layer
            .database_url
            .as_ref()
            .is_some_and(|url| url.expose().trim().is_empty())
        {
            return Err(ConfigError(
                "database_url: empty; give a PostgreSQL URL or leave the setting out for SQLite"
                    .to_string(),
            ));
        }
        for (name, dir) in [("data_dir", &layer.data_dir), ("mail_dir", &layer.mail_dir)] {
            if dir.as_ref().is_some_and(|d| d.as_os_str().is_empty()) {
                return Err(ConfigError(format!(
                    "{name}: empty; give a folder or leave the setting out"
                )));
            }
        }
        let bind_text = layer.bind.unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let bind: SocketAddr = bind_text.parse().map_err(|_| {
            ConfigError(format!(
                "bind: {bind_text:?} is not an address like 127.0.0.1:8080"
            ))
        })?;
        let metrics_bind = match layer.metrics_bind.as_deref() {
            None => None,
            Some(text) => Some(text.trim().parse::<SocketAddr>().map_err(|_| {
                ConfigError(format!(
                    "metrics_bind: {text:?} is not an address like 127.0.0.1:9464"
                ))
            })?),
        };
        // The same address twice would fail to bind with a less helpful message; and the
        // metrics must never be served where the site is.
        if metrics_bind.is_some_and(|m| m == bind && m.port() != 0) {
            return Err(ConfigError(format!(
                "metrics_bind: {bind} is the site's own address (bind); give the metrics an \
                 address of their own"
            )));
        }
        let data_dir = layer
            .data_dir
            .unwrap_or_else(|| PathBuf::from("lattice-data"));
        let mail = match layer.smtp_host {
            Some(host) => MailConfig::Smtp {
                host,
                port: layer.smtp_port.unwrap_or(587),
                starttls: layer.smtp_starttls.unwrap_or(true),
                username: layer.smtp_username,
                password: layer.smtp_password,
            },
            None => MailConfig::Files {
                dir: layer.mail_dir.unwrap_or_else(|| data_dir.join("mail")),
            },
        };
        let log_format = match layer.log_format.as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError(format!(
                    "log_format: {other:?} is not text or json"
                )));
            }
        };
        let session_hours = layer.session_hours.unwrap_or(12);
        if session_hours <= 0 {
            return Err(ConfigError("session_hours: must be at least 1".to_string()));
        }
        let bulk_mail_per_second = layer.bulk_mail_per_second.unwrap_or(20);
        if bulk_mail_per_second == 0 {
            return Err(ConfigError(
                "bulk_mail_per_second: must be at least 1 (0 would never send reminders)"
                    .to_string(),
            ));
        }
        let reminder_interval = match layer.reminder_interval.as_deref() {
            None => DEFAULT_REMINDER_INTERVAL,
            Some(text) => parse_interval(text)
                .map_err(|problem| ConfigError(format!("reminder_interval: {problem}")))?,
        };
        let timeout = |text: Option<&str>, field: &str, default: Duration| match text {
            None => Ok(default),
            Some(text) => {
                parse_interval(text).map_err(|problem| ConfigError(format!("{field}: {problem}")))
            }
        };
        let header_read_timeout = timeout(
            layer.header_read_timeout.as_deref(),
            "header_read_timeout",
            DEFAULT_HEADER_READ_TIMEOUT,
        )?;
        let body_read_timeout = timeout(
            layer.body_read_timeout.as_deref(),
            "body_read_timeout",
            DEFAULT_BODY_READ_TIMEOUT,
        )?;
        let shutdown_grace = timeout(
            layer.shutdown_grace.as_deref(),
            "shutdown_grace",
            DEFAULT_SHUTDOWN_GRACE,
        )?;
        let drain_delay = match layer.drain_delay.as_deref() {
            None => Duration::ZERO,
            Some(text) => parse_interval(text)
                .map_err(|problem| ConfigError(format!("drain_delay: {problem}")))?,
        };
        let smtp_timeout = timeout(
            layer.smtp_timeout.as_deref(),
            "smtp_timeout",
            DEFAULT_SMTP_TIMEOUT,
        )?;
        let files_bucket = match non_empty("files_bucket", layer.files_bucket)? {
            Some(bucket) if !bucket_name_is_valid(&bucket) => {
                return Err(ConfigError(format!(
                    "files_bucket: {bucket:?} is not an S3 bucket name (3 to 63 lowercase \
                     letters, digits, dots and hyphens, starting and ending with a letter or \
                     digit)"
                )));
            }
            bucket => bucket,
        };
        // Checked now so a bad key stops the start, not the first credential issued.
        if let Some(key) = &layer.credential_key {
            decode_credential_key(key.expose())
                .map_err(|problem| ConfigError(format!("credential_key: {problem}")))?;
        }
        let trusted_proxies = layer
            .trusted_proxies
            .unwrap_or_default()
            .iter()
            .map(|text| {
                text.parse::<IpAddr>().map_err(|_| {
                    ConfigError(format!(
                        "trusted_proxies: {text:?} is not an IP address like 10.0.0.2"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Config {
            trusted_proxies,
            credential_key: layer.credential_key,
            base_url: layer.base_url.unwrap_or_else(|| format!("http://{bind}")),
            bind,
            data_dir,
            database_url: layer.database_url,
            mail,
            mail_from: layer
                .mail_from
                .unwrap_or_else(|| "Lattice <no-reply@lattice.invalid>".to_string()),
            secure_cookies: layer.secure_cookies.unwrap_or(false),
            session_hours,
            log_format,
            mail_poll_ms: layer.mail_poll_ms.unwrap_or(1000),
            bulk_mail_per_second,
            reminder_interval,
            header_read_timeout,
            body_read_timeout,
            shutdown_grace,
            drain_delay,
            smtp_timeout,
            files_bucket,
            metrics_bind,
        })
    }

    /// The database the server uses: PostgreSQL when configured, else the embedded file.
    pub fn database_url(&self) -> Secret {
        match &self.database_url {
            Some(url) => url.clone(),
            None => Secret::new(lattice_store::sqlite_url(&self.data_dir.join("lattice.db"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_then_file_then_environment() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("lattice.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\nsmtp_host = \"mail.example.org\"\nsmtp_password = \"hunter2\"\n")
            .expect("write");
        let config = Config::load(
            Some(&file),
            env(&[("LATTICE_BIND", "127.0.0.1:7000"), ("HOME", "/root")]),
        )
        .expect("config");
        assert_eq!(config.bind.to_string(), "127.0.0.1:7000");
        assert!(
            matches!(&config.mail, MailConfig::Smtp { host, port: 587, .. } if host == "mail.example.org")
        );
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("[redacted]"));
        let defaults = Config::load(None, env(&[])).expect("defaults");
        assert_eq!(defaults.bind.to_string(), "127.0.0.1:8080");
        assert!(
            defaults
                .database_url()
                .expose()
                .starts_with("sqlite://lattice-data/lattice.db")
        );
    }

    #[test]
    fn intervals_read_as_people_write_them() {
        for (text, secs) in [
            ("15m", 900),
            ("90s", 90),
            ("2h", 7200),
            ("45", 45),
            (" 5m ", 300),
        ] {
            assert_eq!(
                parse_interval(text),
                Ok(Duration::from_secs(secs)),
                "{text}"
            );
        }
        for bad in ["", "m", "0m", "0", "-5m", "1.5h", "15 minutes", "1d"] {
            assert!(parse_interval(bad).is_err(), "{bad:?} accepted");
        }
        let defaults = Config::load(None, env(&[])).expect("defaults");
        assert_eq!(defaults.reminder_interval, Duration::from_secs(15 * 60));
        let set = Config::load(None, env(&[("LATTICE_REMINDER_INTERVAL", "1h")])).expect("set");
        assert_eq!(set.reminder_interval, Duration::from_secs(3600));
        let error = Config::load(None, env(&[("LATTICE_REMINDER_INTERVAL", "soon")]))
            .expect_err("bad interval");
        assert!(error.to_string().contains("reminder_interval"), "{error}");
    }

    #[test]
    fn the_smtp_timeout_reads_from_file_and_environment() {
        assert_eq!(
            Config::load(None, env(&[])).expect("defaults").smtp_timeout,
            Duration::from_secs(30)
        );
        let set = Config::load(None, env(&[("LATTICE_SMTP_TIMEOUT", "5s")])).expect("env");
        assert_eq!(set.smtp_timeout, Duration::from_secs(5));
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("lattice.toml");
        std::fs::write(&file, "smtp_timeout = \"2m\"\n").expect("write");
        let from_file = Config::load(Some(&file), env(&[])).expect("file");
        assert_eq!(from_file.smtp_timeout, Duration::from_secs(120));
        for bad in ["soon", "0s"] {
            let error =
                Config::load(None, env(&[("LATTICE_SMTP_TIMEOUT", bad)])).expect_err("bad timeout");
            assert!(error.to_string().contains("smtp_timeout"), "{bad}: {error}");
        }
    }

    #[test]
    fn the_credential_key_is_checked_and_redacted() {
        let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        let config = Config::load(None, env(&[("LATTICE_CREDENTIAL_KEY", key)])).expect("config");
        let secret = config.credential_key.as_ref().expect("set");
        assert_eq!(decode_credential_key(secret.expose()).expect("key")[31], 31);
        assert!(!format!("{config:?}").contains(key));
        assert_eq!(
            Config::load(None, env(&[]))
                .expect("defaults")
                .credential_key,
            None
        );
        for bad in ["short", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg=="] {
            let error =
                Config::load(None, env(&[("LATTICE_CREDENTIAL_KEY", bad)])).expect_err("bad key");
            assert!(error.to_string().contains("credential_key"), "{error}");
        }
    }

    #[test]
    fn bad_values_name_their_setting() {
        let error =
            Config::load(None, env(&[("LATTICE_SMTP_PORT", "lots")])).expect_err("bad port");
        assert!(error.to_string().contains("LATTICE_SMTP_PORT"), "{error}");
        let error = Config::load(None, env(&[("LATTICE_BIND", "here")])).expect_err("bad bind");
        assert!(error.to_string().contains("bind"), "{error}");
        for bad in ["0", "-1", "99999999999"] {
            let error = Config::load(None, env(&[("LATTICE_BULK_MAIL_PER_SECOND", bad)]))
                .expect_err("bad rate");
            let message = error.to_string().to_lowercase();
            assert!(message.contains("bulk_mail_per_second"), "{bad}: {error}");
        }
        let defaults = Config::load(None, env(&[])).expect("defaults");
        assert_eq!(defaults.bulk_mail_per_second, 20);
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("lattice.toml");
        std::fs::write(&file, "colour = \"blue\"\n").expect("write");
        let error = Config::load(Some(&file), env(&[])).expect_err("unknown key");
        assert!(error.to_string().contains("colour"), "{error}");
    }

    fn file_with(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("lattice.toml");
        std::fs::write(&file, text).expect("write");
        (dir, file)
    }

    #[test]
    fn a_flag_changes_its_own_setting_only() {
        let (_dir, file) =
            file_with("base_url = \"https://lattice.example.org\"\nmail_dir = \"/srv/mail\"\n");
        let flags = Flags {
            bind: Some("0.0.0.0:9000".to_string()),
            data_dir: Some(PathBuf::from("/srv/data")),
            database_url: None,
        };
        let config = Config::load_with_flags(Some(&file), env(&[]), flags.clone()).expect("config");
        assert_eq!(config.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(config.base_url, "https://lattice.example.org");
        assert_eq!(config.data_dir, PathBuf::from("/srv/data"));
        assert_eq!(
            config.mail,
            MailConfig::Files {
                dir: PathBuf::from("/srv/mail")
            }
        );
        // Given nowhere, the derived defaults follow the flags.
        let derived = Config::load_with_flags(None, env(&[]), flags).expect("config");
        assert_eq!(derived.base_url, "http://0.0.0.0:9000");
        assert_eq!(
            derived.mail,
            MailConfig::Files {
                dir: PathBuf::from("/srv/data/mail")
            }
        );
        // Flags win over the environment.
        let over = Config::load_with_flags(
            None,
            env(&[("LATTICE_BIND", "127.0.0.1:7000")]),
            Flags {
                bind: Some("127.0.0.1:7001".to_string()),
                ..Flags::default()
            },
        )
        .expect("config");
        assert_eq!(over.bind.to_string(), "127.0.0.1:7001");
    }

    #[test]
    fn the_shutdown_grace_is_a_duration() {
        let defaults = Config::load(None, env(&[])).expect("defaults");
        assert_eq!(defaults.shutdown_grace, Duration::from_secs(30));
        let set = Config::load(None, env(&[("LATTICE_SHUTDOWN_GRACE", "2s")])).expect("set");
        assert_eq!(set.shutdown_grace, Duration::from_secs(2));
        let (_dir, file) = file_with("shutdown_grace = \"1m\"\n");
        let from_file = Config::load(Some(&file), env(&[])).expect("file");
        assert_eq!(from_file.shutdown_grace, Duration::from_secs(60));
        let error =
            Config::load(None, env(&[("LATTICE_SHUTDOWN_GRACE", "soon")])).expect_err("bad");
        assert!(error.to_string().contains("shutdown_grace"), "{error}");
    }

    #[test]
    fn the_files_bucket_is_off_unless_set_and_must_be_a_bucket_name() {
        let defaults = Config::load(None, env(&[])).expect("defaults");
        assert_eq!(defaults.files_bucket, None);
        let set =
            Config::load(None, env(&[("LATTICE_FILES_BUCKET", "lattice-uploads")])).expect("set");
        assert_eq!(set.files_bucket.as_deref(), Some("lattice-uploads"));
        let (_dir, file) = file_with("files_bucket = \"uploads.example.org\"\n");
        let from_file = Config::load(Some(&file), env(&[])).expect("file");
        assert_eq!(
            from_file.files_bucket.as_deref(),
            Some("uploads.example.org")
        );
        for bad in [
            "ab",
            "Uploads",
            "-uploads",
            "uploads-",
            "up_loads",
            &"a".repeat(64),
        ] {
            let error = Config::load(None, env(&[("LATTICE_FILES_BUCKET", bad)])).expect_err(bad);
            assert!(error.to_string().contains("files_bucket"), "{bad}: {error}");
        }
        for good in ["abc", "a1-b.c", &"a".repeat(63)] {
            assert!(
                Config::load(None, env(&[("LATTICE_FILES_BUCKET", good)])).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn the_drain_delay_is_none_unless_set() {
        let defaults = Config::load(None, env(&[])).expect("defaults");
        assert_eq!(defaults.drain_delay, Duration::ZERO);
        let set = Config::load(None, env(&[("LATTICE_DRAIN_DELAY", "5s")])).expect("set");
        assert_eq!(set.drain_delay, Duration::from_secs(5));
        let (_dir, file) = file_with("drain_delay = \"1m\"\n");
        let from_file = Config::load(Some(&file), env(&[])).expect("file");
        assert_eq!(from_file.drain_delay, Duration::from_secs(60));
        let error = Config::load(None, env(&[("LATTICE_DRAIN_DELAY", "later")])).expect_err("bad");
        assert!(error.to_string().contains("drain_delay"), "{error}");
    }

    #[test]
    fn the_metrics_address_is_off_unless_set_and_apart_from_the_site() {
        assert_eq!(
            Config::load(None, env(&[])).expect("defaults").metrics_bind,
            None
        );
        let set =
            Config::load(None, env(&[("LATTICE_METRICS_BIND", "127.0.0.1:9464")])).expect("set");
        assert_eq!(
            set.metrics_bind,
            Some("127.0.0.1:9464".parse().expect("address"))
        );
        let (_dir, file) = file_with("metrics_bind = \"10.0.0.5:9464\"\n");
        let from_file = Config::load(Some(&file), env(&[])).expect("file");
        assert_eq!(
            from_file.metrics_bind,
            Some("10.0.0.5:9464".parse().expect("address"))
        );
        for bad in ["9464", "localhost:9464", "127.0.0.1:8080"] {
            let error =
                Config::load(None, env(&[("LATTICE_METRICS_BIND", bad)])).expect_err("bad address");
            assert!(error.to_string().contains("metrics_bind"), "{bad}: {error}");
        }
    }

    #[test]
    fn a_type_error_in_the_file_names_the_line_and_key() {
        let (_dir, file) = file_with("bind = \"127.0.0.1:8080\"\nsmtp_port = \"twenty-five\"\n");
        let error = Config::load(Some(&file), env(&[])).expect_err("type error");
        let message = error.to_string();
        assert!(
            message.contains(&format!("{}:2: smtp_port:", file.display())),
            "{message}"
        );
        let (_dir, file) = file_with("bind = \"127.0.0.1:8080\"\nsmtp_port = 25\n");
        assert!(Config::load(Some(&file), env(&[])).is_ok());
    }

    #[test]
    fn a_misspelled_variable_is_refused_and_tool_variables_pass() {
        let error = Config::load(None, env(&[("LATTICE_SMTP_HOTS", "mail.example.org")]))
            .expect_err("misspelled");
        let message = error.to_string();
        assert!(message.contains("LATTICE_SMTP_HOTS"), "{message}");
        assert!(message.contains("LATTICE_SMTP_HOST"), "{message}");
        for tool in [
            "LATTICE_LOG",
            "LATTICE_CONFIG",
            "LATTICE_TEST_POSTGRES_URL",
            "LATTICE_AXE_JS",
            "LATTICE_PG_PORT",
        ] {
            assert!(Config::load(None, env(&[(tool, "x")])).is_ok(), "{tool}");
        }
    }

    #[test]
    fn empty_values_are_refused() {
        for name in [
            "LATTICE_SMTP_HOST",
            "LATTICE_BASE_URL",
            "LATTICE_DATABASE_URL",
        ] {
            let error = Config::load(None, env(&[(name, "")])).expect_err("empty");
            assert!(error.to_string().contains(name), "{error}");
        }
        let (_dir, file) = file_with("smtp_host = \"\"\n");
        let error = Config::load(Some(&file), env(&[])).expect_err("empty in file");
        assert!(error.to_string().contains("smtp_host"), "{error}");
        let set = Config::load(None, env(&[("LATTICE_SMTP_HOST", "mail.example.org")]));
        assert!(set.is_ok());
    }
}
