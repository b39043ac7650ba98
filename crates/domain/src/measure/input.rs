//! A measure as typed, and its checking: the one input type behind the web
//! form, the API body, the Excel template and the measures CSV.

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize};

use super::{Measure, MeasureStatus, Period};
use crate::agreement::Agreement;
use crate::format;
use crate::i18n::sv;
use crate::money::Sek;
use crate::tr;

/// An amount as given: text (a form, a CSV cell, a JSON string) or a number
/// (an Excel cell, a JSON number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AmountInput {
    /// A number as such.
    Number(f64),
    /// Text typed the Swedish way, e.g. `250 000` or `1 234,00 kr`.
    Text(String),
}

impl Default for AmountInput {
    fn default() -> Self {
        AmountInput::Text(String::new())
    }
}

impl AmountInput {
    /// Blank text counts as no amount.
    fn is_blank(&self) -> bool {
        matches!(self, AmountInput::Text(t) if t.trim().is_empty())
    }
}

/// A measure as typed in, before checking. Unknown fields are refused, so a
/// misspelt field name in an API body is an error rather than a lost value.
/// A measure as the API shows it ([`Measure`]) is also a valid input: `null`
/// is an empty field, and the fields only the agency sets are accepted and
/// left as stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeasureInput {
    /// The stored measure this input replaces, by its [`Measure::number`];
    /// `None` for a new measure.
    pub number: Option<i32>,
    /// See [`Measure::title`].
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// See [`Measure::description`].
    #[serde(deserialize_with = "text")]
    pub description: String,
    /// The agreement's area id or its full name.
    #[serde(deserialize_with = "text")]
    pub area: String,
    /// A status code or its Swedish label.
    #[serde(deserialize_with = "text")]
    pub status: String,
    /// Whole kronor.
    #[serde(deserialize_with = "amount")]
    pub cost: AmountInput,
    /// Whole kronor, not above the cost.
    #[serde(deserialize_with = "amount")]
    pub grant_funded: AmountInput,
    /// `2019` or `2018–2019`.
    #[serde(deserialize_with = "text")]
    pub period: String,
    /// See [`Measure::results`].
    #[serde(deserialize_with = "text")]
    pub results: String,
    /// See [`Measure::target_group`].
    #[serde(deserialize_with = "text")]
    pub target_group: String,
    /// Read-only ([`Measure::earmark`]): ignored, the stored value stays.
    #[serde(skip_serializing)]
    pub earmark: Option<IgnoredAny>,
    /// Read-only ([`Measure::approx`]): ignored.
    #[serde(skip_serializing)]
    pub approx: Option<IgnoredAny>,
    /// Read-only ([`Measure::part_of`]): ignored, the stored link stays.
    #[serde(skip_serializing)]
    pub part_of: Option<IgnoredAny>,
    /// Read-only ([`Measure::source`]): ignored, the stored source stays.
    #[serde(skip_serializing)]
    pub source: Option<IgnoredAny>,
}

/// A text field that also takes `null`, as an empty one.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// An amount that also takes `null`, as none.
fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<AmountInput, D::Error> {
    Ok(Option::<AmountInput>::deserialize(d)?.unwrap_or_default())
}

/// Which field of a measure a problem is in; maps to a template column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeasureField {
    /// Titel.
    Title,
    /// Beskrivning.
    Description,
    /// Utvecklingsområde.
    Area,
    /// Status.
    Status,
    /// Kostnad.
    Cost,
    /// Varav statsbidrag.
    GrantFunded,
    /// Period.
    Period,
    /// Resultat.
    Results,
    /// Målgrupp.
    TargetGroup,
}

impl MeasureField {
    /// Template columns, in order.
    pub const ALL: [MeasureField; 9] = [
        MeasureField::Title,
        MeasureField::Description,
        MeasureField::Area,
        MeasureField::Status,
        MeasureField::Cost,
        MeasureField::GrantFunded,
        MeasureField::Period,
        MeasureField::Results,
        MeasureField::TargetGroup,
    ];

    /// Column heading in the template and in CSV files.
    pub fn heading_sv(self) -> &'static str {
        let t = &sv().measure_field;
        match self {
            MeasureField::Title => &t.title,
            MeasureField::Description => &t.description,
            MeasureField::Area => &t.area,
            MeasureField::Status => &t.status,
            MeasureField::Cost => &t.cost,
            MeasureField::GrantFunded => &t.grant_funded,
            MeasureField::Period => &t.period,
            MeasureField::Results => &t.results,
            MeasureField::TargetGroup => &t.target_group,
        }
    }

    /// The field's name in [`MeasureInput`] and in API bodies.
    pub fn code(self) -> &'static str {
        match self {
            MeasureField::Title => "title",
            MeasureField::Description => "description",
            MeasureField::Area => "area",
            MeasureField::Status => "status",
            MeasureField::Cost => "cost",
            MeasureField::GrantFunded => "grant_funded",
            MeasureField::Period => "period",
            MeasureField::Results => "results",
            MeasureField::TargetGroup => "target_group",
        }
    }

    /// Zero-based column index in the template.
    pub fn column(self) -> u16 {
        MeasureField::ALL.iter().position(|f| *f == self).expect("listed") as u16
    }
}

/// A problem with one field of a measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field.
    pub field: MeasureField,
    /// What is wrong, in Swedish.
    pub problem: String,
}

/// The longest title of a measure, in characters.
pub const MAX_TITLE_CHARS: usize = 300;

/// The longest description, result or target group of a measure, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// The problem with `text` when it has more than `max` characters.
pub fn too_long(text: &str, max: usize) -> Option<String> {
    let length = text.chars().count();
    (length > max).then(|| {
        tr!(
            measure.too_long,
            length = format::int(length as i64),
            max = format::int(max as i64)
        )
    })
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Whether `s` is `d{1,3}(SEP d{3})+`: digits grouped in thousands by `sep`.
fn grouped(s: &str, sep: char) -> bool {
    let mut parts = s.split(sep);
    let first = parts.next().unwrap_or("");
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    (1..=3).contains(&first.len())
        && digits(first)
        && parts.clone().count() > 0
        && parts.all(|p| p.len() == 3 && digits(p))
}

/// A number typed the Swedish way, e.g. `1 234 567`, `1234,00`, `1.234,5`;
/// spaces and a trailing `kr` are ignored. `None` for blank text; an error
/// (in Swedish) for text that is not a number, and for `1.000` and `1,000`,
/// which could be a thousand or one.
pub fn parse_amount(s: &str) -> Option<Result<f64, String>> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let mut n: String = t
        .trim_end_matches("kr")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    let sign = if n.starts_with('-') {
        n.remove(0);
        "-"
    } else {
        ""
    };
    let not_a_number = || Err(tr!(measure.not_an_amount, text = t));
    let (commas, dots) = (n.matches(',').count(), n.matches('.').count());
    let plain = match (commas, dots) {
        (0, 0) => n,
        // Both: the last one is the decimal sign, the other groups thousands.
        (c, d) if c > 0 && d > 0 => {
            let (group, decimal) = if n.rfind(',') > n.rfind('.') {
                ('.', ',')
            } else {
                (',', '.')
            };
            let (whole, frac) = n.rsplit_once(decimal).expect("present");
            if n.matches(decimal).count() > 1 || !grouped(whole, group) {
                return Some(not_a_number());
            }
            format!("{}.{frac}", whole.replace(group, ""))
        }
        (c, d) => {
            let sep = if c > 0 { ',' } else { '.' };
            if c + d > 1 {
                if !grouped(&n, sep) {
                    return Some(not_a_number());
                }
                n.replace(sep, "")
            } else if grouped(&n, sep) {
                // `1,000` or `1.000`: a thousand, or one with three decimals?
                return Some(Err(tr!(measure.ambiguous_amount, text = t)));
            } else {
                n.replace(sep, ".")
            }
        }
    };
    match format!("{sign}{plain}").parse::<f64>() {
        Ok(v) if v.is_finite() => Some(Ok(v)),
        _ => Some(not_a_number()),
    }
}

/// Whole, non-negative kronor from an amount.
fn kronor(v: &AmountInput) -> Option<Result<Sek, String>> {
    let (x, typed) = match v {
        AmountInput::Number(x) => (*x, None),
        AmountInput::Text(t) => match parse_amount(t)? {
            Ok(x) => (x, Some(t.trim())),
            Err(e) => return Some(Err(e)),
        },
    };
    // What was typed, as typed: a float would round a huge integer.
    let shown = || match typed {
        Some(t) => t.to_string(),
        None => format::dec(x, if x.fract() == 0.0 { 0 } else { 2 }),
    };
    Some(if !x.is_finite() {
        Err(tr!(measure.not_finite))
    } else if x < 0.0 {
        Err(tr!(measure.negative_amount, amount = shown()))
    } else if x.fract() != 0.0 {
        Err(tr!(measure.fractional_amount, amount = shown()))
    } else if x > 1e13 {
        Err(tr!(measure.huge_amount, amount = shown()))
    } else {
        Ok(Sek(x as i64))
    })
}

impl MeasureInput {
    /// Whether nothing was typed in (an empty template row).
    pub fn is_empty(&self) -> bool {
        let texts = [
            &self.title,
            &self.description,
            &self.area,
            &self.status,
            &self.period,
            &self.results,
            &self.target_group,
        ];
        texts.iter().all(|t| t.trim().is_empty()) && self.cost.is_blank() && self.grant_funded.is_blank()
    }

    /// The input of an existing measure, e.g. to fill the form that edits it.
    pub fn of(m: &Measure) -> MeasureInput {
        let amount = |s: Option<Sek>| AmountInput::Text(s.map(|s| s.0.to_string()).unwrap_or_default());
        MeasureInput {
            number: m.number,
            title: m.title.clone(),
            description: m.description.clone().unwrap_or_default(),
            area: m.area.clone().unwrap_or_default(),
            status: m.status.map(|s| s.code().to_string()).unwrap_or_default(),
            cost: amount(m.cost),
            grant_funded: amount(m.grant_funded),
            period: m.period.map(|p| p.to_string()).unwrap_or_default(),
            results: m.results.clone().unwrap_or_default(),
            target_group: m.target_group.clone().unwrap_or_default(),
            ..MeasureInput::default()
        }
    }

    /// Checks every field against `agreement`; returns the measure or all problems found.
    /// The area may be given as the agreement's area id or its full name.
    pub fn parse(&self, agreement: &Agreement) -> Result<Measure, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem: String| errors.push(FieldError { field, problem });
        let title = opt(&self.title);
        if title.is_none() {
            fail(MeasureField::Title, tr!(measure.title_missing));
        }
        // Bounded, so that no one measure can grow the report and its
        // append-only audit trail without end.
        let texts = [
            (MeasureField::Title, &self.title, MAX_TITLE_CHARS),
            (MeasureField::Description, &self.description, MAX_TEXT_CHARS),
            (MeasureField::Results, &self.results, MAX_TEXT_CHARS),
            (MeasureField::TargetGroup, &self.target_group, MAX_TEXT_CHARS),
        ];
        for (field, text, max) in texts {
            if let Some(problem) = too_long(text.trim(), max) {
                fail(field, problem);
            }
        }
        let area = match opt(&self.area) {
            None => {
                fail(MeasureField::Area, tr!(measure.area_missing));
                None
            }
            Some(a) => match agreement.areas.iter().find(|x| x.id == a || x.name == a) {
                Some(x) => Some(x.id.clone()),
                None => {
                    fail(
                        MeasureField::Area,
                        tr!(measure.unknown_area, area = a, agreement = agreement.short_name),
                    );
                    None
                }
            },
        };
        let status = match opt(&self.status) {
            None => {
                fail(MeasureField::Status, tr!(measure.status_missing));
                None
            }
            Some(s) => s
                .parse::<MeasureStatus>()
                .map_err(|e| fail(MeasureField::Status, e.to_string()))
                .ok(),
        };
        let cost = match kronor(&self.cost) {
            None => {
                fail(MeasureField::Cost, tr!(measure.cost_missing));
                None
            }
            Some(v) => v.map_err(|e| fail(MeasureField::Cost, e)).ok(),
        };
        let grant_funded =
            kronor(&self.grant_funded).and_then(|v| v.map_err(|e| fail(MeasureField::GrantFunded, e)).ok());
        if let (Some(c), Some(g)) = (cost, grant_funded)
            && g > c
        {
            fail(
                MeasureField::GrantFunded,
                tr!(measure.grant_above_cost, grant = g.display_sv(), cost = c.display_sv()),
            );
        }
        let period = opt(&self.period).and_then(|p| {
            p.parse::<Period>()
                .map_err(|e| fail(MeasureField::Period, e.to_string()))
                .ok()
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Measure {
            number: self.number,
            title: title.expect("checked"),
            description: opt(&self.description),
            area,
            earmark: None,
            status,
            cost,
            grant_funded,
            approx: false,
            period,
            results: opt(&self.results),
            target_group: opt(&self.target_group),
            part_of: None,
            source: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::{AgreementId, DevelopmentArea};

    fn agreement() -> Agreement {
        Agreement {
            id: "god-och-nara-vard-2019".parse::<AgreementId>().unwrap(),
            name: "God och nära vård 2019".into(),
            short_name: "God och nära vård 2019".into(),
            year: 2019,
            total_sek: None,
            total_note: None,
            reference: None,
            deadline: Some("2019-10-15".into()),
            source: "test".into(),
            areas: vec![DevelopmentArea {
                id: "omstallning".into(),
                name: "Omställning till en god och nära vård".into(),
            }],
            earmarks: vec![],
        }
    }

    fn input() -> MeasureInput {
        MeasureInput {
            title: "BEON".into(),
            area: "Omställning till en god och nära vård".into(),
            status: "införd".into(),
            cost: AmountInput::Number(100.0),
            grant_funded: AmountInput::Text("40".into()),
            period: "2017–2019".into(),
            ..Default::default()
        }
    }

    fn plain(s: &str) -> String {
        s.replace('\u{a0}', " ").replace('\u{2212}', "-")
    }

    #[test]
    fn parses_a_good_measure_and_maps_area_names_to_ids() {
        let m = input().parse(&agreement()).unwrap();
        assert_eq!(m.area.as_deref(), Some("omstallning"));
        assert_eq!(m.status, Some(MeasureStatus::Implemented));
        assert_eq!(m.period, Some(Period { from: 2017, to: 2019 }));
        assert_eq!(m.grant_funded, Some(Sek(40)));
        assert_eq!(MeasureInput::of(&m).parse(&agreement()).unwrap(), m);
    }

    #[test]
    fn refuses_grant_above_cost_negative_and_fractional_amounts() {
        let mut i = input();
        i.grant_funded = AmountInput::Number(101.0);
        let e = i.parse(&agreement()).unwrap_err();
        assert_eq!(e[0].field, MeasureField::GrantFunded);
        assert_eq!(
            plain(&e[0].problem),
            "Varav statsbidrag (101 kr) är större än kostnaden (100 kr)."
        );
        i.cost = AmountInput::Number(-5.0);
        let e = i.parse(&agreement()).unwrap_err();
        assert_eq!(plain(&e[0].problem), "Beloppet får inte vara negativt (-5).");
        i.cost = AmountInput::Text("2,5".into());
        i.grant_funded = AmountInput::default();
        let e = i.parse(&agreement()).unwrap_err();
        assert_eq!(plain(&e[0].problem), "Beloppet ska vara hela kronor, inte 2,5.");
    }

    #[test]
    fn refuses_unknown_area_status_and_period() {
        let mut i = input();
        i.area = "vision-e-halsa".into();
        i.status = "klar".into();
        i.period = "2020–2019".into();
        let e = i.parse(&agreement()).unwrap_err();
        let fields: Vec<_> = e.iter().map(|x| x.field).collect();
        assert_eq!(fields, [MeasureField::Area, MeasureField::Status, MeasureField::Period]);
    }

    #[test]
    fn reads_swedish_numbers_and_refuses_ambiguous_ones() {
        assert_eq!(parse_amount("1 234 567"), Some(Ok(1_234_567.0)));
        assert_eq!(parse_amount("1\u{a0}234\u{a0}567 kr"), Some(Ok(1_234_567.0)));
        assert_eq!(parse_amount("1234,50"), Some(Ok(1234.5)));
        assert_eq!(parse_amount("1.234,00 kr"), Some(Ok(1234.0)));
        assert_eq!(parse_amount("1,234.00"), Some(Ok(1234.0)));
        assert_eq!(parse_amount("1.234.567"), Some(Ok(1_234_567.0)));
        assert_eq!(parse_amount("−950"), Some(Ok(-950.0)));
        assert_eq!(parse_amount(" "), None);
        for ambiguous in ["1.000", "1,000", "250,000"] {
            let e = parse_amount(ambiguous).unwrap().unwrap_err();
            assert!(e.contains("två sätt"), "{ambiguous}: {e}");
        }
        for bad in ["många", "1,2,3", "1.2.3,4", "12,34.5,6"] {
            let e = parse_amount(bad).unwrap().unwrap_err();
            assert!(e.contains("inget belopp"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_huge_amount_is_shown_unrounded() {
        let mut i = input();
        i.cost = AmountInput::Text("99999999999999999".into());
        let e = i.parse(&agreement()).unwrap_err();
        assert!(e[0].problem.contains("99999999999999999"), "{}", e[0].problem);
    }

    #[test]
    fn api_bodies_take_numbers_or_text_and_refuse_unknown_fields() {
        let i: MeasureInput = serde_json::from_str(r#"{"title":"A","cost":250000,"grant_funded":"1 000"}"#).unwrap();
        assert_eq!(i.cost, AmountInput::Number(250000.0));
        assert!(serde_json::from_str::<MeasureInput>(r#"{"titel":"A"}"#).is_err());
    }
}
