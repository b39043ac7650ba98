//! The language rule (ARCHITECTURE.md, "The vocabulary"): what a person
//! reads comes from the catalogue, so no source outside it prints words of
//! its own. This scans the workspace's non-test code for the three ways text
//! reaches a user without the catalogue: a print or write macro with words in
//! its format string, a `#[error("…")]` with words, and a web error built
//! from a string literal.

use std::path::{Path, PathBuf};

/// Files whose words are for operators or tools, not for users.
const EXEMPT: &[&str] = &[
    // Test harness: operator warnings.
    "store/src/testing.rs",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its `#[cfg(test)]` module (by convention the file's tail).
fn non_test(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// Whether a format string holds a word outside its `{…}` placeholders.
fn has_words(format: &str) -> bool {
    let mut outside = String::new();
    let mut depth = 0;
    for c in format.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let outside = outside.replace("\\n", " ").replace("\\t", " ");
    outside
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 2)
}

/// The string literal right after `start` in `code`, if the call begins with one.
fn literal_after(code: &str, start: usize) -> Option<&str> {
    let rest = code[start..].trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(&rest[..end])
}

#[test]
fn no_user_facing_words_outside_the_catalogue() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    for krate in ["cli", "web", "store", "engine", "annual_report", "domain", "files"] {
        sources(&crates.join(krate).join("src"), &mut files);
    }
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut offences = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(crates).unwrap().to_string_lossy().replace('\\', "/");
        if EXEMPT.contains(&rel.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let code = non_test(&text);
        for (i, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            for mac in ["println!(", "eprintln!(", "print!(", "eprint!(", "#[error("] {
                let literal = line.find(mac).and_then(|at| literal_after(line, at + mac.len()));
                if literal.is_some_and(has_words) {
                    offences.push(format!("{rel}:{}: {}", i + 1, line.trim()));
                }
            }
            for variant in ["AppError::BadRequest(", "AppError::Invalid(", "AppError::Conflict("] {
                if line
                    .find(variant)
                    .is_some_and(|at| literal_after(line, at + variant.len()).is_some())
                {
                    offences.push(format!("{rel}:{}: {}", i + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "text for users belongs in crates/domain/src/i18n/sv.toml (use tr!):\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    assert!(has_words("Saved {n} rows"));
    assert!(has_words("fel: {error}"));
    assert!(!has_words("{}"));
    assert!(!has_words("{name}: {value}\\n"));
    assert_eq!(literal_after("println!(  \"x {a}\", a)", 9), Some("x {a}"));
    assert_eq!(literal_after("println!(tr!(cli.x))", 9), None);
}
