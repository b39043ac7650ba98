//! Validation rules in the spirit of DHIS2's: rules are data (a TOML file of
//! left side, right side and operator), evaluated per agreement, region and
//! measure, each finding with a severity and a message a person can act on.

mod evaluate;

use serde::{Deserialize, Serialize};

pub use evaluate::{AgreementFacts, RegionFacts, evaluate};

/// How serious a finding is. An `Error` blocks submission of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is wrong; blocks submission of the report.
    Error,
    /// Probably wrong; worth checking, but does not block submission.
    Warning,
    /// For information only.
    Info,
}

impl Severity {
    /// Swedish label for reports and the UI.
    pub fn label_sv(self) -> &'static str {
        let t = &crate::i18n::sv().severity;
        match self {
            Severity::Error => &t.error,
            Severity::Warning => &t.warning,
            Severity::Info => &t.info,
        }
    }
}

/// A number that can be computed for one region under one agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// The grant the region reports having received.
    Received,
    /// Sum of the amounts of the region's top-level measures.
    Spent,
    /// Of the received grant, the earmarked part.
    EarmarkedReceived,
    /// Sum of the amounts of top-level measures that spend an earmarked part.
    EarmarkedSpent,
    /// The region's population-share allocation of the agreement's total.
    Allocated,
    /// Number of measures with an amount.
    MeasuresWithAmount,
}

/// What a rule checks. The scope (agreement, region or measure) follows from the kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Check {
    /// Region: `left / right` must lie within `[min, max]`; skipped where either side is unknown or `right` is 0.
    RatioWithin {
        /// Numerator of the ratio.
        left: Quantity,
        /// Denominator of the ratio.
        right: Quantity,
        /// Lowest allowed ratio; `None` for no lower bound.
        min: Option<f64>,
        /// Highest allowed ratio; `None` for no upper bound.
        max: Option<f64>,
    },
    /// Region: `quantity ≥ min`, checked only where `when` is known and above zero.
    AtLeast {
        /// The quantity checked.
        quantity: Quantity,
        /// Lowest allowed value.
        min: f64,
        /// The check applies only where this quantity is known and above zero.
        when: Quantity,
    },
    /// Measure: the measure names a development area or an earmarked part.
    MeasureClassified,
    /// Measure: a named area or earmark belongs to the agreement.
    MeasureAreaKnown,
    /// Measure: the amount is not negative.
    AmountNonNegative,
    /// Agreement: the regions' population shares add up to `percent` (± `tolerance`).
    SharesSumTo {
        /// The sum the shares must reach, in percent.
        percent: f64,
        /// How far, in percentage points, the sum may lie from `percent`.
        tolerance: f64,
    },
}

/// One validation rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable slug, e.g. `spent-unit-low`.
    pub id: String,
    /// How serious a finding of this rule is.
    pub severity: Severity,
    /// What the rule is about (Swedish), for listings of rules.
    pub description: String,
    /// Message template. Placeholders: `{region}`, `{measure}`, `{left}`, `{right}`, `{percent}`, `{value}`.
    pub message: String,
    /// What the rule checks.
    pub check: Check,
}

/// A set of rules, as read from `validation-rules.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    #[serde(rename = "rule")]
    /// The rules, in file order.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Parses a rule file; the error names the line and the problem.
    pub fn from_toml(text: &str) -> Result<RuleSet, String> {
        let set: RuleSet = toml::from_str(text).map_err(|e| crate::tr!(validation.unreadable, error = e))?;
        let mut seen = std::collections::HashSet::new();
        for r in &set.rules {
            if !seen.insert(r.id.as_str()) {
                return Err(crate::tr!(validation.duplicate_rule, rule = r.id));
            }
        }
        Ok(set)
    }
}

/// One thing a rule found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Id of the rule that found it.
    pub rule: String,
    /// The rule's severity.
    pub severity: Severity,
    /// Id of the agreement evaluated.
    pub agreement: String,
    /// The region concerned; `None` for agreement-wide findings.
    pub region: Option<String>,
    /// The measure concerned, by its `seq` within the region.
    pub measure_seq: Option<i32>,
    /// The rule's message with its placeholders filled in (Swedish).
    pub message: String,
}
