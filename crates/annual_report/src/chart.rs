//! Bar charts as SVG, drawn with plotters. Bars are told apart by lightness
//! and outline, not hue, so the charts read in greyscale; every chart comes
//! with its data as a table or a text alternative in the document.

// Integer ranges are closed in plotters: `0..n - 1` gives the n segments of n labels.
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use uppsikt_domain::format as fmt;

pub mod trend;

/// The font stack used in every SVG: DejaVu Sans is embedded in the PDF.
pub const FONT: &str = "DejaVu Sans, Arial, Helvetica, sans-serif";

/// Fill shades, from dark to light; each differs clearly in lightness.
pub const SHADES: [RGBColor; 4] = [
    RGBColor(0x08, 0x30, 0x6b),
    RGBColor(0x6b, 0xae, 0xd6),
    RGBColor(0xde, 0xeb, 0xf7),
    RGBColor(0x21, 0x71, 0xb5),
];

/// One series of bars: a value per label, `None` where there is no bar to draw.
#[derive(Debug, Clone)]
pub struct Series {
    /// The series' name in the legend.
    pub name: String,
    /// One value per label of the chart, in the same order.
    pub values: Vec<Option<f64>>,
}

/// A horizontal bar chart, one group of bars per label, labels top to bottom.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// The group labels along the category axis, top to bottom.
    pub labels: Vec<String>,
    /// The series of bars; each label gets one bar per series.
    pub series: Vec<Series>,
    /// Text under the value axis.
    pub axis: String,
    /// Decimals in value labels.
    pub decimals: usize,
    /// A vertical reference line, e.g. the national value.
    pub reference: Option<(String, f64)>,
    /// Text drawn at the bar's place where a series has no value, e.g. `–`.
    pub missing_mark: String,
    /// Fixed upper end of the value axis (e.g. 100 for percentages).
    pub max: Option<f64>,
}

fn font(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).color(&BLACK)
}

/// Draws the chart; the result is deterministic for the same input.
pub fn horizontal_bars(chart: &BarChart) -> String {
    let n = chart.labels.len().max(1);
    let groups = chart.series.len().max(1);
    let row = if groups > 1 { 26 } else { 18 };
    let legend = if groups > 1 || chart.reference.is_some() { 28 } else { 0 };
    let (w, h) = (720u32, (n as u32) * row + 60 + legend);
    let mut svg = String::new();
    draw(chart, &mut svg, (w, h), legend).expect("drawing into a String cannot fail");
    svg
}

fn draw(chart: &BarChart, svg: &mut String, size: (u32, u32), legend: u32) -> Result<(), Box<dyn std::error::Error>> {
    let n = chart.labels.len();
    let data_max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .chain(chart.reference.as_ref().map(|r| r.1))
        .fold(0.0f64, f64::max);
    let max = chart.max.unwrap_or_else(|| nice_max(data_max));
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, body) = root.split_vertically(legend);
    let mut c = ChartBuilder::on(&body)
        .margin_right(40)
        .margin_top(6)
        .x_label_area_size(40)
        .y_label_area_size(label_area(&chart.labels))
        .build_cartesian_2d(0.0..max, (0..(n as i32 - 1).max(0)).into_segmented())?;
    let labels = &chart.labels;
    let decimals = chart.decimals;
    c.configure_mesh()
        .disable_y_mesh()
        .light_line_style(RGBColor(0xe6, 0xe6, 0xe6))
        .bold_line_style(RGBColor(0xcc, 0xcc, 0xcc))
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels
                .get(n.saturating_sub(1 + *i as usize))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_formatter(&|x| fmt::dec(*x, if max <= 5.0 { 1 } else { 0 }))
        .x_desc(chart.axis.as_str())
        .label_style(font(12))
        .axis_desc_style(font(12))
        .draw()?;

    let groups = chart.series.len().max(1) as i32;
    for (g, series) in chart.series.iter().enumerate() {
        let fill = SHADES[g % SHADES.len()];
        let bars = series.values.iter().enumerate().filter_map(|(i, v)| {
            let v = (*v)?;
            let slot = (n - 1 - i) as i32;
            let (lo, hi) = slot_span(slot, g as i32, groups);
            let mut r = Rectangle::new([(0.0, lo), (v, hi)], fill.filled());
            r.set_margin(2, 2, 0, 0);
            Some(r)
        });
        c.draw_series(bars)?;
        let outlines = series.values.iter().enumerate().filter_map(|(i, v)| {
            let v = (*v)?;
            let slot = (n - 1 - i) as i32;
            let (lo, hi) = slot_span(slot, g as i32, groups);
            let mut r = Rectangle::new([(0.0, lo), (v, hi)], BLACK.stroke_width(1));
            r.set_margin(2, 2, 0, 0);
            Some(r)
        });
        c.draw_series(outlines)?;
        // Value labels only for single series: grouped bars are read from the table beside them.
        let value_labels = series.values.iter().enumerate().filter_map(|(i, v)| {
            let slot = (n - 1 - i) as i32;
            let style = font(11).pos(Pos::new(HPos::Left, VPos::Center));
            let (x, text) = match v {
                Some(_) if groups > 1 => return None,
                Some(v) => (*v, format!(" {}", fmt::dec(*v, decimals))),
                None => (0.0, format!(" {}", chart.missing_mark)),
            };
            Some(Text::new(text, (x, SegmentValue::CenterOf(slot)), style))
        });
        c.draw_series(value_labels)?;
    }
    if let Some((_, v)) = &chart.reference {
        c.draw_series(LineSeries::new(
            [(*v, SegmentValue::Exact(0)), (*v, SegmentValue::Exact(n as i32))],
            BLACK.stroke_width(2),
        ))?;
    }
    draw_legend(&top, chart)?;
    root.present()?;
    Ok(())
}

/// The vertical span of bar `g` of `groups` in slot `slot`.
fn slot_span(slot: i32, g: i32, groups: i32) -> (SegmentValue<i32>, SegmentValue<i32>) {
    if groups == 1 {
        (SegmentValue::Exact(slot), SegmentValue::Exact(slot + 1))
    } else if g == 0 {
        (SegmentValue::CenterOf(slot), SegmentValue::Exact(slot + 1))
    } else {
        (SegmentValue::Exact(slot), SegmentValue::CenterOf(slot))
    }
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &BarChart,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let mut x = 150i32;
    let y = 10i32;
    if chart.series.len() > 1 {
        for (g, s) in chart.series.iter().enumerate() {
            let fill = SHADES[g % SHADES.len()];
            area.draw(&Rectangle::new([(x, y), (x + 14, y + 12)], fill.filled()))
                .map_err(|e| e.to_string())?;
            area.draw(&Rectangle::new([(x, y), (x + 14, y + 12)], BLACK.stroke_width(1)))
                .map_err(|e| e.to_string())?;
            area.draw(&Text::new(s.name.clone(), (x + 20, y), font(12)))
                .map_err(|e| e.to_string())?;
            x += 30 + 8 * s.name.chars().count() as i32;
        }
    }
    if let Some((name, v)) = &chart.reference {
        area.draw(&PathElement::new([(x, y + 6), (x + 18, y + 6)], BLACK.stroke_width(2)))
            .map_err(|e| e.to_string())?;
        let text = format!("{name}: {}", fmt::dec(*v, chart.decimals));
        area.draw(&Text::new(text, (x + 24, y), font(12)))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Room for the longest label at 12 px (about 7 px a character), within limits.
fn label_area(labels: &[String]) -> u32 {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32;
    (longest * 7 + 16).clamp(90, 380)
}

/// A round upper end for an axis that starts at zero.
fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * mag >= v * 1.05 {
            return step * mag;
        }
    }
    10.0 * mag
}

/// Stacked 100 % bars: one bar per label, one segment per answer.
pub fn stacked_percent(labels: &[String], segments: &[(String, Vec<f64>)], axis: &str) -> String {
    let n = labels.len().max(1);
    let (w, h) = (720u32, n as u32 * 34 + 100);
    let mut svg = String::new();
    draw_stacked(labels, segments, axis, &mut svg, (w, h)).expect("drawing into a String cannot fail");
    svg
}

fn draw_stacked(
    labels: &[String],
    segments: &[(String, Vec<f64>)],
    axis: &str,
    svg: &mut String,
    size: (u32, u32),
) -> Result<(), Box<dyn std::error::Error>> {
    let n = labels.len();
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, body) = root.split_vertically(28);
    let mut c = ChartBuilder::on(&body)
        .margin_right(30)
        .margin_top(6)
        .x_label_area_size(40)
        .y_label_area_size(label_area(labels))
        .build_cartesian_2d(0.0..100.0, (0..(n as i32 - 1).max(0)).into_segmented())?;
    c.configure_mesh()
        .disable_y_mesh()
        .light_line_style(RGBColor(0xe6, 0xe6, 0xe6))
        .bold_line_style(RGBColor(0xcc, 0xcc, 0xcc))
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels
                .get(n.saturating_sub(1 + *i as usize))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_formatter(&|x| format!("{x:.0} %"))
        .x_desc(axis)
        .label_style(font(12))
        .axis_desc_style(font(12))
        .draw()?;
    let mut start = vec![0.0f64; n];
    for (g, (_, values)) in segments.iter().enumerate() {
        let fill = SHADES[g % SHADES.len()];
        let text_colour = if g % SHADES.len() == 0 { WHITE } else { BLACK };
        for (i, v) in values.iter().enumerate().take(n) {
            let slot = (n - 1 - i) as i32;
            let (x0, x1) = (start[i], start[i] + v);
            let corners = [(x0, SegmentValue::Exact(slot)), (x1, SegmentValue::Exact(slot + 1))];
            let mut r = Rectangle::new(corners.clone(), fill.filled());
            r.set_margin(5, 5, 0, 0);
            c.draw_series(std::iter::once(r))?;
            let mut o = Rectangle::new(corners, BLACK.stroke_width(1));
            o.set_margin(5, 5, 0, 0);
            c.draw_series(std::iter::once(o))?;
            if *v >= 6.0 {
                let style = TextStyle::from((FONT, 12).into_font())
                    .color(&text_colour)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                let label = format!("{} %", fmt::dec(*v, 0));
                c.draw_series(std::iter::once(Text::new(
                    label,
                    ((x0 + x1) / 2.0, SegmentValue::CenterOf(slot)),
                    style,
                )))?;
            }
            start[i] = x1;
        }
    }
    let mut x = label_area(labels) as i32;
    for (g, (name, _)) in segments.iter().enumerate() {
        let fill = SHADES[g % SHADES.len()];
        top.draw(&Rectangle::new([(x, 10), (x + 14, 22)], fill.filled()))
            .map_err(|e| e.to_string())?;
        top.draw(&Rectangle::new([(x, 10), (x + 14, 22)], BLACK.stroke_width(1)))
            .map_err(|e| e.to_string())?;
        top.draw(&Text::new(name.clone(), (x + 20, 10), font(12)))
            .map_err(|e| e.to_string())?;
        x += 30 + 8 * name.chars().count() as i32;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ends_are_round() {
        assert_eq!(nice_max(873.0), 1000.0);
        assert_eq!(nice_max(44.0), 50.0);
        assert_eq!(nice_max(0.0), 1.0);
    }

    #[test]
    fn charts_escape_labels_and_mark_missing_values() {
        let svg = horizontal_bars(&BarChart {
            labels: vec!["A <b>".into(), "B".into()],
            series: vec![Series {
                name: "x".into(),
                values: vec![Some(3.0), None],
            }],
            axis: "antal".into(),
            decimals: 0,
            reference: Some(("Riket".into(), 2.0)),
            missing_mark: "–".into(),
            max: None,
        });
        assert!(svg.contains("A &lt;b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains(" –"));
        assert!(svg.contains("Riket: 2"));
    }
}
