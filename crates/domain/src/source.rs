//! Where a record came from. Every record taken from the seed texts keeps one.

use serde::{Deserialize, Serialize};

/// The origin of a record: a seed file and the table or section in it, with
/// the quoted text where there is one. Synthetic records say so in `seed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// File name of the source text, e.g. `004_4b1049023f6152cb.txt`, or `syntetisk`.
    pub seed: String,
    /// Table or section, e.g. `Tabell 2` or `2.Region Skåne`.
    pub section: String,
    /// The exact words the record was read from, when it is one line of text.
    pub quote: Option<String>,
}

/// The seed of the 2019 national follow-up report (Socialstyrelsen 2020).
pub const SEED_FOLLOW_UP_2020: &str = "003_5657a20afd33756f.txt";
/// The seed with the regions' 2017 spending of professionsmiljarden (Sjukhusläkaren).
pub const SEED_SPENDING_2017: &str = "004_4b1049023f6152cb.txt";
/// The seed with the facts box on professionsmiljarden (Socialstyrelsen news item).
pub const SEED_FACTS_PROFESSIONSMILJARDEN: &str = "000_08079acd0ec8ba1d.txt";
/// The seed with SKL's and the government's agreement on the first professionsmiljarden.
pub const SEED_AGREEMENT_PROFESSIONSMILJARDEN: &str = "001_7df0335ecd7d2eb2.txt";
/// The seed with Socialstyrelsen's page on its follow-up of professionsmiljarden.
pub const SEED_ASSIGNMENT_PROFESSIONSMILJARDEN: &str = "002_b72138c43648f5a9.txt";

/// A publication a seed text was taken from, as a reader cites it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publication {
    /// The seed file holding its text.
    pub seed: &'static str,
    /// Who published it.
    pub publisher: &'static str,
    /// Its title, as printed.
    pub title: &'static str,
    /// The year it was published, where the text states it.
    pub year: Option<u16>,
}

/// The publications behind the seed texts (`../shared/seeds/`), read off their first lines.
pub const PUBLICATIONS: [Publication; 5] = [
    Publication {
        seed: SEED_FACTS_PROFESSIONSMILJARDEN,
        publisher: "Socialstyrelsen",
        title: "Så användes den första professionsmiljarden",
        year: None,
    },
    Publication {
        seed: SEED_AGREEMENT_PROFESSIONSMILJARDEN,
        publisher: "Sveriges Kommuner och Landsting",
        title: "En proffsig miljard",
        year: None,
    },
    Publication {
        seed: SEED_ASSIGNMENT_PROFESSIONSMILJARDEN,
        publisher: "Socialstyrelsen",
        title: "Bättre resursutnyttjande i hälso- och sjukvården",
        year: None,
    },
    Publication {
        seed: SEED_FOLLOW_UP_2020,
        publisher: "Socialstyrelsen",
        title: "Uppföljning av omställningen till en mer nära vård",
        year: Some(2020),
    },
    Publication {
        seed: SEED_SPENDING_2017,
        publisher: "Sjukhusläkaren",
        title: "Miljoner ur professionsmiljard till digital vård – men forskare efterlyser evidens",
        year: None,
    },
];

/// The publication of a seed file, if it is one of the seeds.
pub fn publication(seed: &str) -> Option<&'static Publication> {
    PUBLICATIONS.iter().find(|p| p.seed == seed)
}

/// How a reader sees a seed's `section` cited: publisher, title and year,
/// the section, and the file in brackets so it can be found again, e.g.
/// `Socialstyrelsen: Uppföljning av omställningen till en mer nära vård (2020), Tabell 1 [003_5657a20afd33756f.txt]`.
/// A seed that is no known publication is cited by its file name.
pub fn cite(seed: &str, section: &str) -> String {
    let section = if section.is_empty() {
        String::new()
    } else {
        format!(", {section}")
    };
    match publication(seed) {
        Some(p) => {
            let year = p.year.map(|y| format!(" ({y})")).unwrap_or_default();
            format!("{}: {}{year}{section} [{seed}]", p.publisher, p.title)
        }
        None => format!("{seed}{section}"),
    }
}

/// Cites a list of sources written as `FILE (SECTION); FILE; …` (as in
/// `agreements.toml`), each by its publication; see [`cite`].
pub fn cite_all(list: &str) -> String {
    list.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.split_once(" (") {
            Some((seed, rest)) => cite(seed, rest.trim_end_matches(')')),
            None => cite(s, ""),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Source {
    /// The source as a reader cites it; see [`cite`].
    pub fn citation(&self) -> String {
        cite(&self.seed, &self.section)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_cited_by_their_publication_with_the_file_in_brackets() {
        assert_eq!(
            cite(SEED_FOLLOW_UP_2020, "Tabell 1"),
            "Socialstyrelsen: Uppföljning av omställningen till en mer nära vård (2020), Tabell 1 [003_5657a20afd33756f.txt]"
        );
        assert_eq!(cite("annan.txt", "Tabell 2"), "annan.txt, Tabell 2");
        assert_eq!(
            cite_all("000_08079acd0ec8ba1d.txt (Fakta); 001_7df0335ecd7d2eb2.txt"),
            "Socialstyrelsen: Så användes den första professionsmiljarden, Fakta [000_08079acd0ec8ba1d.txt]; \
             Sveriges Kommuner och Landsting: En proffsig miljard [001_7df0335ecd7d2eb2.txt]"
        );
        for p in PUBLICATIONS {
            let text = std::fs::read_to_string(format!(
                "{}/../../../shared/seeds/{}",
                env!("CARGO_MANIFEST_DIR"),
                p.seed
            ));
            // The seeds sit beside the project; where they do, the title is in the text.
            if let Ok(text) = text {
                assert!(text.contains(p.title), "{} not in {}", p.title, p.seed);
            }
        }
    }
}
