//! The message catalogue: every text a user reads, in one TOML file per
//! language (`sv.toml`), read into typed sections so that a missing or
//! misspelt key fails the tests (and the program's start), never a page.
//!
//! Web pages, API errors, import errors, CLI output and CLI errors all take
//! their words from here. Texts with variable parts are templates with named
//! placeholders (`{region}`), filled with [`tr!`](crate::tr):
//!
//! ```
//! use uppsikt_domain::tr;
//! let m = tr!(codes.unknown_region, code = "02");
//! assert!(m.starts_with("”02” är ingen länskod."));
//! ```
//!
//! Swedish is the only language so far; English would be a second file and a
//! `match` in [`catalogue`].

mod sections;

use std::fmt::{Display, Write};
use std::sync::OnceLock;

pub use sections::*;

/// The Swedish catalogue (`sv.toml`, embedded in the binary).
pub const SV_TOML: &str = include_str!("sv.toml");

/// Parses a catalogue; the error names the key that is missing or unknown.
pub fn parse(text: &str) -> Result<Messages, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| format!("message catalogue: {e}"))?;
    Messages::from_table(table).map_err(|e| format!("message catalogue: {e}"))
}

/// The Swedish messages, parsed once.
pub fn sv() -> &'static Messages {
    static SV: OnceLock<Messages> = OnceLock::new();
    SV.get_or_init(|| parse(SV_TOML).expect("sv.toml is complete (tested)"))
}

/// The catalogue for a language code; Swedish is the default and the only one yet.
pub fn catalogue(_lang: &str) -> &'static Messages {
    sv()
}

/// Fills the `{name}` placeholders of `template` with `args`.
///
/// A placeholder without an argument, or an argument without a placeholder,
/// is a programming error: debug builds (and so every test) panic on it,
/// release builds leave the placeholder visible rather than lose the message.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut used = vec![false; args.len()];
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        match args.iter().position(|(n, _)| *n == name) {
            Some(i) => {
                used[i] = true;
                let _ = write!(out, "{}", args[i].1);
            }
            None => {
                debug_assert!(false, "message placeholder {{{name}}} has no argument in: {template}");
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    debug_assert!(
        used.iter().all(|u| *u),
        "message arguments {:?} are not all used in: {template}",
        args.iter().map(|(n, _)| *n).collect::<Vec<_>>()
    );
    out
}

/// A message of the Swedish catalogue with its placeholders filled:
/// `tr!(section.key)` or `tr!(section.key, name = value, …)`. The key is a
/// field path, so a misspelt one does not compile.
#[macro_export]
macro_rules! tr {
    ($($key:ident).+) => {
        $crate::i18n::fill(&$crate::i18n::sv().$($key).+, &[])
    };
    ($($key:ident).+, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::fill(
            &$crate::i18n::sv().$($key).+,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_swedish_catalogue_is_complete() {
        let m = parse(SV_TOML).unwrap();
        assert_eq!(m.lang, "sv");
        assert_eq!(m.common.dash, "–");
    }

    #[test]
    fn a_missing_key_is_named() {
        let broken = SV_TOML.replace("\nsubmit =", "\nsubmitt =");
        let e = parse(&broken).unwrap_err();
        assert!(e.contains("submit"), "{e}");
    }

    #[test]
    fn an_unknown_key_and_a_wrong_type_are_named_with_their_section() {
        let unknown = SV_TOML.replace("\n[nav]\n", "\n[nav]\nhemm = \"Hem\"\n");
        assert_eq!(
            parse(&unknown).unwrap_err(),
            "message catalogue: unknown key `nav.hemm`"
        );
        let number = SV_TOML.replace("\n[nav]\n", "\n[nav]\nhome = 1\n");
        let e = parse(&number.replacen("\nhome = \"", "\nhome_x = \"", 1)).unwrap_err();
        assert!(e.contains("nav.home") && e.contains("must be a string"), "{e}");
    }

    #[test]
    fn the_action_section_reads_its_keyword_key_return() {
        let m = parse(SV_TOML).unwrap();
        assert!(!m.action.r#return.label.is_empty());
        let broken = SV_TOML.replace("\n[action.return]\n", "\n[action.returned]\n");
        let e = parse(&broken).unwrap_err();
        assert!(e.contains("action.return"), "{e}");
    }

    #[test]
    fn fills_named_placeholders() {
        assert_eq!(
            fill("rad {row}, kolumn {col}", &[("col", &"B"), ("row", &7)]),
            "rad 7, kolumn B"
        );
        assert_eq!(fill("inga platshållare", &[]), "inga platshållare");
        assert_eq!(fill("{a}{a}", &[("a", &1)]), "11");
    }

    #[test]
    #[should_panic(expected = "has no argument")]
    fn a_placeholder_without_argument_panics_in_tests() {
        fill("rad {row}", &[]);
    }

    #[test]
    #[should_panic(expected = "not all used")]
    fn an_unused_argument_panics_in_tests() {
        fill("rad", &[("row", &1)]);
    }
}
