//! Evaluation of a [`RuleSet`](super::RuleSet) over the facts of one agreement.

use super::{Check, Finding, Quantity, Rule};
use crate::agreement::Agreement;
use crate::format;
use crate::grant::GrantReceived;
use crate::measure::Measure;
use crate::money::Sek;

/// What is known of one region under the agreement.
#[derive(Debug, Clone)]
pub struct RegionFacts {
    /// The region.
    pub region: crate::codes::RegionCode,
    /// Its short name, for messages.
    pub name: String,
    /// Its population.
    pub population: i64,
    /// Population share in percent.
    pub share_percent: f64,
    /// Its population-share allocation, where the agreement's total is known.
    pub allocated: Option<Sek>,
    /// The grant it reports having received.
    pub grant: Option<GrantReceived>,
    /// The measures of its report, numbered by position from 1.
    pub measures: Vec<Measure>,
}

/// Everything the rules need for one agreement.
#[derive(Debug, Clone)]
pub struct AgreementFacts {
    /// The agreement.
    pub agreement: Agreement,
    /// Every region, in code order.
    pub regions: Vec<RegionFacts>,
}

impl RegionFacts {
    fn quantity(&self, q: Quantity) -> Option<f64> {
        let top = || self.measures.iter().filter(|m| m.part_of.is_none());
        let sum = |it: Vec<Sek>| {
            if it.is_empty() {
                None
            } else {
                Some(it.iter().map(|s| s.0 as f64).sum())
            }
        };
        match q {
            Quantity::Received => self.grant.as_ref().map(|g| g.received.0 as f64),
            Quantity::EarmarkedReceived => self.grant.as_ref().and_then(|g| g.earmarked).map(|s| s.0 as f64),
            Quantity::Spent => sum(top().filter_map(|m| m.cost).collect()),
            Quantity::EarmarkedSpent => sum(top().filter(|m| m.earmark.is_some()).filter_map(|m| m.cost).collect()),
            Quantity::Allocated => self.allocated.map(|s| s.0 as f64),
            Quantity::MeasuresWithAmount => Some(self.measures.iter().filter(|m| m.cost.is_some()).count() as f64),
        }
    }
}

fn money(v: f64) -> String {
    format::kronor(v.round() as i64)
}

fn percent(v: f64) -> String {
    format::dec(v, if v < 10.0 { 2 } else { 0 })
}

struct Fill<'a> {
    region: &'a str,
    measure: &'a str,
    left: String,
    right: String,
    percent: String,
    value: String,
}

fn render(template: &str, f: &Fill) -> String {
    template
        .replace("{region}", f.region)
        .replace("{measure}", f.measure)
        .replace("{left}", &f.left)
        .replace("{right}", &f.right)
        .replace("{percent}", &f.percent)
        .replace("{value}", &f.value)
}

/// Evaluates every rule over the agreement's facts. Findings come in rule order,
/// then region order, then measure order, so output is stable.
pub fn evaluate(rules: &[Rule], facts: &AgreementFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    let agreement = facts.agreement.id.as_str();
    for rule in rules {
        let finding = |region: Option<&RegionFacts>, seq: Option<i32>, message: String| Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            agreement: agreement.to_string(),
            region: region.map(|r| r.region.to_string()),
            measure_seq: seq,
            message,
        };
        match &rule.check {
            Check::RatioWithin { left, right, min, max } => {
                for r in &facts.regions {
                    let (Some(l), Some(rv)) = (r.quantity(*left), r.quantity(*right)) else {
                        continue;
                    };
                    if rv == 0.0 {
                        continue;
                    }
                    let ratio = l / rv;
                    let low = min.is_some_and(|m| ratio < m);
                    let high = max.is_some_and(|m| ratio > m);
                    if low || high {
                        let fill = Fill {
                            region: &r.name,
                            measure: "",
                            left: money(l),
                            right: money(rv),
                            percent: percent(100.0 * ratio),
                            value: String::new(),
                        };
                        out.push(finding(Some(r), None, render(&rule.message, &fill)));
                    }
                }
            }
            Check::AtLeast { quantity, min, when } => {
                for r in &facts.regions {
                    if !r.quantity(*when).is_some_and(|w| w > 0.0) {
                        continue;
                    }
                    let v = r.quantity(*quantity).unwrap_or(0.0);
                    if v < *min {
                        let fill = Fill {
                            region: &r.name,
                            measure: "",
                            left: String::new(),
                            right: r.quantity(*when).map(money).unwrap_or_default(),
                            percent: String::new(),
                            value: format!("{v}"),
                        };
                        out.push(finding(Some(r), None, render(&rule.message, &fill)));
                    }
                }
            }
            Check::MeasureClassified | Check::MeasureAreaKnown | Check::AmountNonNegative => {
                for r in &facts.regions {
                    for (i, m) in r.measures.iter().enumerate() {
                        let fires = match &rule.check {
                            Check::MeasureClassified => m.area.is_none() && m.earmark.is_none(),
                            Check::MeasureAreaKnown => {
                                m.area.as_deref().is_some_and(|a| facts.agreement.area(a).is_none())
                                    || m.earmark
                                        .as_deref()
                                        .is_some_and(|e| facts.agreement.earmark(e).is_none())
                            }
                            _ => m.cost.is_some_and(|a| a.0 < 0),
                        };
                        if fires {
                            let value = m.area.clone().or_else(|| m.earmark.clone()).unwrap_or_default();
                            let fill = Fill {
                                region: &r.name,
                                measure: &m.title,
                                left: m.cost.map(|a| money(a.0 as f64)).unwrap_or_default(),
                                right: String::new(),
                                percent: String::new(),
                                value,
                            };
                            let number = m.number.unwrap_or(i as i32 + 1);
                            out.push(finding(Some(r), Some(number), render(&rule.message, &fill)));
                        }
                    }
                }
            }
            Check::SharesSumTo {
                percent: target,
                tolerance,
            } => {
                let total: f64 = facts.regions.iter().map(|r| r.share_percent).sum();
                if (total - target).abs() > *tolerance {
                    let fill = Fill {
                        region: "",
                        measure: "",
                        left: String::new(),
                        right: String::new(),
                        percent: format::dec(total, 4),
                        value: facts.regions.len().to_string(),
                    };
                    out.push(finding(None, None, render(&rule.message, &fill)));
                }
            }
        }
    }
    out
}
