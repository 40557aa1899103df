//! khabar: Arabic news articles in, queryable facts out.
//!
//! - [`extract`]: the pure extraction library (text in, facts out, no I/O).
//! - [`store`]: the sled store; owns every key and tree.
//! - [`service`]: the tonic gRPC service: protobuf ⇄ domain.
//! - [`api`]: the generated protobuf/gRPC code for `khabar.v1`.
pub mod api;
pub mod extract;
pub mod service;
pub mod store;
