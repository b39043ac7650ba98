//! `uppsikt reports` and `uppsikt audit` as a user runs them: the real binary
//! on a temporary data directory, from template to approval and the audit trail.

mod common;

use common::{stderr, stdout, uppsikt, with};

const A: &str = "god-och-nara-vard-2019";
const KARIN: [&str; 4] = ["--as", "karin", "--role", "region:17"];
const ANNA: [&str; 4] = ["--as", "anna", "--role", "analyst"];

#[test]
fn a_region_reports_by_template_and_csv_and_the_agency_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout(&uppsikt(d, &["init"]));
    // Who acts is an account, with the account's role.
    for account in [
        &["karin", "--role", "region", "--region", "17"][..],
        &["anna", "--role", "analyst"],
        &["adam", "--role", "admin"],
    ] {
        stdout(&uppsikt(d, &with(&["users", "add"], account)));
    }

    // The template is written and, blank, refused as empty.
    let xlsx = d.join("mall.xlsx");
    let out = stdout(&uppsikt(
        d,
        &[
            "reports",
            "template",
            A,
            "--region",
            "17",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    ));
    assert!(
        out.starts_with("Mall för Värmland (God och nära vård 2019) skriven till"),
        "{out}"
    );
    let err = stderr(&uppsikt(
        d,
        &with(&["reports", "import", xlsx.to_str().unwrap()], &KARIN),
    ));
    assert_eq!(
        err,
        "fel: mall.xlsx: 1 fel – inget har sparats:\n  mall.xlsx: Filen innehåller inga svar och inga insatser. \
         Fyll i bladen Frågor och Insatser.\n"
    );

    // A bad CSV names row, column and problem; nothing is stored.
    let csv = d.join("insatser.csv");
    std::fs::write(
        &csv,
        "Titel;Utvecklingsområde;Status;Kostnad (kr);Varav statsbidrag (kr)\n\
         BEON;omstallning;införd;2 500 000,00;3 000 000\n",
    )
    .unwrap();
    let csv_path = csv.to_str().unwrap();
    let import = ["reports", "import", csv_path, "--agreement", A, "--region", "17"];
    let err = stderr(&uppsikt(d, &with(&import, &KARIN)));
    assert_eq!(
        err,
        "fel: insatser.csv: 1 fel – inget har sparats:\n  insatser.csv: rad 2, kolumn ”Varav statsbidrag (kr)”: \
         Varav statsbidrag (3\u{a0}000\u{a0}000\u{a0}kr) är större än kostnaden (2\u{a0}500\u{a0}000\u{a0}kr).\n"
    );
    let out = stdout(&uppsikt(d, &["audit", "--report", &format!("{A}/17")]));
    assert_eq!(out, format!("Ingen ändring registrerad för {A}/17.\n"));

    // The corrected file goes in; the region submits; an analyst approves.
    std::fs::write(
        &csv,
        "Titel;Utvecklingsområde;Status;Kostnad (kr);Varav statsbidrag (kr)\n\
         BEON;omstallning;införd;2 500 000,00;2 000 000\n",
    )
    .unwrap();
    let out = stdout(&uppsikt(d, &with(&import, &KARIN)));
    assert!(
        out.starts_with(&format!(
            "Inläst: {A}/17 med 1 insatser; redovisningen är utkast (version 1)."
        )),
        "{out}"
    );
    let err = stderr(&uppsikt(d, &with(&["reports", "approve", A, "17"], &KARIN)));
    assert_eq!(
        err,
        "fel: Rollen regionsamordnare (17) får inte godkänna redovisningen.\n"
    );
    let out = stdout(&uppsikt(d, &with(&["reports", "submit", A, "17"], &KARIN)));
    assert!(
        out.starts_with(&format!("Redovisningen {A}/17 är nu inlämnad (version 2).")),
        "{out}"
    );
    let out = stdout(&uppsikt(d, &with(&["reports", "approve", A, "17"], &ANNA)));
    assert!(
        out.starts_with(&format!("Redovisningen {A}/17 är nu godkänd (version 3).")),
        "{out}"
    );

    // Locked: a new import is refused until an admin unlocks with a reason.
    let err = stderr(&uppsikt(d, &with(&import, &KARIN)));
    assert_eq!(
        err,
        "fel: Redovisningen är godkänd och låst. Bara en administratör kan öppna den, genom upplåsning med motivering.\n"
    );
    // Nobody gives themselves a role: an account that does not exist, or a
    // role that is not the account's, is refused with nothing changed.
    let unlock = ["reports", "unlock", A, "17", "--reason", "Fel belopp"];
    let nobody = uppsikt(d, &with(&unlock, &["--as", "ingen", "--role", "admin"]));
    assert_eq!(nobody.status.code(), Some(3), "{}", stderr(&nobody));
    let pretends = uppsikt(d, &with(&unlock, &["--as", "anna", "--role", "admin"]));
    assert_eq!(pretends.status.code(), Some(2));
    assert!(
        stderr(&pretends).contains("Kontot ”anna” har rollen analyst"),
        "{}",
        stderr(&pretends)
    );
    let out = stdout(&uppsikt(d, &with(&unlock, &["--as", "adam"])));
    assert!(
        out.starts_with(&format!("Redovisningen {A}/17 är nu återsänd (version 4).")),
        "{out}"
    );

    // Status with reporting rates, the report as JSON, and the audit trail.
    let out = stdout(&uppsikt(d, &["reports", "status", A, "--format", "csv"]));
    assert!(out.starts_with(
        "region,name,state,measures,cost_sek,first_submitted_at,on_time\n01,Stockholm,ej påbörjad,0,,,\n"
    ));
    let varmland = out.lines().find(|l| l.starts_with("17,")).unwrap();
    assert!(varmland.starts_with("17,Värmland,återsänd,1,2500000,"), "{varmland}");
    let out = stdout(&uppsikt(d, &["reports", "status", A]));
    assert!(out.contains("Inlämnade: 1 av 21 (5 %)."), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&uppsikt(d, &["reports", "show", A, "17", "--format", "json"]))).unwrap();
    assert_eq!(json["report"]["state"], "returned");
    assert_eq!(json["report"]["comment"], "Fel belopp");
    assert_eq!(json["report"]["content"]["measures"][0]["grant_funded"], 2_000_000);
    let out = stdout(&uppsikt(
        d,
        &["audit", "--report", &format!("{A}/17"), "--format", "csv"],
    ));
    // Each change made here names the operating-system user beside the account.
    assert!(out.lines().next().unwrap().ends_with(",comment,os_user"), "{out}");
    assert!(out.lines().skip(1).all(|l| !l.ends_with(',')), "{out}");
    let states: Vec<String> = out
        .lines()
        .filter(|l| l.contains(",state,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{} {} {}→{}", f[2], f[7], f[10], f[11])
        })
        .collect();
    assert_eq!(
        states,
        [
            "karin create →draft",
            "karin submit draft→submitted",
            "anna approve submitted→approved",
            "adam unlock approved→returned",
        ]
    );
}

#[test]
fn demo_reports_show_their_sources_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout(&uppsikt(d, &["demo"]));
    let out = stdout(&uppsikt(d, &["reports", "status", "professionsmiljarden-2017"]));
    assert!(out.contains("Inlämnade: 21 av 21 (100 %)."), "{out}");
    assert!(out.contains("ingen sista dag fastställd. Godkända: 21."), "{out}");
    let out = stdout(&uppsikt(d, &["reports", "show", "professionsmiljarden-2017", "04"]));
    assert!(
        out.contains("Källa: Sjukhusläkaren: Miljoner ur professionsmiljard till digital vård – men forskare efterlyser evidens, 18.Landstinget Sörmland [004_4b1049023f6152cb.txt]"),
        "{out}"
    );
    assert!(out.contains("fel [spent-unit-low]: Sörmland:"), "{out}");
    let out = stdout(&uppsikt(d, &["reports", "show", A, "18"]));
    assert!(out.contains("Integrerad beteendehälsa"), "{out}");
    assert!(
        out.contains("Uppföljning av omställningen till en mer nära vård (2020), Sammanhållen vård vid psykisk ohälsa [003_5657a20afd33756f.txt]"),
        "{out}"
    );
}
