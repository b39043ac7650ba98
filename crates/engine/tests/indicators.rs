//! Each indicator's edge cases on small hand-written inputs; the expected
//! counts are worked out by hand from shared/spec/register-data.md.

mod common;

use common::*;

#[test]
fn vardgaranti_counts_0_to_3_days_and_skips_later_choice_and_unneeded() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "contacts.csv",
        CONTACTS,
        &[
            "c1,p1,K,1980,01,u1,2024-03-10,true,2024-03-10,false", // 0 days: hit
            "c2,p2,K,1980,01,u1,2024-03-10,true,2024-03-13,false", // 3 days: hit
            "c3,p3,K,1980,01,u1,2024-03-10,true,2024-03-14,false", // 4 days: miss
            "c4,p4,K,1980,01,u1,2024-03-10,true,2024-03-20,true",  // chose later: not counted
            "c5,p5,K,1980,01,u1,2024-03-10,true,,false",           // no assessment: miss
            "c6,p6,M,1980,01,u1,2024-03-10,false,,false",          // not needed: not counted
            "c7,p7,M,1980,01,u1,2024-03-31,1,2024-04-01,0",        // month of the contact
            "c8,p8,M,1980,01,u1,2024-12-30,true,2025-01-02,false", // across the year end
            "c9,p9,K,1980,03,u2,2024-03-05,true,2024-03-05,false",
        ],
    );
    let cells = run(dir.path());
    let i = "vardgaranti_3d";
    assert_eq!(nd(&cells, i, "01", "2024-03", "K"), Some((2, 4)));
    assert_eq!(nd(&cells, i, "01", "2024-03", "M"), Some((1, 1)));
    assert_eq!(nd(&cells, i, "01", "2024-03", "alla"), Some((3, 5)));
    assert_eq!(nd(&cells, i, "01", "2024-04", "M"), None);
    assert_eq!(nd(&cells, i, "01", "2024-12", "M"), Some((1, 1)));
    assert_eq!(nd(&cells, i, "01", "2024-12", "K"), None);
    assert_eq!(nd(&cells, i, "01", "2024", "K"), Some((2, 4)));
    assert_eq!(nd(&cells, i, "01", "2024", "M"), Some((2, 2)));
    assert_eq!(nd(&cells, i, "01", "2024", "alla"), Some((4, 6)));
    assert_eq!(nd(&cells, i, "03", "2024-03", "K"), Some((1, 1)));
    assert_eq!(nd(&cells, i, "03", "2024", "M"), None);
    assert_eq!(nd(&cells, i, "00", "2024-03", "alla"), Some((4, 6)));
    assert_eq!(nd(&cells, i, "00", "2024", "K"), Some((3, 5)));
    assert_eq!(nd(&cells, i, "00", "2024", "alla"), Some((5, 7)));
    assert_eq!(nd(&cells, i, "00", "2025", "M"), None);
    assert_eq!(of(&cells, i).len(), 20);
    let c = cells
        .iter()
        .find(|c| c.indicator == i && c.region == "00" && c.period == "2024-03" && c.sex == "alla");
    assert_eq!(c.unwrap().value(), "66.7");
    // Only the contacts table is present: the other indicators are skipped.
    assert!(cells.iter().all(|c| c.indicator == i));
}

#[test]
fn kontinuitet_needs_two_physician_visits_and_half_with_the_most_seen() {
    let dir = tempfile::tempdir().unwrap();
    let v = |id: &str, p: &str, sex: &str, region: &str, date: &str, prof: &str, staff: &str| {
        format!("{id},{p},{sex},1970,{region},u1,{date},{prof},{staff},fysiskt")
    };
    let rows = [
        v("v1", "pA", "K", "01", "2024-01-10", "lakare", "D1"),
        v("v2", "pA", "K", "01", "2024-02-10", "lakare", "D1"),
        v("v3", "pA", "K", "01", "2024-03-10", "lakare", "D2"), // 2 of 3: yes
        v("v4", "pB", "K", "01", "2024-01-10", "lakare", "D1"),
        v("v5", "pB", "K", "01", "2024-01-11", "lakare", "D2"), // tie 1-1 of 2: yes
        v("v6", "pC", "M", "01", "2024-01-10", "lakare", "D1"),
        v("v7", "pC", "M", "01", "2024-01-11", "lakare", "D1"),
        v("v8", "pC", "M", "01", "2024-01-12", "lakare", "D2"),
        v("v9", "pC", "M", "01", "2024-01-13", "lakare", "D2"), // tie 2-2 of 4: yes
        v("v10", "pD", "M", "01", "2024-01-10", "lakare", "D1"),
        v("v11", "pD", "M", "01", "2024-01-11", "lakare", "D2"),
        v("v12", "pD", "M", "01", "2024-01-12", "lakare", "D3"), // 1 of 3: no
        v("v13", "pE", "M", "01", "2024-01-10", "lakare", "D1"),
        v("v14", "pE", "M", "01", "2024-01-11", "sjukskoterska", "N1"),
        v("v15", "pE", "M", "01", "2024-01-12", "lakare", ""), // only one counted visit
        v("v16", "pF", "K", "01", "2024-01-10", "lakare", "D1"),
        v("v17", "pF", "K", "03", "2024-05-10", "lakare", "D9"),
        v("v18", "pF", "K", "03", "2024-06-10", "lakare", "D9"),
        v("v19", "pG", "K", "01", "2024-01-10", "lakare", "D1"),
        v("v20", "pG", "K", "01", "2024-01-11", "lakare", "D2"),
        v("v21", "pG", "K", "03", "2024-01-12", "lakare", "D3"),
        v("v22", "pH", "K", "01", "2024-12-31", "lakare", "D1"),
        v("v23", "pH", "K", "01", "2025-01-01", "lakare", "D1"), // one visit a year
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    write(dir.path(), "visits.csv", VISITS, &rows);
    let cells = run(dir.path());
    let i = "kontinuitet_lakare";
    assert_eq!(nd(&cells, i, "01", "2024", "K"), Some((3, 3)));
    assert_eq!(nd(&cells, i, "01", "2024", "M"), Some((1, 2)));
    assert_eq!(nd(&cells, i, "01", "2024", "alla"), Some((4, 5)));
    assert_eq!(nd(&cells, i, "03", "2024", "K"), Some((1, 1)));
    assert_eq!(nd(&cells, i, "03", "2024", "M"), None);
    // The country pools each patient's visits: pF is 2 of 3, pG 1 of 3.
    assert_eq!(nd(&cells, i, "00", "2024", "K"), Some((3, 4)));
    assert_eq!(nd(&cells, i, "00", "2024", "M"), Some((1, 2)));
    assert_eq!(nd(&cells, i, "00", "2024", "alla"), Some((4, 6)));
    assert_eq!(nd(&cells, i, "00", "2025", "alla"), None);
    assert_eq!(of(&cells, i).len(), 8);
    assert!(of(&cells, i).iter().all(|c| c.period.len() == 4), "year cells only");
}

#[test]
fn digitala_besok_counts_video_and_chat_by_month_and_year() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "visits.csv",
        VISITS,
        &[
            "v1,p1,K,1970,01,u1,2024-01-05,lakare,D1,video",
            "v2,p1,K,1970,01,u1,2024-01-06,lakare,D1,chatt",
            "v3,p2,K,1970,01,u1,2024-01-07,psykolog,,telefon",
            "v4,p2,K,1970,01,u1,2024-01-31,kurator,S1,fysiskt",
            "v5,p3,M,1970,01,u1,2024-02-01,sjukskoterska,S2,hembesok",
            "v6,p3,M,1970,01,u1,2024-02-29,annan,S2,video",
        ],
    );
    let cells = run(dir.path());
    let i = "digitala_besok";
    assert_eq!(nd(&cells, i, "01", "2024-01", "K"), Some((2, 4)));
    assert_eq!(nd(&cells, i, "01", "2024-01", "alla"), Some((2, 4)));
    assert_eq!(nd(&cells, i, "01", "2024-01", "M"), None);
    assert_eq!(nd(&cells, i, "01", "2024-02", "M"), Some((1, 2)));
    assert_eq!(nd(&cells, i, "01", "2024", "K"), Some((2, 4)));
    assert_eq!(nd(&cells, i, "01", "2024", "M"), Some((1, 2)));
    assert_eq!(nd(&cells, i, "01", "2024", "alla"), Some((3, 6)));
    assert_eq!(nd(&cells, i, "00", "2024", "alla"), Some((3, 6)));
    assert_eq!(of(&cells, i).len(), 2 * (3 + 2 + 2));
}

#[test]
fn aterinskrivning_counts_1_to_30_days_in_any_region_across_the_year_end() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "stays.csv",
        STAYS,
        &[
            "s1,p1,K,1950,01,2024-01-01,2024-01-10,false,Z515",
            "s2,p1,K,1950,01,2024-01-11,2024-01-12,true,I509", // 1 day after s1: readmission
            "s3,p2,M,1950,01,2024-01-25,2024-02-01,true,J441",
            "s4,p2,M,1950,01,2024-03-02,2024-03-03,true,J441", // 30 days after s3 (leap year)
            "s5,p3,K,1950,01,2024-03-25,2024-04-01,true,I509",
            "s6,p3,K,1950,01,2024-05-02,2024-05-03,true,I509", // 31 days: not
            "s7,p4,M,1950,01,2024-06-01,2024-06-10,true,S720",
            "s8,p4,M,1950,01,2024-06-10,2024-06-12,true,S720", // same day: not
            "s9,p5,K,1950,01,2024-06-20,2024-07-01,true,S720",
            "s10,p5,K,1950,01,2024-07-05,2024-07-06,false,S720", // planned: not
            "s11,p6,K,1950,01,2024-07-20,2024-08-01,false,S720",
            "s12,p6,K,1950,03,2024-08-15,2024-08-16,true,S720", // another region: counts for s11
            "s13,p7,M,1950,01,2024-12-15,2024-12-20,true,I509",
            "s14,p7,M,1950,01,2025-01-05,2025-01-07,true,I509", // across the year end
            "s15,p8,K,1960,01,2024-02-20,2024-03-01,false,S720", // 64 in 2024: not an index stay
            "s16,p8,K,1960,01,2024-03-05,2024-03-06,true,S720",
            "s17,p9,K,1959,01,2023-12-28,2024-01-03,true,S720", // 65 in the discharge year
        ],
    );
    let cells = run(dir.path());
    let i = "aterinskrivning_30d";
    assert_eq!(nd(&cells, i, "01", "2024", "K"), Some((2, 8)));
    assert_eq!(nd(&cells, i, "01", "2024", "M"), Some((2, 5)));
    assert_eq!(nd(&cells, i, "01", "2024", "alla"), Some((4, 13)));
    assert_eq!(nd(&cells, i, "03", "2024", "K"), Some((0, 1)));
    assert_eq!(nd(&cells, i, "03", "2024", "alla"), Some((0, 1)));
    assert_eq!(nd(&cells, i, "01", "2025", "M"), Some((0, 1)));
    assert_eq!(nd(&cells, i, "00", "2024", "K"), Some((2, 9)));
    assert_eq!(nd(&cells, i, "00", "2024", "alla"), Some((4, 14)));
    assert_eq!(nd(&cells, i, "00", "2025", "alla"), Some((0, 1)));
    assert_eq!(nd(&cells, i, "00", "2023", "alla"), None);
    assert_eq!(of(&cells, i).len(), 12);
    // No population table: avoidable hospitalisation is skipped.
    assert!(of(&cells, "undvikbar_slutenvard").is_empty());
}

#[test]
fn undvikbar_matches_diagnosis_prefixes_per_100000_with_zero_rows() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "stays.csv",
        STAYS,
        &[
            "s1,p1,K,1950,01,2024-02-01,2024-02-03,true,J441",
            "s2,p2,K,1950,01,2024-02-01,2024-02-03,true,N390",
            "s3,p3,K,1950,01,2024-02-01,2024-02-03,true,N399", // N39 but not N390
            "s4,p4,K,1950,01,2024-02-01,2024-02-03,true,I10",
            "s5,p5,K,1950,01,2024-02-01,2024-02-03,true,D509",
            "s6,p6,K,1950,01,2024-02-01,2024-02-03,true,J40", // not J4x of the list
            "s7,p7,K,1950,01,2024-02-01,2024-02-03,false,J441", // planned
            "s8,p8,M,1950,01,2024-02-01,2024-02-03,true,I500",
            "s9,p9,M,1950,01,2024-12-30,2025-01-03,true,E119", // admission year counts
            "s10,p10,K,1950,03,2024-02-01,2024-02-03,true,S720",
            "s11,p11,M,1950,01,2025-03-01,2025-03-03,true,J189",
        ],
    );
    write(
        dir.path(),
        "population.csv",
        POPULATION,
        &[
            "01,2024,K,0-64,60000",
            "01,2024,K,65+,40000",
            "01,2024,M,0-64,70000",
            "01,2024,M,65+,30000",
            "03,2024,K,alla,50000",
            "03,2024,M,alla,50000",
            "05,2024,K,alla,30000",
            "05,2024,M,alla,30000",
            "01,2025,K,alla,100000",
            "01,2025,M,alla,100500",
            "01,2023,K,alla,99000", // a year without stays: no cells
        ],
    );
    let cells = run(dir.path());
    let i = "undvikbar_slutenvard";
    let value = |r: &str, p: &str, s: &str| {
        cells
            .iter()
            .find(|c| c.indicator == i && c.region == r && c.period == p && c.sex == s)
            .map(|c| c.value())
    };
    assert_eq!(nd(&cells, i, "01", "2024", "K"), Some((4, 100_000)));
    assert_eq!(nd(&cells, i, "01", "2024", "M"), Some((2, 100_000)));
    assert_eq!(nd(&cells, i, "01", "2024", "alla"), Some((6, 200_000)));
    assert_eq!(value("01", "2024", "alla").as_deref(), Some("3.0"));
    assert_eq!(nd(&cells, i, "03", "2024", "K"), Some((0, 50_000)));
    assert_eq!(nd(&cells, i, "05", "2024", "alla"), Some((0, 60_000)));
    assert_eq!(nd(&cells, i, "00", "2024", "K"), Some((4, 180_000)));
    assert_eq!(value("00", "2024", "K").as_deref(), Some("2.2"));
    assert_eq!(nd(&cells, i, "00", "2024", "alla"), Some((6, 360_000)));
    assert_eq!(value("00", "2024", "alla").as_deref(), Some("1.7"));
    assert_eq!(nd(&cells, i, "01", "2025", "M"), Some((1, 100_500)));
    assert_eq!(value("01", "2025", "M").as_deref(), Some("1.0"));
    assert_eq!(value("01", "2025", "alla").as_deref(), Some("0.5"));
    assert_eq!(nd(&cells, i, "00", "2025", "alla"), Some((1, 200_500)));
    assert_eq!(nd(&cells, i, "03", "2025", "alla"), None);
    assert_eq!(nd(&cells, i, "01", "2023", "K"), None);
    // 2024: regions 01, 03, 05 and 00 × 3; 2025: 01 and 00 × 3.
    assert_eq!(of(&cells, i).len(), 12 + 6);
    // Only the numerator rule: 0 of 50 000 is shown, 2 of 100 000 is not.
    let c = |r: &str, s: &str| {
        cells
            .iter()
            .find(|c| c.indicator == i && c.region == r && c.period == "2024" && c.sex == s)
            .unwrap()
    };
    assert!(!c("03", "K").suppressed);
    assert!(c("01", "M").suppressed);
}

/// The benchmark's read floor (`bench/indicators.py`, `NEEDED`) reads exactly
/// the columns the indicators use: no fewer, or the floor would be too low a
/// bar, and no more, or too high a one. `used_by` is the definition; the
/// script, in Python and without the engine, keeps a copy that this holds to it.
#[test]
fn the_benchmarks_read_floor_reads_the_columns_the_indicators_use() {
    use std::collections::{BTreeMap, BTreeSet};

    use uppsikt_engine::compute::used_by_some_indicator;
    use uppsikt_engine::schema::Table;

    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/indicators.py");
    let script = std::fs::read_to_string(&path).unwrap();
    let block = script
        .split_once("NEEDED = {")
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .expect("NEEDED = { … } in bench/indicators.py")
        .0;
    // Table → its columns, in no particular order on either side.
    type Columns = BTreeMap<String, BTreeSet<String>>;
    let quoted = |s: &str| s.split('"').skip(1).step_by(2).map(str::to_owned).collect::<Vec<_>>();
    // One entry per `"table": [...]`, which may span lines.
    let in_script: Columns = block
        .split(']')
        .filter_map(|entry| entry.split_once(": ["))
        .map(|(table, cols)| (quoted(table).remove(0), quoted(cols).into_iter().collect()))
        .collect();
    let in_engine: Columns = Table::ALL
        .into_iter()
        .map(|t| {
            let used = t
                .columns()
                .iter()
                .map(|c| c.name)
                .filter(|c| used_by_some_indicator(t, c));
            (t.name().to_owned(), used.map(str::to_owned).collect())
        })
        .collect();
    assert_eq!(in_script, in_engine);
}
