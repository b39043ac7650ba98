//! A tile map of the 21 regions: one square per region, placed roughly where
//! it lies, shaded by an indicator in five classes. Drawn as SVG with class
//! names only (no inline styles, so the CSP holds), with a data table beside
//! it for screen readers and keyboard users.

use maud::{Markup, html};

/// (region code, column, row) on the tile grid, north at the top.
const TILES: [(&str, u32, u32); 21] = [
    ("25", 2, 0),
    ("24", 1, 1),
    ("23", 0, 2),
    ("22", 1, 2),
    ("20", 0, 3),
    ("21", 1, 3),
    ("17", 0, 4),
    ("19", 1, 4),
    ("03", 2, 4),
    ("14", 0, 5),
    ("18", 1, 5),
    ("04", 2, 5),
    ("01", 3, 5),
    ("06", 1, 6),
    ("05", 2, 6),
    ("09", 3, 6),
    ("13", 0, 7),
    ("07", 1, 7),
    ("08", 2, 7),
    ("12", 0, 8),
    ("10", 1, 8),
];

const SIZE: u32 = 56;
const GAP: u32 = 4;

/// One region's value on the map.
pub struct MapValue {
    pub code: String,
    pub name: String,
    pub value: Option<f64>,
    /// The value as shown (formatted, with unit).
    pub label: String,
}

/// The class (0–4) of `v` between `min` and `max`.
fn class(v: f64, min: f64, max: f64) -> usize {
    if max <= min {
        return 2;
    }
    (((v - min) / (max - min)) * 5.0).floor().clamp(0.0, 4.0) as usize
}

/// The SVG map; `title` names the indicator.
pub fn tile_map(title: &str, values: &[MapValue], no_data: &str, low: &str, high: &str) -> Markup {
    let known: Vec<f64> = values.iter().filter_map(|v| v.value).collect();
    let min = known.iter().cloned().fold(f64::INFINITY, f64::min);
    let max = known.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let width = 4 * (SIZE + GAP);
    let height = 9 * (SIZE + GAP) + 30;
    html! {
        svg.map #region-map role="img" aria-labelledby="map-title" viewBox=(format!("0 0 {width} {height}"))
            xmlns="http://www.w3.org/2000/svg" {
            title #map-title { (title) }
            @for (code, col, row) in TILES {
                @let v = values.iter().find(|v| v.code == code);
                @let cls = match v.and_then(|v| v.value) {
                    Some(x) => format!("tile q{}", class(x, min, max)),
                    None => "tile nodata".to_string(),
                };
                g {
                    title { (v.map(|v| format!("{}: {}", v.name, v.label)).unwrap_or_else(|| format!("{code}: {no_data}"))) }
                    rect class=(cls) x=(col * (SIZE + GAP)) y=(row * (SIZE + GAP)) width=(SIZE) height=(SIZE) rx="4" {}
                    text class="tile-label" x=(col * (SIZE + GAP) + SIZE / 2) y=(row * (SIZE + GAP) + SIZE / 2 + 5)
                        text-anchor="middle" { (code) }
                }
            }
            @for i in 0..5u32 {
                rect class=(format!("tile q{i}")) x=(40 + i * 24) y=(height - 24) width="22" height="16" {}
            }
            text class="legend" x="0" y=(height - 12) { (low) }
            text class="legend" x="166" y=(height - 12) { (high) }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_region_has_one_tile_and_classes_span_the_range() {
        let mut codes: Vec<&str> = super::TILES.iter().map(|t| t.0).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 21);
        assert_eq!(super::class(0.0, 0.0, 10.0), 0);
        assert_eq!(super::class(10.0, 0.0, 10.0), 4);
        assert_eq!(super::class(5.0, 0.0, 10.0), 2);
    }
}
