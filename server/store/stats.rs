//! What the store holds, per tree: entries and the bytes of their keys and values (what khabar
//! wrote), next to what sled keeps on disk for them. The gap between the two is sled's log
//! (page rewrites, segments not yet reclaimed); `khabar-server stats` prints both.
use std::fmt;

use super::keys::TREE_NAMES;
use super::{Store, StoreError};

/// One tree's logical size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeSize {
    pub tree: &'static str,
    pub entries: u64,
    pub key_bytes: u64,
    pub value_bytes: u64,
}

/// Every tree's logical size and sled's own figure for the whole store on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSize {
    pub trees: Vec<TreeSize>,
    /// `sled::Db::size_on_disk`: the log and snapshot files, blobs included.
    pub on_disk: u64,
}

impl StoreSize {
    /// Keys plus values over every tree.
    pub fn logical(&self) -> u64 {
        self.trees.iter().map(|t| t.key_bytes + t.value_bytes).sum()
    }
}

impl Store {
    /// Walks every tree once (a full scan: for maintenance, not for a serving path).
    pub fn size(&self) -> Result<StoreSize, StoreError> {
        let mut trees = Vec::with_capacity(TREE_NAMES.len());
        for (tree, name) in self.inner.trees.iter().zip(TREE_NAMES) {
            let mut size = TreeSize {
                tree: name,
                entries: 0,
                key_bytes: 0,
                value_bytes: 0,
            };
            for entry in tree.iter() {
                let (k, v) = entry?;
                size.entries += 1;
                size.key_bytes += k.len() as u64;
                size.value_bytes += v.len() as u64;
            }
            trees.push(size);
        }
        Ok(StoreSize {
            trees,
            on_disk: self.inner.db.size_on_disk()?,
        })
    }
}

impl fmt::Display for StoreSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<24} {:>10} {:>12} {:>12}",
            "tree", "entries", "key bytes", "value bytes"
        )?;
        let mut trees: Vec<&TreeSize> = self.trees.iter().collect();
        trees.sort_by_key(|t| std::cmp::Reverse(t.key_bytes + t.value_bytes));
        for t in trees {
            writeln!(
                f,
                "{:<24} {:>10} {:>12} {:>12}",
                t.tree, t.entries, t.key_bytes, t.value_bytes
            )?;
        }
        writeln!(f, "keys and values: {} bytes", self.logical())?;
        writeln!(f, "sled on disk:    {} bytes", self.on_disk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ExtractedArticle;
    use crate::store::{ArticleId, ArticleMeta};

    fn entries(size: &StoreSize, tree: &str) -> u64 {
        size.trees
            .iter()
            .find(|t| t.tree == tree)
            .map_or(u64::MAX, |t| t.entries)
    }

    #[test]
    fn counts_what_each_tree_holds() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("db")).expect("open");
        let empty = store.size().expect("size");
        assert_eq!(empty.trees.len(), TREE_NAMES.len());
        // (tree, entries before, entries after one article)
        let cases = [
            ("articles", 0, 1),
            ("article_by_published", 0, 1),
            ("quotes", 0, 0),
        ];
        for (tree, before, _) in cases {
            assert_eq!(entries(&empty, tree), before, "{tree}");
        }
        let article = ExtractedArticle {
            text: "نص المقال".into(),
            ..ExtractedArticle::default()
        };
        let id = ArticleId::of_text("نص المقال");
        store
            .ingest(id, &ArticleMeta::default(), &article)
            .expect("ingest");
        let one = store.size().expect("size");
        for (tree, _, after) in cases {
            assert_eq!(entries(&one, tree), after, "{tree}");
        }
        let articles = one.trees.iter().find(|t| t.tree == "articles").unwrap();
        assert_eq!(articles.key_bytes, 16);
        assert!(articles.value_bytes > 0);
        assert!(one.logical() > empty.logical());
        let printed = one.to_string();
        for name in TREE_NAMES {
            assert!(printed.contains(name), "{name} missing from\n{printed}");
        }
    }
}
