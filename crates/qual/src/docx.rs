//! The text of a Word document (`.docx`): its paragraphs' text joined by `\n`.

use std::io::Cursor;

use uppsikt_files::unzip;

const WORD_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Why a `.docx` could not be read, in the library's words (shown after a Swedish sentence).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DocxError(String);

/// The paragraphs of the main document part, each its runs' text (tabs as
/// `\t`, line breaks as `\n`), joined by `\n`.
pub fn text(bytes: &[u8]) -> Result<String, DocxError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError(e.to_string()))?;
    let xml = unzip::read_entry(&mut zip, "word/document.xml", unzip::MAX_UNPACKED_BYTES)
        .map_err(|e| DocxError(e.to_string()))?;
    let xml = String::from_utf8(xml).map_err(|e| DocxError(e.to_string()))?;
    let doc = roxmltree::Document::parse(&xml).map_err(|e| DocxError(e.to_string()))?;
    let is = |n: &roxmltree::Node, name: &str| {
        n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(WORD_NS)
    };
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or_else(|| DocxError("word/document.xml: w:body".into()))?;
    let mut paragraphs = Vec::new();
    for p in body.descendants().filter(|n| is(n, "p")) {
        let mut s = String::new();
        for n in p.descendants() {
            // Only the paragraph's own runs: a nested paragraph (a text box) is its own.
            if n.ancestors().skip(1).find(|a| is(a, "p")) != Some(p) {
                continue;
            }
            if is(&n, "t") {
                s.push_str(n.text().unwrap_or_default());
            } else if is(&n, "tab") {
                s.push('\t');
            } else if is(&n, "br") || is(&n, "cr") {
                s.push('\n');
            }
        }
        paragraphs.push(s);
    }
    Ok(paragraphs.join("\n"))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    /// A minimal but complete `.docx` with these paragraphs (each a list of runs).
    pub(crate) fn docx(paragraphs: &[&[&str]]) -> Vec<u8> {
        let mut body = String::new();
        for runs in paragraphs {
            body.push_str("<w:p>");
            for r in *runs {
                let r = r.replace('&', "&amp;").replace('<', "&lt;");
                body.push_str(&format!("<w:r><w:t xml:space=\"preserve\">{r}</w:t></w:r>"));
            }
            body.push_str("</w:p>");
        }
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        );
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
            ("word/document.xml", document),
        ];
        for (name, content) in parts {
            zip.start_file(name, opts).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_joined_by_newline() {
        let bytes = docx(&[&["Mobila ", "team i VGR"], &[], &["Vård & omsorg <nära>"]]);
        assert_eq!(
            super::text(&bytes).unwrap(),
            "Mobila team i VGR\n\nVård & omsorg <nära>"
        );
    }

    #[test]
    fn not_a_docx() {
        assert!(super::text(b"hej").is_err());
    }

    #[test]
    fn a_zip_bomb_is_refused_by_what_it_unpacks_to() {
        // 110 kB whose document.xml unpacks to 110 MB.
        let bomb = include_bytes!("../tests/fixtures/zip-bomb.docx");
        let e = super::text(bomb).unwrap_err();
        assert_eq!(
            e.to_string(),
            "den packas upp till mer än 100 MB, och så stora filer tas inte emot"
        );
    }
}
