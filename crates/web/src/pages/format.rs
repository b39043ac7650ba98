//! Number formatting the Swedish way: spaces between thousands, decimal comma.

/// `1234567` → `1 234 567` (with narrow no-break spaces).
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if n < 0 { format!("−{out}") } else { out }
}

/// `12.345` with one decimal → `12,3`.
pub fn dec(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs()).replace('.', ",");
    let (whole, frac) = s
        .split_once(',')
        .map(|(w, f)| (w.to_string(), Some(f.to_string())))
        .unwrap_or((s, None));
    let w = int(whole.parse().unwrap_or(0));
    let sign = if x < 0.0 && x.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        "−"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{w},{f}"),
        None => format!("{sign}{w}"),
    }
}

/// An optional amount, or the dash for a missing value.
pub fn opt_int(n: Option<i64>) -> String {
    n.map(int).unwrap_or_else(|| "–".to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_swedish_numbers() {
        assert_eq!(super::int(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(super::int(-950), "−950");
        assert_eq!(super::dec(12.345, 1), "12,3");
        assert_eq!(super::dec(1234.5, 1), "1\u{202f}234,5");
        assert_eq!(super::opt_int(None), "–");
    }
}
