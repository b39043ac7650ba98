//! Allocation of an agreement's total to the regions by population share.

use serde::Serialize;

use crate::codes::RegionCode;
use crate::money::Sek;

/// One region's share of an agreement's total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    /// The region receiving the share.
    pub region: RegionCode,
    /// The region's population the share is computed from.
    pub population: i64,
    /// 100 × population / total population, unrounded.
    pub share_percent: f64,
    /// Whole kronor; the allocations of all regions add up to the total exactly.
    pub allocated: Sek,
}

/// Shares `total` among regions in proportion to `populations`.
///
/// Each region gets the floor of its exact share; the kronor left over go one
/// each to the regions with the largest remainders (Hamilton's method), so the
/// parts always add up to the whole and no krona is invented or lost.
/// Ties go to the lower region code, which keeps the result deterministic.
pub fn allocate(total: Sek, populations: &[(RegionCode, i64)]) -> Vec<Allocation> {
    let sum: i128 = populations.iter().map(|(_, p)| *p as i128).sum();
    if sum <= 0 {
        return populations
            .iter()
            .map(|(r, p)| Allocation {
                region: *r,
                population: *p,
                share_percent: 0.0,
                allocated: Sek::ZERO,
            })
            .collect();
    }
    let t = total.0 as i128;
    let mut parts: Vec<(usize, i128, i128)> = populations
        .iter()
        .enumerate()
        .map(|(i, (_, p))| {
            let exact = t * (*p as i128);
            (i, exact / sum, exact % sum)
        })
        .collect();
    let given: i128 = parts.iter().map(|p| p.1).sum();
    let mut left = t - given;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        parts[b]
            .2
            .cmp(&parts[a].2)
            .then(populations[a].0.cmp(&populations[b].0))
    });
    for &i in order.iter().cycle() {
        if left <= 0 {
            break;
        }
        parts[i].1 += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .map(|(i, amount, _)| {
            let (region, population) = populations[i];
            Allocation {
                region,
                population,
                share_percent: 100.0 * population as f64 / sum as f64,
                allocated: Sek(amount as i64),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> RegionCode {
        s.parse().unwrap()
    }

    #[test]
    fn parts_add_up_to_the_whole() {
        let pops = [(r("01"), 1), (r("03"), 1), (r("04"), 1)];
        let a = allocate(Sek(100), &pops);
        assert_eq!(a.iter().map(|x| x.allocated).sum::<Sek>(), Sek(100));
        // 33.33 each, one krona left over goes to the lowest code.
        assert_eq!(a[0].allocated, Sek(34));
        assert_eq!(a[1].allocated, Sek(33));
        let shares: f64 = a.iter().map(|x| x.share_percent).sum();
        assert!((shares - 100.0).abs() < 1e-9);
    }

    #[test]
    fn proportional_to_population() {
        let pops = [(r("01"), 3_000), (r("12"), 1_000)];
        let a = allocate(Sek(1_000_000), &pops);
        assert_eq!(a[0].allocated, Sek(750_000));
        assert_eq!(a[1].allocated, Sek(250_000));
        assert_eq!(a[0].share_percent, 75.0);
    }

    #[test]
    fn largest_remainder_wins_the_spare_krona() {
        // Exact shares 6.6, 3.4 of 10: floors 6 and 3, the spare goes to 0.6.
        let a = allocate(Sek(10), &[(r("01"), 66), (r("03"), 34)]);
        assert_eq!((a[0].allocated, a[1].allocated), (Sek(7), Sek(3)));
    }

    #[test]
    fn no_population_gives_nothing() {
        let a = allocate(Sek(10), &[(r("01"), 0)]);
        assert_eq!(a[0].allocated, Sek::ZERO);
    }
}
