//! Importing responses from the contract's CSV (`kommun,<question ids>…`), all or nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use uppsikt_domain::survey::{Answers, Completeness, ProblemKind, Questionnaire};
use uppsikt_domain::{InputProblem, InputProblems, MunicipalityCode, tr};

use super::write::{Provenance, RowChange, write_complete};
use super::{now, questionnaire};
use crate::{Error, Result, Store};

/// The column holding the municipality's SCB code.
pub const MUNICIPALITY_COLUMN: &str = "kommun";

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Municipalities whose response was written.
    pub municipalities: usize,
    /// Answers written (non-empty fields).
    pub answers: usize,
    /// Question columns in the file.
    pub columns: Vec<String>,
}

/// Imports a response file for `survey_id`. Every municipality in the file
/// gets a complete response; for the question columns in the file its
/// answers are replaced (an empty field clears the answer), other answers
/// are kept. The file is checked in full first (unknown column, unknown
/// municipality or one outside the survey's population, a municipality twice, an answer code the question does not
/// have, `q2a` answered when `q2` is not `nej`), and every problem is
/// reported with row and column; on any problem nothing is written.
pub async fn import_csv(store: &Store, survey_id: &str, file: &str, text: &str) -> Result<ImportSummary> {
    let prov = Provenance {
        source: format!("import: {file}"),
        synthetic: false,
        at: now(),
    };
    import_csv_as(store, survey_id, file, text, &prov).await
}

/// [`import_csv`] with the provenance given.
pub async fn import_csv_as(
    store: &Store,
    survey_id: &str,
    file: &str,
    text: &str,
    prov: &Provenance,
) -> Result<ImportSummary> {
    let q = questionnaire(store, survey_id).await?;
    let registry: BTreeSet<MunicipalityCode> = crate::registry::municipalities(store)
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    if registry.is_empty() {
        return Err(Error::rule(tr!(store.registry_empty)));
    }
    let population: BTreeSet<MunicipalityCode> = super::population(store, survey_id).await?.into_iter().collect();
    let stored = stored_answers(store, survey_id).await?;
    let changes = parse(&q, &registry, &population, &stored, file, text)?;
    let summary = ImportSummary {
        municipalities: changes.len(),
        answers: changes
            .iter()
            .map(|c| c.values.iter().filter(|(_, v)| v.is_some()).count())
            .sum(),
        columns: changes
            .first()
            .map(|c| c.values.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default(),
    };
    let mut tx = store.pool().begin().await?;
    write_complete(&mut tx, survey_id, &changes, prov).await?;
    tx.commit().await?;
    Ok(summary)
}

/// Reads a response CSV as [`import_csv`] does, against `q` and the
/// `municipalities` of the register but without a database: how many
/// municipalities' rows it holds, or every problem with file, row and column.
/// (The fuzz target `survey_csv` drives the parser through this.)
pub fn parse_responses(
    q: &Questionnaire,
    municipalities: &[MunicipalityCode],
    file: &str,
    text: &str,
) -> Result<usize, InputProblems> {
    let registry: BTreeSet<MunicipalityCode> = municipalities.iter().copied().collect();
    Ok(parse(q, &registry, &registry, &HashMap::new(), file, text)?.len())
}

/// Every stored answer of the survey, per municipality.
pub(crate) async fn stored_answers(store: &Store, survey_id: &str) -> Result<HashMap<String, Answers>> {
    use sqlx::Row;
    let rows = sqlx::query("SELECT municipality, item_id, value FROM survey_answers WHERE survey_id = $1")
        .bind(survey_id)
        .fetch_all(store.pool())
        .await?;
    let mut out: HashMap<String, Answers> = HashMap::new();
    for r in &rows {
        out.entry(r.try_get("municipality")?)
            .or_default()
            .insert(r.try_get("item_id")?, r.try_get("value")?);
    }
    Ok(out)
}

fn parse(
    q: &Questionnaire,
    registry: &BTreeSet<MunicipalityCode>,
    population: &BTreeSet<MunicipalityCode>,
    stored: &HashMap<String, Answers>,
    file: &str,
    text: &str,
) -> Result<Vec<RowChange>, InputProblems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let fail = |errors: &mut Vec<InputProblem>, row: u64, column: Option<&str>, problem: String| {
        errors.push(InputProblem::cell(file, row, column, problem))
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(_) => {
            fail(&mut errors, 1, None, tr!(input.unreadable_header));
            return Err(InputProblems(errors));
        }
    };
    let mut seen = BTreeSet::new();
    for h in &headers {
        if !seen.insert(h.as_str()) {
            fail(&mut errors, 1, Some(h), tr!(input.column_twice));
        } else if h != MUNICIPALITY_COLUMN && q.item(h).is_none() {
            fail(
                &mut errors,
                1,
                Some(h),
                tr!(
                    input.unknown_survey_column,
                    column = MUNICIPALITY_COLUMN,
                    id = q.id,
                    known = q.item_ids()
                ),
            );
        }
    }
    let Some(code_col) = headers.iter().position(|h| h == MUNICIPALITY_COLUMN) else {
        fail(
            &mut errors,
            1,
            Some(MUNICIPALITY_COLUMN),
            tr!(input.municipality_column_missing),
        );
        return Err(InputProblems(errors));
    };
    if !errors.is_empty() {
        return Err(InputProblems(errors));
    }
    let item_cols: Vec<(usize, &str)> = headers
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != code_col)
        .map(|(i, h)| (i, h.as_str()))
        .collect();
    let mut first_row: BTreeMap<MunicipalityCode, u64> = BTreeMap::new();
    let mut changes = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map(|p| p.line()).unwrap_or(0);
                fail(&mut errors, row, None, tr!(input.unreadable_row));
                continue;
            }
        };
        let row = record.position().map(|p| p.line()).unwrap_or(0);
        let raw = record.get(code_col).unwrap_or("");
        let code = match raw.parse::<MunicipalityCode>() {
            Ok(c) if population.contains(&c) => c,
            Ok(c) if registry.contains(&c) => {
                fail(
                    &mut errors,
                    row,
                    Some(MUNICIPALITY_COLUMN),
                    tr!(input.outside_population, code = c, count = population.len()),
                );
                continue;
            }
            _ => {
                fail(
                    &mut errors,
                    row,
                    Some(MUNICIPALITY_COLUMN),
                    tr!(input.unknown_municipality, code = raw, count = registry.len()),
                );
                continue;
            }
        };
        if let Some(first) = first_row.get(&code) {
            fail(
                &mut errors,
                row,
                Some(MUNICIPALITY_COLUMN),
                tr!(input.municipality_twice, code = code, first = first),
            );
            continue;
        }
        first_row.insert(code, row);
        let mut merged = stored.get(code.as_str()).cloned().unwrap_or_default();
        let mut values = Vec::with_capacity(item_cols.len());
        let mut codes_ok = true;
        for (i, item) in &item_cols {
            let v = uppsikt_domain::format::csv_restore(record.get(*i).unwrap_or(""));
            if v.is_empty() {
                merged.remove(*item);
                values.push((item.to_string(), None));
                continue;
            }
            if let Err(kind) = q.check_value(item, v) {
                fail(&mut errors, row, Some(item), kind.to_string());
                codes_ok = false;
            }
            merged.insert(item.to_string(), v.to_string());
            values.push((item.to_string(), Some(v.to_string())));
        }
        if codes_ok {
            for p in q.validate(&merged, Completeness::Partial) {
                if let ProblemKind::NotShown { item, .. } = &p.kind {
                    // Name the column in the file: the answer itself, or the
                    // condition's column when the answer was stored earlier.
                    let column = if values.iter().any(|(k, _)| *k == p.item) {
                        p.item.clone()
                    } else {
                        item.clone()
                    };
                    let problem = if column == p.item {
                        p.kind.to_string()
                    } else {
                        tr!(input.invalidates_stored, item = p.item, problem = p.kind)
                    };
                    fail(&mut errors, row, Some(&column), problem);
                }
            }
        }
        changes.push(RowChange {
            municipality: code,
            values,
        });
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(InputProblems(errors))
    }
}
