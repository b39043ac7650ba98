//! `uppsikt backup` and `uppsikt restore`, run as an operator runs them:
//! demo → backup while the server runs → restore on the other backend →
//! every table identical → back again → the server starts on the result.
//! Damaged, newer and misplaced input is refused with nothing written.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use common::{Target, dump, get, ok, serve, stderr, uppsikt};
use uppsikt_store::Location;

uppsikt_store::postgres_backend_test!();

fn sqlite(dir: &Path) -> Location {
    Location {
        data_dir: dir.to_path_buf(),
        database_url: None,
    }
}

/// A restore target on the other backend: a fresh PostgreSQL database, or
/// (built without one) SQLite.
fn other_backend() -> Target {
    Target::postgres().unwrap_or_else(Target::sqlite)
}

#[test]
fn demo_round_trips_through_both_backends() {
    let a = tempfile::tempdir().unwrap();
    ok(a.path(), &["demo", "--no-serve"]);
    assert!(
        a.path().join("rapport/2020/report.pdf").exists(),
        "the demo publishes a report"
    );
    let files = tempfile::tempdir().unwrap();
    let first = files.path().join("a.uppsikt-backup");
    let first = first.to_str().unwrap();

    // Taken while the server runs on the same data directory.
    let (mut server, port) = serve(a.path());
    assert_eq!(get(port, "/"), "HTTP/1.1 200 OK");
    let written = ok(a.path(), &["backup", "--out", first]);
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(written.contains("Säkerhetskopia skriven till"), "{written}");
    assert_private(Path::new(first));
    let verified = ok(a.path(), &["backup", "--verify", first]);
    assert!(
        verified.contains("är hel") && verified.contains("från SQLite"),
        "{verified}"
    );

    // SQLite → PostgreSQL: every table identical, the published reports along.
    let original = dump(sqlite(a.path()));
    assert!(original.iter().any(|(t, rows)| t == "audit_log" && !rows.is_empty()));
    assert!(original.iter().any(|(t, rows)| t == "qual_codings" && !rows.is_empty()));
    let pg = other_backend();
    let restored = pg.ok(&["restore", first]);
    assert!(restored.contains("Återställd från"), "{restored}");
    assert_same(&original, &pg.dump());
    assert_eq!(
        std::fs::read(pg.dir.path().join("rapport/2020/report.pdf")).unwrap(),
        std::fs::read(a.path().join("rapport/2020/report.pdf")).unwrap()
    );
    assert!(!pg.dir.path().join("search").exists(), "derived data stays out");

    // PostgreSQL → SQLite, then the server starts on it and sees the data.
    let second = files.path().join("b.uppsikt-backup");
    let second = second.to_str().unwrap();
    pg.ok(&["backup", "--out", second]);
    let b = tempfile::tempdir().unwrap();
    ok(b.path(), &["restore", second]);
    assert_same(&original, &dump(sqlite(b.path())));
    let (mut server, port) = serve(b.path());
    assert_eq!(get(port, "/"), "HTTP/1.1 200 OK");
    assert_eq!(get(port, "/rapport/2020.pdf"), "HTTP/1.1 200 OK");
    server.kill().unwrap();
    server.wait().unwrap();

    // The restored databases take new writes: on PostgreSQL the audit
    // trail's identity continues after the restored ids.
    let unlock = [
        "reports",
        "unlock",
        "professionsmiljarden-2017",
        "01",
        "--reason",
        "Rättelse efter återställning",
        "--as",
        "demo-admin",
        "--role",
        "admin",
    ];
    pg.ok(&unlock);
    ok(b.path(), &unlock);
    let audit_rows = |d: &[(String, Vec<String>)]| d.iter().find(|(t, _)| t == "audit_log").map(|(_, r)| r.len());
    assert!(audit_rows(&pg.dump()) > audit_rows(&original));

    // A target that holds data is refused.
    let again = uppsikt(b.path(), &["restore", first]);
    assert_eq!(again.status.code(), Some(4));
    assert!(stderr(&again).contains("är inte tom"));
}

#[test]
fn damaged_newer_and_outside_files_are_refused_with_nothing_written() {
    let a = tempfile::tempdir().unwrap();
    ok(a.path(), &["init"]);
    std::fs::create_dir_all(a.path().join("rapport/2019")).unwrap();
    std::fs::write(a.path().join("rapport/2019/report.html"), "<p>2019</p>").unwrap();
    let files = tempfile::tempdir().unwrap();
    let good = files.path().join("good.zip");
    ok(a.path(), &["backup", "--out", good.to_str().unwrap()]);

    let refused = |file: &Path, code: i32, says: &str| {
        let target = tempfile::tempdir().unwrap();
        let out = uppsikt(target.path(), &["restore", file.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = stderr(&out);
        assert!(err.contains(says) && err.contains("Inget har skrivits"), "{err}");
        assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 0, "nothing written");
        let verify = uppsikt(target.path(), &["backup", "--verify", file.to_str().unwrap()]);
        assert_eq!(verify.status.code(), Some(code));
    };

    // One changed byte in a table's rows.
    let damaged = files.path().join("damaged.zip");
    rewrite(&good, &damaged, |name, bytes, _| {
        if name == "tables/regions.jsonl" {
            let i = bytes.iter().position(|b| b.is_ascii_digit()).unwrap();
            bytes[i] = if bytes[i] == b'9' { b'8' } else { bytes[i] + 1 };
        }
    });
    refused(&damaged, 5, "kontrollsumman för tables/regions.jsonl stämmer inte");

    // Cut short.
    let cut = files.path().join("cut.zip");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    refused(&cut, 5, "ingen hel säkerhetskopia");

    // From a newer Uppsikt.
    let newer = files.path().join("newer.zip");
    rewrite(&good, &newer, |name, bytes, _| {
        if name == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            m["schema_version"] = 99_999_999_999_999i64.into();
            *bytes = serde_json::to_vec(&m).unwrap();
        }
    });
    refused(&newer, 5, "schemaversion 99999999999999");

    // A file name that climbs out of the data directory.
    let outside = files.path().join("outside.zip");
    rewrite(&good, &outside, |name, bytes, renamed| {
        if name == "manifest.json" {
            let text = String::from_utf8(bytes.clone()).unwrap();
            *bytes = text
                .replace("rapport/2019/report.html", "../rapport/report.html")
                .into_bytes();
        } else if name == "files/rapport/2019/report.html" {
            *renamed = Some("files/../rapport/report.html".to_string());
        }
    });
    refused(&outside, 5, "pekar utanför datakatalogen");

    // The good one restores, files and all.
    let target = tempfile::tempdir().unwrap();
    ok(target.path(), &["restore", good.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(target.path().join("rapport/2019/report.html")).unwrap(),
        "<p>2019</p>"
    );
    assert_same(&dump(sqlite(a.path())), &dump(sqlite(target.path())));
}

/// Copies the zip at `from` to `to`, letting `change` edit (and rename) each entry.
fn rewrite(from: &Path, to: &Path, change: impl Fn(&str, &mut Vec<u8>, &mut Option<String>)) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        let mut renamed = None;
        change(&name, &mut bytes, &mut renamed);
        out.start_file(renamed.unwrap_or(name), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

fn assert_same(a: &[(String, Vec<String>)], b: &[(String, Vec<String>)]) {
    let names = |d: &[(String, Vec<String>)]| d.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "the same tables");
    for ((table, x), (_, y)) in a.iter().zip(b) {
        assert_eq!(x.len(), y.len(), "rows of {table}");
        if let Some((l, r)) = x.iter().zip(y).find(|(l, r)| l != r) {
            panic!("{table} differs:\n  {l}\n  {r}");
        }
    }
}

#[cfg(unix)]
fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "a backup holds password hashes: owner only");
}
