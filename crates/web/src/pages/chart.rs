//! Horizontal bar charts as SVG, styled by class only (the CSP forbids inline styles).

use maud::{Markup, html};

/// One bar: label, value shown, length as a share of 100.
pub struct Bar {
    /// What the bar stands for, printed to its left.
    pub label: String,
    /// The value as printed after the bar.
    pub value_label: String,
    /// The bar's length as a share of the full width, 0–100.
    pub percent: f64,
}

/// A bar chart titled `title` (also its accessible name); the data are in a table next to it.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> Markup {
    const LABEL_W: f64 = 190.0;
    const BAR_W: f64 = 260.0;
    const ROW_H: f64 = 26.0;
    let height = ROW_H * bars.len() as f64 + 8.0;
    html! {
        svg.chart role="img" aria-labelledby=(format!("{id}-t")) viewBox=(format!("0 0 {} {height}", LABEL_W + BAR_W + 70.0))
            xmlns="http://www.w3.org/2000/svg" {
            title id=(format!("{id}-t")) { (title) }
            @for (i, b) in bars.iter().enumerate() {
                @let y = 4.0 + ROW_H * i as f64;
                text.bar-label x=(LABEL_W - 6.0) y=(y + 16.0) text-anchor="end" { (truncate(&b.label, 30)) }
                rect.bar x=(LABEL_W) y=(y + 3.0) width=(format!("{:.1}", BAR_W * b.percent.clamp(0.0, 100.0) / 100.0)) height=(ROW_H - 8.0) {}
                text.axis x=(LABEL_W + BAR_W * b.percent.clamp(0.0, 100.0) / 100.0 + 6.0) y=(y + 16.0) { (b.value_label) }
            }
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}
