//! Shared by the reliability and security tests: fixture articles (the five seeds and synthetic
//! variants of them), a seeded random number generator, and the real `khabar-server` binary as a
//! child process.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use khabar::api::{ingest_article_request::Content, IngestArticleRequest, PartialDate};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A raw article and its publication day.
#[derive(Debug, Clone)]
pub struct Article {
    pub raw: String,
    pub published: (i32, i32, i32),
}

impl Article {
    pub fn request(&self) -> IngestArticleRequest {
        let (year, month, day) = self.published;
        IngestArticleRequest {
            content: Some(Content::Text(self.raw.clone())),
            published: Some(PartialDate { year, month, day }),
            source_url: String::new(),
            outlet: "fixture".into(),
            language: "ar".into(),
        }
    }
}

/// The five seed articles with their publication days (from the gold file).
pub fn seeds() -> Vec<Article> {
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/seeds.gold.json"))
            .expect("tests/fixtures/seeds.gold.json"),
    )
    .expect("gold is JSON");
    gold["articles"]
        .as_array()
        .expect("gold articles")
        .iter()
        .map(|a| {
            let file = a["file"].as_str().expect("file");
            let published = a["published"].as_str().expect("published");
            let mut parts = published
                .split('-')
                .map(|p| p.parse::<i32>().expect("date"));
            let date = (
                parts.next().expect("year"),
                parts.next().expect("month"),
                parts.next().expect("day"),
            );
            Article {
                raw: std::fs::read_to_string(repo().join("tests/fixtures/seeds").join(file))
                    .expect("seed file"),
                published: date,
            }
        })
        .collect()
}

/// `n` distinct articles: the seeds, then variants of them (a different closing line, a later
/// day), so every one has its own id and its own facts.
pub fn articles(n: usize) -> Vec<Article> {
    let seeds = seeds();
    (0..n)
        .map(|i| {
            let seed = &seeds[i % seeds.len()];
            if i < seeds.len() {
                return seed.clone();
            }
            let (y, m, d) = seed.published;
            Article {
                raw: format!("{}\n\nتحديث رقم {i} للخبر.", seed.raw.trim_end()),
                published: (y, m, (d + (i as i32 / seeds.len() as i32)).min(28)),
            }
        })
        .collect()
}

/// SplitMix64: a seeded, dependency-free source of test randomness.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..hi` (hi > lo).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo)
    }
}

/// The `khabar-server` binary.
pub fn server_bin() -> &'static str {
    env!("CARGO_BIN_EXE_khabar-server")
}

/// A running `khabar-server` child process; killed (SIGKILL) when dropped.
pub struct Server {
    pub child: Child,
    /// `host:port` it listens on.
    pub addr: String,
}

impl Server {
    /// Starts the server on 127.0.0.1:0 over `data_dir` with extra `args`; waits for its
    /// "listening on" line. Panics with the server's stderr if it does not start.
    pub fn start(data_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        match Server::try_start(data_dir, args, env) {
            Ok(s) => s,
            Err(e) => panic!("khabar-server did not start: {e}"),
        }
    }

    /// Like [`Server::start`], but gives the server's stderr back when it does not start.
    pub fn try_start(
        data_dir: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Server, String> {
        // stderr to a file beside the data directory: a pipe nobody reads could fill and stall
        // the server
        let log_path = PathBuf::from(format!("{}.stderr.log", data_dir.display()));
        let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(server_bin());
        cmd.arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .env("RUST_LOG", "warn")
            .env_remove("KHABAR_TOKENS")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().map_err(|e| e.to_string())?;
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        match line.trim().strip_prefix("khabar-server listening on ") {
            Some(addr) if read.is_ok() => Ok(Server {
                addr: addr.to_string(),
                child,
            }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                let stderr = std::fs::read_to_string(&log_path).unwrap_or_default();
                Err(format!("stdout {line:?}, stderr: {stderr}"))
            }
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// SIGKILL, and wait for the process to be gone.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tonic channel to `url`, retried briefly while the server comes up.
pub async fn channel(url: &str) -> tonic::transport::Channel {
    let endpoint = tonic::transport::Endpoint::from_shared(url.to_string()).expect("url");
    for _ in 0..50 {
        if let Ok(c) = endpoint.connect().await {
            return c;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("cannot connect to {url}");
}
