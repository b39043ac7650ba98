//! Writing a REFI-QDA project.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::BytesText;
use uppsikt_domain::qual::{Code, Coding};
use uppsikt_store::Store;
use uppsikt_store::qual::{Document, codebook, codings, documents};
use uuid::Uuid;

use super::{NAMESPACE, ORIGIN, PROJECT_FILE, VARIABLES};

/// The namespace of Uppsikt's UUIDv5 GUIDs.
const GUID_NAMESPACE: Uuid = Uuid::from_u128(0x5f0e_8d2a_41c3_4b6e_9a71_2d4c_8e1f_0b37);

/// The stable GUID of `what` (e.g. `document:int-vgr-1`).
pub fn guid(what: &str) -> String {
    Uuid::new_v5(&GUID_NAMESPACE, what.as_bytes()).to_string()
}

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exported {
    /// Documents.
    pub documents: usize,
    /// Codes.
    pub codes: usize,
    /// Codings.
    pub codings: usize,
}

/// Every document, code and coding of `store` as a `.qdpx` archive.
pub async fn export(store: &Store) -> uppsikt_store::Result<(Vec<u8>, Exported)> {
    let docs = documents::all(store).await?;
    let codes = codebook::all(store).await?;
    let all_codings = codings::all(store).await?;
    let qde = project_xml(&docs, &codes, &all_codings).map_err(io)?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed timestamp: the same data give the same bytes.
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file(PROJECT_FILE, opts).map_err(zip_io)?;
    zip.write_all(&qde).map_err(io)?;
    for d in &docs {
        zip.start_file(
            format!("sources/{}.txt", guid(&format!("document:{}", d.input.doc_id))),
            opts,
        )
        .map_err(zip_io)?;
        zip.write_all(d.input.text.as_bytes()).map_err(io)?;
    }
    let bytes = zip.finish().map_err(zip_io)?.into_inner();
    Ok((
        bytes,
        Exported {
            documents: docs.len(),
            codes: codes.len(),
            codings: all_codings.len(),
        },
    ))
}

fn io(e: std::io::Error) -> uppsikt_store::Error {
    uppsikt_store::Error::Backend(uppsikt_store::BackendError::Io {
        path: PROJECT_FILE.into(),
        source: e,
    })
}

fn zip_io(e: zip::result::ZipError) -> uppsikt_store::Error {
    io(std::io::Error::other(e))
}

fn variables(d: &Document) -> [(&'static str, Option<String>); 6] {
    let i = &d.input;
    let values = [
        i.region.map(|r| r.as_str().to_string()),
        i.municipality.map(|m| m.as_str().to_string()),
        Some(i.kind.code().to_string()),
        i.agreement.clone(),
        i.date.clone(),
        i.participants.clone(),
    ];
    let mut out: [(&'static str, Option<String>); 6] = Default::default();
    for (k, (name, value)) in VARIABLES.into_iter().zip(values).enumerate() {
        out[k] = (name, value);
    }
    out
}

/// `project.qde` of the given data.
pub fn project_xml(docs: &[Document], codes: &[Code], all_codings: &[Coding]) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.get_mut().write_all(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")?;
    let coders: BTreeSet<&str> = all_codings.iter().map(|c| c.coder.as_str()).collect();
    let mut by_doc: BTreeMap<&str, Vec<&Coding>> = BTreeMap::new();
    for c in all_codings {
        by_doc.entry(&c.doc_id).or_default().push(c);
    }
    let mut cases: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in docs {
        if let Some(r) = &d.input.region {
            cases.entry(r.as_str()).or_default().push(&d.input.doc_id);
        }
    }
    let origin = format!("{ORIGIN} {}", env!("CARGO_PKG_VERSION"));
    w.create_element("Project")
        .with_attributes([("xmlns", NAMESPACE), ("name", "Uppsikt"), ("origin", origin.as_str())])
        .write_inner_content(|w| {
            if !coders.is_empty() {
                w.create_element("Users").write_inner_content(|w| {
                    for c in &coders {
                        let g = guid(&format!("user:{c}"));
                        w.create_element("User")
                            .with_attributes([("guid", g.as_str()), ("name", c)])
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            if !codes.is_empty() {
                w.create_element("CodeBook").write_inner_content(|w| {
                    w.create_element("Codes")
                        .write_inner_content(|w| write_codes(w, codes, None))?;
                    Ok(())
                })?;
            }
            w.create_element("Variables").write_inner_content(|w| {
                for v in VARIABLES {
                    let g = guid(&format!("variable:{v}"));
                    w.create_element("Variable")
                        .with_attributes([("guid", g.as_str()), ("name", v), ("typeOfVariable", "Text")])
                        .write_empty()?;
                }
                Ok(())
            })?;
            if !cases.is_empty() {
                w.create_element("Cases").write_inner_content(|w| {
                    for (region, ids) in &cases {
                        let g = guid(&format!("case:{region}"));
                        w.create_element("Case")
                            .with_attributes([("guid", g.as_str()), ("name", region)])
                            .write_inner_content(|w| {
                                for id in ids {
                                    let t = guid(&format!("document:{id}"));
                                    w.create_element("SourceRef")
                                        .with_attribute(("targetGUID", t.as_str()))
                                        .write_empty()?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
            }
            if !docs.is_empty() {
                w.create_element("Sources").write_inner_content(|w| {
                    for d in docs {
                        write_source(
                            w,
                            d,
                            by_doc
                                .get(d.input.doc_id.as_str())
                                .map(Vec::as_slice)
                                .unwrap_or_default(),
                        )?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

fn write_codes(w: &mut Writer<Vec<u8>>, codes: &[Code], parent: Option<&str>) -> std::io::Result<()> {
    for c in codes.iter().filter(|c| c.parent_id.as_deref() == parent) {
        let g = guid(&format!("code:{}", c.code_id));
        let mut attrs = vec![
            ("guid", g.as_str()),
            ("name", c.code_id.as_str()),
            ("isCodable", "true"),
        ];
        if let Some(color) = &c.color {
            attrs.push(("color", color));
        }
        let description = super::code_description(c);
        w.create_element("Code")
            .with_attributes(attrs)
            .write_inner_content(|w| {
                w.create_element("Description")
                    .write_text_content(BytesText::new(&description))?;
                write_codes(w, codes, Some(&c.code_id))
            })?;
    }
    Ok(())
}

fn write_source(w: &mut Writer<Vec<u8>>, d: &Document, doc_codings: &[&Coding]) -> std::io::Result<()> {
    let id = &d.input.doc_id;
    let g = guid(&format!("document:{id}"));
    let path = format!("internal://{g}.txt");
    w.create_element("TextSource")
        .with_attributes([
            ("guid", g.as_str()),
            ("name", id.as_str()),
            ("plainTextPath", path.as_str()),
        ])
        .write_inner_content(|w| {
            w.create_element("Description")
                .write_text_content(BytesText::new(&d.input.title))?;
            for c in doc_codings {
                let key = format!("{}:{}:{}:{}:{}", c.doc_id, c.start, c.end, c.code_id, c.coder);
                let sel = guid(&format!("selection:{key}"));
                let user = guid(&format!("user:{}", c.coder));
                let (start, end) = (c.start.to_string(), c.end.to_string());
                w.create_element("PlainTextSelection")
                    .with_attributes([
                        ("guid", sel.as_str()),
                        ("startPosition", start.as_str()),
                        ("endPosition", end.as_str()),
                        ("creatingUser", user.as_str()),
                    ])
                    .write_inner_content(|w| {
                        if !c.memo.is_empty() {
                            w.create_element("Description")
                                .write_text_content(BytesText::new(&c.memo))?;
                        }
                        let coding = guid(&format!("coding:{key}"));
                        let code = guid(&format!("code:{}", c.code_id));
                        w.create_element("Coding")
                            .with_attributes([("guid", coding.as_str()), ("creatingUser", user.as_str())])
                            .write_inner_content(|w| {
                                w.create_element("CodeRef")
                                    .with_attribute(("targetGUID", code.as_str()))
                                    .write_empty()?;
                                Ok(())
                            })?;
                        Ok(())
                    })?;
            }
            for (name, value) in variables(d) {
                let Some(value) = value else { continue };
                let v = guid(&format!("variable:{name}"));
                w.create_element("VariableValue").write_inner_content(|w| {
                    w.create_element("VariableRef")
                        .with_attribute(("targetGUID", v.as_str()))
                        .write_empty()?;
                    w.create_element("TextValue")
                        .write_text_content(BytesText::new(&value))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}
