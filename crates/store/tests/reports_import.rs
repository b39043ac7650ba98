//! The Excel round-trip: template → filled in (written here with
//! rust_xlsxwriter, as Excel would save it) → import; bad files, each with its
//! exact message and nothing stored; measures as Swedish and plain CSV.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use uppsikt_domain::Actor;
use uppsikt_domain::measure::{MeasureStatus, Period};
use uppsikt_domain::report::{Question, ReportState};
use uppsikt_domain::{Agreement, Region, Sek};
use uppsikt_store::reports;
use uppsikt_store::reports::import::read_template;
use uppsikt_store::reports::template::{self, SHEET_INSTRUCTIONS, SHEET_MEASURES, SHEET_QUESTIONS};
use uppsikt_store::testing::TestDb;

uppsikt_store::postgres_backend_test!();
use uppsikt_store::{Error, Invalid, Store, agreements, reference, registry};

async fn loaded() -> Vec<TestDb> {
    let dbs = TestDb::all().await.expect("test databases");
    for db in &dbs {
        reference::load(&db.store).await.expect("reference data");
    }
    dbs
}

const AT: &str = "2019-10-01T09:00:00Z";

fn coordinator() -> Actor {
    Actor::new("karin", "region:17".parse().unwrap())
}

async fn setup(s: &Store) -> (Agreement, Region) {
    let a = agreements::get(s, "god-och-nara-vard-2019").await.unwrap();
    let r = registry::regions(s)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.code.as_str() == "17")
        .unwrap();
    (a, r)
}

/// The template, filled in by `fill`, saved in `dir`.
fn filled(dir: &Path, a: &Agreement, r: &Region, fill: impl FnOnce(&mut Workbook)) -> PathBuf {
    let mut wb = template::build(a, r).unwrap();
    fill(&mut wb);
    let path = dir.join("rapport.xlsx");
    wb.save(&path).unwrap();
    path
}

/// A good report: two answers and two measures, one typed with a Swedish amount as text.
fn good(wb: &mut Workbook) {
    let q = wb.worksheet_from_name(SHEET_QUESTIONS).unwrap();
    q.write_string(1, 2, "Utvecklingsplan för framtida hälso- och sjukvård, beslut 2019")
        .unwrap();
    q.write_string(4, 2, "Medel omfördelas till primärvården").unwrap();
    let m = wb.worksheet_from_name(SHEET_MEASURES).unwrap();
    let rows: [[&str; 9]; 2] = [
        [
            "BEON",
            "Bästa effektiva omhändertagandenivå",
            "Omställning till en god och nära vård",
            "införd",
            "",
            "",
            "2017–2019",
            "Minskade kostnader för hyrläkare",
            "",
        ],
        [
            "1177 per telefon i egen regi",
            "",
            "tillganglighet",
            "pilot",
            "1 250 000",
            "1 000 000,00",
            "2019",
            "",
            "Invånare i Värmland",
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                m.write_string(1 + i as u32, c as u16, *v).unwrap();
            }
        }
    }
    // Amounts typed as numbers, as Excel stores them.
    m.write_number(1, 4, 2_500_000.0).unwrap();
    m.write_number(1, 5, 2_000_000.0).unwrap();
}

async fn nothing_stored(s: &Store, a: &Agreement) {
    assert!(reports::list(s, &a.id).await.unwrap().is_empty());
    assert!(reports::audit(s, &a.id, None).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_filled_in_template_imports_with_every_field() {
    for db in loaded().await {
        let s = &db.store;
        let (a, r) = setup(s).await;
        let dir = tempfile::tempdir().unwrap();
        let path = filled(dir.path(), &a, &r, good);
        let saved = reports::import_template(s, &coordinator(), AT, &path).await.unwrap();
        assert_eq!(saved.report.state, ReportState::Draft);
        let stored = reports::get(s, &a.id, r.code).await.unwrap().unwrap();
        assert_eq!(
            stored.content.answers.get(Question::Decisions),
            Some("Utvecklingsplan för framtida hälso- och sjukvård, beslut 2019")
        );
        assert_eq!(stored.content.answers.get(Question::Organisation), None);
        let m = &stored.content.measures;
        assert_eq!(m.len(), 2);
        assert_eq!(
            (m[0].area.as_deref(), m[0].status, m[0].cost, m[0].grant_funded),
            (
                Some("omstallning"),
                Some(MeasureStatus::Implemented),
                Some(Sek(2_500_000)),
                Some(Sek(2_000_000))
            )
        );
        assert_eq!(m[0].period, Some(Period { from: 2017, to: 2019 }));
        assert_eq!(
            (
                m[1].area.as_deref(),
                m[1].cost,
                m[1].grant_funded,
                m[1].target_group.as_deref()
            ),
            (
                Some("tillganglighet"),
                Some(Sek(1_250_000)),
                Some(Sek(1_000_000)),
                Some("Invånare i Värmland")
            )
        );
        // Importing again after a change replaces the content, audited.
        let path = filled(dir.path(), &a, &r, |wb| {
            good(wb);
            let m = wb.worksheet_from_name(SHEET_MEASURES).unwrap();
            m.write_number(2, 4, 1_300_000.0).unwrap();
        });
        reports::import_template(s, &coordinator(), AT, &path).await.unwrap();
        let trail = reports::audit(s, &a.id, Some(r.code)).await.unwrap();
        let last = trail.last().unwrap();
        assert_eq!(
            (
                last.action.as_str(),
                last.measure,
                last.field.as_deref(),
                last.old.as_deref(),
                last.new.as_deref()
            ),
            ("edit", Some(2), Some("cost"), Some("1250000"), Some("1300000"))
        );
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn a_report_written_to_a_filled_template_imports_back_unchanged() {
    for db in loaded().await {
        let s = &db.store;
        let (a, r) = setup(s).await;
        let dir = tempfile::tempdir().unwrap();
        let path = filled(dir.path(), &a, &r, good);
        let first = reports::import_template(s, &coordinator(), AT, &path)
            .await
            .unwrap()
            .report;
        let again = dir.path().join("ifylld.xlsx");
        template::write_template(&again, &a, &r, &first.content).unwrap();
        let mut parsed = read_template(&again, std::slice::from_ref(&a)).unwrap();
        // A file carries no numbers: its rows take the report's by place.
        parsed.content.number_by_position(&first.content);
        assert_eq!(parsed.content, first.content);
        let second = reports::import_template(s, &coordinator(), AT, &again)
            .await
            .unwrap()
            .report;
        assert_eq!(second.version, first.version, "nothing changed, nothing written");
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn the_blank_template_reads_back_and_has_its_sheets() {
    for db in loaded().await {
        let s = &db.store;
        let (a, r) = setup(s).await;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mall.xlsx");
        template::write_template(&path, &a, &r, &Default::default()).unwrap();
        let e = read_template(&path, std::slice::from_ref(&a)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "mall.xlsx: 1 fel – inget har sparats:\n  mall.xlsx: Filen innehåller inga svar och inga insatser. \
             Fyll i bladen Frågor och Insatser.\n"
        );
        use calamine::Reader;
        let wb = calamine::open_workbook_auto(&path).unwrap();
        assert_eq!(
            wb.sheet_names(),
            [SHEET_INSTRUCTIONS, SHEET_QUESTIONS, SHEET_MEASURES, "Listor"]
        );
        // The sheets are protected and carry the drop-down lists.
        let xml = zip_entry(&path, "xl/worksheets/sheet3.xml");
        assert!(xml.contains("<sheetProtection"));
        assert!(xml.contains("<dataValidation type=\"list\""));
        assert!(xml.contains("Listor!$A$1:$A$3"));
        assert!(xml.contains("\"planerad,pilot,breddinförande,införd\""));
        db.finish().await.unwrap();
    }
}

/// One entry of the xlsx (a zip file) as text.
fn zip_entry(path: &Path, name: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    let reader = std::io::Cursor::new(bytes);
    let mut z = zip::ZipArchive::new(reader).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).unwrap();
    s
}

/// A bad file: its name in the error, the exact messages, and nothing stored.
async fn refused(s: &Store, a: &Agreement, path: &Path, expected: &[&str]) {
    let e = reports::import_template(s, &coordinator(), AT, path).await.unwrap_err();
    let Error::Invalid(Invalid::Input(errs)) = &e else {
        panic!("not an input error: {e}");
    };
    let got: Vec<String> = errs.0.iter().map(|x| x.to_string()).collect();
    assert_eq!(got, expected);
    nothing_stored(s, a).await;
}

#[tokio::test]
async fn bad_files_are_refused_whole_with_sheet_cell_and_problem() {
    for db in loaded().await {
        let s = &db.store;
        let (a, r) = setup(s).await;
        let dir = tempfile::tempdir().unwrap();
        let measure = |row: [&'static str; 9]| {
            move |wb: &mut Workbook| {
                let m = wb.worksheet_from_name(SHEET_MEASURES).unwrap();
                for (c, v) in row.iter().enumerate() {
                    if !v.is_empty() {
                        m.write_string(1, c as u16, *v).unwrap();
                    }
                }
            }
        };
        let ok = ["Titel", "", "omstallning", "pilot", "100", "", "", "", ""];
        type Case = (Box<dyn FnOnce(&mut Workbook)>, Vec<&'static str>);
        let cases: Vec<Case> = vec![
            // 1. Unknown area.
            (
                Box::new(measure(["BEON", "", "vision-e-halsa", "pilot", "100", "", "", "", ""])),
                vec![
                    "rapport.xlsx: cell Insatser!C2: ”vision-e-halsa” är inget utvecklingsområde i God och nära vård 2019.",
                ],
            ),
            // 2. A status that is not one of the four.
            (
                Box::new(measure(["BEON", "", "omstallning", "klar", "100", "", "", "", ""])),
                vec![
                    "rapport.xlsx: cell Insatser!D2: ”klar” är ingen status. Välj planerad, pilot, breddinförande eller införd.",
                ],
            ),
            // 3. Negative cost.
            (
                Box::new(measure(["BEON", "", "omstallning", "pilot", "-100", "", "", "", ""])),
                vec!["rapport.xlsx: cell Insatser!E2: Beloppet får inte vara negativt (-100)."],
            ),
            // 4. Grant-funded above cost.
            (
                Box::new(measure(["BEON", "", "omstallning", "pilot", "100", "150", "", "", ""])),
                vec![
                    "rapport.xlsx: cell Insatser!F2: Varav statsbidrag (150\u{a0}kr) är större än kostnaden (100\u{a0}kr).",
                ],
            ),
            // 5. Cost as words.
            (
                Box::new(measure([
                    "BEON",
                    "",
                    "omstallning",
                    "pilot",
                    "två miljoner",
                    "",
                    "",
                    "",
                    "",
                ])),
                vec![
                    "rapport.xlsx: cell Insatser!E2: ”två miljoner” är inget belopp. Skriv hela kronor, t.ex. 250 000.",
                ],
            ),
            // 6. Fractional kronor.
            (
                Box::new(measure(["BEON", "", "omstallning", "pilot", "100,5", "", "", "", ""])),
                vec!["rapport.xlsx: cell Insatser!E2: Beloppet ska vara hela kronor, inte 100,5."],
            ),
            // 7. A bad period.
            (
                Box::new(measure([
                    "BEON",
                    "",
                    "omstallning",
                    "pilot",
                    "100",
                    "",
                    "2020–2019",
                    "",
                    "",
                ])),
                vec![
                    "rapport.xlsx: cell Insatser!G2: ”2020–2019” är ingen period. Skriv ett år, t.ex. 2019, eller ett spann, t.ex. 2018–2019.",
                ],
            ),
            // 8. A row without title, area, status and cost.
            (
                Box::new(measure(["", "Bara en beskrivning", "", "", "", "", "", "", ""])),
                vec![
                    "rapport.xlsx: cell Insatser!A2: Titel saknas.",
                    "rapport.xlsx: cell Insatser!C2: Utvecklingsområde saknas (välj i listan).",
                    "rapport.xlsx: cell Insatser!D2: Status saknas (välj i listan).",
                    "rapport.xlsx: cell Insatser!E2: Kostnad saknas (skriv 0 om insatsen inte kostat något).",
                ],
            ),
            // 9. A header changed.
            (
                Box::new(move |wb: &mut Workbook| {
                    measure(ok)(wb);
                    let m = wb.worksheet_from_name(SHEET_MEASURES).unwrap();
                    m.write_string(0, 3, "Läge").unwrap();
                }),
                vec!["rapport.xlsx: cell Insatser!D1: Rubriken ska vara ”Status”, inte ”Läge”. Ändra inte rubrikerna."],
            ),
            // 10. The agreement cell changed.
            (
                Box::new(move |wb: &mut Workbook| {
                    measure(ok)(wb);
                    let i = wb.worksheet_from_name(SHEET_INSTRUCTIONS).unwrap();
                    i.write_string(2, 1, "god-och-nara-vard-2030").unwrap();
                }),
                vec![
                    "rapport.xlsx: cell Instruktioner!B3: ”god-och-nara-vard-2030” är ingen känd överenskommelse. Filen måste vara en mall från uppsikt reports template.",
                ],
            ),
            // 11. The region cell changed.
            (
                Box::new(move |wb: &mut Workbook| {
                    measure(ok)(wb);
                    let i = wb.worksheet_from_name(SHEET_INSTRUCTIONS).unwrap();
                    i.write_string(3, 1, "Värmland").unwrap();
                }),
                vec!["rapport.xlsx: cell Instruktioner!B4: ”Värmland” är ingen regionkod (två siffror, t.ex. 17)."],
            ),
            // 12. One bad row among good ones: the good rows are not stored either.
            (
                Box::new(move |wb: &mut Workbook| {
                    good(wb);
                    let m = wb.worksheet_from_name(SHEET_MEASURES).unwrap();
                    m.write_string(7, 0, "Mobila team").unwrap();
                    m.write_string(7, 2, "omstallning").unwrap();
                    m.write_string(7, 3, "pilot").unwrap();
                }),
                vec!["rapport.xlsx: cell Insatser!E8: Kostnad saknas (skriv 0 om insatsen inte kostat något)."],
            ),
        ];
        for (fill, expected) in cases {
            let path = filled(dir.path(), &a, &r, fill);
            refused(s, &a, &path, &expected).await;
        }

        // 13. A sheet removed: a workbook without Insatser.
        let path = dir.path().join("rapport.xlsx");
        let mut wb = Workbook::new();
        wb.add_worksheet().set_name(SHEET_INSTRUCTIONS).unwrap();
        wb.add_worksheet().set_name(SHEET_QUESTIONS).unwrap();
        wb.save(&path).unwrap();
        refused(
            s,
            &a,
            &path,
            &["rapport.xlsx: Bladet ”Insatser” saknas i filen. Använd mallen från uppsikt reports template."],
        )
        .await;

        // 14. Not a spreadsheet at all.
        std::fs::write(&path, "Titel;Status\nBEON;införd\n").unwrap();
        refused(
            s,
            &a,
            &path,
            &["rapport.xlsx: Filen går inte att läsa som en Excel-arbetsbok (.xlsx). Använd mallen från uppsikt reports template."],
        )
        .await;

        // 14b. A zip bomb: 110 kB that unpack to 110 MB, refused by what it unpacks to.
        let bomb = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/zip-bomb.xlsx");
        refused(
            s,
            &a,
            Path::new(bomb),
            &["zip-bomb.xlsx: Filen packas upp till mer än 100 MB och tas inte emot; en ifylld mall är långt mindre. Kontrollera att det är rätt fil."],
        )
        .await;

        // 15. A valid file for a region the actor does not coordinate: refused, nothing stored.
        let path = filled(dir.path(), &a, &r, good);
        let other = Actor::new("karin", "region:18".parse().unwrap());
        let e = reports::import_template(s, &other, AT, &path).await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "Rollen regionsamordnare (18) får bara hantera sin egen regions redovisning, inte region 17."
        );
        nothing_stored(s, &a).await;
        db.finish().await.unwrap();
    }
}

#[tokio::test]
async fn measures_import_from_swedish_and_plain_csv() {
    for db in loaded().await {
        let s = &db.store;
        let (a, r) = setup(s).await;
        let dir = tempfile::tempdir().unwrap();
        let swedish = dir.path().join("insatser.csv");
        // As Swedish Excel saves "CSV (semikolonavgränsad)": Windows-1252, `;`, decimal comma.
        let text = "Titel;Beskrivning;Utvecklingsområde;Status;Kostnad (kr);Varav statsbidrag (kr);Period;Resultat;Målgrupp\r\n\
                    BEON;;omstallning;införd;2 500 000,00;2000000;2017–2019;;\r\n\
                    Mobila team;Hembesök;tillganglighet;pilot;750000;;2019;;Äldre\r\n";
        let cp1252: Vec<u8> = text
            .chars()
            .map(|c| match c {
                '–' => 0x96,
                c => u8::try_from(c as u32).expect("latin-1"),
            })
            .collect();
        std::fs::write(&swedish, cp1252).unwrap();
        let saved = reports::import_measures_csv(s, &coordinator(), AT, &swedish, &a, r.code)
            .await
            .unwrap();
        let m = &saved.report.content.measures;
        assert_eq!(m.len(), 2);
        assert_eq!(
            (m[0].cost, m[0].grant_funded),
            (Some(Sek(2_500_000)), Some(Sek(2_000_000)))
        );
        assert_eq!(m[0].period, Some(Period { from: 2017, to: 2019 }));
        assert_eq!(m[1].target_group.as_deref(), Some("Äldre"));

        let plain = dir.path().join("plain.csv");
        std::fs::write(
            &plain,
            "Titel,Utvecklingsområde,Status,Kostnad (kr)\nBEON,omstallning,inford,2500000\n",
        )
        .unwrap();
        let saved = reports::import_measures_csv(s, &coordinator(), AT, &plain, &a, r.code)
            .await
            .unwrap();
        assert_eq!(saved.report.content.measures.len(), 1);
        let version = saved.report.version;

        // Bad CSV: every problem with row and column, and nothing changed.
        std::fs::write(
            &plain,
            "Titel;Utvecklingsområde;Status;Kostnad (kr)\nBEON;omstallning;inford;-1\n;okänt;inford;5\n",
        )
        .unwrap();
        let e = reports::import_measures_csv(s, &coordinator(), AT, &plain, &a, r.code)
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "plain.csv: 3 fel – inget har sparats:\n  \
             plain.csv: rad 2, kolumn ”Kostnad (kr)”: Beloppet får inte vara negativt (-1).\n  \
             plain.csv: rad 3, kolumn ”Titel”: Titel saknas.\n  \
             plain.csv: rad 3, kolumn ”Utvecklingsområde”: ”okänt” är inget utvecklingsområde i God och nära vård 2019.\n"
        );
        std::fs::write(&plain, "Namn;Kostnad\nBEON;1\n").unwrap();
        let e = reports::import_measures_csv(s, &coordinator(), AT, &plain, &a, r.code)
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "plain.csv: 1 fel – inget har sparats:\n  plain.csv: rad 1: Kolumnen ”Titel”, ”Utvecklingsområde”, \
             ”Status”, ”Kostnad (kr)” saknas. Rubrikerna ska vara desamma som på mallens blad Insatser.\n"
        );
        let after = reports::get(s, &a.id, r.code).await.unwrap().unwrap();
        assert_eq!(after.version, version);
        db.finish().await.unwrap();
    }
}
