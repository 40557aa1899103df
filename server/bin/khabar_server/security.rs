//! The command-line flags of TLS, bearer tokens and exposure (see `khabar::service::auth`).
use std::path::PathBuf;

use khabar::service::auth::{Security, TlsFiles, Tokens};

#[derive(Debug, clap::Args)]
pub struct SecurityArgs {
    /// File of bearer tokens, one `read:<token>` or `write:<token>` per line. Also read:
    /// KHABAR_TOKENS (same entries, comma-separated). None configured: no authentication.
    #[arg(long, env = "KHABAR_TOKENS_FILE")]
    tokens_file: Option<PathBuf>,
    /// TLS certificate chain (PEM); with --tls-key, the server speaks only TLS.
    #[arg(long, env = "KHABAR_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, env = "KHABAR_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// CA certificate (PEM) that client certificates must be signed by (mutual TLS).
    #[arg(long, env = "KHABAR_TLS_CLIENT_CA", requires = "tls_cert")]
    tls_client_ca: Option<PathBuf>,
    /// Allow listening beyond loopback without TLS and tokens (when a proxy in front provides
    /// them).
    #[arg(long)]
    pub insecure: bool,
}

impl SecurityArgs {
    /// The tokens (file and KHABAR_TOKENS) and TLS files the flags name.
    pub fn load(&self) -> Result<Security, String> {
        let env = std::env::var("KHABAR_TOKENS").ok();
        let tokens = Tokens::load(self.tokens_file.as_deref(), env.as_deref())?;
        let tls = match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => Some(TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
                client_ca: self.tls_client_ca.clone(),
            }),
            _ => None,
        };
        Ok(Security { tokens, tls })
    }
}
