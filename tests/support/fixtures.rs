//! Fixture articles (the five seeds and synthetic variants of them), stores holding them, and a
//! seeded random number generator.
use std::path::Path;

use khabar::api::{ingest_article_request::Content, IngestArticleRequest, PartialDate};
use khabar::extract::{self, Lang};
use khabar::store::{ArticleId, ArticleMeta, Store};

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

    /// The publication day as the domain's date.
    pub fn published_date(&self) -> Option<extract::PartialDate> {
        let (year, month, day) = self.published;
        Some(extract::PartialDate {
            year,
            month: month as u32,
            day: day as u32,
        })
    }
}

/// The five seed articles with their publication days (from the gold file).
pub fn seeds() -> Vec<Article> {
    super::gold_seeds()
        .iter()
        .map(|s| Article {
            raw: s.text(),
            published: s.published_ymd(),
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

/// A store at `dir` holding [`articles`]`(n)`, extracted and ingested through the library, each
/// stored with `meta` and its own publication day.
pub fn seeded_store(dir: &Path, n: usize, meta: &ArticleMeta) -> Store {
    let store = Store::open(dir).expect("open");
    for a in articles(n) {
        let published = a.published_date();
        let x = extract::extract(&a.raw, published.and_then(|d| d.to_naive()), Lang::Arabic);
        let meta = ArticleMeta {
            published,
            ..meta.clone()
        };
        store
            .ingest(ArticleId::of_text(&a.raw), &meta, &x)
            .expect("ingest");
    }
    store
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
