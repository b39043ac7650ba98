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
/// Long labels wrap onto a second line rather than being cut at the chart's edge.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> Markup {
    const LABEL_W: f64 = 250.0;
    const BAR_W: f64 = 300.0;
    const ROW_H: f64 = 34.0;
    let height = ROW_H * bars.len() as f64 + 8.0;
    html! {
        svg.chart role="img" aria-labelledby=(format!("{id}-t")) viewBox=(format!("0 0 {} {height}", LABEL_W + BAR_W + 80.0))
            xmlns="http://www.w3.org/2000/svg" {
            title id=(format!("{id}-t")) { (title) }
            // The axis the bars start from.
            line.axis-line x1=(LABEL_W) y1="2" x2=(LABEL_W) y2=(height - 2.0) {}
            @for (i, b) in bars.iter().enumerate() {
                @let y = 4.0 + ROW_H * i as f64;
                @let lines = wrap(&b.label, 34);
                @let first = if lines.len() == 1 { y + 20.0 } else { y + 13.0 };
                text.bar-label x=(LABEL_W - 6.0) y=(first) text-anchor="end" {
                    @for (j, line) in lines.iter().enumerate() {
                        tspan x=(LABEL_W - 6.0) dy=(if j == 0 { "0" } else { "14" }) { (line) }
                    }
                }
                rect.bar x=(LABEL_W) y=(y + 6.0) width=(format!("{:.1}", BAR_W * b.percent.clamp(0.0, 100.0) / 100.0)) height=(ROW_H - 12.0) {}
                text.axis x=(LABEL_W + BAR_W * b.percent.clamp(0.0, 100.0) / 100.0 + 6.0) y=(y + 20.0) { (b.value_label) }
            }
        }
    }
}

/// `s` in at most two lines of about `width` characters; a longer rest ends in `…`.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in s.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        let cut: String = rest.chars().take(width - 1).collect();
        lines.truncate(1);
        lines.push(format!("{cut}…"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_instead_of_being_cut() {
        assert_eq!(wrap("Riket", 34), ["Riket"]);
        assert_eq!(
            wrap("Finns inte i kommunens verksamhet eller organisation", 34),
            ["Finns inte i kommunens verksamhet", "eller organisation"]
        );
        let long = wrap(&"ord ".repeat(40), 10);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…') && long[1].chars().count() <= 10);
    }
}
