//! The four input tables of the contract: their columns, types and allowed values.

use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::sync::Arc;

/// The input tables, in the order they are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// `contacts`: first contacts with primary care about a new or worsened problem.
    Contacts,
    /// `visits`: primary care visits.
    Visits,
    /// `stays`: inpatient stays (slutenvård).
    Stays,
    /// `population`: residents on 31 December, by region, year, sex and age group.
    Population,
}

impl Table {
    /// Every input table, in the order they are read.
    pub const ALL: [Table; 4] = [Table::Contacts, Table::Visits, Table::Stays, Table::Population];

    /// The table's name, also its file stem (`contacts.csv`, `contacts.parquet`).
    pub fn name(self) -> &'static str {
        match self {
            Table::Contacts => "contacts",
            Table::Visits => "visits",
            Table::Stays => "stays",
            Table::Population => "population",
        }
    }

    /// The table's columns as the contract lists them.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Contacts => CONTACTS,
            Table::Visits => VISITS,
            Table::Stays => STAYS,
            Table::Population => POPULATION,
        }
    }

    /// The typed schema of the validated table.
    pub fn schema(self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns()
                .iter()
                .map(|c| Field::new(c.name, c.kind.data_type(), c.nullable))
                .collect::<Vec<_>>(),
        ))
    }
}

/// What a column holds and how its text is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any non-empty text (identifiers, labels, diagnoses are checked separately).
    Text,
    /// One of a fixed list of codes.
    Code(&'static [&'static str]),
    /// An ICD-10-SE code: upper-case letters and digits, no dot.
    Diagnosis,
    /// A whole number.
    Int,
    /// An ISO date, `YYYY-MM-DD` in CSV.
    Date,
    /// A boolean, `true`/`false`/`1`/`0` in CSV.
    Bool,
}

impl Kind {
    /// The Arrow type the column's values are read into.
    pub fn data_type(self) -> DataType {
        match self {
            Kind::Text | Kind::Code(_) | Kind::Diagnosis => DataType::Utf8,
            Kind::Int => DataType::Int64,
            Kind::Date => DataType::Date32,
            Kind::Bool => DataType::Boolean,
        }
    }
}

/// One column of an input table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The column's name, as in the contract and the CSV header.
    pub name: &'static str,
    /// What the column holds and how it is checked.
    pub kind: Kind,
    /// Whether an empty field (null) is allowed.
    pub nullable: bool,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: false,
    }
}

const fn nullable(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: true,
    }
}

/// The codes of a `sex` column: `K` (kvinna) and `M` (man).
pub const SEXES: &[&str] = &["K", "M"];
/// The valid two-digit SCB county codes of a `region` column.
pub const REGIONS: &[&str] = &uppsikt_domain::codes::REGION_CODES;
/// The codes of the `profession` column of `visits`.
pub const PROFESSIONS: &[&str] = &[
    "lakare",
    "sjukskoterska",
    "distriktskoterska",
    "fysioterapeut",
    "arbetsterapeut",
    "psykolog",
    "kurator",
    "dietist",
    "underskoterska",
    "annan",
];
/// The codes of the `mode` column of `visits`: in person, home visit, telephone, video, chat.
pub const MODES: &[&str] = &["fysiskt", "hembesok", "telefon", "video", "chatt"];

const CONTACTS: &[Column] = &[
    col("contact_id", Kind::Text),
    col("patient_id", Kind::Text),
    col("sex", Kind::Code(SEXES)),
    col("birth_year", Kind::Int),
    col("region", Kind::Code(REGIONS)),
    col("unit_id", Kind::Text),
    col("contact_date", Kind::Date),
    col("assessment_needed", Kind::Bool),
    nullable("assessment_date", Kind::Date),
    col("patient_chose_later", Kind::Bool),
];

const VISITS: &[Column] = &[
    col("visit_id", Kind::Text),
    col("patient_id", Kind::Text),
    col("sex", Kind::Code(SEXES)),
    col("birth_year", Kind::Int),
    col("region", Kind::Code(REGIONS)),
    col("unit_id", Kind::Text),
    col("visit_date", Kind::Date),
    col("profession", Kind::Code(PROFESSIONS)),
    nullable("staff_id", Kind::Text),
    col("mode", Kind::Code(MODES)),
];

const STAYS: &[Column] = &[
    col("stay_id", Kind::Text),
    col("patient_id", Kind::Text),
    col("sex", Kind::Code(SEXES)),
    col("birth_year", Kind::Int),
    col("region", Kind::Code(REGIONS)),
    col("admission_date", Kind::Date),
    col("discharge_date", Kind::Date),
    col("acute", Kind::Bool),
    col("main_diagnosis", Kind::Diagnosis),
];

const POPULATION: &[Column] = &[
    col("region", Kind::Code(REGIONS)),
    col("year", Kind::Int),
    col("sex", Kind::Code(SEXES)),
    col("age_group", Kind::Text),
    col("population", Kind::Int),
];
