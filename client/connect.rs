//! One HTTP/2 channel to the server (TLS for `https://` URLs), and the service clients over it
//! (the four services and the health check), each sending the bearer token when one is given.
//! Every command and `khabar bench` connect through here, so all of them work against a server
//! with TLS and tokens.
use std::path::PathBuf;
use std::time::Duration;

use khabar::api::{
    article_service_client::ArticleServiceClient, entity_service_client::EntityServiceClient,
    meeting_service_client::MeetingServiceClient, quote_service_client::QuoteServiceClient,
};
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::{interceptor::InterceptedService, Interceptor};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};
use tonic::{Request, Status};
use tonic_health::pb::health_client::HealthClient;

use crate::error::{error_chain, CliError};

/// Pages of articles carry full texts; the default 4 MiB limit is too small for big pages.
const MAX_MESSAGE: usize = 256 << 20;

/// Where the server is and how to prove who is asking.
pub struct Target {
    /// The server's URL; the scheme may be left out (`127.0.0.1:50051`).
    pub url: String,
    /// Bearer token for a server started with tokens (`--tokens-file` / `KHABAR_TOKENS`).
    pub token: Option<String>,
    /// PEM file of the CA that signed an `https://` server's certificate.
    pub ca_cert: Option<PathBuf>,
}

/// Adds `authorization: Bearer <token>` to every call, when there is a token.
#[derive(Clone)]
pub struct Bearer(Option<MetadataValue<Ascii>>);

impl Interceptor for Bearer {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(value) = &self.0 {
            request
                .metadata_mut()
                .insert("authorization", value.clone());
        }
        Ok(request)
    }
}

/// A channel that sends the bearer token with every call.
pub type Conn = InterceptedService<Channel, Bearer>;

/// A connected server.
pub struct Api {
    pub url: String,
    channel: Channel,
    bearer: Bearer,
}

impl Api {
    /// Connects now, so an unreachable server is reported before any work starts. `server` may
    /// omit the scheme (`127.0.0.1:50051`).
    pub async fn connect(target: &Target) -> Result<Api, CliError> {
        let server = &target.url;
        let url = if server.contains("://") {
            server.to_string()
        } else {
            format!("http://{server}")
        };
        let bearer = match &target.token {
            Some(token) => Some(
                format!("Bearer {}", token.trim())
                    .parse::<MetadataValue<Ascii>>()
                    .map_err(|_| CliError::usage("--token: not a valid header value"))?,
            ),
            None => None,
        };
        let mut endpoint = Endpoint::from_shared(url.clone())
            .map_err(|e| CliError::usage(format!("--server: invalid URL {url:?}: {e}")))?
            .connect_timeout(Duration::from_secs(10))
            .tcp_nodelay(true);
        if url.starts_with("https://") {
            let mut tls = ClientTlsConfig::new();
            if let Some(path) = &target.ca_cert {
                let pem = std::fs::read(path)
                    .map_err(|e| CliError::usage(format!("--ca-cert: {}: {e}", path.display())))?;
                tls = tls.ca_certificate(Certificate::from_pem(pem));
            }
            endpoint = endpoint
                .tls_config(tls)
                .map_err(|e| CliError::usage(format!("--server: TLS: {}", error_chain(&e))))?;
        }
        let channel = endpoint
            .connect()
            .await
            .map_err(|e| CliError::Unreachable {
                url: url.clone(),
                detail: error_chain(&e),
            })?;
        Ok(Api {
            url,
            channel,
            bearer: Bearer(bearer),
        })
    }

    pub fn articles(&self) -> ArticleServiceClient<Conn> {
        ArticleServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
            .max_decoding_message_size(MAX_MESSAGE)
            .max_encoding_message_size(MAX_MESSAGE)
    }

    pub fn quotes(&self) -> QuoteServiceClient<Conn> {
        QuoteServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
            .max_decoding_message_size(MAX_MESSAGE)
    }

    pub fn meetings(&self) -> MeetingServiceClient<Conn> {
        MeetingServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
            .max_decoding_message_size(MAX_MESSAGE)
    }

    pub fn entities(&self) -> EntityServiceClient<Conn> {
        EntityServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
            .max_decoding_message_size(MAX_MESSAGE)
    }

    /// The gRPC health check (open even on a server that wants tokens).
    pub fn health(&self) -> HealthClient<Conn> {
        HealthClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }

    /// Maps a failed call's status to the error the user sees.
    pub fn err(&self, status: tonic::Status) -> CliError {
        CliError::from_status(status, &self.url)
    }
}
