//! Disclosure control: primary suppression of small cells and complementary
//! suppression so that no suppressed cell can be recovered by subtraction.
//! Pure functions over cells, no I/O.

use std::collections::BTreeMap;

use crate::cells::Cell;

/// Whether a cell is primarily suppressed: denominator below 10 or numerator
/// 1–4. With `numerator_only` (rates over a population) only the numerator rule applies.
pub use uppsikt_domain::indicator::primarily_suppressed as primary;

/// The groups of cells that add up, as indices into `cells`:
/// K/M/alla of one indicator, region and period; the regions and `00` of one
/// indicator, period and sex; the months and the year of one indicator,
/// region, sex and year. Only groups of two or more cells are returned, in a
/// deterministic order.
pub fn groups(cells: &[Cell]) -> Vec<Vec<usize>> {
    let mut by_sex: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    let mut by_region: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    let mut by_month: BTreeMap<(&str, &str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, c) in cells.iter().enumerate() {
        by_sex.entry((&c.indicator, &c.region, &c.period)).or_default().push(i);
        by_region.entry((&c.indicator, &c.period, &c.sex)).or_default().push(i);
        let year = c.period.get(..4).unwrap_or(&c.period);
        by_month
            .entry((&c.indicator, &c.region, &c.sex, year))
            .or_default()
            .push(i);
    }
    by_sex
        .into_values()
        .chain(by_region.into_values())
        .chain(by_month.into_values())
        .filter(|g| g.len() >= 2)
        .collect()
}

/// Complementary suppression: wherever a group holds exactly one suppressed
/// cell, also suppresses the group's unsuppressed cell with the smallest
/// denominator (ties: the first in the contract's sort order), and repeats
/// until no group holds exactly one. Returns how many cells it suppressed.
pub fn complementary(cells: &mut [Cell]) -> usize {
    let groups = groups(cells);
    let mut added = 0;
    loop {
        let mut changed = false;
        for g in &groups {
            if g.iter().filter(|&&i| cells[i].suppressed).count() != 1 {
                continue;
            }
            let pick = g
                .iter()
                .copied()
                .filter(|&i| !cells[i].suppressed)
                .min_by(|&a, &b| (cells[a].denominator, cells[a].key()).cmp(&(cells[b].denominator, cells[b].key())))
                .expect("a group of two or more with one suppressed has an unsuppressed cell");
            cells[pick].suppressed = true;
            added += 1;
            changed = true;
        }
        if !changed {
            return added;
        }
    }
}

/// Whether some group holds exactly one suppressed cell (what must never be published).
pub fn has_lone_suppressed(cells: &[Cell]) -> bool {
    groups(cells)
        .iter()
        .any(|g| g.iter().filter(|&&i| cells[i].suppressed).count() == 1)
}
