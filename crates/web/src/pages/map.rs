//! The values the start page's map shows, one per region. The map itself is
//! the report crate's choropleth (`uppsikt_annual_report::map`), so the web and the
//! printed report draw Sweden the same way.

/// One region's value on the map.
pub struct MapValue {
    pub code: String,
    pub name: String,
    pub value: Option<f64>,
    /// The value as shown (formatted, with unit).
    pub label: String,
}
