//! `khabar-server compact`: the compacted store holds exactly what the store held and answers
//! every query as before; a compaction cut short at any step leaves a whole store that the next
//! open puts in place; a store with problems is refused and left alone.
mod support;

use std::path::{Path, PathBuf};

use khabar::store::compact::{self, Step};
use khabar::store::keys::TREE_NAMES;
use khabar::store::{
    ArticleMeta, ArticleQuery, EntityQuery, MeetingQuery, OpenOptions, QuoteQuery, Store,
};
use support::fixtures::{articles, seeded_store};
use support::server_bin;

/// A store of the seed articles in `dir`, some of them deleted and ingested again, so sled's log
/// holds rewritten pages.
fn churned(dir: &Path) -> Store {
    let meta = ArticleMeta {
        outlet: "fixture".into(),
        language: "ar".into(),
        ..ArticleMeta::default()
    };
    let store = seeded_store(dir, 12, &meta);
    for a in articles(12).iter().step_by(3) {
        let id = khabar::store::ArticleId::of_text(&a.raw);
        store.delete_article(id).expect("delete");
    }
    drop(store);
    seeded_store(dir, 12, &meta)
}

/// Every tree's raw entries, by tree name.
type Contents = Vec<(&'static str, Vec<(Vec<u8>, Option<Vec<u8>>)>)>;

fn contents(store: &Store) -> Contents {
    TREE_NAMES
        .iter()
        .map(|tree| {
            let entries = store
                .raw_keys(tree)
                .expect("keys")
                .into_iter()
                .map(|k| {
                    let v = store.raw_value(tree, &k).expect("value");
                    (k, v)
                })
                .collect();
            (*tree, entries)
        })
        .collect()
}

/// What the queries answer: every list unfiltered, every entity's quotes and meetings, every
/// article by id.
fn answers(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    let entities = store
        .list_entities(&EntityQuery::default(), 10_000, None)
        .expect("entities")
        .items;
    assert!(!entities.is_empty());
    let articles = store
        .list_articles(&ArticleQuery::default(), 10_000, None)
        .expect("articles")
        .items;
    assert!(!articles.is_empty());
    for a in &articles {
        let id = khabar::store::ArticleId::parse(&a.article.id).expect("id");
        out.push(format!("{:?}", store.get_article(id).expect("get article")));
    }
    out.push(format!(
        "{:?}",
        store
            .list_quotes(&QuoteQuery::default(), 10_000, None)
            .expect("quotes")
            .items
    ));
    out.push(format!(
        "{:?}",
        store
            .list_meetings(&MeetingQuery::default(), 10_000, None)
            .expect("meetings")
            .items
    ));
    for e in &entities {
        let by_speaker = QuoteQuery {
            speaker: Some(e.name.clone()),
            ..QuoteQuery::default()
        };
        let by_participant = MeetingQuery {
            participant: Some(e.name.clone()),
            ..MeetingQuery::default()
        };
        out.push(format!(
            "{} {:?} {:?}",
            e.name,
            store.list_quotes(&by_speaker, 100, None).expect("q").items,
            store
                .list_meetings(&by_participant, 100, None)
                .expect("m")
                .items
        ));
    }
    out
}

/// The directories beside `dir` that a compaction uses.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    ["compact-partial", "compact-done", "compact-old"]
        .iter()
        .map(|s| dir.with_file_name(format!("db.{s}")))
        .filter(|p| p.exists())
        .collect()
}

#[test]
fn a_compacted_store_holds_and_answers_exactly_what_it_did() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("db");
    let store = churned(&dir);
    let (before, asked) = (contents(&store), answers(&store));
    drop(store);

    let done = compact::compact(&dir, OpenOptions::default()).expect("compact");
    assert!(done.entries > 0 && done.bytes > 0, "{done}");
    assert_eq!(leftovers(&dir), Vec::<PathBuf>::new());

    let store = Store::open(&dir).expect("open the compacted store");
    assert_eq!(contents(&store), before);
    assert_eq!(answers(&store), asked);
    let report = store.check().expect("check");
    assert!(report.is_consistent(), "{report}");
    // it takes writes as before: a stored article is recognised, a new one gets the next ids
    let meta = ArticleMeta::default();
    for a in articles(14) {
        let x = khabar::extract::extract(&a.raw, None, khabar::extract::Lang::Arabic);
        store
            .ingest(khabar::store::ArticleId::of_text(&a.raw), &meta, &x)
            .expect("ingest after compaction");
    }
    assert!(store.check().expect("check").is_consistent());
}

#[test]
fn a_compaction_cut_short_at_any_step_leaves_a_whole_store() {
    // (the last step done before the crash, whether the store found next is the compacted copy)
    let table = [
        (Step::Copying, false),
        (Step::Copied, false),
        (Step::Done, true),
        (Step::OldAside, true),
        (Step::NewInPlace, true),
    ];
    for (crash_after, compacted) in table {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let store = churned(&dir);
        let (before, asked) = (contents(&store), answers(&store));
        drop(store);
        // a file sled does not know tells the old directory from the copy
        std::fs::write(dir.join("old-store-marker"), b"").unwrap();

        let err = compact::compact_until(&dir, OpenOptions::default(), |step| step == crash_after)
            .expect_err("stopped");
        assert!(
            err.to_string().contains("stopped"),
            "{crash_after:?}: {err}"
        );
        assert!(
            !leftovers(&dir).is_empty(),
            "{crash_after:?}: nothing to recover"
        );

        let store = Store::open(&dir).expect("open after the crash");
        assert_eq!(leftovers(&dir), Vec::<PathBuf>::new(), "{crash_after:?}");
        assert_eq!(
            !dir.join("old-store-marker").exists(),
            compacted,
            "{crash_after:?}: which store is in place"
        );
        assert_eq!(contents(&store), before, "{crash_after:?}");
        assert_eq!(answers(&store), asked, "{crash_after:?}");
        assert!(store.check().unwrap().is_consistent(), "{crash_after:?}");
        drop(store);

        // and a compaction run again from there completes
        compact::compact(&dir, OpenOptions::default()).expect("compact again");
        let store = Store::open(&dir).unwrap();
        assert_eq!(contents(&store), before, "{crash_after:?}");
    }
}

#[test]
fn a_store_with_problems_is_not_compacted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("db");
    let store = churned(&dir);
    let key = store.raw_keys("quote_by_speaker").unwrap().remove(0);
    store.tamper("quote_by_speaker", &key, None).unwrap();
    let before = contents(&store);
    drop(store);

    let err = compact::compact(&dir, OpenOptions::default()).expect_err("refused");
    assert!(err.to_string().contains("repair"), "{err}");
    assert_eq!(leftovers(&dir), Vec::<PathBuf>::new());
    let store = Store::open(&dir).unwrap();
    assert_eq!(contents(&store), before);
}

#[test]
fn khabar_server_compact_on_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("db");
    let store = churned(&dir);
    let before = contents(&store);
    drop(store);
    let run = |cmd: &str, dir: &Path| {
        std::process::Command::new(server_bin())
            .arg(cmd)
            .arg("--data-dir")
            .arg(dir)
            .env("RUST_LOG", "warn")
            .output()
            .expect("khabar-server runs")
    };
    let out = run("compact", &dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("compacted in"), "{stdout}");
    assert_eq!(run("check", &dir).status.code(), Some(0));
    assert_eq!(contents(&Store::open(&dir).unwrap()), before);

    // no store there: refused, nothing created
    let missing = tmp.path().join("none");
    let out = run("compact", &missing);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store"));
    assert!(!missing.exists());

    // a symbolic link to a store: refused (the link would be replaced), the store untouched
    #[cfg(unix)]
    {
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        let out = run("compact", &link);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("symbolic link"), "{stderr}");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(contents(&Store::open(&dir).unwrap()), before);
    }
}

#[test]
fn a_compaction_asked_to_compress_gives_a_compressed_store() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("db");
    let store = churned(&dir);
    let (before, asked) = (contents(&store), answers(&store));
    drop(store);
    let conf = || String::from_utf8_lossy(&std::fs::read(dir.join("conf")).unwrap()).into_owned();
    assert!(conf().contains("use_compression: false"), "{}", conf());
    let compress = OpenOptions { compress_new: true };
    compact::compact(&dir, compress).expect("compact");
    assert!(conf().contains("use_compression: true"), "{}", conf());
    // reopened as it now is, whatever the caller asks for
    let store = Store::open(&dir).unwrap();
    assert_eq!(contents(&store), before);
    assert_eq!(answers(&store), asked);
    drop(store);
    // and compacted again without the option, it stays compressed
    compact::compact(&dir, OpenOptions::default()).expect("compact");
    assert!(conf().contains("use_compression: true"), "{}", conf());
}
