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

/// One line of a [`lines`] chart: a value per x position, `None` where there
/// is none (suppressed or missing), which breaks the line rather than
/// bridging it.
pub struct Series {
    /// What the line stands for.
    pub label: String,
    /// One value per x label.
    pub values: Vec<Option<f64>>,
    /// The reference line (the country): drawn dashed and dark.
    pub reference: bool,
}

/// Colours of the lines after the reference, distinguishable in grey scale too.
const LINE_COLOURS: [&str; 6] = ["#005a8c", "#c45100", "#2e7d32", "#6a1b9a", "#ad1457", "#00838f"];

/// A line chart over `xs` (e.g. years), one line per series, with a y axis
/// from 0 and a legend. `title` is also its accessible name; the values are
/// in a table beside it.
pub fn lines(id: &str, title: &str, xs: &[String], series: &[Series]) -> Markup {
    const LEFT: f64 = 56.0;
    const TOP: f64 = 12.0;
    const W: f64 = 520.0;
    const H: f64 = 220.0;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .fold(0.0_f64, f64::max);
    let top = nice_ceiling(max);
    let x = |i: usize| {
        LEFT + if xs.len() > 1 {
            W * i as f64 / (xs.len() - 1) as f64
        } else {
            W / 2.0
        }
    };
    let y = |v: f64| TOP + H - if top > 0.0 { H * v / top } else { 0.0 };
    let colour = |i: usize, s: &Series| {
        if s.reference {
            "#222222"
        } else {
            LINE_COLOURS[i % LINE_COLOURS.len()]
        }
    };
    // Runs of two or more consecutive values: a gap ends a run, a lone value is only its point.
    let runs = |s: &Series| -> Vec<String> {
        let mut out = Vec::new();
        let mut run: Vec<String> = Vec::new();
        for (i, v) in s.values.iter().chain(std::iter::once(&None)).enumerate() {
            match v {
                Some(v) => run.push(format!("{:.1},{:.1}", x(i), y(*v))),
                None => {
                    if run.len() >= 2 {
                        out.push(run.join(" "));
                    }
                    run.clear();
                }
            }
        }
        out
    };
    let ticks: Vec<f64> = (0..=4).map(|i| top * i as f64 / 4.0).collect();
    html! {
        svg.chart role="img" aria-labelledby=(format!("{id}-t")) #(id)
            viewBox=(format!("0 0 {} {}", LEFT + W + 20.0, TOP + H + 40.0)) xmlns="http://www.w3.org/2000/svg" {
            title id=(format!("{id}-t")) { (title) }
            @for t in &ticks {
                line x1=(LEFT) y1=(y(*t)) x2=(LEFT + W) y2=(y(*t)) stroke="#dddddd" {}
                text.axis x=(LEFT - 6.0) y=(y(*t) + 4.0) text-anchor="end" { (uppsikt_domain::format::dec(*t, 1)) }
            }
            line.axis-line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(TOP + H) {}
            line.axis-line x1=(LEFT) y1=(TOP + H) x2=(LEFT + W) y2=(TOP + H) {}
            @for (i, label) in xs.iter().enumerate() {
                text.axis x=(x(i)) y=(TOP + H + 18.0) text-anchor="middle" { (label) }
            }
            @for (i, s) in series.iter().enumerate() {
                g.series data-label=(s.label) {
                    @for points in runs(s) {
                        polyline points=(points) fill="none" stroke=(colour(i, s)) stroke-width="2.5"
                            stroke-dasharray=[s.reference.then_some("6 4")] {}
                    }
                    @for (j, v) in s.values.iter().enumerate() { @if let Some(v) = v {
                        circle cx=(format!("{:.1}", x(j))) cy=(format!("{:.1}", y(*v))) r="3.5" fill=(colour(i, s)) {
                            title { (s.label) ", " (xs[j]) ": " (uppsikt_domain::format::dec(*v, 1)) }
                        }
                    } }
                }
            }
        }
        ul.legend {
            @for (i, s) in series.iter().enumerate() {
                // A drawn swatch: presentation attributes, not a style attribute the CSP forbids.
                li { svg.swatch width="28" height="10" aria-hidden="true" xmlns="http://www.w3.org/2000/svg" {
                        line x1="0" y1="5" x2="28" y2="5" stroke=(colour(i, s)) stroke-width="3"
                            stroke-dasharray=[s.reference.then_some("6 4")] {}
                    } " " (s.label) }
            }
        }
    }
}

/// The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above `v` (at least 1).
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * magnitude)
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
