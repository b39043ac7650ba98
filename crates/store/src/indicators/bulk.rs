//! Bulk downloads of every published cell, for open data: one row per cell
//! with its indicator, region, release and source, as CSV, xlsx and Parquet,
//! and the data dictionary that describes the columns. Suppressed cells keep
//! their keys and carry no numbers in every format.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use rust_xlsxwriter::{Format as XlsxFormat, Workbook, XlsxError};
use serde::Serialize;
use sqlx::Row;
use uppsikt_domain::format::csv_safe;
use uppsikt_domain::i18n::sv;
use uppsikt_domain::registry::area_name;

use crate::{Result, Store, registry};

/// One published cell as the bulk files hold it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BulkRow {
    /// Indicator id.
    pub indicator: String,
    /// Its Swedish name.
    pub indicator_name: String,
    /// Its unit.
    pub unit: String,
    /// County code, `00` for the country.
    pub region: String,
    /// The region's name.
    pub region_name: String,
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    /// `K`, `M` or `alla`.
    pub sex: String,
    /// Numerator; none when suppressed or not given.
    pub numerator: Option<i64>,
    /// Denominator; none when suppressed or not given.
    pub denominator: Option<i64>,
    /// The value, one decimal; none when suppressed.
    pub value: Option<f64>,
    /// Withheld by disclosure control.
    pub suppressed: bool,
    /// Synthetic (demo) values.
    pub synthetic: bool,
    /// The release that published the value (none before releases existed).
    pub release: Option<i64>,
    /// When it was published (ISO-8601 UTC).
    pub published_at: String,
    /// The source.
    pub source: String,
    /// A later release changed the value.
    pub revised: bool,
}

/// The columns, in order, with their type in the files.
pub const COLUMNS: [(&str, &str); 16] = [
    ("indicator", "text"),
    ("indicator_name", "text"),
    ("unit", "text"),
    ("region", "text"),
    ("region_name", "text"),
    ("period", "text"),
    ("sex", "text"),
    ("numerator", "integer"),
    ("denominator", "integer"),
    ("value", "decimal"),
    ("suppressed", "boolean"),
    ("synthetic", "boolean"),
    ("release", "integer"),
    ("published_at", "text"),
    ("source", "text"),
    ("revised", "boolean"),
];

/// The data dictionary: (column, type, Swedish description), in column order.
pub fn dictionary() -> Vec<(&'static str, &'static str, String)> {
    let d = &sv().open_data_columns;
    let text = |c: &str| -> String {
        match c {
            "indicator" => &d.indicator,
            "indicator_name" => &d.indicator_name,
            "unit" => &d.unit,
            "region" => &d.region,
            "region_name" => &d.region_name,
            "period" => &d.period,
            "sex" => &d.sex,
            "numerator" => &d.numerator,
            "denominator" => &d.denominator,
            "value" => &d.value,
            "suppressed" => &d.suppressed,
            "synthetic" => &d.synthetic,
            "release" => &d.release,
            "published_at" => &d.published_at,
            "source" => &d.source,
            _ => &d.revised,
        }
        .clone()
    };
    COLUMNS.iter().map(|(c, t)| (*c, *t, text(c))).collect()
}

/// Every published cell, in the contract's byte order.
pub async fn rows(store: &Store) -> Result<Vec<BulkRow>> {
    let regions = registry::regions(store).await?;
    let revised = super::releases::revised_now(store).await?;
    let found = sqlx::query(
        "SELECT c.indicator, d.name_sv, d.unit_sv, c.region, c.period, c.sex, c.numerator, c.denominator,
                c.value, c.suppressed, c.synthetic, c.release_id, COALESCE(c.published_at, '') AS published_at,
                c.source
         FROM indicator_cells c JOIN indicator_definitions d ON d.id = c.indicator",
    )
    .fetch_all(store.pool())
    .await?;
    let mut out = found
        .iter()
        .map(|r| {
            // Suppressed cells lose their numbers here too, whatever the table holds.
            let cell = super::cell_of(r)?.masked();
            Ok(BulkRow {
                indicator_name: r.try_get("name_sv")?,
                unit: r.try_get("unit_sv")?,
                region_name: area_name(&regions, &cell.region),
                synthetic: r.try_get::<i64, _>("synthetic")? != 0,
                release: r.try_get("release_id")?,
                published_at: r.try_get("published_at")?,
                source: r.try_get("source")?,
                revised: revised.contains(&cell),
                numerator: cell.numerator,
                denominator: cell.denominator,
                value: cell.value,
                suppressed: cell.suppressed,
                indicator: cell.indicator,
                region: cell.region,
                period: cell.period,
                sex: cell.sex,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| (&a.indicator, &a.region, &a.period, &a.sex).cmp(&(&b.indicator, &b.region, &b.period, &b.sex)));
    Ok(out)
}

/// The rows as CSV (UTF-8, `,`, `.` decimals, a header row); text that a
/// spreadsheet would take for a formula is neutralised.
pub fn csv(rows: &[BulkRow]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS.iter().map(|(c, _)| *c));
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    for r in rows {
        let _ = w.write_record([
            csv_safe(&r.indicator).into_owned(),
            csv_safe(&r.indicator_name).into_owned(),
            csv_safe(&r.unit).into_owned(),
            r.region.clone(),
            csv_safe(&r.region_name).into_owned(),
            r.period.clone(),
            r.sex.clone(),
            num(r.numerator),
            num(r.denominator),
            r.value.map(|v| format!("{v:.1}")).unwrap_or_default(),
            r.suppressed.to_string(),
            r.synthetic.to_string(),
            num(r.release),
            r.published_at.clone(),
            csv_safe(&r.source).into_owned(),
            r.revised.to_string(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// The data dictionary as CSV: `column,type,description`.
pub fn dictionary_csv() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["column", "type", "description"]);
    for (c, t, d) in dictionary() {
        let _ = w.write_record([c, t, d.as_str()]);
    }
    w.into_inner().unwrap_or_default()
}

/// The rows as an xlsx workbook: a sheet of data and a sheet with the data dictionary.
pub fn xlsx(rows: &[BulkRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = XlsxFormat::new().set_bold();
    let data = book.add_worksheet().set_name("Data")?;
    for (i, (c, _)) in COLUMNS.iter().enumerate() {
        data.write_with_format(0, i as u16, *c, &bold)?;
    }
    for (n, r) in rows.iter().enumerate() {
        let row = n as u32 + 1;
        for (i, text) in [
            &r.indicator,
            &r.indicator_name,
            &r.unit,
            &r.region,
            &r.region_name,
            &r.period,
            &r.sex,
        ]
        .iter()
        .enumerate()
        {
            data.write(row, i as u16, text.as_str())?;
        }
        for (i, v) in [(7, r.numerator), (8, r.denominator)] {
            if let Some(v) = v {
                data.write(row, i, v as f64)?;
            }
        }
        if let Some(v) = r.value {
            data.write(row, 9, v)?;
        }
        data.write(row, 10, r.suppressed)?;
        data.write(row, 11, r.synthetic)?;
        if let Some(id) = r.release {
            data.write(row, 12, id as f64)?;
        }
        data.write(row, 13, r.published_at.as_str())?;
        data.write(row, 14, r.source.as_str())?;
        data.write(row, 15, r.revised)?;
    }
    data.set_freeze_panes(1, 0)?;
    data.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)?;
    let dict = book.add_worksheet().set_name(&sv().open_data.dictionary_sheet)?;
    for (i, h) in ["column", "type", "description"].iter().enumerate() {
        dict.write_with_format(0, i as u16, *h, &bold)?;
    }
    for (n, (c, t, d)) in dictionary().iter().enumerate() {
        let row = n as u32 + 1;
        dict.write(row, 0, *c)?;
        dict.write(row, 1, *t)?;
        dict.write(row, 2, d.as_str())?;
    }
    dict.set_column_width(2, 90)?;
    book.save_to_buffer()
}

/// The rows as one Parquet file (columns as in [`COLUMNS`], nullable numbers).
pub fn parquet(rows: &[BulkRow]) -> std::result::Result<Vec<u8>, parquet::errors::ParquetError> {
    let text = |f: fn(&BulkRow) -> &str| -> ArrayRef { Arc::new(StringArray::from_iter_values(rows.iter().map(f))) };
    let int = |f: fn(&BulkRow) -> Option<i64>| -> ArrayRef { Arc::new(rows.iter().map(f).collect::<Int64Array>()) };
    let flag =
        |f: fn(&BulkRow) -> bool| -> ArrayRef { Arc::new(rows.iter().map(|r| Some(f(r))).collect::<BooleanArray>()) };
    let columns: Vec<ArrayRef> = vec![
        text(|r| &r.indicator),
        text(|r| &r.indicator_name),
        text(|r| &r.unit),
        text(|r| &r.region),
        text(|r| &r.region_name),
        text(|r| &r.period),
        text(|r| &r.sex),
        int(|r| r.numerator),
        int(|r| r.denominator),
        Arc::new(rows.iter().map(|r| r.value).collect::<Float64Array>()),
        flag(|r| r.suppressed),
        flag(|r| r.synthetic),
        int(|r| r.release),
        text(|r| &r.published_at),
        text(|r| &r.source),
        flag(|r| r.revised),
    ];
    let fields: Vec<Field> = COLUMNS
        .iter()
        .map(|(c, t)| {
            let (kind, nullable) = match *t {
                "integer" => (DataType::Int64, true),
                "decimal" => (DataType::Float64, true),
                "boolean" => (DataType::Boolean, false),
                _ => (DataType::Utf8, false),
            };
            Field::new(*c, kind, nullable)
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns)?;
    let mut out = Vec::new();
    let mut writer = parquet::arrow::ArrowWriter::try_new(&mut out, schema, None)?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(out)
}
