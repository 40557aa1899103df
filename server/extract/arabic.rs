//! Arabic normalisation for matching (placeholder, see issue 5).
