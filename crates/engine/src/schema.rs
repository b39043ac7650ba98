//! The four input tables of the contract: their columns, types and allowed values.

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use std::sync::Arc;

/// The input tables, in the order they are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Contacts,
    Visits,
    Stays,
    Population,
}

impl Table {
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

    /// The typed schema with every column nullable, as it is before null checks.
    pub fn schema_nullable(self) -> SchemaRef {
        Arc::new(Schema::new(
            self.columns()
                .iter()
                .map(|c| Field::new(c.name, c.kind.data_type(), true))
                .collect::<Vec<_>>(),
        ))
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
    Int,
    Date,
    Bool,
}

impl Kind {
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
    pub name: &'static str,
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

pub const SEXES: &[&str] = &["K", "M"];
pub const REGIONS: &[&str] = &uppsikt_domain::codes::REGION_CODES;
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
