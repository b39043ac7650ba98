//! What regions report: grants received and the measures they spent them on.

use serde::{Deserialize, Serialize};

use crate::agreement::AgreementId;
use crate::codes::RegionCode;
use crate::money::Sek;
use crate::source::Source;

/// The grant a region reports having received under an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantReceived {
    pub agreement: AgreementId,
    pub region: RegionCode,
    pub received: Sek,
    /// Of `received`, the part earmarked (e.g. specialist-nurse training), where given.
    pub earmarked: Option<Sek>,
    /// The source says "cirka", "drygt" or similar.
    pub approx: bool,
    pub note: Option<String>,
    pub source: Source,
}

/// A measure (insats / spending line) a region reports under an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub agreement: AgreementId,
    pub region: RegionCode,
    /// Position within the region's report, from 1.
    pub seq: i32,
    pub title: String,
    /// Cost in kronor, where reported.
    pub amount: Option<Sek>,
    pub approx: bool,
    /// Development area of the agreement, where the report places it.
    pub area: Option<String>,
    /// Earmarked part of the agreement the line spends, where it does.
    pub earmark: Option<String>,
    /// When this line itemises a total reported as another measure, that measure's `seq`.
    /// Children are not added to the region's spending: their parent already counts them.
    pub parent_seq: Option<i32>,
    pub source: Source,
}

/// What a region spent: the sum of amounts of its top-level measures.
pub fn spent(measures: &[Measure]) -> Option<Sek> {
    let amounts: Vec<Sek> = measures
        .iter()
        .filter(|m| m.parent_seq.is_none())
        .filter_map(|m| m.amount)
        .collect();
    if amounts.is_empty() {
        None
    } else {
        Some(amounts.into_iter().sum())
    }
}
