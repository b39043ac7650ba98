//! The qualitative contract (`../shared/spec/qualitative.md`) through the real
//! `uppsikt qual` commands, on SQLite and PostgreSQL: import and its
//! normalisation, positions, codebook, codings, matrix, agreement, Swedish
//! search kept in step with every write, the REFI-QDA round trip validated
//! against the official schema, and every bad input storing nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use uppsikt_store::testing::TestDb;

/// `uppsikt` on one database with its own data directory (the search index).
struct Qual {
    data: tempfile::TempDir,
    url: String,
}

impl Qual {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_uppsikt"))
            .arg("--data-dir")
            .arg(self.data.path())
            .arg("--database-url")
            .arg(&self.url)
            .arg("--quiet")
            .arg("qual")
            .args(args)
            .env_remove("UPPSIKT_DATABASE_URL")
            .output()
            .expect("run uppsikt")
    }

    fn ok(&self, args: &[&str]) -> String {
        common::stdout(&self.run(args))
    }

    /// Runs a command that must fail with `code` (5: bad input) and returns its error text.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        err
    }

    fn search(&self, args: &[&str]) -> Vec<String> {
        let mut a = vec!["search"];
        a.extend_from_slice(args);
        a.extend(["--format", "csv"]);
        self.ok(&a)
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// An interview with a BOM, CRLF line ends, an NFD "å" and a character
/// outside the BMP; a case study as Markdown; a .docx.
fn documents_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "vgr.txt",
        "\u{feff}Mobila team i samverkan\r\nmed kommunerna. Sa\u{30a} 🙂 bra\rSamverkans former.".as_bytes(),
    );
    write(
        d,
        "varmland.md",
        "Vårdnära service: 25 timmar per avdelning och vecka.\n".as_bytes(),
    );
    write(
        d,
        "kronoberg.docx",
        &docx(&[&["Patientkontrakt ", "införs"], &["i hela regionen."]]),
    );
    write(
        d,
        "documents.csv",
        "doc_id,file,title,kind,region,municipality,agreement,date,participants\n\
         int-vgr-1,vgr.txt,Intervju VGR,intervju,14,,god-och-nara-vard-2019,2019-05-14,regiondirektör; hälso- och sjukvårdsdirektör\n\
         fall-varmland,varmland.md,Fallstudie Värmland,fallstudie,,1780,,,\n\
         fall-kronoberg,kronoberg.docx,Fallstudie Kronoberg,fallstudie,07,,,2019-09-01,\n"
            .as_bytes(),
    );
    dir
}

const CODEBOOK: &str = "code_id,parent_id,name,description,color,indicators\n\
    samverkan.kommun,samverkan,Samverkan med kommun,,#1F77B4,\n\
    samverkan,,Samverkan,Mellan huvudmän,#ff7f0e,undvikbar_slutenvard;aterinskrivning_30d\n\
    mobila-team,,Mobila team,,,undvikbar_slutenvard\n";

/// The stored text of int-vgr-1 is "Mobila team i samverkan\nmed kommunerna. Så 🙂 bra\nSamverkans former."
/// Positions: "Mobila team" 0..11, "samverkan" 14..23, "Så" 40..42, "🙂" 43..44, "bra" 45..48.
const CODINGS: &str = "doc_id,start,end,code_id,coder,memo\n\
    int-vgr-1,0,11,mobila-team,anna,Tydligt exempel\n\
    int-vgr-1,0,11,mobila-team,anna,twice: stored once\n\
    int-vgr-1,14,23,samverkan.kommun,anna,\n\
    int-vgr-1,0,11,mobila-team,bertil,\n\
    int-vgr-1,14,39,samverkan,bertil,\n\
    int-vgr-1,43,48,samverkan,anna,\n\
    fall-varmland,0,16,samverkan,anna,\n";

async fn backends() -> Vec<(TestDb, Qual)> {
    let mut out = Vec::new();
    for db in TestDb::all().await.unwrap() {
        let url = db.store.display_url();
        out.push((
            db,
            Qual {
                data: tempfile::tempdir().unwrap(),
                url,
            },
        ));
    }
    out
}

#[tokio::test]
async fn the_contract_on_every_backend() {
    for (db, q) in backends().await {
        let docs = documents_dir();
        let files = tempfile::tempdir().unwrap();
        q.ok(&["import", docs.path().to_str().unwrap()]);
        let codebook = write(files.path(), "codebook.csv", CODEBOOK.as_bytes());
        q.ok(&["codebook", "import", codebook.to_str().unwrap()]);
        let codings = write(files.path(), "codings.csv", CODINGS.as_bytes());
        q.ok(&["codings", "import", codings.to_str().unwrap()]);

        // Normalisation and positions: BOM gone, line ends unified, å composed, 🙂 one position.
        let export = q.ok(&["codings", "export", "--format", "csv"]);
        let lines: Vec<&str> = export.lines().collect();
        assert_eq!(lines[0], "doc_id,start,end,code_id,coder,memo,text");
        assert_eq!(lines[1], "fall-varmland,0,16,samverkan,anna,,Vårdnära service");
        assert!(
            export.contains("int-vgr-1,0,11,mobila-team,anna,Tydligt exempel,Mobila team\n"),
            "{export}"
        );
        assert!(
            export.contains("int-vgr-1,14,23,samverkan.kommun,anna,,samverkan\n"),
            "{export}"
        );
        assert!(export.contains("int-vgr-1,43,48,samverkan,anna,,🙂 bra\n"), "{export}");
        assert!(
            export.contains("int-vgr-1,14,39,samverkan,bertil,,\"samverkan\nmed kommunerna.\"\n"),
            "{export}"
        );
        assert_eq!(
            export.matches("mobila-team,anna").count(),
            1,
            "the same coding twice is stored once"
        );
        let documents = q.ok(&["documents", "--format", "csv"]);
        assert!(
            documents.contains("int-vgr-1,Intervju VGR,intervju,14,,god-och-nara-vard-2019,2019-05-14,67,5,"),
            "{documents}"
        );
        assert!(
            documents.contains("fall-kronoberg,Fallstudie Kronoberg,fallstudie,07,,,2019-09-01,39,0,"),
            "{documents}"
        );
        assert!(
            documents.contains("fall-varmland,Fallstudie Värmland,fallstudie,17,1780,"),
            "the municipality's county: {documents}"
        );

        // The codebook exports as it was imported (colours in lower case), parents first.
        let cb = q.ok(&["codebook", "export"]);
        assert_eq!(
            cb,
            "code_id,parent_id,name,description,color,indicators\n\
             samverkan,,Samverkan,Mellan huvudmän,#ff7f0e,undvikbar_slutenvard;aterinskrivning_30d\n\
             samverkan.kommun,samverkan,Samverkan med kommun,,#1f77b4,\n\
             mobila-team,,Mobila team,,,undvikbar_slutenvard\n"
        );

        // The matrix: a child's codings count for its parent; Värmland is 17.
        assert_eq!(
            q.ok(&["matrix", "--format", "csv"]),
            "code_id,region,documents,codings\n\
             mobila-team,14,1,2\n\
             samverkan,14,1,3\n\
             samverkan,17,1,1\n\
             samverkan.kommun,14,1,1\n"
        );

        // Agreement, computed by hand. Units: anna ∪ bertil on int-vgr-1 = 0..11, 14..39, 43..48
        // (11 + 25 + 5 = 41), plus anna's 0..16 on fall-varmland = 57.
        // mobila-team: both yes on 0..11, both no elsewhere → 57/57; pe = (11/57)² + (46/57)² ≠ 1 → kappa 1.
        // samverkan: anna yes 43..48 and 0..16 (varmland) = 21; bertil yes 14..39 = 25; both yes nowhere;
        //   alike = 57 − 21 − 25 = 11 → 19.298 %; po = 11/57, pe = (21·25 + 36·32)/57² = 1677/3249;
        //   kappa = (627/3249 − 1677/3249)/(1572/3249) = −1050/1572 = −0.668.
        // samverkan.kommun: anna yes 14..23 (9), bertil never → alike 48 → 84.211 %;
        //   pe = 0 + (48/57)(57/57) = 48/57 = po → kappa 0.
        assert_eq!(
            q.ok(&["agreement", "--coders", "anna,bertil", "--format", "csv"]),
            "code_id,units,agree,percent,kappa\n\
             mobila-team,57,57,100,1\n\
             samverkan,57,11,19.298,-0.668\n\
             samverkan.kommun,57,48,84.211,0\n"
        );

        // Co-occurrence: samverkan.kommun (anna, 14..23) overlaps samverkan (bertil, 14..39).
        assert_eq!(
            q.ok(&["cooccurrence", "--format", "csv"]),
            "code_a,code_b,overlaps,documents\nsamverkan,samverkan.kommun,1,1\n"
        );
        // Every coded segment as a workbook, read back with calamine.
        let xlsx = files.path().join("segment.xlsx");
        q.ok(&["segments-xlsx", "--out", xlsx.to_str().unwrap()]);
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
        let sheet = wb.worksheet_range("Kodade segment").unwrap();
        let rows: Vec<Vec<String>> = sheet
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(rows.len(), 7, "a header and six codings");
        assert_eq!(rows[0][10], "Text");
        assert!(
            rows.iter()
                .any(|r| r[10] == "🙂 bra" && r[1] == "Intervju VGR" && r[7] == "Samverkan"),
            "{rows:?}"
        );

        // Swedish search: stemming, phrases, AND, filters, snippets.
        assert_eq!(
            q.search(&["samverkan"]),
            ["int-vgr-1"],
            "samverkan finds samverkans too"
        );
        let json: serde_json::Value =
            serde_json::from_str(&q.ok(&["search", "samverkans", "--format", "json"])).unwrap();
        let snippet = json[0]["snippets"][0].as_str().unwrap();
        assert!(
            snippet.contains("<mark>samverkan</mark>") && snippet.contains("<mark>Samverkans</mark>"),
            "{snippet}"
        );
        assert!(json[0]["score"].as_f64().unwrap() > 0.0);
        assert_eq!(json[0]["title"], "Intervju VGR");
        assert_eq!(q.search(&["\"mobila team\""]), ["int-vgr-1"]);
        assert!(q.search(&["\"team mobila\""]).is_empty(), "a phrase keeps its order");
        assert!(q.search(&["samverkan vårdnära"]).is_empty(), "every word must match");
        assert_eq!(
            q.search(&["patientkontrakt"]),
            ["fall-kronoberg"],
            "the .docx text is searched"
        );
        assert_eq!(q.search(&["service", "--region", "17"]), ["fall-varmland"]);
        assert!(q.search(&["service", "--region", "14"]).is_empty());
        assert!(q.search(&["service", "--kind", "intervju"]).is_empty());
        assert_eq!(
            q.search(&["mobila", "--agreement", "god-och-nara-vard-2019"]),
            ["int-vgr-1"]
        );
        assert_eq!(q.search(&["vecka", "--code", "samverkan"]), ["fall-varmland"]);
        assert!(q.search(&["vecka", "--code", "mobila-team"]).is_empty());
        assert_eq!(
            q.search(&["samverkan", "--code", "samverkan"]),
            ["int-vgr-1"],
            "a sub-code counts"
        );

        // The index follows every write: a metadata update, a removal, a new text.
        q.ok(&["remove", "fall-kronoberg"]);
        assert!(
            q.search(&["patientkontrakt"]).is_empty(),
            "a removed document is not found"
        );
        std::fs::write(docs.path().join("varmland.md"), "Ny text om digitalisering.\n").unwrap();
        let err = q.fails(&["import", docs.path().to_str().unwrap()], 5);
        assert!(
            err.contains("rad 3, kolumn ”file”") && err.contains("fall-varmland"),
            "changed text under codings: {err}"
        );
        assert_eq!(q.search(&["service"]), ["fall-varmland"], "nothing was stored");

        // REFI-QDA: export, validate, import into an empty database, export again: the same.
        let a = files.path().join("a.qdpx");
        q.ok(&["export", "--qdpx", a.to_str().unwrap()]);
        validate_against_refi_qda_schema(&a);
        let empty = Qual {
            data: tempfile::tempdir().unwrap(),
            url: uppsikt_store::sqlite_url(&files.path().join("b.sqlite")),
        };
        empty.ok(&["import", "--qdpx", a.to_str().unwrap()]);
        let b = files.path().join("b.qdpx");
        empty.ok(&["export", "--qdpx", b.to_str().unwrap()]);
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "export → import → export is the same"
        );
        assert_eq!(empty.ok(&["codebook", "export"]), q.ok(&["codebook", "export"]));
        assert_eq!(empty.ok(&["codings", "export"]), q.ok(&["codings", "export"]));
        assert_eq!(
            empty.ok(&["documents", "--format", "csv"]),
            q.ok(&["documents", "--format", "csv"])
        );
        db.finish().await.unwrap();
    }
}

/// Runs libxml2's validator against the official schema shipped in tests/refi-qda.
fn validate_against_refi_qda_schema(qdpx: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(qdpx).unwrap()).unwrap();
    zip.extract(dir.path()).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert!(names.iter().any(|n| n == "project.qde"));
    assert!(
        names
            .iter()
            .filter(|n| n.starts_with("sources/") && n.ends_with(".txt"))
            .count()
            >= 2
    );
    let xsd = concat!(env!("CARGO_MANIFEST_DIR"), "/../qual/tests/refi-qda/Project.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema", xsd])
        .arg(dir.path().join("project.qde"))
        .output()
        .expect("xmllint (Debian libxml2-utils) is installed: .ci/run installs it");
    assert!(
        out.status.success(),
        "project.qde is not valid REFI-QDA: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn every_bad_input_is_named_and_nothing_is_stored() {
    let db = TestDb::sqlite().await.unwrap();
    let q = Qual {
        data: tempfile::tempdir().unwrap(),
        url: db.store.display_url(),
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", b"Text.");
    write(d, "latin1.txt", b"V\xe5rd");
    write(d, "broken.docx", b"not a zip");
    write(d, "a.pdf", b"%PDF");
    let head = "doc_id,file,title,kind,region,municipality,agreement,date,participants\n";
    let cases: &[(&str, &str)] = &[
        (
            "doc_id,file,title,kind,farg\na,a.txt,T,intervju,x\n",
            "rad 1, kolumn ”farg”",
        ),
        ("a,saknas.txt,T,intervju,,,,,\n", "rad 2, kolumn ”file”"),
        ("a,latin1.txt,T,intervju,,,,,\n", "rad 2, kolumn ”file”"),
        ("a,broken.docx,T,intervju,,,,,\n", "rad 2, kolumn ”file”"),
        ("a,a.pdf,T,intervju,,,,,\n", "rad 2, kolumn ”file”"),
        ("a,../a.txt,T,intervju,,,,,\n", "rad 2, kolumn ”file”"),
        ("a,a.txt,T,samtal,,,,,\n", "rad 2, kolumn ”kind”"),
        ("a,a.txt,T,intervju,02,,,,\n", "rad 2, kolumn ”region”"),
        ("a,a.txt,T,intervju,,9999,,,\n", "rad 2, kolumn ”municipality”"),
        ("a,a.txt,T,intervju,,0199,,,\n", "rad 2, kolumn ”municipality”"),
        ("a,a.txt,T,intervju,01,1780,,,\n", "rad 2, kolumn ”region”"),
        ("a,a.txt,T,intervju,,,finns-inte-2019,,\n", "rad 2, kolumn ”agreement”"),
        ("a,a.txt,T,intervju,,,,2019-02-30,\n", "rad 2, kolumn ”date”"),
        (
            "a,a.txt,T,intervju,,,,,\nb,a.txt,T,intervju,,,,,\na,a.txt,T,intervju,,,,,\n",
            "rad 4, kolumn ”doc_id”",
        ),
        ("A b,a.txt,T,intervju,,,,,\n", "rad 2, kolumn ”doc_id”"),
        ("a,a.txt,,intervju,,,,,\n", "rad 2, kolumn ”title”"),
    ];
    for (body, place) in cases {
        let csv = if body.starts_with("doc_id") {
            body.to_string()
        } else {
            format!("{head}{body}")
        };
        // A good row first: it must not be stored either.
        let csv = csv.replacen('\n', "\nok-1,a.txt,Bra,intervju,,,,,\n", 1);
        let place = place.replace("rad 2", "rad 3").replace("rad 4", "rad 5");
        write(d, "documents.csv", csv.as_bytes());
        let err = q.fails(&["import", d.to_str().unwrap()], 5);
        assert!(
            err.contains("documents.csv") && err.contains(&place),
            "{body}: expected {place} in {err}"
        );
        assert_eq!(q.ok(&["documents", "--format", "csv"]), "", "{body}: nothing stored");
    }

    write(
        d,
        "documents.csv",
        format!("{head}d1,a.txt,T,intervju,,,,,\n").as_bytes(),
    );
    q.ok(&["import", d.to_str().unwrap()]);
    let code_cases: &[(&str, &str)] = &[
        ("x,saknas,X,,,\n", "kolumn ”parent_id”"),
        ("x,y,X,,,\ny,x,Y,,,\n", "kolumn ”parent_id”"),
        ("x,,X,,blå,\n", "kolumn ”color”"),
        ("X Y,,X,,,\n", "kolumn ”code_id”"),
        ("x,,,,,\n", "kolumn ”name”"),
    ];
    for (body, place) in code_cases {
        let f = write(
            d,
            "codes.csv",
            format!("code_id,parent_id,name,description,color,indicators\nok,,Ok,,,\n{body}").as_bytes(),
        );
        let err = q.fails(&["codebook", "import", f.to_str().unwrap()], 5);
        assert!(err.contains("codes.csv: rad") && err.contains(place), "{body}: {err}");
        assert_eq!(
            q.ok(&["codebook", "export"]),
            "code_id,parent_id,name,description,color,indicators\n"
        );
    }
    let f = write(
        d,
        "codes.csv",
        b"code_id,parent_id,name,description,color,indicators\nx,,X,,,\n",
    );
    q.ok(&["codebook", "import", f.to_str().unwrap()]);
    let coding_cases: &[(&str, &str)] = &[
        ("saknas,0,1,x,anna,\n", "kolumn ”doc_id”"),
        ("d1,0,1,saknas,anna,\n", "kolumn ”code_id”"),
        ("d1,3,3,x,anna,\n", "kolumn ”start”"),
        ("d1,4,2,x,anna,\n", "kolumn ”start”"),
        ("d1,0,6,x,anna,\n", "kolumn ”end”"),
        ("d1,0,1,x,Anna K,\n", "kolumn ”coder”"),
        ("d1,-1,1,x,anna,\n", "kolumn ”start”"),
    ];
    for (body, place) in coding_cases {
        let f = write(
            d,
            "k.csv",
            format!("doc_id,start,end,code_id,coder,memo\nd1,0,5,x,anna,\n{body}").as_bytes(),
        );
        let err = q.fails(&["codings", "import", f.to_str().unwrap()], 5);
        assert!(err.contains("k.csv: rad 3") && err.contains(place), "{body}: {err}");
        assert_eq!(
            q.ok(&["codings", "export"]),
            "doc_id,start,end,code_id,coder,memo,text\n",
            "{body}"
        );
    }
    db.finish().await.unwrap();
}

#[tokio::test]
async fn a_missing_index_is_rebuilt_from_the_database() {
    let db = TestDb::sqlite().await.unwrap();
    let q = Qual {
        data: tempfile::tempdir().unwrap(),
        url: db.store.display_url(),
    };
    let docs = documents_dir();
    q.ok(&["import", docs.path().to_str().unwrap()]);
    assert_eq!(q.search(&["vårdnära"]), ["fall-varmland"]);
    std::fs::remove_dir_all(q.data.path().join("search")).unwrap();
    assert_eq!(q.search(&["vårdnära"]), ["fall-varmland"]);
    // A damaged index is set aside and rebuilt too.
    for e in std::fs::read_dir(q.data.path().join("search")).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() == "meta.json" {
            std::fs::write(&p, b"{ not json").unwrap();
        }
    }
    assert_eq!(q.search(&["vårdnära"]), ["fall-varmland"]);
    let err = q.fails(&["search", "  "], 2);
    assert!(err.contains("sökord"), "{err}");
    db.finish().await.unwrap();
}

/// A minimal `.docx` (the parts Word needs to open it) with these paragraphs.
fn docx(paragraphs: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let body: String = paragraphs
        .iter()
        .map(|runs| {
            let runs: String = runs
                .iter()
                .map(|r| format!("<w:r><w:t xml:space=\"preserve\">{r}</w:t></w:r>"))
                .collect();
            format!("<w:p>{runs}</w:p>")
        })
        .collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("_rels/.rels", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    write!(zip, r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#).unwrap();
    zip.finish().unwrap().into_inner()
}
