//! The demo's qualitative data, from the seed texts (`data/seeds/qualitative*`):
//! passages that concern one region or municipality as documents, each with
//! its seed file and section; a starter codebook from the follow-up report's
//! own headings; and a few example codings by the coder `demo`, marked as
//! demo codings in the store.

use serde::Deserialize;
use uppsikt_domain::qual::{Coding, DocKind, char_len, normalize};
use uppsikt_domain::source::cite;
use uppsikt_domain::{InputProblem, InputProblems, tr};
use uppsikt_store::Store;
use uppsikt_store::qual::{DocumentInput, Origin, codebook, codings, documents};

const DOCUMENTS_FILE: &str = "data/seeds/qualitative.toml";
const DOCUMENTS_TOML: &str = include_str!("../../../data/seeds/qualitative.toml");
const CODEBOOK_FILE: &str = "data/seeds/qualitative-codebook.csv";
const CODEBOOK_CSV: &str = include_str!("../../../data/seeds/qualitative-codebook.csv");
const CODINGS_FILE: &str = "data/seeds/qualitative-codings.csv";
const CODINGS_CSV: &str = include_str!("../../../data/seeds/qualitative-codings.csv");

/// The coder of the demo's example codings.
pub const DEMO_CODER: &str = "demo";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    document: Vec<SeedDocument>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedDocument {
    doc_id: String,
    title: String,
    kind: String,
    region: Option<String>,
    municipality: Option<String>,
    agreement: Option<String>,
    seed: String,
    section: String,
    text: String,
}

/// The demo documents, each with its source.
pub fn documents() -> Result<Vec<(u64, DocumentInput)>, InputProblems> {
    let file: File = toml::from_str(DOCUMENTS_TOML)
        .map_err(|e| InputProblems(vec![InputProblem::file(DOCUMENTS_FILE, e.to_string())]))?;
    let bad = |n: usize, e: String| InputProblems(vec![InputProblem::cell(DOCUMENTS_FILE, n as u64 + 1, None, e)]);
    file.document
        .into_iter()
        .enumerate()
        .map(|(n, d)| {
            let kind: DocKind = d
                .kind
                .parse()
                .map_err(|e: uppsikt_domain::qual::UnknownKind| bad(n, e.to_string()))?;
            let municipality: Option<uppsikt_domain::MunicipalityCode> = d
                .municipality
                .map(|m| m.parse())
                .transpose()
                .map_err(|e: uppsikt_domain::CodeError| bad(n, e.to_string()))?;
            let region = match d.region {
                Some(r) => Some(
                    r.parse()
                        .map_err(|e: uppsikt_domain::CodeError| bad(n, e.to_string()))?,
                ),
                None => municipality.map(|m| m.region()),
            };
            Ok((
                n as u64 + 1,
                DocumentInput {
                    doc_id: d.doc_id,
                    title: d.title,
                    kind,
                    region,
                    municipality,
                    agreement: d.agreement,
                    date: None,
                    participants: None,
                    text: normalize(&d.text),
                    source: Some(cite(&d.seed, &d.section)),
                },
            ))
        })
        .collect()
}

#[derive(Deserialize)]
struct QuoteRow {
    doc_id: String,
    code_id: String,
    quote: String,
}

/// The demo codings: each quote found in its document.
pub fn codings(docs: &[(u64, DocumentInput)]) -> Result<Vec<(u64, Coding)>, InputProblems> {
    uppsikt_store::csv_input::read_records(CODINGS_FILE, CODINGS_CSV, |r: QuoteRow, check| {
        let Some((_, doc)) = docs.iter().find(|(_, d)| d.doc_id == r.doc_id) else {
            check.fail("doc_id", tr!(qual.unknown_document, id = r.doc_id));
            return None;
        };
        let Some(byte) = doc.text.find(&r.quote) else {
            check.fail("quote", tr!(qual.quote_not_found, id = r.doc_id));
            return None;
        };
        let start = char_len(&doc.text[..byte]) as u32;
        Some((
            check.row(),
            Coding {
                doc_id: r.doc_id,
                start,
                end: start + char_len(&r.quote) as u32,
                code_id: r.code_id,
                coder: DEMO_CODER.to_string(),
                memo: String::new(),
            },
        ))
    })
}

/// What the demo loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    /// Documents.
    pub documents: usize,
    /// Codes.
    pub codes: usize,
    /// Codings.
    pub codings: usize,
}

/// Loads the demo's documents, codebook and codings (idempotent).
pub async fn load(store: &Store) -> uppsikt_store::Result<Loaded> {
    let docs = documents()?;
    let codes = crate::read::codebook(CODEBOOK_FILE, CODEBOOK_CSV.as_bytes())?;
    let demo_codings = codings(&docs)?;
    documents::import(store, DOCUMENTS_FILE, &docs, Origin::Demo).await?;
    codebook::import(store, CODEBOOK_FILE, &codes).await?;
    codings::import(store, CODINGS_FILE, &demo_codings, true).await?;
    Ok(Loaded {
        documents: docs.len(),
        codes: codes.len(),
        codings: demo_codings.len(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_seed_files_parse_and_every_quote_is_found() {
        let docs = super::documents().unwrap();
        assert!(docs.len() >= 8);
        assert!(docs.iter().all(|(_, d)| {
            d.source
                .as_deref()
                .is_some_and(|s| s.contains("avsnitt") || !s.is_empty())
        }));
        let codings = super::codings(&docs).unwrap();
        assert_eq!(codings.len(), 10);
        let c = &codings.iter().find(|(_, c)| c.code_id == "vardnara-service").unwrap().1;
        let doc = &docs.iter().find(|(_, d)| d.doc_id == c.doc_id).unwrap().1;
        assert_eq!(
            uppsikt_domain::qual::slice(&doc.text, c.start as usize, c.end as usize),
            Some("lett till att 25 timmar vårdtid har kunnat frigöras per avdelning och vecka")
        );
        let codes = crate::read::codebook(super::CODEBOOK_FILE, super::CODEBOOK_CSV.as_bytes()).unwrap();
        for needed in [
            "samverkan",
            "kompetensforsorjning",
            "digitalisering",
            "patientkontrakt",
            "mobila-team",
            "uppgiftsvaxling",
            "vardnara-service",
            "hinder",
            "framgangsfaktorer",
        ] {
            assert!(codes.iter().any(|(_, c)| c.code_id == needed), "{needed}");
        }
    }
}
