//! The tonic gRPC service: ArticleService, QuoteService, MeetingService and EntityService over one
//! [`Store`], with grpc.health.v1 and server reflection (v1 and v1alpha).
//!
//! Thin by design: parse and validate the request ([`convert`]), call the store (on the blocking
//! pool: extraction is CPU-bound and sled is synchronous), map the result; every error becomes a
//! status in [`error`]; page tokens are [`paging`].
mod articles;
pub mod auth;
pub mod convert;
mod entities;
pub mod error;
mod facts;
pub mod paging;

use std::future::Future;
use std::sync::Arc;

use tokio_stream::wrappers::TcpListenerStream;
use tokio_stream::StreamExt as _;
use tonic::transport::Server;
use tonic::Status;

use crate::api::{
    article_service_server::ArticleServiceServer, entity_service_server::EntityServiceServer,
    meeting_service_server::MeetingServiceServer, quote_service_server::QuoteServiceServer,
};
use crate::store::{Store, StoreError};

/// Limits of the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceConfig {
    /// Largest article text accepted, in bytes (RESOURCE_EXHAUSTED above it).
    pub max_article_bytes: usize,
    /// Longest a request may run before it is answered DEADLINE_EXCEEDED (a client's own
    /// `grpc-timeout` is honoured when shorter).
    pub request_timeout: std::time::Duration,
    /// Most concurrent HTTP/2 streams (calls) on one connection; more wait for a free slot.
    pub max_concurrent_streams: u32,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            max_article_bytes: 2 * 1024 * 1024,
            request_timeout: std::time::Duration::from_secs(60),
            max_concurrent_streams: 256,
        }
    }
}

/// Largest page a list answers on the thread that received the request ([`Khabar::read`]): the
/// default page size: a default page of articles with their texts (50 × ~27 µs from sled's
/// cache, `cargo bench --bench query`) holds a worker ~1.5 ms at most.
pub const SHORT_READ_PAGE: usize = paging::DEFAULT_PAGE_SIZE;

/// Why the server stopped abnormally.
pub type ServeError = Box<dyn std::error::Error + Send + Sync>;

/// The service state shared by every request.
#[derive(Clone)]
pub struct Khabar {
    store: Store,
    config: Arc<ServiceConfig>,
}

impl Khabar {
    pub fn new(store: Store, config: ServiceConfig) -> Self {
        Khabar {
            store,
            config: Arc::new(config),
        }
    }

    /// Runs a store read. A short one (`short`: one record, or a page of at most
    /// [`SHORT_READ_PAGE`] of an index walk whose every entry is an answer) runs right here, on
    /// the runtime's worker thread: it takes tens of µs of CPU from sled's cache, less than
    /// handing it to the blocking pool and back cost (two thread wake-ups, and the answer freed
    /// on another thread than the one that built it: 35–40 % of the server's CPU per answer,
    /// `benches/results/2026-11-25-session4.md`). Everything else (writes, extraction, walks
    /// that filter and may read any number of entries) goes to the blocking pool, so that no
    /// request holds a worker for long. A read of pages sled has not cached yet waits for the
    /// disk on the worker (the first reads after a start). A panic is answered INTERNAL, as on
    /// the pool.
    async fn read<R: Send + 'static>(
        &self,
        short: bool,
        f: impl FnOnce(&Store) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, Status> {
        if !short {
            return self.blocking(f).await;
        }
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&self.store))) {
            Ok(r) => r.map_err(error::status),
            Err(panic) => Err(error::panicked(panic.as_ref())),
        }
    }

    /// Runs a store call on the blocking pool.
    async fn blocking<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, Status> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(error::join)?
            .map_err(error::status)
    }
}

/// Serves every khabar service, health and reflection on an already-bound listener until
/// `shutdown` completes; then lets in-flight requests finish, flushes the store and, when no
/// other handle on it is left, closes it with a fresh snapshot so the next start is quick
/// ([`Store::close_with_snapshot`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Store,
    config: ServiceConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    serve_secured(listener, store, config, auth::Security::default(), shutdown).await
}

/// [`serve`] with bearer tokens and/or TLS ([`auth::Security`]).
pub async fn serve_secured(
    listener: tokio::net::TcpListener,
    store: Store,
    config: ServiceConfig,
    security: auth::Security,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    // room for the largest accepted article plus the rest of the message, and never below
    // tonic's default, so an oversized article gets our RESOURCE_EXHAUSTED with a clear message
    let max_message = (config.max_article_bytes + 64 * 1024).max(4 * 1024 * 1024);
    let (request_timeout, max_streams) = (config.request_timeout, config.max_concurrent_streams);
    let khabar = Khabar::new(store.clone(), config);

    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_serving::<ArticleServiceServer<Khabar>>().await;
    health.set_serving::<QuoteServiceServer<Khabar>>().await;
    health.set_serving::<MeetingServiceServer<Khabar>>().await;
    health.set_serving::<EntityServiceServer<Khabar>>().await;

    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(crate::api::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
    };
    let reflection_v1 = reflection().build_v1()?;
    let reflection_v1alpha = reflection().build_v1alpha()?;

    // Nagle's algorithm with delayed ACKs stalls small gRPC replies by 40 ms: off on every stream.
    let incoming = TcpListenerStream::new(listener).map(|stream| {
        if let Ok(s) = &stream {
            if let Err(e) = s.set_nodelay(true) {
                tracing::warn!(error = %e, "could not set TCP_NODELAY");
            }
        }
        stream
    });

    // Bounded work per connection: a deadline on every call, and a cap on concurrent streams so
    // one client cannot open unbounded calls (HTTP/2 flow control then slows it down).
    let mut builder = Server::builder()
        .timeout(request_timeout)
        .max_concurrent_streams(Some(max_streams));
    if let Some(tls) = &security.tls {
        builder = builder.tls_config(tls.server_config()?)?;
    }
    builder
        .layer(auth::AuthLayer::new(security.tokens))
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(
            ArticleServiceServer::new(khabar.clone()).max_decoding_message_size(max_message),
        )
        .add_service(QuoteServiceServer::new(khabar.clone()))
        .add_service(MeetingServiceServer::new(khabar.clone()))
        .add_service(EntityServiceServer::new(khabar))
        .serve_with_incoming_shutdown(incoming, shutdown)
        .await?;
    // The service's handles went with the router; a caller that kept its own (tests) keeps the
    // store open, and it is only flushed.
    tracing::info!("server stopped; flushing the store and writing its snapshot");
    let snapshot_written =
        tokio::task::spawn_blocking(move || store.close_with_snapshot()).await??;
    tracing::info!(snapshot_written, "store closed");
    Ok(())
}
