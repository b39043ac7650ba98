//! Published indicator cells on every backend: stored with their source, replaced as a whole.

use uppsikt_domain::indicator::{Arrival, Direction, IndicatorDef, Scale};
use uppsikt_store::indicators::{CellSource, IndicatorCell, list, replace};
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
async fn cells_are_replaced_and_keep_their_synthetic_source() {
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
        // No definition, no cells: the whole replacement is refused.
        let err = replace(s, &source, &[], &cells).await.unwrap_err();
        assert!(matches!(err, Error::Invalid(Invalid::Rule(_))), "{err:?}");
        assert!(list(s, None).await.unwrap().is_empty());
        replace(s, &source, &[def()], &cells).await.unwrap();
        replace(s, &source, &[], &cells).await.unwrap();
        let got = list(s, None).await.unwrap();
        assert_eq!(got.len(), 3, "{:?}", s.backend());
        // Byte order: 00 before 01, K before alla.
        assert_eq!((got[0].0.region.as_str(), got[1].0.sex.as_str()), ("00", "K"));
        assert_eq!(got[1].0, cells[1]);
        assert!(got.iter().all(|(_, src)| src == &source));
        assert_eq!(list(s, Some("other")).await.unwrap().len(), 0);
        replace(s, &source, &[], &cells[..1]).await.unwrap();
        assert_eq!(list(s, Some("digitala_besok")).await.unwrap().len(), 1);
        db.finish().await.unwrap();
    }
}
