//! Shared by every integration test: the fixtures (the seed articles and their gold), khabar
//! servers to test against (in-process, or the real `khabar-server` binary) and the real `khabar`
//! CLI. Each test crate includes it with `mod support;` and uses the parts it needs:
//! - [`cli`]: the CLI and servers it talks to, each over its own temporary directory;
//! - [`grpc`]: an in-process server in the test's runtime and the generated clients;
//! - [`fixtures`]: seed articles and variants of them, stores holding them, seeded randomness;
//! - [`process`]: the `khabar-server` binary as a child process;
//! - [`score`]: the matching rules of `shared/eval/score.py`.
#![allow(dead_code, unused_imports)] // each test crate uses part of it

pub mod cli;
pub mod fixtures;
pub mod grpc;
pub mod process;
pub mod score;

use std::path::PathBuf;

pub use process::{channel, server_bin, Server};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One seed article named by the gold file.
pub struct GoldSeed {
    /// The article's file under tests/fixtures/seeds.
    pub path: PathBuf,
    /// Its publication day, `yyyy-mm-dd`.
    pub published: String,
}

impl GoldSeed {
    /// The article's raw text.
    pub fn text(&self) -> String {
        std::fs::read_to_string(&self.path).expect("seed file")
    }

    /// The publication day as (year, month, day).
    pub fn published_ymd(&self) -> (i32, i32, i32) {
        let mut parts = self
            .published
            .split('-')
            .map(|p| p.parse::<i32>().expect("date part"));
        (
            parts.next().expect("year"),
            parts.next().expect("month"),
            parts.next().expect("day"),
        )
    }
}

/// The five seed articles, in the gold file's order.
pub fn gold_seeds() -> Vec<GoldSeed> {
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/seeds.gold.json"))
            .expect("tests/fixtures/seeds.gold.json"),
    )
    .expect("gold is JSON");
    gold["articles"]
        .as_array()
        .expect("gold articles")
        .iter()
        .map(|a| GoldSeed {
            path: repo()
                .join("tests/fixtures/seeds")
                .join(a["file"].as_str().expect("file")),
            published: a["published"].as_str().expect("published").to_string(),
        })
        .collect()
}
