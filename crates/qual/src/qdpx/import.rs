//! Reading a REFI-QDA project, Uppsikt's own or another program's.
//!
//! Other software's projects are read by the format's general rules: a text
//! source's text is its `PlainTextContent` or the archive's file named by
//! `plainTextPath="internal://…"`; its doc_id is a slug of its name; a code's
//! code_id is a slug of its name and its name the name; a coder is a slug of
//! the user's name; document metadata come from variables named as
//! Uppsikt's, and a document without a kind is `ovrigt` (internal).

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use roxmltree::Node;
use uppsikt_domain::qual::{
    Code, Coding, DocKind, char_len, check_code_id, check_doc_id, coder_name, is_color, normalize,
};
use uppsikt_domain::{InputProblem, InputProblems, tr};
use uppsikt_files::unzip;
use uppsikt_store::qual::{DocumentInput, Project};

use super::{ORIGIN, PROJECT_FILE};

/// A project that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum QdpxError {
    /// Not a zip, no `project.qde`, or not XML.
    #[error("{0}")]
    Unreadable(InputProblem),
    /// Its content breaks the rules.
    #[error("{0}")]
    Invalid(InputProblems),
}

impl From<QdpxError> for uppsikt_store::Error {
    fn from(e: QdpxError) -> Self {
        match e {
            QdpxError::Unreadable(p) => InputProblems(vec![p]).into(),
            QdpxError::Invalid(p) => p.into(),
        }
    }
}

/// Reads the project in `bytes` (the archive named `file`).
pub fn import(file: &str, bytes: &[u8]) -> Result<Project, QdpxError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        QdpxError::Unreadable(InputProblem::file(
            file,
            tr!(qual.qdpx_unreadable, file = file, error = e),
        ))
    };
    // The project and every source it holds are read below: the whole archive is bounded first.
    unzip::check_unpacked_size(Cursor::new(bytes), unzip::MAX_UNPACKED_BYTES).map_err(|e| unreadable(&e))?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut xml = String::new();
    zip.by_name(PROJECT_FILE)
        .map_err(|e| unreadable(&e))?
        .read_to_string(&mut xml)
        .map_err(|e| unreadable(&e))?;
    let doc = roxmltree::Document::parse(&xml).map_err(|e| unreadable(&e))?;
    let project = doc.root_element();
    let ours = project.attribute("origin").is_some_and(|o| o.starts_with(ORIGIN));
    let mut problems = Vec::new();
    let mut out = Project::default();

    let users: HashMap<&str, String> = elements(project, "User")
        .filter_map(|u| Some((u.attribute("guid")?, coder_name(u.attribute("name").unwrap_or("")))))
        .collect();
    let variables: HashMap<&str, &str> = elements(project, "Variable")
        .filter_map(|v| Some((v.attribute("guid")?, v.attribute("name")?)))
        .collect();

    // Codes, depth first; the GUID → code_id map serves the CodeRefs.
    let mut code_ids: HashMap<&str, String> = HashMap::new();
    let mut taken = HashSet::new();
    for (n, c) in elements(project, "Code").enumerate() {
        let name = c.attribute("name").unwrap_or_default();
        let description = child_text(c, "Description").unwrap_or_default();
        let (code_id, display, description, indicators) = if ours {
            let (display, description, indicators) = super::parse_code_description(&description, name);
            (name.to_string(), display, description, indicators)
        } else {
            (
                unique(slug(name), &mut taken),
                name.to_string(),
                description,
                Vec::new(),
            )
        };
        if let Err(e) = check_code_id(&code_id) {
            problems.push(InputProblem::cell(file, n as u64 + 1, Some("Code"), e.to_string()));
        }
        let parent = c
            .parent_element()
            .filter(|p| p.tag_name().name() == "Code")
            .and_then(|p| p.attribute("guid"))
            .and_then(|g| code_ids.get(g).cloned());
        if let Some(g) = c.attribute("guid") {
            code_ids.insert(g, code_id.clone());
        }
        out.codes.push((
            n as u64 + 1,
            Code {
                code_id,
                parent_id: parent,
                name: display,
                description,
                color: c
                    .attribute("color")
                    .filter(|c| is_color(c))
                    .map(str::to_ascii_lowercase),
                indicators,
            },
        ));
    }

    let mut doc_ids = HashSet::new();
    for (n, s) in elements(project, "TextSource").enumerate() {
        let place = n as u64 + 1;
        let name = s.attribute("name").unwrap_or_default();
        let raw = match child_text(s, "PlainTextContent") {
            Some(t) => t,
            None => {
                let path = s.attribute("plainTextPath").unwrap_or_default();
                match path
                    .strip_prefix("internal://")
                    .and_then(|p| read_entry(&mut zip, &format!("sources/{p}")))
                {
                    Some(t) => t,
                    None => {
                        problems.push(InputProblem::cell(
                            file,
                            place,
                            Some("TextSource"),
                            tr!(qual.qdpx_missing_source, path = path),
                        ));
                        continue;
                    }
                }
            }
        };
        let text = normalize(&raw);
        let doc_id = if ours && check_doc_id(name).is_ok() {
            name.to_string()
        } else {
            unique(slug(name), &mut doc_ids)
        };
        doc_ids.insert(doc_id.clone());
        let title = if ours {
            child_text(s, "Description").unwrap_or_else(|| name.to_string())
        } else {
            name.to_string()
        };
        let mut values: HashMap<&str, String> = HashMap::new();
        for vv in s.children().filter(|c| c.tag_name().name() == "VariableValue") {
            let var = vv
                .children()
                .find(|c| c.tag_name().name() == "VariableRef")
                .and_then(|r| r.attribute("targetGUID"))
                .and_then(|g| variables.get(g));
            if let (Some(var), Some(value)) = (var, child_text(vv, "TextValue")) {
                values.insert(var, value.trim().to_string());
            }
        }
        let mut fail = |column: &str, p: String| problems.push(InputProblem::cell(file, place, Some(column), p));
        let kind = match values.get("kind") {
            Some(k) => k
                .parse()
                .map_err(|e: uppsikt_domain::qual::UnknownKind| fail("kind", e.to_string()))
                .unwrap_or(DocKind::Other),
            None => DocKind::Other,
        };
        let municipality = values.get("municipality").and_then(|m| {
            m.parse()
                .map_err(|e: uppsikt_domain::CodeError| fail("municipality", e.to_string()))
                .ok()
        });
        let region = values
            .get("region")
            .and_then(|r| {
                r.parse()
                    .map_err(|e: uppsikt_domain::CodeError| fail("region", e.to_string()))
                    .ok()
            })
            .or(municipality.map(|m: uppsikt_domain::MunicipalityCode| m.region()));
        let date = values.get("date").cloned().filter(|d| !d.is_empty());
        if let Some(d) = &date
            && !crate::read::is_date(d)
        {
            fail("date", tr!(qual.bad_date, date = d));
        }
        let length = char_len(&text) as u32;
        // Codings: selections with their codings, and codings of the whole source.
        let mut add =
            |start: u32, end: u32, coding: Node, user: Option<&str>, memo: String, problems: &mut Vec<InputProblem>| {
                let Some(code_id) = coding
                    .children()
                    .find(|c| c.tag_name().name() == "CodeRef")
                    .and_then(|r| r.attribute("targetGUID"))
                    .and_then(|g| code_ids.get(g))
                else {
                    let g = coding.attribute("guid").unwrap_or_default();
                    problems.push(InputProblem::cell(
                        file,
                        place,
                        Some("CodeRef"),
                        tr!(qual.qdpx_unknown_ref, guid = g),
                    ));
                    return;
                };
                if start >= end || end > length {
                    let p = tr!(qual.qdpx_bad_selection, start = start, end = end, doc = doc_id);
                    problems.push(InputProblem::cell(file, place, Some("PlainTextSelection"), p));
                    return;
                }
                let coder = coding
                    .attribute("creatingUser")
                    .or(user)
                    .and_then(|g| users.get(g).cloned())
                    .unwrap_or_else(|| "okand".to_string());
                out.codings.push((
                    place,
                    Coding {
                        doc_id: doc_id.clone(),
                        start,
                        end,
                        code_id: code_id.clone(),
                        coder,
                        memo,
                    },
                ));
            };
        for sel in s.children().filter(|c| c.tag_name().name() == "PlainTextSelection") {
            let pos = |a: &str| sel.attribute(a).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
            let memo = child_text(sel, "Description").unwrap_or_default();
            for coding in sel.children().filter(|c| c.tag_name().name() == "Coding") {
                add(
                    pos("startPosition"),
                    pos("endPosition"),
                    coding,
                    sel.attribute("creatingUser"),
                    memo.clone(),
                    &mut problems,
                );
            }
        }
        for coding in s.children().filter(|c| c.tag_name().name() == "Coding") {
            add(
                0,
                length,
                coding,
                s.attribute("creatingUser"),
                String::new(),
                &mut problems,
            );
        }
        out.documents.push((
            place,
            DocumentInput {
                doc_id: doc_id.clone(),
                title,
                kind,
                region,
                municipality,
                agreement: values.get("agreement").cloned().filter(|a| !a.is_empty()),
                date,
                participants: values.get("participants").cloned().filter(|p| !p.is_empty()),
                text,
                source: None,
            },
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(QdpxError::Invalid(InputProblems(problems)))
    }
}

fn elements<'a, 'i>(root: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    root.descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child_text(n: Node, name: &str) -> Option<String> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .map(|c| c.text().unwrap_or_default().to_string())
}

fn read_entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut s = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
    Some(s)
}

/// An id from a name: lower case, å/ä → a, ö → o, é → e, anything else
/// not a letter or digit a hyphen; never empty.
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' | 'ø' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-');
    let s: String = s.chars().take(56).collect();
    if s.is_empty() { "x".to_string() } else { s }
}

fn unique(base: String, taken: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zip_bomb_is_refused_whole() {
        // 110 kB that unpack to 110 MB: refused before anything in it is read.
        let bomb = include_bytes!("../../tests/fixtures/zip-bomb.docx");
        let Err(QdpxError::Unreadable(problem)) = import("projekt.qdpx", bomb) else {
            panic!("a bomb imported");
        };
        assert!(
            problem
                .to_string()
                .ends_with("den packas upp till mer än 100 MB, och så stora filer tas inte emot"),
            "{problem}"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Intervju Växjö 1.docx"), "intervju-vaxjo-1-docx");
        assert_eq!(slug("!!"), "x");
        assert_eq!(coder_name("Anna K"), "anna.k");
    }

    #[test]
    fn reads_a_foreign_project_with_inline_text() {
        let qde = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="P" origin="QualCoder">
 <Users><User guid="11111111-1111-1111-1111-111111111111" name="Anna K"/></Users>
 <CodeBook><Codes><Code guid="22222222-2222-2222-2222-222222222222" name="Samverkan" isCodable="true">
  <Code guid="33333333-3333-3333-3333-333333333333" name="Med kommunen" isCodable="true" color="#AABBCC"/></Code></Codes></CodeBook>
 <Sources><TextSource guid="44444444-4444-4444-4444-444444444444" name="Intervju 1">
  <PlainTextContent>Vi samverkar med kommunen.</PlainTextContent>
  <PlainTextSelection guid="55555555-5555-5555-5555-555555555555" startPosition="3" endPosition="13" creatingUser="11111111-1111-1111-1111-111111111111">
   <Coding guid="66666666-6666-6666-6666-666666666666"><CodeRef targetGUID="33333333-3333-3333-3333-333333333333"/></Coding>
  </PlainTextSelection></TextSource></Sources></Project>"##;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(PROJECT_FILE, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, qde.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let p = import("p.qdpx", &bytes).unwrap();
        assert_eq!(p.documents[0].1.doc_id, "intervju-1");
        assert_eq!(p.documents[0].1.kind, DocKind::Other);
        assert_eq!(p.codes[1].1.code_id, "med-kommunen");
        assert_eq!(p.codes[1].1.parent_id.as_deref(), Some("samverkan"));
        assert_eq!(p.codes[1].1.color.as_deref(), Some("#aabbcc"));
        let c = &p.codings[0].1;
        assert_eq!(
            (c.start, c.end, c.code_id.as_str(), c.coder.as_str()),
            (3, 13, "med-kommunen", "anna.k")
        );
    }
}
