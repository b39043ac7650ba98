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

/// A bar chart titled `title` (also its accessible name); the data are in a
/// table next to it. It is drawn twice, wide and narrow, and the style sheet
/// shows the one that fits, so its text stays at 12 px on a phone too:
/// wide, each label left of its bar; narrow, above it. Long labels wrap onto
/// a second line rather than being cut at the chart's edge.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> Markup {
    html! {
        div.chart-wide { (bars_drawn(id, title, bars, Layout::Wide)) }
        div.chart-narrow { (bars_drawn(&format!("{id}-smal"), title, bars, Layout::Narrow)) }
    }
}

/// How wide a chart is drawn: for a page column, or for a phone.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    Wide,
    Narrow,
}

fn bars_drawn(id: &str, title: &str, bars: &[Bar], layout: Layout) -> Markup {
    // Narrow: the label on its own line(s) above a bar the width of the chart.
    let (label_w, bar_w, row_h, wrap_at) = match layout {
        Layout::Wide => (250.0, 300.0, 34.0, 34),
        Layout::Narrow => (0.0, 250.0, 62.0, 44),
    };
    let width = label_w + bar_w + 80.0;
    let height = row_h * bars.len() as f64 + 8.0;
    html! {
        svg.chart role="img" aria-labelledby=(format!("{id}-t")) viewBox=(format!("0 0 {width} {height}"))
            xmlns="http://www.w3.org/2000/svg" {
            title id=(format!("{id}-t")) { (title) }
            // The axis the bars start from.
            line.axis-line x1=(label_w) y1="2" x2=(label_w) y2=(height - 2.0) {}
            @for (i, b) in bars.iter().enumerate() {
                @let y = 4.0 + row_h * i as f64;
                @let lines = wrap(&b.label, wrap_at);
                @let bar_y = if layout == Layout::Wide { y + 6.0 } else { y + 14.0 * lines.len() as f64 + 6.0 };
                @if layout == Layout::Wide {
                    @let first = if lines.len() == 1 { y + 20.0 } else { y + 13.0 };
                    text.bar-label x=(label_w - 6.0) y=(first) text-anchor="end" {
                        @for (j, line) in lines.iter().enumerate() {
                            tspan x=(label_w - 6.0) dy=(if j == 0 { "0" } else { "14" }) { (line) }
                        }
                    }
                } @else {
                    text.bar-label x="4" y=(y + 12.0) {
                        @for (j, line) in lines.iter().enumerate() {
                            tspan x="4" dy=(if j == 0 { "0" } else { "14" }) { (line) }
                        }
                    }
                }
                @let length = bar_w * b.percent.clamp(0.0, 100.0) / 100.0;
                rect.bar x=(label_w) y=(bar_y) width=(format!("{length:.1}")) height="22" {}
                text.axis x=(label_w + length + 6.0) y=(bar_y + 15.0) { (b.value_label) }
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
/// in a table beside it. Drawn wide and narrow like [`bars`]; the narrow one
/// labels every other x position when there are more than six.
pub fn lines(id: &str, title: &str, xs: &[String], series: &[Series]) -> Markup {
    html! {
        div.chart-wide { (lines_drawn(id, title, xs, series, Layout::Wide)) }
        div.chart-narrow { (lines_drawn(&format!("{id}-smal"), title, xs, series, Layout::Narrow)) }
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

fn lines_drawn(id: &str, title: &str, xs: &[String], series: &[Series], layout: Layout) -> Markup {
    const LEFT: f64 = 56.0;
    const TOP: f64 = 12.0;
    let (w, h, every) = match layout {
        Layout::Wide => (520.0, 220.0, 1),
        Layout::Narrow => (270.0, 200.0, if xs.len() > 6 { 2 } else { 1 }),
    };
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .fold(0.0_f64, f64::max);
    let top = nice_ceiling(max);
    let x = |i: usize| {
        LEFT + if xs.len() > 1 {
            w * i as f64 / (xs.len() - 1) as f64
        } else {
            w / 2.0
        }
    };
    let y = |v: f64| TOP + h - if top > 0.0 { h * v / top } else { 0.0 };
    // A run of two or more consecutive values is a line; a gap ends it, and a
    // lone value is only its point (the same rule as the annual report's trend).
    let polylines = |s: &Series| -> Vec<String> {
        uppsikt_annual_report::chart::trend::runs(&s.values)
            .into_iter()
            .filter(|run| run.len() >= 2)
            .map(|run| {
                run.iter()
                    .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let ticks: Vec<f64> = (0..=4).map(|i| top * i as f64 / 4.0).collect();
    html! {
        svg.chart role="img" aria-labelledby=(format!("{id}-t")) #(id)
            viewBox=(format!("0 0 {} {}", LEFT + w + 20.0, TOP + h + 40.0)) xmlns="http://www.w3.org/2000/svg" {
            title id=(format!("{id}-t")) { (title) }
            @for t in &ticks {
                line x1=(LEFT) y1=(y(*t)) x2=(LEFT + w) y2=(y(*t)) stroke="#dddddd" {}
                text.axis x=(LEFT - 6.0) y=(y(*t) + 4.0) text-anchor="end" { (uppsikt_domain::format::dec(*t, 1)) }
            }
            line.axis-line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(TOP + h) {}
            line.axis-line x1=(LEFT) y1=(TOP + h) x2=(LEFT + w) y2=(TOP + h) {}
            @for (i, label) in xs.iter().enumerate() {
                @if i % every == 0 {
                    text.axis x=(x(i)) y=(TOP + h + 18.0) text-anchor="middle" { (label) }
                }
            }
            @for (i, s) in series.iter().enumerate() {
                g.series data-label=(s.label) {
                    @for points in polylines(s) {
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
    }
}

/// A series' colour: the reference dark, the others from [`LINE_COLOURS`].
fn colour(i: usize, s: &Series) -> &'static str {
    if s.reference {
        "#222222"
    } else {
        LINE_COLOURS[i % LINE_COLOURS.len()]
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
