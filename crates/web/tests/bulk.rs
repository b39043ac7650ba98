//! Open data files: every published cell as CSV, xlsx and Parquet with the
//! data dictionary, each read back by a reader of its own format, and the
//! DCAT-AP-SE record parsed as JSON-LD by rdflib (PyPI), a third-party parser.

mod common;

use std::io::Write;

use reqwest::StatusCode;
use uppsikt_store::indicators::bulk::COLUMNS;
use uppsikt_store::indicators::{CellSource, IndicatorCell, releases::publish_computed};

fn cell(region: &str, value: Option<f64>) -> IndicatorCell {
    IndicatorCell {
        indicator: "fortroende_vard".into(),
        region: region.into(),
        period: "2021".into(),
        sex: "alla".into(),
        numerator: None,
        denominator: None,
        value,
        suppressed: value.is_none(),
    }
}

async fn download(server: &common::Server, path: &str) -> (String, Vec<u8>) {
    let r = server.client().get(server.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let kind = r.headers()["content-type"].to_str().unwrap().to_string();
    (kind, r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn every_published_cell_downloads_in_three_formats_and_the_dcat_record_is_json_ld() {
    for server in common::servers().await {
        let source = CellSource {
            synthetic: true,
            description: "SYNTETISKA värden för testet".into(),
        };
        let defs = uppsikt_domain::indicator::imported();
        let cells = vec![cell("00", Some(60.2)), cell("01", Some(61.5)), cell("02", None)];
        publish_computed(&server.store, &source, &defs, &cells).await.unwrap();

        let page = server.text(&server.client(), "/oppna-data").await;
        assert!(
            page.contains("Öppna data") && page.contains("id=\"dictionary\""),
            "{page}"
        );
        assert!(page.contains("SYNTETISKA"), "synthetic values are said to be so");

        let (kind, csv) = download(&server, "/oppna-data/indikatorer.csv").await;
        assert!(kind.starts_with("text/csv"));
        let text = String::from_utf8(csv).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = COLUMNS.iter().map(|(c, _)| *c).collect();
        assert_eq!(lines.next().unwrap(), header.join(","));
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        assert_eq!(rows.len(), 3);
        let suppressed = rows.iter().find(|r| r[3] == "02").unwrap();
        assert_eq!((suppressed[9], suppressed[10], suppressed[11]), ("", "true", "true"));
        assert_eq!(rows.iter().find(|r| r[3] == "01").unwrap()[9], "61.5");

        let (_, xlsx) = download(&server, "/oppna-data/indikatorer.xlsx").await;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
        use calamine::Reader;
        let data = book.worksheet_range("Data").unwrap();
        assert_eq!(data.height(), 4, "a header and three cells");
        let dictionary = book.worksheet_range("Datakatalog").unwrap();
        assert_eq!(dictionary.height(), COLUMNS.len() + 1);

        let (_, parquet) = download(&server, "/oppna-data/indikatorer.parquet").await;
        let reader = parquet::file::reader::SerializedFileReader::new(bytes::Bytes::from(parquet)).unwrap();
        use parquet::file::reader::FileReader;
        let meta = reader.metadata();
        assert_eq!(meta.file_metadata().num_rows(), 3);
        assert_eq!(meta.file_metadata().schema_descr().num_columns(), COLUMNS.len());

        let (_, dict) = download(&server, "/oppna-data/datakatalog.csv").await;
        assert_eq!(String::from_utf8(dict).unwrap().lines().count(), COLUMNS.len() + 1);

        let (kind, record) = download(&server, "/oppna-data/dcat.jsonld").await;
        assert_eq!(kind, "application/ld+json");
        assert_dcat(&record);
        let missing = server
            .client()
            .get(server.url("/oppna-data/../x"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        server.finish().await;
    }
}

/// Parses the record with rdflib and checks the triples DCAT-AP-SE needs.
fn assert_dcat(record: &[u8]) {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(record).unwrap();
    let script = r#"
import sys, rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF
g = rdflib.Graph().parse(sys.argv[1], format="json-ld")
datasets = list(g.subjects(RDF.type, DCAT.Dataset))
assert len(datasets) == 1, datasets
d = datasets[0]
dists = list(g.objects(d, DCAT.distribution))
assert len(dists) >= 5, dists
assert all((x, DCTERMS.license, None) in g for x in dists)
assert (d, DCTERMS.publisher, None) in g and (d, DCAT.contactPoint, None) in g
assert any(t.language == "sv" for t in g.objects(d, DCTERMS.title))
print(len(g))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(file.path())
        .output()
        .expect("python3 (with rdflib from PyPI; .ci/run installs it)");
    assert!(
        out.status.success(),
        "the DCAT record is not the JSON-LD it should be: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let triples: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(triples > 40, "{triples} triples");
}
