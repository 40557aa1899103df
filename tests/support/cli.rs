//! The real `khabar` binary run against a khabar server (in-process on a free port, or the real
//! `khabar-server` binary), each server on its own temporary sled directory.
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use tempfile::TempDir;

/// The five seed articles' files with their publication dates, from the gold file.
pub fn seeds() -> Vec<(PathBuf, String)> {
    super::gold_seeds()
        .into_iter()
        .map(|s| (s.path, s.published))
        .collect()
}

/// A server running inside the test process on its own runtime: [`super::grpc::Server`].
pub struct InProcessServer {
    pub url: String,
    server: Option<super::grpc::Server>,
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
        let server = runtime.block_on(super::grpc::Server::start(&data.path().join("khabar-data")));
        InProcessServer {
            url: server.url.clone(),
            server: Some(server),
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
        if let Some(server) = &mut self.server {
            server.signal_stop();
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(std::time::Duration::from_secs(5));
        }
    }
}

/// The real `khabar-server` binary ([`super::Server`]) over a temporary directory.
pub struct ServerProcess {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    server: super::Server,
    _data: TempDir,
}

impl ServerProcess {
    pub fn start() -> Self {
        Self::start_with_env(&[])
    }

    /// Starts the server with extra environment variables (`KHABAR_TOKENS`, ...).
    pub fn start_with_env(env: &[(&str, &str)]) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let server = super::Server::start(&data.path().join("khabar-data"), &[], env);
        ServerProcess {
            url: server.url(),
            addr: server.addr.clone(),
            server,
            _data: data,
        }
    }

    pub fn khabar(&self, args: &[&str]) -> Run {
        khabar(&self.url, args, None)
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
        // a client that fails early (an unreachable server) exits before reading its input:
        // the closed pipe is not the test's failure, its exit code and output say what happened
        if let Err(e) = pipe.write_all(bytes) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    let out = child.wait_with_output().expect("khabar output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
