//! `Store::check` finds each kind of damage done on purpose to a store of the seed articles, and
//! `Store::repair` (and `khabar-server check` / `repair` on the command line) puts it right, with
//! queries answering as before.
mod support;

use khabar::store::{ArticleId, ArticleMeta, FactId, MeetingQuery, QuoteQuery, Store};
use support::fixtures::seeded_store;
use support::server_bin;

/// A store holding the five seeds and a few variants.
fn seeded(dir: &std::path::Path) -> Store {
    let meta = ArticleMeta {
        outlet: "fixture".into(),
        language: "ar".into(),
        ..ArticleMeta::default()
    };
    seeded_store(dir, 8, &meta)
}

/// Every quote and meeting id the default queries list, newest first.
fn answers(store: &Store) -> (Vec<String>, Vec<String>) {
    let quotes = store
        .list_quotes(&QuoteQuery::default(), 1000, None)
        .expect("quotes")
        .items
        .into_iter()
        .map(|q| format!("{} {:?}", q.quote.id, q.speaker.map(|s| s.name.clone())))
        .collect();
    let meetings = store
        .list_meetings(&MeetingQuery::default(), 1000, None)
        .expect("meetings")
        .items
        .into_iter()
        .map(|m| {
            format!(
                "{} {:?}",
                m.meeting.id,
                m.participants.iter().map(|p| &p.name).collect::<Vec<_>>()
            )
        })
        .collect();
    (quotes, meetings)
}

fn first_key(store: &Store, tree: &str) -> Vec<u8> {
    store
        .raw_keys(tree)
        .expect("keys")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{tree} is empty"))
}

/// A damage done to the store.
type Damage = fn(&Store);

#[test]
fn check_finds_each_damage_and_repair_fixes_it() {
    // (damage, what the check must say, whether repair can put it right)
    let table: [(&str, Damage, &str, bool); 7] = [
        (
            "a quote's date index entry removed",
            |s| {
                s.tamper("quote_by_date", &first_key(s, "quote_by_date"), None)
                    .unwrap()
            },
            "quote_by_date",
            true,
        ),
        (
            "a meeting index entry pointing at nothing",
            |s| {
                let ghost = FactId {
                    article: ArticleId([7; 16]),
                    index: 3,
                };
                let mut k = 20141127u32.to_be_bytes().to_vec();
                k.extend_from_slice(&ghost.key());
                s.tamper("meeting_by_date", &k, Some(&[])).unwrap()
            },
            "no stored record accounts for",
            true,
        ),
        (
            "an entity's name index entry removed",
            |s| {
                s.tamper("entity_by_name", &first_key(s, "entity_by_name"), None)
                    .unwrap()
            },
            "missing entry for entity",
            true,
        ),
        (
            "an article's outlet index entry removed",
            |s| {
                s.tamper(
                    "article_by_outlet",
                    &first_key(s, "article_by_outlet"),
                    None,
                )
                .unwrap()
            },
            "missing entry for article",
            true,
        ),
        (
            "a quote no article lists",
            |s| {
                let (k, v) = {
                    let k = first_key(s, "quotes");
                    (
                        k,
                        s.raw_value("quotes", &first_key(s, "quotes"))
                            .unwrap()
                            .unwrap(),
                    )
                };
                let mut orphan = k.clone();
                orphan[0] ^= 0xff; // another (unstored) article
                s.tamper("quotes", &orphan, Some(&v)).unwrap()
            },
            "belongs to no stored article",
            true,
        ),
        (
            "the entity id counter below the ids in use",
            |s| {
                s.tamper("meta", b"next_entity_id", Some(&1u64.to_be_bytes()))
                    .unwrap()
            },
            "would reuse an id in use",
            true,
        ),
        (
            "a stored quote lost",
            |s| s.tamper("quotes", &first_key(s, "quotes"), None).unwrap(),
            "which is not stored",
            false,
        ),
    ];
    for (name, damage, says, repairable) in table {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded(dir.path());
        let clean = store.check().unwrap();
        assert!(clean.is_consistent(), "fresh store: {clean}");
        assert!(
            clean.quotes > 0 && clean.meetings > 0 && clean.index_entries > 0,
            "{clean}"
        );
        let before = answers(&store);

        damage(&store);
        let report = store.check().unwrap();
        assert!(
            report.problems.iter().any(|p| p.to_string().contains(says)),
            "{name}: expected a problem saying {says:?}, got:\n{report}"
        );

        let repaired = store.repair().unwrap();
        let after = store.check().unwrap();
        assert_eq!(
            after.is_consistent(),
            repairable,
            "{name}: {repaired}\n{after}"
        );
        if repairable {
            assert_eq!(
                answers(&store),
                before,
                "{name}: queries changed by the repair"
            );
        }
    }
}

#[test]
fn command_line_check_fails_on_damage_and_repair_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = seeded(dir.path());
        store
            .tamper(
                "quote_by_speaker",
                &first_key(&store, "quote_by_speaker"),
                None,
            )
            .unwrap();
    }
    let run = |cmd: &str| {
        std::process::Command::new(server_bin())
            .arg(cmd)
            .arg("--data-dir")
            .arg(dir.path())
            .env("RUST_LOG", "warn")
            .output()
            .expect("khabar-server runs")
    };
    let check = run("check");
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("quote_by_speaker") && stdout.contains("missing entry for quote"),
        "{stdout}"
    );

    let repair = run("repair");
    let stdout = String::from_utf8_lossy(&repair.stdout);
    assert!(repair.status.success(), "{stdout}");
    assert!(stdout.contains("1 index entries added"), "{stdout}");
    let check = run("check");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("consistent"));
}

#[test]
fn store_format_version_newer_refused_older_stamped() {
    use khabar::store::format::{FORMAT_VERSION, FORMAT_VERSION_KEY};
    let dir = tempfile::tempdir().unwrap();
    let quotes_before = {
        let store = seeded(dir.path());
        assert_eq!(
            store.raw_value("meta", FORMAT_VERSION_KEY).unwrap(),
            Some(FORMAT_VERSION.to_be_bytes().to_vec()),
            "a new store is stamped with the current format"
        );
        // as written before versions were stamped
        store.tamper("meta", FORMAT_VERSION_KEY, None).unwrap();
        answers(&store)
    };
    {
        let store = Store::open(dir.path()).expect("an unstamped store opens");
        assert_eq!(
            store.raw_value("meta", FORMAT_VERSION_KEY).unwrap(),
            Some(FORMAT_VERSION.to_be_bytes().to_vec()),
            "and is stamped"
        );
        assert_eq!(answers(&store), quotes_before);
        assert!(store.check().unwrap().is_consistent());
        let newer = (FORMAT_VERSION + 1).to_be_bytes();
        store
            .tamper("meta", FORMAT_VERSION_KEY, Some(&newer))
            .unwrap();
    }
    let refused = Store::open(dir.path())
        .err()
        .expect("a newer store is refused");
    let message = refused.to_string();
    assert!(
        message.contains("newer khabar-server")
            && message.contains(&format!("version {}", FORMAT_VERSION + 1)),
        "{message}"
    );
    // the server binary refuses to serve it, saying why
    let out = std::process::Command::new(server_bin())
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .expect("khabar-server runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("newer khabar-server"), "{stderr}");
    assert!(out.stdout.is_empty(), "it must not start listening");
}
