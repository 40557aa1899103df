//! The sled store (placeholder, see issue 2).
