//! `uppsikt survey …` end to end: the real binary on a fresh data directory.

mod common;

use common::{ok, uppsikt};

const ID: &str = "kommunenkat-2019";

#[test]
fn survey_commands_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    ok(&dir, &["init"]);

    // Results before any answers: every code listed with zero counts.
    let empty = ok(&dir, &["survey", "results", ID, "--format", "csv"]);
    assert!(empty.starts_with("question,answer,count,answered,percent\n"), "{empty}");
    assert!(empty.contains("\nq2a,nej,0,0,\n"), "{empty}");
    assert_eq!(empty.lines().count(), 1 + 42);

    // The population: all 290 unless set; set to two regions and back.
    let population = ok(&dir, &["survey", "population", ID, "--format", "csv"]);
    assert!(
        population.starts_with("municipality,name,region\n0114,Upplands Väsby,01\n"),
        "{population}"
    );
    assert_eq!(population.lines().count(), 1 + 290);
    let set = ok(&dir, &["survey", "population", ID, "--regions", "01,25"]);
    assert!(set.contains("skickas nu till 40 kommuner"), "{set}");
    let status = ok(&dir, &["survey", "status", ID, "--format", "json"]);
    assert!(status.contains("\"population\": 40"), "{status}");
    let refused = uppsikt(&dir, &["survey", "population", ID, "--regions", "99"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("”99”"), "{refused:?}");
    let both = uppsikt(&dir, &["survey", "population", ID, "--all", "--regions", "01"]);
    assert_eq!(both.status.code(), Some(2));
    ok(&dir, &["survey", "population", ID, "--all"]);

    let invited = ok(&dir, &["survey", "invite", ID, "--format", "csv"]);
    assert_eq!(invited.lines().count(), 1 + 290);
    assert!(invited.starts_with("municipality,name,token\n"));
    // No link is ever in the database: a lost one is replaced, not read back.
    let line = invited.lines().find(|l| l.starts_with("1780,")).unwrap();
    let old_token = line.rsplit(',').next().unwrap();
    let stored: Vec<u8> = ["uppsikt.sqlite", "uppsikt.sqlite-wal"]
        .iter()
        .flat_map(|f| std::fs::read(dir.join(f)).unwrap_or_default())
        .collect();
    assert!(
        !String::from_utf8_lossy(&stored).contains(old_token),
        "a token in clear in the database"
    );
    let fresh = ok(&dir, &["survey", "new-link", ID, "1780"]);
    assert!(fresh.contains("/enkat/") && !fresh.contains(old_token), "{fresh}");
    let refused = uppsikt(&dir, &["survey", "new-link", ID, "9999"]);
    assert_eq!(refused.status.code(), Some(2));
    let pending = ok(&dir, &["survey", "pending", ID, "--format", "csv"]);
    assert_eq!(pending.lines().count(), 1 + 290);

    let good = tmp.path().join("svar.csv");
    std::fs::write(
        &good,
        "kommun,q1_politisk,q2,q2a,q3_sjukskoterska,q4\n\
         0114,ja,nej,ja,brist,Hyrpersonal.\n\
         1280,nej,ja,,balans,\n\
         2584,ja,nej,nej,brist,\n",
    )
    .unwrap();
    let msg = ok(&dir, &["survey", "import", ID, good.to_str().unwrap()]);
    assert!(msg.contains("3 kommuners svar"), "{msg}");

    // A file with a contract error is refused whole, naming row and column.
    let bad = tmp.path().join("fel.csv");
    std::fs::write(&bad, "kommun,q2,q2a\n0180,nej,ja\n0181,ja,ja\n").unwrap();
    let out = uppsikt(&dir, &["survey", "import", ID, bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("inget har sparats"), "{err}");
    assert!(
        err.contains("rad 3, kolumn ”q2a”: Frågan ställs bara när q2 = nej, men q2 är ”ja”."),
        "{err}"
    );

    let status = ok(&dir, &["survey", "status", ID, "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status[0]["invited"], 290);
    assert_eq!(status[0]["responded"], 3, "the refused file added nothing");
    assert_eq!(status[0]["response_rate"], 1.0);

    let csv = ok(&dir, &["survey", "results", ID, "--format", "csv"]);
    assert!(csv.contains("\nq2,ja,1,3,33.3\n"), "{csv}");
    assert!(csv.contains("\nq2,nej,2,3,66.7\n"), "{csv}");
    assert!(csv.contains("\nq2a,ja,1,2,50.0\n"), "{csv}");
    assert!(csv.contains("\nq3_sjukskoterska,overskott,0,3,0.0\n"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&dir, &["survey", "results", ID, "--format", "json"])).unwrap();
    assert_eq!(json[0]["percent"], 66.7, "q1_politisk ja: 2 of 3");

    let by_region = ok(&dir, &["survey", "results", ID, "--by", "region", "--format", "csv"]);
    assert!(by_region.starts_with("region,region_name,question,answer,count,answered,percent\n"));
    assert!(by_region.contains("\n25,Norrbotten,q2a,nej,1,1,100.0\n"), "{by_region}");

    let free = ok(&dir, &["survey", "freetext", ID, "--format", "csv"]);
    assert!(
        free.contains("q4,") && free.contains("0114,Upplands Väsby,Hyrpersonal.,false"),
        "{free}"
    );

    let pending = ok(&dir, &["survey", "pending", ID, "--format", "csv", "--mark-reminded"]);
    assert_eq!(pending.lines().count(), 1 + 287);

    // Export round trip: the CSV re-imports unchanged.
    let export = tmp.path().join("export.csv");
    ok(
        &dir,
        &[
            "survey",
            "export",
            ID,
            "--format",
            "csv",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    let exported = std::fs::read_to_string(&export).unwrap();
    assert!(exported.starts_with("kommun,q1_politisk,q1_ledning,"), "{exported}");
    assert_eq!(exported.lines().count(), 4);
    ok(&dir, &["survey", "import", ID, export.to_str().unwrap()]);
    assert_eq!(ok(&dir, &["survey", "results", ID, "--format", "csv"]), csv);

    // A free text a spreadsheet would run as a formula goes out neutralised
    // (OWASP CSV injection) and comes back in as it was written.
    let formula = tmp.path().join("formel.csv");
    std::fs::write(&formula, "kommun,q4\n0114,\"=HYPERLINK(\"\"http://x\"\")\"\n").unwrap();
    ok(&dir, &["survey", "import", ID, formula.to_str().unwrap()]);
    let free = ok(&dir, &["survey", "freetext", ID, "--format", "csv"]);
    assert!(free.contains("'=HYPERLINK") && !free.contains(",=HYPERLINK"), "{free}");
    let export2 = tmp.path().join("export2.csv");
    ok(
        &dir,
        &[
            "survey",
            "export",
            ID,
            "--format",
            "csv",
            "--out",
            export2.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read_to_string(&export2).unwrap().contains("'=HYPERLINK"));
    ok(&dir, &["survey", "import", ID, export2.to_str().unwrap()]);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&dir, &["survey", "freetext", ID, "--format", "json"])).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|f| f["text"] == "=HYPERLINK(\"http://x\")"),
        "the round trip keeps the text: {json}"
    );

    let xlsx = tmp.path().join("svar.xlsx");
    ok(
        &dir,
        &[
            "survey",
            "export",
            ID,
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&xlsx).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");

    ok(&dir, &["survey", "open", ID]);
    ok(&dir, &["survey", "close", ID]);
    let out = uppsikt(&dir, &["survey", "close", ID]);
    assert!(!out.status.success());
    let out = uppsikt(&dir, &["survey", "status", "enkat-1999"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Enkäten ”enkat-1999” finns inte. Kända: kommunenkat-2019."));
}

#[test]
fn demo_shows_the_published_numbers_and_says_they_are_reconstructed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let demo = ok(&dir, &["demo"]);
    assert!(demo.contains("226 rekonstruerade (syntetiska) svar"), "{demo}");

    let out = uppsikt(&dir, &["survey", "results", ID, "--format", "csv"]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let note = String::from_utf8(out.stderr).unwrap();
    assert!(note.contains("226 av svaren är en REKONSTRUKTION"), "{note}");
    for line in [
        "q1_politisk,ja,84,221,38.0",
        "q1_ledning,ja,107,223,48.0",
        "q1_verksamhetschef,ja,82,222,36.9",
        "q1_profession,ja,68,220,30.9",
        "q2,ja,62,225,27.6",
        "q2,nej,163,225,72.4",
        "q2a,ja,96,163,58.9",
        "q3_sjukskoterska,brist,132,226,58.4",
        "q3_specialistsjukskoterska,finns_ej,14,226,6.2",
        "q3_farmaceut,overskott,0,225,0.0",
        "q3_dietist,finns_ej,177,226,78.3",
    ] {
        assert!(csv.lines().any(|l| l == line), "missing {line} in\n{csv}");
    }
    let status: serde_json::Value =
        serde_json::from_str(&ok(&dir, &["survey", "status", ID, "--format", "json"])).unwrap();
    assert_eq!(
        (&status[0]["invited"], &status[0]["responded"], &status[0]["synthetic"]),
        (
            &serde_json::json!(290),
            &serde_json::json!(226),
            &serde_json::json!(226)
        )
    );
    assert_eq!(status[0]["response_rate"], 77.9);
    let pending = ok(&dir, &["survey", "pending", ID, "--format", "csv"]);
    assert_eq!(pending.lines().count(), 1 + 64);

    // The export carries the provenance in every row of the workbook's data and in the CSV's notice.
    let out = uppsikt(&dir, &["survey", "export", ID, "--format", "csv"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("REKONSTRUKTION"));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1 + 226);
}
