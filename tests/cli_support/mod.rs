//! Shared by the CLI and end-to-end tests: a real khabar server (in-process on a free port, or the
//! real `khabar-server` binary), each on its own temporary sled directory, and a way to run the
//! real `khabar` binary against it.
#![allow(dead_code)] // each test crate uses part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use tempfile::TempDir;

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The five seed articles with their publication dates, from the gold file.
pub fn seeds() -> Vec<(PathBuf, String)> {
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
            (
                repo().join("tests/fixtures/seeds").join(file),
                published.to_string(),
            )
        })
        .collect()
}

/// A server running inside the test process: `khabar::service::serve` on 127.0.0.1:0.
pub struct InProcessServer {
    pub url: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    runtime: Option<tokio::runtime::Runtime>,
    _data: TempDir,
}

impl InProcessServer {
    pub fn start() -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let store = khabar::store::Store::open(data.path().join("khabar-data")).expect("store");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        runtime.spawn(async move {
            let shutdown = async {
                let _ = rx.await;
            };
            if let Err(e) = khabar::service::serve(
                listener,
                store,
                khabar::service::ServiceConfig::default(),
                shutdown,
            )
            .await
            {
                eprintln!("in-process server failed: {e}");
            }
        });
        InProcessServer {
            url: format!("http://{addr}"),
            shutdown: Some(tx),
            runtime: Some(runtime),
            _data: data,
        }
    }

    /// Runs `khabar --server URL ARGS...`.
    pub fn khabar(&self, args: &[&str]) -> Run {
        khabar(&self.url, args, None)
    }

    /// Runs `khabar --server URL ARGS...` with `stdin` piped in.
    pub fn khabar_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        khabar(&self.url, args, Some(stdin))
    }
}

impl Drop for InProcessServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(std::time::Duration::from_secs(5));
        }
    }
}

/// The real `khabar-server` binary on `--listen 127.0.0.1:0`, killed on drop.
pub struct ServerProcess {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    child: Child,
    _data: TempDir,
}

impl ServerProcess {
    pub fn start() -> Self {
        Self::start_with_env(&[])
    }

    /// Starts the server with extra environment variables (`KHABAR_TOKENS`, ...).
    pub fn start_with_env(env: &[(&str, &str)]) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_khabar-server"))
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data.path().join("khabar-data"))
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn khabar-server");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        let prefix = "khabar-server listening on ";
        let Some(addr) = line.trim().strip_prefix(prefix).map(str::to_string) else {
            let _ = child.kill();
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            panic!(
                "khabar-server did not print {prefix:?} (read {read:?}: {line:?}); stderr: {err}"
            );
        };
        // Keep draining stderr so a chatty server never blocks on a full pipe.
        if let Some(mut e) = child.stderr.take() {
            std::thread::spawn(move || std::io::copy(&mut e, &mut std::io::sink()));
        }
        ServerProcess {
            url: format!("http://{addr}"),
            addr,
            child,
            _data: data,
        }
    }

    pub fn khabar(&self, args: &[&str]) -> Run {
        khabar(&self.url, args, None)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one run of the CLI did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "khabar failed: {self:#?}");
        &self.stdout
    }

    /// Asserts success and parses stdout as JSON lines.
    #[track_caller]
    pub fn json(&self) -> Vec<serde_json::Value> {
        self.ok()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
            .collect()
    }
}

/// Runs the real `khabar` binary.
pub fn khabar(url: &str, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_khabar"));
    cmd.arg("--server")
        .arg(url)
        .args(args)
        .env_remove("KHABAR_SERVER")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn khabar");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(bytes).expect("write stdin");
    }
    let out = child.wait_with_output().expect("khabar output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
