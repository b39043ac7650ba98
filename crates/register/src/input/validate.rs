//! Strict checks of one raw batch against the contract, producing the typed
//! batch of its valid rows and a reason for every invalid one.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, Int64Builder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, BooleanArray, Date32Array, DictionaryArray, Int64Array, RecordBatch, StringArray};
use arrow_cast::cast;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use arrow_select::filter::filter_record_batch;

use super::code_set::CodeSet;
use super::problems::Rejected;
use crate::dates::{civil_from_days, format_date, parse_date};
use crate::schema::{Column, Kind, Table};
use uppsikt_domain::tr;

/// Facts from other tables that rows are checked against.
#[derive(Debug, Default)]
pub struct CrossChecks {
    /// The (region, year) pairs that have population; `None` if there is no population table.
    pub population: Option<HashSet<(String, i64)>>,
}

/// Row index within the batch → (column, reason) of each problem; the
/// column is `None` for a problem between columns or tables.
type Problems = BTreeMap<usize, Vec<(Option<&'static str>, String)>>;

/// Checks every row of `raw` (contract columns in contract order) and returns
/// the typed batch of the valid rows; invalid rows are added to `rejected`.
/// Columns marked `proven` were not read (the file's statistics prove them
/// present); they are not checked and must not be kept. A code column read
/// dictionary-encoded stays so ([`super::plain`] gives the contract's types).
pub fn validate(
    table: Table,
    file: &str,
    raw: &RecordBatch,
    rows: &[u64],
    proven: &[bool],
    cross: &CrossChecks,
    rejected: &mut Vec<Rejected>,
) -> Result<RecordBatch, String> {
    let mut problems = Problems::new();
    let mut columns = Vec::with_capacity(raw.num_columns());
    for (i, col) in table.columns().iter().enumerate() {
        if proven[i] {
            columns.push(raw.column(i).clone());
            continue;
        }
        columns.push(typed(col, raw.column(i), &mut problems).map_err(|e| format!("{file}: {e}"))?);
    }
    let typed = RecordBatch::try_new(schema_of(table, &columns, false), columns).map_err(|e| format!("{file}: {e}"))?;
    cross_row_checks(table, &typed, cross, &mut problems);
    let valid = schema_of(table, typed.columns(), true);
    if problems.is_empty() {
        return RecordBatch::try_new(valid, typed.columns().to_vec()).map_err(|e| format!("{file}: {e}"));
    }
    let mut keep = vec![true; typed.num_rows()];
    for (i, found) in problems {
        keep[i] = false;
        rejected.push(Rejected {
            file: file.to_string(),
            row: rows[i],
            reasons: reasons(found),
        });
    }
    let kept = filter_record_batch(&typed, &BooleanArray::from(keep)).map_err(|e| format!("{file}: {e}"))?;
    RecordBatch::try_new(valid, kept.columns().to_vec()).map_err(|e| format!("{file}: {e}"))
}

/// The schema of `table`'s typed `columns`: the contract's, except that a
/// code column may be dictionary-encoded; every column nullable before the
/// checks, as the contract says after them (`checked`).
fn schema_of(table: Table, columns: &[ArrayRef], checked: bool) -> SchemaRef {
    Arc::new(Schema::new(
        table
            .columns()
            .iter()
            .zip(columns)
            .map(|(c, a)| Field::new(c.name, a.data_type().clone(), !checked || c.nullable))
            .collect::<Vec<_>>(),
    ))
}

fn add(problems: &mut Problems, row: usize, col: &Column, what: String) {
    problems.entry(row).or_default().push((Some(col.name), what));
}

/// A row's problems as the reasons of a rejected row.
fn reasons(problems: Vec<(Option<&'static str>, String)>) -> Vec<String> {
    problems
        .into_iter()
        .map(|(column, what)| match column {
            Some(column) => tr!(engine.column_problem, column = column, problem = what),
            None => what,
        })
        .collect()
}

/// Converts one column to its contract type, noting bad values.
fn typed(col: &Column, arr: &ArrayRef, problems: &mut Problems) -> Result<ArrayRef, String> {
    let n = arr.len();
    let missing = |problems: &mut Problems, i: usize| add(problems, i, col, tr!(engine.missing_value));
    match col.kind {
        Kind::Code(allowed) if is_code_dictionary(arr) => {
            check_dictionary_codes(col, arr.as_dictionary::<Int32Type>(), allowed, problems);
            Ok(arr.clone())
        }
        Kind::Text | Kind::Code(_) | Kind::Diagnosis => {
            let s = as_text(col, arr)?;
            // Fast path for free text: nothing to check when the column may
            // be empty, or when no value is null or empty (read off the offsets).
            if col.kind == Kind::Text
                && (col.nullable || (s.null_count() == 0 && s.offsets().windows(2).all(|w| w[1] > w[0])))
            {
                return Ok(Arc::new(s));
            }
            if let Kind::Code(allowed) = col.kind {
                check_codes(col, &s, allowed, problems);
                return Ok(Arc::new(s));
            }
            for (i, v) in s.iter().enumerate() {
                let Some(v) = v.filter(|v| !v.is_empty()) else {
                    if !col.nullable {
                        missing(problems, i);
                    }
                    continue;
                };
                if col.kind == Kind::Diagnosis && !v.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                    add(problems, i, col, tr!(engine.not_icd, value = v));
                }
            }
            Ok(Arc::new(s))
        }
        Kind::Int => {
            let out: Int64Array = match arr.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                    let s = as_text(col, arr)?;
                    let mut b = Int64Builder::with_capacity(n);
                    for i in 0..n {
                        if s.is_null(i) || s.value(i).is_empty() {
                            b.append_null();
                        } else if let Ok(v) = s.value(i).parse::<i64>() {
                            b.append_value(v);
                        } else {
                            add(problems, i, col, tr!(engine.not_whole, value = s.value(i)));
                            b.append_null();
                        }
                    }
                    b.finish()
                }
                t if t.is_integer() => cast(arr, &DataType::Int64)
                    .map_err(|e| e.to_string())?
                    .as_primitive::<Int64Type>()
                    .clone(),
                t => return Err(wrong_type(col, t, &tr!(engine.type_integer))),
            };
            note_nulls(col, &out, problems);
            Ok(Arc::new(out))
        }
        Kind::Date => {
            let out: Date32Array = match arr.data_type() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                    let s = as_text(col, arr)?;
                    let mut b = Date32Builder::with_capacity(n);
                    for i in 0..n {
                        if s.is_null(i) || s.value(i).is_empty() {
                            b.append_null();
                        } else if let Some(d) = parse_date(s.value(i)) {
                            b.append_value(d);
                        } else {
                            add(problems, i, col, tr!(engine.not_date, value = s.value(i)));
                            b.append_null();
                        }
                    }
                    b.finish()
                }
                DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) => cast(arr, &DataType::Date32)
                    .map_err(|e| e.to_string())?
                    .as_primitive::<Date32Type>()
                    .clone(),
                t => return Err(wrong_type(col, t, &tr!(engine.type_date))),
            };
            note_nulls(col, &out, problems);
            Ok(Arc::new(out))
        }
        Kind::Bool => {
            let out: BooleanArray = match arr.data_type() {
                DataType::Boolean => arr.as_boolean().clone(),
                t if t.is_integer() || matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) => {
                    let s = as_text(col, arr)?;
                    let mut b = BooleanBuilder::with_capacity(n);
                    for i in 0..n {
                        if s.is_null(i) || s.value(i).is_empty() {
                            b.append_null();
                            continue;
                        }
                        match s.value(i) {
                            "true" | "1" | "TRUE" | "True" => b.append_value(true),
                            "false" | "0" | "FALSE" | "False" => b.append_value(false),
                            v => {
                                add(problems, i, col, tr!(engine.not_bool, value = v));
                                b.append_null();
                            }
                        }
                    }
                    b.finish()
                }
                t => return Err(wrong_type(col, t, &tr!(engine.type_bool))),
            };
            note_nulls(col, &out, problems);
            Ok(Arc::new(out))
        }
    }
}

/// Checks a code column straight on its offsets and bytes: this runs for
/// hundreds of millions of values at national scale.
fn check_codes(col: &Column, s: &StringArray, allowed: &'static [&'static str], problems: &mut Problems) {
    let set = CodeSet::new(allowed);
    let (data, offsets) = (s.value_data(), s.value_offsets());
    for i in 0..s.len() {
        let (start, end) = (offsets[i] as usize, offsets[i + 1] as usize);
        if start == end || s.is_null(i) {
            if !col.nullable {
                add(problems, i, col, tr!(engine.missing_value));
            }
        } else if !set.contains_at(data, start, end - start) {
            add(
                problems,
                i,
                col,
                tr!(engine.unknown_value, value = s.value(i), allowed = allowed.join(", ")),
            );
        }
    }
}

/// Whether `arr` is a code column as Parquet text is read ([`super::read::code_type`]).
fn is_code_dictionary(arr: &ArrayRef) -> bool {
    arr.data_type() == &super::read::code_type()
}

/// What a code is, checked once per distinct value of a dictionary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Allowed,
    Missing,
    Unknown,
}

/// Checks a dictionary-encoded code column: each distinct value once, and
/// each record by its key only when some value (or a null) is not allowed.
fn check_dictionary_codes(
    col: &Column,
    d: &DictionaryArray<Int32Type>,
    allowed: &'static [&'static str],
    problems: &mut Problems,
) {
    let set = CodeSet::new(allowed);
    let values = d.values().as_string::<i32>();
    let verdicts: Vec<Verdict> = (0..values.len())
        .map(|k| match values.is_null(k) || values.value(k).is_empty() {
            true => Verdict::Missing,
            false
                if set.contains_at(
                    values.value_data(),
                    values.value_offsets()[k] as usize,
                    values.value_length(k) as usize,
                ) =>
            {
                Verdict::Allowed
            }
            false => Verdict::Unknown,
        })
        .collect();
    if d.keys().null_count() == 0 && verdicts.iter().all(|v| *v == Verdict::Allowed) {
        return;
    }
    let keys = d.keys();
    for i in 0..d.len() {
        let verdict = match keys.is_null(i) {
            true => Verdict::Missing,
            false => verdicts[keys.value(i) as usize],
        };
        match verdict {
            Verdict::Allowed => {}
            Verdict::Missing if col.nullable => {}
            Verdict::Missing => add(problems, i, col, tr!(engine.missing_value)),
            Verdict::Unknown => add(
                problems,
                i,
                col,
                tr!(
                    engine.unknown_value,
                    value = values.value(keys.value(i) as usize),
                    allowed = allowed.join(", ")
                ),
            ),
        }
    }
}

fn note_nulls(col: &Column, arr: &dyn Array, problems: &mut Problems) {
    if col.nullable || arr.null_count() == 0 {
        return;
    }
    for i in 0..arr.len() {
        // A value that failed to parse already has its reason.
        if arr.is_null(i)
            && !problems
                .get(&i)
                .is_some_and(|r| r.iter().any(|(c, _)| *c == Some(col.name)))
        {
            add(problems, i, col, tr!(engine.missing_value));
        }
    }
}

fn wrong_type(col: &Column, actual: &DataType, expected: &str) -> String {
    tr!(
        engine.wrong_type,
        column = col.name,
        actual = actual,
        expected = expected
    )
}

fn as_text(col: &Column, arr: &ArrayRef) -> Result<StringArray, String> {
    if let Some(s) = arr.as_string_opt::<i32>() {
        return Ok(s.clone());
    }
    let c = cast(arr, &DataType::Utf8).map_err(|_| wrong_type(col, arr.data_type(), &tr!(engine.type_text)))?;
    Ok(c.as_string::<i32>().clone())
}

fn date_col<'a>(b: &'a RecordBatch, name: &str) -> &'a Date32Array {
    b.column_by_name(name)
        .expect("contract column")
        .as_primitive::<Date32Type>()
}

/// Checks between columns of one row and against other tables.
fn cross_row_checks(table: Table, b: &RecordBatch, cross: &CrossChecks, problems: &mut Problems) {
    let before = |later: &str, earlier: &str, problems: &mut Problems| {
        let (l, e) = (date_col(b, later), date_col(b, earlier));
        for i in 0..b.num_rows() {
            if l.is_valid(i) && e.is_valid(i) && l.value(i) < e.value(i) {
                problems.entry(i).or_default().push((
                    None,
                    tr!(
                        engine.date_before,
                        later = later,
                        later_value = format_date(l.value(i)),
                        earlier = earlier,
                        earlier_value = format_date(e.value(i))
                    ),
                ));
            }
        }
    };
    match table {
        Table::Contacts => before("assessment_date", "contact_date", problems),
        Table::Stays => {
            before("discharge_date", "admission_date", problems);
            if let Some(pop) = &cross.population {
                let region = super::plain_text(b.column_by_name("region").expect("region"));
                let adm = date_col(b, "admission_date");
                for i in 0..b.num_rows() {
                    if region.is_null(i) || adm.is_null(i) {
                        continue;
                    }
                    let year = i64::from(civil_from_days(adm.value(i)).0);
                    if !pop.contains(&(region.value(i).to_string(), year)) {
                        problems
                            .entry(i)
                            .or_default()
                            .push((None, tr!(engine.no_population, region = region.value(i), year = year)));
                    }
                }
            }
        }
        Table::Population => {
            let p = b
                .column_by_name("population")
                .expect("population")
                .as_primitive::<Int64Type>();
            for i in 0..b.num_rows() {
                if p.is_valid(i) && p.value(i) < 0 {
                    problems
                        .entry(i)
                        .or_default()
                        .push((Some("population"), tr!(engine.negative_value, value = p.value(i))));
                }
            }
        }
        Table::Visits => {}
    }
}
