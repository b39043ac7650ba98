//! Large reports: hundreds of measures are written in multi-row statements
//! (more rows than one statement takes, so several), read back exactly, and
//! every one audited; texts over their bound are refused with nothing stored.
//! How fast is shown by `cargo run --release -p uppsikt-store --example
//! measures_import`, not here.

use std::path::Path;

use uppsikt_domain::report::{Question, ReportContent};
use uppsikt_domain::{Actor, Agreement, RegionCode};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{Error, Invalid, Store, agreements, reference, reports};

uppsikt_store::postgres_backend_test!();

const AT: &str = "2019-10-01T09:00:00Z";

fn coordinator() -> Actor {
    Actor::new("karin", "region:17".parse().unwrap())
}

/// A measures CSV of `n` rows whose titles start with `prefix`.
fn measures_csv(path: &Path, n: usize, prefix: &str) {
    let mut text = String::from("Titel;Utvecklingsområde;Status;Kostnad (kr);Beskrivning\n");
    for i in 1..=n {
        text.push_str(&format!(
            "{prefix} {i};omstallning;pilot;{};Insats nummer {i}\n",
            i * 1000
        ));
    }
    std::fs::write(path, text).unwrap();
}

async fn audit_rows_of_measures(s: &Store, a: &Agreement, r: RegionCode) -> usize {
    reports::audit(s, &a.id, Some(r))
        .await
        .unwrap()
        .iter()
        .filter(|e| e.measure.is_some())
        .count()
}

#[tokio::test]
async fn hundreds_of_measures_are_written_read_back_and_audited_exactly() {
    for db in TestDb::all().await.unwrap() {
        let s = &db.store;
        reference::load(s).await.unwrap();
        let a = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        let r: RegionCode = "17".parse().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("insatser.csv");

        // 700 measures: many statements of measures (13 rows each) and
        // of audit rows (19 each).
        measures_csv(&csv, 700, "Insats");
        let saved = reports::import_measures_csv(s, &coordinator(), AT, &csv, &a, r)
            .await
            .unwrap();
        let stored = reports::get(s, &a.id, r).await.unwrap().unwrap();
        assert_eq!(stored.content.measures, saved.report.content.measures);
        let titles: Vec<String> = stored.content.measures.iter().map(|m| m.title.clone()).collect();
        assert_eq!(titles, (1..=700).map(|i| format!("Insats {i}")).collect::<Vec<_>>());
        assert_eq!(
            stored.content.measures[699].description.as_deref(),
            Some("Insats nummer 700")
        );
        // Per measure: "added", title, description, area, status, cost.
        let first = audit_rows_of_measures(s, &a, r).await;
        assert_eq!(first, 700 * 6);

        // Again with 350, every title changed: 350 rewritten, 350 removed.
        measures_csv(&csv, 350, "Ändrad");
        let saved = reports::import_measures_csv(s, &coordinator(), AT, &csv, &a, r)
            .await
            .unwrap();
        assert_eq!(saved.report.version, stored.version + 1);
        let stored = reports::get(s, &a.id, r).await.unwrap().unwrap();
        let titles: Vec<String> = stored.content.measures.iter().map(|m| m.title.clone()).collect();
        assert_eq!(titles, (1..=350).map(|i| format!("Ändrad {i}")).collect::<Vec<_>>());
        // One title change per kept measure, one "removed" per removed measure
        // and one row per field it had.
        assert_eq!(audit_rows_of_measures(s, &a, r).await - first, 350 + 350 * 6);
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn texts_over_their_bound_are_refused_and_nothing_is_stored() {
    for db in TestDb::all().await.unwrap() {
        let s = &db.store;
        reference::load(s).await.unwrap();
        let a = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        let r: RegionCode = "17".parse().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("insatser.csv");
        let title = "T".repeat(301);
        std::fs::write(
            &csv,
            format!("Titel;Utvecklingsområde;Status;Kostnad (kr)\n{title};omstallning;pilot;5\n"),
        )
        .unwrap();
        let e = reports::import_measures_csv(s, &coordinator(), AT, &csv, &a, r)
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "insatser.csv: 1 fel – inget har sparats:\n  \
             insatser.csv: rad 2, kolumn ”Titel”: Texten har 301 tecken; högst 300 får plats.\n"
        );

        let mut content = ReportContent::default();
        content.answers.set(Question::Changes, Some("å".repeat(50_001)));
        let e = reports::save_content(s, &coordinator(), AT, &a, r, content, None)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid(Invalid::Rule(_))), "{e:?}");
        assert!(
            e.to_string()
                .ends_with("Texten har 50\u{a0}001 tecken; högst 50\u{a0}000 får plats."),
            "{e}"
        );
        assert!(reports::get(s, &a.id, r).await.unwrap().is_none());
        db.finish().await.unwrap();
    }
}
