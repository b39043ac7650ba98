//! The code columns as small integers: a region as its place in the
//! contract's list of county codes, sex as its place in `K`, `M`, any code
//! as its place in its column's list.

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, RecordBatch};
use uppsikt_domain::codes::REGION_CODES;

use crate::schema::SEXES;

/// The place of each record's code in `list`, the contract's codes of the
/// validated column `name`. A column read from Parquet is dictionary-encoded:
/// each distinct code is looked up once and each record by its key. One read
/// from CSV is plain text, looked up record by record.
pub fn places(b: &RecordBatch, name: &str, list: &[&str]) -> Vec<u8> {
    let column = super::column(b, name);
    if let Some(d) = column.as_dictionary_opt::<Int32Type>() {
        let values = d.values().as_string::<i32>();
        let lookup: Vec<u8> = (0..values.len())
            // A code not in the list (or a null) is in the dictionary but no valid record's.
            .map(|k| {
                list.iter()
                    .position(|c| !values.is_null(k) && *c == values.value(k))
                    .map_or(u8::MAX, |p| p as u8)
            })
            .collect();
        return d
            .keys()
            .values()
            .iter()
            .map(|&k| lookup.get(k as usize).copied().unwrap_or(u8::MAX))
            .collect();
    }
    let text = column.as_string::<i32>();
    (0..text.len())
        .map(|i| {
            let code = text.value(i);
            match list.iter().position(|c| *c == code) {
                Some(p) => p as u8,
                None => panic!("{name} {code} passed validation but is not a code"),
            }
        })
        .collect()
}

/// Each record's region, as its place in [`REGION_CODES`].
pub fn regions(b: &RecordBatch) -> Vec<u8> {
    places(b, "region", &REGION_CODES)
}

/// Each record's sex, as its place in [`SEXES`].
pub fn sexes(b: &RecordBatch) -> Vec<u8> {
    places(b, "sex", SEXES)
}

/// The place of `code` in `list`, a contract code list that holds it.
pub fn place(list: &[&str], code: &str) -> u8 {
    list.iter()
        .position(|c| *c == code)
        .unwrap_or_else(|| panic!("{code} is not one of the codes {list:?}")) as u8
}

/// The whole country's region code.
pub const COUNTRY: &str = "00";
/// Both sexes together.
pub const BOTH: &str = "alla";

/// The county code at place `i` of [`REGION_CODES`].
pub fn region_code(i: u8) -> &'static str {
    REGION_CODES[usize::from(i)]
}

/// The sex code at place `i` of [`SEXES`].
pub fn sex_code(i: u8) -> &'static str {
    SEXES[usize::from(i)]
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::types::Int32Type;
    use arrow_array::{ArrayRef, DictionaryArray, RecordBatch, StringArray};

    use super::*;

    fn batch(column: ArrayRef) -> RecordBatch {
        RecordBatch::try_from_iter([("region", column)]).expect("batch")
    }

    #[test]
    fn every_code_goes_there_and_back() {
        for (i, c) in REGION_CODES.iter().enumerate() {
            assert_eq!(place(&REGION_CODES, c), i as u8);
            assert_eq!(region_code(i as u8), *c);
        }
        for (i, c) in SEXES.iter().enumerate() {
            assert_eq!(place(SEXES, c), i as u8);
            assert_eq!(sex_code(i as u8), *c);
        }
    }

    #[test]
    fn plain_and_dictionary_columns_give_the_same_places() {
        let codes = ["25", "01", "25", "13", "01"];
        let plain = batch(Arc::new(StringArray::from(codes.to_vec())));
        // A file's dictionary may hold codes no record uses, in any order.
        let dictionary: DictionaryArray<Int32Type> = DictionaryArray::try_new(
            vec![2, 1, 2, 3, 1].into(),
            Arc::new(StringArray::from(vec!["xx", "01", "25", "13"])),
        )
        .expect("dictionary");
        let dictionary = batch(Arc::new(dictionary));
        let expected: Vec<u8> = codes.iter().map(|c| place(&REGION_CODES, c)).collect();
        assert_eq!(regions(&plain), expected);
        assert_eq!(regions(&dictionary), expected);
        assert_eq!(region_code(expected[0]), "25");
    }
}
