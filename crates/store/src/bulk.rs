//! Many rows in few statements: multi-row `INSERT`s with every value bound.

/// Bound parameters per statement. Binding costs time in the square of a
/// statement's parameters on SQLite (sqlx looks each one up by name, and
/// SQLite finds a name by a linear scan): with 4 000 per statement an import
/// of 100 000 measures took 50 s, most of it in that scan. About 250 keeps
/// the scan short and the statements few.
const PARAMETERS_PER_STATEMENT: usize = 250;

/// Rows per statement for a table of `columns` columns (at least one).
pub fn rows_per_statement(columns: usize) -> usize {
    (PARAMETERS_PER_STATEMENT / columns.max(1)).max(1)
}

/// The `VALUES` list of `rows` rows of `columns` placeholders each, numbered
/// from `$first`: `($1, $2), ($3, $4)`. Only placeholders are generated, so
/// the statement built with it binds every value (audited for `AssertSqlSafe`).
pub fn values(rows: usize, columns: usize, first: usize) -> String {
    let mut out = String::with_capacity(rows * columns * 6);
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for c in 0..columns {
            if c > 0 {
                out.push_str(", ");
            }
            out.push('$');
            out.push_str(&(first + r * columns + c).to_string());
        }
        out.push(')');
    }
    out
}

/// The list `$first, …` of `n` placeholders, for `IN (…)`.
pub fn list(n: usize, first: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_row_by_row() {
        assert_eq!(super::values(2, 3, 1), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(super::values(1, 2, 4), "($4, $5)");
        assert_eq!(super::list(3, 3), "$3, $4, $5");
        assert_eq!(super::rows_per_statement(13), 19);
        assert_eq!(super::rows_per_statement(10_000), 1);
    }
}
