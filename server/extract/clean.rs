//! Cleaning: from the raw scraped page to title + article text (placeholder, owned by the
//! extraction work; see issue 3).
use super::Lang;

/// The article as cleaning leaves it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cleaned {
    pub title: Option<String>,
    pub text: String,
    pub source: Option<String>,
}

pub fn clean(raw: &str, _lang: Lang) -> Cleaned {
    Cleaned {
        title: None,
        text: raw.trim().to_string(),
        source: None,
    }
}
