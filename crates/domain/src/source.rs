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
