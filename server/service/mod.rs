//! The gRPC service (placeholder, see issue 2).
