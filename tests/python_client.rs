//! A Python client generated from proto/ (grpcio-tools, at test time, into a temporary folder)
//! ingests a seed, lists its quotes and lists the services through gRPC reflection, against the
//! real `khabar-server` binary. Fails, never skips, when the Python packages are missing:
//! `python3 -m pip install -r tests/python/requirements.txt` (what .ci/run does).
mod support;

use std::process::Command;

use support::cli::{seeds, ServerProcess};
use support::repo;

#[test]
fn generated_python_client_ingests_lists_quotes_and_sees_reflection() {
    let server = ServerProcess::start();
    let (article, published) = &seeds()[0];
    let out = Command::new("python3")
        .arg(repo().join("tests/python/client_test.py"))
        .arg("--server")
        .arg(&server.addr)
        .arg("--proto")
        .arg(repo().join("proto"))
        .arg("--article")
        .arg(article)
        .arg("--published")
        .arg(published)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the Python client test failed (exit {:?}):\n{stdout}{stderr}",
        out.status.code()
    );
    assert!(stdout.starts_with("python client ok: article "), "{stdout}");
}
