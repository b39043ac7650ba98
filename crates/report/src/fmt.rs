//! Numbers as Swedish text: spaces between thousands, decimal comma.

use uppsikt_domain::money::group_thousands;

/// An integer with Swedish thousands grouping, e.g. `1 234 567`; the spaces are
/// no-break spaces, so a number never wraps across lines.
pub fn int(n: i64) -> String {
    group_thousands(n).replace(' ', "\u{a0}")
}

/// A decimal number with `decimals` places and a decimal comma, e.g. `12,5`.
pub fn dec(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let whole: i64 = whole.parse().unwrap_or(0);
    // Negative zero after rounding prints as 0.
    let negative = v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&int(whole));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// Kronor in millions with one decimal, e.g. `126,0 mnkr`.
pub fn mnkr(kronor: i64) -> String {
    format!("{}\u{a0}mnkr", dec(kronor as f64 / 1_000_000.0, 1))
}

/// A percentage with one decimal, e.g. `12,5 %`.
pub fn percent(v: f64) -> String {
    format!("{}\u{a0}%", dec(v, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers() {
        let plain = |s: String| s.replace('\u{a0}', " ");
        assert_eq!(plain(int(1_234_567)), "1 234 567");
        assert_eq!(plain(dec(1234.56, 1)), "1 234,6");
        assert_eq!(dec(-0.01, 1), "0,0");
        assert_eq!(dec(-2.5, 1), "−2,5");
        assert_eq!(dec(7.0, 0), "7");
        assert_eq!(plain(mnkr(126_000_000)), "126,0 mnkr");
        assert_eq!(plain(percent(28.04)), "28,0 %");
        assert!(!int(1000).contains(' '), "no breakable space inside a number");
    }
}
