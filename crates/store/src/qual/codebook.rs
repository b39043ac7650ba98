//! The codebook: a hierarchy of themes, each possibly linked to indicators.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uppsikt_domain::qual::{Code, find_cycle};
use uppsikt_domain::{InputProblem, InputProblems, tr};

use crate::{Result, Store};

fn from_row(r: &AnyRow) -> Code {
    let indicators: String = r.get(5);
    Code {
        code_id: r.get(0),
        parent_id: r.get(1),
        name: r.get(2),
        description: r.get(3),
        color: r.get(4),
        indicators: indicators
            .split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

/// Every code, parents before their children, siblings in codebook order.
pub async fn all(store: &Store) -> Result<Vec<Code>> {
    let rows = sqlx::query(
        "SELECT code_id, parent_id, name, description, color, indicators FROM qual_codes ORDER BY position, code_id",
    )
    .fetch_all(store.pool())
    .await?;
    Ok(tree_order(rows.iter().map(from_row).collect()))
}

/// `codes` reordered depth first: each parent followed by its children.
fn tree_order(codes: Vec<Code>) -> Vec<Code> {
    fn visit(parent: Option<&str>, codes: &[Code], out: &mut Vec<Code>, depth: usize) {
        if depth > codes.len() {
            return;
        }
        for c in codes.iter().filter(|c| c.parent_id.as_deref() == parent) {
            out.push(c.clone());
            visit(Some(&c.code_id), codes, out, depth + 1);
        }
    }
    let mut out = Vec::with_capacity(codes.len());
    visit(None, &codes, &mut out, 0);
    out
}

/// Each code's parent, for the hierarchy's arithmetic.
pub async fn parents(store: &Store) -> Result<Vec<(String, Option<String>)>> {
    Ok(
        sqlx::query("SELECT code_id, parent_id FROM qual_codes ORDER BY code_id")
            .fetch_all(store.pool())
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect(),
    )
}

/// Upserts `codes` (each with its row in `file`) by id, all or nothing: a
/// parent that exists neither in the file nor in the codebook, a cycle or a
/// code twice stores nothing and names the row.
pub async fn import(store: &Store, file: &str, codes: &[(u64, Code)]) -> Result<usize> {
    let mut tx = store.pool().begin().await?;
    let n = import_in(&mut tx, file, codes).await?;
    tx.commit().await?;
    Ok(n)
}

/// [`import`] inside a transaction the caller commits.
pub(crate) async fn import_in(tx: &mut Transaction<'_, Any>, file: &str, codes: &[(u64, Code)]) -> Result<usize> {
    let mut merged: HashMap<String, Option<String>> = sqlx::query("SELECT code_id, parent_id FROM qual_codes")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut problems = Vec::new();
    let mut first_row: HashMap<&str, u64> = HashMap::new();
    for (row, c) in codes {
        if let Some(&first) = first_row.get(c.code_id.as_str()) {
            let p = tr!(qual.duplicate_code, id = c.code_id, row = first);
            problems.push(InputProblem::cell(file, *row, Some("code_id"), p));
        } else {
            first_row.insert(&c.code_id, *row);
        }
        merged.insert(c.code_id.clone(), c.parent_id.clone());
    }
    for (row, c) in codes {
        if let Some(p) = &c.parent_id
            && !merged.contains_key(p)
        {
            problems.push(InputProblem::cell(
                file,
                *row,
                Some("parent_id"),
                tr!(qual.unknown_parent, id = p),
            ));
        }
    }
    let pairs: Vec<(String, Option<String>)> = merged.into_iter().collect();
    if let Some(id) = find_cycle(&pairs) {
        let row = first_row.get(id).copied().unwrap_or(0);
        problems.push(InputProblem::cell(
            file,
            row,
            Some("parent_id"),
            tr!(qual.cycle, id = id),
        ));
    }
    if !problems.is_empty() {
        return Err(InputProblems(problems).into());
    }
    let next = sqlx::query("SELECT COALESCE(MAX(position), 0) FROM qual_codes")
        .fetch_one(&mut **tx)
        .await?
        .get::<i64, _>(0);
    // Parents may come after their children in the file: insert every code
    // without its parent first, then set the parents.
    for (i, (_, c)) in codes.iter().enumerate() {
        sqlx::query(
            "INSERT INTO qual_codes (code_id, parent_id, name, description, color, indicators, position)
             VALUES ($1, NULL, $2, $3, $4, $5, $6)
             ON CONFLICT (code_id) DO UPDATE SET name = excluded.name, description = excluded.description,
               color = excluded.color, indicators = excluded.indicators",
        )
        .bind(&c.code_id)
        .bind(&c.name)
        .bind(&c.description)
        .bind(c.color.clone())
        .bind(c.indicators.join(";"))
        .bind(next + 1 + i as i64)
        .execute(&mut **tx)
        .await?;
    }
    for (_, c) in codes {
        sqlx::query("UPDATE qual_codes SET parent_id = $2 WHERE code_id = $1")
            .bind(&c.code_id)
            .bind(c.parent_id.clone())
            .execute(&mut **tx)
            .await?;
    }
    Ok(codes.len())
}
