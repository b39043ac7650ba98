//! Every coded segment as an Excel workbook: document, code, coder, span,
//! memo, the coded text and the document's source, for reading and sorting
//! in a spreadsheet.

use std::collections::HashMap;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use uppsikt_domain::qual::slice;
use uppsikt_store::Store;
use uppsikt_store::qual::{codebook, codings, documents};

/// The workbook's bytes and the number of segments in it.
pub async fn segments(store: &Store) -> uppsikt_store::Result<(Vec<u8>, usize)> {
    let docs: HashMap<String, _> = documents::all(store)
        .await?
        .into_iter()
        .map(|d| (d.input.doc_id.clone(), d))
        .collect();
    let names: HashMap<String, String> = codebook::all(store)
        .await?
        .into_iter()
        .map(|c| (c.code_id, c.name))
        .collect();
    let all = codings::all(store).await?;
    let bytes = workbook(&all, &docs, &names).map_err(|e| {
        uppsikt_store::Error::Backend(uppsikt_store::BackendError::Io {
            path: "xlsx".into(),
            source: std::io::Error::other(e),
        })
    })?;
    Ok((bytes, all.len()))
}

fn workbook(
    all: &[uppsikt_domain::qual::Coding],
    docs: &HashMap<String, uppsikt_store::qual::Document>,
    names: &HashMap<String, String>,
) -> Result<Vec<u8>, XlsxError> {
    let t = &uppsikt_domain::i18n::sv().qual_xlsx;
    let bold = Format::new().set_bold();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(&t.sheet)?;
    let head = [
        &t.doc_id, &t.title, &t.kind, &t.region, &t.start, &t.end, &t.code_id, &t.code, &t.coder, &t.memo, &t.text,
        &t.source,
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h.as_str(), &bold)?;
    }
    for (i, c) in all.iter().enumerate() {
        let row = i as u32 + 1;
        let doc = docs.get(&c.doc_id);
        let text = doc
            .and_then(|d| slice(&d.input.text, c.start as usize, c.end as usize))
            .unwrap_or_default();
        ws.write_string(row, 0, &c.doc_id)?;
        ws.write_string(row, 1, doc.map_or("", |d| d.input.title.as_str()))?;
        ws.write_string(row, 2, doc.map_or("", |d| d.input.kind.label_sv()))?;
        let region = doc.and_then(|d| d.input.region);
        ws.write_string(row, 3, region.as_ref().map_or("", |r| r.as_str()))?;
        ws.write_number(row, 4, f64::from(c.start))?;
        ws.write_number(row, 5, f64::from(c.end))?;
        ws.write_string(row, 6, &c.code_id)?;
        ws.write_string(row, 7, names.get(&c.code_id).map_or("", String::as_str))?;
        ws.write_string(row, 8, &c.coder)?;
        ws.write_string(row, 9, &c.memo)?;
        ws.write_string(row, 10, text)?;
        ws.write_string(row, 11, doc.and_then(|d| d.input.source.as_deref()).unwrap_or(""))?;
    }
    ws.autofilter(0, 0, all.len() as u32, head.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 0)?;
    let about = wb.add_worksheet();
    about.set_name(&t.about_sheet)?;
    about.write_string(0, 0, &t.about)?;
    wb.save_to_buffer()
}
