//! SYNTHETIC values for the demo of the indicators that arrive from outside
//! (the three SOU 2018:39 quantities that are not register data). They are
//! made up, deterministically from a seed, within plausible ranges, and are
//! published as a release marked synthetic, so that every page, the API and
//! the report show them as such.

use uppsikt_domain::RegionCode;

use super::IndicatorCell;

/// The imported indicators the demo gives values, with a plausible national
/// level (percent), the spread between regions and the change per year.
const LEVELS: [(&str, f64, f64, f64); 3] = [
    ("fortroende_vard", 62.0, 8.0, 0.8),
    ("specialistbevis_allmanmedicin", 16.0, 5.0, 0.4),
    ("primarvard_kostnadsandel", 17.5, 3.0, 0.2),
];

/// SYNTHETIC yearly cells (`alla`) for every region and the country, for each of `years`.
pub fn synthetic_imported(regions: &[RegionCode], years: &[i32], seed: u64) -> Vec<IndicatorCell> {
    let mut random = SplitMix64(seed);
    let mut cells = Vec::new();
    for (id, level, spread, per_year) in LEVELS {
        // A region keeps its place relative to the others from year to year.
        let offsets: Vec<f64> = regions.iter().map(|_| (random.unit() - 0.5) * spread).collect();
        for (i, year) in years.iter().enumerate() {
            let mut values = Vec::with_capacity(regions.len());
            for (region, offset) in regions.iter().zip(&offsets) {
                let v = round1(level + offset + per_year * i as f64 + (random.unit() - 0.5));
                values.push(v);
                cells.push(cell(id, region.as_str(), *year, v));
            }
            let nation = values.iter().sum::<f64>() / values.len().max(1) as f64;
            cells.push(cell(id, "00", *year, round1(nation)));
        }
    }
    cells
}

fn cell(indicator: &str, region: &str, year: i32, value: f64) -> IndicatorCell {
    IndicatorCell {
        indicator: indicator.to_string(),
        region: region.to_string(),
        period: year.to_string(),
        sex: "alla".to_string(),
        numerator: None,
        denominator: None,
        value: Some(value),
        suppressed: false,
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// SplitMix64: a small, well-known generator; enough for made-up demo values.
struct SplitMix64(u64);

impl SplitMix64 {
    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_and_the_country_get_a_plausible_value_each_year() {
        let regions: Vec<RegionCode> = ["01", "03", "25"].iter().map(|c| c.parse().unwrap()).collect();
        let cells = synthetic_imported(&regions, &[2018, 2019, 2020], 7);
        assert_eq!(cells.len(), 3 * 3 * 4);
        assert!(
            cells
                .iter()
                .all(|c| c.value.is_some_and(|v| (0.0..=100.0).contains(&v)))
        );
        assert_eq!(
            cells,
            synthetic_imported(&regions, &[2018, 2019, 2020], 7),
            "deterministic"
        );
        assert_ne!(cells, synthetic_imported(&regions, &[2018, 2019, 2020], 8));
    }
}
