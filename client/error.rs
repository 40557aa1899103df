//! Every way a command can fail, each printed as one line on stderr with its own exit code, so
//! scripts can tell "you typed it wrong" from "the server is down" without parsing text.
use std::fmt;

use tonic::{Code, Status};

/// A command's failure. `Display` is the one line printed after `khabar: `.
#[derive(Debug)]
pub enum CliError {
    /// A bad flag value or unusable input file: nothing was sent.
    Usage(String),
    /// No server answers at the address.
    Unreachable { url: String, detail: String },
    /// The server knows no such article, entity, quote or meeting.
    NotFound(String),
    /// The server wants a token, or a token with the write scope.
    Denied(Status),
    /// The server refused or failed the request.
    Server(Status),
    /// Some of a bulk ingest failed; the counts were already printed.
    Partial(String),
    /// Writing the output failed (a closed pipe is not reported: `khabar quotes | head` is fine).
    Output(std::io::Error),
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Output(e)
    }
}

impl CliError {
    pub fn usage(msg: impl Into<String>) -> Self {
        CliError::Usage(msg.into())
    }

    /// The process exit code; documented in `khabar --help`.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Server(_) | CliError::Partial(_) | CliError::Output(_) => 1,
            CliError::Usage(_) => 2,
            CliError::NotFound(_) => 3,
            CliError::Unreachable { .. } => 4,
            CliError::Denied(_) => 5,
        }
    }

    /// Maps a gRPC status, knowing which server the client was talking to.
    pub fn from_status(status: Status, url: &str) -> Self {
        match status.code() {
            Code::NotFound => CliError::NotFound(status.message().to_string()),
            // The server names the field and the problem ("id: \"x\" is not an article id").
            Code::InvalidArgument => CliError::Usage(status.message().to_string()),
            Code::Unauthenticated | Code::PermissionDenied => CliError::Denied(status),
            Code::Unavailable => CliError::Unreachable {
                url: url.to_string(),
                detail: one_line(status.message()),
            },
            _ => CliError::Server(status),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(msg) | CliError::Partial(msg) => f.write_str(&one_line(msg)),
            CliError::Unreachable { url, detail } => {
                write!(f, "cannot reach server at {url}: {}", one_line(detail))
            }
            // The server's message usually says "article X not found" already.
            CliError::NotFound(msg) if msg.to_lowercase().contains("not found") => {
                f.write_str(&one_line(msg))
            }
            CliError::NotFound(msg) => write!(f, "not found: {}", one_line(msg)),
            CliError::Output(e) => write!(f, "cannot write output: {e}"),
            CliError::Denied(status) => {
                let hint = match status.code() {
                    Code::Unauthenticated => " (give --token or KHABAR_TOKEN)",
                    _ => " (this needs a token with the write scope)",
                };
                write!(f, "not allowed: {}{hint}", one_line(status.message()))
            }
            CliError::Server(status) => {
                let code = status.code().description();
                write!(f, "server error ({code}): {}", one_line(status.message()))
            }
        }
    }
}

/// Errors nest ("transport error: ... : Connection refused"); the user wants them on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The chain of causes of a transport error, joined, with duplicates dropped (hyper repeats them).
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let s = e.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = e.source();
    }
    one_line(&parts.join(": "))
}
