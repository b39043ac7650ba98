//! A reconstruction of the 2019 municipal survey's individual responses from
//! its published aggregates.
//!
//! The follow-up report (seed `003_5657a20afd33756f.txt`) publishes only
//! totals: 226 of 290 municipalities responded, the yes/no shares of
//! questions 1, 2 and 2a with how many answered, and Tabell 3's counts for
//! question 3. Which municipality gave which answer is not published. This
//! module builds a response set that reproduces every published number
//! exactly and assigns answers to municipalities by a seeded shuffle, so the
//! set is deterministic. It is a **reconstruction consistent with the
//! published aggregates, not real individual answers**, and every place that
//! stores or shows it says so ([`SOURCE`]).

use std::collections::BTreeMap;

use crate::codes::MunicipalityCode;

use super::logic::Answers;

/// The provenance stored with every reconstructed response.
pub const SOURCE: &str = "Rekonstruktion (syntetiska enskilda svar) som återger de publicerade resultaten i \
                          003_5657a20afd33756f.txt: Enkät till kommunerna, Figur 5 med fotnoter, avsnittet \
                          Gemensam målbild saknas ofta, Tabell 3. Inte kommunernas verkliga svar.";

/// The survey it reconstructs.
pub const SURVEY_ID: &str = "kommunenkat-2019";
/// Municipalities invited ("samtliga kommuner").
pub const INVITED: usize = 290;
/// "Enkäten besvarades av totalt 226 kommuner (78 procent)."
pub const RESPONDED: usize = 226;
/// Survey period, from the method section of the report.
pub const OPENED: &str = "2019-12-16";
/// Last day of the survey period.
pub const CLOSED: &str = "2020-01-27";

/// Seed of the shuffle that assigns answers to municipalities.
/// (The opening date 2019-12-16 written as hex digits.)
const SEED: u64 = 0x2019_1216;

/// A published distribution of one item: counts per answer code.
#[derive(Debug, Clone, Copy)]
pub struct Published {
    /// Id of the questionnaire item the distribution is for.
    pub item: &'static str,
    /// Answers per answer code: as published, or chosen to match a published
    /// percentage (see `source`).
    pub counts: &'static [(&'static str, i64)],
    /// Where the number is printed, and how a count was chosen when only a
    /// rounded percentage is published.
    pub source: &'static str,
}

impl Published {
    /// How many answered the item.
    pub fn answered(&self) -> i64 {
        self.counts.iter().map(|(_, n)| n).sum()
    }
}

/// Every published distribution. For question 1 and 2a the report gives a
/// rounded percentage and the number answering; the count chosen is the one
/// whose share lies closest to the printed percentage.
pub const PUBLISHED: &[Published] = &[
    Published {
        item: "q1_politisk",
        counts: &[("ja", 84), ("nej", 137)],
        source: "Beslut om samverkan: 38 procent, fotnot 12: 221 kommuner (84/221 = 38,0 %)",
    },
    Published {
        item: "q1_ledning",
        counts: &[("ja", 107), ("nej", 116)],
        source: "Figur 5: 48 procent, fotnot 13: 223 kommuner (107/223 = 48,0 %)",
    },
    Published {
        item: "q1_verksamhetschef",
        counts: &[("ja", 82), ("nej", 140)],
        source: "Figur 5: 37 procent, fotnot 14: 222 kommuner (82/222 = 36,9 %)",
    },
    Published {
        item: "q1_profession",
        counts: &[("ja", 68), ("nej", 152)],
        source: "Figur 5: 31 procent, fotnot 15: 220 kommuner (68/220 = 30,9 %)",
    },
    Published {
        item: "q2",
        counts: &[("ja", 62), ("nej", 163)],
        source: "Gemensam målbild saknas ofta: 62 kommuner (28 procent), 163 (72 procent); fotnot 11: 225 kommuner",
    },
    Published {
        item: "q2a",
        counts: &[("ja", 96), ("nej", 67)],
        source: "Gemensam målbild saknas ofta: 59 procent av de 163 (96/163 = 58,9 %)",
    },
    Published {
        item: "q3_sjukskoterska",
        counts: &[
            ("brist", 132),
            ("balans", 90),
            ("overskott", 2),
            ("vet_inte", 1),
            ("finns_ej", 1),
        ],
        source: "Tabell 3, Sjuksköterska",
    },
    Published {
        item: "q3_specialistsjukskoterska",
        counts: &[
            ("brist", 168),
            ("balans", 38),
            ("overskott", 0),
            ("vet_inte", 6),
            ("finns_ej", 14),
        ],
        source: "Tabell 3, Specialistsjuksköterska",
    },
    Published {
        item: "q3_fysioterapeut",
        counts: &[
            ("brist", 119),
            ("balans", 92),
            ("overskott", 1),
            ("vet_inte", 5),
            ("finns_ej", 9),
        ],
        source: "Tabell 3, Fysioterapeut",
    },
    Published {
        item: "q3_arbetsterapeut",
        counts: &[
            ("brist", 105),
            ("balans", 114),
            ("overskott", 2),
            ("vet_inte", 4),
            ("finns_ej", 1),
        ],
        source: "Tabell 3, Arbetsterapeut",
    },
    Published {
        item: "q3_dietist",
        counts: &[
            ("brist", 8),
            ("balans", 25),
            ("overskott", 1),
            ("vet_inte", 15),
            ("finns_ej", 177),
        ],
        source: "Tabell 3, Dietist",
    },
    Published {
        item: "q3_farmaceut",
        counts: &[
            ("brist", 3),
            ("balans", 3),
            ("overskott", 0),
            ("vet_inte", 15),
            ("finns_ej", 204),
        ],
        source: "Tabell 3, Farmaceut",
    },
];

/// Free-text answers written for the reconstruction from the report's own
/// summaries of the answers (avsnittet "Tillgång och efterfrågan på
/// legitimerad personal i kommunerna"): synthetic, not quotes.
const FREE_TEXT: &[(&str, &str)] = &[
    (
        "q3_kommentar",
        "Vi köper in dietisttjänster och har tillgång till farmaceut via apotek.",
    ),
    (
        "q3_kommentar",
        "Tillgången varierar över tid; i dag balans men tidigare år brist inom flera yrken.",
    ),
    (
        "q3_kommentar",
        "Oro inför rekryteringsläget när fler patienter med stora omvårdnadsbehov ska vårdas i kommunen.",
    ),
    (
        "q4",
        "Karriärtjänster för legitimerad personal, möjlighet att påverka schemaläggning och lönesatsningar.",
    ),
    ("q4", "Specialistsjuksköterskeutbildning med bibehållen lön."),
    (
        "q4",
        "Överanställning för att minska behovet av vikarier och klara föräldraledigheter och pensionsavgångar.",
    ),
    (
        "q4",
        "Fysioterapeuter och arbetsterapeuter arbetar i par och team med övriga medarbetare.",
    ),
    ("q4", "Bonus till sjuksköterskor som arbetar under sommarmånaderna."),
    (
        "q4",
        "Bemanningsföretag i perioder; utökad delegering till undersköterskor.",
    ),
    (
        "q4",
        "Undersköterskor anställda som rehabassistenter vid brist på fysioterapeuter och arbetsterapeuter.",
    ),
    ("q4", "Pensionerade sjuksköterskor och undersköterskor timanställda."),
    (
        "q4",
        "Gemensamma utbildningar med regionen inom vård- och omsorgscollege.",
    ),
];

/// A small deterministic generator (SplitMix64): enough for a reproducible
/// shuffle, and no dependency whose output could change between versions.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// Why the reconstruction cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::tr!(survey_problem.reconstruction_registry, expected = INVITED, got = .0))]
pub struct WrongRegistry(pub usize);

/// The reconstructed responses of the [`RESPONDED`] municipalities, in code
/// order. `municipalities` must be the 290 of the registry; every county gets
/// at least one respondent ("fördelade på samtliga regioner").
pub fn responses(municipalities: &[MunicipalityCode]) -> Result<Vec<(MunicipalityCode, Answers)>, WrongRegistry> {
    let mut all: Vec<MunicipalityCode> = municipalities.to_vec();
    all.sort();
    all.dedup();
    if all.len() != INVITED {
        return Err(WrongRegistry(all.len()));
    }
    let mut rng = SplitMix64(SEED);
    let mut respondents: Vec<MunicipalityCode> = Vec::with_capacity(RESPONDED);
    let mut rest = Vec::new();
    let mut by_region: BTreeMap<_, Vec<MunicipalityCode>> = BTreeMap::new();
    for m in &all {
        by_region.entry(m.region()).or_default().push(*m);
    }
    for ms in by_region.values() {
        let pick = rng.below(ms.len());
        respondents.push(ms[pick]);
        rest.extend(ms.iter().enumerate().filter(|(i, _)| *i != pick).map(|(_, m)| *m));
    }
    rng.shuffle(&mut rest);
    respondents.extend(rest.into_iter().take(RESPONDED - by_region.len()));
    respondents.sort();

    let mut answers: BTreeMap<MunicipalityCode, Answers> = respondents.iter().map(|m| (*m, Answers::new())).collect();
    for p in PUBLISHED {
        // Question 2a is asked only of those who answered nej on question 2.
        let mut eligible: Vec<MunicipalityCode> = if p.item == "q2a" {
            answers
                .iter()
                .filter(|(_, a)| a.get("q2").map(String::as_str) == Some("nej"))
                .map(|(m, _)| *m)
                .collect()
        } else {
            respondents.clone()
        };
        rng.shuffle(&mut eligible);
        let mut next = eligible.into_iter();
        for (code, n) in p.counts {
            for m in next.by_ref().take(*n as usize) {
                answers
                    .get_mut(&m)
                    .expect("respondent")
                    .insert(p.item.to_string(), code.to_string());
            }
        }
    }
    let mut shuffled = respondents.clone();
    rng.shuffle(&mut shuffled);
    for ((item, text), m) in FREE_TEXT.iter().zip(shuffled) {
        answers
            .get_mut(&m)
            .expect("respondent")
            .insert(item.to_string(), text.to_string());
    }
    Ok(answers.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Completeness, Questionnaire, tabulate};

    fn registry() -> Vec<MunicipalityCode> {
        // Real codes are not needed for the arithmetic: 290 distinct codes spread over the counties.
        let counties = crate::codes::REGION_CODES;
        (0..INVITED)
            .map(|i| {
                format!("{}{:02}", counties[i % counties.len()], i / counties.len())
                    .parse()
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn reproduces_every_published_count_and_is_deterministic() {
        let q = Questionnaire::from_toml(include_str!("../../../../data/reference/kommunenkat-2019.toml")).unwrap();
        let r = responses(&registry()).unwrap();
        assert_eq!(r.len(), RESPONDED);
        assert_eq!(r, responses(&registry()).unwrap());
        let mut counts = BTreeMap::new();
        for (_, a) in &r {
            assert!(!a.is_empty());
            assert!(q.validate(a, Completeness::Partial).is_empty(), "{a:?}");
            for (item, value) in a {
                *counts.entry((item.clone(), value.clone())).or_insert(0) += 1;
            }
        }
        let rows = tabulate(&q, &counts);
        for p in PUBLISHED {
            for (code, n) in p.counts {
                let row = rows.iter().find(|x| x.item == p.item && x.code == *code).unwrap();
                assert_eq!((row.count, row.answered), (*n, p.answered()), "{} {code}", p.item);
            }
        }
        let pct = |item: &str| {
            rows.iter()
                .find(|x| x.item == item && x.code == "ja")
                .unwrap()
                .percent()
                .unwrap()
                .round()
        };
        assert_eq!(
            [
                pct("q1_politisk"),
                pct("q1_ledning"),
                pct("q1_verksamhetschef"),
                pct("q1_profession"),
                pct("q2a")
            ],
            [38.0, 48.0, 37.0, 31.0, 59.0]
        );
        let regions: std::collections::BTreeSet<_> = r.iter().map(|(m, _)| m.region()).collect();
        assert_eq!(regions.len(), 21);
    }

    #[test]
    fn refuses_a_wrong_registry() {
        assert_eq!(responses(&registry()[..10]).unwrap_err(), WrongRegistry(10));
    }
}
