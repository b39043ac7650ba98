//! A trend chart: one indicator over the years, the country as a thick line
//! and each region as a thin grey one. A line stops at a year without a
//! value (suppressed or missing) and starts again after it: a series never
//! bridges a value that is not shown.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{font, nice_max};
use uppsikt_domain::format as fmt;

/// The regions' lines: light enough that the country's line stands out.
const REGION_GREY: RGBColor = RGBColor(0xb0, 0xb0, 0xb0);

/// One indicator's values per year.
#[derive(Debug, Clone)]
pub struct TrendChart {
    /// The years along the horizontal axis, oldest first.
    pub years: Vec<String>,
    /// The name of the highlighted series, e.g. `Riket`.
    pub highlight: String,
    /// The highlighted series' value per year; `None` where it is not shown.
    pub national: Vec<Option<f64>>,
    /// The legend text of the thin lines, e.g. `Regionerna`.
    pub others: String,
    /// Each region's value per year.
    pub regions: Vec<Vec<Option<f64>>>,
    /// Text beside the value axis (the unit).
    pub axis: String,
    /// Decimals in value labels.
    pub decimals: usize,
    /// Text drawn where the highlighted series has no value, e.g. `–`.
    pub missing_mark: String,
}

/// Draws the chart; the result is deterministic for the same input.
pub fn trend_lines(chart: &TrendChart) -> String {
    let mut svg = String::new();
    draw(chart, &mut svg, (720, 380)).expect("drawing into a String cannot fail");
    svg
}

/// The runs of consecutive values: each is drawn as one line.
pub fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((i, *v)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

fn draw(chart: &TrendChart, svg: &mut String, size: (u32, u32)) -> Result<(), Box<dyn std::error::Error>> {
    let n = chart.years.len();
    let data_max = chart
        .regions
        .iter()
        .chain(std::iter::once(&chart.national))
        .flat_map(|s| s.iter().flatten())
        .copied()
        .fold(0.0f64, f64::max);
    let max = nice_max(data_max);
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, body) = root.split_vertically(28);
    let mut c = ChartBuilder::on(&body)
        .margin_right(30)
        .margin_left(10)
        .margin_top(10)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d((0..(n as i32 - 1).max(0)).into_segmented(), 0.0..max)?;
    let years = &chart.years;
    c.configure_mesh()
        .disable_x_mesh()
        .light_line_style(RGBColor(0xe6, 0xe6, 0xe6))
        .bold_line_style(RGBColor(0xcc, 0xcc, 0xcc))
        .x_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => years.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|y| fmt::dec(*y, if max <= 5.0 { 1 } else { 0 }))
        .y_desc(chart.axis.as_str())
        .label_style(font(12))
        .axis_desc_style(font(12))
        .draw()?;
    let at = |i: usize| SegmentValue::CenterOf(i as i32);
    for region in &chart.regions {
        for run in runs(region) {
            if run.len() > 1 {
                c.draw_series(LineSeries::new(
                    run.iter().map(|(i, v)| (at(*i), *v)),
                    REGION_GREY.stroke_width(1),
                ))?;
            }
            c.draw_series(
                run.iter()
                    .map(|(i, v)| Circle::new((at(*i), *v), 2, REGION_GREY.filled())),
            )?;
        }
    }
    for run in runs(&chart.national) {
        if run.len() > 1 {
            c.draw_series(LineSeries::new(
                run.iter().map(|(i, v)| (at(*i), *v)),
                BLACK.stroke_width(3),
            ))?;
        }
        c.draw_series(run.iter().map(|(i, v)| Circle::new((at(*i), *v), 4, BLACK.filled())))?;
    }
    let labels = chart.national.iter().enumerate().map(|(i, v)| {
        let style = font(12).pos(Pos::new(HPos::Center, VPos::Bottom));
        match v {
            Some(v) => Text::new(fmt::dec(*v, chart.decimals), (at(i), *v + max * 0.02), style),
            None => Text::new(chart.missing_mark.clone(), (at(i), max * 0.02), style),
        }
    });
    c.draw_series(labels)?;

    let (x, y) = (80i32, 10i32);
    top.draw(&PathElement::new([(x, y + 6), (x + 22, y + 6)], BLACK.stroke_width(3)))
        .map_err(|e| e.to_string())?;
    top.draw(&Text::new(chart.highlight.clone(), (x + 28, y), font(12)))
        .map_err(|e| e.to_string())?;
    let x = x + 50 + 8 * chart.highlight.chars().count() as i32;
    top.draw(&PathElement::new(
        [(x, y + 6), (x + 22, y + 6)],
        REGION_GREY.stroke_width(1),
    ))
    .map_err(|e| e.to_string())?;
    top.draw(&Text::new(chart.others.clone(), (x + 28, y), font(12)))
        .map_err(|e| e.to_string())?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_stops_at_a_value_not_shown() {
        let runs = runs(&[Some(1.0), Some(2.0), None, Some(4.0), None]);
        assert_eq!(runs, vec![vec![(0, 1.0), (1, 2.0)], vec![(3, 4.0)]]);
    }

    #[test]
    fn the_chart_labels_the_years_and_marks_a_suppressed_year() {
        let svg = trend_lines(&TrendChart {
            years: vec!["2017".into(), "2018".into(), "2019".into()],
            highlight: "Riket".into(),
            national: vec![Some(61.5), None, Some(63.26)],
            others: "Regionerna".into(),
            regions: vec![vec![Some(50.0), Some(55.0), Some(58.0)]],
            axis: "procent <%>".into(),
            decimals: 1,
            missing_mark: "–".into(),
        });
        for text in [
            "2017",
            "2018",
            "2019",
            "61,5",
            "63,3",
            "\n–\n",
            "Riket",
            "Regionerna",
            "procent &lt;%&gt;",
        ] {
            assert!(svg.contains(text), "{text} missing from {svg}");
        }
        // Bridged, the country's three years would be one thick polyline; split
        // by the suppressed year they are two single points, and the only thick
        // line is the legend's.
        assert_eq!(svg.matches("stroke-width=\"3\"").count(), 1, "{svg}");
    }
}
