//! Published indicator cells on every backend: stored with their source, as
//! releases that keep every earlier value and list every revision.

use uppsikt_domain::indicator::{Arrival, Direction, IndicatorDef, Scale};
use uppsikt_store::indicators::releases::{self, ReleaseMeta, publish_computed};
use uppsikt_store::indicators::{CellSource, IndicatorCell, input, list};
use uppsikt_store::testing::TestDb;
use uppsikt_store::{Error, Invalid};

uppsikt_store::postgres_backend_test!();

fn cell(region: &str, sex: &str, n: Option<i64>, suppressed: bool) -> IndicatorCell {
    IndicatorCell {
        indicator: "digitala_besok".into(),
        region: region.into(),
        period: "2024".into(),
        sex: sex.into(),
        numerator: n,
        denominator: n.map(|n| n * 4),
        value: n.map(|_| 25.0),
        suppressed,
    }
}

fn def() -> IndicatorDef {
    IndicatorDef {
        id: "digitala_besok".into(),
        name_sv: "Digitala besök".into(),
        description_sv: "Test.".into(),
        unit_sv: "procent".into(),
        scale: Scale::Percent,
        direction: Direction::Neutral,
        monthly: true,
        source_sv: "Test".into(),
        arrival: Arrival::Register,
    }
}

#[tokio::test]
async fn releases_replace_the_cells_they_cover_and_keep_their_synthetic_source() {
    for db in TestDb::all().await.unwrap() {
        let s = &db.store;
        let source = CellSource {
            synthetic: true,
            description: "SYNTHETIC: test".into(),
        };
        let cells = vec![
            cell("01", "alla", Some(40), false),
            cell("01", "K", None, true),
            cell("00", "M", Some(30), false),
        ];
        // No definition, no cells: the whole release is refused.
        let err = publish_computed(s, &source, &[], &cells).await.unwrap_err();
        assert!(matches!(err, Error::Invalid(Invalid::Rule(_))), "{err:?}");
        assert!(list(s, None).await.unwrap().is_empty());
        publish_computed(s, &source, &[def()], &cells).await.unwrap();
        publish_computed(s, &source, &[], &cells).await.unwrap();
        let got = list(s, None).await.unwrap();
        assert_eq!(got.len(), 3, "{:?}", s.backend());
        // Byte order: 00 before 01, K before alla.
        assert_eq!((got[0].0.region.as_str(), got[1].0.sex.as_str()), ("00", "K"));
        assert_eq!(got[1].0, cells[1]);
        assert!(got.iter().all(|(_, src)| src == &source));
        assert_eq!(list(s, Some("other")).await.unwrap().len(), 0);
        publish_computed(s, &source, &[], &cells[..1]).await.unwrap();
        assert_eq!(list(s, Some("digitala_besok")).await.unwrap().len(), 1);
        db.finish().await.unwrap();
    }
}

fn yearly(region: &str, period: &str, value: f64) -> IndicatorCell {
    IndicatorCell {
        indicator: "digitala_besok".into(),
        region: region.into(),
        period: period.into(),
        sex: "alla".into(),
        numerator: Some(100),
        denominator: Some(400),
        value: Some(value),
        suppressed: false,
    }
}

fn meta(by: &str, sha: &str) -> ReleaseMeta {
    ReleaseMeta {
        source: CellSource {
            synthetic: false,
            description: "Testkälla".into(),
        },
        published_by: by.into(),
        os_user: "tester".into(),
        input_file: "celler.csv".into(),
        input_sha256: sha.into(),
        engine_version: "0.1.0".into(),
    }
}

#[tokio::test]
async fn a_second_release_of_a_year_is_a_revision_and_earlier_values_stay_readable() {
    for db in TestDb::all().await.unwrap() {
        let s = &db.store;
        let first = vec![
            yearly("00", "2021", 20.0),
            yearly("01", "2021", 21.0),
            yearly("02", "2021", 22.0),
            yearly("00", "2022", 30.0),
        ];
        let r1 = releases::publish(s, &meta("anna", "aa"), &[def()], &first)
            .await
            .unwrap();
        assert_eq!((r1.id, r1.cells, r1.revised), (1, 4, 0));
        // 2021 again: 01 changes, 02 becomes suppressed, 00 is the same. 2022 is not touched.
        let mut hidden = yearly("02", "2021", 0.0);
        hidden.suppressed = true;
        let second = vec![yearly("00", "2021", 20.0), yearly("01", "2021", 23.5), hidden];
        let r2 = releases::publish(s, &meta("berit", "bb"), &[], &second).await.unwrap();
        assert_eq!((r2.id, r2.cells, r2.suppressed, r2.revised), (2, 3, 1, 2));
        assert_eq!(r2.definitions_version, r1.definitions_version);

        let now: Vec<(String, String, Option<f64>)> = list(s, None)
            .await
            .unwrap()
            .into_iter()
            .map(|(c, _)| (c.region, c.period, c.value))
            .collect();
        assert_eq!(
            now,
            vec![
                ("00".into(), "2021".into(), Some(20.0)),
                ("00".into(), "2022".into(), Some(30.0)),
                ("01".into(), "2021".into(), Some(23.5)),
                ("02".into(), "2021".into(), None),
            ]
        );
        // The first release is still readable as it was published.
        let kept = releases::release_cells(s, 1).await.unwrap();
        assert_eq!(kept.iter().find(|c| c.region == "01").unwrap().value, Some(21.0));
        let revs = releases::revisions(s, None, Some("digitala_besok")).await.unwrap();
        let shown: Vec<_> = revs
            .iter()
            .map(|r| {
                (
                    r.release,
                    r.published_by.as_str(),
                    r.region.as_str(),
                    r.old_release,
                    r.old_value,
                    r.new_value,
                    r.new_suppressed,
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (2, "berit", "01", Some(1), Some(21.0), Some(23.5), Some(false)),
                (2, "berit", "02", Some(1), Some(22.0), None, Some(true)),
            ]
        );
        assert!(releases::revisions(s, Some(1), None).await.unwrap().is_empty());
        let revised = releases::revised_now(s).await.unwrap();
        assert_eq!(revised.len(), 2);
        let listed = releases::releases(s).await.unwrap();
        assert_eq!(
            listed.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![2, 1],
            "newest first"
        );
        assert_eq!(
            (listed[1].published_by.as_str(), listed[1].input_sha256.as_str()),
            ("anna", "aa")
        );
        let missing = releases::release(s, 9).await.unwrap_err();
        assert!(matches!(missing, Error::NotFound(_)), "{missing:?}");
        // A key twice is refused whole.
        let twice = vec![yearly("03", "2023", 1.0), yearly("03", "2023", 2.0)];
        assert!(releases::publish(s, &meta("anna", "cc"), &[], &twice).await.is_err());
        assert_eq!(releases::releases(s).await.unwrap().len(), 2);
        db.finish().await.unwrap();
    }
}

#[test]
fn a_release_file_names_every_problem_with_row_and_column() {
    let header = "indicator,region,period,sex,numerator,denominator,value,suppressed\n";
    let read = |body: &str| input::read_cells("u.csv", format!("{header}{body}").as_bytes(), &[def()]);
    let ok = read("digitala_besok,01,2021-03,K,20,80,25.0,false\ndigitala_besok,01,2021,K,,,,true\n").unwrap();
    assert_eq!(ok.len(), 2);
    // The internal output's numbers on a suppressed cell never get through.
    let masked = read("digitala_besok,01,2021,K,3,80,3.8,true\n").unwrap();
    assert_eq!((masked[0].numerator, masked[0].value), (None, None));
    let problems = |body: &str| -> Vec<(Option<u64>, Option<String>)> {
        read(body)
            .unwrap_err()
            .0
            .iter()
            .map(|p| (p.row(), p.column().map(str::to_string)))
            .collect()
    };
    let at = |row: u64, column: &str| (Some(row), Some(column.to_string()));
    assert_eq!(problems("okand,01,2021,K,20,80,25.0,false\n"), vec![at(2, "indicator")]);
    assert_eq!(
        problems("digitala_besok,26,2021,K,20,80,25.0,false\n"),
        vec![at(2, "region")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021-13,K,20,80,25.0,false\n"),
        vec![at(2, "period")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,X,20,80,25.0,false\n"),
        vec![at(2, "sex")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,K,-1,80,25.0,false\n"),
        vec![at(2, "numerator")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,K,20,,25.0,false\n"),
        vec![at(2, "denominator")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,K,20,0,25.0,false\n"),
        vec![at(2, "denominator")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,K,20,80,25%,false\n"),
        vec![at(2, "value")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,K,20,80,,false\n"),
        vec![at(2, "value")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,K,20,80,25.0,ja\n"),
        vec![at(2, "suppressed")]
    );
    // Disclosure control: a small unsuppressed cell is refused.
    assert_eq!(
        problems("digitala_besok,01,2021,K,3,80,3.8,false\n"),
        vec![at(2, "suppressed")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,K,20,9,222.2,false\n"),
        vec![at(2, "suppressed")]
    );
    assert_eq!(
        problems("digitala_besok,01,2021,K,20,80,25.0,false\ndigitala_besok,01,2021,K,20,80,25.0,false\n"),
        vec![at(3, "indicator")]
    );
    let no_value = input::read_cells("u.csv", b"indicator,region,period,sex\n", &[def()]).unwrap_err();
    assert!(
        no_value
            .to_string()
            .contains("numerator, denominator, value, suppressed"),
        "{no_value}"
    );
    assert!(
        input::read_cells("u.csv", header.as_bytes(), &[def()]).is_err(),
        "an empty release"
    );
}
