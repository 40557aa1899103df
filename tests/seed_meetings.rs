//! Meetings on the five seed articles, scored with the rules of `shared/eval/score.py`: a system
//! meeting matches a gold one when the date is the same day (compared at the gold's precision),
//! the place matches when the gold names one, and at least half of the gold participants are
//! among the system's (names compared after Arabic normalisation: equal, or one holding the other
//! as whole words). Optional gold meetings absorb matching system meetings without counting.
//! Fails when meeting F1 < 0.90 and prints every miss and extra.
mod support;

use std::fs;

use khabar::extract::{extract, ExtractedArticle, Lang, Meeting, NaiveDate, PartialDate};
use serde_json::Value;
use support::score::{contains_words, names_match};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// All the names of an entity as the service would return them.
fn entity_names(article: &ExtractedArticle, e: usize) -> Vec<String> {
    article.entities.get(e).map_or_else(Vec::new, |e| {
        let mut v = vec![e.name.clone()];
        v.extend(e.latin_name.clone());
        v.extend(e.aliases.iter().map(|(a, _)| a.clone()));
        v
    })
}

fn date_tuple(d: PartialDate) -> [i64; 3] {
    [d.year as i64, d.month as i64, d.day as i64]
}

fn meeting_matches(article: &ExtractedArticle, m: &Meeting, gold: &Value, people: &Value) -> bool {
    if let Some(want) = gold["date"].as_str() {
        let parts: Vec<i64> = want.split('-').filter_map(|x| x.parse().ok()).collect();
        let n = match gold["date_precision"].as_str() {
            Some("year") => 1,
            Some("month") => 2,
            _ => 3,
        };
        let Some(got) = m.date else { return false };
        let got = date_tuple(got);
        if got[..n] != parts[..n.min(parts.len())] {
            return false;
        }
    }
    if let Some(place) = gold["place"].as_str() {
        let names = m
            .place
            .map(|p| entity_names(article, p))
            .unwrap_or_default();
        if !names
            .iter()
            .any(|s| contains_words(s, place) || contains_words(place, s))
        {
            return false;
        }
    }
    let parts = gold["participants"].as_array().cloned().unwrap_or_default();
    if !parts.is_empty() {
        let found = parts
            .iter()
            .filter(|p| {
                let person = &people[p.as_str().unwrap_or("")];
                m.participants
                    .iter()
                    .any(|&e| names_match(&entity_names(article, e), person))
            })
            .count();
        if found * 2 < parts.len() {
            return false;
        }
    }
    true
}

fn describe(article: &ExtractedArticle, m: &Meeting) -> String {
    let names: Vec<String> = m
        .participants
        .iter()
        .map(|&e| {
            article
                .entities
                .get(e)
                .map_or(String::new(), |e| e.name.clone())
        })
        .collect();
    format!(
        "{names:?} place={:?} date={:?} {:?} {:?} «{}»",
        m.place
            .and_then(|p| article.entities.get(p))
            .map(|e| &e.name),
        m.date,
        m.status,
        m.kind,
        m.evidence.chars().take(80).collect::<String>()
    )
}

#[test]
fn seed_meetings_f1_at_least_0_90() {
    let gold: Value = serde_json::from_str(
        &fs::read_to_string(format!("{FIXTURES}/seeds.gold.json")).expect("gold file"),
    )
    .expect("gold json");
    let people = &gold["people"];
    let (mut tp, mut n_sys, mut n_gold) = (0usize, 0usize, 0usize);
    let mut report = Vec::new();
    for art in gold["articles"].as_array().expect("articles") {
        let file = art["file"].as_str().expect("file");
        let raw = fs::read_to_string(format!("{FIXTURES}/seeds/{file}")).expect("seed");
        let published = art["published"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let article = extract(&raw, published, Lang::Arabic);
        let sys = &article.meetings;
        let mut gold_ms: Vec<&Value> = art["meetings"]
            .as_array()
            .expect("meetings")
            .iter()
            .collect();
        gold_ms.sort_by_key(|g| !g["required"].as_bool().unwrap_or(true));
        let mut used = vec![false; sys.len()];
        let mut optional_used = 0;
        for gm in gold_ms {
            let required = gm["required"].as_bool().unwrap_or(true);
            let hit = (0..sys.len())
                .find(|&i| !used[i] && meeting_matches(&article, &sys[i], gm, people));
            if let Some(i) = hit {
                used[i] = true;
                if !required {
                    optional_used += 1;
                }
            }
            if required {
                n_gold += 1;
                match hit {
                    Some(_) => tp += 1,
                    None => report.push(format!(
                        "missed {file}: {} {}",
                        gm["date"],
                        gm["evidence"].as_str().unwrap_or("")
                    )),
                }
            }
        }
        n_sys += sys.len() - optional_used;
        for (i, m) in sys.iter().enumerate() {
            if !used[i] {
                report.push(format!("extra  {file}: {}", describe(&article, m)));
            }
            eprintln!("  {file}: {}", describe(&article, m));
        }
    }
    let p = if n_sys == 0 {
        0.0
    } else {
        tp as f64 / n_sys as f64
    };
    let r = tp as f64 / n_gold.max(1) as f64;
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    for line in &report {
        eprintln!("{line}");
    }
    eprintln!(
        "meetings: {n_gold} gold, {n_sys} returned, {tp} right  P={p:.2} R={r:.2} F1={f1:.2}"
    );
    assert!(f1 >= 0.90, "meeting F1 {f1:.2} < 0.90");
}

/// Development aid: `KHABAR_DUMP=path cargo test --test seed_meetings dump -- --ignored
/// --nocapture` prints an article's person and place mentions, dates and meetings.
#[test]
#[ignore = "development aid"]
fn dump() {
    let Ok(path) = std::env::var("KHABAR_DUMP") else {
        return;
    };
    let raw = fs::read_to_string(path).expect("article");
    let published = std::env::var("KHABAR_PUBLISHED")
        .ok()
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let a = extract(&raw, published, Lang::Arabic);
    let cut = |s: usize, e: usize| a.text.chars().skip(s).take(e - s).collect::<String>();
    for m in &a.mentions {
        eprintln!(
            "mention {:?} {:?} «{}» → {}",
            m.kind,
            m.span,
            cut(m.span.start, m.span.end),
            m.entity
        );
    }
    for d in &a.temporal_expressions {
        eprintln!(
            "date «{}» {:?} {:?} {:?}",
            d.text, d.value, d.precision, d.reading
        );
    }
    for m in &a.meetings {
        eprintln!("meeting {}", describe(&a, m));
    }
}

/// Development aid: meetings found in political articles of the shared corpus, for reading.
/// `KHABAR_CORPUS=/work/shared/corpus/corpus.jsonl.gz KHABAR_CORPUS_N=200 cargo test --release
/// --test seed_meetings corpus_sample -- --ignored --nocapture`
#[test]
#[ignore = "development aid"]
fn corpus_sample() {
    use std::io::{BufRead, BufReader};
    let Ok(path) = std::env::var("KHABAR_CORPUS") else {
        return;
    };
    let env_n = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (want, skip) = (
        env_n("KHABAR_CORPUS_N", 200),
        env_n("KHABAR_CORPUS_SKIP", 0),
    );
    let file = fs::File::open(path).expect("corpus");
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let political = [
        "التقى",
        "اجتماع",
        "لقاء",
        "استقبل",
        "قمة",
        "محادثات",
        "مباحثات",
    ];
    let (mut seen, mut done, mut found) = (0usize, 0usize, 0usize);
    let start = std::time::Instant::now();
    let mut meetings_time = std::time::Duration::ZERO;
    for line in reader.lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or("");
        let id = v["id"].as_str().unwrap_or("");
        let news = ["middleEast", "internationalNews", "politic"];
        if !news.iter().any(|s| id.contains(s)) || !political.iter().any(|w| text.contains(w)) {
            continue;
        }
        seen += 1;
        if seen <= skip {
            continue;
        }
        let raw = format!("{}\n\n{}", v["title"].as_str().unwrap_or(""), text);
        let published = v["published"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let a = extract(&raw, published, Lang::Arabic);
        // the meetings step alone, on the pipeline's own intermediate values
        let text = khabar::extract::clean::clean(&raw, Lang::Arabic).text;
        let dates =
            khabar::extract::dates::find_temporal_expressions(&text, published, Lang::Arabic);
        let rec = khabar::extract::entities::recognize(&text, Lang::Arabic);
        let t0 = std::time::Instant::now();
        let again =
            khabar::extract::meetings::find_meetings(&text, &rec, &dates, published, Lang::Arabic);
        meetings_time += t0.elapsed();
        assert_eq!(again.len(), a.meetings.len());
        println!("## {} {:?}", v["id"].as_str().unwrap_or(""), published);
        if std::env::var_os("KHABAR_CORPUS_UNCOVERED").is_some() {
            // sentences with a meeting verb that no meeting's evidence covers: recall leads
            for line in a.text.split(['.', '\n']) {
                let verbs = ["التقى", "استقبل", "اجتمع", "يلتقي", "سيلتقي"];
                let covered = a.meetings.iter().any(|m| {
                    m.evidence.contains(line.trim()) || line.contains(m.evidence.as_str())
                });
                if verbs.iter().any(|v| line.contains(v)) && !covered {
                    println!("  ? {}", line.trim().chars().take(300).collect::<String>());
                }
            }
        }
        for m in &a.meetings {
            found += 1;
            println!("  {}", describe(&a, m));
            println!("      {}", m.evidence.chars().take(400).collect::<String>());
        }
        done += 1;
        if done >= want {
            break;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{done} articles, {found} meetings, {:.0} articles/s (whole run), meetings step {:.0} articles/s",
        done as f64 / secs.max(1e-9),
        done as f64 / meetings_time.as_secs_f64().max(1e-9)
    );
}
