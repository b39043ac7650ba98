//! The code columns as small integers: a region as its place in the
//! contract's list of county codes, sex as its place in `K`, `M`.

use std::sync::OnceLock;

use uppsikt_domain::codes::REGION_CODES;

use crate::schema::SEXES;

/// The whole country's region code.
pub const COUNTRY: &str = "00";
/// Both sexes together.
pub const BOTH: &str = "alla";

/// The place of a validated county code in [`REGION_CODES`].
pub fn region(code: &str) -> u8 {
    static BY_NUMBER: OnceLock<[u8; 100]> = OnceLock::new();
    let table = BY_NUMBER.get_or_init(|| {
        let mut t = [u8::MAX; 100];
        for (i, c) in REGION_CODES.iter().enumerate() {
            if let Ok(n) = c.parse::<usize>() {
                t[n] = i as u8;
            }
        }
        t
    });
    if let [a @ b'0'..=b'9', b @ b'0'..=b'9'] = *code.as_bytes() {
        let i = table[usize::from(a - b'0') * 10 + usize::from(b - b'0')];
        if i != u8::MAX {
            return i;
        }
    }
    REGION_CODES
        .iter()
        .position(|c| *c == code)
        .unwrap_or_else(|| panic!("region {code} passed validation but is not a county code")) as u8
}

/// The county code at place `i` of [`REGION_CODES`].
pub fn region_code(i: u8) -> &'static str {
    REGION_CODES[usize::from(i)]
}

/// The place of a validated sex code in [`SEXES`] (`K` 0, `M` 1).
pub fn sex(code: &str) -> u8 {
    SEXES
        .iter()
        .position(|c| *c == code)
        .unwrap_or_else(|| panic!("sex {code} passed validation but is not a code")) as u8
}

/// The sex code at place `i` of [`SEXES`].
pub fn sex_code(i: u8) -> &'static str {
    SEXES[usize::from(i)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_goes_there_and_back() {
        for (i, c) in REGION_CODES.iter().enumerate() {
            assert_eq!(region(c), i as u8);
            assert_eq!(region_code(i as u8), *c);
        }
        for (i, c) in SEXES.iter().enumerate() {
            assert_eq!(sex(c), i as u8);
            assert_eq!(sex_code(i as u8), *c);
        }
    }
}
