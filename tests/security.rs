//! Security of the service: bearer tokens with read and write scopes (in process and through the
//! real binary's `--tokens-file` and `KHABAR_TOKENS`), TLS with a certificate generated at test
//! time, and the refusal to listen beyond loopback unprotected.
mod support;

use khabar::api::{
    article_service_client::ArticleServiceClient, quote_service_client::QuoteServiceClient,
    ListQuotesRequest,
};
use khabar::service::auth::{Security, Tokens};
use khabar::service::{serve_secured, ServiceConfig};
use khabar::store::Store;
use support::fixtures::seeds;
use support::{server_bin, Server};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};
use tonic::Code;
use tonic_health::pb::{health_client::HealthClient, HealthCheckRequest};

const WRITE: &str = "write-token-for-tests-0123";
const READ: &str = "read-token-for-tests-4567";

/// Which call a case makes.
#[derive(Debug, Clone, Copy)]
enum Rpc {
    Ingest,
    ListQuotes,
    Health,
}

/// Makes `rpc` over `channel` with `token` as a bearer token; the status code it gets.
async fn call(channel: Channel, rpc: Rpc, token: Option<&str>) -> Code {
    let header: Option<tonic::metadata::MetadataValue<_>> =
        token.map(|t| format!("Bearer {t}").parse().expect("header value"));
    let with = move |mut r: tonic::Request<()>| {
        if let Some(h) = &header {
            r.metadata_mut().insert("authorization", h.clone());
        }
        Ok(r)
    };
    let result = match rpc {
        Rpc::Ingest => ArticleServiceClient::with_interceptor(channel, with)
            .ingest_article(seeds()[1].request())
            .await
            .map(drop),
        Rpc::ListQuotes => QuoteServiceClient::with_interceptor(channel, with)
            .list_quotes(ListQuotesRequest::default())
            .await
            .map(drop),
        Rpc::Health => HealthClient::with_interceptor(channel, with)
            .check(HealthCheckRequest::default())
            .await
            .map(drop),
    };
    match result {
        Ok(()) => Code::Ok,
        Err(s) => s.code(),
    }
}

/// (call, token, expected code) with tokens configured.
fn token_table() -> Vec<(Rpc, Option<&'static str>, Code)> {
    vec![
        (Rpc::ListQuotes, None, Code::Unauthenticated),
        (
            Rpc::ListQuotes,
            Some("not-a-configured-token-000"),
            Code::Unauthenticated,
        ),
        (Rpc::ListQuotes, Some(READ), Code::Ok),
        (Rpc::ListQuotes, Some(WRITE), Code::Ok),
        (Rpc::Ingest, None, Code::Unauthenticated),
        (Rpc::Ingest, Some(READ), Code::PermissionDenied),
        (Rpc::Ingest, Some(WRITE), Code::Ok),
        (Rpc::Health, None, Code::Ok),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_gate_reads_and_writes_and_leave_health_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let security = Security {
        tokens: Tokens::parse(&format!("write:{WRITE}\nread:{READ}"), "test").unwrap(),
        tls: None,
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_secured(
        listener,
        store,
        ServiceConfig::default(),
        security,
        async {
            let _ = rx.await;
        },
    ));
    let channel = support::channel(&url).await;
    for (rpc, token, want) in token_table() {
        assert_eq!(
            call(channel.clone(), rpc, token).await,
            want,
            "{rpc:?} {token:?}"
        );
    }
    // refused writes stored nothing: only the one write-token ingest is there
    let listed = QuoteServiceClient::with_interceptor(channel, |mut r: tonic::Request<()>| {
        r.metadata_mut()
            .insert("authorization", format!("Bearer {READ}").parse().unwrap());
        Ok(r)
    })
    .list_quotes(ListQuotesRequest {
        page_size: 1000,
        ..Default::default()
    })
    .await
    .unwrap()
    .into_inner()
    .quotes;
    let articles: std::collections::BTreeSet<String> =
        listed.into_iter().map(|q| q.article_id).collect();
    assert_eq!(articles.len(), 1);
    let _ = tx.send(());
    server.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_reads_tokens_from_a_file_and_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tokens");
    std::fs::write(&file, format!("# writers\nwrite:{WRITE}\n")).unwrap();
    let server = Server::start(
        &dir.path().join("data"),
        &["--tokens-file", file.to_str().unwrap()],
        &[("KHABAR_TOKENS", &format!("read:{READ}"))],
    );
    let channel = support::channel(&server.url()).await;
    for (rpc, token, want) in token_table() {
        assert_eq!(
            call(channel.clone(), rpc, token).await,
            want,
            "{rpc:?} {token:?}"
        );
    }
    server.kill();

    // a malformed tokens file stops the server before it listens
    std::fs::write(&file, "write:short\n").unwrap();
    let refused = Server::try_start(
        &dir.path().join("data"),
        &["--tokens-file", file.to_str().unwrap()],
        &[],
    )
    .err()
    .expect("refused");
    assert!(refused.contains("at least 16 characters"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_a_self_signed_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert_pem = certified.cert.pem();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, &cert_pem).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let server = Server::start(
        &dir.path().join("data"),
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
        &[],
    );
    let port = server.addr.rsplit(':').next().unwrap().to_string();

    // a client trusting the certificate gets answers
    let tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(&cert_pem))
        .domain_name("localhost");
    let channel = Endpoint::from_shared(format!("https://localhost:{port}"))
        .unwrap()
        .tls_config(tls)
        .unwrap()
        .connect()
        .await
        .expect("TLS connection");
    assert_eq!(call(channel.clone(), Rpc::ListQuotes, None).await, Code::Ok);
    assert_eq!(call(channel, Rpc::Health, None).await, Code::Ok);

    // plaintext gets nothing
    let plain = Endpoint::from_shared(server.url()).unwrap().connect().await;
    if let Ok(ch) = plain {
        assert_ne!(call(ch, Rpc::Health, None).await, Code::Ok);
    }

    // a client trusting another certificate fails the handshake
    let other = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let untrusted = Endpoint::from_shared(format!("https://localhost:{port}"))
        .unwrap()
        .tls_config(
            ClientTlsConfig::new()
                .ca_certificate(Certificate::from_pem(other.cert.pem()))
                .domain_name("localhost"),
        )
        .unwrap()
        .connect()
        .await;
    if let Ok(ch) = untrusted {
        assert_ne!(call(ch, Rpc::Health, None).await, Code::Ok);
    }
    server.kill();
}

#[test]
fn listening_beyond_loopback_needs_tls_and_tokens_or_insecure() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(server_bin())
        .args(["--listen", "0.0.0.0:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .env_remove("KHABAR_TOKENS")
        .output()
        .expect("khabar-server runs");
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "it must not listen");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refusing to listen on 0.0.0.0:0") && stderr.contains("--insecure"),
        "{stderr}"
    );

    // --insecure: it listens
    let mut child = std::process::Command::new(server_bin())
        .args(["--listen", "0.0.0.0:0", "--insecure", "--data-dir"])
        .arg(dir.path().join("data"))
        .env_remove("KHABAR_TOKENS")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("khabar-server runs");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.starts_with("khabar-server listening on 0.0.0.0:"),
        "{line}"
    );
}

/// `khabar bench` (both modes) connects like every other command: over TLS with `--ca-cert`,
/// sending `--token`; without a token it stops at once with the "not allowed" exit code.
#[test]
fn bench_works_against_a_server_with_tls_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let server = Server::start(
        &dir.path().join("data"),
        &["--tls-cert", cert, "--tls-key", key],
        &[("KHABAR_TOKENS", &format!("write:{WRITE}\nread:{READ}"))],
    );
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let url = format!("https://localhost:{port}");
    let seeds = support::repo().join("tests/fixtures/seeds");
    let mixed = [
        "bench",
        "mixed",
        "--clients",
        "4",
        "--duration",
        "1s",
        "--fixtures",
        seeds.to_str().unwrap(),
    ];
    let with = |token: Option<&str>, args: &[&str]| {
        let mut all = vec!["--ca-cert", cert];
        if let Some(t) = token {
            all.extend(["--token", t]);
        }
        all.extend_from_slice(args);
        support::cli::khabar(&url, &all, None)
    };

    let run = with(Some(WRITE), &mixed);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.contains(", 0 lost"), "{run:#?}");

    // the single-call bench asks about what the mixed run stored
    let single = [
        "bench",
        "--only",
        "get-article,quotes-by-speaker",
        "--clients",
        "2",
        "--duration",
        "0.2",
        "--warmup",
        "0",
    ];
    let run = with(Some(READ), &single);
    assert_eq!(run.code, 0, "{run:#?}");

    // no token: refused before any load (exit 5: not allowed); a read token cannot ingest (exit 1)
    let run = with(None, &mixed);
    assert_eq!(run.code, 5, "{run:#?}");
    let run = with(Some(READ), &mixed);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.contains("PermissionDenied"), "{run:#?}");
    server.kill();
}

/// A value that would forge a log line (a line break) and drive the terminal (an ANSI colour).
const FORGED: &str = "اسم\nINJECTED-LINE level=ERROR \u{1b}[31mRED";

/// Client-given values reach the log escaped, and tokens and article text never do: the real
/// binary at `RUST_LOG=debug`, fed that value in every field a call might log, and a refused
/// token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_values_reach_the_log_escaped_and_tokens_never() {
    use khabar::api::{
        entity_service_client::EntityServiceClient, DeleteArticleRequest, GetArticleRequest,
        MergeEntitiesRequest, SplitAliasRequest, UpdateEntityRequest,
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(
        &data,
        &[],
        &[
            ("RUST_LOG", "debug"),
            ("KHABAR_TOKENS", &format!("write:{WRITE}")),
        ],
    );
    let channel = support::channel(&server.url()).await;
    let bearer = |token: &'static str| {
        let header: tonic::metadata::MetadataValue<_> =
            format!("Bearer {token}").parse().expect("header value");
        move |mut r: tonic::Request<()>| {
            r.metadata_mut().insert("authorization", header.clone());
            Ok(r)
        }
    };
    let mut articles = ArticleServiceClient::with_interceptor(channel.clone(), bearer(WRITE));
    let mut entities = EntityServiceClient::with_interceptor(channel.clone(), bearer(WRITE));
    let seed = &seeds()[1];
    let stored = articles
        .ingest_article(seed.request())
        .await
        .expect("ingest")
        .into_inner()
        .article
        .expect("article");
    let entity = stored.entities.first().expect("an entity").id.clone();

    // a rename is logged (as a registry correction) with the client's name in it
    entities
        .update_entity(UpdateEntityRequest {
            id: entity.clone(),
            name: FORGED.into(),
            latin_name: String::new(),
        })
        .await
        .expect("rename");
    // the other fields a call might log; their answers do not matter here
    let forged = || FORGED.to_string();
    let _ = entities
        .split_alias(SplitAliasRequest {
            entity_id: entity.clone(),
            alias: forged(),
        })
        .await;
    let _ = entities
        .merge_entities(MergeEntitiesRequest {
            target_id: entity,
            source_id: forged(),
        })
        .await;
    let _ = articles
        .get_article(GetArticleRequest { id: forged() })
        .await;
    let _ = articles
        .delete_article(DeleteArticleRequest { id: forged() })
        .await;
    let _ = QuoteServiceClient::with_interceptor(channel.clone(), bearer(WRITE))
        .list_quotes(ListQuotesRequest {
            speaker: forged(),
            contains: forged(),
            ..Default::default()
        })
        .await;
    // a refused token is logged as a refusal, without the token
    let refused =
        QuoteServiceClient::with_interceptor(channel, bearer("guessed-token-SECRET-0042"))
            .list_quotes(ListQuotesRequest::default())
            .await;
    assert_eq!(refused.err().map(|s| s.code()), Some(Code::Unauthenticated));
    server.kill();

    let log = std::fs::read_to_string(format!("{}.stderr.log", data.display())).expect("log");
    // the value was logged (escaped), so the checks below can fail
    assert!(log.contains("registry correction"), "{log}");
    assert!(log.contains("INJECTED-LINE"), "{log}");
    assert!(log.contains("refused"), "{log}");
    assert!(!log.contains("\nINJECTED-LINE"), "a forged line:\n{log}");
    assert!(!log.contains("\u{1b}[31mRED"), "a raw escape:\n{log}");
    for secret in [WRITE, "SECRET-0042"] {
        assert!(!log.contains(secret), "token {secret} in the log:\n{log}");
    }
    // nor the article's text: none of its lines of 40 characters or more
    for line in seed.raw.lines().filter(|l| l.chars().count() >= 40) {
        let probe: String = line.chars().take(40).collect();
        assert!(!log.contains(&probe), "article text in the log: {probe}");
    }
}
