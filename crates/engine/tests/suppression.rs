//! Primary and complementary suppression: hand-worked cases and a property
//! over random cells (no group ever holds exactly one suppressed cell).

use proptest::prelude::*;
use uppsikt_engine::cells::{Cell, Scale};
use uppsikt_engine::suppression::{complementary, groups, has_lone_suppressed, primary};

fn cell(ind: &str, region: &str, period: &str, sex: &str, num: i64, den: i64) -> Cell {
    Cell {
        indicator: ind.into(),
        region: region.into(),
        period: period.into(),
        sex: sex.into(),
        numerator: num,
        denominator: den,
        scale: Scale::Percent,
        suppressed: primary(num, den, false),
    }
}

#[test]
fn primary_rules() {
    assert!(primary(0, 9, false));
    assert!(!primary(0, 10, false));
    assert!(primary(1, 100, false));
    assert!(primary(4, 100, false));
    assert!(!primary(5, 100, false));
    assert!(!primary(0, 3, true), "population rates: numerator rule only");
    assert!(primary(3, 1_000_000, true));
}

#[test]
fn a_lone_suppressed_sex_cell_takes_the_smallest_other_with_it() {
    // K is small; alla = K + M would reveal it, so M (smaller than alla) goes too.
    let mut cells = vec![
        cell("x", "01", "2024", "K", 2, 40),
        cell("x", "01", "2024", "M", 20, 50),
        cell("x", "01", "2024", "alla", 22, 90),
    ];
    assert_eq!(complementary(&mut cells), 1);
    assert_eq!(
        cells.iter().map(|c| c.suppressed).collect::<Vec<_>>(),
        [true, true, false]
    );
}

#[test]
fn suppression_repeats_across_groups_until_stable() {
    // Region 01 K is small. Its sex group takes 01 M; then the region groups
    // of K and of M each hold one suppressed cell and take region 03's cells,
    // whose sex group then holds two: stable.
    let mut cells = vec![
        cell("x", "00", "2024", "K", 30, 100),
        cell("x", "00", "2024", "M", 30, 100),
        cell("x", "00", "2024", "alla", 60, 200),
        cell("x", "01", "2024", "K", 3, 20),
        cell("x", "01", "2024", "M", 10, 30),
        cell("x", "01", "2024", "alla", 13, 50),
        cell("x", "03", "2024", "K", 27, 80),
        cell("x", "03", "2024", "M", 20, 70),
        cell("x", "03", "2024", "alla", 47, 150),
    ];
    complementary(&mut cells);
    let s: Vec<(&str, &str, bool)> = cells
        .iter()
        .map(|c| (c.region.as_str(), c.sex.as_str(), c.suppressed))
        .collect();
    assert_eq!(
        s,
        [
            ("00", "K", false),
            ("00", "M", false),
            ("00", "alla", false),
            ("01", "K", true),
            ("01", "M", true),
            ("01", "alla", false),
            ("03", "K", true),
            ("03", "M", true),
            ("03", "alla", false),
        ]
    );
    assert!(!has_lone_suppressed(&cells));
}

#[test]
fn months_and_their_year_form_a_group() {
    let mut cells = vec![
        cell("x", "01", "2024", "alla", 40, 100),
        cell("x", "01", "2024-01", "alla", 2, 30),
        cell("x", "01", "2024-02", "alla", 18, 30),
        cell("x", "01", "2024-03", "alla", 20, 40),
    ];
    complementary(&mut cells);
    // Month 1 alone would be recoverable from the year minus the other months.
    assert!(cells[1].suppressed && (cells[2].suppressed));
    assert!(!cells[0].suppressed && !cells[3].suppressed);
    // A group of one cell is no group.
    let single = vec![cell("y", "01", "2024", "K", 1, 5)];
    assert!(groups(&single).is_empty());
}

fn arb_cells() -> impl Strategy<Value = Vec<Cell>> {
    let regions = ["00", "01", "03", "12", "25"];
    let periods = ["2024", "2024-01", "2024-02", "2024-03", "2025", "2025-01"];
    let sexes = ["K", "M", "alla"];
    let mut keys = Vec::new();
    for ind in ["a", "b"] {
        for r in regions {
            for p in periods {
                for s in sexes {
                    keys.push((ind, r, p, s));
                }
            }
        }
    }
    let n = keys.len();
    proptest::collection::vec((any::<bool>(), 0i64..60, 1i64..80), n).prop_map(move |vals| {
        keys.iter()
            .zip(vals)
            .filter(|(_, (present, _, _))| *present)
            .map(|((i, r, p, s), (_, num, den))| cell(i, r, p, s, num.min(den), den))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_group_ever_holds_exactly_one_suppressed_cell(mut cells in arb_cells()) {
        let before: Vec<bool> = cells.iter().map(|c| c.suppressed).collect();
        complementary(&mut cells);
        prop_assert!(!has_lone_suppressed(&cells));
        // Primary suppression is never undone.
        for (b, c) in before.iter().zip(&cells) {
            prop_assert!(!*b || c.suppressed);
        }
        // Stable: a second pass changes nothing.
        prop_assert_eq!(complementary(&mut cells), 0);
    }
}
