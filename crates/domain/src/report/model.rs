//! What a report holds: answers to SKR's four questions and measures (insatser).
//!
//! Raw text from a form or a spreadsheet becomes a [`ReportMeasure`] only
//! through [`MeasureInput::parse`], which checks every field against the
//! agreement; a `ReportMeasure` that exists is valid.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::agreement::Agreement;
use crate::money::Sek;
use crate::source::Source;

/// SKR's four questions for the regions' reports (seed 003, "Genomförande").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// Formal decisions: strategic documents, budget, operational planning.
    Decisions,
    /// Organisation set up to follow the transition.
    Organisation,
    /// Concrete changes, obstacles, success factors, culture change.
    Changes,
    /// Economic conditions, reallocation and economic consequences.
    Economy,
}

impl Question {
    /// The four questions in SKR's order.
    pub const ALL: [Question; 4] = [
        Question::Decisions,
        Question::Organisation,
        Question::Changes,
        Question::Economy,
    ];

    /// Stable key, used in the database and the audit log.
    pub fn key(self) -> &'static str {
        match self {
            Question::Decisions => "formella_beslut",
            Question::Organisation => "organisation",
            Question::Changes => "konkreta_forandringar",
            Question::Economy => "ekonomi",
        }
    }

    /// The question as SKR worded it (seed 003, "Genomförande").
    pub fn text_sv(self) -> &'static str {
        match self {
            Question::Decisions => {
                "Vilka formella beslut är fattade (strategiska dokument, budget, verksamhetsplanering)?"
            }
            Question::Organisation => {
                "Vilken organisation har etablerats för att följa omställningen (samordnare, kansli, verksamhetsutvecklingsstöd)?"
            }
            Question::Changes => {
                "Vilka konkreta förändringar har genomförts/genomförs i er region (behöver inte vara breddinfört; utvecklingsarbete som är gjort tidigare på detta område bör inkluderas)? Ta upp eventuella hinder och framgångsfaktorer, kulturförändringar."
            }
            Question::Economy => {
                "Beskriv de ekonomiska förutsättningarna för omställningen, samt resurs/omfördelning och ekonomiska konsekvenser."
            }
        }
    }
}

/// Answers to the four questions; `None` where not (yet) answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub decisions: Option<String>,
    pub organisation: Option<String>,
    pub changes: Option<String>,
    pub economy: Option<String>,
}

impl Answers {
    /// The answer to `q`.
    pub fn get(&self, q: Question) -> Option<&str> {
        match q {
            Question::Decisions => self.decisions.as_deref(),
            Question::Organisation => self.organisation.as_deref(),
            Question::Changes => self.changes.as_deref(),
            Question::Economy => self.economy.as_deref(),
        }
    }

    /// Sets the answer to `q`; blank text counts as no answer.
    pub fn set(&mut self, q: Question, text: Option<String>) {
        let text = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        match q {
            Question::Decisions => self.decisions = text,
            Question::Organisation => self.organisation = text,
            Question::Changes => self.changes = text,
            Question::Economy => self.economy = text,
        }
    }
}

/// How far a measure has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasureStatus {
    Planerad,
    Pilot,
    Breddinforande,
    Inford,
}

impl MeasureStatus {
    pub const ALL: [MeasureStatus; 4] = [
        MeasureStatus::Planerad,
        MeasureStatus::Pilot,
        MeasureStatus::Breddinforande,
        MeasureStatus::Inford,
    ];

    /// Stable ASCII key: `planerad`, `pilot`, `breddinforande`, `inford`.
    pub fn key(self) -> &'static str {
        match self {
            MeasureStatus::Planerad => "planerad",
            MeasureStatus::Pilot => "pilot",
            MeasureStatus::Breddinforande => "breddinforande",
            MeasureStatus::Inford => "inford",
        }
    }

    /// The Swedish word, as the template's drop-down shows it.
    pub fn label_sv(self) -> &'static str {
        match self {
            MeasureStatus::Planerad => "planerad",
            MeasureStatus::Pilot => "pilot",
            MeasureStatus::Breddinforande => "breddinförande",
            MeasureStatus::Inford => "införd",
        }
    }
}

/// A status word that is none of the four.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("”{0}” är ingen status (välj planerad, pilot, breddinförande eller införd)")]
pub struct BadStatus(pub String);

impl FromStr for MeasureStatus {
    type Err = BadStatus;
    /// Accepts the key or the Swedish label, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase();
        MeasureStatus::ALL
            .into_iter()
            .find(|m| m.key() == t || m.label_sv() == t)
            .ok_or_else(|| BadStatus(s.trim().to_string()))
    }
}

impl fmt::Display for MeasureStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The years a measure runs: one year (`2019`) or a span (`2018–2019`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

/// A period that is not `YYYY` or `YYYY–YYYY` with the first year not after the second.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("”{0}” är ingen period (skriv ett år, t.ex. 2019, eller ett spann, t.ex. 2018–2019)")]
pub struct BadPeriod(pub String);

impl FromStr for Period {
    type Err = BadPeriod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.trim().to_string());
        let year = |y: &str| -> Result<i32, BadPeriod> {
            let y = y.trim();
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                let v: i32 = y.parse().map_err(|_| bad())?;
                if (1990..=2100).contains(&v) {
                    return Ok(v);
                }
            }
            Err(bad())
        };
        // Excel turns a typed year into a number, which reaches us as "2019" or "2019.0".
        let t = s.trim().trim_end_matches(".0");
        let parts: Vec<&str> = t.split(['–', '-', '—']).collect();
        let (from, to) = match parts.as_slice() {
            [one] => (year(one)?, year(one)?),
            [a, b] => (year(a)?, year(b)?),
            _ => return Err(bad()),
        };
        if from > to {
            return Err(bad());
        }
        Ok(Period { from, to })
    }
}

impl TryFrom<String> for Period {
    type Error = BadPeriod;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}–{}", self.from, self.to)
        }
    }
}

/// A measure (insats) in a region's report, checked against its agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMeasure {
    pub title: String,
    pub description: Option<String>,
    /// Development area id of the agreement; reports transcribed from older sources may lack it.
    pub area: Option<String>,
    /// Earmarked part of the agreement the measure spends, where it does.
    pub earmark: Option<String>,
    /// Required for reports entered through the template; older transcribed reports may lack it.
    pub status: Option<MeasureStatus>,
    /// Cost in kronor, where known.
    pub cost: Option<Sek>,
    /// Of the cost, the part paid by the grant, where stated. Never above `cost`.
    pub grant_funded: Option<Sek>,
    /// The source says "cirka" or similar about the cost.
    pub approx: bool,
    pub period: Option<Period>,
    pub results: Option<String>,
    pub target_group: Option<String>,
    /// When this measure itemises another one's cost, that measure's position (from 1).
    pub part_of: Option<i32>,
    /// Where a transcribed measure was read; `None` for measures entered by the region.
    pub source: Option<Source>,
}

/// Which field of a measure a problem is in; maps to a template column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeasureField {
    Title,
    Description,
    Area,
    Status,
    Cost,
    GrantFunded,
    Period,
    Results,
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
        match self {
            MeasureField::Title => "Titel",
            MeasureField::Description => "Beskrivning",
            MeasureField::Area => "Utvecklingsområde",
            MeasureField::Status => "Status",
            MeasureField::Cost => "Kostnad (kr)",
            MeasureField::GrantFunded => "Varav statsbidrag (kr)",
            MeasureField::Period => "Period",
            MeasureField::Results => "Resultat",
            MeasureField::TargetGroup => "Målgrupp",
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
    pub field: MeasureField,
    pub problem: String,
}

/// A measure as typed in, before checking: text per field, amounts already read as numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureInput {
    pub title: String,
    pub description: String,
    pub area: String,
    pub status: String,
    /// `None` when the cell is empty; `Err` holds the text that is not a number.
    pub cost: Option<Result<f64, String>>,
    pub grant_funded: Option<Result<f64, String>>,
    pub period: String,
    pub results: String,
    pub target_group: String,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Whole, non-negative kronor from a cell value.
fn kronor(v: &Result<f64, String>) -> Result<Sek, String> {
    match v {
        Err(text) => Err(format!("”{text}” är inget belopp (skriv hela kronor, t.ex. 250000)")),
        Ok(x) if !x.is_finite() => Err("beloppet är inget tal".into()),
        Ok(x) if *x < 0.0 => Err(format!("beloppet får inte vara negativt ({})", fmt_num(*x))),
        Ok(x) if x.fract() != 0.0 => Err(format!("beloppet ska vara hela kronor, inte {}", fmt_num(*x))),
        Ok(x) if *x > 1e13 => Err(format!("beloppet {} är orimligt stort", fmt_num(*x))),
        Ok(x) => Ok(Sek(*x as i64)),
    }
}

fn fmt_num(x: f64) -> String {
    x.to_string().replace('.', ",")
}

impl MeasureInput {
    /// Checks every field against `agreement`; returns the measure or all problems found.
    /// The area may be given as the agreement's area id or its full name.
    pub fn parse(&self, agreement: &Agreement) -> Result<ReportMeasure, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem: String| errors.push(FieldError { field, problem });
        let title = opt(&self.title);
        if title.is_none() {
            fail(MeasureField::Title, "titel saknas".into());
        }
        let area = match opt(&self.area) {
            None => {
                fail(MeasureField::Area, "utvecklingsområde saknas (välj i listan)".into());
                None
            }
            Some(a) => match agreement.areas.iter().find(|x| x.id == a || x.name == a) {
                Some(x) => Some(x.id.clone()),
                None => {
                    fail(
                        MeasureField::Area,
                        format!("”{a}” är inget utvecklingsområde i {}", agreement.short_name),
                    );
                    None
                }
            },
        };
        let status = match opt(&self.status) {
            None => {
                fail(MeasureField::Status, "status saknas (välj i listan)".into());
                None
            }
            Some(s) => match s.parse::<MeasureStatus>() {
                Ok(v) => Some(v),
                Err(e) => {
                    fail(MeasureField::Status, e.to_string());
                    None
                }
            },
        };
        let cost = match &self.cost {
            None => {
                fail(
                    MeasureField::Cost,
                    "kostnad saknas (skriv 0 om insatsen inte kostat något)".into(),
                );
                None
            }
            Some(v) => kronor(v).map_err(|e| fail(MeasureField::Cost, e)).ok(),
        };
        let grant_funded = match &self.grant_funded {
            None => None,
            Some(v) => kronor(v).map_err(|e| fail(MeasureField::GrantFunded, e)).ok(),
        };
        if let (Some(c), Some(g)) = (cost, grant_funded)
            && g > c
        {
            fail(
                MeasureField::GrantFunded,
                format!(
                    "varav statsbidrag {} är större än kostnaden {}",
                    g.display_sv(),
                    c.display_sv()
                ),
            );
        }
        let period = match opt(&self.period) {
            None => None,
            Some(p) => p
                .parse::<Period>()
                .map_err(|e| fail(MeasureField::Period, e.to_string()))
                .ok(),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ReportMeasure {
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
            cost: Some(Ok(100.0)),
            grant_funded: Some(Ok(40.0)),
            period: "2017–2019".into(),
            ..Default::default()
        }
    }

    #[test]
    fn parses_a_good_measure_and_maps_area_names_to_ids() {
        let m = input().parse(&agreement()).unwrap();
        assert_eq!(m.area.as_deref(), Some("omstallning"));
        assert_eq!(m.status, Some(MeasureStatus::Inford));
        assert_eq!(m.period, Some(Period { from: 2017, to: 2019 }));
        assert_eq!(m.grant_funded, Some(Sek(40)));
    }

    #[test]
    fn refuses_grant_above_cost_negative_and_fractional_amounts() {
        let mut i = input();
        i.grant_funded = Some(Ok(101.0));
        let e = i.parse(&agreement()).unwrap_err();
        assert_eq!(e[0].field, MeasureField::GrantFunded);
        assert_eq!(e[0].problem, "varav statsbidrag 101 kr är större än kostnaden 100 kr");
        i.cost = Some(Ok(-5.0));
        let e = i.parse(&agreement()).unwrap_err();
        assert_eq!(e[0].problem, "beloppet får inte vara negativt (-5)");
        i.cost = Some(Ok(2.5));
        i.grant_funded = None;
        let e = i.parse(&agreement()).unwrap_err();
        assert_eq!(e[0].problem, "beloppet ska vara hela kronor, inte 2,5");
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
    fn status_and_period_round_trip() {
        for s in MeasureStatus::ALL {
            assert_eq!(s.key().parse::<MeasureStatus>().unwrap(), s);
            assert_eq!(s.label_sv().parse::<MeasureStatus>().unwrap(), s);
        }
        assert_eq!("2019".parse::<Period>().unwrap().to_string(), "2019");
        assert_eq!("2018-2019".parse::<Period>().unwrap().to_string(), "2018–2019");
        assert!("19".parse::<Period>().is_err());
    }
}
