//! Numbers as Swedish text, one definition for every page, report, message
//! and CLI table: thousands grouped by a no-break space (U+00A0, so a number
//! never wraps across lines), a decimal comma, and the minus sign U+2212.
//!
//! Machine formats (CSV, JSON, the Kolada API) print plain numbers; these
//! functions are only for text a person reads.

/// The space between groups of thousands.
pub const GROUP_SPACE: char = '\u{a0}';
/// The minus sign.
pub const MINUS: char = '\u{2212}';
/// What a missing value prints as.
pub const DASH: &str = "–";

/// An integer with Swedish grouping, e.g. `1 234 567` and `−950`.
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    if n < 0 {
        out.push(MINUS);
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(GROUP_SPACE);
        }
        out.push(ch);
    }
    out
}

/// A decimal number with `decimals` places, e.g. `12,5`; a value that
/// rounds to zero prints without a sign.
pub fn dec(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s.as_str(), None),
    };
    let negative = v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let mut out = String::new();
    if negative {
        out.push(MINUS);
    }
    out.push_str(&int(whole.parse().unwrap_or(0)));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// A change with its sign, e.g. `+1,2` or `−0,4`; a change that rounds to
/// zero prints without a sign, as [`dec`] does.
pub fn signed_dec(v: f64, decimals: usize) -> String {
    let s = dec(v, decimals);
    if v > 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        format!("+{s}")
    } else {
        s
    }
}

/// Whole kronor, e.g. `250 000 kr`.
pub fn kronor(n: i64) -> String {
    format!("{}{GROUP_SPACE}kr", int(n))
}

/// Kronor in millions with one decimal, e.g. `126,0 mnkr`.
pub fn mnkr(kronor: i64) -> String {
    format!("{}{GROUP_SPACE}mnkr", dec(kronor as f64 / 1_000_000.0, 1))
}

/// A percentage with one decimal, e.g. `12,5 %`.
pub fn percent(v: f64) -> String {
    format!("{}{GROUP_SPACE}%", dec(v, 1))
}

/// An optional integer, or the dash.
pub fn opt_int(n: Option<i64>) -> String {
    n.map(int).unwrap_or_else(|| DASH.to_string())
}

/// An optional decimal number, or the dash.
pub fn opt_dec(v: Option<f64>, decimals: usize) -> String {
    v.map(|x| dec(x, decimals)).unwrap_or_else(|| DASH.to_string())
}

/// An ISO-8601 UTC timestamp (`2019-10-01T09:00:00Z`) to the minute, as a
/// reader expects it: `2019-10-01 09:00 UTC`. Other text is left as it is.
pub fn timestamp(iso: &str) -> String {
    let b = iso.as_bytes();
    if b.len() >= 16 && b[10] == b'T' && iso.ends_with('Z') {
        format!("{} {} UTC", &iso[..10], &iso[11..16])
    } else {
        iso.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: String) -> String {
        s.replace(GROUP_SPACE, " ").replace(MINUS, "-")
    }

    #[test]
    fn a_change_carries_its_sign_unless_it_rounds_to_zero() {
        assert_eq!(signed_dec(2.5, 1), "+2,5");
        assert_eq!(plain(signed_dec(-0.4, 1)), "-0,4");
        assert_eq!(signed_dec(0.04, 1), "0,0");
    }

    #[test]
    fn groups_thousands_with_a_no_break_space() {
        assert_eq!(plain(int(1_234_567)), "1 234 567");
        assert_eq!(plain(int(-950)), "-950");
        assert_eq!(plain(int(-1_234)), "-1 234");
        assert_eq!(int(999), "999");
        assert!(!int(1000).contains(' '), "no breakable space inside a number");
        assert!(int(-1).starts_with('\u{2212}'));
    }

    #[test]
    fn decimals_use_a_comma_and_drop_the_sign_of_zero() {
        assert_eq!(plain(dec(1234.56, 1)), "1 234,6");
        assert_eq!(dec(12.345, 1), "12,3");
        assert_eq!(dec(-0.01, 1), "0,0");
        assert_eq!(plain(dec(-2.5, 1)), "-2,5");
        assert_eq!(dec(7.0, 0), "7");
    }

    #[test]
    fn timestamps_to_the_minute() {
        assert_eq!(timestamp("2019-10-01T09:00:00Z"), "2019-10-01 09:00 UTC");
        assert_eq!(timestamp("2019-10-01"), "2019-10-01");
    }

    #[test]
    fn money_and_percent() {
        assert_eq!(plain(kronor(250_000)), "250 000 kr");
        assert_eq!(plain(mnkr(126_000_000)), "126,0 mnkr");
        assert_eq!(plain(percent(28.04)), "28,0 %");
        assert_eq!(opt_int(None), "–");
        assert_eq!(opt_dec(Some(1.26), 1), "1,3");
    }
}

/// A text cell made safe for a CSV file a spreadsheet will open: a cell
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// read as a formula (OWASP "CSV injection"), so it gets a leading `'`.
/// Numbers such as `-5` or `+1,5` stay as they are.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.trim().replace(',', ".").parse::<f64>().is_ok_and(f64::is_finite);
    if risky && !number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`csv_safe`] on a cell read back from a CSV file Uppsikt wrote, so
/// an export imports unchanged: `'=A1` is `=A1` again.
pub fn csv_restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if csv_safe(rest).len() != rest.len() => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod csv_tests {
    use super::{csv_restore, csv_safe};

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for bad in [
            "=cmd|'/C calc'!A0",
            "=HYPERLINK(\"x\")",
            "+A1",
            "-A1+1",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_safe(bad), format!("'{bad}"), "{bad:?}");
        }
        for ok in ["-5", "+3", "-1,5", "1e3", "Vårdcentral", "", "a=b"] {
            assert_eq!(csv_safe(ok), ok, "{ok:?}");
        }
        for any in ["=A1", "- punkt", "-5", "'citat", "'-5", "vanlig"] {
            assert_eq!(csv_restore(&csv_safe(any)), any, "{any:?} round-trips");
        }
    }
}
