//! The demo's reconstructed 2019 responses reproduce every published number
//! of the follow-up report (seed 003_5657a20afd33756f.txt).

use uppsikt_domain::survey::AnswerCount;
use uppsikt_store::testing::TestDb;

uppsikt_store::postgres_backend_test!();
use uppsikt_store::{reference, survey};

const ID: &str = "kommunenkat-2019";

fn row<'a>(rows: &'a [AnswerCount], item: &str, code: &str) -> &'a AnswerCount {
    rows.iter()
        .find(|r| r.item == item && r.code == code)
        .unwrap_or_else(|| panic!("{item} {code}"))
}

/// The rounded whole percent the report prints.
fn whole_percent(r: &AnswerCount) -> i64 {
    (r.percent().unwrap()).round() as i64
}

#[tokio::test]
async fn the_reconstruction_reproduces_the_published_numbers() {
    for db in TestDb::all().await.unwrap() {
        let s = &db.store;
        reference::load(s).await.unwrap();
        assert_eq!(survey::reconstruction::load(s).await.unwrap(), 226);
        // Idempotent: loading again changes nothing.
        let before = (
            survey::responses(s, ID).await.unwrap(),
            survey::status(s, ID).await.unwrap(),
        );
        survey::reconstruction::load(s).await.unwrap();
        let after = (
            survey::responses(s, ID).await.unwrap(),
            survey::status(s, ID).await.unwrap(),
        );
        assert_eq!(before, after);

        // "Svar har inkommit från 226 av 290 kommuner (78 procent)".
        let st = after.1;
        assert_eq!((st.invited, st.responded, st.partial), (290, 226, 0));
        assert_eq!(st.response_rate.unwrap().round(), 78.0);
        assert_eq!(st.synthetic, 226, "every reconstructed response says it is synthetic");
        assert_eq!(st.state, survey::SurveyState::Closed);
        assert_eq!(
            (st.opened_at.as_deref(), st.closed_at.as_deref()),
            (Some("2019-12-16"), Some("2020-01-27"))
        );
        assert_eq!(survey::pending(s, ID).await.unwrap().len(), 64);
        assert!(
            after
                .0
                .iter()
                .all(|r| r.synthetic && r.source.as_deref().unwrap().contains("Rekonstruktion"))
        );

        let rows = survey::results(s, ID).await.unwrap();
        // Figur 5 and footnotes 12–15: share answering ja, and how many answered.
        for (item, pct, answered) in [
            ("q1_politisk", 38, 221),
            ("q1_ledning", 48, 223),
            ("q1_verksamhetschef", 37, 222),
            ("q1_profession", 31, 220),
        ] {
            let r = row(&rows, item, "ja");
            assert_eq!((whole_percent(r), r.answered), (pct, answered), "{item}");
        }
        // "62 kommuner (28 procent) … 163 kommuner (72 procent)", footnote 11: 225 answered.
        let (ja, nej) = (row(&rows, "q2", "ja"), row(&rows, "q2", "nej"));
        assert_eq!((ja.count, nej.count, ja.answered), (62, 163, 225));
        assert_eq!((whole_percent(ja), whole_percent(nej)), (28, 72));
        // "59 procent av dessa anger att de arbetar tillsammans med regionen".
        let q2a = row(&rows, "q2a", "ja");
        assert_eq!((whole_percent(q2a), q2a.answered), (59, 163));

        // Tabell 3, every count: brist, balans, överskott, vet inte, finns ej.
        let tabell3 = [
            ("q3_arbetsterapeut", [105, 114, 2, 4, 1]),
            ("q3_dietist", [8, 25, 1, 15, 177]),
            ("q3_farmaceut", [3, 3, 0, 15, 204]),
            ("q3_fysioterapeut", [119, 92, 1, 5, 9]),
            ("q3_sjukskoterska", [132, 90, 2, 1, 1]),
            ("q3_specialistsjukskoterska", [168, 38, 0, 6, 14]),
        ];
        let codes = ["brist", "balans", "overskott", "vet_inte", "finns_ej"];
        for (item, counts) in tabell3 {
            let answered: i64 = counts.iter().sum();
            for (code, n) in codes.iter().zip(counts) {
                let r = row(&rows, item, code);
                assert_eq!((r.count, r.answered), (n, answered), "{item} {code}");
            }
        }
        // Percentages printed in the text: 58 % brist on nurses, 74 % on
        // specialist nurses, 14 (6 %) without specialist nurses, 78 % without dietitians.
        assert_eq!(whole_percent(row(&rows, "q3_sjukskoterska", "brist")), 58);
        assert_eq!(whole_percent(row(&rows, "q3_specialistsjukskoterska", "brist")), 74);
        assert_eq!(whole_percent(row(&rows, "q3_specialistsjukskoterska", "finns_ej")), 6);
        assert_eq!(whole_percent(row(&rows, "q3_dietist", "finns_ej")), 78);
        assert_eq!(whole_percent(row(&rows, "q3_farmaceut", "finns_ej")), 91);

        // Every region has respondents ("fördelade på samtliga regioner").
        let by_region = survey::results_by_region(s, ID).await.unwrap();
        for code in uppsikt_domain::RegionCode::all() {
            assert!(
                by_region
                    .iter()
                    .any(|r| r.region == code.as_str() && r.count.item == "q3_sjukskoterska" && r.count.answered > 0),
                "{code}"
            );
        }
        let free = survey::free_text(s, ID).await.unwrap();
        assert!(!free.is_empty() && free.iter().all(|f| f.synthetic));
        db.finish().await.unwrap();
    }
}
