//! The values the start page's map shows, one per region. The map itself is
//! the report crate's choropleth (`uppsikt_annual_report::map`), so the web and the
//! printed report draw Sweden the same way.

/// One region's value on the map.
pub struct MapValue {
    /// The two-digit region code.
    pub code: String,
    /// The region's short name.
    pub name: String,
    /// The value to colour by; `None` where it is missing or withheld.
    pub value: Option<f64>,
    /// The value as shown (formatted, with unit).
    pub label: String,
}
