//! The store on every backend: reference data, seed data, allocation, validation.

use uppsikt_store::testing::TestDb;

uppsikt_store::postgres_backend_test!();
use uppsikt_store::{
    agreements, allocation_table, grants, reference, registry, reports, seeds, strategies, validation, web_booking,
};

async fn loaded() -> Vec<TestDb> {
    let dbs = TestDb::all().await.expect("test databases");
    for db in &dbs {
        reference::load(&db.store).await.expect("reference data");
        seeds::load(&db.store).await.expect("seed data");
        reports::demo::load(&db.store, "2020-01-01T00:00:00Z")
            .await
            .expect("the seeds' reports");
    }
    dbs
}

#[tokio::test]
async fn reference_data_loads_and_reloads_identically() {
    for db in TestDb::all().await.unwrap() {
        let s = &db.store;
        reference::load(s).await.unwrap();
        let first = (registry::regions(s).await.unwrap(), agreements::list(s).await.unwrap());
        reference::load(s).await.unwrap();
        let second = (registry::regions(s).await.unwrap(), agreements::list(s).await.unwrap());
        assert_eq!(first, second, "{:?}", s.backend());
        assert_eq!(first.0.len(), 21);
        assert_eq!(registry::municipalities(s).await.unwrap().len(), 290);
        let stockholm = &first.0[0];
        assert_eq!((stockholm.code.as_str(), stockholm.name.as_str()), ("01", "Stockholm"));
        let ids: Vec<String> = first.1.iter().map(|a| a.id.to_string()).collect();
        assert!(ids.contains(&"vardens-medarbetare-2019".to_string()));
        let pm17 = agreements::get(s, "professionsmiljarden-2017").await.unwrap();
        assert_eq!(pm17.areas.len(), 3);
        assert_eq!(pm17.earmarks[0].amount_sek.unwrap().0, 300_000_000);
        assert!(
            agreements::get(s, "nope")
                .await
                .unwrap_err()
                .to_string()
                .contains("professionsmiljarden-2017")
        );
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn seed_tables_match_the_texts() {
    for db in loaded().await {
        let s = &db.store;
        let id = "professionsmiljarden-2017".parse().unwrap();
        let g = grants::grants(s, &id).await.unwrap();
        assert_eq!(g.len(), 21);
        let skane = g.iter().find(|x| x.region.as_str() == "12").unwrap();
        assert_eq!(skane.received.0, 126_000_000);
        assert_eq!(skane.source.seed, "004_4b1049023f6152cb.txt");
        assert_eq!(skane.source.section, "2.Region Skåne");
        let kronoberg = g.iter().find(|x| x.region.as_str() == "07").unwrap();
        assert_eq!(kronoberg.received.0, 18_578_147);

        let m = reports::measures(s, &id, reports::Scope::All).await.unwrap();
        assert!(
            m.iter()
                .all(|(_, x)| x.source.as_ref().unwrap().seed == "004_4b1049023f6152cb.txt")
        );
        assert!(
            !m.iter().any(|(r, _)| r.as_str() == "07"),
            "Kronoberg reports no breakdown"
        );
        let sormland: Vec<_> = m.iter().filter(|(r, _)| r.as_str() == "04").collect();
        assert_eq!(sormland.len(), 1);
        assert_eq!(sormland[0].1.cost.unwrap().0, 19_700);

        let w = web_booking::list(s).await.unwrap();
        assert_eq!(w.len(), 21);
        let halland = w.iter().find(|x| x.region.as_str() == "13").unwrap();
        assert_eq!((halland.visa_tid, halland.boka_tid), (668, 494));
        let stockholm = w.iter().find(|x| x.region.as_str() == "01").unwrap();
        assert_eq!((stockholm.visa_tid, stockholm.boka_tid), (873, 660));
        assert!(halland.source_section.starts_with("Tabell 2"));

        let st = strategies::list(s).await.unwrap();
        assert_eq!(st.len(), 21);
        let kr = st.iter().find(|x| x.region.as_str() == "07").unwrap();
        assert!(kr.dokument.starts_with("Närmare Kronobergaren"), "{}", kr.dokument);
        assert!(kr.dokument.ends_with("2017–2027"), "{}", kr.dokument);
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn seeds_load_idempotently() {
    for db in loaded().await {
        let s = &db.store;
        let id = "professionsmiljarden-2017".parse().unwrap();
        let before = (
            reports::measures(s, &id, reports::Scope::All).await.unwrap(),
            strategies::list(s).await.unwrap(),
        );
        seeds::load(s).await.unwrap();
        let after = (
            reports::measures(s, &id, reports::Scope::All).await.unwrap(),
            strategies::list(s).await.unwrap(),
        );
        assert_eq!(before, after);
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn allocation_table_adds_up() {
    for db in loaded().await {
        let s = &db.store;
        let a = agreements::get(s, "professionsmiljarden-2017").await.unwrap();
        let rows = allocation_table::grant_table(s, &a).await.unwrap();
        assert_eq!(rows.len(), 21);
        let allocated: i64 = rows.iter().map(|r| r.allocated_sek.unwrap()).sum();
        assert_eq!(allocated, a.total_sek.unwrap().0);
        let shares: f64 = rows.iter().map(|r| r.share_percent).sum();
        assert!((shares - 100.0).abs() < 1e-9);
        let sthlm = &rows[0];
        // 2 377 081 of 10 326 814 inhabitants.
        assert!((sthlm.share_percent - 23.0185).abs() < 0.001, "{}", sthlm.share_percent);
        assert_eq!(sthlm.received_sek, Some(217_000_000));
        assert_eq!(sthlm.spent_sek, Some(150_068_300));
        let kronoberg = rows.iter().find(|r| r.region == "07").unwrap();
        assert_eq!(kronoberg.spent_sek, None);
        // Skåne's itemised lines are inside its three area totals, not added again.
        let skane = rows.iter().find(|r| r.region == "12").unwrap();
        assert_eq!(skane.spent_sek, Some(102_969_073 + 88_400_000 + 163_000_000));

        // An agreement without a known total has no allocation, but shares.
        let gnv = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
        let rows = allocation_table::grant_table(s, &gnv).await.unwrap();
        assert!(
            rows.iter()
                .all(|r| r.allocated_sek.is_none() && r.received_sek.is_none())
        );
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn validation_flags_the_seed_anomalies() {
    for db in loaded().await {
        let s = &db.store;
        let a = agreements::get(s, "professionsmiljarden-2017").await.unwrap();
        let f = validation::findings(s, &a).await.unwrap();
        let fired = |rule: &str, region: &str| f.iter().any(|x| x.rule == rule && x.region.as_deref() == Some(region));
        assert!(fired("spent-unit-low", "04"), "Sörmland's 19 700 kr against 27,5 M");
        assert!(!fired("spent-unit-low", "12"));
        assert!(
            fired("spent-over-received", "12"),
            "Skåne's totals include more than the grant"
        );
        assert!(!fired("spent-over-received", "04"));
        assert!(fired("missing-breakdown", "07"), "Kronoberg gives no breakdown");
        assert!(
            fired("missing-breakdown", "14"),
            "Västra Götaland lists activities without amounts"
        );
        assert!(!fired("missing-breakdown", "12"));
        assert!(
            fired("earmark-unit-low", "01"),
            "Stockholm's 68 300 kr against 68,1 M earmarked"
        );
        assert!(fired("measure-without-area", "03"));
        assert!(!f.iter().any(|x| x.rule == "population-shares"));
        let sormland = f.iter().find(|x| x.rule == "spent-unit-low").unwrap();
        assert!(sormland.message.contains("19\u{a0}700\u{a0}kr"), "{}", sormland.message);
        assert!(
            sormland.message.contains("27\u{a0}500\u{a0}000\u{a0}kr"),
            "{}",
            sormland.message
        );
        db.finish().await.unwrap();
    }
}

/// The embedded database runs with a write-ahead log, `synchronous = NORMAL`
/// and foreign keys on: the settings the survey's burst of submissions and
/// the schema's integrity rely on.
#[tokio::test]
async fn sqlite_connections_use_wal_and_foreign_keys() {
    let db = TestDb::sqlite().await.unwrap();
    let pool = db.store.pool();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(pool).await.unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(pool).await.unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(pool).await.unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 1, 1));
    db.finish().await.unwrap();
}
