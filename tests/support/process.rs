//! The real `khabar-server` binary as a child process on 127.0.0.1:0, found through the
//! `khabar-server listening on <addr>` line it prints first.
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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
