//! Open data: `/oppna-data` describes the published indicators and offers
//! every published cell as CSV, xlsx and Parquet with a data dictionary, and
//! a DCAT-AP-SE catalogue record (JSON-LD) for the Swedish open data portal
//! (dataportal.se) to harvest. Public, like the figures themselves.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde_json::{Value, json};
use uppsikt_store::indicators::{bulk, releases};

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::layout::page;
use crate::state::AppState;

/// The open licence of the published figures.
pub const LICENCE: &str = "http://creativecommons.org/publicdomain/zero/1.0/";

/// One downloadable file: name, IANA media type, EU file type.
const FILES: [(&str, &str, &str); 4] = [
    ("indikatorer.csv", "text/csv", "CSV"),
    (
        "indikatorer.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLSX",
    ),
    ("indikatorer.parquet", "application/vnd.apache.parquet", "PARQUET"),
    ("datakatalog.csv", "text/csv", "CSV"),
];

/// `GET /oppna-data`
pub async fn show(State(state): State<AppState>, viewer: Viewer) -> AppResult<Markup> {
    let t = &state.t.open_data;
    let rows = bulk::rows(&state.store).await?;
    let synthetic = rows.iter().any(|r| r.synthetic);
    let body = html! {
        p { (t.intro) }
        @if synthetic { p.notice { strong { (state.t.site.synthetic_note) } ": " (t.synthetic) } }
        h2 { (t.downloads) }
        ul #downloads {
            li { a href="/oppna-data/indikatorer.csv" download { (t.csv) } }
            li { a href="/oppna-data/indikatorer.xlsx" download { (t.xlsx) } }
            li { a href="/oppna-data/indikatorer.parquet" download { (t.parquet) } }
            li { a href="/oppna-data/datakatalog.csv" download { (t.dictionary_file) } }
        }
        p { (uppsikt_domain::tr!(open_data.count, cells = rows.len())) }
        p { (t.licence) " " a href=(LICENCE) rel="license" { "CC0 1.0" } "." }
        p { (t.kolada) " " code { "/api/kolada/v3/" } "." }
        p { a href="/oppna-data/dcat.jsonld" { (t.dcat) } " · " a href="/indikatorer/utgavor" { (state.t.releases.link) } }
        h2 #dictionary-h { (t.dictionary) }
        div.scroll tabindex="0" { table #dictionary {
            thead { tr { th scope="col" { (t.column) } th scope="col" { (t.kind) } th scope="col" { (t.description) } } }
            tbody { @for (c, k, d) in bulk::dictionary() { tr { th scope="row" { code { (c) } } td { (k) } td { (d) } } } }
        } }
    };
    Ok(page(&state, &viewer, &t.title, body))
}

/// `GET /oppna-data/{file}`: a bulk file, the data dictionary, or the DCAT record.
pub async fn file(State(state): State<AppState>, headers: HeaderMap, Path(name): Path<String>) -> AppResult<Response> {
    if name == "dcat.jsonld" {
        let record = dcat(&state, &base_url(&headers)).await?;
        return Ok(with_type(record.to_string().into_bytes(), "application/ld+json", None));
    }
    let (_, media, _) = FILES.iter().find(|(n, _, _)| *n == name).ok_or(AppError::NotFound)?;
    let internal = |e: String| AppError::Internal(e);
    let bytes = match name.as_str() {
        "datakatalog.csv" => bulk::dictionary_csv(),
        "indikatorer.csv" => bulk::csv(&bulk::rows(&state.store).await?),
        "indikatorer.xlsx" => bulk::xlsx(&bulk::rows(&state.store).await?).map_err(|e| internal(e.to_string()))?,
        _ => bulk::parquet(&bulk::rows(&state.store).await?).map_err(|e| internal(e.to_string()))?,
    };
    let media = if media.starts_with("text/") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_string()
    };
    Ok(with_type(bytes, &media, Some(&name)))
}

fn with_type(bytes: Vec<u8>, media: &str, attachment: Option<&str>) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(media) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    if let Some(name) = attachment
        && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// `scheme://host` as the client reached the server (the proxy's scheme behind TLS).
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|s| *s == "https")
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

/// The DCAT-AP-SE record: a catalogue with the one dataset and its
/// distributions. The context is inline, so a harvester needs nothing else.
async fn dcat(state: &AppState, base: &str) -> AppResult<Value> {
    let t = &state.t.open_data;
    let latest = releases::releases(&state.store).await?;
    let modified = latest
        .first()
        .map(|r| r.published_at.get(..10).unwrap_or(&r.published_at).to_string());
    let sv = |text: &str| json!({"@value": text, "@language": "sv"});
    let publisher = json!({"@id": format!("{base}/#utgivare"), "@type": "foaf:Agent", "foaf:name": sv(&t.publisher)});
    let mut distributions: Vec<Value> = FILES
        .iter()
        .map(|(name, media, kind)| {
            json!({
                "@id": format!("{base}/oppna-data/{name}"),
                "@type": "dcat:Distribution",
                "dct:title": sv(name),
                "dcat:accessURL": {"@id": format!("{base}/oppna-data")},
                "dcat:downloadURL": {"@id": format!("{base}/oppna-data/{name}")},
                "dcat:mediaType": {"@id": format!("http://www.iana.org/assignments/media-types/{media}")},
                "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{kind}")},
                "dct:license": {"@id": LICENCE},
            })
        })
        .collect();
    distributions.push(json!({
        "@id": format!("{base}/api/kolada/v3/"),
        "@type": "dcat:Distribution",
        "dct:title": sv(&t.kolada_title),
        "dcat:accessURL": {"@id": format!("{base}/api/kolada/v3/")},
        "dcat:mediaType": {"@id": "http://www.iana.org/assignments/media-types/application/json"},
        "dct:format": {"@id": "http://publications.europa.eu/resource/authority/file-type/JSON"},
        "dct:license": {"@id": LICENCE},
    }));
    let keywords: Vec<Value> = t.keywords.split(',').map(|k| sv(k.trim())).collect();
    let mut dataset = json!({
        "@id": format!("{base}/oppna-data#indikatorer"),
        "@type": "dcat:Dataset",
        "dct:title": sv(&t.dataset_title),
        "dct:description": sv(&t.dataset_description),
        "dct:publisher": publisher.clone(),
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": t.publisher,
            "vcard:hasURL": {"@id": format!("{base}/oppna-data")},
        },
        "dcat:keyword": keywords,
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/HEAL"},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/SWE"},
        "dct:accessRights": {"@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"},
        "dcat:landingPage": {"@id": format!("{base}/oppna-data")},
        "dcat:distribution": distributions,
    });
    if let Some(m) = modified {
        dataset["dct:modified"] = json!({"@value": m, "@type": "xsd:date"});
    }
    Ok(json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": format!("{base}/oppna-data/dcat.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": sv(&t.catalog_title),
        "dct:description": sv(&t.dataset_description),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE},
        "foaf:homepage": {"@id": format!("{base}/")},
        "dcat:dataset": dataset,
    }))
}
