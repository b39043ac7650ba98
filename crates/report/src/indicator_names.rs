//! Swedish names and units of the indicators in the register-data contract
//! (shared/spec/register-data.md). An indicator not listed here is shown by its id.

/// `(id, name, unit)` for each indicator of the contract.
pub const INDICATORS: [(&str, &str, &str); 5] = [
    (
        "vardgaranti_3d",
        "Medicinsk bedömning inom tre dagar i primärvården",
        "procent",
    ),
    (
        "kontinuitet_lakare",
        "Kontinuitet: patienter som oftast träffar samma läkare",
        "procent",
    ),
    (
        "aterinskrivning_30d",
        "Oplanerade återinskrivningar inom 30 dagar, 65 år och äldre",
        "procent",
    ),
    ("undvikbar_slutenvard", "Undvikbar slutenvård", "per 100 000 invånare"),
    ("digitala_besok", "Digitala besök i primärvården", "procent"),
];

/// The name and unit of indicator `id`.
pub fn describe(id: &str) -> (String, String) {
    INDICATORS.iter().find(|(i, _, _)| *i == id).map_or_else(
        || (id.to_string(), String::new()),
        |(_, n, u)| (n.to_string(), u.to_string()),
    )
}

/// The position of `id` in the contract's list (unknown ids last), for a stable order.
pub fn position(id: &str) -> usize {
    INDICATORS
        .iter()
        .position(|(i, _, _)| *i == id)
        .unwrap_or(INDICATORS.len())
}
