//! Who may call what: bearer tokens with a read or a write scope, TLS, and the rule that a server
//! reachable beyond this machine must have both.
//!
//! - Tokens come from a file (`--tokens-file`, one `scope:token` per line, `#` comments) and/or
//!   the `KHABAR_TOKENS` environment variable (`scope:token` separated by commas). `read` allows
//!   every query; `write` allows everything (ingest, delete, corrections too).
//! - A call without a valid `authorization: Bearer <token>` header gets UNAUTHENTICATED; a read
//!   token on a write RPC gets PERMISSION_DENIED. The gRPC health check stays open (load
//!   balancers and orchestrators probe it without credentials).
//! - No tokens configured: every call is allowed (the default, for a server on loopback).
//! - Tokens are compared as SHA-256 digests in constant time against every configured token, so
//!   neither the length nor the matching prefix of a guess shows in the answer time.
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::task::{Context, Poll};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tonic::codegen::http;
use tonic::Status;

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Read,
    Write,
}

/// The configured tokens, kept as digests.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    entries: Vec<([u8; 32], Scope)>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tokens({} configured)", self.entries.len())
    }
}

fn digest(token: &[u8]) -> [u8; 32] {
    Sha256::digest(token).into()
}

impl Tokens {
    /// Parses `scope:token` entries separated by newlines or commas; blank entries and `#`
    /// comment lines are skipped. `origin` names the source in error messages.
    pub fn parse(text: &str, origin: &str) -> Result<Tokens, String> {
        let mut tokens = Tokens::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            for entry in line.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                let Some((scope, token)) = entry.split_once(':') else {
                    return Err(format!(
                        "{origin} line {}: expected scope:token (scope read or write)",
                        n + 1
                    ));
                };
                let scope = match scope.trim() {
                    "read" => Scope::Read,
                    "write" => Scope::Write,
                    other => {
                        return Err(format!(
                            "{origin} line {}: unknown scope {other:?} (read or write)",
                            n + 1
                        ))
                    }
                };
                let token = token.trim();
                if token.len() < 16 {
                    return Err(format!(
                        "{origin} line {}: a token needs at least 16 characters",
                        n + 1
                    ));
                }
                tokens.entries.push((digest(token.as_bytes()), scope));
            }
        }
        Ok(tokens)
    }

    /// Tokens from a file and/or the value of `KHABAR_TOKENS`, merged.
    pub fn load(file: Option<&Path>, env: Option<&str>) -> Result<Tokens, String> {
        let mut tokens = Tokens::default();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            tokens
                .entries
                .extend(Tokens::parse(&text, &path.display().to_string())?.entries);
        }
        if let Some(value) = env {
            tokens
                .entries
                .extend(Tokens::parse(value, "KHABAR_TOKENS")?.entries);
        }
        Ok(tokens)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The scope of `presented`, checked against every entry without stopping early.
    pub fn scope_of(&self, presented: &[u8]) -> Option<Scope> {
        let d = digest(presented);
        let mut found: Option<Scope> = None;
        for (known, scope) in &self.entries {
            if bool::from(known.ct_eq(&d)) {
                found = found.max(Some(*scope));
            }
        }
        found
    }

    /// Whether a call of `path` (`/package.Service/Method`) with this `authorization` header
    /// may go ahead.
    pub fn authorize(&self, path: &str, authorization: Option<&[u8]>) -> Result<(), Status> {
        if self.is_empty() || path.starts_with("/grpc.health.v1.Health/") {
            return Ok(());
        }
        let presented = authorization.and_then(|h| {
            let h = std::str::from_utf8(h).ok()?.trim();
            let (kind, token) = h.split_once(' ')?;
            kind.eq_ignore_ascii_case("bearer")
                .then(|| token.trim().as_bytes())
        });
        let Some(presented) = presented else {
            return Err(Status::unauthenticated(
                "missing bearer token (authorization: Bearer <token>)",
            ));
        };
        match self.scope_of(presented) {
            None => Err(Status::unauthenticated("unknown bearer token")),
            Some(scope) if scope < required_scope(path) => Err(Status::permission_denied(format!(
                "{path} needs a write token; this token may only read"
            ))),
            Some(_) => Ok(()),
        }
    }
}

/// The RPCs that change the store need [`Scope::Write`]; everything else [`Scope::Read`].
pub fn required_scope(path: &str) -> Scope {
    const WRITES: [&str; 6] = [
        "/khabar.v1.ArticleService/IngestArticle",
        "/khabar.v1.ArticleService/IngestArticles",
        "/khabar.v1.ArticleService/DeleteArticle",
        "/khabar.v1.EntityService/MergeEntities",
        "/khabar.v1.EntityService/SplitAlias",
        "/khabar.v1.EntityService/UpdateEntity",
    ];
    if WRITES.contains(&path) {
        Scope::Write
    } else {
        Scope::Read
    }
}

/// The tower layer that applies [`Tokens::authorize`] to every request.
#[derive(Clone, Default)]
pub struct AuthLayer {
    tokens: Arc<Tokens>,
}

impl AuthLayer {
    pub fn new(tokens: Tokens) -> Self {
        AuthLayer {
            tokens: Arc::new(tokens),
        }
    }
}

impl<S> tower::Layer<S> for AuthLayer {
    type Service = Auth<S>;
    fn layer(&self, inner: S) -> Auth<S> {
        Auth {
            inner,
            tokens: self.tokens.clone(),
        }
    }
}

/// See [`AuthLayer`].
#[derive(Clone)]
pub struct Auth<S> {
    inner: S,
    tokens: Arc<Tokens>,
}

impl<S, B> tower::Service<http::Request<B>> for Auth<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<tonic::body::Body>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = futures::future::Either<
        S::Future,
        futures::future::Ready<Result<http::Response<tonic::body::Body>, S::Error>>,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let authorization = req
            .headers()
            .get(http::header::AUTHORIZATION)
            .map(|v| v.as_bytes());
        match self.tokens.authorize(req.uri().path(), authorization) {
            Ok(()) => futures::future::Either::Left(self.inner.call(req)),
            Err(status) => {
                // the path is the client's (escaped by `?`); the token itself is never logged
                tracing::warn!(path = ?req.uri().path(), code = ?status.code(), "refused");
                futures::future::Either::Right(futures::future::ready(Ok(status.into_http())))
            }
        }
    }
}

/// Certificate and key files (PEM) for TLS, and optionally the CA that client certificates must
/// be signed by (mutual TLS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub client_ca: Option<PathBuf>,
}

impl TlsFiles {
    /// The tonic server TLS configuration (rustls), files read now.
    pub fn server_config(&self) -> Result<tonic::transport::ServerTlsConfig, String> {
        let read =
            |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
        let identity = tonic::transport::Identity::from_pem(read(&self.cert)?, read(&self.key)?);
        let mut config = tonic::transport::ServerTlsConfig::new().identity(identity);
        if let Some(ca) = &self.client_ca {
            config = config.client_ca_root(tonic::transport::Certificate::from_pem(read(ca)?));
        }
        Ok(config)
    }
}

/// Everything about who may reach the server: tokens (empty = open) and TLS (none = plaintext).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Security {
    pub tokens: Tokens,
    pub tls: Option<TlsFiles>,
}

impl Security {
    /// Refuses to expose the store beyond this machine unprotected: listening on a non-loopback
    /// address needs TLS and tokens, unless the operator says `insecure` (say, behind a proxy
    /// that terminates TLS and authenticates).
    pub fn check_exposure(&self, listen: SocketAddr, insecure: bool) -> Result<(), String> {
        if listen.ip().is_loopback() || insecure {
            return Ok(());
        }
        let mut missing = Vec::new();
        if self.tls.is_none() {
            missing.push("TLS (--tls-cert and --tls-key)");
        }
        if self.tokens.is_empty() {
            missing.push("tokens (--tokens-file or KHABAR_TOKENS)");
        }
        if missing.is_empty() {
            return Ok(());
        }
        Err(format!(
            "refusing to listen on {listen} without {}: anyone who can reach it could read and \
             change the store. Configure them, listen on a loopback address, or pass --insecure \
             if something in front of khabar-server provides them",
            missing.join(" and ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "write-token-0123456789";
    const R: &str = "read-token-0123456789";

    fn tokens() -> Tokens {
        Tokens::parse(&format!("# ops tokens\nwrite:{W}\n\nread:{R}"), "test").unwrap()
    }

    #[test]
    fn calls_by_token_and_rpc() {
        use tonic::Code::{PermissionDenied, Unauthenticated};
        let ingest = "/khabar.v1.ArticleService/IngestArticle";
        let list = "/khabar.v1.QuoteService/ListQuotes";
        let health = "/grpc.health.v1.Health/Check";
        let bearer = |t: &str| format!("Bearer {t}");
        // (path, authorization header, outcome)
        let cases: Vec<(&str, Option<String>, Result<(), tonic::Code>)> = vec![
            (list, None, Err(Unauthenticated)),
            (list, Some(bearer(R)), Ok(())),
            (list, Some(bearer(W)), Ok(())),
            (list, Some(format!("bearer {R}")), Ok(())),
            (list, Some(R.to_string()), Err(Unauthenticated)),
            (list, Some(format!("Basic {R}")), Err(Unauthenticated)),
            (
                list,
                Some(bearer("read-token-012345678")),
                Err(Unauthenticated),
            ),
            (list, Some(bearer("")), Err(Unauthenticated)),
            (ingest, Some(bearer(R)), Err(PermissionDenied)),
            (ingest, Some(bearer(W)), Ok(())),
            (ingest, None, Err(Unauthenticated)),
            (health, None, Ok(())),
        ];
        let t = tokens();
        for (path, header, want) in cases {
            let got = t
                .authorize(path, header.as_deref().map(str::as_bytes))
                .map_err(|s| s.code());
            assert_eq!(got, want, "{path} {header:?}");
        }
        // no tokens: open
        assert!(Tokens::default().authorize(ingest, None).is_ok());
    }

    #[test]
    fn token_sources_parse_or_say_why_not() {
        // (text, entries or the error's words)
        let cases: [(&str, Result<usize, &str>); 6] = [
            ("write:aaaaaaaaaaaaaaaa,read:bbbbbbbbbbbbbbbb", Ok(2)),
            ("# none\n\n", Ok(0)),
            ("admin:aaaaaaaaaaaaaaaa", Err("unknown scope")),
            ("aaaaaaaaaaaaaaaa", Err("expected scope:token")),
            ("read:short", Err("at least 16")),
            ("read:aaaaaaaaaaaaaaaa\nwrite", Err("line 2")),
        ];
        for (text, want) in cases {
            match (Tokens::parse(text, "t"), want) {
                (Ok(t), Ok(n)) => assert_eq!(t.entries.len(), n, "{text}"),
                (Err(e), Err(words)) => assert!(e.contains(words), "{text}: {e}"),
                (got, want) => panic!("{text}: {got:?} vs {want:?}"),
            }
        }
    }

    #[test]
    fn exposure_beyond_loopback_needs_tls_and_tokens() {
        let tls = Some(TlsFiles {
            cert: "c".into(),
            key: "k".into(),
            client_ca: None,
        });
        let open = Security::default();
        let tls_only = Security {
            tls: tls.clone(),
            ..Security::default()
        };
        let both = Security {
            tls,
            tokens: tokens(),
        };
        let lo: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let lo6: SocketAddr = "[::1]:1".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:1".parse().unwrap();
        // (security, address, --insecure, allowed)
        let cases = [
            (&open, lo, false, true),
            (&open, lo6, false, true),
            (&open, any, false, false),
            (&open, any, true, true),
            (&tls_only, any, false, false),
            (&both, any, false, true),
        ];
        for (sec, addr, insecure, ok) in cases {
            assert_eq!(
                sec.check_exposure(addr, insecure).is_ok(),
                ok,
                "{sec:?} {addr}"
            );
        }
        let msg = open.check_exposure(any, false).unwrap_err();
        assert!(msg.contains("--insecure") && msg.contains("TLS"), "{msg}");
    }
}
