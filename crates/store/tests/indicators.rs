//! Published indicator cells on every backend: stored with their source, replaced as a whole.

use uppsikt_store::indicators::{CellSource, IndicatorCell, list, replace};
use uppsikt_store::testing::TestDb;

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
        replace(s, &source, &cells).await.unwrap();
        replace(s, &source, &cells).await.unwrap();
        let got = list(s, None).await.unwrap();
        assert_eq!(got.len(), 3, "{:?}", s.backend());
        // Byte order: 00 before 01, K before alla.
        assert_eq!((got[0].0.region.as_str(), got[1].0.sex.as_str()), ("00", "K"));
        assert_eq!(got[1].0, cells[1]);
        assert!(got.iter().all(|(_, src)| src == &source));
        assert_eq!(list(s, Some("other")).await.unwrap().len(), 0);
        replace(s, &source, &cells[..1]).await.unwrap();
        assert_eq!(list(s, Some("digitala_besok")).await.unwrap().len(), 1);
        db.finish().await.unwrap();
    }
}
