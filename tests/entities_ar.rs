//! Seeds: every gold person of the seed articles is one entity. Corpus sampling (ignored): prints
//! what recognition finds in `KHABAR_SAMPLE` (JSON Lines {text}) for reading by hand.
use khabar::extract::{entities::recognize, EntityKind, Lang};

fn seed_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

#[test]
fn seed_people_are_one_entity_each() {
    // (family name, seed article index): exactly one person entity holds this family name
    let cases = [
        ("كاميرون", 0),
        ("روحاني", 0),
        ("ظريف", 1),
        ("الجعفري", 1),
        ("رحيم بور", 1),
        ("خامنئي", 2),
        ("كيري", 2),
        ("بساكي", 2),
        ("هاموند", 2),
        ("المقداد", 3),
        ("عبد اللهيان", 3),
        ("الخير الله", 3),
        ("أفخم", 3),
        ("لافروف", 3),
        ("تشوركين", 3),
        ("دوجاريك", 3),
        ("إيرنست", 4),
        ("خامنئي", 4),
        ("ظريف", 4),
        ("كيري", 4),
    ];
    let texts = seed_texts();
    assert_eq!(texts.len(), 5);
    for (family, seed) in cases {
        let r = recognize(&texts[seed], Lang::Arabic);
        let holders: Vec<&str> = r
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .filter(|e| e.aliases.iter().any(|(a, _)| a.ends_with(family)))
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(holders.len(), 1, "{family} in seed {seed}: {holders:?}");
    }
    let unnamed = [("ناطق باسم الحكومة البريطانية", 0), ("مسؤول إيراني", 1)];
    for (desc, seed) in unnamed {
        let r = recognize(&texts[seed], Lang::Arabic);
        let n = r
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::UnnamedPerson && e.name == desc)
            .count();
        assert_eq!(n, 1, "{desc} in seed {seed}");
    }
}

#[test]
#[ignore = "reads a corpus sample from KHABAR_SAMPLE and prints the people found"]
fn print_people_in_corpus_sample() {
    let Ok(path) = std::env::var("KHABAR_SAMPLE") else {
        return;
    };
    let data = std::fs::read_to_string(path).unwrap_or_default();
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or("");
        let r = recognize(text, Lang::Arabic);
        println!("=== {}", v["id"]);
        for e in r
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Person | EntityKind::UnnamedPerson))
        {
            let forms: Vec<String> = r
                .mentions
                .iter()
                .filter(|m| std::ptr::eq(&r.entities[m.entity], e))
                .map(|m| m.text.clone())
                .collect();
            println!("{:?}\t{}\t{}", e.kind, e.name, forms.join(" ‖ "));
        }
    }
}
