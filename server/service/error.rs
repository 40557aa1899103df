//! Every error the service answers with, mapped to a gRPC status in one place.
use tonic::{Code, Status};

use crate::store::StoreError;

/// `INVALID_ARGUMENT` naming the request field at fault ("from_date: month 13 out of range").
pub fn invalid(field: &str, message: impl std::fmt::Display) -> Status {
    Status::invalid_argument(format!("{field}: {message}"))
}

/// The status for a store error: not found, bad input and bad page tokens are the caller's;
/// storage failures and corrupt records are ours (logged, answered without internals).
pub fn status(e: StoreError) -> Status {
    match e {
        StoreError::NotFound { .. } => Status::not_found(e.to_string()),
        StoreError::Invalid { .. } | StoreError::BadCursor(_) => {
            Status::invalid_argument(e.to_string())
        }
        StoreError::Sled(_) | StoreError::Corrupt { .. } | StoreError::Io(_) => {
            // `?` of the text: a corrupt record's detail may quote stored (client-given) text
            tracing::error!(error = ?e.to_string(), "store failure");
            Status::internal("storage failure (see the server log)")
        }
    }
}

/// The status for a blocking task that did not finish (a panic in extraction is caught here and
/// answered as INTERNAL instead of taking the server down).
pub fn join(e: tokio::task::JoinError) -> Status {
    // `?` of the text: a panic's message may quote the article (a slice error does)
    tracing::error!(error = ?e.to_string(), "request task failed");
    Status::internal("the request could not be processed (see the server log)")
}

/// The status for a read that panicked on the runtime's thread (`Khabar::read`): INTERNAL, as
/// for a blocking task.
pub fn panicked(payload: &(dyn std::any::Any + Send)) -> Status {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(error = ?text, "request failed");
    Status::internal("the request could not be processed (see the server log)")
}

/// "CODE: message", as bulk ingest reports a per-article failure.
pub fn describe(s: &Status) -> String {
    let code = match s.code() {
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::NotFound => "NOT_FOUND",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        _ => "UNKNOWN",
    };
    format!("{code}: {}", s.message())
}
