//! `smtp-sink`: a tiny SMTP server for tests and local trials. It accepts every message and
//! writes it to a folder as `NNNN.eml`. With `--fail-first N` it answers the first N messages
//! with a temporary failure (451), so retries can be watched.
//!
//! Usage: `smtp-sink --dir DIR [--port PORT] [--fail-first N]`; prints `listening ADDR`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

struct Sink {
    dir: PathBuf,
    fail_first: usize,
    seen: AtomicUsize,
    stored: AtomicUsize,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let mut dir = None;
    let mut port = 0u16;
    let mut fail_first = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--dir", Some(v)) => dir = Some(PathBuf::from(v)),
            ("--port", Some(v)) => port = v.parse().map_err(|_| bad("--port: a number"))?,
            ("--fail-first", Some(v)) => {
                fail_first = v.parse().map_err(|_| bad("--fail-first: a number"))?
            }
            (other, _) => return Err(bad(&format!("unknown or incomplete argument {other}"))),
        }
    }
    let dir = dir.ok_or_else(|| bad("--dir is required"))?;
    std::fs::create_dir_all(&dir)?;
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening {}", listener.local_addr()?);
    let sink = Arc::new(Sink {
        dir,
        fail_first,
        seen: AtomicUsize::new(0),
        stored: AtomicUsize::new(0),
    });
    loop {
        let (stream, _) = listener.accept().await?;
        let sink = sink.clone();
        tokio::spawn(async move {
            if let Err(error) = session(stream, &sink).await {
                eprintln!("smtp-sink: session ended: {error}");
            }
        });
    }
}

fn bad(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message.to_string())
}

async fn session(stream: TcpStream, sink: &Sink) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 smtp-sink ready\r\n").await?;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-smtp-sink\r\n250 8BITMIME\r\n"
        } else if command.starts_with("HELO")
            || command.starts_with("MAIL")
            || command.starts_with("RCPT")
            || command.starts_with("RSET")
            || command.starts_with("NOOP")
        {
            b"250 ok\r\n"
        } else if command == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut message = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                // Undo dot-stuffing.
                message.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let number = sink.seen.fetch_add(1, Ordering::SeqCst);
            if number < sink.fail_first {
                b"451 try again later\r\n"
            } else {
                let index = sink.stored.fetch_add(1, Ordering::SeqCst);
                let path = sink.dir.join(format!("{index:04}.eml"));
                let partial = sink.dir.join(format!(".{index:04}.partial"));
                tokio::fs::write(&partial, message).await?;
                tokio::fs::rename(&partial, &path).await?;
                b"250 stored\r\n"
            }
        } else if command == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}
