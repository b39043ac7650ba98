//! Grants the regions report having received under an agreement.

use serde::{Deserialize, Serialize};

use crate::agreement::AgreementId;
use crate::codes::RegionCode;
use crate::money::Sek;
use crate::source::Source;

/// The grant a region reports having received under an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantReceived {
    /// The agreement the grant was paid under.
    pub agreement: AgreementId,
    /// The region that received it.
    pub region: RegionCode,
    /// The amount received.
    pub received: Sek,
    /// Of `received`, the part earmarked (e.g. specialist-nurse training), where given.
    pub earmarked: Option<Sek>,
    /// The source says "cirka", "drygt" or similar.
    pub approx: bool,
    /// A note from the source, where there is one.
    pub note: Option<String>,
    /// Where the figure was read.
    pub source: Source,
}
