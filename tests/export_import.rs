//! Export → import into a new data directory → export again gives the same bytes, and the
//! imported store answers queries as the original does: raw articles, publication data and user
//! corrections to entities all survive (through the library and through `khabar-server export`
//! / `import`).
mod support;

use khabar::store::{ArticleMeta, EntityQuery, MeetingQuery, QuoteQuery, Store};
use support::fixtures::seeded_store;
use support::server_bin;

fn seeded(dir: &std::path::Path) -> Store {
    let meta = ArticleMeta {
        source_url: "https://example.org/a".into(),
        outlet: "fixture".into(),
        language: "ar".into(),
        ..ArticleMeta::default()
    };
    seeded_store(dir, 7, &meta)
}

/// An entity with its roles in a canonical order (their stored order is the order articles
/// brought them in, which an import does not keep).
fn canonical(mut e: khabar::store::EntityRecord) -> khabar::store::EntityRecord {
    e.roles.sort_by(|a, b| a.role.cmp(&b.role));
    e
}

/// What the queries answer: quotes with speakers, meetings with participants and place (entity
/// summaries), every entity with its names and counts.
fn answers(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for q in store
        .list_quotes(&QuoteQuery::default(), 1000, None)
        .unwrap()
        .items
    {
        out.push(format!("{:?} {:?}", q.quote, q.speaker));
    }
    for m in store
        .list_meetings(&MeetingQuery::default(), 1000, None)
        .unwrap()
        .items
    {
        out.push(format!(
            "{:?} {:?} {:?}",
            m.meeting, m.participants, m.place
        ));
    }
    for e in store
        .list_entities(&EntityQuery::default(), 10_000, None)
        .unwrap()
        .items
    {
        out.push(format!("{:?}", canonical(e)));
    }
    out
}

fn export(store: &Store) -> String {
    let mut buf = Vec::new();
    store.export(&mut buf).expect("export");
    String::from_utf8(buf).expect("export is UTF-8")
}

/// Applies one correction of each kind, so the export has to carry them.
fn correct(store: &Store) {
    let people = store
        .list_entities(
            &EntityQuery {
                kind: Some(khabar::extract::EntityKind::Person),
                ..EntityQuery::default()
            },
            1000,
            None,
        )
        .unwrap()
        .items;
    assert!(people.len() >= 3, "the fixtures name at least three people");
    let (a, b, c) = (&people[0], &people[1], &people[2]);
    store
        .update_entity(
            khabar::store::EntityId(a.id),
            Some("اسم صححه مستخدم"),
            Some("User Fixed"),
        )
        .expect("update");
    store
        .merge_entities(khabar::store::EntityId(b.id), khabar::store::EntityId(c.id))
        .expect("merge");
}

#[test]
fn export_import_export_is_identical_and_queries_agree() {
    let original_dir = tempfile::tempdir().unwrap();
    let original = seeded(original_dir.path());
    correct(&original);
    let first = export(&original);
    assert!(first.lines().count() > 10, "{first}");
    assert!(first.contains("\"correction\""), "corrections are exported");
    assert!(
        first.contains("\"raw\":\"في لقاء أول منذ 1979"),
        "raw texts are exported"
    );

    let copy_dir = tempfile::tempdir().unwrap();
    let copy = Store::open(copy_dir.path()).unwrap();
    let n = copy.import(first.as_bytes(), |_| {}).expect("import");
    assert_eq!(n.articles, 7);
    let second = export(&copy);
    if first != second {
        let diff: Vec<(&str, &str)> = first
            .lines()
            .zip(second.lines())
            .filter(|(a, b)| a != b)
            .take(3)
            .collect();
        panic!(
            "exports differ ({} vs {} lines): {diff:#?}",
            first.lines().count(),
            second.lines().count()
        );
    }
    let (got, want) = (answers(&copy), answers(&original));
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "the imported store answers otherwise");
    }
    assert!(copy.check().unwrap().is_consistent());

    // importing into a store that holds data is refused
    let again = copy.import(first.as_bytes(), |_| {}).expect_err("refused");
    assert!(again.to_string().contains("empty store"), "{again}");
}

#[test]
fn bad_export_lines_are_refused_with_their_line_number() {
    // (export text, what the error says)
    let header = r#"{"khabar_export":{"version":1,"format_version":1}}"#;
    let cases = [
        ("{\"article\":{}}".to_string(), "line 1"),
        (format!("{header}\nnot json"), "line 2"),
        (
            r#"{"khabar_export":{"version":99,"format_version":1}}"#.to_string(),
            "newer",
        ),
        (
            format!(
                "{header}\n{}",
                r#"{"article":{"id":"00","raw":"نص","published":"","source_url":"","outlet":"","language":"ar"}}"#
            ),
            "bad id",
        ),
        (
            format!(
                "{header}\n{}",
                r#"{"article":{"id":"00000000000000000000000000000000","raw":"نص","published":"","source_url":"","outlet":"","language":"ar"}}"#
            ),
            "does not match its raw text",
        ),
    ];
    for (text, says) in cases {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let e = store.import(text.as_bytes(), |_| {}).expect_err("refused");
        assert!(e.to_string().contains(says), "{text}: {e}");
    }
}

#[test]
fn command_line_export_and_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (src, dst) = (dir.path().join("src"), dir.path().join("dst"));
    drop(seeded(&src));
    let file = dir.path().join("khabar.jsonl");
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(server_bin())
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .expect("khabar-server runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    run(&[
        "export".as_ref(),
        "--data-dir".as_ref(),
        src.as_os_str(),
        "--output".as_ref(),
        file.as_os_str(),
    ]);
    run(&[
        "import".as_ref(),
        "--data-dir".as_ref(),
        dst.as_os_str(),
        "--input".as_ref(),
        file.as_os_str(),
    ]);
    let again = run(&["export".as_ref(), "--data-dir".as_ref(), dst.as_os_str()]);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        std::fs::read_to_string(&file).unwrap()
    );
}
